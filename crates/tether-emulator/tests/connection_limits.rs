//! Slow, idle and abandoned connections cannot keep the emulator from answering: request
//! heads and bodies must arrive in time, silent connections are closed, an oversized
//! declared body is refused before it is sent, and at the connection limit the
//! longest-waiting connection makes room for a new client. Loopback only, small limits,
//! bounded counts; every wait has a generous upper bound and the assertions are about what
//! happens, not how fast.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::{Emu, AK, SK};
use tether_emulator::connections::Limits;
use tether_emulator::EmulatorConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Upper bound for anything the emulator must do "eventually" in these tests.
const EVENTUALLY: Duration = Duration::from_secs(30);

fn limits(max_connections: usize) -> Limits {
    Limits {
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(800),
        max_connections,
    }
}

async fn emu(limits: Limits) -> Emu {
    let mut config = EmulatorConfig::new(common::test_fixtures());
    config.async_delay_ms = 0;
    config.limits = limits;
    Emu::start_config(config).await
}

/// Reads until the server closes the connection; what it sent before closing.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let read = tokio::time::timeout(EVENTUALLY, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the emulator kept the connection open");
    out
}

/// Whether the server has closed `stream` (EOF or reset) without waiting.
async fn is_closed(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match tokio::time::timeout(Duration::from_millis(1), stream.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

async fn connect(addr: SocketAddr) -> TcpStream {
    TcpStream::connect(addr).await.expect("connect")
}

/// A signed call still succeeds.
async fn still_answers(emu: &Emu) {
    let r = tokio::time::timeout(
        EVENTUALLY,
        emu.ali(
            "DescribeEipAddresses",
            &[("RegionId", common::HZ), ("PageSize", "1")],
        ),
    )
    .await
    .expect("a legitimate client is answered");
    r.ok();
}

#[tokio::test]
async fn slow_request_heads_and_silent_connections_are_closed() {
    let emu = emu(limits(64)).await;
    let addr = emu.running.addr();
    // A slowloris head: never completed.
    let mut slow = connect(addr).await;
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-A: ")
        .await
        .expect("write");
    // A connection that never sends a byte.
    let mut silent = connect(addr).await;
    // A keep-alive connection after one answer.
    let mut kept = connect(addr).await;
    kept.write_all(b"GET /_emulator/faults HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let answer = until_closed(&mut kept).await;
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    until_closed(&mut slow).await;
    until_closed(&mut silent).await;
    still_answers(&emu).await;
    emu.stop().await;
}

#[tokio::test]
async fn slow_and_oversized_bodies_are_refused() {
    let emu = emu(limits(64)).await;
    let addr = emu.running.addr();
    // A declared 1 GB body is refused at once, before any of it is sent.
    let mut huge = connect(addr).await;
    huge.write_all(
        b"POST /?Action=DescribeEipAddresses&Version=2016-04-28&SignatureMethod=HMAC-SHA1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000\r\n\r\n",
    )
    .await
    .expect("write");
    let answer = until_closed(&mut huge).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("RequestEntityTooLarge"), "{text}");
    // A body that stops half-way is answered 408 once the body timeout passes.
    let mut stalled = connect(addr).await;
    stalled
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nX-TC-Action: DescribeAddresses\r\nContent-Length: 100\r\n\r\n{\"Addr")
        .await
        .expect("write");
    let answer = until_closed(&mut stalled).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 200"),
        "Tencent answers errors with 200: {text}"
    );
    assert!(text.contains("did not arrive within"), "{text}");
    // The same on the admin API.
    let mut admin = connect(addr).await;
    admin
        .write_all(b"POST /_emulator/faults HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        .await
        .expect("write");
    let answer = until_closed(&mut admin).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    still_answers(&emu).await;
    emu.stop().await;
}

#[tokio::test]
async fn at_the_connection_limit_idle_connections_make_room() {
    const LIMIT: usize = 8;
    let mut generous = limits(LIMIT);
    // Long timeouts: only the limit can close the idle connections here.
    generous.header_timeout = Duration::from_secs(3600);
    generous.idle_timeout = Duration::from_secs(3600);
    let emu = emu(generous).await;
    let addr = emu.running.addr();
    let mut idle = Vec::new();
    for _ in 0..50 {
        idle.push(connect(addr).await);
    }
    // Half of them have started a request head and stalled.
    for s in idle.iter_mut().step_by(2) {
        s.write_all(b"GET / HTTP/1.1\r\n").await.expect("write");
    }
    // A new client is served although 50 connections are open and the limit is 8.
    still_answers(&emu).await;
    still_answers(&emu).await;
    // Connections beyond the limit were closed, oldest first.
    let mut open = 0;
    for s in &mut idle {
        if !is_closed(s).await {
            open += 1;
        }
    }
    assert!(
        open <= LIMIT,
        "{open} idle connections still open with a limit of {LIMIT}"
    );
    emu.stop().await;
}

#[tokio::test]
async fn connections_in_the_middle_of_a_request_are_not_closed_for_newcomers() {
    const LIMIT: usize = 2;
    let mut l = limits(LIMIT);
    l.body_timeout = Duration::from_secs(3600);
    l.header_timeout = Duration::from_secs(3600);
    l.idle_timeout = Duration::from_secs(3600);
    let emu = emu(l).await;
    let addr = emu.running.addr();
    // Two connections are sending bodies (busy); a third waits for a slot.
    let mut busy = Vec::new();
    for _ in 0..LIMIT {
        let mut s = connect(addr).await;
        s.write_all(b"POST /_emulator/faults HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{")
            .await
            .expect("write");
        busy.push(s);
    }
    let waiting = tokio::spawn({
        let url = emu.url.clone();
        async move {
            reqwest::Client::new()
                .get(format!("{url}/_emulator/faults"))
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    });
    // Finishing one body frees a slot for the waiting client.
    let mut first = busy.remove(0);
    first.write_all(b"}").await.expect("write");
    let answer = until_closed_after_answer(&mut first).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let status = tokio::time::timeout(EVENTUALLY, waiting)
        .await
        .expect("served once a slot is free")
        .expect("task")
        .expect("request");
    assert_eq!(status, 200);
    // The other busy connection was left alone.
    assert!(!is_closed(&mut busy[0]).await);
    busy[0].write_all(b"}").await.expect("write");
    let answer = until_closed_after_answer(&mut busy[0]).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    emu.stop().await;
}

/// Reads one answer's head (the connection stays open for keep-alive).
async fn until_closed_after_answer(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let done = tokio::time::timeout(EVENTUALLY, async {
        while !out.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(done.is_ok(), "no answer");
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_non_loopback_address_is_refused_without_opt_in() {
    for listen in ["0.0.0.0:0", "[::]:0"] {
        let mut config = EmulatorConfig::new(common::test_fixtures());
        config.listen = listen.parse().expect("address");
        let err = tether_emulator::start(config).await.err().expect("refused");
        let text = err.to_string();
        assert!(text.contains("--allow-remote"), "{text}");
        assert!(matches!(
            err,
            tether_emulator::EmulatorError::RemoteListen { .. }
        ));
    }
}

#[tokio::test]
async fn an_admin_token_guards_the_admin_api() {
    let token = "a-test-token-0123456789";
    let mut config = EmulatorConfig::new(common::test_fixtures());
    config.admin_token = Some(tether_emulator::remote::AdminToken::new(token).expect("token"));
    let emu = Emu::start_config(config).await;
    for (method, path) in [
        ("GET", "/_emulator/state"),
        ("GET", "/_emulator/calls"),
        ("DELETE", "/_emulator/calls"),
        ("GET", "/_emulator/faults"),
        ("POST", "/_emulator/faults"),
        ("POST", "/_emulator/mutate"),
        ("POST", "/_emulator/reset"),
        ("GET", "/_emulator/other"),
    ] {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let url = format!("{}{path}", emu.url);
        let r = emu
            .http
            .request(m.clone(), &url)
            .send()
            .await
            .expect("send");
        assert_eq!(
            r.status().as_u16(),
            401,
            "{method} {path} without the token"
        );
        let r = emu
            .http
            .request(m.clone(), &url)
            .bearer_auth("wrong-token-0123456789")
            .send()
            .await
            .expect("send");
        assert_eq!(
            r.status().as_u16(),
            401,
            "{method} {path} with a wrong token"
        );
        let body = r.text().await.expect("body");
        assert!(!body.contains(token));
    }
    let r = emu
        .http
        .get(format!("{}/_emulator/state", emu.url))
        .bearer_auth(token)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status().as_u16(), 200);
    let r = emu
        .http
        .get(format!("{}/_emulator/faults", emu.url))
        .header("X-Emulator-Token", token)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status().as_u16(), 200);
    // The signed cloud APIs need no admin token.
    let _ = (AK, SK);
    still_answers(&emu).await;
    emu.stop().await;
}
