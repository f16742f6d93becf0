use super::*;
use crate::view::testing::*;

#[test]
fn smoke() {
    let mut h = history(vec![pod_info("web-0", 0, vec![container("app")])]);
    h.records = vec![crate::view::testing::pod_record(0, 1000, PodPhase::Running, false), running(0, 0, 2000, 0, false)];
    println!("{}", describe_pod(&h, "web-0", 30_000).unwrap());
}
