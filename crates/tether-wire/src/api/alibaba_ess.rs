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

use serde::{Deserialize, Serialize};

use super::lenient::{lenient, nullable};
use super::params::{ParamError, ParamReader, ParamWriter};
use super::{Cloud, HttpMethod, PageLimits, ALIBABA_ESS_VERSION};

/// `InstanceId.N` / `LoadBalancerWeight.N` of Attach/Detach/DescribeScalingInstances:
/// N in 1..=20.
pub const INSTANCE_IDS_MAX: usize = 20;
/// `ScalingActivityId.N`: N in 1..=20.
pub const SCALING_ACTIVITY_IDS_MAX: usize = 20;
/// `ScalingGroupId.N` and `ScalingGroupName.N`: N in 1..=20.
pub const SCALING_GROUP_IDS_MAX: usize = 20;
/// Weight ESS assigns when `LoadBalancerWeight.N` is not given.
pub const DEFAULT_LOAD_BALANCER_WEIGHT: u32 = 50;

/// DescribeScalingInstances: PageSize default 10 (paginate!), max 50 in the 2014-08-28 doc.
pub const DESCRIBE_SCALING_INSTANCES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 50,
};
/// DescribeScalingActivities: PageSize default 10, max 50.
pub const DESCRIBE_SCALING_ACTIVITIES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 50,
};
/// DescribeScalingGroups: PageSize default 10, max 50.
pub const DESCRIBE_SCALING_GROUPS_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 50,
};

/// DescribeScalingConfigurations: PageSize default 10, max 50.
pub const DESCRIBE_SCALING_CONFIGURATIONS_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 50,
};
/// `ScalingConfigurationId.N` and `ScalingConfigurationName.N`: N in 1..=10.
pub const SCALING_CONFIGURATION_IDS_MAX: usize = 10;

/// Scaling configuration `LifecycleState` values (one configuration of a group is active).
pub mod configuration_state {
    pub const ACTIVE: &str = "Active";
    pub const INACTIVE: &str = "Inactive";
}

/// Scaling activity `StatusCode` values.
pub mod activity_status {
    pub const SUCCESSFUL: &str = "Successful";
    /// Partially successful.
    pub const WARNING: &str = "Warning";
    pub const FAILED: &str = "Failed";
    pub const IN_PROGRESS: &str = "InProgress";
    pub const REJECTED: &str = "Rejected";

    /// Successful, Warning, Failed and Rejected are final; InProgress is not.
    pub fn is_terminal(status_code: &str) -> bool {
        matches!(status_code, SUCCESSFUL | WARNING | FAILED | REJECTED)
    }
}

/// Scaling group `LifecycleState` values.
pub mod group_state {
    pub const ACTIVE: &str = "Active";
    pub const INACTIVE: &str = "Inactive";
    pub const DELETING: &str = "Deleting";
}

/// Scaling instance `CreationType` values.
pub mod creation_type {
    pub const AUTO_CREATED: &str = "AutoCreated";
    pub const ATTACHED: &str = "Attached";
    pub const MANAGED: &str = "Managed";
}

// ------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------

fn required_instance_ids(r: &ParamReader<'_>) -> Result<Vec<String>, ParamError> {
    let ids = r.repeated("InstanceId", INSTANCE_IDS_MAX)?;
    if ids.is_empty() {
        return Err(ParamError::Missing {
            name: "InstanceId.1".into(),
        });
    }
    Ok(ids)
}

/// AttachInstances: add running ECS instances to a scaling group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AttachInstancesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    pub scaling_group_id: String,
    /// `InstanceId.N`, 1..=20 ids.
    #[serde(rename = "InstanceId")]
    pub instance_ids: Vec<String>,
    /// `LoadBalancerWeight.N`: the N-th weight applies to the N-th instance (0..=100,
    /// default 50).
    #[serde(rename = "LoadBalancerWeight", skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_weights: Vec<u32>,
    /// Let the group manage the instance's lifecycle (not for subscription instances).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrusted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_hook: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_invalid_instance: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

impl AttachInstancesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put_opt("RegionId", self.region_id.as_deref())
            .put("ScalingGroupId", &self.scaling_group_id)
            .put_repeated("InstanceId", &self.instance_ids)
            .put_repeated("LoadBalancerWeight", &self.load_balancer_weights)
            .put_opt_bool("Entrusted", self.entrusted)
            .put_opt_bool("LifecycleHook", self.lifecycle_hook)
            .put_opt_bool("IgnoreInvalidInstance", self.ignore_invalid_instance)
            .put_opt("ClientToken", self.client_token.as_deref())
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(AttachInstancesRequest {
            region_id: r.optional("RegionId")?,
            scaling_group_id: r.required("ScalingGroupId")?,
            instance_ids: required_instance_ids(&r)?,
            load_balancer_weights: r.repeated_parsed(
                "LoadBalancerWeight",
                INSTANCE_IDS_MAX,
                "an integer",
            )?,
            entrusted: r.optional_bool("Entrusted")?,
            lifecycle_hook: r.optional_bool("LifecycleHook")?,
            ignore_invalid_instance: r.optional_bool("IgnoreInvalidInstance")?,
            client_token: r.optional("ClientToken")?,
        })
    }

    /// The weight that applies to the instance at `index` (given or the default 50).
    pub fn weight_of(&self, index: usize) -> u32 {
        self.load_balancer_weights
            .get(index)
            .copied()
            .unwrap_or(DEFAULT_LOAD_BALANCER_WEIGHT)
    }
}

