//! Batched ID reads: how many calls a burst of reads costs, found and missing IDs, errors
//! and throttling shared by a batch, the per-ID fallback, and small pages.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eip_reads_of_120_ids_take_at_most_five_calls() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        let results = together(120, |i| {
            let client = client.clone();
            async move {
                let id = format!("eip-{i:03}");
                let got = client.describe_eip(&id, &CallContext::new()).await;
                (id, got)
            }
        })
        .await;
        for (id, got) in &results {
            let eip = got.as_ref().unwrap().as_ref().expect("found");
            assert_eq!(&eip.allocation_id, id);
            assert_eq!(eip.name, name_of(id), "each reader gets its own item");
        }
        let calls = server.calls_of("DescribeEipAddresses");
        eprintln!("120 EIP reads: {} DescribeEipAddresses calls", calls.len());
        assert!(
            calls.len() <= 120usize.div_ceil(50) + 2,
            "{} calls",
            calls.len()
        );
        let asked = asked(&calls);
        assert_eq!(asked.len(), 120);
        assert!(asked.values().all(|n| *n == 1), "an ID was asked twice");
        let stats = client.coalesce_stats().eip;
        assert_eq!(stats.reads, 120);
        assert_eq!(stats.ids, 120);
        assert_eq!(stats.calls, calls.len() as u64);
        assert_eq!(stats.fallbacks, 0);
    })
    .await;
}

