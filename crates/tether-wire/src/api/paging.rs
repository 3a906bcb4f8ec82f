//! Paging of the Describe APIs: each API's [`PageLimits`], the [`Paginated`] and
//! [`TokenPaged`] traits every Describe request implements, and the PageNumber/PageSize
//! arithmetic Alibaba and Volcengine share.

use super::ApiAction;

/// Default and maximum page size of a Describe API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// Page size the API uses when the request gives none.
    pub default_size: u32,
    /// Largest page size the API accepts.
    pub max_size: u32,
}

impl PageLimits {
    /// The limits of an API whose page size defaults to `default_size` and may be at most
    /// `max_size` (the order the API references give them in).
    pub const fn sizes(default_size: u32, max_size: u32) -> PageLimits {
        PageLimits {
            default_size,
            max_size,
        }
    }
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
    /// When the API pages by position (page number or offset) and `resp`, the answer to
    /// this request, reports the total: the requests for every later page, which can then
    /// be sent at once. `None` when pages must be followed one by one (tokens, no total).
    fn later_pages(&self, _resp: &Self::Response) -> Option<Vec<Self>> {
        None
    }
    /// The same request asking for `size` elements per page.
    fn with_page_size(self, size: u32) -> Self;
    /// The same request asking for the largest page the API allows.
    fn with_max_page_size(self) -> Self {
        self.with_page_size(Self::PAGE_LIMITS.max_size)
    }
}

/// Where one answer of a PageNumber/PageSize listing stands: what the request asked for
/// (or the API's default size) and what the answer echoed and counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberedPage {
    pub requested_page: Option<u32>,
    pub requested_size: Option<u32>,
    pub default_size: u32,
    pub echoed_page: u64,
    pub echoed_size: u64,
    pub total_count: u64,
    /// How many items this page returned.
    pub returned: usize,
}

impl NumberedPage {
    /// The next page's number, when there is one (see [`next_page_number`]).
    pub fn next(&self) -> Option<u32> {
        next_page_number(
            self.requested_page,
            self.requested_size,
            self.default_size,
            self.echoed_page,
            self.echoed_size,
            self.total_count,
            self.returned,
        )
    }

    /// Every page number after this one, up to the last (none after an empty page).
    pub fn later(&self) -> Vec<u32> {
        if self.returned == 0 {
            return Vec::new();
        }
        let (page, size) = answered_page(
            self.requested_page,
            self.requested_size,
            self.default_size,
            self.echoed_page,
            self.echoed_size,
        );
        later_page_numbers(page, size, self.total_count).collect()
    }
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
    let (page, size) = answered_page(
        requested_page,
        requested_size,
        default_size,
        echoed_page,
        echoed_size,
    );
    if page.saturating_mul(size) < total_count {
        u32::try_from(page + 1).ok()
    } else {
        None
    }
}

/// The page numbers after `page` up to the last one of `total_count` items in pages of
/// `size`: `page + 1 ..= ⌈total / size⌉` (none when `size` is 0).
pub fn later_page_numbers(page: u64, size: u64, total_count: u64) -> impl Iterator<Item = u32> {
    let last = if size == 0 {
        0
    } else {
        total_count.div_ceil(size)
    };
    (page.saturating_add(1)..=last).map_while(|p| u32::try_from(p).ok())
}

/// The `(page, size)` an answer covers: its echoed PageNumber/PageSize (0 = not echoed)
/// over the request's, over the API's defaults.
pub fn answered_page(
    requested_page: Option<u32>,
    requested_size: Option<u32>,
    default_size: u32,
    echoed_page: u64,
    echoed_size: u64,
) -> (u64, u64) {
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
    (page, size)
}

#[cfg(test)]
mod tests {
    use super::PageLimits;

    #[test]
    fn sizes_takes_the_default_then_the_maximum() {
        let limits = PageLimits::sizes(10, 50);
        assert_eq!((limits.default_size, limits.max_size), (10, 50));
    }
}
