//! Thin wrappers over `sha1`/`sha2`/`hmac`/`subtle`: hex digests, HMACs, key derivation, and
//! the constant-time comparison used when checking a signature.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The HMAC primitive rejected its key. HMAC accepts keys of any length, so this does not
/// happen; the type exists so that no code path needs to panic.
#[derive(Debug)]
pub(crate) struct CryptoError;

/// Lowercase hex SHA-256 of `data`.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// HMAC-SHA256 of `msg` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], msg: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| CryptoError)?;
    mac.update(msg);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Lowercase hex HMAC-SHA256 of `msg` under `key` (the signature of the header-signed
/// algorithms).
pub(crate) fn hex_hmac_sha256(key: &[u8], msg: &[u8]) -> Result<String, CryptoError> {
    Ok(hex::encode(hmac_sha256(key, msg)?))
}

/// A derived signing key: `HMAC(…HMAC(HMAC(key, path[0]), path[1])…, path[n-1])` (TC3 and
/// volc v4 derive theirs from the date, region, service and a terminator).
pub(crate) fn derive_key(key: &[u8], path: &[&str]) -> Result<Vec<u8>, CryptoError> {
    path.iter().try_fold(key.to_vec(), |key, element| {
        hmac_sha256(&key, element.as_bytes())
    })
}

/// HMAC-SHA1 of `msg` under `key`.
pub(crate) fn hmac_sha1(key: &[u8], msg: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut mac = Hmac::<Sha1>::new_from_slice(key).map_err(|_| CryptoError)?;
    mac.update(msg);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Compares two signature strings in constant time (for equal lengths).
pub(crate) fn signatures_equal(presented: &str, expected: &str) -> bool {
    presented.as_bytes().ct_eq(expected.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn hmac_rfc4231_case_2() {
        // RFC 4231 test case 2 (key "Jefe").
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?").unwrap();
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // RFC 2202 test case 2 for HMAC-SHA1.
        let mac = hmac_sha1(b"Jefe", b"what do ya want for nothing?").unwrap();
        assert_eq!(hex::encode(mac), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    #[test]
    fn signature_comparison() {
        assert!(signatures_equal("abc", "abc"));
        assert!(!signatures_equal("abc", "abd"));
        assert!(!signatures_equal("abc", "abcd"));
    }
}
