//! Turning a spec into bytes: query and body encoding, framing (chunked, truncated), and the
//! route the emulator is expected to take.

use super::*;

// ------------------------------------------------------------------------------------------
// Turning a spec into bytes

/// A request ready to send, with what the property expects of its answer.
pub(crate) struct Wire {
    pub(crate) head: Vec<u8>,
    pub(crate) body: Vec<u8>,
    pub(crate) half_close: bool,
    pub(crate) route: Route,
    pub(crate) signed: bool,
    pub(crate) oversized: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    Alibaba,
    Tencent,
    Volcengine,
    Unknown,
}

pub(crate) fn encode_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(b) {
            out.push(char::from(*b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `&`-joined parts; huge lists stop growing at `limit` bytes (request targets above
/// 64 KiB are refused by the HTTP layer with an empty 414 before any handler runs).
pub(crate) fn query_text(parts: &[QueryPart], limit: usize) -> String {
    let mut segments = Vec::new();
    let mut len = 0;
    for part in parts {
        match part {
            QueryPart::Pair(n, v) => {
                segments.push(format!("{}={}", encode_bytes(n), encode_bytes(v)))
            }
            QueryPart::Raw(r) => segments.push((*r).to_string()),
            QueryPart::Huge(name, n) => {
                for i in 1..=*n {
                    if len > limit {
                        break;
                    }
                    let segment = format!("{name}.{i}=v-{i}");
                    len += segment.len() + 1;
                    segments.push(segment);
                }
            }
        }
        len += segments.last().map_or(0, |s| s.len() + 1);
    }
    segments.join("&")
}

pub(crate) fn body_bytes(spec: &BodySpec) -> Vec<u8> {
    match spec {
        BodySpec::Empty => Vec::new(),
        BodySpec::Bytes(b) => b.clone(),
        BodySpec::Json(v) => v.to_string().into_bytes(),
        BodySpec::TruncatedJson(v, per_mille) => {
            let text = v.to_string().into_bytes();
            let keep = text.len() * usize::from(*per_mille) / 1000;
            text[..keep].to_vec()
        }
        BodySpec::Form(parts) => query_text(parts, usize::MAX).into_bytes(),
        BodySpec::HugeJson(key, n) => {
            let items: Vec<String> = (0..*n).map(|i| format!("eip-{i:08}")).collect();
            json!({ *key: items }).to_string().into_bytes()
        }
        BodySpec::Oversized(extra) => vec![b'a'; MAX_BODY + extra],
    }
}

/// A header value as the emulator sees it: only visible ASCII survives.
pub(crate) fn visible(value: &[u8]) -> Option<&str> {
    value
        .iter()
        .all(|b| (0x20..0x7f).contains(b) || *b == b'\t')
        .then(|| std::str::from_utf8(value).ok())
        .flatten()
        .map(str::trim)
}

/// The documented routing rules (crates/tether-emulator/README.md, "Routing").
pub(crate) fn expected_route(headers: &[(String, Vec<u8>)], query: &str, body: &[u8]) -> Route {
    let header = |name: &str| {
        headers
            .iter()
            .filter_map(|(n, v)| visible(v).map(|v| (n, v)))
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let auth = header("authorization").unwrap_or("");
    if auth.starts_with("TC3-") || header("x-tc-action").is_some() {
        return Route::Tencent;
    }
    if auth.starts_with("ACS3-") {
        return Route::Alibaba;
    }
    if auth.starts_with("HMAC-SHA256") || header("x-date").is_some() {
        return Route::Volcengine;
    }
    // A form body counts when any Content-Type header says so.
    let form = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("content-type")
            && visible(v).is_some_and(|c| {
                c.to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            })
    });
    let params = (|| {
        let mut params = parse_query(query).ok()?;
        if form {
            params.extend(parse_query(std::str::from_utf8(body).ok()?).ok()?);
        }
        Some(params)
    })()
    .unwrap_or_default();
    let has = |n: &str| params.iter().any(|(k, _)| k == n);
    if has("Signature") || has("SignatureMethod") || has("AccessKeyId") {
        return Route::Alibaba;
    }
    if headers
        .iter()
        .any(|(n, v)| visible(v).is_some() && n.to_ascii_lowercase().starts_with("x-acs-"))
    {
        return Route::Alibaba;
    }
    let version = params
        .iter()
        .find(|(k, _)| k == "Version")
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty());
    match version {
        Some("2016-04-28") | Some("2014-08-28") => Route::Alibaba,
        Some("2020-04-01") => Route::Volcengine,
        _ => Route::Unknown,
    }
}

pub(crate) fn head(
    method: &str,
    target: &str,
    host: &str,
    headers: &[(String, Vec<u8>)],
    framing: &Framing,
    body_len: usize,
) -> Vec<u8> {
    let mut out =
        format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value);
        out.extend_from_slice(b"\r\n");
    }
    match framing {
        Framing::Exact => {
            out.extend_from_slice(format!("Content-Length: {body_len}\r\n").as_bytes())
        }
        Framing::Truncated(missing) => {
            out.extend_from_slice(format!("Content-Length: {}\r\n", body_len + missing).as_bytes())
        }
        Framing::Chunked(_) => out.extend_from_slice(b"Transfer-Encoding: chunked\r\n"),
    }
    out.extend_from_slice(b"\r\n");
    out
}

