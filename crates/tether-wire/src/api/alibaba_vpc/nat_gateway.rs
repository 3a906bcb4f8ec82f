//! Alibaba VPC DescribeNatGateways: a NAT gateway's existence and status (an EIP binds only
//! an `Available` one).

use super::DESCRIBE_VPC_RESOURCES_PAGE;
use crate::api::alibaba_ecs::{EcsTag, EcsTags};
use crate::api::fields::{Flag, Optional, Required};
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
        ..numbered_pages(DESCRIBE_VPC_RESOURCES_PAGE),
    }
}

lenient_struct! {
    /// One element of `NatGateways.NatGateway[]`.
    pub struct NatGateway {
        nat_gateway_id: String,
        name: String,
        description: String,
        /// `Creating` | `Available` | `Modifying` | `Deleting` | `Converting`.
        status: String,
        /// `Normal` | `FinancialLocked` | `SecurityLocked`.
        business_status: String,
        vpc_id: String,
        region_id: String,
        /// `internet` | `intranet`.
        network_type: String,
        /// `Enhanced`.
        nat_type: String,
        spec: String,
        instance_charge_type: String,
        internet_charge_type: String,
        creation_time: String,
        expired_time: String,
        deletion_protection: bool,
        resource_group_id: String,
        tags: NatTags => nullable,
    }
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

lenient_struct! {
    /// DescribeNatGateways response.
    pub struct DescribeNatGatewaysResponse {
        ..numbered_page,
        nat_gateways: NatGateways => nullable,
    }
}

wire_response!(DescribeNatGatewaysResponse);

api_action!(ALIBABA_VPC, DescribeNatGatewaysRequest => DescribeNatGatewaysResponse, "DescribeNatGateways");

page_number_paginated!(
    DescribeNatGatewaysRequest,
    NatGateway,
    DESCRIBE_VPC_RESOURCES_PAGE,
    nat_gateways
);
