//! The 18 APIs driven through tether's own `tether_client::Client` against the in-process
//! emulator: success paths, `collect_all` pagination over more items than the default
//! page, the three waiters (EIP status, Tencent task, ESS scaling activity) watching a
//! transition that is still under way, the coalesced `describe_*` reads, and one
//! documented error per API surfacing as `ClientError::Cloud` with the cloud's code, HTTP
//! status and request id.
//!
//! Waiters run against an emulator whose transitions take an hour; the test finishes them
//! with the `settle` mutation only after the call log shows the waiter polled the
//! intermediate state, so no test depends on timing.

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::time::Duration;

use common::{Emu, AK, BJ, GZ, HZ, SH, SK};
use serde_json::Value;
use tether_client::{ActivityOutcome, CallContext, Client, ClientConfig, ClientError, Cloud};
use tether_wire::api::alibaba_ess::{
    AttachInstancesRequest, DescribeScalingActivitiesRequest, DescribeScalingGroupsRequest,
    DescribeScalingInstancesRequest, DetachInstancesRequest,
};
use tether_wire::api::alibaba_vpc::{
    AssociateEipAddressRequest, AssociateGlobalAccelerationInstanceRequest,
    DescribeEipAddressesRequest, DescribeGlobalAccelerationInstancesRequest,
    UnassociateEipAddressRequest, UnassociateGlobalAccelerationInstanceRequest,
};
use tether_wire::api::tencent_vpc::{
    AssociateAddressRequest, DescribeAddressesRequest, DescribeTaskResultRequest,
    DisassociateAddressRequest,
};
use tether_wire::api::volcengine_vpc::{
    AssociateHaVipRequest, DescribeHaVipsRequest, DisassociateHaVipRequest,
};
use tether_wire::api::Paginated;
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
        tc_err::INVALID_ADDRESS_ID_STATE_IN_ARREARS,
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
        tc_err::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT,
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
