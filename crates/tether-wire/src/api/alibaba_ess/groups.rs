//! ESS DescribeScalingGroups: a group's state, capacities, network (VPC, vSwitches), load
//! balancers and active scaling configuration.

use super::{DESCRIBE_SCALING_GROUPS_PAGE, SCALING_GROUP_IDS_MAX};
pub use crate::api::alibaba_vpc::VSwitchIds;
use crate::api::fields::{Optional, Repeated, Required};
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
        ..numbered_pages(DESCRIBE_SCALING_GROUPS_PAGE),
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

lenient_struct! {
    /// One element of `ScalingGroups.ScalingGroup[]`.
    pub struct ScalingGroup {
        scaling_group_id: String,
        scaling_group_name: String,
        /// See [`group_state`](super::group_state).
        lifecycle_state: String,
        min_size: i64,
        max_size: i64,
        /// Only when the group uses expected capacity.
        #[serde(skip_serializing_if = "Option::is_none")]
        desired_capacity: Option<i64>,
        enable_desired_capacity: bool,
        total_capacity: i64,
        active_capacity: i64,
        pending_capacity: i64,
        removing_capacity: i64,
        standby_capacity: i64,
        protected_capacity: i64,
        stopped_capacity: i64,
        pending_wait_capacity: i64,
        removing_wait_capacity: i64,
        total_instance_count: i64,
        active_scaling_configuration_id: String,
        launch_template_id: String,
        launch_template_version: String,
        #[serde(rename = "VSwitchId")]
        v_switch_id: String,
        #[serde(rename = "VSwitchIds")]
        v_switch_ids: VSwitchIds => nullable,
        vpc_id: String,
        region_id: String,
        load_balancer_ids: LoadBalancerIds => nullable,
        #[serde(rename = "DBInstanceIds")]
        db_instance_ids: DbInstanceIds => nullable,
        suspended_processes: SuspendedProcesses => nullable,
        system_suspended: bool,
        removal_policies: RemovalPolicies => nullable,
        default_cooldown: i64,
        #[serde(rename = "MultiAZPolicy")]
        multi_az_policy: String,
        health_check_type: String,
        scaling_policy: String,
        /// `ECS` | `ECI`.
        group_type: String,
        group_deletion_protection: bool,
        resource_group_id: String,
        creation_time: String,
        modification_time: String,
    }
}

wrapped_list!(
    /// `ScalingGroups: {"ScalingGroup": [...]}`.
    ScalingGroups,
    "ScalingGroup",
    ScalingGroup
);

lenient_struct! {
    /// DescribeScalingGroups response.
    pub struct DescribeScalingGroupsResponse {
        ..numbered_page,
        scaling_groups: ScalingGroups => nullable,
    }
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
