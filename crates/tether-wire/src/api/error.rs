//! Error envelopes of the three clouds and [`decode_error`], which finds an error in an
//! HTTP answer whatever its shape.
//!
//! - Alibaba RPC: HTTP 4xx/5xx, flat body `{RequestId, HostId, Code, Message, Recommend}`
//!   (sometimes `AccessDeniedDetail` for RAM denials). Throttling often comes as 400, so
//!   callers must look at `Code`, not at the status.
//! - Tencent API 3.0: **HTTP 200** with `{"Response":{"Error":{"Code","Message"},"RequestId"}}`;
//!   an answer is an error iff `Response.Error.Code` is non-empty. The old API 2.0 shape
//!   `{"code": <int>, "message", "codeDesc"}` (code 0 = success) is recognised too.
//! - Volcengine: usually 4xx/5xx, `{"ResponseMetadata":{RequestId,Action,Version,Service,
//!   Region,"Error":{"CodeN"?,"Code","Message"}}}` with no `Result`; the SDK treats a
//!   non-empty `ResponseMetadata.Error.Code` as an error even with HTTP 200. Without
//!   `ResponseMetadata` the gateway may answer `{"HTTPCode", "errorcode", "message"}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use super::envelope::ResponseMetadata;
use super::lenient::lenient;
use super::Cloud;

/// Code reported by [`decode_error`] for a non-success HTTP answer whose body matches
/// none of the clouds' error shapes (an HTML gateway page, an empty 502, …).
pub const UNRECOGNIZED_ERROR_CODE: &str = "UnrecognizedErrorResponse";

lenient_struct! {
    /// Alibaba RPC error body.
    pub struct AlibabaErrorBody {
        request_id: String,
        /// Endpoint host, e.g. `vpc.aliyuncs.com`.
        host_id: String,
        code: String,
        message: String,
        /// Troubleshooting URL (newer gateways).
        recommend: String,
        /// RAM denial details (object), when present.
        #[serde(skip_serializing_if = "Option::is_none")]
        access_denied_detail: Option<Value> => serde,
    }
}

impl AlibabaErrorBody {
    /// Builds an error body the way the gateway writes it, with the `Recommend` URL
    /// derived from the code and the product (`vpc` → `Vpc`, `ess` → `Ess`).
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
        host_id: impl Into<String>,
        service: &str,
    ) -> Self {
        let code = code.into();
        let recommend = alibaba_recommend_url(&code, service);
        AlibabaErrorBody {
            request_id: request_id.into(),
            host_id: host_id.into(),
            code,
            message: message.into(),
            recommend,
            access_denied_detail: None,
        }
    }
}

/// `https://next.api.aliyun.com/troubleshoot?q=<Code>&product=<Product>`.
pub fn alibaba_recommend_url(code: &str, service: &str) -> String {
    let mut product = String::with_capacity(service.len());
    let mut chars = service.chars();
    if let Some(first) = chars.next() {
        product.extend(first.to_uppercase());
        product.extend(chars);
    }
    const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let q = percent_encoding::utf8_percent_encode(code, QUERY_VALUE);
    format!("https://next.api.aliyun.com/troubleshoot?q={q}&product={product}")
}

lenient_struct! {
    /// Tencent `Response.Error`.
    #[derive(Eq)]
    pub struct TencentErrorDetail {
        code: String,
        message: String,
    }
}

lenient_struct! {
    /// Tencent `Response` object of an error answer.
    #[derive(Eq)]
    pub struct TencentErrorResponse {
        error: TencentErrorDetail => serde,
        #[serde(alias = "RequestID")]
        request_id: String,
    }
}

/// Tencent API 3.0 error envelope: `{"Response":{"Error":{…},"RequestId":…}}` (HTTP 200).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TencentErrorEnvelope {
    #[serde(rename = "Response")]
    pub response: TencentErrorResponse,
}

impl TencentErrorEnvelope {
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        TencentErrorEnvelope {
            response: TencentErrorResponse {
                error: TencentErrorDetail {
                    code: code.into(),
                    message: message.into(),
                },
                request_id: request_id.into(),
            },
        }
    }
}

