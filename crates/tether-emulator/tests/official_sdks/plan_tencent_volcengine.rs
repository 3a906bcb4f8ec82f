//! The Tencent (4 APIs, common or typed client) and Volcengine (3 APIs) answer cases.

use super::*;

impl Plan {
    /// The 4 Tencent APIs through one SDK.
    pub(crate) fn tencent(&mut self, sdk: Sdk, k: u32) {
        let eip = format!("eip-free003{k}");
        let inst = format!("ins-app0003{k}");
        let p = sdk.prefix();
        let assoc = self.add(
            sdk,
            "AssociateAddress",
            json!({"AddressId": eip, "InstanceId": inst}),
            ok(vec![Want::Present("/TaskId")]),
        );
        self.add(
            sdk,
            "DescribeTaskResult",
            json!({"TaskId": format!("$refint:{assoc}:{p}/TaskId")}),
            ok(vec![
                Want::Eq("/Result", json!("SUCCESS")),
                Want::Present("/TaskId"),
            ]),
        );
        self.add(
            sdk,
            "DescribeAddresses",
            json!({"AddressIds": [eip]}),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq("/AddressSet/0/AddressId", json!(eip)),
                Want::Eq("/AddressSet/0/AddressStatus", json!("BIND")),
                Want::Eq("/AddressSet/0/InstanceId", json!(inst)),
            ]),
        );
        self.add(
            sdk,
            "DescribeAddresses",
            json!({}),
            ok(vec![
                Want::Len("/AddressSet", 20),
                Want::Present("/TotalCount"),
            ]),
        );
        let disassoc = self.add(
            sdk,
            "DisassociateAddress",
            json!({"AddressId": eip}),
            ok(vec![Want::Present("/TaskId")]),
        );
        self.add(
            sdk,
            "DescribeTaskResult",
            json!({"TaskId": format!("$refint:{disassoc}:{p}/TaskId")}),
            ok(vec![Want::Eq("/Result", json!("SUCCESS"))]),
        );
        let tc = |e: ApiError| Expect::Error {
            codes: vec![e.code],
            status: None,
        };
        self.add(
            sdk,
            "AssociateAddress",
            json!({"AddressId": "eip-blocked1", "InstanceId": "ins-app00040"}),
            tc(tc_err::INVALID_ADDRESS_ID_BLOCKED),
        );
        self.add(
            sdk,
            "AssociateAddress",
            json!({"AddressId": "eip-nope0000", "InstanceId": "ins-app00041"}),
            tc(tc_err::INVALID_ADDRESS_ID_NOT_FOUND),
        );
        self.add(
            sdk,
            "DescribeAddresses",
            json!({"Limit": 101}),
            tc(tc_err::INVALID_PARAMETER_VALUE),
        );
        self.add(
            sdk,
            "DisassociateAddress",
            json!({"AddressId": "eip-free0060"}),
            tc(tc_err::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT),
        );
        self.add(
            sdk,
            "DescribeTaskResult",
            json!({"TaskId": 4_242_424}),
            Expect::Error {
                codes: vec!["ResourceNotFound"],
                status: None,
            },
        );
        // The reads of the plan-time checks.
        self.add(
            sdk,
            "DescribeInstances",
            json!({"InstanceIds": ["ins-shutdown"]}),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq("/InstanceSet/0/InstanceState", json!("SHUTDOWN")),
                Want::Eq(
                    "/InstanceSet/0/VirtualPrivateCloud/SubnetId",
                    json!("subnet-gza"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeInstances",
            json!({}),
            ok(vec![
                Want::Len("/InstanceSet", 20),
                Want::Present("/TotalCount"),
            ]),
        );
        self.add(
            sdk,
            "DescribeInstances",
            json!({"Limit": 101}),
            tc(tc_err::INVALID_PARAMETER_VALUE),
        );
        self.add(
            sdk,
            "DescribeInstances",
            json!({"InstanceIds": ["ins-app00001"], "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-a"]}]}),
            Expect::Error {
                codes: vec!["InvalidParameterCombination"],
                status: None,
            },
        );
        self.add(
            sdk,
            "DescribeNetworkInterfaces",
            json!({"NetworkInterfaceIds": ["eni-second01"]}),
            ok(vec![
                Want::Eq("/TotalCount", json!(1)),
                Want::Eq(
                    "/NetworkInterfaceSet/0/PrivateIpAddressSet/1/PrivateIpAddress",
                    json!("172.16.1.202"),
                ),
                Want::Eq(
                    "/NetworkInterfaceSet/0/Attachment/InstanceId",
                    json!("ins-app00001"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeNetworkInterfaces",
            json!({"Limit": 101}),
            tc(tc_err::INVALID_PARAMETER_VALUE),
        );
    }

    /// The 3 Volcengine APIs (the SDK's snake_case model attributes).
    pub(crate) fn volcengine(&mut self) {
        let sdk = Sdk::Volcengine;
        self.add(
            sdk,
            "AssociateHaVip",
            json!({"ha_vip_id": "havip-bjdemo003", "instance_id": "i-bjapp003"}),
            ok(vec![]),
        );
        self.add(
            sdk,
            "DescribeHaVips",
            json!({"ha_vip_ids": ["havip-bjdemo003"]}),
            ok(vec![
                Want::Eq("/total_count", json!(1)),
                Want::Eq("/ha_vips/0/ha_vip_id", json!("havip-bjdemo003")),
                Want::Eq("/ha_vips/0/status", json!("InUse")),
                Want::Eq("/ha_vips/0/associated_instance_ids", json!(["i-bjapp003"])),
                Want::Eq("/ha_vips/0/associated_instance_type", json!("EcsInstance")),
            ]),
        );
        self.add(
            sdk,
            "DescribeHaVips",
            json!({}),
            ok(vec![
                Want::MinLen("/ha_vips", 15),
                Want::Present("/total_count"),
            ]),
        );
        self.add(
            sdk,
            "DisassociateHaVip",
            json!({"ha_vip_id": "havip-bjdemo003", "instance_id": "i-bjapp003"}),
            ok(vec![]),
        );
        self.add(
            sdk,
            "DescribeHaVips",
            json!({"ha_vip_ids": ["havip-bjdemo003"]}),
            ok(vec![
                Want::Eq("/ha_vips/0/status", json!("Available")),
                Want::Eq("/ha_vips/0/associated_instance_ids", json!([])),
            ]),
        );
        self.add(
            sdk,
            "AssociateHaVip",
            json!({"ha_vip_id": "havip-bjfull", "instance_id": "i-bjapp050"}),
            err(volc_err::LIMIT_EXCEEDED_INSTANCES_PER_HAVIP),
        );
        self.add(
            sdk,
            "AssociateHaVip",
            json!({"ha_vip_id": "havip-bjdemo004", "instance_id": "i-bjsubnetb"}),
            err(volc_err::INVALID_INSTANCE_HAVIP_MISMATCH),
        );
        // The SDK itself refuses page_size > 100, so the emulator's checks are reached with
        // more HaVipIds than the API takes and with a NextToken it never issued.
        let too_many: Vec<String> = (0..=HA_VIP_IDS_MAX)
            .map(|i| format!("havip-x{i:03}"))
            .collect();
        for params in [
            json!({"ha_vip_ids": too_many}),
            json!({"next_token": "not-a-token"}),
        ] {
            self.add(
                sdk,
                "DescribeHaVips",
                params,
                Expect::Error {
                    codes: vec!["InvalidParameter"],
                    status: Some(400),
                },
            );
        }
        self.add(
            sdk,
            "DisassociateHaVip",
            json!({"ha_vip_id": "havip-nope", "instance_id": "i-bjapp003"}),
            err(volc_err::INVALID_HAVIP_NOT_FOUND),
        );
        // The reads of the plan-time checks.
        self.add(
            sdk,
            "DescribeInstances",
            json!({"instance_ids": ["i-bjsubnetb"]}),
            ok(vec![
                Want::Eq("/total_count", json!(1)),
                Want::Eq("/instances/0/network_interfaces/0/type", json!("primary")),
                Want::Eq(
                    "/instances/0/network_interfaces/0/subnet_id",
                    json!("subnet-bjb"),
                ),
            ]),
        );
        self.add(
            sdk,
            "DescribeInstances",
            json!({}),
            ok(vec![
                Want::Len("/instances", 10),
                Want::Present("/next_token"),
            ]),
        );
        self.add(
            sdk,
            "DescribeInstances",
            json!({"next_token": "not-a-token"}),
            Expect::Error {
                codes: vec!["InvalidParameter"],
                status: Some(400),
            },
        );
        self.add(
            sdk,
            "DescribeNetworkInterfaces",
            json!({"network_interface_ids": ["eni-bjmanaged", "eni-bjdangling"]}),
            ok(vec![
                Want::Eq("/total_count", json!(2)),
                // Listed in inventory order: the dangling ENI first.
                Want::Eq("/network_interface_sets/0/device_id", json!("")),
                Want::Eq("/network_interface_sets/0/status", json!("Available")),
                Want::Eq("/network_interface_sets/1/service_managed", json!(true)),
                Want::Eq(
                    "/network_interface_sets/1/private_ip_sets/private_ip_set/0/private_ip_address",
                    json!("192.168.1.211"),
                ),
            ]),
        );
        let too_many: Vec<String> = (0..=100).map(|i| format!("eni-x{i:03}")).collect();
        self.add(
            sdk,
            "DescribeNetworkInterfaces",
            json!({"network_interface_ids": too_many}),
            Expect::Error {
                codes: vec!["InvalidParameter"],
                status: Some(400),
            },
        );
    }
}
