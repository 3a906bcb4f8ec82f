//! Alibaba VPC through tether's client: EIP and global acceleration.

use super::*;

// ------------------------------------------------------------------------------------------
// Alibaba VPC

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_eip_through_the_client() {
    let emu = Emu::slow().await;
    let c = client(&emu, Cloud::Alibaba, HZ);

    // Associate, observe Associating, wait for InUse while the transition is under way.
    let resp = c
        .call(
            &AssociateEipAddressRequest {
                region_id: HZ.into(),
                allocation_id: "eip-hzfree001".into(),
                instance_id: "i-hzapp002".into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("AssociateEipAddress");
    assert!(!resp.request_id.is_empty());
    let eip = c.describe_eip("eip-hzfree001", &ctx()).await.unwrap();
    assert_eq!(eip.map(|e| e.status).as_deref(), Some("Associating"));
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (waited, polled) = tokio::join!(
        c.wait_eip_status("eip-hzfree001", &["InUse"], POLL, &wait),
        settle_after_polls(&emu, "DescribeEipAddresses", since, 2),
    );
    let eip = waited.expect("EIP becomes InUse");
    assert_eq!(
        (eip.status.as_str(), eip.instance_id.as_str()),
        ("InUse", "i-hzapp002")
    );
    assert_eq!(eip.private_ip_address, "10.0.2.12");
    assert!(polled.len() >= 2, "the waiter polled while Associating");

    // Unassociate and wait for Available.
    c.call(
        &UnassociateEipAddressRequest {
            region_id: HZ.into(),
            allocation_id: "eip-hzfree001".into(),
            instance_id: Some("i-hzapp002".into()),
            ..Default::default()
        },
        &ctx(),
    )
    .await
    .expect("UnassociateEipAddress");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (waited, _) = tokio::join!(
        c.wait_eip_status("eip-hzfree001", &["Available"], POLL, &wait),
        settle_after_polls(&emu, "DescribeEipAddresses", since, 2),
    );
    assert_eq!(waited.expect("EIP becomes Available").instance_id, "");

    // Pagination: every EIP of the region over default pages of 10.
    let since = last_seq(&emu).await;
    let first = c
        .call(
            &DescribeEipAddressesRequest {
                region_id: HZ.into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(first.page_size, 10);
    assert_eq!(first.eip_addresses.items.len(), 10);
    let total = usize::try_from(first.total_count).unwrap();
    assert!(total > 70, "{total} EIPs");
    let all = c
        .collect_all(
            DescribeEipAddressesRequest {
                region_id: HZ.into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    assert_eq!(unique(all.iter().map(|e| e.allocation_id.as_str())), total);
    assert_eq!(
        calls_of(&emu, "DescribeEipAddresses", since).await,
        1 + total.div_ceil(10),
        "one call per default page"
    );
    // The same with the largest page.
    let big = c
        .collect_all(
            DescribeEipAddressesRequest {
                region_id: HZ.into(),
                ..Default::default()
            }
            .with_max_page_size(),
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(big.len(), total);

    // Documented errors.
    let associate = |eip: &str, inst: &str| AssociateEipAddressRequest {
        region_id: HZ.into(),
        allocation_id: eip.into(),
        instance_id: inst.into(),
        ..Default::default()
    };
    expect_cloud(
        c.call(&associate("eip-hzinuse", "i-hzapp003"), &ctx())
            .await,
        vpc_err::INCORRECT_EIP_STATUS,
    );
    expect_cloud(
        c.call(&associate("eip-nope", "i-hzapp003"), &ctx()).await,
        vpc_err::INVALID_ALLOCATION_ID_NOT_FOUND,
    );
    expect_cloud(
        c.call(&associate("eip-hzfree003", "i-hzstopped"), &ctx())
            .await,
        vpc_err::INCORRECT_INSTANCE_STATUS,
    );
    expect_cloud(
        c.call(
            &UnassociateEipAddressRequest {
                region_id: HZ.into(),
                allocation_id: "eip-hzfree004".into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        vpc_err::INCORRECT_EIP_STATUS,
    );
    expect_cloud(
        c.call(
            &DescribeEipAddressesRequest {
                region_id: HZ.into(),
                page_size: Some(101),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        vpc_err::INVALID_PARAMETER,
    );
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_global_acceleration_through_the_client() {
    let emu = Emu::instant().await;
    let c = client(&emu, Cloud::Alibaba, HZ);
    c.call(
        &AssociateGlobalAccelerationInstanceRequest {
            region_id: HZ.into(),
            global_acceleration_instance_id: "ga-hzexcl01".into(),
            backend_server_id: "i-shapp001".into(),
            backend_server_region_id: SH.into(),
            backend_server_type: None,
        },
        &ctx(),
    )
    .await
    .expect("AssociateGlobalAccelerationInstance");
    let describe = |id: &str| DescribeGlobalAccelerationInstancesRequest {
        region_id: HZ.into(),
        global_acceleration_instance_id: Some(id.into()),
        ..Default::default()
    };
    let ga = c.call(&describe("ga-hzexcl01"), &ctx()).await.unwrap();
    let ga = &ga.global_acceleration_instances.items[0];
    assert_eq!(ga.status, "InUse");
    assert_eq!(ga.backend_servers.items[0].server_id, "i-shapp001");
    assert_eq!(ga.backend_servers.items[0].region_id, SH);
    // A second backend is refused while the first is there.
    expect_cloud(
        c.call(
            &AssociateGlobalAccelerationInstanceRequest {
                region_id: HZ.into(),
                global_acceleration_instance_id: "ga-hzexcl01".into(),
                backend_server_id: "i-shapp002".into(),
                backend_server_region_id: SH.into(),
                backend_server_type: None,
            },
            &ctx(),
        )
        .await,
        vpc_err::INVALID_ASSOCIATION_DUPLICATED,
    );
    c.call(
        &UnassociateGlobalAccelerationInstanceRequest {
            region_id: HZ.into(),
            global_acceleration_instance_id: "ga-hzexcl01".into(),
            instance_type: None,
        },
        &ctx(),
    )
    .await
    .expect("UnassociateGlobalAccelerationInstance");
    let ga = c.call(&describe("ga-hzexcl01"), &ctx()).await.unwrap();
    assert!(ga.global_acceleration_instances.items[0]
        .backend_servers
        .items
        .is_empty());

    // Pagination: the 8 GA instances over pages of 3.
    let since = last_seq(&emu).await;
    let all = c
        .collect_all(
            DescribeGlobalAccelerationInstancesRequest {
                region_id: HZ.into(),
                ..Default::default()
            }
            .with_page_size(3),
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 8);
    assert_eq!(
        unique(
            all.iter()
                .map(|g| g.global_acceleration_instance_id.as_str())
        ),
        8
    );
    assert_eq!(
        calls_of(&emu, "DescribeGlobalAccelerationInstances", since).await,
        3
    );

    // Documented errors.
    expect_cloud(
        c.call(
            &AssociateGlobalAccelerationInstanceRequest {
                region_id: HZ.into(),
                global_acceleration_instance_id: "ga-hzexcl02".into(),
                backend_server_id: "i-hzapp010".into(),
                backend_server_region_id: HZ.into(),
                backend_server_type: None,
            },
            &ctx(),
        )
        .await,
        vpc_err::INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID,
    );
    expect_cloud(
        c.call(
            &UnassociateGlobalAccelerationInstanceRequest {
                region_id: HZ.into(),
                global_acceleration_instance_id: "ga-nope".into(),
                instance_type: None,
            },
            &ctx(),
        )
        .await,
        vpc_err::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DescribeGlobalAccelerationInstancesRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        vpc_err::INVALID_PARAMETER,
    );
    emu.stop().await;
}
