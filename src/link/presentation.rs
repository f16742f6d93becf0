//! How a link shows its scenario: the query string's parameters, read here
//! and applied by the page. Unknown parameters are ignored; a known one with
//! a value it cannot take is ignored too, with a note that says why, so a
//! typo in a docs page never stops the scenario from opening.
//!
//! | parameter | values | default |
//! |---|---|---|
//! | `embed` | `0`, `1` | `0` |
//! | `panes` | comma list of `Pane` names, in order | `cluster,timeline,events` |
//! | `readonly` | `0`, `1` | `1` in an embed |
//! | `theme` | `auto`, `light`, `dark` | `auto` |
//! | `t` | seconds, `m:ss` or `h:mm:ss` | `0` |
//! | `autoplay` | `0`, `1` | `0` |
//! | `speed` | one of `SPEEDS` | `10` |
//! | `until` | a time, as `t` | the end |
//! | `loop` | `0`, `1` | `0` |
//! | `controls` | `0`, `1` | `1` |
//! | `title` | text | none |
//! | `autoresize` | `0`, `1` | `0` |
//! | `origin` | the host page's origin | none |

use crate::history::Millis;

/// Playback speeds offered, in simulated seconds per real second.
pub const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 60];
pub const DEFAULT_SPEED: u32 = 10;

/// A part of the page an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// The Kubernetes YAML editor.
    Kubernetes,
    /// The app-behaviour editor.
    Behaviour,
    Cluster,
    Timeline,
    /// `kubectl get pods -w`.
    Pods,
    /// `kubectl get events -w`.
    Events,
    /// `kubectl describe pod`.
    Describe,
    Traffic,
    /// The app's request log.
    Log,
}

impl Pane {
    pub const ALL: [Pane; 9] = [
        Pane::Kubernetes,
        Pane::Behaviour,
        Pane::Cluster,
        Pane::Timeline,
        Pane::Pods,
        Pane::Events,
        Pane::Describe,
        Pane::Traffic,
        Pane::Log,
    ];
    /// What an embed shows when `panes` is not given.
    pub const DEFAULT: [Pane; 3] = [Pane::Cluster, Pane::Timeline, Pane::Events];

    /// The name in `panes=`.
    pub fn name(self) -> &'static str {
        match self {
            Pane::Kubernetes => "k8s",
            Pane::Behaviour => "app",
            Pane::Cluster => "cluster",
            Pane::Timeline => "timeline",
            Pane::Pods => "pods",
            Pane::Events => "events",
            Pane::Describe => "describe",
            Pane::Traffic => "traffic",
            Pane::Log => "log",
        }
    }

    pub fn from_name(name: &str) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeSetting {
    /// The system's (or, in an iframe, the host element's) colour scheme.
    #[default]
    Auto,
    Light,
    Dark,
}

impl ThemeSetting {
    pub fn name(self) -> &'static str {
        match self {
            ThemeSetting::Auto => "auto",
            ThemeSetting::Light => "light",
            ThemeSetting::Dark => "dark",
        }
    }

    pub fn from_name(name: &str) -> Option<ThemeSetting> {
        [ThemeSetting::Auto, ThemeSetting::Light, ThemeSetting::Dark].into_iter().find(|t| t.name() == name)
    }
}

/// The presentation a query string asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    pub embed: bool,
    /// The panes an embed shows, in this order.
    pub panes: Vec<Pane>,
    /// Editors can be read and copied but not changed.
    pub read_only: bool,
    pub theme: ThemeSetting,
    /// Where playback starts (and where a loop goes back to).
    pub start: Millis,
    pub autoplay: bool,
    pub speed: u32,
    /// Where playback stops (or loops), if before the end.
    pub until: Option<Millis>,
    pub looping: bool,
    /// Playback controls (and, standalone, the live actions).
    pub controls: bool,
    pub title: Option<String>,
    /// Tell the host page the content's height (`resize` messages).
    pub autoresize: bool,
    /// The host page's origin: messages that carry the scenario go there only.
    pub origin: Option<String>,
    /// What was wrong with the values given, one sentence each.
    pub notes: Vec<String>,
}

