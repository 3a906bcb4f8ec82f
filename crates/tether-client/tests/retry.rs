//! Retry behaviour against a local scripted endpoint: transient errors of each cloud are
//! retried exactly as often as needed, permanent ones not at all; `max_retries`, the
//! deadline and cancellation bound a call; writes keep their ClientToken.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use tether_client::{
    Backoff, CallContext, CancellationToken, ClientError, Cloud, Jitter, TransportKind,
};
use tether_wire::api::alibaba_ess::AttachInstancesRequest;
use tether_wire::api::alibaba_vpc::{AssociateEipAddressRequest, DescribeEipAddressesRequest};
use tether_wire::api::tencent_vpc::{AssociateAddressRequest, DescribeAddressesRequest};
use tether_wire::api::volcengine_vpc::{AssociateHaVipRequest, DescribeHaVipsRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn describe_eips() -> DescribeEipAddressesRequest {
    DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        allocation_ids: vec!["eip-1".into()],
        ..Default::default()
    }
}

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
async fn max_retries_bounds_the_attempts() {
    for max_retries in [0u32, 1, 3] {
        let server = MockCloud::start(Cloud::Alibaba, |_, _| alibaba_throttling()).await;
        let err = server
            .client(max_retries)
            .call(&describe_eips(), &CallContext::new())
            .await
            .unwrap_err();
        assert_eq!(server.count(), max_retries as usize + 1);
        assert_eq!(
            err.code(),
            Some("Throttling.User"),
            "the last error is returned"
        );
        assert!(err.is_transient());
    }
}

#[tokio::test]
async fn retried_writes_keep_their_client_token_and_get_fresh_nonces() {
    let server = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n <= 2 {
            alibaba_throttling()
        } else {
            alibaba_ok(json!({}))
        }
    })
    .await;
    let token = tether_client::client_token();
    let req = AssociateEipAddressRequest {
        region_id: "cn-hangzhou".into(),
        allocation_id: "eip-1".into(),
        instance_id: "i-1".into(),
        client_token: Some(token.clone()),
        ..Default::default()
    };
    server
        .client(8)
        .call(&req, &CallContext::new())
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    for r in &seen {
        assert_eq!(r.param("ClientToken"), Some(token.as_str()));
        assert_eq!(r.param("AllocationId"), Some("eip-1"));
        assert_eq!(r.action, "AssociateEipAddress");
        assert_eq!(r.method, "POST");
    }
    let mut nonces: Vec<_> = seen.iter().map(|r| r.nonce.clone().unwrap()).collect();
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "every attempt carries a fresh nonce");

    // ESS write, retried on ScalingActivityInProgress.
    let ess = MockCloud::start(Cloud::Alibaba, |_, n| {
        if n == 1 {
            alibaba_error(
                400,
                "ScalingActivityInProgress",
                "A scaling activity is in progress.",
            )
        } else {
            alibaba_ok(json!({"ScalingActivityId": "asa-1"}))
        }
    })
    .await;
    let attach = AttachInstancesRequest {
        region_id: Some("cn-hangzhou".into()),
        scaling_group_id: "asg-1".into(),
        instance_ids: vec!["i-1".into(), "i-2".into()],
        client_token: Some(tether_client::client_token_from_seed(
            "asg-1|i-1,i-2|attach",
        )),
        ..Default::default()
    };
    let resp = ess
        .client(8)
        .call(&attach, &CallContext::new())
        .await
        .unwrap();
    assert_eq!(resp.scaling_activity_id, "asa-1");
    let seen = ess.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].param("ClientToken"), seen[1].param("ClientToken"));
    assert_eq!(seen[1].param("InstanceId.2"), Some("i-2"));

    // Volcengine write with a deterministic token, retried on IdempotentProcessing (412).
    let volc = MockCloud::start(Cloud::Volcengine, |r, n| {
        if n == 1 {
            volcengine_error(412, &r.action, "IdempotentProcessing", None, "The request uses the same client token as a previous one that is still in process.")
        } else {
            volcengine_ok(&r.action, json!({"RequestId": REQUEST_ID}))
        }
    })
    .await;
    let token = tether_client::client_token_from_seed("havip-1|i-1|EcsInstance");
    let associate = AssociateHaVipRequest {
        ha_vip_id: "havip-1".into(),
        instance_id: "i-1".into(),
        instance_type: Some("EcsInstance".into()),
        client_token: Some(token.clone()),
    };
    volc.client(8)
        .call(&associate, &CallContext::new())
        .await
        .unwrap();
    let seen = volc.requests();
    assert_eq!(seen.len(), 2);
    for r in &seen {
        assert_eq!(r.param("ClientToken"), Some(token.as_str()));
        assert_eq!(r.param("Action"), Some("AssociateHaVip"));
        assert_eq!(r.param("Version"), Some("2020-04-01"));
    }
}

