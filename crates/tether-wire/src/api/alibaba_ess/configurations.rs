//! ESS DescribeScalingConfigurations: the instance types a group's active configuration
//! launches (AttachInstances refuses other types).

use serde::{Deserialize, Serialize};

use super::{DESCRIBE_SCALING_CONFIGURATIONS_PAGE, SCALING_CONFIGURATION_IDS_MAX};
use crate::api::fields::{Optional, PageNumber, PageSize, Repeated, Required};
use crate::api::lenient::{lenient, nullable};
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
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=50, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_SCALING_CONFIGURATIONS_PAGE),
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
    /// See [`configuration_state`](super::configuration_state).
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

wire_response!(DescribeScalingConfigurationsResponse);

api_action!(ALIBABA_ESS, DescribeScalingConfigurationsRequest => DescribeScalingConfigurationsResponse,
    "DescribeScalingConfigurations");

page_number_paginated!(
    DescribeScalingConfigurationsRequest,
    ScalingConfiguration,
    DESCRIBE_SCALING_CONFIGURATIONS_PAGE,
    scaling_configurations
);
