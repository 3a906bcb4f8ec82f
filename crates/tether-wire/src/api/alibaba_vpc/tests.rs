use super::*;
use crate::api::params::owned_params;
use crate::api::params::{KeyValue, ParamError};
use crate::api::Paginated;
use crate::api::{ApiAction, RequestPayload, ResponseError};
use serde::Serialize;
use serde_json::{json, Value};

fn round_trip<T>(req: &T)
where
    T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
{
    let payload = req.encode();
    assert!(matches!(payload, RequestPayload::Params(_)));
    assert_eq!(&T::decode(&payload).unwrap(), req, "params round trip");
    let json = serde_json::to_string(req).unwrap();
    assert_eq!(
        &serde_json::from_str::<T>(&json).unwrap(),
        req,
        "JSON round trip"
    );
}

fn full_associate() -> AssociateEipAddressRequest {
    AssociateEipAddressRequest {
        region_id: "cn-hangzhou".into(),
        allocation_id: "eip-2zeerraiwb7ujxxxxxxxx".into(),
        instance_id: "i-2zebb08phyczxxxxxxxx".into(),
        instance_type: Some("NetworkInterface".into()),
        instance_region_id: Some("cn-hangzhou".into()),
        private_ip_address: Some("192.168.0.4".into()),
        mode: Some("MULTI_BINDED".into()),
        vpc_id: Some("vpc-1".into()),
        client_token: Some("TF-AssociateEipAddress-1".into()),
        dry_run: Some(false),
    }
}

#[test]
fn associate_eip_params_match_doc_example() {
    // Doc example: Action=AssociateEipAddress&AllocationId=eip-2zeerraiwb7ujxxxxxxxx
    // &InstanceId=i-2zebb08phyczxxxxxxxx (+ RegionId, required).
    let req = AssociateEipAddressRequest {
        region_id: "cn-hangzhou".into(),
        allocation_id: "eip-2zeerraiwb7ujxxxxxxxx".into(),
        instance_id: "i-2zebb08phyczxxxxxxxx".into(),
        ..Default::default()
    };
    assert_eq!(
        req.to_params(),
        owned_params(&[
            ("RegionId", "cn-hangzhou"),
            ("AllocationId", "eip-2zeerraiwb7ujxxxxxxxx"),
            ("InstanceId", "i-2zebb08phyczxxxxxxxx"),
        ])
    );
    round_trip(&req);
    round_trip(&full_associate());
    let p = full_associate().to_params();
    assert!(p.contains(&("DryRun".into(), "false".into())));
    assert!(p.contains(&("Mode".into(), "MULTI_BINDED".into())));
}

#[test]
fn associate_eip_missing_params() {
    let p = owned_params(&[("RegionId", "cn-hangzhou"), ("InstanceId", "i-1")]);
    assert_eq!(
        AssociateEipAddressRequest::from_params(&p),
        Err(ParamError::Missing {
            name: "AllocationId".into()
        })
    );
    let p = owned_params(&[
        ("RegionId", "cn-hangzhou"),
        ("AllocationId", "eip-1"),
        ("InstanceId", "i-1"),
        ("DryRun", "perhaps"),
    ]);
    assert!(matches!(
        AssociateEipAddressRequest::from_params(&p),
        Err(ParamError::Malformed { ref name, .. }) if name == "DryRun"
    ));
}

#[test]
fn common_parameters_are_ignored() {
    let p = owned_params(&[
        ("Action", "UnassociateEipAddress"),
        ("Version", "2016-04-28"),
        ("Format", "JSON"),
        ("SignatureType", ""),
        ("RegionId", "cn-hangzhou"),
        ("AllocationId", "eip-1"),
        ("Force", "True"),
    ]);
    let req = UnassociateEipAddressRequest::from_params(&p).unwrap();
    assert_eq!(req.force, Some(true));
    assert_eq!(req.instance_id, None);
}

#[test]
fn unassociate_eip_round_trip() {
    round_trip(&UnassociateEipAddressRequest {
        region_id: "cn-hangzhou".into(),
        allocation_id: "eip-1".into(),
        instance_id: Some("ngw-1".into()),
        instance_type: Some("Nat".into()),
        private_ip_address: None,
        force: Some(true),
        client_token: Some("tok".into()),
    });
}

