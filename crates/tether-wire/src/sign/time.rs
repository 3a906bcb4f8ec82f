//! UTC calendar conversions for the timestamp formats the signatures carry:
//! `2016-02-23T12:46:24Z` (Alibaba), `20201230T081805Z` (Volcengine), `2019-02-25` (Tencent
//! credential scope). Proleptic Gregorian calendar, no leap seconds.

/// A UTC date and time with second precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UtcDateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

const SECONDS_PER_DAY: u64 = 86_400;

impl UtcDateTime {
    /// The calendar time of `secs` seconds after the Unix epoch.
    pub(crate) fn from_unix(secs: u64) -> Self {
        // At most u64::MAX / 86400 (below 2^48), so the cast to i64 is lossless.
        let days = (secs / SECONDS_PER_DAY) as i64;
        let rem = secs % SECONDS_PER_DAY;
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            // Each quotient is below 24 / 60, so the narrowing is lossless.
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// Seconds after the Unix epoch, `None` before 1970.
    pub(crate) fn to_unix(self) -> Option<u64> {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days
            .checked_mul(86_400)?
            .checked_add(i64::from(self.hour * 3600 + self.minute * 60 + self.second))?;
        u64::try_from(secs).ok()
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) fn iso8601(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYYMMDDTHHMMSSZ`.
    pub(crate) fn iso8601_basic(self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYY-MM-DD`.
    pub(crate) fn date_dashed(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYYMMDD`.
    pub(crate) fn date_compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    pub(crate) fn parse_iso8601(text: &str) -> Option<Self> {
        Self::parse_with(text, "YYYY-MM-DDThh:mm:ssZ")
    }

    /// Parses `YYYYMMDDTHHMMSSZ`.
    pub(crate) fn parse_iso8601_basic(text: &str) -> Option<Self> {
        Self::parse_with(text, "YYYYMMDDThhmmssZ")
    }

    /// Parses `text` against `layout`: each of `Y M D h m s` stands for an ASCII digit of that
    /// field (year, month, day, hour, minute, second); every other byte must match literally.
    fn parse_with(text: &str, layout: &str) -> Option<Self> {
        const FIELDS: &[u8; 6] = b"YMDhms";
        let text = text.as_bytes();
        if text.len() != layout.len() {
            return None;
        }
        let mut values = [0u32; 6];
        for (&byte, &expected) in text.iter().zip(layout.as_bytes()) {
            match FIELDS.iter().position(|&f| f == expected) {
                Some(field) if byte.is_ascii_digit() => {
                    let value = values.get_mut(field)?;
                    *value = *value * 10 + u32::from(byte - b'0');
                }
                Some(_) => return None,
                None if byte == expected => {}
                None => return None,
            }
        }
        let [year, month, day, hour, minute, second] = values;
        Self::from_fields(year, month, day, hour, minute, second)
    }

    fn from_fields(
        year: u32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        let year = i64::from(year);
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then_some(Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (era-based day count, 400-year cycles of 146097 days,
/// years starting in March so that the leap day ends the year).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let shifted_month = if m > 2 { m - 3 } else { m + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        type Format = fn(UtcDateTime) -> String;
        let known: [(u64, Format, &str); 6] = [
            (1_456_231_584, UtcDateTime::iso8601, "2016-02-23T12:46:24Z"),
            (
                1_609_316_285,
                UtcDateTime::iso8601_basic,
                "20201230T081805Z",
            ),
            (1_551_113_065, UtcDateTime::date_dashed, "2019-02-25"),
            (0, UtcDateTime::iso8601, "1970-01-01T00:00:00Z"),
            (951_782_400, UtcDateTime::date_dashed, "2000-02-29"),
            (4_107_542_399, UtcDateTime::iso8601, "2100-02-28T23:59:59Z"),
        ];
        for (secs, format, expected) in known {
            assert_eq!(format(UtcDateTime::from_unix(secs)), expected, "{secs}");
        }
        // The far future formats (with a longer year) instead of overflowing.
        assert!(UtcDateTime::from_unix(u64::MAX).iso8601().ends_with('Z'));
    }

    #[test]
    fn parse_round_trips() {
        for secs in [
            0u64,
            1,
            86_399,
            951_782_400,
            1_456_231_584,
            1_709_164_800,
            4_107_542_400,
        ] {
            let t = UtcDateTime::from_unix(secs);
            assert_eq!(UtcDateTime::parse_iso8601(&t.iso8601()), Some(t));
            assert_eq!(
                UtcDateTime::parse_iso8601_basic(&t.iso8601_basic()),
                Some(t)
            );
            assert_eq!(t.to_unix(), Some(secs));
        }
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "2016-02-23T12:46:24",
            "2016-02-30T12:46:24Z",
            "2016-13-01T00:00:00Z",
            "2016-02-23 12:46:24Z",
            "2016-02-23T24:00:00Z",
            "2O16-02-23T12:46:24Z",
            "２016-02-23T12:46:24Z",
        ] {
            assert_eq!(UtcDateTime::parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(UtcDateTime::parse_iso8601_basic("20201230T081805"), None);
        assert_eq!(
            UtcDateTime::parse_iso8601_basic("2020-12-30T08:18:05Z"),
            None
        );
        assert_eq!(
            UtcDateTime::parse_iso8601("1969-12-31T23:59:59Z").and_then(UtcDateTime::to_unix),
            None
        );
    }
}
