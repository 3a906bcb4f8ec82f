//! Tencent VPC: AssociateAddress/DisassociateAddress with tasks, DescribeAddresses with
//! filters and Offset/Limit, DescribeTaskResult, and every documented error code of
//! AssociateAddress.

mod common;

use std::collections::BTreeSet;

use common::Emu;
use serde_json::{json, Value};
use tether_wire::constraints::tencent_vpc::ASSOCIATE_ADDRESS;

async fn task(emu: &Emu, id: &str) -> String {
    let id: u64 = id.parse().expect("TaskId is a numeric string");
    emu.tc("DescribeTaskResult", json!({"TaskId": id}))
        .await
        .ok()["Response"]["Result"]
        .as_str()
        .unwrap()
        .to_string()
}

fn task_id(v: &Value) -> String {
    v["Response"]["TaskId"]
        .as_str()
        .expect("TaskId is a string")
        .to_string()
}

#[tokio::test]
async fn associate_and_disassociate_with_tasks() {
    let emu = Emu::slow().await;
    let r = emu
        .tc(
            "AssociateAddress",
            json!({"AddressId": "eip-free0001", "InstanceId": "ins-app00001"}),
        )
        .await;
    assert_eq!(r.content_type, "application/json");
    let t = task_id(r.ok());
    assert!(r.body["Response"]["RequestId"].as_str().is_some());
    assert_eq!(
        emu.tc_address("eip-free0001").await["AddressStatus"],
        "BINDING"
    );
    assert_eq!(task(&emu, &t).await, "RUNNING");
    // A second operation on the EIP while the task runs.
    emu.tc("DisassociateAddress", json!({"AddressId": "eip-free0001"}))
        .await
        .expect(200, "OperationDenied.MutexTaskRunning");
    emu.settle().await;
    assert_eq!(task(&emu, &t).await, "SUCCESS");
    let a = emu.tc_address("eip-free0001").await;
    assert_eq!(a["AddressStatus"], "BIND");
    assert_eq!(a["InstanceId"], "ins-app00001");
    assert_eq!(a["PrivateAddressIp"], "172.16.1.11");
    assert_eq!(a["NetworkInterfaceId"], "eni-primary1");
    // Binding the primary IP of the primary ENI is the same as binding the instance.
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0002", "NetworkInterfaceId": "eni-primary1", "PrivateIpAddress": "172.16.1.11"}),
    )
    .await
    .expect(200, "InvalidPrivateIpAddress.AlreadyBindEip");
    // Disassociate.
    let t = task_id(
        emu.tc("DisassociateAddress", json!({"AddressId": "eip-free0001"}))
            .await
            .ok(),
    );
    assert_eq!(
        emu.tc_address("eip-free0001").await["AddressStatus"],
        "UNBINDING"
    );
    emu.settle().await;
    assert_eq!(task(&emu, &t).await, "SUCCESS");
    let a = emu.tc_address("eip-free0001").await;
    assert_eq!(a["AddressStatus"], "UNBIND");
    assert!(a["InstanceId"].is_null());
    // Disassociating an unbound EIP.
    emu.tc("DisassociateAddress", json!({"AddressId": "eip-free0001"}))
        .await
        .expect(200, "UnsupportedOperation.AddressStatusNotPermit");
    emu.stop().await;
}

#[tokio::test]
async fn eni_bindings_and_bind_eni_status() {
    let emu = Emu::instant().await;
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0003", "NetworkInterfaceId": "eni-second01", "PrivateIpAddress": "172.16.1.202"}),
    )
    .await
    .ok();
    let a = emu.tc_address("eip-free0003").await;
    assert_eq!(a["AddressStatus"], "BIND");
    assert_eq!(a["NetworkInterfaceId"], "eni-second01");
    assert_eq!(a["InstanceId"], "ins-app00001");
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0004", "NetworkInterfaceId": "eni-dangling", "PrivateIpAddress": "172.16.1.210"}),
    )
    .await
    .ok();
    assert_eq!(
        emu.tc_address("eip-free0004").await["AddressStatus"],
        "BIND_ENI"
    );
    // A plain public IP is released by the binding.
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0005", "InstanceId": "ins-public01"}),
    )
    .await
    .ok();
    let state = emu.state().await;
    let inst = state["inventory"]["tencent"]["regions"]["ap-guangzhou"]["instances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "ins-public01")
        .cloned()
        .unwrap();
    assert!(inst.get("public_ip").is_none());
    emu.stop().await;
}

