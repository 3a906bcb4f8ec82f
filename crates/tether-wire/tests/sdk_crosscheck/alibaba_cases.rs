//! Alibaba Cloud cases: ACS3 (`alibaba_acs3`, ROA/RPC style with an Authorization header)
//! and RPC v1 (`alibaba_rpc_v1`, the `Signature` query parameter) requests, each with the
//! check of the SDK's answer against tether's signature and `verify`.

use super::*;

pub(crate) fn acs3_case(rng: &mut Rng, index: usize) -> Case {
    let method = *rng.pick(&["GET", "POST", "POST", "PUT", "DELETE"]);
    let host = *rng.pick(&[
        "ecs.cn-shanghai.aliyuncs.com",
        "vpc.aliyuncs.com",
        "ess.cn-hangzhou.aliyuncs.com",
        "127.0.0.1:8080",
        "localhost:443",
    ]);
    let path = *rng.pick(&["/", "/", "/", "", "/clusters/c-123/triggers", "/a/b%20c"]);
    let mut req = RequestToSign::new(method, host, path);
    // alibabacloud-openapi-util does not encode query names, so names stay in the safe set.
    req.query = params(rng, false);
    let body = if method != "GET" && rng.chance(50) {
        body_text(rng)
    } else {
        String::new()
    };
    if !body.is_empty() || rng.chance(20) {
        req.headers.push((
            "Content-Type".into(),
            (*rng.pick(&[
                "application/x-www-form-urlencoded",
                "application/json; charset=utf-8",
                "application/json",
            ]))
            .into(),
        ));
    }
    if rng.chance(30) {
        req.headers
            .push(("x-acs-credentials-provider".into(), "static_ak".into()));
    }
    if rng.chance(40) {
        req.headers
            .push(("User-Agent".into(), "tether-crosscheck/1 (unsigned)".into()));
    }
    req.body = body.clone().into_bytes();
    let creds = credentials(rng, "LTAI");
    let params = alibaba_acs3::Acs3Params {
        action: (*rng.pick(&["DescribeEipAddresses", "RunInstances", "AssociateHaVip"])).into(),
        version: (*rng.pick(&["2016-04-28", "2014-05-26", "2014-08-28"])).into(),
        timestamp: timestamp(rng),
        nonce: format!("{:016x}{:016x}", rng.next(), rng.next()),
    };
    let parts = alibaba_acs3::sign(&req, &creds, &params).expect("tether signs");

    // What tether signed: host, content-type, x-acs-*; the SDK signs every header it is given.
    let mut signed: Pairs = vec![("host".into(), host.into())];
    for (name, value) in req.headers.iter().chain(&parts.headers) {
        let lower = name.to_ascii_lowercase();
        if lower == "content-type" || lower.starts_with("x-acs-") {
            signed.push((lower, value.clone()));
        }
    }
    let payload = json!({
        "algo": "alibaba_acs3",
        "method": method,
        "pathname": path,
        "query": pairs_json(&req.query),
        "headers": pairs_json(&signed),
        "body": body,
        "ak": creds.access_key_id,
        "sk": creds.access_key_secret,
    });
    let check = move |result: &Value| -> Result<(), String> {
        let sdk_auth = str_field(result, "authorization")?;
        let ours = header_of(&parts, "Authorization");
        if sdk_auth != ours {
            return Err(format!(
                "Authorization differs:\n  sdk    {sdk_auth}\n  tether {ours}"
            ));
        }
        let headers = incoming_headers(host, &req.headers, &parts.headers, sdk_auth);
        let good = IncomingRequest {
            method,
            path,
            raw_query: &parts.query_string,
            headers: &headers,
            body: &req.body,
        };
        let tampered_raw = tampered_query(&parts.query_string);
        let tampered = IncomingRequest {
            raw_query: &tampered_raw,
            ..good
        };
        verify_three_ways(
            |r, l| alibaba_acs3::verify(r, l),
            good,
            tampered,
            &creds,
            params.timestamp,
        )
    };
    Case {
        algo: "alibaba_acs3",
        index,
        payload,
        check: Box::new(check),
    }
}

