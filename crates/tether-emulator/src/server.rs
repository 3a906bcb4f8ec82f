//! The HTTP side: one address serves the three clouds, routed by the shape of each request
//! (never by path), plus the unsigned `/_emulator/…` admin endpoints.
//!
//! Routing, in order:
//! 1. `Authorization: TC3-HMAC-SHA256 …` or an `X-TC-Action` header → Tencent API 3.0;
//! 2. `Authorization: ACS3-HMAC-SHA256 …` → Alibaba V3 (action and version from the
//!    `x-acs-action` / `x-acs-version` headers, as the tea SDKs send them);
//! 3. `Authorization: HMAC-SHA256 …` or an `X-Date` header → Volcengine;
//! 4. `Signature` / `SignatureMethod` / `AccessKeyId` in the query or form body → Alibaba
//!    classic RPC (HMAC-SHA1);
//! 5. other `x-acs-*` headers, or `Version` 2016-04-28 / 2014-08-28 / 2014-05-26 /
//!    2014-05-15 → Alibaba; `Version` 2020-04-01 → Volcengine (these fail authentication
//!    with the cloud's code).
//!
//! Each call then goes through: signature check → action/version lookup → fault
//! injection → client-token check → handler → settling of due transitions → (with
//! `--state`) atomic persistence → answer. Bodies are limited (`--max-body-bytes`, 1 MiB by
//! default, and the body timeout, see `body.rs`) and every malformed input gets the cloud's
//! error code. Connections are served by `connections.rs` (timeouts, connection limit); a
//! non-loopback address needs `allow_remote`, and then the admin token (`remote.rs`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{Map, Value};
use tether_wire::api::{find_action, RequestPayload};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::volcengine_vpc as volc_err;
use tether_wire::sign::{parse_query, IncomingRequest};
use tokio_util::sync::CancellationToken;

use crate::answer::{self, Answer, Failure};
use crate::auth::{self, AlibabaStyle, Caller, KeyStore, NonceCache};
use crate::body::{self, BodyError};
use crate::call::Call;
pub use crate::call_log::CallRecord;
use crate::call_log::{self, CallLog};
use crate::clock::{self, now_ms};
use crate::connections::{self, Limits};
use crate::error::EmulatorError;
use crate::faults::{self, FaultConfig, FaultState, Injected, DEFAULT_ASYNC_DELAY_MS};
use crate::idempotency::{self, IdempotencyEntry, TokenCheck};
use crate::persist;
use crate::remote::{self, AdminToken};
use crate::state::{Inventory, World};
use crate::{admin, services};

/// Default request body limit.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// How to start an emulator.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    pub listen: SocketAddr,
    pub fixtures: Inventory,
    /// `--state FILE`.
    pub state_file: Option<PathBuf>,
    /// Accepted `(access key, secret)` pairs, valid for all three clouds.
    pub keys: Vec<(String, String)>,
    pub async_delay_ms: u64,
    pub fault_seed: u64,
    pub max_body_bytes: usize,
    /// Bound of the call log's approximate heap size (`--call-log-bytes`).
    pub call_log_max_bytes: usize,
    /// Timeouts and the connection limit.
    pub limits: Limits,
    /// Permit a non-loopback `listen` address (`--allow-remote`).
    pub allow_remote: bool,
    /// The token `/_emulator/…` requires; generated at start with `allow_remote` when none
    /// is given.
    pub admin_token: Option<AdminToken>,
}

impl EmulatorConfig {
    /// Listens on `127.0.0.1:0` with the default credentials and delays.
    pub fn new(fixtures: Inventory) -> EmulatorConfig {
        EmulatorConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            fixtures,
            state_file: None,
            keys: vec![(
                auth::DEFAULT_ACCESS_KEY.to_string(),
                auth::DEFAULT_SECRET_KEY.to_string(),
            )],
            async_delay_ms: DEFAULT_ASYNC_DELAY_MS,
            fault_seed: 0,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            call_log_max_bytes: call_log::DEFAULT_MAX_BYTES,
            limits: Limits::default(),
            allow_remote: false,
            admin_token: None,
        }
    }
}

/// The mutable part, behind one lock.
pub(crate) struct Inner {
    pub world: World,
    pub nonces: NonceCache,
    pub calls: CallLog,
}

