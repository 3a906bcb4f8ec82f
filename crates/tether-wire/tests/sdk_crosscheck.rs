//! Cross-checks tether's four signature algorithms against the clouds' official Python SDKs.
//!
//! The test builds (once; later runs reuse it) a virtualenv under Cargo's target tmp dir,
//! pip-installs the pinned SDK packages from PyPI, generates a few hundred deterministic
//! requests per algorithm (seeded; values with non-ASCII text, `*`, spaces, `~`, `+`, `/`, `=`,
//! `&`, empty values, `InstanceId.N` lists), signs each with tether, has the SDKs sign the same
//! inputs in one python process (`tests/sdk_crosscheck/sdk_sign.py`), and requires identical
//! results. Each SDK-signed request then goes through tether's `verify`, which must accept it
//! and must reject a tampered copy and a wrong secret.
//!
//! Without python3, its venv module, pip or access to PyPI the test prints why it skipped and
//! passes; set `TETHER_REQUIRE_SDK_CROSSCHECK=1` to make that a failure instead.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};
use tether_wire::sign::{
    alibaba_acs3, alibaba_rpc_v1, encode_query, tencent_tc3, volcengine, Credentials,
    IncomingRequest, RequestToSign, SignedParts, Verified, VerifyError,
};

/// The official packages whose signing code is called (versions from the reference notes).
const PINS: &[&str] = &[
    "alibabacloud-openapi-util==0.2.4",
    "aliyun-python-sdk-core==2.16.1",
    "tencentcloud-sdk-python-common==3.1.195",
    "volcenginesdk-core==5.0.54",
];
const CASES_PER_ALGORITHM: usize = 300;
const SEED: u64 = 0x7e7e_2024_5167_0001;
const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/sdk_crosscheck/sdk_sign.py"
);

/// Writes a line that cargo's output capture does not swallow.
fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "sdk_crosscheck: {line}");
}

#[test]
fn official_sdks_and_tether_agree() {
    let python = match prepare_venv() {
        Ok(python) => python,
        Err(reason) => {
            if std::env::var_os("TETHER_REQUIRE_SDK_CROSSCHECK").is_some_and(|v| v == "1") {
                panic!("SDK cross-check required but unavailable: {reason}");
            }
            report(&format!("SKIPPED: {reason}"));
            return;
        }
    };

    let mut rng = Rng(SEED);
    let mut cases: Vec<Case> = Vec::new();
    for index in 0..CASES_PER_ALGORITHM {
        cases.push(acs3_case(&mut rng, index));
        cases.push(rpc_v1_case(&mut rng, index));
        cases.push(tc3_case(&mut rng, index));
        cases.push(volc_case(&mut rng, index));
    }
    let input = json!({ "cases": cases.iter().map(|c| &c.payload).collect::<Vec<_>>() });
    let results = run_oracle(&python, &input);
    assert_eq!(results.len(), cases.len(), "one result per case");

    let mut failures = Vec::new();
    let mut passed = std::collections::BTreeMap::<&str, usize>::new();
    for (case, result) in cases.iter().zip(&results) {
        let outcome = match result.get("error") {
            Some(err) => Err(format!("SDK raised {err}")),
            None => (case.check)(result),
        };
        match outcome {
            Ok(()) => *passed.entry(case.algo).or_default() += 1,
            Err(why) => failures.push(format!(
                "{} case #{}: {why}\n  input: {}",
                case.algo, case.index, case.payload
            )),
        }
    }
    for (algo, oracle) in [
        (
            "alibaba_acs3",
            "alibabacloud-openapi-util 0.2.4 Client.get_authorization",
        ),
        (
            "alibaba_rpc_v1",
            "aliyun-python-sdk-core 2.16.1 rpc_signature_composer + alibabacloud-openapi-util get_rpcsignature",
        ),
        (
            "tencent_tc3",
            "tencentcloud-sdk-python-common 3.1.195 AbstractClient._get_tc3_signature",
        ),
        ("volcengine", "volcenginesdk-core 5.0.54 SignerV4.sign"),
    ] {
        report(&format!(
            "{algo}: {}/{CASES_PER_ALGORITHM} cases cross-checked against {oracle} \
             (signature identical, SDK-signed request verified, tampered copy and wrong secret rejected)",
            passed.get(algo).copied().unwrap_or(0)
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree; first ones:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ------------------------------------------------------------------------------------------
// Cases

/// One generated request: what python receives and how its answer is checked.
struct Case {
    algo: &'static str,
    index: usize,
    payload: Value,
    check: Check,
}

type Check = Box<dyn Fn(&Value) -> Result<(), String>>;
type VerifyResult = Result<Verified, VerifyError>;

type Pairs = Vec<(String, String)>;

fn str_field<'a>(result: &'a Value, key: &str) -> Result<&'a str, String> {
    result
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("SDK result has no string `{key}`"))
}

fn lookup_for(creds: &Credentials) -> impl Fn(&str) -> Option<String> + '_ {
    move |ak| (ak == creds.access_key_id).then(|| creds.access_key_secret.clone())
}

