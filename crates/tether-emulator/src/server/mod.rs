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
//!
//! This module owns the emulator's configuration, its shared state ([`App`]), the router and
//! the running server; the clouds' front ends live in `front`, the steps of a call in
//! `pipeline`.

mod front;
mod pipeline;

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
use serde_json::Value;
use tether_wire::sign::IncomingRequest;
use tokio_util::sync::CancellationToken;

use crate::answer::{self, Answer, Failure};
use crate::auth::{self, KeyStore, NonceCache};
use crate::body::{self, BodyError};
pub use crate::call_log::CallRecord;
use crate::call_log::{self, CallLog};
use crate::clock::{self, now_ms};
use crate::connections::{self, Limits};
use crate::error::EmulatorError;
use crate::faults::{FaultConfig, FaultState, DEFAULT_ASYNC_DELAY_MS};
use crate::persist;
use crate::remote::{self, AdminToken};
use crate::state::{Inventory, World};
use crate::{admin, services};
use front::{classify, Destination, Front};

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

impl App {
    /// The call-log record of a call (`caller` is the authenticated access key, if any).
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
            Destination::Tencent => {
                answer::tencent_error(&Failure::new(200, tencent_code, message), &request_id)
            }
            Destination::Volcengine => answer::volcengine_error(
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
