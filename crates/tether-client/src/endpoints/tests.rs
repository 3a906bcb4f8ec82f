//! The endpoint rules and region lookups, checked against the SDKs' published examples.

use super::regions::edit_distance;
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
