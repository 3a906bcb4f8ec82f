//! Typed request and response shapes of the 29 cloud APIs tether uses, as the clouds put
//! them on the wire, shared by tether's HTTP client (build requests, parse answers) and by
//! the emulator (parse requests, build answers).
//!
//! | module | APIs |
//! |---|---|
//! | [`alibaba_vpc`] | Alibaba VPC 2016-04-28: Associate/Describe/UnassociateEipAddress(es), Associate/Describe/UnassociateGlobalAccelerationInstance(s), DescribeNatGateways, DescribeHaVips, DescribeVpcs |
//! | [`alibaba_ess`] | Alibaba ESS 2014-08-28: Attach/DetachInstances, DescribeScalingInstances/Activities/Groups/Configurations |
//! | [`alibaba_ecs`] | Alibaba ECS 2014-05-26: DescribeInstances, DescribeNetworkInterfaces |
//! | [`alibaba_slb`] | Alibaba SLB 2014-05-15: DescribeLoadBalancers |
//! | [`volcengine_vpc`] | Volcengine VPC 2020-04-01: AssociateHaVip, DescribeHaVips, DisassociateHaVip, DescribeNetworkInterfaces |
//! | [`volcengine_ecs`] | Volcengine ECS 2020-04-01: DescribeInstances |
//! | [`tencent_vpc`] | Tencent VPC 2017-03-12: Associate/Describe/DisassociateAddress(es), DescribeTaskResult, DescribeNetworkInterfaces |
//! | [`tencent_cvm`] | Tencent CVM 2017-03-12: DescribeInstances |
//! | [`reads`] | which read API (and which fields) predicts each documented error of the writes |
//! | [`error`] | the three error envelopes and [`error::decode_error`] |
//! | [`params`] | query/form flattening and [`ParamError`] |
//! | `fields` | the codecs of the request field tables (one table per request declares the struct and both directions of its encoding) |
//! | `tencent_json` | Tencent's JSON request bodies: the strict reader and `Filter` |
//! | `envelope` | the success envelopes (Tencent `Response`, Volcengine `ResponseMetadata`/`Result`) |
//! | `paging` | [`PageLimits`], [`Paginated`] and the page arithmetic |
//! | [`words`] | the status and type words, each spelled once |
//!
//! Every request type implements [`ApiAction`] (metadata + encode/decode), so a client can
//! be written once: `let resp = client.call(req).await?` with
//! `R::encode(&req)` → HTTP → `R::decode_response(status, body)`. Every Describe request
//! also implements [`Paginated`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[macro_use]
mod macros;
#[macro_use]
mod paging_macros;

pub mod alibaba_ecs;
pub mod alibaba_ess;
pub mod alibaba_slb;
pub mod alibaba_vpc;
mod common;
mod envelope;
pub mod error;
mod fields;
pub mod lenient;
mod paging;
pub mod params;
pub mod reads;
pub mod tencent_cvm;
mod tencent_json;
pub mod tencent_vpc;
pub mod volcengine_ecs;
pub mod volcengine_vpc;
pub mod words;

pub use error::{decode_error, CloudErrorParts};
pub use paging::{
    answered_page, later_page_numbers, next_page_number, NumberedPage, PageLimits, Paginated,
    TokenPaged,
};
pub use params::ParamError;

/// Alibaba VPC API version.
pub const ALIBABA_VPC_VERSION: &str = "2016-04-28";
/// Alibaba Auto Scaling (ESS) API version.
pub const ALIBABA_ESS_VERSION: &str = "2014-08-28";
/// Volcengine VPC API version.
pub const VOLCENGINE_VPC_VERSION: &str = "2020-04-01";
/// Tencent Cloud VPC API version (API 3.0).
pub const TENCENT_VPC_VERSION: &str = "2017-03-12";
/// Alibaba ECS API version.
pub const ALIBABA_ECS_VERSION: &str = "2014-05-26";
/// Alibaba Server Load Balancer (CLB) API version.
pub const ALIBABA_SLB_VERSION: &str = "2014-05-15";
/// Tencent Cloud CVM API version (API 3.0).
pub const TENCENT_CVM_VERSION: &str = "2017-03-12";
/// Volcengine ECS API version.
pub const VOLCENGINE_ECS_VERSION: &str = "2020-04-01";

