//! The pipeline every API call goes through once its cloud's front end has read it, as
//! small named steps: authenticate → find the API → check its version and region → inject
//! a fault → check the client token → run the handler the service registered → settle,
//! remember the token and persist (or roll back) → answer. [`App::process`] is the entry:
//! it hands the request to its cloud's front end, runs the steps and logs the call.

use serde_json::Value;
use tether_wire::api::{find_action, ActionInfo, RequestPayload};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::volcengine_vpc as volc_err;
use tether_wire::constraints::ApiError;
use tether_wire::sign::IncomingRequest;

use super::front::{self, classify, param, Destination, Front};
use super::{App, CallRecord, Inner};
use crate::answer::{self, Answer, Failure};
use crate::auth::{self, Caller, NonceCache};
use crate::call::Call;
use crate::clock::{self, now_ms};
use crate::faults::{self, Injected};
use crate::idempotency::{self, IdempotencyEntry, TokenCheck};
use crate::services::{self, Route};

/// What serving one request produced: the answer, how long to hold it back (injected
/// latency) and the call-log record.
pub(super) struct Outcome {
    pub(super) answer: Answer,
    pub(super) latency_ms: u64,
    pub(super) record: CallRecord,
}

/// One authenticated call on its way through the steps: what each needs to answer.
struct Served<'a> {
    app: &'a App,
    front: Front,
    access_key: String,
    now: u64,
    request_id: &'a str,
    /// Injected latency, known once the fault draw has happened.
    latency_ms: u64,
}

impl Served<'_> {
    fn cloud(&self) -> Cloud {
        self.front.envelope.cloud()
    }

    /// Ends the call with `answer` (logged as an authenticated call).
    fn answer(self, answer: Answer, injected: Option<&'static str>) -> Outcome {
        let record = self.app.record(
            Some(&self.front),
            Some(&self.access_key),
            self.now,
            self.request_id,
            &answer,
            injected,
        );
        Outcome {
            answer,
            latency_ms: self.latency_ms,
            record,
        }
    }

    /// Ends the call with the cloud's rendering of `f`.
    fn fail(self, f: Failure) -> Outcome {
        let answer = self.front.envelope.error(&f, self.request_id);
        self.answer(answer, None)
    }
}

/// What the client-token step decided.
enum TokenStep {
    /// Run the handler; remember the answer under this `(key, fingerprint)` if given.
    Proceed(Option<(String, String)>),
    /// Answer this earlier success again.
    Replay(Value),
    /// Refuse the call.
    Refuse(Failure),
}

impl App {
    /// Serves one API request: settles the due transitions, hands the request to its
    /// cloud's front end and the pipeline, and logs the call.
    pub(super) fn process(&self, req: &IncomingRequest<'_>) -> Outcome {
        let now = now_ms();
        let request_id = clock::request_id();
        let destination = classify(req);
        let mut inner = self.lock();
        services::advance(&mut inner.world, now);
        let keys = &self.keys;
        let mut outcome = match destination {
            Destination::Unknown => self.unrecognized(now, &request_id),
            Destination::Alibaba(style) => self.pipeline_if_decoded(
                &mut inner,
                front::alibaba_front(style, req),
                now,
                &request_id,
                "The query string or form body is not correctly percent-encoded UTF-8.",
                |nonces| auth::verify_alibaba(style, req, keys, nonces, now),
            ),
            Destination::Tencent => {
                let front = front::tencent_front(req);
                match tencent_transport_error(req) {
                    Some(f) => self.reject(front, now, &request_id, f),
                    None => self.pipeline(&mut inner, front, now, &request_id, |_| {
                        auth::verify_tencent(req, keys, now)
                    }),
                }
            }
            Destination::Volcengine => self.pipeline_if_decoded(
                &mut inner,
                front::volcengine_front(req),
                now,
                &request_id,
                "The query string is not correctly percent-encoded UTF-8.",
                |_| auth::verify_volcengine(req, keys, now),
            ),
        };
        outcome.record.request_bytes = req.raw_query.len() + req.body.len();
        inner.log(outcome.record.clone());
        outcome
    }

