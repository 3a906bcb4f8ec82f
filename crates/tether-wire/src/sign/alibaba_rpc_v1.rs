//! Alibaba Cloud classic RPC signature: `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`
//! (called "V2" in today's Alibaba docs), as used by VPC 2016-04-28 and ESS 2014-08-28 RPC
//! calls.
//!
//! The signed set is every query parameter plus, for a form body
//! (`application/x-www-form-urlencoded`), every body parameter, minus `Signature`:
//!
//! 1. `CanonicalizedQueryString` = pairs RFC 3986-encoded, sorted by raw name (then value),
//!    `name=value` joined by `&`.
//! 2. `StringToSign` = `METHOD & %2F & percent_encode(CanonicalizedQueryString)`, i.e. the
//!    canonical string is encoded a second time.
//! 3. `Signature` = Base64(HMAC-SHA1(key = `AccessKeySecret + "&"`, StringToSign)), sent as a
//!    query parameter (so `+`, `/`, `=` in it travel as `%2B`, `%2F`, `%3D`).
//!
//! [`sign`] adds `AccessKeyId`, `SignatureMethod`, `SignatureVersion`, `SignatureNonce`,
//! `Timestamp` (`YYYY-MM-DDTHH:MM:SSZ`), `SecurityToken` (with STS credentials) and `Signature`.
//! `Action`, `Version`, `Format`, `RegionId` and the API's own parameters are the caller's.

use base64::prelude::{Engine, BASE64_STANDARD};

use super::authorization::secret_of;
use super::crypto::{hmac_sha1, signatures_equal, CryptoError};
use super::encoding::is_form_content_type;
use super::time::UtcDateTime;
use super::{
    canonical_query, clip, encode_query, parse_query, percent_encode, Credentials, IncomingRequest,
    QueryOrder, RequestToSign, SignError, SignedParts, Verified, VerifyError,
};

/// The `SignatureMethod` value.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
/// The `SignatureVersion` value.
pub const SIGNATURE_VERSION: &str = "1.0";

/// Parameters [`sign`] sets itself; a caller supplying one gets
/// [`SignError::ReservedParameter`].
const RESERVED_PARAMS: [&str; 7] = [
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "Signature",
];

/// Per-request inputs injected by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcV1Params {
    /// Signing time, Unix seconds (sent as `Timestamp`).
    pub timestamp: u64,
    /// Unique per request (sent as `SignatureNonce`); a UUID in the SDKs.
    pub nonce: String,
}

/// Signs a classic RPC request. Returns the parameters to add (last one `Signature`) and the
/// full query string to send; no headers.
pub fn sign(
    req: &RequestToSign,
    creds: &Credentials,
    params: &RpcV1Params,
) -> Result<SignedParts, SignError> {
    let body_params = match req.header_value("content-type") {
        Some(ct) if is_form_content_type(ct) => {
            let text = std::str::from_utf8(&req.body)
                .map_err(|_| SignError::MalformedBody("form body is not UTF-8"))?;
            parse_query(text).map_err(|_| SignError::MalformedBody("form body does not decode"))?
        }
        _ => Vec::new(),
    };
    for name in RESERVED_PARAMS {
        if req.query.iter().chain(&body_params).any(|(n, _)| n == name) {
            return Err(SignError::ReservedParameter(name));
        }
    }

    let mut added: Vec<(String, String)> = vec![
        ("AccessKeyId".into(), creds.access_key_id.clone()),
        ("SignatureMethod".into(), SIGNATURE_METHOD.into()),
        ("SignatureVersion".into(), SIGNATURE_VERSION.into()),
        ("SignatureNonce".into(), params.nonce.clone()),
        (
            "Timestamp".into(),
            UtcDateTime::from_unix(params.timestamp).iso8601(),
        ),
    ];
    if let Some(token) = &creds.security_token {
        added.push(("SecurityToken".into(), token.clone()));
    }

    let mut signed_set = req.query.clone();
    signed_set.extend(added.iter().cloned());
    signed_set.extend(body_params);
    let sts = string_to_sign(&req.method, &signed_set);
    added.push((
        "Signature".into(),
        signature(&creds.access_key_secret, &sts)?,
    ));

    let mut wire = req.query.clone();
    wire.extend(added.iter().cloned());
    Ok(SignedParts {
        headers: Vec::new(),
        query_string: encode_query(&wire),
        query: added,
    })
}

