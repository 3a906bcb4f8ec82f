//! Admin endpoints (state, calls, mutate, reset, faults), fault injection determinism, and
//! client-token idempotency.

mod common;

use common::{Emu, HZ};
use serde_json::{json, Value};

#[tokio::test]
async fn call_log_shows_params_without_secrets() {
    let emu = Emu::instant().await;
    emu.ali(
        "DescribeEipAddresses",
        &[("RegionId", HZ), ("AllocationId", "eip-hzfree001")],
    )
    .await
    .ok();
    emu.tc("DescribeAddresses", json!({"Limit": 5})).await.ok();
    emu.volc("DescribeHaVips", &[("PageSize", "5")]).await.ok();
    emu.ali("AssociateEipAddress", &[("RegionId", HZ)])
        .await
        .expect(400, "MissingParameter");
    let calls = emu.admin_get("/_emulator/calls").await;
    let calls = calls["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 4);
    assert_eq!(calls[0]["cloud"], "alibaba");
    assert_eq!(calls[0]["action"], "DescribeEipAddresses");
    assert_eq!(calls[0]["params"]["AllocationId"], "eip-hzfree001");
    assert_eq!(calls[0]["code"], "Success");
    assert_eq!(calls[0]["http_status"], 200);
    assert!(calls[0]["time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(calls[1]["cloud"], "tencent");
    assert_eq!(calls[1]["params"]["Limit"], 5);
    assert_eq!(calls[1]["region"], "ap-guangzhou");
    assert_eq!(calls[2]["cloud"], "volcengine");
    assert_eq!(calls[2]["region"], "cn-beijing");
    assert_eq!(calls[3]["code"], "MissingParameter");
    assert_eq!(calls[3]["http_status"], 400);
    let text = serde_json::to_string(calls).unwrap();
    for secret in [
        "tether-demo-secret",
        "Signature",
        "SignatureNonce",
        "Authorization",
    ] {
        assert!(!text.contains(secret), "{secret} leaked into the call log");
    }
    let only = emu
        .admin_get("/_emulator/calls?cloud=tencent&action=DescribeAddresses")
        .await;
    assert_eq!(only["calls"].as_array().unwrap().len(), 1);
    let cleared = emu.admin_delete("/_emulator/calls").await;
    assert_eq!(cleared["cleared"], 4);
    assert!(emu.admin_get("/_emulator/calls").await["calls"]
        .as_array()
        .unwrap()
        .is_empty());
    emu.stop().await;
}

#[tokio::test]
async fn mutations_drift_the_inventory_and_reset_restores_it() {
    let emu = Emu::instant().await;
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree030"),
            ("InstanceId", "i-hzapp030"),
        ],
    )
    .await
    .ok();
    assert_eq!(emu.ali_eip("eip-hzfree030").await["Status"], "InUse");
    emu.mutate(json!({"op": "unbind_eip", "cloud": "alibaba", "id": "eip-hzfree030"}))
        .await;
    assert_eq!(emu.ali_eip("eip-hzfree030").await["Status"], "Available");
    // Deleting an instance releases its EIP.
    emu.mutate(json!({"op": "delete", "cloud": "alibaba", "kind": "instance", "id": "i-hzbound"}))
        .await;
    assert_eq!(emu.ali_eip("eip-hzinuse").await["Status"], "Available");
    // Deleting the EIP makes it disappear.
    emu.mutate(json!({"op": "delete", "cloud": "alibaba", "kind": "eip", "id": "eip-hzfree031"}))
        .await;
    let r = emu
        .ali(
            "DescribeEipAddresses",
            &[("RegionId", HZ), ("AllocationId", "eip-hzfree031")],
        )
        .await;
    assert_eq!(r.ok()["TotalCount"], 0);
    // Group changes, in a batch.
    emu.mutate(json!([
        {"op": "set_group", "id": "asg-hzweb", "max_size": 2, "lifecycle_state": "Inactive"},
        {"op": "set_instance", "cloud": "alibaba", "id": "i-hzapp032", "status": "Stopped"},
        {"op": "set_ga", "id": "ga-hzexcl05", "status": "Locked"},
        {"op": "set_havip", "id": "havip-bjdemo010", "status": "Deleting"},
        {"op": "unbind_ga", "id": "ga-hzbusy"},
        {"op": "remove_havip_member", "havip_id": "havip-bjfull", "instance_id": "i-bjapp061"},
        {"op": "detach_scaling_instance", "group_id": "asg-hznearlyfull", "instance_id": "i-hzasg003"}
    ]))
    .await;
    let state = emu.state().await;
    let hz = &state["inventory"]["alibaba"]["regions"][HZ];
    let web = hz["scaling_groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "asg-hzweb")
        .unwrap();
    assert_eq!(
        (web["max_size"].as_u64(), web["lifecycle_state"].as_str()),
        (Some(2), Some("Inactive"))
    );
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree033"),
            ("InstanceId", "i-hzapp032"),
        ],
    )
    .await
    .expect(400, "IncorrectInstanceStatus");
    // Unknown ids and ops are refused, and nothing of a failed batch is applied.
    let r = emu
        .admin_post(
            "/_emulator/mutate",
            json!([
                {"op": "set_instance", "cloud": "alibaba", "id": "i-hzapp034", "status": "Stopped"},
                {"op": "delete", "cloud": "alibaba", "kind": "eip", "id": "eip-nope"}
            ]),
        )
        .await;
    assert_eq!(r.status, 404);
    assert!(r.body["error"].as_str().unwrap().contains("eip-nope"));
    let r = emu
        .admin_post("/_emulator/mutate", json!({"op": "paint", "id": "x"}))
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .admin_post(
            "/_emulator/mutate",
            json!({"op": "unbind_ga", "id": "x", "colour": 1}),
        )
        .await;
    assert_eq!(r.status, 400);
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree034"),
            ("InstanceId", "i-hzapp034"),
        ],
    )
    .await
    .ok();
    // Reset.
    let r = emu.admin_post("/_emulator/reset", json!({})).await;
    assert_eq!(r.status, 200);
    assert_eq!(emu.ali_eip("eip-hzinuse").await["Status"], "InUse");
    assert_eq!(emu.ali_eip("eip-hzfree034").await["Status"], "Available");
    assert_eq!(
        emu.ali_eip("eip-hzfree031").await["AllocationId"],
        "eip-hzfree031"
    );
    emu.stop().await;
}

