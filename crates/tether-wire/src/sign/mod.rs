//! Request-signature algorithms of the three clouds, shared by the client (which signs) and the
//! emulator (which verifies).
//!
//! Every algorithm module offers the same two entry points:
//!
//! - `sign(&RequestToSign, &Credentials, &Params) -> Result<SignedParts, SignError>`: the client
//!   side. The caller injects the timestamp (and nonce) so the result is deterministic, and adds
//!   the returned headers / query parameters to the request it sends.
//! - `verify(&IncomingRequest, lookup_secret) -> Result<Verified, VerifyError>`: the emulator
//!   side. It parses the signature the request carries, recomputes it over exactly what the
//!   request declares as signed (its own `SignedHeaders` list), and reports the access key id and
//!   whether the signature matches. Malformed requests give a typed [`VerifyError`].
//!
//! | module | cloud / name | where the signature travels |
//! | --- | --- | --- |
//! | [`alibaba_rpc_v1`] | Alibaba classic RPC, `HMAC-SHA1`, `SignatureVersion=1.0` | `Signature` query parameter |
//! | [`alibaba_acs3`] | Alibaba V3, `ACS3-HMAC-SHA256` | `Authorization` header |
//! | [`tencent_tc3`] | Tencent API 3.0, `TC3-HMAC-SHA256` | `Authorization` header |
//! | [`volcengine`] | Volcengine `HMAC-SHA256` ("volc v4") | `Authorization` header |
//!
//! Percent-encoding: all three clouds encode query names and values with the strict RFC 3986
//! rule ([`percent_encode`]): `A-Z a-z 0-9 - _ . ~` stay literal and every other UTF-8 byte
//! becomes `%XY` with uppercase hex. So a space is `%20` (never `+`), `*` is `%2A`, `~` stays
//! `~`, `+` is `%2B`, `/` is `%2F`, `=` is `%3D` and `&` is `%26`. The differences lie around it:
//!
//! - Alibaba classic RPC encodes the canonical query a second time inside the string to sign
//!   (so `%3A` becomes `%253A`); parameters are sorted by their raw name.
//! - Alibaba ACS3 sorts by raw name; names and values are encoded once.
//! - Volcengine sorts the encoded `(name, value)` pairs.
//! - Tencent TC3 signs the query string of a GET exactly as sent (and an empty string for
//!   POST), so the encoding is whatever the client put on the wire; tether sends RFC 3986.
//!
//! Incoming query strings and form bodies are decoded with form rules (`+` is a space, as the
//! clouds' servers and the SDKs that send `+` expect), see [`parse_query`].
//!
//! Nothing in this module puts a secret, a signing key, a signature or a security token into an
//! error or a `Debug` string.
//!
//! | file | what it holds |
//! | --- | --- |
//! | `request.rs` | [`Credentials`], [`RequestToSign`], [`SignedParts`], [`IncomingRequest`], [`Verified`] |
//! | `error.rs` | [`SignError`], [`VerifyError`] |
//! | `authorization.rs` | the `Authorization` header of ACS3, TC3 and volc v4: parsing, building, the steps their `sign` and `verify` share |
//! | `canonical.rs` | [`CanonicalRequest`] |
//! | `header_signed.rs` | the canonical-request steps ACS3 and volc v4 share |
//! | `encoding.rs` | RFC 3986 encoding, canonical query strings, query/form decoding |
//! | `crypto.rs` | hashes, HMACs, key derivation, constant-time comparison |
//! | `time.rs` | the timestamp formats |

pub mod alibaba_acs3;
pub mod alibaba_rpc_v1;
pub mod tencent_tc3;
pub mod volcengine;

mod authorization;
mod canonical;
mod crypto;
mod encoding;
mod error;
mod header_signed;
mod request;
mod time;

use std::fmt;

pub use canonical::CanonicalRequest;
pub use encoding::{canonical_query, encode_query, parse_query, percent_encode, QueryOrder};
pub use error::{SignError, VerifyError};
pub use request::{
    CredentialScope, Credentials, IncomingRequest, RequestToSign, SignedParts, Verified,
};

/// The marker written in place of redacted values in `Debug` output.
const REDACTED: &str = "<redacted>";

/// Debug view of name/value pairs that hides credentials and signatures.
struct RedactedPairs<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedPairs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| {
                if is_sensitive_name(name) {
                    (name.as_str(), REDACTED)
                } else {
                    (name.as_str(), value.as_str())
                }
            }))
            .finish()
    }
}

/// Names (headers or parameters) whose values carry a signature or a credential.
fn is_sensitive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "authorization"
        || lower == "signature"
        || lower == "x-signature"
        || lower.contains("token")
        || lower.contains("secret")
}

/// Truncates attacker-controlled text before it goes into an error.
fn clip(text: &str) -> String {
    text.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::authorization::AuthorizationFields;
    use super::*;

    #[test]
    fn credentials_debug_hides_secret_and_token() {
        let creds = Credentials::new("AKID", "s3cr3t-value").with_security_token("tok-value");
        let shown = format!("{creds:?}");
        assert!(shown.contains("AKID"));
        assert!(!shown.contains("s3cr3t-value"));
        assert!(!shown.contains("tok-value"));
    }

    #[test]
    fn signed_parts_debug_hides_signature_and_token() {
        let parts = SignedParts {
            headers: vec![
                ("Authorization".into(), "ALG Signature=abcdef0123".into()),
                ("X-Security-Token".into(), "tok-value".into()),
                ("X-Date".into(), "20201230T081805Z".into()),
            ],
            query: vec![("Signature".into(), "sig-value".into())],
            query_string: "Signature=sig-value".into(),
        };
        let shown = format!("{parts:?}");
        assert!(!shown.contains("abcdef0123"));
        assert!(!shown.contains("tok-value"));
        assert!(!shown.contains("sig-value"));
        assert!(shown.contains("20201230T081805Z"));
    }

    #[test]
    fn authorization_parses_with_and_without_spaces() {
        let a = AuthorizationFields::parse(
            "ALG Credential=AK/x,SignedHeaders=Host;x-b;x-a,Signature=00ff",
        )
        .unwrap();
        assert_eq!(a.algorithm, "ALG");
        assert_eq!(a.credential, "AK/x");
        assert_eq!(a.signed_headers, vec!["host", "x-a", "x-b"]);
        assert_eq!(a.signature, "00ff");
        let b =
            AuthorizationFields::parse("ALG Credential=AK/x, SignedHeaders=host, Signature=00ff")
                .unwrap();
        assert_eq!(b.signed_headers, vec!["host"]);
    }

    #[test]
    fn authorization_rejects_malformed_values() {
        for bad in [
            "ALG",
            "ALG Credential=AK,SignedHeaders=host",
            "ALG Credential=AK,SignedHeaders=host,Signature=",
            "ALG Credential=AK,SignedHeaders=host;;x,Signature=ab",
            "ALG Credential=AK,Credential=BK,SignedHeaders=host,Signature=ab",
            "ALG Credential=AK,SignedHeaders=host,Signature=ab,Other=1",
            "ALG Credential=AK,SignedHeaders=host,Signature",
        ] {
            assert!(
                matches!(
                    AuthorizationFields::parse(bad),
                    Err(VerifyError::MalformedAuthorization(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_do_not_echo_long_input() {
        let long = "x".repeat(500);
        assert_eq!(clip(&long).len(), 64);
    }
}
