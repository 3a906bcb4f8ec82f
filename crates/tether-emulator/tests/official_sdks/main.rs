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
//! pip-install the vendors' SDK packages pinned in `PINS` below from PyPI, and run
//! `tests/official_sdks/run_sdks.py` (proxy and cloud credential variables removed from its
//! environment).
//!
//! Without python3, its venv module, pip or access to PyPI the tests print
//! `official_sdks: SKIPPED: <reason>` and pass; with `TETHER_REQUIRE_SDK_CROSSCHECK=1` (as
//! `./scripts/test` sets it) they fail instead (the convention of `tether-wire`'s
//! `sdk_crosscheck` test).

mod answers;
#[path = "../common/mod.rs"]
mod common;
mod endpoints;
mod plan;
mod plan_alibaba;
mod plan_tencent_volcengine;
mod python;
mod shape;
mod shape_cases;

use std::collections::{BTreeMap, BTreeSet};
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

use plan::*;
use python::*;
use shape::*;
use shape_cases::*;

/// The vendors' official SDK packages, pinned to the versions the cross-check was written
/// against.
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
