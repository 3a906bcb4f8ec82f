//! Issue 13 through `terraform` against the emulator: the API calls the live checks of new
//! `tether_eip_association`s make. An ECS target's EIP is read from the coalesced
//! `DescribeInstances` (no `DescribeEipAddresses` filtered on the instance per create), and
//! whether a VPC is the default one is asked at most once per concurrent check, never again
//! once one answer is known; the checks still find what they found before.

mod support;

use serde_json::{json, Value};
use support::emulator::{fixtures, Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Run, Workspace};

/// New associations planned at once: three waves of Terraform's default parallelism.
const COUNT: usize = 30;
/// Terraform's plan-walk concurrency, passed explicitly.
const PARALLELISM: usize = 10;

fn ok(run: &Run, what: &str) {
    assert_eq!(run.status, 0, "{what} failed:\n{}", run.combined());
}

/// The example fixtures plus `COUNT` free EIPs and running instances in one VPC of
/// cn-hangzhou.
fn fixtures_with_targets(dir: &std::path::Path) -> std::path::PathBuf {
    let mut f: Value = serde_json::from_str(&std::fs::read_to_string(fixtures()).expect("read fixtures")).expect("fixtures JSON");
    let region = &mut f["alibaba"]["regions"]["cn-hangzhou"];
    for i in 0..COUNT {
        region["eips"].as_array_mut().expect("eips").push(json!({"id": format!("eip-calls{i:03}"), "name": format!("calls-{i}"), "ip": format!("100.99.0.{}", i + 1)}));
        region["instances"].as_array_mut().expect("instances").push(json!({
            "id": format!("i-calls{i:03}"), "name": format!("calls-{i}"), "vpc_id": "vpc-hzdemo", "subnet_id": "vsw-hza",
            "private_ip": format!("10.99.0.{}", i + 2), "instance_type": "ecs.g6.large"
        }));
    }
    let path = dir.join("fixtures.json");
    std::fs::write(&path, serde_json::to_vec(&f).expect("encode fixtures")).expect("write fixtures");
    path
}

fn calls(emulator: &Emulator) -> Vec<Value> {
    emulator.calls()["calls"].as_array().cloned().unwrap_or_default()
}

#[test]
fn live_checks_of_ecs_targets_read_the_instance_and_the_vpc_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let emulator = Emulator::start_with(&fixtures_with_targets(dir.path()), &["--delay-ms", "0"]);
    let Some(terraform) = terraform_binary() else { return };
    let ws = Workspace::new(terraform).env("TETHER_ENDPOINT", &emulator.url).env("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY).env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET_KEY);
    let config = format!(
        "provider \"tether\" {{\n  cloud  = \"alibaba\"\n  region = \"cn-hangzhou\"\n}}\n\
         resource \"tether_eip_association\" \"x\" {{\n  count       = {COUNT}\n  eip_id      = format(\"eip-calls%03d\", count.index)\n  instance_id = format(\"i-calls%03d\", count.index)\n}}\n"
    );
    ws.write_config(&config);
    emulator.clear_calls();
    let parallelism = format!("-parallelism={PARALLELISM}");
    ok(&ws.run(&["plan", "-no-color", &parallelism]), "plan");
    let planned = calls(&emulator);
    let by_instance: Vec<&Value> = planned.iter().filter(|c| c["action"] == "DescribeEipAddresses" && !c["params"]["AssociatedInstanceId"].is_null()).collect();
    assert!(by_instance.is_empty(), "DescribeEipAddresses filtered on an ECS instance: {by_instance:?}");
    let asked_instances: usize = planned
        .iter()
        .filter(|c| c["action"] == "DescribeInstances")
        .map(|c| c["params"]["InstanceIds"].as_str().and_then(|ids| serde_json::from_str::<Vec<String>>(ids).ok()).map_or(0, |ids| ids.len()))
        .sum();
    assert!(asked_instances >= COUNT, "every target was read: {asked_instances} instance IDs asked");
    // A check asks for the VPC only while no earlier check has finished; Terraform runs at
    // most PARALLELISM plans at once, so at most that many checks can miss the answer.
    let vpcs = planned.iter().filter(|c| c["action"] == "DescribeVpcs").count();
    assert!((1..=PARALLELISM).contains(&vpcs), "{vpcs} DescribeVpcs calls for {COUNT} checks in one VPC");
    assert!(planned.iter().all(|c| c["action"].as_str().is_some_and(|a| a.starts_with("Describe"))), "write calls during plan");

    // The same checks still find an instance that holds an EIP, through the instance's own
    // report of it.
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    let again = format!("{config}resource \"tether_eip_association\" \"second\" {{\n  eip_id      = \"eip-hzfree005\"\n  instance_id = \"i-calls000\"\n}}\n");
    ws.write_config(&again);
    let run = ws.run(&["plan", "-no-color"]);
    assert_eq!(run.status, 1, "{}", run.combined());
    let text = run.combined();
    assert!(text.contains("[InvalidAssociation.Duplicated]") && text.contains("i-calls000 already holds EIP eip-calls000"), "{text}");
}
