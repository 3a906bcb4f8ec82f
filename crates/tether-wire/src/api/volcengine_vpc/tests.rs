use super::*;
use crate::api::params::owned_params;
use crate::api::params::{KeyValues, ParamError};
use crate::api::{ApiAction, Paginated, ResponseError, TokenPaged};
use serde::Serialize;
use serde_json::{json, Value};

fn round_trip<T>(req: &T)
where
    T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
{
    assert_eq!(&T::decode(&req.encode()).unwrap(), req, "params round trip");
    let json = serde_json::to_string(req).unwrap();
    assert_eq!(
        &serde_json::from_str::<T>(&json).unwrap(),
        req,
        "JSON round trip"
    );
}

#[test]
fn associate_params_match_seed_example() {
    // Seed: GET /?Action=AssociateHaVip&Version=2020-04-01&HaVipId=havip-2zeo05qre24nhrqpy****
    //       &InstanceId=i-faf344422ffsfad****&InstanceType=EcsInstance
    let req = AssociateHaVipRequest {
        ha_vip_id: "havip-2zeo05qre24nhrqpy****".into(),
        instance_id: "i-faf344422ffsfad****".into(),
        instance_type: Some("EcsInstance".into()),
        client_token: None,
    };
    assert_eq!(
        req.to_params(),
        owned_params(&[
            ("HaVipId", "havip-2zeo05qre24nhrqpy****"),
            ("InstanceId", "i-faf344422ffsfad****"),
            ("InstanceType", "EcsInstance"),
        ])
    );
    let wire = owned_params(&[
        ("Action", "AssociateHaVip"),
        ("Version", "2020-04-01"),
        ("HaVipId", "havip-2zeo05qre24nhrqpy****"),
        ("InstanceId", "i-faf344422ffsfad****"),
        ("InstanceType", "EcsInstance"),
    ]);
    assert_eq!(AssociateHaVipRequest::from_params(&wire).unwrap(), req);
    round_trip(&req);
    round_trip(&AssociateHaVipRequest {
        client_token: Some("123e4567-e89b-12d3-a456-42665544****".into()),
        ..req
    });
    round_trip(&DisassociateHaVipRequest {
        ha_vip_id: "havip-1".into(),
        instance_id: "eni-1".into(),
        instance_type: Some("NetworkInterface".into()),
        client_token: Some("tok".into()),
    });
    assert_eq!(
        DisassociateHaVipRequest::from_params(&owned_params(&[("InstanceId", "i-1")])),
        Err(ParamError::Missing {
            name: "HaVipId".into()
        })
    );
}

#[test]
fn describe_round_trip_and_flattening() {
    let req = DescribeHaVipsRequest {
        ha_vip_ids: vec!["havip-1".into(), "havip-2".into()],
        vpc_id: Some("vpc-1".into()),
        tag_filters: vec![KeyValues {
            key: "k1".into(),
            values: vec!["v1".into(), "v2".into()],
        }],
        page_number: Some(1),
        page_size: Some(100),
        ..Default::default()
    };
    let p = req.to_params();
    assert!(p.contains(&("HaVipIds.2".into(), "havip-2".into())));
    assert!(p.contains(&("TagFilters.1.Key".into(), "k1".into())));
    assert!(p.contains(&("TagFilters.1.Values.2".into(), "v2".into())));
    round_trip(&req);
    round_trip(&DescribeHaVipsRequest::default());
    round_trip(&DescribeHaVipsRequest {
        next_token: Some("caeba0bbb2be03f84eb48b699f0a****".into()),
        max_results: Some(50),
        ..Default::default()
    });
}

