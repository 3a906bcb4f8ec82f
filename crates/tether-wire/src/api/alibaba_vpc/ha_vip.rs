//! Alibaba VPC DescribeHaVips: a HaVip's status (an EIP binds only an `Available` or `InUse`
//! one), filtered by `Filter.N.Key` / `Filter.N.Value.M`.

use super::{Tags, DESCRIBE_VPC_RESOURCES_PAGE, HA_VIP_FILTERS_MAX, HA_VIP_FILTER_VALUES_MAX};
use crate::api::fields::{KeyValuesList, Optional, Required};
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
        ..numbered_pages(DESCRIBE_VPC_RESOURCES_PAGE),
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

lenient_struct! {
    /// One element of `HaVips.HaVip[]`.
    pub struct HaVip {
        ha_vip_id: String,
        ip_address: String,
        /// `Creating` | `Available` | `InUse` | `Deleting`; an EIP binds only in `Available` or
        /// `InUse` (`IncorrectHaVipStatus`).
        status: String,
        vpc_id: String,
        #[serde(rename = "VSwitchId")]
        v_switch_id: String,
        region_id: String,
        name: String,
        description: String,
        /// `EcsInstance` | `NetworkInterface`.
        associated_instance_type: String,
        master_instance_id: String,
        associated_instances: AssociatedInstances => nullable,
        associated_eip_addresses: AssociatedEipAddresses => nullable,
        create_time: String,
        charge_type: String,
        resource_group_id: String,
        tags: Tags => nullable,
    }
}

wrapped_list!(
    /// `HaVips: {"HaVip": [...]}`.
    HaVips,
    "HaVip",
    HaVip
);

lenient_struct! {
    /// DescribeHaVips response.
    pub struct DescribeHaVipsResponse {
        ..numbered_page,
        ha_vips: HaVips => nullable,
    }
}

wire_response!(DescribeHaVipsResponse);

api_action!(ALIBABA_VPC, DescribeHaVipsRequest => DescribeHaVipsResponse, "DescribeHaVips");

page_number_paginated!(
    DescribeHaVipsRequest,
    HaVip,
    DESCRIBE_VPC_RESOURCES_PAGE,
    ha_vips
);
