//! No secret ever leaks: with a subscriber capturing every event and span field at TRACE
//! (including `log` records of the HTTP stack), a run with retries, cloud errors, a wrong
//! secret, a timeout, a cancellation and a transport failure on all three clouds must not
//! put the access key secret, the security token, or any signature / `Authorization` value
//! the server received into the captured logs, nor into any error's `Display` or `Debug`.

mod common;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use serde_json::json;
use tether_client::{
    Backoff, CallContext, CancellationToken, Client, ClientConfig, ClientError, Cloud, Jitter,
};
use tether_wire::api::alibaba_vpc::{AssociateEipAddressRequest, DescribeEipAddressesRequest};
use tether_wire::api::tencent_vpc::{AssociateAddressRequest, DescribeAddressesRequest};
use tether_wire::api::volcengine_vpc::{AssociateHaVipRequest, DescribeHaVipsRequest};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut line = format!(
            "{} {}:",
            event.metadata().level(),
            event.metadata().target()
        );
        event.record(&mut Fields(&mut line));
        line.push('\n');
        self.0.lock().unwrap().push_str(&line);
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        let mut line = format!("span {}:", attrs.metadata().name());
        attrs.record(&mut Fields(&mut line));
        line.push('\n');
        self.0.lock().unwrap().push_str(&line);
    }

    fn on_record(&self, _id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        let mut line = String::from("record:");
        values.record(&mut Fields(&mut line));
        line.push('\n');
        self.0.lock().unwrap().push_str(&line);
    }
}

fn describe_eips() -> DescribeEipAddressesRequest {
    DescribeEipAddressesRequest {
        region_id: "cn-hangzhou".into(),
        ..Default::default()
    }
}

/// Throttles twice, then answers; `fail` turns the answer into a permanent error.
fn script(cloud: Cloud) -> impl Fn(&Recorded, usize) -> (u16, String) {
    move |r, n| match (cloud, n) {
        (Cloud::Alibaba, 1 | 2) => alibaba_throttling(),
        (Cloud::Tencent, 1 | 2) => tencent_throttling(),
        (Cloud::Volcengine, 1 | 2) => volcengine_throttling(&r.action),
        (Cloud::Alibaba, 3) => alibaba_ok(json!({})),
        (Cloud::Tencent, 3) => tencent_ok(json!({"TaskId": "1"})),
        (Cloud::Volcengine, 3) => volcengine_ok(&r.action, json!({"RequestId": REQUEST_ID})),
        (Cloud::Alibaba, _) => alibaba_error(
            400,
            "IncorrectEipStatus",
            "Current elastic IP status does not support this operation",
        ),
        (Cloud::Tencent, _) => tencent_error(
            "InvalidAddressId.NotFound",
            "The specified AddressId was not found.",
        ),
        (Cloud::Volcengine, _) => volcengine_error(
            404,
            &r.action,
            "InvalidHaVip.NotFound",
            None,
            "The specified HaVip is not found.",
        ),
    }
}

