//! Each cloud's requests are really signed: the local endpoint verifies every request with
//! `tether_wire::sign::<alg>::verify` and answers a mismatch with the cloud's own signature
//! error, which the client must surface (once, not retried).

mod common;

use common::*;
use serde_json::json;
use tether_client::{CallContext, Cloud};
use tether_wire::api::alibaba_ess::DescribeScalingGroupsRequest;
use tether_wire::api::alibaba_vpc::DescribeEipAddressesRequest;
use tether_wire::api::tencent_vpc::{AssociateAddressRequest, DescribeAddressesRequest};
use tether_wire::api::volcengine_vpc::DescribeHaVipsRequest;

#[tokio::test]
async fn alibaba_requests_verify_with_acs3() {
    let server = MockCloud::start(Cloud::Alibaba, |r, _| match r.action.as_str() {
        "DescribeEipAddresses" => eip_page(&[("eip-1", "Available")], 1, 1, 10),
        _ => alibaba_ok(json!({"TotalCount": 0, "PageNumber": 1, "PageSize": 10, "ScalingGroups": {"ScalingGroup": []}})),
    })
    .await;
    let client = server.client(0);
    let eips = DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        allocation_ids: vec!["eip-1".into(), "eip-2".into()],
        status: Some("Available".into()),
        ..Default::default()
    };
    client.call(&eips, &CallContext::new()).await.unwrap();
    // ESS goes to the same base URL when an endpoint is configured.
    let groups = DescribeScalingGroupsRequest {
        region_id: "cn-hangzhou".into(),
        scaling_group_ids: vec!["asg-1".into()],
        ..Default::default()
    };
    client.call(&groups, &CallContext::new()).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    for r in &seen {
        assert!(r.signature_ok, "{r:?}");
        assert_eq!(r.access_key_id.as_deref(), Some(ACCESS_KEY_ID));
        assert_eq!(r.security_token.as_deref(), Some(SECURITY_TOKEN));
        assert!(r
            .authorization
            .as_deref()
            .unwrap()
            .starts_with("ACS3-HMAC-SHA256 Credential="));
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/");
        assert!(r.body.is_empty());
        // An empty POST still states its length (both Alibaba SDKs send `0`).
        assert_eq!(r.header("content-length"), Some("0"), "{r:?}");
        assert_eq!(r.header("transfer-encoding"), None);
        assert_eq!(r.param("RegionId"), Some("cn-hangzhou"));
    }
    assert_eq!(seen[0].header("x-acs-version"), Some("2016-04-28"));
    assert_eq!(seen[0].param("AllocationId"), Some("eip-1,eip-2"));
    assert_eq!(seen[1].action, "DescribeScalingGroups");
    assert_eq!(seen[1].header("x-acs-version"), Some("2014-08-28"));
}

#[tokio::test]
async fn tencent_requests_verify_with_tc3() {
    let server = MockCloud::start(Cloud::Tencent, |r, _| match r.action.as_str() {
        "AssociateAddress" => tencent_ok(json!({"TaskId": "987654321"})),
        _ => tencent_ok(json!({"TotalCount": 0, "AddressSet": []})),
    })
    .await;
    let client = server.client(0);
    let req = AssociateAddressRequest {
        address_id: "eip-11112222".into(),
        instance_id: Some("ins-11112222".into()),
        ..Default::default()
    };
    let resp = client.call(&req, &CallContext::new()).await.unwrap();
    assert_eq!(resp.task_id, "987654321");
    client
        .call(&DescribeAddressesRequest::default(), &CallContext::new())
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    for r in &seen {
        assert!(r.signature_ok, "{r:?}");
        assert_eq!(r.security_token.as_deref(), Some(SECURITY_TOKEN));
        assert_eq!(r.method, "POST");
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(
            r.header("content-length"),
            Some(r.body.len().to_string().as_str())
        );
        assert_eq!(r.header("transfer-encoding"), None);
        assert_eq!(r.header("x-tc-region"), Some("ap-guangzhou"));
        assert_eq!(r.header("x-tc-version"), Some("2017-03-12"));
        assert!(r
            .authorization
            .as_deref()
            .unwrap()
            .starts_with("TC3-HMAC-SHA256 Credential="));
    }
    assert_eq!(seen[0].action, "AssociateAddress");
    assert_eq!(
        seen[0].json_body(),
        json!({"AddressId": "eip-11112222", "InstanceId": "ins-11112222"})
    );
}

