//! What an API handler receives ([`Call`]) and returns ([`Outcome`]), plus the helpers the
//! handlers share: typed decoding with the cloud's parameter error codes, page slicing,
//! and IPv4 syntax.

use std::net::Ipv4Addr;

use serde_json::Value;
use tether_wire::api::{ActionInfo, ApiAction, Paginated, RequestPayload, TokenPaged};
use tether_wire::cloud::Cloud;

use crate::answer::Failure;

/// One authenticated API call.
#[derive(Debug, Clone)]
pub struct Call {
    pub cloud: Cloud,
    pub action: &'static ActionInfo,
    /// Alibaba `RegionId` (when given), Tencent `X-TC-Region`, Volcengine credential scope.
    pub region: String,
    /// The action's own parameters (common and signature parameters removed).
    pub payload: RequestPayload,
    pub request_id: String,
    pub now_ms: u64,
}

/// A handler's result: the success body in the cloud's envelope, or a failure.
pub type Outcome = Result<Value, Failure>;

impl Call {
    /// Parses the typed request, answering parse problems with the cloud's codes.
    pub fn decode<R: ApiAction>(&self) -> Result<R, Failure> {
        R::decode(&self.payload).map_err(|e| Failure::from_param(&e, self.cloud))
    }

    /// Wraps a typed response in the cloud's success envelope.
    pub fn encode<R: ApiAction>(&self, resp: &R::Response) -> Value {
        R::encode_response(resp, &self.region)
    }

    /// The answer to a `PageNumber`/`PageSize` Describe: the page of `all` that `req` asks
    /// for (see [`requested_numbered_page`]) under this call's request id.
    pub fn numbered_answer<R: NumberedListing>(&self, req: &R, all: &[R::Item]) -> Value
    where
        R::Item: Clone,
    {
        let page = requested_numbered_page(all, req);
        self.encode::<R>(&R::answer(self.request_id.clone(), page))
    }

    /// The answer to a Describe paged by number or by token: `page`, one page of a listing
    /// of `total_count` items, under this call's request id.
    pub fn dual_answer<R: DualListing>(&self, total_count: usize, page: PageOf<R::Item>) -> Value {
        self.encode::<R>(&R::answer(
            self.request_id.clone(),
            total_count as u64,
            page,
        ))
    }
}

/// One page of `items`: `(page, page_number, page_size)`. Page numbers start at 1.
pub fn page<T: Clone>(
    items: &[T],
    page_number: Option<u32>,
    page_size: Option<u32>,
    default_size: u32,
) -> (Vec<T>, u64, u64) {
    let number = u64::from(page_number.unwrap_or(1).max(1));
    let size = u64::from(page_size.unwrap_or(default_size).max(1));
    let start = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let size_usize = usize::try_from(size).unwrap_or(usize::MAX);
    let slice = items.iter().skip(start).take(size_usize).cloned().collect();
    (slice, number, size)
}

/// One page of a `PageNumber`/`PageSize` listing, with the size of the whole listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedPage<T> {
    pub items: Vec<T>,
    /// How many items the whole listing has (`TotalCount`).
    pub total_count: u64,
    pub page_number: u64,
    pub page_size: u64,
}

/// The page of `all` that `page_number` and `page_size` ask for (see [`page`]), with the
/// length of `all` as the total.
pub fn numbered_page<T: Clone>(
    all: &[T],
    page_number: Option<u32>,
    page_size: Option<u32>,
    default_size: u32,
) -> NumberedPage<T> {
    let (items, page_number, page_size) = page(all, page_number, page_size, default_size);
    NumberedPage {
        items,
        total_count: all.len() as u64,
        page_number,
        page_size,
    }
}

impl<T> NumberedPage<T> {
    /// The same page with each item turned into `view(item)`.
    pub fn map_items<U>(self, view: impl FnMut(T) -> U) -> NumberedPage<U> {
        NumberedPage {
            items: self.items.into_iter().map(view).collect(),
            total_count: self.total_count,
            page_number: self.page_number,
            page_size: self.page_size,
        }
    }
}