#[tokio::test]
async fn cancellation_interrupts_the_backoff_sleep() {
    let server = MockCloud::start(Cloud::Alibaba, |_, _| alibaba_throttling()).await;
    // A fixed 60 s backoff: only cancellation can end the call early.
    let slow = Backoff {
        base: Duration::from_secs(60),
        cap: Duration::from_secs(60),
        jitter: Jitter::None,
    };
    let client = server.client_with(8, slow, SECRET);
    let cancel = CancellationToken::new();
    let ctx = CallContext::new().with_cancel(cancel.clone());
    let call = tokio::spawn(async move { client.call(&describe_eips(), &ctx).await });
    server.wait_for_requests(1).await;
    let cancelled_at = Instant::now();
    cancel.cancel();
    let err = tokio::time::timeout(Duration::from_secs(5), call)
        .await
        .expect("the call did not return promptly")
        .unwrap()
        .unwrap_err();
    let took = cancelled_at.elapsed();
    assert!(err.is_cancelled(), "{err}");
    assert_eq!(err.to_string(), "alibaba DescribeEipAddresses cancelled");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert_eq!(server.count(), 1);
    eprintln!("figure: cancellation during a 60 s backoff returned after {took:?}");
}

#[tokio::test]
async fn an_already_cancelled_token_sends_nothing() {
    let server = MockCloud::start(Cloud::Alibaba, |_, _| alibaba_throttling()).await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let err = server
        .client(8)
        .call(&describe_eips(), &CallContext::new().with_cancel(cancel))
        .await
        .unwrap_err();
    assert!(err.is_cancelled());
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn the_deadline_bounds_the_total() {
    let server = MockCloud::start(Cloud::Tencent, |_, _| tencent_throttling()).await;
    let backoff = Backoff {
        base: Duration::from_millis(20),
        cap: Duration::from_millis(80),
        jitter: Jitter::Full,
    };
    let client = server.client_with(1000, backoff, SECRET);
    let limit = Duration::from_millis(400);
    let started = Instant::now();
    let err = client
        .call(
            &DescribeAddressesRequest::default(),
            &CallContext::new().with_timeout(limit),
        )
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    // Slack for a loaded machine; the retry loop itself never sleeps past the deadline.
    assert!(took <= limit + Duration::from_millis(500), "took {took:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("tencent DescribeAddresses failed: deadline exceeded after "),
        "{text}"
    );
    assert!(
        text.contains("last error: tencent DescribeAddresses failed: RequestLimitExceeded"),
        "{text}"
    );
    let ClientError::Timeout { attempts, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*attempts as usize, server.count());
    eprintln!(
        "figure: deadline {limit:?} with 20..80 ms backoff: gave up after {took:?} and {} attempts",
        server.count()
    );
}

#[tokio::test]
async fn the_deadline_also_cuts_a_slow_attempt() {
    // A listener that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            open.push(sock);
        }
    });
    let client = tether_client::Client::new(
        tether_client::ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", credentials(SECRET))
            .with_endpoint(format!("http://{addr}")),
    )
    .unwrap();
    let started = Instant::now();
    let err = client
        .call(
            &describe_eips(),
            &CallContext::new().with_timeout(Duration::from_millis(300)),
        )
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));
    hold.abort();
}

