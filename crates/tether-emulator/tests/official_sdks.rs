//! The clouds' official Python SDKs against the emulator: for every one of the 18 APIs, at
//! least one success and one documented error answer must be parsed by the SDK exactly as
//! the SDK parses the real cloud's answers.
//!
//! - Alibaba through both `aliyun-python-sdk-core` (classic HMAC-SHA1; the typed request
//!   classes of `aliyun-python-sdk-vpc` / `-ess`, and a classic `CommonRequest` for
//!   AssociateGlobalAccelerationInstance, which `-vpc` no longer ships) and
//!   `alibabacloud-tea-openapi` (ACS3-HMAC-SHA256; the typed `alibabacloud_vpc20160428`
//!   client where it has the action, the generic `call_api` for the others and for ESS).
//! - Tencent through `CommonClient` and the typed `VpcClient`.
//! - Volcengine through `volcenginesdkvpc.VPCApi`.
//! - A request signed with a wrong secret is refused with each cloud's code.
//!
//! The test builds (once; later runs reuse it) a virtualenv under Cargo's target tmp dir,
//! pip-installs the pinned packages of `shared/reference/official-sdks.md` from PyPI, starts
//! the emulator in-process on 127.0.0.1:0 and runs `tests/official_sdks/run_sdks.py` once
//! over all cases (proxy and cloud credential variables removed from its environment).
//!
//! Without python3, its venv module, pip or access to PyPI the test prints
//! `official_sdks: SKIPPED: <reason>` and passes; with `TETHER_REQUIRE_SDK_CROSSCHECK=1` it
//! fails instead (the convention of `tether-wire`'s `sdk_crosscheck` test).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Emu, AK, SK};
use serde_json::{json, Value};
use tether_wire::api::volcengine_vpc::HA_VIP_IDS_MAX;
use tether_wire::api::ACTIONS;
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
    TencentVpc,
    Volcengine,
}

impl Sdk {
    fn name(self) -> &'static str {
        match self {
            Sdk::AliyunClassic => "aliyun-classic",
            Sdk::AlibabaTea => "alibaba-tea",
            Sdk::TencentCommon => "tencent-common",
            Sdk::TencentVpc => "tencent-vpc",
            Sdk::Volcengine => "volcengine",
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
    /// `vpc` or `ess` for Alibaba.
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
        let product = if [
            "AttachInstances",
            "DetachInstances",
            "DescribeScalingInstances",
            "DescribeScalingActivities",
            "DescribeScalingGroups",
        ]
        .contains(&action)
        {
            "ess"
        } else {
            "vpc"
        };
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
            tc(tc_err::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT),
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
    }
}

fn plan() -> Vec<Case> {
    let mut plan = Plan { cases: Vec::new() };
    plan.alibaba(Sdk::AliyunClassic, 1);
    plan.alibaba(Sdk::AlibabaTea, 2);
    plan.tencent(Sdk::TencentCommon, 1);
    plan.tencent(Sdk::TencentVpc, 2);
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
        Sdk::TencentVpc,
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
    let python = match prepare_venv() {
        Ok(python) => python,
        Err(reason) => {
            if std::env::var_os("TETHER_REQUIRE_SDK_CROSSCHECK").is_some_and(|v| v == "1") {
                panic!("official SDK check required but unavailable: {reason}");
            }
            report(&format!("SKIPPED: {reason}"));
            return;
        }
    };
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
    // (action, sdk) -> (successes, errors) verified.
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
            .filter(|((action, _), _)| *action == info.action)
            .collect();
        if sdks.is_empty() {
            failures.push(format!("{} was not checked through any SDK", info.action));
        }
        for ((action, sdk), (successes, errors)) in sdks {
            if *successes == 0 || *errors == 0 {
                failures.push(format!(
                    "{action} via {}: {successes} successes, {errors} errors verified",
                    sdk.name()
                ));
            }
        }
        apis_covered.insert(info.action);
    }
    let pairs = seen.len();
    let successes: usize = seen.values().map(|v| v.0).sum();
    let errors: usize = seen.values().map(|v| v.1).sum();
    report(&format!(
        "{}/{} APIs checked; {pairs} API x SDK pairs (Alibaba 11 x classic + tea/ACS3, \
         Tencent 4 x CommonClient + VpcClient, Volcengine 3 x VPCApi), each with a success and \
         a documented error: {successes} successes and {errors} errors parsed by the SDKs; \
         {wrong_secret}/5 wrong-secret requests refused with the cloud's code; {} of {} cases \
         passed",
        apis_covered.len(),
        ACTIONS.len(),
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
    let parsed: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "run_sdks.py wrote no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    parsed["results"].as_array().expect("results array").clone()
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