impl Default for Presentation {
    fn default() -> Self {
        Presentation {
            embed: false,
            panes: Pane::DEFAULT.to_vec(),
            read_only: false,
            theme: ThemeSetting::Auto,
            start: 0,
            autoplay: false,
            speed: DEFAULT_SPEED,
            until: None,
            looping: false,
            controls: true,
            title: None,
            autoresize: false,
            origin: None,
            notes: vec![],
        }
    }
}

impl Presentation {
    /// Reads a query string (with or without its `?`). Later values of a
    /// parameter win over earlier ones.
    pub fn parse(query: &str) -> Presentation {
        let mut p = Presentation::default();
        let (mut read_only, mut notes) = (None, vec![]);
        for (key, value) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let value = value.trim();
            let mut note = |expected: &str| notes.push(format!("{key}={value} is ignored: {expected}."));
            match key.as_ref() {
                "embed" => set_flag(&mut p.embed, value, &mut note),
                "readonly" => match flag(value) {
                    Some(on) => read_only = Some(on),
                    None => note(FLAG),
                },
                "autoplay" => set_flag(&mut p.autoplay, value, &mut note),
                "loop" => set_flag(&mut p.looping, value, &mut note),
                "controls" => set_flag(&mut p.controls, value, &mut note),
                "autoresize" => set_flag(&mut p.autoresize, value, &mut note),
                "theme" => match ThemeSetting::from_name(value) {
                    Some(theme) => p.theme = theme,
                    None => note("use auto, light or dark"),
                },
                "t" => match parse_time(value) {
                    Some(t) => p.start = t,
                    None => note(TIME),
                },
                "until" => match parse_time(value) {
                    Some(t) => p.until = Some(t),
                    None => note(TIME),
                },
                "speed" => match value.parse().ok().filter(|s| SPEEDS.contains(s)) {
                    Some(speed) => p.speed = speed,
                    None => note("use 1, 2, 5, 10, 30 or 60"),
                },
                "title" => p.title = Some(value.to_string()).filter(|t| !t.is_empty()),
                "origin" => match parse_origin(value) {
                    Some(origin) => p.origin = Some(origin),
                    None => note("give the host page's origin, like https://example.com"),
                },
                "panes" => {
                    let (panes, unknown) = parse_panes(value);
                    if !unknown.is_empty() {
                        let known: Vec<&str> = Pane::ALL.iter().map(|p| p.name()).collect();
                        notes.push(format!(
                            "panes: {} unknown; the panes are {}.",
                            unknown.join(", "),
                            known.join(", ")
                        ));
                    }
                    if !panes.is_empty() {
                        p.panes = panes;
                    }
                }
                _ => {}
            }
        }
        p.read_only = read_only.unwrap_or(p.embed);
        if let Some(until) = p.until
            && until <= p.start
        {
            notes.push(format!(
                "until={} is ignored: it is not after the start, {}.",
                format_time(until),
                format_time(p.start)
            ));
            p.until = None;
        }
        p.notes = notes;
        p
    }

    /// The query string (without `?`) of an embed of this presentation:
    /// `embed=1` and every value that differs from an embed's default, in
    /// the order of the table above.
    pub fn embed_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("embed", "1");
        if self.panes != Pane::DEFAULT {
            let names: Vec<&str> = self.panes.iter().map(|p| p.name()).collect();
            q.append_pair("panes", &names.join(","));
        }
        if !self.read_only {
            q.append_pair("readonly", "0");
        }
        if self.theme != ThemeSetting::Auto {
            q.append_pair("theme", self.theme.name());
        }
        if self.start > 0 {
            q.append_pair("t", &format_time(self.start));
        }
        if self.autoplay {
            q.append_pair("autoplay", "1");
        }
        if self.speed != DEFAULT_SPEED {
            q.append_pair("speed", &self.speed.to_string());
        }
        if let Some(until) = self.until {
            q.append_pair("until", &format_time(until));
        }
        if self.looping {
            q.append_pair("loop", "1");
        }
        if !self.controls {
            q.append_pair("controls", "0");
        }
        if let Some(title) = &self.title {
            q.append_pair("title", title);
        }
        if self.autoresize {
            q.append_pair("autoresize", "1");
        }
        if let Some(origin) = &self.origin {
            q.append_pair("origin", origin);
        }
        // `,` and `:` are left readable: both are allowed in a query.
        q.finish().replace("%2C", ",").replace("%3A", ":")
    }
}

/// The parameters that mean something only inside a docs page's frame.
const EMBED_ONLY: [&str; 3] = ["embed", "autoresize", "origin"];

