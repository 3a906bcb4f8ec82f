//! Alibaba Cloud Auto Scaling (ESS) 2014-08-28 (`ess`): AttachInstances, DetachInstances,
//! DescribeScalingInstances, DescribeScalingActivities, DescribeScalingGroups and
//! DescribeScalingConfigurations — typed requests with their RPC flattening
//! (`InstanceId.N` and `LoadBalancerWeight.N` with N in 1..=20, `ScalingActivityId.N`,
//! `ScalingGroupId.N`, `ScalingGroupName.N`, `ScalingConfigurationId.N` with N in 1..=10)
//! and the JSON responses with the 2014-08-28 one-level list wrapping
//! (`ScalingInstances.ScalingInstance[]`, `ScalingActivities.ScalingActivity[]`,
//! `ScalingGroups.ScalingGroup[]`, `VSwitchIds.VSwitchId[]`,
//! `ScalingConfigurations.ScalingConfiguration[]`, `InstanceTypes.InstanceType[]`, …). The newer 2022-02-22
//! API's flat lists are *not* this API.
//!
//! Wire quirks kept: an activity's `TotalCapacity`, `AttachedCapacity` and
//! `AutoCreatedCapacity` are strings while a group's capacities are numbers.
//!
//! | file | APIs |
//! |---|---|
//! | `instances.rs` | AttachInstances, DetachInstances, DescribeScalingInstances |
//! | `activities.rs` | DescribeScalingActivities |
//! | `groups.rs` | DescribeScalingGroups |
//! | `configurations.rs` | DescribeScalingConfigurations |

use super::PageLimits;

mod activities;
mod configurations;
mod groups;
mod instances;
#[cfg(test)]
mod tests;

pub use activities::*;
pub use configurations::*;
pub use groups::*;
pub use instances::*;

/// `InstanceId.N` / `LoadBalancerWeight.N` of Attach/Detach/DescribeScalingInstances:
/// N in 1..=20.
pub const INSTANCE_IDS_MAX: usize = 20;
/// `ScalingActivityId.N`: N in 1..=20.
pub const SCALING_ACTIVITY_IDS_MAX: usize = 20;
/// `ScalingGroupId.N` and `ScalingGroupName.N`: N in 1..=20.
pub const SCALING_GROUP_IDS_MAX: usize = 20;
/// `ScalingConfigurationId.N` and `ScalingConfigurationName.N`: N in 1..=10.
pub const SCALING_CONFIGURATION_IDS_MAX: usize = 10;
/// Weight ESS assigns when `LoadBalancerWeight.N` is not given.
pub const DEFAULT_LOAD_BALANCER_WEIGHT: u32 = 50;

/// The ESS Describe APIs (2014-08-28 docs): PageSize default 10 (paginate!), max 50.
pub const DESCRIBE_PAGE: PageLimits = PageLimits::sizes(10, 50);
/// DescribeScalingInstances: [`DESCRIBE_PAGE`].
pub const DESCRIBE_SCALING_INSTANCES_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeScalingActivities: [`DESCRIBE_PAGE`].
pub const DESCRIBE_SCALING_ACTIVITIES_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeScalingGroups: [`DESCRIBE_PAGE`].
pub const DESCRIBE_SCALING_GROUPS_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeScalingConfigurations: [`DESCRIBE_PAGE`].
pub const DESCRIBE_SCALING_CONFIGURATIONS_PAGE: PageLimits = DESCRIBE_PAGE;

/// Scaling configuration `LifecycleState` values (one configuration of a group is active).
pub mod configuration_state {
    pub use crate::api::words::pascal::{ACTIVE, INACTIVE};

    /// Every configuration `LifecycleState`.
    pub const ALL: &[&str] = &[ACTIVE, INACTIVE];
}

/// Scaling activity `StatusCode` values.
pub mod activity_status {
    pub use crate::api::words::pascal::{FAILED, IN_PROGRESS, REJECTED, SUCCESSFUL, WARNING};

    /// Successful, Warning, Failed and Rejected are final; InProgress is not.
    pub fn is_terminal(status_code: &str) -> bool {
        matches!(status_code, SUCCESSFUL | WARNING | FAILED | REJECTED)
    }
}

/// Scaling group `LifecycleState` values.
pub mod group_state {
    pub use crate::api::words::pascal::{ACTIVE, DELETING, INACTIVE};

    /// Every group `LifecycleState`.
    pub const ALL: &[&str] = &[ACTIVE, INACTIVE, DELETING];
}

/// Scaling instance `CreationType` values.
pub mod creation_type {
    pub use crate::api::words::pascal::{ATTACHED, AUTO_CREATED, MANAGED};

    /// Every `CreationType`.
    pub const ALL: &[&str] = &[AUTO_CREATED, ATTACHED, MANAGED];
}

/// Scaling instance `LifecycleState` values (`Pending` while an activity adds it,
/// `Removing` while one removes it).
pub mod instance_lifecycle_state {
    pub use crate::api::words::pascal::{
        IN_SERVICE, PENDING, PROTECTED, REMOVING, STANDBY, STOPPED,
    };
}

/// Scaling instance `HealthStatus` values.
pub mod health_status {
    pub use crate::api::words::pascal::{HEALTHY, UNHEALTHY};

    /// Every `HealthStatus`.
    pub const ALL: &[&str] = &[HEALTHY, UNHEALTHY];
}

/// The RDS `DBInstanceStatus` of a database a scaling group names (AttachInstances answers
/// `IncorrectDBInstanceStatus` unless it is `Running`).
pub mod db_instance_status {
    pub use crate::api::words::pascal::{CREATING, DELETING, LOCKED, REBOOTING, RUNNING};
}
