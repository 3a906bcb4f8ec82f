//! Read coalescing against a local endpoint that verifies every signature, decodes every
//! request with the wire types (so the ID and page-size limits are checked), counts the
//! calls, and answers from a small inventory with real paging (Alibaba PageNumber/PageSize,
//! Tencent Offset/Limit, Volcengine PageNumber/PageSize or NextToken), in pages as small as
//! the test wants. The endpoint can hold its answers until the test releases them.

mod common;

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
    volcengine_error, ACCESS_KEY_ID, REQUEST_ID, SECRET,
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
use tether_wire::sign::{self, alibaba_acs3, tencent_tc3, volcengine, IncomingRequest};
use tokio::sync::{watch, Barrier};

/// Bounds every test: nothing here should take more than a few hundred milliseconds.
const TEST_LIMIT: Duration = Duration::from_secs(30);

// ------------------------------------------------------------------------------------
// The endpoint
// ------------------------------------------------------------------------------------

/// One request as the endpoint saw it.
#[derive(Clone, Debug)]
struct Req {
    action: String,
    /// Query parameters without `Action` / `Version`.
    params: Vec<(String, String)>,
    body: Vec<u8>,
    signature_ok: bool,
}

impl Req {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The IDs this Describe asked for.
    fn ids(&self) -> Vec<String> {
        match self.action.as_str() {
            "DescribeEipAddresses" => DescribeEipAddressesRequest::from_params(&self.params)
                .map(|r| r.allocation_ids)
                .unwrap_or_default(),
            "DescribeAddresses" => DescribeAddressesRequest::from_json(&self.body)
                .map(|r| r.address_ids)
                .unwrap_or_default(),
            "DescribeHaVips" => DescribeHaVipsRequest::from_params(&self.params)
                .map(|r| r.ha_vip_ids)
                .unwrap_or_default(),
            "DescribeScalingGroups" => DescribeScalingGroupsRequest::from_params(&self.params)
                .map(|r| r.scaling_group_ids)
                .unwrap_or_default(),
            "DescribeScalingInstances" => {
                DescribeScalingInstancesRequest::from_params(&self.params)
                    .map(|r| r.instance_ids)
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

type Responder = Box<dyn Fn(&Req) -> (u16, String) + Send + Sync>;

struct Shared {
    cloud: Cloud,
    responder: Responder,
    log: Mutex<Vec<Req>>,
    arrived: watch::Sender<usize>,
    /// `true`: answer; `false`: hold answers until released.
    gate: watch::Sender<bool>,
    /// Requests up to this number are answered even while the gate is closed.
    free_until: AtomicUsize,
}

struct Server {
    cloud: Cloud,
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    async fn start(
        cloud: Cloud,
        responder: impl Fn(&Req) -> (u16, String) + Send + Sync + 'static,
    ) -> Server {
        let shared = Arc::new(Shared {
            cloud,
            responder: Box::new(responder),
            log: Mutex::new(Vec::new()),
            arrived: watch::channel(0).0,
            gate: watch::channel(true).0,
            free_until: AtomicUsize::new(0),
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            cloud,
            addr,
            shared,
            task,
        }
    }

    fn client(&self, max_retries: u32) -> Client {
        Client::new(
            ClientConfig::new(self.cloud, region(self.cloud), credentials(SECRET))
                .with_endpoint(format!("http://{}", self.addr))
                .with_max_retries(max_retries)
                .with_backoff(fast_backoff())
                .with_request_timeout(Duration::from_secs(10)),
        )
        .unwrap()
    }

    fn calls(&self) -> Vec<Req> {
        let log = self.shared.log.lock().unwrap().clone();
        assert!(
            log.iter().all(|r| r.signature_ok),
            "a request was badly signed"
        );
        log
    }

    fn calls_of(&self, action: &str) -> Vec<Req> {
        self.calls()
            .into_iter()
            .filter(|r| r.action == action)
            .collect()
    }

    /// Holds answers (requests are still recorded) until [`Server::release`].
    fn hold(&self) {
        self.hold_after(0);
    }

    /// Answers requests up to the `n`-th in all, and holds the later ones until
    /// [`Server::release`].
    fn hold_after(&self, n: usize) {
        self.shared.free_until.store(n, Ordering::SeqCst);
        self.shared.gate.send_replace(false);
    }

    fn release(&self) {
        self.shared.gate.send_replace(true);
    }

    /// Waits until `n` requests have arrived (answered or held).
    async fn wait_for_calls(&self, n: usize) {
        let mut rx = self.shared.arrived.subscribe();
        tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|c| *c >= n))
            .await
            .expect("requests did not arrive in time")
            .expect("server gone");
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header_pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_query = uri.query().unwrap_or("").to_string();
    let query = sign::parse_query(&raw_query).unwrap_or_default();
    let incoming = IncomingRequest {
        method: method.as_str(),
        path: uri.path(),
        raw_query: &raw_query,
        headers: &header_pairs,
        body: &body,
    };
    let lookup = |ak: &str| (ak == ACCESS_KEY_ID).then(|| SECRET.to_string());
    let signature_ok = match shared.cloud {
        Cloud::Alibaba => alibaba_acs3::verify(&incoming, lookup),
        Cloud::Tencent => tencent_tc3::verify(&incoming, lookup),
        Cloud::Volcengine => volcengine::verify(&incoming, lookup),
    }
    .map(|v| v.signature_matches)
    .unwrap_or(false);
    let find = |name: &str| {
        header_pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let action = match shared.cloud {
        Cloud::Alibaba => find("x-acs-action").unwrap_or_default(),
        Cloud::Tencent => find("x-tc-action").unwrap_or_default(),
        Cloud::Volcengine => query
            .iter()
            .find(|(n, _)| n == "Action")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    };
    let req = Req {
        action: action.clone(),
        params: query
            .into_iter()
            .filter(|(n, _)| n != "Action" && n != "Version")
            .collect(),
        body: body.to_vec(),
        signature_ok,
    };
    let total = {
        let mut log = shared.log.lock().unwrap();
        log.push(req.clone());
        log.len()
    };
    shared.arrived.send_replace(total);
    if total > shared.free_until.load(Ordering::SeqCst) {
        let mut gate = shared.gate.subscribe();
        let _ = gate.wait_for(|open| *open).await;
    }
    let (status, text) = if signature_ok {
        (shared.responder)(&req)
    } else {
        signature_error(shared.cloud, &action)
    };
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}

// ------------------------------------------------------------------------------------
// Inventories with paging
// ------------------------------------------------------------------------------------

/// An answer the test fails on: the reader gets a `TestViolation` error naming `what`.
fn violation(cloud: Cloud, action: &str, what: &str) -> (u16, String) {
    let message = format!("test violation: {what}");
    match cloud {
        Cloud::Alibaba => alibaba_error(400, "TestViolation", &message),
        Cloud::Tencent => tencent_error("TestViolation", &message),
        Cloud::Volcengine => volcengine_error(400, action, "TestViolation", None, &message),
    }
}

/// IDs must be given, unique and at most `max`.
fn check_ids(ids: &[String], max: usize) -> Result<(), String> {
    let unique: HashSet<&String> = ids.iter().collect();
    if ids.is_empty() {
        Err("no IDs asked".into())
    } else if ids.len() > max {
        Err(format!("{} IDs asked, at most {max} allowed", ids.len()))
    } else if unique.len() != ids.len() {
        Err("an ID was asked twice in one call".into())
    } else {
        Ok(())
    }
}

fn slice<T: Clone>(all: &[T], start: u64, size: u64) -> Vec<T> {
    all.iter()
        .skip(usize::try_from(start).unwrap())
        .take(usize::try_from(size).unwrap())
        .cloned()
        .collect()
}

fn name_of(id: &str) -> String {
    format!("name-of-{id}")
}

/// Alibaba DescribeEipAddresses: EIPs for which `exists` holds, pages of at most `cap`.
fn eip_inventory(
    cap: u32,
    exists: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Alibaba, &r.action, what);
        if r.action != "DescribeEipAddresses" {
            return bad("unexpected action");
        }
        let req = match DescribeEipAddressesRequest::from_params(&r.params) {
            Ok(req) => req,
            Err(e) => return bad(&e.to_string()),
        };
        if let Err(e) = check_ids(&req.allocation_ids, 50) {
            return bad(&e);
        }
        if req.page_size != Some(100) || req.region_id != "cn-hangzhou" {
            return bad("PageSize 100 and RegionId cn-hangzhou expected");
        }
        let size = cap.min(100);
        let page = req.page_number.unwrap_or(1);
        let all: Vec<EipAddress> = req
            .allocation_ids
            .iter()
            .filter(|id| exists(id))
            .map(|id| EipAddress {
                allocation_id: id.clone(),
                ip_address: "47.96.0.1".into(),
                status: "InUse".into(),
                name: name_of(id),
                ..Default::default()
            })
            .collect();
        let resp = DescribeEipAddressesResponse {
            request_id: REQUEST_ID.into(),
            total_count: all.len() as u64,
            page_number: page.into(),
            page_size: size.into(),
            eip_addresses: slice(&all, u64::from((page - 1) * size), size.into()).into(),
        };
        (
            200,
            DescribeEipAddressesRequest::encode_response(&resp, "cn-hangzhou").to_string(),
        )
    }
}

/// Tencent DescribeAddresses: Offset/Limit, pages of at most `cap`.
fn address_inventory(
    cap: u64,
    exists: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Tencent, &r.action, what);
        if r.action != "DescribeAddresses" {
            return bad("unexpected action");
        }
        let req = match DescribeAddressesRequest::from_json(&r.body) {
            Ok(req) => req,
            Err(e) => return bad(&e.to_string()),
        };
        if let Err(e) = check_ids(&req.address_ids, 100) {
            return bad(&e);
        }
        if req.limit != Some(100) {
            return bad("Limit 100 expected");
        }
        let all: Vec<Address> = req
            .address_ids
            .iter()
            .filter(|id| exists(id))
            .map(|id| Address {
                address_id: id.clone(),
                address_name: Some(name_of(id)),
                address_status: "BIND".into(),
                address_ip: "119.28.0.1".into(),
                ..Default::default()
            })
            .collect();
        let resp = DescribeAddressesResponse {
            total_count: all.len() as u64,
            address_set: slice(&all, req.offset.unwrap_or(0), cap.min(100)),
            request_id: REQUEST_ID.into(),
        };
        (
            200,
            DescribeAddressesRequest::encode_response(&resp, "ap-guangzhou").to_string(),
        )
    }
}

/// Volcengine DescribeHaVips: PageNumber/PageSize pages of at most `cap`, or (`token`)
/// answers without TotalCount that continue with NextToken.
fn havip_inventory(
    cap: u32,
    token: bool,
    exists: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Volcengine, &r.action, what);
        if r.action != "DescribeHaVips" {
            return bad("unexpected action");
        }
        let req = match DescribeHaVipsRequest::from_params(&r.params) {
            Ok(req) => req,
            Err(e) => return bad(&e.to_string()),
        };
        if let Err(e) = check_ids(&req.ha_vip_ids, 100) {
            return bad(&e);
        }
        let all: Vec<HaVip> = req
            .ha_vip_ids
            .iter()
            .filter(|id| exists(id))
            .map(|id| HaVip {
                ha_vip_id: id.clone(),
                ha_vip_name: name_of(id),
                status: "Available".into(),
                ..Default::default()
            })
            .collect();
        let resp = if token {
            let start: u64 = match req.next_token.as_deref().map(str::parse).transpose() {
                Ok(start) => start.unwrap_or(0),
                Err(_) => return bad("NextToken is not ours"),
            };
            let items = slice(&all, start, cap.into());
            let next = start + items.len() as u64;
            DescribeHaVipsResponse {
                request_id: REQUEST_ID.into(),
                ha_vips: items,
                next_token: if next < all.len() as u64 {
                    next.to_string()
                } else {
                    String::new()
                },
                ..Default::default()
            }
        } else {
            if req.page_size != Some(100) {
                return bad("PageSize 100 expected");
            }
            let size = cap.min(100);
            let page = req.page_number.unwrap_or(1);
            DescribeHaVipsResponse {
                request_id: REQUEST_ID.into(),
                ha_vips: slice(&all, u64::from((page - 1) * size), size.into()),
                total_count: all.len() as u64,
                page_number: page.into(),
                page_size: size.into(),
                next_token: String::new(),
            }
        };
        (
            200,
            DescribeHaVipsRequest::encode_response(&resp, "cn-beijing").to_string(),
        )
    }
}