#[test]
fn describe_rejects_bad_params() {
    let ids: Vec<(String, String)> = (1..=101)
        .map(|i| (format!("HaVipIds.{i}"), format!("havip-{i}")))
        .collect();
    assert_eq!(
        DescribeHaVipsRequest::from_params(&ids),
        Err(ParamError::TooMany {
            name: "HaVipIds.N".into(),
            max: 100,
            got: 101
        })
    );
    assert!(matches!(
        DescribeHaVipsRequest::from_params(&owned_params(&[("MaxResults", "abc")])),
        Err(ParamError::Malformed { ref name, .. }) if name == "MaxResults"
    ));
    assert!(matches!(
        DescribeHaVipsRequest::from_params(&owned_params(&[("PageSize", "0")])),
        Err(ParamError::OutOfRange {
            min: 1,
            max: 100,
            ..
        })
    ));
    assert_eq!(
        DescribeHaVipsRequest::from_params(&owned_params(&[("HaVipIds.2", "havip-2")])),
        Err(ParamError::Missing {
            name: "HaVipIds.1".into()
        })
    );
}

#[test]
fn associate_response_seed_example() {
    let body = br#"{
        "ResponseMetadata": {
            "RequestId": "F3CD6886-D8D0-4FEE-B93E-1B732396****",
            "Action": "AssociateHaVip",
            "Version": "2020-04-01",
            "Service": "vpc",
            "Region": "cn-beijing"
        },
        "Result": {
            "RequestId": "F3CD6886-D8D0-4FEE-B93E-1B732396****"
        }
    }"#;
    let r = AssociateHaVipRequest::decode_response(200, body).unwrap();
    assert_eq!(r.request_id, "F3CD6886-D8D0-4FEE-B93E-1B732396****");
    assert_eq!(r.async_task_id, None);
    // The emulator writes the same envelope back.
    let out = AssociateHaVipRequest::encode_response(&r, "cn-beijing");
    assert_eq!(out, serde_json::from_slice::<Value>(body).unwrap());
}

#[test]
fn disassociate_response_reference_example() {
    let body = br#"{"ResponseMetadata":{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","Action":"DisassociateHaVip","Version":"2020-04-01","Service":"vpc","Region":"cn-beijing"},"Result":{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","AsyncTaskId":"task-1"}}"#;
    let r = DisassociateHaVipRequest::decode_response(200, body).unwrap();
    assert_eq!(r.async_task_id.as_deref(), Some("task-1"));
    let env: VolcengineEnvelope<HaVipBindingResult> = serde_json::from_slice(body).unwrap();
    assert_eq!(env.response_metadata.action, "DisassociateHaVip");
    assert_eq!(
        serde_json::to_value(&env).unwrap(),
        serde_json::from_slice::<Value>(body).unwrap()
    );
}

#[test]
fn error_and_missing_result() {
    let err = br#"{"ResponseMetadata":{"RequestId":"r","Action":"AssociateHaVip","Version":"2020-04-01","Service":"vpc","Region":"cn-beijing","Error":{"Code":"InvalidHaVip.NotFound","Message":"The specified HaVip does not exist."}}}"#;
    match AssociateHaVipRequest::decode_response(404, err) {
        Err(ResponseError::Cloud(p)) => assert_eq!(p.code, "InvalidHaVip.NotFound"),
        other => panic!("unexpected {other:?}"),
    }
    // Error with HTTP 200 is still an error.
    assert!(matches!(
        AssociateHaVipRequest::decode_response(200, err),
        Err(ResponseError::Cloud(_))
    ));
    let no_result = br#"{"ResponseMetadata":{"RequestId":"r"}}"#;
    assert!(matches!(
        AssociateHaVipRequest::decode_response(200, no_result),
        Err(ResponseError::Malformed { .. })
    ));
}