/// A raw HTTP endpoint that drops the first `fail` connections right after reading the
/// request, then answers 200 with `body`. Returns the address and the request counter.
async fn flaky_endpoint(fail: usize, body: String) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = counter.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Bounded read of the request head (the client sends an empty body).
            for _ in 0..64 {
                match sock.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
                if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
            if n <= fail {
                drop(sock);
                continue;
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                body.len(),
                body
            );
            let _ = sock.write_all(answer.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (addr, counter)
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let (_, body) = eip_page(&[("eip-1", "InUse")], 1, 1, 10);
    let (addr, counter) = flaky_endpoint(2, body).await;
    let client = tether_client::Client::new(
        tether_client::ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", credentials(SECRET))
            .with_endpoint(format!("http://{addr}"))
            .with_backoff(fast_backoff()),
    )
    .unwrap();
    let resp = client
        .call(&describe_eips(), &CallContext::new())
        .await
        .unwrap();
    assert_eq!(resp.eip_addresses.items.len(), 1);
    assert_eq!(counter.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn connection_refused_is_transient_and_bounded() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = tether_client::Client::new(
        tether_client::ClientConfig::new(Cloud::Volcengine, "cn-beijing", credentials(SECRET))
            .with_endpoint(format!("http://{addr}"))
            .with_max_retries(2)
            .with_backoff(fast_backoff()),
    )
    .unwrap();
    let err = client
        .call(&DescribeHaVipsRequest::default(), &CallContext::new())
        .await
        .unwrap_err();
    let ClientError::Transport { kind, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*kind, TransportKind::Connect);
    assert!(err.is_transient());
    let text = err.to_string();
    assert!(
        text.starts_with("volcengine DescribeHaVips failed: transport error: "),
        "{text}"
    );
    assert!(!text.contains("Action="), "no URL in the message: {text}");
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
async fn a_request_of_another_cloud_is_refused_before_sending() {
    let server = MockCloud::start(Cloud::Tencent, |_, _| tencent_ok(json!({}))).await;
    let err = server
        .client(8)
        .call(&describe_eips(), &CallContext::new())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Config(_)), "{err}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn undecodable_success_is_reported() {
    let server = MockCloud::start(Cloud::Volcengine, |r, _| {
        (
            200,
            json!({"ResponseMetadata": {"RequestId": "r", "Action": r.action}}).to_string(),
        )
    })
    .await;
    let err = server
        .client(8)
        .call(&DescribeHaVipsRequest::default(), &CallContext::new())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Decode { .. }), "{err:?}");
    assert!(!err.is_transient());
    assert_eq!(server.count(), 1);
}

/// An endpoint that accepts connections and never answers: each attempt of a read gives up
/// after the context's per-attempt limit, and the call ends at its deadline saying how many
/// attempts it made (instead of holding the caller for the client's 60 s per attempt).
#[tokio::test]
async fn a_silent_endpoint_is_given_up_on_per_attempt() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    let server = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            open.push(socket); // held open, never answered
        }
    });
    let mut config =
        tether_client::ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", credentials(SECRET))
            .with_max_retries(8);
    config = config.with_endpoint(format!("http://{address}"));
    config.backoff = fast_backoff();
    let client = tether_client::Client::new(config).unwrap();
    let req = DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        ..Default::default()
    };
    let ctx = CallContext::new()
        .with_timeout(Duration::from_millis(900))
        .with_attempt_timeout(Duration::from_millis(200));
    let err = client.call(&req, &ctx).await.unwrap_err();
    let text = err.to_string();
    assert!(err.is_timeout(), "{text}");
    let tether_client::ClientError::Timeout { attempts, .. } = &err else {
        panic!("{text}")
    };
    assert!(
        *attempts >= 3,
        "each attempt gave up after 200 ms, so several fit in 900 ms: {text}"
    );
    assert!(text.contains("attempts"), "{text}");
    server.abort();
}
