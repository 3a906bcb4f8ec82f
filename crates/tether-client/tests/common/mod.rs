//! Test harness: a scripted cloud endpoint on 127.0.0.1:0 (axum) that verifies every
//! request's signature with `tether_wire::sign::<alg>::verify`, answers a bad signature with
//! the cloud's real signature error, records each request, and otherwise answers what the
//! test's responder says. Plus the clouds' error envelopes and client builders.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use tether_client::{Backoff, Client, ClientConfig, Cloud, Credentials, Jitter};
use tether_wire::sign::{self, alibaba_acs3, tencent_tc3, volcengine, IncomingRequest};
use tokio::sync::watch;

pub const ACCESS_KEY_ID: &str = "AKIDtetherTest0001";
pub const SECRET: &str = "SK-s3cr3t-7f1e9a2b4c6d";
pub const SECURITY_TOKEN: &str = "STS-t0k3n-c4b2d8e6f0a1";
pub const WRONG_SECRET: &str = "SK-wr0ng-5e5e5e5e5e5e";

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Action from `x-acs-action` / `x-tc-action` / the `Action` query parameter.
    pub action: String,
    /// The signature verified and matched.
    pub signature_ok: bool,
    pub access_key_id: Option<String>,
    pub security_token: Option<String>,
    pub nonce: Option<String>,
    /// The whole `Authorization` header.
    pub authorization: Option<String>,
    /// The `Signature=` part of it.
    pub signature: Option<String>,
}

