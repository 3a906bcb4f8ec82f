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

pub mod alibaba_acs3;
pub mod alibaba_rpc_v1;
pub mod tencent_tc3;
pub mod volcengine;

mod canonical;
mod crypto;
mod encoding;
mod time;

use std::fmt;

pub use canonical::CanonicalRequest;
pub use encoding::{canonical_query, encode_query, parse_query, percent_encode, QueryOrder};

/// The marker written in place of redacted values in `Debug` output.
const REDACTED: &str = "<redacted>";

/// An access key pair, optionally with an STS security token.
///
/// The `Debug` impl shows the access key id only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Access key id (Alibaba `AccessKeyId`, Tencent `SecretId`, Volcengine `AK`).
    pub access_key_id: String,
    /// Access key secret (Alibaba `AccessKeySecret`, Tencent `SecretKey`, Volcengine `SK`).
    pub access_key_secret: String,
    /// STS security token, sent alongside the signature when present.
    pub security_token: Option<String>,
}

impl Credentials {
    /// Long-term credentials (no security token).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
        }
    }

    /// The same credentials with an STS security token.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &REDACTED)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}

/// A request the client is about to send, before signing.
///
/// `path` is the path exactly as it goes on the wire (already percent-encoded; empty means
/// `/`). `query` holds decoded parameters in the order they are sent; names may repeat.
/// `headers` are the extra headers the caller sends (any name case) and must not include the
/// ones the algorithm adds (see each module). `host` is the value of the `Host` header the HTTP
/// client will send (`name` or `name:port`); it is not returned in [`SignedParts::headers`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestToSign {
    /// HTTP method, uppercase (`GET`, `POST`).
    pub method: String,
    /// `Host` header value.
    pub host: String,
    /// Wire path.
    pub path: String,
    /// Decoded query parameters, in send order.
    pub query: Vec<(String, String)>,
    /// Extra headers the caller sends.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RequestToSign {
    /// A request with no query, headers or body.
    pub fn new(
        method: impl Into<String>,
        host: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        Self {
            method: method.into(),
            host: host.into(),
            path: path.into(),
            ..Self::default()
        }
    }

    /// Appends a query parameter.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Appends a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// First value of a caller header, compared case-insensitively.
    fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Fails if the caller already set a header the algorithm adds itself.
    fn reject_reserved_headers(&self, reserved: &[&'static str]) -> Result<(), SignError> {
        for name in reserved {
            if self.header_value(name).is_some() {
                return Err(SignError::ReservedHeader(name));
            }
        }
        Ok(())
    }

    fn path_or_root(&self) -> &str {
        if self.path.is_empty() {
            "/"
        } else {
            &self.path
        }
    }
}

impl fmt::Debug for RequestToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestToSign")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &RedactedPairs(&self.query))
            .field("headers", &RedactedPairs(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What signing adds to a request.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SignedParts {
    /// Headers to add (the `Authorization` header included, when the algorithm uses one).
    pub headers: Vec<(String, String)>,
    /// Query parameters the algorithm adds after the caller's (decoded); empty for the
    /// header-signed algorithms.
    pub query: Vec<(String, String)>,
    /// The complete query string to send after `?`: the caller's parameters, then `query`,
    /// RFC 3986-encoded, in that order. Empty when there are no parameters.
    pub query_string: String,
}

impl SignedParts {
    /// First value of an added header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Value of an added query parameter.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for SignedParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedParts")
            .field("headers", &RedactedPairs(&self.headers))
            .field("query", &RedactedPairs(&self.query))
            .field("query_string_len", &self.query_string.len())
            .finish()
    }
}

/// An incoming request as the emulator received it.
///
/// `headers` should carry lowercase names (they are compared case-insensitively anyway); a
/// header that arrived several times appears several times. `raw_query` is the part after `?`,
/// still encoded; `path` is the wire path.
#[derive(Clone, Copy)]
pub struct IncomingRequest<'a> {
    /// HTTP method as received.
    pub method: &'a str,
    /// Wire path (empty means `/`).
    pub path: &'a str,
    /// Raw query string, without `?`.
    pub raw_query: &'a str,
    /// Headers, lowercase names.
    pub headers: &'a [(String, String)],
    /// Body bytes.
    pub body: &'a [u8],
}