/// A query string (without `?`) for the full playground, from an embed's:
/// the same, less `embed`, `autoresize` and `origin`.
pub fn standalone_query(query: &str) -> String {
    let query = query.trim_start_matches('?');
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            let key = form_urlencoded::parse(key.as_bytes()).next().map(|(k, _)| k.into_owned()).unwrap_or_default();
            !EMBED_ONLY.contains(&key.as_str())
        })
        .collect();
    kept.join("&")
}

const FLAG: &str = "use 0 or 1";
const TIME: &str = "use seconds, m:ss or h:mm:ss";

fn flag(value: &str) -> Option<bool> {
    match value {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

fn set_flag(slot: &mut bool, value: &str, note: &mut impl FnMut(&str)) {
    match flag(value) {
        Some(on) => *slot = on,
        None => note(FLAG),
    }
}

/// `panes=timeline,pods`: the known panes in order (each once), and the unknown names.
fn parse_panes(value: &str) -> (Vec<Pane>, Vec<String>) {
    let (mut panes, mut unknown) = (vec![], vec![]);
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match Pane::from_name(name) {
            Some(pane) if !panes.contains(&pane) => panes.push(pane),
            Some(_) => {}
            None => unknown.push(name.to_string()),
        }
    }
    (panes, unknown)
}

/// `https://docs.example.com` or `http://127.0.0.1:8000`: a scheme, a host
/// and maybe a port, nothing else (a trailing `/` is dropped).
fn parse_origin(value: &str) -> Option<String> {
    let value = value.strip_suffix('/').unwrap_or(value);
    let (scheme, host) = value.split_once("://")?;
    let host_ok = !host.is_empty()
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    (matches!(scheme, "http" | "https") && host_ok).then(|| value.to_string())
}

/// A time of the simulation: `95`, `95.5`, `1:35`, `1:01:35` (the last part
/// may have a fraction). Seconds and minutes after the first part are below 60.
pub fn parse_time(text: &str) -> Option<Millis> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let (last, whole) = parts.split_last()?;
    let mut seconds: f64 = 0.0;
    for (i, part) in whole.iter().enumerate() {
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: f64 = part.parse().ok()?;
        if i > 0 && n >= 60.0 {
            return None;
        }
        seconds = seconds * 60.0 + n;
    }
    if !last.bytes().all(|b| b.is_ascii_digit() || b == b'.') || last.starts_with('.') {
        return None;
    }
    let tail: f64 = last.parse().ok()?;
    if !whole.is_empty() && tail >= 60.0 {
        return None;
    }
    let ms = (seconds * 60.0 + tail) * 1000.0;
    (ms.is_finite() && ms <= 1e15).then(|| ms.round() as Millis)
}

