//! Share links: `<base>?<presentation>#<content>`. The fragment says what to
//! simulate, the query how to show it (`presentation`).
//!
//! Content is one of:
//! - `#v1.<payload>`: the scenario itself. The payload is base64url without
//!   padding of a zlib stream (RFC 1950, with its Adler-32) of a frame of
//!   sections (`frame`): `k` the Kubernetes YAML, `b` the behaviour YAML, `t`
//!   a title, `g` the gallery lesson it came from, `v` the Kubernetes version
//!   it was made on (links made before `v` existed were made on 1.33; an
//!   empty `v`, as embed.js writes, is the default of whoever opens it).
//! - `#g/<id>`: a gallery lesson (ids never change meaning, see `gallery`).
//! - nothing: the user's draft.
//!
//! Links must open for ever: `v1` is decoded by every later version (the
//! vectors in `tests/links/v1/` hold it to that), and a new encoding gets a
//! new prefix. Decoding is bounded (256 KiB of text at most, never more
//! memory) and every failure is a `LinkError` with a sentence for a person.
//! The playground, the command line and the tests all use this module.

pub(crate) mod frame;
pub mod presentation;
pub mod snippet;

use crate::cluster::{self, Version};
use crate::gallery::{self, Example};
use crate::scenario;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

/// The prefix of a version 1 content fragment (after the `#`).
pub const V1: &str = "v1.";
/// The prefix of a gallery lesson's fragment (after the `#`).
pub const LESSON: &str = "g/";
/// The most text a link may unpack to.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// Links longer than this may not survive chat tools (Discord cuts messages at 2,000).
pub const CHAT_LIMIT: usize = 2000;
/// zlib stores 256 KiB in at most this many bytes (stored blocks cost 5 bytes
/// per 64 KiB), so a longer payload cannot be a scenario we would open.
const MAX_PAYLOAD_BYTES: usize = MAX_TEXT_BYTES + MAX_TEXT_BYTES / 1024 + 64;

/// A scenario as a link carries it: each editor's text, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Content {
    pub kubernetes: String,
    pub behaviour: String,
    pub title: Option<String>,
    /// The gallery lesson this scenario was made from.
    pub gallery: Option<String>,
    /// The Kubernetes version the scenario ran on when the link was made:
    /// what it opens on when its behaviour names none, whatever the default
    /// is by then.
    pub made_on: Version,
}

/// Every link made before links recorded their version ran on 1.33, the
/// only version there was.
pub const MADE_BEFORE_VERSIONS: u8 = 33;

impl Content {
    /// The `v1.` fragment (without `#`) of this content. The same content
    /// always gives the same link, natively and in the browser.
    pub fn fragment(&self) -> String {
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&frame::write(self), 9);
        format!("{V1}{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    /// The scenario as one YAML stream, as the playground runs it: the
    /// Kubernetes documents, `---`, the behaviour document (the editors' join).
    pub fn stream(&self) -> String {
        scenario::text::join(&self.kubernetes, &self.behaviour_on_its_version())
    }

    /// The behaviour document as the playground opens it: when it names no
    /// version and the link was made on another than today's default, with
    /// `simulation.kubernetes` set to the one it was made on, so that it
    /// shows what its author saw.
    pub fn behaviour_on_its_version(&self) -> String {
        if self.made_on == Version::default() || cluster::text::named_version(&self.behaviour).is_some() {
            return self.behaviour.clone();
        }
        cluster::text::set_version(&self.behaviour, self.made_on)
    }

    /// A YAML stream cut where the playground's editors cut it: the
    /// Kubernetes documents, and the first document with a top-level
    /// `kind: Behaviour` with everything after it.
    pub fn from_stream(text: &str) -> Content {
        let (kubernetes, behaviour) = scenario::text::split(text);
        Content { kubernetes, behaviour, ..Content::default() }
    }
}

/// What a link's fragment opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// No content: the user's draft, else the default scenario.
    Draft,
    Lesson(&'static Example),
    Shared(Content),
}

/// Why a link does not open, in words a person understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The end of the link is missing (truncated base64 or zlib stream).
    CutOff,
    /// The Adler-32 checksum does not match, or the stream is not zlib.
    Altered,
    /// A character that base64url never has, at this 1-based position of the payload.
    BadCharacter {
        position: usize,
        character: char,
    },
    /// `v2.`, `v3.`, ...: made by a newer version.
    NewerVersion(u32),
    TooLarge,
    NotText,
    /// The frame inside is malformed; the text says how.
    BadFrame(String),
    /// A fragment that is none of ours.
    NotAScenario,
    UnknownLesson(String),
}

