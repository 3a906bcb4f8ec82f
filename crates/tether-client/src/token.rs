//! ClientToken helpers: the idempotency token that Alibaba and Volcengine write APIs accept
//! (`ClientToken`, at most 64 ASCII characters).
//!
//! The token lives in the request struct, so every retry of one [`crate::Client::call`]
//! sends the same token. Use [`client_token`] for a one-off write and
//! [`client_token_from_seed`] when the same logical operation must carry the same token
//! across separate calls (an idempotent create that is re-run after a timeout).

use sha2::{Digest, Sha256};

use crate::random;

/// The longest ClientToken the clouds accept.
pub const CLIENT_TOKEN_MAX_LEN: usize = 64;

/// Prefix of every token this crate makes (helps telling tether's calls apart in audit logs).
const PREFIX: &str = "tether-";

/// A fresh random token: `tether-` followed by 32 hex characters (39 ASCII characters).
pub fn client_token() -> String {
    format!("{PREFIX}{}", hex::encode(random::bytes::<16>()))
}

/// A deterministic token for `seed`: `tether-` followed by the first 48 hex characters of
/// SHA-256(`seed`) (55 ASCII characters). The same seed always gives the same token;
/// different seeds give different tokens with overwhelming probability. Callers build the
/// seed from what identifies the operation, e.g. `havip-1|i-2|EcsInstance|associate`.
pub fn client_token_from_seed(seed: &str) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    let hexed = hex::encode(digest);
    let take = hexed.len().min(48);
    format!("{PREFIX}{}", &hexed[..take])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(token: &str) -> bool {
        !token.is_empty() && token.len() <= CLIENT_TOKEN_MAX_LEN && token.is_ascii()
    }

    #[test]
    fn random_tokens_are_short_ascii_and_distinct() {
        let a = client_token();
        let b = client_token();
        assert!(valid(&a), "{a}");
        assert_eq!(a.len(), 39);
        assert_ne!(a, b);
    }

    #[test]
    fn seeded_tokens_are_deterministic() {
        let a = client_token_from_seed("havip-1|i-1|EcsInstance");
        assert_eq!(a, client_token_from_seed("havip-1|i-1|EcsInstance"));
        assert_ne!(a, client_token_from_seed("havip-1|i-2|EcsInstance"));
        assert!(valid(&a));
        assert_eq!(a.len(), 55);
        // Non-ASCII and very long seeds still give a valid token.
        let long = "地址".repeat(1000);
        assert!(valid(&client_token_from_seed(&long)));
        assert!(valid(&client_token_from_seed("")));
    }
}
