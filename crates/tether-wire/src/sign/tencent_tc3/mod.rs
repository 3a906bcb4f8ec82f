//! Tencent Cloud API 3.0 signature, `TC3-HMAC-SHA256`.
//!
//! 1. Canonical request (see [`CanonicalRequest`]): method, `/`, the query string (empty for
//!    POST; for GET the query string exactly as sent), the signed headers with names and values
//!    lowercased and trimmed (at least `content-type` and `host`), and the hex SHA-256 of the
//!    body (of the literal `UNSIGNED-PAYLOAD` when `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`).
//! 2. `CredentialScope` = `<UTC date YYYY-MM-DD of the timestamp>/<service>/tc3_request`.
//! 3. `StringToSign` = `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<hex sha256(canonical request)>`.
//! 4. Key: `HMAC("TC3" + SecretKey, date)` → `HMAC(·, service)` → `HMAC(·, "tc3_request")`;
//!    signature = hex HMAC-SHA256(key, StringToSign).
//! 5. `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=<a;b>,
//!    Signature=<hex>`.
//!
//! [`sign`] handles API 3.0 POST with a JSON body (and GET with a query string), and adds
//! `X-TC-Action`, `X-TC-Version`, `X-TC-Timestamp`, `X-TC-Region`, `X-TC-Token` (STS),
//! `X-TC-Content-SHA256` (unsigned payload) and `Authorization`. Like both official SDKs it
//! signs `content-type;host`, optionally `x-tc-action` too. The `Content-Type` the caller sets
//! is signed and must be sent byte for byte (the SDKs send `application/json`).

use super::authorization::{authorization, require_scope_date, secret_of, AuthorizationFields};
use super::crypto::{derive_key, hex_hmac_sha256, sha256_hex, CryptoError};
use super::time::UtcDateTime;
use super::{
    clip, encode_query, CanonicalRequest, CredentialScope, Credentials, IncomingRequest,
    RequestToSign, SignError, SignedParts, Verified, VerifyError,
};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The last element of the credential scope.
pub const SCOPE_TERMINATOR: &str = "tc3_request";
/// The `X-TC-Content-SHA256` value that exempts the body from the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Headers [`sign`] sets itself besides `authorization` and `host`.
const RESERVED_HEADERS: [&str; 6] = [
    "x-tc-action",
    "x-tc-version",
    "x-tc-timestamp",
    "x-tc-region",
    "x-tc-token",
    "x-tc-content-sha256",
];

/// Per-request inputs injected by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tc3Params {
    /// Service name in the credential scope (`vpc`, `cvm`, ...).
    pub service: String,
    /// API name, sent as `X-TC-Action`.
    pub action: String,
    /// API version, sent as `X-TC-Version`.
    pub version: String,
    /// Region, sent as `X-TC-Region` (not covered by the signature).
    pub region: Option<String>,
    /// Signing time, Unix seconds (sent as `X-TC-Timestamp`).
    pub timestamp: u64,
    /// Also sign `x-tc-action` (value lowercased), as newer doc revisions do.
    pub sign_action_header: bool,
    /// Send `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` and leave the body out of the signature.
    pub unsigned_payload: bool,
}

/// Signs an API 3.0 request (POST with the parameters in the body, or GET with the parameters
/// in the query). Returns the headers to add, `Authorization` last.
pub fn sign(
    req: &RequestToSign,
    creds: &Credentials,
    params: &Tc3Params,
) -> Result<SignedParts, SignError> {
    req.reject_reserved_headers(&RESERVED_HEADERS)?;
    let content_type = req
        .header_value("content-type")
        .ok_or(SignError::MissingHeader("content-type"))?;
    let query_string = encode_query(&req.query);
    let canonical_query = match req.method.as_str() {
        "POST" if req.query.is_empty() => String::new(),
        "POST" => {
            return Err(SignError::Unsignable(
                "a TC3 POST carries its parameters in the body, not the query",
            ))
        }
        "GET" if req.body.is_empty() => query_string.clone(),
        "GET" => return Err(SignError::Unsignable("a TC3 GET has no body")),
        _ => return Err(SignError::Unsignable("TC3 signs GET and POST only")),
    };

    let mut added: Vec<(String, String)> = vec![
        ("X-TC-Action".into(), params.action.clone()),
        ("X-TC-Version".into(), params.version.clone()),
        ("X-TC-Timestamp".into(), params.timestamp.to_string()),
    ];
    if let Some(region) = &params.region {
        added.push(("X-TC-Region".into(), region.clone()));
    }
    if let Some(token) = &creds.security_token {
        added.push(("X-TC-Token".into(), token.clone()));
    }
    let payload = if params.unsigned_payload {
        added.push(("X-TC-Content-SHA256".into(), UNSIGNED_PAYLOAD.into()));
        UNSIGNED_PAYLOAD.as_bytes()
    } else {
        req.body.as_slice()
    };

    let mut signed = vec![
        ("content-type".to_owned(), content_type.to_owned()),
        ("host".to_owned(), req.host.clone()),
    ];
    if params.sign_action_header {
        signed.push(("x-tc-action".to_owned(), params.action.clone()));
    }
    let cr = canonical_request(
        &req.method,
        req.path_or_root(),
        &canonical_query,
        &signed,
        payload,
    );
    let date = UtcDateTime::from_unix(params.timestamp).date_dashed();
    let scope = credential_scope(&date, &params.service);
    let sts = string_to_sign(&params.timestamp.to_string(), &scope, &cr);
    let sig = signature(&creds.access_key_secret, &date, &params.service, &sts)?;
    let value = authorization(
        ALGORITHM,
        &format!("{}/{scope}", creds.access_key_id),
        &cr.signed_headers(),
        &sig,
        ", ",
    );
    Ok(SignedParts::in_headers(added, value, &req.query))
}

