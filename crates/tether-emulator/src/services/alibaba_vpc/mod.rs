//! Alibaba Cloud VPC 2016-04-28: AssociateEipAddress, DescribeEipAddresses,
//! UnassociateEipAddress, AssociateGlobalAccelerationInstance,
//! DescribeGlobalAccelerationInstances, UnassociateGlobalAccelerationInstance, and the reads
//! of what an EIP binds to: DescribeNatGateways, DescribeHaVips, DescribeVpcs (the VPCs are
//! those the region's resources name, plus its `default_vpcs`).
//!
//! EIPs go `Available → Associating → InUse` and `InUse → Unassociating → Available`; GA
//! instances `Available → Associating → InUse` and back, one backend each. Every error of
//! the seeds is produced from `tether_wire::constraints::alibaba_vpc`.
//!
//! This module owns the service's registration and the checks, transitions and answers its
//! writes share; the EIP actions live in `eip`, the GA actions and their transitions in
//! `ga`, the reads of what an EIP binds to in `reads`.

mod eip;
mod ga;
mod reads;

use serde_json::Value;
use tether_wire::api::alibaba_vpc::{
    AssociateEipAddressRequest, AssociateGlobalAccelerationInstanceRequest, BackendServer,
    DescribeEipAddressesRequest, DescribeGlobalAccelerationInstancesRequest, EipAddress,
    GlobalAccelerationInstance, LockReason, PublicIpAddress, RequestIdResponse,
    UnassociateEipAddressRequest, UnassociateGlobalAccelerationInstanceRequest,
};
use tether_wire::api::alibaba_vpc::{
    DescribeHaVipsRequest, DescribeNatGatewaysRequest, DescribeVpcsRequest, HaVip as WireHaVip,
    NatGateway as WireNat, Vpc, HA_VIP_FILTER_KEYS,
};
use tether_wire::api::ApiAction;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::alibaba_vpc as err;
use tether_wire::constraints::eip_association::{ALIBABA_INSTANCE_TYPES, ALIBABA_MODES};
use tether_wire::constraints::ga_backend;

use super::alibaba_ecs::dry_run;
use super::filters::{passes, unset_or_equal};
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{is_ipv4, requested_numbered_page, Call, NumberedListing, Outcome};
use crate::idempotency::check_token_syntax;
use eip::{associate_eip, describe_eips, unassociate_eip};
use ga::{associate_ga, describe_ga, unassociate_ga};
use reads::{describe_havips, describe_nat_gateways, describe_vpcs};

use crate::state::{
    derived_ga_status, derived_havip_status, reported_member_type, status, CloudInventory, Eip,
    EipBinding, GaBackend, GaInstance, HaVip, Inventory, NatGateway, Pending, PendingKind, Region,
    World,
};

const CLOUD: Cloud = Cloud::Alibaba;
use crate::clock::CREATED_SECONDS as CREATED_AT;

/// The actions Alibaba VPC answers, and its transitions (EIPs, GA backends).
pub const SERVICE: Service = Service {
    routes: &[
        Route::write::<AssociateEipAddressRequest>(associate_eip),
        Route::read::<DescribeEipAddressesRequest>(describe_eips),
        Route::write::<UnassociateEipAddressRequest>(unassociate_eip),
        Route::write::<AssociateGlobalAccelerationInstanceRequest>(associate_ga),
        Route::read::<DescribeGlobalAccelerationInstancesRequest>(describe_ga),
        Route::write::<UnassociateGlobalAccelerationInstanceRequest>(unassociate_ga),
        Route::read::<DescribeNatGatewaysRequest>(describe_nat_gateways),
        Route::read::<DescribeHaVipsRequest>(describe_havips),
        Route::read::<DescribeVpcsRequest>(describe_vpcs),
    ],
    settle: &[settle_eips, settle_ga],
};

fn settle_eips(inv: &mut Inventory, now_ms: u64) -> bool {
    super::eip_transitions::settle(inv, CLOUD, now_ms)
}

fn settle_ga(inv: &mut Inventory, now_ms: u64) -> bool {
    ga::settle(&mut inv.alibaba, now_ms)
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::with_message(err::INVALID_PARAMETER, message)
}

/// An EIP write's optional `PrivateIpAddress` must be a dotted-quad IPv4 address.
fn check_private_ip(ip: Option<&str>) -> Result<(), Failure> {
    match ip {
        Some(ip) if !is_ipv4(ip) => Err(invalid(format!(
            "The specified PrivateIpAddress {ip} is not a valid IPv4 address."
        ))),
        _ => Ok(()),
    }
}

/// An EIP write's optional `ClientToken` must be well-formed.
fn check_client_token(token: Option<&str>) -> Result<(), Failure> {
    check_token_syntax(token, || invalid("The specified ClientToken is malformed."))
}

/// The transition an accepted write starts: `kind`, due `delay_ms` after the call, ending
/// in failure when `fail` (Alibaba transitions report no task).
fn transition(kind: PendingKind, call: &Call, delay_ms: u64, fail: bool) -> Pending {
    Pending {
        kind,
        settle_at_ms: call.now_ms + delay_ms,
        fail,
        task_id: None,
    }
}

/// The answer of an accepted write: its request id alone.
fn accepted<R: ApiAction<Response = RequestIdResponse>>(call: &Call) -> Value {
    call.encode::<R>(&RequestIdResponse {
        request_id: call.request_id.clone(),
    })
}

/// Whether some EIP of the cloud is bound (or being bound) to this target.
fn eip_holds(inv: &CloudInventory, instance_type: &str, id: &str, ip: Option<&str>) -> bool {
    inv.all_eips().any(|(_, e)| {
        e.binding.as_ref().is_some_and(|b| {
            b.instance_type == instance_type
                && b.instance_id == id
                && ip.is_none_or(|ip| b.private_ip_address.as_deref() == Some(ip))
        })
    })
}

/// Whether the server is the backend of some GA instance.
fn ga_holds(inv: &CloudInventory, server_id: &str) -> bool {
    inv.regions.values().any(|r| {
        r.ga_instances
            .iter()
            .any(|g| g.backend.as_ref().is_some_and(|b| b.server_id == server_id))
    })
}

fn region_mismatch(found: &str, wanted: &str) -> Result<(), Failure> {
    if found == wanted {
        Ok(())
    } else {
        Err(err::INVALID_PARAMETER_MISMATCH.into())
    }
}
