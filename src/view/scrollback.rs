//! A terminal's scrollback: a watch's header and its newest lines. Each
//! line keeps its number in the whole stream, so a line that stays on
//! screen while older ones scroll off is the same line to whoever draws
//! it (the page keys its blocks by it and lays out only the new ones).

use std::rc::Rc;

/// One line of a watch and its number in the whole stream (the header is 0).
pub type NumberedLine = (usize, Rc<str>);

/// The header (the first line) and the last `keep` lines of `text`, each
/// with its number.
pub fn scrollback(text: &str, keep: usize) -> Vec<NumberedLine> {
    let rows = text.lines().count().saturating_sub(1);
    let first_kept = 1 + rows.saturating_sub(keep);
    text.lines().enumerate().filter(|&(n, _)| n == 0 || n >= first_kept).map(|(n, line)| (n, Rc::from(line))).collect()
}

/// The lines as a terminal prints them, each ended by a newline.
pub fn joined(lines: &[NumberedLine]) -> String {
    lines.iter().flat_map(|(_, line)| [&**line, "\n"]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(lines: &[NumberedLine]) -> Vec<usize> {
        lines.iter().map(|(n, _)| *n).collect()
    }

    #[test]
    fn keeps_the_header_and_the_newest_lines_with_their_numbers_in_the_stream() {
        let text = "HEADER\na\nb\nc\nd\n";
        let kept = scrollback(text, 2);
        assert_eq!(numbers(&kept), [0, 3, 4]);
        assert_eq!(joined(&kept), "HEADER\nc\nd\n");
    }

    #[test]
    fn a_stream_within_the_scrollback_is_kept_whole() {
        let text = "HEADER\na\nb\n";
        assert_eq!(joined(&scrollback(text, 2)), text);
        assert_eq!(joined(&scrollback(text, 5)), text);
        assert_eq!(numbers(&scrollback("HEADER\n", 2)), [0]);
        assert!(scrollback("", 2).is_empty());
    }

    #[test]
    fn a_line_keeps_its_number_as_the_stream_grows() {
        let before = scrollback("H\na\nb\nc\n", 2);
        let after = scrollback("H\na\nb\nc\nd\n", 2);
        assert_eq!(before[2], after[1], "line c is the same numbered line before and after d arrives");
    }
}
