//! The clouds' success envelopes and the unwrapping / wrapping of answers: Tencent
//! `{"Response": {...}}`, Volcengine `{"ResponseMetadata": {...}, "Result": {...}}`,
//! Alibaba's bare object (the error envelopes are in [`super::error`]).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::error::{decode_error, VolcengineErrorDetail};
use super::{ActionInfo, Cloud, ResponseError};

/// Tencent success envelope: `{"Response": T}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TencentEnvelope<T> {
    #[serde(rename = "Response")]
    pub response: T,
}

lenient_struct! {
    /// `ResponseMetadata` of every Volcengine answer; `Error` only on failures.
    #[derive(Eq)]
    pub struct ResponseMetadata {
        request_id: String,
        action: String,
        version: String,
        service: String,
        region: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<VolcengineErrorDetail> => serde,
    }
}

/// Volcengine success envelope: `{"ResponseMetadata": …, "Result": T}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VolcengineEnvelope<T> {
    #[serde(rename = "ResponseMetadata", default)]
    pub response_metadata: ResponseMetadata,
    #[serde(rename = "Result", skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
}

/// Finds an error answer in any of the clouds' shapes, else unwraps `cloud`'s success
/// envelope and parses `T`.
pub(super) fn decode_response_body<T: DeserializeOwned>(
    cloud: Cloud,
    action: &'static str,
    http_status: u16,
    body: &[u8],
) -> Result<T, ResponseError> {
    if let Some(err) = decode_error(cloud, http_status, body) {
        return Err(ResponseError::Cloud(err));
    }
    let malformed = |reason: String| ResponseError::Malformed {
        cloud,
        action,
        reason,
    };
    match cloud {
        Cloud::Alibaba => serde_json::from_slice::<T>(body).map_err(|e| malformed(e.to_string())),
        Cloud::Tencent => serde_json::from_slice::<TencentEnvelope<T>>(body)
            .map(|env| env.response)
            .map_err(|e| malformed(e.to_string())),
        Cloud::Volcengine => {
            let env = serde_json::from_slice::<VolcengineEnvelope<T>>(body)
                .map_err(|e| malformed(e.to_string()))?;
            env.result
                .ok_or_else(|| malformed("the answer has no Result".to_string()))
        }
    }
}

/// Wraps a response payload in `cloud`'s success envelope.
pub(super) fn encode_response_body<T: Serialize>(
    cloud: Cloud,
    info: &ActionInfo,
    region: &str,
    request_id: &str,
    resp: &T,
) -> serde_json::Value {
    let payload = serde_json::to_value(resp).unwrap_or(serde_json::Value::Null);
    match cloud {
        Cloud::Alibaba => payload,
        Cloud::Tencent => serde_json::json!({ "Response": payload }),
        Cloud::Volcengine => {
            let meta = ResponseMetadata {
                request_id: request_id.to_string(),
                action: info.action.to_string(),
                version: info.version.to_string(),
                service: info.service.to_string(),
                region: region.to_string(),
                error: None,
            };
            serde_json::json!({
                "ResponseMetadata": serde_json::to_value(meta).unwrap_or(serde_json::Value::Null),
                "Result": payload,
            })
        }
    }
}
