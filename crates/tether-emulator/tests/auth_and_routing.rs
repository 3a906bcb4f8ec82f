//! Routing by request shape, signature failures with each cloud's codes, and bad input
//! (unknown actions and versions, malformed bodies, oversized requests, XML answers).

mod common;

use common::{nonce, now_secs, Emu, AK, BJ, GZ, HZ, SK};
use serde_json::json;
use tether_emulator::EmulatorConfig;
use tether_wire::sign::Credentials;

fn good() -> Credentials {
    Credentials::new(AK, SK)
}

fn wrong_secret() -> Credentials {
    Credentials::new(AK, "wrong-secret")
}

fn unknown_key() -> Credentials {
    Credentials::new("nobody", SK)
}

const DESCRIBE_EIPS: [(&str, &str); 1] = [("RegionId", HZ)];

#[tokio::test]
async fn alibaba_acs3_signature_failures() {
    let emu = Emu::instant().await;
    let now = now_secs();
    let call = |creds: Credentials, ts: u64, n: String| {
        let emu = &emu;
        async move {
            emu.acs3_raw(
                "DescribeEipAddresses",
                "2016-04-28",
                &DESCRIBE_EIPS,
                &creds,
                ts,
                &n,
            )
            .await
        }
    };
    call(good(), now, nonce()).await.ok();
    call(wrong_secret(), now, nonce())
        .await
        .expect(400, "SignatureDoesNotMatch");
    call(unknown_key(), now, nonce())
        .await
        .expect(404, "InvalidAccessKeyId.NotFound");
    call(good(), now - 3600, nonce())
        .await
        .expect(400, "InvalidTimeStamp.Expired");
    call(good(), now + 3600, nonce())
        .await
        .expect(400, "InvalidTimeStamp.Expired");
    let n = nonce();
    call(good(), now, n.clone()).await.ok();
    call(good(), now, n).await.expect(400, "SignatureNonceUsed");
    // No signature at all.
    let r = emu
        .http
        .post(format!("{}/?RegionId=cn-hangzhou", emu.url))
        .header("x-acs-action", "DescribeEipAddresses")
        .header("x-acs-version", "2016-04-28")
        .header("Content-Length", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["Code"], "IncompleteSignature");
    emu.stop().await;
}

#[tokio::test]
async fn alibaba_classic_rpc_signatures() {
    let emu = Emu::instant().await;
    let now = now_secs();
    let params = [
        ("Action", "DescribeEipAddresses"),
        ("Version", "2016-04-28"),
        ("Format", "JSON"),
        ("RegionId", HZ),
        ("SignatureType", ""),
    ];
    let (r, _) = emu.rpc_raw(&params, &good(), now, &nonce()).await;
    assert!(r.ok()["TotalCount"].as_u64().unwrap() > 0);
    let (r, sts) = emu.rpc_raw(&params, &wrong_secret(), now, &nonce()).await;
    r.expect(400, "SignatureDoesNotMatch");
    // aliyunsdkcore compares Message.split(':')[1] with its own string to sign.
    let message = r.message();
    assert_eq!(message.split(':').nth(1), Some(sts.as_str()), "{message}");
    let (r, _) = emu.rpc_raw(&params, &unknown_key(), now, &nonce()).await;
    r.expect(404, "InvalidAccessKeyId.NotFound");
    let (r, _) = emu.rpc_raw(&params, &good(), now - 7200, &nonce()).await;
    r.expect(400, "InvalidTimeStamp.Expired");
    let n = nonce();
    emu.rpc_raw(&params, &good(), now, &n).await.0.ok();
    emu.rpc_raw(&params, &good(), now, &n)
        .await
        .0
        .expect(400, "SignatureNonceUsed");
    // XML on request.
    let xml = [
        ("Action", "DescribeEipAddresses"),
        ("Version", "2016-04-28"),
        ("Format", "XML"),
        ("RegionId", HZ),
        ("PageSize", "1"),
    ];
    let (r, _) = emu.rpc_raw(&xml, &good(), now, &nonce()).await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/xml"));
    assert!(
        r.text.contains("<DescribeEipAddressesResponse>"),
        "{}",
        r.text
    );
    assert!(r.text.contains("<EipAddresses><EipAddress><AllocationId>"));
    // An unknown action and a wrong version.
    let (r, _) = emu
        .rpc_raw(
            &[
                ("Action", "DescribeNothing"),
                ("Version", "2016-04-28"),
                ("RegionId", HZ),
            ],
            &good(),
            now,
            &nonce(),
        )
        .await;
    r.expect(404, "InvalidAction.NotFound");
    let (r, _) = emu
        .rpc_raw(
            &[
                ("Action", "DescribeEipAddresses"),
                ("Version", "2014-05-26"),
                ("RegionId", HZ),
            ],
            &good(),
            now,
            &nonce(),
        )
        .await;
    r.expect(400, "InvalidVersion");
    // A required parameter missing.
    let (r, _) = emu
        .rpc_raw(
            &[
                ("Action", "DescribeEipAddresses"),
                ("Version", "2016-04-28"),
            ],
            &good(),
            now,
            &nonce(),
        )
        .await;
    r.expect(400, "MissingParameter");
    assert!(r.message().contains("RegionId"));
    emu.stop().await;
}

