//! What one kind of coalesced read declares ([`ReadKind`]): how many IDs one call of its
//! Describe API carries, which reads may share a call, how to build the request and find an
//! item's ID, which error codes mean a missing or malformed ID, and whether the API can list
//! the whole region. The kinds themselves are the table in `table.rs`.

use tether_wire::api::Paginated;

use super::CachedKind;
use crate::error::ClientError;

/// A Describe API that can back coalesced reads (its items are cloned to every reader and
/// its calls run on spawned tasks).
pub(crate) trait DescribeApi:
    Paginated<Item: Clone + Send + Sync + 'static, Response: Send> + Send + Sync + 'static
{
}

impl<R> DescribeApi for R where
    R: Paginated<Item: Clone + Send + Sync + 'static, Response: Send> + Send + Sync + 'static
{
}

/// Which reads may share a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BatchKey {
    /// Every read of the client.
    Unkeyed,
    /// Reads of one region: the call goes to that region's endpoint and the request is built
    /// for it.
    Region,
    /// Reads under one parent resource (the scaling group of scaling instances).
    Parent,
}

/// How the IDs travel in the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdList {
    /// One parameter per ID (`X.N`, or a JSON array).
    Separate,
    /// One comma-separated parameter: an ID with a comma cannot be sent.
    CommaSeparated,
}

/// How a failed batch call is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The error concerns the call: every read gets it.
    Call,
    /// The batch key (the scaling group) does not exist: no asked ID exists.
    KeyAbsent,
    /// One of the IDs does not exist: ask per ID; an ID asked alone is absent.
    IdAbsent,
    /// One of the IDs is not valid: ask per ID; an ID asked alone gets the error.
    IdInvalid,
}

/// The region listing of a kind whose Describe can list the whole region without an ID
/// filter (see the region scans of the module documentation).
pub(crate) struct RegionListing<R: Paginated> {
    /// The kind's name for [`crate::Client::forget_cached`].
    pub(crate) cached: CachedKind,
    /// The listing request of a region: only the items bound to something (what a
    /// refresh reads), so that the free ones, however many, cost no page. An ID missing
    /// from such a listing may still exist, unbound: it is asked by ID.
    pub(crate) request: fn(&str) -> R,
    /// Whether the listing holds `item` (the same filter as `request`, applied to one
    /// answer): only reads answered with such items make the kind hot enough to scan.
    pub(crate) holds: fn(&R::Item) -> bool,
    /// The total number of items an answer reports, when it reports one.
    pub(crate) total: fn(&R::Response) -> Option<u64>,
}

/// One kind of coalesced read, declared as data.
pub(crate) struct ReadKind<R: Paginated> {
    /// Distinct IDs one call may carry.
    pub(crate) max_ids: usize,
    /// Which reads may share a call.
    pub(crate) batch_key: BatchKey,
    /// How the IDs travel in the request.
    pub(crate) id_list: IdList,
    /// The request for `ids` in `region` under the batch `key` (`""` when unkeyed); with no
    /// IDs, the request listing the region.
    pub(crate) request: fn(&str, &str, &[String]) -> R,
    /// The ID of an answered item.
    pub(crate) id_of: fn(&R::Item) -> &str,
    /// Codes meaning one of the asked IDs does not exist.
    pub(crate) id_absent: &'static [&'static str],
    /// Codes meaning one of the asked IDs is malformed.
    pub(crate) id_invalid: &'static [&'static str],
    /// Codes meaning the batch key (the parent) does not exist.
    pub(crate) key_absent: &'static [&'static str],
    /// The region listing, for an API that can list the whole region.
    pub(crate) listing: Option<RegionListing<R>>,
}

impl<R: Paginated> ReadKind<R> {
    /// A kind carrying at most `max_ids` IDs per call, as separate parameters, one batch for
    /// every read of the client, without codes for missing or malformed IDs and without
    /// region listing.
    pub(crate) const fn new(
        max_ids: usize,
        request: fn(&str, &str, &[String]) -> R,
        id_of: fn(&R::Item) -> &str,
    ) -> Self {
        ReadKind {
            max_ids,
            batch_key: BatchKey::Unkeyed,
            id_list: IdList::Separate,
            request,
            id_of,
            id_absent: &[],
            id_invalid: &[],
            key_absent: &[],
            listing: None,
        }
    }

    /// How a failed call is answered.
    pub(crate) fn scope(&self, err: &ClientError) -> Scope {
        let Some(code) = err.cloud_error().map(|e| e.code.as_str()) else {
            return Scope::Call;
        };
        if self.key_absent.contains(&code) {
            Scope::KeyAbsent
        } else if self.id_absent.contains(&code) {
            Scope::IdAbsent
        } else if self.id_invalid.contains(&code) {
            Scope::IdInvalid
        } else {
            Scope::Call
        }
    }

    /// Whether `id` (or a batch key) can be sent.
    pub(crate) fn valid_id(&self, id: &str) -> bool {
        !id.is_empty() && (self.id_list == IdList::Separate || !id.contains(','))
    }

    /// Whether reads carry a batch key.
    pub(crate) fn keyed(&self) -> bool {
        self.batch_key != BatchKey::Unkeyed
    }

    /// The region the batch under `key` is read in.
    pub(crate) fn region<'a>(&self, key: &'a str, client_region: &'a str) -> &'a str {
        if self.batch_key == BatchKey::Region {
            key
        } else {
            client_region
        }
    }

    /// Whether batches of this kind may list the region.
    pub(crate) fn scans(&self) -> bool {
        self.listing.is_some()
    }
}
