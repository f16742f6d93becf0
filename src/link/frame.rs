//! The frame inside a v1 link, before compression: sections of
//! `TAG SP DECIMAL-BYTE-LENGTH LF BYTES`, one after the other. Lengths count
//! bytes, so any text (`---`, tabs, trailing newlines, non-ASCII) comes back
//! byte for byte; tags this version does not know are skipped.

use super::{Content, LinkError, MADE_BEFORE_VERSIONS};
use crate::cluster::Version;

const KUBERNETES: &str = "k";
const BEHAVIOUR: &str = "b";
const TITLE: &str = "t";
const GALLERY: &str = "g";
const MADE_ON: &str = "v";

/// The frame of `content`: `k`, `b` and `v` always, `t` and `g` when set.
pub fn write(content: &Content) -> Vec<u8> {
    let mut frame = Vec::with_capacity(content.kubernetes.len() + content.behaviour.len() + 32);
    let mut section = |tag: &str, text: &str| {
        frame.extend_from_slice(format!("{tag} {}\n", text.len()).as_bytes());
        frame.extend_from_slice(text.as_bytes());
    };
    section(KUBERNETES, &content.kubernetes);
    section(BEHAVIOUR, &content.behaviour);
    if let Some(title) = &content.title {
        section(TITLE, title);
    }
    if let Some(gallery) = &content.gallery {
        section(GALLERY, gallery);
    }
    section(MADE_ON, &content.made_on.to_string());
    frame
}

/// Reads a frame back. Every section must be whole and UTF-8; `k` and `b`
/// must each appear exactly once.
pub fn read(mut frame: &[u8]) -> Result<Content, LinkError> {
    let (mut kubernetes, mut behaviour, mut title, mut gallery, mut made_on) = (None, None, None, None, None);
    while !frame.is_empty() {
        let (tag, text, rest) = section(frame)?;
        frame = rest;
        let slot = match tag {
            KUBERNETES => &mut kubernetes,
            BEHAVIOUR => &mut behaviour,
            TITLE => &mut title,
            GALLERY => &mut gallery,
            MADE_ON => &mut made_on,
            // Room to grow within v1: a newer version's extra sections.
            _ => continue,
        };
        if slot.is_some() {
            return Err(LinkError::BadFrame(format!("the section `{tag}` appears twice")));
        }
        let text = std::str::from_utf8(text).map_err(|_| LinkError::NotText)?;
        *slot = Some(text.to_string());
    }
    let missing = |name: &str| LinkError::BadFrame(format!("it has no {name}"));
    let made_on = match made_on.as_deref() {
        None => Version::new(MADE_BEFORE_VERSIONS).expect("a simulated version"),
        // Written now by a page that has no version to record (embed.js):
        // today's default.
        Some("") => Version::default(),
        Some(text) => Version::parse(text).map(|(v, _)| v).map_err(|_| {
            LinkError::BadFrame(format!("its Kubernetes version `{text}` is none this version simulates"))
        })?,
    };
    Ok(Content {
        kubernetes: kubernetes.ok_or_else(|| missing("Kubernetes YAML (section `k`)"))?,
        behaviour: behaviour.ok_or_else(|| missing("behaviour YAML (section `b`)"))?,
        title,
        gallery,
        made_on,
    })
}

