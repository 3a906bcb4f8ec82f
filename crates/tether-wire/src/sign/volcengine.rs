//! Volcengine (and BytePlus) signature, `HMAC-SHA256` ("volc v4"), as used by the OpenAPI
//! gateway for VPC `2020-04-01` GET calls.
//!
//! 1. Canonical request (see [`CanonicalRequest`]): method, the wire path, the query with
//!    names and values RFC 3986-encoded and the encoded pairs sorted, the signed headers
//!    (`content-type`, `content-md5`, `host` and every `x-*` header; the `host` value loses a
//!    `:80` / `:443` port), and the hex SHA-256 of the body.
//! 2. `CredentialScope` = `<YYYYMMDD>/<region>/<service>/request`.
//! 3. `StringToSign` = `HMAC-SHA256\n<X-Date>\n<scope>\n<hex sha256(canonical request)>`.
//! 4. Key: `HMAC(SK, date)` → region → service → `"request"` (the secret gets no prefix);
//!    signature = hex HMAC-SHA256(key, StringToSign).
//! 5. `Authorization: HMAC-SHA256 Credential=<AK>/<scope>, SignedHeaders=<a;b>, Signature=<hex>`.
//!
//! [`sign`] adds `X-Date` (`YYYYMMDDTHHMMSSZ`), `X-Content-Sha256`, `X-Security-Token` (STS)
//! and `Authorization`, and signs the caller's `Content-Type`, `Content-Md5` and `X-*` headers
//! too (the SDK rule, which is why the Python SDK's `X-Sdk-*` headers end up signed).

use super::authorization::{authorization, require_scope_date, secret_of, AuthorizationFields};
use super::crypto::{derive_key, hex_hmac_sha256, sha256_hex, CryptoError};
use super::header_signed::HeaderSignedScheme;
use super::time::UtcDateTime;
use super::{
    clip, CanonicalRequest, CredentialScope, Credentials, IncomingRequest, QueryOrder,
    RequestToSign, SignError, SignedParts, Verified, VerifyError,
};

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "HMAC-SHA256";
/// The last element of the credential scope.
pub const SCOPE_TERMINATOR: &str = "request";

/// Headers [`sign`] sets itself besides `authorization` and `host`.
const RESERVED_HEADERS: [&str; 3] = ["x-date", "x-content-sha256", "x-security-token"];

/// How volc v4 turns a request into its canonical form.
const SCHEME: HeaderSignedScheme = HeaderSignedScheme {
    query_order: QueryOrder::EncodedPair,
    signed_host,
    signs_by_default: is_signed_by_default,
    security_token_header: "X-Security-Token",
};

/// Per-request inputs injected by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolcParams {
    /// Region in the credential scope (`cn-beijing`, ...).
    pub region: String,
    /// Service in the credential scope (`vpc`, `iam`, ...).
    pub service: String,
    /// Signing time, Unix seconds (sent as `X-Date`).
    pub timestamp: u64,
}

/// Signs a request. Returns the headers to add (`Authorization` last); the query string is the
/// caller's parameters, encoded.
pub fn sign(
    req: &RequestToSign,
    creds: &Credentials,
    params: &VolcParams,
) -> Result<SignedParts, SignError> {
    req.reject_reserved_headers(&RESERVED_HEADERS)?;
    let signing_time = UtcDateTime::from_unix(params.timestamp);
    let x_date = signing_time.iso8601_basic();
    let date = signing_time.date_compact();
    let payload_hash = sha256_hex(&req.body);
    let mut added: Vec<(String, String)> = vec![
        ("X-Date".into(), x_date.clone()),
        ("X-Content-Sha256".into(), payload_hash.clone()),
    ];
    let cr = SCHEME.canonical_request_to_sign(req, creds, &mut added, &payload_hash);
    let scope = credential_scope(&date, &params.region, &params.service);
    let sts = string_to_sign(&x_date, &scope, &cr);
    let key = signing_key(
        &creds.access_key_secret,
        &date,
        &params.region,
        &params.service,
    )?;
    let value = authorization(
        ALGORITHM,
        &format!("{}/{scope}", creds.access_key_id),
        &cr.signed_headers(),
        &hex_hmac_sha256(&key, sts.as_bytes())?,
        ", ",
    );
    Ok(SignedParts::in_headers(added, value, &req.query))
}

/// Whether [`sign`] signs a caller header: `content-type`, `content-md5` and every `x-*`.
fn is_signed_by_default(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "content-type" || lower == "content-md5" || lower.starts_with("x-")
}

/// The `host` value as signed: without a `:80` or `:443` port.
fn signed_host(host: &str) -> &str {
    host.strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host)
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

/// `<YYYYMMDD>/<region>/<service>/request`.
pub fn credential_scope(date: &str, region: &str, service: &str) -> String {
    format!("{date}/{region}/{service}/{SCOPE_TERMINATOR}")
}

