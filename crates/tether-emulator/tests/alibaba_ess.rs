//! Alibaba ESS: attach/detach with scaling activities, DescribeScaling* with pagination
//! (default page size 10), and every documented error code of AttachInstances plus
//! IncorrectCapacity.MinSize.

mod common;

use std::collections::BTreeSet;

use common::{Emu, HZ};
use serde_json::{json, Value};
use tether_wire::constraints::alibaba_ess::ATTACH_INSTANCES;

async fn group(emu: &Emu, id: &str) -> Value {
    emu.ali(
        "DescribeScalingGroups",
        &[("RegionId", HZ), ("ScalingGroupId.1", id)],
    )
    .await
    .ok()["ScalingGroups"]["ScalingGroup"][0]
        .clone()
}

async fn activity(emu: &Emu, id: &str) -> Value {
    emu.ali(
        "DescribeScalingActivities",
        &[("RegionId", HZ), ("ScalingActivityId.1", id)],
    )
    .await
    .ok()["ScalingActivities"]["ScalingActivity"][0]
        .clone()
}

#[tokio::test]
async fn attach_and_detach_through_a_scaling_activity() {
    let emu = Emu::slow().await;
    let r = emu
        .ali(
            "AttachInstances",
            &[
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hzweb"),
                ("InstanceId.1", "i-hzapp001"),
                ("InstanceId.2", "i-hzapp003"),
                ("LoadBalancerWeight.1", "0"),
            ],
        )
        .await;
    let activity_id = r.ok()["ScalingActivityId"].as_str().unwrap().to_string();
    let a = activity(&emu, &activity_id).await;
    assert_eq!(a["StatusCode"], "InProgress");
    let g = group(&emu, "asg-hzweb").await;
    assert_eq!(g["TotalCapacity"], 4);
    assert_eq!(g["PendingCapacity"], 2);
    assert_eq!(g["DesiredCapacity"], 4);
    // Another activity is refused while this one runs.
    emu.ali(
        "DetachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzweb"),
            ("InstanceId.1", "i-hzasg001"),
        ],
    )
    .await
    .expect(400, "ScalingActivityInProgress");
    emu.settle().await;
    let a = activity(&emu, &activity_id).await;
    assert_eq!(a["StatusCode"], "Successful");
    assert_eq!(a["Progress"], 100);
    assert_eq!(a["TotalCapacity"], "4");
    let r = emu
        .ali(
            "DescribeScalingInstances",
            &[
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hzweb"),
                ("CreationType", "Attached"),
            ],
        )
        .await;
    let body = r.ok();
    assert_eq!(body["TotalCount"], 2);
    let items = body["ScalingInstances"]["ScalingInstance"]
        .as_array()
        .unwrap();
    let weights: Vec<(&str, i64)> = items
        .iter()
        .map(|i| {
            (
                i["InstanceId"].as_str().unwrap(),
                i["LoadBalancerWeight"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(weights, vec![("i-hzapp001", 0), ("i-hzapp003", 50)]);
    assert!(items.iter().all(|i| i["LifecycleState"] == "InService"));
    let g = group(&emu, "asg-hzweb").await;
    assert_eq!(
        (g["TotalCapacity"].as_i64(), g["ActiveCapacity"].as_i64()),
        (Some(4), Some(4))
    );
    // Detach.
    let r = emu
        .ali(
            "DetachInstances",
            &[
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hzweb"),
                ("InstanceId.1", "i-hzapp001"),
                ("DecreaseDesiredCapacity", "true"),
            ],
        )
        .await;
    let detach = r.ok()["ScalingActivityId"].as_str().unwrap().to_string();
    assert_eq!(group(&emu, "asg-hzweb").await["RemovingCapacity"], 1);
    emu.settle().await;
    assert_eq!(activity(&emu, &detach).await["StatusCode"], "Successful");
    let g = group(&emu, "asg-hzweb").await;
    assert_eq!(
        (g["TotalCapacity"].as_i64(), g["DesiredCapacity"].as_i64()),
        (Some(3), Some(3))
    );
    // The detached instance is free again.
    emu.ali(
        "AttachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzbig"),
            ("InstanceId.1", "i-hzapp001"),
        ],
    )
    .await
    .ok();
    emu.stop().await;
}

#[tokio::test]
async fn warning_when_instances_are_ignored_and_failed_when_one_vanishes() {
    let emu = Emu::slow().await;
    let r = emu
        .ali(
            "AttachInstances",
            &[
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hzbig"),
                ("InstanceId.1", "i-hzapp005"),
                ("InstanceId.2", "i-hzstopped"),
                ("IgnoreInvalidInstance", "true"),
            ],
        )
        .await;
    let id = r.ok()["ScalingActivityId"].as_str().unwrap().to_string();
    emu.settle().await;
    let a = activity(&emu, &id).await;
    assert_eq!(a["StatusCode"], "Warning");
    assert!(a["StatusMessage"].as_str().unwrap().contains("i-hzstopped"));
    // An instance deleted while the activity runs makes it fail and roll back.
    let r = emu
        .ali(
            "AttachInstances",
            &[
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hzbig"),
                ("InstanceId.1", "i-hzapp006"),
                ("InstanceId.2", "i-hzapp007"),
            ],
        )
        .await;
    let id = r.ok()["ScalingActivityId"].as_str().unwrap().to_string();
    emu.mutate(json!({"op": "delete", "cloud": "alibaba", "kind": "instance", "id": "i-hzapp007"}))
        .await;
    emu.settle().await;
    let a = activity(&emu, &id).await;
    assert_eq!(a["StatusCode"], "Failed");
    assert_eq!(group(&emu, "asg-hzbig").await["TotalCapacity"], 1);
    // Activities are listed newest first, with the default page size 10.
    let r = emu
        .ali(
            "DescribeScalingActivities",
            &[("RegionId", HZ), ("ScalingGroupId", "asg-hzbig")],
        )
        .await;
    let body = r.ok();
    assert_eq!(body["PageSize"], 10);
    assert_eq!(
        body["ScalingActivities"]["ScalingActivity"][0]["ScalingActivityId"],
        id
    );
    emu.stop().await;
}

#[tokio::test]
async fn describe_scaling_instances_pages_by_ten() {
    let emu = Emu::instant().await;
    for chunk in [1u32, 21] {
        let ids: Vec<(String, String)> = (0..20)
            .map(|k| {
                (
                    format!("InstanceId.{}", k + 1),
                    format!("i-hzapp{:03}", chunk + k),
                )
            })
            .collect();
        let mut params: Vec<(&str, &str)> = vec![("RegionId", HZ), ("ScalingGroupId", "asg-hzbig")];
        params.extend(ids.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        emu.ali("AttachInstances", &params).await.ok();
    }
    let r = emu
        .ali(
            "DescribeScalingInstances",
            &[("RegionId", HZ), ("ScalingGroupId", "asg-hzbig")],
        )
        .await;
    let body = r.ok();
    assert_eq!(body["TotalCount"], 40);
    assert_eq!(body["PageSize"], 10);
    assert_eq!(
        body["ScalingInstances"]["ScalingInstance"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    let mut seen = BTreeSet::new();
    for page in 1..=4 {
        let p = page.to_string();
        let r = emu
            .ali(
                "DescribeScalingInstances",
                &[
                    ("RegionId", HZ),
                    ("ScalingGroupId", "asg-hzbig"),
                    ("PageNumber", &p),
                ],
            )
            .await;
        for i in r.ok()["ScalingInstances"]["ScalingInstance"]
            .as_array()
            .unwrap()
        {
            assert_eq!(i["CreationType"], "Attached");
            seen.insert(i["InstanceId"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(seen.len(), 40);
    let r = emu
        .ali(
            "DescribeScalingInstances",
            &[
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hzbig"),
                ("InstanceId.1", "i-hzapp002"),
                ("InstanceId.2", "i-unknown"),
            ],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 1);
    let g = group(&emu, "asg-hzbig").await;
    assert_eq!(g["TotalCapacity"], 40);
    // Groups: default page size 10, name filter.
    let r = emu.ali("DescribeScalingGroups", &[("RegionId", HZ)]).await;
    let body = r.ok();
    assert_eq!(body["PageSize"], 10);
    assert!(body["TotalCount"].as_u64().unwrap() > 10);
    assert_eq!(
        body["ScalingGroups"]["ScalingGroup"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    let r = emu
        .ali(
            "DescribeScalingGroups",
            &[("RegionId", HZ), ("ScalingGroupName", "nearly-full")],
        )
        .await;
    let g = &r.ok()["ScalingGroups"]["ScalingGroup"][0];
    assert_eq!(
        (g["MaxSize"].as_i64(), g["TotalCapacity"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(g["VSwitchIds"]["VSwitchId"][0], "vsw-hza");
    emu.ali(
        "DescribeScalingInstances",
        &[("RegionId", HZ), ("PageSize", "51")],
    )
    .await
    .expect(400, "InvalidParameter");
    emu.stop().await;
}

#[tokio::test]
async fn every_attach_instances_error_code() {
    let emu = Emu::instant().await;
    let attach = |group: &'static str, instance: &'static str| {
        vec![
            ("RegionId", HZ),
            ("ScalingGroupId", group),
            ("InstanceId.1", instance),
        ]
    };
    let cases: Vec<common::Case> = vec![
        (
            "InvalidScalingGroupId.NotFound",
            404,
            attach("asg-nope", "i-hzapp010"),
        ),
        (
            "Forbidden.Unauthorized",
            403,
            attach("asg-hzunauth", "i-hzapp010"),
        ),
        (
            "IncorrectScalingGroupStatus",
            400,
            attach("asg-hzinactive", "i-hzapp010"),
        ),
        (
            "InvalidInstanceId.NotFound",
            404,
            attach("asg-hzbig", "i-nope"),
        ),
        (
            "InvalidInstanceId.RegionMismatch",
            400,
            attach("asg-hzbig", "i-shapp001"),
        ),
        (
            "InvalidInstanceId.InstanceTypeMismatch",
            400,
            attach("asg-hztyped", "i-hzsmall"),
        ),
        (
            "IncorrectInstanceStatus",
            400,
            attach("asg-hzbig", "i-hzstopped"),
        ),
        (
            "InvalidInstanceId.NetworkTypeMismatch",
            400,
            attach("asg-hzbig", "i-hzclassic"),
        ),
        (
            "InvalidInstanceId.VPCMismatch",
            400,
            attach("asg-hzbig", "i-hzothervpc"),
        ),
        (
            "InvalidInstanceId.InUse",
            400,
            attach("asg-hzbig", "i-hzasg001"),
        ),
        (
            "IncorrectLoadBalancerStatus",
            400,
            attach("asg-hzlbdown", "i-hzapp010"),
        ),
        (
            "IncorrectLoadBalancerHealthCheck",
            400,
            attach("asg-hzlbnohc", "i-hzapp010"),
        ),
        (
            "InvalidLoadBalancerId.IncorrectInstanceNetworkType",
            400,
            attach("asg-hzlbclassic", "i-hzapp010"),
        ),
        (
            "InvalidLoadBalancerId.VPCMismatch",
            400,
            attach("asg-hzlbvpc", "i-hzapp010"),
        ),
        (
            "IncorrectDBInstanceStatus",
            400,
            attach("asg-hzdbdown", "i-hzapp010"),
        ),
        (
            "QuotaExceeded.DBInstanceSecurityIP",
            400,
            attach("asg-hzdbfull", "i-hzapp010"),
        ),
        (
            "QuotaExceeded.SecurityGroupInstance",
            400,
            attach("asg-hzsgfull", "i-hzapp010"),
        ),
        (
            "IncorrectCapacity.MaxSize",
            400,
            vec![
                ("RegionId", HZ),
                ("ScalingGroupId", "asg-hznearlyfull"),
                ("InstanceId.1", "i-hzapp010"),
                ("InstanceId.2", "i-hzapp011"),
            ],
        ),
    ];
    let mut seen = BTreeSet::new();
    for (code, status, params) in cases {
        let r = emu.ali("AttachInstances", &params).await;
        r.expect(status, code);
        assert_eq!(r.body["HostId"], "ess.aliyuncs.com");
        seen.insert(code.to_string());
    }
    // The message names the instance.
    let r = emu
        .ali("AttachInstances", &attach("asg-hzbig", "i-hzstopped"))
        .await;
    assert!(r.message().contains("i-hzstopped"), "{}", r.text);
    // A classic-network group refuses VPC instances.
    emu.ali(
        "AttachInstances",
        &attach("asg-hzclassicgroup", "i-hzapp010"),
    )
    .await
    .expect(400, "InvalidInstanceId.NetworkTypeMismatch");
    // ScalingActivityInProgress needs an activity that is still running.
    emu.faults(json!({"async_delay_ms": 3_600_000})).await;
    emu.ali("AttachInstances", &attach("asg-hzbig", "i-hzapp012"))
        .await
        .ok();
    emu.ali("AttachInstances", &attach("asg-hzbig", "i-hzapp013"))
        .await
        .expect(400, "ScalingActivityInProgress");
    seen.insert("ScalingActivityInProgress".into());
    for e in ATTACH_INSTANCES {
        assert!(seen.contains(e.code), "seed code {} not exercised", e.code);
    }
    emu.stop().await;
}

#[tokio::test]
async fn detach_errors_and_min_size() {
    let emu = Emu::instant().await;
    emu.ali(
        "DetachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hznearlyfull"),
            ("InstanceId.1", "i-hzasg003"),
            ("InstanceId.2", "i-hzasg004"),
        ],
    )
    .await
    .expect(400, "IncorrectCapacity.MinSize");
    emu.ali(
        "DetachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzweb"),
            ("InstanceId.1", "i-hzapp020"),
        ],
    )
    .await
    .expect(404, "InvalidInstanceId.NotFound");
    emu.ali(
        "DetachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-nope"),
            ("InstanceId.1", "i-hzasg001"),
        ],
    )
    .await
    .expect(404, "InvalidScalingGroupId.NotFound");
    emu.ali(
        "DetachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzinactive"),
            ("InstanceId.1", "i-hzasg001"),
        ],
    )
    .await
    .expect(400, "IncorrectScalingGroupStatus");
    // MinSize changed out of band blocks a detach that was fine before.
    emu.mutate(json!({"op": "set_group", "id": "asg-hzweb", "min_size": 2}))
        .await;
    emu.ali(
        "DetachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzweb"),
            ("InstanceId.1", "i-hzasg001"),
        ],
    )
    .await
    .expect(400, "IncorrectCapacity.MinSize");
    emu.stop().await;
}

#[tokio::test]
async fn parameter_errors() {
    let emu = Emu::instant().await;
    let ids: Vec<(String, String)> = (1..=21)
        .map(|k| (format!("InstanceId.{k}"), format!("i-hzapp{k:03}")))
        .collect();
    let mut params: Vec<(&str, &str)> = vec![("RegionId", HZ), ("ScalingGroupId", "asg-hzbig")];
    params.extend(ids.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    emu.ali("AttachInstances", &params)
        .await
        .expect(400, "InvalidParameter");
    emu.ali(
        "AttachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzbig"),
            ("InstanceId.1", "i-hzapp001"),
            ("LoadBalancerWeight.1", "101"),
        ],
    )
    .await
    .expect(400, "InvalidParameter");
    emu.ali(
        "AttachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzbig"),
            ("InstanceId.1", "i-hzapp001"),
            ("LoadBalancerWeight.1", "heavy"),
        ],
    )
    .await
    .expect(400, "InvalidParameter");
    emu.ali(
        "AttachInstances",
        &[("RegionId", HZ), ("ScalingGroupId", "asg-hzbig")],
    )
    .await
    .expect(400, "MissingParameter");
    emu.ali(
        "AttachInstances",
        &[
            ("RegionId", HZ),
            ("ScalingGroupId", "asg-hzbig"),
            ("InstanceId.1", "i-hzapp001"),
            ("InstanceId.2", "i-hzapp001"),
        ],
    )
    .await
    .expect(400, "InvalidParameter");
    emu.stop().await;
}