/// Alibaba ESS: scaling groups (`groups`: group → its instances), pages of at most `cap`.
fn ess_inventory(
    cap: u32,
    groups: HashMap<String, Vec<String>>,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(Cloud::Alibaba, &r.action, what);
        match r.action.as_str() {
            "DescribeScalingGroups" => {
                let req = match DescribeScalingGroupsRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if let Err(e) = check_ids(&req.scaling_group_ids, 20) {
                    return bad(&e);
                }
                if req.page_size != Some(50) {
                    return bad("PageSize 50 expected");
                }
                let all: Vec<ScalingGroup> = req
                    .scaling_group_ids
                    .iter()
                    .filter(|id| groups.contains_key(*id))
                    .map(|id| ScalingGroup {
                        scaling_group_id: id.clone(),
                        scaling_group_name: name_of(id),
                        lifecycle_state: "Active".into(),
                        ..Default::default()
                    })
                    .collect();
                let size = cap.min(50);
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeScalingGroupsResponse {
                    request_id: REQUEST_ID.into(),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: size.into(),
                    scaling_groups: slice(&all, u64::from((page - 1) * size), size.into()).into(),
                };
                (
                    200,
                    DescribeScalingGroupsRequest::encode_response(&resp, "cn-hangzhou").to_string(),
                )
            }
            "DescribeScalingInstances" => {
                let req = match DescribeScalingInstancesRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if let Err(e) = check_ids(&req.instance_ids, 20) {
                    return bad(&e);
                }
                if req.page_size != Some(50) {
                    return bad("PageSize 50 expected");
                }
                let Some(group) = req.scaling_group_id.as_deref() else {
                    return bad("no ScalingGroupId");
                };
                let Some(members) = groups.get(group) else {
                    return alibaba_error(
                        404,
                        "InvalidScalingGroupId.NotFound",
                        "The specified scaling group does not exist.",
                    );
                };
                let all: Vec<ScalingInstance> = req
                    .instance_ids
                    .iter()
                    .filter(|id| members.contains(id))
                    .map(|id| ScalingInstance {
                        instance_id: id.clone(),
                        scaling_group_id: group.to_string(),
                        lifecycle_state: "InService".into(),
                        ..Default::default()
                    })
                    .collect();
                let size = cap.min(50);
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeScalingInstancesResponse {
                    request_id: REQUEST_ID.into(),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: size.into(),
                    scaling_instances: slice(&all, u64::from((page - 1) * size), size.into())
                        .into(),
                    ..Default::default()
                };
                (
                    200,
                    DescribeScalingInstancesRequest::encode_response(&resp, "cn-hangzhou")
                        .to_string(),
                )
            }
            _ => bad("unexpected action"),
        }
    }
}

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

