//! Alibaba VPC DescribeNatGateways: a NAT gateway's existence and status (an EIP binds only
//! an `Available` one).

use serde::{Deserialize, Serialize};

use super::DESCRIBE_VPC_RESOURCES_PAGE;
use crate::api::alibaba_ecs::{EcsTag, EcsTags};
use crate::api::fields::{Flag, Optional, PageNumber, PageSize, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::ALIBABA_VPC;

wire_request! {
    /// DescribeNatGateways. `NatGatewayId` takes one id.
    pub struct DescribeNatGatewaysRequest: params {
        region_id: String = "RegionId" => Required,
        nat_gateway_id: Option<String> = "NatGatewayId" => Optional,
        vpc_id: Option<String> = "VpcId" => Optional,
        name: Option<String> = "Name" => Optional,
        /// `Creating` | `Available` | `Modifying` | `Deleting` | `Converting`.
        status: Option<String> = "Status" => Optional,
        /// `internet` | `intranet`.
        network_type: Option<String> = "NetworkType" => Optional,
        zone_id: Option<String> = "ZoneId" => Optional,
        dry_run: Option<bool> = "DryRun" => Flag,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=50, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_VPC_RESOURCES_PAGE),
    }
}

/// One element of `NatGateways.NatGateway[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatGateway {
    #[serde(deserialize_with = "lenient")]
    pub nat_gateway_id: String,
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    /// `Creating` | `Available` | `Modifying` | `Deleting` | `Converting`.
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    /// `Normal` | `FinancialLocked` | `SecurityLocked`.
    #[serde(deserialize_with = "lenient")]
    pub business_status: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    /// `internet` | `intranet`.
    #[serde(deserialize_with = "lenient")]
    pub network_type: String,
    /// `Enhanced`.
    #[serde(deserialize_with = "lenient")]
    pub nat_type: String,
    #[serde(deserialize_with = "lenient")]
    pub spec: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_time: String,
    #[serde(deserialize_with = "lenient")]
    pub deletion_protection: bool,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: NatTags,
}

/// A `{TagKey, TagValue}` tag of a NAT gateway (the ECS tag shape).
pub type NatTag = EcsTag;
/// A NAT gateway's `Tags: {"Tag": [...]}`.
pub type NatTags = EcsTags;

wrapped_list!(
    /// `NatGateways: {"NatGateway": [...]}`.
    NatGateways,
    "NatGateway",
    NatGateway
);

/// DescribeNatGateways response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNatGatewaysResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub nat_gateways: NatGateways,
}

wire_response!(DescribeNatGatewaysResponse);

api_action!(ALIBABA_VPC, DescribeNatGatewaysRequest => DescribeNatGatewaysResponse, "DescribeNatGateways");

page_number_paginated!(
    DescribeNatGatewaysRequest,
    NatGateway,
    DESCRIBE_VPC_RESOURCES_PAGE,
    nat_gateways
);
