//! [`CloudError`]: an error answer of a cloud API, as the client reports it: cloud, action,
//! code, message, HTTP status, request id and the attempts made. It displays exactly as
//! `<cloud> <Action> failed: <Code>: <Message> (request id <id>)`.

use std::fmt;

use tether_wire::api::CloudErrorParts;
use tether_wire::cloud::Cloud;

use crate::retry;

/// An error answer of a cloud API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudError {
    /// The cloud called.
    pub cloud: Cloud,
    /// The API called (`AssociateEipAddress`, ...).
    pub action: &'static str,
    /// The cloud's error code (`InvalidAllocationId.NotFound`, ...), or
    /// [`tether_wire::api::error::UNRECOGNIZED_ERROR_CODE`] for a failed answer without a
    /// recognisable envelope.
    pub code: String,
    /// The cloud's message.
    pub message: String,
    /// HTTP status of the answer (Tencent errors come with 200).
    pub http_status: u16,
    /// The request id the cloud echoed, if any.
    pub request_id: Option<String>,
    /// HTTP attempts the call made before it gave up with this answer (more than one when a
    /// transient error outlasted the retries).
    pub attempts: u32,
    /// An earlier attempt of this call ended with its outcome unknown (a server error or an
    /// exchange that broke off, see [`crate::retry::leaves_outcome_unknown`]): for a write,
    /// that attempt may have taken effect, and this answer may be to its retry.
    pub earlier_outcome_unknown: bool,
}

impl CloudError {
    pub(crate) fn from_parts(cloud: Cloud, action: &'static str, parts: CloudErrorParts) -> Self {
        CloudError {
            cloud,
            action,
            code: parts.code,
            message: parts.message,
            http_status: parts.http_status,
            request_id: parts.request_id,
            attempts: 1,
            earlier_outcome_unknown: false,
        }
    }

    /// Whether retrying may succeed: the cloud's transient codes, or a 5xx/429 status.
    pub fn is_transient(&self) -> bool {
        retry::is_transient_code(self.cloud, &self.code)
            || retry::is_transient_status(self.http_status)
    }
}

impl fmt::Display for CloudError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} failed: {}: {}",
            self.cloud, self.action, self.code, self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if self.attempts > 1 {
            write!(f, " (gave up after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for CloudError {}
