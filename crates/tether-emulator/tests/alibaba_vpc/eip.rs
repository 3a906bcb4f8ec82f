//! EIP: association through asynchronous states, other target types, pagination and
//! filters, fifty associations, and every error code of AssociateEipAddress.

use super::*;

#[tokio::test]
async fn eip_associate_describe_unassociate_through_async_states() {
    let emu = Emu::slow().await;
    let r = emu
        .ali(
            "AssociateEipAddress",
            &[
                ("RegionId", HZ),
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzapp002"),
            ],
        )
        .await;
    assert!(r.ok()["RequestId"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(r.content_type.starts_with("application/json"));
    let eip = emu.ali_eip("eip-hzfree001").await;
    assert_eq!(eip["Status"], "Associating");
    assert_eq!(eip["InstanceId"], "i-hzapp002");
    emu.settle().await;
    let eip = emu.ali_eip("eip-hzfree001").await;
    assert_eq!(eip["Status"], "InUse");
    assert_eq!(eip["InstanceType"], "EcsInstance");
    assert_eq!(eip["PrivateIpAddress"], "10.0.2.12");
    assert_eq!(eip["Bandwidth"], "5");
    // Filter by the associated instance.
    let r = emu
        .ali(
            "DescribeEipAddresses",
            &[("RegionId", HZ), ("AssociatedInstanceId", "i-hzapp002")],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 1);
    // Unassociate.
    emu.ali(
        "UnassociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree001"),
            ("InstanceId", "i-hzapp002"),
        ],
    )
    .await
    .ok();
    assert_eq!(
        emu.ali_eip("eip-hzfree001").await["Status"],
        "Unassociating"
    );
    // Operating again during the transition is refused.
    emu.ali(
        "UnassociateEipAddress",
        &[("RegionId", HZ), ("AllocationId", "eip-hzfree001")],
    )
    .await
    .expect(400, "IncorrectEipStatus");
    emu.settle().await;
    let eip = emu.ali_eip("eip-hzfree001").await;
    assert_eq!(eip["Status"], "Available");
    assert_eq!(eip["InstanceId"], "");
    // Unassociating something not associated.
    emu.ali(
        "UnassociateEipAddress",
        &[("RegionId", HZ), ("AllocationId", "eip-hzfree001")],
    )
    .await
    .expect(400, "IncorrectEipStatus");
    emu.stop().await;
}

#[tokio::test]
async fn eip_other_target_types() {
    let emu = Emu::instant().await;
    for (eip, ty, id, extra) in [
        ("eip-hzfree010", "SlbInstance", "lb-hzweb", None),
        ("eip-hzfree011", "Nat", "ngw-hzdemo", None),
        ("eip-hzfree012", "Nat", "ngw-hzdemo", None),
        ("eip-hzfree013", "HaVip", "havip-hzdemo", None),
        (
            "eip-hzfree014",
            "NetworkInterface",
            "eni-hzsec001",
            Some(("PrivateIpAddress", "10.0.1.202")),
        ),
    ] {
        let mut params = vec![
            ("RegionId", HZ),
            ("AllocationId", eip),
            ("InstanceId", id),
            ("InstanceType", ty),
        ];
        params.extend(extra);
        emu.ali("AssociateEipAddress", &params).await.ok();
        let v = emu.ali_eip(eip).await;
        assert_eq!(
            (v["Status"].as_str(), v["InstanceType"].as_str()),
            (Some("InUse"), Some(ty))
        );
    }
    // The SLB holds one EIP only.
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree015"),
            ("InstanceId", "lb-hzweb"),
            ("InstanceType", "SlbInstance"),
        ],
    )
    .await
    .expect(400, "InvalidAssociation.Duplicated");
    // A shared-bandwidth GA EIP binds across regions with InstanceRegionId.
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzshared"),
            ("InstanceId", "i-shapp001"),
            ("InstanceRegionId", SH),
        ],
    )
    .await
    .ok();
    assert_eq!(emu.ali_eip("eip-hzshared").await["InstanceRegionId"], SH);
    emu.stop().await;
}

