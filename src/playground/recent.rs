//! The scenarios the user had before the one on screen, newest first: every
//! time the editors' scenario is replaced (a lesson, a link, a file, a new
//! scenario, a paste over the manifest), the one that goes is kept here,
//! so that no text is ever lost to a click. Lessons left unchanged are not
//! kept: the menu always has them.
//!
//! In storage the list is a sequence of `r LENGTH LF FRAME`, each frame a
//! share link's frame before compression (`link::frame`).

use crate::gallery;
use crate::link::{Content, frame};
use crate::scenario::text as scenario_text;

/// Scenarios kept.
pub const KEEP: usize = 12;
/// The most text kept in all, in bytes: browsers give an origin about 5 MB
/// of storage, and the draft itself needs its share.
pub const MAX_BYTES: usize = 2_500_000;

fn size(c: &Content) -> usize {
    c.kubernetes.len() + c.behaviour.len()
}

/// Whether `content` is worth keeping: some text, and not a lesson as the
/// gallery has it.
pub fn worth_keeping(content: &Content) -> bool {
    worth_keeping_text(&content.kubernetes, &content.behaviour, content.title.as_deref(), content.gallery.as_deref())
}

/// As `worth_keeping`, from the scenario's parts (as the editors hold them:
/// nothing is copied).
pub fn worth_keeping_text(kubernetes: &str, behaviour: &str, title: Option<&str>, gallery: Option<&str>) -> bool {
    if kubernetes.trim().is_empty() {
        return false;
    }
    !gallery.and_then(gallery::by_id).is_some_and(|l| {
        let (k, b) = scenario_text::split(l.text);
        title.is_none() && k == kubernetes && b == behaviour
    })
}

/// The list with `content` in front (moved there if it was already kept),
/// trimmed to `KEEP` scenarios and `MAX_BYTES`. The newest is always kept
/// when it fits alone.
pub fn remember(list: &[Content], content: Content) -> Vec<Content> {
    let mut out = vec![content];
    let mut bytes = size(&out[0]);
    for c in list {
        if out.len() >= KEEP {
            break;
        }
        if c.kubernetes == out[0].kubernetes && c.behaviour == out[0].behaviour {
            continue;
        }
        bytes += size(c);
        if bytes > MAX_BYTES {
            break;
        }
        out.push(c.clone());
    }
    if size(&out[0]) > MAX_BYTES {
        out.remove(0);
    }
    out
}

/// What the menu calls a scenario: its title, the lesson it was made from,
/// else its first workload or object (`Deployment web`).
pub fn name(content: &Content) -> String {
    name_of(&content.kubernetes, content.title.as_deref(), content.gallery.as_deref())
}

/// As `name`, from the scenario's parts.
pub fn name_of(kubernetes: &str, title: Option<&str>, gallery: Option<&str>) -> String {
    if let Some(title) = title {
        return title.to_string();
    }
    if let Some(lesson) = gallery.and_then(gallery::by_id) {
        return format!("{} (edited)", lesson.title);
    }
    first_object(kubernetes).unwrap_or_else(|| "Untitled scenario".to_string())
}

/// How far into a text its name is looked for: a scenario is named on
/// every render of the page, and a 2 MB manifest is not read for it.
const NAMED_WITHIN: usize = 64 * 1024;

/// `Kind name` of the first workload (what the simulator runs) within the
/// text's first `NAMED_WITHIN` bytes, else of its first object with a
/// top-level `kind:` and a `metadata.name`: ingress-nginx's install starts
/// with its Namespace and is known by its Deployment. Read from the lines
/// (no parse: the text may be broken).
fn first_object(text: &str) -> Option<String> {
    let (mut kind, mut in_metadata, mut first, mut read) = (None::<&str>, false, None, 0);
    for line in text.lines() {
        read += line.len() + 1;
        if read > NAMED_WITHIN && first.is_some() {
            break;
        }
        if line.starts_with("---") {
            (kind, in_metadata) = (None, false);
        } else if let Some(k) = line.strip_prefix("kind:") {
            kind = Some(k.trim());
        } else if line.starts_with("metadata:") {
            in_metadata = true;
        } else if !line.starts_with(' ') {
            in_metadata = false;
        } else if in_metadata && let Some(name) = line.trim_start().strip_prefix("name:") {
            let name = name.trim().trim_matches(|c| c == '"' || c == '\'');
            if let Some(kind) = kind.filter(|k| !k.is_empty() && !name.is_empty()) {
                if crate::load::workload_kind(kind).is_some() {
                    return Some(format!("{kind} {name}"));
                }
                first.get_or_insert_with(|| format!("{kind} {name}"));
            }
        }
    }
    first
}

/// The list as storage keeps it, a piece at a time: a scenario's frame is
/// made, handed over and dropped before the next (the page joins the pieces
/// outside its wasm memory).
pub fn write(list: &[Content], mut piece: impl FnMut(&str)) {
    for c in list {
        // A frame is UTF-8: its sections are the texts and ASCII headers.
        let frame = String::from_utf8(frame::write(c)).unwrap_or_default();
        piece(&format!("r {}\n", frame.len()));
        piece(&frame);
    }
}

