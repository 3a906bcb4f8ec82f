//! TC3-HMAC-SHA256 against the published test vectors and the SDK's own signatures.

use super::*;

/// The CVM DescribeInstances payload of the signature doc (literal `\u` escapes).
const DOC_PAYLOAD: &str =
    r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
const DOC_CT: &str = "application/json; charset=utf-8";

fn doc_request() -> RequestToSign {
    RequestToSign::new("POST", "cvm.tencentcloudapi.com", "/")
        .header("Content-Type", DOC_CT)
        .body(DOC_PAYLOAD)
}

fn doc_params() -> Tc3Params {
    Tc3Params {
        service: "cvm".into(),
        action: "DescribeInstances".into(),
        version: "2017-03-12".into(),
        region: Some("ap-guangzhou".into()),
        timestamp: 1_551_113_065,
        sign_action_header: false,
        unsigned_payload: false,
    }
}

fn incoming_headers(req: &RequestToSign, parts: &SignedParts) -> Vec<(String, String)> {
    let mut headers = vec![("host".to_owned(), req.host.clone())];
    for (n, v) in req.headers.iter().chain(&parts.headers) {
        headers.push((n.to_ascii_lowercase(), v.clone()));
    }
    headers
}

#[test]
fn doc_vector_intermediates() {
    assert_eq!(
        sha256_hex(DOC_PAYLOAD.as_bytes()),
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    let signed = vec![
        ("content-type".to_owned(), DOC_CT.to_owned()),
        ("host".to_owned(), "cvm.tencentcloudapi.com".to_owned()),
    ];
    let cr = canonical_request("POST", "/", "", &signed, DOC_PAYLOAD.as_bytes());
    assert_eq!(
        cr.render(),
        "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n\
         content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    assert_eq!(
        cr.hashed(),
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );
    let sts = string_to_sign("1551113065", &credential_scope("2019-02-25", "cvm"), &cr);
    assert_eq!(
        sts,
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n\
         5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );
}

#[test]
fn doc_vector_chinese_masked_keys() {
    let creds = Credentials::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
        "Gu5t9xGARNpq86cd98joQYCN3*******",
    );
    let parts = sign(&doc_request(), &creds, &doc_params()).unwrap();
    assert_eq!(
        parts.header("Authorization"),
        Some(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        )
    );
    assert_eq!(parts.header("X-TC-Timestamp"), Some("1551113065"));
    assert_eq!(parts.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(parts.query_string, "");
}

#[test]
fn doc_vector_english_example_keys() {
    let creds = Credentials::new(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    );
    let parts = sign(&doc_request(), &creds, &doc_params()).unwrap();
    assert!(parts
        .header("Authorization")
        .unwrap()
        .ends_with("Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"));
}

#[test]
fn project_vector_associate_address() {
    let payload = r#"{"AddressId": "eip-11112222", "InstanceId": "ins-11112222"}"#;
    assert_eq!(
        sha256_hex(payload.as_bytes()),
        "73a0a3dc97e55965d0b0d0157a3835191c7e6e892a68bf925e7eeae8288a864a"
    );
    let req = RequestToSign::new("POST", "vpc.tencentcloudapi.com", "/")
        .header("Content-Type", "application/json")
        .body(payload);
    let signed = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("host".to_owned(), "vpc.tencentcloudapi.com".to_owned()),
    ];
    assert_eq!(
        canonical_request("POST", "/", "", &signed, payload.as_bytes()).hashed(),
        "ad00288ac41648c51b3cf431d19c4b17eab030db8ca30735ad66d4a99502013f"
    );
    let params = Tc3Params {
        service: "vpc".into(),
        action: "AssociateAddress".into(),
        version: "2017-03-12".into(),
        ..doc_params()
    };
    let creds = Credentials::new("AKIDEXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
    let parts = sign(&req, &creds, &params).unwrap();
    assert!(parts
        .header("Authorization")
        .unwrap()
        .ends_with("Signature=6f9b06db90bf4737e1015c8e7fd92afcb7039b70617a95467409ce6a4c3f6daf"));

    let headers = incoming_headers(&req, &parts);
    let incoming = IncomingRequest {
        method: "POST",
        path: "/",
        raw_query: "",
        headers: &headers,
        body: payload.as_bytes(),
    };
    let v = verify(&incoming, |_| {
        Some("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".into())
    })
    .unwrap();
    assert!(v.signature_matches);
    assert_eq!(v.access_key_id, "AKIDEXAMPLE");
    assert_eq!(v.signed_at, 1_551_113_065);
    assert_eq!(
        v.scope,
        Some(CredentialScope {
            date: "2019-02-25".into(),
            region: None,
            service: "vpc".into()
        })
    );
    let tampered = IncomingRequest {
        body: br#"{"AddressId": "eip-11112222", "InstanceId": "ins-11113333"}"#,
        ..incoming
    };
    assert!(
        !verify(&tampered, |_| Some(
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE".into()
        ))
        .unwrap()
        .signature_matches
    );
}

#[test]
fn signing_x_tc_action_lowercases_its_value() {
    let params = Tc3Params {
        sign_action_header: true,
        ..doc_params()
    };
    let creds = Credentials::new("AKID", "SK");
    let req = doc_request();
    let parts = sign(&req, &creds, &params).unwrap();
    assert!(parts
        .header("authorization")
        .unwrap()
        .contains("SignedHeaders=content-type;host;x-tc-action,"));
    let signed = vec![
        ("content-type".to_owned(), DOC_CT.to_owned()),
        ("host".to_owned(), "cvm.tencentcloudapi.com".to_owned()),
        ("x-tc-action".to_owned(), "DescribeInstances".to_owned()),
    ];
    let cr = canonical_request("POST", "/", "", &signed, DOC_PAYLOAD.as_bytes());
    assert!(cr.render().contains("\nx-tc-action:describeinstances\n"));

    let headers = incoming_headers(&req, &parts);
    let incoming = IncomingRequest {
        method: "POST",
        path: "/",
        raw_query: "",
        headers: &headers,
        body: DOC_PAYLOAD.as_bytes(),
    };
    assert!(
        verify(&incoming, |_| Some("SK".into()))
            .unwrap()
            .signature_matches
    );
    // The region header is not signed, so changing it keeps the signature valid.
    let mut moved = headers.clone();
    for (n, v) in &mut moved {
        if n == "x-tc-region" {
            *v = "ap-beijing".into();
        }
    }
    let moved_req = IncomingRequest {
        headers: &moved,
        ..incoming
    };
    assert!(
        verify(&moved_req, |_| Some("SK".into()))
            .unwrap()
            .signature_matches
    );
}

#[test]
fn get_signs_the_query_as_sent_and_unsigned_payload() {
    let req = RequestToSign::new("GET", "cvm.tencentcloudapi.com", "/")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .query_param("Limit", "10")
        .query_param("Offset", "0")
        .query_param("Filters.0.Name", "instance-name")
        .query_param("Filters.0.Values.0", "未 命名*");
    let creds = Credentials::new("AKID", "SK").with_security_token("tok");
    let params = Tc3Params {
        unsigned_payload: true,
        ..doc_params()
    };
    let parts = sign(&req, &creds, &params).unwrap();
    assert_eq!(
        parts.query_string,
        "Limit=10&Offset=0&Filters.0.Name=instance-name&Filters.0.Values.0=%E6%9C%AA%20%E5%91%BD%E5%90%8D%2A"
    );
    assert_eq!(parts.header("X-TC-Content-SHA256"), Some(UNSIGNED_PAYLOAD));
    let headers = incoming_headers(&req, &parts);
    let incoming = IncomingRequest {
        method: "GET",
        path: "/",
        raw_query: &parts.query_string,
        headers: &headers,
        body: b"",
    };
    let v = verify(&incoming, |_| Some("SK".into())).unwrap();
    assert!(v.signature_matches);
    assert_eq!(v.security_token.as_deref(), Some("tok"));
    // The same parameters in another order are a different canonical query.
    let reordered = "Offset=0&Limit=10&Filters.0.Name=instance-name&Filters.0.Values.0=%E6%9C%AA%20%E5%91%BD%E5%90%8D%2A";
    let v = verify(
        &IncomingRequest {
            raw_query: reordered,
            ..incoming
        },
        |_| Some("SK".into()),
    )
    .unwrap();
    assert!(!v.signature_matches);
}

#[test]
fn sign_rejects_unsignable_shapes() {
    let creds = Credentials::new("AKID", "SK");
    let no_ct = RequestToSign::new("POST", "h", "/").body("{}");
    assert_eq!(
        sign(&no_ct, &creds, &doc_params()),
        Err(SignError::MissingHeader("content-type"))
    );
    let post_query = doc_request().query_param("A", "1");
    assert!(matches!(
        sign(&post_query, &creds, &doc_params()),
        Err(SignError::Unsignable(_))
    ));
    let put = RequestToSign {
        method: "PUT".into(),
        ..doc_request()
    };
    assert!(matches!(
        sign(&put, &creds, &doc_params()),
        Err(SignError::Unsignable(_))
    ));
    let reserved = doc_request().header("X-TC-Timestamp", "1");
    assert_eq!(
        sign(&reserved, &creds, &doc_params()),
        Err(SignError::ReservedHeader("x-tc-timestamp"))
    );
}

#[test]
fn verify_errors_are_typed() {
    let req = doc_request();
    let creds = Credentials::new("AKID", "SK");
    let parts = sign(&req, &creds, &doc_params()).unwrap();
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
        verify(
            &IncomingRequest {
                method: "POST",
                path: "/",
                raw_query: "",
                headers,
                body: DOC_PAYLOAD.as_bytes(),
            },
            |ak: &str| (ak == "AKID").then(|| "SK".to_owned()),
        )
    };
    assert!(check(&headers).unwrap().signature_matches);
    assert_eq!(
        check(&with("authorization", None)),
        Err(VerifyError::MissingAuthorization)
    );
    assert_eq!(
        check(&with("x-tc-timestamp", None)),
        Err(VerifyError::MissingHeader("x-tc-timestamp"))
    );
    assert_eq!(
        check(&with("x-tc-timestamp", Some("-5"))),
        Err(VerifyError::MalformedTimestamp("-5".into()))
    );
    assert_eq!(
        check(&with("x-tc-timestamp", Some("1551200000"))),
        Err(VerifyError::ScopeDateMismatch {
            declared: "2019-02-25".into(),
            expected: "2019-02-26".into()
        })
    );
    assert_eq!(
        check(&with("content-type", None)),
        Err(VerifyError::SignedHeaderAbsent("content-type".into()))
    );
    assert_eq!(
        check(&with(
            "authorization",
            Some(&auth.replace("content-type;host", "host"))
        )),
        Err(VerifyError::HeaderNotSigned("content-type".into()))
    );
    assert!(matches!(
        check(&with(
            "authorization",
            Some(&auth.replace("/tc3_request", "/aws4_request"))
        )),
        Err(VerifyError::MalformedAuthorization(_))
    ));
    assert!(matches!(
        check(&with(
            "authorization",
            Some(&auth.replace("AKID/2019-02-25/cvm/", "AKID-"))
        )),
        Err(VerifyError::MalformedAuthorization(_))
    ));
    assert_eq!(
        check(&with(
            "authorization",
            Some(&auth.replace("AKID/", "OTHER/"))
        )),
        Err(VerifyError::UnknownAccessKey("OTHER".into()))
    );
    assert_eq!(
        check(&with(
            "authorization",
            Some(&auth.replace("TC3-HMAC-SHA256 ", "HMAC-SHA256 "))
        )),
        Err(VerifyError::UnsupportedAlgorithm("HMAC-SHA256".into()))
    );
    // A Content-Type sent differently from the signed one fails the signature.
    assert!(
        !check(&with("content-type", Some("application/json")))
            .unwrap()
            .signature_matches
    );
}
