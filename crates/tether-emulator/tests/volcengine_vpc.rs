//! Volcengine VPC: AssociateHaVip/DisassociateHaVip with pending members, DescribeHaVips
//! with filters and both pagination styles, and every documented error code of AssociateHaVip.

mod common;

use std::collections::BTreeSet;

use common::Emu;
use serde_json::{json, Value};
use tether_wire::constraints::volcengine_vpc::ASSOCIATE_HAVIP;

async fn havip(emu: &Emu, id: &str) -> Value {
    let r = emu.volc("DescribeHaVips", &[("HaVipIds.1", id)]).await;
    r.ok()["Result"]["HaVips"][0].clone()
}

#[tokio::test]
async fn associate_describe_disassociate() {
    let emu = Emu::slow().await;
    let r = emu
        .volc(
            "AssociateHaVip",
            &[("HaVipId", "havip-bjdemo001"), ("InstanceId", "i-bjapp001")],
        )
        .await;
    let body = r.ok();
    assert_eq!(body["ResponseMetadata"]["Action"], "AssociateHaVip");
    assert_eq!(body["ResponseMetadata"]["Version"], "2020-04-01");
    assert_eq!(body["ResponseMetadata"]["Service"], "vpc");
    assert_eq!(body["ResponseMetadata"]["Region"], "cn-beijing");
    assert!(body["Result"]["RequestId"].as_str().is_some());
    // Not listed until the change settles.
    let h = havip(&emu, "havip-bjdemo001").await;
    assert_eq!(h["Status"], "Available");
    assert_eq!(h["AssociatedInstanceIds"], json!([]));
    emu.settle().await;
    let h = havip(&emu, "havip-bjdemo001").await;
    assert_eq!(h["Status"], "InUse");
    assert_eq!(h["AssociatedInstanceIds"], json!(["i-bjapp001"]));
    assert_eq!(h["AssociatedInstanceType"], "EcsInstance");
    assert_eq!(h["SubnetId"], "subnet-bja");
    // ENI members on another HaVip.
    emu.volc(
        "AssociateHaVip",
        &[
            ("HaVipId", "havip-bjdemo002"),
            ("InstanceId", "eni-bjsec002"),
            ("InstanceType", "NetworkInterface"),
        ],
    )
    .await
    .ok();
    emu.volc(
        "AssociateHaVip",
        &[
            ("HaVipId", "havip-bjdemo002"),
            ("InstanceId", "eni-bjsec003"),
            ("InstanceType", "NetworkInterface"),
        ],
    )
    .await
    .ok();
    emu.settle().await;
    let h = havip(&emu, "havip-bjdemo002").await;
    assert_eq!(
        h["AssociatedInstanceIds"],
        json!(["eni-bjsec002", "eni-bjsec003"])
    );
    assert_eq!(h["AssociatedInstanceType"], "NetworkInterface");
    // Disassociate.
    emu.volc(
        "DisassociateHaVip",
        &[("HaVipId", "havip-bjdemo001"), ("InstanceId", "i-bjapp001")],
    )
    .await
    .ok();
    emu.settle().await;
    let h = havip(&emu, "havip-bjdemo001").await;
    assert_eq!(h["Status"], "Available");
    assert_eq!(h["AssociatedInstanceIds"], json!([]));
    // Disassociating what is not associated.
    emu.volc(
        "DisassociateHaVip",
        &[("HaVipId", "havip-bjdemo001"), ("InstanceId", "i-bjapp001")],
    )
    .await
    .expect(400, "InvalidHaVip.InvalidStatus");
    emu.volc(
        "DisassociateHaVip",
        &[("HaVipId", "havip-nope"), ("InstanceId", "i-bjapp001")],
    )
    .await
    .expect(404, "InvalidHaVip.NotFound");
    emu.stop().await;
}

