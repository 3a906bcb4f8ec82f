//! Tencent Cloud cases: TC3-HMAC-SHA256 (`tencent_tc3`) requests, each with the check of
//! the SDK's answer against tether's signature and `verify`.

use super::*;

pub(crate) fn tc3_case(rng: &mut Rng, index: usize) -> Case {
    let method = if rng.chance(75) { "POST" } else { "GET" };
    let host = *rng.pick(&[
        "cvm.tencentcloudapi.com",
        "vpc.tencentcloudapi.com",
        "vpc.ap-guangzhou.tencentcloudapi.com",
        "127.0.0.1:9000",
    ]);
    let service = *rng.pick(&["vpc", "cvm", "cbs", "clb"]);
    let mut req = RequestToSign::new(method, host, "/");
    let content_type = if method == "POST" {
        req.body = json_body(rng).into_bytes();
        *rng.pick(&["application/json", "application/json; charset=utf-8"])
    } else {
        req.query = params(rng, true);
        "application/x-www-form-urlencoded"
    };
    req.headers
        .push(("Content-Type".into(), content_type.into()));
    if rng.chance(30) {
        req.headers.push(("X-TC-Language".into(), "zh-CN".into()));
    }
    let creds = credentials(rng, "AKID");
    let params = tencent_tc3::Tc3Params {
        service: service.into(),
        action: (*rng.pick(&["AssociateAddress", "DescribeAddresses", "DescribeInstances"])).into(),
        version: "2017-03-12".into(),
        region: rng
            .chance(70)
            .then(|| (*rng.pick(&["ap-guangzhou", "ap-beijing"])).into()),
        timestamp: timestamp(rng),
        sign_action_header: false,
        unsigned_payload: rng.chance(15),
    };
    let parts = tencent_tc3::sign(&req, &creds, &params).expect("tether signs");
    let data = if method == "POST" {
        String::from_utf8(req.body.clone()).expect("JSON bodies are UTF-8")
    } else {
        parts.query_string.clone()
    };
    let mut sdk_headers = json!({
        "Content-Type": content_type,
        "Host": host,
        "X-TC-Timestamp": params.timestamp.to_string(),
    });
    if params.unsigned_payload {
        sdk_headers["X-TC-Content-SHA256"] = json!("UNSIGNED-PAYLOAD");
    }
    let payload = json!({
        "algo": "tencent_tc3",
        "method": method,
        "uri": "/",
        "data": data,
        "headers": sdk_headers,
        "timestamp": params.timestamp,
        "service": service,
        "sid": creds.access_key_id,
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
            path: "/",
            raw_query: &parts.query_string,
            headers: &headers,
            body: &req.body,
        };
        // What the signature must cover: the body of a POST, the query of a GET, and `host`.
        let tampered_raw = tampered_query(&parts.query_string);
        let mut tampered_body = req.body.clone();
        tampered_body.push(b' ');
        let tampered_headers: Pairs = headers
            .iter()
            .map(|(n, v)| {
                if n == "host" {
                    (n.clone(), "evil.example.com".to_owned())
                } else {
                    (n.clone(), v.clone())
                }
            })
            .collect();
        let tampered = if params.unsigned_payload {
            IncomingRequest {
                headers: &tampered_headers,
                ..good
            }
        } else if method == "POST" {
            IncomingRequest {
                body: &tampered_body,
                ..good
            }
        } else {
            IncomingRequest {
                raw_query: &tampered_raw,
                ..good
            }
        };
        verify_three_ways(
            |r, l| tencent_tc3::verify(r, l),
            good,
            tampered,
            &creds,
            params.timestamp,
        )
    };
    Case {
        algo: "tencent_tc3",
        index,
        payload,
        check: Box::new(check),
    }
}
