//! Read coalescing against a local endpoint that verifies every signature, decodes every
//! request with the wire types (so the ID and page-size limits are checked), counts the
//! calls, and answers from a small inventory with real paging (Alibaba PageNumber/PageSize,
//! Tencent Offset/Limit, Volcengine PageNumber/PageSize or NextToken), in pages as small as
//! the test wants. The endpoint can hold its answers until the test releases them.

#[path = "../common/mod.rs"]
mod common;

mod batching;
mod inventory;
mod readers;
mod scaling;
mod scan;
mod scan_fixtures;
mod server;

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use common::{
    alibaba_error, credentials, fast_backoff, region, signature_error, tencent_error,
    volcengine_error, REQUEST_ID, SECRET,
};
use tether_client::{
    CachedKind, CallContext, CancellationToken, Client, ClientConfig, ClientError, Cloud,
    RegionScan, COALESCE_WINDOW,
};
use tether_wire::api::alibaba_ess::{
    DescribeScalingGroupsRequest, DescribeScalingGroupsResponse, DescribeScalingInstancesRequest,
    DescribeScalingInstancesResponse, ScalingGroup, ScalingInstance,
};
use tether_wire::api::alibaba_vpc::{
    DescribeEipAddressesRequest, DescribeEipAddressesResponse, EipAddress,
};
use tether_wire::api::tencent_vpc::{Address, DescribeAddressesRequest, DescribeAddressesResponse};
use tether_wire::api::volcengine_vpc::{DescribeHaVipsRequest, DescribeHaVipsResponse, HaVip};
use tether_wire::api::ApiAction;
use tokio::sync::{watch, Barrier};

use inventory::*;
use scan_fixtures::*;
use server::*;

/// Bounds every test: nothing here should take more than a few hundred milliseconds.
const TEST_LIMIT: Duration = Duration::from_secs(30);

// ------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------

/// Runs `f(0..n)` as `n` tasks released together by a barrier; results in order.
async fn together<T, F, Fut>(n: usize, f: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let barrier = barrier.clone();
            let read = f(i);
            tokio::spawn(async move {
                barrier.wait().await;
                read.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

async fn within<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(TEST_LIMIT, test)
        .await
        .expect("test took too long")
}

/// Every ID asked across `calls`, with how often.
fn asked(calls: &[Req]) -> HashMap<String, usize> {
    let mut count = HashMap::new();
    for c in calls {
        for id in c.ids() {
            *count.entry(id).or_insert(0) += 1;
        }
    }
    count
}
