//! Both APIs' wire shapes: request parameters and response parsing.

use super::*;
use crate::api::params::owned_params;
use crate::api::params::ParamError;
use crate::api::{ApiAction, Paginated};
use serde_json::json;

#[test]
fn describe_instances_params_round_trip() {
    let req = DescribeInstancesRequest {
        region_id: "cn-hangzhou".into(),
        instance_ids: Some(vec!["i-1".into(), "i-2".into()]),
        vpc_id: Some("vpc-1".into()),
        status: Some("Running".into()),
        page_size: Some(100),
        ..Default::default()
    };
    let p = req.to_params();
    assert!(p.contains(&("InstanceIds".into(), r#"["i-1","i-2"]"#.into())));
    assert_eq!(
        DescribeInstancesRequest::decode(&req.encode()).unwrap(),
        req
    );
    let json = serde_json::to_string(&req).unwrap();
    assert_eq!(
        serde_json::from_str::<DescribeInstancesRequest>(&json).unwrap(),
        req
    );
    // The SDKs send the list as a JSON string; 101 ids are refused.
    let ids: Vec<String> = (0..101).map(|i| format!("i-{i}")).collect();
    let raw = serde_json::to_string(&ids).unwrap();
    let p = owned_params(&[("RegionId", "cn-hangzhou"), ("InstanceIds", raw.as_str())]);
    assert!(matches!(
        DescribeInstancesRequest::from_params(&p),
        Err(ParamError::TooMany { max: 100, .. })
    ));
    let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageSize", "101")]);
    assert!(matches!(
        DescribeInstancesRequest::from_params(&p),
        Err(ParamError::OutOfRange { max: 100, .. })
    ));
    let p = owned_params(&[("InstanceIds", "[]")]);
    assert_eq!(
        DescribeInstancesRequest::from_params(&p),
        Err(ParamError::Missing {
            name: "RegionId".into()
        })
    );
}

#[test]
fn describe_instances_response_parses_doc_example() {
    let body = json!({
        "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
        "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
        "NextToken": "caeba0bbb2be03f84eb48b699f0a4883",
        "Instances": {"Instance": [{
            "InstanceId": "i-bp67acfmxazb4p****",
            "Status": "Running",
            "InstanceType": "ecs.g5.large",
            "InstanceNetworkType": "vpc",
            "Memory": 16384, "Cpu": 8,
            "VpcAttributes": {
                "VpcId": "vpc-1", "VSwitchId": "vsw-1", "NatIpAddress": "",
                "PrivateIpAddress": {"IpAddress": ["172.17.**.**"]}
            },
            "PublicIpAddress": {"IpAddress": ["121.40.**.**"]},
            "InnerIpAddress": {"IpAddress": []},
            "EipAddress": {"AllocationId": "eip-2ze88m67qx5z****", "IpAddress": "42.112.**.**",
                           "Bandwidth": 5, "InternetChargeType": "PayByTraffic", "IsSupportUnassociate": true},
            "NetworkInterfaces": {"NetworkInterface": [{
                "NetworkInterfaceId": "eni-1", "Type": "Primary", "MacAddress": "00:16:3e:32:b4:**",
                "PrimaryIpAddress": "172.17.**.**",
                "PrivateIpSets": {"PrivateIpSet": [{"PrivateIpAddress": "172.17.**.**", "Primary": true},
                                                   {"PrivateIpAddress": "172.17.0.9", "Primary": false}]}
            }]},
            "OperationLocks": {"LockReason": [{"LockReason": "Recycling", "LockMsg": ""}]},
            "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]},
            "SecurityGroupIds": {"SecurityGroupId": ["sg-1"]}
        }]}
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeInstancesRequest::decode_response(200, &raw).unwrap();
    let i = &r.instances.items[0];
    assert_eq!(i.vpc_attributes.v_switch_id, "vsw-1");
    assert_eq!(i.public_ip_address.items, vec!["121.40.**.**".to_string()]);
    assert_eq!(i.eip_address.bandwidth, 5);
    assert_eq!(i.network_interfaces.items[0].eni_type, "Primary");
    assert_eq!(i.private_ips(), vec!["172.17.**.**", "172.17.0.9"]);
    assert_eq!(i.operation_locks.items[0].lock_reason, "Recycling");
    assert_eq!(i.tags.items[0].tag_value, "v");
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["Instances"]["Instance"][0]["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0],
        json!("172.17.**.**")
    );
    assert_eq!(out["Instances"]["Instance"][0]["Memory"], json!(16384));
    // Fields the doc example shows as strings, and a bare object for a one-item list.
    let body = br#"{"RequestId":"r","TotalCount":"1","Instances":{"Instance":{"InstanceId":"i-1","Cpu":"2","PublicIpAddress":{"IpAddress":"1.2.3.4"}}}}"#;
    let r = DescribeInstancesRequest::decode_response(200, body).unwrap();
    assert_eq!(r.instances.items[0].cpu, 2);
    assert_eq!(
        r.instances.items[0].public_ip_address.items,
        vec!["1.2.3.4".to_string()]
    );
}

#[test]
fn describe_network_interfaces_round_trip_and_response() {
    let req = DescribeNetworkInterfacesRequest {
        region_id: "cn-hangzhou".into(),
        network_interface_ids: vec!["eni-1".into(), "eni-2".into()],
        instance_id: Some("i-1".into()),
        eni_type: Some("Secondary".into()),
        service_managed: Some(false),
        page_size: Some(500),
        ..Default::default()
    };
    let p = req.to_params();
    assert!(p.contains(&("NetworkInterfaceId.2".into(), "eni-2".into())));
    assert!(p.contains(&("Type".into(), "Secondary".into())));
    assert_eq!(
        DescribeNetworkInterfacesRequest::decode(&req.encode()).unwrap(),
        req
    );
    let body = json!({
        "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
        "NetworkInterfaceSets": {"NetworkInterfaceSet": [{
            "NetworkInterfaceId": "eni-1", "Status": "InUse", "Type": "Secondary",
            "InstanceId": "i-1", "VpcId": "vpc-1", "VSwitchId": "vsw-1",
            "PrivateIpAddress": "10.0.0.1", "ServiceManaged": false,
            "PrivateIpSets": {"PrivateIpSet": [
                {"PrivateIpAddress": "10.0.0.1", "Primary": true,
                 "AssociatedPublicIp": {"PublicIpAddress": "47.1.1.1", "AllocationId": "eip-1"}},
                {"PrivateIpAddress": "10.0.0.2", "Primary": false}
            ]},
            "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1}
        }]}
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeNetworkInterfacesRequest::decode_response(200, &raw).unwrap();
    let eni = &r.network_interface_sets.items[0];
    assert_eq!(eni.private_ips(), vec!["10.0.0.1", "10.0.0.2"]);
    assert_eq!(
        eni.private_ip_sets.items[0]
            .associated_public_ip
            .allocation_id,
        "eip-1"
    );
    assert_eq!(eni.attachment.device_index, 1);
    let next = req.next_page(&DescribeNetworkInterfacesResponse {
        total_count: 600,
        page_number: 1,
        page_size: 500,
        network_interface_sets: vec![NetworkInterfaceSet::default(); 500].into(),
        ..Default::default()
    });
    assert_eq!(next.and_then(|n| n.page_number), Some(2));
}
