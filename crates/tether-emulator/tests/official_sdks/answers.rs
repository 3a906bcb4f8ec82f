//! Part 1, answers: checking what the SDKs parsed of each case's answer, and the test
//! `official_sdks_parse_every_api`.

use super::*;

// ------------------------------------------------------------------------------------------
// Checking

pub(crate) fn at<'a>(parsed: &'a Value, sdk: Sdk, pointer: &str) -> Option<&'a Value> {
    parsed.pointer(&format!("{}{pointer}", sdk.prefix()))
}

pub(crate) fn check(case: &Case, result: &Value) -> Result<(), String> {
    if let Some(crash) = result.get("crash").and_then(Value::as_str) {
        return Err(format!("the SDK run crashed:\n{crash}"));
    }
    let succeeded = result.get("ok").and_then(Value::as_bool) == Some(true);
    match &case.expect {
        Expect::Success(wants) => {
            if !succeeded {
                return Err(format!("expected success, the SDK raised {result}"));
            }
            let request_id = result
                .get("request_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            if request_id.is_empty() {
                return Err(format!("the SDK parsed no RequestId: {result}"));
            }
            let parsed = result.get("parsed").unwrap_or(&Value::Null);
            for want in wants {
                match want {
                    Want::Eq(pointer, value) => {
                        let got = at(parsed, case.sdk, pointer);
                        if got != Some(value) {
                            return Err(format!(
                                "{pointer}: expected {value}, the SDK parsed {got:?} in {parsed}"
                            ));
                        }
                    }
                    Want::MinLen(pointer, n) | Want::Len(pointer, n) => {
                        let len = at(parsed, case.sdk, pointer)
                            .and_then(Value::as_array)
                            .map(Vec::len);
                        let fits = match want {
                            Want::Len(..) => len == Some(*n),
                            _ => len.is_some_and(|l| l >= *n),
                        };
                        if !fits {
                            return Err(format!(
                                "{pointer}: expected {n} elements, the SDK parsed {len:?} in {parsed}"
                            ));
                        }
                    }
                    Want::Present(pointer) => {
                        let present = match at(parsed, case.sdk, pointer) {
                            Some(Value::String(s)) => !s.is_empty(),
                            Some(Value::Number(_)) => true,
                            _ => false,
                        };
                        if !present {
                            return Err(format!(
                                "{pointer} missing in what the SDK parsed: {parsed}"
                            ));
                        }
                    }
                }
            }
            Ok(())
        }
        Expect::Error { codes, status } => {
            if succeeded {
                return Err(format!(
                    "expected an error, the SDK parsed a success: {result}"
                ));
            }
            let code = result.get("code").and_then(Value::as_str).unwrap_or("");
            if !codes.contains(&code) {
                return Err(format!("expected code {codes:?}, the SDK raised {result}"));
            }
            if let Some(status) = status {
                let got = result.get("status").and_then(Value::as_u64);
                if got != Some(u64::from(*status)) {
                    return Err(format!("expected HTTP {status}, the SDK raised {result}"));
                }
            }
            // Tencent SDK errors always carry the request id; Alibaba's do as well.
            let request_id = result
                .get("request_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            if request_id.is_empty() && case.sdk != Sdk::Volcengine {
                return Err(format!("the SDK error carries no RequestId: {result}"));
            }
            Ok(())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_sdks_parse_every_api() {
    let Some(python) = sdk_python() else { return };
    let emu = Emu::instant().await;
    let cases = plan();
    let input = json!({
        "port": emu.running.addr().port(),
        "access_key": AK,
        "secret_key": SK,
        "cases": cases.iter().map(|c| {
            let mut v = json!({
                "id": c.id,
                "sdk": c.sdk.name(),
                "action": c.action,
                "product": c.product,
                "params": c.params,
            });
            if let Some(secret) = c.secret {
                v["secret"] = json!(secret);
            }
            v
        }).collect::<Vec<_>>(),
    });
    let results = tokio::task::spawn_blocking(move || run_script(&python, &input))
        .await
        .expect("python runner thread");
    assert_eq!(results.len(), cases.len(), "one result per case");

    let mut failures = Vec::new();
    // (action, sdk) -> (successes, errors) verified; an SDK serves one cloud.
    let mut seen: BTreeMap<(&str, Sdk), (usize, usize)> = BTreeMap::new();
    let mut wrong_secret = 0;
    let verbose = std::env::var_os("TETHER_OFFICIAL_SDKS_VERBOSE").is_some();
    for (case, result) in cases.iter().zip(&results) {
        assert_eq!(result["id"], json!(case.id), "results in case order");
        if verbose {
            report(&format!("{} {} -> {result}", case.id, case.params));
        }
        match check(case, result) {
            Ok(()) if case.secret.is_some() => wrong_secret += 1,
            Ok(()) => {
                let entry = seen.entry((case.action, case.sdk)).or_default();
                match case.expect {
                    Expect::Success(_) => entry.0 += 1,
                    Expect::Error { .. } => entry.1 += 1,
                }
            }
            Err(why) => failures.push(format!(
                "{} {} {} {}: {why}",
                case.id,
                case.sdk.name(),
                case.action,
                case.params
            )),
        }
    }
    // Every API: a success and an error through every SDK that was given it.
    let mut apis_covered = BTreeSet::new();
    for info in ACTIONS.iter() {
        let sdks: Vec<_> = seen
            .iter()
            .filter(|((action, sdk), _)| *action == info.action && sdk.cloud() == info.cloud)
            .collect();
        if sdks.is_empty() {
            failures.push(format!(
                "{} {} was not checked through any SDK",
                info.cloud, info.action
            ));
        }
        for ((action, sdk), (successes, errors)) in sdks {
            if *successes == 0 || *errors == 0 {
                failures.push(format!(
                    "{action} via {}: {successes} successes, {errors} errors verified",
                    sdk.name()
                ));
            }
        }
        apis_covered.insert((info.cloud.name(), info.action));
    }
    let pairs = seen.len();
    let successes: usize = seen.values().map(|v| v.0).sum();
    let errors: usize = seen.values().map(|v| v.1).sum();
    let per_cloud = |c: Cloud| ACTIONS.iter().filter(|a| a.cloud == c).count();
    report(&format!(
        "{}/{} APIs checked; {pairs} API x SDK pairs (Alibaba {} x classic + tea/ACS3, \
         Tencent {} x CommonClient + typed client, Volcengine {} x typed API), each with a \
         success and a documented error: {successes} successes and {errors} errors parsed by \
         the SDKs; {wrong_secret}/5 wrong-secret requests refused with the cloud's code; {} \
         of {} cases passed",
        apis_covered.len(),
        ACTIONS.len(),
        per_cloud(Cloud::Alibaba),
        per_cloud(Cloud::Tencent),
        per_cloud(Cloud::Volcengine),
        cases.len() - failures.len().min(cases.len()),
        cases.len()
    ));
    emu.stop().await;
    assert!(
        failures.is_empty(),
        "{} official-SDK checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