impl LinkError {
    /// A stable code for programs (the embed's `error` message).
    pub fn code(&self) -> &'static str {
        match self {
            LinkError::CutOff => "cut_off",
            LinkError::Altered | LinkError::BadCharacter { .. } => "altered",
            LinkError::NewerVersion(_) => "newer_version",
            LinkError::TooLarge => "too_large",
            LinkError::NotText => "not_text",
            LinkError::BadFrame(_) => "bad_frame",
            LinkError::NotAScenario => "not_a_scenario",
            LinkError::UnknownLesson(_) => "unknown_lesson",
        }
    }
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::CutOff => write!(
                f,
                "This link is cut off: its end is missing. If it came through chat, email or Markdown, copy the \
                 whole link again."
            ),
            LinkError::Altered => write!(
                f,
                "This link has been altered: its content does not match its checksum. Copy it again from where it \
                 was shared."
            ),
            LinkError::BadCharacter { position, character } => write!(
                f,
                "This link has been altered: it has {character:?} at character {position} of its content, which a \
                 share link never has. Copy it again from where it was shared."
            ),
            LinkError::NewerVersion(v) => write!(
                f,
                "This link was made by a newer probe-playground (link format v{v}); this version opens v1 links."
            ),
            LinkError::TooLarge => write!(
                f,
                "This link's scenario is larger than {} KiB, more than probe-playground opens.",
                MAX_TEXT_BYTES / 1024
            ),
            LinkError::NotText => write!(f, "This link's scenario is not UTF-8 text."),
            LinkError::BadFrame(why) => write!(f, "This link's content is malformed: {why}."),
            LinkError::NotAScenario => write!(
                f,
                "This is not a probe-playground scenario link: the part after # should start with {V1} or {LESSON}."
            ),
            LinkError::UnknownLesson(id) => {
                write!(f, "There is no gallery lesson {id:?} in this version of probe-playground.")
            }
        }
    }
}

impl std::error::Error for LinkError {}

/// The fragment of a link or URL: what follows the first `#`, or the text
/// itself when it has none.
pub fn fragment_of(link: &str) -> &str {
    link.split_once('#').map_or(link, |(_, fragment)| fragment)
}

/// What a fragment (with or without its `#`) opens.
pub fn open(fragment: &str) -> Result<Fragment, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(Fragment::Draft);
    }
    if let Some(id) = fragment.strip_prefix(LESSON) {
        return gallery::by_id(id).map(Fragment::Lesson).ok_or_else(|| LinkError::UnknownLesson(id.to_string()));
    }
    decode(fragment).map(Fragment::Shared)
}

/// Decodes a `v1.` fragment (with or without its `#`).
pub fn decode(fragment: &str) -> Result<Content, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(payload) = fragment.strip_prefix(V1) else {
        return Err(match version(fragment) {
            Some(v) if v > 1 => LinkError::NewerVersion(v),
            _ => LinkError::NotAScenario,
        });
    };
    if payload.len() > MAX_PAYLOAD_BYTES * 4 / 3 + 4 {
        return Err(LinkError::TooLarge);
    }
    let compressed = URL_SAFE_NO_PAD.decode(payload).map_err(|e| match e {
        base64::DecodeError::InvalidByte(at, byte) => {
            LinkError::BadCharacter { position: at + 1, character: char::from(byte) }
        }
        // A payload cut at any length: too short for its last group of 4,
        // or its last character carries bits that a whole payload never has.
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => LinkError::CutOff,
        base64::DecodeError::InvalidPadding => LinkError::BadCharacter { position: payload.len(), character: '=' },
    })?;
    frame::read(&inflate(&compressed)?)
}

