//! Conformance with the clouds' official Python SDKs (pinned below, installed from PyPI;
//! no other network), in three parts:
//!
//! 1. **Answers** (`official_sdks_parse_every_api`): for every one of the 29 APIs, at least
//!    one success and one documented error answer of the emulator must be parsed by the SDKs'
//!    response models exactly as they parse the real cloud's answers.
//! 2. **Requests** (`requests_are_shaped_as_the_official_sdks_shape_them`): every API called
//!    by tether's client and by the SDKs' typed request classes against two recording
//!    endpoints; method, parameter placement and names, list encoding, value formats, region
//!    placement (`RegionId`, `X-TC-Region`, the Volcengine credential scope) and framing
//!    (`Content-Length`, no `Transfer-Encoding`) must be identical.
//! 3. **Endpoints** (`endpoints_resolve_as_the_official_sdks_resolve_them`): tether's default
//!    host of every service in every region the SDK data lists
//!    (`tether_client::config::known_regions`) against the SDKs' own resolvers, offline.
//!
//! SDKs:
//! - Alibaba through both `aliyun-python-sdk-core` (classic HMAC-SHA1; the typed request
//!   classes of `aliyun-python-sdk-vpc` / `-ess` / `-ecs` / `-slb`, and a classic
//!   `CommonRequest` for AssociateGlobalAccelerationInstance, which `-vpc` no longer ships)
//!   and `alibabacloud-tea-openapi` (ACS3-HMAC-SHA256; the typed `alibabacloud_vpc20160428`,
//!   `alibabacloud_ecs20140526` and `alibabacloud_slb20140515` clients where they have the
//!   action, the generic `call_api` for the others and for ESS; `alibabacloud_ess20220222`
//!   for the ESS endpoint data only).
//! - Tencent through `CommonClient` and the typed `VpcClient` / `CvmClient`.
//! - Volcengine through `volcenginesdkvpc.VPCApi` and `volcenginesdkecs.ECSApi`.
//! - A request signed with a wrong secret is refused with each cloud's code.
//!
//! The tests build (once; later runs reuse it) a virtualenv under Cargo's target tmp dir,
//! pip-install the pinned packages of `shared/reference/official-sdks.md` from PyPI, and run
//! `tests/official_sdks/run_sdks.py` (proxy and cloud credential variables removed from its
//! environment).
//!
//! Without python3, its venv module, pip or access to PyPI the tests print
//! `official_sdks: SKIPPED: <reason>` and pass; with `TETHER_REQUIRE_SDK_CROSSCHECK=1` (as
//! `./scripts/test` sets it) they fail instead (the convention of `tether-wire`'s
//! `sdk_crosscheck` test).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use common::{Emu, AK, SK};
use serde_json::{json, Value};
use tether_wire::api::volcengine_vpc::HA_VIP_IDS_MAX;
use tether_wire::api::{find_action, ACTIONS};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::{alibaba_ess as ess_err, alibaba_vpc as vpc_err, ApiError};
use tether_wire::constraints::{tencent_vpc as tc_err, volcengine_vpc as volc_err};

/// The pinned official packages (shared/reference/official-sdks.md).
const PINS: &[&str] = &[
    "aliyun-python-sdk-core==2.16.1",
    "aliyun-python-sdk-vpc==3.0.48",
    "aliyun-python-sdk-ess==2.3.32",
    "alibabacloud-tea-openapi==0.4.6",
    "alibabacloud-vpc20160428==7.2.2",
    "tencentcloud-sdk-python-common==3.1.195",
    "tencentcloud-sdk-python-vpc==3.1.193",
    "volcenginesdk-core==5.0.54",
    "volcenginesdk-vpc==5.0.54",
    // The reads of the plan-time checks (they install together with the pins above on
    // Python 3.11).
    "aliyun-python-sdk-ecs==4.24.83",
    "aliyun-python-sdk-slb==3.3.22",
    "alibabacloud-ecs20140526==7.11.8",
    "alibabacloud-slb20140515==3.3.31",
    "tencentcloud-sdk-python-cvm==3.1.178",
    "volcenginesdk-ecs==5.0.54",
    // The current tea client of Auto Scaling: only its endpoint data is used (ESS 2014-08-28
    // itself has no current tea client).
    "alibabacloud-ess20220222==1.13.3",
];
const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/official_sdks/run_sdks.py"
);

/// Writes a line that cargo's output capture does not swallow.
fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "official_sdks: {line}");
}

// ------------------------------------------------------------------------------------------
// Cases

/// The official SDK a case goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sdk {
    AliyunClassic,
    AlibabaTea,
    TencentCommon,
    TencentTyped,
    Volcengine,
}

