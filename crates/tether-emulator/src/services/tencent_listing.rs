//! Tencent's id-or-filter Describes (DescribeInstances, DescribeAddresses,
//! DescribeNetworkInterfaces): the views a request asks for by id or by filter, one
//! `Offset`/`Limit` page of them, and the answer carrying that page and the total.

use serde_json::Value;
use tether_wire::api::tencent_vpc::Filter;
use tether_wire::api::Paginated;

use crate::call::{offset_page, Call};

/// A Tencent Describe that lists by id or by filter and pages by `Offset`/`Limit`.
pub(crate) trait TencentListing: Paginated {
    /// The ids asked for; none asks for every view.
    fn ids(&self) -> &[String];
    fn filters(&self) -> &[Filter];
    /// The request's `Offset` and `Limit`.
    fn offset_and_limit(&self) -> (Option<u64>, Option<u64>);
    /// The answer carrying `items` under `request_id`, with `total_count` the number of
    /// views that matched.
    fn answer(request_id: String, total_count: u64, items: Vec<Self::Item>) -> Self::Response;
}

/// Implements [`TencentListing`] for `request => response { ids, list }`: the request's
/// ids field and the response's list field.
macro_rules! tencent_listing {
    ($($req:path => $resp:path { $ids:ident, $list:ident }),* $(,)?) => {$(
        impl TencentListing for $req {
            fn ids(&self) -> &[String] {
                &self.$ids
            }

            fn filters(&self) -> &[Filter] {
                &self.filters
            }

            fn offset_and_limit(&self) -> (Option<u64>, Option<u64>) {
                (self.offset, self.limit)
            }

            fn answer(
                request_id: String,
                total_count: u64,
                items: Vec<Self::Item>,
            ) -> Self::Response {
                $resp {
                    total_count,
                    $list: items,
                    request_id,
                }
            }
        }
    )*};
}

tencent_listing!(
    tether_wire::api::tencent_cvm::DescribeInstancesRequest
        => tether_wire::api::tencent_cvm::DescribeInstancesResponse { instance_ids, instance_set },
    tether_wire::api::tencent_vpc::DescribeAddressesRequest
        => tether_wire::api::tencent_vpc::DescribeAddressesResponse { address_ids, address_set },
    tether_wire::api::tencent_vpc::DescribeNetworkInterfacesRequest
        => tether_wire::api::tencent_vpc::DescribeNetworkInterfacesResponse {
            network_interface_ids,
            network_interface_set
        },
);

/// The answer to `req`: the views whose id (`id_of`) it asks for (every view when it asks
/// for none) that match every filter (`matches` given the filter's name and values), from
/// `Offset` for `Limit` items (the API's default page size when absent), with the number of
/// matching views as the total.
pub(crate) fn listing_answer<R: TencentListing>(
    call: &Call,
    req: &R,
    views: impl IntoIterator<Item = R::Item>,
    id_of: impl Fn(&R::Item) -> &str,
    matches: impl Fn(&str, &[String], &R::Item) -> bool,
) -> Value
where
    R::Item: Clone,
{
    let ids = req.ids();
    let all: Vec<R::Item> = views
        .into_iter()
        .filter(|v| {
            (ids.is_empty() || ids.iter().any(|id| id == id_of(v)))
                && req.filters().iter().all(|f| matches(&f.name, &f.values, v))
        })
        .collect();
    let (offset, limit) = req.offset_and_limit();
    let items = offset_page(&all, offset, limit, R::PAGE_LIMITS.default_size);
    call.encode::<R>(&R::answer(call.request_id.clone(), all.len() as u64, items))
}