/// `HMAC-SHA256\n<X-Date>\n<scope>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(x_date: &str, scope: &str, cr: &CanonicalRequest) -> String {
    format!("{ALGORITHM}\n{x_date}\n{scope}\n{}", cr.hashed())
}

/// kSigning = HMAC(HMAC(HMAC(HMAC(SK, date), region), service), "request").
fn signing_key(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
) -> Result<Vec<u8>, CryptoError> {
    derive_key(
        secret.as_bytes(),
        &[date, region, service, SCOPE_TERMINATOR],
    )
}

/// Verifies a volc v4 request over the headers its own `SignedHeaders` names (which must
/// include `host` and `x-date`).
pub fn verify(
    req: &IncomingRequest<'_>,
    lookup_secret: impl FnOnce(&str) -> Option<String>,
) -> Result<Verified, VerifyError> {
    let fields = AuthorizationFields::of_request(req, ALGORITHM)?;
    let [access_key_id, date, region, service, _] = fields.credential_scope(
        SCOPE_TERMINATOR,
        |[id, _, _, _, _]| !id.is_empty(),
        "Credential is not <ak>/<date>/<region>/<service>/request",
        "credential scope does not end in request",
    )?;
    let signed_values = fields.signed_header_values(req, ["host", "x-date"])?;

    let x_date = req.required_header("x-date")?.trim();
    let signing_time = UtcDateTime::parse_iso8601_basic(x_date)
        .ok_or_else(|| VerifyError::MalformedTimestamp(clip(x_date)))?;
    let signed_at = signing_time
        .to_unix()
        .ok_or_else(|| VerifyError::MalformedTimestamp(clip(x_date)))?;
    require_scope_date(date, signing_time.date_compact())?;

    let cr = SCHEME.canonical_request_received(req, &signed_values)?;
    let scope = credential_scope(date, region, service);
    let sts = string_to_sign(x_date, &scope, &cr);
    let key = signing_key(
        &secret_of(lookup_secret, access_key_id)?,
        date,
        region,
        service,
    )?;
    let expected = hex_hmac_sha256(&key, sts.as_bytes())?;
    Ok(Verified {
        security_token: req.trimmed_header("x-security-token"),
        scope: Some(CredentialScope {
            date: date.to_owned(),
            region: Some(region.to_owned()),
            service: service.to_owned(),
        }),
        ..fields.verified(access_key_id, &expected, signed_at, sts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "AKLTMjI2ODVlYzI3ZGY1NGU4ZjhjYWRjMTlmNTM5OTZkYzE";
    const SK: &str = "TnpCak5XWXpZV1U0WkRaaE5ERmxaR0ZpTmpjeVkyUXlZek0wTWpJMU1qWQ==";
    const FORM_CT: &str = "application/x-www-form-urlencoded; charset=utf-8";

    fn creds() -> Credentials {
        Credentials::new(AK, SK)
    }

    fn list_users() -> (RequestToSign, VolcParams) {
        (
            RequestToSign::new("GET", "iam.volcengineapi.com", "/")
                .query_param("Action", "ListUsers")
                .query_param("Version", "2018-01-01")
                .query_param("Limit", "10")
                .query_param("Offset", "0")
                .header("Content-Type", FORM_CT),
            VolcParams {
                region: "cn-north-1".into(),
                service: "iam".into(),
                timestamp: 1_609_316_285,
            },
        )
    }

    fn associate_ha_vip() -> (RequestToSign, VolcParams) {
        (
            RequestToSign::new("GET", "open.volcengineapi.com", "/")
                .query_param("Action", "AssociateHaVip")
                .query_param("Version", "2020-04-01")
                .query_param("HaVipId", "havip-2zeo05qre24nhrqpy****")
                .query_param("InstanceId", "i-faf344422ffsfad****")
                .query_param("InstanceType", "EcsInstance")
                .query_param("ClientToken", "123e4567-e89b-12d3-a456-42665544****")
                .header("Content-Type", FORM_CT),
            VolcParams {
                region: "cn-beijing".into(),
                service: "vpc".into(),
                timestamp: 1_609_316_285,
            },
        )
    }

    fn incoming_headers(req: &RequestToSign, parts: &SignedParts) -> Vec<(String, String)> {
        let mut headers = vec![("host".to_owned(), req.host.clone())];
        for (n, v) in req.headers.iter().chain(&parts.headers) {
            headers.push((n.to_ascii_lowercase(), v.clone()));
        }
        headers
    }

    /// The bodiless GET at `/` that `parts` describes, as a server receives it.
    fn incoming_get<'a>(
        parts: &'a SignedParts,
        headers: &'a [(String, String)],
    ) -> IncomingRequest<'a> {
        IncomingRequest {
            method: "GET",
            path: "/",
            raw_query: &parts.query_string,
            headers,
            body: b"",
        }
    }

    fn signed_of(req: &RequestToSign, parts: &SignedParts) -> Vec<(String, String)> {
        incoming_headers(req, parts)
            .into_iter()
            .filter(|(n, _)| n != "authorization")
            .collect()
    }

    /// The canonical request of the bodiless GET at `/` that `req` signed as `parts`.
    fn canonical_get(req: &RequestToSign, parts: &SignedParts) -> CanonicalRequest {
        canonical_request(
            "GET",
            "/",
            &req.query,
            &signed_of(req, parts),
            &sha256_hex(b""),
        )
    }

    #[test]
    fn list_users_doc_vector() {
        let (req, params) = list_users();
        let parts = sign(&req, &creds(), &params).unwrap();
        assert_eq!(
            parts.header("Authorization"),
            Some(
                "HMAC-SHA256 Credential=AKLTMjI2ODVlYzI3ZGY1NGU4ZjhjYWRjMTlmNTM5OTZkYzE/20201230/cn-north-1/iam/request, \
                 SignedHeaders=content-type;host;x-content-sha256;x-date, \
                 Signature=28eeabbbd726b87002e0fe58ad8c1c768e619b06e2646f35b6ad7ed029a6d8a7"
            )
        );
        assert_eq!(parts.header("X-Date"), Some("20201230T081805Z"));
        assert_eq!(
            parts.header("X-Content-Sha256"),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(
            hex::encode(signing_key(SK, "20201230", "cn-north-1", "iam").unwrap()),
            "e7d2eb478084eaaaf8f85c161de16f13d97e52e77bd0415f33e7feb561cccffd"
        );
        let cr = canonical_get(&req, &parts);
        assert!(cr
            .render()
            .starts_with("GET\n/\nAction=ListUsers&Limit=10&Offset=0&Version=2018-01-01\n"));
        assert_eq!(
            cr.hashed(),
            "3a4d4dee07c3308a52da01bc12d7a83c3705bfa543f51648f46de880bb2a7447"
        );
    }

    #[test]
    fn associate_ha_vip_project_vector() {
        let (req, params) = associate_ha_vip();
        let parts = sign(&req, &creds(), &params).unwrap();
        assert!(parts.header("authorization").unwrap().ends_with(
            "Signature=6aa8e547300d41c6d6f11b089baf50482068ca3fe2810fb65c6b347aa3349d2e"
        ));
        let cr = canonical_get(&req, &parts);
        assert!(cr.render().starts_with(
            "GET\n/\nAction=AssociateHaVip&ClientToken=123e4567-e89b-12d3-a456-42665544%2A%2A%2A%2A\
             &HaVipId=havip-2zeo05qre24nhrqpy%2A%2A%2A%2A&InstanceId=i-faf344422ffsfad%2A%2A%2A%2A\
             &InstanceType=EcsInstance&Version=2020-04-01\n"
        ));
        assert_eq!(
            cr.hashed(),
            "f6481ea07104b5810f04b9a618202616519ab0e4b02461426d44f09da4fcd069"
        );
    }

    #[test]
    fn verifies_and_detects_tampering() {
        let (req, params) = associate_ha_vip();
        let parts = sign(&req, &creds(), &params).unwrap();
        let headers = incoming_headers(&req, &parts);
        let incoming = incoming_get(&parts, &headers);
        let lookup = |ak: &str| (ak == AK).then(|| SK.to_owned());
        let v = verify(&incoming, lookup).unwrap();
        assert!(v.signature_matches);
        assert_eq!(v.signed_at, 1_609_316_285);
        assert_eq!(
            v.scope,
            Some(CredentialScope {
                date: "20201230".into(),
                region: Some("cn-beijing".into()),
                service: "vpc".into()
            })
        );
        // Query order on the wire does not matter; `+` for a space is accepted.
        let reordered = "Version=2020-04-01&InstanceType=EcsInstance&Action=AssociateHaVip&\
                         ClientToken=123e4567-e89b-12d3-a456-42665544****&\
                         HaVipId=havip-2zeo05qre24nhrqpy****&InstanceId=i-faf344422ffsfad****";
        let v = verify(
            &IncomingRequest {
                raw_query: reordered,
                ..incoming
            },
            lookup,
        )
        .unwrap();
        assert!(v.signature_matches);
        let tampered = parts
            .query_string
            .replace("EcsInstance", "NetworkInterface");
        let v = verify(
            &IncomingRequest {
                raw_query: &tampered,
                ..incoming
            },
            lookup,
        )
        .unwrap();
        assert!(!v.signature_matches);
        let v = verify(&incoming, |_| Some(format!("{SK}x"))).unwrap();
        assert!(!v.signature_matches);
    }

    #[test]
    fn default_ports_are_dropped_from_the_signed_host() {
        let (req, params) = list_users();
        let parts = sign(&req, &creds(), &params).unwrap();
        let sig_of = |host: &str| {
            let req = RequestToSign {
                host: host.into(),
                ..req.clone()
            };
            let parts = sign(&req, &creds(), &params).unwrap();
            parts.header("authorization").unwrap().to_owned()
        };
        let plain = parts.header("authorization").unwrap().to_owned();
        assert_eq!(sig_of("iam.volcengineapi.com:443"), plain);
        assert_eq!(sig_of("iam.volcengineapi.com:80"), plain);
        assert_ne!(sig_of("iam.volcengineapi.com:8080"), plain);

        // The emulator sees `Host: 127.0.0.1:8080` and verifies it as signed.
        let req = RequestToSign {
            host: "127.0.0.1:8080".into(),
            ..req
        };
        let parts = sign(&req, &creds(), &params).unwrap();
        let headers = incoming_headers(&req, &parts);
        let v = verify(&incoming_get(&parts, &headers), |_| Some(SK.to_owned())).unwrap();
        assert!(v.signature_matches);
    }

    #[test]
    fn caller_x_headers_and_token_are_signed() {
        let (req, params) = list_users();
        let req = req
            .header("X-Sdk-Invocation-Id", "inv-1")
            .header("User-Agent", "tether");
        let creds = creds().with_security_token("sts-tok");
        let parts = sign(&req, &creds, &params).unwrap();
        assert!(parts.header("authorization").unwrap().contains(
            "SignedHeaders=content-type;host;x-content-sha256;x-date;x-sdk-invocation-id;x-security-token,"
        ));
        let headers = incoming_headers(&req, &parts);
        let v = verify(&incoming_get(&parts, &headers), |_| Some(SK.to_owned())).unwrap();
        assert!(v.signature_matches);
        assert_eq!(v.security_token.as_deref(), Some("sts-tok"));
    }

    #[test]
    fn verify_errors_are_typed() {
        let (req, params) = list_users();
        let parts = sign(&req, &creds(), &params).unwrap();
        let headers = incoming_headers(&req, &parts);
        let auth = parts.header("authorization").unwrap().to_owned();
        let with = |name: &str, value: Option<&str>| -> Vec<(String, String)> {
            let mut h: Vec<(String, String)> =
                headers.iter().filter(|(n, _)| n != name).cloned().collect();
            if let Some(value) = value {
                h.push((name.to_owned(), value.to_owned()));
            }
            h
        };
        let check = |headers: &[(String, String)]| {
            verify(&incoming_get(&parts, headers), |ak: &str| {
                (ak == AK).then(|| SK.to_owned())
            })
        };
        assert!(check(&headers).unwrap().signature_matches);
        assert_eq!(
            check(&with("authorization", None)),
            Err(VerifyError::MissingAuthorization)
        );
        assert_eq!(
            check(&with("x-date", Some("20201230081805"))),
            Err(VerifyError::MalformedTimestamp("20201230081805".into()))
        );
        assert_eq!(
            check(&with("x-date", Some("20201231T081805Z"))),
            Err(VerifyError::ScopeDateMismatch {
                declared: "20201230".into(),
                expected: "20201231".into()
            })
        );
        assert_eq!(
            check(&with("authorization", Some(&auth.replace(";x-date,", ",")))),
            Err(VerifyError::HeaderNotSigned("x-date".into()))
        );
        assert_eq!(
            check(&with("x-content-sha256", None)),
            Err(VerifyError::SignedHeaderAbsent("x-content-sha256".into()))
        );
        assert!(matches!(
            check(&with(
                "authorization",
                Some(&auth.replace("/iam/request", "/iam/aws4_request"))
            )),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert!(matches!(
            check(&with(
                "authorization",
                Some(&auth.replace("/20201230/cn-north-1/", "/"))
            )),
            Err(VerifyError::MalformedAuthorization(_))
        ));
        assert_eq!(
            check(&with("authorization", Some(&auth.replace(AK, "AKother")))),
            Err(VerifyError::UnknownAccessKey("AKother".into()))
        );
        assert_eq!(
            check(&with(
                "authorization",
                Some(&auth.replace("HMAC-SHA256 ", "AWS4-HMAC-SHA256 "))
            )),
            Err(VerifyError::UnsupportedAlgorithm("AWS4-HMAC-SHA256".into()))
        );
    }

    #[test]
    fn sign_rejects_reserved_headers() {
        let (req, params) = list_users();
        let req = req.header("Host", "other");
        assert_eq!(
            sign(&req, &creds(), &params),
            Err(SignError::ReservedHeader("host"))
        );
    }
}
