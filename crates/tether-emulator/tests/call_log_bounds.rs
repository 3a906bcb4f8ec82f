//! The call log behind `/_emulator/calls` stays small whatever is sent: unauthenticated and
//! rejected requests leave only a summary, authenticated calls keep their parameters up to
//! a per-call bound, the whole log is bounded by bytes, and reset clears it.

mod common;

use common::{Emu, GZ};
use serde_json::{json, Value};
use tether_emulator::EmulatorConfig;

/// The serialized size of `GET /_emulator/calls`, a stand-in for what the log retains.
async fn calls_text(emu: &Emu) -> (usize, Value) {
    let text = emu
        .http
        .get(format!("{}/_emulator/calls", emu.url))
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("body");
    let value: Value = serde_json::from_str(&text).expect("json");
    (text.len(), value)
}

/// A 900 KB JSON body with many small keys, as a Tencent call without a signature sends it.
fn big_json_body() -> String {
    let map: serde_json::Map<String, Value> = (0..60_000)
        .map(|i| (format!("k{i}"), Value::from("v")))
        .collect();
    let body = Value::Object(map).to_string();
    assert!(body.len() > 600_000 && body.len() < 1 << 20);
    body
}

/// An 800 KB form body of many small keys, shaped like an Alibaba RPC call (no signature).
fn big_form_body() -> String {
    let mut body =
        String::from("Action=DescribeEipAddresses&Version=2016-04-28&SignatureMethod=HMAC-SHA1");
    let mut i = 0;
    while body.len() < 800_000 {
        body.push_str(&format!("&p{i}=x"));
        i += 1;
    }
    body
}

#[tokio::test]
async fn unauthenticated_requests_leave_only_a_summary() {
    let emu = Emu::instant().await;
    let json_body = big_json_body();
    let form_body = big_form_body();
    for _ in 0..5 {
        let r = emu
            .http
            .post(format!("{}/", emu.url))
            .header("X-TC-Action", "DescribeAddresses")
            .header("X-TC-Version", "2017-03-12")
            .header("X-TC-Region", GZ)
            .header("Content-Type", "application/json")
            .body(json_body.clone())
            .send()
            .await
            .expect("send");
        assert_eq!(r.status().as_u16(), 200);
        let r = emu
            .http
            .post(format!("{}/", emu.url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form_body.clone())
            .send()
            .await
            .expect("send");
        assert_eq!(r.status().as_u16(), 400);
        // Malformed: not percent-encoded UTF-8.
        let r = emu
            .http
            .post(format!(
                "{}/?Version=2016-04-28&x=%ff{}",
                emu.url,
                "a".repeat(30_000)
            ))
            // Framed (an unframed POST is answered 411 before anything is parsed).
            .header("Content-Length", "0")
            .send()
            .await
            .expect("send");
        assert_eq!(r.status().as_u16(), 400);
    }
    let (size, calls) = calls_text(&emu).await;
    let calls = calls["calls"].as_array().expect("calls").clone();
    assert_eq!(calls.len(), 15);
    // 15 requests of ~0.8 MB each; the log keeps a few hundred bytes per request.
    assert!(
        size < 16 * 1024,
        "the log keeps {size} bytes for 15 rejected requests"
    );
    for c in &calls {
        assert_eq!(c["authenticated"], false, "{c}");
        assert!(c["params"].is_null(), "{c}");
        assert!(c["request_bytes"].as_u64().expect("size") > 20_000, "{c}");
        assert!(!c["code"].as_str().expect("code").is_empty());
    }
    assert_eq!(calls[0]["cloud"], "tencent");
    assert_eq!(calls[0]["code"], "AuthFailure.InvalidAuthorization");
    assert_eq!(calls[0]["action"], "DescribeAddresses");
    emu.stop().await;
}

#[tokio::test]
async fn authenticated_parameters_are_kept_up_to_a_bound() {
    let emu = Emu::instant().await;
    // A small signed call keeps its parameters.
    let ok = emu
        .tc("DescribeAddresses", json!({"AddressIds": ["eip-free0001"]}))
        .await;
    ok.ok();
    // A signed call of ~900 KB (refused by the handler: unknown parameter) keeps a summary.
    let filler = "x".repeat(900_000);
    let r = emu
        .tc(
            "DescribeAddresses",
            json!({"AddressIds": ["eip-free0001"], "Filler": filler}),
        )
        .await;
    assert_eq!(r.code().as_deref(), Some("UnknownParameter"), "{}", r.text);
    let (size, calls) = calls_text(&emu).await;
    let calls = calls["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["authenticated"], true);
    assert_eq!(calls[0]["params"]["AddressIds"][0], "eip-free0001");
    assert_eq!(calls[1]["authenticated"], true);
    assert_eq!(calls[1]["code"], "UnknownParameter");
    assert!(calls[1]["params"]["omitted"].is_string(), "{}", calls[1]);
    assert!(size < 80 * 1024, "the log keeps {size} bytes");
    emu.stop().await;
}

#[tokio::test]
async fn the_log_is_bounded_by_bytes_and_keeps_the_newest() {
    let mut config = EmulatorConfig::new(common::test_fixtures());
    config.async_delay_ms = 0;
    config.call_log_max_bytes = 256 * 1024;
    let emu = Emu::start_config(config).await;
    // 120 signed calls with ~8 KB of parameters each: ~1 MB in all, four times the bound.
    let ids: Vec<String> = (0..400).map(|i| format!("eip-padding{i:08}")).collect();
    for i in 0..120 {
        let mut all = ids.clone();
        all.push(format!("eip-marker{i:04}"));
        let r = emu
            .tc("DescribeAddresses", json!({ "AddressIds": all }))
            .await;
        assert_eq!(r.status, 200);
    }
    let (size, body) = calls_text(&emu).await;
    let calls = body["calls"].as_array().expect("calls");
    assert!(calls.len() < 120, "{} calls kept", calls.len());
    assert!(!calls.is_empty());
    let last = calls.last().expect("newest");
    assert_eq!(last["params"]["AddressIds"][400], "eip-marker0119");
    assert!(body["dropped"].as_u64().expect("dropped") > 0);
    assert!(body["bytes"].as_u64().expect("bytes") <= 256 * 1024);
    assert_eq!(body["max_bytes"], 256 * 1024);
    // What is kept is of the order of the bound (its JSON form is smaller than the estimate).
    assert!(size < 256 * 1024, "GET /_emulator/calls is {size} bytes");
    emu.stop().await;
}

#[tokio::test]
async fn reset_clears_the_log() {
    let emu = Emu::instant().await;
    emu.tc("DescribeAddresses", json!({})).await.ok();
    let (_, before) = calls_text(&emu).await;
    let last_seq = before["calls"][0]["seq"].as_u64().expect("seq");
    let r = emu.admin_post("/_emulator/reset", json!({})).await;
    assert_eq!(r.status, 200);
    let (_, after) = calls_text(&emu).await;
    assert!(
        after["calls"].as_array().expect("calls").is_empty(),
        "{after}"
    );
    // Sequence numbers keep counting, so `since=` cursors of a client stay valid.
    emu.tc("DescribeAddresses", json!({})).await.ok();
    let (_, next) = calls_text(&emu).await;
    assert!(next["calls"][0]["seq"].as_u64().expect("seq") > last_seq);
    emu.stop().await;
}