/// DetachInstances: remove instances from a group without stopping or releasing them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DetachInstancesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    pub scaling_group_id: String,
    /// `InstanceId.N`, 1..=20 ids.
    #[serde(rename = "InstanceId")]
    pub instance_ids: Vec<String>,
    /// Default true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decrease_desired_capacity: Option<bool>,
    /// Only value `both` (also remove from SLB server groups and RDS whitelists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detach_option: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_hook: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_invalid_instance: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

impl DetachInstancesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put_opt("RegionId", self.region_id.as_deref())
            .put("ScalingGroupId", &self.scaling_group_id)
            .put_repeated("InstanceId", &self.instance_ids)
            .put_opt_bool("DecreaseDesiredCapacity", self.decrease_desired_capacity)
            .put_opt("DetachOption", self.detach_option.as_deref())
            .put_opt_bool("LifecycleHook", self.lifecycle_hook)
            .put_opt_bool("IgnoreInvalidInstance", self.ignore_invalid_instance)
            .put_opt("ClientToken", self.client_token.as_deref())
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DetachInstancesRequest {
            region_id: r.optional("RegionId")?,
            scaling_group_id: r.required("ScalingGroupId")?,
            instance_ids: required_instance_ids(&r)?,
            decrease_desired_capacity: r.optional_bool("DecreaseDesiredCapacity")?,
            detach_option: r.optional("DetachOption")?,
            lifecycle_hook: r.optional_bool("LifecycleHook")?,
            ignore_invalid_instance: r.optional_bool("IgnoreInvalidInstance")?,
            client_token: r.optional("ClientToken")?,
        })
    }
}

/// DescribeScalingInstances. Unknown `InstanceId.N` values are silently ignored by the
/// API.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingInstancesRequest {
    pub region_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_configuration_id: Option<String>,
    /// `Healthy` | `Unhealthy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_status: Option<String>,
    /// `InService`, `Pending`, `Pending:Wait`, `Protected`, `Standby`, `Stopped`,
    /// `Removing`, `Removing:Wait`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_state: Option<String>,
    /// `AutoCreated` | `Attached` | `Managed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_type: Option<String>,
    /// `InstanceId.N`, ≤ 20.
    #[serde(rename = "InstanceId", skip_serializing_if = "Vec::is_empty")]
    pub instance_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_activity_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeScalingInstancesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_opt("ScalingGroupId", self.scaling_group_id.as_deref())
            .put_opt(
                "ScalingConfigurationId",
                self.scaling_configuration_id.as_deref(),
            )
            .put_opt("HealthStatus", self.health_status.as_deref())
            .put_opt("LifecycleState", self.lifecycle_state.as_deref())
            .put_opt("CreationType", self.creation_type.as_deref())
            .put_repeated("InstanceId", &self.instance_ids)
            .put_opt("ScalingActivityId", self.scaling_activity_id.as_deref())
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeScalingInstancesRequest {
            region_id: r.required("RegionId")?,
            scaling_group_id: r.optional("ScalingGroupId")?,
            scaling_configuration_id: r.optional("ScalingConfigurationId")?,
            health_status: r.optional("HealthStatus")?,
            lifecycle_state: r.optional("LifecycleState")?,
            creation_type: r.optional("CreationType")?,
            instance_ids: r.repeated("InstanceId", INSTANCE_IDS_MAX)?,
            scaling_activity_id: r.optional("ScalingActivityId")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged(
                "PageSize",
                1,
                DESCRIBE_SCALING_INSTANCES_PAGE.max_size,
            )?,
        })
    }
}

/// DescribeScalingActivities (activities are kept about 30 days).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesRequest {
    pub region_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_group_id: Option<String>,
    /// `ScalingActivityId.N`, ≤ 20.
    #[serde(rename = "ScalingActivityId", skip_serializing_if = "Vec::is_empty")]
    pub scaling_activity_ids: Vec<String>,
    /// See [`activity_status`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_refresh_task_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeScalingActivitiesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_opt("ScalingGroupId", self.scaling_group_id.as_deref())
            .put_repeated("ScalingActivityId", &self.scaling_activity_ids)
            .put_opt("StatusCode", self.status_code.as_deref())
            .put_opt(
                "InstanceRefreshTaskId",
                self.instance_refresh_task_id.as_deref(),
            )
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeScalingActivitiesRequest {
            region_id: r.required("RegionId")?,
            scaling_group_id: r.optional("ScalingGroupId")?,
            scaling_activity_ids: r.repeated("ScalingActivityId", SCALING_ACTIVITY_IDS_MAX)?,
            status_code: r.optional("StatusCode")?,
            instance_refresh_task_id: r.optional("InstanceRefreshTaskId")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged(
                "PageSize",
                1,
                DESCRIBE_SCALING_ACTIVITIES_PAGE.max_size,
            )?,
        })
    }
}

