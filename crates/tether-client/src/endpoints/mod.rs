//! Where each cloud's services are reached, region by region, and which regions exist: the
//! endpoint data of the clouds' official SDKs, kept as one table per service, and the region
//! lists drawn from the same data ([`known_regions`]).
//!
//! | cloud | services | rule | source |
//! |---|---|---|---|
//! | Alibaba | vpc, ess, ecs, slb | the region's entry in the service's endpoint map, else `<service>.<region>.aliyuncs.com` | the `_endpoint_map` (rule `regional`) of the current tea clients: `alibabacloud-vpc20160428` 7.2.2, `alibabacloud-ess20220222` 1.13.3 (ESS 2014-08-28 has no current tea client; the host is the service's), `alibabacloud-ecs20140526` 7.11.8, `alibabacloud-slb20140515` 3.3.31 |
//! | Tencent | vpc, cvm | `<service>.tencentcloudapi.com`; a financial region (`*-fsi`) `<service>.<region>.tencentcloudapi.com` | `tencentcloud-sdk-python-common` 3.1.195 (`<service>.` + root domain); the API documents' "Request Structure" page for the financial zones, which the SDK leaves to the caller |
//! | Volcengine | vpc, ecs | `<service>.<region>.volcengineapi.com` in the SDK's bootstrap regions, else `open.volcengineapi.com` | the default endpoint provider of `volcenginesdk-core` 5.0.54 |
//!
//! Where the classic Alibaba SDK (aliyun-python-sdk-core 2.16.1 with the -vpc 3.0.48, -ess
//! 2.3.32, -ecs 4.24.83 and -slb 3.3.22 request classes) disagrees with the tea data, the tea
//! data wins: ESS in cn-beijing-finance-1 and cn-nanjing (classic: regional host; tea:
//! `ess.aliyuncs.com`), and na-south-1, which the classic data does not know (it would ask the
//! location service). The official-SDK test (`crates/tether-emulator/tests/official_sdks/`)
//! resolves every listed region with the SDKs' own resolvers and compares.

mod regions;
mod tables;
#[cfg(test)]
mod tests;

pub use regions::{closest_regions, is_known_region, known_regions};

use tables::{ALIBABA_ECS, ALIBABA_ESS, ALIBABA_SLB, ALIBABA_VPC, VOLCENGINE_BOOTSTRAP_REGIONS};
use tether_wire::cloud::Cloud;

/// The suffix of Tencent's financial zones, which are isolated from the others: a request
/// for one must go to `<service>.<region>.tencentcloudapi.com` (the nearest-region host does
/// not serve them).
const TENCENT_FINANCIAL_SUFFIX: &str = "-fsi";

/// The endpoint map of an Alibaba service (`vpc`, `ess`, `ecs`, `slb`): the regions whose host
/// is not `<service>.<region>.aliyuncs.com`.
pub fn alibaba_endpoint_map(service: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match service {
        "vpc" => Some(ALIBABA_VPC),
        "ess" => Some(ALIBABA_ESS),
        "ecs" => Some(ALIBABA_ECS),
        "slb" => Some(ALIBABA_SLB),
        _ => None,
    }
}

/// The default public host of `service` (`vpc`, `ess`, `slb`, `ecs`, `cvm`) of `cloud` in
/// `region`, by the rules of the module table.
pub fn default_host(cloud: Cloud, service: &str, region: &str) -> String {
    match cloud {
        Cloud::Alibaba => alibaba_endpoint_map(service)
            .and_then(|map| map.iter().find(|(r, _)| *r == region))
            .map_or_else(
                || format!("{service}.{region}.aliyuncs.com"),
                |(_, host)| (*host).to_string(),
            ),
        Cloud::Tencent if region.ends_with(TENCENT_FINANCIAL_SUFFIX) => {
            format!("{service}.{region}.tencentcloudapi.com")
        }
        Cloud::Tencent => format!("{service}.tencentcloudapi.com"),
        Cloud::Volcengine if VOLCENGINE_BOOTSTRAP_REGIONS.contains(&region) => {
            format!("{service}.{region}.volcengineapi.com")
        }
        Cloud::Volcengine => "open.volcengineapi.com".to_string(),
    }
}
