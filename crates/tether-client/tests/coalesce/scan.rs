//! Region scans: a refresh served from one listing, paging, when a scan starts or is
//! skipped, forgotten IDs, snapshot lifetime, and the fallback for too large a region.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn region_scan_serves_a_refresh_of_200_in_waves_of_ten() {
    within(async {
        for (cloud, prefix) in [
            (Cloud::Alibaba, "eip"),
            (Cloud::Tencent, "eip"),
            (Cloud::Volcengine, "havip"),
        ] {
            let region = region_of(prefix, 200);
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            let ids = ids_of(prefix, 0..200);
            for (id, name) in waves_of_ten(&client, &ids).await {
                assert_eq!(name, Some(name_of(&id)), "{cloud}: {id}");
            }
            let calls = server.calls().len();
            let stats = stats_of(&client);
            eprintln!("{cloud}: 200 reads in waves of 10: {calls} Describe calls, {stats:?}");
            assert!(calls <= 200usize.div_ceil(50) + 2, "{cloud}: {calls} calls");
            assert_eq!(stats.calls, calls as u64);
            assert_eq!((stats.scans, stats.scan_pages), (1, 2), "{cloud}");
            assert_eq!(stats.reads, 200);
            assert!(stats.snapshot_hits >= 170, "{cloud}: {stats:?}");

            // An ID missing from the listing of bound items may exist unbound: it is asked.
            let missing = format!("{prefix}-missing");
            assert_eq!(read_name(&client, &missing).await.unwrap(), None);
            let asked = server.calls().len() - calls;
            assert_eq!(asked, 1, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_pages_after_the_first_are_asked_at_once() {
    within(async {
        for (cloud, prefix) in [
            (Cloud::Alibaba, "eip"),
            (Cloud::Tencent, "eip"),
            (Cloud::Volcengine, "havip"),
        ] {
            // 500 bound items: the scan's first page says 5 pages; the other 4 go together.
            let region = region_of(prefix, 500);
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            waves_of_ten(&client, &ids_of(prefix, 0..20)).await;
            assert_eq!(server.calls().len(), 2, "{cloud}: two warm-up batches");
            // Answer the scan's first page, hold everything after it.
            server.hold_after(3);
            let third = tokio::spawn({
                let client = client.clone();
                async move { waves_of_ten(&client, &ids_of(prefix, 20..30)).await }
            });
            // All four later pages arrive while none of them is answered.
            server.wait_for_calls(3 + 4).await;
            server.release();
            for (id, name) in third.await.unwrap() {
                assert_eq!(name, Some(name_of(&id)), "{cloud}: {id}");
            }
            let later: Vec<Req> = server.calls()[3..].to_vec();
            assert_eq!(later.len(), 4, "{cloud}");
            assert!(
                later.iter().all(|r| r.ids().is_empty()),
                "{cloud}: listing pages"
            );
            let stats = stats_of(&client);
            assert_eq!(
                (stats.scans, stats.scan_pages),
                (1, 5),
                "{cloud}: {stats:?}"
            );
            // Every item was listed once: the rest of the refresh costs nothing.
            waves_of_ten(&client, &ids_of(prefix, 30..500)).await;
            assert_eq!(server.calls().len(), 7, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_a_listing_would_not_answer_never_start_a_scan() {
    within(async {
        for (cloud, prefix, kind) in [
            (Cloud::Alibaba, "eip", CachedKind::Eip),
            (Cloud::Tencent, "eip", CachedKind::Address),
            (Cloud::Volcengine, "havip", CachedKind::HaVip),
        ] {
            let region = region_of(prefix, 100);
            region
                .lock()
                .unwrap()
                .extend((0..100).map(|i| (format!("free-{i:04}"), format!("free {i}"))));
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            // An apply's checks: free items, read often.
            waves_of_ten(&client, &ids_of("free", 0..60)).await;
            // An apply's waits: each bound item read right after a write through the client.
            let written = ids_of(prefix, 0..60);
            for id in &written {
                client.forget_cached(kind, id);
            }
            for (id, name) in waves_of_ten(&client, &written).await {
                assert_eq!(name, Some(name_of(&id)), "{cloud}");
            }
            let stats = stats_of(&client);
            assert_eq!(stats.scans, 0, "{cloud}: {stats:?}");
            assert!(
                server.calls().iter().all(|c| !c.ids().is_empty()),
                "{cloud}: ID batches only"
            );
            // A refresh (bound items, not just written) does.
            waves_of_ten(&client, &ids_of(prefix, 60..100)).await;
            assert_eq!(stats_of(&client).scans, 1, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_items_of_the_region_cost_no_scan_page() {
    within(async {
        for (cloud, prefix) in [
            (Cloud::Alibaba, "eip"),
            (Cloud::Tencent, "eip"),
            (Cloud::Volcengine, "havip"),
        ] {
            // 200 bound items among 1,000 free ones: an unfiltered listing would take 12
            // pages, the listing of bound items 2.
            let region = region_of(prefix, 200);
            region
                .lock()
                .unwrap()
                .extend((0..1000).map(|i| (format!("free-{i:04}"), format!("free {i}"))));
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            let ids = ids_of(prefix, 0..200);
            for (id, name) in waves_of_ten(&client, &ids).await {
                assert_eq!(name, Some(name_of(&id)), "{cloud}: {id}");
            }
            let stats = stats_of(&client);
            assert_eq!(
                (stats.scans, stats.scan_pages),
                (1, 2),
                "{cloud}: {stats:?}"
            );
            assert!(server.calls().len() <= 200usize.div_ceil(50) + 2, "{cloud}");
            // A free item is not in the snapshot, yet it exists: asked by ID, found.
            let before = server.calls().len();
            assert_eq!(
                read_name(&client, "free-0007").await.unwrap(),
                Some("free 7".into()),
                "{cloud}"
            );
            assert_eq!(server.calls().len(), before + 1, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_ids_are_read_from_the_cloud() {
    within(async {
        let region = region_of("eip", 200);
        let server = Server::start(
            Cloud::Alibaba,
            region_inventory(Cloud::Alibaba, region.clone()),
        )
        .await;
        let client = server.client(0);
        let rename = |id: &str, name: &str| {
            let mut all = region.lock().unwrap();
            let item = all.iter_mut().find(|(i, _)| i == id).unwrap();
            item.1 = name.to_string();
        };
        // Two waves of ID batches; the third lists the region, its first page held.
        waves_of_ten(&client, &ids_of("eip", 0..20)).await;
        server.hold();
        let third = tokio::spawn({
            let client = client.clone();
            async move { waves_of_ten(&client, &ids_of("eip", 20..30)).await }
        });
        server.wait_for_calls(3).await;
        assert_eq!(stats_of(&client).scans, 1);
        // A write while the scan runs: the snapshot it makes must not serve that ID.
        rename("eip-0150", "renamed-during-scan");
        client.forget_cached(CachedKind::Eip, "eip-0150");
        server.release();
        for (id, name) in third.await.unwrap() {
            assert_eq!(name, Some(name_of(&id)));
        }
        let before = server.calls().len();
        assert_eq!(before, 4, "2 batches, 2 scan pages");

        // From the snapshot: no call, and (not forgotten) the old name.
        rename("eip-0100", "renamed");
        assert_eq!(
            read_name(&client, "eip-0100").await.unwrap(),
            Some(name_of("eip-0100"))
        );
        assert_eq!(server.calls().len(), before);

        // Forgotten (after a write through this client): asked, fresh answer.
        client.forget_cached(CachedKind::Eip, "eip-0100");
        assert_eq!(
            read_name(&client, "eip-0100").await.unwrap(),
            Some("renamed".into())
        );
        assert_eq!(
            read_name(&client, "eip-0150").await.unwrap(),
            Some("renamed-during-scan".into())
        );
        // Created after the scan: absent from the snapshot, so asked by ID.
        region
            .lock()
            .unwrap()
            .push(("eip-new".into(), "new".into()));
        assert_eq!(
            read_name(&client, "eip-new").await.unwrap(),
            Some("new".into())
        );
        let calls = server.calls();
        assert_eq!(calls.len(), before + 3);
        let asked: Vec<Vec<String>> = calls[before..].iter().map(Req::ids).collect();
        assert_eq!(
            asked,
            vec![
                vec!["eip-0100".to_string()],
                vec!["eip-0150".to_string()],
                vec!["eip-new".to_string()]
            ]
        );
        // Other IDs are still served from the snapshot.
        assert_eq!(
            read_name(&client, "eip-0199").await.unwrap(),
            Some(name_of("eip-0199"))
        );
        assert_eq!(server.calls().len(), before + 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_expires() {
    within(async {
        let region = region_of("havip", 150);
        let server = Server::start(
            Cloud::Volcengine,
            region_inventory(Cloud::Volcengine, region.clone()),
        )
        .await;
        let client = server.client(0);
        let ttl = Duration::from_millis(300);
        client.set_region_scan(RegionScan {
            ttl,
            ..RegionScan::default()
        });
        waves_of_ten(&client, &ids_of("havip", 0..30)).await;
        let after_scan = server.calls().len();
        assert_eq!(after_scan, 4, "2 batches, 2 scan pages");
        region.lock().unwrap()[120].1 = "changed".into();
        assert_eq!(
            read_name(&client, "havip-0120").await.unwrap(),
            Some(name_of("havip-0120"))
        );
        assert_eq!(
            server.calls().len(),
            after_scan,
            "answered from the snapshot"
        );
        tokio::time::sleep(ttl + Duration::from_millis(50)).await;
        // Expired; still read often, so the next batch lists the region again.
        assert_eq!(
            read_name(&client, "havip-0120").await.unwrap(),
            Some("changed".into())
        );
        let stats = stats_of(&client);
        assert_eq!((stats.scans, stats.scan_pages), (2, 4));
        assert_eq!(server.calls().len(), after_scan + 2);

        // Scanning off: every read is a batch.
        client.set_region_scan(RegionScan {
            enabled: false,
            ..RegionScan::default()
        });
        waves_of_ten(&client, &ids_of("havip", 0..40)).await;
        assert_eq!(server.calls().len(), after_scan + 2 + 4);
        assert_eq!(stats_of(&client).scans, 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_lives_while_read_up_to_its_maximum_age() {
    within(async {
        let region = region_of("eip", 150);
        let server = Server::start(
            Cloud::Alibaba,
            region_inventory(Cloud::Alibaba, region.clone()),
        )
        .await;
        let client = server.client(0);
        let ttl = Duration::from_millis(400);
        let max_age = Duration::from_millis(1500);
        client.set_region_scan(RegionScan {
            ttl,
            max_age,
            ..RegionScan::default()
        });
        let scanned = std::time::Instant::now();
        waves_of_ten(&client, &ids_of("eip", 0..30)).await;
        let after_scan = server.calls().len();
        assert_eq!(after_scan, 4, "2 batches, 2 scan pages");
        region.lock().unwrap()[120].1 = "changed".into();
        // Read every TTL / 4 until well past the TTL: each answer keeps the listing.
        let mut answered = 0;
        while scanned.elapsed() < ttl * 2 {
            tokio::time::sleep(ttl / 4).await;
            let id = format!("eip-{:04}", 30 + answered);
            assert_eq!(read_name(&client, &id).await.unwrap(), Some(name_of(&id)));
            answered += 1;
        }
        assert_eq!(server.calls().len(), after_scan, "all from the listing");
        assert_eq!(
            read_name(&client, "eip-0120").await.unwrap(),
            Some(name_of("eip-0120"))
        );
        // Past the maximum age, however often read: listed again.
        let left = max_age.saturating_sub(scanned.elapsed());
        tokio::time::sleep(left + Duration::from_millis(50)).await;
        assert_eq!(
            read_name(&client, "eip-0120").await.unwrap(),
            Some("changed".into())
        );
        assert_eq!(stats_of(&client).scans, 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_large_region_falls_back_to_id_batches() {
    within(async {
        let size = RegionScan::default().max_items + 1000;
        let region = region_of("eip", size);
        let server = Server::start(Cloud::Alibaba, region_inventory(Cloud::Alibaba, region)).await;
        let client = server.client(0);
        // Read from the end of the listing, so the first scan page answers nothing.
        let ids = ids_of("eip", size - 100..size - 40);
        for (id, name) in waves_of_ten(&client, &ids).await {
            assert_eq!(name, Some(name_of(&id)));
        }
        let stats = stats_of(&client);
        let calls = server.calls();
        eprintln!(
            "60 reads in a region of {size}: {} calls, {stats:?}",
            calls.len()
        );
        assert_eq!(
            (stats.scans, stats.scan_pages),
            (1, 1),
            "stopped after one page"
        );
        assert_eq!(stats.snapshot_hits, 0);
        assert_eq!(stats.batches, 6, "every wave in an ID batch");
        assert_eq!(calls.len(), 7);
        assert_eq!(
            calls.iter().filter(|c| c.ids().is_empty()).count(),
            1,
            "one listing page"
        );
    })
    .await;
}
