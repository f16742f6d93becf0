//! The traffic chart's data: client requests per second to the Services,
//! ok and failed, and the outlines of its two stacked areas as SVG paths.
//!
//! A second's count is a flat step; steps that follow each other at the
//! same height are drawn as one, so that steady traffic over ten minutes is
//! a handful of path commands, not 2,400 numbers formatted at each run.

use crate::history::{History, Millis, Record};
use std::fmt::Write;

/// The chart's coordinates: a viewBox of `W` by `H`, time along x.
pub const W: f64 = 1000.0;
pub const H: f64 = 100.0;

/// One second of traffic: its start, ok and failed requests, all Services summed.
pub type Second = (Millis, u32, u32);

/// Per-second (t, ok, failed) of every traffic record, all Services summed.
pub fn series(history: &History) -> Vec<Second> {
    let mut out: Vec<Second> = Vec::new();
    for r in &history.records {
        if let Record::Traffic(tr) = r {
            match out.last_mut() {
                Some(last) if last.0 == tr.t => {
                    last.1 += tr.ok;
                    last.2 += tr.failed;
                }
                _ => out.push((tr.t, tr.ok, tr.failed)),
            }
        }
    }
    out
}

/// The busiest second's requests (at least 1: the rate axis's top).
pub fn peak(series: &[Second]) -> u32 {
    series.iter().map(|(_, ok, failed)| ok + failed).max().unwrap_or(0).max(1)
}

/// The outlines of the ok area (from 0 to ok) and of the failed area
/// stacked on it (from ok to ok + failed), for a run that ends at `end`.
pub fn area_paths(series: &[Second], end: Millis) -> (String, String) {
    let ok = area(series, end, |_, _| 0, |ok, _| ok);
    let failed = area(series, end, |ok, _| ok, |ok, failed| ok + failed);
    (ok, failed)
}

/// A flat run of seconds `[from, to)` at `height` requests.
#[derive(Debug, PartialEq)]
struct Step {
    from: Millis,
    to: Millis,
    height: u32,
}

/// The steps of `height` over `series`, a second each, merged while the
/// next follows at once at the same height.
fn steps(series: &[Second], height: impl Fn(u32, u32) -> u32) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for &(t, ok, failed) in series {
        let h = height(ok, failed);
        match out.last_mut() {
            Some(last) if last.to == t && last.height == h => last.to = t + 1000,
            _ => out.push(Step { from: t, to: t + 1000, height: h }),
        }
    }
    out
}

/// The closed outline between `lower` and `upper`: the upper edge left to
/// right, then the lower edge back.
fn area(series: &[Second], end: Millis, lower: impl Fn(u32, u32) -> u32, upper: impl Fn(u32, u32) -> u32) -> String {
    if series.is_empty() {
        return String::new();
    }
    let end = end.max(1) as f64;
    let peak = peak(series) as f64;
    let x = |t: Millis| t as f64 / end * W;
    let y = |v: u32| H - v as f64 / peak * (H - 4.0);
    let mut d = String::new();
    for (i, s) in steps(series, upper).iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        point(&mut d, x(s.from), y(s.height));
        d.push('L');
        point(&mut d, x(s.to), y(s.height));
    }
    for s in steps(series, lower).iter().rev() {
        d.push('L');
        point(&mut d, x(s.to), y(s.height));
        d.push('L');
        point(&mut d, x(s.from), y(s.height));
    }
    d.push('Z');
    d
}

/// `x,y` to a tenth of a unit, written as integers: the float formatter's
/// exact path (`{:.1}`) took milliseconds for a chart of ten minutes.
fn point(out: &mut String, x: f64, y: f64) {
    tenths(out, x);
    out.push(',');
    tenths(out, y);
}

/// `v` rounded to a tenth (halves away from zero), as `12.3`.
fn tenths(out: &mut String, v: f64) {
    let n = (v * 10.0).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let _ = write!(out, "{sign}{}.{}", n.abs() / 10, n.abs() % 10);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_at_the_same_rate_are_one_step_and_a_gap_or_a_change_starts_another() {
        let series = [(0, 5, 0), (1000, 5, 0), (2000, 5, 1), (3000, 5, 1), (5000, 5, 1)];
        let ok = steps(&series, |ok, _| ok);
        assert_eq!(ok, [Step { from: 0, to: 4000, height: 5 }, Step { from: 5000, to: 6000, height: 5 }]);
        let total = steps(&series, |ok, failed| ok + failed);
        assert_eq!(
            total,
            [
                Step { from: 0, to: 2000, height: 5 },
                Step { from: 2000, to: 4000, height: 6 },
                Step { from: 5000, to: 6000, height: 6 }
            ]
        );
    }

    #[test]
    fn the_areas_are_stacked_and_scaled_to_the_busiest_second() {
        // Ten seconds of a ten-second run: x in tenths of the width; the
        // busiest second (4 requests) reaches 4 units below the top.
        let series = [(0, 2, 0), (1000, 2, 2)];
        let (ok, failed) = area_paths(&series, 10_000);
        assert_eq!(ok, "M0.0,52.0L200.0,52.0L200.0,100.0L0.0,100.0Z");
        assert_eq!(failed, "M0.0,52.0L100.0,52.0L100.0,4.0L200.0,4.0L200.0,52.0L0.0,52.0Z");
        assert_eq!(area_paths(&[], 10_000), (String::new(), String::new()));
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        let mut out = String::new();
        for v in [0.0, 0.04, 0.05, 12.34, 999.96, -1.25] {
            tenths(&mut out, v);
            out.push(' ');
        }
        assert_eq!(out, "0.0 0.0 0.1 12.3 1000.0 -1.3 ");
    }
}