#[tokio::test]
async fn task_fails_when_the_instance_vanishes_or_by_fault() {
    let emu = Emu::slow().await;
    let t = task_id(
        emu.tc(
            "AssociateAddress",
            json!({"AddressId": "eip-free0006", "InstanceId": "ins-app00006"}),
        )
        .await
        .ok(),
    );
    emu.mutate(
        json!({"op": "delete", "cloud": "tencent", "kind": "instance", "id": "ins-app00006"}),
    )
    .await;
    emu.settle().await;
    assert_eq!(task(&emu, &t).await, "FAILED");
    assert_eq!(
        emu.tc_address("eip-free0006").await["AddressStatus"],
        "UNBIND"
    );
    emu.faults(json!({"actions": {"AssociateAddress": {"async_failure_rate": 1.0}}}))
        .await;
    let t = task_id(
        emu.tc(
            "AssociateAddress",
            json!({"AddressId": "eip-free0007", "InstanceId": "ins-app00007"}),
        )
        .await
        .ok(),
    );
    emu.settle().await;
    assert_eq!(task(&emu, &t).await, "FAILED");
    assert_eq!(
        emu.tc_address("eip-free0007").await["AddressStatus"],
        "UNBIND"
    );
    emu.tc("DescribeTaskResult", json!({"TaskId": 42}))
        .await
        .expect(200, "ResourceNotFound");
    emu.stop().await;
}

#[tokio::test]
async fn describe_addresses_filters_and_paging() {
    let emu = Emu::instant().await;
    let r = emu.tc("DescribeAddresses", json!({})).await;
    let body = &r.ok()["Response"];
    let total = body["TotalCount"].as_u64().unwrap();
    assert!(total >= 70);
    assert_eq!(
        body["AddressSet"].as_array().unwrap().len(),
        20,
        "default Limit 20"
    );
    let mut seen = BTreeSet::new();
    let mut offset = 0;
    while offset < total {
        let r = emu
            .tc("DescribeAddresses", json!({"Offset": offset, "Limit": 100}))
            .await;
        for a in r.ok()["Response"]["AddressSet"].as_array().unwrap() {
            seen.insert(a["AddressId"].as_str().unwrap().to_string());
        }
        offset += 100;
    }
    assert_eq!(seen.len() as u64, total);
    let r = emu
        .tc(
            "DescribeAddresses",
            json!({"Filters": [{"Name": "address-status", "Values": ["BIND"]}]}),
        )
        .await;
    assert_eq!(r.ok()["Response"]["TotalCount"], 1);
    let r = emu
        .tc(
            "DescribeAddresses",
            json!({"Filters": [{"Name": "instance-id", "Values": ["ins-bound001"]}]}),
        )
        .await;
    assert_eq!(
        r.ok()["Response"]["AddressSet"][0]["AddressId"],
        "eip-bound001"
    );
    let r = emu
        .tc("DescribeAddresses", json!({"AddressIds": ["eip-nope0000"]}))
        .await;
    assert_eq!(r.ok()["Response"]["TotalCount"], 0);
    emu.tc(
        "DescribeAddresses",
        json!({"AddressIds": ["eip-free0001"], "Filters": [{"Name": "address-id", "Values": ["eip-free0001"]}]}),
    )
    .await
    .expect(200, "InvalidParameterConflict");
    emu.tc(
        "DescribeAddresses",
        json!({"Filters": [{"Name": "colour", "Values": ["red"]}]}),
    )
    .await
    .expect(200, "InvalidParameter.FilterInvalidKey");
    emu.tc("DescribeAddresses", json!({"Limit": 101}))
        .await
        .expect(200, "InvalidParameterValue");
    emu.tc("DescribeAddresses", json!({"Limit": "ten"}))
        .await
        .expect(200, "InvalidParameter");
    emu.tc("DescribeAddresses", json!({"Colour": "red"}))
        .await
        .expect(200, "UnknownParameter");
    emu.stop().await;
}