// ------------------------------------------------------------------------------------
// Tests
// ------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eip_reads_of_120_ids_take_at_most_five_calls() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        let results = together(120, |i| {
            let client = client.clone();
            async move {
                let id = format!("eip-{i:03}");
                let got = client.describe_eip(&id, &CallContext::new()).await;
                (id, got)
            }
        })
        .await;
        for (id, got) in &results {
            let eip = got.as_ref().unwrap().as_ref().expect("found");
            assert_eq!(&eip.allocation_id, id);
            assert_eq!(eip.name, name_of(id), "each reader gets its own item");
        }
        let calls = server.calls_of("DescribeEipAddresses");
        eprintln!("120 EIP reads: {} DescribeEipAddresses calls", calls.len());
        assert!(
            calls.len() <= 120usize.div_ceil(50) + 2,
            "{} calls",
            calls.len()
        );
        let asked = asked(&calls);
        assert_eq!(asked.len(), 120);
        assert!(asked.values().all(|n| *n == 1), "an ID was asked twice");
        let stats = client.coalesce_stats().eip;
        assert_eq!(stats.reads, 120);
        assert_eq!(stats.ids, 120);
        assert_eq!(stats.calls, calls.len() as u64);
        assert_eq!(stats.fallbacks, 0);
    })
    .await;
}

