//! Pagination: [`Client::collect_all`] follows a Describe API's paging (Alibaba and
//! Volcengine `PageNumber`/`PageSize` against `TotalCount`, Volcengine `NextToken`, Tencent
//! `Offset`/`Limit`) as each request type declares it through
//! [`tether_wire::api::Paginated`], and returns every element; `Client::walk_pages` is the
//! page loop it shares with the coalesced reads ([`crate::coalesce`]).

use std::ops::ControlFlow;

use tether_wire::api::Paginated;
use tokio::task::JoinSet;

use crate::client::{CallContext, Client};
use crate::error::ClientError;
use crate::events::call_event;

/// Upper bound on the pages one [`Client::collect_all`] fetches, so that a server that keeps
/// announcing more pages cannot keep the client looping (10 000 pages of at least 10
/// elements is far beyond any account's EIPs, HaVips or scaling instances).
pub const MAX_PAGES: u32 = 10_000;

/// Pages of one listing in flight at once once its first answer gives their number
/// ([`Client::walk_pages_at_once`]).
pub const PAGES_AT_ONCE: usize = 4;

/// How one listing's pages are walked ([`Client::walk_pages`],
/// [`Client::walk_pages_at_once`]): in which region and under which call context,
/// `before_call` run before each call is sent, `on_page` handed each answer (it breaks to
/// stop). An `on_page` closure types its parameter `&_`, so that it takes an answer borrowed
/// for any lifetime.
pub(crate) struct PageWalk<'a, B, P> {
    pub(crate) region: &'a str,
    pub(crate) ctx: &'a CallContext,
    pub(crate) before_call: B,
    pub(crate) on_page: P,
}

/// The error of a listing that would not end: `reason` says how.
fn endless_paging<A: Paginated>(reason: String) -> ClientError {
    ClientError::Decode {
        cloud: A::CLOUD,
        action: A::ACTION,
        http_status: 200,
        request_id: None,
        reason,
    }
}

impl Client {
    /// Sends `request`, then the request for each following page, and returns the elements
    /// of all pages in order. The page size is the request's own (default of the API when
    /// unset); call [`Paginated::with_max_page_size`] first to need fewer calls. Each page
    /// is one [`Client::call`] with `ctx` (retries included).
    pub async fn collect_all<A>(
        &self,
        request: A,
        ctx: &CallContext,
    ) -> Result<Vec<A::Item>, ClientError>
    where
        A: Paginated,
        A::Item: Clone,
    {
        self.collect_all_observed(request, ctx, |_| {}).await
    }

    /// [`Client::collect_all`], telling `page_seen` how many elements each page brought
    /// (for progress reports).
    pub async fn collect_all_observed<A>(
        &self,
        request: A,
        ctx: &CallContext,
        mut page_seen: impl FnMut(usize),
    ) -> Result<Vec<A::Item>, ClientError>
    where
        A: Paginated,
        A::Item: Clone,
    {
        let mut items = Vec::new();
        let mut pages: u32 = 0;
        self.walk_pages(
            request,
            PageWalk {
                region: self.region(),
                ctx,
                before_call: || {},
                on_page: |resp: &_| {
                    pages += 1;
                    let page = A::items(resp);
                    call_event!(debug, A, page = pages, items = page.len(), "page received");
                    items.extend_from_slice(page);
                    page_seen(page.len());
                    ControlFlow::Continue(())
                },
            },
        )
        .await?;
        Ok(items)
    }

    /// Sends `first` in `walk.region`, then the request for each following page (at most
    /// [`MAX_PAGES`]), handing each answer to `walk.on_page` until it breaks or the pages end.
    pub(crate) async fn walk_pages<A: Paginated>(
        &self,
        first: A,
        mut walk: PageWalk<'_, impl FnMut(), impl FnMut(&A::Response) -> ControlFlow<()>>,
    ) -> Result<(), ClientError> {
        let mut next = Some(first);
        let mut pages: u32 = 0;
        while let Some(request) = next.take() {
            if pages >= MAX_PAGES {
                return Err(endless_paging::<A>(format!(
                    "paging did not end after {MAX_PAGES} pages"
                )));
            }
            pages += 1;
            (walk.before_call)();
            let resp = self.call_in_region(walk.region, &request, walk.ctx).await?;
            if (walk.on_page)(&resp).is_break() {
                break;
            }
            next = request.next_page(&resp);
        }
        Ok(())
    }

    /// Like [`Client::walk_pages`], but once the first answer tells how many pages there
    /// are ([`Paginated::later_pages`]), sends the others [`PAGES_AT_ONCE`] at a time and
    /// hands them to `walk.on_page` as they arrive (in any order). Token paging is followed
    /// one page at a time. A page whose task panicked is left out.
    pub(crate) async fn walk_pages_at_once<A>(
        &self,
        first: A,
        mut walk: PageWalk<'_, impl FnMut(), impl FnMut(&A::Response) -> ControlFlow<()>>,
    ) -> Result<(), ClientError>
    where
        A: Paginated + Send + Sync + 'static,
        A::Response: Send + 'static,
    {
        (walk.before_call)();
        let answer = self.call_in_region(walk.region, &first, walk.ctx).await?;
        if (walk.on_page)(&answer).is_break() {
            return Ok(());
        }
        let Some(later) = first.later_pages(&answer) else {
            return match first.next_page(&answer) {
                Some(next) => self.walk_pages(next, walk).await,
                None => Ok(()),
            };
        };
        if later.len() >= MAX_PAGES as usize {
            return Err(endless_paging::<A>(format!(
                "the answer announced more than {MAX_PAGES} pages"
            )));
        }
        let mut pending = later.into_iter();
        let mut calls = JoinSet::new();
        loop {
            while calls.len() < PAGES_AT_ONCE {
                let Some(request) = pending.next() else {
                    break;
                };
                (walk.before_call)();
                let client = self.clone();
                let region = walk.region.to_string();
                let ctx = walk.ctx.clone();
                calls.spawn(async move { client.call_in_region(&region, &request, &ctx).await });
            }
            let Some(joined) = calls.join_next().await else {
                return Ok(());
            };
            let Ok(answer) = joined else {
                continue;
            };
            if (walk.on_page)(&answer?).is_break() {
                return Ok(());
            }
        }
    }
}
