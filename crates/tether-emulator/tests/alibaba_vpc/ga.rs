//! Global acceleration: association, every error code of
//! AssociateGlobalAccelerationInstance, the legacy API being gone, unknown instances.

use super::*;

#[tokio::test]
async fn ga_associate_describe_unassociate() {
    let emu = Emu::slow().await;
    emu.ali(
        "AssociateGlobalAccelerationInstance",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-hzexcl01"),
            ("BackendServerId", "i-shapp001"),
            ("BackendServerRegionId", SH),
        ],
    )
    .await
    .ok();
    let describe = |id: &'static str| {
        let emu = &emu;
        async move {
            emu.ali(
                "DescribeGlobalAccelerationInstances",
                &[("RegionId", HZ), ("GlobalAccelerationInstanceId", id)],
            )
            .await
            .ok()["GlobalAccelerationInstances"]["GlobalAccelerationInstance"][0]
                .clone()
        }
    };
    let ga = describe("ga-hzexcl01").await;
    assert_eq!(ga["Status"], "Associating");
    // TaskConflict while the association is under way.
    emu.ali(
        "UnassociateGlobalAccelerationInstance",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-hzexcl01"),
        ],
    )
    .await
    .expect(400, "TaskConflict.AssociateGlobalAccelerationInstance");
    emu.settle().await;
    let ga = describe("ga-hzexcl01").await;
    assert_eq!(ga["Status"], "InUse");
    let backend = &ga["BackendServers"]["BackendServer"][0];
    assert_eq!(backend["ServerId"], "i-shapp001");
    assert_eq!(backend["ServerType"], "EcsInstance");
    assert_eq!(backend["RegionId"], SH);
    assert_eq!(backend["ServerIpAddress"], "10.1.1.11");
    assert_eq!(ga["BandwidthType"], "Exclusive");
    // The same backend may sit behind several GA instances.
    emu.ali(
        "AssociateGlobalAccelerationInstance",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-hzexcl02"),
            ("BackendServerId", "lb-shweb"),
            ("BackendServerRegionId", SH),
            ("BackendServerType", "SlbInstance"),
        ],
    )
    .await
    .ok();
    emu.settle().await;
    let r = emu
        .ali(
            "DescribeGlobalAccelerationInstances",
            &[("RegionId", HZ), ("ServerId", "lb-shweb")],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 1);
    emu.ali(
        "UnassociateGlobalAccelerationInstance",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-hzexcl01"),
        ],
    )
    .await
    .ok();
    assert_eq!(describe("ga-hzexcl01").await["Status"], "Unassociating");
    emu.settle().await;
    let ga = describe("ga-hzexcl01").await;
    assert_eq!(ga["Status"], "Available");
    assert_eq!(
        ga["BackendServers"]["BackendServer"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    // Unassociating again: nothing is associated.
    emu.ali(
        "UnassociateGlobalAccelerationInstance",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-hzexcl01"),
        ],
    )
    .await
    .expect(400, "IncorrectGlobalAccelerationInstanceIdStatus");
    // Pagination: default page size 10.
    let r = emu
        .ali(
            "DescribeGlobalAccelerationInstances",
            &[("RegionId", HZ), ("PageSize", "3")],
        )
        .await;
    let body = r.ok();
    assert_eq!(body["PageSize"], 3);
    assert_eq!(
        body["GlobalAccelerationInstances"]["GlobalAccelerationInstance"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(body["TotalCount"], 8);
    let r = emu
        .ali(
            "DescribeGlobalAccelerationInstances",
            &[("RegionId", HZ), ("BandwidthType", "Sharing")],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 1);
    emu.stop().await;
}

#[tokio::test]
async fn every_associate_global_acceleration_instance_error_code() {
    let emu = Emu::slow().await;
    let base = |ga: &'static str, server: &'static str, region: &'static str| {
        vec![
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", ga),
            ("BackendServerId", server),
            ("BackendServerRegionId", region),
        ]
    };
    let mut cases: Vec<common::Case> = vec![
        (
            "InvalidGlobalAccelerationInstanceId.NotFound",
            404,
            base("ga-nope", "i-shapp001", SH),
        ),
        (
            "InvalidBackendServerId.NotFound",
            404,
            base("ga-hzexcl03", "i-nope", SH),
        ),
        // Another account's instance is not a backend of this account's GA instance.
        (
            "InvalidBackendServerId.NotFound",
            404,
            base("ga-hzexcl03", "i-shforeign", SH),
        ),
        (
            "IncorrectGlobalAccelerationInstanceIdStatus",
            400,
            base("ga-hzsharing", "i-shapp001", SH),
        ),
        (
            "InvalidBackendServerId.NotInVPC",
            400,
            base("ga-hzexcl03", "i-shclassic", SH),
        ),
        (
            "InvalidBackendServerRegionId.EqualRegionId",
            400,
            base("ga-hzexcl03", "i-hzapp001", HZ),
        ),
        (
            "InvalidAssociation.Duplicated",
            400,
            base("ga-hzbusy", "i-shapp002", SH),
        ),
        ("InvalidParameter", 400, base("ga-hzasia", "i-shapp002", SH)),
    ];
    let mut bad_type = base("ga-hzexcl03", "i-shapp001", SH);
    bad_type.push(("BackendServerType", "Bogus"));
    cases.push(("InvalidBackendServerType.NotFound", 400, bad_type));
    let mut seen = BTreeSet::new();
    for (code, status, params) in cases {
        emu.ali("AssociateGlobalAccelerationInstance", &params)
            .await
            .expect(status, code);
        seen.insert(code.to_string());
    }
    // TaskConflict: the same GA instance operated again within the async window.
    emu.ali(
        "AssociateGlobalAccelerationInstance",
        &base("ga-hzexcl04", "i-shapp003", SH),
    )
    .await
    .ok();
    emu.ali(
        "AssociateGlobalAccelerationInstance",
        &base("ga-hzexcl04", "i-shapp004", SH),
    )
    .await
    .expect(400, "TaskConflict.AssociateGlobalAccelerationInstance");
    seen.insert("TaskConflict.AssociateGlobalAccelerationInstance".into());
    for e in ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE {
        assert!(seen.contains(e.code), "seed code {} not exercised", e.code);
    }
    emu.stop().await;
}

/// The legacy AssociateGlobalAccelerationInstance as the cloud answers an account that no
/// longer has it (fixture switch `compat.alibaba_legacy_ga_api: false`): HTTP 404
/// `InvalidAction.NotFound`; Describe and Unassociate still answer.
#[tokio::test]
async fn the_legacy_ga_api_can_be_gone() {
    let mut fixtures = common::test_fixtures();
    fixtures.compat.alibaba_legacy_ga_api = false;
    let emu = Emu::start(fixtures, 0).await;
    let r = emu
        .ali(
            "AssociateGlobalAccelerationInstance",
            &[
                ("RegionId", HZ),
                ("GlobalAccelerationInstanceId", "ga-hzexcl01"),
                ("BackendServerId", "i-shapp001"),
                ("BackendServerRegionId", SH),
            ],
        )
        .await;
    r.expect(404, "InvalidAction.NotFound");
    assert_eq!(
        r.body["Message"],
        "Specified api is not found, please check your url and method."
    );
    emu.ali(
        "DescribeGlobalAccelerationInstances",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-hzexcl01"),
        ],
    )
    .await
    .ok();
    emu.stop().await;
}

#[tokio::test]
async fn unassociate_ga_of_unknown_instance_is_not_found() {
    let emu = Emu::instant().await;
    emu.ali(
        "UnassociateGlobalAccelerationInstance",
        &[
            ("RegionId", HZ),
            ("GlobalAccelerationInstanceId", "ga-nope"),
        ],
    )
    .await
    .expect(404, "InvalidGlobalAccelerationInstanceId.NotFound");
    emu.stop().await;
}