#[tokio::test]
async fn tencent_addresses_found_and_missing_in_one_call() {
    within(async {
        let server = Server::start(
            Cloud::Tencent,
            address_inventory(100, |id| !id.ends_with('7')),
        )
        .await;
        let client = server.client(0);
        let results = together(40, |i| {
            let client = client.clone();
            async move {
                let id = format!("eip-{i:02}");
                let got = client.describe_address(&id, &CallContext::new()).await;
                (id, got)
            }
        })
        .await;
        for (id, got) in results {
            let got = got.unwrap();
            if id.ends_with('7') {
                assert_eq!(got, None, "{id} is missing");
            } else {
                let address = got.expect("found");
                assert_eq!(address.address_id, id);
                assert_eq!(address.address_name, Some(name_of(&id)));
            }
        }
        let calls = server.calls_of("DescribeAddresses");
        eprintln!("40 Tencent reads (4 missing): {} calls", calls.len());
        assert_eq!(calls.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn failing_batch_gives_every_reader_the_error() {
    within(async {
        let server = Server::start(Cloud::Alibaba, |_: &Req| {
            alibaba_error(
                403,
                "Forbidden.RAM",
                "User not authorized to operate on the specified resource.",
            )
        })
        .await;
        let client = server.client(3);
        let results = together(10, |i| {
            let client = client.clone();
            async move {
                client
                    .describe_eip(&format!("eip-{i}"), &CallContext::new())
                    .await
            }
        })
        .await;
        for got in results {
            let err = got.unwrap_err();
            let cloud = err.cloud_error().expect("a cloud error");
            assert_eq!(cloud.code, "Forbidden.RAM");
            assert_eq!(
                cloud.message,
                "User not authorized to operate on the specified resource."
            );
            assert_eq!(cloud.http_status, 403);
            assert_eq!(err.request_id(), Some(REQUEST_ID));
            assert_eq!(cloud.action, "DescribeEipAddresses");
        }
        let calls = server.calls();
        eprintln!("10 reads, permanent error: {} calls", calls.len());
        assert_eq!(calls.len(), 1, "a permanent error is not retried");
    })
    .await;
}

#[tokio::test]
async fn throttled_batch_is_retried_as_one_call() {
    within(async {
        let answered = Arc::new(Mutex::new(0usize));
        let counter = answered.clone();
        let inventory = eip_inventory(100, |_| true);
        let server = Server::start(Cloud::Alibaba, move |r: &Req| {
            let mut n = counter.lock().unwrap();
            *n += 1;
            if *n <= 2 {
                alibaba_error(
                    400,
                    "Throttling.User",
                    "Request was denied due to user flow control.",
                )
            } else {
                inventory(r)
            }
        })
        .await;
        let client = server.client(8);
        let results = together(30, |i| {
            let client = client.clone();
            async move {
                client
                    .describe_eip(&format!("eip-{i}"), &CallContext::new())
                    .await
            }
        })
        .await;
        assert!(results.iter().all(|r| matches!(r, Ok(Some(_)))));
        let calls = server.calls();
        eprintln!("30 reads, throttled twice: {} HTTP requests", calls.len());
        assert_eq!(calls.len(), 3, "one batch, two retries");
        assert!(calls.iter().all(|c| c.ids().len() == 30));
        assert_eq!(client.coalesce_stats().eip.calls, 1);
    })
    .await;
}

#[tokio::test]
async fn not_found_falls_back_to_per_id_calls() {
    within(async {
        let inventory = eip_inventory(100, |id| id != "eip-gone");
        let server = Server::start(Cloud::Alibaba, move |r: &Req| {
            if r.ids().iter().any(|id| id == "eip-gone") {
                alibaba_error(
                    400,
                    "InvalidAllocationId.NotFound",
                    "Specified allocation ID is not found",
                )
            } else {
                inventory(r)
            }
        })
        .await;
        let client = server.client(0);
        let ids = ["eip-1", "eip-gone", "eip-2", "eip-3", "eip-4", "eip-5"];
        let results = together(ids.len(), |i| {
            let client = client.clone();
            async move { client.describe_eip(ids[i], &CallContext::new()).await }
        })
        .await;
        for (id, got) in ids.iter().zip(results) {
            let got = got.unwrap();
            if *id == "eip-gone" {
                assert_eq!(got, None);
            } else {
                assert_eq!(got.expect("found").allocation_id, *id);
            }
        }
        let calls = server.calls();
        eprintln!("6 reads, one unknown: {} calls", calls.len());
        assert_eq!(
            calls.len(),
            1 + ids.len(),
            "one batch, then one call per ID"
        );
        assert_eq!(calls[0].ids().len(), ids.len());
        assert!(calls[1..].iter().all(|c| c.ids().len() == 1));
        assert_eq!(client.coalesce_stats().eip.fallbacks, 1);
        // Asked alone, the unknown ID is simply absent.
        let alone = client
            .describe_eip("eip-gone", &CallContext::new())
            .await
            .unwrap();
        assert_eq!(alone, None);
        assert_eq!(server.calls().len(), 2 + ids.len());
    })
    .await;
}

#[tokio::test]
async fn small_pages_lose_nothing() {
    within(async {
        // Alibaba: 50 IDs, 3 unknown, pages of 7.
        let server = Server::start(Cloud::Alibaba, eip_inventory(7, |id| !id.ends_with("x"))).await;
        let client = server.client(0);
        let results = together(50, |i| {
            let client = client.clone();
            async move {
                let id = if i % 17 == 3 {
                    format!("eip-{i}x")
                } else {
                    format!("eip-{i}")
                };
                let got = client.describe_eip(&id, &CallContext::new()).await;
                (id, got)
            }
        })
        .await;
        for (id, got) in results {
            match got.unwrap() {
                Some(eip) => assert_eq!(eip.allocation_id, id),
                None => assert!(id.ends_with('x'), "{id} lost"),
            }
        }
        let pages = server.calls().len();
        eprintln!("Alibaba, 50 reads, pages of 7: {pages} calls");
        assert_eq!(pages, 47usize.div_ceil(7));

        // Tencent: 100 IDs, pages of 9 (Offset/Limit).
        let server = Server::start(Cloud::Tencent, address_inventory(9, |_| true)).await;
        let client = server.client(0);
        let results = together(100, |i| {
            let client = client.clone();
            async move {
                let id = format!("eip-{i}");
                (
                    id.clone(),
                    client.describe_address(&id, &CallContext::new()).await,
                )
            }
        })
        .await;
        for (id, got) in results {
            assert_eq!(got.unwrap().expect("found").address_id, id);
        }
        let pages = server.calls().len();
        eprintln!("Tencent, 100 reads, pages of 9: {pages} calls");
        assert_eq!(pages, 100usize.div_ceil(9));

        // Volcengine: PageNumber pages of 6, then NextToken pages of 8.
        for (token, cap) in [(false, 6u32), (true, 8)] {
            let server = Server::start(
                Cloud::Volcengine,
                havip_inventory(cap, token, |id| !id.ends_with('9')),
            )
            .await;
            let client = server.client(0);
            let results = together(60, |i| {
                let client = client.clone();
                async move {
                    let id = format!("havip-{i}");
                    (
                        id.clone(),
                        client.describe_havip(&id, &CallContext::new()).await,
                    )
                }
            })
            .await;
            for (id, got) in results {
                match got.unwrap() {
                    Some(havip) => {
                        assert_eq!(havip.ha_vip_id, id);
                        assert_eq!(havip.ha_vip_name, name_of(&id));
                    }
                    None => assert!(id.ends_with('9'), "{id} lost"),
                }
            }
            let pages = server.calls().len();
            eprintln!(
                "Volcengine (token paging: {token}), 60 reads, pages of {cap}: {pages} calls"
            );
            assert_eq!(pages, 54usize.div_ceil(cap as usize));
        }
    })
    .await;
}

#[tokio::test]
async fn cancelled_or_timed_out_reader_returns_while_others_get_answers() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        server.hold();
        let client = server.client(0);
        let spawn_read = |id: &'static str, ctx: CallContext| {
            let client = client.clone();
            tokio::spawn(async move { client.describe_eip(id, &ctx).await })
        };
        let cancel = CancellationToken::new();
        let a = spawn_read("eip-a", CallContext::new().with_cancel(cancel.clone()));
        let d = spawn_read(
            "eip-d",
            CallContext::new().with_timeout(Duration::from_millis(150)),
        );
        let b = spawn_read(
            "eip-b",
            CallContext::new().with_timeout(Duration::from_secs(20)),
        );
        let c = spawn_read("eip-c", CallContext::new());
        // The batch is in flight, its answer held.
        server.wait_for_calls(1).await;
        cancel.cancel();
        let a = tokio::time::timeout(Duration::from_secs(2), a)
            .await
            .expect("the cancelled reader returned promptly")
            .unwrap();
        assert!(a.unwrap_err().is_cancelled());
        let d = tokio::time::timeout(Duration::from_secs(5), d)
            .await
            .expect("the reader with a short deadline returned")
            .unwrap();
        let err = d.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert!(!b.is_finished() && !c.is_finished());
        server.release();
        assert_eq!(
            b.await.unwrap().unwrap().expect("found").allocation_id,
            "eip-b"
        );
        assert_eq!(
            c.await.unwrap().unwrap().expect("found").allocation_id,
            "eip-c"
        );
        let calls = server.calls();
        eprintln!("4 reads, 2 left early: {} calls", calls.len());
        assert_eq!(
            calls.len(),
            1,
            "the batch was neither cancelled nor repeated"
        );
        assert_eq!(calls[0].ids().len(), 4);
    })
    .await;
}

#[tokio::test]
async fn readers_that_all_left_cost_no_call() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        let cancel = CancellationToken::new();
        let old: Vec<_> = (0..3)
            .map(|i| {
                let client = client.clone();
                let ctx = CallContext::new().with_cancel(cancel.clone());
                tokio::spawn(
                    async move { client.describe_eip(&format!("eip-old-{i}"), &ctx).await },
                )
            })
            .collect();
        // Let the three reads join the open batch.
        for _ in 0..1000 {
            if client.coalesce_stats().eip.reads == 3 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(client.coalesce_stats().eip.reads, 3);
        cancel.cancel();
        for read in old {
            assert!(read.await.unwrap().unwrap_err().is_cancelled());
        }
        let eip = client
            .describe_eip("eip-new", &CallContext::new())
            .await
            .unwrap()
            .expect("found");
        assert_eq!(eip.allocation_id, "eip-new");
        let calls = server.calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].ids(), vec!["eip-new".to_string()]);
        assert_eq!(client.coalesce_stats().eip.batches, 1);
        // Already cancelled, or deadline already passed: no waiting at all.
        let gone = CancellationToken::new();
        gone.cancel();
        let err = client
            .describe_eip("eip-1", &CallContext::new().with_cancel(gone))
            .await
            .unwrap_err();
        assert!(err.is_cancelled());
        let err = client
            .describe_eip(
                "eip-1",
                &CallContext::new().with_deadline(std::time::Instant::now()),
            )
            .await
            .unwrap_err();
        assert!(err.is_timeout());
        assert_eq!(server.calls().len(), 1);
        assert!(COALESCE_WINDOW <= Duration::from_millis(10));
    })
    .await;
}