/// Shared state of a running emulator.
pub struct App {
    inner: Mutex<Inner>,
    pub(crate) fixtures: Inventory,
    keys: KeyStore,
    pub(crate) state_file: Option<PathBuf>,
    pub(crate) initial_faults: FaultConfig,
    pub(crate) max_body: usize,
    pub(crate) limits: Limits,
    admin_token: Option<AdminToken>,
}

impl App {
    /// The state of an emulator for `config`, without a socket: loads `--state` when the
    /// file exists (else the fixtures, written to it), checks the listen address against
    /// `allow_remote` and settles the admin token. Serve it with [`router`] (what
    /// [`start`] does, or in-process through `tower::ServiceExt::oneshot`).
    pub fn new(config: EmulatorConfig) -> Result<Arc<App>, EmulatorError> {
        if !remote::is_loopback(&config.listen) && !config.allow_remote {
            return Err(EmulatorError::RemoteListen {
                addr: config.listen.to_string(),
            });
        }
        let admin_token = match config.admin_token {
            Some(token) => Some(token),
            None if config.allow_remote => Some(AdminToken::generate()?),
            None => None,
        };
        let initial_faults = FaultConfig::quiet(config.async_delay_ms, config.fault_seed);
        let faults = FaultState::new(initial_faults.clone());
        let world = match &config.state_file {
            Some(path) => match persist::load(path)? {
                Some(state) => World::from_persisted(state, faults),
                None => {
                    let world = World::new(config.fixtures.clone(), faults);
                    persist::save(path, &world.persisted())?;
                    world
                }
            },
            None => World::new(config.fixtures.clone(), faults),
        };
        Ok(Arc::new(App {
            inner: Mutex::new(Inner {
                world,
                nonces: NonceCache::default(),
                calls: CallLog::new(config.call_log_max_bytes, call_log::DEFAULT_MAX_RECORDS),
            }),
            fixtures: config.fixtures,
            keys: KeyStore::new(config.keys),
            state_file: config.state_file,
            initial_faults,
            max_body: config.max_body_bytes,
            limits: config.limits,
            admin_token,
        }))
    }

    /// What the call log holds (approximate bytes, bounds, calls dropped).
    pub fn call_log_stats(&self) -> call_log::LogStats {
        self.lock().calls.stats()
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the world half-written in a way
        // that matters more than stopping; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The token the admin endpoints require, if any.
    pub(crate) fn admin_token(&self) -> Option<&AdminToken> {
        self.admin_token.as_ref()
    }

    /// Persists the world when `--state` is set.
    pub(crate) fn persist(&self, world: &World) -> Result<(), persist::PersistError> {
        match &self.state_file {
            Some(path) => persist::save(path, &world.persisted()),
            None => Ok(()),
        }
    }
}

/// Common (non-action) parameters of Alibaba RPC calls.
const ALIBABA_COMMON: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
    "BearerToken",
];

fn params_json(params: &[(String, String)]) -> Value {
    let mut map = Map::new();
    for (k, v) in params {
        map.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(map)
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn is_form(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(k, v)| {
        k == "content-type"
            && v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
    })
}

/// The decoded query (and form body) of a request; undecodable input gives `None`.
fn all_params(req: &IncomingRequest<'_>) -> Option<Vec<(String, String)>> {
    let mut params = parse_query(req.raw_query).ok()?;
    if is_form(req.headers) {
        let text = std::str::from_utf8(req.body).ok()?;
        params.extend(parse_query(text).ok()?);
    }
    Some(params)
}

/// Which cloud a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Alibaba(AlibabaStyle),
    Tencent,
    Volcengine,
    Unknown,
}

