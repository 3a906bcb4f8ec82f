//! Retry policy: which failures are transient, and how long to wait between attempts.
//!
//! **Backoff** ([`Backoff`]): exponential with full jitter. Before retry `n` (0-based) the
//! client sleeps a uniformly random time in `[0, min(cap, base × 2ⁿ)]`; defaults
//! `base` = 200 ms, `cap` = 10 s. With the default 8 retries the ceilings are 0.2, 0.4,
//! 0.8, 1.6, 3.2, 6.4, 10 and 10 s: at most 32.6 s of sleep in all, 16.3 s on average.
//! The call's deadline bounds the total as well: a retry whose sleep would end past the
//! deadline is not attempted.
//!
//! **Transient classes** ([`is_transient_code`], [`is_transient_status`]; the code classes are
//! declared as data below, the clouds' documented codes through
//! [`tether_wire::constraints`]); everything else fails at once:
//!
//! | class | codes |
//! |---|---|
//! | HTTP | any 5xx status, 429 |
//! | all clouds | `ServiceUnavailable*`, `TaskConflict*`, `OperationConflict*`, `*MutexTaskRunning`, `IdempotentProcessing`, `ScalingActivityInProgress`, `*LastTokenProcessing`, `SystemBusy*` |
//! | Alibaba | any code containing `Throttling` (any case: `Throttling`, `Throttling.User`, `Throttling.Api`, `Rejected.Throttling`, …), `InternalError*` |
//! | Tencent | `RequestLimitExceeded*` (`.IPLimitExceeded`, `.UinLimitExceeded`, …), `InternalError*` and `InternalServerError` (DescribeTaskResult's; Tencent answers errors with HTTP 200, so the 5xx rule cannot catch them), `ResourceBusy*`; with the common rules `OperationDenied.MutexTaskRunning` / `DesOperation.MutexTaskRunning` (the EIP APIs' "busy" codes, [`tether_wire::constraints::tencent_vpc::classify`]) |
//! | Volcengine | `FlowLimitExceeded*`, `RequestLimitExceeded*`, `TooManyRequests`, any code containing `Throttling`, `InternalError*`, `UndefinedError` |
//! | transport | connection failures, timeouts, a request or body that broke off mid-way |
//!
//! Of these, only a broken exchange, an HTTP 5xx answer and the server-error codes
//! (`InternalError*`, `InternalServerError`, `ServiceUnavailable*`, `UndefinedError`) leave
//! unknown whether the request took effect ([`leaves_outcome_unknown`]); a throttled, busy or
//! conflicting request did not run. A write's caller needs that difference after a failure.
//!
//! `*` is a wildcard; `X*` also means `X.something`. Tencent `ResourceInUse` and
//! `ResourceUnavailable` are deliberately not retried here: for EIPs they usually describe a
//! lasting state (the address is bound elsewhere). Status-transition codes such as
//! `IncorrectEipStatus` are not transient in general either; a caller that knows a
//! transition is under way adds them per call with [`crate::CallContext::retry_also`].

use std::time::Duration;

use tether_wire::cloud::Cloud;
use tether_wire::constraints as codes;

use crate::error::ClientError;
use crate::random;

/// Default first backoff ceiling.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(200);
/// Default largest backoff ceiling.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(10);

/// How the sleep is drawn below its ceiling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// Uniform in `[0, ceiling]` ("full jitter"): spreads the retries of many clients.
    Full,
    /// Exactly the ceiling (deterministic; for tests and diagnostics).
    None,
}

/// Exponential backoff schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// Ceiling of the first sleep.
    pub base: Duration,
    /// Largest ceiling.
    pub cap: Duration,
    /// How the sleep is drawn.
    pub jitter: Jitter,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: DEFAULT_BASE_DELAY,
            cap: DEFAULT_MAX_DELAY,
            jitter: Jitter::Full,
        }
    }
}

impl Backoff {
    /// `min(cap, base × 2^retry)` for the 0-based `retry`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base
            .checked_mul(factor)
            .map_or(self.cap, |d| d.min(self.cap))
    }

    /// The sleep before the 0-based `retry`.
    pub fn delay(&self, retry: u32) -> Duration {
        let ceiling = self.ceiling(retry);
        match self.jitter {
            Jitter::None => ceiling,
            Jitter::Full => ceiling.mul_f64(random::unit_fraction()),
        }
    }

    /// The largest total sleep of `retries` retries.
    pub fn max_total(&self, retries: u32) -> Duration {
        (0..retries).map(|n| self.ceiling(n)).sum()
    }
}

