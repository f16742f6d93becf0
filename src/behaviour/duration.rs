//! Durations as people write them in a behaviour document: `500ms`, `10s`,
//! `1m30s`, `2m`, `1h`, `1.5s`, a clock reading `2:00` or `1:02:03`, or a bare
//! number of seconds.

use crate::history::Millis;

pub fn parse_duration(text: &str) -> Result<Millis, String> {
    let s = text.trim();
    let err = || format!("`{text}` is not a duration; write it like 500ms, 10s, 1m30s, 2h or 2:00");
    if s.is_empty() {
        return Err(err());
    }
    if s.contains(':') {
        let mut total: Millis = 0;
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > 3 {
            return Err(err());
        }
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let value = if last {
                parse_seconds(part).ok_or_else(err)?
            } else {
                part.parse::<Millis>().map_err(|_| err())? * 1000
            };
            total = total.checked_mul(if i == 0 { 1 } else { 60 }).ok_or_else(err)?;
            total = total.checked_add(value).ok_or_else(err)?;
        }
        return Ok(total);
    }
    if let Some(ms) = parse_seconds(s) {
        return Ok(ms);
    }
    let mut total: Millis = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(err)?;
        if digits == 0 {
            return Err(err());
        }
        let number: f64 = rest[..digits].parse().map_err(|_| err())?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return Err(err()),
        };
        rest = &rest[unit_len..];
        let part = number * scale;
        if !part.is_finite() || part > 1e15 {
            return Err(err());
        }
        total += part.round() as Millis;
    }
    Ok(total)
}

/// A bare number of seconds, possibly fractional.
fn parse_seconds(s: &str) -> Option<Millis> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    (v.is_finite() && v < 1e12).then(|| (v * 1000.0).round() as Millis)
}

/// The inverse, for messages and the UI: `1m30s`, `500ms`, `2h`.
pub fn format_duration(ms: Millis) -> String {
    if ms < 1000 && ms != 0 {
        return format!("{ms}ms");
    }
    let (h, m, s, rest) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || rest > 0 || out.is_empty() {
        if rest > 0 {
            out.push_str(format!("{s}.{:03}", rest).trim_end_matches('0'));
            out.push('s');
        } else {
            out.push_str(&format!("{s}s"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_people_write() {
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("10s"), Ok(10_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000));
        assert_eq!(parse_duration("2h"), Ok(7_200_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500));
        assert_eq!(parse_duration("2:00"), Ok(120_000));
        assert_eq!(parse_duration("1:02:03"), Ok(3_723_000));
        assert_eq!(parse_duration("30"), Ok(30_000));
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for bad in ["10 sec", "ten", "", "5d", "-3s", "1:2:3:4", "s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_duration("10 sec").unwrap_err().contains("1m30s"));
    }

    #[test]
    fn formats_back() {
        assert_eq!(format_duration(90_000), "1m30s");
        assert_eq!(format_duration(500), "500ms");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(1_500), "1.5s");
        assert_eq!(format_duration(3_600_000), "1h");
    }
}
