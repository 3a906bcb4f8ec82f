//! Fixtures validation (messages naming the field path), the example fixtures, and the
//! `--state` file surviving a restart.

mod common;

use common::{Emu, HZ};
use serde_json::json;
use tether_emulator::{fixtures, EmulatorConfig};

fn err(text: &str) -> String {
    fixtures::parse(text)
        .expect_err("must be refused")
        .to_string()
}

#[test]
fn fixture_errors_name_the_field() {
    let cases = [
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"eips":[{"id":"eip-1","ip":"1.2.3.4","colour":"red"}]}}}}"#,
            "alibaba.regions.cn-hangzhou.eips[0]",
            "colour",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"eips":[{"id":"eip-1","ip":"1.2.3.999"}]}}}}"#,
            "alibaba.regions.cn-hangzhou.eips[0].ip",
            "IPv4",
        ),
        (
            r#"{"tencent":{"regions":{"ap-guangzhou":{"eips":[{"id":"eip-1","ip":"1.2.3.4","status":"Available"}]}}}}"#,
            "tencent.regions.ap-guangzhou.eips[0].status",
            "UNBIND",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"instances":[{"id":"i-1","vpc_id":"v","subnet_id":"s","status":"Sleeping"}]}}}}"#,
            "alibaba.regions.cn-hangzhou.instances[0].status",
            "Running",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"scaling_groups":[{"id":"asg-1","min_size":"one","max_size":2}]}}}}"#,
            "alibaba.regions.cn-hangzhou.scaling_groups[0].min_size",
            "",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"scaling_groups":[{"id":"asg-1","min_size":3,"max_size":2}]}}}}"#,
            "alibaba.regions.cn-hangzhou.scaling_groups[0].min_size",
            "max_size",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"eips":[{"id":"eip-1","ip":"1.2.3.4","binding":{"instance_id":"i-missing"}}]}}}}"#,
            "alibaba.regions.cn-hangzhou.eips[0].binding.instance_id",
            "i-missing",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"eips":[{"id":"eip-1","ip":"1.2.3.4"}]},"cn-shanghai":{"eips":[{"id":"eip-1","ip":"1.2.3.5"}]}}}}"#,
            "alibaba.regions.cn-shanghai.eips[0].id",
            "duplicate",
        ),
        (
            r#"{"tencent":{"regions":{"ap-guangzhou":{"ga_instances":[{"id":"ga-1","ip":"1.2.3.4"}]}}}}"#,
            "tencent.regions.ap-guangzhou.ga_instances",
            "not emulated",
        ),
        (
            r#"{"volcengine":{"regions":{"cn-beijing":{"havips":[{"id":"h","ip":"10.0.0.1","subnet_id":"s","members":["i-x"],"member_type":"EcsInstance"}]}}}}"#,
            "volcengine.regions.cn-beijing.havips[0].members[0]",
            "i-x",
        ),
        (
            r#"{"alibaba":{"regions":{"cn-hangzhou":{"ga_instances":[{"id":"ga-1","ip":"1.2.3.4","bandwidth_type":"Shared"}]}}}}"#,
            "alibaba.regions.cn-hangzhou.ga_instances[0].bandwidth_type",
            "Exclusive",
        ),
        (
            r#"{"alibaba":{"tasks":[{"id":1,"result":"RUNNING","address_id":"x","settle_at_ms":0}]}}"#,
            "alibaba.tasks",
            "state only",
        ),
        (r#"{"aws":{}}"#, "aws", "unknown field"),
        (r#"{"alibaba": "#, "", "EOF"),
    ];
    for (text, path, fragment) in cases {
        let e = err(text);
        assert!(e.contains(path), "{e:?} should name {path}");
        assert!(e.contains(fragment), "{e:?} should mention {fragment}");
    }
}