#[tokio::test]
async fn every_associate_address_error_code() {
    let emu = Emu::instant().await;
    // Occupy a secondary private IP first.
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0010", "NetworkInterfaceId": "eni-second02", "PrivateIpAddress": "172.16.1.203"}),
    )
    .await
    .ok();
    let cases: Vec<(&str, Value)> = vec![
        (
            "InvalidAddressId.NotFound",
            json!({"AddressId": "eip-nope0000", "InstanceId": "ins-app00003"}),
        ),
        (
            "InvalidAddressId.Blocked",
            json!({"AddressId": "eip-blocked1", "InstanceId": "ins-app00003"}),
        ),
        (
            "OperationDenied.AddressInArrears",
            json!({"AddressId": "eip-arrears1", "InstanceId": "ins-app00003"}),
        ),
        (
            "UnsupportedOperation.AddressStatusNotPermit",
            json!({"AddressId": "eip-offline1", "InstanceId": "ins-app00003"}),
        ),
        (
            "InvalidInstanceId.NotFound",
            json!({"AddressId": "eip-free0011", "InstanceId": "ins-nope0000"}),
        ),
        (
            "InvalidInstanceId.AlreadyBindEip",
            json!({"AddressId": "eip-free0011", "InstanceId": "ins-bound001"}),
        ),
        (
            "InvalidInstance.NotSupported",
            json!({"AddressId": "eip-free0011", "InstanceId": "ins-shutdown"}),
        ),
        (
            "InvalidNetworkInterfaceId.NotFound",
            json!({"AddressId": "eip-free0011", "NetworkInterfaceId": "eni-second01", "PrivateIpAddress": "172.16.1.250"}),
        ),
        (
            "InvalidPrivateIpAddress.AlreadyBindEip",
            json!({"AddressId": "eip-free0011", "NetworkInterfaceId": "eni-second02", "PrivateIpAddress": "172.16.1.203"}),
        ),
        (
            "InvalidParameterConflict",
            json!({"AddressId": "eip-free0011", "InstanceId": "ins-app00003", "NetworkInterfaceId": "eni-second01"}),
        ),
        (
            "MissingParameter",
            json!({"AddressId": "eip-free0011", "NetworkInterfaceId": "eni-second01"}),
        ),
        ("MissingResourceId", json!({"AddressId": "eip-free0011"})),
    ];
    let mut seen = BTreeSet::new();
    for (code, body) in cases {
        let r = emu.tc("AssociateAddress", body).await;
        r.expect(200, code);
        assert_eq!(r.content_type, "application/json");
        assert!(r.body["Response"]["RequestId"].as_str().is_some());
        seen.insert(code.to_string());
    }
    // The ENI form of "not found": unknown ENI.
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0011", "NetworkInterfaceId": "eni-nope0000", "PrivateIpAddress": "172.16.1.1"}),
    )
    .await
    .expect(200, "InvalidNetworkInterfaceId.NotFound");
    // A stopped instance can hold an EIP.
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0012", "InstanceId": "ins-stopped1"}),
    )
    .await
    .ok();
    // The older API 3.0 codes of the same situations, behind the fixture switch.
    let mut fixtures = common::test_fixtures();
    fixtures.compat.tencent_legacy_error_codes = true;
    let legacy = Emu::start(fixtures, 0).await;
    for (code, body) in [
        (
            "InvalidAddressIdState.InArrears",
            json!({"AddressId": "eip-arrears1", "InstanceId": "ins-app00003"}),
        ),
        (
            "InvalidAddressIdStatus.NotPermit",
            json!({"AddressId": "eip-offline1", "InstanceId": "ins-app00003"}),
        ),
    ] {
        legacy.tc("AssociateAddress", body).await.expect(200, code);
        seen.insert(code.to_string());
    }
    legacy
        .tc("DisassociateAddress", json!({"AddressId": "eip-free0011"}))
        .await
        .expect(200, "InvalidAddressIdStatus.NotPermit");
    legacy.stop().await;
    for e in ASSOCIATE_ADDRESS {
        assert!(seen.contains(e.code), "seed code {} not exercised", e.code);
    }
    assert_eq!(
        emu.tc_address("eip-free0011").await["AddressStatus"],
        "UNBIND"
    );
    emu.stop().await;
}

#[tokio::test]
async fn blocked_or_arrears_set_out_of_band() {
    let emu = Emu::instant().await;
    emu.mutate(json!({"op": "set_eip", "cloud": "tencent", "id": "eip-free0020", "blocked": true}))
        .await;
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0020", "InstanceId": "ins-app00020"}),
    )
    .await
    .expect(200, "InvalidAddressId.Blocked");
    emu.mutate(json!({"op": "set_eip", "cloud": "tencent", "id": "eip-free0021", "arrears": true}))
        .await;
    emu.tc(
        "AssociateAddress",
        json!({"AddressId": "eip-free0021", "InstanceId": "ins-app00021"}),
    )
    .await
    .expect(200, "OperationDenied.AddressInArrears");
    emu.stop().await;
}

#[tokio::test]
async fn transitions_settle_by_themselves_after_the_delay() {
    let emu = Emu::start(common::test_fixtures(), 40).await;
    let t = task_id(
        emu.tc(
            "AssociateAddress",
            json!({"AddressId": "eip-free0030", "InstanceId": "ins-app00030"}),
        )
        .await
        .ok(),
    );
    let mut seen = Vec::new();
    for _ in 0..500 {
        let result = task(&emu, &t).await;
        if seen.last() != Some(&result) {
            seen.push(result.clone());
        }
        if result != "RUNNING" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(seen, vec!["RUNNING".to_string(), "SUCCESS".to_string()]);
    assert_eq!(
        emu.tc_address("eip-free0030").await["AddressStatus"],
        "BIND"
    );
    emu.stop().await;
}
