//! Property test over the bytes of requests sent to the emulator.
//!
//! Generated requests (raw HTTP/1.1 over TCP, so nothing is normalised by a client
//! library): garbled and non-UTF-8 (percent-encoded) query strings, malformed percent
//! escapes, huge parameter lists, arbitrary and wrongly typed JSON bodies, form bodies,
//! random bytes, truncated bodies (a `Content-Length` larger than what is sent, then a
//! half-close), chunked bodies, bodies above the size limit, and headers taken from every
//! cloud's routing set (`Authorization` of the four signature styles with garbage parts,
//! `X-TC-*`, `x-acs-*`, `X-Date`, `Content-Type`) with printable or non-ASCII values. A
//! part of the cases is correctly signed (ACS3, classic RPC, TC3, Volcengine) around
//! arbitrary actions, versions and parameters, so the handlers' parameter parsing is
//! reached too.
//!
//! Property, per request: an HTTP answer arrives within a per-request time limit (no
//! panic, no hung connection); its status is below 500; its body is the error envelope of
//! the cloud the request is routed to by the documented routing rules (Alibaba
//! `{RequestId, HostId, Code, Message, Recommend}` or its XML form, Tencent HTTP 200
//! `{"Response":{"Error":{Code,Message},"RequestId"}}` with `Content-Type:
//! application/json` exactly, Volcengine `{ResponseMetadata{…, Error{Code,Message}}}`,
//! `UnrecognizedRequest` for shapes of no cloud), or that cloud's success shape for a
//! correctly signed request; and a valid signed request still succeeds afterwards.
//!
//! Two transports run the same cases: real TCP connections to a running emulator
//! (`every_request_gets_a_cloud_envelope`), and, fast enough for millions of inputs, the
//! emulator's router in this process (`in_process_every_request_gets_a_cloud_envelope`): the
//! raw request is parsed with httparse as hyper would, truncated bodies end in an error as
//! hyper's do, and everything from the body limit onwards is the emulator's own code.
//!
//! Bounded and deterministic: a fixed number of cases ([`CASES`] over TCP,
//! [`IN_PROCESS_CASES`] in process; `TETHER_FUZZ_CASES` overrides both) from a fixed seed
//! (`TETHER_FUZZ_SEED=<n>` explores another), no time-based budget, no persisted
//! regressions. A long run: `TETHER_FUZZ_CASES=1000000 cargo test --release -p
//! tether-emulator --test request_fuzz in_process -- --nocapture`.