async fn codes(emu: &Emu, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        let r = emu
            .ali(
                "DescribeEipAddresses",
                &[("RegionId", HZ), ("PageSize", "1")],
            )
            .await;
        out.push(r.code().unwrap_or_else(|| "Success".into()));
    }
    out
}

#[tokio::test]
async fn faults_are_deterministic_with_a_seed() {
    let emu = Emu::instant().await;
    let cfg = emu
        .faults(json!({"seed": 7, "throttle_rate": 0.3, "server_error_rate": 0.3}))
        .await;
    assert_eq!(cfg["seed"], 7);
    let first = codes(&emu, 40).await;
    emu.faults(json!({"seed": 7})).await;
    let second = codes(&emu, 40).await;
    assert_eq!(first, second);
    assert!(first.iter().any(|c| c == "Throttling.User"));
    assert!(first.iter().any(|c| c == "ServiceUnavailable"));
    assert!(first.iter().any(|c| c == "Success"));
    // Another seed gives another sequence.
    emu.faults(json!({"seed": 8})).await;
    assert_ne!(codes(&emu, 40).await, first);
    // Per-action overrides and each cloud's codes.
    emu.faults(json!({
        "throttle_rate": 0.0,
        "server_error_rate": 0.0,
        "actions": {
            "DescribeAddresses": {"throttle_rate": 1.0},
            "DescribeHaVips": {"throttle_rate": 1.0},
            "DescribeTaskResult": {"server_error_rate": 1.0},
            "DescribeScalingGroups": {"server_error_rate": 1.0}
        }
    }))
    .await;
    emu.tc("DescribeAddresses", json!({}))
        .await
        .expect(200, "RequestLimitExceeded");
    emu.volc("DescribeHaVips", &[])
        .await
        .expect(429, "FlowLimitExceeded");
    emu.tc("DescribeTaskResult", json!({"TaskId": 1}))
        .await
        .expect(200, "ServiceUnavailable");
    emu.ali("DescribeScalingGroups", &[("RegionId", HZ)])
        .await
        .expect(503, "ServiceUnavailable");
    emu.ali("DescribeEipAddresses", &[("RegionId", HZ)])
        .await
        .ok();
    let calls = emu
        .admin_get("/_emulator/calls?action=DescribeHaVips")
        .await;
    assert_eq!(calls["calls"][0]["injected"], "throttle");
    // Bad fault settings are refused.
    let r = emu
        .admin_post("/_emulator/faults", json!({"throttle_rate": 2}))
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .admin_post("/_emulator/faults", json!({"actions": {"Nope": {}}}))
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .admin_post("/_emulator/faults", json!({"throttle": 1}))
        .await;
    assert_eq!(r.status, 400);
    assert!(r.text.contains("throttle"));
    emu.stop().await;
}

