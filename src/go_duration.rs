//! The two ways Go prints a duration, as kubectl and the kubelet show them.
//!
//! - [`human_duration`] is apimachinery's `duration.HumanDuration`
//!   (`staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go`): the
//!   AGE column, `35s ago`, `(x3 over 20s)`.
//! - [`go_duration`] is Go's `time.Duration.String()` (`src/time/time.go`):
//!   what the kubelet prints in messages such as `back-off 1m20s restarting
//!   failed container`.
//!
//! Both take simulated milliseconds; both truncate towards zero exactly as
//! the Go integer conversions do. The simulator writes its messages with
//! them and the kubectl views print with them, so neither depends on the other.

use crate::history::Millis;

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// `duration.HumanDuration`: about two significant figures, e.g. `119s`,
/// `3m10s`, `70m`, `3h1m`, `47h`, `2d1h`, `8d`, `2y1d`.
pub fn human_duration(d: Millis) -> String {
    // Go: `int(d.Seconds())` truncates towards zero, so -1.999s is "0s":
    // up to two seconds of clock skew count as "now".
    let seconds = d / SECOND;
    if seconds < -1 {
        return "<invalid>".into();
    }
    if seconds < 0 {
        return "0s".into();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = d / MINUTE;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = d / HOUR;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        return if dy == 0 { format!("{}y", hours / 24 / 365) } else { format!("{}y{dy}d", hours / 24 / 365) };
    }
    format!("{}y", hours / 24 / 365)
}

/// Go's `time.Duration.String()` for a duration in milliseconds: `0s`,
/// `500ms`, `1.5s`, `10s`, `1m20s`, `5m0s`, `2h0m0s`.
pub fn go_duration(d: Millis) -> String {
    format_nanos(d.saturating_mul(1_000_000))
}

/// `time.Duration.format` on Go's native unit, nanoseconds.
fn format_nanos(d: i64) -> String {
    let mut u = d.unsigned_abs();
    // Built back to front, as Go does, then reversed.
    let mut out = String::new();
    if u < 1_000_000_000 {
        // Below one second Go switches to the largest unit that keeps an
        // integer part: ns, µs or ms.
        let (unit, prec) = match u {
            0 => return "0s".into(),
            1..=999 => ("sn", 0),
            1_000..=999_999 => ("sµ", 3),
            _ => ("sm", 6),
        };
        out.push_str(unit);
        u = push_fraction(&mut out, u, prec);
        push_int(&mut out, u);
    } else {
        out.push('s');
        u = push_fraction(&mut out, u, 9);
        // u is now whole seconds.
        push_int(&mut out, u % 60);
        u /= 60;
        if u > 0 {
            out.push('m');
            push_int(&mut out, u % 60);
            u /= 60;
            // Go stops at hours: days can be different lengths.
            if u > 0 {
                out.push('h');
                push_int(&mut out, u);
            }
        }
    }
    if d < 0 {
        out.push('-');
    }
    out.chars().rev().collect()
}

/// Go's `fmtFrac`: pushes (reversed) the `prec` fractional digits of `v`
/// without trailing zeros, and the point if any digit was written; returns
/// the integer part.
fn push_fraction(out: &mut String, mut v: u64, prec: u32) -> u64 {
    let mut print = false;
    for _ in 0..prec {
        let digit = v % 10;
        print = print || digit != 0;
        if print {
            out.push(char::from(b'0' + digit as u8));
        }
        v /= 10;
    }
    if print {
        out.push('.');
    }
    v
}

