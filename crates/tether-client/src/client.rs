//! [`Client`] and [`CallContext`]: turning a typed request into signed HTTP attempts,
//! decoding the answers, and the retry loop around them.
//!
//! Per cloud, one attempt is:
//!
//! - **Alibaba** (ACS3-HMAC-SHA256): `POST /` with the action parameters in the query and an
//!   empty body; action and version travel in `x-acs-action` / `x-acs-version`, with a fresh
//!   `x-acs-date` and a fresh random `x-acs-signature-nonce`.
//! - **Tencent** (TC3-HMAC-SHA256): `POST /` with the JSON body and
//!   `Content-Type: application/json`; `X-TC-Action`, `X-TC-Version`, `X-TC-Region` and a
//!   fresh `X-TC-Timestamp`.
//! - **Volcengine** (HMAC-SHA256): `GET /?Action=..&Version=..&<parameters>` with a fresh
//!   `X-Date`.
//!
//! Framing: every POST states its `Content-Length` (`0` for Alibaba's empty body), as both
//! Alibaba SDKs and the Tencent SDK do; a bodiless GET carries none, as the Volcengine SDK
//! sends it. No request uses `Transfer-Encoding`.
//!
//! Logging (`tracing`, targets under `tether_client::`): each attempt at DEBUG (cloud, action,
//! attempt, HTTP status, request id, error code), each backoff at DEBUG (delay), the
//! endpoint host and body size at TRACE. No header value, query string or body is logged.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tether_wire::api::{ApiAction, RequestPayload, ResponseError, WireResponse};
use tether_wire::cloud::Cloud;
use tether_wire::sign::{
    alibaba_acs3, tencent_tc3, volcengine, Credentials, RequestToSign, SignedParts,
};
use tokio_util::sync::CancellationToken;

use crate::config::{self, ClientConfig, Endpoint};
use crate::error::{ClientError, CloudError};
use crate::events::call_event;
use crate::random;
use crate::retry::{self, Backoff};

/// The `User-Agent` of every request.
const USER_AGENT: &str = concat!("tether/", env!("CARGO_PKG_VERSION"));

/// Per-call controls: a deadline, a cancellation token, and extra transient codes.
///
/// The deadline bounds the whole call, retries and backoff included; `None` leaves only
/// `max_retries` and the per-attempt timeout as bounds. Cancelling the token interrupts an
/// attempt in flight or a backoff sleep at once.
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    /// When the call must have finished.
    pub deadline: Option<Instant>,
    /// Cancels the call.
    pub cancel: CancellationToken,
    /// Codes retried in this call on top of [`retry::is_transient_code`] (exact, or the class
    /// `X` of `X.something`), e.g. `IncorrectEipStatus` while a transition is under way.
    pub retry_also: Vec<String>,
    /// Time limit of one HTTP attempt, when shorter than the client's (quick reads give up on
    /// an endpoint that does not answer sooner than writes do).
    pub attempt_timeout: Option<Duration>,
}

impl CallContext {
    /// No deadline, a fresh token, no extra codes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Finishes by `deadline`.
    pub fn with_deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Finishes within `timeout` from now.
    pub fn with_timeout(self, timeout: Duration) -> Self {
        let deadline = Instant::now().checked_add(timeout);
        CallContext { deadline, ..self }
    }

    /// Uses `cancel` as the cancellation token.
    pub fn with_cancel(mut self, cancel: CancellationToken) -> Self {
        self.cancel = cancel;
        self
    }

    /// Also retries these codes.
    pub fn retry_also<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.retry_also.extend(codes.into_iter().map(Into::into));
        self
    }

    /// Gives each HTTP attempt at most `timeout`.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time left before the deadline (`None` without a deadline).
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }
}

/// `<cloud> <Action>` of API `A`, as errors name an operation.
pub(crate) fn operation<A: ApiAction>() -> String {
    format!("{} {}", A::CLOUD, A::ACTION)
}