/// One cloud service tether calls: its cloud, API version, service code (also the
/// Volcengine/Tencent signing service and the first label of the default endpoint) and the
/// HTTP method its APIs are called with. Every API of a module names its service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Service {
    pub cloud: Cloud,
    pub version: &'static str,
    pub code: &'static str,
    pub method: HttpMethod,
}

impl Service {
    /// A service of `cloud`, called with the method every API of that cloud takes: GET on
    /// Volcengine's OpenAPI gateway, POST on Alibaba and Tencent.
    const fn new(cloud: Cloud, version: &'static str, code: &'static str) -> Self {
        let method = match cloud {
            Cloud::Volcengine => HttpMethod::Get,
            Cloud::Alibaba | Cloud::Tencent => HttpMethod::Post,
        };
        Service {
            cloud,
            version,
            code,
            method,
        }
    }
}

pub(crate) const ALIBABA_VPC: Service = Service::new(Cloud::Alibaba, ALIBABA_VPC_VERSION, "vpc");
pub(crate) const ALIBABA_ESS: Service = Service::new(Cloud::Alibaba, ALIBABA_ESS_VERSION, "ess");
pub(crate) const ALIBABA_ECS: Service = Service::new(Cloud::Alibaba, ALIBABA_ECS_VERSION, "ecs");
pub(crate) const ALIBABA_SLB: Service = Service::new(Cloud::Alibaba, ALIBABA_SLB_VERSION, "slb");
pub(crate) const VOLCENGINE_VPC: Service =
    Service::new(Cloud::Volcengine, VOLCENGINE_VPC_VERSION, "vpc");
pub(crate) const VOLCENGINE_ECS: Service =
    Service::new(Cloud::Volcengine, VOLCENGINE_ECS_VERSION, "ecs");
pub(crate) const TENCENT_VPC: Service = Service::new(Cloud::Tencent, TENCENT_VPC_VERSION, "vpc");
pub(crate) const TENCENT_CVM: Service = Service::new(Cloud::Tencent, TENCENT_CVM_VERSION, "cvm");

/// The three clouds (defined crate-wide in [`crate::cloud`], re-exported here so that
/// `api::Cloud` is at hand for callers of this module).
pub use crate::cloud::Cloud;

/// HTTP method an API is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The action-specific part of a request, as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestPayload {
    /// Ordered `name=value` pairs (Alibaba query/form, Volcengine query). Common
    /// parameters (`Action`, `Version`, signature fields, …) are not included.
    Params(Vec<(String, String)>),
    /// A JSON object body (Tencent API 3.0).
    Json(String),
}

/// The payload codec every request of a field table has (Alibaba and Volcengine requests
/// travel as parameters, Tencent requests as a JSON body).
pub(crate) trait WirePayload: Sized {
    fn to_payload(&self) -> RequestPayload;
    /// Parses a payload; `action` names the API in the error for the wrong encoding.
    fn from_payload(payload: &RequestPayload, action: &str) -> Result<Self, ParamError>;
}

/// A response payload: the object the client gets back and the emulator writes out.
pub trait WireResponse: Serialize + DeserializeOwned + fmt::Debug + Clone {
    /// The request id the cloud echoed.
    fn request_id(&self) -> &str;
}

/// Why a response could not be turned into the expected type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResponseError {
    /// The cloud answered with an error envelope.
    #[error(transparent)]
    Cloud(#[from] CloudErrorParts),
    /// The body is neither an error nor the expected success shape.
    #[error("malformed {cloud} response to {action}: {reason}")]
    Malformed {
        cloud: Cloud,
        action: &'static str,
        reason: String,
    },
}

/// Metadata and codec of one cloud API, implemented by every request type.
pub trait ApiAction: Sized + Clone + fmt::Debug {
    /// Cloud the API belongs to.
    const CLOUD: Cloud;
    /// `Action` name.
    const ACTION: &'static str;
    /// API version (`Version` parameter / `X-TC-Version` header).
    const VERSION: &'static str;
    /// Service/product code: `vpc`, `ess`, `ecs`, `slb` or `cvm` (also the Volcengine/Tencent
    /// signing service and the first label of the default endpoint).
    const SERVICE: &'static str;
    /// HTTP method tether (and the official SDKs) use for the call.
    const METHOD: HttpMethod;
    /// The success payload.
    type Response: WireResponse;