/// `METHOD&%2F&<percent_encode(CanonicalizedQueryString)>` over `params` (which must not
/// include `Signature`).
pub fn string_to_sign(method: &str, params: &[(String, String)]) -> String {
    format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&canonical_query(params, QueryOrder::RawName))
    )
}

fn signature(secret: &str, string_to_sign: &str) -> Result<String, CryptoError> {
    let key = format!("{secret}&");
    let mac = hmac_sha1(key.as_bytes(), string_to_sign.as_bytes())?;
    Ok(BASE64_STANDARD.encode(mac))
}

/// Verifies a classic RPC request: collects the query parameters (and form-body parameters),
/// checks `SignatureMethod`/`SignatureVersion`, and recomputes `Signature` with the secret
/// `lookup_secret` returns for the request's `AccessKeyId`.
///
/// Blank parameters such as the classic SDK's `SignatureType=` are part of the signed set.
pub fn verify(
    req: &IncomingRequest<'_>,
    lookup_secret: impl FnOnce(&str) -> Option<String>,
) -> Result<Verified, VerifyError> {
    let mut params = parse_query(req.raw_query)?;
    if req.header("content-type").is_some_and(is_form_content_type) {
        let text = std::str::from_utf8(req.body)
            .map_err(|_| VerifyError::MalformedEncoding("form body"))?;
        params.extend(parse_query(text)?);
    }

    let presented =
        take_unique(&mut params, "Signature")?.ok_or(VerifyError::MissingParameter("Signature"))?;
    let method = unique(&params, "SignatureMethod")?
        .ok_or(VerifyError::MissingParameter("SignatureMethod"))?;
    if method != SIGNATURE_METHOD {
        return Err(VerifyError::UnsupportedAlgorithm(clip(&method)));
    }
    let version = unique(&params, "SignatureVersion")?
        .ok_or(VerifyError::MissingParameter("SignatureVersion"))?;
    if version != SIGNATURE_VERSION {
        return Err(VerifyError::UnsupportedAlgorithm(format!(
            "{SIGNATURE_METHOD} version {}",
            clip(&version)
        )));
    }
    let access_key_id =
        unique(&params, "AccessKeyId")?.ok_or(VerifyError::MissingParameter("AccessKeyId"))?;
    let timestamp =
        unique(&params, "Timestamp")?.ok_or(VerifyError::MissingParameter("Timestamp"))?;
    let signed_at = UtcDateTime::parse_iso8601(&timestamp)
        .and_then(UtcDateTime::to_unix)
        .ok_or_else(|| VerifyError::MalformedTimestamp(clip(&timestamp)))?;
    let nonce = unique(&params, "SignatureNonce")?
        .ok_or(VerifyError::MissingParameter("SignatureNonce"))?;
    let security_token = unique(&params, "SecurityToken")?;

    let sts = string_to_sign(req.method, &params);
    let expected = signature(&secret_of(lookup_secret, &access_key_id)?, &sts)?;
    Ok(Verified {
        access_key_id,
        signature_matches: signatures_equal(&presented, &expected),
        signed_at,
        nonce: Some(nonce),
        security_token,
        signed_headers: Vec::new(),
        scope: None,
        string_to_sign: sts,
    })
}

/// The value of a parameter that may appear at most once.
fn unique(params: &[(String, String)], name: &'static str) -> Result<Option<String>, VerifyError> {
    let mut found = params.iter().filter(|(n, _)| n == name);
    let first = found.next().map(|(_, v)| v.clone());
    if found.next().is_some() {
        return Err(VerifyError::DuplicateParameter(name));
    }
    Ok(first)
}