/// Whether an HTTP status marks a transient failure (5xx, 429).
pub fn is_transient_status(status: u16) -> bool {
    status >= 500 || status == 429
}

/// How a transient class of the module table matches a cloud error code.
#[derive(Clone, Copy, Debug)]
enum Class {
    /// Exactly this code.
    Code(&'static str),
    /// This code, or `X.something` of it.
    Family(&'static str),
    /// Any code starting with it.
    Prefix(&'static str),
    /// Any code whose last dotted segment ends with it.
    LastSegmentSuffix(&'static str),
    /// Any code containing it, in any case.
    ContainingAnyCase(&'static str),
}

impl Class {
    fn matches(self, code: &str) -> bool {
        match self {
            Class::Code(c) => code == c,
            Class::Family(family) => is_class(code, family),
            Class::Prefix(prefix) => code.starts_with(prefix),
            Class::LastSegmentSuffix(suffix) => code
                .rsplit('.')
                .next()
                .is_some_and(|last| last.ends_with(suffix)),
            Class::ContainingAnyCase(needle) => code
                .to_ascii_lowercase()
                .contains(&needle.to_ascii_lowercase()),
        }
    }
}

/// Transient on every cloud.
const TRANSIENT_EVERYWHERE: &[Class] = &[
    Class::Family("ServiceUnavailable"),
    Class::Prefix("TaskConflict"),
    Class::Family("OperationConflict"),
    Class::LastSegmentSuffix("MutexTaskRunning"),
    Class::Code(codes::volcengine_vpc::IDEMPOTENT_PROCESSING.code),
    Class::Code(codes::alibaba_ess::SCALING_ACTIVITY_IN_PROGRESS.code),
    Class::LastSegmentSuffix("LastTokenProcessing"),
    Class::Family("SystemBusy"),
];

/// Transient on Alibaba Cloud.
const TRANSIENT_ALIBABA: &[Class] = &[
    Class::ContainingAnyCase("Throttling"),
    Class::Family("InternalError"),
];

/// Transient on Tencent Cloud (errors come with HTTP 200, so the status rule cannot catch
/// its internal errors).
const TRANSIENT_TENCENT: &[Class] = &[
    Class::Family("RequestLimitExceeded"),
    Class::Family("InternalError"),
    Class::Code(codes::tencent_vpc::INTERNAL_SERVER_ERROR.code),
    Class::Family("ResourceBusy"),
];

/// Transient on Volcengine.
const TRANSIENT_VOLCENGINE: &[Class] = &[
    Class::Family("FlowLimitExceeded"),
    Class::Family("RequestLimitExceeded"),
    Class::Code("TooManyRequests"),
    Class::ContainingAnyCase("Throttling"),
    Class::Family("InternalError"),
    Class::Code("UndefinedError"),
];

/// Codes after which a request's fate is unknown: a server-side failure that may have come
/// after the work was done. (Throttling, busy and conflict refusals are transient too, but the
/// request did not run.)
const OUTCOME_UNKNOWN: &[Class] = &[
    Class::Family("InternalError"),
    Class::Code(codes::tencent_vpc::INTERNAL_SERVER_ERROR.code),
    Class::Family("ServiceUnavailable"),
    Class::Code("UndefinedError"),
];

/// Whether a failed attempt leaves unknown whether its request took effect: an exchange that
/// broke off (transport error), an HTTP 5xx answer, or a server-side error code. A write that
/// failed so may have landed.
pub fn leaves_outcome_unknown(err: &ClientError) -> bool {
    match err {
        ClientError::Transport { .. } => true,
        ClientError::Cloud(e) => {
            e.http_status >= 500 || OUTCOME_UNKNOWN.iter().any(|class| class.matches(&e.code))
        }
        _ => false,
    }
}

/// `code` equals `class` or starts with `class.`.
fn is_class(code: &str, class: &str) -> bool {
    code == class
        || code
            .strip_prefix(class)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether a cloud error code marks a transient failure (see the module table).
pub fn is_transient_code(cloud: Cloud, code: &str) -> bool {
    let of_cloud = match cloud {
        Cloud::Alibaba => TRANSIENT_ALIBABA,
        Cloud::Tencent => TRANSIENT_TENCENT,
        Cloud::Volcengine => TRANSIENT_VOLCENGINE,
    };
    TRANSIENT_EVERYWHERE
        .iter()
        .chain(of_cloud)
        .any(|class| class.matches(code))
}

/// Whether `code` matches one of the caller's extra transient codes (exactly, or as the
/// class `X` of `X.something`).
pub fn matches_extra(code: &str, extra: &[String]) -> bool {
    extra.iter().any(|class| is_class(code, class))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_double_up_to_the_cap() {
        let b = Backoff::default();
        let ms: Vec<u128> = (0..10).map(|n| b.ceiling(n).as_millis()).collect();
        assert_eq!(
            ms,
            vec![200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000, 10_000]
        );
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(10));
        assert_eq!(b.max_total(8), Duration::from_millis(32_600));
    }

    #[test]
    fn full_jitter_stays_below_the_ceiling() {
        let b = Backoff::default();
        for n in 0..12 {
            for _ in 0..50 {
                assert!(b.delay(n) <= b.ceiling(n));
            }
        }
        let fixed = Backoff {
            jitter: Jitter::None,
            ..Backoff::default()
        };
        assert_eq!(fixed.delay(2), Duration::from_millis(800));
    }

    #[test]
    fn transient_codes_per_cloud() {
        use Cloud::*;
        for (cloud, code) in [
            (Alibaba, "Throttling"),
            (Alibaba, "Throttling.User"),
            (Alibaba, "Throttling.Api"),
            (Alibaba, "throttling.user"),
            (Alibaba, "Rejected.Throttling"),
            (Alibaba, "ServiceUnavailable"),
            (Alibaba, "InternalError"),
            (Alibaba, "TaskConflict"),
            (Alibaba, "TaskConflict.AssociateGlobalAccelerationInstance"),
            (Alibaba, "OperationConflict"),
            (Alibaba, "LastTokenProcessing"),
            (Alibaba, "OperationFailed.LastTokenProcessing"),
            (Alibaba, "ScalingActivityInProgress"),
            (Alibaba, "SystemBusy"),
            (Tencent, "RequestLimitExceeded"),
            (Tencent, "RequestLimitExceeded.UinLimitExceeded"),
            (Tencent, "InternalError"),
            (Tencent, "OperationDenied.MutexTaskRunning"),
            (Tencent, "DesOperation.MutexTaskRunning"),
            (Tencent, "ResourceBusy"),
            (Tencent, "InternalServerError"),
            (Volcengine, "FlowLimitExceeded"),
            (Volcengine, "IdempotentProcessing"),
            (Volcengine, "TooManyRequests"),
            (Volcengine, "ServiceUnavailable"),
        ] {
            assert!(is_transient_code(cloud, code), "{cloud} {code}");
        }
    }

    #[test]
    fn permanent_codes_fail_at_once() {
        use Cloud::*;
        for (cloud, code) in [
            (Alibaba, "InvalidAllocationId.NotFound"),
            (Alibaba, "IncorrectEipStatus"),
            (Alibaba, "SignatureDoesNotMatch"),
            (Alibaba, "InvalidAssociation.Duplicated"),
            (Alibaba, "IncorrectCapacity.MaxSize"),
            (Tencent, "AuthFailure.SignatureFailure"),
            (Tencent, "InvalidAddressId.NotFound"),
            (Tencent, "UnsupportedOperation.AddressStatusNotPermit"),
            (Tencent, "InvalidAddressIdStatus.NotPermit"),
            (Tencent, "OperationDenied.AddressInArrears"),
            (Tencent, "ResourceInUse"),
            (Tencent, "LimitExceeded"),
            (Tencent, "Throttling"),
            (Volcengine, "IdempotentParameterMismatch"),
            (Volcengine, "InvalidHaVip.NotFound"),
            (Volcengine, "LimitExceeded.InstancesPerHaVip"),
            (Volcengine, "SignatureDoesNotMatch"),
        ] {
            assert!(!is_transient_code(cloud, code), "{cloud} {code}");
        }
    }

    #[test]
    fn statuses_and_extra_codes() {
        assert!(is_transient_status(500));
        assert!(is_transient_status(503));
        assert!(is_transient_status(429));
        assert!(!is_transient_status(400));
        assert!(!is_transient_status(404));
        let extra = vec!["IncorrectEipStatus".to_string()];
        assert!(matches_extra("IncorrectEipStatus", &extra));
        assert!(matches_extra("IncorrectEipStatus.Foo", &extra));
        assert!(!matches_extra("IncorrectEipStatusX", &extra));
    }
}
