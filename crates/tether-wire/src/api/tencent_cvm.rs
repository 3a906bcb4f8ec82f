//! Tencent Cloud CVM 2017-03-12 (API 3.0, `cvm`, POST with a JSON body): DescribeInstances,
//! read by the plan-time checks for a CVM's existence, state and addresses.
//!
//! The request parses as strictly as the VPC APIs (one field table, the strict Tencent reader):
//! `InstanceIds` (≤ 100) and `Filters` (≤ 10, each ≤ 5 values) cannot be combined, `Offset`
//! / `Limit` (1..=100, default 20) are integers. The answer is `{"Response": {TotalCount,
//! InstanceSet[], RequestId}}`, absent optional fields are `null`.

use super::fields::{AnyInteger, Filters, PageSize, Repeated};
use super::tencent_vpc::{Filter, Tag};
use super::{PageLimits, TENCENT_CVM};

/// DescribeInstances: `Limit` default 20, max 100; `Offset` default 0.
pub const DESCRIBE_INSTANCES_PAGE: PageLimits = PageLimits::sizes(20, 100);
/// DescribeInstances `InstanceIds`: at most 100 per request.
pub const INSTANCE_IDS_MAX: usize = 100;
/// DescribeInstances `Filters[].Values`: at most 5 values per filter
/// (`InvalidFilterValue.LimitExceeded`).
pub const FILTER_VALUES_MAX: usize = 5;
/// DescribeInstances filter names.
pub const FILTER_NAMES: &[&str] = &[
    "zone",
    "project-id",
    "host-id",
    "dedicated-cluster-id",
    "vpc-id",
    "subnet-id",
    "instance-id",
    "uuid",
    "security-group-id",
    "instance-name",
    "instance-charge-type",
    "instance-state",
    "private-ip-address",
    "public-ip-address",
    "ipv6-address",
    "tag-key",
    "tag-value",
    "creation-start-time",
    "creation-end-time",
];

/// `InstanceState` values.
pub mod instance_state {
    pub use crate::api::words::upper::{
        LAUNCH_FAILED, PENDING, REBOOTING, RUNNING, SHUTDOWN, STARTING, STOPPED, STOPPING,
        TERMINATING,
    };

    /// Every `InstanceState`.
    pub const ALL: &[&str] = &[
        PENDING,
        LAUNCH_FAILED,
        RUNNING,
        STOPPED,
        STARTING,
        STOPPING,
        REBOOTING,
        SHUTDOWN,
        TERMINATING,
    ];
}

wire_request! {
    /// DescribeInstances. Filter values are read up to the generic Tencent limit, so that
    /// more than [`FILTER_VALUES_MAX`] can be answered with the documented
    /// `InvalidFilterValue.LimitExceeded`.
    pub struct DescribeInstancesRequest: json {
        /// ≤ 100; not together with `Filters`.
        instance_ids: Vec<String> = "InstanceIds" => Repeated(INSTANCE_IDS_MAX),
        /// ≤ 10 filters of ≤ 5 values; names in [`FILTER_NAMES`] or `tag:<key>`.
        filters: Vec<Filter> = "Filters" => Filters(super::tencent_vpc::FILTER_VALUES_MAX),
        /// Default 0.
        offset: Option<u64> = "Offset" => AnyInteger,
        /// 1..=100 (default 20).
        limit: Option<u64> = "Limit" => PageSize(DESCRIBE_INSTANCES_PAGE),
    }
}

lenient_struct! {
    /// An instance's `Placement`.
    #[derive(Eq)]
    pub struct Placement {
        zone: String,
        project_id: i64,
        host_id: Option<String>,
    }
}

lenient_struct! {
    /// An instance's `VirtualPrivateCloud`.
    #[derive(Eq)]
    pub struct VirtualPrivateCloud {
        vpc_id: String,
        subnet_id: String,
        as_vpc_gateway: bool,
        private_ip_addresses: Option<Vec<String>>,
        ipv6_address_count: Option<u64>,
    }
}