pub(crate) fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size.max(1)) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

pub(crate) fn materialize(spec: &Spec, host: &str) -> Wire {
    let creds = Credentials::new(AK, SK);
    let signed_wire = |method: &str,
                       query_string: &str,
                       headers: Vec<(String, String)>,
                       body: Vec<u8>,
                       route: Route| {
        let target = if query_string.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query_string}")
        };
        let headers: Vec<(String, Vec<u8>)> = headers
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case("host"))
            .map(|(n, v)| (n, v.into_bytes()))
            .collect();
        Wire {
            head: head(method, &target, host, &headers, &Framing::Exact, body.len()),
            body,
            half_close: false,
            route,
            signed: true,
            oversized: false,
        }
    };
    match spec {
        Spec::Raw(raw) => {
            let query = query_text(&raw.query, QUERY_LIMIT);
            let target = if query.is_empty() {
                raw.path.to_string()
            } else {
                format!("{}?{query}", raw.path)
            };
            // What the server sees as the query: everything after the first `?`.
            let query = target.split_once('?').map_or("", |(_, q)| q).to_string();
            let body = body_bytes(&raw.body);
            let oversized = body.len() > MAX_BODY;
            let truncated = matches!(raw.framing, Framing::Truncated(_));
            let route = if oversized || truncated {
                // A body that cannot be read (too large, or cut short) is refused before
                // the request is routed by its parameters: routed without the body, and
                // a request of no cloud gets Alibaba's envelope.
                match expected_route(&raw.headers, &query, &[]) {
                    Route::Unknown => Route::Alibaba,
                    r => r,
                }
            } else {
                expected_route(&raw.headers, &query, &body)
            };
            let head = head(
                raw.method,
                &target,
                host,
                &raw.headers,
                &raw.framing,
                body.len(),
            );
            let (body, half_close) = match raw.framing {
                Framing::Exact => (body, false),
                Framing::Truncated(_) => (body, true),
                Framing::Chunked(size) => (chunked(&body, size), false),
            };
            Wire {
                head,
                body,
                half_close,
                route,
                signed: false,
                oversized,
            }
        }
        Spec::Alibaba {
            classic,
            action,
            version,
            params,
        } => {
            let mut req = RequestToSign::new("POST", host.to_string(), "/");
            for (k, v) in params {
                req = req.query_param(k.clone(), v.clone());
            }
            if *classic {
                req = req
                    .query_param("Action", action.clone())
                    .query_param("Version", version.clone());
                let parts = alibaba_rpc_v1::sign(
                    &req,
                    &creds,
                    &alibaba_rpc_v1::RpcV1Params {
                        timestamp: now_secs(),
                        nonce: nonce(),
                    },
                )
                .expect("sign rpc");
                signed_wire(
                    "POST",
                    &parts.query_string,
                    parts.headers,
                    Vec::new(),
                    Route::Alibaba,
                )
            } else {
                let parts = alibaba_acs3::sign(
                    &req,
                    &creds,
                    &alibaba_acs3::Acs3Params {
                        action: action.clone(),
                        version: version.clone(),
                        timestamp: now_secs(),
                        nonce: nonce(),
                    },
                )
                .expect("sign acs3");
                signed_wire(
                    "POST",
                    &parts.query_string,
                    parts.headers,
                    Vec::new(),
                    Route::Alibaba,
                )
            }
        }
        Spec::Tencent {
            action,
            region,
            body,
        } => {
            let req = RequestToSign::new("POST", host.to_string(), "/")
                .header("Content-Type", "application/json")
                .body(body.clone());
            let parts = tencent_tc3::sign(
                &req,
                &creds,
                &tencent_tc3::Tc3Params {
                    service: "vpc".into(),
                    action: action.clone(),
                    version: "2017-03-12".into(),
                    region: region.map(str::to_string),
                    timestamp: now_secs(),
                    sign_action_header: false,
                    unsigned_payload: false,
                },
            )
            .expect("sign tc3");
            let mut headers = vec![("Content-Type".to_string(), "application/json".to_string())];
            headers.extend(parts.headers);
            signed_wire("POST", "", headers, body.clone(), Route::Tencent)
        }
        Spec::Volcengine {
            action,
            version,
            params,
        } => {
            let mut req = RequestToSign::new("GET", host.to_string(), "/")
                .header("Content-Type", "text/plain")
                .query_param("Action", action.clone())
                .query_param("Version", version.clone());
            for (k, v) in params {
                req = req.query_param(k.clone(), v.clone());
            }
            let parts = volcengine::sign(
                &req,
                &creds,
                &volcengine::VolcParams {
                    region: BJ.into(),
                    service: "vpc".into(),
                    timestamp: now_secs(),
                },
            )
            .expect("sign volcengine");
            let mut headers = vec![("Content-Type".to_string(), "text/plain".to_string())];
            headers.extend(parts.headers);
            signed_wire(
                "GET",
                &parts.query_string,
                headers,
                Vec::new(),
                Route::Volcengine,
            )
        }
    }
}
