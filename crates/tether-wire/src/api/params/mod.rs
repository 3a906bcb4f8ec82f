//! Flattening of typed requests into ordered query/form parameters and back, shared by
//! the Alibaba RPC APIs and the Volcengine GET APIs, plus [`ParamError`], the typed
//! failure of parsing a request (also used for Tencent's JSON bodies).
//!
//! Wire conventions honoured here:
//! - repeated values are `Name.1`, `Name.2`, … (1-based, contiguous); `Name.0`, a gap or an
//!   index above the documented maximum is an error;
//! - filters are `Name.N.Key` with `Name.N.Value` (Alibaba EIP) or `Name.N.Values.M`
//!   (Volcengine `TagFilters`, Alibaba `Filter.N.Value.M` style);
//! - some Alibaba ECS lists are one parameter holding a JSON array of strings
//!   (`InstanceIds=["i-1","i-2"]`); an empty array `[]` is a filter that matches nothing,
//!   so it is kept apart from an absent parameter;
//! - an empty value (`Key=`) counts as absent (the classic Alibaba SDK sends blank
//!   `SignatureType=`; the gateways treat empty action parameters as not given);
//! - booleans are written `true`/`false` and read case-insensitively (the Python SDKs
//!   send `True`);
//! - parameters that the action does not define (common parameters such as `Action`,
//!   `Signature`, `Format`, …) are ignored when parsing.

mod reader;
#[cfg(test)]
mod tests;
mod writer;

pub use reader::ParamReader;
pub use writer::ParamWriter;

use super::Cloud;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a request could not be parsed. Every variant names the offending parameter the way
/// it appears on the wire (`InstanceId.21`, `PageSize`, `Filters.0.Values`, …).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParamError {
    /// A required parameter is absent or empty (for a repeated list, the first missing
    /// index, e.g. `InstanceId.1`, or `InstanceId.2` when `InstanceId.3` is given).
    #[error("missing required parameter {name}")]
    Missing { name: String },
    /// Present but not of the expected type or syntax (non-integer `PageSize`, bad
    /// boolean, bad list index, parameter given twice, …).
    #[error("malformed parameter {name}={value:?}: {reason}")]
    Malformed {
        name: String,
        value: String,
        reason: String,
    },
    /// More repeated items than the API documents (`name` is the pattern, e.g.
    /// `InstanceId.N`; `got` is the count or highest index given).
    #[error("too many values for {name}: {got} given, at most {max} allowed")]
    TooMany {
        name: String,
        max: usize,
        got: usize,
    },
    /// An integer outside the documented range (page sizes, page numbers, limits).
    #[error("parameter {name}={value} out of range {min}..={max}")]
    OutOfRange {
        name: String,
        value: i64,
        min: i64,
        max: i64,
    },
    /// A JSON request body carried a parameter the action does not define (Tencent
    /// rejects those with `UnknownParameter`).
    #[error("unknown parameter {name}")]
    Unknown { name: String },
    /// The request body is not a JSON object (Tencent) or the wrong encoding was used.
    #[error("invalid request body: {reason}")]
    InvalidBody { reason: String },
}

impl ParamError {
    /// The parameter the error is about (`None` for [`ParamError::InvalidBody`]).
    pub fn param_name(&self) -> Option<&str> {
        match self {
            ParamError::Missing { name }
            | ParamError::Malformed { name, .. }
            | ParamError::TooMany { name, .. }
            | ParamError::OutOfRange { name, .. }
            | ParamError::Unknown { name } => Some(name),
            ParamError::InvalidBody { .. } => None,
        }
    }

    /// The generic error code each cloud answers for this kind of request problem.
    ///
    /// Alibaba and Volcengine use `MissingParameter` / `InvalidParameter`; Tencent uses
    /// `MissingParameter`, `InvalidParameter` (type/syntax), `InvalidParameterValue`
    /// (value out of range or too many items) and `UnknownParameter`.
    pub fn error_code(&self, cloud: Cloud) -> &'static str {
        match (self, cloud) {
            (ParamError::Missing { .. }, _) => "MissingParameter",
            (ParamError::Unknown { .. }, Cloud::Tencent) => "UnknownParameter",
            (ParamError::OutOfRange { .. } | ParamError::TooMany { .. }, Cloud::Tencent) => {
                "InvalidParameterValue"
            }
            _ => "InvalidParameter",
        }
    }

    /// The HTTP status each cloud uses for request-parameter errors (Tencent API 3.0
    /// answers every error with 200).
    pub fn http_status(&self, cloud: Cloud) -> u16 {
        match cloud {
            Cloud::Tencent => 200,
            Cloud::Alibaba | Cloud::Volcengine => 400,
        }
    }

    pub(crate) fn malformed(name: &str, value: &str, reason: impl Into<String>) -> Self {
        ParamError::Malformed {
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

/// One `Name.N.Key` / `Name.N.Value` pair (Alibaba `Tag.N`, `Filter.N` of
/// DescribeEipAddresses). `value` is optional on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValue {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl KeyValue {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        KeyValue {
            key: key.into(),
            value: Some(value.into()),
        }
    }
}

/// One `Name.N.Key` / `Name.N.Values.M` filter (Volcengine `TagFilters.N`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValues {
    pub key: String,
    #[serde(default)]
    pub values: Vec<String>,
}

/// Looks a parameter up by name (first occurrence); handy for routing on `Action`.
pub fn find_param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Converts borrowed pairs into the owned form [`ParamReader`] takes.
pub fn owned_params<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string()))
        .collect()
}
