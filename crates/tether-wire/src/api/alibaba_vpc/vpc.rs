//! Alibaba VPC DescribeVpcs: whether a VPC is the region's default one (an EIP cannot be
//! bound there).

use serde::{Deserialize, Serialize};

use super::{Tags, DESCRIBE_VPC_RESOURCES_PAGE, VPC_IDS_MAX};
use crate::api::fields::{CommaList, Flag, Optional, PageNumber, PageSize, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::ALIBABA_VPC;

wire_request! {
    /// DescribeVpcs. `IsDefault` filters on the default VPC when given.
    pub struct DescribeVpcsRequest: params {
        region_id: String = "RegionId" => Required,
        /// `VpcId`, comma-separated on the wire (≤ 20).
        vpc_ids: Vec<String> = "VpcId" => CommaList(VPC_IDS_MAX),
        vpc_name: Option<String> = "VpcName" => Optional,
        is_default: Option<bool> = "IsDefault" => Flag,
        dry_run: Option<bool> = "DryRun" => Flag,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=50, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_VPC_RESOURCES_PAGE),
    }
}

wrapped_list!(
    /// `VSwitchIds: {"VSwitchId": [...]}`.
    VSwitchIds,
    "VSwitchId",
    String
);
wrapped_list!(
    /// `NatGatewayIds: {"NatGatewayIds": [...]}` (the inner key repeats the outer one).
    NatGatewayIds,
    "NatGatewayIds",
    String
);
wrapped_list!(
    /// `RouterTableIds: {"RouterTableIds": [...]}`.
    RouterTableIds,
    "RouterTableIds",
    String
);

/// One element of `Vpcs.Vpc[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Vpc {
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_name: String,
    /// `Pending` | `Available`.
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    /// The region's default VPC (an EIP cannot be bound there: `OperationDenied`).
    #[serde(deserialize_with = "lenient")]
    pub is_default: bool,
    #[serde(deserialize_with = "lenient")]
    pub cidr_block: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(rename = "VRouterId", deserialize_with = "lenient")]
    pub v_router_id: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(rename = "VSwitchIds", deserialize_with = "nullable")]
    pub v_switch_ids: VSwitchIds,
    #[serde(deserialize_with = "nullable")]
    pub nat_gateway_ids: NatGatewayIds,
    #[serde(deserialize_with = "nullable")]
    pub router_table_ids: RouterTableIds,
    #[serde(deserialize_with = "nullable")]
    pub tags: Tags,
}

wrapped_list!(
    /// `Vpcs: {"Vpc": [...]}`.
    Vpcs,
    "Vpc",
    Vpc
);

/// DescribeVpcs response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeVpcsResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub vpcs: Vpcs,
}

wire_response!(DescribeVpcsResponse);

api_action!(ALIBABA_VPC, DescribeVpcsRequest => DescribeVpcsResponse, "DescribeVpcs");

page_number_paginated!(DescribeVpcsRequest, Vpc, DESCRIBE_VPC_RESOURCES_PAGE, vpcs);
