use super::*;
use crate::api::params::owned_params;
use crate::api::params::ParamError;
use crate::api::Paginated;
use crate::api::{ApiAction, ResponseError};
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
fn attach_matches_seed_example() {
    // Seed: Action=AttachInstances&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ****
    //       &InstanceId.1=i-28wt4****
    let wire = owned_params(&[
        ("Action", "AttachInstances"),
        ("ScalingGroupId", "AG6CQdPU8OKdwLjgZcJ****"),
        ("InstanceId.1", "i-28wt4****"),
    ]);
    let req = AttachInstancesRequest::from_params(&wire).unwrap();
    assert_eq!(req.scaling_group_id, "AG6CQdPU8OKdwLjgZcJ****");
    assert_eq!(req.instance_ids, vec!["i-28wt4****".to_string()]);
    assert_eq!(req.region_id, None);
    assert_eq!(req.weight_of(0), 50);
    assert_eq!(
        req.to_params(),
        owned_params(&[
            ("ScalingGroupId", "AG6CQdPU8OKdwLjgZcJ****"),
            ("InstanceId.1", "i-28wt4****"),
        ])
    );
    round_trip(&req);
}

#[test]
fn attach_full_round_trip() {
    let req = AttachInstancesRequest {
        region_id: Some("cn-hangzhou".into()),
        scaling_group_id: "asg-1".into(),
        instance_ids: vec!["i-1".into(), "i-2".into(), "i-3".into()],
        load_balancer_weights: vec![0, 50, 100],
        entrusted: Some(true),
        lifecycle_hook: Some(false),
        ignore_invalid_instance: Some(true),
        client_token: Some("tok".into()),
    };
    let p = req.to_params();
    assert!(p.contains(&("InstanceId.3".into(), "i-3".into())));
    assert!(p.contains(&("LoadBalancerWeight.1".into(), "0".into())));
    assert!(p.contains(&("LoadBalancerWeight.3".into(), "100".into())));
    assert!(p.contains(&("Entrusted".into(), "true".into())));
    round_trip(&req);
    assert_eq!(req.weight_of(2), 100);
}

#[test]
fn attach_rejects_bad_params() {
    let no_ids = owned_params(&[("ScalingGroupId", "asg-1")]);
    assert_eq!(
        AttachInstancesRequest::from_params(&no_ids),
        Err(ParamError::Missing {
            name: "InstanceId.1".into()
        })
    );
    let mut many = owned_params(&[("ScalingGroupId", "asg-1")]);
    many.extend((1..=21).map(|i| (format!("InstanceId.{i}"), format!("i-{i}"))));
    assert_eq!(
        AttachInstancesRequest::from_params(&many),
        Err(ParamError::TooMany {
            name: "InstanceId.N".into(),
            max: 20,
            got: 21
        })
    );
    let bad_weight = owned_params(&[
        ("ScalingGroupId", "asg-1"),
        ("InstanceId.1", "i-1"),
        ("LoadBalancerWeight.1", "heavy"),
    ]);
    assert!(matches!(
        AttachInstancesRequest::from_params(&bad_weight),
        Err(ParamError::Malformed { ref name, .. }) if name == "LoadBalancerWeight.1"
    ));
    let no_group = owned_params(&[("InstanceId.1", "i-1")]);
    assert_eq!(
        AttachInstancesRequest::from_params(&no_group),
        Err(ParamError::Missing {
            name: "ScalingGroupId".into()
        })
    );
}

#[test]
fn detach_round_trip() {
    let req = DetachInstancesRequest {
        region_id: Some("cn-hangzhou".into()),
        scaling_group_id: "asg-1".into(),
        instance_ids: vec!["i-1".into()],
        decrease_desired_capacity: Some(true),
        detach_option: Some("both".into()),
        lifecycle_hook: Some(false),
        ignore_invalid_instance: Some(false),
        client_token: Some("tok".into()),
    };
    round_trip(&req);
    let p = req.to_params();
    assert!(p.contains(&("DecreaseDesiredCapacity".into(), "true".into())));
    assert!(p.contains(&("DetachOption".into(), "both".into())));
}