/// DescribeScalingGroups. Unknown group ids are silently omitted from the answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingGroupsRequest {
    pub region_id: String,
    /// `ScalingGroupId.N`, ≤ 20.
    #[serde(rename = "ScalingGroupId", skip_serializing_if = "Vec::is_empty")]
    pub scaling_group_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_group_name: Option<String>,
    /// `ScalingGroupName.N`, ≤ 20.
    #[serde(rename = "ScalingGroupNames", skip_serializing_if = "Vec::is_empty")]
    pub scaling_group_names: Vec<String>,
    /// `ECS` | `ECI`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeScalingGroupsRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_repeated("ScalingGroupId", &self.scaling_group_ids)
            .put_opt("ScalingGroupName", self.scaling_group_name.as_deref())
            .put_repeated("ScalingGroupName", &self.scaling_group_names)
            .put_opt("GroupType", self.group_type.as_deref())
            .put_opt("ResourceGroupId", self.resource_group_id.as_deref())
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeScalingGroupsRequest {
            region_id: r.required("RegionId")?,
            scaling_group_ids: r.repeated("ScalingGroupId", SCALING_GROUP_IDS_MAX)?,
            scaling_group_name: r.optional("ScalingGroupName")?,
            scaling_group_names: r.repeated("ScalingGroupName", SCALING_GROUP_IDS_MAX)?,
            group_type: r.optional("GroupType")?,
            resource_group_id: r.optional("ResourceGroupId")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged("PageSize", 1, DESCRIBE_SCALING_GROUPS_PAGE.max_size)?,
        })
    }
}

/// DescribeScalingConfigurations. Unknown ids are silently omitted from the answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingConfigurationsRequest {
    pub region_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_group_id: Option<String>,
    /// `ScalingConfigurationId.N`, ≤ 10.
    #[serde(
        rename = "ScalingConfigurationId",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub scaling_configuration_ids: Vec<String>,
    /// `ScalingConfigurationName.N`, ≤ 10.
    #[serde(
        rename = "ScalingConfigurationName",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub scaling_configuration_names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeScalingConfigurationsRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_opt("ScalingGroupId", self.scaling_group_id.as_deref())
            .put_repeated("ScalingConfigurationId", &self.scaling_configuration_ids)
            .put_repeated(
                "ScalingConfigurationName",
                &self.scaling_configuration_names,
            )
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeScalingConfigurationsRequest {
            region_id: r.required("RegionId")?,
            scaling_group_id: r.optional("ScalingGroupId")?,
            scaling_configuration_ids: r
                .repeated("ScalingConfigurationId", SCALING_CONFIGURATION_IDS_MAX)?,
            scaling_configuration_names: r
                .repeated("ScalingConfigurationName", SCALING_CONFIGURATION_IDS_MAX)?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged(
                "PageSize",
                1,
                DESCRIBE_SCALING_CONFIGURATIONS_PAGE.max_size,
            )?,
        })
    }
}

// ------------------------------------------------------------------------------------
// Responses
// ------------------------------------------------------------------------------------

/// AttachInstances / DetachInstances response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ScalingActivityResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    /// Poll DescribeScalingActivities with it.
    #[serde(deserialize_with = "lenient")]
    pub scaling_activity_id: String,
}

pub type AttachInstancesResponse = ScalingActivityResponse;
pub type DetachInstancesResponse = ScalingActivityResponse;

/// One element of `ScalingInstances.ScalingInstance[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ScalingInstance {
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_group_id: String,
    #[serde(deserialize_with = "lenient")]
    pub lifecycle_state: String,
    #[serde(deserialize_with = "lenient")]
    pub health_status: String,
    /// See [`creation_type`].
    #[serde(deserialize_with = "lenient")]
    pub creation_type: String,
    #[serde(deserialize_with = "lenient")]
    pub entrusted: bool,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub load_balancer_weight: Option<i64>,
    #[serde(deserialize_with = "lenient")]
    pub scaling_configuration_id: String,
    #[serde(deserialize_with = "lenient")]
    pub launch_template_id: String,
    #[serde(deserialize_with = "lenient")]
    pub launch_template_version: String,
    /// Minute precision.
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    /// Second precision.
    #[serde(deserialize_with = "lenient")]
    pub created_time: String,
    #[serde(deserialize_with = "lenient")]
    pub zone_id: String,
    #[serde(deserialize_with = "lenient")]
    pub warmup_state: String,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub weighted_capacity: Option<i64>,
    #[serde(deserialize_with = "lenient")]
    pub spot_strategy: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_type: String,
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_activity_id: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_instance_id: String,
}

wrapped_list!(
    /// `ScalingInstances: {"ScalingInstance": [...]}`.
    ScalingInstances,
    "ScalingInstance",
    ScalingInstance
);

/// DescribeScalingInstances response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingInstancesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub total_spot_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub scaling_instances: ScalingInstances,
}

