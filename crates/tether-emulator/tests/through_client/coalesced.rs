//! Coalesced describe reads through tether's client.

use super::*;

// ------------------------------------------------------------------------------------------
// Coalesced reads

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coalesced_describe_reads() {
    let emu = Emu::instant().await;
    let ali = client(&emu, Cloud::Alibaba, HZ);
    let tc = client(&emu, Cloud::Tencent, GZ);
    let volc = client(&emu, Cloud::Volcengine, BJ);

    // 40 concurrent EIP reads (one unknown): ≤ 50 IDs per call, so one call.
    let mut reads = tokio::task::JoinSet::new();
    for k in 1..=39 {
        let c = ali.clone();
        reads.spawn(async move {
            let id = format!("eip-hzfree{k:03}");
            let got = c.describe_eip(&id, &ctx()).await;
            (id, got.map(|e| e.map(|e| e.allocation_id)))
        });
    }
    let c = ali.clone();
    reads.spawn(async move {
        let got = c.describe_eip("eip-hzunknown", &ctx()).await;
        (
            "eip-hzunknown".to_string(),
            got.map(|e| e.map(|e| e.allocation_id)),
        )
    });
    while let Some(joined) = reads.join_next().await {
        let (id, got) = joined.unwrap();
        let got = got.expect("coalesced read");
        if id == "eip-hzunknown" {
            assert_eq!(got, None);
        } else {
            assert_eq!(got.as_deref(), Some(id.as_str()));
        }
    }
    let stats = ali.coalesce_stats().eip;
    assert_eq!(stats.reads, 40);
    assert!(stats.calls < 40, "{stats:?}");
    assert!(stats.batches >= 1);

    // Tencent addresses, HaVips, scaling groups and scaling instances.
    let mut reads = tokio::task::JoinSet::new();
    for k in 1..=30 {
        let c = tc.clone();
        reads.spawn(async move {
            let id = format!("eip-free{k:04}");
            let got = c.describe_address(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|a| a.address_id).as_deref(), Some(id.as_str()));
        });
    }
    for k in 1..=10 {
        let c = volc.clone();
        reads.spawn(async move {
            let id = format!("havip-bjdemo{k:03}");
            let got = c.describe_havip(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|h| h.ha_vip_id).as_deref(), Some(id.as_str()));
        });
    }
    for id in [
        "asg-hzweb",
        "asg-hzbig",
        "asg-hzinactive",
        "asg-hznearlyfull",
    ] {
        let c = ali.clone();
        reads.spawn(async move {
            let got = c.describe_scaling_group(id, &ctx()).await.unwrap();
            assert_eq!(got.map(|g| g.scaling_group_id).as_deref(), Some(id));
        });
    }
    for (id, present) in [
        ("i-hzasg003", true),
        ("i-hzasg004", true),
        ("i-hzapp001", false),
    ] {
        let c = ali.clone();
        reads.spawn(async move {
            let got = c
                .describe_scaling_instance("asg-hznearlyfull", id, &ctx())
                .await
                .unwrap();
            assert_eq!(got.map(|i| i.instance_id).as_deref(), present.then_some(id));
        });
    }
    let c = ali.clone();
    reads.spawn(async move {
        let got = c
            .describe_scaling_instance("asg-nope", "i-hzasg003", &ctx())
            .await
            .unwrap();
        assert!(got.is_none(), "no such group: no such member");
    });
    while let Some(joined) = reads.join_next().await {
        joined.expect("read task");
    }
    let (t, v, a) = (
        tc.coalesce_stats(),
        volc.coalesce_stats(),
        ali.coalesce_stats(),
    );
    assert_eq!(t.address.reads, 30);
    assert!(t.address.calls < 30, "{:?}", t.address);
    assert_eq!(v.havip.reads, 10);
    assert!(v.havip.calls < 10, "{:?}", v.havip);
    assert_eq!(a.scaling_group.reads, 4);
    assert!(a.scaling_group.calls < 4, "{:?}", a.scaling_group);
    assert_eq!(a.scaling_instance.reads, 4);
    emu.stop().await;
}