/// A signed HTTP request ready to send.
struct Prepared {
    method: reqwest::Method,
    url: String,
    host: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// The client of one cloud account in one region. Cheap to clone (the connection pool is
/// shared).
#[derive(Clone, Debug)]
pub struct Client {
    cloud: Cloud,
    region: String,
    credentials: Credentials,
    endpoint_override: Option<Endpoint>,
    max_retries: u32,
    request_timeout: Duration,
    backoff: Backoff,
    http: reqwest::Client,
    /// The read batchers ([`crate::coalesce`]), shared by clones.
    pub(crate) coalesce: crate::coalesce::Coalescer,
}

impl Client {
    /// Builds a client; fails on an unusable region or endpoint.
    pub fn new(config: ClientConfig) -> Result<Self, ClientError> {
        config::validate_region(&config.region)?;
        let endpoint_override = config
            .endpoint
            .as_deref()
            .map(config::parse_override)
            .transpose()?;
        if config.request_timeout.is_zero() {
            return Err(ClientError::Config(
                "request_timeout must be greater than zero".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.request_timeout.min(Duration::from_secs(15)))
            .pool_idle_timeout(Duration::from_secs(60));
        // Proxy variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are honoured, except
        // for an endpoint on this machine (the emulator), which is always reached directly.
        if endpoint_override
            .as_ref()
            .is_some_and(|e| config::is_loopback_host(&e.host))
        {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| {
            ClientError::Config(format!(
                "the HTTP client could not be built: {}",
                e.without_url()
            ))
        })?;
        Ok(Client {
            cloud: config.cloud,
            region: config.region,
            credentials: config.credentials,
            endpoint_override,
            max_retries: config.max_retries,
            request_timeout: config.request_timeout,
            backoff: config.backoff,
            http,
            coalesce: crate::coalesce::Coalescer::default(),
        })
    }

    /// The cloud this client calls.
    pub fn cloud(&self) -> Cloud {
        self.cloud
    }

    /// The configured region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// Retries of transient errors per call.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The backoff schedule.
    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    /// The endpoint requests for `service` (`vpc`, `ess`, `ecs`, `slb`, `cvm`) go to.
    pub fn endpoint(&self, service: &str) -> Endpoint {
        self.endpoint_in(service, &self.region)
    }

    /// The endpoint requests for `service` in `region` go to.
    pub fn endpoint_in(&self, service: &str, region: &str) -> Endpoint {
        config::resolve(self.cloud, region, self.endpoint_override.as_ref(), service)
    }

    /// Calls API `A`: signs and sends `request`, retries transient failures (at most
    /// `max_retries` times, with backoff, within `ctx.deadline`), and decodes the answer.
    ///
    /// The request struct is encoded anew for each attempt, so a `ClientToken` set in it is
    /// the same on every attempt, while the timestamp and nonce are fresh.
    pub async fn call<A: ApiAction>(
        &self,
        request: &A,
        ctx: &CallContext,
    ) -> Result<A::Response, ClientError> {
        self.send::<A>(&self.region, request, ctx).await
    }

    /// Like [`Client::call`], in `region` instead of the client's own: the request goes to
    /// that region's endpoint and is signed for it (Tencent `X-TC-Region`, Volcengine
    /// credential scope). The request's own region parameter (Alibaba `RegionId`) is the
    /// caller's to set. Used to read resources of another region, such as the backend of a
    /// global acceleration instance.
    pub async fn call_in_region<A: ApiAction>(
        &self,
        region: &str,
        request: &A,
        ctx: &CallContext,
    ) -> Result<A::Response, ClientError> {
        config::validate_region(region)?;
        self.send::<A>(region, request, ctx).await
    }

    /// Refuses API `A` of another cloud than this client's.
    pub(crate) fn refuse_other_cloud<A: ApiAction>(&self) -> Result<(), ClientError> {
        if A::CLOUD == self.cloud {
            Ok(())
        } else {
            Err(ClientError::Config(format!(
                "{} cannot be called with a client configured for {}",
                operation::<A>(),
                self.cloud
            )))
        }
    }

    /// The retry loop of one call in `region`.
    async fn send<A: ApiAction>(
        &self,
        region: &str,
        request: &A,
        ctx: &CallContext,
    ) -> Result<A::Response, ClientError> {
        self.refuse_other_cloud::<A>()?;
        let started = Instant::now();
        let mut attempt: u32 = 0;
        let mut last_error: Option<ClientError> = None;
        // Whether an earlier attempt left unknown if its request took effect.
        let mut outcome_unknown = false;
        loop {
            if ctx.cancel.is_cancelled() {
                return Err(ClientError::Cancelled {
                    operation: operation::<A>(),
                });
            }
            let per_attempt = ctx
                .attempt_timeout
                .map_or(self.request_timeout, |t| t.min(self.request_timeout));
            let attempt_timeout = match ctx.remaining() {
                Some(left) if left.is_zero() => {
                    return Err(self.deadline_exceeded::<A>(started, attempt, last_error));
                }
                Some(left) => left.min(per_attempt),
                None => per_attempt,
            };
            attempt += 1;
            call_event!(debug, A, attempt, "sending request");
            let outcome = tokio::select! {
                biased;
                _ = ctx.cancel.cancelled() => {
                    call_event!(debug, A, attempt, "call cancelled");
                    return Err(ClientError::Cancelled { operation: operation::<A>() });
                }
                outcome = self.attempt::<A>(region, request, attempt, attempt_timeout) => outcome,
            };
            let err = match outcome {
                Ok(resp) => {
                    call_event!(
                        debug,
                        A,
                        attempt,
                        request_id = resp.request_id(),
                        "call succeeded"
                    );
                    return Ok(resp);
                }
                Err(err) => err,
            };
            let deadline_passed = ctx.remaining().is_some_and(|left| left.is_zero());
            if deadline_passed && matches!(err, ClientError::Transport { .. }) {
                return Err(self.deadline_exceeded::<A>(started, attempt, Some(err)));
            }
            let transient = err.is_transient()
                || err
                    .code()
                    .is_some_and(|code| retry::matches_extra(code, &ctx.retry_also));
            if !transient {
                call_event!(
                    debug,
                    A,
                    attempt,
                    code = err.code().unwrap_or(""),
                    "call failed with a permanent error"
                );
                return Err(err.after_unknown_outcome(outcome_unknown));
            }
            if attempt > self.max_retries {
                call_event!(
                    debug,
                    A,
                    attempt,
                    max_retries = self.max_retries,
                    code = err.code().unwrap_or(""),
                    "retries exhausted"
                );
                return Err(err
                    .after_attempts(attempt)
                    .after_unknown_outcome(outcome_unknown));
            }
            let delay = self.backoff.delay(attempt - 1);
            if ctx.remaining().is_some_and(|left| left <= delay) {
                call_event!(
                    debug,
                    A,
                    attempt,
                    delay_ms = delay_ms(delay),
                    "backoff would pass the deadline"
                );
                return Err(self.deadline_exceeded::<A>(started, attempt, Some(err)));
            }
            call_event!(
                debug,
                A,
                attempt,
                code = err.code().unwrap_or(""),
                http_status = err.http_status().unwrap_or(0),
                delay_ms = delay_ms(delay),
                "transient error; backing off"
            );
            outcome_unknown |= retry::leaves_outcome_unknown(&err);
            last_error = Some(err);
            tokio::select! {
                biased;
                _ = ctx.cancel.cancelled() => {
                    call_event!(debug, A, attempt, "cancelled during backoff");
                    return Err(ClientError::Cancelled { operation: operation::<A>() });
                }
                _ = tokio::time::sleep(delay) => {}
            }
        }
    }

    fn deadline_exceeded<A: ApiAction>(
        &self,
        started: Instant,
        attempts: u32,
        last_error: Option<ClientError>,
    ) -> ClientError {
        let waited = started.elapsed();
        call_event!(
            debug,
            A,
            attempts,
            waited_ms = delay_ms(waited),
            "deadline exceeded"
        );
        ClientError::deadline_exceeded::<A>(waited, attempts, last_error)
    }

    /// One signed HTTP exchange.
    async fn attempt<A: ApiAction>(
        &self,
        region: &str,
        request: &A,
        attempt: u32,
        timeout: Duration,
    ) -> Result<A::Response, ClientError> {
        let prepared = self.prepare(region, request)?;
        call_event!(
            trace,
            A,
            attempt,
            method = %prepared.method,
            host = %prepared.host,
            body_len = prepared.body.len(),
            "signed request"
        );
        let mut builder = self
            .http
            .request(prepared.method, prepared.url.as_str())
            .timeout(timeout)
            .header(reqwest::header::HOST, prepared.host.as_str())
            .header(reqwest::header::ACCEPT, "application/json");
        for (name, value) in &prepared.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = builder
            .body(prepared.body)
            .send()
            .await
            .map_err(|e| ClientError::transport(A::CLOUD, A::ACTION, e))?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|e| ClientError::transport(A::CLOUD, A::ACTION, e))?;
        call_event!(
            trace,
            A,
            attempt,
            http_status = status,
            body_len = body.len(),
            "response received"
        );
        match A::decode_response(status, &body) {
            Ok(resp) => {
                call_event!(
                    debug,
                    A,
                    attempt,
                    http_status = status,
                    request_id = resp.request_id(),
                    "answer decoded"
                );
                Ok(resp)
            }
            Err(ResponseError::Cloud(parts)) => {
                let err = CloudError::from_parts(A::CLOUD, A::ACTION, parts);
                call_event!(
                    debug,
                    A,
                    attempt,
                    http_status = status,
                    request_id = err.request_id.as_deref().unwrap_or(""),
                    code = %err.code,
                    transient = err.is_transient(),
                    "cloud error"
                );
                Err(ClientError::Cloud(err))
            }
            Err(ResponseError::Malformed { reason, .. }) => {
                call_event!(
                    debug,
                    A,
                    attempt,
                    http_status = status,
                    "undecodable answer"
                );
                Err(ClientError::Decode {
                    cloud: A::CLOUD,
                    action: A::ACTION,
                    http_status: status,
                    request_id: None,
                    reason,
                })
            }
        }
    }

    /// Encodes and signs `request` for `region` with a fresh timestamp (and nonce).
    fn prepare<A: ApiAction>(&self, region: &str, request: &A) -> Result<Prepared, ClientError> {
        let endpoint = self.endpoint_in(A::SERVICE, region);
        let timestamp = unix_now();
        let sign_err = |source| ClientError::Sign {
            cloud: A::CLOUD,
            action: A::ACTION,
            source,
        };
        let method = A::METHOD.as_str();
        let base = RequestToSign::new(method, endpoint.host.clone(), endpoint.path.clone());
        let (to_sign, parts): (RequestToSign, SignedParts) = match (A::CLOUD, request.encode()) {
            (Cloud::Alibaba, RequestPayload::Params(params)) => {
                let to_sign = RequestToSign {
                    query: params,
                    ..base
                };
                let parts = alibaba_acs3::sign(
                    &to_sign,
                    &self.credentials,
                    &alibaba_acs3::Acs3Params {
                        action: A::ACTION.to_string(),
                        version: A::VERSION.to_string(),
                        timestamp,
                        nonce: random::nonce(),
                    },
                )
                .map_err(sign_err)?;
                (to_sign, parts)
            }
            (Cloud::Tencent, RequestPayload::Json(body)) => {
                let to_sign = base
                    .header("Content-Type", "application/json")
                    .body(body.into_bytes());
                let parts = tencent_tc3::sign(
                    &to_sign,
                    &self.credentials,
                    &tencent_tc3::Tc3Params {
                        service: A::SERVICE.to_string(),
                        action: A::ACTION.to_string(),
                        version: A::VERSION.to_string(),
                        region: Some(region.to_string()),
                        timestamp,
                        sign_action_header: false,
                        unsigned_payload: false,
                    },
                )
                .map_err(sign_err)?;
                (to_sign.header("X-TC-Language", "en-US"), parts)
            }
            (Cloud::Volcengine, RequestPayload::Params(params)) => {
                let mut query = Vec::with_capacity(params.len() + 2);
                query.push(("Action".to_string(), A::ACTION.to_string()));
                query.push(("Version".to_string(), A::VERSION.to_string()));
                query.extend(params);
                let to_sign = RequestToSign { query, ..base };
                let parts = volcengine::sign(
                    &to_sign,
                    &self.credentials,
                    &volcengine::VolcParams {
                        region: region.to_string(),
                        service: A::SERVICE.to_string(),
                        timestamp,
                    },
                )
                .map_err(sign_err)?;
                (to_sign, parts)
            }
            (cloud, _) => {
                return Err(ClientError::Config(format!(
                    "{cloud} {} has a payload shape this client cannot send",
                    A::ACTION
                )))
            }
        };
        let method = reqwest::Method::from_bytes(to_sign.method.as_bytes())
            .map_err(|_| ClientError::Config(format!("unsupported HTTP method {method}")))?;
        let mut headers = to_sign.headers;
        headers.extend(parts.headers);
        if let Some(length) = framing_length(&method, to_sign.body.len()) {
            headers.push(("Content-Length".to_string(), length));
        }
        Ok(Prepared {
            method,
            url: endpoint.url(&parts.query_string),
            host: endpoint.host,
            headers,
            body: to_sign.body,
        })
    }
}

/// The `Content-Length` value a request carries, as the official SDKs send it: every request
/// with a body-bearing method states its length, `0` for an empty body (RFC 9110 §8.6: a
/// strict gateway answers 411 otherwise); a GET without a body carries none.
fn framing_length(method: &reqwest::Method, body_len: usize) -> Option<String> {
    let bodiless = *method == reqwest::Method::GET || *method == reqwest::Method::HEAD;
    (!bodiless || body_len > 0).then(|| body_len.to_string())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn delay_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