#[test]
fn example_fixtures_have_what_the_demos_need() {
    let inv = fixtures::example().expect("example fixtures are valid");
    let hz = &inv.alibaba.regions[HZ];
    let free = hz.eips.iter().filter(|e| e.binding.is_none()).count();
    assert!(free >= 60);
    assert!(hz.instances.len() >= 60);
    assert!(inv.alibaba.regions.contains_key("cn-shanghai"));
    assert!(hz
        .ga_instances
        .iter()
        .any(|g| g.bandwidth_type == "Sharing"));
    assert!(hz
        .scaling_groups
        .iter()
        .any(|g| g.lifecycle_state == "Inactive"));
    assert!(hz.instances.iter().any(|i| i.network_type == "classic"));
    assert!(hz.instances.iter().any(|i| i.status == "Stopped"));
    assert!(hz.eips.iter().any(|e| e.status == "InUse"));
    let gz = &inv.tencent.regions["ap-guangzhou"];
    assert!(gz.eips.iter().filter(|e| e.status == "UNBIND").count() >= 60);
    assert!(gz.instances.len() >= 60);
    let bj = &inv.volcengine.regions["cn-beijing"];
    assert!(bj.instances.len() >= 60);
    assert!(bj.havips.len() >= 10);
}

#[tokio::test]
async fn state_file_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let config = || {
        let mut c = EmulatorConfig::new(common::test_fixtures());
        c.async_delay_ms = 0;
        c.state_file = Some(path.clone());
        c
    };
    let emu = Emu::start_config(config()).await;
    assert!(path.exists(), "the state file is written on start");
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree060"),
            ("InstanceId", "i-hzapp060"),
        ],
    )
    .await
    .ok();
    // Written before the answer: the file already holds the association.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("i-hzapp060"));
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0060", "InstanceId": "ins-app00060"}),
    )
    .await
    .ok();
    emu.volc(
        "AssociateHaVip",
        &[
            ("HaVipId", "havip-bjdemo001"),
            ("InstanceId", "i-bjapp001"),
            ("ClientToken", "persisted-token"),
        ],
    )
    .await
    .ok();
    emu.mutate(json!({"op": "set_group", "id": "asg-hzweb", "max_size": 7}))
        .await;
    emu.stop().await;

    let emu = Emu::start_config(config()).await;
    assert_eq!(emu.ali_eip("eip-hzfree060").await["Status"], "InUse");
    assert_eq!(
        emu.tc_address("eip-free0060").await["AddressStatus"],
        "BIND"
    );
    let r = emu
        .volc("DescribeHaVips", &[("HaVipIds.1", "havip-bjdemo001")])
        .await;
    assert_eq!(
        r.ok()["Result"]["HaVips"][0]["AssociatedInstanceIds"],
        json!(["i-bjapp001"])
    );
    // The client token survived too: a replay, not a new association.
    emu.volc(
        "AssociateHaVip",
        &[
            ("HaVipId", "havip-bjdemo001"),
            ("InstanceId", "i-bjapp001"),
            ("ClientToken", "persisted-token"),
        ],
    )
    .await
    .ok();
    let r = emu
        .ali(
            "DescribeScalingGroups",
            &[("RegionId", HZ), ("ScalingGroupId.1", "asg-hzweb")],
        )
        .await;
    assert_eq!(r.ok()["ScalingGroups"]["ScalingGroup"][0]["MaxSize"], 7);
    // Reset goes back to the fixtures and is persisted as well.
    emu.admin_post("/_emulator/reset", json!({})).await;
    emu.stop().await;
    let emu = Emu::start_config(config()).await;
    assert_eq!(emu.ali_eip("eip-hzfree060").await["Status"], "Available");
    emu.stop().await;
}

#[tokio::test]
async fn a_corrupt_state_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(
        &path,
        r#"{"version": 1, "inventory": {"alibaba": {"regions": 5}}}"#,
    )
    .unwrap();
    let mut c = EmulatorConfig::new(common::test_fixtures());
    c.state_file = Some(path);
    let e = match tether_emulator::start(c).await {
        Ok(_) => panic!("a corrupt state file must be refused"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("inventory.alibaba.regions"), "{e}");
}
