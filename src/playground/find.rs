//! Find in an editor's text. The browser's find in page searches what a
//! textarea holds, and a big text is held a window at a time
//! (`edit_window`), so the editor finds in the whole text itself. As the
//! browser does, a query in lower case matches either case; one with a
//! capital letter matches exactly.

/// Where `query` occurs in `text`, as byte ranges, in order, not overlapping.
pub fn matches(text: &str, query: &str) -> Vec<(usize, usize)> {
    if query.is_empty() {
        return Vec::new();
    }
    let exact = query.chars().any(char::is_uppercase);
    // ASCII lower case keeps every byte where it was, so the offsets hold for the text.
    let (haystack, needle) = if exact {
        (std::borrow::Cow::Borrowed(text), std::borrow::Cow::Borrowed(query))
    } else {
        (text.to_ascii_lowercase().into(), query.to_ascii_lowercase().into())
    };
    haystack.match_indices(&*needle).map(|(at, m)| (at, at + m.len())).collect()
}

/// Of `found` (as `matches` gives them), the one to go to from the
/// selection `(from, to)`: the first that starts after `from` (so typing
/// more of a query keeps the match under the caret), or for `back` the last
/// that starts before it; round the end. Its index, 0-based.
pub fn next(found: &[(usize, usize)], (from, _to): (usize, usize), back: bool, again: bool) -> Option<usize> {
    if found.is_empty() {
        return None;
    }
    let after = |&(at, _): &(usize, usize)| if again { at > from } else { at >= from };
    Some(if back {
        found.iter().rposition(|&(at, _)| at < from).unwrap_or(found.len() - 1)
    } else {
        found.iter().position(after).unwrap_or(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name: web\nimage: Web:1.0\nports:\n- name: http\n";

    #[test]
    fn a_lower_case_query_matches_either_case_and_a_capital_matches_exactly() {
        assert_eq!(matches(TEXT, "web"), vec![(6, 9), (17, 20)]);
        assert_eq!(matches(TEXT, "Web"), vec![(17, 20)]);
        assert_eq!(matches(TEXT, "name"), vec![(0, 4), (34, 38)]);
        assert_eq!(matches(TEXT, ""), vec![]);
        assert_eq!(matches(TEXT, "absent"), vec![]);
        // Offsets stay byte offsets of the text, past other scripts too.
        assert_eq!(matches("é: WEB", "web"), vec![(4, 7)]);
    }

    #[test]
    fn the_next_match_is_after_the_caret_round_the_end_and_back_before_it() {
        let found = matches(TEXT, "name");
        // Typing the query: the match at the caret stays.
        assert_eq!(next(&found, (0, 0), false, false), Some(0));
        // Enter: the one after it, then round to the first.
        assert_eq!(next(&found, (0, 4), false, true), Some(1));
        assert_eq!(next(&found, (34, 38), false, true), Some(0));
        // Shift+Enter: the one before, round to the last.
        assert_eq!(next(&found, (34, 38), true, true), Some(0));
        assert_eq!(next(&found, (0, 4), true, true), Some(1));
        assert_eq!(next(&[], (0, 0), false, true), None);
    }
}