#[tokio::test]
async fn tencent_signature_failures_are_http_200() {
    let emu = Emu::instant().await;
    let now = now_secs();
    let body = "{}";
    emu.tc3_raw("DescribeAddresses", Some(GZ), body, &good(), now)
        .await
        .ok();
    for (creds, ts, code) in [
        (wrong_secret(), now, "AuthFailure.SignatureFailure"),
        (unknown_key(), now, "AuthFailure.SecretIdNotFound"),
        (good(), now - 3600, "AuthFailure.SignatureExpire"),
    ] {
        let r = emu
            .tc3_raw("DescribeAddresses", Some(GZ), body, &creds, ts)
            .await;
        r.expect(200, code);
        assert_eq!(r.content_type, "application/json");
    }
    emu.tc3_raw("DescribeNothing", Some(GZ), body, &good(), now)
        .await
        .expect(200, "InvalidAction");
    emu.tc3_raw("DescribeAddresses", None, body, &good(), now)
        .await
        .expect(200, "MissingParameter");
    emu.tc3_raw("DescribeAddresses", Some(GZ), "{not json", &good(), now)
        .await
        .expect(200, "InvalidParameter");
    emu.tc3_raw("DescribeAddresses", Some(GZ), "[1,2]", &good(), now)
        .await
        .expect(200, "InvalidParameter");
    emu.tc3_raw(
        "DescribeAddresses",
        Some(GZ),
        r#"{"AddressIds": "eip-1"}"#,
        &good(),
        now,
    )
    .await
    .expect(200, "InvalidParameter");
    // No signature at all.
    let r = emu
        .http
        .post(format!("{}/", emu.url))
        .header("Content-Type", "application/json")
        .header("X-TC-Action", "DescribeAddresses")
        .header("X-TC-Version", "2017-03-12")
        .header("X-TC-Region", GZ)
        .header("X-TC-Timestamp", now.to_string())
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        v["Response"]["Error"]["Code"],
        "AuthFailure.InvalidAuthorization"
    );
    emu.stop().await;
}