/// Like [`unique`], and removes the parameter from `params`.
fn take_unique(
    params: &mut Vec<(String, String)>,
    name: &'static str,
) -> Result<Option<String>, VerifyError> {
    let value = unique(params, name)?;
    params.retain(|(n, _)| n != name);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published vector (ECS DescribeRegions, Alibaba signature doc).
    const DESCRIBE_REGIONS_CANONICAL: &str = "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26";
    const DESCRIBE_REGIONS_STS: &str = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn describe_regions_params() -> Vec<(String, String)> {
        pairs(&[
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ])
    }

    fn describe_regions_request(method: &str) -> RequestToSign {
        RequestToSign::new(method, "ecs.aliyuncs.com", "/")
            .query_param("Action", "DescribeRegions")
            .query_param("Format", "XML")
            .query_param("Version", "2014-05-26")
    }

    fn describe_regions_params_in() -> RpcV1Params {
        RpcV1Params {
            timestamp: 1_456_231_584,
            nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".into(),
        }
    }

    /// The doc's DescribeRegions GET, signed with `creds`.
    fn sign_describe_regions_get(creds: &Credentials) -> SignedParts {
        sign(
            &describe_regions_request("GET"),
            creds,
            &describe_regions_params_in(),
        )
        .unwrap()
    }

    /// A GET at `/` with the query string `raw`, no headers and no body.
    fn incoming_get(raw: &str) -> IncomingRequest<'_> {
        IncomingRequest {
            method: "GET",
            path: "/",
            raw_query: raw,
            headers: &[],
            body: b"",
        }
    }

    fn secret(expected_ak: &'static str, secret: &'static str) -> impl Fn(&str) -> Option<String> {
        move |ak| (ak == expected_ak).then(|| secret.to_owned())
    }

    #[test]
    fn describe_regions_vector_intermediates() {
        let params = describe_regions_params();
        assert_eq!(
            canonical_query(&params, QueryOrder::RawName),
            DESCRIBE_REGIONS_CANONICAL
        );
        assert_eq!(string_to_sign("GET", &params), DESCRIBE_REGIONS_STS);
        assert_eq!(
            signature("testsecret", DESCRIBE_REGIONS_STS).unwrap(),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn describe_regions_vector_via_sign() {
        let creds = Credentials::new("testid", "testsecret");
        let parts = sign_describe_regions_get(&creds);
        assert_eq!(
            parts.query_param("Signature"),
            Some("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
        );
        assert_eq!(parts.query_param("Timestamp"), Some("2016-02-23T12:46:24Z"));
        assert!(parts
            .query_string
            .ends_with("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"));
        assert!(parts.headers.is_empty());

        // The same parameters over POST (value from the reference notes, not published).
        let post = sign(
            &describe_regions_request("POST"),
            &creds,
            &describe_regions_params_in(),
        )
        .unwrap();
        assert_eq!(
            post.query_param("Signature"),
            Some("MxbnVAM4w6sft9xjVpe/GCKueuk=")
        );
    }

    #[test]
    fn send_sms_vector_with_utf8_and_json_values() {
        let params = pairs(&[
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", "{\"customer\":\"test\"}"),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]);
        let sts = string_to_sign("GET", &params);
        assert_eq!(
            signature("testSecret", &sts).unwrap(),
            "zJDF+Lrzhj/ThnlvIToysFRq6t4="
        );
    }

    #[test]
    fn verifies_the_published_request() {
        let raw =
            format!("{DESCRIBE_REGIONS_CANONICAL}&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D");
        let req = incoming_get(&raw);
        let v = verify(&req, secret("testid", "testsecret")).unwrap();
        assert!(v.signature_matches);
        assert_eq!(v.access_key_id, "testid");
        assert_eq!(v.signed_at, 1_456_231_584);
        assert_eq!(
            v.nonce.as_deref(),
            Some("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")
        );
        assert_eq!(v.string_to_sign, DESCRIBE_REGIONS_STS);

        let wrong = verify(&req, secret("testid", "testsecreT")).unwrap();
        assert!(!wrong.signature_matches);
        let as_post = verify(
            &IncomingRequest {
                method: "POST",
                ..req
            },
            secret("testid", "testsecret"),
        )
        .unwrap();
        assert!(!as_post.signature_matches);
        let tampered_raw = raw.replace("Format=XML", "Format=JSON");
        let tampered = verify(
            &IncomingRequest {
                raw_query: &tampered_raw,
                ..req
            },
            secret("testid", "testsecret"),
        )
        .unwrap();
        assert!(!tampered.signature_matches);
    }

    #[test]
    fn form_body_parameters_are_signed_and_plus_decodes_to_space() {
        let creds = Credentials::new("AK1", "sk-1").with_security_token("sts-token");
        let req = RequestToSign::new("POST", "vpc.aliyuncs.com", "/")
            .query_param("Action", "DescribeEipAddresses")
            .query_param("Version", "2016-04-28")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("Name=a%20b%2Bc&InstanceId.1=i-1&InstanceId.2=i-2");
        let parts = sign(
            &req,
            &creds,
            &RpcV1Params {
                timestamp: 1_700_000_000,
                nonce: "n-1".into(),
            },
        )
        .unwrap();
        assert_eq!(parts.query_param("SecurityToken"), Some("sts-token"));
        let headers = vec![(
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        )];
        // A client that encodes the space as `+` sends the same parameters.
        let body = b"Name=a+b%2Bc&InstanceId.1=i-1&InstanceId.2=i-2";
        let incoming = IncomingRequest {
            method: "POST",
            path: "/",
            raw_query: &parts.query_string,
            headers: &headers,
            body,
        };
        let v = verify(&incoming, secret("AK1", "sk-1")).unwrap();
        assert!(v.signature_matches);
        assert_eq!(v.security_token.as_deref(), Some("sts-token"));
        let tampered = verify(
            &IncomingRequest {
                body: b"Name=a+b%2Bc&InstanceId.1=i-1&InstanceId.2=i-3",
                ..incoming
            },
            secret("AK1", "sk-1"),
        )
        .unwrap();
        assert!(!tampered.signature_matches);
        // Without the form content type the body is not part of the signed set.
        let unsigned_body = verify(
            &IncomingRequest {
                headers: &[],
                ..incoming
            },
            secret("AK1", "sk-1"),
        )
        .unwrap();
        assert!(!unsigned_body.signature_matches);
    }

    #[test]
    fn sign_rejects_reserved_parameters() {
        let creds = Credentials::new("AK1", "sk-1");
        let params = RpcV1Params {
            timestamp: 0,
            nonce: "n".into(),
        };
        let req = RequestToSign::new("GET", "h", "/").query_param("Timestamp", "x");
        assert_eq!(
            sign(&req, &creds, &params),
            Err(SignError::ReservedParameter("Timestamp"))
        );
        let req = RequestToSign::new("POST", "h", "/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("Signature=x");
        assert_eq!(
            sign(&req, &creds, &params),
            Err(SignError::ReservedParameter("Signature"))
        );
    }

    #[test]
    fn verify_errors_are_typed() {
        let base = "AccessKeyId=AK&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&Timestamp=2016-02-23T12%3A46%3A24Z";
        let check = |raw: &str| verify(&incoming_get(raw), secret("AK", "sk"));
        assert!(check(&format!("{base}&Signature=abc")).is_ok());
        assert_eq!(check(base), Err(VerifyError::MissingParameter("Signature")));
        assert_eq!(
            check(&format!("{base}&Signature=a&Signature=b")),
            Err(VerifyError::DuplicateParameter("Signature"))
        );
        assert_eq!(
            check(&format!(
                "{}&Signature=a",
                base.replace("HMAC-SHA1", "HMAC-SHA256")
            )),
            Err(VerifyError::UnsupportedAlgorithm("HMAC-SHA256".into()))
        );
        assert!(matches!(
            check(&format!(
                "{}&Signature=a",
                base.replace("Version=1.0", "Version=2.0")
            )),
            Err(VerifyError::UnsupportedAlgorithm(_))
        ));
        assert_eq!(
            check(&format!("{}&Signature=a", base.replace("12%3A46", "12-46"))),
            Err(VerifyError::MalformedTimestamp(
                "2016-02-23T12-46:24Z".into()
            ))
        );
        assert_eq!(
            check(&format!(
                "{}&Signature=a",
                base.replace("AccessKeyId=AK", "AccessKeyId=BK")
            )),
            Err(VerifyError::UnknownAccessKey("BK".into()))
        );
        assert_eq!(
            check(&format!(
                "{}&Signature=a",
                base.replace("&SignatureNonce=n", "")
            )),
            Err(VerifyError::MissingParameter("SignatureNonce"))
        );
        assert_eq!(
            check(&format!("{base}&Signature=a&X=%FF")),
            Err(VerifyError::MalformedEncoding("query string or form body"))
        );
    }

    #[test]
    fn errors_and_debug_never_show_secrets_or_signatures() {
        let creds = Credentials::new("AK", "very-secret-key");
        let parts = sign_describe_regions_get(&creds);
        let sig = parts.query_param("Signature").unwrap().to_owned();
        let shown = format!("{parts:?}");
        assert!(!shown.contains(&sig));
        assert!(!shown.contains("very-secret-key"));
        let raw = parts.query_string.clone();
        let req = incoming_get(&raw);
        let v = verify(&req, |_| Some("very-secret-key".into())).unwrap();
        assert!(v.signature_matches);
        let shown = format!("{v:?}");
        assert!(!shown.contains(&sig));
        assert!(!shown.contains("very-secret-key"));
    }
}