#[tokio::test]
async fn latency_is_added() {
    let emu = Emu::instant().await;
    emu.faults(json!({"actions": {"DescribeHaVips": {"latency_ms": 150}}}))
        .await;
    let started = std::time::Instant::now();
    emu.volc("DescribeHaVips", &[]).await.ok();
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
    emu.stop().await;
}

#[tokio::test]
async fn alibaba_client_tokens() {
    let emu = Emu::slow().await;
    let params = [
        ("RegionId", HZ),
        ("AllocationId", "eip-hzfree040"),
        ("InstanceId", "i-hzapp040"),
        ("ClientToken", "tok-ali-1"),
    ];
    let first = emu.ali("AssociateEipAddress", &params).await;
    let request_id = first.ok()["RequestId"].clone();
    // Still in flight.
    emu.ali("AssociateEipAddress", &params)
        .await
        .expect(400, "IdempotentProcessing");
    emu.settle().await;
    // Finished: the same answer again, nothing done twice.
    let again = emu.ali("AssociateEipAddress", &params).await;
    assert_eq!(again.ok()["RequestId"], request_id);
    // Other parameters with the same token.
    emu.ali(
        "AssociateEipAddress",
        &[
            ("RegionId", HZ),
            ("AllocationId", "eip-hzfree041"),
            ("InstanceId", "i-hzapp041"),
            ("ClientToken", "tok-ali-1"),
        ],
    )
    .await
    .expect(400, "IdempotentParameterMismatch");
    // ESS tokens work the same way.
    let attach = [
        ("RegionId", HZ),
        ("ScalingGroupId", "asg-hzbig"),
        ("InstanceId.1", "i-hzapp042"),
        ("ClientToken", "tok-ess-1"),
    ];
    let a = emu.ali("AttachInstances", &attach).await;
    let activity = a.ok()["ScalingActivityId"].clone();
    emu.settle().await;
    let b = emu.ali("AttachInstances", &attach).await;
    assert_eq!(b.ok()["ScalingActivityId"], activity);
    emu.stop().await;
}

#[tokio::test]
async fn state_endpoint_shows_everything() {
    let emu = Emu::slow().await;
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0050", "InstanceId": "ins-app00050"}),
    )
    .await
    .ok();
    let state: Value = emu.state().await;
    assert_eq!(state["version"], 1);
    let tasks = state["inventory"]["tencent"]["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["result"], "RUNNING");
    let eip = state["inventory"]["tencent"]["regions"]["ap-guangzhou"]["eips"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "eip-free0050")
        .cloned()
        .unwrap();
    assert_eq!(eip["status"], "BINDING");
    assert_eq!(eip["binding"]["instance_id"], "ins-app00050");
    assert_eq!(eip["pending"]["kind"], "associate");
    let faults = emu.admin_get("/_emulator/faults").await;
    assert_eq!(faults["async_delay_ms"], 3_600_000);
    emu.stop().await;
}
