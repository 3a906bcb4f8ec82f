//! The calls of every API for the request-shape test: tether's parameters and the same call
//! in each SDK's dialect.

use super::*;

/// The calls of every API (each carrying a unique token inside an id).
pub(crate) fn shape_cases() -> Vec<ShapeCase> {
    use tether_wire::api::RequestPayload::{Json, Params};
    let mut cases = Vec::new();
    let mut n = 0;
    let mut token = || {
        n += 1;
        format!("shp{n:02}")
    };
    let pairs = |list: &[(&str, String)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    // Alibaba: tether's wire parameters (RegionId added), the classic setters' names, the tea
    // models' names (RegionId added: the tea SDK does not add it).
    let mut ali =
        |action: &'static str, t: &str, tether: Vec<(&str, String)>, classic: Value, tea: Value| {
            let mut tether = pairs(&tether);
            tether.push(("RegionId".into(), "cn-hangzhou".into()));
            let mut tea = tea;
            tea["RegionId"] = json!("cn-hangzhou");
            cases.push(ShapeCase {
                cloud: Cloud::Alibaba,
                action,
                token: t.to_owned(),
                tether: Params(tether),
                sdks: vec![(Sdk::AliyunClassic, classic), (Sdk::AlibabaTea, tea)],
            });
        };
    let t = token();
    let (eip, inst) = (format!("eip-{t}"), format!("i-{t}"));
    ali(
        "AssociateEipAddress",
        &t,
        vec![
            ("AllocationId", eip.clone()),
            ("InstanceId", inst.clone()),
            ("InstanceType", "EcsInstance".into()),
        ],
        json!({"AllocationId": eip, "InstanceId": inst, "InstanceType": "EcsInstance"}),
        json!({"AllocationId": eip, "InstanceId": inst, "InstanceType": "EcsInstance"}),
    );
    let t = token();
    let eips = format!("eip-{t}a,eip-{t}b");
    ali(
        "DescribeEipAddresses",
        &t,
        vec![
            ("AllocationId", eips.clone()),
            ("PageSize", "100".into()),
            ("PageNumber", "2".into()),
        ],
        json!({"AllocationId": eips, "PageSize": 100, "PageNumber": 2}),
        json!({"AllocationId": eips, "PageSize": 100, "PageNumber": 2}),
    );
    let t = token();
    let (eip, inst) = (format!("eip-{t}"), format!("i-{t}"));
    ali(
        "UnassociateEipAddress",
        &t,
        vec![
            ("AllocationId", eip.clone()),
            ("InstanceId", inst.clone()),
            ("InstanceType", "EcsInstance".into()),
            ("Force", "true".into()),
        ],
        json!({"AllocationId": eip, "InstanceId": inst, "InstanceType": "EcsInstance", "Force": "true"}),
        json!({"AllocationId": eip, "InstanceId": inst, "InstanceType": "EcsInstance", "Force": true}),
    );
    let t = token();
    let ga = format!("ga-{t}");
    let backend = json!({"GlobalAccelerationInstanceId": ga, "BackendServerId": format!("i-{t}"), "BackendServerRegionId": "cn-shanghai", "BackendServerType": "EcsInstance"});
    ali(
        "AssociateGlobalAccelerationInstance",
        &t,
        vec![
            ("GlobalAccelerationInstanceId", ga.clone()),
            ("BackendServerId", format!("i-{t}")),
            ("BackendServerRegionId", "cn-shanghai".into()),
            ("BackendServerType", "EcsInstance".into()),
        ],
        backend.clone(),
        backend,
    );
    let t = token();
    let ga = format!("ga-{t}");
    ali(
        "DescribeGlobalAccelerationInstances",
        &t,
        vec![
            ("GlobalAccelerationInstanceId", ga.clone()),
            ("PageSize", "50".into()),
        ],
        json!({"GlobalAccelerationInstanceId": ga, "PageSize": 50}),
        json!({"GlobalAccelerationInstanceId": ga, "PageSize": 50}),
    );
    let t = token();
    let ga = format!("ga-{t}");
    ali(
        "UnassociateGlobalAccelerationInstance",
        &t,
        vec![("GlobalAccelerationInstanceId", ga.clone())],
        json!({"GlobalAccelerationInstanceId": ga}),
        json!({"GlobalAccelerationInstanceId": ga}),
    );
    let t = token();
    let (group, a, b) = (format!("asg-{t}"), format!("i-{t}a"), format!("i-{t}b"));
    ali(
        "AttachInstances",
        &t,
        vec![
            ("ScalingGroupId", group.clone()),
            ("InstanceId.1", a.clone()),
            ("InstanceId.2", b.clone()),
            ("LoadBalancerWeight.1", "50".into()),
            ("LoadBalancerWeight.2", "60".into()),
        ],
        json!({"ScalingGroupId": group, "InstanceIds": [a, b], "LoadBalancerWeights": [50, 60]}),
        json!({"ScalingGroupId": group, "InstanceId": [a, b], "LoadBalancerWeight": [50, 60]}),
    );
    let t = token();
    let (group, a, b) = (format!("asg-{t}"), format!("i-{t}a"), format!("i-{t}b"));
    ali(
        "DetachInstances",
        &t,
        vec![
            ("ScalingGroupId", group.clone()),
            ("InstanceId.1", a.clone()),
            ("InstanceId.2", b.clone()),
        ],
        json!({"ScalingGroupId": group, "InstanceIds": [a, b]}),
        json!({"ScalingGroupId": group, "InstanceId": [a, b]}),
    );
    let t = token();
    let (group, a) = (format!("asg-{t}"), format!("i-{t}"));
    ali(
        "DescribeScalingInstances",
        &t,
        vec![
            ("ScalingGroupId", group.clone()),
            ("InstanceId.1", a.clone()),
            ("PageSize", "50".into()),
        ],
        json!({"ScalingGroupId": group, "InstanceIds": [a], "PageSize": 50}),
        json!({"ScalingGroupId": group, "InstanceId": [a], "PageSize": 50}),
    );
    let t = token();
    let activity = format!("asa-{t}");
    ali(
        "DescribeScalingActivities",
        &t,
        vec![("ScalingActivityId.1", activity.clone())],
        json!({"ScalingActivityIds": [activity]}),
        json!({"ScalingActivityId": [activity]}),
    );
    let t = token();
    let group = format!("asg-{t}");
    ali(
        "DescribeScalingGroups",
        &t,
        vec![
            ("ScalingGroupId.1", group.clone()),
            ("PageSize", "50".into()),
        ],
        json!({"ScalingGroupIds": [group], "PageSize": 50}),
        json!({"ScalingGroupId": [group], "PageSize": 50}),
    );
    let t = token();
    let group = format!("asg-{t}");
    ali(
        "DescribeScalingConfigurations",
        &t,
        vec![("ScalingGroupId", group.clone()), ("PageSize", "50".into())],
        json!({"ScalingGroupId": group, "PageSize": 50}),
        json!({"ScalingGroupId": group, "PageSize": 50}),
    );
    let t = token();
    let ids = format!(r#"["i-{t}a","i-{t}b"]"#);
    ali(
        "DescribeInstances",
        &t,
        vec![("InstanceIds", ids.clone()), ("PageSize", "100".into())],
        json!({"InstanceIds": ids, "PageSize": 100}),
        json!({"InstanceIds": ids, "PageSize": 100}),
    );
    let t = token();
    let eni = format!("eni-{t}");
    ali(
        "DescribeNetworkInterfaces",
        &t,
        vec![
            ("NetworkInterfaceId.1", eni.clone()),
            ("PageSize", "100".into()),
        ],
        json!({"NetworkInterfaceIds": [eni], "PageSize": 100}),
        json!({"NetworkInterfaceId": [eni], "PageSize": 100}),
    );
    let t = token();
    let lbs = format!("lb-{t}a,lb-{t}b");
    ali(
        "DescribeLoadBalancers",
        &t,
        vec![("LoadBalancerId", lbs.clone()), ("PageSize", "100".into())],
        json!({"LoadBalancerId": lbs, "PageSize": 100}),
        json!({"LoadBalancerId": lbs, "PageSize": 100}),
    );
    let t = token();
    let ngw = format!("ngw-{t}");
    ali(
        "DescribeNatGateways",
        &t,
        vec![("NatGatewayId", ngw.clone()), ("PageSize", "50".into())],
        json!({"NatGatewayId": ngw, "PageSize": 50}),
        json!({"NatGatewayId": ngw, "PageSize": 50}),
    );
    let t = token();
    let (a, b) = (format!("havip-{t}a"), format!("havip-{t}b"));
    ali(
        "DescribeHaVips",
        &t,
        vec![
            ("Filter.1.Key", "HaVipId".into()),
            ("Filter.1.Value.1", a.clone()),
            ("Filter.1.Value.2", b.clone()),
        ],
        json!({"Filters": [{"Key": "HaVipId", "Value": [a, b]}]}),
        json!({"Filter": [{"Key": "HaVipId", "Value": [a, b]}]}),
    );
    let t = token();
    let vpc = format!("vpc-{t}");
    ali(
        "DescribeVpcs",
        &t,
        vec![("VpcId", vpc.clone()), ("PageSize", "50".into())],
        json!({"VpcId": vpc, "PageSize": 50}),
        json!({"VpcId": vpc, "PageSize": 50}),
    );

    // Tencent: one JSON body, for tether and both SDK clients alike.
    let mut tc = |action: &'static str, t: &str, body: Value| {
        cases.push(ShapeCase {
            cloud: Cloud::Tencent,
            action,
            token: t.to_owned(),
            tether: Json(body.to_string()),
            sdks: vec![
                (Sdk::TencentCommon, body.clone()),
                (Sdk::TencentTyped, body),
            ],
        });
    };
    let t = token();
    tc(
        "AssociateAddress",
        &t,
        json!({"AddressId": format!("eip-{t}"), "InstanceId": format!("ins-{t}")}),
    );
    let t = token();
    tc(
        "AssociateAddress",
        &t,
        json!({"AddressId": format!("eip-{t}"), "NetworkInterfaceId": format!("eni-{t}"), "PrivateIpAddress": "10.0.0.7"}),
    );
    let t = token();
    tc(
        "DescribeAddresses",
        &t,
        json!({"AddressIds": [format!("eip-{t}a"), format!("eip-{t}b")], "Offset": 20, "Limit": 100}),
    );
    let t = token();
    tc(
        "DisassociateAddress",
        &t,
        json!({"AddressId": format!("eip-{t}")}),
    );
    let t = token();
    let task: u64 = 9_100_000 + u64::from(t[3..].parse::<u32>().unwrap_or(0));
    tc(
        "DescribeTaskResult",
        &task.to_string(),
        json!({"TaskId": task}),
    );
    let t = token();
    tc(
        "DescribeInstances",
        &t,
        json!({"InstanceIds": [format!("ins-{t}")], "Limit": 100}),
    );
    let t = token();
    tc(
        "DescribeNetworkInterfaces",
        &t,
        json!({"NetworkInterfaceIds": [format!("eni-{t}")], "Limit": 100}),
    );

    // Volcengine: tether's wire parameters, the SDK models' snake_case attributes.
    let mut volc = |action: &'static str, t: &str, tether: Vec<(&str, String)>, sdk: Value| {
        cases.push(ShapeCase {
            cloud: Cloud::Volcengine,
            action,
            token: t.to_owned(),
            tether: Params(pairs(&tether)),
            sdks: vec![(Sdk::Volcengine, sdk)],
        });
    };
    let t = token();
    let (havip, inst) = (format!("havip-{t}"), format!("i-{t}"));
    volc(
        "AssociateHaVip",
        &t,
        vec![
            ("HaVipId", havip.clone()),
            ("InstanceId", inst.clone()),
            ("InstanceType", "EcsInstance".into()),
            ("ClientToken", format!("tok-{t}")),
        ],
        json!({"ha_vip_id": havip, "instance_id": inst, "instance_type": "EcsInstance", "client_token": format!("tok-{t}")}),
    );
    let t = token();
    let (a, b) = (format!("havip-{t}a"), format!("havip-{t}b"));
    volc(
        "DescribeHaVips",
        &t,
        vec![
            ("HaVipIds.1", a.clone()),
            ("HaVipIds.2", b.clone()),
            ("PageSize", "100".into()),
        ],
        json!({"ha_vip_ids": [a, b], "page_size": 100}),
    );
    let t = token();
    let (havip, inst) = (format!("havip-{t}"), format!("i-{t}"));
    volc(
        "DisassociateHaVip",
        &t,
        vec![
            ("HaVipId", havip.clone()),
            ("InstanceId", inst.clone()),
            ("InstanceType", "EcsInstance".into()),
        ],
        json!({"ha_vip_id": havip, "instance_id": inst, "instance_type": "EcsInstance"}),
    );
    let t = token();
    let inst = format!("i-{t}");
    volc(
        "DescribeInstances",
        &t,
        vec![
            ("InstanceIds.1", inst.clone()),
            ("MaxResults", "100".into()),
        ],
        json!({"instance_ids": [inst], "max_results": 100}),
    );
    let t = token();
    let eni = format!("eni-{t}");
    volc(
        "DescribeNetworkInterfaces",
        &t,
        vec![
            ("NetworkInterfaceIds.1", eni.clone()),
            ("PageSize", "100".into()),
        ],
        json!({"network_interface_ids": [eni], "page_size": 100}),
    );
    cases
}