/// One element of `ScalingActivities.ScalingActivity[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ScalingActivity {
    #[serde(deserialize_with = "lenient")]
    pub scaling_activity_id: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_group_id: String,
    /// See [`activity_status`].
    #[serde(deserialize_with = "lenient")]
    pub status_code: String,
    #[serde(deserialize_with = "lenient")]
    pub status_message: String,
    /// 0..=100.
    #[serde(deserialize_with = "lenient")]
    pub progress: i64,
    #[serde(deserialize_with = "lenient")]
    pub cause: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub start_time: String,
    #[serde(deserialize_with = "lenient")]
    pub end_time: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub total_capacity: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub attached_capacity: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub auto_created_capacity: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_instance_number: i64,
    #[serde(deserialize_with = "lenient")]
    pub created_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub destroyed_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub started_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub stopped_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub error_code: String,
    #[serde(deserialize_with = "lenient")]
    pub error_message: String,
    #[serde(deserialize_with = "lenient")]
    pub detail: String,
    /// `Cms` | `APIs` | `Ess`.
    #[serde(deserialize_with = "lenient")]
    pub trigger_source_type: String,
    #[serde(deserialize_with = "lenient")]
    pub trigger_source_id: String,
    #[serde(deserialize_with = "lenient")]
    pub activity_metadata: String,
}

impl ScalingActivity {
    /// Whether the activity has finished (successfully or not).
    pub fn is_terminal(&self) -> bool {
        activity_status::is_terminal(&self.status_code)
    }
}

wrapped_list!(
    /// `ScalingActivities: {"ScalingActivity": [...]}`.
    ScalingActivities,
    "ScalingActivity",
    ScalingActivity
);

/// DescribeScalingActivities response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub scaling_activities: ScalingActivities,
}

wrapped_list!(
    /// `VSwitchIds: {"VSwitchId": [...]}`.
    VSwitchIds,
    "VSwitchId",
    String
);
wrapped_list!(
    /// `LoadBalancerIds: {"LoadBalancerId": [...]}`.
    LoadBalancerIds,
    "LoadBalancerId",
    String
);
wrapped_list!(
    /// `DBInstanceIds: {"DBInstanceId": [...]}`.
    DbInstanceIds,
    "DBInstanceId",
    String
);
wrapped_list!(
    /// `SuspendedProcesses: {"SuspendedProcess": [...]}`.
    SuspendedProcesses,
    "SuspendedProcess",
    String
);
wrapped_list!(
    /// `RemovalPolicies: {"RemovalPolicy": [...]}`.
    RemovalPolicies,
    "RemovalPolicy",
    String
);

/// One element of `ScalingGroups.ScalingGroup[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ScalingGroup {
    #[serde(deserialize_with = "lenient")]
    pub scaling_group_id: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_group_name: String,
    /// See [`group_state`].
    #[serde(deserialize_with = "lenient")]
    pub lifecycle_state: String,
    #[serde(deserialize_with = "lenient")]
    pub min_size: i64,
    #[serde(deserialize_with = "lenient")]
    pub max_size: i64,
    /// Only when the group uses expected capacity.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub desired_capacity: Option<i64>,
    #[serde(deserialize_with = "lenient")]
    pub enable_desired_capacity: bool,
    #[serde(deserialize_with = "lenient")]
    pub total_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub active_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub pending_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub removing_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub standby_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub protected_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub stopped_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub pending_wait_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub removing_wait_capacity: i64,
    #[serde(deserialize_with = "lenient")]
    pub total_instance_count: i64,
    #[serde(deserialize_with = "lenient")]
    pub active_scaling_configuration_id: String,
    #[serde(deserialize_with = "lenient")]
    pub launch_template_id: String,
    #[serde(deserialize_with = "lenient")]
    pub launch_template_version: String,
    #[serde(rename = "VSwitchId", deserialize_with = "lenient")]
    pub v_switch_id: String,
    #[serde(rename = "VSwitchIds", deserialize_with = "nullable")]
    pub v_switch_ids: VSwitchIds,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(deserialize_with = "nullable")]
    pub load_balancer_ids: LoadBalancerIds,
    #[serde(rename = "DBInstanceIds", deserialize_with = "nullable")]
    pub db_instance_ids: DbInstanceIds,
    #[serde(deserialize_with = "nullable")]
    pub suspended_processes: SuspendedProcesses,
    #[serde(deserialize_with = "lenient")]
    pub system_suspended: bool,
    #[serde(deserialize_with = "nullable")]
    pub removal_policies: RemovalPolicies,
    #[serde(deserialize_with = "lenient")]
    pub default_cooldown: i64,
    #[serde(rename = "MultiAZPolicy", deserialize_with = "lenient")]
    pub multi_az_policy: String,
    #[serde(deserialize_with = "lenient")]
    pub health_check_type: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_policy: String,
    /// `ECS` | `ECI`.
    #[serde(deserialize_with = "lenient")]
    pub group_type: String,
    #[serde(deserialize_with = "lenient")]
    pub group_deletion_protection: bool,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub modification_time: String,
}

wrapped_list!(
    /// `ScalingGroups: {"ScalingGroup": [...]}`.
    ScalingGroups,
    "ScalingGroup",
    ScalingGroup
);

/// DescribeScalingGroups response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingGroupsResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub scaling_groups: ScalingGroups,
}

wrapped_list!(
    /// `InstanceTypes: {"InstanceType": [...]}`.
    InstanceTypes,
    "InstanceType",
    String
);

/// A configuration's `{Key, Value}` tag.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ConfigurationTag {
    #[serde(deserialize_with = "lenient")]
    pub key: String,
    #[serde(deserialize_with = "lenient")]
    pub value: String,
}