async fn exercise(cloud: Cloud, errors: &mut Vec<ClientError>) -> MockCloud {
    let server = MockCloud::start(cloud, script(cloud)).await;
    let client = server.client(8);
    let wrong = server.client_with(8, fast_backoff(), WRONG_SECRET);
    let ctx = CallContext::new();
    macro_rules! run {
        ($client:expr, $req:expr) => {
            if let Err(e) = $client.call(&$req, &ctx).await {
                errors.push(e);
            }
        };
    }
    match cloud {
        Cloud::Alibaba => {
            let write = AssociateEipAddressRequest {
                region_id: "cn-hangzhou".into(),
                allocation_id: "eip-1".into(),
                instance_id: "i-1".into(),
                client_token: Some(tether_client::client_token()),
                ..Default::default()
            };
            run!(client, write); // two retries, then success
            run!(client, write); // permanent error
            run!(wrong, describe_eips()); // signature error
        }
        Cloud::Tencent => {
            let write = AssociateAddressRequest {
                address_id: "eip-1".into(),
                instance_id: Some("ins-1".into()),
                ..Default::default()
            };
            run!(client, write);
            run!(client, DescribeAddressesRequest::default());
            run!(wrong, DescribeAddressesRequest::default());
        }
        Cloud::Volcengine => {
            let write = AssociateHaVipRequest {
                ha_vip_id: "havip-1".into(),
                instance_id: "i-1".into(),
                instance_type: None,
                client_token: Some(tether_client::client_token_from_seed("havip-1|i-1")),
            };
            run!(client, write);
            run!(client, DescribeHaVipsRequest::default());
            run!(wrong, DescribeHaVipsRequest::default());
        }
    }
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_logs_or_errors() {
    let capture = Capture::default();
    tracing_subscriber::registry().with(capture.clone()).init();

    let mut errors: Vec<ClientError> = Vec::new();
    let mut servers = Vec::new();
    for cloud in Cloud::ALL {
        servers.push(exercise(cloud, &mut errors).await);
    }

    // A deadline that expires while throttled.
    let throttler = MockCloud::start(Cloud::Alibaba, |_, _| alibaba_throttling()).await;
    let slowish = Backoff {
        base: Duration::from_millis(30),
        cap: Duration::from_millis(30),
        jitter: Jitter::None,
    };
    errors.push(
        throttler
            .client_with(100, slowish, SECRET)
            .call(
                &describe_eips(),
                &CallContext::new().with_timeout(Duration::from_millis(100)),
            )
            .await
            .unwrap_err(),
    );
    // A cancellation during a long backoff.
    let long = Backoff {
        base: Duration::from_secs(60),
        cap: Duration::from_secs(60),
        jitter: Jitter::None,
    };
    let before = throttler.count();
    let cancel = CancellationToken::new();
    let client = throttler.client_with(8, long, SECRET);
    let ctx = CallContext::new().with_cancel(cancel.clone());
    let call = tokio::spawn(async move { client.call(&describe_eips(), &ctx).await });
    throttler.wait_for_requests(before + 1).await;
    cancel.cancel();
    errors.push(call.await.unwrap().unwrap_err());
    // A transport failure (nothing listens).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let refused = Client::new(
        ClientConfig::new(Cloud::Tencent, "ap-guangzhou", credentials(SECRET))
            .with_endpoint(format!("http://{addr}"))
            .with_max_retries(1)
            .with_backoff(fast_backoff()),
    )
    .unwrap();
    errors.push(
        refused
            .call(&DescribeAddressesRequest::default(), &CallContext::new())
            .await
            .unwrap_err(),
    );
    servers.push(throttler);

    // What must never appear.
    let mut forbidden: Vec<String> = vec![
        SECRET.to_string(),
        WRONG_SECRET.to_string(),
        SECURITY_TOKEN.to_string(),
    ];
    let mut requests = 0;
    for server in &servers {
        for r in server.requests() {
            requests += 1;
            forbidden.extend(r.authorization.clone());
            forbidden.extend(r.signature.clone());
        }
    }
    assert!(requests >= 15, "the run made {requests} requests");
    assert!(
        forbidden.len() > 2 * requests,
        "every request carried a signature"
    );

    let logs = capture.0.lock().unwrap().clone();
    if std::env::var_os("TETHER_DUMP_LOGS").is_some() {
        eprintln!("{logs}");
    }
    // The capture works and holds what the client is meant to log.
    for expected in [
        "attempt=",
        "delay_ms=",
        "request_id=",
        "code=",
        "http_status=",
        "sending request",
    ] {
        assert!(
            logs.contains(expected),
            "`{expected}` missing from the logs:\n{logs}"
        );
    }
    assert!(logs.contains("TRACE"), "TRACE events captured");

    let mut texts = vec![logs.clone()];
    for e in &errors {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
        texts.push(format!("{e:#?}"));
    }
    for text in &texts {
        for secret in &forbidden {
            assert!(
                !text.contains(secret.as_str()),
                "a secret value (len {}) leaked into:\n{text}",
                secret.len()
            );
        }
    }
    // The kinds of failure the run produced.
    assert!(errors
        .iter()
        .any(|e| e.code() == Some("SignatureDoesNotMatch")));
    assert!(errors
        .iter()
        .any(|e| e.code() == Some("AuthFailure.SignatureFailure")));
    assert!(errors
        .iter()
        .any(|e| e.code() == Some("IncorrectEipStatus")));
    assert!(errors.iter().any(ClientError::is_timeout));
    assert!(errors.iter().any(ClientError::is_cancelled));
    assert!(errors
        .iter()
        .any(|e| matches!(e, ClientError::Transport { .. })));
    // Configs and clients do not show secrets in Debug either.
    let config = ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", credentials(SECRET));
    let client = Client::new(config.clone()).unwrap();
    for shown in [format!("{config:?}"), format!("{client:?}")] {
        assert!(
            !shown.contains(SECRET) && !shown.contains(SECURITY_TOKEN),
            "{shown}"
        );
        assert!(shown.contains(ACCESS_KEY_ID));
    }
    eprintln!(
        "figure: secrets test captured {} log bytes from {requests} requests and {} errors; no secret found",
        logs.len(),
        errors.len()
    );
}
