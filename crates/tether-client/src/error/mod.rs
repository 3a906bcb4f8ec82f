//! The client's one error type, [`ClientError`]: cloud errors (decoded with
//! [`tether_wire::api::decode_error`], whatever the envelope: Alibaba's flat body, Tencent's
//! HTTP-200 `Response.Error`, Volcengine's `ResponseMetadata.Error`), transport failures,
//! deadlines, cancellation, undecodable answers, and the waiters' outcomes.
//!
//! A cloud error displays exactly as
//! `<cloud> <Action> failed: <Code>: <Message> (request id <id>)`. No variant carries the
//! access key secret, the security token, a signature, an `Authorization` value or a URL.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tether_wire::api::ApiAction;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::tencent_vpc;
use tether_wire::sign::SignError;

mod cloud;

pub use cloud::CloudError;

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    Connect,
    /// The attempt exceeded its time limit.
    Timeout,
    /// Sending the request or reading the answer broke off.
    Interrupted,
    /// Anything else (invalid request, redirect loop): not retried.
    Other,
}

impl TransportKind {
    pub(crate) fn of(err: &reqwest::Error) -> Self {
        if err.is_timeout() {
            TransportKind::Timeout
        } else if err.is_connect() {
            TransportKind::Connect
        } else if err.is_request() || err.is_body() {
            TransportKind::Interrupted
        } else {
            TransportKind::Other
        }
    }
}

/// Every way a call or a wait can fail. Cheap to clone: a transport failure's source is shared.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ClientError {
    /// The cloud answered with an error.
    #[error("{0}")]
    Cloud(CloudError),

    /// The HTTP exchange failed (the error chain holds no URL).
    #[error("{cloud} {action} failed: transport error: {detail}")]
    Transport {
        cloud: Cloud,
        action: &'static str,
        kind: TransportKind,
        /// The error and its causes, joined with `: `.
        detail: String,
        /// The HTTP client's error, shared by every copy of this one.
        #[source]
        source: Arc<reqwest::Error>,
    },

    /// The call's deadline passed before it could succeed.
    #[error(
        "{cloud} {action} failed: deadline exceeded after {:.1}s ({attempts} attempt{}){}",
        waited.as_secs_f64(),
        plural(*attempts),
        framed("; last error: ", last_error.as_ref(), "")
    )]
    Timeout {
        cloud: Cloud,
        action: &'static str,
        /// Time spent in the call.
        waited: Duration,
        /// HTTP attempts made.
        attempts: u32,
        /// The last (transient) error, if an attempt failed.
        last_error: Option<Box<ClientError>>,
    },

    /// The caller cancelled the operation.
    #[error("{operation} cancelled")]
    Cancelled {
        /// What was cancelled (`alibaba AssociateEipAddress`, `waiting for ...`).
        operation: String,
    },

    /// The answer is neither an error nor the expected success shape.
    #[error(
        "{cloud} {action} failed: undecodable response (HTTP {http_status}): {reason}{}",
        framed(" (request id ", request_id.as_ref(), ")")
    )]
    Decode {
        cloud: Cloud,
        action: &'static str,
        http_status: u16,
        request_id: Option<String>,
        reason: String,
    },

    /// The request could not be signed.
    #[error("{cloud} {action} failed: the request could not be signed: {source}")]
    Sign {
        cloud: Cloud,
        action: &'static str,
        #[source]
        source: SignError,
    },

    /// The configuration or the request cannot be used.
    #[error("invalid client use: {0}")]
    Config(String),

    /// A Tencent asynchronous task ended `FAILED`.
    #[error(
        "tencent task {task_id} failed (DescribeTaskResult answered FAILED{})",
        framed(", request id ", request_id.as_ref(), "")
    )]
    TaskFailed {
        task_id: u64,
        request_id: Option<String>,
    },

    /// An ESS scaling activity ended `Failed` or `Rejected`.
    #[error(
        "alibaba scaling activity {activity_id} ended {status_code}{}{}",
        framed(": ", non_empty(error_code), ""),
        framed(": ", non_empty(status_message), "")
    )]
    ActivityFailed {
        activity_id: String,
        /// `Failed` or `Rejected`.
        status_code: String,
        /// The activity's `StatusMessage`.
        status_message: String,
        /// The activity's `ErrorCode`, possibly empty.
        error_code: String,
        /// The activity's `ErrorMessage`, possibly empty.
        error_message: String,
    },

    /// A wait's deadline passed before the awaited state was reached.
    #[error(
        "timed out after {:.1}s {what} ({polls} poll{}{})",
        waited.as_secs_f64(),
        plural(*polls),
        framed(", last state: ", last_state.as_ref(), "")
    )]
    WaitTimeout {
        /// What was awaited (`waiting for EIP eip-1 to be InUse`).
        what: String,
        waited: Duration,
        polls: u32,
        /// The last state seen.
        last_state: Option<String>,
    },

    /// A wait cannot succeed (the awaited resource is gone, a task id does not parse).
    #[error("{what} failed: {reason}")]
    WaitFailed { what: String, reason: String },
}

