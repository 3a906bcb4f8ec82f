//! Alibaba Cloud V3 signature, `ACS3-HMAC-SHA256`.
//!
//! 1. Canonical request (see [`CanonicalRequest`]): method, the wire path (`/` for RPC-style
//!    APIs), the query sorted by raw name with names and values RFC 3986-encoded, the signed
//!    headers (`host`, `content-type` when sent, every `x-acs-*`), and the hex SHA-256 of the
//!    body.
//! 2. `StringToSign` = `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
//! 3. Signature = hex HMAC-SHA256(key = `AccessKeySecret`, no `&` suffix, StringToSign).
//! 4. `Authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<a;b>,Signature=<hex>`
//!    (no spaces after the commas; the credential is the bare access key id).
//!
//! [`sign`] adds the headers `x-acs-action`, `x-acs-version`, `x-acs-date`
//! (`YYYY-MM-DDTHH:MM:SSZ`), `x-acs-signature-nonce`, `x-acs-content-sha256`,
//! `x-acs-security-token` (with STS credentials) and `Authorization`. [`verify`] accepts any
//! `SignedHeaders` list (the tea SDK also signs `accept`, `user-agent`, ...), as long as it
//! covers `host` and every `x-acs-*` header the request carries.

use super::authorization::{authorization, secret_of, AuthorizationFields};
use super::crypto::{hex_hmac_sha256, sha256_hex, CryptoError};
use super::header_signed::HeaderSignedScheme;
use super::time::UtcDateTime;
use super::{
    clip, CanonicalRequest, Credentials, IncomingRequest, QueryOrder, RequestToSign, SignError,
    SignedParts, Verified, VerifyError,
};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Headers [`sign`] sets itself besides `authorization` and `host`.
const RESERVED_HEADERS: [&str; 6] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-security-token",
];

/// How ACS3 turns a request into its canonical form.
const SCHEME: HeaderSignedScheme = HeaderSignedScheme {
    query_order: QueryOrder::RawName,
    signed_host: |host| host,
    signs_by_default: is_signed_by_default,
    security_token_header: "x-acs-security-token",
};

/// Per-request inputs injected by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acs3Params {
    /// API name, sent as `x-acs-action` (e.g. `DescribeEipAddresses`).
    pub action: String,
    /// API version, sent as `x-acs-version` (e.g. `2016-04-28`).
    pub version: String,
    /// Signing time, Unix seconds (sent as `x-acs-date`).
    pub timestamp: u64,
    /// Unique per request (sent as `x-acs-signature-nonce`).
    pub nonce: String,
}

/// Signs a request. Returns the headers to add (`Authorization` last); the query string is the
/// caller's parameters, encoded.
pub fn sign(
    req: &RequestToSign,
    creds: &Credentials,
    params: &Acs3Params,
) -> Result<SignedParts, SignError> {
    req.reject_reserved_headers(&RESERVED_HEADERS)?;
    let payload_hash = sha256_hex(&req.body);
    let mut added: Vec<(String, String)> = vec![
        ("x-acs-action".into(), params.action.clone()),
        ("x-acs-version".into(), params.version.clone()),
        (
            "x-acs-date".into(),
            UtcDateTime::from_unix(params.timestamp).iso8601(),
        ),
        ("x-acs-signature-nonce".into(), params.nonce.clone()),
        ("x-acs-content-sha256".into(), payload_hash.clone()),
    ];
    let cr = SCHEME.canonical_request_to_sign(req, creds, &mut added, &payload_hash);
    let sig = signature(&creds.access_key_secret, &string_to_sign(&cr))?;
    let value = authorization(
        ALGORITHM,
        &creds.access_key_id,
        &cr.signed_headers(),
        &sig,
        ",",
    );
    Ok(SignedParts::in_headers(added, value, &req.query))
}

/// Whether [`sign`] signs a caller header: `content-type` and every `x-acs-*`.
fn is_signed_by_default(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "content-type" || lower.starts_with("x-acs-")
}

/// The canonical request over already-selected `(name, value)` headers.
pub fn canonical_request(
    method: &str,
    uri: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    payload_hash: &str,
) -> CanonicalRequest {
    SCHEME.canonical_request(method, uri, query, headers, payload_hash)
}