fn describe_body() -> Value {
    json!({
        "ResponseMetadata": {
            "RequestId": "r1", "Action": "DescribeHaVips", "Version": "2020-04-01",
            "Service": "vpc", "Region": "cn-beijing"
        },
        "Result": {
            "RequestId": "r1",
            "HaVips": [{
                "HaVipId": "havip-2byzv8icq1b7k2dx0eegb****",
                "HaVipName": "ha1",
                "Description": "",
                "IpAddress": "172.16.0.5",
                "Status": "InUse",
                "VpcId": "vpc-1",
                "SubnetId": "subnet-1",
                "AccountId": "2100000000",
                "ProjectName": "default",
                "CreatedAt": "2024-01-10T10:41:30+08:00",
                "UpdatedAt": "2024-01-10T10:41:30+08:00",
                "MasterInstanceId": "eni-2d5wv84h7onpc58ozfeeu****",
                "AssociatedEipId": "",
                "AssociatedEipAddress": "",
                "AssociatedInstanceType": "NetworkInterface",
                "AssociatedInstanceIds": ["eni-2d5wv84h7onpc58ozfeeu****"],
                "Tags": [{"Key": "env", "Value": "prod"}]
            }],
            "TotalCount": 1,
            "PageNumber": 1,
            "PageSize": 10,
            "NextToken": ""
        }
    })
}

#[test]
fn describe_response_parses_and_reencodes() {
    let body = serde_json::to_vec(&describe_body()).unwrap();
    let r = DescribeHaVipsRequest::decode_response(200, &body).unwrap();
    let hv = &r.ha_vips[0];
    assert_eq!(hv.status, ha_vip_status::IN_USE);
    assert_eq!(hv.associated_instance_type, "NetworkInterface");
    assert_eq!(
        hv.associated_instance_ids,
        vec!["eni-2d5wv84h7onpc58ozfeeu****".to_string()]
    );
    assert_eq!(hv.tags[0].key, "env");
    let out = DescribeHaVipsRequest::encode_response(&r, "cn-beijing");
    assert_eq!(out, describe_body());
}

#[test]
fn describe_response_null_lists() {
    let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"RequestId":"r","HaVips":null,"TotalCount":"0"}}"#;
    let r = DescribeHaVipsRequest::decode_response(200, body).unwrap();
    assert!(r.ha_vips.is_empty());
    let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"RequestId":"r","HaVips":[{"HaVipId":"havip-1","AssociatedInstanceIds":null}]}}"#;
    let r = DescribeHaVipsRequest::decode_response(200, body).unwrap();
    assert!(r.ha_vips[0].associated_instance_ids.is_empty());
}

#[test]
fn pagination_page_mode() {
    let req = DescribeHaVipsRequest {
        ha_vip_ids: vec!["havip-1".into()],
        ..Default::default()
    };
    let resp = DescribeHaVipsResult {
        ha_vips: vec![HaVip::default(); 20],
        total_count: 25,
        page_number: 1,
        page_size: 20,
        ..Default::default()
    };
    let next = req.next_page(&resp).unwrap();
    assert_eq!(next.page_number, Some(2));
    assert_eq!(next.ha_vip_ids, vec!["havip-1".to_string()]);
    let last = DescribeHaVipsResult {
        ha_vips: vec![HaVip::default(); 5],
        page_number: 2,
        ..resp
    };
    assert!(next.next_page(&last).is_none());
    assert_eq!(req.with_max_page_size().page_size, Some(100));
}

#[test]
fn pagination_token_mode() {
    let req = DescribeHaVipsRequest::default().with_page_size(5);
    assert_eq!(req.page_size, Some(5));
    let req = DescribeHaVipsRequest {
        max_results: Some(10),
        ..Default::default()
    };
    assert!(req.uses_token_paging());
    let resp = DescribeHaVipsResult {
        ha_vips: vec![HaVip::default(); 10],
        total_count: 30,
        next_token: "tok-2".into(),
        ..Default::default()
    };
    let next = req.next_page(&resp).unwrap();
    assert_eq!(next.next_token.as_deref(), Some("tok-2"));
    assert_eq!(next.max_results, Some(10));
    let done = DescribeHaVipsResult {
        next_token: String::new(),
        ..resp
    };
    assert!(next.next_page(&done).is_none());
    assert_eq!(next.with_page_size(100).max_results, Some(100));
}
