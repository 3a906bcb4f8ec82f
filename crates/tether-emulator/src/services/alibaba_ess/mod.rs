//! Alibaba Cloud Auto Scaling (ESS) 2014-08-28: AttachInstances, DetachInstances,
//! DescribeScalingInstances, DescribeScalingActivities, DescribeScalingGroups,
//! DescribeScalingConfigurations.
//!
//! Attach and detach start a scaling activity that stays `InProgress` for the configured
//! delay (the group refuses other activities meanwhile with `ScalingActivityInProgress`),
//! then ends `Successful`, `Warning` (some instances were ignored through
//! `IgnoreInvalidInstance`) or `Failed` (an instance vanished meanwhile, or fault injection;
//! the activity's changes are rolled back). Attached instances show `CreationType=Attached`
//! and are `Pending` until the activity ends.
//!
//! This module owns the service's registration and the checks attach and detach share;
//! the two writes live in `membership`, the activities in `activities`, the other reads
//! in `reads`.

mod activities;
mod membership;
mod reads;

use std::collections::BTreeSet;

use tether_wire::api::alibaba_ecs::network_type as ecs_network_type;
use tether_wire::api::alibaba_ess::{
    activity_status, creation_type, db_instance_status, health_status, instance_lifecycle_state,
};
use tether_wire::api::alibaba_ess::{
    AttachInstancesRequest, DescribeScalingActivitiesRequest, DescribeScalingConfigurationsRequest,
    DescribeScalingGroupsRequest, DescribeScalingInstancesRequest, DetachInstancesRequest,
    ScalingActivity as WireActivity, ScalingActivityResponse,
    ScalingConfiguration as WireConfiguration, ScalingGroup as WireGroup, ScalingInstance,
};
use tether_wire::api::alibaba_slb::{load_balancer_status, network_type as slb_network_type};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::alibaba_ess as err;
use tether_wire::constraints::ess_attachment;

use activities::{describe_activities, settle_activities};
use membership::{attach, detach};
use reads::{describe_configurations, describe_groups, describe_instances};

use super::filters::{passes, unset_or_equal};
use super::views::name_or_id;
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{Call, Outcome};
use crate::clock::{iso, Utc};
use crate::idempotency::check_token_syntax;
use crate::state::{
    status, CloudInventory, Inventory, ScalingActivity, ScalingConfiguration, ScalingGroup,
    ScalingMember, World,
};

const CLOUD: Cloud = Cloud::Alibaba;
use crate::clock::{CREATED_MINUTES as CREATED_AT, CREATED_SECONDS};

/// The actions Alibaba Auto Scaling answers, and its transitions (scaling activities).
pub const SERVICE: Service = Service {
    routes: &[
        Route::write::<AttachInstancesRequest>(attach),
        Route::write::<DetachInstancesRequest>(detach),
        Route::read::<DescribeScalingInstancesRequest>(describe_instances),
        Route::read::<DescribeScalingActivitiesRequest>(describe_activities),
        Route::read::<DescribeScalingGroupsRequest>(describe_groups),
        Route::read::<DescribeScalingConfigurationsRequest>(describe_configurations),
    ],
    settle: &[settle],
};

fn settle(inv: &mut Inventory, now_ms: u64) -> bool {
    settle_activities(&mut inv.alibaba, now_ms)
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::with_message(err::INVALID_PARAMETER, message)
}

fn check_unique(ids: &[String]) -> Result<(), Failure> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(invalid(format!(
                "The specified parameter InstanceId.N contains {id} more than once."
            )));
        }
    }
    Ok(())
}

fn check_token(token: Option<&String>) -> Result<(), Failure> {
    check_token_syntax(token.map(String::as_str), || {
        invalid("The specified ClientToken is malformed.")
    })
}

/// The group (with its region) a request names.
fn locate_group(
    inv: &CloudInventory,
    region: Option<&str>,
    id: &str,
) -> Result<(String, ScalingGroup), Failure> {
    let found = match region {
        Some(r) => inv
            .region(r)
            .and_then(|reg| reg.scaling_groups.iter().find(|g| g.id == id))
            .map(|g| (r.to_string(), g.clone())),
        None => inv.find_group(id).map(|(r, g)| (r.to_string(), g.clone())),
    };
    found.ok_or_else(|| err::INVALID_SCALING_GROUP_ID_NOT_FOUND.into())
}

fn activity_running(inv: &CloudInventory, group_id: &str) -> bool {
    inv.scaling_activities
        .iter()
        .any(|a| a.group_id == group_id && a.status_code == activity_status::IN_PROGRESS)
}

/// The group checks shared by attach and detach.
fn check_group(inv: &CloudInventory, group: &ScalingGroup) -> Result<(), Failure> {
    if !group.ess_authorized {
        return Err(err::FORBIDDEN_UNAUTHORIZED.into());
    }
    if group.lifecycle_state != ess_attachment::ACTIVE_STATE {
        return Err(err::INCORRECT_SCALING_GROUP_STATUS.into());
    }
    if activity_running(inv, &group.id) {
        return Err(err::SCALING_ACTIVITY_IN_PROGRESS.into());
    }
    Ok(())
}

fn check_load_balancers(
    inv: &CloudInventory,
    group: &ScalingGroup,
    full: bool,
) -> Result<(), Failure> {
    let group_vpc = !group.vswitch_ids.is_empty();
    for lb in &group.load_balancer_ids {
        let Some((_, slb)) = inv.find_slb(lb) else {
            return Err(err::INCORRECT_LOAD_BALANCER_STATUS.into());
        };
        if slb.status != load_balancer_status::ACTIVE {
            return Err(err::INCORRECT_LOAD_BALANCER_STATUS.into());
        }
        if !full {
            continue;
        }
        if !slb.health_check {
            return Err(err::INCORRECT_LOAD_BALANCER_HEALTH_CHECK.into());
        }
        if (slb.network_type == slb_network_type::VPC) != group_vpc {
            return Err(err::INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE.into());
        }
        if group_vpc && slb.vpc_id != group.vpc_id {
            return Err(err::INVALID_LOAD_BALANCER_ID_VPC_MISMATCH.into());
        }
    }
    Ok(())
}

fn check_attachable(
    inv: &CloudInventory,
    group_region: &str,
    group: &ScalingGroup,
    id: &str,
) -> Result<(), Failure> {
    let Some((region, inst)) = inv.find_instance(id) else {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_NOT_FOUND, id));
    };
    if region != group_region {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_REGION_MISMATCH, id));
    }
    if inst.status != status::running(CLOUD) {
        return Err(Failure::about(err::INCORRECT_INSTANCE_STATUS, id));
    }
    let group_vpc = !group.vswitch_ids.is_empty();
    if (inst.network_type == ecs_network_type::VPC) != group_vpc {
        return Err(Failure::about(
            err::INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH,
            id,
        ));
    }
    if group_vpc && !group.vpc_id.is_empty() && inst.vpc_id != group.vpc_id {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_VPC_MISMATCH, id));
    }
    let types = group.active_instance_types();
    if !types.is_empty() && !inst.instance_type.is_empty() && !types.contains(&inst.instance_type) {
        return Err(Failure::about(
            err::INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH,
            id,
        ));
    }
    if inv.group_of_instance(id).is_some() {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_IN_USE, id));
    }
    Ok(())
}