#[tokio::test]
async fn volcengine_signature_failures() {
    let emu = Emu::instant().await;
    let now = now_secs();
    let params = [("Action", "DescribeHaVips"), ("Version", "2020-04-01")];
    emu.volc_raw(&params, BJ, &good(), now).await.ok();
    for (creds, ts, status, code) in [
        (wrong_secret(), now, 401, "SignatureDoesNotMatch"),
        (unknown_key(), now, 401, "InvalidAccessKey"),
        (good(), now - 3600, 403, "InvalidTimestamp"),
    ] {
        let r = emu.volc_raw(&params, BJ, &creds, ts).await;
        r.expect(status, code);
        assert!(r.body["ResponseMetadata"]["Error"]["CodeN"]
            .as_i64()
            .is_some());
        assert_eq!(r.body["ResponseMetadata"]["Action"], "DescribeHaVips");
    }
    emu.volc_raw(
        &[("Action", "DescribeNothing"), ("Version", "2020-04-01")],
        BJ,
        &good(),
        now,
    )
    .await
    .expect(404, "InvalidActionOrVersion");
    emu.volc_raw(
        &[("Action", "DescribeHaVips"), ("Version", "2018-01-01")],
        BJ,
        &good(),
        now,
    )
    .await
    .expect(404, "InvalidActionOrVersion");
    emu.volc_raw(&[("Version", "2020-04-01")], BJ, &good(), now)
        .await
        .expect(400, "MissingParameter");
    // Unsigned.
    let r = emu
        .http
        .get(format!(
            "{}/?Action=DescribeHaVips&Version=2020-04-01",
            emu.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    // Region comes from the credential scope: no HaVips in another region.
    let r = emu.volc_raw(&params, "cn-shanghai", &good(), now).await;
    assert_eq!(r.ok()["Result"]["TotalCount"], 0);
    assert_eq!(r.body["ResponseMetadata"]["Region"], "cn-shanghai");
    emu.stop().await;
}

#[tokio::test]
async fn custom_credentials_replace_the_default() {
    let mut config = EmulatorConfig::new(common::test_fixtures());
    config.keys = vec![("my-key".into(), "my-secret".into())];
    let emu = Emu::start_config(config).await;
    let now = now_secs();
    emu.acs3_raw(
        "DescribeEipAddresses",
        "2016-04-28",
        &DESCRIBE_EIPS,
        &Credentials::new("my-key", "my-secret"),
        now,
        &nonce(),
    )
    .await
    .ok();
    emu.acs3_raw(
        "DescribeEipAddresses",
        "2016-04-28",
        &DESCRIBE_EIPS,
        &good(),
        now,
        &nonce(),
    )
    .await
    .expect(404, "InvalidAccessKeyId.NotFound");
    emu.stop().await;
}

#[tokio::test]
async fn unrecognised_and_oversized_requests() {
    let mut config = EmulatorConfig::new(common::test_fixtures());
    config.max_body_bytes = 1024;
    let emu = Emu::start_config(config).await;
    let r = emu
        .http
        .get(format!("{}/hello", emu.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["Code"], "UnrecognizedRequest");
    // Tencent: oversized JSON body.
    let big = json!({"AddressIds": vec!["eip-aaaaaaaa"; 200]}).to_string();
    let r = emu
        .tc3_raw("DescribeAddresses", Some(GZ), &big, &good(), now_secs())
        .await;
    r.expect(200, "RequestSizeLimitExceeded");
    // Alibaba: oversized form body.
    let r = emu
        .http
        .post(format!("{}/?SignatureMethod=HMAC-SHA1", emu.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=".to_string() + &"b".repeat(4096))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    // Unknown admin endpoint.
    let r = emu
        .http
        .get(format!("{}/_emulator/nope", emu.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    // Everything was logged, nothing panicked: the emulator still answers.
    let calls = emu.admin_get("/_emulator/calls").await;
    assert!(calls["calls"].as_array().unwrap().len() >= 3);
    emu.ali("DescribeEipAddresses", &DESCRIBE_EIPS).await.ok();
    emu.stop().await;
}

/// A POST that states neither `Content-Length` nor `Transfer-Encoding` is refused with 411
/// before any signature check, as a strict front gateway does; the same request with
/// `Content-Length: 0` goes through.
#[tokio::test]
async fn an_unframed_post_is_refused_with_411() {
    let emu = Emu::instant().await;
    let url = format!("{}/?RegionId={HZ}", emu.url);
    // hyper sends no framing header for a POST with no body at all.
    let bare = emu.http.post(&url).send().await.expect("send");
    assert_eq!(bare.status().as_u16(), 411);
    assert!(bare
        .text()
        .await
        .expect("body")
        .contains("411 Length Required"));
    let framed = emu
        .http
        .post(&url)
        .header("Content-Length", "0")
        .send()
        .await
        .expect("send");
    assert_ne!(framed.status().as_u16(), 411);
    // A bodiless GET needs no framing.
    let get = emu.http.get(&url).send().await.expect("send");
    assert_ne!(get.status().as_u16(), 411);
    emu.stop().await;
}
