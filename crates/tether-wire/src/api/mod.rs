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
//!
//! Every request type implements [`ApiAction`] (metadata + encode/decode), so a client can
//! be written once: `let resp = client.call(req).await?` with
//! `R::encode(&req)` → HTTP → `R::decode_response(status, body)`. Every Describe request
//! also implements [`Paginated`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Declares a one-level Alibaba list wrapper: `{"<Key>": [item, …]}`, e.g.
/// `EipAddresses: {"EipAddress": [...]}`. Deserialisation accepts `null`, a missing
/// wrapper, and a bare object instead of a one-element array (doc examples and
/// XML-derived JSON use that).
macro_rules! wrapped_list {
    ($(#[$meta:meta])* $name:ident, $key:literal, $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            #[serde(rename = $key, default, deserialize_with = "crate::api::lenient::lenient")]
            pub items: Vec<$item>,
        }

        impl From<Vec<$item>> for $name {
            fn from(items: Vec<$item>) -> Self {
                $name { items }
            }
        }
    };
}

/// Implements [`ApiAction`] for a request encoded as query/form parameters (Alibaba,
/// Volcengine); the type must have inherent `to_params` / `from_params`.
macro_rules! params_action {
    ($req:ty => $resp:ty, $cloud:expr, $action:literal, $version:expr, $service:literal, $method:expr) => {
        impl crate::api::ApiAction for $req {
            const CLOUD: crate::api::Cloud = $cloud;
            const ACTION: &'static str = $action;
            const VERSION: &'static str = $version;
            const SERVICE: &'static str = $service;
            const METHOD: crate::api::HttpMethod = $method;
            type Response = $resp;

            fn encode(&self) -> crate::api::RequestPayload {
                crate::api::RequestPayload::Params(self.to_params())
            }

            fn decode(
                payload: &crate::api::RequestPayload,
            ) -> Result<Self, crate::api::params::ParamError> {
                match payload {
                    crate::api::RequestPayload::Params(p) => Self::from_params(p),
                    crate::api::RequestPayload::Json(_) => {
                        Err(crate::api::params::ParamError::InvalidBody {
                            reason: format!("{} takes query/form parameters, not JSON", $action),
                        })
                    }
                }
            }
        }
    };
}

/// Implements [`ApiAction`] for a Tencent request with inherent `to_json` /
/// `from_json` (of the VPC API unless a version and service are given).
macro_rules! json_action {
    ($req:ty => $resp:ty, $action:literal) => {
        json_action!($req => $resp, $action, crate::api::TENCENT_VPC_VERSION, "vpc");
    };
    ($req:ty => $resp:ty, $action:literal, $version:expr, $service:literal) => {
        impl crate::api::ApiAction for $req {
            const CLOUD: crate::api::Cloud = crate::api::Cloud::Tencent;
            const ACTION: &'static str = $action;
            const VERSION: &'static str = $version;
            const SERVICE: &'static str = $service;
            const METHOD: crate::api::HttpMethod = crate::api::HttpMethod::Post;
            type Response = $resp;

            fn encode(&self) -> crate::api::RequestPayload {
                crate::api::RequestPayload::Json(self.to_json())
            }

            fn decode(
                payload: &crate::api::RequestPayload,
            ) -> Result<Self, crate::api::params::ParamError> {
                match payload {
                    crate::api::RequestPayload::Json(body) => Self::from_json(body.as_bytes()),
                    crate::api::RequestPayload::Params(_) => Err(crate::api::params::ParamError::InvalidBody {
                        reason: format!("{} takes a JSON body", $action),
                    }),
                }
            }
        }
    };
}