    /// Encodes the action parameters.
    fn encode(&self) -> RequestPayload;

    /// Parses received action parameters (the emulator's side).
    fn decode(payload: &RequestPayload) -> Result<Self, ParamError>;

    /// Parses an HTTP answer: an error envelope in any of the clouds' shapes becomes
    /// [`ResponseError::Cloud`], otherwise the body is unwrapped from the cloud's success
    /// envelope (Tencent `Response`, Volcengine `Result`) and parsed.
    fn decode_response(http_status: u16, body: &[u8]) -> Result<Self::Response, ResponseError> {
        envelope::decode_response_body::<Self::Response>(
            Self::CLOUD,
            Self::ACTION,
            http_status,
            body,
        )
    }

    /// Wraps a response payload in the cloud's success envelope (the emulator's side).
    /// `region` is only used by Volcengine's `ResponseMetadata.Region`.
    fn encode_response(resp: &Self::Response, region: &str) -> serde_json::Value {
        envelope::encode_response_body(
            Self::CLOUD,
            &ActionInfo::of::<Self>(),
            region,
            resp.request_id(),
            resp,
        )
    }
}

/// Static description of one API (for routing and logging).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionInfo {
    pub cloud: Cloud,
    pub action: &'static str,
    pub version: &'static str,
    pub service: &'static str,
    pub method: HttpMethod,
}

impl ActionInfo {
    /// The metadata of request type `T`.
    pub const fn of<T: ApiAction>() -> ActionInfo {
        ActionInfo {
            cloud: T::CLOUD,
            action: T::ACTION,
            version: T::VERSION,
            service: T::SERVICE,
            method: T::METHOD,
        }
    }
}

/// Every API tether uses: the 18 of the resources and the 11 reads of the plan-time checks.
pub const ACTIONS: [ActionInfo; 29] = [
    ActionInfo::of::<alibaba_vpc::AssociateEipAddressRequest>(),
    ActionInfo::of::<alibaba_vpc::DescribeEipAddressesRequest>(),
    ActionInfo::of::<alibaba_vpc::UnassociateEipAddressRequest>(),
    ActionInfo::of::<alibaba_vpc::AssociateGlobalAccelerationInstanceRequest>(),
    ActionInfo::of::<alibaba_vpc::DescribeGlobalAccelerationInstancesRequest>(),
    ActionInfo::of::<alibaba_vpc::UnassociateGlobalAccelerationInstanceRequest>(),
    ActionInfo::of::<alibaba_ess::AttachInstancesRequest>(),
    ActionInfo::of::<alibaba_ess::DetachInstancesRequest>(),
    ActionInfo::of::<alibaba_ess::DescribeScalingInstancesRequest>(),
    ActionInfo::of::<alibaba_ess::DescribeScalingActivitiesRequest>(),
    ActionInfo::of::<alibaba_ess::DescribeScalingGroupsRequest>(),
    ActionInfo::of::<volcengine_vpc::AssociateHaVipRequest>(),
    ActionInfo::of::<volcengine_vpc::DescribeHaVipsRequest>(),
    ActionInfo::of::<volcengine_vpc::DisassociateHaVipRequest>(),
    ActionInfo::of::<tencent_vpc::AssociateAddressRequest>(),
    ActionInfo::of::<tencent_vpc::DescribeAddressesRequest>(),
    ActionInfo::of::<tencent_vpc::DisassociateAddressRequest>(),
    ActionInfo::of::<tencent_vpc::DescribeTaskResultRequest>(),
    // The reads of the plan-time checks ([`reads`]).
    ActionInfo::of::<alibaba_ecs::DescribeInstancesRequest>(),
    ActionInfo::of::<alibaba_ecs::DescribeNetworkInterfacesRequest>(),
    ActionInfo::of::<alibaba_slb::DescribeLoadBalancersRequest>(),
    ActionInfo::of::<alibaba_vpc::DescribeNatGatewaysRequest>(),
    ActionInfo::of::<alibaba_vpc::DescribeHaVipsRequest>(),
    ActionInfo::of::<alibaba_vpc::DescribeVpcsRequest>(),
    ActionInfo::of::<alibaba_ess::DescribeScalingConfigurationsRequest>(),
    ActionInfo::of::<tencent_cvm::DescribeInstancesRequest>(),
    ActionInfo::of::<tencent_vpc::DescribeNetworkInterfacesRequest>(),
    ActionInfo::of::<volcengine_ecs::DescribeInstancesRequest>(),
    ActionInfo::of::<volcengine_vpc::DescribeNetworkInterfacesRequest>(),
];

