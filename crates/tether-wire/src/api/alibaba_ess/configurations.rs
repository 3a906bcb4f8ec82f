//! ESS DescribeScalingConfigurations: the instance types a group's active configuration
//! launches (AttachInstances refuses other types).

use super::{DESCRIBE_SCALING_CONFIGURATIONS_PAGE, SCALING_CONFIGURATION_IDS_MAX};
use crate::api::fields::{Optional, Repeated, Required};
use crate::api::ALIBABA_ESS;

wire_request! {
    /// DescribeScalingConfigurations. Unknown ids are silently omitted from the answer.
    pub struct DescribeScalingConfigurationsRequest: params {
        region_id: String = "RegionId" => Required,
        scaling_group_id: Option<String> = "ScalingGroupId" => Optional,
        /// `ScalingConfigurationId.N`, ≤ 10.
        scaling_configuration_ids: Vec<String> = "ScalingConfigurationId"
            => Repeated(SCALING_CONFIGURATION_IDS_MAX),
        /// `ScalingConfigurationName.N`, ≤ 10.
        scaling_configuration_names: Vec<String> = "ScalingConfigurationName"
            => Repeated(SCALING_CONFIGURATION_IDS_MAX),
        ..numbered_pages(DESCRIBE_SCALING_CONFIGURATIONS_PAGE),
    }
}

wrapped_list!(
    /// `InstanceTypes: {"InstanceType": [...]}`.
    InstanceTypes,
    "InstanceType",
    String
);

/// A configuration's `{Key, Value}` tag.
pub type ConfigurationTag = crate::api::alibaba_vpc::Tag;
/// `Tags: {"Tag": [...]}` of a scaling configuration.
pub type ConfigurationTags = crate::api::alibaba_vpc::Tags;

lenient_struct! {
    /// One element of `ScalingConfigurations.ScalingConfiguration[]`.
    pub struct ScalingConfiguration {
        scaling_configuration_id: String,
        scaling_configuration_name: String,
        scaling_group_id: String,
        /// See [`configuration_state`](super::configuration_state).
        lifecycle_state: String,
        /// The first (or only) instance type.
        instance_type: String,
        /// Every instance type of a multi-type configuration (`InstanceType` first).
        instance_types: InstanceTypes => nullable,
        instance_generation: String,
        instance_name: String,
        image_id: String,
        security_group_id: String,
        io_optimized: String,
        internet_charge_type: String,
        internet_max_bandwidth_in: i64,
        internet_max_bandwidth_out: i64,
        system_disk_category: String,
        system_disk_size: i64,
        load_balancer_weight: i64,
        key_pair_name: String,
        ram_role_name: String,
        creation_time: String,
        tags: ConfigurationTags => nullable,
    }
}

impl ScalingConfiguration {
    /// Every instance type the configuration launches (`InstanceTypes`, else
    /// `InstanceType`), without repeats. AttachInstances refuses an instance whose type
    /// is not among those of the group's active configuration
    /// (`InvalidInstanceId.InstanceTypeMismatch`).
    pub fn all_instance_types(&self) -> Vec<&str> {
        crate::api::distinct(
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

lenient_struct! {
    /// DescribeScalingConfigurations response.
    pub struct DescribeScalingConfigurationsResponse {
        ..numbered_page,
        scaling_configurations: ScalingConfigurations => nullable,
    }
}

wire_response!(DescribeScalingConfigurationsResponse);

api_action!(ALIBABA_ESS, DescribeScalingConfigurationsRequest => DescribeScalingConfigurationsResponse,
    "DescribeScalingConfigurations");

page_number_paginated!(
    DescribeScalingConfigurationsRequest,
    ScalingConfiguration,
    DESCRIBE_SCALING_CONFIGURATIONS_PAGE,
    scaling_configurations
);
