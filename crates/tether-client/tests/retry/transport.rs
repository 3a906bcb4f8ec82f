//! Transport-level outcomes: dropped and refused connections (against a raw flaky
//! endpoint), a request of another cloud refused before sending, an undecodable success,
//! and a silent endpoint given up on per attempt.

use super::*;

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
