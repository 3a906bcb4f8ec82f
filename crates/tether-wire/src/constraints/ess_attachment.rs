//! Rules of `tether_ess_attachment`.

use super::{alibaba_ess, ApiError, CountLimit, IntRange};
use crate::api::alibaba_ess::{group_state, DEFAULT_LOAD_BALANCER_WEIGHT, INSTANCE_IDS_MAX};

/// `InstanceId.N`: N from 1 to 20 ([`INSTANCE_IDS_MAX`]).
pub const INSTANCES_PER_CALL: CountLimit = CountLimit {
    min: 1,
    max: INSTANCE_IDS_MAX,
    error: alibaba_ess::INVALID_PARAMETER,
};
/// `LoadBalancerWeight.N`: 0 to 100, default 50 ([`DEFAULT_LOAD_BALANCER_WEIGHT`]).
pub const LOAD_BALANCER_WEIGHT: IntRange = IntRange {
    min: 0,
    max: 100,
    default: Some(DEFAULT_LOAD_BALANCER_WEIGHT as i64),
    error: alibaba_ess::INVALID_PARAMETER,
};
/// AttachInstances needs the group Active.
pub const ACTIVE_STATE: &str = group_state::ACTIVE;
/// TotalCapacity + attached must not exceed MaxSize.
pub const MAX_SIZE: ApiError = alibaba_ess::INCORRECT_CAPACITY_MAX_SIZE;
/// An instance belongs to at most one scaling group.
pub const INSTANCE_IN_ONE_GROUP: ApiError = alibaba_ess::INVALID_INSTANCE_ID_IN_USE;