/// `ACS3-HMAC-SHA256\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(cr: &CanonicalRequest) -> String {
    format!("{ALGORITHM}\n{}", cr.hashed())
}

fn signature(secret: &str, string_to_sign: &str) -> Result<String, CryptoError> {
    hex_hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes())
}

/// Verifies an `ACS3-HMAC-SHA256` request over the headers its own `SignedHeaders` names.
pub fn verify(
    req: &IncomingRequest<'_>,
    lookup_secret: impl FnOnce(&str) -> Option<String>,
) -> Result<Verified, VerifyError> {
    let fields = AuthorizationFields::of_request(req, ALGORITHM)?;
    let acs_headers: Vec<String> = req
        .headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .filter(|name| name.starts_with("x-acs-"))
        .collect();
    let signed_values = fields.signed_header_values(
        req,
        std::iter::once("host").chain(acs_headers.iter().map(String::as_str)),
    )?;

    let date = req.required_header("x-acs-date")?;
    let signed_at = UtcDateTime::parse_iso8601(date.trim())
        .and_then(UtcDateTime::to_unix)
        .ok_or_else(|| VerifyError::MalformedTimestamp(clip(date)))?;
    let nonce = req.required_header("x-acs-signature-nonce")?.trim();
    let cr = SCHEME.canonical_request_received(req, &signed_values)?;
    let sts = string_to_sign(&cr);
    let expected = signature(&secret_of(lookup_secret, fields.credential)?, &sts)?;
    Ok(Verified {
        nonce: Some(nonce.to_owned()),
        security_token: req.trimmed_header("x-acs-security-token"),
        ..fields.verified(fields.credential, &expected, signed_at, sts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const IMAGE_ID: &str = "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd";

    /// The V3 doc's "fixed parameter values" example.
    fn run_instances() -> (RequestToSign, Credentials, Acs3Params) {
        (
            RequestToSign::new("POST", "ecs.cn-shanghai.aliyuncs.com", "/")
                .query_param("ImageId", IMAGE_ID)
                .query_param("RegionId", "cn-shanghai"),
            Credentials::new("YourAccessKeyId", "YourAccessKeySecret"),
            Acs3Params {
                action: "RunInstances".into(),
                version: "2014-05-26".into(),
                timestamp: 1_698_315_752,
                nonce: "3156853299f313e23d1673dc12e1703d".into(),
            },
        )
    }

    fn lower_headers(parts: &SignedParts, host: &str) -> Vec<(String, String)> {
        let mut headers = vec![("host".to_owned(), host.to_owned())];
        headers.extend(
            parts
                .headers
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v.clone())),
        );
        headers
    }

    #[test]
    fn run_instances_vector() {
        let (req, creds, params) = run_instances();
        let parts = sign(&req, &creds, &params).unwrap();
        assert_eq!(
            parts.header("Authorization"),
            Some(
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
                 x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
                 Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
            )
        );
        assert_eq!(parts.header("x-acs-date"), Some("2023-10-26T10:22:32Z"));
        assert_eq!(parts.header("x-acs-content-sha256"), Some(EMPTY_SHA256));
        assert_eq!(
            parts.query_string,
            format!("ImageId={IMAGE_ID}&RegionId=cn-shanghai")
        );

        let signed = lower_headers(&parts, "ecs.cn-shanghai.aliyuncs.com");
        let signed: Vec<_> = signed
            .into_iter()
            .filter(|(n, _)| n != "authorization")
            .collect();
        let cr = canonical_request("POST", "/", &req.query, &signed, EMPTY_SHA256);
        let expected = format!(
            "POST\n/\nImageId={IMAGE_ID}&RegionId=cn-shanghai\n\
             host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n\
             x-acs-content-sha256:{EMPTY_SHA256}\nx-acs-date:2023-10-26T10:22:32Z\n\
             x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n\
             host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
             {EMPTY_SHA256}"
        );
        assert_eq!(cr.render(), expected);
        assert_eq!(
            cr.hashed(),
            "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
    }

    #[test]
    fn verifies_signed_request_and_detects_tampering() {
        let (req, creds, params) = run_instances();
        let parts = sign(&req, &creds, &params).unwrap();
        let headers = lower_headers(&parts, "ecs.cn-shanghai.aliyuncs.com");
        let incoming = IncomingRequest {
            method: "POST",
            path: "/",
            raw_query: &parts.query_string,
            headers: &headers,
            body: b"",
        };
        let lookup = |ak: &str| (ak == "YourAccessKeyId").then(|| "YourAccessKeySecret".to_owned());
        let v = verify(&incoming, lookup).unwrap();
        assert!(v.signature_matches);
        assert_eq!(v.access_key_id, "YourAccessKeyId");
        assert_eq!(v.signed_at, 1_698_315_752);
        assert_eq!(v.nonce.as_deref(), Some("3156853299f313e23d1673dc12e1703d"));
        assert_eq!(v.signed_headers.len(), 6);

        let raw = parts.query_string.replace("cn-shanghai", "cn-beijing");
        let tampered = IncomingRequest {
            raw_query: &raw,
            ..incoming
        };
        assert!(!verify(&tampered, lookup).unwrap().signature_matches);
        let with_body = IncomingRequest {
            body: b"x",
            ..incoming
        };
        assert!(!verify(&with_body, lookup).unwrap().signature_matches);
        assert!(
            !verify(&incoming, |_| Some("other".to_owned()))
                .unwrap()
                .signature_matches
        );
    }

    #[test]
    fn verify_uses_the_declared_signed_headers() {
        // The tea SDK signs every header it sets, e.g. accept and user-agent; host has a port.
        let payload = sha256_hex(b"");
        let signed = vec![
            ("accept".to_owned(), "application/json".to_owned()),
            ("host".to_owned(), "127.0.0.1:8080".to_owned()),
            (
                "user-agent".to_owned(),
                "AlibabaCloud (tea) TeaDSL/1".to_owned(),
            ),
            ("x-acs-action".to_owned(), "DescribeEipAddresses".to_owned()),
            ("x-acs-content-sha256".to_owned(), payload.clone()),
            (
                "x-acs-credentials-provider".to_owned(),
                "static_ak".to_owned(),
            ),
            ("x-acs-date".to_owned(), "2024-01-02T03:04:05Z".to_owned()),
            ("x-acs-signature-nonce".to_owned(), "abc".to_owned()),
            ("x-acs-version".to_owned(), "2016-04-28".to_owned()),
        ];
        let query = vec![("RegionId".to_owned(), "cn-hangzhou".to_owned())];
        let cr = canonical_request("POST", "/", &query, &signed, &payload);
        let sig = signature("SK", &string_to_sign(&cr)).unwrap();
        let mut headers = signed.clone();
        headers.push(("content-length".into(), "0".into()));
        headers.push((
            "authorization".into(),
            format!(
                "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders={},Signature={sig}",
                cr.signed_headers()
            ),
        ));
        let incoming = IncomingRequest {
            method: "POST",
            path: "/",
            raw_query: "RegionId=cn-hangzhou",
            headers: &headers,
            body: b"",
        };
        let v = verify(&incoming, |_| Some("SK".into())).unwrap();
        assert!(v.signature_matches);
        assert!(v.signed_headers.contains(&"user-agent".to_owned()));

        // Changing a signed non-x-acs header breaks the signature...
        let mut changed = headers.clone();
        changed[2].1 = "curl/8".into();
        let v = verify(
            &IncomingRequest {
                headers: &changed,
                ..incoming
            },
            |_| Some("SK".into()),
        )
        .unwrap();
        assert!(!v.signature_matches);
        // ...while an unsigned x-acs header is refused outright.
        let mut extra = headers.clone();
        extra.push(("x-acs-extra".into(), "1".into()));
        assert_eq!(
            verify(
                &IncomingRequest {
                    headers: &extra,
                    ..incoming
                },
                |_| Some("SK".into())
            ),
            Err(VerifyError::HeaderNotSigned("x-acs-extra".into()))
        );
    }

    #[test]
    fn sts_token_is_signed() {
        let (req, creds, params) = run_instances();
        let creds = creds.with_security_token("sts-tok");
        let parts = sign(&req, &creds, &params).unwrap();
        assert_eq!(parts.header("x-acs-security-token"), Some("sts-tok"));
        assert!(parts
            .header("authorization")
            .unwrap()
            .contains("x-acs-security-token"));
        let headers = lower_headers(&parts, "ecs.cn-shanghai.aliyuncs.com");
        let v = verify(
            &IncomingRequest {
                method: "POST",
                path: "/",
                raw_query: &parts.query_string,
                headers: &headers,
                body: b"",
            },
            |_| Some("YourAccessKeySecret".into()),
        )
        .unwrap();
        assert!(v.signature_matches);
        assert_eq!(v.security_token.as_deref(), Some("sts-tok"));
    }

    #[test]
    fn content_type_and_caller_acs_headers_are_signed() {
        let req = RequestToSign::new("POST", "vpc.aliyuncs.com", "/")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("x-acs-accesskey-id", "AK")
            .header("User-Agent", "tether")
            .body("RegionId=cn-hangzhou");
        let params = Acs3Params {
            action: "DescribeEipAddresses".into(),
            version: "2016-04-28".into(),
            timestamp: 1_700_000_000,
            nonce: "n".into(),
        };
        let parts = sign(&req, &Credentials::new("AK", "SK"), &params).unwrap();
        let auth = parts.header("authorization").unwrap();
        assert!(auth.contains(
            "SignedHeaders=content-type;host;x-acs-accesskey-id;x-acs-action;\
             x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        ));
        assert_eq!(
            parts.header("x-acs-content-sha256"),
            Some(sha256_hex(b"RegionId=cn-hangzhou").as_str())
        );
    }

    #[test]
    fn sign_rejects_reserved_headers() {
        let (req, creds, params) = run_instances();
        let req = req.header("X-Acs-Date", "2020-01-01T00:00:00Z");
        assert_eq!(
            sign(&req, &creds, &params),
            Err(SignError::ReservedHeader("x-acs-date"))
        );
    }

    #[test]
    fn verify_errors_are_typed() {
        let (req, creds, params) = run_instances();
        let parts = sign(&req, &creds, &params).unwrap();
        let headers = lower_headers(&parts, "ecs.cn-shanghai.aliyuncs.com");
        let check = |headers: &[(String, String)]| {
            verify(
                &IncomingRequest {
                    method: "POST",
                    path: "/",
                    raw_query: &parts.query_string,
                    headers,
                    body: b"",
                },
                |ak: &str| (ak == "YourAccessKeyId").then(|| "x".to_owned()),
            )
        };
        let without = |name: &str| -> Vec<(String, String)> {
            headers.iter().filter(|(n, _)| n != name).cloned().collect()
        };
        let replace = |name: &str, value: &str| -> Vec<(String, String)> {
            headers
                .iter()
                .map(|(n, v)| {
                    if n == name {
                        (n.clone(), value.to_owned())
                    } else {
                        (n.clone(), v.clone())
                    }
                })
                .collect()
        };
        assert!(check(&headers).is_ok());
        assert_eq!(
            check(&without("authorization")),
            Err(VerifyError::MissingAuthorization)
        );
        assert_eq!(
            check(&without("x-acs-version")),
            Err(VerifyError::SignedHeaderAbsent("x-acs-version".into()))
        );
        let auth = parts.header("authorization").unwrap();
        let with_authorization_edited =
            |from: &str, to: &str| check(&replace("authorization", &auth.replace(from, to)));
        assert_eq!(
            with_authorization_edited("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"),
            Err(VerifyError::UnsupportedAlgorithm("ACS3-HMAC-SM3".into()))
        );
        assert_eq!(
            with_authorization_edited("host;x-acs-action;", "host;"),
            Err(VerifyError::HeaderNotSigned("x-acs-action".into()))
        );
        assert_eq!(
            with_authorization_edited("SignedHeaders=host;", "SignedHeaders="),
            Err(VerifyError::HeaderNotSigned("host".into()))
        );
        assert_eq!(
            check(&replace("x-acs-date", "yesterday")),
            Err(VerifyError::MalformedTimestamp("yesterday".into()))
        );
        assert_eq!(
            with_authorization_edited("YourAccessKeyId", "Other"),
            Err(VerifyError::UnknownAccessKey("Other".into()))
        );
        let err = check(&replace(
            "authorization",
            "ACS3-HMAC-SHA256 Signature=0123abcd",
        ))
        .unwrap_err()
        .to_string();
        assert!(!err.contains("0123abcd"), "{err}");
    }
}
