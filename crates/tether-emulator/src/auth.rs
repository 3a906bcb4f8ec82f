//! Signature verification per cloud, on top of `tether_wire::sign`, with each cloud's own
//! error codes:
//!
//! | problem | Alibaba | Tencent | Volcengine |
//! |---|---|---|---|
//! | unknown key | 404 `InvalidAccessKeyId.NotFound` | `AuthFailure.SecretIdNotFound` | 401 `InvalidAccessKey` |
//! | bad signature | 400 `SignatureDoesNotMatch` (`…string to sign is:<sts>`) | `AuthFailure.SignatureFailure` | 401 `SignatureDoesNotMatch` |
//! | timestamp off by > 15 min | 400 `InvalidTimeStamp.Expired` | `AuthFailure.SignatureExpire` | 403 `InvalidTimestamp` |
//! | nonce reused within 15 min | 400 `SignatureNonceUsed` | (no nonce in TC3) | (no nonce) |
//! | no signature | 400 `IncompleteSignature` | `AuthFailure.InvalidAuthorization` | 401 `MissingAuthenticationToken` |
//!
//! Tencent answers every error with HTTP 200. Security tokens (STS) are accepted and ignored.

use std::collections::{BTreeMap, HashMap};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::{auth, ApiError};

use tether_wire::sign::{
    alibaba_acs3, alibaba_rpc_v1, tencent_tc3, volcengine, IncomingRequest, Verified, VerifyError,
};

use crate::answer::Failure;

/// Default access key, valid for all three clouds.
pub const DEFAULT_ACCESS_KEY: &str = "tether-demo";
/// Default secret of [`DEFAULT_ACCESS_KEY`].
pub const DEFAULT_SECRET_KEY: &str = "tether-demo-secret";
/// Largest accepted clock difference, seconds.
pub const MAX_SKEW_SECS: u64 = 15 * 60;

/// The Alibaba signature styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlibabaStyle {
    /// `Authorization: ACS3-HMAC-SHA256 …` (tea SDKs, tether).
    Acs3,
    /// `Signature` / `SignatureMethod=HMAC-SHA1` parameters (classic SDKs).
    RpcV1,
}

/// Accepted access keys.
#[derive(Clone, Debug)]
pub struct KeyStore {
    keys: BTreeMap<String, String>,
}

impl KeyStore {
    pub fn new(keys: impl IntoIterator<Item = (String, String)>) -> KeyStore {
        KeyStore {
            keys: keys.into_iter().collect(),
        }
    }

    fn lookup(&self, ak: &str) -> Option<String> {
        self.keys.get(ak).cloned()
    }
}

impl Default for KeyStore {
    fn default() -> Self {
        KeyStore::new([(
            DEFAULT_ACCESS_KEY.to_string(),
            DEFAULT_SECRET_KEY.to_string(),
        )])
    }
}

/// Most nonces remembered; beyond it the oldest are forgotten (a bound on memory under
/// heavy signed traffic: about 55 requests a second sustained over the replay window).
pub const MAX_NONCES: usize = 100_000;

/// Nonces seen within the replay window, oldest first, so expiring them costs nothing per
/// request (a scan of every nonce on each request made a long run quadratic).
#[derive(Debug, Default)]
pub struct NonceCache {
    seen: HashMap<std::sync::Arc<str>, u64>,
    order: std::collections::VecDeque<(u64, std::sync::Arc<str>)>,
}

impl NonceCache {
    /// Records a nonce; `false` if it was already used within the window.
    pub fn record(&mut self, access_key: &str, nonce: &str, now_ms: u64) -> bool {
        let window_ms = 2 * MAX_SKEW_SECS * 1000;
        while let Some((at, key)) = self.order.front() {
            let expired = now_ms.saturating_sub(*at) > window_ms;
            if !expired && self.order.len() < MAX_NONCES {
                break;
            }
            // A key recorded again later has a newer entry; only its own entry removes it.
            if self.seen.get(key) == Some(at) {
                self.seen.remove(key);
            }
            self.order.pop_front();
        }
        let key: std::sync::Arc<str> = format!("{access_key}\n{nonce}").into();
        match self.seen.get(&key) {
            Some(at) if now_ms.saturating_sub(*at) <= window_ms => false,
            _ => {
                self.seen.insert(key.clone(), now_ms);
                self.order.push_back((now_ms, key));
                true
            }
        }
    }