/// A Describe paged by `PageNumber`/`PageSize` (Alibaba): what page its request asks for,
/// and its answer made of one page of the listing.
pub trait NumberedListing: Paginated {
    /// The request's `PageNumber` and `PageSize`.
    fn requested_page(&self) -> (Option<u32>, Option<u32>);
    /// The answer carrying `page` (its items, total, number and size) under `request_id`.
    fn answer(request_id: String, page: NumberedPage<Self::Item>) -> Self::Response;
}

/// Implements [`NumberedListing`] for `request => response { list, other: value }`: the
/// request has `page_number` and `page_size` fields, the response the `..numbered_page`
/// fields, the wrapped list `list` and the fixed values of its other fields.
macro_rules! numbered_listing {
    ($($req:path => $resp:path { $list:ident $(, $other:ident: $value:expr)* }),* $(,)?) => {$(
        impl $crate::call::NumberedListing for $req {
            fn requested_page(&self) -> (Option<u32>, Option<u32>) {
                (self.page_number, self.page_size)
            }

            fn answer(
                request_id: String,
                page: $crate::call::NumberedPage<Self::Item>,
            ) -> Self::Response {
                $resp {
                    request_id,
                    total_count: page.total_count,
                    page_number: page.page_number,
                    page_size: page.page_size,
                    $list: page.items.into(),
                    $($other: $value,)*
                }
            }
        }
    )*};
}

numbered_listing!(
    tether_wire::api::alibaba_ess::DescribeScalingActivitiesRequest
        => tether_wire::api::alibaba_ess::DescribeScalingActivitiesResponse { scaling_activities },
    tether_wire::api::alibaba_ess::DescribeScalingConfigurationsRequest
        => tether_wire::api::alibaba_ess::DescribeScalingConfigurationsResponse { scaling_configurations },
    tether_wire::api::alibaba_ess::DescribeScalingGroupsRequest
        => tether_wire::api::alibaba_ess::DescribeScalingGroupsResponse { scaling_groups },
    tether_wire::api::alibaba_ess::DescribeScalingInstancesRequest
        => tether_wire::api::alibaba_ess::DescribeScalingInstancesResponse {
            scaling_instances,
            total_spot_count: 0
        },
    tether_wire::api::alibaba_slb::DescribeLoadBalancersRequest
        => tether_wire::api::alibaba_slb::DescribeLoadBalancersResponse { load_balancers },
    tether_wire::api::alibaba_vpc::DescribeEipAddressesRequest
        => tether_wire::api::alibaba_vpc::DescribeEipAddressesResponse { eip_addresses },
    tether_wire::api::alibaba_vpc::DescribeGlobalAccelerationInstancesRequest
        => tether_wire::api::alibaba_vpc::DescribeGlobalAccelerationInstancesResponse {
            global_acceleration_instances
        },
    tether_wire::api::alibaba_vpc::DescribeHaVipsRequest
        => tether_wire::api::alibaba_vpc::DescribeHaVipsResponse { ha_vips },
    tether_wire::api::alibaba_vpc::DescribeNatGatewaysRequest
        => tether_wire::api::alibaba_vpc::DescribeNatGatewaysResponse { nat_gateways },
    tether_wire::api::alibaba_vpc::DescribeVpcsRequest
        => tether_wire::api::alibaba_vpc::DescribeVpcsResponse { vpcs },
);

/// The page of `all` that `req` asks for (see [`numbered_page`]), `PageSize` defaulting to
/// the API's default size.
pub fn requested_numbered_page<T: Clone, R: NumberedListing>(
    all: &[T],
    req: &R,
) -> NumberedPage<T> {
    let (page_number, page_size) = req.requested_page();
    numbered_page(all, page_number, page_size, R::PAGE_LIMITS.default_size)
}

/// One page of an `Offset`/`Limit` listing (Tencent): `limit` items (the API's default
/// when absent) from `offset` (0 when absent).
pub fn offset_page<T: Clone>(
    items: &[T],
    offset: Option<u64>,
    limit: Option<u64>,
    default_limit: u32,
) -> Vec<T> {
    let offset = usize::try_from(offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit.unwrap_or(u64::from(default_limit))).unwrap_or(usize::MAX);
    items.iter().skip(offset).take(limit).cloned().collect()
}