#[test]
fn describe_eip_round_trip_and_flattening() {
    let req = DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        allocation_ids: vec!["eip-1".into(), "eip-2".into()],
        eip_addresses: vec!["47.1.1.1".into()],
        status: Some("InUse".into()),
        isp: Some("BGP".into()),
        tags: vec![KeyValue::new("env", "prod")],
        filters: vec![
            KeyValue::new("CreationStartTime", "2024-01-01T00:00Z"),
            KeyValue::new("CreationEndTime", "2024-02-01T00:00Z"),
        ],
        include_reservation_data: Some(true),
        page_number: Some(2),
        page_size: Some(100),
        ..Default::default()
    };
    let p = req.to_params();
    assert!(p.contains(&("AllocationId".into(), "eip-1,eip-2".into())));
    assert!(p.contains(&("ISP".into(), "BGP".into())));
    assert!(p.contains(&("Tag.1.Key".into(), "env".into())));
    assert!(p.contains(&("Filter.2.Value".into(), "2024-02-01T00:00Z".into())));
    round_trip(&req);
    round_trip(&DescribeEipAddressesRequest {
        region_id: "cn-beijing".into(),
        ..Default::default()
    });
}

#[test]
fn describe_eip_rejects_bad_paging_and_lists() {
    let base = [("RegionId", "cn-hangzhou")];
    let with = |extra: &[(&str, &str)]| {
        let mut p = owned_params(&base);
        p.extend(owned_params(extra));
        DescribeEipAddressesRequest::from_params(&p)
    };
    assert!(matches!(
        with(&[("PageSize", "10.5")]),
        Err(ParamError::Malformed { ref name, .. }) if name == "PageSize"
    ));
    assert!(matches!(
        with(&[("PageSize", "101")]),
        Err(ParamError::OutOfRange { max: 100, .. })
    ));
    assert!(matches!(
        with(&[("PageNumber", "0")]),
        Err(ParamError::OutOfRange { ref name, .. }) if name == "PageNumber"
    ));
    let ids: Vec<String> = (0..51).map(|i| format!("eip-{i}")).collect();
    let joined = ids.join(",");
    assert_eq!(
        with(&[("AllocationId", joined.as_str())]),
        Err(ParamError::TooMany {
            name: "AllocationId".into(),
            max: 50,
            got: 51
        })
    );
    assert!(matches!(
        with(&[("Filter.3.Key", "CreationStartTime")]),
        Err(ParamError::TooMany { max: 2, .. })
    ));
    assert_eq!(
        with(&[("Tag.1.Value", "prod")]),
        Err(ParamError::Missing {
            name: "Tag.1.Key".into()
        })
    );
}

#[test]
fn ga_requests_round_trip_and_match_seed_example() {
    // Seed example: BackendServerId=i-saf23****, BackendServerRegionId=cn-shanghai,
    // GlobalAccelerationInstanceId=ga-lsajj32****, RegionId=cn-hangzhou.
    let p = owned_params(&[
        ("Action", "AssociateGlobalAccelerationInstance"),
        ("BackendServerId", "i-saf23****"),
        ("BackendServerRegionId", "cn-shanghai"),
        ("GlobalAccelerationInstanceId", "ga-lsajj32****"),
        ("RegionId", "cn-hangzhou"),
    ]);
    let req = AssociateGlobalAccelerationInstanceRequest::from_params(&p).unwrap();
    assert_eq!(req.backend_server_id, "i-saf23****");
    assert_eq!(req.backend_server_region_id, "cn-shanghai");
    assert_eq!(req.backend_server_type, None);
    round_trip(&req);
    round_trip(&AssociateGlobalAccelerationInstanceRequest {
        backend_server_type: Some("SlbInstance".into()),
        ..req.clone()
    });
    let missing = owned_params(&[
        ("BackendServerId", "i-1"),
        ("GlobalAccelerationInstanceId", "ga-1"),
        ("RegionId", "cn-hangzhou"),
    ]);
    assert_eq!(
        AssociateGlobalAccelerationInstanceRequest::from_params(&missing),
        Err(ParamError::Missing {
            name: "BackendServerRegionId".into()
        })
    );
    round_trip(&UnassociateGlobalAccelerationInstanceRequest {
        region_id: "cn-hangzhou".into(),
        global_acceleration_instance_id: "ga-1".into(),
        instance_type: Some("RemoteEcsInstance".into()),
    });
    round_trip(&DescribeGlobalAccelerationInstancesRequest {
        region_id: "cn-hangzhou".into(),
        global_acceleration_instance_id: Some("ga-1".into()),
        bandwidth_type: Some("Exclusive".into()),
        service_location: Some("china-mainland".into()),
        server_id: Some("i-1".into()),
        include_reservation_data: Some(false),
        page_number: Some(1),
        page_size: Some(50),
        ..Default::default()
    });
    let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageSize", "51")]);
    assert!(matches!(
        DescribeGlobalAccelerationInstancesRequest::from_params(&p),
        Err(ParamError::OutOfRange { max: 50, .. })
    ));
}

