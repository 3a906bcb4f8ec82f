//! Rules of `tether_havip_attachment`.

use super::{volcengine_vpc, AllowedValues, ApiError, CountLimit};
use crate::api::volcengine_vpc::ha_vip_instance_type::{ECS_INSTANCE, NETWORK_INTERFACE};
use crate::api::volcengine_vpc::{eni, ha_vip_status};

pub const INSTANCE_TYPES: AllowedValues = AllowedValues {
    values: &[ECS_INSTANCE, NETWORK_INTERFACE],
    default: Some(ECS_INSTANCE),
    error: volcengine_vpc::INVALID_INSTANCE_TYPE_MALFORMED,
};
/// At most 10 ECS instances or 10 ENIs on one HaVip.
pub const MEMBERS_PER_HAVIP: CountLimit = CountLimit {
    min: 0,
    max: 10,
    error: volcengine_vpc::LIMIT_EXCEEDED_INSTANCES_PER_HAVIP,
};
/// One HaVip holds either ECS instances or ENIs, never both.
pub const MIXED_MEMBER_TYPES: ApiError = volcengine_vpc::FORBIDDEN_MULTIPLE_INSTANCE_TYPES;
/// ClientToken: ASCII only, at most 64 characters.
pub const CLIENT_TOKEN_MAX_LEN: usize = 64;
/// HaVip statuses that accept an association.
pub const ASSOCIABLE_STATUSES: &[&str] = &[ha_vip_status::AVAILABLE, ha_vip_status::IN_USE];
/// HaVips one instance or ENI may join. Volcengine's documents name the limit
/// (`LimitExceeded.HaVipsPerInstance`) without its value; tether and its emulator use 5, the
/// value Alibaba Cloud documents for its own HaVips (five per ECS instance). If Volcengine's
/// is higher, the plan refuses a membership the cloud would accept.
pub const HAVIPS_PER_INSTANCE: CountLimit = CountLimit {
    min: 0,
    max: 5,
    error: volcengine_vpc::LIMIT_EXCEEDED_HAVIPS_PER_INSTANCE,
};
/// Network interface statuses that accept an association.
pub const ASSOCIABLE_ENI_STATUSES: &[&str] = &[eni::IN_USE, eni::AVAILABLE];