/// The canonical request; header names and values are lowercased (Tencent's rule).
pub fn canonical_request(
    method: &str,
    uri: &str,
    canonical_query: &str,
    headers: &[(String, String)],
    payload: &[u8],
) -> CanonicalRequest {
    CanonicalRequest::new(method, uri)
        .query(canonical_query)
        .headers(
            headers
                .iter()
                .map(|(name, value)| (name, value.to_lowercase())),
        )
        .payload_hash(sha256_hex(payload))
}

/// `<date>/<service>/tc3_request`.
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/{SCOPE_TERMINATOR}")
}

/// `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(timestamp: &str, scope: &str, cr: &CanonicalRequest) -> String {
    format!("{ALGORITHM}\n{timestamp}\n{scope}\n{}", cr.hashed())
}

fn signature(
    secret: &str,
    date: &str,
    service: &str,
    string_to_sign: &str,
) -> Result<String, CryptoError> {
    let key = derive_key(
        format!("TC3{secret}").as_bytes(),
        &[date, service, SCOPE_TERMINATOR],
    )?;
    hex_hmac_sha256(&key, string_to_sign.as_bytes())
}

/// Verifies a `TC3-HMAC-SHA256` request over the headers its own `SignedHeaders` names (which
/// must include `content-type` and `host`).
pub fn verify(
    req: &IncomingRequest<'_>,
    lookup_secret: impl FnOnce(&str) -> Option<String>,
) -> Result<Verified, VerifyError> {
    let fields = AuthorizationFields::of_request(req, ALGORITHM)?;
    let [access_key_id, date, service, _] = fields.credential_scope(
        SCOPE_TERMINATOR,
        |[id, _, service, _]| !id.is_empty() && !service.is_empty(),
        "Credential is not <id>/<date>/<service>/tc3_request",
        "credential scope does not end in tc3_request",
    )?;
    let signed_values = fields.signed_header_values(req, ["content-type", "host"])?;

    let timestamp = req.required_header("x-tc-timestamp")?.trim();
    let signed_at = parse_unix_seconds(timestamp)
        .ok_or_else(|| VerifyError::MalformedTimestamp(clip(timestamp)))?;
    require_scope_date(date, UtcDateTime::from_unix(signed_at).date_dashed())?;

    let canonical_query = if req.method == "POST" {
        ""
    } else {
        req.raw_query
    };
    let payload = match req.header("x-tc-content-sha256") {
        Some(v) if v.trim() == UNSIGNED_PAYLOAD => UNSIGNED_PAYLOAD.as_bytes(),
        _ => req.body,
    };
    let cr = canonical_request(
        req.method,
        req.path_or_root(),
        canonical_query,
        &signed_values,
        payload,
    );
    let scope = credential_scope(date, service);
    let sts = string_to_sign(timestamp, &scope, &cr);
    let expected = signature(
        &secret_of(lookup_secret, access_key_id)?,
        date,
        service,
        &sts,
    )?;
    Ok(Verified {
        security_token: req.trimmed_header("x-tc-token"),
        scope: Some(CredentialScope {
            date: date.to_owned(),
            region: None,
            service: service.to_owned(),
        }),
        ..fields.verified(access_key_id, &expected, signed_at, sts)
    })
}

/// A decimal Unix timestamp (ASCII digits only).
fn parse_unix_seconds(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests;