/// One section: (tag, bytes, what follows).
fn section(frame: &[u8]) -> Result<(&str, &[u8], &[u8]), LinkError> {
    let bad = |why: &str| LinkError::BadFrame(why.to_string());
    let newline = frame.iter().position(|&b| b == b'\n').ok_or_else(|| bad("a section header has no end"))?;
    let header = std::str::from_utf8(&frame[..newline]).map_err(|_| bad("a section header is not text"))?;
    let (tag, length) = header.split_once(' ').ok_or_else(|| bad("a section header has no length"))?;
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad("a section has no tag"));
    }
    // Digits only: `+5`, ` 5` or `5 ` are not lengths.
    if length.is_empty() || !length.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("a section length is not a number"));
    }
    let body = &frame[newline + 1..];
    let length: usize = length
        .parse()
        .ok()
        .filter(|&n| n <= body.len())
        .ok_or_else(|| LinkError::BadFrame(format!("the section `{tag}` claims more bytes than the link holds")))?;
    Ok((tag, &body[..length], &body[length..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(k: &str, b: &str) -> Content {
        Content { kubernetes: k.into(), behaviour: b.into(), ..Content::default() }
    }

    #[test]
    fn sections_are_tag_space_byte_length_newline_bytes() {
        let mut c = content("kind: Pod\n", "é");
        c.title = Some("T".into());
        c.gallery = Some("named-port-typo".into());
        assert_eq!(write(&c), b"k 10\nkind: Pod\nb 2\n\xc3\xa9t 1\nTg 15\nnamed-port-typov 4\n1.37".to_vec());
        assert_eq!(read(&write(&c)), Ok(c));
    }

    /// Without `v` a link was made before links recorded a version, on 1.33;
    /// an empty `v` is today's default; any other must be a simulated one.
    #[test]
    fn the_version_a_link_was_made_on() {
        let made_on = |frame: &[u8]| read(frame).map(|c| c.made_on.to_string());
        assert_eq!(made_on(b"k 0\nb 0\n"), Ok("1.33".into()));
        assert_eq!(made_on(b"k 0\nb 0\nv 0\n"), Ok("1.37".into()));
        assert_eq!(made_on(b"k 0\nb 0\nv 4\n1.29"), Ok("1.29".into()));
        assert_eq!(
            made_on(b"k 0\nb 0\nv 4\n1.99"),
            Err(LinkError::BadFrame("its Kubernetes version `1.99` is none this version simulates".into()))
        );
    }

    #[test]
    fn unknown_tags_are_skipped_wherever_they_are() {
        let frame = b"x 3\nabck 1\nKzz 0\nb 0\nv 0\n";
        assert_eq!(read(frame), Ok(content("K", "")));
    }

    #[test]
    fn a_missing_required_section_is_named() {
        assert_eq!(read(b"b 0\n"), Err(LinkError::BadFrame("it has no Kubernetes YAML (section `k`)".into())));
        assert_eq!(read(b"k 0\n"), Err(LinkError::BadFrame("it has no behaviour YAML (section `b`)".into())));
        assert_eq!(read(b""), Err(LinkError::BadFrame("it has no Kubernetes YAML (section `k`)".into())));
    }

    #[test]
    fn lengths_must_be_exact() {
        // One byte short: the last section claims more than there is.
        assert_eq!(
            read(b"k 1\nab 3\nxy"),
            Err(LinkError::BadFrame("the section `b` claims more bytes than the link holds".into()))
        );
        // One byte over: the extra byte starts a header that never ends.
        assert_eq!(read(b"k 1\nab 0\nz"), Err(LinkError::BadFrame("a section header has no end".into())));
        assert_eq!(read(b"k +1\na"), Err(LinkError::BadFrame("a section length is not a number".into())));
        assert_eq!(read(b"k1\na"), Err(LinkError::BadFrame("a section header has no length".into())));
        assert_eq!(read(b" 1\na"), Err(LinkError::BadFrame("a section has no tag".into())));
        assert_eq!(
            read(b"k 99999999999999999999999\na"),
            Err(LinkError::BadFrame("the section `k` claims more bytes than the link holds".into()))
        );
    }

    #[test]
    fn a_repeated_section_is_refused() {
        assert_eq!(read(b"k 0\nk 0\nb 0\n"), Err(LinkError::BadFrame("the section `k` appears twice".into())));
    }

    #[test]
    fn a_section_that_splits_a_character_is_not_text() {
        // `é` is two bytes; a length of 1 cuts it in half.
        assert_eq!(read(b"k 1\n\xc3\xa9b 0\n"), Err(LinkError::NotText));
        assert_eq!(read(b"k 0\nb 1\n\xff"), Err(LinkError::NotText));
        assert_eq!(read(b"k\xff 0\nb 0\n"), Err(LinkError::BadFrame("a section header is not text".into())));
    }
}
