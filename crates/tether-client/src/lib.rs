//! tether's shared cloud API client: signed HTTPS calls to Alibaba Cloud, Tencent Cloud and
//! Volcengine, built on the wire facts of [`tether_wire`].
//!
//! - [`Client`] ([`client`]): one connection-pooling HTTP client per provider configuration
//!   ([`ClientConfig`]); [`Client::call`] encodes a typed request
//!   ([`tether_wire::api::ApiAction`]), signs it (Alibaba `ACS3-HMAC-SHA256`, Tencent
//!   `TC3-HMAC-SHA256` POST JSON, Volcengine `HMAC-SHA256` GET query) with a fresh
//!   timestamp and nonce on every attempt, sends it, decodes the answer, and retries
//!   transient failures.
//!   [`Client::call_in_region`] does the same in another region than the client's.
//! - [`ClientError`] ([`error`]): the one error type, with the cloud's code, message, HTTP
//!   status and request id ([`CloudError`]); cheap to clone.
//! - [`retry`]: which failures are transient, and the backoff schedule (exponential, full
//!   jitter, 200 ms base, 10 s cap).
//! - [`token`]: ClientToken helpers (random, or derived from a seed for idempotent creates).
//! - [`waiters`]: [`waiters::poll_until`] and the three waits the resources need (EIP status,
//!   Tencent async task, ESS scaling activity).
//! - [`paginate`]: [`Client::collect_all`] follows each Describe API's paging.
//! - [`coalesce`]: the `describe_*` per-ID reads (EIPs, HaVips, scaling groups and
//!   instances, and the reads of the plan-time checks: ECS/CVM instances, ENIs, SLBs, NAT
//!   gateways, VPCs, scaling configurations), merged into batched, paged calls; each kind of
//!   read is one entry of its kind table.
//! - [`config`]: configuration and endpoint resolution; [`endpoints`]: the clouds' endpoint
//!   tables and region lists, from the official SDKs' endpoint data.
//! - `events`: the `call_event!` macro, so that every log event about a call names its cloud
//!   and action alike.
//!
//! Nothing in this crate writes the access key secret, the security token, a signature or an
//! `Authorization` value into a log line, an error message or a `Debug` string.

pub mod client;
pub mod coalesce;
pub mod config;
pub mod endpoints;
pub mod error;
mod events;
pub mod paginate;
mod random;
pub mod retry;
pub mod token;
pub mod waiters;

pub use client::{CallContext, Client};
pub use coalesce::{
    BatchStats, BatchTiming, CachedKind, CoalesceStats, RegionScan, COALESCE_GAP, COALESCE_WINDOW,
    MAX_COALESCE_GAP, MAX_COALESCE_WINDOW,
};
pub use config::{ClientConfig, DEFAULT_MAX_RETRIES, DEFAULT_REQUEST_TIMEOUT};
pub use error::{ClientError, CloudError, TransportKind};
pub use retry::{Backoff, Jitter};
pub use token::{client_token, client_token_from_seed, CLIENT_TOKEN_MAX_LEN};
pub use waiters::{poll_until, ActivityOutcome, PollSchedule, PollStep};

pub use tether_wire::cloud::Cloud;
pub use tether_wire::sign::Credentials;
pub use tokio_util::sync::CancellationToken;