#[path = "../common/mod.rs"]
mod common;
mod exchange;
mod materialize;
mod strategies;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use common::{nonce, now_secs, Emu, AK, BJ, GZ, HZ, SK};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};
use tether_emulator::EmulatorConfig;
use tether_wire::api::ACTIONS;
use tether_wire::sign::{
    alibaba_acs3, alibaba_rpc_v1, parse_query, tencent_tc3, volcengine, Credentials, RequestToSign,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use exchange::*;
use materialize::*;
use strategies::*;

/// Cases per run over TCP.
const CASES: u32 = 300;
/// Cases per run in process.
const IN_PROCESS_CASES: u32 = 2000;
/// The seed of the case generator.
const SEED: [u8; 32] = *b"tether-emulator-request-fuzz-001";
/// Body limit of the fuzzed emulator (small, so oversized bodies stay small).
const MAX_BODY: usize = 64 * 1024;
/// Largest generated query string (the HTTP layer refuses targets above 64 KiB).
const QUERY_LIMIT: usize = 40 * 1024;
/// Time limit of one request/answer exchange.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(15);

// ------------------------------------------------------------------------------------------
// What is generated

/// How the body is framed on the wire.
#[derive(Clone, Debug)]
enum Framing {
    /// `Content-Length` of the body.
    Exact,
    /// `Content-Length` larger by this many bytes than what is sent, then a half-close.
    Truncated(usize),
    /// `Transfer-Encoding: chunked`, chunks of this size.
    Chunked(usize),
}

#[derive(Clone, Debug)]
enum QueryPart {
    /// `name=value`, both percent-encoded byte by byte where needed.
    Pair(Vec<u8>, Vec<u8>),
    /// Literal text (valid URI characters, possibly broken escapes).
    Raw(&'static str),
    /// `Name.1=v&Name.2=v&…` with this many entries.
    Huge(&'static str, usize),
}

#[derive(Clone, Debug)]
enum BodySpec {
    Empty,
    Bytes(Vec<u8>),
    Json(Value),
    /// A JSON text cut after this fraction (per mille) of its length.
    TruncatedJson(Value, u16),
    Form(Vec<QueryPart>),
    /// `{"<key>": [5000 strings]}`.
    HugeJson(&'static str, usize),
    /// More bytes than the emulator accepts.
    Oversized(usize),
}

#[derive(Clone, Debug)]
struct RawSpec {
    method: &'static str,
    path: &'static str,
    query: Vec<QueryPart>,
    headers: Vec<(String, Vec<u8>)>,
    body: BodySpec,
    framing: Framing,
}

#[derive(Clone, Debug)]
enum Spec {
    /// Anything; never correctly signed.
    Raw(RawSpec),
    /// Correctly signed Alibaba ACS3 (`classic == false`) or classic RPC request.
    Alibaba {
        classic: bool,
        action: String,
        version: String,
        params: Vec<(String, String)>,
    },
    /// Correctly signed Tencent TC3 request.
    Tencent {
        action: String,
        region: Option<&'static str>,
        body: Vec<u8>,
    },
    /// Correctly signed Volcengine request.
    Volcengine {
        action: String,
        version: String,
        params: Vec<(String, String)>,
    },
}

/// Where requests go.
enum Transport {
    Tcp(Emu),
    InProcess(Arc<tether_emulator::server::App>, axum::Router),
}

fn fuzz_config() -> EmulatorConfig {
    let mut config = EmulatorConfig::new(common::test_fixtures());
    config.async_delay_ms = 0;
    config.max_body_bytes = MAX_BODY;
    config
}

#[test]
fn every_request_gets_a_cloud_envelope() {
    let rt = runtime();
    let emu = rt.block_on(Emu::start_config(fuzz_config()));
    fuzz(&rt, Transport::Tcp(emu), CASES);
}

#[test]
fn in_process_every_request_gets_a_cloud_envelope() {
    let app = tether_emulator::server::App::new(fuzz_config()).expect("emulator state");
    let router = tether_emulator::server::router(app.clone());
    fuzz(
        &runtime(),
        Transport::InProcess(app, router),
        IN_PROCESS_CASES,
    );
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn fuzz(rt: &tokio::runtime::Runtime, transport: Transport, default_cases: u32) {
    let cases = std::env::var("TETHER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let (name, host, addr) = match &transport {
        Transport::Tcp(emu) => ("tcp", emu.host.clone(), Some(emu.running.addr())),
        Transport::InProcess(..) => ("in-process", "127.0.0.1:8466".to_string(), None),
    };
    let send = |wire: &Wire| -> Result<Answer, String> {
        match (&transport, addr) {
            (Transport::Tcp(_), Some(addr)) => rt.block_on(exchange(addr, wire)),
            (Transport::InProcess(_, router), _) => rt.block_on(exchange_in_process(router, wire)),
            (Transport::Tcp(_), None) => Err("no address".into()),
        }
    };
    let alive_spec = Spec::Alibaba {
        classic: false,
        action: "DescribeEipAddresses".into(),
        version: "2016-04-28".into(),
        params: vec![("RegionId".to_string(), HZ.to_string())],
    };
    let started = std::time::Instant::now();
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    // `TETHER_FUZZ_SEED=<n>` explores other sequences; the default is fixed.
    let mut seed = SEED;
    if let Some(n) = std::env::var("TETHER_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        seed[..8].copy_from_slice(&n.to_le_bytes());
    }
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let stats = std::cell::RefCell::new(std::collections::BTreeMap::<String, usize>::new());
    let outcome = runner.run(&spec(), |spec| {
        let wire = materialize(&spec, &host);
        let answer =
            send(&wire).map_err(|e| TestCaseError::fail(format!("{e}\nrequest: {spec:?}")))?;
        check_answer(&wire, &answer)
            .map_err(|e| TestCaseError::fail(format!("{e}\nrequest: {spec:?}")))?;
        // The emulator still serves a valid request.
        let alive = send(&materialize(&alive_spec, &host))
            .map_err(|e| TestCaseError::fail(format!("after {spec:?}: {e}")))?;
        prop_assert_eq!(
            alive.status,
            200,
            "after {:?}: {}",
            spec,
            String::from_utf8_lossy(&alive.body)
        );
        let kind = match &spec {
            Spec::Raw(r) => format!(
                "raw/{:?}{}{}",
                wire.route,
                if wire.oversized { "/oversized" } else { "" },
                match r.framing {
                    Framing::Truncated(_) => "/truncated",
                    Framing::Chunked(_) => "/chunked",
                    Framing::Exact => "",
                }
            ),
            Spec::Alibaba { classic: true, .. } => "signed/alibaba-rpc".into(),
            Spec::Alibaba { .. } => "signed/alibaba-acs3".into(),
            Spec::Tencent { .. } => "signed/tencent".into(),
            Spec::Volcengine { .. } => "signed/volcengine".into(),
        };
        let success =
            answer.status == 200 && !String::from_utf8_lossy(&answer.body).contains("\"Error\"");
        *stats
            .borrow_mut()
            .entry(format!(
                "{kind}{}",
                if success && wire.signed {
                    " (success)"
                } else {
                    ""
                }
            ))
            .or_default() += 1;
        Ok(())
    });
    let summary = stats
        .borrow()
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let elapsed = started.elapsed();
    let log = match &transport {
        Transport::InProcess(app, _) => {
            let stats = app.call_log_stats();
            assert!(stats.bytes <= stats.max_bytes, "call log {stats:?}");
            format!("; call log {} of {} bytes", stats.bytes, stats.max_bytes)
        }
        Transport::Tcp(_) => String::new(),
    };
    // Written past cargo's output capture.
    let _ = writeln!(
        std::io::stderr().lock(),
        "request_fuzz ({name}): {cases} cases in {elapsed:.1?}, {}; {summary}{log}",
        if outcome.is_ok() {
            "no finding"
        } else {
            "FINDING"
        }
    );
    if let Transport::Tcp(emu) = transport {
        rt.block_on(emu.stop());
    }
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