fn classify(req: &IncomingRequest<'_>) -> Route {
    let auth = req.header("authorization").unwrap_or("").trim_start();
    if auth.starts_with("TC3-") || req.header("x-tc-action").is_some() {
        return Route::Tencent;
    }
    if auth.starts_with("ACS3-") {
        return Route::Alibaba(AlibabaStyle::Acs3);
    }
    if auth.starts_with("HMAC-SHA256") || req.header("x-date").is_some() {
        return Route::Volcengine;
    }
    let params = all_params(req).unwrap_or_default();
    let has = |n: &str| params.iter().any(|(k, _)| k == n);
    if has("Signature") || has("SignatureMethod") || has("AccessKeyId") {
        return Route::Alibaba(AlibabaStyle::RpcV1);
    }
    if req.headers.iter().any(|(k, _)| k.starts_with("x-acs-")) {
        return Route::Alibaba(AlibabaStyle::Acs3);
    }
    match param(&params, "Version") {
        Some("2016-04-28" | "2014-08-28" | "2014-05-26" | "2014-05-15") => {
            Route::Alibaba(AlibabaStyle::RpcV1)
        }
        Some("2020-04-01") => Route::Volcengine,
        _ => Route::Unknown,
    }
}

/// How errors and successes of one call are rendered.
#[derive(Clone, Debug)]
enum Envelope {
    Alibaba {
        service: &'static str,
        xml: bool,
    },
    Tencent,
    Volcengine {
        action: String,
        version: String,
        region: String,
    },
}

impl Envelope {
    fn cloud(&self) -> Cloud {
        match self {
            Envelope::Alibaba { .. } => Cloud::Alibaba,
            Envelope::Tencent => Cloud::Tencent,
            Envelope::Volcengine { .. } => Cloud::Volcengine,
        }
    }

    fn error(&self, f: &Failure, request_id: &str) -> Answer {
        match self {
            Envelope::Alibaba { service, xml } => {
                answer::alibaba_error(f, request_id, service, *xml)
            }
            Envelope::Tencent => answer::tencent_error(f, request_id),
            Envelope::Volcengine {
                action,
                version,
                region,
            } => answer::volcengine_error(f, request_id, action, version, region),
        }
    }

    fn success(&self, body: &Value, action: &str) -> Answer {
        match self {
            Envelope::Alibaba { xml, .. } => answer::alibaba_success(body, action, *xml),
            Envelope::Tencent => answer::tencent_success(body),
            Envelope::Volcengine { .. } => answer::volcengine_success(body),
        }
    }
}

/// A request as understood by its cloud's front end, before the shared pipeline.
struct Front {
    envelope: Envelope,
    action: Option<String>,
    version: Option<String>,
    region: String,
    payload: RequestPayload,
    /// Parameters for the client-token fingerprint (with the region).
    token_params: Vec<(String, String)>,
}

impl Front {
    /// The parameters as the call log shows them: Tencent's JSON body (or its first 4096
    /// characters when it is not JSON), the other clouds' parameters as an object.
    fn log_params(&self) -> Value {
        match &self.payload {
            RequestPayload::Params(params) => params_json(params),
            RequestPayload::Json(text) => serde_json::from_str::<Value>(text)
                .unwrap_or_else(|_| Value::String(text.chars().take(4096).collect())),
        }
    }
}

struct Outcome {
    answer: Answer,
    latency_ms: u64,
    record: CallRecord,
}

impl App {
    fn record(
        &self,
        front: Option<&Front>,
        caller: Option<&str>,
        now: u64,
        request_id: &str,
        answer: &Answer,
        injected: Option<&'static str>,
    ) -> CallRecord {
        CallRecord {
            seq: 0,
            time: clock::iso(now),
            time_ms: now,
            cloud: front.map(|f| f.envelope.cloud()),
            action: front.and_then(|f| f.action.clone()).unwrap_or_default(),
            version: front.and_then(|f| f.version.clone()).unwrap_or_default(),
            region: front.map(|f| f.region.clone()).unwrap_or_default(),
            access_key_id: caller.unwrap_or_default().to_string(),
            authenticated: caller.is_some(),
            request_bytes: 0,
            // Unauthenticated calls keep no parameters (see `call_log`): do not copy them.
            params: match (front, caller) {
                (Some(f), Some(_)) => f.log_params(),
                _ => Value::Null,
            },
            http_status: answer.http_status,
            code: answer.code.clone(),
            request_id: request_id.to_string(),
            injected,
        }
    }