/// Go's `fmtInt`, reversed.
fn push_int(out: &mut String, v: u64) {
    out.extend(v.to_string().chars().rev());
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * HOUR;
    const YEAR: i64 = 365 * DAY;

    /// apimachinery `TestHumanDuration`.
    #[test]
    fn human_duration_go_table() {
        let cases = [
            (SECOND, "1s"),
            (70 * SECOND, "70s"),
            (190 * SECOND, "3m10s"),
            (70 * MINUTE, "70m"),
            (47 * HOUR, "47h"),
            (49 * HOUR, "2d1h"),
            ((8 * 24 + 2) * HOUR, "8d"),
            (367 * DAY, "367d"),
            ((365 * 2 * 24 + 25) * HOUR, "2y1d"),
            ((365 * 8 * 24 + 2) * HOUR, "8y"),
        ];
        for (d, want) in cases {
            assert_eq!(human_duration(d), want, "HumanDuration({d}ms)");
        }
    }

    /// apimachinery `TestHumanDurationBoundaries`, with Go's `- 1` (one
    /// nanosecond) read as one millisecond, the simulator's resolution.
    #[test]
    fn human_duration_go_boundaries() {
        let cases = [
            (-2 * SECOND, "<invalid>"),
            (-2 * SECOND + 1, "0s"),
            (0, "0s"),
            (SECOND - 1, "0s"),
            (2 * MINUTE - 1, "119s"),
            (2 * MINUTE, "2m"),
            (2 * MINUTE + SECOND, "2m1s"),
            (10 * MINUTE - 1, "9m59s"),
            (10 * MINUTE, "10m"),
            (10 * MINUTE + SECOND, "10m"),
            (3 * HOUR - 1, "179m"),
            (3 * HOUR, "3h"),
            (3 * HOUR + MINUTE, "3h1m"),
            (8 * HOUR - 1, "7h59m"),
            (8 * HOUR, "8h"),
            (8 * HOUR + 59 * MINUTE, "8h"),
            (2 * DAY - 1, "47h"),
            (2 * DAY, "2d"),
            (2 * DAY + HOUR, "2d1h"),
            (8 * DAY - 1, "7d23h"),
            (8 * DAY, "8d"),
            (8 * DAY + 23 * HOUR, "8d"),
            (2 * YEAR - 1, "729d"),
            (2 * YEAR, "2y"),
            (2 * YEAR + 23 * HOUR, "2y"),
            (2 * YEAR + 23 * HOUR + 59 * MINUTE, "2y"),
            (2 * YEAR + DAY - 1, "2y"),
            (2 * YEAR + DAY, "2y1d"),
            (3 * YEAR, "3y"),
            (4 * YEAR, "4y"),
            (5 * YEAR, "5y"),
            (6 * YEAR, "6y"),
            (7 * YEAR, "7y"),
            (8 * YEAR - 1, "7y364d"),
            (8 * YEAR, "8y"),
            (8 * YEAR + 364 * DAY, "8y"),
            (9 * YEAR, "9y"),
        ];
        for (d, want) in cases {
            assert_eq!(human_duration(d), want, "HumanDuration({d}ms)");
        }
    }

    /// Go `time_test.go` `durationTests`.
    #[test]
    fn duration_string_go_table() {
        const NS: i64 = 1;
        const US: i64 = 1_000;
        const MS: i64 = 1_000_000;
        const S: i64 = 1_000_000_000;
        let cases = [
            ("0s", 0),
            ("1ns", NS),
            ("1.1µs", 1100 * NS),
            ("2.2ms", 2200 * US),
            ("3.3s", 3300 * MS),
            ("4m5s", 4 * 60 * S + 5 * S),
            ("4m5.001s", 4 * 60 * S + 5001 * MS),
            ("5h6m7.001s", 5 * 3600 * S + 6 * 60 * S + 7001 * MS),
            ("8m0.000000001s", 8 * 60 * S + NS),
            ("2562047h47m16.854775807s", i64::MAX),
            ("-2562047h47m16.854775808s", i64::MIN),
        ];
        for (want, d) in cases {
            assert_eq!(format_nanos(d), want, "Duration({d}).String()");
        }
    }

    /// The kubelet's back-off messages print the delay with `%s` of a
    /// `time.Duration`: whole minutes keep their `0s`.
    #[test]
    fn duration_string_of_back_off_delays() {
        assert_eq!(go_duration(10 * SECOND), "10s");
        assert_eq!(go_duration(80 * SECOND), "1m20s");
        assert_eq!(go_duration(5 * MINUTE), "5m0s");
        assert_eq!(go_duration(2 * HOUR), "2h0m0s");
        assert_eq!(go_duration(1500), "1.5s");
        assert_eq!(go_duration(500), "500ms");
        assert_eq!(go_duration(-1500), "-1.5s");
    }
}