impl<'a> IncomingRequest<'a> {
    /// First value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// All values of a header, trimmed and joined with `,` (the canonical form of a header
    /// that was sent more than once); `None` when absent.
    fn joined_header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(","))
        }
    }

    fn path_or_root(&self) -> &'a str {
        if self.path.is_empty() {
            "/"
        } else {
            self.path
        }
    }
}

impl fmt::Debug for IncomingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("raw_query_len", &self.raw_query.len())
            .field("headers", &RedactedPairs(self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The credential scope an `Authorization` header declares (Tencent, Volcengine).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialScope {
    /// Date part as written (`2019-02-25` for Tencent, `20201230` for Volcengine).
    pub date: String,
    /// Region (Volcengine only).
    pub region: Option<String>,
    /// Service name (`cvm`, `vpc`, `iam`, ...).
    pub service: String,
}

/// Outcome of verifying a well-formed signed request.
#[derive(Clone, PartialEq, Eq)]
pub struct Verified {
    /// The access key id the request claims.
    pub access_key_id: String,
    /// Whether the signature carried by the request equals the recomputed one.
    pub signature_matches: bool,
    /// The signing time the request declares, as Unix seconds (for the caller's skew check).
    pub signed_at: u64,
    /// The nonce the request carries (Alibaba), for the caller's replay check.
    pub nonce: Option<String>,
    /// The STS security token the request carries.
    pub security_token: Option<String>,
    /// The lowercase names of the headers covered by the signature.
    pub signed_headers: Vec<String>,
    /// The credential scope declared by the request (Tencent, Volcengine).
    pub scope: Option<CredentialScope>,
    /// The string to sign recomputed from the request. It holds no secret; Alibaba's classic
    /// SDK expects it in a `SignatureDoesNotMatch` message (`... server string to sign is:<sts>`).
    pub string_to_sign: String,
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("access_key_id", &self.access_key_id)
            .field("signature_matches", &self.signature_matches)
            .field("signed_at", &self.signed_at)
            .field("nonce", &self.nonce)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| REDACTED),
            )
            .field("signed_headers", &self.signed_headers)
            .field("scope", &self.scope)
            .field("string_to_sign", &self.string_to_sign)
            .finish()
    }
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The caller set a header that the algorithm adds itself.
    #[error("header `{0}` is set by the signer and must not be supplied by the caller")]
    ReservedHeader(&'static str),
    /// The caller set a query parameter that the algorithm adds itself.
    #[error("query parameter `{0}` is set by the signer and must not be supplied by the caller")]
    ReservedParameter(&'static str),
    /// The algorithm needs a header the caller did not set.
    #[error("header `{0}` is required by this signature algorithm")]
    MissingHeader(&'static str),
    /// The request shape cannot be signed by this algorithm.
    #[error("request cannot be signed: {0}")]
    Unsignable(&'static str),
    /// A form body could not be decoded.
    #[error("malformed form body: {0}")]
    MalformedBody(&'static str),
    /// The HMAC primitive rejected its key (cannot happen with HMAC, kept for totality).
    #[error("HMAC key rejected")]
    Crypto,
}

/// Why an incoming request's signature could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// No `Authorization` header.
    #[error("the request has no Authorization header")]
    MissingAuthorization,
    /// The `Authorization` header does not parse.
    #[error("malformed Authorization header: {0}")]
    MalformedAuthorization(&'static str),
    /// The request names an algorithm (or signature version) this module does not verify.
    #[error("unsupported signature algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// A required query / form parameter is absent.
    #[error("missing required parameter `{0}`")]
    MissingParameter(&'static str),
    /// A parameter that must be unique appears more than once.
    #[error("parameter `{0}` appears more than once")]
    DuplicateParameter(&'static str),
    /// A required header is absent.
    #[error("missing required header `{0}`")]
    MissingHeader(&'static str),
    /// `SignedHeaders` lists a header the request does not carry.
    #[error("header `{0}` is listed in SignedHeaders but is absent from the request")]
    SignedHeaderAbsent(String),
    /// A header that must be covered by the signature is not in `SignedHeaders`.
    #[error("header `{0}` must be signed")]
    HeaderNotSigned(String),
    /// The query string or form body does not decode (invalid UTF-8 after percent-decoding).
    #[error("malformed {0}: percent-decoded bytes are not UTF-8")]
    MalformedEncoding(&'static str),
    /// The declared timestamp does not parse.
    #[error("malformed timestamp `{0}`")]
    MalformedTimestamp(String),
    /// The credential scope's date disagrees with the request's timestamp.
    #[error("credential scope date `{declared}` does not match the request date `{expected}`")]
    ScopeDateMismatch {
        /// Date in the credential scope.
        declared: String,
        /// Date derived from the request timestamp.
        expected: String,
    },
    /// The lookup knows no secret for this access key id.
    #[error("unknown access key id `{0}`")]
    UnknownAccessKey(String),
    /// The HMAC primitive rejected its key (cannot happen with HMAC, kept for totality).
    #[error("HMAC key rejected")]
    Crypto,
}

impl From<crypto::CryptoError> for SignError {
    fn from(_: crypto::CryptoError) -> Self {
        SignError::Crypto
    }
}

impl From<crypto::CryptoError> for VerifyError {
    fn from(_: crypto::CryptoError) -> Self {
        VerifyError::Crypto
    }
}

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

/// The fields of an `Authorization` header of the form
/// `ALGORITHM Credential=..., SignedHeaders=a;b, Signature=hex` (commas with or without spaces).
struct AuthorizationFields<'a> {
    algorithm: &'a str,
    credential: &'a str,
    signed_headers: Vec<String>,
    signature: &'a str,
}

impl<'a> AuthorizationFields<'a> {
    fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let value = value.trim();
        let (algorithm, rest) =
            value
                .split_once(' ')
                .ok_or(VerifyError::MalformedAuthorization(
                    "no space after the algorithm",
                ))?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (key, val) = part
                .split_once('=')
                .ok_or(VerifyError::MalformedAuthorization("a field has no `=`"))?;
            let slot = match key.trim() {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(VerifyError::MalformedAuthorization("unknown field")),
            };
            if slot.replace(val.trim()).is_some() {
                return Err(VerifyError::MalformedAuthorization("repeated field"));
            }
        }
        let credential =
            credential.ok_or(VerifyError::MalformedAuthorization("no Credential field"))?;
        let signed_headers = signed_headers.ok_or(VerifyError::MalformedAuthorization(
            "no SignedHeaders field",
        ))?;
        let signature =
            signature.ok_or(VerifyError::MalformedAuthorization("no Signature field"))?;
        if credential.is_empty() {
            return Err(VerifyError::MalformedAuthorization("empty Credential"));
        }
        if signature.is_empty() {
            return Err(VerifyError::MalformedAuthorization("empty Signature"));
        }
        let mut names: Vec<String> = signed_headers
            .split(';')
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        if names.iter().any(String::is_empty) {
            return Err(VerifyError::MalformedAuthorization(
                "empty name in SignedHeaders",
            ));
        }
        names.sort();
        names.dedup();
        Ok(Self {
            algorithm: algorithm.trim(),
            credential,
            signed_headers: names,
            signature,
        })
    }

    /// Fails unless every name in `required` (lowercase) is signed.
    fn require_signed<'n>(
        &self,
        required: impl IntoIterator<Item = &'n str>,
    ) -> Result<(), VerifyError> {
        for name in required {
            if !self.signed_headers.iter().any(|n| n == name) {
                return Err(VerifyError::HeaderNotSigned(clip(name)));
            }
        }
        Ok(())
    }

    /// The `(name, value)` pairs of the signed headers, taken from the request.
    fn signed_header_values(
        &self,
        req: &IncomingRequest<'_>,
    ) -> Result<Vec<(String, String)>, VerifyError> {
        self.signed_headers
            .iter()
            .map(|name| {
                req.joined_header(name)
                    .map(|value| (name.clone(), value))
                    .ok_or_else(|| VerifyError::SignedHeaderAbsent(clip(name)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
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