#[tokio::test]
async fn duplicate_ids_are_asked_once() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        let results = together(15, |i| {
            let client = client.clone();
            async move {
                let id = if i < 10 { "eip-dup" } else { "eip-other" };
                (id, client.describe_eip(id, &CallContext::new()).await)
            }
        })
        .await;
        for (id, got) in results {
            assert_eq!(got.unwrap().expect("found").allocation_id, id);
        }
        let calls = server.calls();
        eprintln!("15 reads of 2 IDs: {} calls", calls.len());
        assert_eq!(calls.len(), 1);
        let mut ids = calls[0].ids();
        ids.sort();
        assert_eq!(ids, vec!["eip-dup".to_string(), "eip-other".to_string()]);
        let stats = client.coalesce_stats().eip;
        assert_eq!((stats.reads, stats.ids), (15, 2));
    })
    .await;
}

#[tokio::test]
async fn scaling_instances_are_batched_per_group() {
    within(async {
        let groups: HashMap<String, Vec<String>> = ["asg-a", "asg-b"]
            .iter()
            .map(|g| {
                let members = (0..30).map(|i| format!("i-{g}-{i}")).collect();
                (g.to_string(), members)
            })
            .collect();
        let server = Server::start(Cloud::Alibaba, ess_inventory(50, groups)).await;
        let client = server.client(0);
        // 30 members of each group, 2 strangers, and 3 reads in a group that does not exist.
        let mut reads: Vec<(String, String, bool)> = Vec::new();
        for g in ["asg-a", "asg-b"] {
            for i in 0..30 {
                reads.push((g.into(), format!("i-{g}-{i}"), true));
            }
            reads.push((g.into(), format!("i-stranger-{g}"), false));
        }
        for i in 0..3 {
            reads.push(("asg-gone".into(), format!("i-asg-gone-{i}"), false));
        }
        let reads = Arc::new(reads);
        let all = reads.clone();
        let results = together(reads.len(), move |i| {
            let client = client.clone();
            let all = all.clone();
            async move {
                let (group, instance, _) = &all[i];
                client
                    .describe_scaling_instance(group, instance, &CallContext::new())
                    .await
            }
        })
        .await;
        for ((group, instance, member), got) in reads.iter().zip(results) {
            let got = got.unwrap();
            if *member {
                let found = got.expect("found");
                assert_eq!(&found.instance_id, instance);
                assert_eq!(&found.scaling_group_id, group);
            } else {
                assert_eq!(got, None, "{group}/{instance}");
            }
        }
        let calls = server.calls_of("DescribeScalingInstances");
        for g in ["asg-a", "asg-b", "asg-gone"] {
            let of_group: Vec<&Req> = calls
                .iter()
                .filter(|c| c.param("ScalingGroupId") == Some(g))
                .collect();
            eprintln!(
                "group {g}: {} DescribeScalingInstances calls",
                of_group.len()
            );
            let expected_ids = if g == "asg-gone" { 3 } else { 31 };
            assert!(of_group.len() <= usize::div_ceil(expected_ids, 20) + 2);
            let ids: usize = of_group.iter().map(|c| c.ids().len()).sum();
            assert_eq!(ids, expected_ids, "each instance of {g} asked once");
        }
        assert!(calls.iter().all(|c| c.ids().len() <= 20));
    })
    .await;
}

#[tokio::test]
async fn scaling_groups_are_batched() {
    within(async {
        let groups: HashMap<String, Vec<String>> =
            (0..25).map(|i| (format!("asg-{i}"), Vec::new())).collect();
        let server = Server::start(Cloud::Alibaba, ess_inventory(50, groups)).await;
        let client = server.client(0);
        let results = together(27, |i| {
            let client = client.clone();
            async move {
                let id = format!("asg-{i}");
                (
                    id.clone(),
                    client
                        .describe_scaling_group(&id, &CallContext::new())
                        .await,
                )
            }
        })
        .await;
        for (id, got) in results {
            let got = got.unwrap();
            if id == "asg-25" || id == "asg-26" {
                assert_eq!(got, None);
            } else {
                let group = got.expect("found");
                assert_eq!(group.scaling_group_id, id);
                assert_eq!(group.scaling_group_name, name_of(&id));
            }
        }
        let calls = server.calls_of("DescribeScalingGroups");
        eprintln!("27 scaling group reads: {} calls", calls.len());
        assert!(calls.len() <= 27usize.div_ceil(20) + 2);
        assert!(calls.iter().all(|c| c.ids().len() <= 20));
    })
    .await;
}

#[tokio::test]
async fn misuse_is_rejected_without_a_call() {
    within(async {
        let server = Server::start(Cloud::Alibaba, eip_inventory(100, |_| true)).await;
        let client = server.client(0);
        for bad in ["", "eip-1,eip-2"] {
            let err = client
                .describe_eip(bad, &CallContext::new())
                .await
                .unwrap_err();
            assert!(matches!(err, ClientError::Config(_)), "{err:?}");
        }
        let err = client
            .describe_address("eip-1", &CallContext::new())
            .await
            .unwrap_err();
        assert!(matches!(err, ClientError::Config(_)), "{err:?}");
        let err = client
            .describe_scaling_instance("", "i-1", &CallContext::new())
            .await
            .unwrap_err();
        assert!(matches!(err, ClientError::Config(_)), "{err:?}");
        assert_eq!(server.calls().len(), 0);
    })
    .await;
}

#[tokio::test]
async fn transport_failure_reaches_every_reader_with_the_same_text() {
    within(async {
        // A port nobody listens on: connection refused.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let client = Client::new(
            ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", credentials(SECRET))
                .with_endpoint(format!("http://{addr}"))
                .with_max_retries(0)
                .with_request_timeout(Duration::from_secs(5)),
        )
        .unwrap();
        let results = together(5, |i| {
            let client = client.clone();
            async move {
                client
                    .describe_eip(&format!("eip-{i}"), &CallContext::new())
                    .await
            }
        })
        .await;
        let errors: Vec<ClientError> = results.into_iter().map(|r| r.unwrap_err()).collect();
        let text = errors[0].to_string();
        assert!(
            text.starts_with("alibaba DescribeEipAddresses failed: transport error"),
            "{text}"
        );
        assert!(errors.iter().all(|e| e.to_string() == text));
        let originals = errors
            .iter()
            .filter(|e| matches!(e, ClientError::Transport { .. }))
            .count();
        assert_eq!(
            originals, 1,
            "one reader gets the error itself, the others copies"
        );
        assert_eq!(client.coalesce_stats().eip.batches, 1);
    })
    .await;
}