impl Recorded {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json_body(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// `(request, 1-based number of this request among the signed-correctly ones) -> answer`.
pub type Responder = Arc<dyn Fn(&Recorded, usize) -> (u16, String) + Send + Sync>;

struct Shared {
    cloud: Cloud,
    responder: Responder,
    requests: Mutex<Vec<Recorded>>,
    count: watch::Sender<usize>,
}

/// A scripted endpoint of one cloud.
pub struct MockCloud {
    pub cloud: Cloud,
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    count_rx: watch::Receiver<usize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockCloud {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl MockCloud {
    pub async fn start(
        cloud: Cloud,
        responder: impl Fn(&Recorded, usize) -> (u16, String) + Send + Sync + 'static,
    ) -> MockCloud {
        let (count, count_rx) = watch::channel(0usize);
        let shared = Arc::new(Shared {
            cloud,
            responder: Arc::new(responder),
            requests: Mutex::new(Vec::new()),
            count,
        });
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MockCloud {
            cloud,
            addr,
            shared,
            count_rx,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far (including badly signed ones).
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.shared.requests.lock().unwrap().len()
    }

    pub fn count_of(&self, action: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.action == action)
            .count()
    }

    /// Waits (at most 10 s) until `n` requests have arrived.
    pub async fn wait_for_requests(&self, n: usize) {
        let mut rx = self.count_rx.clone();
        tokio::time::timeout(Duration::from_secs(10), rx.wait_for(|c| *c >= n))
            .await
            .expect("requests did not arrive in time")
            .expect("server gone");
    }

    /// A client of this cloud pointed at this server, with fast backoff.
    pub fn client(&self, max_retries: u32) -> Client {
        self.client_with(max_retries, fast_backoff(), SECRET)
    }

    pub fn client_with(&self, max_retries: u32, backoff: Backoff, secret: &str) -> Client {
        Client::new(self.config(max_retries, backoff, secret)).unwrap()
    }

    pub fn config(&self, max_retries: u32, backoff: Backoff, secret: &str) -> ClientConfig {
        ClientConfig::new(self.cloud, region(self.cloud), credentials(secret))
            .with_endpoint(self.url())
            .with_max_retries(max_retries)
            .with_backoff(backoff)
            .with_request_timeout(Duration::from_secs(10))
    }
}

pub fn credentials(secret: &str) -> Credentials {
    Credentials::new(ACCESS_KEY_ID, secret).with_security_token(SECURITY_TOKEN)
}

pub fn region(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Alibaba => "cn-hangzhou",
        Cloud::Tencent => "ap-guangzhou",
        Cloud::Volcengine => "cn-beijing",
    }
}

/// 1..4 ms of backoff: keeps retry tests fast.
pub fn fast_backoff() -> Backoff {
    Backoff {
        base: Duration::from_millis(1),
        cap: Duration::from_millis(4),
        jitter: Jitter::Full,
    }
}

/// What a test server reads of a signed request: its headers (names lower-cased), raw and
/// parsed query, the signature verified with the test key as `cloud` signs, and the action.
pub struct SignedRequest {
    pub header_pairs: Vec<(String, String)>,
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub verified: Result<sign::Verified, sign::VerifyError>,
    pub action: String,
}

pub fn read_signed(
    cloud: Cloud,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> SignedRequest {
    let header_pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_query = uri.query().unwrap_or("").to_string();
    let query = sign::parse_query(&raw_query).unwrap_or_default();
    let incoming = IncomingRequest {
        method: method.as_str(),
        path: uri.path(),
        raw_query: &raw_query,
        headers: &header_pairs,
        body,
    };
    let lookup = |ak: &str| (ak == ACCESS_KEY_ID).then(|| SECRET.to_string());
    let verified = match cloud {
        Cloud::Alibaba => alibaba_acs3::verify(&incoming, lookup),
        Cloud::Tencent => tencent_tc3::verify(&incoming, lookup),
        Cloud::Volcengine => volcengine::verify(&incoming, lookup),
    };
    let header = |name: &str| {
        header_pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let action = match cloud {
        Cloud::Alibaba => header("x-acs-action"),
        Cloud::Tencent => header("x-tc-action"),
        Cloud::Volcengine => query
            .iter()
            .find(|(n, _)| n == "Action")
            .map(|(_, v)| v.clone()),
    }
    .unwrap_or_default();
    SignedRequest {
        header_pairs,
        raw_query,
        query,
        verified,
        action,
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let SignedRequest {
        header_pairs,
        raw_query,
        query,
        verified,
        action,
    } = read_signed(shared.cloud, &method, &uri, &headers, &body);
    let find = |name: &str| {
        header_pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let authorization = find("authorization");
    let signature = authorization.as_deref().and_then(|a| {
        a.split("Signature=")
            .nth(1)
            .map(|s| s.trim().trim_end_matches(',').to_string())
    });
    let ok = verified
        .as_ref()
        .map(|v| v.signature_matches)
        .unwrap_or(false);
    let rec = Recorded {
        method: method.as_str().to_string(),
        path: uri.path().to_string(),
        raw_query: raw_query.clone(),
        query,
        headers: header_pairs.clone(),
        body: body.to_vec(),
        action: action.clone(),
        signature_ok: ok,
        access_key_id: verified.as_ref().ok().map(|v| v.access_key_id.clone()),
        security_token: verified
            .as_ref()
            .ok()
            .and_then(|v| v.security_token.clone()),
        nonce: verified.as_ref().ok().and_then(|v| v.nonce.clone()),
        authorization,
        signature,
    };
    let (status, text) = if ok {
        let n = {
            let requests = shared.requests.lock().unwrap();
            requests.iter().filter(|r| r.signature_ok).count() + 1
        };
        (shared.responder)(&rec, n)
    } else {
        signature_error(shared.cloud, &action)
    };
    let total = {
        let mut requests = shared.requests.lock().unwrap();
        requests.push(rec);
        requests.len()
    };
    shared.count.send_replace(total);
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response()
}

/// The cloud's answer to a request whose signature does not match.
pub fn signature_error(cloud: Cloud, action: &str) -> (u16, String) {
    match cloud {
        Cloud::Alibaba => alibaba_error(
            400,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation.",
        ),
        Cloud::Tencent => tencent_error(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        ),
        Cloud::Volcengine => volcengine_error(
            401,
            action,
            "SignatureDoesNotMatch",
            Some(100010),
            "The request signature we calculated does not match the signature you provided.",
        ),
    }
}

pub const REQUEST_ID: &str = "0ED8D006-F706-4D23-88ED-E11ED28DCAC0";

pub fn alibaba_error(status: u16, code: &str, message: &str) -> (u16, String) {
    (
        status,
        json!({
            "RequestId": REQUEST_ID,
            "HostId": "vpc.aliyuncs.com",
            "Code": code,
            "Message": message,
            "Recommend": format!("https://next.api.aliyun.com/troubleshoot?q={code}&product=Vpc"),
        })
        .to_string(),
    )
}

/// Alibaba's real throttling answer: HTTP 400, code `Throttling.User`.
pub fn alibaba_throttling() -> (u16, String) {
    alibaba_error(
        400,
        "Throttling.User",
        "Request was denied due to user flow control.",
    )
}

pub fn tencent_error(code: &str, message: &str) -> (u16, String) {
    (
        200,
        json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": REQUEST_ID}})
            .to_string(),
    )
}

/// Tencent's real throttling answer: HTTP 200, code `RequestLimitExceeded`.
pub fn tencent_throttling() -> (u16, String) {
    tencent_error(
        "RequestLimitExceeded",
        "Your current request times equals to `21` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.",
    )
}

pub fn volcengine_error(
    status: u16,
    action: &str,
    code: &str,
    code_n: Option<i64>,
    message: &str,
) -> (u16, String) {
    let mut error = json!({"Code": code, "Message": message});
    if let Some(n) = code_n {
        error["CodeN"] = json!(n);
    }
    (
        status,
        json!({"ResponseMetadata": {
            "RequestId": REQUEST_ID,
            "Action": action,
            "Version": "2020-04-01",
            "Service": "vpc",
            "Region": "cn-beijing",
            "Error": error,
        }})
        .to_string(),
    )
}

/// Volcengine's throttling answer: HTTP 429, code `FlowLimitExceeded`.
pub fn volcengine_throttling(action: &str) -> (u16, String) {
    volcengine_error(
        429,
        action,
        "FlowLimitExceeded",
        None,
        "Request flow limit exceeded, please try again later.",
    )
}

pub fn volcengine_ok(action: &str, result: Value) -> (u16, String) {
    (
        200,
        json!({
            "ResponseMetadata": {
                "RequestId": REQUEST_ID,
                "Action": action,
                "Version": "2020-04-01",
                "Service": "vpc",
                "Region": "cn-beijing",
            },
            "Result": result,
        })
        .to_string(),
    )
}

pub fn tencent_ok(response: Value) -> (u16, String) {
    let mut response = response;
    response["RequestId"] = json!(REQUEST_ID);
    (200, json!({ "Response": response }).to_string())
}

pub fn alibaba_ok(body: Value) -> (u16, String) {
    let mut body = body;
    body["RequestId"] = json!(REQUEST_ID);
    (200, body.to_string())
}

/// A DescribeEipAddresses page.
pub fn eip_page(eips: &[(&str, &str)], total: usize, page: u32, size: u32) -> (u16, String) {
    let items: Vec<Value> = eips
        .iter()
        .map(|(id, status)| {
            json!({"AllocationId": id, "IpAddress": "47.96.0.1", "Status": status, "InstanceId": "i-1"})
        })
        .collect();
    alibaba_ok(json!({
        "TotalCount": total,
        "PageNumber": page,
        "PageSize": size,
        "EipAddresses": {"EipAddress": items},
    }))
}