    /// The request as Alibaba reads it, and whether its parameters decoded.
    fn alibaba_front(&self, style: AlibabaStyle, req: &IncomingRequest<'_>) -> (Front, bool) {
        let params = all_params(req);
        let ok = params.is_some();
        let params = params.unwrap_or_default();
        let header_or_param = |h: &str, p: &str| -> Option<String> {
            let header = req
                .header(h)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty());
            let param = param(&params, p).map(str::to_string);
            match style {
                AlibabaStyle::Acs3 => header.or(param),
                AlibabaStyle::RpcV1 => param.or(header),
            }
        };
        let action = header_or_param("x-acs-action", "Action");
        let version = header_or_param("x-acs-version", "Version");
        let service = match (
            action
                .as_deref()
                .and_then(|a| find_action(Cloud::Alibaba, a)),
            version.as_deref(),
        ) {
            (Some(info), _) => info.service,
            (None, Some("2014-08-28")) => "ess",
            (None, Some("2014-05-26")) => "ecs",
            (None, Some("2014-05-15")) => "slb",
            _ => "vpc",
        };
        let xml = param(&params, "Format").is_some_and(|f| f.eq_ignore_ascii_case("xml"));
        let action_params: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| !ALIBABA_COMMON.contains(&k.as_str()))
            .cloned()
            .collect();
        let front = Front {
            envelope: Envelope::Alibaba { service, xml },
            action,
            version,
            region: param(&params, "RegionId").unwrap_or("").to_string(),
            token_params: action_params.clone(),
            payload: RequestPayload::Params(action_params),
        };
        (front, ok)
    }

    fn tencent_front(&self, req: &IncomingRequest<'_>) -> Front {
        let header = |n: &str| {
            req.header(n)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let body_text = String::from_utf8_lossy(req.body).into_owned();
        Front {
            envelope: Envelope::Tencent,
            action: header("x-tc-action"),
            version: header("x-tc-version"),
            region: header("x-tc-region").unwrap_or_default(),
            token_params: Vec::new(),
            payload: RequestPayload::Json(body_text),
        }
    }

    /// The request as Volcengine reads it, and whether its parameters decoded.
    fn volcengine_front(&self, req: &IncomingRequest<'_>) -> (Front, bool) {
        let params = all_params(req);
        let ok = params.is_some();
        let params = params.unwrap_or_default();
        let action = param(&params, "Action").map(str::to_string);
        let version = param(&params, "Version").map(str::to_string);
        let action_params: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "Action" && k != "Version")
            .cloned()
            .collect();
        let front = Front {
            envelope: Envelope::Volcengine {
                action: action.clone().unwrap_or_default(),
                version: version.clone().unwrap_or_default(),
                region: String::new(),
            },
            action,
            version,
            region: String::new(),
            token_params: action_params.clone(),
            payload: RequestPayload::Params(action_params),
        };
        (front, ok)
    }

    /// Serves one API request.
    fn process(&self, req: &IncomingRequest<'_>) -> Outcome {
        let now = now_ms();
        let request_id = clock::request_id();
        let route = classify(req);
        let mut inner = self.lock();
        services::advance(&mut inner.world, now);
        let outcome = match route {
            Route::Unknown => {
                let answer = answer::unrecognized(
                    "The request matches no emulated API: expected an Alibaba RPC call (ACS3 Authorization or Signature parameters), a Tencent API 3.0 call (TC3-HMAC-SHA256, X-TC-Action) or a Volcengine call (HMAC-SHA256, X-Date).",
                );
                let record = self.record(None, None, now, &request_id, &answer, None);
                Outcome {
                    answer,
                    latency_ms: 0,
                    record,
                }
            }
            Route::Alibaba(style) => match self.alibaba_front(style, req) {
                (front, true) => {
                    let keys = &self.keys;
                    self.pipeline(&mut inner, front, now, &request_id, |nonces| {
                        auth::verify_alibaba(style, req, keys, nonces, now)
                    })
                }
                (front, false) => self.reject(
                    front,
                    now,
                    &request_id,
                    Failure::new(
                        400,
                        "InvalidParameter",
                        "The query string or form body is not correctly percent-encoded UTF-8.",
                    ),
                ),
            },
            Route::Tencent => {
                let front = self.tencent_front(req);
                let keys = &self.keys;
                if req.method != "POST" {
                    let f = Failure::new(
                        200,
                        "InvalidParameter",
                        "The emulator serves Tencent API 3.0 as POST requests with a JSON body (TC3-HMAC-SHA256).",
                    );
                    self.reject(front, now, &request_id, f)
                } else if std::str::from_utf8(req.body).is_err() {
                    let f = Failure::new(200, "InvalidParameter", "The request body is not UTF-8.");
                    self.reject(front, now, &request_id, f)
                } else {
                    self.pipeline(&mut inner, front, now, &request_id, |_| {
                        auth::verify_tencent(req, keys, now)
                    })
                }
            }
            Route::Volcengine => match self.volcengine_front(req) {
                (front, true) => {
                    let keys = &self.keys;
                    self.pipeline(&mut inner, front, now, &request_id, |_| {
                        auth::verify_volcengine(req, keys, now)
                    })
                }
                (front, false) => self.reject(
                    front,
                    now,
                    &request_id,
                    Failure::new(
                        400,
                        "InvalidParameter",
                        "The query string is not correctly percent-encoded UTF-8.",
                    ),
                ),
            },
        };
        let mut outcome = outcome;
        outcome.record.request_bytes = req.raw_query.len() + req.body.len();
        inner.log(outcome.record.clone());
        outcome
    }

    fn reject(&self, front: Front, now: u64, request_id: &str, f: Failure) -> Outcome {
        let answer = front.envelope.error(&f, request_id);
        let record = self.record(Some(&front), None, now, request_id, &answer, None);
        Outcome {
            answer,
            latency_ms: 0,
            record,
        }
    }

    fn pipeline(
        &self,
        inner: &mut Inner,
        mut front: Front,
        now: u64,
        request_id: &str,
        verify: impl FnOnce(&mut NonceCache) -> Result<Caller, Failure>,
    ) -> Outcome {
        let cloud = front.envelope.cloud();
        let caller = match verify(&mut inner.nonces) {
            Ok(c) => c,
            Err(f) => return self.reject(front, now, request_id, f),
        };
        if let Some(region) = &caller.scope_region {
            front.region = region.clone();
            if let Envelope::Volcengine { region: r, .. } = &mut front.envelope {
                *r = region.clone();
            }
        }
        let ak = caller.access_key.clone();
        let fail = |front: Front, f: Failure| {
            let answer = front.envelope.error(&f, request_id);
            let record = self.record(Some(&front), Some(&ak), now, request_id, &answer, None);
            Outcome {
                answer,
                latency_ms: 0,
                record,
            }
        };
        let Some(action_name) = front.action.clone() else {
            let f = match cloud {
                Cloud::Alibaba => Failure::new(
                    400,
                    "MissingParameter",
                    "The input parameter \"Action\" that is mandatory for processing this request is not supplied.",
                ),
                Cloud::Tencent => Failure::new(
                    200,
                    "MissingParameter",
                    "The request is missing a required parameter `Action`.",
                ),
                Cloud::Volcengine => Failure::new(
                    400,
                    "MissingParameter",
                    "The required parameter Action is missing.",
                ),
            };
            return fail(front, f);
        };
        let Some(info) = find_action(cloud, &action_name) else {
            let f = match cloud {
                Cloud::Alibaba => Failure::new(
                    404,
                    "InvalidAction.NotFound",
                    format!("Specified api is not found, please check your url and method. ({action_name})"),
                ),
                Cloud::Tencent => Failure::new(
                    200,
                    "InvalidAction",
                    format!("The requested action `{action_name}` does not exist."),
                ),
                Cloud::Volcengine => Failure::new(
                    404,
                    "InvalidActionOrVersion",
                    format!(
                        "Could not find operation {action_name} for version {}",
                        front.version.clone().unwrap_or_default()
                    ),
                ),
            };
            return fail(front, f);
        };
        match front.version.as_deref() {
            Some(v) if v == info.version => {}
            None if cloud != Cloud::Volcengine => {
                let f = match cloud {
                    Cloud::Tencent => Failure::new(
                        200,
                        "MissingParameter",
                        "The request is missing a required parameter `Version`.",
                    ),
                    _ => Failure::new(
                        400,
                        "MissingParameter",
                        "The input parameter \"Version\" that is mandatory for processing this request is not supplied.",
                    ),
                };
                return fail(front, f);
            }
            other => {
                let v = other.unwrap_or("");
                let f = match cloud {
                    Cloud::Alibaba => Failure::new(
                        400,
                        "InvalidVersion",
                        format!(
                            "Specified parameter Version ({v}) is not valid for {action_name}."
                        ),
                    ),
                    Cloud::Tencent => Failure::new(
                        200,
                        "NoSuchVersion",
                        format!(
                            "The requested version `{v}` of API `{action_name}` does not exist."
                        ),
                    ),
                    Cloud::Volcengine => Failure::new(
                        404,
                        "InvalidActionOrVersion",
                        format!("Could not find operation {action_name} for version {v}"),
                    ),
                };
                return fail(front, f);
            }
        }
        if cloud == Cloud::Tencent && front.region.is_empty() {
            return fail(
                front,
                Failure::new(
                    200,
                    "MissingParameter",
                    "The request is missing a required parameter `Region`.",
                ),
            );
        }
        // Fault injection.
        let (injected, latency) = inner.world.faults.draw(info.action);
        let injected_fault = match injected {
            Injected::None => None,
            Injected::Throttle => Some(("throttle", faults::throttle_error(cloud))),
            Injected::ServerError => Some(("server_error", faults::server_error(cloud))),
        };
        if let Some((kind, (status, code, message))) = injected_fault {
            let f = Failure::new(status, code, message);
            let answer = front.envelope.error(&f, request_id);
            let record = self.record(
                Some(&front),
                Some(&ak),
                now,
                request_id,
                &answer,
                Some(kind),
            );
            return Outcome {
                answer,
                latency_ms: latency,
                record,
            };
        }
        // Client tokens.
        let token = match &front.payload {
            RequestPayload::Params(p) => param(p, "ClientToken").map(str::to_string),
            RequestPayload::Json(_) => None,
        };
        let mut token_key = None;
        let route = services::route(cloud, info.action);
        let write = route.is_some_and(|r| r.writes);
        if let (Some(token), true) = (token, write) {
            let mut fp_params = front.token_params.clone();
            fp_params.push(("__region".into(), front.region.clone()));
            let fp = idempotency::fingerprint(&fp_params);
            let key = format!("{}:{ak}:{}:{token}", cloud.name(), info.action);
            match idempotency::check(&inner.world.idempotency, &key, &fp, now) {
                TokenCheck::Fresh => token_key = Some((key, fp)),
                TokenCheck::Replay { body, .. } => {
                    let answer = front.envelope.success(&body, info.action);
                    let record =
                        self.record(Some(&front), Some(&ak), now, request_id, &answer, None);
                    return Outcome {
                        answer,
                        latency_ms: latency,
                        record,
                    };
                }
                TokenCheck::Processing => {
                    let f = if cloud == Cloud::Volcengine {
                        Failure::from(volc_err::IDEMPOTENT_PROCESSING)
                    } else {
                        Failure::new(
                            400,
                            "IdempotentProcessing",
                            "The request uses the same client token as a previous one that is still in process.",
                        )
                    };
                    let mut o = fail(front, f);
                    o.latency_ms = latency;
                    return o;
                }
                TokenCheck::Mismatch => {
                    let f = if cloud == Cloud::Volcengine {
                        Failure::from(volc_err::IDEMPOTENT_PARAMETER_MISMATCH)
                    } else {
                        Failure::new(
                            400,
                            "IdempotentParameterMismatch",
                            "The request uses the same client token as a previous, but non-identical request.",
                        )
                    };
                    let mut o = fail(front, f);
                    o.latency_ms = latency;
                    return o;
                }
            }
        }
        let call = Call {
            cloud,
            action: info,
            region: front.region.clone(),
            payload: front.payload.clone(),
            request_id: request_id.to_string(),
            now_ms: now,
        };
        let snapshot = (write && self.state_file.is_some()).then(|| inner.world.clone());
        let result = match route {
            Some(r) => (r.handler)(&mut inner.world, &call),
            None => Err(Failure::new(
                500,
                "InternalError",
                format!("no handler for {}", info.action),
            )),
        };
        let answer = match result {
            Ok(body) => {
                services::advance(&mut inner.world, now);
                let resource = idempotency::resource_key(info.action, &front.token_params)
                    .map(|r| format!("{}:{ak}:{r}", cloud.name()))
                    .unwrap_or_default();
                if write && !resource.is_empty() {
                    idempotency::forget_resource(&mut inner.world.idempotency, &resource);
                }
                if let Some((key, fingerprint)) = token_key {
                    let settle_at_ms = now + inner.world.faults.delay_ms(info.action);
                    idempotency::remember(
                        &mut inner.world.idempotency,
                        IdempotencyEntry {
                            key,
                            resource,
                            fingerprint,
                            settle_at_ms,
                            http_status: 200,
                            body: body.clone(),
                        },
                    );
                }
                let persisted = if write {
                    self.persist(&inner.world)
                } else {
                    Ok(())
                };
                match persisted {
                    Ok(()) => front.envelope.success(&body, info.action),
                    Err(e) => {
                        tracing::error!(error = %e, "could not persist the state; the write is rolled back");
                        if let Some(prev) = snapshot {
                            inner.world = prev;
                        }
                        let f = Failure::new(
                            if cloud == Cloud::Tencent { 200 } else { 500 },
                            "InternalError",
                            format!("The emulator could not persist its state: {e}"),
                        );
                        front.envelope.error(&f, request_id)
                    }
                }
            }
            Err(f) => front.envelope.error(&f, request_id),
        };
        let record = self.record(Some(&front), Some(&ak), now, request_id, &answer, None);
        Outcome {
            answer,
            latency_ms: latency,
            record,
        }
    }

    /// The answer to a request whose body could not be read: too large, cut short (the
    /// connection ended before the declared length) or too slow.
    fn body_refused(&self, req: &IncomingRequest<'_>, why: BodyError) -> Answer {
        let request_id = clock::request_id();
        if why == BodyError::LengthRequired {
            // What the clouds' front gateways answer before any API sees the request: a
            // bare HTTP page, no cloud envelope.
            let answer = Answer {
                http_status: 411,
                content_type: "text/html",
                body: LENGTH_REQUIRED_PAGE.as_bytes().to_vec(),
                code: "LengthRequired".to_string(),
            };
            let record = self.record(None, None, now_ms(), &request_id, &answer, None);
            self.lock().log(record);
            return answer;
        }
        let (status, code, tencent_code) = match why {
            BodyError::TooLarge { .. } => {
                (413, "RequestEntityTooLarge", "RequestSizeLimitExceeded")
            }
            BodyError::Incomplete | BodyError::LengthRequired => {
                (400, "InvalidParameter", "InvalidParameter")
            }
            BodyError::TimedOut { .. } => (408, "RequestTimeout", "InvalidParameter"),
        };
        let message = why.sentence();
        let answer = match classify(req) {
            Route::Tencent => {
                answer::tencent_error(&Failure::new(200, tencent_code, message), &request_id)
            }
            Route::Volcengine => answer::volcengine_error(
                &Failure::new(status, code, message),
                &request_id,
                "",
                "",
                "",
            ),
            _ => answer::alibaba_error(
                &Failure::new(status, code, message),
                &request_id,
                "vpc",
                false,
            ),
        };
        let now = now_ms();
        let mut record = self.record(None, None, now, &request_id, &answer, None);
        record.request_bytes = req.raw_query.len() + declared_length(req).unwrap_or(0);
        self.lock().log(record);
        answer
    }
}

