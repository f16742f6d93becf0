//! The simulated clock as the playground and the command line print it: the
//! time since the scenario started as `mm:ss`, or `h:mm:ss` from the first
//! hour on, with or without tenths of a second.

use crate::history::Millis;

/// How finely a simulated time is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `02:05.3`, the event log's clock.
    Tenths,
    /// `02:05`, for the playback controls, the timeline's axis and the
    /// actions applied.
    Seconds,
}

pub fn sim_clock(t: Millis, precision: Precision) -> String {
    let tenths = t.div_euclid(100);
    let (h, m, s) = (tenths / 36_000, tenths / 600 % 60, tenths / 10 % 60);
    let clock = if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m:02}:{s:02}") };
    match precision {
        Precision::Tenths => format!("{clock}.{}", tenths % 10),
        Precision::Seconds => clock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_and_seconds_then_hours() {
        assert_eq!(sim_clock(0, Precision::Seconds), "00:00");
        assert_eq!(sim_clock(95_400, Precision::Seconds), "01:35");
        assert_eq!(sim_clock(95_400, Precision::Tenths), "01:35.4");
        assert_eq!(sim_clock(3_599_999, Precision::Tenths), "59:59.9");
        assert_eq!(sim_clock(3_725_000, Precision::Seconds), "1:02:05");
        assert_eq!(sim_clock(3_725_050, Precision::Tenths), "1:02:05.0");
    }
}
