//! How the emulator answers: the [`Failure`] every handler returns, and the three clouds'
//! success and error envelopes (Alibaba flat JSON or XML with `{RequestId, HostId, Code,
//! Message, Recommend}` errors, Tencent HTTP 200 `{"Response": …}` with `Content-Type:
//! application/json` exactly, Volcengine `{ResponseMetadata, Result}`).

use serde_json::Value;
use tether_wire::api::error::{AlibabaErrorBody, TencentErrorEnvelope, VolcengineErrorEnvelope};
use tether_wire::api::ParamError;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::ApiError;

/// An error answer: HTTP status, code, message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub http_status: u16,
    pub code: String,
    pub message: String,
}

impl Failure {
    pub fn new(http_status: u16, code: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            http_status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// A documented error whose message names an instance (`{instance}` placeholder).
    pub fn about(e: ApiError, instance: &str) -> Failure {
        Failure::new(
            e.http_status,
            e.code,
            e.message.replace("{instance}", instance),
        )
    }

    /// A documented error with another message.
    pub fn with_message(e: ApiError, message: impl Into<String>) -> Failure {
        Failure::new(e.http_status, e.code, message)
    }

    /// The cloud's refusal of a request without the required parameter `name`.
    pub fn missing_parameter(cloud: Cloud, name: &str) -> Failure {
        Failure::from_param(
            &ParamError::Missing {
                name: name.to_string(),
            },
            cloud,
        )
    }

    /// A request that does not parse, in the cloud's words.
    pub fn from_param(e: &ParamError, cloud: Cloud) -> Failure {
        let message = match (e, cloud) {
            (ParamError::Missing { name }, Cloud::Alibaba) => format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
            (ParamError::Missing { name }, Cloud::Tencent) => {
                format!("The request is missing a required parameter `{name}`.")
            }
            (ParamError::Missing { name }, Cloud::Volcengine) => {
                format!("The required parameter {name} is missing.")
            }
            (ParamError::Unknown { name }, _) => {
                format!("The parameter `{name}` is not recognized.")
            }
            (other, Cloud::Alibaba) => format!("The specified parameter is not valid: {other}."),
            (other, _) => format!("The parameter is invalid: {other}."),
        };
        Failure::new(e.http_status(cloud), e.error_code(cloud), message)
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        Failure::new(e.http_status, e.code, e.message)
    }
}

/// A complete HTTP answer.
#[derive(Clone, Debug)]
pub struct Answer {
    pub http_status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `Success` or the error code (for the call log).
    pub code: String,
}

/// Content type of JSON answers (exact: the Tencent SDK compares it byte for byte).
pub const JSON: &str = "application/json";
const XML: &str = "text/xml;charset=utf-8";

fn json_answer(http_status: u16, body: &Value, code: &str) -> Answer {
    Answer {
        http_status,
        content_type: JSON,
        body: serde_json::to_vec(body).unwrap_or_default(),
        code: code.to_string(),
    }
}

/// The Alibaba `HostId`: the product's endpoint.
pub fn alibaba_host_id(service: &str) -> String {
    format!("{service}.aliyuncs.com")
}

/// Alibaba success: flat JSON, or XML rooted at `<ActionResponse>`.
pub fn alibaba_success(body: &Value, action: &str, xml: bool) -> Answer {
    if xml {
        return Answer {
            http_status: 200,
            content_type: XML,
            body: to_xml(&format!("{action}Response"), body).into_bytes(),
            code: "Success".into(),
        };
    }
    json_answer(200, body, "Success")
}

/// Alibaba error envelope.
pub fn alibaba_error(f: &Failure, request_id: &str, service: &str, xml: bool) -> Answer {
    let body = AlibabaErrorBody::new(
        f.code.clone(),
        f.message.clone(),
        request_id,
        alibaba_host_id(service),
        service,
    );
    let value = serde_json::to_value(&body).unwrap_or(Value::Null);
    if xml {
        return Answer {
            http_status: f.http_status,
            content_type: XML,
            body: to_xml("Error", &value).into_bytes(),
            code: f.code.clone(),
        };
    }
    json_answer(f.http_status, &value, &f.code)
}

/// Tencent success: the `{"Response": …}` value, HTTP 200.
pub fn tencent_success(body: &Value) -> Answer {
    json_answer(200, body, "Success")
}

/// Tencent error: always HTTP 200.
pub fn tencent_error(f: &Failure, request_id: &str) -> Answer {
    let env = TencentErrorEnvelope::new(f.code.clone(), f.message.clone(), request_id);
    json_answer(
        200,
        &serde_json::to_value(&env).unwrap_or(Value::Null),
        &f.code,
    )
}

/// Volcengine success: the `{ResponseMetadata, Result}` value, HTTP 200.
pub fn volcengine_success(body: &Value) -> Answer {
    json_answer(200, body, "Success")
}

/// The numeric `CodeN` of Volcengine gateway errors.
fn volcengine_code_n(code: &str) -> Option<i64> {
    Some(match code {
        "UndefinedError" => 100_001,
        "MissingParameter" => 100_002,
        "MissingAuthenticationToken" => 100_003,
        "MissingRequestInfo" => 100_004,
        "MissingSignature" => 100_005,
        "InvalidTimestamp" => 100_006,
        "ServiceNotFound" => 100_007,
        "InvalidActionOrVersion" => 100_008,
        "InvalidAccessKey" => 100_009,
        "SignatureDoesNotMatch" => 100_010,
        "AccessDenied" => 100_013,
        "FlowLimitExceeded" => 100_018,
        _ => return None,
    })
}

/// Volcengine error envelope.
pub fn volcengine_error(
    f: &Failure,
    request_id: &str,
    action: &str,
    version: &str,
    region: &str,
) -> Answer {
    let env = VolcengineErrorEnvelope::new(
        request_id,
        action,
        version,
        "vpc",
        region,
        f.code.clone(),
        volcengine_code_n(&f.code),
        f.message.clone(),
    );
    json_answer(
        f.http_status,
        &serde_json::to_value(&env).unwrap_or(Value::Null),
        &f.code,
    )
}

/// An answer for a request that matches no cloud's shape.
pub fn unrecognized(message: &str) -> Answer {
    json_answer(
        400,
        &serde_json::json!({
            "Code": "UnrecognizedRequest",
            "Message": message,
        }),
        "UnrecognizedRequest",
    )
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

fn write_element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                write_element(out, name, item);
            }
        }
        Value::Object(map) => {
            out.push('<');
            out.push_str(name);
            out.push('>');
            for (k, v) in map {
                write_element(out, k, v);
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        Value::Null => {
            out.push('<');
            out.push_str(name);
            out.push_str("/>");
        }
        Value::String(s) => {
            out.push_str(&format!("<{name}>{}</{name}>", escape_xml(s)));
        }
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

/// Alibaba's XML rendering of a JSON answer: objects become elements, a JSON array under
/// key `K` becomes repeated `<K>` elements (so `EipAddresses.EipAddress[]` becomes
/// `<EipAddresses><EipAddress>…</EipAddress>…</EipAddresses>`).
pub fn to_xml(root: &str, value: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    write_element(&mut out, root, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_rendering() {
        let v = serde_json::json!({
            "RequestId": "r<1>",
            "EipAddresses": {"EipAddress": [{"AllocationId": "a"}, {"AllocationId": "b"}]},
            "TotalCount": 2
        });
        let xml = to_xml("DescribeEipAddressesResponse", &v);
        assert!(xml.contains("<RequestId>r&lt;1&gt;</RequestId>"));
        assert!(xml.contains(
            "<EipAddresses><EipAddress><AllocationId>a</AllocationId></EipAddress><EipAddress><AllocationId>b</AllocationId></EipAddress></EipAddresses>"
        ));
        assert!(xml.contains("<TotalCount>2</TotalCount>"));
    }

    #[test]
    fn tencent_errors_are_200_json() {
        let a = tencent_error(&Failure::new(200, "InvalidAction", "x"), "rid");
        assert_eq!(a.http_status, 200);
        assert_eq!(a.content_type, "application/json");
        let v: Value = serde_json::from_slice(&a.body).unwrap();
        assert_eq!(v["Response"]["Error"]["Code"], "InvalidAction");
        assert_eq!(v["Response"]["RequestId"], "rid");
    }
}
