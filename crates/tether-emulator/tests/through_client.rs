//! The 29 APIs driven through tether's own `tether_client::Client` against the in-process
//! emulator: success paths, `collect_all` pagination over more items than the default
//! page, the three waiters (EIP status, Tencent task, ESS scaling activity) watching a
//! transition that is still under way, the coalesced `describe_*` reads (also the reads of
//! the plan-time checks, per region where they take one), and one documented error per API
//! surfacing as `ClientError::Cloud` with the cloud's code, HTTP status and request id.
//!
//! Waiters run against an emulator whose transitions take an hour; the test finishes them
//! with the `settle` mutation only after the call log shows the waiter polled the
//! intermediate state, so no test depends on timing.

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::time::Duration;

use common::{test_fixtures, Emu, AK, BJ, GZ, HZ, SH, SK};
use serde_json::Value;
use tether_client::{ActivityOutcome, CallContext, Client, ClientConfig, ClientError, Cloud};
use tether_wire::api::alibaba_ecs::{
    DescribeInstancesRequest, DescribeNetworkInterfacesRequest as EcsEnisRequest,
};
use tether_wire::api::alibaba_ess::DescribeScalingConfigurationsRequest;
use tether_wire::api::alibaba_ess::{
    AttachInstancesRequest, DescribeScalingActivitiesRequest, DescribeScalingGroupsRequest,
    DescribeScalingInstancesRequest, DetachInstancesRequest,
};
use tether_wire::api::alibaba_slb::DescribeLoadBalancersRequest;
use tether_wire::api::alibaba_vpc::{
    AssociateEipAddressRequest, AssociateGlobalAccelerationInstanceRequest,
    DescribeEipAddressesRequest, DescribeGlobalAccelerationInstancesRequest,
    UnassociateEipAddressRequest, UnassociateGlobalAccelerationInstanceRequest,
};
use tether_wire::api::alibaba_vpc::{
    DescribeHaVipsRequest as AlibabaHaVipsRequest, DescribeNatGatewaysRequest, DescribeVpcsRequest,
};
use tether_wire::api::params::KeyValues;
use tether_wire::api::tencent_cvm::DescribeInstancesRequest as CvmInstancesRequest;
use tether_wire::api::tencent_vpc::{
    AssociateAddressRequest, DescribeAddressesRequest, DescribeTaskResultRequest,
    DisassociateAddressRequest,
};
use tether_wire::api::tencent_vpc::{
    DescribeNetworkInterfacesRequest as TencentEnisRequest, Filter,
};
use tether_wire::api::volcengine_ecs::DescribeInstancesRequest as VolcInstancesRequest;
use tether_wire::api::volcengine_vpc::DescribeNetworkInterfacesRequest as VolcEnisRequest;
use tether_wire::api::volcengine_vpc::{
    AssociateHaVipRequest, DescribeHaVipsRequest, DisassociateHaVipRequest,
};
use tether_wire::api::{ApiAction, Paginated};
use tether_wire::constraints::{alibaba_ess as ess_err, alibaba_vpc as vpc_err, ApiError};
use tether_wire::constraints::{tencent_vpc as tc_err, volcengine_vpc as volc_err};
use tether_wire::sign::Credentials;

const POLL: Duration = Duration::from_millis(10);

fn client(emu: &Emu, cloud: Cloud, region: &str) -> Client {
    Client::new(
        ClientConfig::new(cloud, region, Credentials::new(AK, SK))
            .with_endpoint(emu.url.clone())
            .with_max_retries(2)
            .with_request_timeout(Duration::from_secs(20)),
    )
    .expect("client for the emulator")
}

fn ctx() -> CallContext {
    CallContext::new().with_timeout(Duration::from_secs(60))
}

/// The call failed with exactly this documented cloud error.
#[track_caller]
fn expect_cloud<T: Debug>(result: Result<T, ClientError>, e: ApiError) {
    expect_code(result, e.code, e.http_status);
}

