//! Soak: `tether emulator` under a bounded mix of signed calls (all three clouds, through
//! tether's client), unsigned requests with large bodies, malformed requests and idle
//! connections keeps answering, and its memory stays flat — the call log holds summaries of
//! what was refused and stays within its byte bound. Loopback only; about 100 MB of traffic.

mod support;

use support::process::rss_kib;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use tether_client::{CallContext, Client, ClientConfig, Cloud};
use tether_wire::api::alibaba_vpc::DescribeEipAddressesRequest;
use tether_wire::api::tencent_vpc::DescribeAddressesRequest;
use tether_wire::api::volcengine_vpc::DescribeHaVipsRequest;
use tether_wire::sign::Credentials;

const ROUNDS: usize = 6;
/// Generous margin for allocator slack and caches, far below what the traffic would
/// leave behind if the emulator kept it (several hundred MB).
const RSS_MARGIN_KIB: u64 = 64 * 1024;

struct Signed {
    runtime: tokio::runtime::Runtime,
    alibaba: Client,
    tencent: Client,
    volcengine: Client,
}

impl Signed {
    fn new(url: &str) -> Signed {
        let client = |cloud, region: &str| {
            Client::new(
                ClientConfig::new(cloud, region, Credentials::new(ACCESS_KEY, SECRET_KEY))
                    .with_endpoint(url.to_owned())
                    .with_max_retries(0)
                    .with_request_timeout(Duration::from_secs(30)),
            )
            .expect("client")
        };
        Signed {
            runtime: tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime"),
            alibaba: client(Cloud::Alibaba, "cn-hangzhou"),
            tencent: client(Cloud::Tencent, "ap-guangzhou"),
            volcengine: client(Cloud::Volcengine, "cn-beijing"),
        }
    }

    /// One call of each cloud; all must succeed.
    fn round(&self) {
        let ctx = CallContext::new().with_timeout(Duration::from_secs(30));
        self.runtime.block_on(async {
            let a = self.alibaba.call(&DescribeEipAddressesRequest { region_id: "cn-hangzhou".into(), ..Default::default() }, &ctx).await;
            assert!(a.is_ok(), "alibaba: {a:?}");
            let t = self.tencent.call(&DescribeAddressesRequest::default(), &ctx).await;
            assert!(t.is_ok(), "tencent: {t:?}");
            let v = self.volcengine.call(&DescribeHaVipsRequest::default(), &ctx).await;
            assert!(v.is_ok(), "volcengine: {v:?}");
        });
    }
}

/// Sends raw bytes (then half-closes when `cut_short`), and reads the answer (if any) to
/// the end.
fn send(addr: &str, bytes: &[u8], cut_short: bool) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let _ = s.write_all(bytes);
    if cut_short {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn raw(addr: &str, bytes: &[u8]) -> String {
    send(addr, bytes, false)
}

fn post(addr: &str, headers: &str, body: &[u8]) -> String {
    let mut bytes = format!("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    raw(addr, &bytes)
}

#[test]
fn mixed_traffic_leaves_memory_flat() {
    let emu = Emulator::start(&["--delay-ms", "0"]);
    let addr = emu.url.trim_start_matches("http://").to_owned();
    let pid = emu.pid();
    let signed = Signed::new(&emu.url);
    // Warm up: the allocator and caches reach their working size.
    for _ in 0..50 {
        signed.round();
    }
    let _ = emu.calls();
    let baseline = rss_kib(pid);

    // ~900 KB JSON of many small keys (Tencent-shaped, unsigned) and ~800 KB of small form
    // parameters (Alibaba-shaped, unsigned): the shapes that cost the most to keep.
    let json: String = {
        let map: serde_json::Map<String, serde_json::Value> = (0..60_000).map(|i| (format!("k{i}"), "v".into())).collect();
        serde_json::Value::Object(map).to_string()
    };
    let mut form = String::from("Action=DescribeEipAddresses&Version=2016-04-28&SignatureMethod=HMAC-SHA1");
    let mut i = 0;
    while form.len() < 800_000 {
        form.push_str(&format!("&p{i}=x"));
        i += 1;
    }
    let mut idle = Vec::new();
    for round in 0..ROUNDS {
        for _ in 0..10 {
            signed.round();
        }
        for _ in 0..5 {
            let a = post(&addr, "X-TC-Action: DescribeAddresses\r\nX-TC-Version: 2017-03-12\r\nContent-Type: application/json\r\n", json.as_bytes());
            assert!(a.contains("AuthFailure"), "{}", &a[..a.len().min(300)]);
            let a = post(&addr, "Content-Type: application/x-www-form-urlencoded\r\n", form.as_bytes());
            assert!(a.starts_with("HTTP/1.1 400"), "{}", &a[..a.len().min(300)]);
        }
        // Malformed: broken escapes, a body cut short, a declared body above the limit,
        // garbage bytes, a request of no cloud, an unsigned Volcengine call.
        let a = raw(&addr, b"GET /?Version=2016-04-28&x=%ff%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert!(a.starts_with("HTTP/1.1 400"), "{a}");
        let a = send(&addr, b"POST / HTTP/1.1\r\nHost: x\r\nX-TC-Action: DescribeAddresses\r\nContent-Length: 500\r\n\r\n{\"Limit\":", true);
        assert!(a.contains("InvalidParameter"), "{a}");
        let a = raw(&addr, b"POST / HTTP/1.1\r\nHost: x\r\nX-Date: 20240101T000000Z\r\nContent-Length: 900000000\r\n\r\n");
        assert!(a.starts_with("HTTP/1.1 413"), "{a}");
        let a = send(&addr, &[0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00, 0x00], true);
        assert!(!a.contains("200 OK"), "{a}");
        let a = raw(&addr, b"GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert!(a.contains("UnrecognizedRequest"), "{a}");
        let a = raw(&addr, b"GET /?Action=DescribeHaVips&Version=2020-04-01 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert!(a.contains("MissingAuthenticationToken"), "{a}");
        // A few connections left open mid-head.
        for _ in 0..5 {
            let mut s = TcpStream::connect(&addr).expect("connect");
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").expect("write");
            idle.push(s);
        }
        eprintln!("soak round {round}: RSS {} KiB (baseline {baseline} KiB)", rss_kib(pid));
    }
    signed.round();
    let after = rss_kib(pid);
    eprintln!("soak: RSS {baseline} KiB after warm-up, {after} KiB after {ROUNDS} rounds (~{} MB sent)", ROUNDS * 5 * (json.len() + form.len()) / 1_000_000);
    assert!(after < baseline + RSS_MARGIN_KIB, "RSS grew from {baseline} KiB to {after} KiB");
    let calls = emu.calls();
    let bytes = calls["bytes"].as_u64().expect("bytes");
    let max = calls["max_bytes"].as_u64().expect("max_bytes");
    let list = calls["calls"].as_array().expect("calls");
    eprintln!("soak: call log {} calls, {bytes} of {max} bytes", list.len());
    assert!(bytes <= max);
    assert!(list.iter().filter(|c| c["authenticated"] == false).all(|c| c["params"].is_null()));
    assert_eq!(list.last().expect("newest")["action"], "DescribeHaVips");
    drop(idle);
}
