//! The kind table: every coalesced read declared once, as data — its Describe API, the IDs
//! one call carries, how the IDs travel, how to build the request and find an item's ID,
//! the error codes that mean a missing or malformed ID (the clouds' own, through
//! [`tether_wire::constraints`] where it declares them), the region listing of the kinds that
//! scan, and the public `describe_*` method. `reads.rs` says what each entry becomes.

use tether_wire::api::{
    alibaba_ecs, alibaba_ess, alibaba_slb, alibaba_vpc, tencent_cvm, tencent_vpc, volcengine_ecs,
    volcengine_vpc,
};
use tether_wire::constraints as codes;

use super::kind::{BatchKey, IdList, RegionListing};
use super::reads::coalesced_reads;
use super::CachedKind;
#[cfg(doc)]
use crate::Client;

/// The statuses of a Tencent address bound to an instance or to an ENI.
const BOUND_ADDRESS: [&str; 2] = [
    tencent_vpc::address_status::BIND,
    tencent_vpc::address_status::BIND_ENI,
];

coalesced_reads! {
    eip: alibaba_vpc::DescribeEipAddressesRequest {
        kind {
            max_ids: alibaba_vpc::EIP_FILTER_LIST_MAX,
            request: |region, _, ids| alibaba_vpc::DescribeEipAddressesRequest {
                region_id: region.to_string(),
                allocation_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |eip| &eip.allocation_id,
            id_list: IdList::CommaSeparated,
            id_absent: &[codes::alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND.code],
            id_invalid: &["InvalidAllocationId.Malformed"],
            listing: Some(RegionListing {
                cached: CachedKind::Eip,
                request: |region| alibaba_vpc::DescribeEipAddressesRequest {
                    region_id: region.to_string(),
                    status: Some(alibaba_vpc::eip_status::IN_USE.to_string()),
                    ..Default::default()
                },
                holds: |eip| eip.status == alibaba_vpc::eip_status::IN_USE,
                total: |resp| Some(resp.total_count),
            }),
        }
        /// The Alibaba EIP `allocation_id` of this client's region (`DescribeEipAddresses`,
        /// coalesced with concurrent reads: up to 50 IDs per call). `Ok(None)`: no such EIP.
        read describe_eip(allocation_id) -> alibaba_vpc::EipAddress;
    }

    address: tencent_vpc::DescribeAddressesRequest {
        kind {
            max_ids: tencent_vpc::ADDRESS_IDS_MAX,
            request: |_, _, ids| tencent_vpc::DescribeAddressesRequest {
                address_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |address| &address.address_id,
            id_absent: &[
                codes::tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND.code,
                codes::tencent_vpc::INVALID_PARAMETER_VALUE_ADDRESS_NOT_FOUND.code,
            ],
            id_invalid: &["InvalidParameterValue.AddressIdMalformed"],
            listing: Some(RegionListing {
                cached: CachedKind::Address,
                // Bound to an instance or to an ENI. (CDC EIPs are listed only with
                // `business-type=CDC`: they are asked by ID like every unlisted address.)
                request: |_| tencent_vpc::DescribeAddressesRequest {
                    filters: vec![tencent_vpc::Filter::new(
                        "address-status",
                        BOUND_ADDRESS,
                    )],
                    ..Default::default()
                },
                holds: |address| BOUND_ADDRESS.contains(&address.address_status.as_str()),
                total: |resp| Some(resp.total_count),
            }),
        }
        /// The Tencent address `address_id` (`DescribeAddresses`, coalesced: up to 100 IDs per
        /// call). `Ok(None)`: no such address.
        read describe_address(address_id) -> tencent_vpc::Address;
    }

    havip: volcengine_vpc::DescribeHaVipsRequest {
        kind {
            max_ids: volcengine_vpc::HA_VIP_IDS_MAX,
            request: |_, _, ids| volcengine_vpc::DescribeHaVipsRequest {
                ha_vip_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |havip| &havip.ha_vip_id,
            id_absent: &[
                codes::volcengine_vpc::INVALID_HAVIP_NOT_FOUND.code,
                "InvalidHaVipId.NotFound",
            ],
            id_invalid: &["InvalidHaVipId.Malformed"],
            listing: Some(RegionListing {
                cached: CachedKind::HaVip,
                request: |_| volcengine_vpc::DescribeHaVipsRequest {
                    status: Some(volcengine_vpc::ha_vip_status::IN_USE.to_string()),
                    ..Default::default()
                },
                holds: |havip| havip.status == volcengine_vpc::ha_vip_status::IN_USE,
                // NextToken answers carry no total.
                total: |resp| {
                    (resp.total_count > 0 || resp.ha_vips.is_empty()).then_some(resp.total_count)
                },
            }),
        }
        /// The Volcengine HaVip `ha_vip_id` (`DescribeHaVips`, coalesced: up to 100 IDs per
        /// call). `Ok(None)`: no such HaVip.
        read describe_havip(ha_vip_id) -> volcengine_vpc::HaVip;
    }

    scaling_group: alibaba_ess::DescribeScalingGroupsRequest {
        kind {
            max_ids: alibaba_ess::SCALING_GROUP_IDS_MAX,
            request: |region, _, ids| alibaba_ess::DescribeScalingGroupsRequest {
                region_id: region.to_string(),
                scaling_group_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |group| &group.scaling_group_id,
            id_absent: &[codes::alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND.code],
        }
        /// The Alibaba ESS scaling group `scaling_group_id` (`DescribeScalingGroups`,
        /// coalesced: up to 20 IDs per call). `Ok(None)`: no such group.
        read describe_scaling_group(scaling_group_id) -> alibaba_ess::ScalingGroup;
    }

    scaling_instance: alibaba_ess::DescribeScalingInstancesRequest {
        kind {
            max_ids: alibaba_ess::INSTANCE_IDS_MAX,
            request: |region, group, ids| alibaba_ess::DescribeScalingInstancesRequest {
                region_id: region.to_string(),
                scaling_group_id: Some(group.to_string()),
                instance_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |instance| &instance.instance_id,
            batch_key: BatchKey::Parent,
            id_absent: &[codes::alibaba_ess::INVALID_INSTANCE_ID_NOT_FOUND.code],
            key_absent: &[codes::alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND.code],
        }
        /// Instance `instance_id` in the Alibaba ESS scaling group `scaling_group_id`
        /// (`DescribeScalingInstances`, coalesced per group: up to 20 instance IDs per call).
        /// `Ok(None)`: the instance is not in the group (or the group does not exist).
        read describe_scaling_instance(instance_id in scaling_group_id)
            -> alibaba_ess::ScalingInstance;
    }

    ecs_instance: alibaba_ecs::DescribeInstancesRequest {
        kind {
            max_ids: alibaba_ecs::INSTANCE_FILTER_LIST_MAX,
            request: |region, _, ids| alibaba_ecs::DescribeInstancesRequest {
                region_id: region.to_string(),
                instance_ids: Some(ids.to_vec()),
                ..Default::default()
            },
            id_of: |instance| &instance.instance_id,
            batch_key: BatchKey::Region,
            // ECS answers the code ESS documents for an instance that does not exist.
            id_absent: &[codes::alibaba_ess::INVALID_INSTANCE_ID_NOT_FOUND.code],
            id_invalid: &["InvalidInstanceIds.Malformed"],
        }
        /// The Alibaba ECS instance `instance_id` of this client's region (`DescribeInstances`,
        /// coalesced: up to 100 IDs per call). `Ok(None)`: no such instance in the region — it
        /// does not exist, lives in another region, or belongs to another account (all three
        /// are absent from the answer).
        read describe_ecs_instance(instance_id) -> alibaba_ecs::Instance;
        /// Like [`Client::describe_ecs_instance`], in `region` (the call goes to that region's
        /// endpoint; reads of one region share calls). For the backend of a global
        /// acceleration instance, which lives in `backend_server_region_id`.
        read describe_ecs_instance_in(instance_id in region) -> alibaba_ecs::Instance;
    }

    ecs_network_interface: alibaba_ecs::DescribeNetworkInterfacesRequest {
        kind {
            max_ids: alibaba_ecs::NETWORK_INTERFACE_IDS_MAX,
            request: |region, _, ids| alibaba_ecs::DescribeNetworkInterfacesRequest {
                region_id: region.to_string(),
                network_interface_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |eni| &eni.network_interface_id,
            id_absent: &["InvalidEniId.NotFound"],
            id_invalid: &["InvalidEniId.Malformed"],
        }
        /// The Alibaba ENI `network_interface_id` of this client's region (ECS
        /// `DescribeNetworkInterfaces`, coalesced: up to 100 IDs per call). `Ok(None)`: no such
        /// ENI.
        read describe_ecs_network_interface(network_interface_id)
            -> alibaba_ecs::NetworkInterfaceSet;
    }

    load_balancer: alibaba_slb::DescribeLoadBalancersRequest {
        kind {
            max_ids: alibaba_slb::LOAD_BALANCER_IDS_MAX,
            request: |region, _, ids| alibaba_slb::DescribeLoadBalancersRequest {
                region_id: region.to_string(),
                load_balancer_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |slb| &slb.load_balancer_id,
            batch_key: BatchKey::Region,
            id_list: IdList::CommaSeparated,
            id_absent: &["InvalidLoadBalancerId.NotFound"],
        }
        /// The Alibaba SLB instance `load_balancer_id` of this client's region
        /// (`DescribeLoadBalancers`, coalesced: up to 10 IDs per call). `Ok(None)`: no such SLB
        /// in the region.
        read describe_load_balancer(load_balancer_id) -> alibaba_slb::LoadBalancer;
        /// Like [`Client::describe_load_balancer`], in `region`.
        read describe_load_balancer_in(load_balancer_id in region) -> alibaba_slb::LoadBalancer;
    }

    nat_gateway: alibaba_vpc::DescribeNatGatewaysRequest {
        kind {
            // The API takes one ID per call; concurrent reads of the same ID share it.
            max_ids: 1,
            request: |region, _, ids| alibaba_vpc::DescribeNatGatewaysRequest {
                region_id: region.to_string(),
                nat_gateway_id: ids.first().cloned(),
                ..Default::default()
            },
            id_of: |nat| &nat.nat_gateway_id,
            id_absent: &["InvalidNatGatewayId.NotFound"],
        }
        /// The Alibaba NAT gateway `nat_gateway_id` of this client's region
        /// (`DescribeNatGateways`, which takes one ID per call; concurrent reads of the same ID
        /// share it). `Ok(None)`: no such NAT gateway.
        read describe_nat_gateway(nat_gateway_id) -> alibaba_vpc::NatGateway;
    }

    alibaba_havip: alibaba_vpc::DescribeHaVipsRequest {
        kind {
            max_ids: alibaba_vpc::HA_VIP_FILTER_VALUES_MAX,
            request: |region, _, ids| alibaba_vpc::DescribeHaVipsRequest::by_ids(region, ids),
            id_of: |havip| &havip.ha_vip_id,
            id_absent: &["InvalidHaVipId.NotFound"],
        }
        /// The Alibaba HaVip `ha_vip_id` of this client's region (VPC `DescribeHaVips` with
        /// the `HaVipId` filter, coalesced: up to 5 IDs per call). `Ok(None)`: no such HaVip.
        read describe_alibaba_havip(ha_vip_id) -> alibaba_vpc::HaVip;
    }

    vpc: alibaba_vpc::DescribeVpcsRequest {
        kind {
            max_ids: alibaba_vpc::VPC_IDS_MAX,
            request: |region, _, ids| alibaba_vpc::DescribeVpcsRequest {
                region_id: region.to_string(),
                vpc_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |vpc| &vpc.vpc_id,
            id_list: IdList::CommaSeparated,
            id_absent: &["InvalidVpcId.NotFound"],
        }
        /// The Alibaba VPC `vpc_id` of this client's region (`DescribeVpcs`, coalesced: up to
        /// 20 IDs per call); `IsDefault` tells the region's default VPC. `Ok(None)`: no such
        /// VPC.
        read describe_vpc(vpc_id) -> alibaba_vpc::Vpc;
    }

    scaling_configuration: alibaba_ess::DescribeScalingConfigurationsRequest {
        kind {
            max_ids: alibaba_ess::SCALING_CONFIGURATION_IDS_MAX,
            request: |region, _, ids| alibaba_ess::DescribeScalingConfigurationsRequest {
                region_id: region.to_string(),
                scaling_configuration_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |configuration| &configuration.scaling_configuration_id,
            id_absent: &["InvalidScalingConfigurationId.NotFound"],
        }
        /// The Alibaba ESS scaling configuration `scaling_configuration_id`
        /// (`DescribeScalingConfigurations`, coalesced: up to 10 IDs per call). `Ok(None)`: no
        /// such configuration.
        read describe_scaling_configuration(scaling_configuration_id)
            -> alibaba_ess::ScalingConfiguration;
    }

    cvm_instance: tencent_cvm::DescribeInstancesRequest {
        kind {
            max_ids: tencent_cvm::INSTANCE_IDS_MAX,
            request: |_, _, ids| tencent_cvm::DescribeInstancesRequest {
                instance_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |instance| &instance.instance_id,
            // CVM answers the code the EIP APIs document for an instance that does not exist.
            id_absent: &[codes::tencent_vpc::INVALID_INSTANCE_ID_NOT_FOUND.code],
            id_invalid: &[
                "InvalidInstanceId.Malformed",
                "InvalidParameterValue.InstanceIdMalformed",
            ],
        }
        /// The Tencent CVM `instance_id` (`DescribeInstances`, coalesced: up to 100 IDs per
        /// call). `Ok(None)`: no such instance.
        read describe_cvm_instance(instance_id) -> tencent_cvm::Instance;
    }

    tencent_network_interface: tencent_vpc::DescribeNetworkInterfacesRequest {
        kind {
            max_ids: tencent_vpc::NETWORK_INTERFACE_IDS_MAX,
            request: |_, _, ids| tencent_vpc::DescribeNetworkInterfacesRequest {
                network_interface_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |eni| &eni.network_interface_id,
            id_absent: &["ResourceNotFound"],
            id_invalid: &["InvalidParameterValue.Malformed"],
        }
        /// The Tencent ENI `network_interface_id` (VPC `DescribeNetworkInterfaces`, coalesced:
        /// up to 100 IDs per call), with every private IP in `PrivateIpAddressSet`. `Ok(None)`:
        /// no such ENI.
        read describe_tencent_network_interface(network_interface_id)
            -> tencent_vpc::NetworkInterface;
    }

    volcengine_instance: volcengine_ecs::DescribeInstancesRequest {
        kind {
            max_ids: volcengine_ecs::INSTANCE_IDS_MAX,
            request: |_, _, ids| volcengine_ecs::DescribeInstancesRequest {
                instance_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |instance| &instance.instance_id,
            id_absent: &[codes::volcengine_vpc::INVALID_INSTANCE_NOT_FOUND.code],
            id_invalid: &["InvalidInstanceId.Malformed"],
        }
        /// The Volcengine ECS instance `instance_id` (`DescribeInstances`, coalesced: up to
        /// 100 IDs per call); its subnet is that of its primary ENI
        /// ([`volcengine_ecs::Instance::primary_network_interface`]). `Ok(None)`: no such
        /// instance (an ENI ID is not an instance).
        read describe_volcengine_instance(instance_id) -> volcengine_ecs::Instance;
    }

    volcengine_network_interface: volcengine_vpc::DescribeNetworkInterfacesRequest {
        kind {
            max_ids: volcengine_vpc::NETWORK_INTERFACE_IDS_MAX,
            request: |_, _, ids| volcengine_vpc::DescribeNetworkInterfacesRequest {
                network_interface_ids: ids.to_vec(),
                ..Default::default()
            },
            id_of: |eni| &eni.network_interface_id,
            id_absent: &[codes::volcengine_vpc::INVALID_ENI_ID_NOT_FOUND.code],
            id_invalid: &["InvalidEniId.Malformed"],
        }
        /// The Volcengine ENI `network_interface_id` (VPC `DescribeNetworkInterfaces`,
        /// coalesced: up to 100 IDs per call). `Ok(None)`: no such ENI.
        read describe_volcengine_network_interface(network_interface_id)
            -> volcengine_vpc::NetworkInterfaceSet;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coalesce::kind::{BatchKey, Scope};
    use crate::error::{ClientError, CloudError};
    use tether_wire::cloud::Cloud;

    fn cloud_error(code: &str) -> ClientError {
        ClientError::Cloud(CloudError {
            cloud: Cloud::Alibaba,
            action: "Describe",
            code: code.into(),
            message: String::new(),
            http_status: 404,
            request_id: None,
            attempts: 1,
            earlier_outcome_unknown: false,
        })
    }

    #[test]
    fn scopes() {
        assert_eq!(
            KINDS
                .eip
                .scope(&cloud_error("InvalidAllocationId.NotFound")),
            Scope::IdAbsent
        );
        assert_eq!(
            KINDS.eip.scope(&cloud_error("InvalidAccessKeyId.NotFound")),
            Scope::Call
        );
        assert_eq!(
            KINDS
                .scaling_instance
                .scope(&cloud_error("InvalidScalingGroupId.NotFound")),
            Scope::KeyAbsent
        );
        assert_eq!(
            KINDS.eip.scope(&ClientError::Config("x".into())),
            Scope::Call
        );
        assert!(!KINDS.eip.valid_id("eip-1,eip-2"));
        assert!(!KINDS.address.valid_id(""));
    }

    #[test]
    fn read_kinds_for_plan_checks() {
        // Region-keyed kinds build the request for the batch's region.
        assert_eq!(KINDS.ecs_instance.batch_key, BatchKey::Region);
        assert_eq!(KINDS.load_balancer.batch_key, BatchKey::Region);
        assert_eq!(KINDS.scaling_instance.batch_key, BatchKey::Parent);
        assert_eq!(KINDS.cvm_instance.batch_key, BatchKey::Unkeyed);
        assert_eq!(
            KINDS.ecs_instance.region("cn-shanghai", "cn-hangzhou"),
            "cn-shanghai"
        );
        assert_eq!(
            KINDS.cvm_instance.region("", "ap-guangzhou"),
            "ap-guangzhou"
        );
        let req = (KINDS.ecs_instance.request)("cn-shanghai", "cn-shanghai", &["i-1".into()]);
        assert_eq!(req.region_id, "cn-shanghai");
        assert_eq!(req.instance_ids, Some(vec!["i-1".to_string()]));
        let req = (KINDS.scaling_instance.request)("cn-hangzhou", "asg-1", &["i-1".into()]);
        assert_eq!(req.scaling_group_id.as_deref(), Some("asg-1"));
        // One HaVip filter of at most five values.
        let havips = (KINDS.alibaba_havip.request)("cn-hangzhou", "", &["havip-1".into()]);
        assert_eq!(havips.filters[0].key, "HaVipId");
        assert_eq!(KINDS.alibaba_havip.max_ids, 5);
        assert_eq!(KINDS.nat_gateway.max_ids, 1);
        // Comma-separated lists refuse IDs with a comma; repeated parameters do not care.
        assert!(!KINDS.load_balancer.valid_id("lb-1,lb-2"));
        assert!(!KINDS.vpc.valid_id("vpc-1,vpc-2"));
        assert!(KINDS.ecs_network_interface.valid_id("eni-1,2"));
        assert!(!KINDS.ecs_network_interface.valid_id(""));
        assert_eq!(
            KINDS
                .cvm_instance
                .scope(&cloud_error("InvalidInstanceId.Malformed")),
            Scope::IdInvalid
        );
        assert_eq!(
            KINDS
                .cvm_instance
                .scope(&cloud_error("InvalidInstanceId.NotFound")),
            Scope::IdAbsent
        );
        assert_eq!(
            KINDS.volcengine_instance.scope(&cloud_error("Throttling")),
            Scope::Call
        );
    }

    #[test]
    fn only_the_listing_kinds_scan_and_each_has_its_cached_kind() {
        let cached = [
            KINDS.eip.listing.as_ref().map(|l| l.cached),
            KINDS.address.listing.as_ref().map(|l| l.cached),
            KINDS.havip.listing.as_ref().map(|l| l.cached),
        ];
        assert_eq!(
            cached,
            [
                Some(CachedKind::Eip),
                Some(CachedKind::Address),
                Some(CachedKind::HaVip)
            ]
        );
        assert!(!KINDS.ecs_instance.scans() && !KINDS.vpc.scans());
    }

    #[test]
    fn listings_ask_only_for_bound_items_of_the_region() {
        let eip = KINDS
            .eip
            .listing
            .as_ref()
            .map(|l| (l.request)("cn-hangzhou"));
        let eip = eip.expect("EIPs list");
        assert_eq!(
            (eip.region_id.as_str(), eip.status.as_deref()),
            ("cn-hangzhou", Some("InUse"))
        );
        assert!(eip.allocation_ids.is_empty());
        let address = KINDS
            .address
            .listing
            .as_ref()
            .map(|l| (l.request)("ap-guangzhou"));
        let address = address.expect("addresses list");
        assert_eq!(
            address.filters,
            vec![tencent_vpc::Filter::new(
                "address-status",
                ["BIND", "BIND_ENI"]
            )]
        );
        assert!(address.address_ids.is_empty());
        let havip = KINDS
            .havip
            .listing
            .as_ref()
            .map(|l| (l.request)("cn-beijing"));
        let havip = havip.expect("HaVips list");
        assert_eq!(havip.status.as_deref(), Some("InUse"));
        assert!(havip.ha_vip_ids.is_empty());
    }
}