wrapped_list!(
    /// `Tags: {"Tag": [...]}` of a scaling configuration.
    ConfigurationTags,
    "Tag",
    ConfigurationTag
);

/// One element of `ScalingConfigurations.ScalingConfiguration[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ScalingConfiguration {
    #[serde(deserialize_with = "lenient")]
    pub scaling_configuration_id: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_configuration_name: String,
    #[serde(deserialize_with = "lenient")]
    pub scaling_group_id: String,
    /// See [`configuration_state`].
    #[serde(deserialize_with = "lenient")]
    pub lifecycle_state: String,
    /// The first (or only) instance type.
    #[serde(deserialize_with = "lenient")]
    pub instance_type: String,
    /// Every instance type of a multi-type configuration (`InstanceType` first).
    #[serde(deserialize_with = "nullable")]
    pub instance_types: InstanceTypes,
    #[serde(deserialize_with = "lenient")]
    pub instance_generation: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_name: String,
    #[serde(deserialize_with = "lenient")]
    pub image_id: String,
    #[serde(deserialize_with = "lenient")]
    pub security_group_id: String,
    #[serde(deserialize_with = "lenient")]
    pub io_optimized: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_max_bandwidth_in: i64,
    #[serde(deserialize_with = "lenient")]
    pub internet_max_bandwidth_out: i64,
    #[serde(deserialize_with = "lenient")]
    pub system_disk_category: String,
    #[serde(deserialize_with = "lenient")]
    pub system_disk_size: i64,
    #[serde(deserialize_with = "lenient")]
    pub load_balancer_weight: i64,
    #[serde(deserialize_with = "lenient")]
    pub key_pair_name: String,
    #[serde(deserialize_with = "lenient")]
    pub ram_role_name: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: ConfigurationTags,
}

impl ScalingConfiguration {
    /// Every instance type the configuration launches (`InstanceTypes`, else
    /// `InstanceType`), without repeats. AttachInstances refuses an instance whose type
    /// is not among those of the group's active configuration
    /// (`InvalidInstanceId.InstanceTypeMismatch`).
    pub fn all_instance_types(&self) -> Vec<&str> {
        super::distinct(
            std::iter::once(self.instance_type.as_str())
                .chain(self.instance_types.items.iter().map(String::as_str)),
        )
    }
}

wrapped_list!(
    /// `ScalingConfigurations: {"ScalingConfiguration": [...]}`.
    ScalingConfigurations,
    "ScalingConfiguration",
    ScalingConfiguration
);

/// DescribeScalingConfigurations response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeScalingConfigurationsResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub scaling_configurations: ScalingConfigurations,
}

wire_response!(
    DescribeScalingConfigurationsResponse,
    ScalingActivityResponse,
    DescribeScalingInstancesResponse,
    DescribeScalingActivitiesResponse,
    DescribeScalingGroupsResponse,
);

// ------------------------------------------------------------------------------------
// Metadata and pagination
// ------------------------------------------------------------------------------------

params_action!(AttachInstancesRequest => AttachInstancesResponse,
    Cloud::Alibaba, "AttachInstances", ALIBABA_ESS_VERSION, "ess", HttpMethod::Post);
params_action!(DetachInstancesRequest => DetachInstancesResponse,
    Cloud::Alibaba, "DetachInstances", ALIBABA_ESS_VERSION, "ess", HttpMethod::Post);
params_action!(DescribeScalingInstancesRequest => DescribeScalingInstancesResponse,
    Cloud::Alibaba, "DescribeScalingInstances", ALIBABA_ESS_VERSION, "ess", HttpMethod::Post);
params_action!(DescribeScalingActivitiesRequest => DescribeScalingActivitiesResponse,
    Cloud::Alibaba, "DescribeScalingActivities", ALIBABA_ESS_VERSION, "ess", HttpMethod::Post);
params_action!(DescribeScalingGroupsRequest => DescribeScalingGroupsResponse,
    Cloud::Alibaba, "DescribeScalingGroups", ALIBABA_ESS_VERSION, "ess", HttpMethod::Post);
params_action!(DescribeScalingConfigurationsRequest => DescribeScalingConfigurationsResponse,
    Cloud::Alibaba, "DescribeScalingConfigurations", ALIBABA_ESS_VERSION, "ess", HttpMethod::Post);

page_number_paginated!(
    DescribeScalingConfigurationsRequest,
    ScalingConfiguration,
    DESCRIBE_SCALING_CONFIGURATIONS_PAGE,
    scaling_configurations
);