/// Declares a Tencent Describe request of the common shape
/// `{"<Ids>": [...], "Filters": [...], "Offset": n, "Limit": n}` (ids and filters not
/// combined) with its strict `to_json` / `from_json`: at most `$ids_max` ids, filters of
/// at most `$values_max` values, `Limit` within the API's page limits.
macro_rules! tencent_list_request {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(#[$ids_meta:meta])*
            $ids:ident: $wire:literal, max $ids_max:expr,
            $(#[$filters_meta:meta])*
            filters: max values $values_max:expr,
            page $page:expr $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(default, rename_all = "PascalCase")]
        pub struct $name {
            $(#[$ids_meta])*
            #[serde(skip_serializing_if = "Vec::is_empty")]
            pub $ids: Vec<String>,
            $(#[$filters_meta])*
            #[serde(skip_serializing_if = "Vec::is_empty")]
            pub filters: Vec<crate::api::tencent_vpc::Filter>,
            /// Default 0.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub offset: Option<u64>,
            /// 1..=the API's maximum page size (default: its default page size).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub limit: Option<u64>,
        }

        impl $name {
            const FIELDS: &'static [&'static str] = &[$wire, "Filters", "Offset", "Limit"];

            pub fn to_json(&self) -> String {
                crate::api::tencent_vpc::to_json_string(self)
            }

            /// Parses a request body strictly (wrong JSON types and unknown parameters are
            /// errors).
            pub fn from_json(body: &[u8]) -> Result<Self, crate::api::params::ParamError> {
                let r = crate::api::tencent_vpc::JsonReader::parse(body, Self::FIELDS)?;
                Ok($name {
                    $ids: r.str_list($wire, $ids_max)?,
                    filters: r.filters("Filters", $values_max)?,
                    offset: r.opt_u64("Offset")?,
                    limit: r.opt_ranged("Limit", 1, u64::from($page.max_size))?,
                })
            }
        }
    };
}

/// Implements [`WireResponse`] for a response struct with a `request_id: String` field.
macro_rules! wire_response {
    ($($t:ty),* $(,)?) => {$(
        impl crate::api::WireResponse for $t {
            fn request_id(&self) -> &str {
                &self.request_id
            }
        }
    )*};
}

/// Implements [`TokenPaged`] for requests with `next_token` / `max_results` fields.
macro_rules! token_paged {
    ($($t:ty),* $(,)?) => {$(
        impl crate::api::TokenPaged for $t {
            fn uses_token_paging(&self) -> bool {
                self.next_token.is_some() || self.max_results.is_some()
            }
        }
    )*};
}

/// Implements [`Paginated`] for a Tencent request paged by `Offset`/`Limit` whose response
/// carries `total_count` and the flat list `$list`: the next `Offset` is this one plus the
/// items returned, while that is below `TotalCount` and the page was not empty.
macro_rules! offset_paginated {
    ($req:ident, $item:ty, $limits:expr, $list:ident) => {
        impl crate::api::Paginated for $req {
            type Item = $item;
            const PAGE_LIMITS: crate::api::PageLimits = $limits;

            fn items(resp: &Self::Response) -> &[$item] {
                &resp.$list
            }

            fn next_page(&self, resp: &Self::Response) -> Option<Self> {
                let returned = u64::try_from(resp.$list.len()).ok()?;
                if returned == 0 {
                    return None;
                }
                let next = self.offset.unwrap_or(0).checked_add(returned)?;
                (next < resp.total_count).then(|| $req {
                    offset: Some(next),
                    ..self.clone()
                })
            }

            fn with_page_size(self, size: u32) -> Self {
                $req {
                    limit: Some(u64::from(size)),
                    ..self
                }
            }
        }
    };
}

/// Implements [`Paginated`] for a Volcengine request that pages either with
/// `PageNumber`/`PageSize` or with `NextToken`/`MaxResults` (the flat list `$list`).
///
/// Token mode (the request set `NextToken` or `MaxResults`): follow `NextToken` until it
/// comes back empty. Page mode: PageNumber arithmetic on `TotalCount`; an answer without
/// `TotalCount` but with a `NextToken` switches to the token.
macro_rules! volcengine_paginated {
    ($req:ident, $item:ty, $limits:expr, $list:ident) => {
        impl crate::api::Paginated for $req {
            type Item = $item;
            const PAGE_LIMITS: crate::api::PageLimits = $limits;

            fn items(resp: &Self::Response) -> &[$item] {
                &resp.$list
            }

            fn next_page(&self, resp: &Self::Response) -> Option<Self> {
                use crate::api::TokenPaged;
                let token_next = || {
                    (!resp.next_token.is_empty()).then(|| $req {
                        next_token: Some(resp.next_token.clone()),
                        page_number: None,
                        page_size: None,
                        ..self.clone()
                    })
                };
                if self.uses_token_paging() || resp.total_count == 0 {
                    return token_next();
                }
                let next = crate::api::next_page_number(
                    self.page_number,
                    self.page_size,
                    Self::PAGE_LIMITS.default_size,
                    resp.page_number,
                    resp.page_size,
                    resp.total_count,
                    resp.$list.len(),
                )?;
                Some($req {
                    page_number: Some(next),
                    ..self.clone()
                })
            }

            /// Sets `MaxResults` in token mode, `PageSize` otherwise.
            fn with_page_size(self, size: u32) -> Self {
                use crate::api::TokenPaged;
                if self.uses_token_paging() {
                    $req {
                        max_results: Some(size),
                        ..self
                    }
                } else {
                    $req {
                        page_size: Some(size),
                        ..self
                    }
                }
            }
        }
    };
}

/// Implements [`Paginated`] for an Alibaba request paged by `PageNumber`/`PageSize`, whose
/// response carries `page_number`, `page_size`, `total_count` and the wrapped list `$list`.
macro_rules! page_number_paginated {
    ($req:ident, $item:ty, $limits:expr, $list:ident) => {
        impl crate::api::Paginated for $req {
            type Item = $item;
            const PAGE_LIMITS: crate::api::PageLimits = $limits;

            fn items(resp: &Self::Response) -> &[$item] {
                &resp.$list.items
            }

            fn next_page(&self, resp: &Self::Response) -> Option<Self> {
                let next = crate::api::next_page_number(
                    self.page_number,
                    self.page_size,
                    Self::PAGE_LIMITS.default_size,
                    resp.page_number,
                    resp.page_size,
                    resp.total_count,
                    resp.$list.items.len(),
                )?;
                Some($req {
                    page_number: Some(next),
                    ..self.clone()
                })
            }

            fn with_page_size(self, size: u32) -> Self {
                $req {
                    page_size: Some(size),
                    ..self
                }
            }
        }
    };
}

pub mod alibaba_ecs;
pub mod alibaba_ess;
pub mod alibaba_slb;
pub mod alibaba_vpc;
pub mod error;
pub mod lenient;
pub mod params;
pub mod reads;
pub mod tencent_cvm;
pub mod tencent_vpc;
pub mod volcengine_ecs;
pub mod volcengine_vpc;

pub use error::{decode_error, CloudErrorParts};
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
        decode_response_body::<Self::Response>(Self::CLOUD, Self::ACTION, http_status, body)
    }

    /// Wraps a response payload in the cloud's success envelope (the emulator's side).
    /// `region` is only used by Volcengine's `ResponseMetadata.Region`.
    fn encode_response(resp: &Self::Response, region: &str) -> serde_json::Value {
        encode_response_body(
            Self::CLOUD,
            &ActionInfo::of::<Self>(),
            region,
            resp.request_id(),
            resp,
        )
    }
}