#[test]
fn write_responses_parse_seed_examples() {
    // AssociateEipAddress seed JSON example.
    let body = br#"{"RequestId":"0ED8D006-F706-4D23-88ED-E11ED28DCAC0"}"#;
    let r = AssociateEipAddressRequest::decode_response(200, body).unwrap();
    assert_eq!(r.request_id, "0ED8D006-F706-4D23-88ED-E11ED28DCAC0");
    // AssociateGlobalAccelerationInstance seed JSON example.
    let body = br#"{"RequestId":"DDF2CC38-76C7-4000-909D-B2088158AEDA"}"#;
    let r = AssociateGlobalAccelerationInstanceRequest::decode_response(200, body).unwrap();
    assert_eq!(r.request_id, "DDF2CC38-76C7-4000-909D-B2088158AEDA");
    let out = AssociateEipAddressRequest::encode_response(&r, "cn-hangzhou");
    assert_eq!(
        out,
        json!({"RequestId": "DDF2CC38-76C7-4000-909D-B2088158AEDA"})
    );
}

#[test]
fn error_answers_become_cloud_errors() {
    let body = br#"{"RequestId":"r","HostId":"vpc.aliyuncs.com","Code":"InvalidAssociation.Duplicated","Message":"Specified instance already is associated."}"#;
    match AssociateEipAddressRequest::decode_response(400, body) {
        Err(ResponseError::Cloud(parts)) => {
            assert_eq!(parts.code, "InvalidAssociation.Duplicated")
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn describe_eip_body() -> Value {
    json!({
        "RequestId": "4EC47282-1B74-4534-BD0E-403F3EE64CAF",
        "TotalCount": 1,
        "PageNumber": 1,
        "PageSize": 10,
        "EipAddresses": {
            "EipAddress": [{
                "AllocationId": "eip-2zeerraiwb7ujsxdc****",
                "IpAddress": "47.94.xx.xx",
                "Status": "InUse",
                "InstanceId": "i-2zebb08phyczzawe****",
                "InstanceType": "EcsInstance",
                "InstanceRegionId": "cn-beijing",
                "RegionId": "cn-beijing",
                "Bandwidth": "5",
                "ChargeType": "PostPaid",
                "InternetChargeType": "PayByTraffic",
                "BusinessStatus": "Normal",
                "OperationLocks": {"LockReason": []},
                "Descritpion": "misspelt",
                "Description": "spelt",
                "ISP": "BGP",
                "HDMonitorStatus": "OFF",
                "DeletionProtection": false,
                "SecondLimited": true,
                "ServiceManaged": 0,
                "Mode": "NAT",
                "PrivateIpAddress": "",
                "Tags": {"Tag": [{"Key": "env", "Value": "prod"}]},
                "SecurityProtectionTypes": {"SecurityProtectionType": ["AntiDDoS_Enhanced"]},
                "AvailableRegions": {"AvailableRegion": ["cn-beijing"]}
            }]
        }
    })
}

#[test]
fn describe_eip_response_parses_real_shape() {
    let body = serde_json::to_vec(&describe_eip_body()).unwrap();
    let r = DescribeEipAddressesRequest::decode_response(200, &body).unwrap();
    assert_eq!(r.total_count, 1);
    let eip = &r.eip_addresses.items[0];
    assert_eq!(eip.allocation_id, "eip-2zeerraiwb7ujsxdc****");
    assert_eq!(eip.status, eip_status::IN_USE);
    assert_eq!(eip.bandwidth, "5");
    assert_eq!(eip.isp, "BGP");
    assert_eq!(eip.descritpion, "misspelt");
    assert_eq!(eip.hd_monitor_status, "OFF");
    assert!(eip.second_limited);
    assert_eq!(eip.tags.items[0].value, "prod");
    assert_eq!(
        eip.security_protection_types.items,
        vec!["AntiDDoS_Enhanced".to_string()]
    );
    // Serialise faithfully: wrappers kept, Bandwidth a string, counters numbers.
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(out["TotalCount"], json!(1));
    assert_eq!(
        out["EipAddresses"]["EipAddress"][0]["Bandwidth"],
        json!("5")
    );
    assert_eq!(out["EipAddresses"]["EipAddress"][0]["ISP"], json!("BGP"));
    assert!(out["EipAddresses"]["EipAddress"][0]["OperationLocks"]["LockReason"].is_array());
    let again: DescribeEipAddressesResponse = serde_json::from_value(out).unwrap();
    assert_eq!(again, r);
}

#[test]
fn describe_eip_response_tolerates_doc_quirks() {
    // The doc example: EipAddress as a single object, numbers as strings or numbers,
    // Bandwidth as a number, fields missing.
    let body = br#"{
        "RequestId": "r",
        "TotalCount": "3",
        "PageNumber": "1",
        "PageSize": 10,
        "EipAddresses": {"EipAddress": {"AllocationId": "eip-1", "Bandwidth": 5, "Unknown": 1}}
    }"#;
    let r = DescribeEipAddressesRequest::decode_response(200, body).unwrap();
    assert_eq!(r.total_count, 3);
    assert_eq!(r.eip_addresses.items.len(), 1);
    assert_eq!(r.eip_addresses.items[0].bandwidth, "5");
    assert_eq!(r.eip_addresses.items[0].status, "");
    // Empty answer.
    let body = br#"{"RequestId":"r","TotalCount":0,"PageNumber":1,"PageSize":10,"EipAddresses":{"EipAddress":[]}}"#;
    let r = DescribeEipAddressesRequest::decode_response(200, body).unwrap();
    assert!(r.eip_addresses.items.is_empty());
    let body = br#"{"RequestId":"r"}"#;
    let r = DescribeEipAddressesRequest::decode_response(200, body).unwrap();
    assert!(r.eip_addresses.items.is_empty());
    // A list field of the wrong kind is malformed, not silently empty.
    let body = br#"{"RequestId":"r","TotalCount":[1]}"#;
    assert!(matches!(
        DescribeEipAddressesRequest::decode_response(200, body),
        Err(ResponseError::Malformed { .. })
    ));
}

#[test]
fn describe_ga_response_nested_lists() {
    let body = json!({
        "RequestId": "r",
        "TotalCount": 1,
        "PageNumber": 1,
        "PageSize": 10,
        "GlobalAccelerationInstances": {
            "GlobalAccelerationInstance": [{
                "GlobalAccelerationInstanceId": "ga-lsajj32****",
                "Status": "InUse",
                "IpAddress": "47.1.2.3",
                "RegionId": "cn-hangzhou",
                "ServiceLocation": "china-mainland",
                "BandwidthType": "Exclusive",
                "Bandwidth": "10",
                "OperationLocks": {"LockReason": [{"LockReason": "financial"}]},
                "PublicIpAddresses": {"PublicIpAddress": [{"AllocationId": "eip-1", "IpAddress": "47.1.2.3"}]},
                "BackendServers": {"BackendServer": [{
                    "ServerId": "i-saf23****",
                    "ServerIpAddress": "10.0.0.1",
                    "ServerType": "EcsInstance",
                    "RegionId": "cn-shanghai"
                }]}
            }]
        }
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeGlobalAccelerationInstancesRequest::decode_response(200, &raw).unwrap();
    let ga = &r.global_acceleration_instances.items[0];
    assert_eq!(ga.backend_servers.items[0].server_id, "i-saf23****");
    assert_eq!(ga.backend_servers.items[0].region_id, "cn-shanghai");
    assert_eq!(ga.operation_locks.items[0].lock_reason, "financial");
    assert_eq!(ga.public_ip_addresses.items[0].allocation_id, "eip-1");
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["GlobalAccelerationInstances"]["GlobalAccelerationInstance"][0]["BackendServers"]
            ["BackendServer"][0]["ServerType"],
        json!("EcsInstance")
    );
}

#[test]
fn eip_pagination() {
    let req = DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        ..Default::default()
    }
    .with_max_page_size();
    assert_eq!(req.page_size, Some(100));
    let page = |n: u64, count: usize| DescribeEipAddressesResponse {
        total_count: 150,
        page_number: n,
        page_size: 100,
        eip_addresses: vec![EipAddress::default(); count].into(),
        ..Default::default()
    };
    let next = req.next_page(&page(1, 100)).unwrap();
    assert_eq!(next.page_number, Some(2));
    assert_eq!(next.page_size, Some(100));
    assert!(next.next_page(&page(2, 50)).is_none());
    assert_eq!(DescribeEipAddressesRequest::items(&page(2, 50)).len(), 50);
}

#[test]
fn target_reads_round_trip_and_parse() {
    round_trip(&DescribeNatGatewaysRequest {
        region_id: "cn-hangzhou".into(),
        nat_gateway_id: Some("ngw-1".into()),
        page_size: Some(50),
        ..Default::default()
    });
    let havips =
        DescribeHaVipsRequest::by_ids("cn-hangzhou", &["havip-1".into(), "havip-2".into()]);
    let p = havips.to_params();
    assert!(p.contains(&("Filter.1.Key".into(), "HaVipId".into())));
    assert!(p.contains(&("Filter.1.Value.2".into(), "havip-2".into())));
    round_trip(&havips);
    let six: Vec<String> = (0..6).map(|i| format!("havip-{i}")).collect();
    assert!(matches!(
        DescribeHaVipsRequest::from_params(
            &DescribeHaVipsRequest::by_ids("cn-hangzhou", &six).to_params()
        ),
        Err(ParamError::TooMany { max: 5, .. })
    ));
    round_trip(&DescribeVpcsRequest {
        region_id: "cn-hangzhou".into(),
        vpc_ids: vec!["vpc-1".into(), "vpc-2".into()],
        is_default: Some(true),
        ..Default::default()
    });
    let body = json!({
        "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
        "HaVips": {"HaVip": [{
            "HaVipId": "havip-1", "Status": "InUse", "IpAddress": "10.0.0.9", "VSwitchId": "vsw-1",
            "AssociatedInstances": {"associatedInstance": ["i-1"]},
            "AssociatedEipAddresses": {"associatedEipAddresse": ["47.1.1.1"]},
            "Tags": {"Tag": [{"Key": "k", "Value": "v"}]}
        }]}
    });
    let r =
        DescribeHaVipsRequest::decode_response(200, &serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(
        r.ha_vips.items[0].associated_instances.items,
        vec!["i-1".to_string()]
    );
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["HaVips"]["HaVip"][0]["AssociatedInstances"]["associatedInstance"][0],
        json!("i-1")
    );
    let body = json!({
        "RequestId": "r", "TotalCount": 1,
        "Vpcs": {"Vpc": [{"VpcId": "vpc-1", "IsDefault": true, "Status": "Available",
            "VSwitchIds": {"VSwitchId": ["vsw-1"]}, "NatGatewayIds": {"NatGatewayIds": ["ngw-1"]}}]}
    });
    let r = DescribeVpcsRequest::decode_response(200, &serde_json::to_vec(&body).unwrap()).unwrap();
    assert!(r.vpcs.items[0].is_default);
    assert_eq!(
        r.vpcs.items[0].nat_gateway_ids.items,
        vec!["ngw-1".to_string()]
    );
    let body = json!({
        "RequestId": "r", "TotalCount": 1,
        "NatGateways": {"NatGateway": [{"NatGatewayId": "ngw-1", "Status": "Available", "VpcId": "vpc-1"}]}
    });
    let r = DescribeNatGatewaysRequest::decode_response(200, &serde_json::to_vec(&body).unwrap())
        .unwrap();
    assert_eq!(r.nat_gateways.items[0].status, "Available");
}

#[test]
fn ga_pagination_uses_default_size() {
    let req = DescribeGlobalAccelerationInstancesRequest {
        region_id: "cn-hangzhou".into(),
        ..Default::default()
    };
    let resp = DescribeGlobalAccelerationInstancesResponse {
        total_count: 11,
        global_acceleration_instances: vec![GlobalAccelerationInstance::default(); 10].into(),
        ..Default::default()
    };
    assert_eq!(req.next_page(&resp).unwrap().page_number, Some(2));
}
