//! Rules of `tether_ga_backend`.

use super::{alibaba_vpc, AllowedValues, ApiError, CountLimit};
use crate::api::alibaba_vpc::ga_bandwidth_type::EXCLUSIVE;
use crate::api::alibaba_vpc::ga_server_type::{ECS_INSTANCE, SLB_INSTANCE};
use crate::api::alibaba_vpc::ga_service_location::{
    self, ASIA_PACIFIC, CHINA_MAINLAND, EUROPE, NORTH_AMERICA,
};
use crate::api::alibaba_vpc::ga_status;

/// The legacy API the backend is bound with. It belongs to the old VPC "Global
/// Acceleration" product (exclusive GA instances): the current SDKs no longer ship it
/// (aliyun-python-sdk-vpc dropped it in 3.0.46, the tea alibabacloud-vpc20160428 client
/// before 6.0.0), while DescribeGlobalAccelerationInstances and
/// UnassociateGlobalAccelerationInstance remain.
pub const LEGACY_API: &str = "AssociateGlobalAccelerationInstance";
/// Summary of the diagnostic for a cloud that refuses [`LEGACY_API`]
/// ([`alibaba_vpc::is_action_unavailable`] on its error code).
pub const LEGACY_API_REFUSED_SUMMARY: &str =
    "Alibaba Cloud no longer serves AssociateGlobalAccelerationInstance to this account";
/// Detail of that diagnostic (the caller appends the cloud's request id).
pub const LEGACY_API_REFUSED_DETAIL: &str = "tether_ga_backend binds backends with AssociateGlobalAccelerationInstance, an API of the legacy VPC Global Acceleration product that the current Alibaba SDKs no longer ship. The cloud answered InvalidAction.NotFound (HTTP 404, \"Specified api is not found\"): it serves the API only to accounts that still hold exclusive global acceleration instances of that product. Nothing was changed. Reading, importing and destroying existing backends still work (DescribeGlobalAccelerationInstances and UnassociateGlobalAccelerationInstance remain); for new acceleration use the Global Accelerator product (GA API 2019-11-20) instead.";

pub const BACKEND_SERVER_TYPES: AllowedValues = AllowedValues {
    values: &[ECS_INSTANCE, SLB_INSTANCE],
    default: Some(ECS_INSTANCE),
    error: alibaba_vpc::INVALID_BACKEND_SERVER_TYPE_NOT_FOUND,
};
/// The backend's region must differ from the GA instance's region.
pub const REGION_MUST_DIFFER: ApiError =
    alibaba_vpc::INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID;
/// One backend per global acceleration instance.
pub const BACKENDS_PER_INSTANCE: CountLimit = CountLimit {
    min: 0,
    max: 1,
    error: alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED,
};
/// Only dedicated-bandwidth instances accept a backend through this API.
pub const EXCLUSIVE_BANDWIDTH_TYPE: &str = EXCLUSIVE;
/// Instance statuses in which a backend can be bound (`InUse` when the backend being
/// replaced is still there); others (`Locked`, a transition) answer
/// `IncorrectGlobalAccelerationInstanceIdStatus`.
pub const ASSOCIABLE_STATUSES: &[&str] = &[ga_status::AVAILABLE, ga_status::IN_USE];

/// The service locations (`ServiceLocation`) of global acceleration instances.
pub const SERVICE_LOCATIONS: &[&str] = ga_service_location::ALL;

/// Every Alibaba Cloud region a backend can be in, with the service location that
/// covers it; `None` for regions no service location covers (the Middle East). The
/// backend's region must lie in the instance's service area, else `InvalidParameter`.
pub const REGION_SERVICE_AREAS: &[(&str, Option<&str>)] = &[
    ("cn-qingdao", Some(CHINA_MAINLAND)),
    ("cn-beijing", Some(CHINA_MAINLAND)),
    ("cn-zhangjiakou", Some(CHINA_MAINLAND)),
    ("cn-huhehaote", Some(CHINA_MAINLAND)),
    ("cn-wulanchabu", Some(CHINA_MAINLAND)),
    ("cn-hangzhou", Some(CHINA_MAINLAND)),
    ("cn-shanghai", Some(CHINA_MAINLAND)),
    ("cn-nanjing", Some(CHINA_MAINLAND)),
    ("cn-fuzhou", Some(CHINA_MAINLAND)),
    ("cn-shenzhen", Some(CHINA_MAINLAND)),
    ("cn-heyuan", Some(CHINA_MAINLAND)),
    ("cn-guangzhou", Some(CHINA_MAINLAND)),
    ("cn-chengdu", Some(CHINA_MAINLAND)),
    ("cn-wuhan-lr", Some(CHINA_MAINLAND)),
    ("cn-zhengzhou-jva", Some(CHINA_MAINLAND)),
    ("cn-hangzhou-finance", Some(CHINA_MAINLAND)),
    ("cn-shanghai-finance-1", Some(CHINA_MAINLAND)),
    ("cn-shenzhen-finance-1", Some(CHINA_MAINLAND)),
    ("cn-beijing-finance-1", Some(CHINA_MAINLAND)),
    ("cn-north-2-gov-1", Some(CHINA_MAINLAND)),
    ("cn-hongkong", Some(ASIA_PACIFIC)),
    ("ap-northeast-1", Some(ASIA_PACIFIC)),
    ("ap-northeast-2", Some(ASIA_PACIFIC)),
    ("ap-southeast-1", Some(ASIA_PACIFIC)),
    ("ap-southeast-2", Some(ASIA_PACIFIC)),
    ("ap-southeast-3", Some(ASIA_PACIFIC)),
    ("ap-southeast-5", Some(ASIA_PACIFIC)),
    ("ap-southeast-6", Some(ASIA_PACIFIC)),
    ("ap-southeast-7", Some(ASIA_PACIFIC)),
    ("ap-south-1", Some(ASIA_PACIFIC)),
    ("us-east-1", Some(NORTH_AMERICA)),
    ("us-west-1", Some(NORTH_AMERICA)),
    ("na-south-1", Some(NORTH_AMERICA)),
    ("eu-central-1", Some(EUROPE)),
    ("eu-west-1", Some(EUROPE)),
    ("me-east-1", None),
    ("me-central-1", None),
];

/// The service location covering `region`: `Err(())` for a region not in
/// [`REGION_SERVICE_AREAS`], `Ok(None)` for a known region no location covers.
#[allow(clippy::result_unit_err)]
pub fn service_area(region: &str) -> Result<Option<&'static str>, ()> {
    REGION_SERVICE_AREAS
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, area)| *area)
        .ok_or(())
}