/// One page of a `NextToken`/`MaxResults` listing: the `max_results` items after the
/// position `next_token` encodes (the emulator's tokens are decimal offsets it issued), and
/// the token of the following page (empty on the last page). A token the emulator did not
/// issue is `InvalidParameter` (HTTP 400, as on Alibaba and Volcengine).
pub fn token_page<T: Clone>(
    items: &[T],
    next_token: Option<&str>,
    max_results: u32,
) -> Result<(Vec<T>, String), Failure> {
    let start: usize = match next_token {
        None => 0,
        Some(t) => t.parse().map_err(|_| {
            Failure::new(
                400,
                "InvalidParameter",
                format!("The specified NextToken {t} is not valid."),
            )
        })?,
    };
    let size = usize::try_from(max_results.max(1)).unwrap_or(usize::MAX);
    let slice: Vec<T> = items.iter().skip(start).take(size).cloned().collect();
    let end = start.saturating_add(slice.len());
    let next = if end < items.len() {
        end.to_string()
    } else {
        String::new()
    };
    Ok((slice, next))
}

/// One answer page of a list that pages either with PageNumber/PageSize or with
/// NextToken/MaxResults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    /// 0 in token mode.
    pub page_number: u64,
    /// 0 in token mode.
    pub page_size: u64,
    /// Empty in page mode and on the last token page.
    pub next_token: String,
}

/// A Describe paged by number or by token (Alibaba ECS, Volcengine): its answer made of
/// one page of the listing.
pub trait DualListing: DualPaging + Paginated {
    /// The answer carrying `page` under `request_id`, with `total_count` the length of
    /// the whole listing.
    fn answer(request_id: String, total_count: u64, page: PageOf<Self::Item>) -> Self::Response;
}

/// Implements [`DualListing`] for `request => response { list }` (or `{ list: convert }`
/// when the response wraps the list, made by `items.convert()`): the response has
/// `request_id`, `total_count`, `page_number`, `page_size`, `next_token` and `list`.
macro_rules! dual_listing {
    ($($req:path => $resp:path { $list:ident $(: $convert:ident)? }),* $(,)?) => {$(
        impl $crate::call::DualListing for $req {
            fn answer(
                request_id: String,
                total_count: u64,
                page: $crate::call::PageOf<Self::Item>,
            ) -> Self::Response {
                $resp {
                    request_id,
                    total_count,
                    page_number: page.page_number,
                    page_size: page.page_size,
                    next_token: page.next_token,
                    $list: page.items$(.$convert())?,
                }
            }
        }
    )*};
}

dual_listing!(
    tether_wire::api::alibaba_ecs::DescribeInstancesRequest
        => tether_wire::api::alibaba_ecs::DescribeInstancesResponse { instances: into },
    tether_wire::api::alibaba_ecs::DescribeNetworkInterfacesRequest
        => tether_wire::api::alibaba_ecs::DescribeNetworkInterfacesResponse {
            network_interface_sets: into
        },
    tether_wire::api::volcengine_vpc::DescribeHaVipsRequest
        => tether_wire::api::volcengine_vpc::DescribeHaVipsResult { ha_vips },
    tether_wire::api::volcengine_vpc::DescribeNetworkInterfacesRequest
        => tether_wire::api::volcengine_vpc::DescribeNetworkInterfacesResult {
            network_interface_sets
        },
);

/// How a request asks for its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRequest<'a> {
    /// `PageNumber` / `PageSize` (the API's default size when absent).
    Numbered {
        number: Option<u32>,
        size: Option<u32>,
        default_size: u32,
    },
    /// `NextToken` / `MaxResults` (already defaulted or clamped by the caller).
    Token {
        next_token: Option<&'a str>,
        max_results: u32,
    },
}

/// A request that pages by number or by token: its `PageNumber`, `PageSize`, `NextToken`
/// and `MaxResults`.
pub trait DualPaging: TokenPaged {
    fn paging(&self) -> (Option<u32>, Option<u32>, Option<&str>, Option<u32>);
}