#[tokio::test]
async fn eip_pagination_and_filters() {
    let emu = Emu::instant().await;
    let r = emu.ali("DescribeEipAddresses", &[("RegionId", HZ)]).await;
    let body = r.ok();
    let total = body["TotalCount"].as_u64().unwrap();
    assert!(total >= 70);
    assert_eq!(body["PageSize"], 10, "default page size 10");
    assert_eq!(body["PageNumber"], 1);
    assert_eq!(
        body["EipAddresses"]["EipAddress"].as_array().unwrap().len(),
        10
    );
    let mut seen = BTreeSet::new();
    let mut page = 1;
    loop {
        let p = page.to_string();
        let r = emu
            .ali(
                "DescribeEipAddresses",
                &[("RegionId", HZ), ("PageSize", "100"), ("PageNumber", &p)],
            )
            .await;
        let items = r.ok()["EipAddresses"]["EipAddress"]
            .as_array()
            .unwrap()
            .clone();
        if items.is_empty() {
            break;
        }
        for i in items {
            seen.insert(i["AllocationId"].as_str().unwrap().to_string());
        }
        page += 1;
        assert!(page < 10);
    }
    assert_eq!(seen.len() as u64, total);
    let r = emu
        .ali(
            "DescribeEipAddresses",
            &[("RegionId", HZ), ("Status", "InUse")],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 1);
    let r = emu
        .ali(
            "DescribeEipAddresses",
            &[
                ("RegionId", HZ),
                ("AllocationId", "eip-hzfree001,eip-hzfree002"),
            ],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 2);
    emu.ali(
        "DescribeEipAddresses",
        &[("RegionId", HZ), ("PageSize", "101")],
    )
    .await
    .expect(400, "InvalidParameter");
    emu.stop().await;
}

#[tokio::test]
async fn fifty_eip_associations() {
    let emu = Emu::instant().await;
    for n in 1..=50 {
        let eip = format!("eip-hzfree{n:03}");
        let inst = format!("i-hzapp{n:03}");
        emu.ali(
            "AssociateEipAddress",
            &[
                ("RegionId", HZ),
                ("AllocationId", &eip),
                ("InstanceId", &inst),
            ],
        )
        .await
        .ok();
    }
    let r = emu
        .ali(
            "DescribeEipAddresses",
            &[("RegionId", HZ), ("Status", "InUse"), ("PageSize", "100")],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 51);
    emu.stop().await;
}

#[tokio::test]
async fn every_associate_eip_address_error_code() {
    let emu = Emu::instant().await;
    let cases: Vec<common::Case> = vec![
        (
            "InvalidAssociation.Duplicated",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzbound"),
            ],
        ),
        (
            "OperationDenied",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzclassic"),
            ],
        ),
        (
            "InvalidParameter.Mismatch",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-shapp001"),
            ],
        ),
        (
            "IncorrectEipStatus",
            400,
            vec![
                ("AllocationId", "eip-hzinuse"),
                ("InstanceId", "i-hzapp002"),
            ],
        ),
        (
            "InvalidInstanId.NotFound",
            404,
            vec![("AllocationId", "eip-hzfree001"), ("InstanceId", "i-nope")],
        ),
        (
            "IncorrectInstanceStatus",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzstopped"),
            ],
        ),
        (
            "InvalidInstanceType.ValueNotSupported",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzapp002"),
                ("InstanceType", "Bogus"),
            ],
        ),
        (
            "IncorrectHaVipStatus",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "havip-hzcreating"),
                ("InstanceType", "HaVip"),
            ],
        ),
        (
            "InvalidParameter",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzapp002"),
                ("PrivateIpAddress", "10.0.1.999"),
            ],
        ),
        (
            "Forbbiden",
            400,
            vec![
                ("AllocationId", "eip-hzforeign"),
                ("InstanceId", "i-hzapp002"),
            ],
        ),
        (
            "InvalidBindingStatus",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "eni-hzprimary001"),
                ("InstanceType", "NetworkInterface"),
                ("Mode", "BINDED"),
            ],
        ),
        (
            "BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzpublicip"),
            ],
        ),
        (
            "BIND_INSTANCE_OWENER_ERROR",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzforeign"),
            ],
        ),
        (
            "InvalidAllocationId.NotFound",
            404,
            vec![("AllocationId", "eip-nope"), ("InstanceId", "i-hzapp002")],
        ),
        (
            "InvalidParams.NotFound",
            400,
            vec![
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "lb-nope"),
                ("InstanceType", "SlbInstance"),
            ],
        ),
    ];
    let mut seen = BTreeSet::new();
    for (code, status, params) in cases {
        let mut all = vec![("RegionId", HZ)];
        all.extend(params);
        let r = emu.ali("AssociateEipAddress", &all).await;
        r.expect(status, code);
        assert!(r.body["RequestId"].as_str().is_some());
        assert_eq!(r.body["HostId"], "vpc.aliyuncs.com");
        assert!(r.body["Recommend"].as_str().unwrap().contains(code));
        seen.insert(code.to_string());
    }
    // OperationDenied also covers the default VPC.
    let r = emu
        .ali(
            "AssociateEipAddress",
            &[
                ("RegionId", HZ),
                ("AllocationId", "eip-hzfree001"),
                ("InstanceId", "i-hzdefaultvpc"),
            ],
        )
        .await;
    r.expect(400, "OperationDenied");
    assert!(r.message().contains("default vpc"));
    for e in ASSOCIATE_EIP_ADDRESS {
        assert!(seen.contains(e.code), "seed code {} not exercised", e.code);
    }
    // Nothing was bound by the failures.
    assert_eq!(emu.ali_eip("eip-hzfree001").await["Status"], "Available");
    emu.stop().await;
}