// ------------------------------------------------------------------------------------
// Region scans
// ------------------------------------------------------------------------------------

/// A region's items (ID, name) in listing order, shared with the test so it can change
/// them behind the client's back.
type Region = Arc<Mutex<Vec<(String, String)>>>;

fn region_of(prefix: &str, n: usize) -> Region {
    Arc::new(Mutex::new(
        (0..n)
            .map(|i| {
                let id = format!("{prefix}-{i:04}");
                let name = name_of(&id);
                (id, name)
            })
            .collect(),
    ))
}

/// Whether a region item is bound: the test names free items `free-…`.
fn bound(id: &str) -> bool {
    !id.starts_with("free-")
}

/// The region's items asked for, with whether each is bound: the asked IDs present, or,
/// without IDs, those whose binding `wanted` accepts (`None`: every item).
fn listed(region: &Region, ids: &[String], wanted: Option<bool>) -> Vec<(String, String, bool)> {
    let all = region.lock().unwrap();
    if ids.is_empty() {
        return all
            .iter()
            .filter(|(id, _)| wanted.is_none_or(|w| w == bound(id)))
            .map(|(id, name)| (id.clone(), name.clone(), bound(id)))
            .collect();
    }
    let by_id: HashMap<&String, &String> = all.iter().map(|(id, name)| (id, name)).collect();
    ids.iter()
        .filter_map(|id| {
            by_id
                .get(id)
                .map(|name| (id.clone(), (*name).clone(), bound(id)))
        })
        .collect()
}

/// The binding a status filter asks for: `Some(true)` for the bound statuses only,
/// `Some(false)` for the free ones only, `None` without a filter.
fn wanted(statuses: &[&str], bound_statuses: &[&str]) -> Option<bool> {
    if statuses.is_empty() {
        None
    } else if statuses.iter().all(|s| bound_statuses.contains(s)) {
        Some(true)
    } else {
        Some(false)
    }
}

/// DescribeEipAddresses / DescribeAddresses / DescribeHaVips over `region`, with or
/// without an ID filter, in full pages of 100.
fn region_inventory(
    cloud: Cloud,
    region: Region,
) -> impl Fn(&Req) -> (u16, String) + Send + Sync + 'static {
    move |r| {
        let bad = |what: &str| violation(cloud, &r.action, what);
        match (cloud, r.action.as_str()) {
            (Cloud::Alibaba, "DescribeEipAddresses") => {
                let req = match DescribeEipAddressesRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if req.allocation_ids.len() > 50 || req.page_size != Some(100) {
                    return bad("at most 50 IDs and PageSize 100 expected");
                }
                let statuses: Vec<&str> = req.status.as_deref().into_iter().collect();
                let all: Vec<EipAddress> =
                    listed(&region, &req.allocation_ids, wanted(&statuses, &["InUse"]))
                        .into_iter()
                        .map(|(id, name, bound)| EipAddress {
                            allocation_id: id,
                            ip_address: "47.96.0.1".into(),
                            status: if bound { "InUse" } else { "Available" }.into(),
                            name,
                            ..Default::default()
                        })
                        .collect();
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeEipAddressesResponse {
                    request_id: REQUEST_ID.into(),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: 100,
                    eip_addresses: slice(&all, u64::from(page - 1) * 100, 100).into(),
                };
                (
                    200,
                    DescribeEipAddressesRequest::encode_response(&resp, "cn-hangzhou").to_string(),
                )
            }
            (Cloud::Tencent, "DescribeAddresses") => {
                let req = match DescribeAddressesRequest::from_json(&r.body) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if req.address_ids.len() > 100 || req.limit != Some(100) {
                    return bad("at most 100 IDs and Limit 100 expected");
                }
                let statuses: Vec<&str> = req
                    .filters
                    .iter()
                    .filter(|f| f.name == "address-status")
                    .flat_map(|f| f.values.iter().map(String::as_str))
                    .collect();
                let all: Vec<Address> = listed(
                    &region,
                    &req.address_ids,
                    wanted(&statuses, &["BIND", "BIND_ENI"]),
                )
                .into_iter()
                .map(|(id, name, bound)| Address {
                    address_id: id,
                    address_name: Some(name),
                    address_status: if bound { "BIND" } else { "UNBIND" }.into(),
                    address_ip: "119.28.0.1".into(),
                    ..Default::default()
                })
                .collect();
                let resp = DescribeAddressesResponse {
                    total_count: all.len() as u64,
                    address_set: slice(&all, req.offset.unwrap_or(0), 100),
                    request_id: REQUEST_ID.into(),
                };
                (
                    200,
                    DescribeAddressesRequest::encode_response(&resp, "ap-guangzhou").to_string(),
                )
            }
            (Cloud::Volcengine, "DescribeHaVips") => {
                let req = match DescribeHaVipsRequest::from_params(&r.params) {
                    Ok(req) => req,
                    Err(e) => return bad(&e.to_string()),
                };
                if req.ha_vip_ids.len() > 100 || req.page_size != Some(100) {
                    return bad("at most 100 IDs and PageSize 100 expected");
                }
                let statuses: Vec<&str> = req.status.as_deref().into_iter().collect();
                let all: Vec<HaVip> =
                    listed(&region, &req.ha_vip_ids, wanted(&statuses, &["InUse"]))
                        .into_iter()
                        .map(|(id, name, bound)| HaVip {
                            ha_vip_id: id,
                            ha_vip_name: name,
                            status: if bound { "InUse" } else { "Available" }.into(),
                            ..Default::default()
                        })
                        .collect();
                let page = req.page_number.unwrap_or(1);
                let resp = DescribeHaVipsResponse {
                    request_id: REQUEST_ID.into(),
                    ha_vips: slice(&all, u64::from(page - 1) * 100, 100),
                    total_count: all.len() as u64,
                    page_number: page.into(),
                    page_size: 100,
                    next_token: String::new(),
                };
                (
                    200,
                    DescribeHaVipsRequest::encode_response(&resp, "cn-beijing").to_string(),
                )
            }
            _ => bad("unexpected action"),
        }
    }
}

/// One read of `id` of the kind of `cloud`: `Some(name)` when found.
async fn read_name(client: &Client, id: &str) -> Result<Option<String>, ClientError> {
    let ctx = CallContext::new();
    Ok(match client.cloud() {
        Cloud::Alibaba => client.describe_eip(id, &ctx).await?.map(|e| e.name),
        Cloud::Tencent => client
            .describe_address(id, &ctx)
            .await?
            .and_then(|a| a.address_name),
        Cloud::Volcengine => client
            .describe_havip(id, &ctx)
            .await?
            .map(|h| h.ha_vip_name),
    })
}

fn stats_of(client: &Client) -> tether_client::BatchStats {
    let stats = client.coalesce_stats();
    match client.cloud() {
        Cloud::Alibaba => stats.eip,
        Cloud::Tencent => stats.address,
        Cloud::Volcengine => stats.havip,
    }
}

