//! Pagination: [`Client::collect_all`] follows a Describe API's paging (Alibaba and
//! Volcengine `PageNumber`/`PageSize` against `TotalCount`, Volcengine `NextToken`, Tencent
//! `Offset`/`Limit`) as each request type declares it through
//! [`tether_wire::api::Paginated`], and returns every element.

use tether_wire::api::Paginated;
use tracing::debug;

use crate::client::{CallContext, Client};
use crate::error::ClientError;

/// Upper bound on the pages one [`Client::collect_all`] fetches, so that a server that keeps
/// announcing more pages cannot keep the client looping (10 000 pages of at least 10
/// elements is far beyond any account's EIPs, HaVips or scaling instances).
pub const MAX_PAGES: u32 = 10_000;

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
        let mut items = Vec::new();
        let mut next = Some(request);
        let mut pages: u32 = 0;
        while let Some(page_request) = next.take() {
            if pages >= MAX_PAGES {
                return Err(ClientError::Decode {
                    cloud: A::CLOUD,
                    action: A::ACTION,
                    http_status: 200,
                    request_id: None,
                    reason: format!("paging did not end after {MAX_PAGES} pages"),
                });
            }
            pages += 1;
            let resp = self.call(&page_request, ctx).await?;
            let page = A::items(&resp);
            debug!(
                cloud = %A::CLOUD,
                action = A::ACTION,
                page = pages,
                items = page.len(),
                "page received"
            );
            items.extend_from_slice(page);
            next = page_request.next_page(&resp);
        }
        Ok(items)
    }
}
