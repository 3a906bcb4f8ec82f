//! Randomness for nonces, ClientTokens and backoff jitter: operating-system randomness, with
//! a hash of the clock, a process-wide counter and the thread id as a fallback should the OS
//! source ever fail (nonces must stay unique even then; they need not be secret).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// `N` random bytes (`N` ≤ 32).
pub(crate) fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    if getrandom::getrandom(&mut buf).is_ok() {
        return buf;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut hasher = Sha256::new();
    hasher.update(nanos.to_le_bytes());
    hasher.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hasher.update(format!("{:?}", std::thread::current().id()).as_bytes());
    let digest = hasher.finalize();
    for (dst, src) in buf.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    buf
}

/// A uniformly distributed fraction in `[0, 1)`.
pub(crate) fn unit_fraction() -> f64 {
    let raw = u64::from_le_bytes(bytes::<8>());
    // 53 random bits give every representable step of an f64 mantissa.
    (raw >> 11) as f64 / (1u64 << 53) as f64
}

/// 32 lowercase hex characters (128 random bits): the per-request signature nonce.
pub(crate) fn nonce() -> String {
    hex::encode(bytes::<16>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_fresh_hex() {
        let a = nonce();
        let b = nonce();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn fraction_stays_in_range() {
        for _ in 0..1000 {
            let f = unit_fraction();
            assert!((0.0..1.0).contains(&f));
        }
    }
}
