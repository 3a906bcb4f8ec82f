//! ESS AttachInstances and DetachInstances (answered with the scaling activity to poll)
//! and DescribeScalingInstances (which group an instance belongs to, and how).

use super::{DEFAULT_LOAD_BALANCER_WEIGHT, DESCRIBE_SCALING_INSTANCES_PAGE, INSTANCE_IDS_MAX};
use crate::api::fields::{Flag, Optional, Repeated, RepeatedIntegers, RepeatedRequired, Required};
use crate::api::ALIBABA_ESS;

wire_request! {
    /// AttachInstances: add running ECS instances to a scaling group.
    pub struct AttachInstancesRequest: params {
        region_id: Option<String> = "RegionId" => Optional,
        scaling_group_id: String = "ScalingGroupId" => Required,
        /// `InstanceId.N`, 1..=20 ids.
        instance_ids: Vec<String> = "InstanceId" => RepeatedRequired(INSTANCE_IDS_MAX),
        /// `LoadBalancerWeight.N`: the N-th weight applies to the N-th instance (0..=100,
        /// default 50).
        load_balancer_weights: Vec<u32> = "LoadBalancerWeight"
            => RepeatedIntegers(INSTANCE_IDS_MAX),
        /// Let the group manage the instance's lifecycle (not for subscription instances).
        entrusted: Option<bool> = "Entrusted" => Flag,
        lifecycle_hook: Option<bool> = "LifecycleHook" => Flag,
        ignore_invalid_instance: Option<bool> = "IgnoreInvalidInstance" => Flag,
        client_token: Option<String> = "ClientToken" => Optional,
    }
}

impl AttachInstancesRequest {
    /// The weight that applies to the instance at `index` (given or the default 50).
    pub fn weight_of(&self, index: usize) -> u32 {
        self.load_balancer_weights
            .get(index)
            .copied()
            .unwrap_or(DEFAULT_LOAD_BALANCER_WEIGHT)
    }
}

wire_request! {
    /// DetachInstances: remove instances from a group without stopping or releasing them.
    pub struct DetachInstancesRequest: params {
        region_id: Option<String> = "RegionId" => Optional,
        scaling_group_id: String = "ScalingGroupId" => Required,
        /// `InstanceId.N`, 1..=20 ids.
        instance_ids: Vec<String> = "InstanceId" => RepeatedRequired(INSTANCE_IDS_MAX),
        /// Default true.
        decrease_desired_capacity: Option<bool> = "DecreaseDesiredCapacity" => Flag,
        /// Only value `both` (also remove from SLB server groups and RDS whitelists).
        detach_option: Option<String> = "DetachOption" => Optional,
        lifecycle_hook: Option<bool> = "LifecycleHook" => Flag,
        ignore_invalid_instance: Option<bool> = "IgnoreInvalidInstance" => Flag,
        client_token: Option<String> = "ClientToken" => Optional,
    }
}

wire_request! {
    /// DescribeScalingInstances. Unknown `InstanceId.N` values are silently ignored by the
    /// API.
    pub struct DescribeScalingInstancesRequest: params {
        region_id: String = "RegionId" => Required,
        scaling_group_id: Option<String> = "ScalingGroupId" => Optional,
        scaling_configuration_id: Option<String> = "ScalingConfigurationId" => Optional,
        /// `Healthy` | `Unhealthy`.
        health_status: Option<String> = "HealthStatus" => Optional,
        /// `InService`, `Pending`, `Pending:Wait`, `Protected`, `Standby`, `Stopped`,
        /// `Removing`, `Removing:Wait`.
        lifecycle_state: Option<String> = "LifecycleState" => Optional,
        /// `AutoCreated` | `Attached` | `Managed`.
        creation_type: Option<String> = "CreationType" => Optional,
        /// `InstanceId.N`, ≤ 20.
        instance_ids: Vec<String> = "InstanceId" => Repeated(INSTANCE_IDS_MAX),
        scaling_activity_id: Option<String> = "ScalingActivityId" => Optional,
        ..numbered_pages(DESCRIBE_SCALING_INSTANCES_PAGE),
    }
}

lenient_struct! {
    /// AttachInstances / DetachInstances response.
    #[derive(Eq)]
    pub struct ScalingActivityResponse {
        request_id: String,
        /// Poll DescribeScalingActivities with it.
        scaling_activity_id: String,
    }
}

pub type AttachInstancesResponse = ScalingActivityResponse;
pub type DetachInstancesResponse = ScalingActivityResponse;

lenient_struct! {
    /// One element of `ScalingInstances.ScalingInstance[]`.
    #[derive(Eq)]
    pub struct ScalingInstance {
        instance_id: String,
        scaling_group_id: String,
        lifecycle_state: String,
        health_status: String,
        /// See [`creation_type`](super::creation_type).
        creation_type: String,
        entrusted: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        load_balancer_weight: Option<i64>,
        scaling_configuration_id: String,
        launch_template_id: String,
        launch_template_version: String,
        /// Minute precision.
        creation_time: String,
        /// Second precision.
        created_time: String,
        zone_id: String,
        warmup_state: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        weighted_capacity: Option<i64>,
        spot_strategy: String,
        instance_type: String,
        private_ip_address: String,
        scaling_activity_id: String,
        scaling_instance_id: String,
    }
}

wrapped_list!(
    /// `ScalingInstances: {"ScalingInstance": [...]}`.
    ScalingInstances,
    "ScalingInstance",
    ScalingInstance
);

lenient_struct! {
    /// DescribeScalingInstances response.
    pub struct DescribeScalingInstancesResponse {
        request_id: String,
        total_count: u64,
        total_spot_count: u64,
        page_number: u64,
        page_size: u64,
        scaling_instances: ScalingInstances => nullable,
    }
}

wire_response!(ScalingActivityResponse, DescribeScalingInstancesResponse);

api_action!(ALIBABA_ESS, AttachInstancesRequest => AttachInstancesResponse, "AttachInstances");
api_action!(ALIBABA_ESS, DetachInstancesRequest => DetachInstancesResponse, "DetachInstances");
api_action!(ALIBABA_ESS, DescribeScalingInstancesRequest => DescribeScalingInstancesResponse,
    "DescribeScalingInstances");

page_number_paginated!(
    DescribeScalingInstancesRequest,
    ScalingInstance,
    DESCRIBE_SCALING_INSTANCES_PAGE,
    scaling_instances
);
