//! The Alibaba reads of the plan-time checks through tether's client.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_reads_through_the_client() {
    let emu = Emu::instant().await;
    let c = client(&emu, Cloud::Alibaba, HZ);

    // ECS instances: status, network type, VPC, addresses, ENIs, bound EIP.
    let stopped = c.describe_ecs_instance("i-hzstopped", &ctx()).await;
    let stopped = stopped.unwrap().expect("i-hzstopped");
    assert_eq!(stopped.status, "Stopped");
    assert_eq!(stopped.instance_network_type, "vpc");
    assert_eq!(stopped.vpc_attributes.vpc_id, "vpc-hzdemo");
    assert_eq!(stopped.vpc_attributes.v_switch_id, "vsw-hza");
    assert_eq!(stopped.instance_type, "ecs.g6.large");
    assert_eq!(stopped.region_id, HZ);
    let classic = c.describe_ecs_instance("i-hzclassic", &ctx()).await;
    let classic = classic.unwrap().expect("i-hzclassic");
    assert_eq!(classic.instance_network_type, "classic");
    assert_eq!(
        classic.inner_ip_address.items,
        vec!["10.100.0.5".to_string()]
    );
    assert!(classic.vpc_attributes.vpc_id.is_empty());
    let public = c.describe_ecs_instance("i-hzpublicip", &ctx()).await;
    assert_eq!(
        public.unwrap().unwrap().public_ip_address.items,
        vec!["118.31.0.7".to_string()]
    );
    let bound = c.describe_ecs_instance("i-hzbound", &ctx()).await;
    assert_eq!(
        bound.unwrap().unwrap().eip_address.allocation_id,
        "eip-hzinuse"
    );
    let app = c.describe_ecs_instance("i-hzapp001", &ctx()).await;
    let app = app.unwrap().unwrap();
    let enis: Vec<(&str, &str)> = app
        .network_interfaces
        .items
        .iter()
        .map(|n| (n.network_interface_id.as_str(), n.eni_type.as_str()))
        .collect();
    assert_eq!(
        enis,
        vec![
            ("eni-hzprimary001", "Primary"),
            ("eni-hzsec001", "Secondary")
        ]
    );
    assert!(app.private_ips().contains(&"10.0.1.202"));
    assert!(!app.private_ips().contains(&"10.0.1.203"));
    // Another account's instance and another region's are absent; the region variant
    // reads cn-shanghai (the backend of a global acceleration instance).
    for absent in ["i-hzforeign", "i-shapp001", "i-nope"] {
        let got = c.describe_ecs_instance(absent, &ctx()).await.unwrap();
        assert!(got.is_none(), "{absent}");
    }
    let sh = c.describe_ecs_instance_in(SH, "i-shapp001", &ctx()).await;
    assert_eq!(sh.unwrap().map(|i| i.region_id).as_deref(), Some(SH));
    let sh_classic = c.describe_ecs_instance_in(SH, "i-shclassic", &ctx()).await;
    assert_eq!(
        sh_classic
            .unwrap()
            .map(|i| i.instance_network_type)
            .as_deref(),
        Some("classic")
    );
    let bad = c
        .describe_ecs_instance_in("Not A Region", "i-1", &ctx())
        .await;
    assert!(matches!(bad, Err(ClientError::Config(_))), "{bad:?}");

    // ENIs.
    let free = c.describe_ecs_network_interface("eni-hzfree", &ctx()).await;
    let free = free.unwrap().expect("eni-hzfree");
    assert_eq!(
        (free.status.as_str(), free.instance_id.as_str()),
        ("Available", "")
    );
    assert_eq!(free.private_ips(), vec!["10.0.1.210"]);
    let primary = c
        .describe_ecs_network_interface("eni-hzprimary001", &ctx())
        .await;
    let primary = primary.unwrap().unwrap();
    assert_eq!(
        (
            primary.eni_type.as_str(),
            primary.attachment.instance_id.as_str()
        ),
        ("Primary", "i-hzapp001")
    );
    assert!(c
        .describe_ecs_network_interface("eni-nope", &ctx())
        .await
        .unwrap()
        .is_none());

    // SLBs, in this region and in another.
    let lb = |id: &'static str| {
        let c = c.clone();
        async move { c.describe_load_balancer(id, &ctx()).await.unwrap() }
    };
    assert_eq!(lb("lb-hzclassic").await.unwrap().network_type, "classic");
    assert_eq!(
        lb("lb-hzinactive").await.unwrap().load_balancer_status,
        "inactive"
    );
    assert!(lb("lb-shweb").await.is_none());
    let sh_lb = c.describe_load_balancer_in(SH, "lb-shweb", &ctx()).await;
    assert_eq!(sh_lb.unwrap().unwrap().vpc_id, "vpc-shdemo");

    // NAT gateways, HaVips, VPCs.
    let nat = c.describe_nat_gateway("ngw-hzdemo", &ctx()).await;
    assert_eq!(nat.unwrap().unwrap().status, "Available");
    let creating = c.describe_nat_gateway("ngw-hzcreating", &ctx()).await;
    assert_eq!(creating.unwrap().unwrap().status, "Creating");
    assert!(c
        .describe_nat_gateway("ngw-nope", &ctx())
        .await
        .unwrap()
        .is_none());
    let havip = c.describe_alibaba_havip("havip-hzcreating", &ctx()).await;
    assert_eq!(havip.unwrap().unwrap().status, "Creating");
    let havip = c.describe_alibaba_havip("havip-hzdemo", &ctx()).await;
    assert_eq!(havip.unwrap().unwrap().v_switch_id, "vsw-hza");
    let default_vpc = c.describe_vpc("vpc-hzdefault", &ctx()).await;
    assert!(default_vpc.unwrap().unwrap().is_default);
    let demo = c.describe_vpc("vpc-hzdemo", &ctx()).await.unwrap().unwrap();
    assert!(!demo.is_default);
    assert!(demo.v_switch_ids.items.contains(&"vsw-hzb".to_string()));
    assert_eq!(
        demo.nat_gateway_ids.items,
        vec!["ngw-hzdemo", "ngw-hzcreating"]
    );
    assert!(c.describe_vpc("vpc-nope", &ctx()).await.unwrap().is_none());

    // Scaling configurations: the shorthand, two configurations, none.
    let typed = c.active_scaling_configuration("asg-hztyped", &ctx()).await;
    assert_eq!(
        typed.unwrap().unwrap().all_instance_types(),
        vec!["ecs.g6.large"]
    );
    let multi = c
        .active_scaling_configuration("asg-hzmultitype", &ctx())
        .await;
    let multi = multi.unwrap().unwrap();
    assert_eq!(multi.scaling_configuration_id, "asc-hznew");
    assert_eq!(
        multi.all_instance_types(),
        vec!["ecs.g6.large", "ecs.g6.xlarge"]
    );
    let old = c.describe_scaling_configuration("asc-hzold", &ctx()).await;
    assert_eq!(old.unwrap().unwrap().lifecycle_state, "Inactive");
    for none in ["asg-hzweb", "asg-nope"] {
        let got = c.active_scaling_configuration(none, &ctx()).await.unwrap();
        assert!(got.is_none(), "{none}");
    }

    // Paging: the region's instances (not the other account's) in pages of 10, or of 100.
    let region_instances = test_fixtures().alibaba.regions[HZ]
        .instances
        .iter()
        .filter(|i| !i.foreign_owner)
        .count();
    let all = DescribeInstancesRequest {
        region_id: HZ.into(),
        ..Default::default()
    };
    let (items, calls) = listed(&emu, &c, all.clone()).await;
    assert_eq!(items.len(), region_instances);
    assert_eq!(calls, region_instances.div_ceil(10));
    assert_eq!(
        unique(items.iter().map(|i| i.instance_id.as_str())),
        items.len()
    );
    let (items, calls) = listed(&emu, &c, all.with_max_page_size()).await;
    assert_eq!((items.len(), calls), (region_instances, 1));
    let (enis, calls) = listed(
        &emu,
        &c,
        EcsEnisRequest {
            region_id: HZ.into(),
            page_size: Some(1),
            ..Default::default()
        },
    )
    .await;
    assert_eq!((enis.len(), calls), (3, 3));

    // One documented error per API.
    expect_invalid(
        &c,
        DescribeInstancesRequest {
            region_id: HZ.into(),
            page_size: Some(101),
            ..Default::default()
        },
    )
    .await;
    expect_code(
        c.call(
            &DescribeInstancesRequest {
                region_id: HZ.into(),
                dry_run: Some(true),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "DryRunOperation",
        400,
    );
    let many_enis: Vec<String> = (0..101).map(|i| format!("eni-{i}")).collect();
    expect_invalid(
        &c,
        EcsEnisRequest {
            region_id: HZ.into(),
            network_interface_ids: many_enis,
            ..Default::default()
        },
    )
    .await;
    let many_lbs: Vec<String> = (0..11).map(|i| format!("lb-{i}")).collect();
    expect_invalid(
        &c,
        DescribeLoadBalancersRequest {
            region_id: HZ.into(),
            load_balancer_ids: many_lbs,
            ..Default::default()
        },
    )
    .await;
    expect_invalid(
        &c,
        DescribeNatGatewaysRequest {
            region_id: HZ.into(),
            page_size: Some(51),
            ..Default::default()
        },
    )
    .await;
    expect_invalid(
        &c,
        AlibabaHaVipsRequest {
            region_id: HZ.into(),
            filters: vec![KeyValues {
                key: "AssociatedInstanceId".into(),
                values: vec!["i-1".into()],
            }],
            ..Default::default()
        },
    )
    .await;
    expect_invalid(
        &c,
        DescribeVpcsRequest {
            region_id: HZ.into(),
            vpc_ids: (0..21).map(|i| format!("vpc-{i}")).collect(),
            ..Default::default()
        },
    )
    .await;
    expect_invalid(
        &c,
        DescribeScalingConfigurationsRequest {
            region_id: HZ.into(),
            page_size: Some(51),
            ..Default::default()
        },
    )
    .await;
    emu.stop().await;
}
