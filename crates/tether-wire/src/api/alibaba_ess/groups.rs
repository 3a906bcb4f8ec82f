//! ESS DescribeScalingGroups: a group's state, capacities, network (VPC, vSwitches), load
//! balancers and active scaling configuration.

use serde::{Deserialize, Serialize};

use super::{DESCRIBE_SCALING_GROUPS_PAGE, SCALING_GROUP_IDS_MAX};
pub use crate::api::alibaba_vpc::VSwitchIds;
use crate::api::fields::{Optional, PageNumber, PageSize, Repeated, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::ALIBABA_ESS;

wire_request! {
    /// DescribeScalingGroups. Unknown group ids are silently omitted from the answer.
    pub struct DescribeScalingGroupsRequest: params {
        region_id: String = "RegionId" => Required,
        /// `ScalingGroupId.N`, ≤ 20.
        scaling_group_ids: Vec<String> = "ScalingGroupId" => Repeated(SCALING_GROUP_IDS_MAX),
        scaling_group_name: Option<String> = "ScalingGroupName" => Optional,
        /// `ScalingGroupName.N`, ≤ 20.
        scaling_group_names: Vec<String> = "ScalingGroupName" json "ScalingGroupNames"
            => Repeated(SCALING_GROUP_IDS_MAX),
        /// `ECS` | `ECI`.
        group_type: Option<String> = "GroupType" => Optional,
        resource_group_id: Option<String> = "ResourceGroupId" => Optional,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=50, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_SCALING_GROUPS_PAGE),
    }
}

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
    /// See [`group_state`](super::group_state).
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

wire_response!(DescribeScalingGroupsResponse);

api_action!(ALIBABA_ESS, DescribeScalingGroupsRequest => DescribeScalingGroupsResponse,
    "DescribeScalingGroups");

page_number_paginated!(
    DescribeScalingGroupsRequest,
    ScalingGroup,
    DESCRIBE_SCALING_GROUPS_PAGE,
    scaling_groups
);