/// Tencent API 2.0 (legacy) error shape.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TencentLegacyError {
    #[serde(deserialize_with = "lenient")]
    pub code: i64,
    #[serde(deserialize_with = "lenient")]
    pub message: String,
    #[serde(rename = "codeDesc", deserialize_with = "lenient")]
    pub code_desc: String,
}

lenient_struct! {
    /// Volcengine `ResponseMetadata.Error`.
    #[derive(Eq)]
    pub struct VolcengineErrorDetail {
        /// Numeric code, present on gateway errors (e.g. 100010 for SignatureDoesNotMatch).
        #[serde(rename = "CodeN", skip_serializing_if = "Option::is_none")]
        code_n: Option<i64>,
        code: String,
        message: String,
    }
}

/// Volcengine error envelope: `ResponseMetadata` with `Error`, no `Result`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VolcengineErrorEnvelope {
    #[serde(rename = "ResponseMetadata")]
    pub response_metadata: ResponseMetadata,
}

impl VolcengineErrorEnvelope {
    /// An error answer for `action`; `code_n` only for gateway errors.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        request_id: impl Into<String>,
        action: impl Into<String>,
        version: impl Into<String>,
        service: impl Into<String>,
        region: impl Into<String>,
        code: impl Into<String>,
        code_n: Option<i64>,
        message: impl Into<String>,
    ) -> Self {
        VolcengineErrorEnvelope {
            response_metadata: ResponseMetadata {
                request_id: request_id.into(),
                action: action.into(),
                version: version.into(),
                service: service.into(),
                region: region.into(),
                error: Some(VolcengineErrorDetail {
                    code_n,
                    code: code.into(),
                    message: message.into(),
                }),
            },
        }
    }
}

/// Volcengine "simple error" fallback shape (no `ResponseMetadata`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VolcengineSimpleError {
    #[serde(rename = "HTTPCode", deserialize_with = "lenient")]
    pub http_code: i64,
    #[serde(rename = "errorcode", deserialize_with = "lenient")]
    pub error_code: String,
    #[serde(rename = "message", deserialize_with = "lenient")]
    pub message: String,
}

/// The parts of a cloud error a caller needs: what to show and what to retry on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("[{code}] {message}{}", request_id.as_deref().map(|r| format!(" (request id {r})")).unwrap_or_default())]
pub struct CloudErrorParts {
    /// The cloud whose envelope shape matched.
    pub cloud: Cloud,
    /// HTTP status of the answer (Tencent errors are 200).
    pub http_status: u16,
    /// Error code, e.g. `InvalidAllocationId.NotFound`; [`UNRECOGNIZED_ERROR_CODE`] when
    /// a failed answer had no recognisable envelope.
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    /// Volcengine `CodeN`.
    pub code_n: Option<i64>,
    /// Alibaba `Recommend` URL.
    pub recommend: Option<String>,
}

