//! Volcengine ECS 2020-04-01 (`ecs`, HTTP GET, parameters in the query): DescribeInstances,
//! read by the plan-time checks for an instance's existence, status and subnet (the subnet
//! of its primary ENI: a HaVip member must sit in the HaVip's subnet).
//!
//! `InstanceIds.N` (≤ 100); paging is NextToken/MaxResults only (MaxResults 1..=100,
//! default 10). The `Result` holds `Instances[]` with `NetworkInterfaces[]` (`Type`
//! `primary` | `secondary`), `EipAddress`, `NextToken` and `TotalCount`.

use serde::{Deserialize, Serialize};

use super::fields::{Optional, PageSize, Repeated};
use super::lenient::{lenient, nullable};
use super::params::KeyValues;
use super::volcengine_vpc::{Tag, TAG_FILTERS};
use super::{PageLimits, Paginated, VOLCENGINE_ECS};

/// DescribeInstances: MaxResults default 10, 1..=100.
pub const DESCRIBE_INSTANCES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 100,
};
/// `InstanceIds.N`: up to 100 ids.
pub const INSTANCE_IDS_MAX: usize = 100;

/// Instance `Status` values.
pub mod instance_status {
    pub use crate::api::words::upper::{
        CREATING, DELETING, ERROR, REBOOTING, REBUILDING, RESIZING, RUNNING, STARTING, STOPPED,
        STOPPING,
    };
}

wire_request! {
    /// DescribeInstances. All filters optional and combined with AND.
    pub struct DescribeInstancesRequest: params {
        /// `InstanceIds.N` (≤ 100).
        instance_ids: Vec<String> = "InstanceIds" => Repeated(INSTANCE_IDS_MAX),
        instance_name: Option<String> = "InstanceName" => Optional,
        vpc_id: Option<String> = "VpcId" => Optional,
        zone_id: Option<String> = "ZoneId" => Optional,
        /// See [`instance_status`].
        status: Option<String> = "Status" => Optional,
        /// A private IP of the primary or a secondary ENI.
        primary_ip_address: Option<String> = "PrimaryIpAddress" => Optional,
        instance_charge_type: Option<String> = "InstanceChargeType" => Optional,
        project_name: Option<String> = "ProjectName" => Optional,
        tag_filters: Vec<KeyValues> = "TagFilters" => TAG_FILTERS,
        next_token: Option<String> = "NextToken" => Optional,
        /// 1..=100, default 10.
        max_results: Option<u32> = "MaxResults" => PageSize(DESCRIBE_INSTANCES_PAGE),
    }
}

/// One element of an instance's `NetworkInterfaces[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceNetworkInterface {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_id: String,
    /// `primary` | `secondary`.
    #[serde(rename = "Type", deserialize_with = "lenient")]
    pub eni_type: String,
    #[serde(deserialize_with = "lenient")]
    pub primary_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub subnet_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub mac_address: String,
    #[serde(deserialize_with = "lenient")]
    pub security_group_ids: Vec<String>,
}

/// The EIP bound to an instance (`EipAddress`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceEipAddress {
    #[serde(deserialize_with = "lenient")]
    pub allocation_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
}

/// One element of `Instances[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub host_name: String,
    /// See [`instance_status`].
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_type_id: String,
    #[serde(deserialize_with = "lenient")]
    pub cpus: i64,
    /// MiB.
    #[serde(deserialize_with = "lenient")]
    pub memory_size: i64,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub zone_id: String,
    /// The primary ENI first; its `SubnetId` is the instance's subnet.
    #[serde(deserialize_with = "lenient")]
    pub network_interfaces: Vec<InstanceNetworkInterface>,
    #[serde(deserialize_with = "nullable")]
    pub eip_address: InstanceEipAddress,
    #[serde(deserialize_with = "lenient")]
    pub image_id: String,
    #[serde(deserialize_with = "lenient")]
    pub os_name: String,
    #[serde(deserialize_with = "lenient")]
    pub os_type: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub project_name: String,
    #[serde(deserialize_with = "lenient")]
    pub created_at: String,
    #[serde(deserialize_with = "lenient")]
    pub updated_at: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_at: String,
    #[serde(deserialize_with = "lenient")]
    pub tags: Vec<Tag>,
}