    /// The answer to a request of no emulated API.
    fn unrecognized(&self, now: u64, request_id: &str) -> Outcome {
        let answer = answer::unrecognized(
            "The request matches no emulated API: expected an Alibaba RPC call (ACS3 Authorization or Signature parameters), a Tencent API 3.0 call (TC3-HMAC-SHA256, X-TC-Action) or a Volcengine call (HMAC-SHA256, X-Date).",
        );
        let record = self.record(None, None, now, request_id, &answer, None);
        Outcome {
            answer,
            latency_ms: 0,
            record,
        }
    }

    /// Refuses an unauthenticated call (logged without its parameters).
    fn reject(&self, front: Front, now: u64, request_id: &str, f: Failure) -> Outcome {
        let answer = front.envelope.error(&f, request_id);
        let record = self.record(Some(&front), None, now, request_id, &answer, None);
        Outcome {
            answer,
            latency_ms: 0,
            record,
        }
    }

    /// Runs the steps of a call whose front end decoded its parameters (`decoded` of the
    /// front end's answer); refuses one it could not decode with `InvalidParameter` (400)
    /// and `undecoded_message`.
    fn pipeline_if_decoded(
        &self,
        inner: &mut Inner,
        (front, decoded): (Front, bool),
        now: u64,
        request_id: &str,
        undecoded_message: &'static str,
        verify: impl FnOnce(&mut NonceCache) -> Result<Caller, Failure>,
    ) -> Outcome {
        if decoded {
            self.pipeline(inner, front, now, request_id, verify)
        } else {
            let f = Failure::new(400, "InvalidParameter", undecoded_message);
            self.reject(front, now, request_id, f)
        }
    }

    /// The steps of one call, in order; the first that refuses answers.
    fn pipeline(
        &self,
        inner: &mut Inner,
        front: Front,
        now: u64,
        request_id: &str,
        verify: impl FnOnce(&mut NonceCache) -> Result<Caller, Failure>,
    ) -> Outcome {
        let caller = match verify(&mut inner.nonces) {
            Ok(c) => c,
            Err(f) => return self.reject(front, now, request_id, f),
        };
        let mut served = authenticated(self, front, caller, now, request_id);
        let checked = find_api(&served.front).and_then(|info| {
            check_version(&served.front, info)?;
            check_region(&served.front)?;
            Ok(info)
        });
        let info = match checked {
            Ok(info) => info,
            Err(f) => return served.fail(f),
        };
        let (injected, latency) = inner.world.faults.draw(info.action);
        served.latency_ms = latency;
        if let Some((kind, f)) = injected_failure(injected, served.cloud()) {
            let answer = served.front.envelope.error(&f, request_id);
            return served.answer(answer, Some(kind));
        }
        let route = services::route(served.cloud(), info.action);
        let write = route.is_some_and(|r| r.writes);
        let token_key = match check_client_token(inner, &served, info, write) {
            TokenStep::Proceed(key) => key,
            TokenStep::Replay(body) => {
                let answer = served.front.envelope.success(&body, info.action);
                return served.answer(answer, None);
            }
            TokenStep::Refuse(f) => return served.fail(f),
        };
        let snapshot = (write && self.state_file.is_some()).then(|| inner.world.clone());
        let answer = match run_handler(inner, route, &served, info) {
            Ok(body) => {
                remember(inner, &served, info, write, token_key, &body);
                self.persist_or_roll_back(inner, &served, info, write, snapshot, &body)
            }
            Err(f) => served.front.envelope.error(&f, request_id),
        };
        served.answer(answer, None)
    }

