//! The frame inside a v1 link, before compression: sections of
//! `TAG SP DECIMAL-BYTE-LENGTH LF BYTES`, one after the other. Lengths count
//! bytes, so any text (`---`, tabs, trailing newlines, non-ASCII) comes back
//! byte for byte; tags this version does not know are skipped.

use super::{Content, LinkError};

const KUBERNETES: &str = "k";
const BEHAVIOUR: &str = "b";
const TITLE: &str = "t";
const GALLERY: &str = "g";

/// The frame of `content`: `k` and `b` always, `t` and `g` when set.
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
    frame
}

/// Reads a frame back. Every section must be whole and UTF-8; `k` and `b`
/// must each appear exactly once.
pub fn read(mut frame: &[u8]) -> Result<Content, LinkError> {
    let (mut kubernetes, mut behaviour, mut title, mut gallery) = (None, None, None, None);
    while !frame.is_empty() {
        let (tag, text, rest) = section(frame)?;
        frame = rest;
        let slot = match tag {
            KUBERNETES => &mut kubernetes,
            BEHAVIOUR => &mut behaviour,
            TITLE => &mut title,
            GALLERY => &mut gallery,
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
    Ok(Content {
        kubernetes: kubernetes.ok_or_else(|| missing("Kubernetes YAML (section `k`)"))?,
        behaviour: behaviour.ok_or_else(|| missing("behaviour YAML (section `b`)"))?,
        title,
        gallery,
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
        Content { kubernetes: k.into(), behaviour: b.into(), title: None, gallery: None }
    }

    #[test]
    fn sections_are_tag_space_byte_length_newline_bytes() {
        let mut c = content("kind: Pod\n", "é");
        c.title = Some("T".into());
        c.gallery = Some("named-port-typo".into());
        assert_eq!(write(&c), b"k 10\nkind: Pod\nb 2\n\xc3\xa9t 1\nTg 15\nnamed-port-typo".to_vec());
        assert_eq!(read(&write(&c)), Ok(c));
    }

    #[test]
    fn unknown_tags_are_skipped_wherever_they_are() {
        let frame = b"x 3\nabck 1\nKzz 0\nb 0\n";
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