impl Sdk {
    fn name(self) -> &'static str {
        match self {
            Sdk::AliyunClassic => "aliyun-classic",
            Sdk::AlibabaTea => "alibaba-tea",
            Sdk::TencentCommon => "tencent-common",
            Sdk::TencentTyped => "tencent-typed",
            Sdk::Volcengine => "volcengine",
        }
    }

    fn cloud(self) -> Cloud {
        match self {
            Sdk::AliyunClassic | Sdk::AlibabaTea => Cloud::Alibaba,
            Sdk::TencentCommon | Sdk::TencentTyped => Cloud::Tencent,
            Sdk::Volcengine => Cloud::Volcengine,
        }
    }

    /// Where the payload sits in what the SDK parsed (CommonClient keeps Tencent's
    /// `Response` envelope, the typed client unwraps it).
    fn prefix(self) -> &'static str {
        match self {
            Sdk::TencentCommon => "/Response",
            _ => "",
        }
    }
}

/// What is checked in a parsed success.
enum Want {
    /// The value at this pointer (below the SDK's prefix).
    Eq(&'static str, Value),
    /// The array at this pointer has at least this many elements.
    MinLen(&'static str, usize),
    /// The array at this pointer has exactly this many elements.
    Len(&'static str, usize),
    /// A non-empty string or a number.
    Present(&'static str),
}

enum Expect {
    Success(Vec<Want>),
    /// The SDK raises one of these codes (Alibaba/Volcengine also with this HTTP status).
    Error {
        codes: Vec<&'static str>,
        status: Option<u16>,
    },
}

struct Case {
    id: String,
    sdk: Sdk,
    action: &'static str,
    /// The API's service (`vpc`, `ess`, `ecs`, `slb`, `cvm`): which SDK package serves it.
    product: &'static str,
    params: Value,
    secret: Option<&'static str>,
    expect: Expect,
}

fn err(e: ApiError) -> Expect {
    Expect::Error {
        codes: vec![e.code],
        status: Some(e.http_status),
    }
}

fn ok(wants: Vec<Want>) -> Expect {
    Expect::Success(wants)
}

/// Builds the cases in execution order.
struct Plan {
    cases: Vec<Case>,
}

impl Plan {
    fn add(&mut self, sdk: Sdk, action: &'static str, params: Value, expect: Expect) -> String {
        let id = format!("{}#{}-{}", sdk.name(), self.cases.len(), action);
        let product = find_action(sdk.cloud(), action)
            .unwrap_or_else(|| panic!("{action} is not a {} API", sdk.cloud()))
            .service;
        self.cases.push(Case {
            id: id.clone(),
            sdk,
            action,
            product,
            params,
            secret: None,
            expect,
        });
        id
    }

    fn wrong_secret(
        &mut self,
        sdk: Sdk,
        action: &'static str,
        params: Value,
        codes: &[&'static str],
    ) {
        let id = self.add(
            sdk,
            action,
            params,
            Expect::Error {
                codes: codes.to_vec(),
                status: None,
            },
        );
        if let Some(case) = self.cases.iter_mut().find(|c| c.id == id) {
            case.secret = Some("wrong-tether-demo-secret");
        }
    }

    /// The 11 Alibaba APIs through one SDK; `k` (1 or 2) picks resources no other SDK uses.
    fn alibaba(&mut self, sdk: Sdk, k: u32) {
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
    fn alibaba_reads(&mut self, sdk: Sdk) {
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

    /// The 4 Tencent APIs through one SDK.
    fn tencent(&mut self, sdk: Sdk, k: u32) {
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
    fn volcengine(&mut self) {
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

fn plan() -> Vec<Case> {
    let mut plan = Plan { cases: Vec::new() };
    plan.alibaba(Sdk::AliyunClassic, 1);
    plan.alibaba(Sdk::AlibabaTea, 2);
    plan.tencent(Sdk::TencentCommon, 1);
    plan.tencent(Sdk::TencentTyped, 2);
    plan.volcengine();
    // Wrong secrets (quirk 2: the classic SDK may re-label SignatureDoesNotMatch as
    // InvalidAccessKeySecret when the server's string to sign equals its own).
    plan.wrong_secret(
        Sdk::AliyunClassic,
        "DescribeEipAddresses",
        json!({}),
        &["SignatureDoesNotMatch", "InvalidAccessKeySecret"],
    );
    plan.wrong_secret(
        Sdk::AlibabaTea,
        "DescribeEipAddresses",
        json!({"RegionId": "cn-hangzhou"}),
        &["SignatureDoesNotMatch"],
    );
    plan.wrong_secret(
        Sdk::TencentCommon,
        "DescribeAddresses",
        json!({}),
        &["AuthFailure.SignatureFailure"],
    );
    plan.wrong_secret(
        Sdk::TencentTyped,
        "DescribeAddresses",
        json!({}),
        &["AuthFailure.SignatureFailure"],
    );
    plan.wrong_secret(
        Sdk::Volcengine,
        "DescribeHaVips",
        json!({}),
        &["SignatureDoesNotMatch"],
    );
    plan.cases
}

// ------------------------------------------------------------------------------------------
// Checking

fn at<'a>(parsed: &'a Value, sdk: Sdk, pointer: &str) -> Option<&'a Value> {
    parsed.pointer(&format!("{}{pointer}", sdk.prefix()))
}

fn check(case: &Case, result: &Value) -> Result<(), String> {
    if let Some(crash) = result.get("crash").and_then(Value::as_str) {
        return Err(format!("the SDK run crashed:\n{crash}"));
    }
    let succeeded = result.get("ok").and_then(Value::as_bool) == Some(true);
    match &case.expect {
        Expect::Success(wants) => {
            if !succeeded {
                return Err(format!("expected success, the SDK raised {result}"));
            }
            let request_id = result
                .get("request_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            if request_id.is_empty() {
                return Err(format!("the SDK parsed no RequestId: {result}"));
            }
            let parsed = result.get("parsed").unwrap_or(&Value::Null);
            for want in wants {
                match want {
                    Want::Eq(pointer, value) => {
                        let got = at(parsed, case.sdk, pointer);
                        if got != Some(value) {
                            return Err(format!(
                                "{pointer}: expected {value}, the SDK parsed {got:?} in {parsed}"
                            ));
                        }
                    }
                    Want::MinLen(pointer, n) | Want::Len(pointer, n) => {
                        let len = at(parsed, case.sdk, pointer)
                            .and_then(Value::as_array)
                            .map(Vec::len);
                        let fits = match want {
                            Want::Len(..) => len == Some(*n),
                            _ => len.is_some_and(|l| l >= *n),
                        };
                        if !fits {
                            return Err(format!(
                                "{pointer}: expected {n} elements, the SDK parsed {len:?} in {parsed}"
                            ));
                        }
                    }
                    Want::Present(pointer) => {
                        let present = match at(parsed, case.sdk, pointer) {
                            Some(Value::String(s)) => !s.is_empty(),
                            Some(Value::Number(_)) => true,
                            _ => false,
                        };
                        if !present {
                            return Err(format!(
                                "{pointer} missing in what the SDK parsed: {parsed}"
                            ));
                        }
                    }
                }
            }
            Ok(())
        }
        Expect::Error { codes, status } => {
            if succeeded {
                return Err(format!(
                    "expected an error, the SDK parsed a success: {result}"
                ));
            }
            let code = result.get("code").and_then(Value::as_str).unwrap_or("");
            if !codes.contains(&code) {
                return Err(format!("expected code {codes:?}, the SDK raised {result}"));
            }
            if let Some(status) = status {
                let got = result.get("status").and_then(Value::as_u64);
                if got != Some(u64::from(*status)) {
                    return Err(format!("expected HTTP {status}, the SDK raised {result}"));
                }
            }
            // Tencent SDK errors always carry the request id; Alibaba's do as well.
            let request_id = result
                .get("request_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            if request_id.is_empty() && case.sdk != Sdk::Volcengine {
                return Err(format!("the SDK error carries no RequestId: {result}"));
            }
            Ok(())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_sdks_parse_every_api() {
    let Some(python) = sdk_python() else { return };
    let emu = Emu::instant().await;
    let cases = plan();
    let input = json!({
        "port": emu.running.addr().port(),
        "access_key": AK,
        "secret_key": SK,
        "cases": cases.iter().map(|c| {
            let mut v = json!({
                "id": c.id,
                "sdk": c.sdk.name(),
                "action": c.action,
                "product": c.product,
                "params": c.params,
            });
            if let Some(secret) = c.secret {
                v["secret"] = json!(secret);
            }
            v
        }).collect::<Vec<_>>(),
    });
    let results = tokio::task::spawn_blocking(move || run_script(&python, &input))
        .await
        .expect("python runner thread");
    assert_eq!(results.len(), cases.len(), "one result per case");

    let mut failures = Vec::new();
    // (action, sdk) -> (successes, errors) verified; an SDK serves one cloud.
    let mut seen: BTreeMap<(&str, Sdk), (usize, usize)> = BTreeMap::new();
    let mut wrong_secret = 0;
    let verbose = std::env::var_os("TETHER_OFFICIAL_SDKS_VERBOSE").is_some();
    for (case, result) in cases.iter().zip(&results) {
        assert_eq!(result["id"], json!(case.id), "results in case order");
        if verbose {
            report(&format!("{} {} -> {result}", case.id, case.params));
        }
        match check(case, result) {
            Ok(()) if case.secret.is_some() => wrong_secret += 1,
            Ok(()) => {
                let entry = seen.entry((case.action, case.sdk)).or_default();
                match case.expect {
                    Expect::Success(_) => entry.0 += 1,
                    Expect::Error { .. } => entry.1 += 1,
                }
            }
            Err(why) => failures.push(format!(
                "{} {} {} {}: {why}",
                case.id,
                case.sdk.name(),
                case.action,
                case.params
            )),
        }
    }
    // Every API: a success and an error through every SDK that was given it.
    let mut apis_covered = BTreeSet::new();
    for info in ACTIONS.iter() {
        let sdks: Vec<_> = seen
            .iter()
            .filter(|((action, sdk), _)| *action == info.action && sdk.cloud() == info.cloud)
            .collect();
        if sdks.is_empty() {
            failures.push(format!(
                "{} {} was not checked through any SDK",
                info.cloud, info.action
            ));
        }
        for ((action, sdk), (successes, errors)) in sdks {
            if *successes == 0 || *errors == 0 {
                failures.push(format!(
                    "{action} via {}: {successes} successes, {errors} errors verified",
                    sdk.name()
                ));
            }
        }
        apis_covered.insert((info.cloud.name(), info.action));
    }
    let pairs = seen.len();
    let successes: usize = seen.values().map(|v| v.0).sum();
    let errors: usize = seen.values().map(|v| v.1).sum();
    let per_cloud = |c: Cloud| ACTIONS.iter().filter(|a| a.cloud == c).count();
    report(&format!(
        "{}/{} APIs checked; {pairs} API x SDK pairs (Alibaba {} x classic + tea/ACS3, \
         Tencent {} x CommonClient + typed client, Volcengine {} x typed API), each with a \
         success and a documented error: {successes} successes and {errors} errors parsed by \
         the SDKs; {wrong_secret}/5 wrong-secret requests refused with the cloud's code; {} \
         of {} cases passed",
        apis_covered.len(),
        ACTIONS.len(),
        per_cloud(Cloud::Alibaba),
        per_cloud(Cloud::Tencent),
        per_cloud(Cloud::Volcengine),
        cases.len() - failures.len().min(cases.len()),
        cases.len()
    ));
    emu.stop().await;
    assert!(
        failures.is_empty(),
        "{} official-SDK checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------------------------------
// Python

/// The virtualenv's python, prepared once for every test of this file; `None` (reported as
/// skipped) when the SDKs cannot be installed, unless `TETHER_REQUIRE_SDK_CROSSCHECK=1`.
fn sdk_python() -> Option<PathBuf> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match VENV.get_or_init(prepare_venv) {
        Ok(python) => Some(python.clone()),
        Err(reason) => {
            if std::env::var_os("TETHER_REQUIRE_SDK_CROSSCHECK").is_some_and(|v| v == "1") {
                panic!("official SDK check required but unavailable: {reason}");
            }
            report(&format!("SKIPPED: {reason}"));
            None
        }
    }
}

/// Environment variables the SDKs would read and that must not leak into the run.
fn scrubbed(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.ends_with("_PROXY")
        || upper.starts_with("ALIBABA_CLOUD_")
        || upper.starts_with("ALICLOUD_")
        || upper.starts_with("TENCENTCLOUD_")
        || upper.starts_with("VOLC")
}

fn python_command(python: &Path) -> Command {
    let mut cmd = Command::new(python);
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(scrubbed) {
            cmd.env_remove(&name);
        }
    }
    cmd.env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("NO_PROXY", "127.0.0.1,localhost");
    cmd
}

/// Runs the script once over every case.
fn run_script(python: &Path, input: &Value) -> Vec<Value> {
    run_python(python, input)["results"]
        .as_array()
        .expect("results array")
        .clone()
}

/// Runs the script once on `input` and returns the document it wrote.
fn run_python(python: &Path, input: &Value) -> Value {
    let mut child = python_command(python)
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv python starts");
    let bytes = serde_json::to_vec(input).expect("cases serialise");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let output = child.wait_with_output().expect("python runs");
    writer
        .join()
        .expect("writer thread")
        .expect("cases written to python");
    assert!(
        output.status.success(),
        "run_sdks.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "run_sdks.py wrote no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Creates (or reuses) the virtualenv with the pinned packages; returns its python.
fn prepare_venv() -> Result<PathBuf, String> {
    let python = std::env::var("TETHER_CROSSCHECK_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map_err(|e| format!("`{python}` cannot be run ({e}); install python3 to run it"))?;
    if !version.status.success() {
        return Err(format!("`{python} --version` failed"));
    }
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let pins = PINS.join("\n");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "official-sdks-venv-{:016x}",
        fnv1a(&format!("{version}\n{pins}"))
    ));
    let marker = |root: &Path| root.join("tether-pins.txt");
    let venv_python = |root: &Path| root.join("bin").join("python");
    if fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
        report(&format!("reusing virtualenv {}", dir.display()));
        return Ok(venv_python(&dir));
    }
    report(&format!(
        "creating virtualenv {} and installing {} from PyPI",
        dir.display(),
        PINS.join(" ")
    ));
    let staging = dir.with_extension(format!("staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let made = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&staging)
        .output()
        .map_err(|e| format!("`{python} -m venv` cannot be run: {e}"))?;
    if !made.status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "`{python} -m venv` failed (venv/ensurepip missing?): {}",
            tail(&made.stderr)
        ));
    }
    let installed = Command::new(venv_python(&staging))
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
        ])
        .args(PINS)
        .output()
        .map_err(|e| format!("pip cannot be run: {e}"))?;
    if !installed.status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "pip install of the pinned SDKs failed (no access to PyPI?): {}",
            tail(&installed.stderr)
        ));
    }
    fs::write(marker(&staging), &pins).map_err(|e| format!("cannot write marker: {e}"))?;
    if dir.exists() && !fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
        let _ = fs::remove_dir_all(&dir);
    }
    if fs::rename(&staging, &dir).is_err() {
        let _ = fs::remove_dir_all(&staging);
        if !fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
            return Err(format!("cannot move the virtualenv into {}", dir.display()));
        }
    }
    Ok(venv_python(&dir))
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

// ------------------------------------------------------------------------------------------
// Endpoints: tether's table against the SDKs' own resolvers, for every region they list

/// Where the classic Alibaba SDK's local endpoint data disagrees with the current tea data,
/// which tether follows: `(service, region, what the classic resolvers answer)`; `None` means
/// only the classic location service (a network call) would know.
const CLASSIC_DIFFERS: &[(&str, &str, Option<&str>)] = &[
    ("vpc", "na-south-1", None),
    ("ess", "na-south-1", None),
    ("ecs", "na-south-1", None),
    ("slb", "na-south-1", None),
    (
        "ess",
        "cn-beijing-finance-1",
        Some("ess.cn-beijing-finance-1.aliyuncs.com"),
    ),
    ("ess", "cn-nanjing", Some("ess.cn-nanjing.aliyuncs.com")),
];

#[test]
fn endpoints_resolve_as_the_official_sdks_resolve_them() {
    use tether_client::config::{default_host, known_regions};
    let Some(python) = sdk_python() else { return };
    let input = json!({"endpoints": {
        "alibaba": known_regions(Cloud::Alibaba),
        "tencent": known_regions(Cloud::Tencent),
        "volcengine": known_regions(Cloud::Volcengine),
    }});
    let document = run_python(&python, &input);
    let answers = document["endpoints"].as_array().expect("endpoints array");
    let mut failures = Vec::new();
    let mut compared: BTreeMap<String, usize> = BTreeMap::new();
    let mut classic_seen = BTreeSet::new();
    for answer in answers {
        let text = |k: &str| answer[k].as_str().unwrap_or_default().to_owned();
        let (sdk, service, region) = (text("sdk"), text("service"), text("region"));
        let cloud = Cloud::from_name(&text("cloud")).expect("a cloud name");
        let sdk_host = answer["host"].as_str();
        let ours = default_host(cloud, &service, &region);
        let expected: Option<String> = match (cloud, sdk.as_str()) {
            (Cloud::Alibaba, "classic") => {
                match CLASSIC_DIFFERS
                    .iter()
                    .find(|(s, r, _)| *s == service && *r == region)
                {
                    Some((_, _, classic)) => {
                        classic_seen.insert((service.clone(), region.clone()));
                        if sdk_host != *classic {
                            failures.push(format!(
                                "classic {service} {region}: documented {classic:?}, the SDK resolves {sdk_host:?}"
                            ));
                        }
                        None
                    }
                    None => Some(ours.clone()),
                }
            }
            // The SDK reaches every Tencent region through the nearest-region host; the API
            // documents require the financial zones' own host, which tether uses.
            (Cloud::Tencent, _) if region.ends_with("-fsi") => {
                if sdk_host != Some(format!("{service}.tencentcloudapi.com").as_str())
                    || ours != format!("{service}.{region}.tencentcloudapi.com")
                {
                    failures.push(format!(
                        "tencent {service} {region}: tether {ours}, SDK {sdk_host:?}"
                    ));
                }
                None
            }
            _ => Some(ours.clone()),
        };
        if let Some(expected) = expected {
            if sdk_host != Some(expected.as_str()) {
                failures.push(format!(
                    "{cloud} {sdk} {service} {region}: tether {ours}, the SDK resolves {sdk_host:?}"
                ));
            }
        }
        *compared.entry(format!("{cloud} via {sdk}")).or_default() += 1;
    }
    for (service, region, _) in CLASSIC_DIFFERS {
        if !classic_seen.contains(&(service.to_string(), region.to_string())) {
            failures.push(format!(
                "documented classic difference {service} {region} was not checked"
            ));
        }
    }
    let expected_total = 2 * 4 * known_regions(Cloud::Alibaba).len()
        + 2 * known_regions(Cloud::Tencent).len()
        + 2 * known_regions(Cloud::Volcengine).len();
    assert_eq!(
        answers.len(),
        expected_total,
        "one answer per service and region"
    );
    report(&format!(
        "endpoints: {} (service, region) resolutions compared with the SDKs' resolvers ({}); {} documented classic-vs-tea differences",
        answers.len(),
        compared
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        CLASSIC_DIFFERS.len()
    ));
    assert!(
        failures.is_empty(),
        "{} endpoint mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------------------------------
// Request shape: what tether sends against what the SDKs' typed request classes send

/// One request as a recording endpoint saw it.
#[derive(Clone, Debug)]
struct Wire {
    method: String,
    raw_query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Wire {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The decoded query parameters, sorted.
    fn query(&self) -> Vec<(String, String)> {
        let mut pairs = tether_wire::sign::parse_query(&self.raw_query).unwrap_or_default();
        pairs.sort();
        pairs
    }

    fn contains(&self, token: &str) -> bool {
        self.raw_query.contains(token) || String::from_utf8_lossy(&self.body).contains(token)
    }

    /// The region of a Volcengine credential scope (`Credential=AK/date/region/service/request`).
    fn scope_region(&self) -> Option<String> {
        let auth = self.header("authorization")?;
        let credential = auth.split("Credential=").nth(1)?;
        credential.split(['/', ',']).nth(2).map(str::to_owned)
    }
}

/// A local endpoint that records every request and answers each with one body every SDK
/// parses as a success (Alibaba `RequestId`, Tencent `Response`, Volcengine `Result`).
struct Recorder {
    addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<Wire>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    async fn start() -> Recorder {
        use axum::body::Bytes;
        use axum::http::{HeaderMap, Method, Uri};
        let seen: Arc<Mutex<Vec<Wire>>> = Arc::default();
        let log = seen.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let log = log.clone();
                async move {
                    let wire = Wire {
                        method: method.to_string(),
                        raw_query: uri.query().unwrap_or_default().to_owned(),
                        headers: headers
                            .iter()
                            .map(|(n, v)| {
                                (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())
                            })
                            .collect(),
                        body: body.to_vec(),
                    };
                    log.lock().expect("recorder log").push(wire);
                    (
                        [("content-type", "application/json")],
                        r#"{"RequestId":"conformance","Response":{"RequestId":"conformance"},"ResponseMetadata":{"RequestId":"conformance"},"Result":{}}"#,
                    )
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Recorder { addr, seen, task }
    }

    /// The one recorded request that carries `token`.
    fn find(&self, token: &str) -> Result<Wire, String> {
        let seen = self.seen.lock().expect("recorder log");
        let mut hits = seen.iter().filter(|w| w.contains(token));
        match (hits.next(), hits.next()) {
            (Some(w), None) => Ok(w.clone()),
            (None, _) => Err(format!("no request carries {token}")),
            (Some(_), Some(_)) => Err(format!("several requests carry {token}")),
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One API call: the parameters tether is given (its own wire form, decoded into its typed
/// request) and the same call in each SDK's dialect (see `run_sdks.py`).
struct ShapeCase {
    cloud: Cloud,
    action: &'static str,
    /// A value only this case's requests carry.
    token: String,
    tether: tether_wire::api::RequestPayload,
    sdks: Vec<(Sdk, Value)>,
}

/// The calls of every API (each carrying a unique token inside an id).
fn shape_cases() -> Vec<ShapeCase> {
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

/// Decodes `payload` into tether's typed request of `(cloud, action)` and sends it with
/// `client` (the answer is irrelevant: only what went on the wire is compared).
async fn send_with_tether(
    client: &tether_client::Client,
    cloud: Cloud,
    action: &str,
    payload: &tether_wire::api::RequestPayload,
) -> Result<(), String> {
    use tether_wire::api::{
        alibaba_ecs, alibaba_ess, alibaba_slb, alibaba_vpc, tencent_cvm, tencent_vpc,
        volcengine_ecs, volcengine_vpc, ApiAction,
    };
    macro_rules! route {
        ($($cloud:ident $action:literal => $request:ty,)*) => {
            match (cloud, action) {
                $((Cloud::$cloud, $action) => {
                    let request = <$request as ApiAction>::decode(payload)
                        .map_err(|e| format!("tether cannot take {action} {payload:?}: {e}"))?;
                    let ctx = tether_client::CallContext::new();
                    let _ = client.call(&request, &ctx).await;
                    Ok(())
                })*
                _ => Err(format!("no tether request type for {cloud} {action}")),
            }
        };
    }
    route! {
        Alibaba "AssociateEipAddress" => alibaba_vpc::AssociateEipAddressRequest,
        Alibaba "DescribeEipAddresses" => alibaba_vpc::DescribeEipAddressesRequest,
        Alibaba "UnassociateEipAddress" => alibaba_vpc::UnassociateEipAddressRequest,
        Alibaba "AssociateGlobalAccelerationInstance" => alibaba_vpc::AssociateGlobalAccelerationInstanceRequest,
        Alibaba "DescribeGlobalAccelerationInstances" => alibaba_vpc::DescribeGlobalAccelerationInstancesRequest,
        Alibaba "UnassociateGlobalAccelerationInstance" => alibaba_vpc::UnassociateGlobalAccelerationInstanceRequest,
        Alibaba "DescribeNatGateways" => alibaba_vpc::DescribeNatGatewaysRequest,
        Alibaba "DescribeHaVips" => alibaba_vpc::DescribeHaVipsRequest,
        Alibaba "DescribeVpcs" => alibaba_vpc::DescribeVpcsRequest,
        Alibaba "AttachInstances" => alibaba_ess::AttachInstancesRequest,
        Alibaba "DetachInstances" => alibaba_ess::DetachInstancesRequest,
        Alibaba "DescribeScalingInstances" => alibaba_ess::DescribeScalingInstancesRequest,
        Alibaba "DescribeScalingActivities" => alibaba_ess::DescribeScalingActivitiesRequest,
        Alibaba "DescribeScalingGroups" => alibaba_ess::DescribeScalingGroupsRequest,
        Alibaba "DescribeScalingConfigurations" => alibaba_ess::DescribeScalingConfigurationsRequest,
        Alibaba "DescribeInstances" => alibaba_ecs::DescribeInstancesRequest,
        Alibaba "DescribeNetworkInterfaces" => alibaba_ecs::DescribeNetworkInterfacesRequest,
        Alibaba "DescribeLoadBalancers" => alibaba_slb::DescribeLoadBalancersRequest,
        Tencent "AssociateAddress" => tencent_vpc::AssociateAddressRequest,
        Tencent "DescribeAddresses" => tencent_vpc::DescribeAddressesRequest,
        Tencent "DisassociateAddress" => tencent_vpc::DisassociateAddressRequest,
        Tencent "DescribeTaskResult" => tencent_vpc::DescribeTaskResultRequest,
        Tencent "DescribeNetworkInterfaces" => tencent_vpc::DescribeNetworkInterfacesRequest,
        Tencent "DescribeInstances" => tencent_cvm::DescribeInstancesRequest,
        Volcengine "AssociateHaVip" => volcengine_vpc::AssociateHaVipRequest,
        Volcengine "DescribeHaVips" => volcengine_vpc::DescribeHaVipsRequest,
        Volcengine "DisassociateHaVip" => volcengine_vpc::DisassociateHaVipRequest,
        Volcengine "DescribeNetworkInterfaces" => volcengine_vpc::DescribeNetworkInterfacesRequest,
        Volcengine "DescribeInstances" => volcengine_ecs::DescribeInstancesRequest,
    }
}

/// The RPC parameters the classic Alibaba SDK adds to every request (signature and common
/// parameters), which tether's ACS3 requests carry in headers or not at all.
const CLASSIC_COMMON: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "Timestamp",
    "SignatureMethod",
    "SignatureType",
    "SignatureVersion",
    "SignatureNonce",
    "AccessKeyId",
    "Signature",
];

/// The framing both sides must agree on: a `Content-Length` exactly when the SDK sends one,
/// equal to the body's length, and no `Transfer-Encoding`.
fn same_framing(ours: &Wire, theirs: &Wire) -> Result<(), String> {
    for (who, w) in [("tether", ours), ("SDK", theirs)] {
        if w.header("transfer-encoding").is_some() {
            return Err(format!("{who} sent Transfer-Encoding"));
        }
        if let Some(length) = w.header("content-length") {
            if length != w.body.len().to_string() {
                return Err(format!(
                    "{who} Content-Length {length} for {} body bytes",
                    w.body.len()
                ));
            }
        }
    }
    match (
        ours.header("content-length"),
        theirs.header("content-length"),
    ) {
        (Some(_), Some(_)) | (None, None) => Ok(()),
        (o, t) => Err(format!("Content-Length: tether {o:?}, SDK {t:?}")),
    }
}

fn same<T: PartialEq + std::fmt::Debug>(what: &str, ours: T, theirs: T) -> Result<(), String> {
    if ours == theirs {
        Ok(())
    } else {
        Err(format!("{what}: tether {ours:?}, SDK {theirs:?}"))
    }
}

/// Compares tether's request with one SDK's: method, parameter placement and names, list
/// encoding, value formats, region placement and framing.
fn compare_shape(sdk: Sdk, ours: &Wire, theirs: &Wire) -> Result<(), String> {
    same("method", &ours.method, &theirs.method)?;
    same_framing(ours, theirs)?;
    match sdk {
        Sdk::AlibabaTea => {
            // Both ACS3: action and version in headers, parameters in the query, empty body.
            // One quirk of the Python tea runtime: it renders a boolean model field with
            // Python's `str()`, `True`/`False`, where the API documents (and tether, and the
            // other SDKs) write `true`/`false`; the API reads both.
            let python_bool = |(k, v): (String, String)| match v.as_str() {
                "True" | "False" => (k, v.to_ascii_lowercase()),
                _ => (k, v),
            };
            let theirs_query: Vec<_> = theirs.query().into_iter().map(python_bool).collect();
            same("query parameters", ours.query(), theirs_query)?;
            for h in ["x-acs-action", "x-acs-version"] {
                same(h, ours.header(h), theirs.header(h))?;
            }
            same("body", &ours.body, &theirs.body)
        }
        Sdk::AliyunClassic => {
            // RPC: the same parameters in the query, next to the classic common ones.
            let mut rpc: Vec<(String, String)> = theirs
                .query()
                .into_iter()
                .filter(|(k, _)| !CLASSIC_COMMON.contains(&k.as_str()))
                .collect();
            rpc.sort();
            same("query parameters", ours.query(), rpc)?;
            let action = theirs
                .query()
                .into_iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v);
            same(
                "action",
                ours.header("x-acs-action").map(str::to_owned),
                action,
            )?;
            same("body", &ours.body, &theirs.body)
        }
        Sdk::TencentCommon | Sdk::TencentTyped => {
            same("query", &ours.raw_query, &theirs.raw_query)?;
            let body = |w: &Wire| serde_json::from_slice::<Value>(&w.body).unwrap_or(Value::Null);
            same("JSON body", body(ours), body(theirs))?;
            for h in ["content-type", "x-tc-action", "x-tc-version", "x-tc-region"] {
                same(h, ours.header(h), theirs.header(h))?;
            }
            Ok(())
        }
        Sdk::Volcengine => {
            same("query parameters", ours.query(), theirs.query())?;
            same(
                "credential-scope region",
                ours.scope_region(),
                theirs.scope_region(),
            )?;
            same("body", &ours.body, &theirs.body)
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_are_shaped_as_the_official_sdks_shape_them() {
    let Some(python) = sdk_python() else { return };
    let cases = shape_cases();
    let sdk_side = Recorder::start().await;
    let tether_side = Recorder::start().await;

    // The SDKs, all in one python run.
    let mut sdk_cases = Vec::new();
    for case in &cases {
        for (sdk, params) in &case.sdks {
            let product = find_action(case.cloud, case.action)
                .unwrap_or_else(|| panic!("{} is not a {} API", case.action, case.cloud))
                .service;
            sdk_cases.push(json!({
                "id": format!("{}-{}-{}", sdk.name(), case.action, case.token),
                "sdk": sdk.name(),
                "action": case.action,
                "product": product,
                "params": params,
            }));
        }
    }
    let input = json!({
        "port": sdk_side.addr.port(),
        "access_key": AK,
        "secret_key": SK,
        "cases": sdk_cases,
    });
    let results = tokio::task::spawn_blocking(move || run_script(&python, &input))
        .await
        .expect("python runner thread");
    let mut failures: Vec<String> = results
        .iter()
        .filter(|r| r.get("crash").is_some())
        .map(|r| format!("{}: the SDK could not send it:\n{}", r["id"], r["crash"]))
        .collect();

    // tether, in each cloud's region as the SDK runs use them.
    let base = format!("http://{}", tether_side.addr);
    let mut clients = BTreeMap::new();
    for (cloud, region) in [
        (Cloud::Alibaba, "cn-hangzhou"),
        (Cloud::Tencent, "ap-guangzhou"),
        (Cloud::Volcengine, "cn-beijing"),
    ] {
        let config = tether_client::ClientConfig::new(
            cloud,
            region,
            tether_wire::sign::Credentials::new(AK, SK),
        )
        .with_endpoint(base.clone())
        .with_max_retries(0);
        clients.insert(
            cloud.name(),
            tether_client::Client::new(config).expect("client"),
        );
    }
    for case in &cases {
        if let Err(e) = send_with_tether(
            &clients[case.cloud.name()],
            case.cloud,
            case.action,
            &case.tether,
        )
        .await
        {
            failures.push(e);
        }
    }

    let mut compared: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for case in &cases {
        let ours = match tether_side.find(&case.token) {
            Ok(w) => w,
            Err(e) => {
                failures.push(format!("tether {} {}: {e}", case.cloud, case.action));
                continue;
            }
        };
        for (sdk, _) in &case.sdks {
            // Each SDK's request carries the token too; the two SDKs of a cloud are told apart
            // by their signature scheme.
            let theirs = sdk_side
                .seen
                .lock()
                .expect("recorder log")
                .iter()
                .filter(|w| w.contains(&case.token) && sdk_signed(*sdk, w))
                .cloned()
                .collect::<Vec<_>>();
            // The two Tencent clients send the same bytes: both requests are compared.
            let expected = if sdk.cloud() == Cloud::Tencent { 2 } else { 1 };
            let outcome = if theirs.len() == expected {
                theirs
                    .iter()
                    .try_for_each(|one| compare_shape(*sdk, &ours, one))
            } else {
                Err(format!(
                    "{} SDK requests carry {}",
                    theirs.len(),
                    case.token
                ))
            };
            match outcome {
                Ok(()) => {
                    compared.entry(sdk.name()).or_default().insert(case.action);
                }
                Err(why) => failures.push(format!(
                    "{} {} via {}: {why}",
                    case.cloud,
                    case.action,
                    sdk.name()
                )),
            }
        }
    }
    let apis: BTreeSet<(Cloud, &str)> = cases.iter().map(|c| (c.cloud, c.action)).collect();
    for info in ACTIONS.iter() {
        if !apis.contains(&(info.cloud, info.action)) {
            failures.push(format!(
                "{} {} has no request-shape case",
                info.cloud, info.action
            ));
        }
    }
    report(&format!(
        "request shapes: {}/{} APIs; tether's request identical in method, parameter placement, names, list encoding, value formats, region placement and framing to {}",
        apis.len(),
        ACTIONS.len(),
        compared
            .iter()
            .map(|(sdk, actions)| format!("{sdk} ({} APIs)", actions.len()))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    assert!(
        failures.is_empty(),
        "{} request-shape differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether `w` can have been sent by `sdk` (the classic Alibaba SDK signs in the query, the tea
/// SDK with an ACS3 header; the two Tencent clients send the same bytes).
fn sdk_signed(sdk: Sdk, w: &Wire) -> bool {
    match sdk {
        Sdk::AliyunClassic => w.raw_query.contains("Signature="),
        Sdk::AlibabaTea => w
            .header("authorization")
            .is_some_and(|a| a.starts_with("ACS3-")),
        Sdk::TencentCommon | Sdk::TencentTyped | Sdk::Volcengine => true,
    }
}
