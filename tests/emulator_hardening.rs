//! `tether emulator` as users run it for hours on shared machines, seen from outside the
//! process: it refuses to listen beyond loopback unless told to (and then guards its admin
//! API with the token it prints), and idle, slow or oversized connections cannot stop it
//! from answering — also under `ulimit -n 256`. Loopback only, bounded counts; every wait
//! has a generous upper bound.
//!
//! `TETHER_BIN` runs another `tether` binary (e.g. an older build, to see these fail).

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::emulator::{bin, fixtures, Emulator, ACCESS_KEY, SECRET_KEY};
use tether_client::{CallContext, Client, ClientConfig, Cloud};
use tether_wire::api::alibaba_vpc::DescribeEipAddressesRequest;
use tether_wire::sign::Credentials;

/// Upper bound for anything that must happen "eventually".
const EVENTUALLY: Duration = Duration::from_secs(40);

/// A running emulator process, and its stderr lines.
struct Running {
    /// Kept for its lifetime: dropping it stops the process.
    _emu: Emulator,
    url: String,
    stderr: mpsc::Receiver<String>,
}

impl Running {
    /// Runs `sh -c "<prefix> exec tether emulator --fixtures F <args>"`.
    fn start(shell_prefix: &str, args: &[&str]) -> Running {
        let mut script = format!("{shell_prefix} exec \"$0\" emulator --fixtures \"$1\"");
        for i in 0..args.len() {
            script.push_str(&format!(" \"${}\"", i + 2));
        }
        let mut command = Command::new("sh");
        command.arg("-c").arg(script).arg(bin()).arg(fixtures()).args(args).stderr(Stdio::piped());
        let mut emu = Emulator::launch(command);
        let stderr = emu.take_stderr().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("emulator: {line}");
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let url = emu.url.clone();
        Running { _emu: emu, url, stderr: rx }
    }

    fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    /// The first stderr line containing `needle`.
    fn stderr_line(&self, needle: &str) -> String {
        loop {
            let line = self.stderr.recv_timeout(EVENTUALLY).unwrap_or_else(|_| panic!("no stderr line with {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    }
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().no_proxy().timeout(EVENTUALLY).build().expect("client")
}

/// A signed DescribeEipAddresses through tether's client succeeds.
fn signed_call_succeeds(url: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let client = Client::new(
        ClientConfig::new(Cloud::Alibaba, "cn-hangzhou", Credentials::new(ACCESS_KEY, SECRET_KEY))
            .with_endpoint(url.to_owned())
            .with_max_retries(0)
            .with_request_timeout(EVENTUALLY),
    )
    .expect("client");
    let answer =
        runtime.block_on(client.call(&DescribeEipAddressesRequest { region_id: "cn-hangzhou".into(), ..Default::default() }, &CallContext::new().with_timeout(EVENTUALLY)));
    assert!(answer.is_ok(), "a signed call: {answer:?}");
}

/// Reads until the server closes `stream`; false if it is still open at `deadline`.
fn closed_by(stream: &mut TcpStream, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
    stream.set_read_timeout(Some(left)).expect("timeout");
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
}

#[test]
fn a_non_loopback_listen_address_is_refused_without_allow_remote() {
    for listen in ["0.0.0.0:0", "[::]:0"] {
        let mut child = Command::new(bin()).args(["emulator", "--listen", listen]).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let (tx, rx) = mpsc::channel();
        let mut stdout = child.stdout.take().expect("stdout");
        let mut stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            let mut out = String::new();
            let mut err = String::new();
            let _ = stdout.read_to_string(&mut out);
            let _ = stderr.read_to_string(&mut err);
            let _ = tx.send((out, err));
        });
        let Ok((out, err)) = rx.recv_timeout(EVENTUALLY) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`--listen {listen}` was not refused: the emulator is serving every interface");
        };
        let status = child.wait().expect("exit");
        assert_eq!(status.code(), Some(1), "{err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("--allow-remote") && err.contains(listen.trim_end_matches(":0")), "{err}");
    }
}

#[test]
fn with_allow_remote_the_admin_api_needs_the_printed_token() {
    let emu = Running::start("", &["--listen", "127.0.0.1:0", "--allow-remote", "--delay-ms", "0"]);
    let line = emu.stderr_line("admin token");
    let token = line.rsplit(' ').next().expect("token").to_owned();
    assert_eq!(token.len(), 64, "{line}");
    let client = http();
    let state = format!("{}/_emulator/state", emu.url);
    assert_eq!(client.get(&state).send().expect("send").status().as_u16(), 401);
    let reset = format!("{}/_emulator/reset", emu.url);
    assert_eq!(client.post(&reset).send().expect("send").status().as_u16(), 401);
    let ok = client.get(&state).bearer_auth(&token).send().expect("send");
    assert_eq!(ok.status().as_u16(), 200);
    // The token is printed once and nowhere else: not in answers.
    let refused = client.get(&state).bearer_auth("nope").send().expect("send").text().expect("body");
    assert!(!refused.contains(&token));
    signed_call_succeeds(&emu.url);
}

#[test]
fn three_hundred_idle_connections_under_ulimit_256_do_not_stop_it() {
    let emu = Running::start("ulimit -n 256 &&", &["--listen", "127.0.0.1:0", "--delay-ms", "0"]);
    let addr = emu.addr();
    let idle: Vec<TcpStream> = (0..300).map(|_| TcpStream::connect(&addr).expect("connect")).collect();
    let status = http().get(format!("{}/_emulator/faults", emu.url)).send().map(|r| r.status().as_u16());
    assert_eq!(status.ok(), Some(200), "the admin API stopped answering");
    signed_call_succeeds(&emu.url);
    drop(idle);
}

#[test]
fn slowloris_connections_and_huge_declared_bodies_do_not_hold_it() {
    let emu = Running::start("", &["--listen", "127.0.0.1:0", "--delay-ms", "0"]);
    let addr = emu.addr();
    // 2,000 connections that start a request head and never finish it.
    let mut slow: Vec<TcpStream> = (0..2000)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).expect("connect");
            s.write_all(b"GET /_emulator/state HTTP/1.1\r\nHost: x\r\nX-Slow: ").expect("write");
            s
        })
        .collect();
    // A declared 1 GB body is refused before it is sent.
    let mut huge = TcpStream::connect(&addr).expect("connect");
    huge.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nX-TC-Action: DescribeAddresses\r\nContent-Length: 1000000000\r\n\r\n").expect("write");
    huge.set_read_timeout(Some(EVENTUALLY)).expect("timeout");
    let mut head = [0u8; 12];
    let read = huge.read_exact(&mut head);
    assert!(read.is_ok(), "no answer to a declared 1 GB body: {read:?}");
    assert_eq!(&head, b"HTTP/1.1 200", "Tencent answers RequestSizeLimitExceeded with 200");
    // Real clients are answered meanwhile.
    signed_call_succeeds(&emu.url);
    // And the slow connections are closed, not kept forever.
    let deadline = Instant::now() + EVENTUALLY;
    let mut open = 0;
    for s in &mut slow {
        if !closed_by(s, deadline) {
            open += 1;
        }
    }
    assert_eq!(open, 0, "{open} slowloris connections still open");
}