#[test]
fn describe_requests_round_trip() {
    round_trip(&DescribeScalingInstancesRequest {
        region_id: "cn-hangzhou".into(),
        scaling_group_id: Some("asg-1".into()),
        creation_type: Some("Attached".into()),
        lifecycle_state: Some("Pending:Wait".into()),
        instance_ids: vec!["i-1".into(), "i-2".into()],
        page_number: Some(3),
        page_size: Some(50),
        ..Default::default()
    });
    round_trip(&DescribeScalingActivitiesRequest {
        region_id: "cn-hangzhou".into(),
        scaling_group_id: Some("asg-1".into()),
        scaling_activity_ids: vec!["act-1".into()],
        status_code: Some("InProgress".into()),
        page_size: Some(10),
        ..Default::default()
    });
    let groups = DescribeScalingGroupsRequest {
        region_id: "cn-hangzhou".into(),
        scaling_group_ids: vec!["asg-1".into(), "asg-2".into()],
        scaling_group_name: Some("web".into()),
        scaling_group_names: vec!["a".into(), "b".into()],
        group_type: Some("ECS".into()),
        ..Default::default()
    };
    let p = groups.to_params();
    assert!(p.contains(&("ScalingGroupId.2".into(), "asg-2".into())));
    assert!(p.contains(&("ScalingGroupName".into(), "web".into())));
    assert!(p.contains(&("ScalingGroupName.1".into(), "a".into())));
    round_trip(&groups);
}

#[test]
fn describe_requests_reject_bad_paging() {
    let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageSize", "51")]);
    assert!(matches!(
        DescribeScalingInstancesRequest::from_params(&p),
        Err(ParamError::OutOfRange { max: 50, .. })
    ));
    let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageNumber", "x")]);
    assert!(matches!(
        DescribeScalingActivitiesRequest::from_params(&p),
        Err(ParamError::Malformed { ref name, .. }) if name == "PageNumber"
    ));
    let p = owned_params(&[("PageSize", "10")]);
    assert_eq!(
        DescribeScalingGroupsRequest::from_params(&p),
        Err(ParamError::Missing {
            name: "RegionId".into()
        })
    );
    let mut p = owned_params(&[("RegionId", "cn-hangzhou")]);
    p.extend((1..=21).map(|i| (format!("ScalingActivityId.{i}"), format!("a-{i}"))));
    assert!(matches!(
        DescribeScalingActivitiesRequest::from_params(&p),
        Err(ParamError::TooMany { max: 20, .. })
    ));
}

#[test]
fn attach_response_seed_example() {
    let body = br#"{
        "RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
        "ScalingActivityId":"bybj9OcaOT4ucPMbFhcq****"
    }"#;
    let r = AttachInstancesRequest::decode_response(200, body).unwrap();
    assert_eq!(r.request_id, "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E");
    assert_eq!(r.scaling_activity_id, "bybj9OcaOT4ucPMbFhcq****");
    assert_eq!(
        AttachInstancesRequest::encode_response(&r, "cn-hangzhou"),
        serde_json::from_slice::<Value>(body).unwrap()
    );
}

