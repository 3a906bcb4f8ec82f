//! Which cloud errors are retried: the transient codes of each cloud and HTTP 5xx until
//! success, permanent errors at once (with their display), Volcengine errors sent with
//! HTTP 200, and codes a single call adds with `retry_also`.

use super::*;

#[tokio::test]
async fn alibaba_throttling_is_retried_until_success() {
    const N: usize = 3;
    let server = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n <= N {
            alibaba_throttling()
        } else {
            eip_page(&[("eip-1", "InUse")], 1, 1, 10)
        }
    })
    .await;
    let resp = server
        .client(8)
        .call(&describe_eips(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(resp.eip_addresses.items[0].status, "InUse");
    assert_eq!(resp.request_id, REQUEST_ID);
    assert_eq!(server.count(), N + 1);
    assert!(server.requests().iter().all(|r| r.signature_ok));
}

#[tokio::test]
async fn alibaba_other_throttling_codes_are_retried() {
    for code in [
        "Throttling",
        "Throttling.Api",
        "Rejected.Throttling",
        "ServiceUnavailable",
    ] {
        let server = MockCloud::start(Cloud::Alibaba, move |_, n| {
            if n <= 2 {
                alibaba_error(
                    if code == "ServiceUnavailable" {
                        503
                    } else {
                        400
                    },
                    code,
                    "busy",
                )
            } else {
                eip_page(&[("eip-1", "InUse")], 1, 1, 10)
            }
        })
        .await;
        server
            .client(8)
            .call(&describe_eips(), &CallContext::new())
            .await
            .unwrap();
        assert_eq!(server.count(), 3, "{code}");
    }
}

#[tokio::test]
async fn tencent_request_limit_is_retried_until_success() {
    const N: usize = 2;
    let server = MockCloud::start(Cloud::Tencent, |_, n| {
        if n <= N {
            tencent_throttling()
        } else {
            tencent_ok(json!({"TotalCount": 0, "AddressSet": []}))
        }
    })
    .await;
    let resp = server
        .client(8)
        .call(&DescribeAddressesRequest::default(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(resp.total_count, 0);
    assert_eq!(server.count(), N + 1);
}

#[tokio::test]
async fn tencent_mutex_task_running_is_retried() {
    let server = MockCloud::start(Cloud::Tencent, |_, n| match n {
        1 => tencent_error(
            "OperationDenied.MutexTaskRunning",
            "Mutex task is running, please try later.",
        ),
        2 => tencent_error("InternalError", "An internal error has occurred."),
        _ => tencent_ok(json!({"TaskId": "1234"})),
    })
    .await;
    let req = AssociateAddressRequest {
        address_id: "eip-11112222".into(),
        instance_id: Some("ins-11112222".into()),
        ..Default::default()
    };
    let resp = server
        .client(8)
        .call(&req, &CallContext::new())
        .await
        .unwrap();
    assert_eq!(resp.task_id_u64(), Some(1234));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn volcengine_flow_limit_is_retried_until_success() {
    const N: usize = 2;
    let server = MockCloud::start(Cloud::Volcengine, |r, n| {
        if n <= N {
            volcengine_throttling(&r.action)
        } else {
            volcengine_ok(
                &r.action,
                json!({"RequestId": REQUEST_ID, "HaVips": [{"HaVipId": "havip-1", "Status": "Available"}], "TotalCount": 1, "PageNumber": 1, "PageSize": 10}),
            )
        }
    })
    .await;
    let resp = server
        .client(8)
        .call(&DescribeHaVipsRequest::default(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(resp.ha_vips[0].ha_vip_id, "havip-1");
    assert_eq!(server.count(), N + 1);
    assert!(server.requests().iter().all(|r| r.method == "GET"));
}

#[tokio::test]
async fn http_5xx_is_retried_whatever_the_body() {
    let server = MockCloud::start(Cloud::Alibaba, |_, n| match n {
        1 => (502, String::new()),
        2 => (500, "<html>Internal Server Error</html>".to_string()),
        3 => alibaba_error(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        ),
        _ => eip_page(&[("eip-1", "InUse")], 1, 1, 10),
    })
    .await;
    server
        .client(8)
        .call(&describe_eips(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn permanent_error_fails_at_once_with_the_documented_display() {
    let server = MockCloud::start(Cloud::Alibaba, |_, _| {
        alibaba_error(
            404,
            "InvalidAllocationId.NotFound",
            "Specified allocation ID is not found",
        )
    })
    .await;
    let err = server
        .client(8)
        .call(&describe_eips(), &CallContext::new())
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1, "a permanent error must not be retried");
    assert_eq!(
        err.to_string(),
        format!(
            "alibaba DescribeEipAddresses failed: InvalidAllocationId.NotFound: Specified \
             allocation ID is not found (request id {REQUEST_ID})"
        )
    );
    assert_eq!(err.code(), Some("InvalidAllocationId.NotFound"));
    assert_eq!(err.http_status(), Some(404));
    assert_eq!(err.request_id(), Some(REQUEST_ID));
    assert!(!err.is_transient());
}

#[tokio::test]
async fn tencent_and_volcengine_permanent_errors_fail_at_once() {
    let tc = MockCloud::start(Cloud::Tencent, |_, _| {
        tencent_error(
            "InvalidAddressId.NotFound",
            "The specified AddressId was not found.",
        )
    })
    .await;
    let err = tc
        .client(8)
        .call(&DescribeAddressesRequest::default(), &CallContext::new())
        .await
        .unwrap_err();
    assert_eq!(tc.count(), 1);
    assert_eq!(
        err.to_string(),
        format!("tencent DescribeAddresses failed: InvalidAddressId.NotFound: The specified AddressId was not found. (request id {REQUEST_ID})")
    );
    assert_eq!(err.http_status(), Some(200));

    let volc = MockCloud::start(Cloud::Volcengine, |r, _| {
        volcengine_error(
            404,
            &r.action,
            "InvalidHaVip.NotFound",
            None,
            "The specified HaVip is not found.",
        )
    })
    .await;
    let err = volc
        .client(8)
        .call(&DescribeHaVipsRequest::default(), &CallContext::new())
        .await
        .unwrap_err();
    assert_eq!(volc.count(), 1);
    assert_eq!(err.code(), Some("InvalidHaVip.NotFound"));
    assert!(err
        .to_string()
        .starts_with("volcengine DescribeHaVips failed: InvalidHaVip.NotFound: "));
}

#[tokio::test]
async fn volcengine_error_with_http_200_is_an_error() {
    let server = MockCloud::start(Cloud::Volcengine, |r, _| {
        volcengine_error(
            200,
            &r.action,
            "IdempotentParameterMismatch",
            None,
            "token reused with other parameters",
        )
    })
    .await;
    let err = server
        .client(8)
        .call(&DescribeHaVipsRequest::default(), &CallContext::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("IdempotentParameterMismatch"));
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retry_also_adds_codes_for_one_call() {
    let server = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n == 1 {
            alibaba_error(
                400,
                "IncorrectEipStatus",
                "Current elastic IP status does not support this operation",
            )
        } else {
            alibaba_ok(json!({}))
        }
    })
    .await;
    let req = AssociateEipAddressRequest {
        region_id: "cn-hangzhou".into(),
        allocation_id: "eip-1".into(),
        instance_id: "i-1".into(),
        ..Default::default()
    };
    let client = server.client(8);
    let err = client.call(&req, &CallContext::new()).await.unwrap_err();
    assert_eq!(err.code(), Some("IncorrectEipStatus"));
    assert_eq!(server.count(), 1);
    client
        .call(&req, &CallContext::new().retry_also(["IncorrectEipStatus"]))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_refusal_after_a_transient_failure_says_a_write_may_have_landed() {
    // The first attempt's answer is lost to a 503; the retry is refused: the first attempt
    // may have bound the EIP, which is why the retry finds it in use.
    let server = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n == 1 {
            alibaba_error(503, "ServiceUnavailable", "busy")
        } else {
            alibaba_error(400, "IncorrectEipStatus", "in use")
        }
    })
    .await;
    let err = describe_error(&server).await;
    assert_eq!(server.count(), 2);
    assert_eq!(err.code(), Some("IncorrectEipStatus"));
    assert!(err.write_may_have_landed(), "{err}");

    // Throttled first: that request did not run, so the refusal is this call's own.
    let server = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n == 1 {
            alibaba_throttling()
        } else {
            alibaba_error(400, "IncorrectEipStatus", "in use")
        }
    })
    .await;
    let err = describe_error(&server).await;
    assert_eq!(server.count(), 2);
    assert!(!err.write_may_have_landed(), "{err}");

    // Refused on the only attempt: nothing was written.
    let server = MockCloud::start(Cloud::Alibaba, |_, _| {
        alibaba_error(400, "IncorrectEipStatus", "in use")
    })
    .await;
    let err = describe_error(&server).await;
    assert_eq!(server.count(), 1);
    assert!(!err.write_may_have_landed(), "{err}");
}

/// The error a DescribeEipAddresses call to `server` ends with.
async fn describe_error(server: &MockCloud) -> ClientError {
    server
        .client(8)
        .call(&describe_eips(), &CallContext::new())
        .await
        .unwrap_err()
}