#[tokio::test]
async fn tencent_addresses_found_and_missing_in_one_call() {
    within(async {
        let server = Server::start(
            Cloud::Tencent,
            address_inventory(100, |id| !id.ends_with('7')),
        )
        .await;
        let client = server.client(0);
        let results = together(40, |i| {
            let client = client.clone();
            async move {
                let id = format!("eip-{i:02}");
                let got = client.describe_address(&id, &CallContext::new()).await;
                (id, got)
            }
        })
        .await;
        for (id, got) in results {
            let got = got.unwrap();
            if id.ends_with('7') {
                assert_eq!(got, None, "{id} is missing");
            } else {
                let address = got.expect("found");
                assert_eq!(address.address_id, id);
                assert_eq!(address.address_name, Some(name_of(&id)));
            }
        }
        let calls = server.calls_of("DescribeAddresses");
        eprintln!("40 Tencent reads (4 missing): {} calls", calls.len());
        assert_eq!(calls.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn failing_batch_gives_every_reader_the_error() {
    within(async {
        let server = Server::start(Cloud::Alibaba, |_: &Req| {
            alibaba_error(
                403,
                "Forbidden.RAM",
                "User not authorized to operate on the specified resource.",
            )
        })
        .await;
        let client = server.client(3);
        let results = together(10, |i| {
            let client = client.clone();
            async move {
                client
                    .describe_eip(&format!("eip-{i}"), &CallContext::new())
                    .await
            }
        })
        .await;
        for got in results {
            let err = got.unwrap_err();
            let cloud = err.cloud_error().expect("a cloud error");
            assert_eq!(cloud.code, "Forbidden.RAM");
            assert_eq!(
                cloud.message,
                "User not authorized to operate on the specified resource."
            );
            assert_eq!(cloud.http_status, 403);
            assert_eq!(err.request_id(), Some(REQUEST_ID));
            assert_eq!(cloud.action, "DescribeEipAddresses");
        }
        let calls = server.calls();
        eprintln!("10 reads, permanent error: {} calls", calls.len());
        assert_eq!(calls.len(), 1, "a permanent error is not retried");
    })
    .await;
}

#[tokio::test]
async fn throttled_batch_is_retried_as_one_call() {
    within(async {
        let answered = Arc::new(Mutex::new(0usize));
        let counter = answered.clone();
        let inventory = eip_inventory(100, |_| true);
        let server = Server::start(Cloud::Alibaba, move |r: &Req| {
            let mut n = counter.lock().unwrap();
            *n += 1;
            if *n <= 2 {
                alibaba_error(
                    400,
                    "Throttling.User",
                    "Request was denied due to user flow control.",
                )
            } else {
                inventory(r)
            }
        })
        .await;
        let client = server.client(8);
        let results = together(30, |i| {
            let client = client.clone();
            async move {
                client
                    .describe_eip(&format!("eip-{i}"), &CallContext::new())
                    .await
            }
        })
        .await;
        assert!(results.iter().all(|r| matches!(r, Ok(Some(_)))));
        let calls = server.calls();
        eprintln!("30 reads, throttled twice: {} HTTP requests", calls.len());
        assert_eq!(calls.len(), 3, "one batch, two retries");
        assert!(calls.iter().all(|c| c.ids().len() == 30));
        assert_eq!(client.coalesce_stats().eip.calls, 1);
    })
    .await;
}

#[tokio::test]
async fn not_found_falls_back_to_per_id_calls() {
    within(async {
        let inventory = eip_inventory(100, |id| id != "eip-gone");
        let server = Server::start(Cloud::Alibaba, move |r: &Req| {
            if r.ids().iter().any(|id| id == "eip-gone") {
                alibaba_error(
                    400,
                    "InvalidAllocationId.NotFound",
                    "Specified allocation ID is not found",
                )
            } else {
                inventory(r)
            }
        })
        .await;
        let client = server.client(0);
        let ids = ["eip-1", "eip-gone", "eip-2", "eip-3", "eip-4", "eip-5"];
        let results = together(ids.len(), |i| {
            let client = client.clone();
            async move { client.describe_eip(ids[i], &CallContext::new()).await }
        })
        .await;
        for (id, got) in ids.iter().zip(results) {
            let got = got.unwrap();
            if *id == "eip-gone" {
                assert_eq!(got, None);
            } else {
                assert_eq!(got.expect("found").allocation_id, *id);
            }
        }
        let calls = server.calls();
        eprintln!("6 reads, one unknown: {} calls", calls.len());
        assert_eq!(
            calls.len(),
            1 + ids.len(),
            "one batch, then one call per ID"
        );
        assert_eq!(calls[0].ids().len(), ids.len());
        assert!(calls[1..].iter().all(|c| c.ids().len() == 1));
        assert_eq!(client.coalesce_stats().eip.fallbacks, 1);
        // Asked alone, the unknown ID is simply absent.
        let alone = client
            .describe_eip("eip-gone", &CallContext::new())
            .await
            .unwrap();
        assert_eq!(alone, None);
        assert_eq!(server.calls().len(), 2 + ids.len());
    })
    .await;
}

#[tokio::test]
async fn small_pages_lose_nothing() {
    within(async {
        // Alibaba: 50 IDs, 3 unknown, pages of 7.
        let server = Server::start(Cloud::Alibaba, eip_inventory(7, |id| !id.ends_with("x"))).await;
        let client = server.client(0);
        let results = together(50, |i| {
            let client = client.clone();
            async move {
                let id = if i % 17 == 3 {
                    format!("eip-{i}x")
                } else {
                    format!("eip-{i}")
                };
                let got = client.describe_eip(&id, &CallContext::new()).await;
                (id, got)
            }
        })
        .await;
        for (id, got) in results {
            match got.unwrap() {
                Some(eip) => assert_eq!(eip.allocation_id, id),
                None => assert!(id.ends_with('x'), "{id} lost"),
            }
        }
        let pages = server.calls().len();
        eprintln!("Alibaba, 50 reads, pages of 7: {pages} calls");
        assert_eq!(pages, 47usize.div_ceil(7));

        // Tencent: 100 IDs, pages of 9 (Offset/Limit).
        let server = Server::start(Cloud::Tencent, address_inventory(9, |_| true)).await;
        let client = server.client(0);
        let results = together(100, |i| {
            let client = client.clone();
            async move {
                let id = format!("eip-{i}");
                (
                    id.clone(),
                    client.describe_address(&id, &CallContext::new()).await,
                )
            }
        })
        .await;
        for (id, got) in results {
            assert_eq!(got.unwrap().expect("found").address_id, id);
        }
        let pages = server.calls().len();
        eprintln!("Tencent, 100 reads, pages of 9: {pages} calls");
        assert_eq!(pages, 100usize.div_ceil(9));

        // Volcengine: PageNumber pages of 6, then NextToken pages of 8.
        for (token, cap) in [(false, 6u32), (true, 8)] {
            let server = Server::start(
                Cloud::Volcengine,
                havip_inventory(cap, token, |id| !id.ends_with('9')),
            )
            .await;
            let client = server.client(0);
            let results = together(60, |i| {
                let client = client.clone();
                async move {
                    let id = format!("havip-{i}");
                    (
                        id.clone(),
                        client.describe_havip(&id, &CallContext::new()).await,
                    )
                }
            })
            .await;
            for (id, got) in results {
                match got.unwrap() {
                    Some(havip) => {
                        assert_eq!(havip.ha_vip_id, id);
                        assert_eq!(havip.ha_vip_name, name_of(&id));
                    }
                    None => assert!(id.ends_with('9'), "{id} lost"),
                }
            }
            let pages = server.calls().len();
            eprintln!(
                "Volcengine (token paging: {token}), 60 reads, pages of {cap}: {pages} calls"
            );
            assert_eq!(pages, 54usize.div_ceil(cap as usize));
        }
    })
    .await;
}