#[tokio::test]
async fn fifty_havip_members_and_pagination() {
    let emu = Emu::instant().await;
    for h in 1..=10 {
        for k in 0..5 {
            let havip_id = format!("havip-bjdemo{h:03}");
            let inst = format!("i-bjapp{:03}", 14 + (h - 1) * 5 + k);
            emu.volc(
                "AssociateHaVip",
                &[("HaVipId", &havip_id), ("InstanceId", &inst)],
            )
            .await
            .ok();
        }
    }
    let r = emu.volc("DescribeHaVips", &[("Status", "InUse")]).await;
    let body = &r.ok()["Result"];
    assert_eq!(
        body["TotalCount"], 12,
        "10 demo HaVips + the two pre-filled ones"
    );
    let r = emu.volc("DescribeHaVips", &[]).await;
    let body = &r.ok()["Result"];
    let total = body["TotalCount"].as_u64().unwrap();
    assert_eq!(total, 15);
    assert_eq!(body["PageSize"], 20, "default page size 20");
    let r = emu
        .volc("DescribeHaVips", &[("PageSize", "4"), ("PageNumber", "4")])
        .await;
    assert_eq!(r.ok()["Result"]["HaVips"].as_array().unwrap().len(), 3);
    // Token paging.
    let mut seen = BTreeSet::new();
    let mut token = String::new();
    for _ in 0..10 {
        let mut params = vec![("MaxResults", "6")];
        if !token.is_empty() {
            params.push(("NextToken", token.as_str()));
        }
        let r = emu.volc("DescribeHaVips", &params).await;
        let result = &r.ok()["Result"];
        for h in result["HaVips"].as_array().unwrap() {
            seen.insert(h["HaVipId"].as_str().unwrap().to_string());
        }
        token = result["NextToken"].as_str().unwrap().to_string();
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(seen.len() as u64, total);
    let r = emu
        .volc("DescribeHaVips", &[("SubnetId", "subnet-bjb")])
        .await;
    assert_eq!(r.ok()["Result"]["TotalCount"], 1);
    emu.volc("DescribeHaVips", &[("PageSize", "101")])
        .await
        .expect(400, "InvalidParameter");
    emu.stop().await;
}

#[tokio::test]
async fn every_associate_havip_error_code() {
    let emu = Emu::instant().await;
    let assoc =
        |havip: &'static str, inst: &'static str| vec![("HaVipId", havip), ("InstanceId", inst)];
    let eni = |havip: &'static str, inst: &'static str| {
        vec![
            ("HaVipId", havip),
            ("InstanceId", inst),
            ("InstanceType", "NetworkInterface"),
        ]
    };
    // Preparations: one member on havip-bjdemo008, an ENI on havip-bjdemo007, i-bjapp050 on
    // five HaVips, and a token used once.
    emu.volc("AssociateHaVip", &assoc("havip-bjdemo008", "i-bjapp003"))
        .await
        .ok();
    emu.volc("AssociateHaVip", &eni("havip-bjdemo007", "eni-bjsec001"))
        .await
        .ok();
    for h in [
        "havip-bjdemo001",
        "havip-bjdemo002",
        "havip-bjdemo003",
        "havip-bjdemo004",
        "havip-bjdemo005",
    ] {
        emu.volc("AssociateHaVip", &assoc(h, "i-bjapp050"))
            .await
            .ok();
    }
    let mut with_token = assoc("havip-bjdemo009", "i-bjapp004");
    with_token.push(("ClientToken", "token-0001"));
    emu.volc("AssociateHaVip", &with_token).await.ok();
    let long_token = "x".repeat(65);
    let mut long = assoc("havip-bjdemo009", "i-bjapp005");
    long.push(("ClientToken", long_token.as_str()));
    let mut mismatch = assoc("havip-bjdemo009", "i-bjapp006");
    mismatch.push(("ClientToken", "token-0001"));
    let mut bad_type = assoc("havip-bjdemo009", "i-bjapp005");
    bad_type.push(("InstanceType", "Bogus"));

    type Labelled<'a> = (&'a str, &'a str, u16, Vec<(&'a str, &'a str)>);
    let cases: Vec<Labelled> = vec![
        ("IdempotentParameterMismatch", "", 400, mismatch),
        (
            "InvalidHaVip.InvalidStatus",
            "",
            400,
            assoc("havip-bjcreating", "i-bjapp005"),
        ),
        (
            "InvalidHaVip.NotSupport",
            "",
            400,
            assoc("havip-bjnobind", "i-bjapp005"),
        ),
        (
            "InvalidInstance.HaVipMismatch",
            "",
            400,
            assoc("havip-bjdemo009", "i-bjsubnetb"),
        ),
        (
            "InvalidInstance.InvalidStatus",
            "",
            400,
            assoc("havip-bjdemo009", "i-bjstopped"),
        ),
        ("InvalidInstanceType.Malformed", "", 400, bad_type),
        ("InvalidParameter.ClientTokenMalformed", "", 400, long),
        (
            "LimitExceeded.HaVipsPerInstance",
            "",
            400,
            assoc("havip-bjdemo006", "i-bjapp050"),
        ),
        (
            "LimitExceeded.InstancesPerHaVip",
            "",
            400,
            assoc("havip-bjfull", "i-bjapp005"),
        ),
        (
            "Forbidden",
            "not attached to ECS",
            403,
            eni("havip-bjdemo009", "eni-bjdangling"),
        ),
        (
            "Forbidden",
            "multiple instance types",
            403,
            assoc("havip-bjenis", "i-bjapp005"),
        ),
        (
            "Forbidden",
            "two elastic network interface",
            403,
            eni("havip-bjdemo007", "eni-bjsec001b"),
        ),
        (
            "Forbidden",
            "service-managed",
            403,
            eni("havip-bjdemo009", "eni-bjmanaged"),
        ),
        (
            "Forbidden",
            "is associated with a HaVip",
            403,
            assoc("havip-bjdemo008", "i-bjapp003"),
        ),
        (
            "InvalidEniId.NotFound",
            "",
            404,
            eni("havip-bjdemo009", "eni-nope"),
        ),
        (
            "InvalidHaVip.NotFound",
            "",
            404,
            assoc("havip-nope", "i-bjapp005"),
        ),
        (
            "InvalidInstance.NotFound",
            "",
            404,
            assoc("havip-bjdemo009", "i-nope"),
        ),
    ];
    let mut seen = BTreeSet::new();
    for (code, fragment, status, params) in cases {
        let r = emu.volc("AssociateHaVip", &params).await;
        r.expect(status, code);
        assert!(r.message().contains(fragment), "{code}: {}", r.text);
        assert!(r.body.get("Result").is_none());
        assert_eq!(r.body["ResponseMetadata"]["Action"], "AssociateHaVip");
        seen.insert(format!("{code}/{fragment}"));
    }
    // IdempotentProcessing: the same token while the first call is still in process.
    emu.faults(json!({"async_delay_ms": 3_600_000})).await;
    let mut slow = assoc("havip-bjdemo010", "i-bjapp007");
    slow.push(("ClientToken", "token-0002"));
    emu.volc("AssociateHaVip", &slow).await.ok();
    emu.volc("AssociateHaVip", &slow)
        .await
        .expect(412, "IdempotentProcessing");
    seen.insert("IdempotentProcessing/".into());
    for e in ASSOCIATE_HAVIP {
        let found = seen.iter().any(|s| {
            let (code, fragment) = s.split_once('/').unwrap_or((s, ""));
            code == e.code && e.message.contains(fragment)
        });
        assert!(found, "seed code {} ({}) not exercised", e.code, e.message);
    }
    emu.stop().await;
}

#[tokio::test]
async fn client_token_replays_the_first_answer() {
    let emu = Emu::instant().await;
    let params = [
        ("HaVipId", "havip-bjdemo001"),
        ("InstanceId", "i-bjapp001"),
        ("ClientToken", "tok-replay"),
    ];
    let first = emu.volc("AssociateHaVip", &params).await;
    let second = emu.volc("AssociateHaVip", &params).await;
    assert_eq!(
        first.ok()["Result"]["RequestId"],
        second.ok()["Result"]["RequestId"]
    );
    // Without the token the repeat is refused.
    emu.volc(
        "AssociateHaVip",
        &[("HaVipId", "havip-bjdemo001"), ("InstanceId", "i-bjapp001")],
    )
    .await
    .expect(403, "Forbidden");
    // A deterministic token works again once the association was deleted in between.
    emu.volc(
        "DisassociateHaVip",
        &[
            ("HaVipId", "havip-bjdemo001"),
            ("InstanceId", "i-bjapp001"),
            ("ClientToken", "tok-delete"),
        ],
    )
    .await
    .ok();
    assert_eq!(
        havip(&emu, "havip-bjdemo001").await["AssociatedInstanceIds"],
        json!([])
    );
    let third = emu.volc("AssociateHaVip", &params).await;
    assert_ne!(
        third.ok()["Result"]["RequestId"],
        first.body["Result"]["RequestId"]
    );
    assert_eq!(
        havip(&emu, "havip-bjdemo001").await["AssociatedInstanceIds"],
        json!(["i-bjapp001"])
    );
    emu.stop().await;
}
