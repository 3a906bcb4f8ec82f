//! The clouds' front ends: which cloud a request is for (by its shape, never its path),
//! how each cloud reads its action, version, region and parameters, and how each renders
//! its errors and successes (the [`Envelope`]). What comes out is a [`Front`], the input of
//! the shared pipeline (`pipeline`).

use serde_json::{Map, Value};
use tether_wire::api::{find_action, RequestPayload};
use tether_wire::cloud::Cloud;
use tether_wire::sign::{parse_query, IncomingRequest};

use crate::answer::{self, Answer, Failure};
use crate::auth::AlibabaStyle;

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

/// A non-empty parameter by name.
pub(super) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
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
pub(super) enum Destination {
    Alibaba(AlibabaStyle),
    Tencent,
    Volcengine,
    Unknown,
}

/// The cloud a request is for, by its shape (see the module doc of `server`).
pub(super) fn classify(req: &IncomingRequest<'_>) -> Destination {
    let auth = req.header("authorization").unwrap_or("").trim_start();
    if auth.starts_with("TC3-") || req.header("x-tc-action").is_some() {
        return Destination::Tencent;
    }
    if auth.starts_with("ACS3-") {
        return Destination::Alibaba(AlibabaStyle::Acs3);
    }
    if auth.starts_with("HMAC-SHA256") || req.header("x-date").is_some() {
        return Destination::Volcengine;
    }
    let params = all_params(req).unwrap_or_default();
    let has = |n: &str| params.iter().any(|(k, _)| k == n);
    if has("Signature") || has("SignatureMethod") || has("AccessKeyId") {
        return Destination::Alibaba(AlibabaStyle::RpcV1);
    }
    if req.headers.iter().any(|(k, _)| k.starts_with("x-acs-")) {
        return Destination::Alibaba(AlibabaStyle::Acs3);
    }
    match param(&params, "Version") {
        Some("2016-04-28" | "2014-08-28" | "2014-05-26" | "2014-05-15") => {
            Destination::Alibaba(AlibabaStyle::RpcV1)
        }
        Some("2020-04-01") => Destination::Volcengine,
        _ => Destination::Unknown,
    }
}

/// How errors and successes of one call are rendered.
#[derive(Clone, Debug)]
pub(super) enum Envelope {
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
    pub(super) fn cloud(&self) -> Cloud {
        match self {
            Envelope::Alibaba { .. } => Cloud::Alibaba,
            Envelope::Tencent => Cloud::Tencent,
            Envelope::Volcengine { .. } => Cloud::Volcengine,
        }
    }

    pub(super) fn error(&self, f: &Failure, request_id: &str) -> Answer {
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

    pub(super) fn success(&self, body: &Value, action: &str) -> Answer {
        match self {
            Envelope::Alibaba { xml, .. } => answer::alibaba_success(body, action, *xml),
            Envelope::Tencent => answer::tencent_success(body),
            Envelope::Volcengine { .. } => answer::volcengine_success(body),
        }
    }
}

/// A request as understood by its cloud's front end, before the shared pipeline.
pub(super) struct Front {
    pub(super) envelope: Envelope,
    pub(super) action: Option<String>,
    pub(super) version: Option<String>,
    pub(super) region: String,
    pub(super) payload: RequestPayload,
    /// Parameters for the client-token fingerprint (with the region).
    pub(super) token_params: Vec<(String, String)>,
}

impl Front {
    /// The parameters as the call log shows them: Tencent's JSON body (or its first 4096
    /// characters when it is not JSON), the other clouds' parameters as an object.
    pub(super) fn log_params(&self) -> Value {
        match &self.payload {
            RequestPayload::Params(params) => params_json(params),
            RequestPayload::Json(text) => serde_json::from_str::<Value>(text)
                .unwrap_or_else(|_| Value::String(text.chars().take(4096).collect())),
        }
    }
}

/// The request as Alibaba reads it, and whether its parameters decoded.
pub(super) fn alibaba_front(style: AlibabaStyle, req: &IncomingRequest<'_>) -> (Front, bool) {
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

/// The request as Tencent API 3.0 reads it (headers and a JSON body).
pub(super) fn tencent_front(req: &IncomingRequest<'_>) -> Front {
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
pub(super) fn volcengine_front(req: &IncomingRequest<'_>) -> (Front, bool) {
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