    /// After a successful handler: persists a write (`--state`), or rolls the world back
    /// and answers `InternalError` when that fails.
    fn persist_or_roll_back(
        &self,
        inner: &mut Inner,
        served: &Served<'_>,
        info: &ActionInfo,
        write: bool,
        snapshot: Option<crate::state::World>,
        body: &Value,
    ) -> Answer {
        let persisted = if write {
            self.persist(&inner.world)
        } else {
            Ok(())
        };
        match persisted {
            Ok(()) => served.front.envelope.success(body, info.action),
            Err(e) => {
                tracing::error!(error = %e, "could not persist the state; the write is rolled back");
                if let Some(prev) = snapshot {
                    inner.world = prev;
                }
                let f = Failure::new(
                    if served.cloud() == Cloud::Tencent {
                        200
                    } else {
                        500
                    },
                    "InternalError",
                    format!("The emulator could not persist its state: {e}"),
                );
                served.front.envelope.error(&f, served.request_id)
            }
        }
    }
}

/// Tencent API 3.0 is a POST with a UTF-8 JSON body; anything else is refused before the
/// signature is looked at.
fn tencent_transport_error(req: &IncomingRequest<'_>) -> Option<Failure> {
    if req.method != "POST" {
        Some(Failure::new(
            200,
            "InvalidParameter",
            "The emulator serves Tencent API 3.0 as POST requests with a JSON body (TC3-HMAC-SHA256).",
        ))
    } else if std::str::from_utf8(req.body).is_err() {
        Some(Failure::new(
            200,
            "InvalidParameter",
            "The request body is not UTF-8.",
        ))
    } else {
        None
    }
}

/// The call as its caller made it: a Volcengine credential scope names the region.
fn authenticated<'a>(
    app: &'a App,
    mut front: Front,
    caller: Caller,
    now: u64,
    request_id: &'a str,
) -> Served<'a> {
    if let Some(region) = &caller.scope_region {
        front.region = region.clone();
        if let front::Envelope::Volcengine { region: r, .. } = &mut front.envelope {
            *r = region.clone();
        }
    }
    Served {
        app,
        front,
        access_key: caller.access_key,
        now,
        request_id,
        latency_ms: 0,
    }
}

/// The API the call names, or the cloud's refusal of a missing or unknown action.
fn find_api(front: &Front) -> Result<&'static ActionInfo, Failure> {
    let cloud = front.envelope.cloud();
    let Some(action_name) = front.action.as_deref() else {
        return Err(Failure::missing_parameter(cloud, "Action"));
    };
    find_action(cloud, action_name).ok_or_else(|| match cloud {
        Cloud::Alibaba => Failure::new(
            404,
            "InvalidAction.NotFound",
            format!(
                "Specified api is not found, please check your url and method. ({action_name})"
            ),
        ),
        Cloud::Tencent => Failure::new(
            200,
            "InvalidAction",
            format!("The requested action `{action_name}` does not exist."),
        ),
        Cloud::Volcengine => {
            volcengine_unknown_operation(action_name, front.version.as_deref().unwrap_or(""))
        }
    })
}

/// Volcengine's refusal of an action it does not know in `version`: the same answer for an
/// unknown action and for a known one under another version.
fn volcengine_unknown_operation(action_name: &str, version: &str) -> Failure {
    Failure::new(
        404,
        "InvalidActionOrVersion",
        format!("Could not find operation {action_name} for version {version}"),
    )
}

/// The call names the API's version (Volcengine may leave it out only to be told it is
/// wrong).
fn check_version(front: &Front, info: &ActionInfo) -> Result<(), Failure> {
    let cloud = front.envelope.cloud();
    let action_name = info.action;
    match front.version.as_deref() {
        Some(v) if v == info.version => Ok(()),
        None if cloud != Cloud::Volcengine => Err(Failure::missing_parameter(cloud, "Version")),
        other => {
            let v = other.unwrap_or("");
            Err(match cloud {
                Cloud::Alibaba => Failure::new(
                    400,
                    "InvalidVersion",
                    format!("Specified parameter Version ({v}) is not valid for {action_name}."),
                ),
                Cloud::Tencent => Failure::new(
                    200,
                    "NoSuchVersion",
                    format!("The requested version `{v}` of API `{action_name}` does not exist."),
                ),
                Cloud::Volcengine => volcengine_unknown_operation(action_name, v),
            })
        }
    }
}