    /// How many nonces are remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    pub fn clear(&mut self) {
        self.seen.clear();
        self.order.clear();
    }
}

/// A verified caller.
#[derive(Clone, Debug)]
pub struct Caller {
    pub access_key: String,
    /// Volcengine: the region of the credential scope.
    pub scope_region: Option<String>,
}

fn skewed(signed_at: u64, now_ms: u64) -> bool {
    let now = now_ms / 1000;
    now.abs_diff(signed_at) > MAX_SKEW_SECS
}

/// The checks every cloud makes once a request's signature is recomputed, in order: the
/// signature matches (else `mismatch`), and it was signed within [`MAX_SKEW_SECS`] of now
/// (else `expired`).
fn check_signature_and_time(
    verified: &Verified,
    now_ms: u64,
    mismatch: impl FnOnce(&Verified) -> Failure,
    expired: ApiError,
) -> Result<(), Failure> {
    if !verified.signature_matches {
        return Err(mismatch(verified));
    }
    if skewed(verified.signed_at, now_ms) {
        return Err(expired.into());
    }
    Ok(())
}

fn ali(status: u16, code: &str, message: &str) -> Failure {
    Failure::new(status, code, message)
}

fn alibaba_verify_error(e: &VerifyError) -> Failure {
    match e {
        VerifyError::UnknownAccessKey(_) => auth::ALIBABA_UNKNOWN_ACCESS_KEY.into(),
        VerifyError::MissingParameter(name) => Failure::missing_parameter(Cloud::Alibaba, name),
        VerifyError::MalformedTimestamp(_) | VerifyError::MissingHeader("x-acs-date") => {
            auth::ALIBABA_TIMESTAMP_FORMAT.into()
        }
        VerifyError::MalformedEncoding(what) => ali(
            400,
            "InvalidParameter",
            &format!("The {what} is not correctly percent-encoded UTF-8."),
        ),
        VerifyError::Crypto => ali(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        ),
        other => Failure::with_message(
            auth::ALIBABA_INCOMPLETE_SIGNATURE,
            format!("{} ({other})", auth::ALIBABA_INCOMPLETE_SIGNATURE.message),
        ),
    }
}

fn tencent_verify_error(e: &VerifyError) -> Failure {
    let f = |code: &str, message: String| Failure::new(200, code, message);
    match e {
        VerifyError::UnknownAccessKey(_) => auth::TENCENT_UNKNOWN_SECRET_ID.into(),
        VerifyError::MissingHeader(name) => Failure::missing_parameter(Cloud::Tencent, name),
        VerifyError::MalformedTimestamp(_) => f(
            "InvalidParameterValue",
            "The X-TC-Timestamp header is not a Unix timestamp.".into(),
        ),
        VerifyError::ScopeDateMismatch { .. } => f(
            auth::TENCENT_SIGNATURE_FAILURE.code,
            format!("The provided credentials could not be validated: {e}."),
        ),
        VerifyError::MalformedEncoding(_) => f(
            "InvalidParameter",
            format!("The request is malformed: {e}."),
        ),
        VerifyError::Crypto => f("InternalError", "An internal error occurred.".into()),
        other => f(
            auth::TENCENT_INVALID_AUTHORIZATION.code,
            format!("{}: {other}.", auth::TENCENT_INVALID_AUTHORIZATION.message),
        ),
    }
}

fn volcengine_verify_error(e: &VerifyError) -> Failure {
    match e {
        VerifyError::UnknownAccessKey(_) => auth::VOLCENGINE_UNKNOWN_ACCESS_KEY.into(),
        VerifyError::MissingAuthorization => auth::VOLCENGINE_MISSING_AUTHORIZATION.into(),
        VerifyError::MissingHeader(name) => Failure::new(
            400,
            "MissingRequestInfo",
            format!("The request is missing the {name} header."),
        ),
        VerifyError::MalformedTimestamp(_) => Failure::with_message(
            auth::VOLCENGINE_TIMESTAMP_SKEWED,
            "The X-Date header is not a valid timestamp.",
        ),
        VerifyError::ScopeDateMismatch { .. } => Failure::new(
            400,
            "InvalidCredential",
            format!("The credential is invalid: {e}."),
        ),
        VerifyError::Crypto => Failure::new(500, "InternalError", "An internal error occurred."),
        other => Failure::new(
            400,
            "InvalidAuthorization",
            format!("The Authorization header is invalid: {other}."),
        ),
    }
}