#[track_caller]
fn expect_code<T: Debug>(result: Result<T, ClientError>, code: &str, status: u16) {
    let err = result.expect_err("the call should fail");
    assert!(
        matches!(err, ClientError::Cloud(_)),
        "expected a cloud error {code}, got {err:?}"
    );
    assert_eq!(err.code(), Some(code), "{err}");
    assert_eq!(err.http_status(), Some(status), "{err}");
    assert!(
        err.request_id().is_some_and(|r| !r.is_empty()),
        "no request id in {err:?}"
    );
}

/// The sequence number of the newest logged call.
async fn last_seq(emu: &Emu) -> u64 {
    let calls = emu.admin_get("/_emulator/calls").await;
    calls["calls"]
        .as_array()
        .and_then(|c| c.last())
        .and_then(|c| c["seq"].as_u64())
        .unwrap_or(0)
}

/// Settles every transition once `action` was called `polls` times after `since` (so a
/// waiter has seen the intermediate state), and returns what those calls answered.
async fn settle_after_polls(emu: &Emu, action: &str, since: u64, polls: usize) -> Vec<Value> {
    loop {
        let calls = emu
            .admin_get(&format!("/_emulator/calls?action={action}&since={since}"))
            .await;
        let calls = calls["calls"].as_array().cloned().unwrap_or_default();
        if calls.len() >= polls {
            emu.settle().await;
            return calls;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Calls per action in the log after `since`.
async fn calls_of(emu: &Emu, action: &str, since: u64) -> usize {
    let calls = emu
        .admin_get(&format!("/_emulator/calls?action={action}&since={since}"))
        .await;
    calls["calls"].as_array().map_or(0, Vec::len)
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.collect::<BTreeSet<_>>().len()
}

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

// ------------------------------------------------------------------------------------------
// Alibaba ESS

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alibaba_ess_through_the_client() {
    let emu = Emu::slow().await;
    let c = client(&emu, Cloud::Alibaba, HZ);
    // Attach 12 instances: more than the default page of DescribeScalingInstances.
    let members: Vec<String> = (50..62).map(|k| format!("i-hzapp{k:03}")).collect();
    let attached = c
        .call(
            &AttachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzbig".into(),
                instance_ids: members.clone(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("AttachInstances");
    let activity = attached.scaling_activity_id.clone();
    assert!(!activity.is_empty());
    // Another activity while this one runs.
    expect_cloud(
        c.call(
            &DetachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzbig".into(),
                instance_ids: vec![members[0].clone()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::SCALING_ACTIVITY_IN_PROGRESS,
    );
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (outcome, polled) = tokio::join!(
        c.wait_scaling_activity(&activity, POLL, &wait),
        settle_after_polls(&emu, "DescribeScalingActivities", since, 2),
    );
    match outcome.expect("activity ends") {
        ActivityOutcome::Successful(a) => assert_eq!(a.scaling_group_id, "asg-hzbig"),
        other => panic!("expected Successful, got {other:?}"),
    }
    assert!(polled.len() >= 2);

    // collect_all over default pages of 10.
    let since = last_seq(&emu).await;
    let instances = c
        .collect_all(
            DescribeScalingInstancesRequest {
                region_id: HZ.into(),
                scaling_group_id: Some("asg-hzbig".into()),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(instances.len(), 12);
    assert!(instances
        .iter()
        .all(|i| i.creation_type == "Attached" && i.lifecycle_state == "InService"));
    assert_eq!(
        instances
            .iter()
            .map(|i| i.instance_id.clone())
            .collect::<BTreeSet<_>>(),
        members.iter().cloned().collect::<BTreeSet<_>>()
    );
    assert_eq!(calls_of(&emu, "DescribeScalingInstances", since).await, 2);
    let groups = c
        .collect_all(
            DescribeScalingGroupsRequest {
                region_id: HZ.into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert!(groups.len() > 10, "{} groups", groups.len());
    assert_eq!(
        unique(groups.iter().map(|g| g.scaling_group_id.as_str())),
        groups.len()
    );
    let big = groups
        .iter()
        .find(|g| g.scaling_group_id == "asg-hzbig")
        .unwrap();
    assert_eq!(big.total_capacity, 12);

    // Detach two, wait, and page the activities (2 per page).
    let detached = c
        .call(
            &DetachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzbig".into(),
                instance_ids: members[..2].to_vec(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("DetachInstances");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (outcome, _) = tokio::join!(
        c.wait_scaling_activity(&detached.scaling_activity_id, POLL, &wait),
        settle_after_polls(&emu, "DescribeScalingActivities", since, 2),
    );
    assert!(matches!(
        outcome.expect("detach ends"),
        ActivityOutcome::Successful(_)
    ));
    let activities = c
        .collect_all(
            DescribeScalingActivitiesRequest {
                region_id: HZ.into(),
                scaling_group_id: Some("asg-hzbig".into()),
                ..Default::default()
            }
            .with_page_size(1),
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(
        activities
            .iter()
            .map(|a| a.scaling_activity_id.as_str())
            .collect::<Vec<_>>(),
        vec![detached.scaling_activity_id.as_str(), activity.as_str()],
        "newest first"
    );

    // Documented errors, one per API.
    expect_cloud(
        c.call(
            &AttachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hzinactive".into(),
                instance_ids: vec!["i-hzapp070".into()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INCORRECT_SCALING_GROUP_STATUS,
    );
    expect_cloud(
        c.call(
            &AttachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-nope".into(),
                instance_ids: vec!["i-hzapp070".into()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_SCALING_GROUP_ID_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DetachInstancesRequest {
                region_id: Some(HZ.into()),
                scaling_group_id: "asg-hznearlyfull".into(),
                instance_ids: vec!["i-hzasg003".into(), "i-hzasg004".into()],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INCORRECT_CAPACITY_MIN_SIZE,
    );
    expect_cloud(
        c.call(
            &DescribeScalingInstancesRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_PARAMETER,
    );
    expect_cloud(
        c.call(
            &DescribeScalingActivitiesRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_PARAMETER,
    );
    expect_cloud(
        c.call(
            &DescribeScalingGroupsRequest {
                region_id: HZ.into(),
                page_size: Some(51),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        ess_err::INVALID_PARAMETER,
    );
    emu.stop().await;
}

// ------------------------------------------------------------------------------------------
// Tencent

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_through_the_client() {
    let emu = Emu::slow().await;
    let c = client(&emu, Cloud::Tencent, GZ);
    let bound = c
        .call(
            &AssociateAddressRequest {
                address_id: "eip-free0001".into(),
                instance_id: Some("ins-app00001".into()),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("AssociateAddress");
    let task = bound.task_id.clone();
    let running = c
        .call(
            &DescribeTaskResultRequest::for_task(task.parse().unwrap()),
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(running.result, "RUNNING");
    let address = c.describe_address("eip-free0001", &ctx()).await.unwrap();
    assert_eq!(address.unwrap().address_status, "BINDING");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (done, polled) = tokio::join!(
        c.wait_tencent_task(&task, POLL, &wait),
        settle_after_polls(&emu, "DescribeTaskResult", since, 2),
    );
    assert_eq!(done.expect("task succeeds").result, "SUCCESS");
    assert!(polled.len() >= 2);
    let address = c
        .describe_address("eip-free0001", &ctx())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(address.address_status, "BIND");
    assert_eq!(address.instance_id.as_deref(), Some("ins-app00001"));

    // collect_all over default pages of 20.
    let since = last_seq(&emu).await;
    let first = c
        .call(&DescribeAddressesRequest::default(), &ctx())
        .await
        .unwrap();
    assert_eq!(first.address_set.len(), 20);
    let total = usize::try_from(first.total_count).unwrap();
    let all = c
        .collect_all(DescribeAddressesRequest::default(), &ctx())
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    assert!(total > 70);
    assert_eq!(unique(all.iter().map(|a| a.address_id.as_str())), total);
    assert_eq!(
        calls_of(&emu, "DescribeAddresses", since).await,
        1 + total.div_ceil(20)
    );

    // Disassociate and wait.
    let unbound = c
        .call(
            &DisassociateAddressRequest {
                address_id: "eip-free0001".into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .expect("DisassociateAddress");
    let since = last_seq(&emu).await;
    let wait = ctx();
    let (done, _) = tokio::join!(
        c.wait_tencent_task(&unbound.task_id, POLL, &wait),
        settle_after_polls(&emu, "DescribeTaskResult", since, 2),
    );
    assert_eq!(done.expect("task succeeds").result, "SUCCESS");

    // Documented errors, one (or more) per API.
    let associate = |eip: &str, inst: &str| AssociateAddressRequest {
        address_id: eip.into(),
        instance_id: Some(inst.into()),
        ..Default::default()
    };
    expect_cloud(
        c.call(&associate("eip-blocked1", "ins-app00002"), &ctx())
            .await,
        tc_err::INVALID_ADDRESS_ID_BLOCKED,
    );
    expect_cloud(
        c.call(&associate("eip-arrears1", "ins-app00002"), &ctx())
            .await,
        tc_err::OPERATION_DENIED_ADDRESS_IN_ARREARS,
    );
    expect_cloud(
        c.call(&associate("eip-free0002", "ins-nope0000"), &ctx())
            .await,
        tc_err::INVALID_INSTANCE_ID_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DisassociateAddressRequest {
                address_id: "eip-free0003".into(),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        tc_err::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT,
    );
    expect_cloud(
        c.call(
            &DescribeAddressesRequest {
                limit: Some(101),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        tc_err::INVALID_PARAMETER_VALUE,
    );
    expect_code(
        c.call(&DescribeTaskResultRequest::for_task(4_242_424), &ctx())
            .await,
        "ResourceNotFound",
        200,
    );
    emu.stop().await;
}

// ------------------------------------------------------------------------------------------
// Volcengine

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volcengine_through_the_client() {
    let emu = Emu::instant().await;
    let c = client(&emu, Cloud::Volcengine, BJ);
    let resp = c
        .call(
            &AssociateHaVipRequest {
                ha_vip_id: "havip-bjdemo001".into(),
                instance_id: "i-bjapp001".into(),
                instance_type: None,
                client_token: Some("through-client-1".into()),
            },
            &ctx(),
        )
        .await
        .expect("AssociateHaVip");
    assert!(!resp.request_id.is_empty());
    let havip = c
        .describe_havip("havip-bjdemo001", &ctx())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(havip.status, "InUse");
    assert_eq!(
        havip.associated_instance_ids,
        vec!["i-bjapp001".to_string()]
    );

    // Page mode (PageNumber/PageSize 4) and token mode (NextToken/MaxResults 4).
    let since = last_seq(&emu).await;
    let paged = c
        .collect_all(DescribeHaVipsRequest::default().with_page_size(4), &ctx())
        .await
        .unwrap();
    assert_eq!(paged.len(), 15);
    assert_eq!(unique(paged.iter().map(|h| h.ha_vip_id.as_str())), 15);
    assert_eq!(calls_of(&emu, "DescribeHaVips", since).await, 4);
    let tokens = c
        .collect_all(
            DescribeHaVipsRequest {
                max_results: Some(4),
                ..Default::default()
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(
        tokens.iter().map(|h| &h.ha_vip_id).collect::<Vec<_>>(),
        paged.iter().map(|h| &h.ha_vip_id).collect::<Vec<_>>()
    );
    let default = c
        .collect_all(DescribeHaVipsRequest::default(), &ctx())
        .await
        .unwrap();
    assert_eq!(default.len(), 15);

    c.call(
        &DisassociateHaVipRequest {
            ha_vip_id: "havip-bjdemo001".into(),
            instance_id: "i-bjapp001".into(),
            instance_type: None,
            client_token: None,
        },
        &ctx(),
    )
    .await
    .expect("DisassociateHaVip");
    let havip = c
        .describe_havip("havip-bjdemo001", &ctx())
        .await
        .unwrap()
        .unwrap();
    assert!(havip.associated_instance_ids.is_empty());

    // Documented errors.
    let associate = |havip: &str, inst: &str| AssociateHaVipRequest {
        ha_vip_id: havip.into(),
        instance_id: inst.into(),
        instance_type: None,
        client_token: None,
    };
    expect_cloud(
        c.call(&associate("havip-bjfull", "i-bjapp002"), &ctx())
            .await,
        volc_err::LIMIT_EXCEEDED_INSTANCES_PER_HAVIP,
    );
    expect_cloud(
        c.call(&associate("havip-bjdemo002", "i-bjstopped"), &ctx())
            .await,
        volc_err::INVALID_INSTANCE_INVALID_STATUS,
    );
    expect_cloud(
        c.call(&associate("havip-nope", "i-bjapp002"), &ctx()).await,
        volc_err::INVALID_HAVIP_NOT_FOUND,
    );
    expect_cloud(
        c.call(
            &DisassociateHaVipRequest {
                ha_vip_id: "havip-bjdemo001".into(),
                instance_id: "i-bjapp001".into(),
                instance_type: None,
                client_token: None,
            },
            &ctx(),
        )
        .await,
        volc_err::INVALID_HAVIP_INVALID_STATUS,
    );
    expect_code(
        c.call(
            &DescribeHaVipsRequest {
                page_size: Some(101),
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "InvalidParameter",
        400,
    );
    emu.stop().await;
}

// ------------------------------------------------------------------------------------------
// Coalesced reads

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coalesced_describe_reads() {
    let emu = Emu::instant().await;
    let ali = client(&emu, Cloud::Alibaba, HZ);
    let tc = client(&emu, Cloud::Tencent, GZ);
    let volc = client(&emu, Cloud::Volcengine, BJ);

    // 40 concurrent EIP reads (one unknown): ≤ 50 IDs per call, so one call.
    let mut reads = tokio::task::JoinSet::new();
    for k in 1..=39 {
        let c = ali.clone();
        reads.spawn(async move {
            let id = format!("eip-hzfree{k:03}");
            let got = c.describe_eip(&id, &ctx()).await;
            (id, got.map(|e| e.map(|e| e.allocation_id)))
        });
    }
    let c = ali.clone();
    reads.spawn(async move {
        let got = c.describe_eip("eip-hzunknown", &ctx()).await;
        (
            "eip-hzunknown".to_string(),
            got.map(|e| e.map(|e| e.allocation_id)),
        )
    });
    while let Some(joined) = reads.join_next().await {
        let (id, got) = joined.unwrap();
        let got = got.expect("coalesced read");
        if id == "eip-hzunknown" {
            assert_eq!(got, None);
        } else {
            assert_eq!(got.as_deref(), Some(id.as_str()));
        }
    }
    let stats = ali.coalesce_stats().eip;
    assert_eq!(stats.reads, 40);
    assert!(stats.calls < 40, "{stats:?}");
    assert!(stats.batches >= 1);

    // Tencent addresses, HaVips, scaling groups and scaling instances.
    let mut reads = tokio::task::JoinSet::new();
    for k in 1..=30 {
        let c = tc.clone();
        reads.spawn(async move {
            let id = format!("eip-free{k:04}");
            let got = c.describe_address(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|a| a.address_id).as_deref(), Some(id.as_str()));
        });
    }
    for k in 1..=10 {
        let c = volc.clone();
        reads.spawn(async move {
            let id = format!("havip-bjdemo{k:03}");
            let got = c.describe_havip(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|h| h.ha_vip_id).as_deref(), Some(id.as_str()));
        });
    }
    for id in [
        "asg-hzweb",
        "asg-hzbig",
        "asg-hzinactive",
        "asg-hznearlyfull",
    ] {
        let c = ali.clone();
        reads.spawn(async move {
            let got = c.describe_scaling_group(id, &ctx()).await.unwrap();
            assert_eq!(got.map(|g| g.scaling_group_id).as_deref(), Some(id));
        });
    }
    for (id, present) in [
        ("i-hzasg003", true),
        ("i-hzasg004", true),
        ("i-hzapp001", false),
    ] {
        let c = ali.clone();
        reads.spawn(async move {
            let got = c
                .describe_scaling_instance("asg-hznearlyfull", id, &ctx())
                .await
                .unwrap();
            assert_eq!(got.map(|i| i.instance_id).as_deref(), present.then_some(id));
        });
    }
    let c = ali.clone();
    reads.spawn(async move {
        let got = c
            .describe_scaling_instance("asg-nope", "i-hzasg003", &ctx())
            .await
            .unwrap();
        assert!(got.is_none(), "no such group: no such member");
    });
    while let Some(joined) = reads.join_next().await {
        joined.expect("read task");
    }
    let (t, v, a) = (
        tc.coalesce_stats(),
        volc.coalesce_stats(),
        ali.coalesce_stats(),
    );
    assert_eq!(t.address.reads, 30);
    assert!(t.address.calls < 30, "{:?}", t.address);
    assert_eq!(v.havip.reads, 10);
    assert!(v.havip.calls < 10, "{:?}", v.havip);
    assert_eq!(a.scaling_group.reads, 4);
    assert!(a.scaling_group.calls < 4, "{:?}", a.scaling_group);
    assert_eq!(a.scaling_instance.reads, 4);
    emu.stop().await;
}

// ------------------------------------------------------------------------------------------
// The reads of the plan-time checks

/// The call is refused with `InvalidParameter` (HTTP 400).
async fn expect_invalid<A: ApiAction>(c: &Client, request: A) {
    expect_code(c.call(&request, &ctx()).await, "InvalidParameter", 400);
}

/// Every item of a listing through `collect_all`, and how many calls it took.
async fn listed<A>(emu: &Emu, c: &Client, request: A) -> (Vec<A::Item>, usize)
where
    A: Paginated,
    A::Item: Clone,
{
    let since = last_seq(emu).await;
    let items = c.collect_all(request, &ctx()).await.expect("listing");
    (items, calls_of(emu, A::ACTION, since).await)
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tencent_and_volcengine_reads_through_the_client() {
    let emu = Emu::instant().await;
    let tc = client(&emu, Cloud::Tencent, GZ);
    let volc = client(&emu, Cloud::Volcengine, BJ);

    // Tencent CVMs and ENIs.
    let shutdown = tc.describe_cvm_instance("ins-shutdown", &ctx()).await;
    let shutdown = shutdown.unwrap().expect("ins-shutdown");
    assert_eq!(shutdown.instance_state, "SHUTDOWN");
    assert_eq!(shutdown.virtual_private_cloud.subnet_id, "subnet-gza");
    let public = tc.describe_cvm_instance("ins-public01", &ctx()).await;
    assert_eq!(
        public.unwrap().unwrap().public_ip_addresses,
        Some(vec!["119.29.0.8".to_string()])
    );
    assert!(tc
        .describe_cvm_instance("ins-nope", &ctx())
        .await
        .unwrap()
        .is_none());
    let second = tc
        .describe_tencent_network_interface("eni-second01", &ctx())
        .await;
    let second = second.unwrap().expect("eni-second01");
    assert!(second.has_private_ip("172.16.1.202"));
    assert!(!second.has_private_ip("172.16.1.11"));
    assert_eq!(
        second.attachment.map(|a| a.instance_id).as_deref(),
        Some("ins-app00001")
    );
    let dangling = tc
        .describe_tencent_network_interface("eni-dangling", &ctx())
        .await;
    assert_eq!(dangling.unwrap().unwrap().attachment, None);
    assert!(tc
        .describe_tencent_network_interface("eni-nope", &ctx())
        .await
        .unwrap()
        .is_none());
    let cvms = test_fixtures().tencent.regions[GZ].instances.len();
    let (items, calls) = listed(&emu, &tc, CvmInstancesRequest::default()).await;
    assert_eq!((items.len(), calls), (cvms, cvms.div_ceil(20)));
    let (enis, calls) = listed(
        &emu,
        &tc,
        TencentEnisRequest {
            filters: vec![Filter::new("attachment.instance-id", ["ins-app00001"])],
            limit: Some(1),
            ..Default::default()
        },
    )
    .await;
    let ids: Vec<&str> = enis
        .iter()
        .map(|e| e.network_interface_id.as_str())
        .collect();
    assert_eq!((ids, calls), (vec!["eni-primary1", "eni-second01"], 2));
    expect_code(
        tc.call(
            &CvmInstancesRequest {
                instance_ids: vec!["ins-app00001".into()],
                filters: vec![Filter::new("zone", ["ap-guangzhou-a"])],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "InvalidParameterCombination",
        200,
    );
    expect_code(
        tc.call(
            &TencentEnisRequest {
                filters: vec![Filter::new("no-such-filter", ["x"])],
                ..Default::default()
            },
            &ctx(),
        )
        .await,
        "InvalidParameter.FilterInvalidKey",
        200,
    );

    // Volcengine instances (with their primary ENI's subnet) and ENIs.
    let b = volc
        .describe_volcengine_instance("i-bjsubnetb", &ctx())
        .await;
    let b = b.unwrap().expect("i-bjsubnetb");
    let primary = b.primary_network_interface().expect("a primary ENI");
    assert_eq!(
        (
            primary.network_interface_id.as_str(),
            primary.subnet_id.as_str()
        ),
        ("eni-bjsubnetb-primary", "subnet-bjb")
    );
    let stopped = volc
        .describe_volcengine_instance("i-bjstopped", &ctx())
        .await;
    assert_eq!(stopped.unwrap().unwrap().status, "STOPPED");
    // An ENI id is not an instance.
    assert!(volc
        .describe_volcengine_instance("eni-bjsec001", &ctx())
        .await
        .unwrap()
        .is_none());
    let managed = volc
        .describe_volcengine_network_interface("eni-bjmanaged", &ctx())
        .await;
    let managed = managed.unwrap().expect("eni-bjmanaged");
    assert!(managed.service_managed);
    assert_eq!(managed.device_id, "");
    let dangling = volc
        .describe_volcengine_network_interface("eni-bjdangling", &ctx())
        .await;
    let dangling = dangling.unwrap().unwrap();
    assert_eq!(
        (dangling.status.as_str(), dangling.device_id.as_str()),
        ("Available", "")
    );
    let sec = volc
        .describe_volcengine_network_interface("eni-bjsec001", &ctx())
        .await;
    assert_eq!(sec.unwrap().unwrap().device_id, "i-bjapp001");
    let instances = test_fixtures().volcengine.regions[BJ].instances.len();
    let (items, calls) = listed(&emu, &volc, VolcInstancesRequest::default()).await;
    assert_eq!((items.len(), calls), (instances, instances.div_ceil(10)));
    let (items, calls) = listed(
        &emu,
        &volc,
        VolcInstancesRequest::default().with_max_page_size(),
    )
    .await;
    assert_eq!((items.len(), calls), (instances, 1));
    let enis = test_fixtures().volcengine.regions[BJ]
        .network_interfaces
        .len();
    let (items, calls) = listed(&emu, &volc, VolcEnisRequest::default()).await;
    assert_eq!((items.len(), calls), (enis, enis.div_ceil(20)));
    let (items, calls) = listed(
        &emu,
        &volc,
        VolcEnisRequest {
            max_results: Some(50),
            ..Default::default()
        },
    )
    .await;
    assert_eq!((items.len(), calls), (enis, enis.div_ceil(50)));
    expect_invalid(
        &volc,
        VolcInstancesRequest {
            next_token: Some("not-a-token".into()),
            ..Default::default()
        },
    )
    .await;
    expect_invalid(
        &volc,
        VolcEnisRequest {
            network_interface_ids: (0..101).map(|i| format!("eni-{i}")).collect(),
            ..Default::default()
        },
    )
    .await;
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coalesced_plan_check_reads() {
    let emu = Emu::instant().await;
    let ali = client(&emu, Cloud::Alibaba, HZ);
    let tc = client(&emu, Cloud::Tencent, GZ);
    let volc = client(&emu, Cloud::Volcengine, BJ);
    let since = last_seq(&emu).await;
    let mut reads = tokio::task::JoinSet::new();
    // 30 ECS reads in cn-hangzhou and 5 in cn-shanghai: one call per region.
    for k in 1..=30 {
        let c = ali.clone();
        reads.spawn(async move {
            let id = format!("i-hzapp{k:03}");
            let got = c.describe_ecs_instance(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|i| i.instance_id), Some(id));
        });
    }
    for k in 1..=5 {
        let c = ali.clone();
        reads.spawn(async move {
            let id = format!("i-shapp{k:03}");
            let got = c.describe_ecs_instance_in(SH, &id, &ctx()).await.unwrap();
            assert_eq!(got.map(|i| i.region_id).as_deref(), Some(SH));
        });
    }
    // 7 Alibaba HaVip reads: at most 5 ids per call.
    for id in [
        "havip-hzdemo",
        "havip-hzcreating",
        "havip-x1",
        "havip-x2",
        "havip-x3",
        "havip-x4",
        "havip-x5",
    ] {
        let c = ali.clone();
        reads.spawn(async move {
            let got = c.describe_alibaba_havip(id, &ctx()).await.unwrap();
            assert_eq!(got.is_some(), id.starts_with("havip-hz"), "{id}");
        });
    }
    for k in 1..=20 {
        let c = tc.clone();
        reads.spawn(async move {
            let id = format!("ins-app{k:05}");
            let got = c.describe_cvm_instance(&id, &ctx()).await.unwrap();
            assert_eq!(got.map(|i| i.instance_id), Some(id));
        });
    }
    for id in [
        "eni-primary1",
        "eni-second01",
        "eni-second02",
        "eni-dangling",
    ] {
        let c = tc.clone();
        reads.spawn(async move {
            let got = c
                .describe_tencent_network_interface(id, &ctx())
                .await
                .unwrap();
            assert_eq!(got.map(|e| e.network_interface_id).as_deref(), Some(id));
        });
    }
    for k in 1..=20 {
        let c = volc.clone();
        reads.spawn(async move {
            let id = format!("i-bjapp{k:03}");
            let got = c.describe_volcengine_instance(&id, &ctx()).await.unwrap();
            assert!(
                got.is_some_and(|i| i.primary_network_interface().is_some()),
                "{id}"
            );
        });
        let c = volc.clone();
        reads.spawn(async move {
            let id = format!("eni-bjapp{k:03}-primary");
            let got = c
                .describe_volcengine_network_interface(&id, &ctx())
                .await
                .unwrap();
            assert_eq!(got.map(|e| e.eni_type).as_deref(), Some("primary"), "{id}");
        });
    }
    while let Some(joined) = reads.join_next().await {
        joined.expect("read task");
    }
    let (a, t, v) = (
        ali.coalesce_stats(),
        tc.coalesce_stats(),
        volc.coalesce_stats(),
    );
    assert_eq!(a.ecs_instance.reads, 35);
    assert!(a.ecs_instance.calls <= 4, "{:?}", a.ecs_instance);
    assert_eq!(a.alibaba_havip.reads, 7);
    assert!(
        a.alibaba_havip.calls >= 2,
        "5 ids per call: {:?}",
        a.alibaba_havip
    );
    assert!(a.alibaba_havip.calls < 7, "{:?}", a.alibaba_havip);
    assert_eq!(t.cvm_instance.reads, 20);
    assert!(t.cvm_instance.calls < 20, "{:?}", t.cvm_instance);
    assert_eq!(t.tencent_network_interface.reads, 4);
    assert_eq!(v.volcengine_instance.reads, 20);
    assert!(
        v.volcengine_instance.calls < 20,
        "{:?}",
        v.volcengine_instance
    );
    assert!(v.volcengine_network_interface.calls < 20);
    // Every ECS call went to the region it names.
    let calls = emu
        .admin_get(&format!(
            "/_emulator/calls?action=DescribeInstances&since={since}"
        ))
        .await;
    let regions: BTreeSet<String> = calls["calls"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["cloud"] == "alibaba")
        .map(|c| c["region"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        regions,
        [HZ.to_string(), SH.to_string()].into_iter().collect()
    );
    emu.stop().await;
}