impl Inner {
    pub(crate) fn log(&mut self, record: CallRecord) {
        tracing::debug!(
            cloud = ?record.cloud,
            action = %record.action,
            code = %record.code,
            status = record.http_status,
            "api call"
        );
        self.calls.push(record);
    }
}

fn lower_headers(map: &HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .filter_map(|(k, v)| {
            v.to_str()
                .ok()
                .map(|v| (k.as_str().to_ascii_lowercase(), v.to_string()))
        })
        .collect()
}

fn respond(answer: Answer) -> Response {
    let status =
        StatusCode::from_u16(answer.http_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = Response::new(Body::from(answer.body));
    *resp.status_mut() = status;
    if let Ok(v) = header::HeaderValue::from_str(answer.content_type) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    resp
}

/// The page a strict front gateway answers a body-bearing request without framing headers
/// with (RFC 9110 §15.5.12).
const LENGTH_REQUIRED_PAGE: &str = "<html>\r\n<head><title>411 Length Required</title></head>\r\n<body>\r\n<center><h1>411 Length Required</h1></center>\r\n</body>\r\n</html>\r\n";

/// The `Content-Length` a request declares, if any.
fn declared_length(req: &IncomingRequest<'_>) -> Option<usize> {
    req.header("content-length")?.trim().parse().ok()
}

async fn handle_api(State(app): State<Arc<App>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let headers = lower_headers(&parts.headers);
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or("").to_string();
    let read = if body::lacks_framing(&parts.method, &parts.headers) {
        Err(BodyError::LengthRequired)
    } else {
        body::read(body, app.max_body, app.limits.body_timeout).await
    };
    let bytes = match read {
        Ok(b) => b,
        Err(why) => {
            let incoming = IncomingRequest {
                method: &method,
                path: &path,
                raw_query: &raw_query,
                headers: &headers,
                body: &[],
            };
            return respond(app.body_refused(&incoming, why));
        }
    };
    let incoming = IncomingRequest {
        method: &method,
        path: &path,
        raw_query: &raw_query,
        headers: &headers,
        body: &bytes,
    };
    let outcome = app.process(&incoming);
    if outcome.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(outcome.latency_ms)).await;
    }
    respond(outcome.answer)
}