impl Instance {
    /// The primary ENI, if the answer lists it.
    pub fn primary_network_interface(&self) -> Option<&InstanceNetworkInterface> {
        self.network_interfaces
            .iter()
            .find(|n| n.eni_type == super::volcengine_vpc::eni::PRIMARY)
    }
}

/// `Result` of DescribeInstances.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeInstancesResult {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub instances: Vec<Instance>,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    /// Empty when there is no further page.
    #[serde(deserialize_with = "lenient")]
    pub next_token: String,
}

pub type DescribeInstancesResponse = DescribeInstancesResult;

wire_response!(DescribeInstancesResult);

api_action!(VOLCENGINE_ECS, DescribeInstancesRequest => DescribeInstancesResponse, "DescribeInstances");

impl Paginated for DescribeInstancesRequest {
    type Item = Instance;
    const PAGE_LIMITS: PageLimits = DESCRIBE_INSTANCES_PAGE;

    fn items(resp: &Self::Response) -> &[Instance] {
        &resp.instances
    }

    /// Follows `NextToken` until it comes back empty.
    fn next_page(&self, resp: &Self::Response) -> Option<Self> {
        (!resp.next_token.is_empty() && !resp.instances.is_empty()).then(|| {
            DescribeInstancesRequest {
                next_token: Some(resp.next_token.clone()),
                ..self.clone()
            }
        })
    }

    fn with_page_size(self, size: u32) -> Self {
        DescribeInstancesRequest {
            max_results: Some(size),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::owned_params;
    use crate::api::params::ParamError;
    use crate::api::ApiAction;
    use serde_json::json;

    #[test]
    fn request_round_trip_and_limits() {
        let req = DescribeInstancesRequest {
            instance_ids: vec!["i-1".into(), "i-2".into()],
            max_results: Some(100),
            ..Default::default()
        };
        assert_eq!(
            req.to_params(),
            owned_params(&[
                ("InstanceIds.1", "i-1"),
                ("InstanceIds.2", "i-2"),
                ("MaxResults", "100")
            ])
        );
        assert_eq!(
            DescribeInstancesRequest::decode(&req.encode()).unwrap(),
            req
        );
        assert!(matches!(
            DescribeInstancesRequest::from_params(&owned_params(&[("MaxResults", "101")])),
            Err(ParamError::OutOfRange { max: 100, .. })
        ));
        assert_eq!(DescribeInstancesRequest::SERVICE, "ecs");
    }

    #[test]
    fn response_and_token_paging() {
        let body = json!({
            "ResponseMetadata": {"RequestId": "r", "Action": "DescribeInstances", "Version": "2020-04-01",
                                 "Service": "ecs", "Region": "cn-beijing"},
            "Result": {
                "NextToken": "t2", "TotalCount": 3,
                "Instances": [{
                    "InstanceId": "i-1", "Status": "RUNNING", "VpcId": "vpc-1", "InstanceTypeId": "ecs.g1.large",
                    "NetworkInterfaces": [
                        {"NetworkInterfaceId": "eni-2", "Type": "secondary", "SubnetId": "subnet-2"},
                        {"NetworkInterfaceId": "eni-1", "Type": "primary", "SubnetId": "subnet-1",
                         "PrimaryIpAddress": "192.168.1.11"}
                    ],
                    "EipAddress": null
                }]
            }
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeInstancesRequest::decode_response(200, &raw).unwrap();
        let i = &r.instances[0];
        assert_eq!(
            i.primary_network_interface().map(|n| n.subnet_id.as_str()),
            Some("subnet-1")
        );
        assert_eq!(i.eip_address, InstanceEipAddress::default());
        let req = DescribeInstancesRequest::default().with_max_page_size();
        let next = req.next_page(&r).unwrap();
        assert_eq!(
            (next.next_token.as_deref(), next.max_results),
            (Some("t2"), Some(100))
        );
        let last = DescribeInstancesResult {
            next_token: String::new(),
            ..r
        };
        assert!(next.next_page(&last).is_none());
    }
}