/// Implements [`DualPaging`] for requests with `page_number`, `page_size`, `next_token` and
/// `max_results` fields.
macro_rules! dual_paging {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::call::DualPaging for $t {
            fn paging(&self) -> (Option<u32>, Option<u32>, Option<&str>, Option<u32>) {
                (
                    self.page_number,
                    self.page_size,
                    self.next_token.as_deref(),
                    self.max_results,
                )
            }
        }
    )*};
}

dual_paging!(
    tether_wire::api::alibaba_ecs::DescribeInstancesRequest,
    tether_wire::api::alibaba_ecs::DescribeNetworkInterfacesRequest,
    tether_wire::api::volcengine_vpc::DescribeHaVipsRequest,
    tether_wire::api::volcengine_vpc::DescribeNetworkInterfacesRequest,
);

/// How `req` asks for its page: by token when it sets `NextToken` or `MaxResults` (the
/// page size is what `max_results` makes of the given `MaxResults`: a default, a clamp),
/// else by number (`PageSize` defaulting to `default_size`).
pub fn page_request<R: DualPaging>(
    req: &R,
    default_size: u32,
    max_results: impl FnOnce(Option<u32>) -> u32,
) -> PageRequest<'_> {
    let (number, size, next_token, given) = req.paging();
    if req.uses_token_paging() {
        PageRequest::Token {
            next_token,
            max_results: max_results(given),
        }
    } else {
        PageRequest::Numbered {
            number,
            size,
            default_size,
        }
    }
}

/// The page of `all` a request asks for.
pub fn page_of<T: Clone>(all: &[T], request: PageRequest<'_>) -> Result<PageOf<T>, Failure> {
    match request {
        PageRequest::Numbered {
            number,
            size,
            default_size,
        } => {
            let (items, page_number, page_size) = page(all, number, size, default_size);
            Ok(PageOf {
                items,
                page_number,
                page_size,
                next_token: String::new(),
            })
        }
        PageRequest::Token {
            next_token,
            max_results,
        } => {
            let (items, next_token) = token_page(all, next_token, max_results)?;
            Ok(PageOf {
                items,
                page_number: 0,
                page_size: 0,
                next_token,
            })
        }
    }
}

/// A stable MAC address for a network interface or instance id (`00:16:3e:` and three
/// bytes of an FNV-1a hash of the id), so that repeated answers agree.
pub fn mac_of(id: &str) -> String {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let [_, a, b, c] = hash.to_be_bytes();
    format!("00:16:3e:{a:02x}:{b:02x}:{c:02x}")
}

/// Whether `text` is a dotted-quad IPv4 address.
pub fn is_ipv4(text: &str) -> bool {
    text.parse::<Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages() {
        let items: Vec<u32> = (1..=25).collect();
        assert_eq!(page(&items, None, None, 10), ((1..=10).collect(), 1, 10));
        assert_eq!(page(&items, Some(3), None, 10).0, vec![21, 22, 23, 24, 25]);
        assert!(page(&items, Some(4), None, 10).0.is_empty());
        assert_eq!(page(&items, Some(2), Some(20), 10).0.len(), 5);
        let second = numbered_page(&items, Some(2), None, 10);
        assert_eq!((second.items.len(), second.total_count), (10, 25));
        assert_eq!((second.page_number, second.page_size), (2, 10));
    }

    #[test]
    fn macs_are_stable_and_distinct() {
        assert_eq!(mac_of("eni-1"), mac_of("eni-1"));
        assert_ne!(mac_of("eni-1"), mac_of("eni-2"));
        assert!(mac_of("eni-1").starts_with("00:16:3e:"));
        assert_eq!(mac_of("eni-1").len(), 17);
    }

    #[test]
    fn token_pages() {
        let items: Vec<u32> = (1..=25).collect();
        let (first, next) = token_page(&items, None, 10).unwrap();
        assert_eq!((first.len(), next.as_str()), (10, "10"));
        let (last, next) = token_page(&items, Some("20"), 10).unwrap();
        assert_eq!((last, next.as_str()), (vec![21, 22, 23, 24, 25], ""));
        let err = token_page(&items, Some("not-a-token"), 10).unwrap_err();
        assert_eq!(
            (err.http_status, err.code.as_str()),
            (400, "InvalidParameter")
        );
    }
}
