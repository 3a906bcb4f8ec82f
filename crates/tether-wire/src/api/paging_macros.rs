//! The paging macros of the api module: [`Paginated`](crate::api::Paginated) for requests
//! paged by `Offset`/`Limit` (Tencent), by `PageNumber`/`PageSize` (Alibaba), or by either
//! that or `NextToken` (Volcengine), and [`TokenPaged`](crate::api::TokenPaged).

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

/// The part of a [`Paginated`] impl every paging style shares: the item type, the page
/// limits and where a response lists its items (`$items`, over the response `$resp`); the
/// paging methods follow in braces.
macro_rules! paginated_impl {
    ($req:ident, $item:ty, $limits:expr, |$resp:ident| $items:expr, { $($paging:tt)* }) => {
        impl crate::api::Paginated for $req {
            type Item = $item;
            const PAGE_LIMITS: crate::api::PageLimits = $limits;

            fn items($resp: &Self::Response) -> &[$item] {
                $items
            }

            $($paging)*
        }
    };
}

/// Implements [`Paginated`] for a Tencent request paged by `Offset`/`Limit` whose response
/// carries `total_count` and the flat list `$list`: the next `Offset` is this one plus the
/// items returned, while that is below `TotalCount` and the page was not empty.
macro_rules! offset_paginated {
    ($req:ident, $item:ty, $limits:expr, $list:ident) => {
        paginated_impl!($req, $item, $limits, |resp| &resp.$list, {
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

            fn later_pages(&self, resp: &Self::Response) -> Option<Vec<Self>> {
                let returned = u64::try_from(resp.$list.len()).ok()?;
                let step = self.limit.unwrap_or(returned).min(returned);
                if step == 0 {
                    return Some(Vec::new());
                }
                let first = self.offset.unwrap_or(0).checked_add(returned)?;
                Some(
                    (first..resp.total_count)
                        .step_by(usize::try_from(step).ok()?)
                        .map(|offset| $req {
                            offset: Some(offset),
                            ..self.clone()
                        })
                        .collect(),
                )
            }

            fn with_page_size(self, size: u32) -> Self {
                $req {
                    limit: Some(u64::from(size)),
                    ..self
                }
            }
        });
    };
}

/// The same PageNumber/PageSize request `$req` for other pages: `with_page_number`, and the
/// requests after a [`NumberedPage`](crate::api::NumberedPage) answer.
macro_rules! page_number_request {
    ($req:ident) => {
        impl $req {
            fn with_page_number(&self, number: u32) -> Self {
                $req {
                    page_number: Some(number),
                    ..self.clone()
                }
            }

            /// The request for the page after `page`, while there is one.
            fn request_after(&self, page: crate::api::NumberedPage) -> Option<Self> {
                page.next().map(|n| self.with_page_number(n))
            }

            /// The requests for every page after `page`.
            fn requests_after(&self, page: crate::api::NumberedPage) -> Vec<Self> {
                page.later()
                    .into_iter()
                    .map(|n| self.with_page_number(n))
                    .collect()
            }
        }
    };
}

/// The [`NumberedPage`](crate::api::NumberedPage) of `$resp`, the answer to the
/// PageNumber/PageSize request `$self` (inside a [`Paginated`] impl).
macro_rules! numbered_page {
    ($self:ident, $resp:ident) => {
        crate::api::NumberedPage {
            requested_page: $self.page_number,
            requested_size: $self.page_size,
            default_size: Self::PAGE_LIMITS.default_size,
            echoed_page: $resp.page_number,
            echoed_size: $resp.page_size,
            total_count: $resp.total_count,
            returned: <Self as crate::api::Paginated>::items($resp).len(),
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
        page_number_request!($req);

        paginated_impl!($req, $item, $limits, |resp| &resp.$list, {
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
                self.request_after(numbered_page!(self, resp))
            }

            fn later_pages(&self, resp: &Self::Response) -> Option<Vec<Self>> {
                use crate::api::TokenPaged;
                if self.uses_token_paging() || resp.total_count == 0 || resp.$list.is_empty() {
                    return None;
                }
                Some(self.requests_after(numbered_page!(self, resp)))
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
        });
    };
}

/// Implements [`Paginated`] for an Alibaba request paged by `PageNumber`/`PageSize`, whose
/// response carries `page_number`, `page_size`, `total_count` and the wrapped list `$list`.
macro_rules! page_number_paginated {
    ($req:ident, $item:ty, $limits:expr, $list:ident) => {
        page_number_request!($req);

        paginated_impl!($req, $item, $limits, |resp| &resp.$list.items, {
            fn next_page(&self, resp: &Self::Response) -> Option<Self> {
                self.request_after(numbered_page!(self, resp))
            }

            fn later_pages(&self, resp: &Self::Response) -> Option<Vec<Self>> {
                Some(self.requests_after(numbered_page!(self, resp)))
            }

            fn with_page_size(self, size: u32) -> Self {
                $req {
                    page_size: Some(size),
                    ..self
                }
            }
        });
    };
}