/// Reads `ids` like Terraform with parallelism 10: waves of 10 concurrent reads, each
/// wave after the previous one ended. Returns each ID with its name.
async fn waves_of_ten(client: &Client, ids: &[String]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::with_capacity(ids.len());
    for wave in ids.chunks(10) {
        let wave = Arc::new(wave.to_vec());
        let results = together(wave.len(), |i| {
            let client = client.clone();
            let wave = wave.clone();
            async move {
                let id = wave[i].clone();
                let got = read_name(&client, &id).await.unwrap();
                (id, got)
            }
        })
        .await;
        out.extend(results);
    }
    out
}

fn ids_of(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}-{i:04}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn region_scan_serves_a_refresh_of_200_in_waves_of_ten() {
    within(async {
        for (cloud, prefix) in [
            (Cloud::Alibaba, "eip"),
            (Cloud::Tencent, "eip"),
            (Cloud::Volcengine, "havip"),
        ] {
            let region = region_of(prefix, 200);
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            let ids = ids_of(prefix, 0..200);
            for (id, name) in waves_of_ten(&client, &ids).await {
                assert_eq!(name, Some(name_of(&id)), "{cloud}: {id}");
            }
            let calls = server.calls().len();
            let stats = stats_of(&client);
            eprintln!("{cloud}: 200 reads in waves of 10: {calls} Describe calls, {stats:?}");
            assert!(calls <= 200usize.div_ceil(50) + 2, "{cloud}: {calls} calls");
            assert_eq!(stats.calls, calls as u64);
            assert_eq!((stats.scans, stats.scan_pages), (1, 2), "{cloud}");
            assert_eq!(stats.reads, 200);
            assert!(stats.snapshot_hits >= 170, "{cloud}: {stats:?}");

            // An ID missing from the listing of bound items may exist unbound: it is asked.
            let missing = format!("{prefix}-missing");
            assert_eq!(read_name(&client, &missing).await.unwrap(), None);
            let asked = server.calls().len() - calls;
            assert_eq!(asked, 1, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_pages_after_the_first_are_asked_at_once() {
    within(async {
        for (cloud, prefix) in [
            (Cloud::Alibaba, "eip"),
            (Cloud::Tencent, "eip"),
            (Cloud::Volcengine, "havip"),
        ] {
            // 500 bound items: the scan's first page says 5 pages; the other 4 go together.
            let region = region_of(prefix, 500);
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            waves_of_ten(&client, &ids_of(prefix, 0..20)).await;
            assert_eq!(server.calls().len(), 2, "{cloud}: two warm-up batches");
            // Answer the scan's first page, hold everything after it.
            server.hold_after(3);
            let third = tokio::spawn({
                let client = client.clone();
                async move { waves_of_ten(&client, &ids_of(prefix, 20..30)).await }
            });
            // All four later pages arrive while none of them is answered.
            server.wait_for_calls(3 + 4).await;
            server.release();
            for (id, name) in third.await.unwrap() {
                assert_eq!(name, Some(name_of(&id)), "{cloud}: {id}");
            }
            let later: Vec<Req> = server.calls()[3..].to_vec();
            assert_eq!(later.len(), 4, "{cloud}");
            assert!(
                later.iter().all(|r| r.ids().is_empty()),
                "{cloud}: listing pages"
            );
            let stats = stats_of(&client);
            assert_eq!(
                (stats.scans, stats.scan_pages),
                (1, 5),
                "{cloud}: {stats:?}"
            );
            // Every item was listed once: the rest of the refresh costs nothing.
            waves_of_ten(&client, &ids_of(prefix, 30..500)).await;
            assert_eq!(server.calls().len(), 7, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_a_listing_would_not_answer_never_start_a_scan() {
    within(async {
        for (cloud, prefix, kind) in [
            (Cloud::Alibaba, "eip", CachedKind::Eip),
            (Cloud::Tencent, "eip", CachedKind::Address),
            (Cloud::Volcengine, "havip", CachedKind::HaVip),
        ] {
            let region = region_of(prefix, 100);
            region
                .lock()
                .unwrap()
                .extend((0..100).map(|i| (format!("free-{i:04}"), format!("free {i}"))));
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            // An apply's checks: free items, read often.
            waves_of_ten(&client, &ids_of("free", 0..60)).await;
            // An apply's waits: each bound item read right after a write through the client.
            let written = ids_of(prefix, 0..60);
            for id in &written {
                client.forget_cached(kind, id);
            }
            for (id, name) in waves_of_ten(&client, &written).await {
                assert_eq!(name, Some(name_of(&id)), "{cloud}");
            }
            let stats = stats_of(&client);
            assert_eq!(stats.scans, 0, "{cloud}: {stats:?}");
            assert!(
                server.calls().iter().all(|c| !c.ids().is_empty()),
                "{cloud}: ID batches only"
            );
            // A refresh (bound items, not just written) does.
            waves_of_ten(&client, &ids_of(prefix, 60..100)).await;
            assert_eq!(stats_of(&client).scans, 1, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn free_items_of_the_region_cost_no_scan_page() {
    within(async {
        for (cloud, prefix) in [
            (Cloud::Alibaba, "eip"),
            (Cloud::Tencent, "eip"),
            (Cloud::Volcengine, "havip"),
        ] {
            // 200 bound items among 1,000 free ones: an unfiltered listing would take 12
            // pages, the listing of bound items 2.
            let region = region_of(prefix, 200);
            region
                .lock()
                .unwrap()
                .extend((0..1000).map(|i| (format!("free-{i:04}"), format!("free {i}"))));
            let server = Server::start(cloud, region_inventory(cloud, region)).await;
            let client = server.client(0);
            let ids = ids_of(prefix, 0..200);
            for (id, name) in waves_of_ten(&client, &ids).await {
                assert_eq!(name, Some(name_of(&id)), "{cloud}: {id}");
            }
            let stats = stats_of(&client);
            assert_eq!(
                (stats.scans, stats.scan_pages),
                (1, 2),
                "{cloud}: {stats:?}"
            );
            assert!(server.calls().len() <= 200usize.div_ceil(50) + 2, "{cloud}");
            // A free item is not in the snapshot, yet it exists: asked by ID, found.
            let before = server.calls().len();
            assert_eq!(
                read_name(&client, "free-0007").await.unwrap(),
                Some("free 7".into()),
                "{cloud}"
            );
            assert_eq!(server.calls().len(), before + 1, "{cloud}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgotten_ids_are_read_from_the_cloud() {
    within(async {
        let region = region_of("eip", 200);
        let server = Server::start(
            Cloud::Alibaba,
            region_inventory(Cloud::Alibaba, region.clone()),
        )
        .await;
        let client = server.client(0);
        let rename = |id: &str, name: &str| {
            let mut all = region.lock().unwrap();
            let item = all.iter_mut().find(|(i, _)| i == id).unwrap();
            item.1 = name.to_string();
        };
        // Two waves of ID batches; the third lists the region, its first page held.
        waves_of_ten(&client, &ids_of("eip", 0..20)).await;
        server.hold();
        let third = tokio::spawn({
            let client = client.clone();
            async move { waves_of_ten(&client, &ids_of("eip", 20..30)).await }
        });
        server.wait_for_calls(3).await;
        assert_eq!(stats_of(&client).scans, 1);
        // A write while the scan runs: the snapshot it makes must not serve that ID.
        rename("eip-0150", "renamed-during-scan");
        client.forget_cached(CachedKind::Eip, "eip-0150");
        server.release();
        for (id, name) in third.await.unwrap() {
            assert_eq!(name, Some(name_of(&id)));
        }
        let before = server.calls().len();
        assert_eq!(before, 4, "2 batches, 2 scan pages");

        // From the snapshot: no call, and (not forgotten) the old name.
        rename("eip-0100", "renamed");
        assert_eq!(
            read_name(&client, "eip-0100").await.unwrap(),
            Some(name_of("eip-0100"))
        );
        assert_eq!(server.calls().len(), before);

        // Forgotten (after a write through this client): asked, fresh answer.
        client.forget_cached(CachedKind::Eip, "eip-0100");
        assert_eq!(
            read_name(&client, "eip-0100").await.unwrap(),
            Some("renamed".into())
        );
        assert_eq!(
            read_name(&client, "eip-0150").await.unwrap(),
            Some("renamed-during-scan".into())
        );
        // Created after the scan: absent from the snapshot, so asked by ID.
        region
            .lock()
            .unwrap()
            .push(("eip-new".into(), "new".into()));
        assert_eq!(
            read_name(&client, "eip-new").await.unwrap(),
            Some("new".into())
        );
        let calls = server.calls();
        assert_eq!(calls.len(), before + 3);
        let asked: Vec<Vec<String>> = calls[before..].iter().map(Req::ids).collect();
        assert_eq!(
            asked,
            vec![
                vec!["eip-0100".to_string()],
                vec!["eip-0150".to_string()],
                vec!["eip-new".to_string()]
            ]
        );
        // Other IDs are still served from the snapshot.
        assert_eq!(
            read_name(&client, "eip-0199").await.unwrap(),
            Some(name_of("eip-0199"))
        );
        assert_eq!(server.calls().len(), before + 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_expires() {
    within(async {
        let region = region_of("havip", 150);
        let server = Server::start(
            Cloud::Volcengine,
            region_inventory(Cloud::Volcengine, region.clone()),
        )
        .await;
        let client = server.client(0);
        let ttl = Duration::from_millis(300);
        client.set_region_scan(RegionScan {
            ttl,
            ..RegionScan::default()
        });
        waves_of_ten(&client, &ids_of("havip", 0..30)).await;
        let after_scan = server.calls().len();
        assert_eq!(after_scan, 4, "2 batches, 2 scan pages");
        region.lock().unwrap()[120].1 = "changed".into();
        assert_eq!(
            read_name(&client, "havip-0120").await.unwrap(),
            Some(name_of("havip-0120"))
        );
        assert_eq!(
            server.calls().len(),
            after_scan,
            "answered from the snapshot"
        );
        tokio::time::sleep(ttl + Duration::from_millis(50)).await;
        // Expired; still read often, so the next batch lists the region again.
        assert_eq!(
            read_name(&client, "havip-0120").await.unwrap(),
            Some("changed".into())
        );
        let stats = stats_of(&client);
        assert_eq!((stats.scans, stats.scan_pages), (2, 4));
        assert_eq!(server.calls().len(), after_scan + 2);

        // Scanning off: every read is a batch.
        client.set_region_scan(RegionScan {
            enabled: false,
            ..RegionScan::default()
        });
        waves_of_ten(&client, &ids_of("havip", 0..40)).await;
        assert_eq!(server.calls().len(), after_scan + 2 + 4);
        assert_eq!(stats_of(&client).scans, 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_lives_while_read_up_to_its_maximum_age() {
    within(async {
        let region = region_of("eip", 150);
        let server = Server::start(
            Cloud::Alibaba,
            region_inventory(Cloud::Alibaba, region.clone()),
        )
        .await;
        let client = server.client(0);
        let ttl = Duration::from_millis(400);
        let max_age = Duration::from_millis(1500);
        client.set_region_scan(RegionScan {
            ttl,
            max_age,
            ..RegionScan::default()
        });
        let scanned = std::time::Instant::now();
        waves_of_ten(&client, &ids_of("eip", 0..30)).await;
        let after_scan = server.calls().len();
        assert_eq!(after_scan, 4, "2 batches, 2 scan pages");
        region.lock().unwrap()[120].1 = "changed".into();
        // Read every TTL / 4 until well past the TTL: each answer keeps the listing.
        let mut answered = 0;
        while scanned.elapsed() < ttl * 2 {
            tokio::time::sleep(ttl / 4).await;
            let id = format!("eip-{:04}", 30 + answered);
            assert_eq!(read_name(&client, &id).await.unwrap(), Some(name_of(&id)));
            answered += 1;
        }
        assert_eq!(server.calls().len(), after_scan, "all from the listing");
        assert_eq!(
            read_name(&client, "eip-0120").await.unwrap(),
            Some(name_of("eip-0120"))
        );
        // Past the maximum age, however often read: listed again.
        let left = max_age.saturating_sub(scanned.elapsed());
        tokio::time::sleep(left + Duration::from_millis(50)).await;
        assert_eq!(
            read_name(&client, "eip-0120").await.unwrap(),
            Some("changed".into())
        );
        assert_eq!(stats_of(&client).scans, 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_large_region_falls_back_to_id_batches() {
    within(async {
        let size = RegionScan::default().max_items + 1000;
        let region = region_of("eip", size);
        let server = Server::start(Cloud::Alibaba, region_inventory(Cloud::Alibaba, region)).await;
        let client = server.client(0);
        // Read from the end of the listing, so the first scan page answers nothing.
        let ids = ids_of("eip", size - 100..size - 40);
        for (id, name) in waves_of_ten(&client, &ids).await {
            assert_eq!(name, Some(name_of(&id)));
        }
        let stats = stats_of(&client);
        let calls = server.calls();
        eprintln!(
            "60 reads in a region of {size}: {} calls, {stats:?}",
            calls.len()
        );
        assert_eq!(
            (stats.scans, stats.scan_pages),
            (1, 1),
            "stopped after one page"
        );
        assert_eq!(stats.snapshot_hits, 0);
        assert_eq!(stats.batches, 6, "every wave in an ID batch");
        assert_eq!(calls.len(), 7);
        assert_eq!(
            calls.iter().filter(|c| c.ids().is_empty()).count(),
            1,
            "one listing page"
        );
    })
    .await;
}
