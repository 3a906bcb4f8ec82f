//! Alibaba VPC DescribeVpcs: whether a VPC is the region's default one (an EIP cannot be
//! bound there).

use super::{Tags, DESCRIBE_VPC_RESOURCES_PAGE, VPC_IDS_MAX};
use crate::api::fields::{CommaList, Flag, Optional, Required};
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
        ..numbered_pages(DESCRIBE_VPC_RESOURCES_PAGE),
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

lenient_struct! {
    /// One element of `Vpcs.Vpc[]`.
    pub struct Vpc {
        vpc_id: String,
        vpc_name: String,
        /// `Pending` | `Available`.
        status: String,
        /// The region's default VPC (an EIP cannot be bound there: `OperationDenied`).
        is_default: bool,
        cidr_block: String,
        region_id: String,
        #[serde(rename = "VRouterId")]
        v_router_id: String,
        description: String,
        creation_time: String,
        resource_group_id: String,
        #[serde(rename = "VSwitchIds")]
        v_switch_ids: VSwitchIds => nullable,
        nat_gateway_ids: NatGatewayIds => nullable,
        router_table_ids: RouterTableIds => nullable,
        tags: Tags => nullable,
    }
}

wrapped_list!(
    /// `Vpcs: {"Vpc": [...]}`.
    Vpcs,
    "Vpc",
    Vpc
);

lenient_struct! {
    /// DescribeVpcs response.
    pub struct DescribeVpcsResponse {
        ..numbered_page,
        vpcs: Vpcs => nullable,
    }
}

wire_response!(DescribeVpcsResponse);

api_action!(ALIBABA_VPC, DescribeVpcsRequest => DescribeVpcsResponse, "DescribeVpcs");

page_number_paginated!(DescribeVpcsRequest, Vpc, DESCRIBE_VPC_RESOURCES_PAGE, vpcs);