/// Finds an API by cloud and action name (the version is the caller's to check).
pub fn find_action(cloud: Cloud, action: &str) -> Option<&'static ActionInfo> {
    ACTIONS
        .iter()
        .find(|a| a.cloud == cloud && a.action == action)
}

/// The non-empty strings of `items` in order, each once (addresses and instance types
/// gathered from several fields of an answer).
pub(crate) fn distinct<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for item in items {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// An ENI's private IPv4 addresses as an answer lists them: the primary one, then the
/// address of each of its private IP sets (which name the primary one again).
pub(crate) fn eni_private_ips<'a, S>(
    primary: &'a str,
    private_ip_sets: &'a [S],
    address: fn(&S) -> &str,
) -> impl Iterator<Item = &'a str> {
    std::iter::once(primary).chain(private_ip_sets.iter().map(address))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_lists_every_api_once() {
        assert_eq!(ACTIONS.len(), 29);
        for (i, a) in ACTIONS.iter().enumerate() {
            for b in &ACTIONS[i + 1..] {
                assert!(
                    !(a.cloud == b.cloud && a.action == b.action),
                    "{} listed twice",
                    a.action
                );
            }
        }
        let eip = find_action(Cloud::Alibaba, "AssociateEipAddress").unwrap();
        assert_eq!(eip.version, "2016-04-28");
        assert_eq!(eip.service, "vpc");
        assert_eq!(eip.method, HttpMethod::Post);
        let ess = find_action(Cloud::Alibaba, "DescribeScalingGroups").unwrap();
        assert_eq!((ess.version, ess.service), ("2014-08-28", "ess"));
        let havip = find_action(Cloud::Volcengine, "DescribeHaVips").unwrap();
        assert_eq!(
            (havip.version, havip.method),
            ("2020-04-01", HttpMethod::Get)
        );
        let tc = find_action(Cloud::Tencent, "DescribeTaskResult").unwrap();
        assert_eq!((tc.version, tc.service), ("2017-03-12", "vpc"));
        assert!(find_action(Cloud::Tencent, "AssociateEipAddress").is_none());
        let per_cloud = |c: Cloud| ACTIONS.iter().filter(|a| a.cloud == c).count();
        assert_eq!(per_cloud(Cloud::Alibaba), 18);
        assert_eq!(per_cloud(Cloud::Volcengine), 5);
        assert_eq!(per_cloud(Cloud::Tencent), 6);
        let ecs = find_action(Cloud::Alibaba, "DescribeInstances").unwrap();
        assert_eq!((ecs.version, ecs.service), ("2014-05-26", "ecs"));
        let slb = find_action(Cloud::Alibaba, "DescribeLoadBalancers").unwrap();
        assert_eq!((slb.version, slb.service), ("2014-05-15", "slb"));
        let cvm = find_action(Cloud::Tencent, "DescribeInstances").unwrap();
        assert_eq!((cvm.version, cvm.service), ("2017-03-12", "cvm"));
        let volc_ecs = find_action(Cloud::Volcengine, "DescribeInstances").unwrap();
        assert_eq!(
            (volc_ecs.version, volc_ecs.service, volc_ecs.method),
            ("2020-04-01", "ecs", HttpMethod::Get)
        );
    }

    #[test]
    fn action_info_matches_trait_constants() {
        use crate::api::alibaba_ess::AttachInstancesRequest;
        let info = ActionInfo::of::<AttachInstancesRequest>();
        assert_eq!(info.action, "AttachInstances");
        assert_eq!(info.cloud, Cloud::Alibaba);
        assert_eq!(info.service, "ess");
        assert_eq!(HttpMethod::Get.to_string(), "GET");
    }

    #[test]
    fn page_number_arithmetic() {
        // 25 items, pages of 10: page 1 → 2 → 3 → end.
        assert_eq!(next_page_number(None, None, 10, 1, 10, 25, 10), Some(2));
        assert_eq!(
            next_page_number(Some(2), Some(10), 10, 2, 10, 25, 10),
            Some(3)
        );
        assert_eq!(next_page_number(Some(3), Some(10), 10, 3, 10, 25, 5), None);
        // Not echoed: fall back to the request, then the default.
        assert_eq!(next_page_number(None, None, 10, 0, 0, 25, 10), Some(2));
        assert_eq!(next_page_number(None, None, 50, 0, 0, 25, 25), None);
        // An empty page never asks for more.
        assert_eq!(next_page_number(None, None, 10, 1, 10, 25, 0), None);
    }

    /// Follows `next_page` from `first` through `answer` and checks that `later_pages` of
    /// the first answer names exactly the requests followed.
    fn later_pages_match_following<A: Paginated + PartialEq + fmt::Debug>(
        first: A,
        answer: impl Fn(&A) -> A::Response,
    ) -> usize {
        let first_answer = answer(&first);
        let later = first.later_pages(&first_answer).expect("positional paging");
        let mut followed = Vec::new();
        let mut next = first.next_page(&first_answer);
        while let Some(request) = next {
            next = request.next_page(&answer(&request));
            followed.push(request);
        }
        assert_eq!(later, followed);
        later.len()
    }

    #[test]
    fn later_pages_are_the_pages_paging_would_follow() {
        use alibaba_vpc::{DescribeEipAddressesRequest, DescribeEipAddressesResponse, EipAddress};
        use tencent_vpc::{Address, DescribeAddressesRequest, DescribeAddressesResponse};
        use volcengine_vpc::{DescribeHaVipsRequest, DescribeHaVipsResponse, HaVip};
        let count = |start: u64, size: u64, total: u64| total.saturating_sub(start).min(size);
        for total in [0, 1, 99, 100, 101, 250] {
            let eip = |r: &DescribeEipAddressesRequest| {
                let page = u64::from(r.page_number.unwrap_or(1));
                let n = count((page - 1) * 100, 100, total);
                DescribeEipAddressesResponse {
                    total_count: total,
                    page_number: page,
                    page_size: 100,
                    eip_addresses: vec![EipAddress::default(); n as usize].into(),
                    ..Default::default()
                }
            };
            let pages = later_pages_match_following(
                DescribeEipAddressesRequest::default().with_max_page_size(),
                eip,
            );
            assert_eq!(
                pages as u64,
                total.div_ceil(100).saturating_sub(1),
                "{total}"
            );

            let address = |r: &DescribeAddressesRequest| DescribeAddressesResponse {
                total_count: total,
                address_set: vec![
                    Address::default();
                    count(r.offset.unwrap_or(0), 100, total) as usize
                ],
                ..Default::default()
            };
            later_pages_match_following(
                DescribeAddressesRequest::default().with_max_page_size(),
                address,
            );

            let havip = |r: &DescribeHaVipsRequest| {
                let page = u64::from(r.page_number.unwrap_or(1));
                DescribeHaVipsResponse {
                    total_count: total,
                    page_number: page,
                    page_size: 100,
                    ha_vips: vec![HaVip::default(); count((page - 1) * 100, 100, total) as usize],
                    ..Default::default()
                }
            };
            if total > 0 {
                later_pages_match_following(
                    DescribeHaVipsRequest::default().with_max_page_size(),
                    havip,
                );
            }
        }
        // Token paging has no positions: pages are followed one by one.
        let token = DescribeHaVipsRequest {
            max_results: Some(100),
            ..Default::default()
        };
        let answer = DescribeHaVipsResponse {
            ha_vips: vec![HaVip::default(); 100],
            next_token: "t".into(),
            ..Default::default()
        };
        assert_eq!(token.later_pages(&answer), None);
    }
}
