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
//! location service). The official-SDK test (`crates/tether-emulator/tests/official_sdks.rs`)
//! resolves every listed region with the SDKs' own resolvers and compares.

use tether_wire::cloud::Cloud;

/// Alibaba VPC: the `_endpoint_map` of alibabacloud-vpc20160428 7.2.2 (tea); other regions
/// `vpc.<region>.aliyuncs.com`.
const ALIBABA_VPC: &[(&str, &str)] = &[
    ("ap-northeast-2-pop", "vpc.aliyuncs.com"),
    ("cn-beijing-finance-pop", "vpc.aliyuncs.com"),
    ("cn-beijing-gov-1", "vpc.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "vpc.aliyuncs.com"),
    ("cn-edge-1", "vpc-nebula.cn-qingdao-nebula.aliyuncs.com"),
    ("cn-fujian", "vpc.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "vpc.aliyuncs.com"),
    ("cn-hangzhou", "vpc.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "vpc.aliyuncs.com"),
    ("cn-hangzhou-finance", "vpc.aliyuncs.com"),
    ("cn-hangzhou-internal-prod-1", "vpc.aliyuncs.com"),
    (
        "cn-hangzhou-internal-test-1",
        "vpc-pre.cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-2",
        "vpc-inner-pre.cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-3",
        "vpc-pre.cn-hangzhou.aliyuncs.com",
    ),
    ("cn-hangzhou-test-306", "vpc-pre.cn-hangzhou.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "vpc.aliyuncs.com"),
    (
        "cn-huhehaote-nebula-1",
        "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("cn-north-2-gov-1", "vpc.aliyuncs.com"),
    (
        "cn-qingdao-nebula",
        "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("cn-shanghai-et15-b01", "vpc-pre.cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "vpc.aliyuncs.com"),
    ("cn-shanghai-finance-1", "vpc.aliyuncs.com"),
    ("cn-shanghai-inner", "vpc.aliyuncs.com"),
    (
        "cn-shanghai-internal-test-1",
        "vpc-pre.cn-hangzhou.aliyuncs.com",
    ),
    ("cn-shenzhen-finance-1", "vpc.aliyuncs.com"),
    ("cn-shenzhen-inner", "vpc.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "vpc.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "vpc.aliyuncs.com"),
    ("cn-wuhan", "vpc.aliyuncs.com"),
    ("cn-yushanfang", "vpc.aliyuncs.com"),
    ("cn-zhangbei", "vpc.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "vpc.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "vpc.cn-zhangjiakou.aliyuncs.com"),
    (
        "cn-zhengzhou-nebula-1",
        "vpc-nebula.cn-qingdao-nebula.aliyuncs.com",
    ),
    (
        "eu-west-1-oxs",
        "vpc-nebula.cn-shenzhen-cloudstone.aliyuncs.com",
    ),
    ("rus-west-1-pop", "vpc.aliyuncs.com"),
];
/// Alibaba ESS: the `_endpoint_map` of alibabacloud-ess20220222 1.13.3 (tea); other regions `ess.<region>.aliyuncs.com`.
const ALIBABA_ESS: &[(&str, &str)] = &[
    ("ap-northeast-1", "ess.ap-northeast-1.aliyuncs.com"),
    ("ap-northeast-2", "ess.ap-northeast-2.aliyuncs.com"),
    ("ap-northeast-2-pop", "ess.aliyuncs.com"),
    ("ap-south-1", "ess.ap-south-1.aliyuncs.com"),
    ("ap-southeast-1", "ess.aliyuncs.com"),
    ("ap-southeast-2", "ess.ap-southeast-2.aliyuncs.com"),
    ("ap-southeast-3", "ess.ap-southeast-3.aliyuncs.com"),
    ("ap-southeast-5", "ess.ap-southeast-5.aliyuncs.com"),
    ("ap-southeast-6", "ess.ap-southeast-6.aliyuncs.com"),
    ("ap-southeast-7", "ess.ap-southeast-7.aliyuncs.com"),
    ("cn-beijing", "ess.aliyuncs.com"),
    ("cn-beijing-finance-1", "ess.aliyuncs.com"),
    ("cn-beijing-finance-pop", "ess.aliyuncs.com"),
    ("cn-beijing-gov-1", "ess.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "ess.aliyuncs.com"),
    ("cn-chengdu", "ess.cn-chengdu.aliyuncs.com"),
    ("cn-edge-1", "ess.aliyuncs.com"),
    ("cn-fujian", "ess.aliyuncs.com"),
    ("cn-fuzhou", "ess.cn-fuzhou.aliyuncs.com"),
    ("cn-guangzhou", "ess.cn-guangzhou.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "ess.aliyuncs.com"),
    ("cn-hangzhou", "ess.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "ess.aliyuncs.com"),
    ("cn-hangzhou-finance", "ess.aliyuncs.com"),
    ("cn-hangzhou-internal-prod-1", "ess.aliyuncs.com"),
    ("cn-hangzhou-internal-test-1", "ess.aliyuncs.com"),
    ("cn-hangzhou-internal-test-2", "ess.aliyuncs.com"),
    ("cn-hangzhou-internal-test-3", "ess.aliyuncs.com"),
    ("cn-hangzhou-test-306", "ess.aliyuncs.com"),
    ("cn-heyuan", "ess.cn-heyuan.aliyuncs.com"),
    ("cn-heyuan-acdr-1", "ess.cn-heyuan-acdr-1.aliyuncs.com"),
    ("cn-hongkong", "ess.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "ess.aliyuncs.com"),
    ("cn-huhehaote", "ess.cn-huhehaote.aliyuncs.com"),
    ("cn-huhehaote-nebula-1", "ess.aliyuncs.com"),
    ("cn-nanjing", "ess.aliyuncs.com"),
    ("cn-north-2-gov-1", "ess.aliyuncs.com"),
    ("cn-qingdao", "ess.aliyuncs.com"),
    ("cn-qingdao-nebula", "ess.aliyuncs.com"),
    ("cn-shanghai", "ess.aliyuncs.com"),
    ("cn-shanghai-et15-b01", "ess.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "ess.aliyuncs.com"),
    ("cn-shanghai-finance-1", "ess.aliyuncs.com"),
    ("cn-shanghai-inner", "ess.aliyuncs.com"),
    ("cn-shanghai-internal-test-1", "ess.aliyuncs.com"),
    ("cn-shenzhen", "ess.aliyuncs.com"),
    ("cn-shenzhen-finance-1", "ess.aliyuncs.com"),
    ("cn-shenzhen-inner", "ess.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "ess.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "ess.aliyuncs.com"),
    ("cn-wuhan", "ess.aliyuncs.com"),
    ("cn-wuhan-lr", "ess.cn-wuhan-lr.aliyuncs.com"),
    ("cn-wulanchabu", "ess.cn-wulanchabu.aliyuncs.com"),
    (
        "cn-wulanchabu-gic-1",
        "ess.cn-wulanchabu-gic-1.aliyuncs.com",
    ),
    ("cn-yushanfang", "ess.aliyuncs.com"),
    ("cn-zhangbei", "ess.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "ess.aliyuncs.com"),
    ("cn-zhangjiakou", "ess.cn-zhangjiakou.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "ess.aliyuncs.com"),
    ("cn-zhengzhou-jva", "ess.cn-zhengzhou-jva.aliyuncs.com"),
    ("cn-zhengzhou-nebula-1", "ess.aliyuncs.com"),
    ("cn-zhongwei", "ess.cn-zhongwei.aliyuncs.com"),
    ("eu-central-1", "ess.eu-central-1.aliyuncs.com"),
    ("eu-west-1", "ess.eu-west-1.aliyuncs.com"),
    ("eu-west-1-oxs", "ess.aliyuncs.com"),
    ("me-central-1", "ess.me-central-1.aliyuncs.com"),
    ("me-east-1", "ess.me-east-1.aliyuncs.com"),
    ("na-south-1", "ess.na-south-1.aliyuncs.com"),
    ("rus-west-1-pop", "ess.aliyuncs.com"),
    ("us-east-1", "ess.aliyuncs.com"),
    ("us-southeast-1", "ess.us-southeast-1.aliyuncs.com"),
    ("us-west-1", "ess.aliyuncs.com"),
];
/// Alibaba ECS: the `_endpoint_map` of alibabacloud-ecs20140526 7.11.8 (tea); other regions `ecs.<region>.aliyuncs.com`.
const ALIBABA_ECS: &[(&str, &str)] = &[
    ("ap-northeast-2-pop", "ecs.aliyuncs.com"),
    ("cn-beijing-finance-pop", "ecs.aliyuncs.com"),
    ("cn-beijing-gov-1", "ecs.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-edge-1", "ecs.cn-qingdao-nebula.aliyuncs.com"),
    ("cn-fujian", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hangzhou", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hangzhou-finance", "ecs.aliyuncs.com"),
    (
        "cn-hangzhou-internal-prod-1",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-1",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-2",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    (
        "cn-hangzhou-internal-test-3",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    ("cn-hangzhou-test-306", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "ecs.aliyuncs.com"),
    (
        "cn-huhehaote-nebula-1",
        "ecs.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("cn-north-2-gov-1", "ecs.aliyuncs.com"),
    ("cn-shanghai-et15-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-finance-1", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shanghai-inner", "ecs.aliyuncs.com"),
    (
        "cn-shanghai-internal-test-1",
        "ecs-cn-hangzhou.aliyuncs.com",
    ),
    ("cn-shenzhen-finance-1", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shenzhen-inner", "ecs.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-wuhan", "ecs.aliyuncs.com"),
    ("cn-yushanfang", "ecs.aliyuncs.com"),
    ("cn-zhangbei", "ecs.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "ecs-cn-hangzhou.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "ecs.cn-zhangjiakou.aliyuncs.com"),
    (
        "cn-zhengzhou-nebula-1",
        "ecs.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("eu-west-1-oxs", "ecs.cn-shenzhen-cloudstone.aliyuncs.com"),
    ("rus-west-1-pop", "ecs.aliyuncs.com"),
];
/// Alibaba SLB: the `_endpoint_map` of alibabacloud-slb20140515 3.3.31 (tea); other regions `slb.<region>.aliyuncs.com`.
const ALIBABA_SLB: &[(&str, &str)] = &[
    ("ap-northeast-2-pop", "slb.aliyuncs.com"),
    ("ap-southeast-1", "slb.aliyuncs.com"),
    ("cn-beijing", "slb.aliyuncs.com"),
    ("cn-beijing-finance-pop", "slb.aliyuncs.com"),
    ("cn-beijing-gov-1", "slb.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "slb.aliyuncs.com"),
    ("cn-edge-1", "slb.aliyuncs.com"),
    ("cn-fujian", "slb.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "slb.aliyuncs.com"),
    ("cn-hangzhou", "slb.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "slb.aliyuncs.com"),
    ("cn-hangzhou-finance", "slb.aliyuncs.com"),
    ("cn-hangzhou-internal-prod-1", "slb.aliyuncs.com"),
    ("cn-hangzhou-internal-test-1", "slb.aliyuncs.com"),
    ("cn-hangzhou-internal-test-2", "slb.aliyuncs.com"),
    ("cn-hangzhou-internal-test-3", "slb.aliyuncs.com"),
    ("cn-hangzhou-test-306", "slb.aliyuncs.com"),
    ("cn-hongkong", "slb.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "slb.aliyuncs.com"),
    (
        "cn-huhehaote-nebula-1",
        "slb-api.cn-qingdao-nebula.aliyuncs.com",
    ),
    ("cn-north-2-gov-1", "slb.aliyuncs.com"),
    ("cn-qingdao", "slb.aliyuncs.com"),
    ("cn-shanghai", "slb.aliyuncs.com"),
    ("cn-shanghai-et15-b01", "slb.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "slb.aliyuncs.com"),
    ("cn-shanghai-finance-1", "slb.aliyuncs.com"),
    ("cn-shanghai-inner", "slb.aliyuncs.com"),
    ("cn-shanghai-internal-test-1", "slb.aliyuncs.com"),
    ("cn-shenzhen", "slb.aliyuncs.com"),
    ("cn-shenzhen-finance-1", "slb.aliyuncs.com"),
    ("cn-shenzhen-inner", "slb.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "slb.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "slb.aliyuncs.com"),
    ("cn-wuhan", "slb.aliyuncs.com"),
    ("cn-yushanfang", "slb.aliyuncs.com"),
    ("cn-zhangbei", "slb.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "slb.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "slb.aliyuncs.com"),
    ("cn-zhengzhou-nebula-1", "slb.aliyuncs.com"),
    ("eu-west-1-oxs", "slb.aliyuncs.com"),
    ("rus-west-1-pop", "slb.aliyuncs.com"),
    ("us-east-1", "slb.aliyuncs.com"),
    ("us-west-1", "slb.aliyuncs.com"),
];
/// Every Alibaba region the SDK data lists: `regions` and the vpc/ess/ecs/slb `regional_endpoints` of aliyunsdkcore 2.16.1 `data/endpoints.json`, and the endpoint maps of the classic (aliyun-python-sdk-vpc 3.0.48, -ess 2.3.32, -ecs 4.24.83, -slb 3.3.22) and tea packages above.
pub(crate) const ALIBABA_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-2-pop",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "cn-beijing",
    "cn-beijing-finance-1",
    "cn-beijing-finance-pop",
    "cn-beijing-gov-1",
    "cn-beijing-nu16-b01",
    "cn-chengdu",
    "cn-edge-1",
    "cn-fujian",
    "cn-fuzhou",
    "cn-guangzhou",
    "cn-haidian-cm12-c01",
    "cn-hangzhou",
    "cn-hangzhou-bj-b01",
    "cn-hangzhou-finance",
    "cn-hangzhou-internal-prod-1",
    "cn-hangzhou-internal-test-1",
    "cn-hangzhou-internal-test-2",
    "cn-hangzhou-internal-test-3",
    "cn-hangzhou-test-306",
    "cn-heyuan",
    "cn-heyuan-acdr-1",
    "cn-hongkong",
    "cn-hongkong-finance-pop",
    "cn-huhehaote",
    "cn-huhehaote-nebula-1",
    "cn-nanjing",
    "cn-north-2-gov-1",
    "cn-qingdao",
    "cn-qingdao-nebula",
    "cn-shanghai",
    "cn-shanghai-et15-b01",
    "cn-shanghai-et2-b01",
    "cn-shanghai-finance-1",
    "cn-shanghai-inner",
    "cn-shanghai-internal-test-1",
    "cn-shenzhen",
    "cn-shenzhen-finance-1",
    "cn-shenzhen-inner",
    "cn-shenzhen-st4-d01",
    "cn-shenzhen-su18-b01",
    "cn-wuhan",
    "cn-wuhan-lr",
    "cn-wulanchabu",
    "cn-wulanchabu-gic-1",
    "cn-yushanfang",
    "cn-zhangbei",
    "cn-zhangbei-na61-b01",
    "cn-zhangjiakou",
    "cn-zhangjiakou-na62-a01",
    "cn-zhengzhou-jva",
    "cn-zhengzhou-nebula-1",
    "cn-zhongwei",
    "eu-central-1",
    "eu-west-1",
    "eu-west-1-oxs",
    "me-central-1",
    "me-east-1",
    "na-south-1",
    "rus-west-1-pop",
    "us-east-1",
    "us-southeast-1",
    "us-west-1",
];
/// Volcengine regions the default endpoint provider of volcenginesdk-core 5.0.54 resolves to `<service>.<region>.volcengineapi.com` (its `bootstrap_region`); every other region goes to `open.volcengineapi.com`.
pub(crate) const VOLCENGINE_BOOTSTRAP_REGIONS: &[&str] = &[
    "ap-southeast-2",
    "ap-southeast-3",
    "cn-beijing-autodriving",
    "cn-beijing-selfdrive",
    "cn-shanghai-autodriving",
];
/// Every Volcengine region the SDK data lists: the region allow-list of the standard endpoint resolver of volcenginesdk-core 5.0.54, plus its bootstrap regions.
pub(crate) const VOLCENGINE_REGIONS: &[&str] = &[
    "ap-singapore-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "byteplus-global",
    "cn-beijing",
    "cn-beijing-autodriving",
    "cn-beijing-selfdrive",
    "cn-beijing2",
    "cn-beijing300",
    "cn-changsha-sdv",
    "cn-chengdu",
    "cn-chengdu-sdv",
    "cn-chongqing-sdv",
    "cn-datong",
    "cn-east-1-dedicated",
    "cn-gaofang-bj",
    "cn-gaofang-gz1",
    "cn-gaofang-nt1",
    "cn-gaofang-nt2",
    "cn-gaofang-nt3",
    "cn-gaofang-nt4",
    "cn-gaofang-nt5",
    "cn-guangzhou",
    "cn-guilin-boe",
    "cn-hangzhou",
    "cn-hjxj",
    "cn-hjzg",
    "cn-hlbx",
    "cn-hlxj",
    "cn-hlzg",
    "cn-hongkong",
    "cn-hongkong-pop",
    "cn-lfbx",
    "cn-lfxj",
    "cn-lfzg",
    "cn-macau-pop-sdv",
    "cn-mainland",
    "cn-nanjing-bbit",
    "cn-ningbo-sdv",
    "cn-north-1",
    "cn-north-1-dedicated",
    "cn-north-boe",
    "cn-shanghai",
    "cn-shanghai-autodriving",
    "cn-taiwan-boe",
    "cn-wuhan",
    "cn-wulanchabu",
    "cn-xian-boe-sdv",
    "overseas-1",
    "rec-cn",
    "rec-sg",
];
/// Every Tencent region of the API documents' "Request Structure" page (the SDK data lists
/// none: it reaches every region through `<service>.tencentcloudapi.com`), the financial zones
/// included.
pub(crate) const TENCENT_REGIONS: &[&str] = &[
    "ap-bangkok",
    "ap-beijing",
    "ap-beijing-fsi",
    "ap-chengdu",
    "ap-chongqing",
    "ap-guangzhou",
    "ap-hongkong",
    "ap-jakarta",
    "ap-mumbai",
    "ap-nanjing",
    "ap-seoul",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "ap-shenzhen-fsi",
    "ap-singapore",
    "ap-tokyo",
    "eu-frankfurt",
    "eu-moscow",
    "na-ashburn",
    "na-siliconvalley",
    "na-toronto",
    "sa-saopaulo",
];

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

/// The regions `cloud`'s SDK data lists (sorted): the same data the endpoint tables come from.
pub fn known_regions(cloud: Cloud) -> &'static [&'static str] {
    match cloud {
        Cloud::Alibaba => ALIBABA_REGIONS,
        Cloud::Tencent => TENCENT_REGIONS,
        Cloud::Volcengine => VOLCENGINE_REGIONS,
    }
}

/// Whether `region` is one of [`known_regions`].
pub fn is_known_region(cloud: Cloud, region: &str) -> bool {
    known_regions(cloud).binary_search(&region).is_ok()
}

/// At most `max` known regions of `cloud` closest to `region` (a likely typo): of those within
/// an edit distance of a third of the name (at least 2), the nearest ones (ties all kept, in
/// name order).
pub fn closest_regions(cloud: Cloud, region: &str, max: usize) -> Vec<&'static str> {
    let limit = (region.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &'static str)> = known_regions(cloud)
        .iter()
        .filter_map(|known| {
            let d = edit_distance(region, known);
            (d <= limit).then_some((d, *known))
        })
        .collect();
    scored.sort();
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(max)
        .map(|(_, r)| r)
        .collect()
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
/// transpositions each count 1).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_lists_are_sorted_and_distinct() {
        for cloud in [Cloud::Alibaba, Cloud::Tencent, Cloud::Volcengine] {
            let regions = known_regions(cloud);
            assert!(regions.windows(2).all(|w| w[0] < w[1]), "{cloud}");
        }
        for service in ["vpc", "ess", "ecs", "slb"] {
            let map = alibaba_endpoint_map(service).unwrap();
            for (region, _) in map {
                assert!(
                    is_known_region(Cloud::Alibaba, region),
                    "{service} {region}"
                );
            }
        }
        for region in VOLCENGINE_BOOTSTRAP_REGIONS {
            assert!(is_known_region(Cloud::Volcengine, region));
        }
    }

    /// The regions issue 12 found wrong, as the SDKs resolve them.
    #[test]
    fn hosts_as_the_sdks_resolve_them() {
        use Cloud::*;
        for region in [
            "cn-qingdao",
            "cn-beijing",
            "cn-shanghai",
            "cn-shenzhen",
            "cn-hongkong",
            "ap-southeast-1",
            "us-east-1",
            "us-west-1",
            "eu-central-1",
        ] {
            assert_eq!(
                default_host(Alibaba, "vpc", region),
                format!("vpc.{region}.aliyuncs.com")
            );
        }
        for region in [
            "cn-hangzhou",
            "cn-hangzhou-finance",
            "cn-shanghai-finance-1",
            "cn-shenzhen-finance-1",
            "cn-beijing-gov-1",
            "cn-north-2-gov-1",
            "cn-fujian",
            "cn-wuhan",
            "cn-zhangbei",
        ] {
            assert_eq!(default_host(Alibaba, "vpc", region), "vpc.aliyuncs.com");
        }
        for region in [
            "cn-beijing-gov-1",
            "cn-north-2-gov-1",
            "cn-fujian",
            "cn-wuhan",
        ] {
            assert_eq!(default_host(Alibaba, "ess", region), "ess.aliyuncs.com");
        }
        for (cloud, service, region, host) in [
            (
                Alibaba,
                "ess",
                "cn-zhangjiakou",
                "ess.cn-zhangjiakou.aliyuncs.com",
            ),
            (
                Alibaba,
                "ecs",
                "cn-hangzhou",
                "ecs-cn-hangzhou.aliyuncs.com",
            ),
            (
                Alibaba,
                "ecs",
                "eu-central-1",
                "ecs.eu-central-1.aliyuncs.com",
            ),
            (Alibaba, "slb", "cn-hangzhou", "slb.aliyuncs.com"),
            (
                Alibaba,
                "slb",
                "eu-central-1",
                "slb.eu-central-1.aliyuncs.com",
            ),
            (
                Volcengine,
                "vpc",
                "ap-southeast-2",
                "vpc.ap-southeast-2.volcengineapi.com",
            ),
            (
                Volcengine,
                "vpc",
                "ap-southeast-3",
                "vpc.ap-southeast-3.volcengineapi.com",
            ),
            (
                Volcengine,
                "vpc",
                "cn-beijing-autodriving",
                "vpc.cn-beijing-autodriving.volcengineapi.com",
            ),
            (
                Volcengine,
                "vpc",
                "cn-shanghai-autodriving",
                "vpc.cn-shanghai-autodriving.volcengineapi.com",
            ),
            (
                Volcengine,
                "ecs",
                "cn-beijing-selfdrive",
                "ecs.cn-beijing-selfdrive.volcengineapi.com",
            ),
            (Volcengine, "ecs", "cn-beijing", "open.volcengineapi.com"),
            (Tencent, "vpc", "ap-guangzhou", "vpc.tencentcloudapi.com"),
            (
                Tencent,
                "cvm",
                "ap-shanghai-fsi",
                "cvm.ap-shanghai-fsi.tencentcloudapi.com",
            ),
            (
                Tencent,
                "vpc",
                "ap-shenzhen-fsi",
                "vpc.ap-shenzhen-fsi.tencentcloudapi.com",
            ),
        ] {
            assert_eq!(
                default_host(cloud, service, region),
                host,
                "{cloud} {service} {region}"
            );
        }
    }

    #[test]
    fn typos_find_their_region() {
        assert_eq!(
            closest_regions(Cloud::Alibaba, "cn-hangzou", 3)[0],
            "cn-hangzhou"
        );
        assert_eq!(
            closest_regions(Cloud::Tencent, "ap-guangzou", 3),
            vec!["ap-guangzhou"]
        );
        assert_eq!(
            closest_regions(Cloud::Volcengine, "cn-biejing", 3)[0],
            "cn-beijing"
        );
        assert!(closest_regions(Cloud::Tencent, "mars-north-9", 3).is_empty());
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
        assert!(is_known_region(Cloud::Alibaba, "cn-hangzhou"));
        assert!(!is_known_region(Cloud::Alibaba, "cn-hangzou"));
    }
}