/// `v7.` → 7: the version of a fragment that looks like content.
fn version(fragment: &str) -> Option<u32> {
    let (version, _) = fragment.strip_prefix('v')?.split_once('.')?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(version.parse().unwrap_or(u32::MAX))
}

/// Unpacks a zlib stream into at most `MAX_TEXT_BYTES`: a stream that would
/// unpack to more stops there, so a small link cannot claim a lot of memory.
/// The stream must end exactly where the payload ends.
fn inflate(compressed: &[u8]) -> Result<Vec<u8>, LinkError> {
    if compressed.is_empty() {
        return Err(LinkError::CutOff);
    }
    let mut text = vec![0; MAX_TEXT_BYTES];
    let mut state = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_COMPUTE_ADLER32
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, read, written) = decompress(&mut state, compressed, &mut text, 0, flags);
    match status {
        TINFLStatus::Done if read == compressed.len() => {
            text.truncate(written);
            Ok(text)
        }
        // Bytes after the checksum: something was appended.
        TINFLStatus::Done => Err(LinkError::Altered),
        TINFLStatus::HasMoreOutput => Err(LinkError::TooLarge),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => Err(LinkError::CutOff),
        // Adler32Mismatch, Failed (not a zlib or deflate stream), and statuses to come.
        _ => Err(LinkError::Altered),
    }
}

/// The whole link: `base`, then `?query` when there is one, then `#fragment`.
pub fn url(base: &str, query: &str, fragment: &str) -> String {
    let base = base.split(['?', '#']).next().unwrap_or(base);
    let query = query.trim_start_matches('?');
    let fragment = fragment.trim_start_matches('#');
    match (query.is_empty(), fragment.is_empty()) {
        (true, true) => base.to_string(),
        (true, false) => format!("{base}#{fragment}"),
        (false, true) => format!("{base}?{query}"),
        (false, false) => format!("{base}?{query}#{fragment}"),
    }
}

/// The scenario named on a command line: a file's text, or a share link
/// (`https://...#v1....`, `#g/<id>`, or a bare `v1....`) decoded into one
/// YAML stream. Which it is goes by the argument's shape: anything with a
/// `#`, or starting with `v1.`, is a link.
pub fn is_link(arg: &str) -> bool {
    arg.contains('#') || arg.starts_with(V1)
}

