//! What the share menu copies: a Markdown link, the embed snippet for a docs
//! page, and the name of the downloaded scenario file.

/// `[title](url)`: an explicit link, so no character at the URL's end is
/// lost the way autolinks lose a trailing `.` or `_`.
pub fn markdown(title: &str, url: &str) -> String {
    let mut text = String::with_capacity(title.len());
    for c in title.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`') {
            text.push('\\');
        }
        text.push(if c == '\n' { ' ' } else { c });
    }
    let url = url.replace(' ', "%20").replace('(', "%28").replace(')', "%29");
    format!("[{text}]({url})")
}

/// The embed snippet: a poster that `embed.js` turns into the playground on
/// a click, and a plain link where scripts do not run.
pub fn embed_html(title: &str, height: u32, embed_url: &str, open_url: &str, script_url: &str) -> String {
    let (title, embed_url, open_url, script_url) =
        (escape(title), escape(embed_url), escape(open_url), escape(script_url));
    format!(
        "<div class=\"probe-playground\" data-title=\"{title}\" data-height=\"{height}\"\n     \
         data-src=\"{embed_url}\">\n  \
         <a href=\"{open_url}\">Open “{title}” in probe-playground</a>\n\
         </div>\n\
         <script src=\"{script_url}\" defer></script>\n"
    )
}

/// Text for HTML, in element content or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `Slow start: behind readiness!` → `slow-start-behind-readiness.yaml`;
/// `scenario.yaml` when the title has no letters or digits.
pub fn file_name(title: &str) -> String {
    let mut name = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !name.is_empty() {
            name.push('-');
        }
        name.extend(word.chars().flat_map(char::to_lowercase));
        if name.len() > 60 {
            break;
        }
    }
    if name.is_empty() { "scenario.yaml".to_string() } else { format!("{name}.yaml") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_escape_the_title_and_the_parentheses() {
        assert_eq!(markdown("Slow start", "https://x.test/#v1.ab_c"), "[Slow start](https://x.test/#v1.ab_c)");
        assert_eq!(
            markdown("[a] *b*\nc", "https://x.test/a (1)/#g/x"),
            "[\\[a\\] \\*b\\* c](https://x.test/a%20%281%29/#g/x)"
        );
    }

    #[test]
    fn the_embed_snippet_is_escaped_html() {
        assert_eq!(
            embed_html(
                "A <b> & \"c\"",
                480,
                "https://x.test/?embed=1&t=5#g/a",
                "https://x.test/#g/a",
                "https://x.test/embed.js"
            ),
            "<div class=\"probe-playground\" data-title=\"A &lt;b&gt; &amp; &quot;c&quot;\" data-height=\"480\"\n     \
             data-src=\"https://x.test/?embed=1&amp;t=5#g/a\">\n  \
             <a href=\"https://x.test/#g/a\">Open “A &lt;b&gt; &amp; &quot;c&quot;” in probe-playground</a>\n\
             </div>\n<script src=\"https://x.test/embed.js\" defer></script>\n"
        );
    }

    #[test]
    fn file_names_are_lowercase_words() {
        assert_eq!(file_name("Slow start: behind readiness!"), "slow-start-behind-readiness.yaml");
        assert_eq!(file_name("Übergang 2"), "übergang-2.yaml");
        assert_eq!(file_name(" — "), "scenario.yaml");
    }
}
