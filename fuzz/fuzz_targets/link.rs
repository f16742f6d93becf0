//! Share links as the playground and the command line open them: any text as
//! a fragment, and any bytes as the zlib payload of a `v1.` link (so the
//! mutations reach the inflater and the frame reader, past base64). Each
//! opens or gives a LinkError, never panics, hangs or unpacks more than
//! 256 KiB (see docs/fuzzing.md); content that decodes is encoded again and
//! must decode to the same content.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use libfuzzer_sys::fuzz_target;
use probe_playground::link;

fn round_trip(fragment: &str) {
    if let Ok(content) = link::decode(fragment) {
        assert_eq!(link::decode(&content.fragment()), Ok(content));
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        round_trip(text);
        let _ = link::open(text);
    }
    round_trip(&format!("v1.{}", URL_SAFE_NO_PAD.encode(data)));
});