#[tokio::test]
async fn volcengine_requests_verify_with_hmac_sha256() {
    let server = MockCloud::start(Cloud::Volcengine, |r, _| {
        volcengine_ok(
            &r.action,
            json!({"RequestId": REQUEST_ID, "HaVips": [], "TotalCount": 0}),
        )
    })
    .await;
    let req = DescribeHaVipsRequest {
        ha_vip_ids: vec!["havip-2zeo05qre24nhrqpy****".into()],
        ..Default::default()
    };
    server
        .client(0)
        .call(&req, &CallContext::new())
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert!(r.signature_ok, "{r:?}");
    assert_eq!(r.security_token.as_deref(), Some(SECURITY_TOKEN));
    assert_eq!(r.method, "GET");
    // A bodiless GET carries no framing headers, as the Volcengine SDK sends it.
    assert_eq!(r.header("content-length"), None);
    assert_eq!(r.header("transfer-encoding"), None);
    assert_eq!(r.param("Action"), Some("DescribeHaVips"));
    assert_eq!(r.param("HaVipIds.1"), Some("havip-2zeo05qre24nhrqpy****"));
    assert!(
        r.raw_query.contains("%2A%2A%2A%2A"),
        "RFC 3986 encoding: {}",
        r.raw_query
    );
    let auth = r.authorization.as_deref().unwrap();
    assert!(auth.starts_with("HMAC-SHA256 Credential="), "{auth}");
    assert!(auth.contains("/cn-beijing/vpc/request"), "{auth}");
}

#[tokio::test]
async fn a_wrong_secret_surfaces_each_clouds_signature_error() {
    for (cloud, code, status) in [
        (Cloud::Alibaba, "SignatureDoesNotMatch", 400u16),
        (Cloud::Tencent, "AuthFailure.SignatureFailure", 200),
        (Cloud::Volcengine, "SignatureDoesNotMatch", 401),
    ] {
        let server = MockCloud::start(cloud, |_, _| (500, "unreachable".to_string())).await;
        let client = server.client_with(8, fast_backoff(), WRONG_SECRET);
        let err = match cloud {
            Cloud::Alibaba => client
                .call(
                    &DescribeEipAddressesRequest {
                        region_id: "cn-hangzhou".into(),
                        ..Default::default()
                    },
                    &CallContext::new(),
                )
                .await
                .map(|_| ()),
            Cloud::Tencent => client
                .call(&DescribeAddressesRequest::default(), &CallContext::new())
                .await
                .map(|_| ()),
            Cloud::Volcengine => client
                .call(&DescribeHaVipsRequest::default(), &CallContext::new())
                .await
                .map(|_| ()),
        }
        .unwrap_err();
        assert_eq!(err.code(), Some(code), "{cloud}: {err}");
        assert_eq!(err.http_status(), Some(status), "{cloud}");
        assert_eq!(err.request_id(), Some(REQUEST_ID));
        assert!(!err.is_transient());
        assert_eq!(
            server.count(),
            1,
            "{cloud}: a signature error is not retried"
        );
        assert!(!server.requests()[0].signature_ok);
        let text = err.to_string();
        assert!(text.starts_with(&format!("{cloud} ")), "{text}");
        assert!(text.contains(&format!("failed: {code}: ")), "{text}");
        assert!(!text.contains(WRONG_SECRET) && !format!("{err:?}").contains(WRONG_SECRET));
    }
}

#[tokio::test]
async fn every_attempt_is_signed_afresh() {
    // Tencent has no nonce: the signature still differs per attempt only if the timestamp
    // does, so here the proof is that every retried attempt verifies.
    let server = MockCloud::start(Cloud::Tencent, |_, n| {
        if n <= 3 {
            tencent_throttling()
        } else {
            tencent_ok(json!({"TotalCount": 0, "AddressSet": []}))
        }
    })
    .await;
    server
        .client(8)
        .call(&DescribeAddressesRequest::default(), &CallContext::new())
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 4);
    assert!(seen.iter().all(|r| r.signature_ok));
}