fn decode_response_body<T: DeserializeOwned>(
    cloud: Cloud,
    action: &'static str,
    http_status: u16,
    body: &[u8],
) -> Result<T, ResponseError> {
    if let Some(err) = decode_error(cloud, http_status, body) {
        return Err(ResponseError::Cloud(err));
    }
    let malformed = |reason: String| ResponseError::Malformed {
        cloud,
        action,
        reason,
    };
    match cloud {
        Cloud::Alibaba => serde_json::from_slice::<T>(body).map_err(|e| malformed(e.to_string())),
        Cloud::Tencent => serde_json::from_slice::<tencent_vpc::TencentEnvelope<T>>(body)
            .map(|env| env.response)
            .map_err(|e| malformed(e.to_string())),
        Cloud::Volcengine => {
            let env = serde_json::from_slice::<volcengine_vpc::VolcengineEnvelope<T>>(body)
                .map_err(|e| malformed(e.to_string()))?;
            env.result
                .ok_or_else(|| malformed("the answer has no Result".to_string()))
        }
    }
}

fn encode_response_body<T: Serialize>(
    cloud: Cloud,
    info: &ActionInfo,
    region: &str,
    request_id: &str,
    resp: &T,
) -> serde_json::Value {
    let payload = serde_json::to_value(resp).unwrap_or(serde_json::Value::Null);
    match cloud {
        Cloud::Alibaba => payload,
        Cloud::Tencent => serde_json::json!({ "Response": payload }),
        Cloud::Volcengine => {
            let meta = volcengine_vpc::ResponseMetadata {
                request_id: request_id.to_string(),
                action: info.action.to_string(),
                version: info.version.to_string(),
                service: info.service.to_string(),
                region: region.to_string(),
                error: None,
            };
            serde_json::json!({
                "ResponseMetadata": serde_json::to_value(meta).unwrap_or(serde_json::Value::Null),
                "Result": payload,
            })
        }
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

/// Default and maximum page size of a Describe API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// Page size the API uses when the request gives none.
    pub default_size: u32,
    /// Largest page size the API accepts.
    pub max_size: u32,
}

/// A Describe request that can page with `NextToken`/`MaxResults` as well as with
/// `PageNumber`/`PageSize`.
pub trait TokenPaged {
    /// True when the request pages with NextToken/MaxResults (then PageNumber/PageSize are
    /// ignored and the answer's `TotalCount` is not meaningful).
    fn uses_token_paging(&self) -> bool;
}

/// A Describe API whose results come in pages.
pub trait Paginated: ApiAction {
    /// One listed element.
    type Item;
    /// The API's default and maximum page size.
    const PAGE_LIMITS: PageLimits;
    /// The elements of one page.
    fn items(resp: &Self::Response) -> &[Self::Item];
    /// The request for the page after `resp`, or `None` when `resp` is the last page.
    fn next_page(&self, resp: &Self::Response) -> Option<Self>;
    /// The same request asking for `size` elements per page.
    fn with_page_size(self, size: u32) -> Self;
    /// The same request asking for the largest page the API allows.
    fn with_max_page_size(self) -> Self {
        self.with_page_size(Self::PAGE_LIMITS.max_size)
    }
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

/// PageNumber/PageSize arithmetic shared by Alibaba and Volcengine: returns the next
/// page number when `page * size < total` and the current page was not empty. The
/// response's echoed PageNumber/PageSize win over the request's (0 = not echoed).
pub fn next_page_number(
    requested_page: Option<u32>,
    requested_size: Option<u32>,
    default_size: u32,
    echoed_page: u64,
    echoed_size: u64,
    total_count: u64,
    returned: usize,
) -> Option<u32> {
    if returned == 0 {
        return None;
    }
    let page = if echoed_page > 0 {
        echoed_page
    } else {
        u64::from(requested_page.unwrap_or(1).max(1))
    };
    let size = if echoed_size > 0 {
        echoed_size
    } else {
        u64::from(requested_size.unwrap_or(default_size))
    };
    if page.saturating_mul(size) < total_count {
        u32::try_from(page + 1).ok()
    } else {
        None
    }
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
}