/// `150_000` → `2:30`; `3_725_500` → `1:02:05.5`; under a minute, seconds: `45`.
pub fn format_time(t: Millis) -> String {
    let t = t.max(0);
    let (ms, s) = (t % 1000, t / 1000);
    let fraction = if ms == 0 { String::new() } else { format!(".{ms:03}").trim_end_matches('0').to_string() };
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, sec) => format!("{sec}{fraction}"),
        (0, min, sec) => format!("{min}:{sec:02}{fraction}"),
        (h, min, sec) => format!("{h}:{min:02}:{sec:02}{fraction}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_seconds_m_ss_or_h_mm_ss() {
        assert_eq!(parse_time("0"), Some(0));
        assert_eq!(parse_time("95"), Some(95_000));
        assert_eq!(parse_time("95.5"), Some(95_500));
        assert_eq!(parse_time("2:30"), Some(150_000));
        assert_eq!(parse_time("0:05"), Some(5_000));
        assert_eq!(parse_time("1:02:03"), Some(3_723_000));
        assert_eq!(parse_time("1:02:03.25"), Some(3_723_250));
        for bad in ["", "abc", "1:60", "1:60:00", "1:2:3:4", ":30", "1:", "-5", "1e3", ".5", "2:3x", "+5", "1.5:30"] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn times_print_as_they_are_read() {
        for (t, text) in [(0, "0"), (45_000, "45"), (150_000, "2:30"), (3_725_500, "1:02:05.5"), (60_250, "1:00.25")] {
            assert_eq!(format_time(t), text);
            assert_eq!(parse_time(text), Some(t));
        }
    }

    #[test]
    fn no_query_is_the_standalone_playground() {
        let p = Presentation::parse("");
        assert_eq!(p, Presentation::default());
        assert!(!p.embed && !p.read_only && p.controls);
        assert_eq!(p.panes, [Pane::Cluster, Pane::Timeline, Pane::Events]);
    }

    #[test]
    fn every_parameter_is_read() {
        let p = Presentation::parse(
            "?embed=1&panes=timeline,pods&readonly=0&theme=dark&t=2:30&autoplay=1&speed=30&until=5:00&loop=1\
             &controls=0&title=Slow%20start+%26%20%3Cb%3E&autoresize=1&origin=https://docs.example.com/",
        );
        assert_eq!(
            p,
            Presentation {
                embed: true,
                panes: vec![Pane::Timeline, Pane::Pods],
                read_only: false,
                theme: ThemeSetting::Dark,
                start: 150_000,
                autoplay: true,
                speed: 30,
                until: Some(300_000),
                looping: true,
                controls: false,
                title: Some("Slow start & <b>".into()),
                autoresize: true,
                origin: Some("https://docs.example.com".into()),
                notes: vec![],
            }
        );
    }

    #[test]
    fn an_embed_is_read_only_unless_asked() {
        assert!(Presentation::parse("embed=1").read_only);
        assert!(!Presentation::parse("readonly=0&embed=1").read_only);
        assert!(Presentation::parse("readonly=1").read_only);
    }

    #[test]
    fn unknown_parameters_are_ignored_and_bad_values_noted() {
        let p = Presentation::parse("utm_source=x&embed=yes&t=soon&speed=7&theme=blue&origin=*&panes=pods,logs,pods");
        assert_eq!(p.panes, [Pane::Pods]);
        assert!(!p.embed);
        assert_eq!(p.start, 0);
        assert_eq!(p.speed, DEFAULT_SPEED);
        assert_eq!(
            p.notes,
            [
                "embed=yes is ignored: use 0 or 1.",
                "t=soon is ignored: use seconds, m:ss or h:mm:ss.",
                "speed=7 is ignored: use 1, 2, 5, 10, 30 or 60.",
                "theme=blue is ignored: use auto, light or dark.",
                "origin=* is ignored: give the host page's origin, like https://example.com.",
                "panes: logs unknown; the panes are k8s, app, cluster, timeline, pods, events, describe, traffic, log.",
            ]
        );
    }

    #[test]
    fn panes_with_no_known_name_keep_the_default() {
        assert_eq!(Presentation::parse("panes=nope").panes, Pane::DEFAULT);
        assert_eq!(Presentation::parse("panes=").panes, Pane::DEFAULT);
    }

    #[test]
    fn until_must_come_after_the_start() {
        let p = Presentation::parse("t=60&until=30");
        assert_eq!(p.until, None);
        assert_eq!(p.notes, ["until=30 is ignored: it is not after the start, 1:00."]);
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(parse_origin("http://127.0.0.1:8000"), Some("http://127.0.0.1:8000".into()));
        assert_eq!(parse_origin("https://docs.example.com/"), Some("https://docs.example.com".into()));
        for bad in ["*", "null", "docs.example.com", "https://x.test/path", "javascript://x", "https://"] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_full_playground_drops_what_only_an_embed_needs() {
        assert_eq!(
            standalone_query("?embed=1&panes=pods&t=1:30&origin=https://x.test&autoresize=1"),
            "panes=pods&t=1:30"
        );
        assert_eq!(standalone_query("%65mbed=1&title=a%26b"), "title=a%26b");
        assert_eq!(standalone_query(""), "");
    }

    #[test]
    fn an_embed_query_writes_what_differs_from_the_defaults() {
        let mut p = Presentation::parse("embed=1");
        assert_eq!(p.embed_query(), "embed=1");
        p.panes = vec![Pane::Timeline, Pane::Pods];
        p.start = 95_000;
        p.title = Some("Slow & <start>".into());
        p.theme = ThemeSetting::Light;
        assert_eq!(p.embed_query(), "embed=1&panes=timeline,pods&theme=light&t=1:35&title=Slow+%26+%3Cstart%3E");
        let again = Presentation::parse(&p.embed_query());
        assert_eq!(again, p);
    }
}
