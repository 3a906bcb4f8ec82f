//! The Tencent and Volcengine reads of the plan-time checks through tether's client, and
//! their coalescing.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_and_volcengine_reads_through_the_client() {
    let emu = Emu::instant().await;
    let tc = client(&emu, Cloud::Tencent, GZ);
    let volc = client(&emu, Cloud::Volcengine, BJ);

    // Tencent CVMs and ENIs.
    let shutdown = tc.describe_cvm_instance("ins-shutdown", &ctx()).await;
    let shutdown = shutdown.unwrap().expect("ins-shutdown");
    assert_eq!(shutdown.instance_state, "SHUTDOWN");
    assert_eq!(shutdown.virtual_private_cloud.subnet_id, "subnet-gza");
    let public = tc.describe_cvm_instance("ins-public01", &ctx()).await;
    assert_eq!(
        public.unwrap().unwrap().public_ip_addresses,
        Some(vec!["119.29.0.8".to_string()])
    );
    assert!(tc
        .describe_cvm_instance("ins-nope", &ctx())
        .await
        .unwrap()
        .is_none());
    let second = tc
        .describe_tencent_network_interface("eni-second01", &ctx())
        .await;
    let second = second.unwrap().expect("eni-second01");
    assert!(second.has_private_ip("172.16.1.202"));
    assert!(!second.has_private_ip("172.16.1.11"));
    assert_eq!(
        second.attachment.map(|a| a.instance_id).as_deref(),
        Some("ins-app00001")
    );
    let dangling = tc
        .describe_tencent_network_interface("eni-dangling", &ctx())
        .await;
    assert_eq!(dangling.unwrap().unwrap().attachment, None);
    assert!(tc
        .describe_tencent_network_interface("eni-nope", &ctx())
        .await
        .unwrap()
        .is_none());
    let cvms = test_fixtures().tencent.regions[GZ].instances.len();
    let (items, calls) = listed(&emu, &tc, CvmInstancesRequest::default()).await;
    assert_eq!((items.len(), calls), (cvms, cvms.div_ceil(20)));
    let (enis, calls) = listed(
        &emu,
        &tc,
        TencentEnisRequest {
            filters: vec![Filter::new("attachment.instance-id", ["ins-app00001"])],
            limit: Some(1),
            ..Default::default()
        },
    )
    .await;
    let ids: Vec<&str> = enis
        .iter()
        .map(|e| e.network_interface_id.as_str())
        .collect();
    assert_eq!((ids, calls), (vec!["eni-primary1", "eni-second01"], 2));
    expect_code(
        tc.call(
            &CvmInstancesRequest {
                instance_ids: vec!["ins-app00001".into()],
                filters: vec![Filter::new("zone", ["ap-guangzhou-a"])],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "InvalidParameterCombination",
        200,
    );
    expect_code(
        tc.call(
            &TencentEnisRequest {
                filters: vec![Filter::new("no-such-filter", ["x"])],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "InvalidParameter.FilterInvalidKey",
        200,
    );

    // Volcengine instances (with their primary ENI's subnet) and ENIs.
    let b = volc
        .describe_volcengine_instance("i-bjsubnetb", &ctx())
        .await;
    let b = b.unwrap().expect("i-bjsubnetb");
    let primary = b.primary_network_interface().expect("a primary ENI");
    assert_eq!(
        (
            primary.network_interface_id.as_str(),
            primary.subnet_id.as_str()
        ),
        ("eni-bjsubnetb-primary", "subnet-bjb")
    );
    let stopped = volc
        .describe_volcengine_instance("i-bjstopped", &ctx())
        .await;
    assert_eq!(stopped.unwrap().unwrap().status, "STOPPED");
    // An ENI id is not an instance.
    assert!(volc
        .describe_volcengine_instance("eni-bjsec001", &ctx())
        .await
        .unwrap()
        .is_none());
    let managed = volc
        .describe_volcengine_network_interface("eni-bjmanaged", &ctx())
        .await;
    let managed = managed.unwrap().expect("eni-bjmanaged");
    assert!(managed.service_managed);
    assert_eq!(managed.device_id, "");
    let dangling = volc
        .describe_volcengine_network_interface("eni-bjdangling", &ctx())
        .await;
    let dangling = dangling.unwrap().unwrap();
    assert_eq!(
        (dangling.status.as_str(), dangling.device_id.as_str()),
        ("Available", "")
    );
    let sec = volc
        .describe_volcengine_network_interface("eni-bjsec001", &ctx())
        .await;
    assert_eq!(sec.unwrap().unwrap().device_id, "i-bjapp001");
    let instances = test_fixtures().volcengine.regions[BJ].instances.len();
    let (items, calls) = listed(&emu, &volc, VolcInstancesRequest::default()).await;
    assert_eq!((items.len(), calls), (instances, instances.div_ceil(10)));
    let (items, calls) = listed(
        &emu,
        &volc,
        VolcInstancesRequest::default().with_max_page_size(),
    )
    .await;
    assert_eq!((items.len(), calls), (instances, 1));
    let enis = test_fixtures().volcengine.regions[BJ]
        .network_interfaces
        .len();
    let (items, calls) = listed(&emu, &volc, VolcEnisRequest::default()).await;
    assert_eq!((items.len(), calls), (enis, enis.div_ceil(20)));
    let (items, calls) = listed(
        &emu,
        &volc,
        VolcEnisRequest {
            max_results: Some(50),
            ..Default::default()
        },
    )
    .await;
    assert_eq!((items.len(), calls), (enis, enis.div_ceil(50)));
    expect_invalid(
        &volc,
        VolcInstancesRequest {
            next_token: Some("not-a-token".into()),
            ..Default::default()
        },
    )
    .await;
    expect_invalid(
        &volc,
        VolcEnisRequest {
            network_interface_ids: (0..101).map(|i| format!("eni-{i}")).collect(),
            ..Default::default()
        },
    )
    .await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coalesced_plan_check_reads() {
    let emu = Emu::instant().await;
    let ali = client(&emu, Cloud::Alibaba, HZ);
    let tc = client(&emu, Cloud::Tencent, GZ);
    let volc = client(&emu, Cloud::Volcengine, BJ);
    let since = last_seq(&emu).await;
    let mut reads = tokio::task::JoinSet::new();
    // 30 ECS reads in cn-hangzhou and 5 in cn-shanghai: one call per region.
    for k in 1..=30 {
        let c = ali.clone();
        reads.spawn(async move {
            let id = format!("i-hzapp{k:03}");
            let got = c.describe_ecs_instance(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|i| i.instance_id), Some(id));
        });
    }
    for k in 1..=5 {
        let c = ali.clone();
        reads.spawn(async move {
            let id = format!("i-shapp{k:03}");
            let got = c.describe_ecs_instance_in(SH, &id, &ctx()).await.unwrap();
            assert_eq!(got.map(|i| i.region_id).as_deref(), Some(SH));
        });
    }
    // 7 Alibaba HaVip reads: at most 5 ids per call.
    for id in [
        "havip-hzdemo",
        "havip-hzcreating",
        "havip-x1",
        "havip-x2",
        "havip-x3",
        "havip-x4",
        "havip-x5",
    ] {
        let c = ali.clone();
        reads.spawn(async move {
            let got = c.describe_alibaba_havip(id, &ctx()).await.unwrap();
            assert_eq!(got.is_some(), id.starts_with("havip-hz"), "{id}");
        });
    }
    for k in 1..=20 {
        let c = tc.clone();
        reads.spawn(async move {
            let id = format!("ins-app{k:05}");
            let got = c.describe_cvm_instance(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|i| i.instance_id), Some(id));
        });
    }
    for id in [
        "eni-primary1",
        "eni-second01",
        "eni-second02",
        "eni-dangling",
    ] {
        let c = tc.clone();
        reads.spawn(async move {
            let got = c
                .describe_tencent_network_interface(id, &ctx())
                .await
                .unwrap();
            assert_eq!(got.map(|e| e.network_interface_id).as_deref(), Some(id));
        });
    }
    for k in 1..=20 {
        let c = volc.clone();
        reads.spawn(async move {
            let id = format!("i-bjapp{k:03}");
            let got = c.describe_volcengine_instance(&id, &ctx()).await.unwrap();
            assert!(
                got.is_some_and(|i| i.primary_network_interface().is_some()),
                "{id}"
            );
        });
        let c = volc.clone();
        reads.spawn(async move {
            let id = format!("eni-bjapp{k:03}-primary");
            let got = c
                .describe_volcengine_network_interface(&id, &ctx())
                .await
                .unwrap();
            assert_eq!(got.map(|e| e.eni_type).as_deref(), Some("primary"), "{id}");
        });
    }
    while let Some(joined) = reads.join_next().await {
        joined.expect("read task");
    }
    let (a, t, v) = (
        ali.coalesce_stats(),
        tc.coalesce_stats(),
        volc.coalesce_stats(),
    );
    assert_eq!(a.ecs_instance.reads, 35);
    assert!(a.ecs_instance.calls <= 4, "{:?}", a.ecs_instance);
    assert_eq!(a.alibaba_havip.reads, 7);
    assert!(
        a.alibaba_havip.calls >= 2,
        "5 ids per call: {:?}",
        a.alibaba_havip
    );
    assert!(a.alibaba_havip.calls < 7, "{:?}", a.alibaba_havip);
    assert_eq!(t.cvm_instance.reads, 20);
    assert!(t.cvm_instance.calls < 20, "{:?}", t.cvm_instance);
    assert_eq!(t.tencent_network_interface.reads, 4);
    assert_eq!(v.volcengine_instance.reads, 20);
    assert!(
        v.volcengine_instance.calls < 20,
        "{:?}",
        v.volcengine_instance
    );
    assert!(v.volcengine_network_interface.calls < 20);
    // Every ECS call went to the region it names.
    let calls = emu
        .admin_get(&format!(
            "/_emulator/calls?action=DescribeInstances&since={since}"
        ))
        .await;
    let regions: BTreeSet<String> = calls["calls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["cloud"] == "alibaba")
        .map(|c| c["region"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        regions,
        [HZ.to_string(), SH.to_string()].into_iter().collect()
    );
    emu.stop().await;
}