/// The YAML stream a link opens (a lesson's text, or a shared scenario joined).
pub fn scenario_of(link: &str) -> Result<String, LinkError> {
    match open(fragment_of(link))? {
        Fragment::Draft => Err(LinkError::NotAScenario),
        Fragment::Lesson(example) => Ok(example.text.to_string()),
        Fragment::Shared(content) => Ok(content.stream()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(k: &str, b: &str) -> Content {
        Content { kubernetes: k.into(), behaviour: b.into(), ..Content::default() }
    }

    #[test]
    fn a_link_is_v1_then_base64url_of_zlib() {
        let c = content("kind: Pod\n", "kind: Behaviour\n");
        let fragment = c.fragment();
        let payload = fragment.strip_prefix("v1.").unwrap();
        assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{payload}");
        let zlib = URL_SAFE_NO_PAD.decode(payload).unwrap();
        // CMF 0x78 (deflate, 32 KiB window); FLG makes the pair a multiple of 31.
        assert_eq!(zlib[0], 0x78);
        assert_eq!((u16::from(zlib[0]) << 8 | u16::from(zlib[1])) % 31, 0);
        let frame = miniz_oxide::inflate::decompress_to_vec_zlib(&zlib).unwrap();
        assert_eq!(frame, b"k 10\nkind: Pod\nb 16\nkind: Behaviour\nv 4\n1.37");
        assert_eq!(decode(&fragment), Ok(c.clone()));
        assert_eq!(decode(&format!("#{fragment}")), Ok(c));
    }

    #[test]
    fn stored_blocks_decode_too() {
        // What a writer without a compressor makes (embed.js does): zlib
        // header 78 01, one final stored block, the Adler-32 of the data.
        let data = b"k 1\nab 0\nv 0\n";
        let mut zlib = vec![0x78, 0x01, 0x01];
        zlib.extend_from_slice(&(data.len() as u16).to_le_bytes());
        zlib.extend_from_slice(&(!(data.len() as u16)).to_le_bytes());
        zlib.extend_from_slice(data);
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in data {
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }
        zlib.extend_from_slice(&(b << 16 | a).to_be_bytes());
        let fragment = format!("v1.{}", URL_SAFE_NO_PAD.encode(zlib));
        assert_eq!(decode(&fragment), Ok(content("a", "")));
    }

    #[test]
    fn the_empty_fragment_is_the_draft_and_g_is_a_lesson() {
        assert_eq!(open(""), Ok(Fragment::Draft));
        assert_eq!(open("#"), Ok(Fragment::Draft));
        let first = &gallery::examples()[0];
        assert_eq!(open(&format!("#g/{}", first.id)), Ok(Fragment::Lesson(first)));
        assert_eq!(open("#g/no-such-lesson"), Err(LinkError::UnknownLesson("no-such-lesson".into())));
    }

    #[test]
    fn every_failure_has_its_own_error() {
        let good = content("kind: Pod\nmetadata:\n  name: web\n", "kind: Behaviour\n").fragment();
        assert_eq!(decode("v1."), Err(LinkError::CutOff));
        assert_eq!(decode(&good[..good.len() - 10]), Err(LinkError::CutOff));
        assert_eq!(decode(&good[..good.len() - 1]), Err(LinkError::CutOff));
        assert_eq!(decode("v1.@@@"), Err(LinkError::BadCharacter { position: 1, character: '@' }));
        assert_eq!(decode("v1.eJy="), Err(LinkError::BadCharacter { position: 4, character: '=' }));
        assert_eq!(decode("v9.abc"), Err(LinkError::NewerVersion(9)));
        assert_eq!(decode("v99999999999.abc"), Err(LinkError::NewerVersion(u32::MAX)));
        assert_eq!(decode("hello"), Err(LinkError::NotAScenario));
        assert_eq!(decode("v.abc"), Err(LinkError::NotAScenario));
        assert_eq!(decode("v0.abc"), Err(LinkError::NotAScenario));
        // Bytes appended after the checksum.
        let zlib = URL_SAFE_NO_PAD.decode(&good[3..]).unwrap();
        let appended = format!("v1.{}", URL_SAFE_NO_PAD.encode([zlib.as_slice(), b"abc"].concat()));
        assert_eq!(decode(&appended), Err(LinkError::Altered));
        // Raw deflate (no zlib header) is not accepted.
        let raw = miniz_oxide::deflate::compress_to_vec(b"k 0\nb 0\n", 9);
        assert_eq!(decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(raw))), Err(LinkError::Altered));
        let latin1 = miniz_oxide::deflate::compress_to_vec_zlib(b"k 1\n\xe9b 0\n", 9);
        assert_eq!(decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(latin1))), Err(LinkError::NotText));
        let frame = miniz_oxide::deflate::compress_to_vec_zlib(b"k 5\nab 0\n", 9);
        assert!(matches!(decode(&format!("v1.{}", URL_SAFE_NO_PAD.encode(frame))), Err(LinkError::BadFrame(_))));
    }

    #[test]
    fn a_changed_character_is_caught_by_the_checksum() {
        let good = content("kind: Pod\nmetadata:\n  name: web\n", "kind: Behaviour\nsimulation:\n  duration: 5m\n");
        let fragment = good.fragment();
        // Change each character of the payload in turn: none decodes to other text.
        for i in 3..fragment.len() {
            let mut bytes = fragment.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            if let Ok(c) = decode(&changed) {
                assert_eq!(c, good, "character {i} changed the text without an error");
            }
        }
    }

    #[test]
    fn the_sentences_name_the_problem() {
        assert!(LinkError::CutOff.to_string().starts_with("This link is cut off"));
        assert!(LinkError::Altered.to_string().starts_with("This link has been altered"));
        assert_eq!(
            LinkError::BadCharacter { position: 1, character: '@' }.to_string(),
            "This link has been altered: it has '@' at character 1 of its content, which a share link never has. \
             Copy it again from where it was shared."
        );
        assert_eq!(
            LinkError::NewerVersion(2).to_string(),
            "This link was made by a newer probe-playground (link format v2); this version opens v1 links."
        );
        assert_eq!(
            LinkError::TooLarge.to_string(),
            "This link's scenario is larger than 256 KiB, more than probe-playground opens."
        );
        assert_eq!(LinkError::TooLarge.code(), "too_large");
    }

    #[test]
    fn the_stream_joins_the_halves_like_the_editors() {
        assert_eq!(content("a: 1\n\n", "kind: Behaviour\n").stream(), "a: 1\n---\nkind: Behaviour\n");
        assert_eq!(content("a: 1\n", "  \n").stream(), "a: 1\n");
        assert_eq!(content("", "kind: Behaviour\n").stream(), "---\nkind: Behaviour\n");
    }

    #[test]
    fn a_stream_is_cut_before_the_behaviour_document() {
        let c = Content::from_stream("kind: Pod\n---\nkind: Service\n---\nkind: Behaviour\napps: []\n");
        assert_eq!(
            (c.kubernetes.as_str(), c.behaviour.as_str()),
            ("kind: Pod\n---\nkind: Service", "kind: Behaviour\napps: []\n")
        );
        assert_eq!(c.stream(), "kind: Pod\n---\nkind: Service\n---\nkind: Behaviour\napps: []\n");
        let c = Content::from_stream("---\nkind: Behaviour # the app\n");
        assert_eq!((c.kubernetes.as_str(), c.behaviour.as_str()), ("", "kind: Behaviour # the app\n"));
        assert_eq!(Content::from_stream("kind: Pod\n").behaviour, "");
        for example in gallery::examples() {
            assert_eq!(Content::from_stream(example.text).stream(), example.text, "{}", example.id);
        }
    }

    #[test]
    fn urls_put_the_query_before_the_fragment() {
        assert_eq!(url("https://x.test/pp/", "", "v1.abc"), "https://x.test/pp/#v1.abc");
        assert_eq!(url("https://x.test/pp/?old#old", "embed=1", "#g/a"), "https://x.test/pp/?embed=1#g/a");
        assert_eq!(url("./", "?t=5", ""), "./?t=5");
        assert_eq!(fragment_of("https://x.test/#v1.abc"), "v1.abc");
        assert_eq!(fragment_of("v1.abc"), "v1.abc");
    }

    #[test]
    fn command_line_arguments_that_are_links() {
        assert!(is_link("https://x.test/pp/#v1.abc"));
        assert!(is_link("#g/named-port-typo"));
        assert!(is_link("v1.abc"));
        assert!(!is_link("gallery/01-slow-start-readiness.yaml"));
        let first = &gallery::examples()[0];
        assert_eq!(scenario_of(&format!("https://x.test/#g/{}", first.id)), Ok(first.text.to_string()));
        let c = content("kind: Pod\n", "kind: Behaviour\n");
        assert_eq!(scenario_of(&format!("https://x.test/?embed=1#{}", c.fragment())), Ok(c.stream()));
        assert_eq!(scenario_of("https://x.test/#"), Err(LinkError::NotAScenario));
    }
}
