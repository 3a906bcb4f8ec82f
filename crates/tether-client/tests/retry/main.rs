//! Retry behaviour against a local scripted endpoint: transient errors of each cloud are
//! retried exactly as often as needed, permanent ones not at all; `max_retries`, the
//! deadline and cancellation bound a call; writes keep their ClientToken.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod errors;
mod transport;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use tether_client::{
    Backoff, CallContext, CancellationToken, ClientError, Cloud, Jitter, TransportKind,
};
use tether_wire::api::alibaba_ess::AttachInstancesRequest;
use tether_wire::api::alibaba_vpc::{AssociateEipAddressRequest, DescribeEipAddressesRequest};
use tether_wire::api::tencent_vpc::{AssociateAddressRequest, DescribeAddressesRequest};
use tether_wire::api::volcengine_vpc::{AssociateHaVipRequest, DescribeHaVipsRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn describe_eips() -> DescribeEipAddressesRequest {
    DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        allocation_ids: vec!["eip-1".into()],
        ..Default::default()
    }
}