/// A Tencent call names its region (`X-TC-Region`).
fn check_region(front: &Front) -> Result<(), Failure> {
    if front.envelope.cloud() == Cloud::Tencent && front.region.is_empty() {
        return Err(Failure::missing_parameter(Cloud::Tencent, "Region"));
    }
    Ok(())
}

/// The failure a fault draw injects, with its call-log name.
fn injected_failure(injected: Injected, cloud: Cloud) -> Option<(&'static str, Failure)> {
    let (kind, (status, code, message)) = match injected {
        Injected::None => return None,
        Injected::Throttle => ("throttle", faults::throttle_error(cloud)),
        Injected::ServerError => ("server_error", faults::server_error(cloud)),
    };
    Some((kind, Failure::new(status, code, message)))
}

/// A write's `ClientToken`: a fresh token proceeds (and is remembered after success), the
/// token of an identical earlier success replays its answer, one still in process or of a
/// different request is refused. Reads and calls without a token proceed.
fn check_client_token(
    inner: &Inner,
    served: &Served<'_>,
    info: &ActionInfo,
    write: bool,
) -> TokenStep {
    let token = match &served.front.payload {
        RequestPayload::Params(p) => param(p, "ClientToken"),
        RequestPayload::Json(_) => None,
    };
    let Some(token) = token.filter(|_| write) else {
        return TokenStep::Proceed(None);
    };
    let cloud = served.cloud();
    let mut fp_params = served.front.token_params.clone();
    fp_params.push(("__region".into(), served.front.region.clone()));
    let fp = idempotency::fingerprint(&fp_params);
    let key = format!(
        "{}:{}:{}:{token}",
        cloud.name(),
        served.access_key,
        info.action
    );
    match idempotency::check(&inner.world.idempotency, &key, &fp, served.now) {
        TokenCheck::Fresh => TokenStep::Proceed(Some((key, fp))),
        TokenCheck::Replay { body, .. } => TokenStep::Replay(body),
        TokenCheck::Processing => TokenStep::Refuse(token_refusal(
            cloud,
            volc_err::IDEMPOTENT_PROCESSING,
            "IdempotentProcessing",
            "The request uses the same client token as a previous one that is still in process.",
        )),
        TokenCheck::Mismatch => TokenStep::Refuse(token_refusal(
            cloud,
            volc_err::IDEMPOTENT_PARAMETER_MISMATCH,
            "IdempotentParameterMismatch",
            "The request uses the same client token as a previous, but non-identical request.",
        )),
    }
}

/// The refusal of a reused client token: Volcengine's documented error, or the HTTP 400
/// `code` with `message` the other clouds answer.
fn token_refusal(cloud: Cloud, volcengine: ApiError, code: &str, message: &str) -> Failure {
    if cloud == Cloud::Volcengine {
        Failure::from(volcengine)
    } else {
        Failure::new(400, code, message)
    }
}

/// Runs the handler the service registered for the API.
fn run_handler(
    inner: &mut Inner,
    route: Option<&'static Route>,
    served: &Served<'_>,
    info: &'static ActionInfo,
) -> Result<Value, Failure> {
    let call = Call {
        cloud: served.cloud(),
        action: info,
        region: served.front.region.clone(),
        payload: served.front.payload.clone(),
        request_id: served.request_id.to_string(),
        now_ms: served.now,
    };
    match route {
        Some(r) => (r.handler)(&mut inner.world, &call),
        None => Err(Failure::new(
            500,
            "InternalError",
            format!("no handler for {}", info.action),
        )),
    }
}

/// After a successful handler: settles what is already due, forgets the tokens of earlier
/// writes on the same resource, and remembers this write's token with its answer.
fn remember(
    inner: &mut Inner,
    served: &Served<'_>,
    info: &ActionInfo,
    write: bool,
    token_key: Option<(String, String)>,
    body: &Value,
) {
    let now = served.now;
    services::advance(&mut inner.world, now);
    let resource = idempotency::resource_key(info.action, &served.front.token_params)
        .map(|r| format!("{}:{}:{r}", served.cloud().name(), served.access_key))
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
}
