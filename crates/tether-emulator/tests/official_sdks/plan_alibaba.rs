//! The Alibaba answer cases: the 11 Alibaba APIs and the 7 reads of the plan-time checks,
//! through one SDK (classic or tea).

use super::*;

impl Plan {
    /// The 11 Alibaba APIs through one SDK; `k` (1 or 2) picks resources no other SDK uses.
    pub(crate) fn alibaba(&mut self, sdk: Sdk, k: u32) {
        let classic = sdk == Sdk::AliyunClassic;
        let eip = format!("eip-hzfree02{k}");
        let inst = format!("i-hzapp02{k}");
        let ga = format!("ga-hzexcl0{k}");
        let backend = format!("i-shapp00{k}");
        let asg_member = format!("i-hzapp04{k}");
        // A list parameter: the classic setters take the list under their own name, the
        // generic call_api takes wire names (flattened to Name.N by the script).
        let list = |setter: &str, wire: &str, values: Vec<String>| -> (String, Value) {
            if classic {
                (setter.to_string(), json!(values))
            } else {
                (wire.to_string(), json!(values))
            }
        };
        let obj =
            |pairs: Vec<(String, Value)>| -> Value { Value::Object(pairs.into_iter().collect()) };
        let region = |mut v: Value| -> Value {
            // The tea SDK does not add RegionId by itself; the classic one does.
            if !classic {
                v["RegionId"] = json!("cn-hangzhou");
            }
            v
        };

        // EIP.
        self.add(
            sdk,
            "AssociateEipAddress",
            region(json!({"AllocationId": eip, "InstanceId": inst})),
            ok(vec![]),
        );
        self.add(
            sdk,
            "DescribeEipAddresses",
            region(json!({"AllocationId": eip})),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq("/EipAddresses/EipAddress/0/AllocationId", json!(eip)),
                Want::Eq("/EipAddresses/EipAddress/0/Status", json!("InUse")),
                Want::Eq("/EipAddresses/EipAddress/0/InstanceId", json!(inst)),
                Want::Eq(
                    "/EipAddresses/EipAddress/0/InstanceType",
                    json!("EcsInstance"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeEipAddresses",
            region(json!({})),
            ok(vec![
                Want::Len("/EipAddresses/EipAddress", 10),
                Want::Eq("/PageSize", json!(10)),
                Want::Present("/TotalCount"),
            ]),
        );
        self.add(
            sdk,
            "UnassociateEipAddress",
            region(json!({"AllocationId": eip, "InstanceId": inst})),
            ok(vec![]),
        );
        self.add(
            sdk,
            "DescribeEipAddresses",
            region(json!({"AllocationId": eip})),
            ok(vec![Want::Eq(
                "/EipAddresses/EipAddress/0/Status",
                json!("Available"),
            )]),
        );
        self.add(
            sdk,
            "AssociateEipAddress",
            region(json!({"AllocationId": "eip-hzinuse", "InstanceId": "i-hzapp030"})),
            err(vpc_err::INCORRECT_EIP_STATUS),
        );
        self.add(
            sdk,
            "AssociateEipAddress",
            region(json!({"AllocationId": "eip-hzfree031", "InstanceId": "i-hzclassic"})),
            err(vpc_err::OPERATION_DENIED_NOT_IN_VPC),
        );
        self.add(
            sdk,
            "DescribeEipAddresses",
            region(json!({"PageSize": 101})),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "UnassociateEipAddress",
            region(json!({"AllocationId": "eip-hzfree060"})),
            err(vpc_err::INCORRECT_EIP_STATUS),
        );

        // Global acceleration.
        self.add(
            sdk,
            "AssociateGlobalAccelerationInstance",
            region(json!({
                "GlobalAccelerationInstanceId": ga,
                "BackendServerId": backend,
                "BackendServerRegionId": "cn-shanghai",
            })),
            ok(vec![]),
        );
        self.add(
            sdk,
            "DescribeGlobalAccelerationInstances",
            region(json!({"GlobalAccelerationInstanceId": ga})),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq(
                    "/GlobalAccelerationInstances/GlobalAccelerationInstance/0/Status",
                    json!("InUse"),
                ),
                Want::Eq(
                    "/GlobalAccelerationInstances/GlobalAccelerationInstance/0/BackendServers/BackendServer/0/ServerId",
                    json!(backend),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeGlobalAccelerationInstances",
            region(json!({})),
            ok(vec![Want::MinLen(
                "/GlobalAccelerationInstances/GlobalAccelerationInstance",
                8,
            )]),
        );
        self.add(
            sdk,
            "UnassociateGlobalAccelerationInstance",
            region(json!({"GlobalAccelerationInstanceId": ga})),
            ok(vec![]),
        );
        self.add(
            sdk,
            "AssociateGlobalAccelerationInstance",
            region(json!({
                "GlobalAccelerationInstanceId": "ga-hzexcl03",
                "BackendServerId": "i-hzapp033",
                "BackendServerRegionId": "cn-hangzhou",
            })),
            err(vpc_err::INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID),
        );
        self.add(
            sdk,
            "DescribeGlobalAccelerationInstances",
            region(json!({"PageSize": 51})),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "UnassociateGlobalAccelerationInstance",
            region(json!({"GlobalAccelerationInstanceId": "ga-hzexcl05"})),
            err(vpc_err::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS),
        );

        // Auto Scaling.
        let (key, ids) = list("InstanceIds", "InstanceId", vec![asg_member.clone()]);
        let attach = self.add(
            sdk,
            "AttachInstances",
            region(obj(vec![
                ("ScalingGroupId".into(), json!("asg-hzbig")),
                (key.clone(), ids.clone()),
            ])),
            ok(vec![Want::Present("/ScalingActivityId")]),
        );
        let (akey, aids) = list(
            "ScalingActivityIds",
            "ScalingActivityId",
            vec![format!("$ref:{attach}:ScalingActivityId")],
        );
        self.add(
            sdk,
            "DescribeScalingActivities",
            region(obj(vec![(akey, aids)])),
            ok(vec![
                Want::Len("/ScalingActivities/ScalingActivity", 1),
                Want::Eq(
                    "/ScalingActivities/ScalingActivity/0/StatusCode",
                    json!("Successful"),
                ),
                Want::Eq(
                    "/ScalingActivities/ScalingActivity/0/ScalingGroupId",
                    json!("asg-hzbig"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeScalingInstances",
            region(obj(vec![
                ("ScalingGroupId".into(), json!("asg-hzbig")),
                (key.clone(), ids.clone()),
            ])),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq(
                    "/ScalingInstances/ScalingInstance/0/InstanceId",
                    json!(asg_member),
                ),
                Want::Eq(
                    "/ScalingInstances/ScalingInstance/0/CreationType",
                    json!("Attached"),
                ),
                Want::Eq(
                    "/ScalingInstances/ScalingInstance/0/LifecycleState",
                    json!("InService"),
                ),
            ]),
        );
        let (gkey, gids) = list(
            "ScalingGroupIds",
            "ScalingGroupId",
            vec!["asg-hzbig".into()],
        );
        self.add(
            sdk,
            "DescribeScalingGroups",
            region(obj(vec![(gkey, gids)])),
            ok(vec![
                Want::Eq(
                    "/ScalingGroups/ScalingGroup/0/ScalingGroupId",
                    json!("asg-hzbig"),
                ),
                Want::Eq(
                    "/ScalingGroups/ScalingGroup/0/LifecycleState",
                    json!("Active"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DetachInstances",
            region(obj(vec![
                ("ScalingGroupId".into(), json!("asg-hzbig")),
                (key.clone(), ids),
            ])),
            ok(vec![Want::Present("/ScalingActivityId")]),
        );
        let (_, inactive_ids) = list("InstanceIds", "InstanceId", vec!["i-hzapp035".into()]);
        self.add(
            sdk,
            "AttachInstances",
            region(obj(vec![
                ("ScalingGroupId".into(), json!("asg-hzinactive")),
                (key.clone(), inactive_ids),
            ])),
            err(ess_err::INCORRECT_SCALING_GROUP_STATUS),
        );
        let (_, both) = list(
            "InstanceIds",
            "InstanceId",
            vec!["i-hzasg003".into(), "i-hzasg004".into()],
        );
        self.add(
            sdk,
            "DetachInstances",
            region(obj(vec![
                ("ScalingGroupId".into(), json!("asg-hznearlyfull")),
                (key, both),
            ])),
            err(ess_err::INCORRECT_CAPACITY_MIN_SIZE),
        );
        for action in [
            "DescribeScalingInstances",
            "DescribeScalingActivities",
            "DescribeScalingGroups",
        ] {
            self.add(
                sdk,
                action,
                region(json!({"PageSize": 51})),
                err(ess_err::INVALID_PARAMETER),
            );
        }
        self.alibaba_reads(sdk);
    }

    /// The 7 Alibaba reads of the plan-time checks through one SDK.
    pub(crate) fn alibaba_reads(&mut self, sdk: Sdk) {
        let classic = sdk == Sdk::AliyunClassic;
        let region = |mut v: Value| -> Value {
            if !classic {
                v["RegionId"] = json!("cn-hangzhou");
            }
            v
        };
        // The classic request classes name repeated lists after their setter
        // (`set_NetworkInterfaceIds`, `set_Filters`), the tea models after the wire.
        let (enis, havip_filter) = if classic {
            ("NetworkInterfaceIds", "Filters")
        } else {
            ("NetworkInterfaceId", "Filter")
        };
        let too_big = |size: u32| region(json!({"PageSize": size}));
        self.add(
            sdk,
            "DescribeInstances",
            region(json!({"InstanceIds": r#"["i-hzstopped","i-hzclassic"]"#})),
            ok(vec![
                Want::Eq("/TotalCount", json!(2)),
                Want::Eq("/Instances/Instance/0/InstanceId", json!("i-hzclassic")),
                Want::Eq(
                    "/Instances/Instance/0/InstanceNetworkType",
                    json!("classic"),
                ),
                Want::Eq(
                    "/Instances/Instance/0/InnerIpAddress/IpAddress/0",
                    json!("10.100.0.5"),
                ),
                Want::Eq("/Instances/Instance/1/Status", json!("Stopped")),
                Want::Eq(
                    "/Instances/Instance/1/VpcAttributes/PrivateIpAddress/IpAddress/0",
                    json!("10.0.1.6"),
                ),
                Want::Eq(
                    "/Instances/Instance/1/VpcAttributes/VSwitchId",
                    json!("vsw-hza"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeInstances",
            region(json!({})),
            ok(vec![
                Want::Len("/Instances/Instance", 10),
                Want::Eq("/PageSize", json!(10)),
                Want::Present("/TotalCount"),
            ]),
        );
        self.add(
            sdk,
            "DescribeInstances",
            too_big(101),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "DescribeNetworkInterfaces",
            region(json!({enis: ["eni-hzsec001"]})),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq(
                    "/NetworkInterfaceSets/NetworkInterfaceSet/0/InstanceId",
                    json!("i-hzapp001"),
                ),
                Want::Eq(
                    "/NetworkInterfaceSets/NetworkInterfaceSet/0/Type",
                    json!("Secondary"),
                ),
                Want::Eq(
                    "/NetworkInterfaceSets/NetworkInterfaceSet/0/PrivateIpSets/PrivateIpSet/1/PrivateIpAddress",
                    json!("10.0.1.202"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeNetworkInterfaces",
            too_big(501),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "DescribeLoadBalancers",
            region(json!({"LoadBalancerId": "lb-hzclassic,lb-hzinactive"})),
            ok(vec![
                Want::Eq("/TotalCount", json!(2)),
                Want::Eq(
                    "/LoadBalancers/LoadBalancer/0/NetworkType",
                    json!("classic"),
                ),
                Want::Eq(
                    "/LoadBalancers/LoadBalancer/1/LoadBalancerStatus",
                    json!("inactive"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeLoadBalancers",
            too_big(101),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "DescribeNatGateways",
            region(json!({"NatGatewayId": "ngw-hzdemo"})),
            ok(vec![
                Want::Eq("/NatGateways/NatGateway/0/Status", json!("Available")),
                Want::Eq("/NatGateways/NatGateway/0/VpcId", json!("vpc-hzdemo")),
            ]),
        );
        self.add(
            sdk,
            "DescribeNatGateways",
            too_big(51),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "DescribeHaVips",
            region(json!({havip_filter: [{"Key": "HaVipId", "Value": ["havip-hzdemo", "havip-hzcreating"]}]})),
            ok(vec![
                Want::Len("/HaVips/HaVip", 2),
                Want::Eq("/HaVips/HaVip/0/VSwitchId", json!("vsw-hza")),
                Want::Eq("/HaVips/HaVip/1/Status", json!("Creating")),
            ]),
        );
        self.add(
            sdk,
            "DescribeHaVips",
            too_big(51),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "DescribeVpcs",
            region(json!({"VpcId": "vpc-hzdefault"})),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq("/Vpcs/Vpc/0/IsDefault", json!(true)),
            ]),
        );
        self.add(
            sdk,
            "DescribeVpcs",
            too_big(51),
            err(vpc_err::INVALID_PARAMETER),
        );
        self.add(
            sdk,
            "DescribeScalingConfigurations",
            region(json!({"ScalingGroupId": "asg-hzmultitype"})),
            ok(vec![
                Want::Len("/ScalingConfigurations/ScalingConfiguration", 2),
                Want::Eq(
                    "/ScalingConfigurations/ScalingConfiguration/1/LifecycleState",
                    json!("Active"),
                ),
                Want::Eq(
                    "/ScalingConfigurations/ScalingConfiguration/1/InstanceTypes/InstanceType/1",
                    json!("ecs.g6.xlarge"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeScalingConfigurations",
            too_big(51),
            err(ess_err::INVALID_PARAMETER),
        );
    }
}