#[test]
fn attach_error_seed_code() {
    let body = br#"{"RequestId":"r","HostId":"ess.aliyuncs.com","Code":"IncorrectCapacity.MaxSize","Message":"To attach the instances, the total capacity will be greater than the MaxSize."}"#;
    match AttachInstancesRequest::decode_response(400, body) {
        Err(ResponseError::Cloud(p)) => {
            assert_eq!(p.code, "IncorrectCapacity.MaxSize");
            assert_eq!(p.http_status, 400);
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn scaling_instances_response() {
    let body = json!({
        "RequestId": "r",
        "TotalCount": 12,
        "TotalSpotCount": 0,
        "PageNumber": 1,
        "PageSize": 10,
        "ScalingInstances": {"ScalingInstance": [{
            "InstanceId": "i-28wt4****",
            "ScalingGroupId": "AG6CQdPU8OKdwLjgZcJ****",
            "LifecycleState": "InService",
            "HealthStatus": "Healthy",
            "CreationType": "Attached",
            "Entrusted": true,
            "LoadBalancerWeight": 50,
            "CreationTime": "2024-01-10T10:41Z",
            "CreatedTime": "2024-01-10T10:41:30Z",
            "ZoneId": "cn-hangzhou-g",
            "WarmupState": "NoNeedWarmup",
            "WeightedCapacity": 1
        }]}
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeScalingInstancesRequest::decode_response(200, &raw).unwrap();
    let inst = &r.scaling_instances.items[0];
    assert_eq!(inst.creation_type, creation_type::ATTACHED);
    assert!(inst.entrusted);
    assert_eq!(inst.load_balancer_weight, Some(50));
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["ScalingInstances"]["ScalingInstance"][0]["LoadBalancerWeight"],
        json!(50)
    );
    // Page 1 of 12 with the default size 10 → there is a page 2.
    let req = DescribeScalingInstancesRequest {
        region_id: "cn-hangzhou".into(),
        scaling_group_id: Some("AG6CQdPU8OKdwLjgZcJ****".into()),
        ..Default::default()
    };
    let r10 = DescribeScalingInstancesResponse {
        scaling_instances: vec![ScalingInstance::default(); 10].into(),
        ..r.clone()
    };
    let next = req.next_page(&r10).unwrap();
    assert_eq!(next.page_number, Some(2));
    assert_eq!(next.scaling_group_id, req.scaling_group_id);
    let last = DescribeScalingInstancesResponse {
        page_number: 2,
        scaling_instances: vec![ScalingInstance::default(); 2].into(),
        ..r
    };
    assert!(next.next_page(&last).is_none());
}

#[test]
fn scaling_activities_response_string_capacities() {
    let body = br#"{
        "RequestId": "r",
        "TotalCount": "1",
        "PageNumber": "1",
        "PageSize": "10",
        "ScalingActivities": {"ScalingActivity": [{
            "ScalingActivityId": "bybj9OcaOT4ucPMbFhcq****",
            "ScalingGroupId": "asg-1",
            "StatusCode": "Warning",
            "StatusMessage": "partially failed",
            "Progress": 100,
            "TotalCapacity": "3",
            "AttachedCapacity": "2",
            "AutoCreatedCapacity": 1,
            "ScalingInstanceNumber": 1,
            "TriggerSourceType": "APIs"
        }]}
    }"#;
    let r = DescribeScalingActivitiesRequest::decode_response(200, body).unwrap();
    assert_eq!(r.total_count, 1);
    let act = &r.scaling_activities.items[0];
    assert!(act.is_terminal());
    assert_eq!(act.total_capacity, "3");
    assert_eq!(act.auto_created_capacity, "1");
    assert_eq!(act.progress, 100);
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["ScalingActivities"]["ScalingActivity"][0]["AttachedCapacity"],
        json!("2")
    );
    assert_eq!(out["TotalCount"], json!(1));
    assert!(!activity_status::is_terminal("InProgress"));
    assert!(activity_status::is_terminal("Rejected"));
}

#[test]
fn scaling_groups_response_nested_lists() {
    let body = json!({
        "RequestId": "r",
        "TotalCount": 1,
        "PageNumber": 1,
        "PageSize": 10,
        "ScalingGroups": {"ScalingGroup": [{
            "ScalingGroupId": "asg-1",
            "ScalingGroupName": "web",
            "LifecycleState": "Active",
            "MinSize": 0,
            "MaxSize": 5,
            "TotalCapacity": 2,
            "ActiveCapacity": 2,
            "VSwitchId": "vsw-1",
            "VSwitchIds": {"VSwitchId": ["vsw-1", "vsw-2"]},
            "VpcId": "vpc-1",
            "RegionId": "cn-hangzhou",
            "LoadBalancerIds": {"LoadBalancerId": ["lb-1"]},
            "DBInstanceIds": {"DBInstanceId": []},
            "SuspendedProcesses": {"SuspendedProcess": ["ScaleIn"]},
            "MultiAZPolicy": "PRIORITY",
            "GroupType": "ECS"
        }]}
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeScalingGroupsRequest::decode_response(200, &raw).unwrap();
    let g = &r.scaling_groups.items[0];
    assert_eq!(g.lifecycle_state, group_state::ACTIVE);
    assert_eq!(g.max_size, 5);
    assert_eq!(g.v_switch_ids.items, vec!["vsw-1", "vsw-2"]);
    assert_eq!(g.load_balancer_ids.items, vec!["lb-1"]);
    assert_eq!(g.suspended_processes.items, vec!["ScaleIn"]);
    assert_eq!(g.multi_az_policy, "PRIORITY");
    assert_eq!(g.desired_capacity, None);
    let out = serde_json::to_value(&r).unwrap();
    let og = &out["ScalingGroups"]["ScalingGroup"][0];
    assert_eq!(og["VSwitchIds"]["VSwitchId"][1], json!("vsw-2"));
    assert_eq!(og["DBInstanceIds"]["DBInstanceId"], json!([]));
    assert_eq!(og["MaxSize"], json!(5));
    assert!(og.get("DesiredCapacity").is_none());
    // An unknown group id → empty list means gone.
    let empty = br#"{"RequestId":"r","TotalCount":0,"PageNumber":1,"PageSize":10,"ScalingGroups":{"ScalingGroup":[]}}"#;
    let r = DescribeScalingGroupsRequest::decode_response(200, empty).unwrap();
    assert!(r.scaling_groups.items.is_empty());
}

#[test]
fn describe_scaling_configurations_round_trip_and_response() {
    let req = DescribeScalingConfigurationsRequest {
        region_id: "cn-hangzhou".into(),
        scaling_group_id: Some("asg-1".into()),
        scaling_configuration_ids: vec!["asc-1".into(), "asc-2".into()],
        page_size: Some(50),
        ..Default::default()
    };
    assert!(req
        .to_params()
        .contains(&("ScalingConfigurationId.2".into(), "asc-2".into())));
    round_trip(&req);
    let ids: Vec<String> = (1..=11).map(|i| format!("asc-{i}")).collect();
    let too_many = DescribeScalingConfigurationsRequest {
        scaling_configuration_ids: ids,
        ..req.clone()
    };
    assert!(matches!(
        DescribeScalingConfigurationsRequest::from_params(&too_many.to_params()),
        Err(ParamError::TooMany { max: 10, .. })
    ));
    let body = json!({
        "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
        "ScalingConfigurations": {"ScalingConfiguration": [{
            "ScalingConfigurationId": "asc-1", "ScalingGroupId": "asg-1",
            "LifecycleState": "Active", "InstanceType": "ecs.g6.large",
            "InstanceTypes": {"InstanceType": ["ecs.g6.large", "ecs.g6.xlarge"]},
            "SystemDiskSize": "40"
        }]}
    });
    let raw = serde_json::to_vec(&body).unwrap();
    let r = DescribeScalingConfigurationsRequest::decode_response(200, &raw).unwrap();
    let c = &r.scaling_configurations.items[0];
    assert_eq!(
        c.all_instance_types(),
        vec!["ecs.g6.large", "ecs.g6.xlarge"]
    );
    assert_eq!(c.system_disk_size, 40);
    let out = serde_json::to_value(&r).unwrap();
    assert_eq!(
        out["ScalingConfigurations"]["ScalingConfiguration"][0]["InstanceTypes"]["InstanceType"][1],
        json!("ecs.g6.xlarge")
    );
}