page_number_paginated!(
    DescribeScalingInstancesRequest,
    ScalingInstance,
    DESCRIBE_SCALING_INSTANCES_PAGE,
    scaling_instances
);
page_number_paginated!(
    DescribeScalingActivitiesRequest,
    ScalingActivity,
    DESCRIBE_SCALING_ACTIVITIES_PAGE,
    scaling_activities
);
page_number_paginated!(
    DescribeScalingGroupsRequest,
    ScalingGroup,
    DESCRIBE_SCALING_GROUPS_PAGE,
    scaling_groups
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::owned_params;
    use crate::api::Paginated;
    use crate::api::{ApiAction, ResponseError};
    use serde_json::{json, Value};

    fn round_trip<T>(req: &T)
    where
        T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
    {
        assert_eq!(&T::decode(&req.encode()).unwrap(), req, "params round trip");
        let json = serde_json::to_string(req).unwrap();
        assert_eq!(
            &serde_json::from_str::<T>(&json).unwrap(),
            req,
            "JSON round trip"
        );
    }

    #[test]
    fn attach_matches_seed_example() {
        // Seed: Action=AttachInstances&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ****
        //       &InstanceId.1=i-28wt4****
        let wire = owned_params(&[
            ("Action", "AttachInstances"),
            ("ScalingGroupId", "AG6CQdPU8OKdwLjgZcJ****"),
            ("InstanceId.1", "i-28wt4****"),
        ]);
        let req = AttachInstancesRequest::from_params(&wire).unwrap();
        assert_eq!(req.scaling_group_id, "AG6CQdPU8OKdwLjgZcJ****");
        assert_eq!(req.instance_ids, vec!["i-28wt4****".to_string()]);
        assert_eq!(req.region_id, None);
        assert_eq!(req.weight_of(0), 50);
        assert_eq!(
            req.to_params(),
            owned_params(&[
                ("ScalingGroupId", "AG6CQdPU8OKdwLjgZcJ****"),
                ("InstanceId.1", "i-28wt4****"),
            ])
        );
        round_trip(&req);
    }

    #[test]
    fn attach_full_round_trip() {
        let req = AttachInstancesRequest {
            region_id: Some("cn-hangzhou".into()),
            scaling_group_id: "asg-1".into(),
            instance_ids: vec!["i-1".into(), "i-2".into(), "i-3".into()],
            load_balancer_weights: vec![0, 50, 100],
            entrusted: Some(true),
            lifecycle_hook: Some(false),
            ignore_invalid_instance: Some(true),
            client_token: Some("tok".into()),
        };
        let p = req.to_params();
        assert!(p.contains(&("InstanceId.3".into(), "i-3".into())));
        assert!(p.contains(&("LoadBalancerWeight.1".into(), "0".into())));
        assert!(p.contains(&("LoadBalancerWeight.3".into(), "100".into())));
        assert!(p.contains(&("Entrusted".into(), "true".into())));
        round_trip(&req);
        assert_eq!(req.weight_of(2), 100);
    }

    #[test]
    fn attach_rejects_bad_params() {
        let no_ids = owned_params(&[("ScalingGroupId", "asg-1")]);
        assert_eq!(
            AttachInstancesRequest::from_params(&no_ids),
            Err(ParamError::Missing {
                name: "InstanceId.1".into()
            })
        );
        let mut many = owned_params(&[("ScalingGroupId", "asg-1")]);
        many.extend((1..=21).map(|i| (format!("InstanceId.{i}"), format!("i-{i}"))));
        assert_eq!(
            AttachInstancesRequest::from_params(&many),
            Err(ParamError::TooMany {
                name: "InstanceId.N".into(),
                max: 20,
                got: 21
            })
        );
        let bad_weight = owned_params(&[
            ("ScalingGroupId", "asg-1"),
            ("InstanceId.1", "i-1"),
            ("LoadBalancerWeight.1", "heavy"),
        ]);
        assert!(matches!(
            AttachInstancesRequest::from_params(&bad_weight),
            Err(ParamError::Malformed { ref name, .. }) if name == "LoadBalancerWeight.1"
        ));
        let no_group = owned_params(&[("InstanceId.1", "i-1")]);
        assert_eq!(
            AttachInstancesRequest::from_params(&no_group),
            Err(ParamError::Missing {
                name: "ScalingGroupId".into()
            })
        );
    }

    #[test]
    fn detach_round_trip() {
        let req = DetachInstancesRequest {
            region_id: Some("cn-hangzhou".into()),
            scaling_group_id: "asg-1".into(),
            instance_ids: vec!["i-1".into()],
            decrease_desired_capacity: Some(true),
            detach_option: Some("both".into()),
            lifecycle_hook: Some(false),
            ignore_invalid_instance: Some(false),
            client_token: Some("tok".into()),
        };
        round_trip(&req);
        let p = req.to_params();
        assert!(p.contains(&("DecreaseDesiredCapacity".into(), "true".into())));
        assert!(p.contains(&("DetachOption".into(), "both".into())));
    }

    #[test]
    fn describe_requests_round_trip() {
        round_trip(&DescribeScalingInstancesRequest {
            region_id: "cn-hangzhou".into(),
            scaling_group_id: Some("asg-1".into()),
            creation_type: Some("Attached".into()),
            lifecycle_state: Some("Pending:Wait".into()),
            instance_ids: vec!["i-1".into(), "i-2".into()],
            page_number: Some(3),
            page_size: Some(50),
            ..Default::default()
        });
        round_trip(&DescribeScalingActivitiesRequest {
            region_id: "cn-hangzhou".into(),
            scaling_group_id: Some("asg-1".into()),
            scaling_activity_ids: vec!["act-1".into()],
            status_code: Some("InProgress".into()),
            page_size: Some(10),
            ..Default::default()
        });
        let groups = DescribeScalingGroupsRequest {
            region_id: "cn-hangzhou".into(),
            scaling_group_ids: vec!["asg-1".into(), "asg-2".into()],
            scaling_group_name: Some("web".into()),
            scaling_group_names: vec!["a".into(), "b".into()],
            group_type: Some("ECS".into()),
            ..Default::default()
        };
        let p = groups.to_params();
        assert!(p.contains(&("ScalingGroupId.2".into(), "asg-2".into())));
        assert!(p.contains(&("ScalingGroupName".into(), "web".into())));
        assert!(p.contains(&("ScalingGroupName.1".into(), "a".into())));
        round_trip(&groups);
    }

    #[test]
    fn describe_requests_reject_bad_paging() {
        let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageSize", "51")]);
        assert!(matches!(
            DescribeScalingInstancesRequest::from_params(&p),
            Err(ParamError::OutOfRange { max: 50, .. })
        ));
        let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageNumber", "x")]);
        assert!(matches!(
            DescribeScalingActivitiesRequest::from_params(&p),
            Err(ParamError::Malformed { ref name, .. }) if name == "PageNumber"
        ));
        let p = owned_params(&[("PageSize", "10")]);
        assert_eq!(
            DescribeScalingGroupsRequest::from_params(&p),
            Err(ParamError::Missing {
                name: "RegionId".into()
            })
        );
        let mut p = owned_params(&[("RegionId", "cn-hangzhou")]);
        p.extend((1..=21).map(|i| (format!("ScalingActivityId.{i}"), format!("a-{i}"))));
        assert!(matches!(
            DescribeScalingActivitiesRequest::from_params(&p),
            Err(ParamError::TooMany { max: 20, .. })
        ));
    }

    #[test]
    fn attach_response_seed_example() {
        let body = br#"{
            "RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
            "ScalingActivityId":"bybj9OcaOT4ucPMbFhcq****"
        }"#;
        let r = AttachInstancesRequest::decode_response(200, body).unwrap();
        assert_eq!(r.request_id, "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E");
        assert_eq!(r.scaling_activity_id, "bybj9OcaOT4ucPMbFhcq****");
        assert_eq!(
            AttachInstancesRequest::encode_response(&r, "cn-hangzhou"),
            serde_json::from_slice::<Value>(body).unwrap()
        );
    }

    #[test]
    fn attach_error_seed_code() {
        let body = br#"{"RequestId":"r","HostId":"ess.aliyuncs.com","Code":"IncorrectCapacity.MaxSize","Message":"To attach the instances, the total capacity will be greater than the MaxSize."}"#;
        match AttachInstancesRequest::decode_response(400, body) {
            Err(ResponseError::Cloud(p)) => {
                assert_eq!(p.code, "IncorrectCapacity.MaxSize");
                assert_eq!(p.http_status, 400);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn scaling_instances_response() {
        let body = json!({
            "RequestId": "r",
            "TotalCount": 12,
            "TotalSpotCount": 0,
            "PageNumber": 1,
            "PageSize": 10,
            "ScalingInstances": {"ScalingInstance": [{
                "InstanceId": "i-28wt4****",
                "ScalingGroupId": "AG6CQdPU8OKdwLjgZcJ****",
                "LifecycleState": "InService",
                "HealthStatus": "Healthy",
                "CreationType": "Attached",
                "Entrusted": true,
                "LoadBalancerWeight": 50,
                "CreationTime": "2024-01-10T10:41Z",
                "CreatedTime": "2024-01-10T10:41:30Z",
                "ZoneId": "cn-hangzhou-g",
                "WarmupState": "NoNeedWarmup",
                "WeightedCapacity": 1
            }]}
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeScalingInstancesRequest::decode_response(200, &raw).unwrap();
        let inst = &r.scaling_instances.items[0];
        assert_eq!(inst.creation_type, creation_type::ATTACHED);
        assert!(inst.entrusted);
        assert_eq!(inst.load_balancer_weight, Some(50));
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["ScalingInstances"]["ScalingInstance"][0]["LoadBalancerWeight"],
            json!(50)
        );
        // Page 1 of 12 with the default size 10 → there is a page 2.
        let req = DescribeScalingInstancesRequest {
            region_id: "cn-hangzhou".into(),
            scaling_group_id: Some("AG6CQdPU8OKdwLjgZcJ****".into()),
            ..Default::default()
        };
        let r10 = DescribeScalingInstancesResponse {
            scaling_instances: vec![ScalingInstance::default(); 10].into(),
            ..r.clone()
        };
        let next = req.next_page(&r10).unwrap();
        assert_eq!(next.page_number, Some(2));
        assert_eq!(next.scaling_group_id, req.scaling_group_id);
        let last = DescribeScalingInstancesResponse {
            page_number: 2,
            scaling_instances: vec![ScalingInstance::default(); 2].into(),
            ..r
        };
        assert!(next.next_page(&last).is_none());
    }

    #[test]
    fn scaling_activities_response_string_capacities() {
        let body = br#"{
            "RequestId": "r",
            "TotalCount": "1",
            "PageNumber": "1",
            "PageSize": "10",
            "ScalingActivities": {"ScalingActivity": [{
                "ScalingActivityId": "bybj9OcaOT4ucPMbFhcq****",
                "ScalingGroupId": "asg-1",
                "StatusCode": "Warning",
                "StatusMessage": "partially failed",
                "Progress": 100,
                "TotalCapacity": "3",
                "AttachedCapacity": "2",
                "AutoCreatedCapacity": 1,
                "ScalingInstanceNumber": 1,
                "TriggerSourceType": "APIs"
            }]}
        }"#;
        let r = DescribeScalingActivitiesRequest::decode_response(200, body).unwrap();
        assert_eq!(r.total_count, 1);
        let act = &r.scaling_activities.items[0];
        assert!(act.is_terminal());
        assert_eq!(act.total_capacity, "3");
        assert_eq!(act.auto_created_capacity, "1");
        assert_eq!(act.progress, 100);
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["ScalingActivities"]["ScalingActivity"][0]["AttachedCapacity"],
            json!("2")
        );
        assert_eq!(out["TotalCount"], json!(1));
        assert!(!activity_status::is_terminal("InProgress"));
        assert!(activity_status::is_terminal("Rejected"));
    }

    #[test]
    fn scaling_groups_response_nested_lists() {
        let body = json!({
            "RequestId": "r",
            "TotalCount": 1,
            "PageNumber": 1,
            "PageSize": 10,
            "ScalingGroups": {"ScalingGroup": [{
                "ScalingGroupId": "asg-1",
                "ScalingGroupName": "web",
                "LifecycleState": "Active",
                "MinSize": 0,
                "MaxSize": 5,
                "TotalCapacity": 2,
                "ActiveCapacity": 2,
                "VSwitchId": "vsw-1",
                "VSwitchIds": {"VSwitchId": ["vsw-1", "vsw-2"]},
                "VpcId": "vpc-1",
                "RegionId": "cn-hangzhou",
                "LoadBalancerIds": {"LoadBalancerId": ["lb-1"]},
                "DBInstanceIds": {"DBInstanceId": []},
                "SuspendedProcesses": {"SuspendedProcess": ["ScaleIn"]},
                "MultiAZPolicy": "PRIORITY",
                "GroupType": "ECS"
            }]}
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeScalingGroupsRequest::decode_response(200, &raw).unwrap();
        let g = &r.scaling_groups.items[0];
        assert_eq!(g.lifecycle_state, group_state::ACTIVE);
        assert_eq!(g.max_size, 5);
        assert_eq!(g.v_switch_ids.items, vec!["vsw-1", "vsw-2"]);
        assert_eq!(g.load_balancer_ids.items, vec!["lb-1"]);
        assert_eq!(g.suspended_processes.items, vec!["ScaleIn"]);
        assert_eq!(g.multi_az_policy, "PRIORITY");
        assert_eq!(g.desired_capacity, None);
        let out = serde_json::to_value(&r).unwrap();
        let og = &out["ScalingGroups"]["ScalingGroup"][0];
        assert_eq!(og["VSwitchIds"]["VSwitchId"][1], json!("vsw-2"));
        assert_eq!(og["DBInstanceIds"]["DBInstanceId"], json!([]));
        assert_eq!(og["MaxSize"], json!(5));
        assert!(og.get("DesiredCapacity").is_none());
        // An unknown group id → empty list means gone.
        let empty = br#"{"RequestId":"r","TotalCount":0,"PageNumber":1,"PageSize":10,"ScalingGroups":{"ScalingGroup":[]}}"#;
        let r = DescribeScalingGroupsRequest::decode_response(200, empty).unwrap();
        assert!(r.scaling_groups.items.is_empty());
    }

    #[test]
    fn describe_scaling_configurations_round_trip_and_response() {
        let req = DescribeScalingConfigurationsRequest {
            region_id: "cn-hangzhou".into(),
            scaling_group_id: Some("asg-1".into()),
            scaling_configuration_ids: vec!["asc-1".into(), "asc-2".into()],
            page_size: Some(50),
            ..Default::default()
        };
        assert!(req
            .to_params()
            .contains(&("ScalingConfigurationId.2".into(), "asc-2".into())));
        round_trip(&req);
        let ids: Vec<String> = (1..=11).map(|i| format!("asc-{i}")).collect();
        let too_many = DescribeScalingConfigurationsRequest {
            scaling_configuration_ids: ids,
            ..req.clone()
        };
        assert!(matches!(
            DescribeScalingConfigurationsRequest::from_params(&too_many.to_params()),
            Err(ParamError::TooMany { max: 10, .. })
        ));
        let body = json!({
            "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
            "ScalingConfigurations": {"ScalingConfiguration": [{
                "ScalingConfigurationId": "asc-1", "ScalingGroupId": "asg-1",
                "LifecycleState": "Active", "InstanceType": "ecs.g6.large",
                "InstanceTypes": {"InstanceType": ["ecs.g6.large", "ecs.g6.xlarge"]},
                "SystemDiskSize": "40"
            }]}
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeScalingConfigurationsRequest::decode_response(200, &raw).unwrap();
        let c = &r.scaling_configurations.items[0];
        assert_eq!(
            c.all_instance_types(),
            vec!["ecs.g6.large", "ecs.g6.xlarge"]
        );
        assert_eq!(c.system_disk_size, 40);
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["ScalingConfigurations"]["ScalingConfiguration"][0]["InstanceTypes"]
                ["InstanceType"][1],
            json!("ecs.g6.xlarge")
        );
    }
}
