//! What bounds a retried call: `max_retries`, cancellation (also during the backoff
//! sleep), the deadline (also cutting a slow attempt); and retried writes keep their
//! ClientToken while getting fresh nonces.

use super::*;

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
