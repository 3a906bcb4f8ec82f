use super::*;
use crate::api::params::ParamError;
use crate::api::{ApiAction, Paginated, RequestPayload, ResponseError};
use serde::Serialize;
use serde_json::json;
use serde_json::Value;

fn round_trip<T>(req: &T)
where
    T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
{
    let payload = req.encode();
    let RequestPayload::Json(body) = &payload else {
        panic!("Tencent requests are JSON");
    };
    assert_eq!(&T::decode(&payload).unwrap(), req, "from_json round trip");
    assert_eq!(
        &serde_json::from_str::<T>(body).unwrap(),
        req,
        "serde round trip"
    );
}

#[test]
fn associate_address_reference_payload() {
    // Project signing vector payload (Python json.dumps spacing).
    let body = br#"{"AddressId": "eip-11112222", "InstanceId": "ins-11112222"}"#;
    let req = AssociateAddressRequest::from_json(body).unwrap();
    assert_eq!(req.address_id, "eip-11112222");
    assert_eq!(req.instance_id.as_deref(), Some("ins-11112222"));
    assert_eq!(
        req.to_json(),
        r#"{"AddressId":"eip-11112222","InstanceId":"ins-11112222"}"#
    );
    round_trip(&req);
    // Seed example 2: ENI + private IP.
    let eni = AssociateAddressRequest {
        address_id: "eip-ek0cdz1g".into(),
        network_interface_id: Some("eni-8x55qvrh".into()),
        private_ip_address: Some("10.0.0.2".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::from_str::<Value>(&eni.to_json()).unwrap(),
        json!({"AddressId": "eip-ek0cdz1g", "NetworkInterfaceId": "eni-8x55qvrh", "PrivateIpAddress": "10.0.0.2"})
    );
    round_trip(&eni);
    round_trip(&AssociateAddressRequest {
        eip_direct_connection: Some(true),
        instance_region: Some("ap-guangzhou".into()),
        ..eni
    });
}

#[test]
fn strict_request_parsing() {
    assert_eq!(
        AssociateAddressRequest::from_json(br#"{"InstanceId":"ins-1"}"#),
        Err(ParamError::Missing {
            name: "AddressId".into()
        })
    );
    assert_eq!(
        AssociateAddressRequest::from_json(br#"{"AddressId":"eip-1","Foo":1}"#),
        Err(ParamError::Unknown { name: "Foo".into() })
    );
    assert!(matches!(
        AssociateAddressRequest::from_json(br#"{"AddressId":123}"#),
        Err(ParamError::Malformed { ref name, .. }) if name == "AddressId"
    ));
    assert!(matches!(
        DisassociateAddressRequest::from_json(
            br#"{"AddressId":"eip-1","ReallocateNormalPublicIp":"true"}"#
        ),
        Err(ParamError::Malformed { ref name, .. }) if name == "ReallocateNormalPublicIp"
    ));
    assert!(matches!(
        DescribeAddressesRequest::from_json(b"[1]"),
        Err(ParamError::InvalidBody { .. })
    ));
    assert!(matches!(
        DescribeAddressesRequest::from_json(b"{not json"),
        Err(ParamError::InvalidBody { .. })
    ));
    // Null counts as absent; an empty body is an empty object.
    let req =
        AssociateAddressRequest::from_json(br#"{"AddressId":"eip-1","InstanceId":null}"#).unwrap();
    assert_eq!(req.instance_id, None);
    assert_eq!(
        DescribeAddressesRequest::from_json(b"").unwrap(),
        DescribeAddressesRequest::default()
    );
    // Params payloads are refused.
    assert!(matches!(
        DescribeAddressesRequest::decode(&RequestPayload::Params(vec![])),
        Err(ParamError::InvalidBody { .. })
    ));
}

#[test]
fn describe_addresses_round_trip_and_limits() {
    let req = DescribeAddressesRequest {
        address_ids: vec!["eip-1".into(), "eip-2".into()],
        filters: vec![
            Filter::new("address-status", ["BIND", "BIND_ENI"]),
            Filter::new("instance-id", ["ins-1"]),
        ],
        offset: Some(20),
        limit: Some(100),
    };
    let v: Value = serde_json::from_str(&req.to_json()).unwrap();
    assert_eq!(
        v,
        json!({
            "AddressIds": ["eip-1", "eip-2"],
            "Filters": [
                {"Name": "address-status", "Values": ["BIND", "BIND_ENI"]},
                {"Name": "instance-id", "Values": ["ins-1"]}
            ],
            "Offset": 20,
            "Limit": 100
        })
    );
    round_trip(&req);
    round_trip(&DescribeAddressesRequest::default());
    assert_eq!(DescribeAddressesRequest::default().to_json(), "{}");

    assert!(matches!(
        DescribeAddressesRequest::from_json(br#"{"Limit":"20"}"#),
        Err(ParamError::Malformed { ref name, .. }) if name == "Limit"
    ));
    assert!(matches!(
        DescribeAddressesRequest::from_json(br#"{"Offset":-1}"#),
        Err(ParamError::Malformed { ref name, .. }) if name == "Offset"
    ));
    assert_eq!(
        DescribeAddressesRequest::from_json(br#"{"Limit":101}"#),
        Err(ParamError::OutOfRange {
            name: "Limit".into(),
            value: 101,
            min: 1,
            max: 100
        })
    );
    let ids: Vec<String> = (0..101).map(|i| format!("eip-{i}")).collect();
    let body = serde_json::to_vec(&json!({ "AddressIds": ids })).unwrap();
    assert_eq!(
        DescribeAddressesRequest::from_json(&body),
        Err(ParamError::TooMany {
            name: "AddressIds".into(),
            max: 100,
            got: 101
        })
    );
    let filters: Vec<Value> = (0..11)
        .map(|i| json!({"Name": format!("tag:{i}"), "Values": ["x"]}))
        .collect();
    let body = serde_json::to_vec(&json!({ "Filters": filters })).unwrap();
    assert!(matches!(
        DescribeAddressesRequest::from_json(&body),
        Err(ParamError::TooMany { max: 10, .. })
    ));
    assert_eq!(
        DescribeAddressesRequest::from_json(br#"{"Filters":[{"Values":["x"]}]}"#),
        Err(ParamError::Missing {
            name: "Filters.0.Name".into()
        })
    );
    assert_eq!(
        DescribeAddressesRequest::from_json(br#"{"Filters":[{"Name":"a","Value":["x"]}]}"#),
        Err(ParamError::Unknown {
            name: "Filters.0.Value".into()
        })
    );
    assert!(matches!(
        DescribeAddressesRequest::from_json(br#"{"AddressIds":["eip-1",2]}"#),
        Err(ParamError::Malformed { ref name, .. }) if name == "AddressIds.1"
    ));
}

#[test]
fn describe_task_result_request() {
    let req = DescribeTaskResultRequest::for_task(123_456);
    assert_eq!(req.to_json(), r#"{"TaskId":123456}"#);
    round_trip(&req);
    round_trip(&DescribeTaskResultRequest {
        task_id: None,
        deal_name: Some("deal-1".into()),
    });
    assert!(matches!(
        DescribeTaskResultRequest::from_json(br#"{"TaskId":"123456"}"#),
        Err(ParamError::Malformed { ref name, .. }) if name == "TaskId"
    ));
    assert_eq!(
        DescribeTaskResultRequest::from_json(b"{}"),
        Err(ParamError::Missing {
            name: "TaskId".into()
        })
    );
}

#[test]
fn associate_response_seed_and_task_id() {
    // Old API doc example: no TaskId.
    let body = br#"{"Response":{"RequestId":"3c140219-cfe9-470e-b241-907877d6fb03"}}"#;
    let r = AssociateAddressRequest::decode_response(200, body).unwrap();
    assert_eq!(r.request_id, "3c140219-cfe9-470e-b241-907877d6fb03");
    assert_eq!(r.task_id_u64(), None);
    // Old doc's capital `RequestID`.
    let body = br#"{"Response":{"RequestID":"abc"}}"#;
    assert_eq!(
        AssociateAddressRequest::decode_response(200, body)
            .unwrap()
            .request_id,
        "abc"
    );
    // API 3.0: TaskId as a string (and tolerated as a number).
    let body = br#"{"Response":{"TaskId":"1234567","RequestId":"r"}}"#;
    let r = DisassociateAddressRequest::decode_response(200, body).unwrap();
    assert_eq!(r.task_id, "1234567");
    assert_eq!(r.task_id_u64(), Some(1_234_567));
    let out = DisassociateAddressRequest::encode_response(&r, "ap-guangzhou");
    assert_eq!(
        out,
        json!({"Response": {"TaskId": "1234567", "RequestId": "r"}})
    );
    let body = br#"{"Response":{"TaskId":1234567,"RequestId":"r"}}"#;
    let r = AssociateAddressRequest::decode_response(200, body).unwrap();
    assert_eq!(r.task_id, "1234567");
}

#[test]
fn task_result_response() {
    let body = br#"{"Response":{"TaskId":"1234567","Result":"RUNNING","RequestId":"r"}}"#;
    let r = DescribeTaskResultRequest::decode_response(200, body).unwrap();
    assert_eq!(r.task_id, 1_234_567);
    assert!(r.is_running());
    let out = DescribeTaskResultRequest::encode_response(&r, "ap-guangzhou");
    assert_eq!(out["Response"]["TaskId"], json!(1_234_567));
    let body = br#"{"Response":{"TaskId":7,"Result":"FAILED","RequestId":"r"}}"#;
    assert!(DescribeTaskResultRequest::decode_response(200, body)
        .unwrap()
        .is_failed());
}

#[test]
fn describe_addresses_response() {
    let body = json!({"Response": {
        "TotalCount": 1,
        "AddressSet": [{
            "AddressId": "eip-41s6jwy4",
            "AddressName": null,
            "AddressStatus": "BIND",
            "AddressIp": "43.1.2.3",
            "InstanceId": "ins-0cxjwrog",
            "CreatedTime": "2024-01-10T10:41:30Z",
            "NetworkInterfaceId": "eni-1",
            "PrivateAddressIp": "10.0.0.2",
            "IsArrears": false,
            "IsBlocked": false,
            "IsEipDirectConnection": false,
            "AddressType": "EIP",
            "CascadeRelease": false,
            "EipAlgType": {"Ftp": true, "Sip": false},
            "InternetServiceProvider": "BGP",
            "LocalBgp": false,
            "Bandwidth": 10,
            "InternetChargeType": "TRAFFIC_POSTPAID_BY_HOUR",
            "TagSet": [{"Key": "env", "Value": "prod"}],
            "DeadlineDate": null,
            "InstanceType": "CVM",
            "Egress": "center_egress1",
            "AntiDDoSPackageId": "",
            "RenewFlag": "",
            "BandwidthPackageId": null,
            "UnVpcId": "",
            "DedicatedClusterId": ""
        }],
        "RequestId": "6EF60BEC-0242-43AF-BB20-270359FB54A7"
    }});
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeAddressesRequest::decode_response(200, &raw).unwrap();
    assert_eq!(r.total_count, 1);
    let a = &r.address_set[0];
    assert!(a.is_bound());
    assert_eq!(a.instance_id.as_deref(), Some("ins-0cxjwrog"));
    assert_eq!(a.bandwidth, Some(10));
    assert_eq!(a.address_name, None);
    assert!(a.eip_alg_type.as_ref().unwrap().0.ftp);
    assert_eq!(a.tag_set[0].value, "prod");
    // Faithful re-encoding, nulls included.
    assert_eq!(
        DescribeAddressesRequest::encode_response(&r, "ap-guangzhou"),
        body
    );
    // Sparse and null-heavy items still parse.
    let sparse = br#"{"Response":{"TotalCount":"2","AddressSet":[{"AddressId":"eip-1","AddressStatus":"UNBIND","InstanceId":null,"Bandwidth":null,"TagSet":null,"EipAlgType":null}],"RequestId":"r"}}"#;
    let r = DescribeAddressesRequest::decode_response(200, sparse).unwrap();
    assert_eq!(r.total_count, 2);
    assert!(!r.address_set[0].is_bound());
    assert!(r.address_set[0].tag_set.is_empty());
    // Empty set for an unknown id.
    let empty = br#"{"Response":{"TotalCount":0,"AddressSet":[],"RequestId":"r"}}"#;
    assert!(DescribeAddressesRequest::decode_response(200, empty)
        .unwrap()
        .address_set
        .is_empty());
}

#[test]
fn tencent_error_inside_200() {
    let body = br#"{"Response":{"Error":{"Code":"OperationDenied.MutexTaskRunning","Message":"Mutex task is running, please try later."},"RequestId":"r"}}"#;
    match AssociateAddressRequest::decode_response(200, body) {
        Err(ResponseError::Cloud(p)) => {
            assert_eq!(p.code, "OperationDenied.MutexTaskRunning");
            assert_eq!(p.request_id.as_deref(), Some("r"));
        }
        other => panic!("unexpected {other:?}"),
    }
    // Missing Response wrapper is malformed.
    assert!(matches!(
        DescribeTaskResultRequest::decode_response(200, br#"{"TaskId":1}"#),
        Err(ResponseError::Malformed { .. })
    ));
}

#[test]
fn offset_pagination() {
    let req = DescribeAddressesRequest {
        filters: vec![Filter::new("address-status", ["BIND"])],
        ..Default::default()
    }
    .with_max_page_size();
    assert_eq!(req.limit, Some(100));
    let resp = |n: usize| DescribeAddressesResponse {
        total_count: 150,
        address_set: vec![Address::default(); n],
        request_id: "r".into(),
    };
    let next = req.next_page(&resp(100)).unwrap();
    assert_eq!(next.offset, Some(100));
    assert_eq!(next.filters, req.filters);
    assert!(next.next_page(&resp(50)).is_none());
    assert!(req.next_page(&resp(0)).is_none());
    assert_eq!(DescribeAddressesRequest::items(&resp(3)).len(), 3);
}

#[test]
fn describe_network_interfaces_round_trip_and_response() {
    let req = DescribeNetworkInterfacesRequest {
        network_interface_ids: vec!["eni-1".into()],
        limit: Some(100),
        ..Default::default()
    };
    round_trip(&req);
    assert!(matches!(
        DescribeNetworkInterfacesRequest::from_json(br#"{"Limit": 101}"#),
        Err(ParamError::OutOfRange { max: 100, .. })
    ));
    assert!(matches!(
        DescribeNetworkInterfacesRequest::from_json(br#"{"Bogus": 1}"#),
        Err(ParamError::Unknown { .. })
    ));
    let body = json!({"Response": {
        "TotalCount": 1, "RequestId": "r",
        "NetworkInterfaceSet": [{
            "NetworkInterfaceId": "eni-f1xjkw1b", "VpcId": "vpc-2kx9z6h3", "SubnetId": "subnet-1",
            "Primary": false, "State": "AVAILABLE", "Zone": "ap-guangzhou-2", "Business": "cvm",
            "PrivateIpAddressSet": [{"IsWanIpBlocked": false, "Primary": true, "State": "AVAILABLE",
                "PublicIpAddress": "", "PrivateIpAddress": "192.168.0.13", "Description": ""}],
            "Attachment": null, "GroupSet": [], "TagSet": [], "Ipv6AddressSet": [], "EniType": 0
        }]
    }});
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeNetworkInterfacesRequest::decode_response(200, &raw).unwrap();
    let eni = &r.network_interface_set[0];
    assert!(eni.has_private_ip("192.168.0.13"));
    assert!(!eni.has_private_ip("192.168.0.14"));
    assert_eq!(eni.attachment, None);
    let resp = DescribeNetworkInterfacesResponse {
        total_count: 150,
        network_interface_set: vec![NetworkInterface::default(); 100],
        ..Default::default()
    };
    let next = req.clone().with_max_page_size().next_page(&resp).unwrap();
    assert_eq!((next.offset, next.limit), (Some(100), Some(100)));
}

#[test]
fn only_an_attached_primary_eni_has_the_instances_slot() {
    let eni = |primary: bool, owner: &str| NetworkInterface {
        primary,
        attachment: Some(NetworkInterfaceAttachment {
            instance_id: owner.into(),
            ..Default::default()
        }),
        private_ip_address_set: vec![
            PrivateIpAddressSpecification {
                private_ip_address: "10.0.0.9".into(),
                primary: false,
                ..Default::default()
            },
            PrivateIpAddressSpecification {
                private_ip_address: "10.0.0.2".into(),
                primary: true,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    assert_eq!(
        eni(true, "ins-1").primary_slot(),
        Some(("ins-1", "10.0.0.2"))
    );
    assert_eq!(eni(false, "ins-1").primary_slot(), None, "a secondary ENI");
    assert_eq!(eni(true, "").primary_slot(), None, "detached");
    assert_eq!(eni(true, "").owner(), None);
}
