//! Tencent Cloud CVM 2017-03-12 (API 3.0, `cvm`, POST with a JSON body): DescribeInstances,
//! read by the plan-time checks for a CVM's existence, state and addresses.
//!
//! The request parses as strictly as the VPC APIs (one field table, the strict Tencent reader):
//! `InstanceIds` (≤ 100) and `Filters` (≤ 10, each ≤ 5 values) cannot be combined, `Offset`
//! / `Limit` (1..=100, default 20) are integers. The answer is `{"Response": {TotalCount,
//! InstanceSet[], RequestId}}`, absent optional fields are `null`.

use serde::{Deserialize, Serialize};

use super::fields::{AnyInteger, Filters, PageSize, Repeated};
use super::lenient::lenient;
use super::tencent_vpc::{Filter, Tag};
use super::{PageLimits, TENCENT_CVM};

/// DescribeInstances: `Limit` default 20, max 100; `Offset` default 0.
pub const DESCRIBE_INSTANCES_PAGE: PageLimits = PageLimits {
    default_size: 20,
    max_size: 100,
};
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

/// An instance's `Placement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Placement {
    #[serde(deserialize_with = "lenient")]
    pub zone: String,
    #[serde(deserialize_with = "lenient")]
    pub project_id: i64,
    #[serde(deserialize_with = "lenient")]
    pub host_id: Option<String>,
}

/// An instance's `VirtualPrivateCloud`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VirtualPrivateCloud {
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub subnet_id: String,
    #[serde(deserialize_with = "lenient")]
    pub as_vpc_gateway: bool,
    #[serde(deserialize_with = "lenient")]
    pub private_ip_addresses: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    pub ipv6_address_count: Option<u64>,
}

/// One element of `InstanceSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    #[serde(deserialize_with = "lenient")]
    pub placement: Placement,
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_type: String,
    #[serde(rename = "CPU", deserialize_with = "lenient")]
    pub cpu: i64,
    /// GB.
    #[serde(deserialize_with = "lenient")]
    pub memory: i64,
    /// `NORMAL` | `EXPIRED` | `PROTECTIVELY_ISOLATED`.
    #[serde(deserialize_with = "lenient")]
    pub restrict_state: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_name: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_charge_type: String,
    /// The primary ENI's private IPs.
    #[serde(deserialize_with = "lenient")]
    pub private_ip_addresses: Vec<String>,
    /// The public IPs (a plain public IP or the bound EIP); `null` when none.
    #[serde(deserialize_with = "lenient")]
    pub public_ip_addresses: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient")]
    pub virtual_private_cloud: VirtualPrivateCloud,
    #[serde(deserialize_with = "lenient")]
    pub image_id: String,
    #[serde(deserialize_with = "lenient")]
    pub renew_flag: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub created_time: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_time: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub os_name: String,
    #[serde(deserialize_with = "lenient")]
    pub security_group_ids: Vec<String>,
    /// See [`instance_state`].
    #[serde(deserialize_with = "lenient")]
    pub instance_state: String,
    #[serde(deserialize_with = "lenient")]
    pub tags: Vec<Tag>,
    #[serde(deserialize_with = "lenient")]
    pub stop_charging_mode: String,
    #[serde(deserialize_with = "lenient")]
    pub uuid: String,
    #[serde(deserialize_with = "lenient")]
    pub latest_operation: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub latest_operation_state: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub disable_api_termination: bool,
}

/// DescribeInstances response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeInstancesResponse {
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub instance_set: Vec<Instance>,
    #[serde(alias = "RequestID", deserialize_with = "lenient")]
    pub request_id: String,
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