fn wrong_secret(_: &str) -> Option<String> {
    Some("not-the-secret".to_owned())
}

/// Incoming headers as the emulator would see them: lowercase names, `host` first.
fn incoming_headers(host: &str, caller: &Pairs, added: &Pairs, auth: &str) -> Pairs {
    let mut headers = vec![("host".to_owned(), host.to_owned())];
    for (name, value) in caller.iter().chain(added) {
        if !name.eq_ignore_ascii_case("authorization") {
            headers.push((name.to_ascii_lowercase(), value.clone()));
        }
    }
    headers.push(("authorization".to_owned(), auth.to_owned()));
    headers
}

fn tampered_query(raw: &str) -> String {
    if raw.is_empty() {
        "Tampered=1".to_owned()
    } else {
        format!("{raw}&Tampered=1")
    }
}

fn pairs_json(pairs: &Pairs) -> Value {
    Value::Array(pairs.iter().map(|(n, v)| json!([n, v])).collect())
}

fn header_of<'a>(parts: &'a SignedParts, name: &str) -> &'a str {
    parts
        .header(name)
        .unwrap_or_else(|| panic!("tether did not add {name}"))
}

/// Runs verify on the SDK-signed request and on two negative variants.
fn verify_three_ways(
    verify: impl Fn(&IncomingRequest<'_>, &dyn Fn(&str) -> Option<String>) -> VerifyResult,
    good: IncomingRequest<'_>,
    tampered: IncomingRequest<'_>,
    creds: &Credentials,
    timestamp: u64,
) -> Result<(), String> {
    let lookup = lookup_for(creds);
    let v = verify(&good, &lookup).map_err(|e| format!("verify refused the SDK request: {e}"))?;
    if !v.signature_matches {
        return Err("verify: SDK-signed request does not match".into());
    }
    if v.access_key_id != creds.access_key_id || v.signed_at != timestamp {
        return Err(format!(
            "verify reported ak {} / time {}, expected {} / {timestamp}",
            v.access_key_id, v.signed_at, creds.access_key_id
        ));
    }
    if v.security_token != creds.security_token {
        return Err("verify reported a different security token".into());
    }
    match verify(&tampered, &lookup) {
        Ok(v) if !v.signature_matches => {}
        other => return Err(format!("tampered request not rejected: {other:?}")),
    }
    match verify(&good, &wrong_secret) {
        Ok(v) if !v.signature_matches => Ok(()),
        other => Err(format!("wrong secret not rejected: {other:?}")),
    }
}

fn acs3_case(rng: &mut Rng, index: usize) -> Case {
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

fn rpc_v1_case(rng: &mut Rng, index: usize) -> Case {
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

fn tc3_case(rng: &mut Rng, index: usize) -> Case {
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

fn volc_case(rng: &mut Rng, index: usize) -> Case {
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

// ------------------------------------------------------------------------------------------
// Deterministic generators

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const REGIONS: [&str; 4] = ["cn-hangzhou", "cn-beijing", "cn-shanghai", "ap-southeast-1"];

/// Pieces of parameter values: the characters each cloud encodes differently, UTF-8 text,
/// and ordinary identifiers.
const FRAGMENTS: &[&str] = &[
    "a",
    "Z",
    "q9",
    "0",
    "-",
    "_",
    ".",
    "~",
    "*",
    " ",
    "  ",
    "+",
    "/",
    "=",
    "&",
    "%",
    "%20",
    "%2B",
    "?",
    "#",
    ":",
    ";",
    ",",
    "@",
    "!",
    "'",
    "(",
    ")",
    "\"",
    "\\",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "|",
    "^",
    "`",
    "$",
    "\t",
    "\n",
    "中",
    "文",
    "阿里云",
    "é",
    "ü",
    "Ω",
    "🚀",
    "€",
    "ﬁ",
    "i-bp1abc",
    "2016-04-28",
    "cn-hangzhou",
    "eip-11112222",
];

const NAMES: &[&str] = &[
    "RegionId",
    "AllocationId",
    "InstanceType",
    "HaVipId",
    "ClientToken",
    "PageSize",
    "PageNumber",
    "Tag.1.Key",
    "Tag.1.Value",
    "Tag.2.Key",
    "Name",
    "Description",
    "DryRun",
    "Filters.1.Values.1",
    "ScalingGroupId",
    "a",
    "Z",
    "_x",
    "x-y~z",
];

/// 0 to 5 fragments (so about one value in six is empty).
fn text(rng: &mut Rng) -> String {
    let n = rng.below(6);
    (0..n).map(|_| *rng.pick(FRAGMENTS)).collect()
}

/// Unique-named parameters: ordinary names, an `InstanceId.N` list, and with `odd_names`
/// names built from arbitrary text.
fn params(rng: &mut Rng, odd_names: bool) -> Pairs {
    let mut out: Pairs = Vec::new();
    for _ in 0..rng.below(6) {
        out.push(((*rng.pick(NAMES)).to_owned(), text(rng)));
    }
    for i in 1..=rng.below(4) {
        out.push((format!("InstanceId.{i}"), text(rng)));
    }
    if odd_names {
        // Several names sharing a prefix, so that sorting raw vs encoded names matters
        // (`Ka` < `Ké` raw, but `K%C3%A9` < `Ka` encoded).
        for _ in 0..rng.below(4) {
            out.push((format!("K{}", text(rng)), text(rng)));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|(name, _)| seen.insert(name.clone()));
    out
}

fn json_body(rng: &mut Rng) -> String {
    let mut map = serde_json::Map::new();
    for _ in 0..=rng.below(4) {
        let value = match rng.below(3) {
            0 => json!(text(rng)),
            1 => json!(rng.below(1000)),
            _ => json!([text(rng), text(rng)]),
        };
        map.insert((*rng.pick(NAMES)).to_owned(), value);
    }
    if rng.chance(30) {
        serde_json::to_string_pretty(&map).expect("serialisable")
    } else {
        serde_json::to_string(&map).expect("serialisable")
    }
}

fn body_text(rng: &mut Rng) -> String {
    if rng.chance(50) {
        json_body(rng)
    } else {
        encode_query(&params(rng, true))
    }
}

fn timestamp(rng: &mut Rng) -> u64 {
    let day = 16_000 + rng.below(6_000) as u64;
    // Often right at a day boundary, where the credential-scope date flips.
    let second = *rng.pick(&[0u64, 1, 86_399, 86_398, 43_200]);
    if rng.chance(50) {
        day * 86_400 + second
    } else {
        day * 86_400 + rng.below(86_400) as u64
    }
}

fn uuid_like(rng: &mut Rng) -> String {
    let a = rng.next();
    let b = rng.next();
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

fn credentials(rng: &mut Rng, prefix: &str) -> Credentials {
    const SECRET_CHARS: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_*&";
    let id = format!("{prefix}{:016x}", rng.next());
    let secret: String = (0..30)
        .map(|_| char::from(*rng.pick(SECRET_CHARS)))
        .collect();
    let creds = Credentials::new(id, secret);
    if rng.chance(30) {
        creds.with_security_token(format!("CAIS{:x}+/={:x}", rng.next(), rng.next()))
    } else {
        creds
    }
}

// ------------------------------------------------------------------------------------------
// The python side

/// The virtualenv with the pinned SDKs, created on first use.
fn prepare_venv() -> Result<PathBuf, String> {
    let python = std::env::var("TETHER_CROSSCHECK_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map_err(|e| format!("`{python}` cannot be run ({e}); install python3 to cross-check"))?;
    if !version.status.success() {
        return Err(format!("`{python} --version` failed"));
    }
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let pins = PINS.join("\n");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "sdk-crosscheck-venv-{:016x}",
        fnv1a(&format!("{version}\n{pins}"))
    ));
    let marker = |root: &Path| root.join("tether-pins.txt");
    let venv_python = |root: &Path| {
        if cfg!(windows) {
            root.join("Scripts").join("python.exe")
        } else {
            root.join("bin").join("python")
        }
    };
    if fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
        report(&format!("reusing virtualenv {}", dir.display()));
        return Ok(venv_python(&dir));
    }

    report(&format!(
        "creating virtualenv {} and installing {} from PyPI",
        dir.display(),
        PINS.join(" ")
    ));
    let staging = dir.with_extension(format!("staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let made = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&staging)
        .output()
        .map_err(|e| format!("`{python} -m venv` cannot be run: {e}"))?;
    if !made.status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "`{python} -m venv` failed (venv/ensurepip missing?): {}",
            tail(&made.stderr)
        ));
    }
    let installed = Command::new(venv_python(&staging))
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
        ])
        .args(PINS)
        .output()
        .map_err(|e| format!("pip cannot be run: {e}"))?;
    if !installed.status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "pip install of the pinned SDKs failed (no access to PyPI?): {}",
            tail(&installed.stderr)
        ));
    }
    fs::write(marker(&staging), &pins).map_err(|e| format!("cannot write marker: {e}"))?;
    // A stale directory without a valid marker is replaced; a concurrent winner is kept.
    if dir.exists() && !fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
        let _ = fs::remove_dir_all(&dir);
    }
    if fs::rename(&staging, &dir).is_err() {
        let _ = fs::remove_dir_all(&staging);
        if !fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
            return Err(format!("cannot move the virtualenv into {}", dir.display()));
        }
    }
    Ok(venv_python(&dir))
}

/// Runs the oracle script once over every case.
fn run_oracle(python: &Path, input: &Value) -> Vec<Value> {
    let mut child = Command::new(python)
        .arg(SCRIPT)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv python starts");
    let bytes = serde_json::to_vec(input).expect("cases serialise");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let output = child.wait_with_output().expect("python runs");
    writer
        .join()
        .expect("writer thread")
        .expect("cases written to python");
    assert!(
        output.status.success(),
        "sdk_sign.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "sdk_sign.py wrote no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    parsed["results"].as_array().expect("results array").clone()
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