/// The plural ending of a count of `n`.
fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `text` between `before` and `after`, or nothing without `text`.
fn framed(before: &str, text: Option<impl fmt::Display>, after: &str) -> String {
    text.map(|t| format!("{before}{t}{after}"))
        .unwrap_or_default()
}

/// `text` unless it is empty.
fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

impl ClientError {
    pub(crate) fn transport(cloud: Cloud, action: &'static str, err: reqwest::Error) -> Self {
        let err = err.without_url();
        let kind = TransportKind::of(&err);
        let mut detail = err.to_string();
        let mut cause = std::error::Error::source(&err);
        while let Some(c) = cause {
            let text = c.to_string();
            if !detail.ends_with(&text) {
                detail.push_str(": ");
                detail.push_str(&text);
            }
            cause = c.source();
        }
        ClientError::Transport {
            cloud,
            action,
            kind,
            detail,
            source: Arc::new(err),
        }
    }

    /// The error as another reader of the same failed call gets it (a coalesced read,
    /// [`crate::coalesce`]): a copy, except that a transport failure reaches one reader as
    /// itself and the others as a [`ClientError::WaitFailed`] that displays exactly like it.
    pub(crate) fn for_another_reader(&self) -> ClientError {
        match self {
            ClientError::Transport {
                cloud,
                action,
                detail,
                ..
            } => ClientError::WaitFailed {
                what: format!("{cloud} {action}"),
                reason: format!("transport error: {detail}"),
            },
            ClientError::Timeout {
                cloud,
                action,
                waited,
                attempts,
                last_error,
            } => ClientError::Timeout {
                cloud: *cloud,
                action,
                waited: *waited,
                attempts: *attempts,
                last_error: last_error
                    .as_deref()
                    .map(|e| Box::new(e.for_another_reader())),
            },
            other => other.clone(),
        }
    }

    /// The deadline of a call of API `A` passed after `waited` and `attempts` HTTP attempts,
    /// the last of which failed with `last_error` (if one did).
    pub(crate) fn deadline_exceeded<A: ApiAction>(
        waited: Duration,
        attempts: u32,
        last_error: Option<ClientError>,
    ) -> Self {
        ClientError::Timeout {
            cloud: A::CLOUD,
            action: A::ACTION,
            waited,
            attempts,
            last_error: last_error.map(Box::new),
        }
    }

    /// The error a call gives up with after `attempts` HTTP attempts, saying so.
    pub(crate) fn after_attempts(self, attempts: u32) -> Self {
        match self {
            ClientError::Cloud(mut e) => {
                e.attempts = attempts;
                ClientError::Cloud(e)
            }
            ClientError::Transport {
                cloud,
                action,
                kind,
                detail,
                source,
            } if attempts > 1 => ClientError::Transport {
                cloud,
                action,
                kind,
                detail: format!("{detail} (gave up after {attempts} attempts)"),
                source,
            },
            other => other,
        }
    }