lenient_struct! {
    /// One element of `InstanceSet[]`.
    #[derive(Eq)]
    pub struct Instance {
        placement: Placement,
        instance_id: String,
        instance_type: String,
        #[serde(rename = "CPU")]
        cpu: i64,
        /// GB.
        memory: i64,
        /// `NORMAL` | `EXPIRED` | `PROTECTIVELY_ISOLATED`.
        restrict_state: String,
        instance_name: String,
        instance_charge_type: String,
        /// The primary ENI's private IPs.
        private_ip_addresses: Vec<String>,
        /// The public IPs (a plain public IP or the bound EIP); `null` when none.
        public_ip_addresses: Option<Vec<String>>,
        virtual_private_cloud: VirtualPrivateCloud,
        image_id: String,
        renew_flag: Option<String>,
        created_time: String,
        expired_time: Option<String>,
        os_name: String,
        security_group_ids: Vec<String>,
        /// See [`instance_state`].
        instance_state: String,
        tags: Vec<Tag>,
        stop_charging_mode: String,
        uuid: String,
        latest_operation: Option<String>,
        latest_operation_state: Option<String>,
        disable_api_termination: bool,
    }
}

lenient_struct! {
    /// DescribeInstances response.
    #[derive(Eq)]
    pub struct DescribeInstancesResponse {
        total_count: u64,
        instance_set: Vec<Instance>,
        #[serde(alias = "RequestID")]
        request_id: String,
    }
}

lenient_via_serde!(Placement, VirtualPrivateCloud);

wire_response!(DescribeInstancesResponse);

api_action!(TENCENT_CVM, DescribeInstancesRequest => DescribeInstancesResponse, "DescribeInstances");

offset_paginated!(
    DescribeInstancesRequest,
    Instance,
    DESCRIBE_INSTANCES_PAGE,
    instance_set
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::ParamError;
    use crate::api::tencent_vpc::Filter;
    use crate::api::{ApiAction, Paginated, RequestPayload};
    use serde_json::json;

    #[test]
    fn request_round_trip_and_limits() {
        let req = DescribeInstancesRequest {
            instance_ids: vec!["ins-1".into(), "ins-2".into()],
            limit: Some(100),
            ..Default::default()
        };
        let RequestPayload::Json(body) = req.encode() else {
            panic!("Tencent requests are JSON");
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
            json!({"InstanceIds": ["ins-1", "ins-2"], "Limit": 100})
        );
        assert_eq!(
            DescribeInstancesRequest::decode(&req.encode()).unwrap(),
            req
        );
        assert!(matches!(
            DescribeInstancesRequest::from_json(br#"{"Limit": 0}"#),
            Err(ParamError::OutOfRange { .. })
        ));
        assert!(matches!(
            DescribeInstancesRequest::from_json(br#"{"InstanceIds": "ins-1"}"#),
            Err(ParamError::Malformed { .. })
        ));
        let f = DescribeInstancesRequest::from_json(
            br#"{"Filters": [{"Name": "vpc-id", "Values": ["vpc-1"]}]}"#,
        )
        .unwrap();
        assert_eq!(f.filters, vec![Filter::new("vpc-id", ["vpc-1"])]);
        assert_eq!(DescribeInstancesRequest::VERSION, "2017-03-12");
        assert_eq!(DescribeInstancesRequest::SERVICE, "cvm");
    }

    #[test]
    fn response_parses_the_doc_shape_with_nulls() {
        let body = json!({"Response": {
            "TotalCount": 1, "RequestId": "r",
            "InstanceSet": [{
                "Placement": {"Zone": "ap-guangzhou-3", "ProjectId": 0, "HostId": null},
                "InstanceId": "ins-xlsmrel2", "InstanceType": "S5.MEDIUM4", "CPU": 2, "Memory": 4,
                "RestrictState": "NORMAL", "InstanceName": "demo", "InstanceChargeType": "POSTPAID_BY_HOUR",
                "PrivateIpAddresses": ["172.16.32.78"], "PublicIpAddresses": null,
                "VirtualPrivateCloud": {"VpcId": "vpc-1", "SubnetId": "subnet-1", "AsVpcGateway": false,
                    "PrivateIpAddresses": null, "Ipv6AddressCount": null},
                "InstanceState": "RUNNING", "ExpiredTime": null, "Tags": [], "SecurityGroupIds": ["sg-1"]
            }]
        }});
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeInstancesRequest::decode_response(200, &raw).unwrap();
        let i = &r.instance_set[0];
        assert_eq!(i.instance_state, instance_state::RUNNING);
        assert_eq!(i.virtual_private_cloud.subnet_id, "subnet-1");
        assert_eq!(i.public_ip_addresses, None);
        assert_eq!(i.placement.zone, "ap-guangzhou-3");
        let next = DescribeInstancesRequest::default()
            .with_max_page_size()
            .next_page(&DescribeInstancesResponse {
                total_count: 101,
                instance_set: vec![Instance::default(); 100],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(next.offset, Some(100));
    }
}