/// Verifies an Alibaba request.
pub fn verify_alibaba(
    style: AlibabaStyle,
    req: &IncomingRequest<'_>,
    keys: &KeyStore,
    nonces: &mut NonceCache,
    now_ms: u64,
) -> Result<Caller, Failure> {
    let verified: Verified = match style {
        AlibabaStyle::Acs3 => alibaba_acs3::verify(req, |ak| keys.lookup(ak)),
        AlibabaStyle::RpcV1 => alibaba_rpc_v1::verify(req, |ak| keys.lookup(ak)),
    }
    .map_err(|e| alibaba_verify_error(&e))?;
    check_signature_and_time(
        &verified,
        now_ms,
        |v| {
            let e = auth::ALIBABA_SIGNATURE_MISMATCH;
            Failure::with_message(e, format!("{}{}", e.message, v.string_to_sign))
        },
        auth::ALIBABA_TIMESTAMP_EXPIRED,
    )?;
    if let Some(nonce) = &verified.nonce {
        if !nonces.record(&verified.access_key_id, nonce, now_ms) {
            return Err(auth::ALIBABA_NONCE_USED.into());
        }
    }
    Ok(Caller {
        access_key: verified.access_key_id,
        scope_region: None,
    })
}

/// Verifies a Tencent TC3 request.
pub fn verify_tencent(
    req: &IncomingRequest<'_>,
    keys: &KeyStore,
    now_ms: u64,
) -> Result<Caller, Failure> {
    let verified =
        tencent_tc3::verify(req, |ak| keys.lookup(ak)).map_err(|e| tencent_verify_error(&e))?;
    check_signature_and_time(
        &verified,
        now_ms,
        |_| auth::TENCENT_SIGNATURE_FAILURE.into(),
        auth::TENCENT_SIGNATURE_EXPIRED,
    )?;
    Ok(Caller {
        access_key: verified.access_key_id,
        scope_region: None,
    })
}

/// Verifies a Volcengine request.
pub fn verify_volcengine(
    req: &IncomingRequest<'_>,
    keys: &KeyStore,
    now_ms: u64,
) -> Result<Caller, Failure> {
    let verified =
        volcengine::verify(req, |ak| keys.lookup(ak)).map_err(|e| volcengine_verify_error(&e))?;
    check_signature_and_time(
        &verified,
        now_ms,
        |_| auth::VOLCENGINE_SIGNATURE_MISMATCH.into(),
        auth::VOLCENGINE_TIMESTAMP_SKEWED,
    )?;
    Ok(Caller {
        access_key: verified.access_key_id,
        scope_region: verified.scope.and_then(|s| s.region),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_reuse_is_detected_within_the_window() {
        let mut n = NonceCache::default();
        assert!(n.record("ak", "n1", 1_000));
        assert!(!n.record("ak", "n1", 2_000));
        assert!(n.record("other", "n1", 2_000));
        assert!(n.record("ak", "n1", 1_000 + 2 * MAX_SKEW_SECS * 1000 + 1));
    }

    #[test]
    fn nonces_expire_oldest_first_and_stay_bounded() {
        let window = 2 * MAX_SKEW_SECS * 1000;
        let mut n = NonceCache::default();
        for i in 0..1000u64 {
            assert!(n.record("ak", &format!("n{i}"), i));
        }
        assert_eq!(n.len(), 1000);
        // Once the window has passed, one request expires them all.
        assert!(n.record("ak", "late", 2000 + window));
        assert_eq!(n.len(), 1);
        // Under sustained traffic the cache stops at MAX_NONCES, still catching recent reuse.
        let mut busy = NonceCache::default();
        for i in 0..(MAX_NONCES as u64 + 500) {
            busy.record("ak", &format!("b{i}"), 10_000 + i / 1000);
        }
        assert!(busy.len() <= MAX_NONCES);
        assert!(!busy.record("ak", &format!("b{}", MAX_NONCES as u64 + 499), 10_200));
    }

    #[test]
    fn skew_window() {
        assert!(!skewed(1000, 1000 * 1000 + MAX_SKEW_SECS * 1000));
        assert!(skewed(1000, (1000 + MAX_SKEW_SECS + 1) * 1000));
    }
}
