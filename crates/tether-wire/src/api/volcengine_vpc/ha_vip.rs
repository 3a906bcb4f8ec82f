//! Volcengine VPC HaVip APIs: AssociateHaVip and DisassociateHaVip (the same parameters),
//! and DescribeHaVips (paged by PageNumber/PageSize or by NextToken/MaxResults).

use super::{Tag, DESCRIBE_HA_VIPS_PAGE, DESCRIBE_HA_VIPS_TOKEN_PAGE, HA_VIP_IDS_MAX, TAG_FILTERS};
use crate::api::fields::{Optional, PageSize, Repeated, Required};
use crate::api::params::KeyValues;
use crate::api::VOLCENGINE_VPC;

/// Declares a request with the parameters AssociateHaVip and DisassociateHaVip share: the
/// HaVip and the ECS instance or ENI bound to it.
macro_rules! ha_vip_binding_request {
    ($(#[$meta:meta])* $name:ident) => {
        wire_request! {
            $(#[$meta])*
            pub struct $name: params {
                ha_vip_id: String = "HaVipId" => Required,
                /// ECS instance id when `InstanceType` is omitted.
                instance_id: String = "InstanceId" => Required,
                /// `EcsInstance` (default) | `NetworkInterface`.
                instance_type: Option<String> = "InstanceType" => Optional,
                /// ASCII, ≤ 64 characters; no idempotency check without it.
                client_token: Option<String> = "ClientToken" => Optional,
            }
        }
    };
}

ha_vip_binding_request!(
    /// AssociateHaVip: bind an ECS instance or ENI to a HaVip.
    AssociateHaVipRequest
);
ha_vip_binding_request!(
    /// DisassociateHaVip: the same parameters as [`AssociateHaVipRequest`].
    DisassociateHaVipRequest
);

wire_request! {
    /// DescribeHaVips. All filters optional; with none it lists every HaVip of the region.
    pub struct DescribeHaVipsRequest: params {
        /// `HaVipIds.N` (≤ 100).
        ha_vip_ids: Vec<String> = "HaVipIds" => Repeated(HA_VIP_IDS_MAX),
        ha_vip_name: Option<String> = "HaVipName" => Optional,
        ip_address: Option<String> = "IpAddress" => Optional,
        vpc_id: Option<String> = "VpcId" => Optional,
        subnet_id: Option<String> = "SubnetId" => Optional,
        status: Option<String> = "Status" => Optional,
        project_name: Option<String> = "ProjectName" => Optional,
        /// `TagFilters.N.Key` / `TagFilters.N.Values.M`.
        tag_filters: Vec<KeyValues> = "TagFilters" => TAG_FILTERS,
        ..numbered_pages(DESCRIBE_HA_VIPS_PAGE),
        next_token: Option<String> = "NextToken" => Optional,
        /// 1..=100, default 10.
        max_results: Option<u32> = "MaxResults" => PageSize(DESCRIBE_HA_VIPS_TOKEN_PAGE),
    }
}

token_paged!(DescribeHaVipsRequest);

lenient_struct! {
    /// `Result` of AssociateHaVip / DisassociateHaVip.
    #[derive(Eq)]
    pub struct HaVipBindingResult {
        request_id: String,
        /// In the current Go SDK output, absent from older docs.
        #[serde(skip_serializing_if = "Option::is_none")]
        async_task_id: Option<String>,
    }
}

pub type AssociateHaVipResponse = HaVipBindingResult;
pub type DisassociateHaVipResponse = HaVipBindingResult;

lenient_struct! {
    /// One element of `HaVips[]`.
    #[derive(Eq)]
    pub struct HaVip {
        ha_vip_id: String,
        ha_vip_name: String,
        description: String,
        ip_address: String,
        /// See [`ha_vip_status`](super::ha_vip_status).
        status: String,
        vpc_id: String,
        subnet_id: String,
        account_id: String,
        project_name: String,
        created_at: String,
        updated_at: String,
        master_instance_id: String,
        associated_eip_id: String,
        associated_eip_address: String,
        /// `EcsInstance` | `NetworkInterface` (empty when nothing is bound).
        associated_instance_type: String,
        associated_instance_ids: Vec<String>,
        tags: Vec<Tag>,
    }
}

lenient_struct! {
    /// `Result` of DescribeHaVips.
    #[derive(Eq)]
    pub struct DescribeHaVipsResult {
        request_id: String,
        #[serde(rename = "HaVips")]
        ha_vips: Vec<HaVip>,
        total_count: u64,
        page_number: u64,
        page_size: u64,
        /// Empty when there is no further page.
        next_token: String,
    }
}

pub type DescribeHaVipsResponse = DescribeHaVipsResult;

wire_response!(HaVipBindingResult, DescribeHaVipsResult);

api_action!(VOLCENGINE_VPC, AssociateHaVipRequest => AssociateHaVipResponse, "AssociateHaVip");
api_action!(VOLCENGINE_VPC, DescribeHaVipsRequest => DescribeHaVipsResponse, "DescribeHaVips");
api_action!(VOLCENGINE_VPC, DisassociateHaVipRequest => DisassociateHaVipResponse, "DisassociateHaVip");

volcengine_paginated!(DescribeHaVipsRequest, HaVip, DESCRIBE_HA_VIPS_PAGE, ha_vips);
