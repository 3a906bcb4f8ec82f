//! Volcengine ECS 2020-04-01 (`ecs`, HTTP GET, parameters in the query): DescribeInstances,
//! read by the plan-time checks for an instance's existence, status and subnet (the subnet
//! of its primary ENI: a HaVip member must sit in the HaVip's subnet).
//!
//! `InstanceIds.N` (≤ 100); paging is NextToken/MaxResults only (MaxResults 1..=100,
//! default 10). The `Result` holds `Instances[]` with `NetworkInterfaces[]` (`Type`
//! `primary` | `secondary`), `EipAddress`, `NextToken` and `TotalCount`.

use super::fields::{Optional, PageSize, Repeated};
use super::params::KeyValues;
use super::volcengine_vpc::{Tag, TAG_FILTERS};
use super::{PageLimits, Paginated, VOLCENGINE_ECS};

/// DescribeInstances: MaxResults default 10, 1..=100.
pub const DESCRIBE_INSTANCES_PAGE: PageLimits = PageLimits::sizes(10, 100);
/// `InstanceIds.N`: up to 100 ids.
pub const INSTANCE_IDS_MAX: usize = 100;

/// Instance `Status` values.
pub mod instance_status {
    pub use crate::api::words::upper::{
        CREATING, DELETING, ERROR, REBOOTING, REBUILDING, RESIZING, RUNNING, STARTING, STOPPED,
        STOPPING,
    };

    /// Every instance `Status`.
    pub const ALL: &[&str] = &[
        CREATING, RUNNING, STOPPING, STOPPED, REBOOTING, STARTING, REBUILDING, RESIZING, ERROR,
        DELETING,
    ];
}

/// An instance's `NetworkInterfaces[].Type` values.
pub mod network_interface_type {
    pub use crate::api::words::lower::{PRIMARY, SECONDARY};
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

lenient_struct! {
    /// One element of an instance's `NetworkInterfaces[]`.
    #[derive(Eq)]
    pub struct InstanceNetworkInterface {
        network_interface_id: String,
        /// `primary` | `secondary`.
        #[serde(rename = "Type")]
        eni_type: String,
        primary_ip_address: String,
        subnet_id: String,
        vpc_id: String,
        mac_address: String,
        security_group_ids: Vec<String>,
    }
}

lenient_struct! {
    /// The EIP bound to an instance (`EipAddress`).
    #[derive(Eq)]
    pub struct InstanceEipAddress {
        allocation_id: String,
        ip_address: String,
    }
}

lenient_struct! {
    /// One element of `Instances[]`.
    #[derive(Eq)]
    pub struct Instance {
        instance_id: String,
        instance_name: String,
        description: String,
        host_name: String,
        /// See [`instance_status`].
        status: String,
        instance_type_id: String,
        cpus: i64,
        /// MiB.
        memory_size: i64,
        vpc_id: String,
        zone_id: String,
        /// The primary ENI first; its `SubnetId` is the instance's subnet.
        network_interfaces: Vec<InstanceNetworkInterface>,
        eip_address: InstanceEipAddress => nullable,
        image_id: String,
        os_name: String,
        os_type: String,
        instance_charge_type: String,
        project_name: String,
        created_at: String,
        updated_at: String,
        expired_at: String,
        tags: Vec<Tag>,
    }
}

impl Instance {
    /// The primary ENI, if the answer lists it.
    pub fn primary_network_interface(&self) -> Option<&InstanceNetworkInterface> {
        self.network_interfaces
            .iter()
            .find(|n| n.eni_type == super::volcengine_vpc::eni::PRIMARY)
    }
}

lenient_struct! {
    /// `Result` of DescribeInstances.
    #[derive(Eq)]
    pub struct DescribeInstancesResult {
        request_id: String,
        instances: Vec<Instance>,
        total_count: u64,
        /// Empty when there is no further page.
        next_token: String,
    }
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