    /// The cloud's error code, for a cloud error (or the `ErrorCode` of a failed scaling
    /// activity).
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Cloud(e) => Some(&e.code),
            ClientError::ActivityFailed { error_code, .. } if !error_code.is_empty() => {
                Some(error_code)
            }
            _ => None,
        }
    }

    /// The cloud error, when this is one.
    pub fn cloud_error(&self) -> Option<&CloudError> {
        match self {
            ClientError::Cloud(e) => Some(e),
            _ => None,
        }
    }

    /// The request id the cloud echoed, when there is one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ClientError::Cloud(e) => e.request_id.as_deref(),
            ClientError::Decode { request_id, .. } | ClientError::TaskFailed { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            ClientError::Cloud(e) => Some(e.http_status),
            ClientError::Decode { http_status, .. } => Some(*http_status),
            _ => None,
        }
    }

    /// Whether retrying the same request may succeed: transient cloud codes, 5xx/429, and
    /// connection failures, timeouts and interrupted exchanges. See [`crate::retry`].
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Cloud(e) => e.is_transient(),
            ClientError::Transport { kind, .. } => *kind != TransportKind::Other,
            _ => false,
        }
    }

    /// Whether a write that ended with this error may still have taken effect, so that the
    /// caller must look before concluding it did not. A cloud's refusal rules it out, unless
    /// the refusal itself leaves the outcome unknown (a server error) or an earlier attempt
    /// did (then the refusal may answer a retry of an attempt that landed); so does a request
    /// that was never sent. Anything else (a broken exchange, a deadline, a failed wait after
    /// the write was accepted) leaves it open.
    pub fn write_may_have_landed(&self) -> bool {
        match self {
            ClientError::Cloud(e) => {
                e.earlier_outcome_unknown || crate::retry::leaves_outcome_unknown(self)
            }
            ClientError::Sign { .. } | ClientError::Config(_) => false,
            _ => true,
        }
    }

    /// This error, noting that an earlier attempt of its call left the outcome unknown
    /// ([`CloudError::earlier_outcome_unknown`]).
    pub(crate) fn after_unknown_outcome(self, earlier_outcome_unknown: bool) -> Self {
        match self {
            ClientError::Cloud(mut e) => {
                e.earlier_outcome_unknown |= earlier_outcome_unknown;
                ClientError::Cloud(e)
            }
            other => other,
        }
    }

    /// Whether the cloud does not serve the called action at all (Alibaba
    /// `InvalidAction.NotFound` / `InvalidApi.NotFound`, HTTP 404): for
    /// AssociateGlobalAccelerationInstance, the legacy API the account may no longer call
    /// (see [`tether_wire::constraints::ga_backend::LEGACY_API_REFUSED_DETAIL`]).
    pub fn is_action_unavailable(&self) -> bool {
        self.cloud_error().is_some_and(|e| {
            e.cloud == Cloud::Alibaba
                && tether_wire::constraints::alibaba_vpc::is_action_unavailable(&e.code)
        })
    }

    /// What a Tencent EIP API error means for a binding (already bound, not bound, not
    /// found, busy, in arrears or blocked), whichever generation of codes the cloud answered
    /// with; `None` for other errors.
    pub fn tencent_address_class(&self) -> Option<tencent_vpc::AddressCodeClass> {
        self.cloud_error()
            .filter(|e| e.cloud == Cloud::Tencent)
            .and_then(|e| tencent_vpc::classify(e.action, &e.code))
    }

    /// Whether the error means the operation was cancelled by the caller.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, ClientError::Cancelled { .. })
    }

    /// Whether the error means a deadline passed (of a call or of a wait).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            ClientError::Timeout { .. } | ClientError::WaitTimeout { .. }
        )
    }
}

impl From<CloudError> for ClientError {
    fn from(e: CloudError) -> Self {
        ClientError::Cloud(e)
    }
}

#[cfg(test)]
mod tests;
