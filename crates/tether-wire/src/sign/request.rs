//! The requests the signature algorithms work on — [`RequestToSign`] (the client's, before
//! signing) and [`IncomingRequest`] (the emulator's, to verify) — with the [`Credentials`]
//! that sign, the [`SignedParts`] signing adds and the [`Verified`] outcome of a check. The
//! `Debug` impls never show a secret, a token or a signature.

use std::fmt;

use super::encoding::encode_query;
use super::error::{SignError, VerifyError};
use super::{RedactedPairs, REDACTED};

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
    pub(super) fn header_value(&self, name: &str) -> Option<&str> {
        first_header(&self.headers, name)
    }

    /// Fails if the caller already set a header the algorithm adds itself: `authorization`
    /// and `host` (which comes from [`RequestToSign::host`]) for every header-signed
    /// algorithm, then the algorithm's own `added`.
    pub(super) fn reject_reserved_headers(&self, added: &[&'static str]) -> Result<(), SignError> {
        for name in ["authorization", "host"].iter().chain(added) {
            if self.header_value(name).is_some() {
                return Err(SignError::ReservedHeader(name));
            }
        }
        Ok(())
    }

    pub(super) fn path_or_root(&self) -> &str {
        path_or_root(&self.path)
    }

    /// The headers a header-signed algorithm signs: `host`, the caller's headers the
    /// algorithm signs by default (`signs_by_default`), then the headers it adds itself.
    pub(super) fn headers_to_sign(
        &self,
        signs_by_default: fn(&str) -> bool,
        added: &[(String, String)],
    ) -> Vec<(String, String)> {
        let mut signed: Vec<(String, String)> = vec![("host".into(), self.host.clone())];
        signed.extend(
            self.headers
                .iter()
                .filter(|(name, _)| signs_by_default(name))
                .cloned(),
        );
        signed.extend(added.iter().cloned());
        signed
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
    /// The parts of a header-signed request: the `added` headers, then `Authorization`, and
    /// the caller's `query` encoded as it goes on the wire.
    pub(super) fn in_headers(
        mut added: Vec<(String, String)>,
        authorization: String,
        query: &[(String, String)],
    ) -> Self {
        added.push(("Authorization".into(), authorization));
        SignedParts {
            headers: added,
            query: Vec::new(),
            query_string: encode_query(query),
        }
    }

    /// First value of an added header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        first_header(&self.headers, name)
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
        first_header(self.headers, name)
    }

    /// The first value of a header the algorithm requires, or [`VerifyError::MissingHeader`].
    pub(super) fn required_header(&self, name: &'static str) -> Result<&'a str, VerifyError> {
        self.header(name).ok_or(VerifyError::MissingHeader(name))
    }

    /// The first value of a header, trimmed and owned (a token the request carries).
    pub(super) fn trimmed_header(&self, name: &str) -> Option<String> {
        self.header(name).map(|value| value.trim().to_owned())
    }

    /// All values of a header, trimmed and joined with `,` (the canonical form of a header
    /// that was sent more than once); `None` when absent.
    pub(super) fn joined_header(&self, name: &str) -> Option<String> {
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

    pub(super) fn path_or_root(&self) -> &'a str {
        path_or_root(self.path)
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

/// First value of a header in `headers`, the name compared case-insensitively.
fn first_header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The wire path, `/` when empty.
fn path_or_root(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}