pub(crate) fn rpc_v1_case(rng: &mut Rng, index: usize) -> Case {
    let method = *rng.pick(&["GET", "POST"]);
    let host = *rng.pick(&["vpc.aliyuncs.com", "ess.aliyuncs.com", "127.0.0.1:8080"]);
    let format = *rng.pick(&["JSON", "XML", "json"]);
    let mut req = RequestToSign::new(method, host, "/");
    req.query = vec![
        (
            "Action".into(),
            (*rng.pick(&["DescribeEipAddresses", "AttachInstances", "DescribeRegions"])).into(),
        ),
        (
            "Version".into(),
            (*rng.pick(&["2016-04-28", "2014-08-28"])).into(),
        ),
        ("Format".into(), format.into()),
        ("RegionId".into(), (*rng.pick(&REGIONS)).into()),
    ];
    if rng.chance(30) {
        // The classic SDK sends and signs an empty SignatureType.
        req.query.push(("SignatureType".into(), String::new()));
    }
    let mut taken: HashSet<String> = req.query.iter().map(|(n, _)| n.clone()).collect();
    let mut body_params: Pairs = Vec::new();
    let form_body = method == "POST" && rng.chance(60);
    for (name, value) in params(rng, true) {
        if taken.insert(name.clone()) {
            if form_body && rng.chance(60) {
                body_params.push((name, value));
            } else {
                req.query.push((name, value));
            }
        }
    }
    if !body_params.is_empty() {
        req.headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
        req.body = encode_query(&body_params).into_bytes();
    }
    let creds = credentials(rng, "LTAI");
    let params = alibaba_rpc_v1::RpcV1Params {
        timestamp: timestamp(rng),
        nonce: uuid_like(rng),
    };
    let parts = alibaba_rpc_v1::sign(&req, &creds, &params).expect("tether signs");
    let signature = parts
        .query_param("Signature")
        .expect("tether adds Signature")
        .to_owned();

    let mut signed_params: Pairs = req.query.clone();
    signed_params.extend(
        parts
            .query
            .iter()
            .filter(|(n, _)| n != "Signature")
            .cloned(),
    );
    signed_params.extend(body_params.iter().cloned());
    let mut url_params = req.query.clone();
    if let Some(token) = &creds.security_token {
        url_params.push(("SecurityToken".into(), token.clone()));
    }
    let payload = json!({
        "algo": "alibaba_rpc_v1",
        "method": method,
        "params": pairs_json(&signed_params),
        "url_params": pairs_json(&url_params),
        "body_params": pairs_json(&body_params),
        "format": format,
        "timestamp": params.timestamp,
        "nonce": params.nonce,
        "ak": creds.access_key_id,
        "sk": creds.access_key_secret,
    });
    let check = move |result: &Value| -> Result<(), String> {
        let sts = str_field(result, "string_to_sign")?;
        let ours = alibaba_rpc_v1::string_to_sign(method, &signed_params);
        if sts != ours {
            return Err(format!(
                "string to sign differs:\n  sdk    {sts}\n  tether {ours}"
            ));
        }
        for key in ["core_signature", "util_signature"] {
            let sdk = str_field(result, key)?;
            if sdk != signature {
                return Err(format!("{key} {sdk} != tether {signature}"));
            }
        }
        // tether's own wire form verifies...
        let ct_headers: Pairs = req
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        let own = IncomingRequest {
            method,
            path: "/",
            raw_query: &parts.query_string,
            headers: &ct_headers,
            body: &req.body,
        };
        match alibaba_rpc_v1::verify(&own, lookup_for(&creds)) {
            Ok(v) if v.signature_matches => {}
            other => return Err(format!("tether's own request does not verify: {other:?}")),
        }
        // ...and so does the URL + body the classic SDK builds (with SignatureType=, `+` spaces).
        let sdk_url = str_field(result, "sdk_url")?;
        let raw_query = sdk_url
            .strip_prefix("/?")
            .ok_or_else(|| format!("unexpected SDK url {sdk_url}"))?;
        let sdk_body = str_field(result, "sdk_body")?;
        let good = IncomingRequest {
            method,
            path: "/",
            raw_query,
            headers: &ct_headers,
            body: sdk_body.as_bytes(),
        };
        let tampered_raw = tampered_query(raw_query);
        let tampered = IncomingRequest {
            raw_query: &tampered_raw,
            ..good
        };
        let v = alibaba_rpc_v1::verify(&good, lookup_for(&creds))
            .map_err(|e| format!("verify refused the SDK URL: {e}"))?;
        if v.nonce.as_deref() != Some(params.nonce.as_str()) {
            return Err("verify reported another nonce".into());
        }
        verify_three_ways(
            |r, l| alibaba_rpc_v1::verify(r, l),
            good,
            tampered,
            &creds,
            params.timestamp,
        )
    };
    Case {
        algo: "alibaba_rpc_v1",
        index,
        payload,
        check: Box::new(check),
    }
}
