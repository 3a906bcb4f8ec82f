//! Readers of one batch: cancelled, timed-out or departed readers, duplicate IDs, misuse,
//! and transport failures seen by every reader.

use super::*;

#[tokio::test]
async fn cancelled_or_timed_out_reader_returns_while_others_get_answers() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        server.hold();
        let client = server.client(0);
        let spawn_read = |id: &'static str, ctx: CallContext| {
            let client = client.clone();
            tokio::spawn(async move { client.describe_eip(id, &ctx).await })
        };
        let cancel = CancellationToken::new();
        let a = spawn_read("eip-a", CallContext::new().with_cancel(cancel.clone()));
        let d = spawn_read(
            "eip-d",
            CallContext::new().with_timeout(Duration::from_millis(150)),
        );
        let b = spawn_read(
            "eip-b",
            CallContext::new().with_timeout(Duration::from_secs(20)),
        );
        let c = spawn_read("eip-c", CallContext::new());
        // The batch is in flight, its answer held.
        server.wait_for_calls(1).await;
        cancel.cancel();
        let a = tokio::time::timeout(Duration::from_secs(2), a)
            .await
            .expect("the cancelled reader returned promptly")
            .unwrap();
        assert!(a.unwrap_err().is_cancelled());
        let d = tokio::time::timeout(Duration::from_secs(5), d)
            .await
            .expect("the reader with a short deadline returned")
            .unwrap();
        let err = d.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert!(!b.is_finished() && !c.is_finished());
        server.release();
        assert_eq!(
            b.await.unwrap().unwrap().expect("found").allocation_id,
            "eip-b"
        );
        assert_eq!(
            c.await.unwrap().unwrap().expect("found").allocation_id,
            "eip-c"
        );
        let calls = server.calls();
        eprintln!("4 reads, 2 left early: {} calls", calls.len());
        assert_eq!(
            calls.len(),
            1,
            "the batch was neither cancelled nor repeated"
        );
        assert_eq!(calls[0].ids().len(), 4);
    })
    .await;
}

#[tokio::test]
async fn readers_that_all_left_cost_no_call() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        let cancel = CancellationToken::new();
        let old: Vec<_> = (0..3)
            .map(|i| {
                let client = client.clone();
                let ctx = CallContext::new().with_cancel(cancel.clone());
                tokio::spawn(
                    async move { client.describe_eip(&format!("eip-old-{i}"), &ctx).await },
                )
            })
            .collect();
        // Let the three reads join the open batch.
        for _ in 0..1000 {
            if client.coalesce_stats().eip.reads == 3 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(client.coalesce_stats().eip.reads, 3);
        cancel.cancel();
        for read in old {
            assert!(read.await.unwrap().unwrap_err().is_cancelled());
        }
        let eip = client
            .describe_eip("eip-new", &CallContext::new())
            .await
            .unwrap()
            .expect("found");
        assert_eq!(eip.allocation_id, "eip-new");
        let calls = server.calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].ids(), vec!["eip-new".to_string()]);
        assert_eq!(client.coalesce_stats().eip.batches, 1);
        // Already cancelled, or deadline already passed: no waiting at all.
        let gone = CancellationToken::new();
        gone.cancel();
        let err = client
            .describe_eip("eip-1", &CallContext::new().with_cancel(gone))
            .await
            .unwrap_err();
        assert!(err.is_cancelled());
        let err = client
            .describe_eip(
                "eip-1",
                &CallContext::new().with_deadline(std::time::Instant::now()),
            )
            .await
            .unwrap_err();
        assert!(err.is_timeout());
        assert_eq!(server.calls().len(), 1);
        assert!(COALESCE_WINDOW <= Duration::from_millis(10));
    })
    .await;
}

#[tokio::test]
async fn duplicate_ids_are_asked_once() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        let results = together(15, |i| {
            let client = client.clone();
            async move {
                let id = if i < 10 { "eip-dup" } else { "eip-other" };
                (id, client.describe_eip(id, &CallContext::new()).await)
            }
        })
        .await;
        for (id, got) in results {
            assert_eq!(got.unwrap().expect("found").allocation_id, id);
        }
        let calls = server.calls();
        eprintln!("15 reads of 2 IDs: {} calls", calls.len());
        assert_eq!(calls.len(), 1);
        let mut ids = calls[0].ids();
        ids.sort();
        assert_eq!(ids, vec!["eip-dup".to_string(), "eip-other".to_string()]);
        let stats = client.coalesce_stats().eip;
        assert_eq!((stats.reads, stats.ids), (15, 2));
    })
    .await;
}

#[tokio::test]
async fn misuse_is_rejected_without_a_call() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        for bad in ["", "eip-1,eip-2"] {
            let err = client
                .describe_eip(bad, &CallContext::new())
                .await
                .unwrap_err();
            assert!(matches!(err, ClientError::Config(_)), "{err:?}");
        }
        let err = client
            .describe_address("eip-1", &CallContext::new())
            .await
            .unwrap_err();
        assert!(matches!(err, ClientError::Config(_)), "{err:?}");
        let err = client
            .describe_scaling_instance("", "i-1", &CallContext::new())
            .await
            .unwrap_err();
        assert!(matches!(err, ClientError::Config(_)), "{err:?}");
        assert_eq!(server.calls().len(), 0);
    })
    .await;
}

#[tokio::test]
async fn transport_failure_reaches_every_reader_with_the_same_text() {
    within(async {
        // A port nobody listens on: connection refused.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let client = Client::new(
            ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", credentials(SECRET))
                .with_endpoint(format!("http://{addr}"))
                .with_max_retries(0)
                .with_request_timeout(Duration::from_secs(5)),
        )
        .unwrap();
        let results = together(5, |i| {
            let client = client.clone();
            async move {
                client
                    .describe_eip(&format!("eip-{i}"), &CallContext::new())
                    .await
            }
        })
        .await;
        let errors: Vec<ClientError> = results.into_iter().map(|r| r.unwrap_err()).collect();
        let text = errors[0].to_string();
        assert!(
            text.starts_with("alibaba DescribeEipAddresses failed: transport error"),
            "{text}"
        );
        assert!(errors.iter().all(|e| e.to_string() == text));
        let originals = errors
            .iter()
            .filter(|e| matches!(e, ClientError::Transport { .. }))
            .count();
        assert_eq!(
            originals, 1,
            "one reader gets the error itself, the others copies"
        );
        assert_eq!(client.coalesce_stats().eip.batches, 1);
    })
    .await;
}
