//! Alibaba Cloud Server Load Balancer (CLB) 2014-05-15 (`slb`, RPC): DescribeLoadBalancers,
//! read by the plan-time checks for an SLB's existence, status (`active` | `inactive` |
//! `locked`), network type and VPC — an EIP or a global acceleration instance binds only
//! an active VPC SLB, and an ESS group needs its SLBs active and in its own network.
//!
//! `LoadBalancerId` is one comma-separated parameter (≤ 10 ids); the answer wraps
//! `LoadBalancers.LoadBalancer[]` and `Tags.Tag[]` (`TagKey`/`TagValue`).

use super::alibaba_ecs::EcsTags;
use super::fields::{CommaList, Optional, Required};
use super::{PageLimits, ALIBABA_SLB};

/// DescribeLoadBalancers: PageSize default 10, 1..=100.
pub const DESCRIBE_LOAD_BALANCERS_PAGE: PageLimits = PageLimits::sizes(10, 100);
/// DescribeLoadBalancers `LoadBalancerId` / `LoadBalancerName`: comma-separated, ≤ 10.
pub const LOAD_BALANCER_IDS_MAX: usize = 10;

/// `LoadBalancerStatus` values.
pub mod load_balancer_status {
    pub use crate::api::words::lower::{ACTIVE, INACTIVE, LOCKED};

    /// Every `LoadBalancerStatus`.
    pub const ALL: &[&str] = &[ACTIVE, INACTIVE, LOCKED];
}

/// `NetworkType` values.
pub mod network_type {
    pub use crate::api::words::lower::{CLASSIC, VPC};

    /// Every `NetworkType`.
    pub const ALL: &[&str] = &[VPC, CLASSIC];
}

wire_request! {
    /// DescribeLoadBalancers: the filters combine with AND.
    pub struct DescribeLoadBalancersRequest: params {
        region_id: String = "RegionId" => Required,
        /// `LoadBalancerId`, comma-separated on the wire (≤ 10).
        load_balancer_ids: Vec<String> = "LoadBalancerId" => CommaList(LOAD_BALANCER_IDS_MAX),
        load_balancer_name: Option<String> = "LoadBalancerName" => Optional,
        /// `vpc` | `classic`.
        network_type: Option<String> = "NetworkType" => Optional,
        vpc_id: Option<String> = "VpcId" => Optional,
        v_switch_id: Option<String> = "VSwitchId" => Optional,
        address: Option<String> = "Address" => Optional,
        /// `internet` | `intranet`.
        address_type: Option<String> = "AddressType" => Optional,
        /// See [`load_balancer_status`].
        load_balancer_status: Option<String> = "LoadBalancerStatus" => Optional,
        /// Backend server filter.
        server_id: Option<String> = "ServerId" => Optional,
        resource_group_id: Option<String> = "ResourceGroupId" => Optional,
        ..numbered_pages(DESCRIBE_LOAD_BALANCERS_PAGE),
    }
}

lenient_struct! {
    /// One element of `LoadBalancers.LoadBalancer[]`.
    pub struct LoadBalancer {
        load_balancer_id: String,
        load_balancer_name: String,
        /// See [`load_balancer_status`].
        load_balancer_status: String,
        address: String,
        /// `internet` | `intranet`.
        address_type: String,
        #[serde(rename = "AddressIPVersion")]
        address_ip_version: String,
        /// `vpc` | `classic`.
        network_type: String,
        vpc_id: String,
        #[serde(rename = "VSwitchId")]
        v_switch_id: String,
        region_id: String,
        region_id_alias: String,
        master_zone_id: String,
        slave_zone_id: String,
        load_balancer_spec: String,
        bandwidth: i64,
        internet_charge_type: String,
        pay_type: String,
        instance_charge_type: String,
        create_time: String,
        create_time_stamp: i64,
        delete_protection: String,
        modification_protection_status: String,
        resource_group_id: String,
        tags: EcsTags => nullable,
    }
}

wrapped_list!(
    /// `LoadBalancers: {"LoadBalancer": [...]}`.
    LoadBalancers,
    "LoadBalancer",
    LoadBalancer
);

lenient_struct! {
    /// DescribeLoadBalancers response.
    pub struct DescribeLoadBalancersResponse {
        ..numbered_page,
        load_balancers: LoadBalancers => nullable,
    }
}

wire_response!(DescribeLoadBalancersResponse);

api_action!(ALIBABA_SLB, DescribeLoadBalancersRequest => DescribeLoadBalancersResponse,
    "DescribeLoadBalancers");

page_number_paginated!(
    DescribeLoadBalancersRequest,
    LoadBalancer,
    DESCRIBE_LOAD_BALANCERS_PAGE,
    load_balancers
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::owned_params;
    use crate::api::params::ParamError;
    use crate::api::ApiAction;
    use serde_json::json;

    #[test]
    fn request_round_trip_and_limits() {
        let req = DescribeLoadBalancersRequest {
            region_id: "cn-hangzhou".into(),
            load_balancer_ids: vec!["lb-1".into(), "lb-2".into()],
            network_type: Some("vpc".into()),
            page_number: Some(1),
            page_size: Some(100),
            ..Default::default()
        };
        assert!(req
            .to_params()
            .contains(&("LoadBalancerId".into(), "lb-1,lb-2".into())));
        assert_eq!(
            DescribeLoadBalancersRequest::decode(&req.encode()).unwrap(),
            req
        );
        let ids = (0..11)
            .map(|i| format!("lb-{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let p = owned_params(&[
            ("RegionId", "cn-hangzhou"),
            ("LoadBalancerId", ids.as_str()),
        ]);
        assert!(matches!(
            DescribeLoadBalancersRequest::from_params(&p),
            Err(ParamError::TooMany { max: 10, .. })
        ));
    }

    #[test]
    fn response_parses_the_sdk_shape() {
        let body = json!({
            "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
            "LoadBalancers": {"LoadBalancer": [{
                "LoadBalancerId": "lb-1", "LoadBalancerStatus": "active", "NetworkType": "vpc",
                "VpcId": "vpc-1", "VSwitchId": "vsw-1", "Address": "10.0.0.1",
                "AddressType": "intranet", "AddressIPVersion": "ipv4", "CreateTimeStamp": 1504147745000i64,
                "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]}
            }]}
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeLoadBalancersRequest::decode_response(200, &raw).unwrap();
        let lb = &r.load_balancers.items[0];
        assert_eq!(lb.load_balancer_status, load_balancer_status::ACTIVE);
        assert_eq!(lb.address_ip_version, "ipv4");
        assert_eq!(lb.tags.items[0].tag_key, "k");
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["LoadBalancers"]["LoadBalancer"][0]["VSwitchId"],
            json!("vsw-1")
        );
    }
}