/// Builds the router of an emulator. Every body is read by `body::read` (size limit and
/// body timeout), by the API handler and the admin handlers alike.
pub fn router(app: Arc<App>) -> Router {
    let admin_guard =
        axum::middleware::from_fn_with_state(app.clone(), remote::require_admin_token);
    Router::new()
        .route("/_emulator/state", get(admin::get_state))
        .route(
            "/_emulator/calls",
            get(admin::get_calls).delete(admin::delete_calls),
        )
        .route(
            "/_emulator/faults",
            get(admin::get_faults).post(admin::post_faults),
        )
        .route("/_emulator/mutate", post(admin::post_mutate))
        .route("/_emulator/reset", post(admin::post_reset))
        .route("/_emulator/{*rest}", any(admin::not_found))
        .route_layer(admin_guard)
        .fallback(handle_api)
        .with_state(app)
}

/// A running emulator.
pub struct RunningEmulator {
    addr: SocketAddr,
    app: Arc<App>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningEmulator {
    /// The bound address (the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The token `/_emulator/…` requires, if any.
    pub fn admin_token(&self) -> Option<&AdminToken> {
        self.app.admin_token()
    }

    /// The emulator's current state (what `GET /_emulator/state` answers).
    pub fn state(&self) -> crate::state::PersistedState {
        let mut inner = self.app.lock();
        services::advance(&mut inner.world, now_ms());
        inner.world.persisted()
    }

    /// Stops accepting connections, finishes the requests under way and returns.
    pub async fn shutdown(self) -> Result<(), EmulatorError> {
        self.shutdown.cancel();
        self.wait().await
    }

    /// Waits until the server stops (after [`RunningEmulator::shutdown`] or an error).
    pub async fn wait(self) -> Result<(), EmulatorError> {
        match self.task.await {
            Ok(r) => r.map_err(EmulatorError::Serve),
            Err(e) => Err(EmulatorError::Serve(std::io::Error::other(e))),
        }
    }

    /// Stops when `signal` completes.
    pub async fn run_until(
        self,
        signal: impl std::future::Future<Output = ()>,
    ) -> Result<(), EmulatorError> {
        signal.await;
        self.shutdown.cancel();
        self.wait().await
    }
}

/// Loads the state (from `--state` when the file exists, else the fixtures), binds and
/// starts serving. The socket accepts connections when this returns.
pub async fn start(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
    let listen = config.listen;
    let limits = config.limits;
    let app = App::new(config)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| EmulatorError::Bind {
            addr: listen.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(EmulatorError::Serve)?;
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(connections::serve(
        listener,
        router(app.clone()),
        limits,
        shutdown.clone(),
    ));
    tracing::info!(%addr, "tether emulator listening");
    Ok(RunningEmulator {
        addr,
        app,
        shutdown,
        task,
    })
}
