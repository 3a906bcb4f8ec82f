//! Wall-clock helpers: milliseconds since the Unix epoch (the emulator stores every deadline
//! in wall-clock time so a persisted state settles correctly after a restart), the UTC
//! timestamp formats the clouds print, and request/resource id generation.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (0 if the system clock is before 1970).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// When every emulated resource was created: 2024-01-01T00:00:00Z. The views show it in
/// their API's format, the `CREATED_*` constants below.
pub const RESOURCES_CREATED_MS: u64 = 1_704_067_200_000;

/// [`RESOURCES_CREATED_MS`] to the second (Alibaba VPC, ESS `CreatedTime`, Tencent).
pub const CREATED_SECONDS: &str = "2024-01-01T00:00:00Z";

/// [`RESOURCES_CREATED_MS`] to the minute (Alibaba ECS, ESS, SLB).
pub const CREATED_MINUTES: &str = "2024-01-01T00:00Z";

/// The same wall-clock time with Volcengine's `+08:00` offset.
pub const CREATED_VOLCENGINE: &str = "2024-01-01T00:00:00+08:00";

/// A UTC calendar time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utc {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Utc {
    /// Converts Unix milliseconds (proleptic Gregorian calendar, no leap seconds).
    pub fn from_ms(ms: u64) -> Utc {
        let secs = ms / 1000;
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        let rem = secs % 86_400;
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Utc {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
            hour: u32::try_from(rem / 3600).unwrap_or(0),
            minute: u32::try_from((rem % 3600) / 60).unwrap_or(0),
            second: u32::try_from(rem % 60).unwrap_or(0),
        }
    }

    /// `2024-01-02T03:04:05Z`.
    pub fn iso_seconds(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2024-01-02T03:04Z` (Alibaba ESS `CreationTime`, minute precision).
    pub fn iso_minutes(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// `2024-01-02 03:04:05` (Tencent `CreatedTime`).
    pub fn space_separated(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// `2024-01-02T03:04:05Z` for Unix milliseconds.
pub fn iso(ms: u64) -> String {
    Utc::from_ms(ms).iso_seconds()
}

/// Process-wide generator of request ids (not part of the fault RNG, so ids never disturb
/// fault determinism).
static REQUEST_COUNTER: AtomicU64 = AtomicU64::new(0);

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A fresh UUID-shaped request id (upper-case hex, like Alibaba's).
pub fn request_id() -> String {
    let n = REQUEST_COUNTER.fetch_add(1, Ordering::Relaxed);
    let a = mix(now_ms() ^ n.rotate_left(32));
    let b = mix(a ^ n);
    format!(
        "{:08X}-{:04X}-4{:03X}-{:04X}-{:012X}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0x0fff) as u16,
        ((b >> 48) as u16 & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_creation_time_constants_spell_one_instant() {
        let created = Utc::from_ms(RESOURCES_CREATED_MS);
        assert_eq!(created.iso_seconds(), CREATED_SECONDS);
        assert_eq!(created.iso_minutes(), CREATED_MINUTES);
        assert_eq!(
            CREATED_VOLCENGINE.strip_suffix("+08:00"),
            CREATED_SECONDS.strip_suffix('Z')
        );
    }

    #[test]
    fn calendar_conversion() {
        // 2023-10-26T10:22:32Z
        assert_eq!(iso(1_698_315_752_000), "2023-10-26T10:22:32Z");
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            Utc::from_ms(951_782_400_000).iso_minutes(),
            "2000-02-29T00:00Z"
        );
    }

    #[test]
    fn request_ids_differ() {
        assert_ne!(request_id(), request_id());
        assert_eq!(request_id().len(), 36);
    }
}