impl CloudErrorParts {
    /// True when the answer matched one of the clouds' error shapes.
    pub fn is_recognized(&self) -> bool {
        self.code != UNRECOGNIZED_ERROR_CODE
    }
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

fn alibaba_shape(status: u16, v: &Value) -> Option<CloudErrorParts> {
    if is_success(status) {
        return None;
    }
    let obj = v.as_object()?;
    if !obj.contains_key("Code") {
        return None;
    }
    let body: AlibabaErrorBody = serde_json::from_value(v.clone()).ok()?;
    if body.code.is_empty() {
        return None;
    }
    Some(CloudErrorParts {
        cloud: Cloud::Alibaba,
        http_status: status,
        code: body.code,
        message: body.message,
        request_id: non_empty(body.request_id),
        code_n: None,
        recommend: non_empty(body.recommend),
    })
}

fn tencent_shape(status: u16, v: &Value) -> Option<CloudErrorParts> {
    let obj = v.as_object()?;
    if let Some(resp) = obj.get("Response") {
        resp.get("Error")?;
        let env: TencentErrorEnvelope = serde_json::from_value(v.clone()).ok()?;
        if env.response.error.code.is_empty() {
            return None;
        }
        return Some(CloudErrorParts {
            cloud: Cloud::Tencent,
            http_status: status,
            code: env.response.error.code,
            message: env.response.error.message,
            request_id: non_empty(env.response.request_id),
            code_n: None,
            recommend: None,
        });
    }
    // Legacy API 2.0: {"code": 4100, "message": "...", "codeDesc": "..."}.
    if obj.contains_key("code") && obj.contains_key("codeDesc") {
        let legacy: TencentLegacyError = serde_json::from_value(v.clone()).ok()?;
        if legacy.code == 0 {
            return None;
        }
        let code = non_empty(legacy.code_desc).unwrap_or_else(|| legacy.code.to_string());
        return Some(CloudErrorParts {
            cloud: Cloud::Tencent,
            http_status: status,
            code,
            message: legacy.message,
            request_id: None,
            code_n: Some(legacy.code),
            recommend: None,
        });
    }
    None
}

fn volcengine_shape(status: u16, v: &Value) -> Option<CloudErrorParts> {
    let obj = v.as_object()?;
    if let Some(meta) = obj.get("ResponseMetadata") {
        meta.get("Error")?;
        let meta: ResponseMetadata = serde_json::from_value(meta.clone()).ok()?;
        let err = meta.error?;
        if err.code.is_empty() {
            return None;
        }
        return Some(CloudErrorParts {
            cloud: Cloud::Volcengine,
            http_status: status,
            code: err.code,
            message: err.message,
            request_id: non_empty(meta.request_id),
            code_n: err.code_n,
            recommend: None,
        });
    }
    if obj.contains_key("errorcode") {
        let simple: VolcengineSimpleError = serde_json::from_value(v.clone()).ok()?;
        if simple.error_code.is_empty() {
            return None;
        }
        let http_status = u16::try_from(simple.http_code)
            .ok()
            .filter(|s| *s >= 100)
            .unwrap_or(status);
        return Some(CloudErrorParts {
            cloud: Cloud::Volcengine,
            http_status,
            code: simple.error_code,
            message: simple.message,
            request_id: None,
            code_n: None,
            recommend: None,
        });
    }
    None
}

/// Finds an error in an HTTP answer.
///
/// Returns `None` for a success. The shape of `cloud` is tried first, then the others
/// (so a misrouted or proxied answer is still understood): a Tencent `Response.Error`
/// and a Volcengine `ResponseMetadata.Error` count whatever the status (both are sent
/// with HTTP 200 in practice); Alibaba's flat `{Code, Message}` counts only with a
/// non-2xx status. A non-2xx answer with no recognisable envelope yields
/// [`UNRECOGNIZED_ERROR_CODE`] with the status and the start of the body as message.
pub fn decode_error(cloud: Cloud, http_status: u16, body: &[u8]) -> Option<CloudErrorParts> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    if let Some(v) = &parsed {
        let order: [fn(u16, &Value) -> Option<CloudErrorParts>; 3] = match cloud {
            Cloud::Alibaba => [alibaba_shape, tencent_shape, volcengine_shape],
            Cloud::Tencent => [tencent_shape, volcengine_shape, alibaba_shape],
            Cloud::Volcengine => [volcengine_shape, tencent_shape, alibaba_shape],
        };
        for shape in order {
            if let Some(parts) = shape(http_status, v) {
                return Some(parts);
            }
        }
    }
    if is_success(http_status) {
        return None;
    }
    let text = String::from_utf8_lossy(body);
    let snippet: String = text.trim().chars().take(200).collect();
    Some(CloudErrorParts {
        cloud,
        http_status,
        code: UNRECOGNIZED_ERROR_CODE.to_string(),
        message: if snippet.is_empty() {
            format!("HTTP {http_status} with an empty body")
        } else {
            format!("HTTP {http_status}: {snippet}")
        },
        request_id: None,
        code_n: None,
        recommend: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn alibaba_error_envelope() {
        let body = br#"{
            "RequestId": "E7C7B3F8-1234-4D2B-9B77-0C1F4B0A1111",
            "HostId": "vpc.aliyuncs.com",
            "Code": "InvalidAllocationId.NotFound",
            "Message": "Specified allocation ID is not found",
            "Recommend": "https://next.api.aliyun.com/troubleshoot?q=InvalidAllocationId.NotFound&product=Vpc"
        }"#;
        let parts = decode_error(Cloud::Alibaba, 404, body).unwrap();
        assert_eq!(parts.cloud, Cloud::Alibaba);
        assert_eq!(parts.code, "InvalidAllocationId.NotFound");
        assert_eq!(parts.message, "Specified allocation ID is not found");
        assert_eq!(
            parts.request_id.as_deref(),
            Some("E7C7B3F8-1234-4D2B-9B77-0C1F4B0A1111")
        );
        assert!(parts.recommend.unwrap().contains("product=Vpc"));
        assert_eq!(parts.http_status, 404);
    }

    #[test]
    fn alibaba_throttling_is_400_and_found_by_code() {
        let body = br#"{"RequestId":"r","HostId":"ess.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
        let parts = decode_error(Cloud::Alibaba, 400, body).unwrap();
        assert_eq!(parts.code, "Throttling.User");
        assert_eq!(parts.recommend, None);
    }

    #[test]
    fn alibaba_success_is_not_an_error() {
        let body = br#"{"RequestId":"0ED8D006-F706-4D23-88ED-E11ED28DCAC0"}"#;
        assert_eq!(decode_error(Cloud::Alibaba, 200, body), None);
    }

    #[test]
    fn alibaba_builder_matches_gateway_shape() {
        let body = AlibabaErrorBody::new(
            "IncorrectEipStatus",
            "Current elastic IP status does not support this operation",
            "req-1",
            "vpc.aliyuncs.com",
            "vpc",
        );
        let v = serde_json::to_value(&body).unwrap();
        assert_eq!(
            v,
            json!({
                "RequestId": "req-1",
                "HostId": "vpc.aliyuncs.com",
                "Code": "IncorrectEipStatus",
                "Message": "Current elastic IP status does not support this operation",
                "Recommend": "https://next.api.aliyun.com/troubleshoot?q=IncorrectEipStatus&product=Vpc"
            })
        );
        let back: AlibabaErrorBody = serde_json::from_value(v).unwrap();
        assert_eq!(back, body);
    }

    #[test]
    fn tencent_error_with_http_200() {
        let body = br#"{"Response":{"Error":{"Code":"InvalidAddressId.NotFound","Message":"The specified EIP does not exist."},"RequestId":"3c140219-cfe9-470e-b241-907877d6fb03"}}"#;
        let parts = decode_error(Cloud::Tencent, 200, body).unwrap();
        assert_eq!(parts.cloud, Cloud::Tencent);
        assert_eq!(parts.code, "InvalidAddressId.NotFound");
        assert_eq!(
            parts.request_id.as_deref(),
            Some("3c140219-cfe9-470e-b241-907877d6fb03")
        );
        assert_eq!(parts.http_status, 200);
        let env: TencentErrorEnvelope = serde_json::from_slice(body).unwrap();
        assert_eq!(
            serde_json::to_value(&env).unwrap(),
            serde_json::from_slice::<Value>(body).unwrap()
        );
        assert_eq!(
            env,
            TencentErrorEnvelope::new(
                "InvalidAddressId.NotFound",
                "The specified EIP does not exist.",
                "3c140219-cfe9-470e-b241-907877d6fb03"
            )
        );
    }

    #[test]
    fn tencent_success_is_not_an_error() {
        let body = br#"{"Response":{"TaskId":"123","RequestId":"r"}}"#;
        assert_eq!(decode_error(Cloud::Tencent, 200, body), None);
        let empty_code = br#"{"Response":{"Error":{"Code":"","Message":""},"RequestId":"r"}}"#;
        assert_eq!(decode_error(Cloud::Tencent, 200, empty_code), None);
    }

    #[test]
    fn tencent_legacy_error() {
        let body = br#"{"code":4100,"message":"auth failed","codeDesc":"AuthFailure"}"#;
        let parts = decode_error(Cloud::Tencent, 200, body).unwrap();
        assert_eq!(parts.code, "AuthFailure");
        assert_eq!(parts.code_n, Some(4100));
        let ok = br#"{"code":0,"message":"","codeDesc":"Success"}"#;
        assert_eq!(decode_error(Cloud::Tencent, 200, ok), None);
    }

    #[test]
    fn volcengine_error_4xx_and_200() {
        let body = br#"{"ResponseMetadata":{"RequestId":"20230101-abc","Action":"AssociateHaVip","Version":"2020-04-01","Service":"vpc","Region":"cn-beijing","Error":{"CodeN":100010,"Code":"SignatureDoesNotMatch","Message":"The request signature we calculated does not match the signature you provided."}}}"#;
        let parts = decode_error(Cloud::Volcengine, 401, body).unwrap();
        assert_eq!(parts.cloud, Cloud::Volcengine);
        assert_eq!(parts.code, "SignatureDoesNotMatch");
        assert_eq!(parts.code_n, Some(100010));
        assert_eq!(parts.request_id.as_deref(), Some("20230101-abc"));
        // Same body with HTTP 200 is still an error.
        let parts = decode_error(Cloud::Volcengine, 200, body).unwrap();
        assert_eq!(parts.http_status, 200);
        let env: VolcengineErrorEnvelope = serde_json::from_slice(body).unwrap();
        assert_eq!(
            serde_json::to_value(&env).unwrap(),
            serde_json::from_slice::<Value>(body).unwrap()
        );
        // Business errors carry no CodeN; it must not be serialised.
        let env = VolcengineErrorEnvelope::new(
            "r",
            "AssociateHaVip",
            "2020-04-01",
            "vpc",
            "cn-beijing",
            "InvalidHaVip.NotFound",
            None,
            "The specified HaVip does not exist.",
        );
        let v = serde_json::to_value(&env).unwrap();
        assert!(v["ResponseMetadata"]["Error"].get("CodeN").is_none());
        assert_eq!(
            v["ResponseMetadata"]["Error"]["Code"],
            "InvalidHaVip.NotFound"
        );
        assert!(v.get("Result").is_none());
    }

    #[test]
    fn volcengine_success_and_simple_error() {
        let ok = br#"{"ResponseMetadata":{"RequestId":"F3CD6886-D8D0-4FEE-B93E-1B732396****","Action":"AssociateHaVip","Version":"2020-04-01","Service":"vpc","Region":"cn-beijing"},"Result":{"RequestId":"F3CD6886-D8D0-4FEE-B93E-1B732396****"}}"#;
        assert_eq!(decode_error(Cloud::Volcengine, 200, ok), None);
        let simple =
            br#"{"HTTPCode":429,"errorcode":"FlowLimitExceeded","message":"too many requests"}"#;
        let parts = decode_error(Cloud::Volcengine, 429, simple).unwrap();
        assert_eq!(parts.code, "FlowLimitExceeded");
        assert_eq!(parts.http_status, 429);
    }

    #[test]
    fn unrecognized_failures() {
        let parts = decode_error(Cloud::Alibaba, 502, b"<html>Bad Gateway</html>").unwrap();
        assert_eq!(parts.code, UNRECOGNIZED_ERROR_CODE);
        assert!(!parts.is_recognized());
        assert!(parts.message.contains("502"));
        let parts = decode_error(Cloud::Tencent, 503, b"").unwrap();
        assert!(parts.message.contains("empty body"));
        assert_eq!(decode_error(Cloud::Alibaba, 200, b"not json"), None);
    }

    #[test]
    fn shapes_are_found_whatever_cloud_is_given() {
        let tc = br#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"m"},"RequestId":"r"}}"#;
        assert_eq!(
            decode_error(Cloud::Alibaba, 200, tc).unwrap().cloud,
            Cloud::Tencent
        );
        let ali = br#"{"RequestId":"r","Code":"InternalError","Message":"m","HostId":"h"}"#;
        assert_eq!(
            decode_error(Cloud::Volcengine, 500, ali).unwrap().cloud,
            Cloud::Alibaba
        );
    }

    #[test]
    fn display_includes_code_and_request_id() {
        let parts = CloudErrorParts {
            cloud: Cloud::Tencent,
            http_status: 200,
            code: "OperationDenied.MutexTaskRunning".into(),
            message: "Mutex task is running, please try later".into(),
            request_id: Some("abc".into()),
            code_n: None,
            recommend: None,
        };
        assert_eq!(
            parts.to_string(),
            "[OperationDenied.MutexTaskRunning] Mutex task is running, please try later (request id abc)"
        );
    }
}