/// The list back from storage; whatever cannot be read is left out.
pub fn decode(mut text: &str) -> Vec<Content> {
    let mut out = Vec::new();
    while let Some((header, rest)) = text.split_once('\n') {
        let Some(length) = header.strip_prefix("r ").and_then(|n| n.parse::<usize>().ok()) else { break };
        let Some(frame) = rest.get(..length) else { break };
        if let Ok(content) = frame::read(frame.as_bytes()) {
            out.push(content);
        }
        text = &rest[length..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list as storage keeps it, whole.
    fn encode(list: &[Content]) -> String {
        let mut out = String::new();
        write(list, |piece| out.push_str(piece));
        out
    }
    use crate::cluster::Version;

    fn scenario(k: &str) -> Content {
        Content {
            kubernetes: k.to_string(),
            behaviour: "kind: Behaviour\n".into(),
            title: None,
            gallery: None,
            made_on: Version::default(),
        }
    }

    #[test]
    fn the_newest_comes_first_once_and_the_list_is_bounded() {
        let mut list = vec![];
        for i in 0..20 {
            list = remember(&list, scenario(&format!("kind: Pod\nmetadata:\n  name: p{i}\n")));
        }
        assert_eq!(list.len(), KEEP);
        assert_eq!(name(&list[0]), "Pod p19");
        list = remember(&list, scenario("kind: Pod\nmetadata:\n  name: p15\n"));
        assert_eq!(list.len(), KEEP);
        assert_eq!(name(&list[0]), "Pod p15");
        assert_eq!(list.iter().filter(|c| name(c) == "Pod p15").count(), 1);
        // Bytes: a big scenario pushes the old ones out, but is kept itself.
        let big = scenario(&"x".repeat(MAX_BYTES - 20));
        let list = remember(&list, big.clone());
        assert_eq!(list, vec![big]);
        assert!(remember(&[], scenario(&"x".repeat(MAX_BYTES + 1))).is_empty());
    }

    #[test]
    fn storage_round_trip_and_damaged_storage() {
        let mut titled = scenario("kind: Pod\n");
        titled.title = Some("Mine é".into());
        let list = vec![titled, scenario("a: b\n---\nc: d\n")];
        assert_eq!(decode(&encode(&list)), list);
        assert_eq!(decode(""), vec![]);
        assert_eq!(decode("garbage"), vec![]);
        let text = encode(&list);
        assert_eq!(decode(&text[..text.len() - 3]), list[..1].to_vec());
    }

    #[test]
    fn unchanged_lessons_and_empty_editors_are_not_kept() {
        let lesson = gallery::examples()[0];
        let (kubernetes, behaviour) = scenario_text::split(lesson.text);
        let mut content = Content {
            kubernetes,
            behaviour,
            title: None,
            gallery: Some(lesson.id.into()),
            made_on: Version::default(),
        };
        assert!(!worth_keeping(&content));
        content.behaviour.push_str("# mine\n");
        assert!(worth_keeping(&content));
        assert_eq!(name(&content), format!("{} (edited)", lesson.title));
        assert!(!worth_keeping(&scenario("  \n")));
    }

    #[test]
    fn names_come_from_the_first_object() {
        assert_eq!(
            name(&scenario("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {}\n")),
            "Deployment web"
        );
        assert_eq!(
            name(&scenario(
                "# a comment\n---\nmetadata:\n  name: x\nkind: Service\n---\nkind: Pod\nmetadata:\n  name: \"p\"\n"
            )),
            "Pod p"
        );
        assert_eq!(name(&scenario("not yaml [")), "Untitled scenario");
    }

    /// An install manifest is named for its workload, not for the Namespace
    /// or the RBAC objects before it; without a workload, for its first object.
    #[test]
    fn names_prefer_the_first_workload() {
        let install = "kind: Namespace\nmetadata:\n  name: ingress-nginx\n---\nkind: ServiceAccount\nmetadata:\n  name: sa\n---\nkind: Deployment\nmetadata:\n  name: ingress-nginx-controller\n---\nkind: Job\nmetadata:\n  name: create\n";
        assert_eq!(name(&scenario(install)), "Deployment ingress-nginx-controller");
        assert_eq!(
            name(&scenario("kind: ConfigMap\nmetadata:\n  name: c\n---\nkind: Secret\nmetadata:\n  name: s\n")),
            "ConfigMap c"
        );
        // A workload past the first 64 KiB is not looked for.
        let far = format!(
            "kind: ConfigMap\nmetadata:\n  name: big\ndata:\n{}---\nkind: Pod\nmetadata:\n  name: p\n",
            "  k: v\n".repeat(NAMED_WITHIN / 7)
        );
        assert_eq!(name(&scenario(&far)), "ConfigMap big");
    }
}
