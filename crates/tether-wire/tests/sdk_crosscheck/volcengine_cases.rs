//! Volcengine cases: SignerV4 (`volcengine`) requests, each with the check of the SDK's
//! answer against tether's signature and `verify`.

use super::*;

pub(crate) fn volc_case(rng: &mut Rng, index: usize) -> Case {
    let method = if rng.chance(70) { "GET" } else { "POST" };
    let host = *rng.pick(&[
        "open.volcengineapi.com",
        "vpc.cn-beijing.volcengineapi.com",
        "open.volcengineapi.com:443",
        "iam.volcengineapi.com:80",
        "127.0.0.1:8080",
    ]);
    let mut req = RequestToSign::new(method, host, "/");
    req.query = vec![
        (
            "Action".into(),
            (*rng.pick(&["AssociateHaVip", "DescribeHaVips", "DisassociateHaVip"])).into(),
        ),
        ("Version".into(), "2020-04-01".into()),
    ];
    let mut taken: HashSet<String> = req.query.iter().map(|(n, _)| n.clone()).collect();
    for (name, value) in params(rng, true) {
        if taken.insert(name.clone()) {
            req.query.push((name, value));
        }
    }
    if method == "POST" {
        req.headers.push((
            "Content-Type".into(),
            (*rng.pick(&[
                "application/x-www-form-urlencoded; charset=utf-8",
                "application/json",
            ]))
            .into(),
        ));
        req.body = body_text(rng).into_bytes();
    } else if rng.chance(60) {
        req.headers.push((
            "Content-Type".into(),
            (*rng.pick(&[
                "text/plain",
                "application/x-www-form-urlencoded; charset=utf-8",
            ]))
            .into(),
        ));
    }
    if rng.chance(50) {
        req.headers
            .push(("X-Sdk-Invocation-Id".into(), format!("{:016x}", rng.next())));
    }
    if rng.chance(30) {
        req.headers
            .push(("X-Sdk-Request".into(), "volcenginesdk-python/5.0.54".into()));
    }
    if rng.chance(15) {
        req.headers
            .push(("Content-Md5".into(), "1B2M2Y8AsgTpgAmY7PhCfg==".into()));
    }
    if rng.chance(40) {
        req.headers
            .push(("User-Agent".into(), "tether-crosscheck/1 (unsigned)".into()));
    }
    let creds = credentials(rng, "AKLT");
    let params = volcengine::VolcParams {
        region: (*rng.pick(&["cn-beijing", "cn-shanghai", "cn-north-1", "ap-southeast-1"])).into(),
        service: (*rng.pick(&["vpc", "iam", "ecs"])).into(),
        timestamp: timestamp(rng),
    };
    let parts = volcengine::sign(&req, &creds, &params).expect("tether signs");
    let mut sdk_headers = req.headers.clone();
    sdk_headers.push(("Host".into(), host.into()));
    let payload = json!({
        "algo": "volcengine",
        "path": "/",
        "method": method,
        "headers": pairs_json(&sdk_headers),
        "body": String::from_utf8(req.body.clone()).expect("bodies are UTF-8"),
        "query": pairs_json(&req.query),
        "ak": creds.access_key_id,
        "sk": creds.access_key_secret,
        "region": params.region,
        "service": params.service,
        "token": creds.security_token,
        "timestamp": params.timestamp,
    });
    let check = move |result: &Value| -> Result<(), String> {
        let sdk = result
            .get("headers")
            .and_then(Value::as_object)
            .ok_or("SDK result has no headers")?;
        let mut compared = vec!["Authorization", "X-Date", "X-Content-Sha256"];
        if creds.security_token.is_some() {
            compared.push("X-Security-Token");
        }
        for name in compared {
            let theirs = sdk.get(name).and_then(Value::as_str).unwrap_or("<absent>");
            let ours = header_of(&parts, name);
            if theirs != ours {
                return Err(format!(
                    "{name} differs:\n  sdk    {theirs}\n  tether {ours}"
                ));
            }
        }
        // The request exactly as the SDK would send it (its header dict, Host included).
        let headers: Pairs = sdk
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.as_str().unwrap_or("").to_owned()))
            .collect();
        let good = IncomingRequest {
            method,
            path: "/",
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
            |r, l| volcengine::verify(r, l),
            good,
            tampered,
            &creds,
            params.timestamp,
        )
    };
    Case {
        algo: "volcengine",
        index,
        payload,
        check: Box::new(check),
    }
}
