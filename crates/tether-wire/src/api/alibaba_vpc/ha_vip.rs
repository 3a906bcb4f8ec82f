//! Alibaba VPC DescribeHaVips: a HaVip's status (an EIP binds only an `Available` or `InUse`
//! one), filtered by `Filter.N.Key` / `Filter.N.Value.M`.

use serde::{Deserialize, Serialize};

use super::{Tags, DESCRIBE_VPC_RESOURCES_PAGE, HA_VIP_FILTERS_MAX, HA_VIP_FILTER_VALUES_MAX};
use crate::api::fields::{KeyValuesList, Optional, PageNumber, PageSize, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::params::KeyValues;
use crate::api::ALIBABA_VPC;

wire_request! {
    /// DescribeHaVips: `Filter.N.Key` (one of [`HA_VIP_FILTER_KEYS`](super::HA_VIP_FILTER_KEYS))
    /// with `Filter.N.Value.M`; values of one key are ORed, keys are ANDed.
    pub struct DescribeHaVipsRequest: params {
        region_id: String = "RegionId" => Required,
        /// `Filter.N.Key` / `Filter.N.Value.M` (N, M ≤ 5).
        filters: Vec<KeyValues> = "Filter" => KeyValuesList {
            values_field: "Value",
            max: HA_VIP_FILTERS_MAX,
            max_values: HA_VIP_FILTER_VALUES_MAX,
        },
        resource_group_id: Option<String> = "ResourceGroupId" => Optional,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=50, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_VPC_RESOURCES_PAGE),
    }
}

impl DescribeHaVipsRequest {
    /// A request for the HaVips with these ids (at most
    /// [`HA_VIP_FILTER_VALUES_MAX`]).
    pub fn by_ids(region_id: &str, ids: &[String]) -> Self {
        DescribeHaVipsRequest {
            region_id: region_id.to_string(),
            filters: vec![KeyValues {
                key: "HaVipId".to_string(),
                values: ids.to_vec(),
            }],
            ..Default::default()
        }
    }
}

wrapped_list!(
    /// `AssociatedInstances: {"associatedInstance": [...]}` (lower-case `a` on the wire).
    AssociatedInstances,
    "associatedInstance",
    String
);
wrapped_list!(
    /// `AssociatedEipAddresses: {"associatedEipAddresse": [...]}` (sic).
    AssociatedEipAddresses,
    "associatedEipAddresse",
    String
);

/// One element of `HaVips.HaVip[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HaVip {
    #[serde(deserialize_with = "lenient")]
    pub ha_vip_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
    /// `Creating` | `Available` | `InUse` | `Deleting`; an EIP binds only in `Available` or
    /// `InUse` (`IncorrectHaVipStatus`).
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(rename = "VSwitchId", deserialize_with = "lenient")]
    pub v_switch_id: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    /// `EcsInstance` | `NetworkInterface`.
    #[serde(deserialize_with = "lenient")]
    pub associated_instance_type: String,
    #[serde(deserialize_with = "lenient")]
    pub master_instance_id: String,
    #[serde(deserialize_with = "nullable")]
    pub associated_instances: AssociatedInstances,
    #[serde(deserialize_with = "nullable")]
    pub associated_eip_addresses: AssociatedEipAddresses,
    #[serde(deserialize_with = "lenient")]
    pub create_time: String,
    #[serde(deserialize_with = "lenient")]
    pub charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: Tags,
}

wrapped_list!(
    /// `HaVips: {"HaVip": [...]}`.
    HaVips,
    "HaVip",
    HaVip
);

/// DescribeHaVips response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeHaVipsResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub ha_vips: HaVips,
}

wire_response!(DescribeHaVipsResponse);

api_action!(ALIBABA_VPC, DescribeHaVipsRequest => DescribeHaVipsResponse, "DescribeHaVips");

page_number_paginated!(
    DescribeHaVipsRequest,
    HaVip,
    DESCRIBE_VPC_RESOURCES_PAGE,
    ha_vips
);
