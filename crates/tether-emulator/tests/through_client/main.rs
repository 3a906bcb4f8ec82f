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

mod alibaba_ess;
mod alibaba_vpc;
mod coalesced;
#[path = "../common/mod.rs"]
mod common;
mod plan_reads_alibaba;
mod plan_reads_tencent_volcengine;
mod tencent_volcengine;

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
