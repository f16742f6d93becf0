//! Wall-clock renderings of simulated time.
//!
//! The simulator counts milliseconds from the scenario start; kubectl prints
//! absolute timestamps. Every scenario starts at the same fixed instant,
//! [`SCENARIO_EPOCH`], so outputs are reproducible. The calendar arithmetic
//! is done here (no clock, no date crate): it must build for wasm32.

use crate::history::{EPOCH_UNIX_SECONDS, Millis};

/// The wall-clock instant of simulated time 0: 2025-01-06T09:00:00Z (a
/// Monday), in milliseconds since the Unix epoch.
pub const SCENARIO_EPOCH: i64 = EPOCH_UNIX_SECONDS * 1000;

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Go's `time.RFC1123Z` layout (`Mon, 02 Jan 2006 15:04:05 -0700`) in UTC,
/// as `kubectl describe` prints Start Time, Started and Finished.
pub fn rfc1123z(t: Millis) -> String {
    let unix_seconds = (SCENARIO_EPOCH + t).div_euclid(1000);
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} +0000",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[month as usize - 1],
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
    )
}

/// Nanoseconds since the Unix epoch: what client-go's event recorder puts in
/// an event's name (`<object>.<%x of UnixNano>`).
pub fn unix_nanos(t: Millis) -> i64 {
    (SCENARIO_EPOCH + t) * 1_000_000
}

/// Simulated time as the event log shows it: `mm:ss.s` (`00:31.5`), with
/// hours in front once there are any (`1:02:03.0`). Tenths are truncated so
/// that a line never appears to happen later than it did.
pub fn sim_clock(t: Millis) -> String {
    crate::clock::sim_clock(t, crate::clock::Precision::Tenths)
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (y, m, d).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123z_of_the_scenario_epoch_and_later() {
        assert_eq!(rfc1123z(0), "Mon, 06 Jan 2025 09:00:00 +0000");
        assert_eq!(rfc1123z(3_999), "Mon, 06 Jan 2025 09:00:03 +0000");
        // 15h 1m later crosses midnight into Tuesday.
        assert_eq!(rfc1123z(15 * 3_600_000 + 60_000), "Tue, 07 Jan 2025 00:01:00 +0000");
        // Across a month and a leap day: 2025 is not leap, 2028 is.
        assert_eq!(rfc1123z(25 * 86_400_000), "Fri, 31 Jan 2025 09:00:00 +0000");
        assert_eq!(rfc1123z(26 * 86_400_000), "Sat, 01 Feb 2025 09:00:00 +0000");
        assert_eq!(civil_from_days(21_243), (2028, 2, 29));
    }

    #[test]
    fn sim_clock_formats() {
        assert_eq!(sim_clock(0), "00:00.0");
        assert_eq!(sim_clock(31_599), "00:31.5");
        assert_eq!(sim_clock(10 * 60_000 + 5_000), "10:05.0");
        assert_eq!(sim_clock(3_723_000), "1:02:03.0");
        assert_eq!(sim_clock(25 * 3_600_000), "25:00:00.0");
    }

    #[test]
    fn unix_nanos_of_epoch() {
        assert_eq!(format!("{:x}", unix_nanos(0)), "18180edd4d5fa000");
    }
}
