//! `kill -9` in the middle of a burst of writes loses no acknowledged write.
//!
//! The emulator runs as a separate process, `tether emulator --listen 127.0.0.1:0 --state
//! FILE --delay-ms 0`. Eight tasks fire 40 writes through `tether_client` (25
//! AssociateEipAddress, 15 AssociateHaVip), recording each one acknowledged (a success
//! answer received). As soon as [`KILL_AFTER`] acknowledgements have been observed the
//! process gets SIGKILL while the other writes are in flight; it is then restarted with the
//! same `--state`, and every acknowledged write must be in `GET /_emulator/state`. The kill
//! is triggered by the acknowledgement count, not by a timer, so the test does not depend
//! on timing.
//!
//! Which program runs the emulator:
//! 1. `TETHER_BIN`, when set;
//! 2. the `tether` binary next to this test executable (`target/<profile>/tether`), which
//!    exists when the workspace root package was built, e.g. by `cargo test --workspace`
//!    (what CI runs);
//! 3. otherwise this test executable itself, re-run as a child on
//!    `emulator_child_process`, which calls `tether_emulator::cli::run_blocking`, the
//!    function behind `tether emulator`, so `cargo test -p tether-emulator` alone also
//!    runs the check (the summary line says which program was used).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{AK, BJ, HZ, SK};
use tether_client::{CallContext, Client, ClientConfig, ClientError, Cloud};
use tether_emulator::PersistedState;
use tether_wire::api::alibaba_vpc::AssociateEipAddressRequest;
use tether_wire::api::volcengine_vpc::AssociateHaVipRequest;
use tether_wire::sign::Credentials;
use tokio::sync::Notify;

/// Acknowledgements observed before the process is killed.
const KILL_AFTER: usize = 15;
/// Writing tasks.
const TASKS: usize = 8;
/// Environment variable that turns `emulator_child_process` into the emulator.
const CHILD_STATE_ENV: &str = "TETHER_KILL9_CHILD_STATE";

fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "kill9_persistence: {line}");
}

/// One write of the burst.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Write1 {
    Eip { eip: String, instance: String },
    HaVip { havip: String, instance: String },
}

fn burst() -> Vec<Write1> {
    let mut writes = Vec::new();
    for k in 1..=25 {
        writes.push(Write1::Eip {
            eip: format!("eip-hzfree{k:03}"),
            instance: format!("i-hzapp{k:03}"),
        });
    }
    for k in 1..=15 {
        writes.push(Write1::HaVip {
            havip: format!("havip-bjdemo{:03}", (k - 1) / 5 + 1),
            instance: format!("i-bjapp{k:03}"),
        });
    }
    writes
}

/// Whether the persisted state holds the write.
fn present(state: &PersistedState, write: &Write1) -> bool {
    match write {
        Write1::Eip { eip, instance } => state
            .inventory
            .alibaba
            .regions
            .get(HZ)
            .and_then(|r| r.eips.iter().find(|e| e.id == *eip))
            .and_then(|e| e.binding.as_ref())
            .is_some_and(|b| b.instance_id == *instance),
        Write1::HaVip { havip, instance } => state
            .inventory
            .volcengine
            .regions
            .get(BJ)
            .and_then(|r| r.havips.iter().find(|h| h.id == *havip))
            .is_some_and(|h| {
                h.members.contains(instance)
                    || h.pending_members
                        .iter()
                        .any(|m| m.instance_id == *instance && m.add)
            }),
    }
}

// ------------------------------------------------------------------------------------------
// The emulator process

/// How the emulator process is started.
#[derive(Clone, Debug)]
enum Program {
    /// The `tether` binary.
    Tether(PathBuf),
    /// This test executable, re-run on `emulator_child_process`.
    SelfChild(PathBuf),
}

impl Program {
    fn find() -> Program {
        if let Some(bin) = std::env::var_os("TETHER_BIN") {
            return Program::Tether(PathBuf::from(bin));
        }
        let exe = std::env::current_exe().expect("the test executable's path");
        // target/<profile>/deps/<test>-<hash> → target/<profile>/tether
        let beside = exe
            .parent()
            .and_then(Path::parent)
            .map(|profile| profile.join(format!("tether{}", std::env::consts::EXE_SUFFIX)));
        match beside {
            Some(bin) if bin.is_file() => Program::Tether(bin),
            _ => Program::SelfChild(exe),
        }
    }

    fn describe(&self) -> String {
        match self {
            Program::Tether(bin) => format!("`{} emulator`", bin.display()),
            Program::SelfChild(_) => "this test executable running \
                 tether_emulator::cli::run_blocking (the code behind `tether emulator`; \
                 target/<profile>/tether was not built)"
                .to_string(),
        }
    }

    fn command(&self, state: &Path) -> Command {
        match self {
            Program::Tether(bin) => {
                let mut cmd = Command::new(bin);
                cmd.args(["emulator", "--listen", "127.0.0.1:0", "--state"])
                    .arg(state)
                    .args(["--delay-ms", "0"]);
                cmd
            }
            Program::SelfChild(exe) => {
                let mut cmd = Command::new(exe);
                cmd.args([
                    "emulator_child_process",
                    "--exact",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_STATE_ENV, state);
                cmd
            }
        }
    }
}

/// A running emulator process, killed (by its pid) when dropped.
struct Process {
    child: Child,
    url: String,
    _stdout: BufReader<ChildStdout>,
}

impl Process {
    fn start(program: &Program, state: &Path) -> Process {
        let mut cmd = program.command(state);
        for var in [
            "TETHER_EMULATOR_LISTEN",
            "TETHER_EMULATOR_FIXTURES",
            "TETHER_EMULATOR_ACCESS_KEY",
            "TETHER_EMULATOR_SECRET_KEY",
        ] {
            cmd.env_remove(var);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator process starts");
        let stdout = child.stdout.take().expect("piped stdout");
        // Read the announcement on a thread so that a silent child cannot hang the test.
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            let mut line = String::new();
            loop {
                line.clear();
                match stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(None);
                        return stdout;
                    }
                    Ok(_) => {
                        // The test harness of the self-child prefixes `test name ... `.
                        const ANNOUNCE: &str = "tether emulator listening on ";
                        if let Some(at) = line.find(ANNOUNCE) {
                            let url = line[at + ANNOUNCE.len()..].trim().to_string();
                            let _ = tx.send(Some(url));
                            return stdout;
                        }
                    }
                }
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(url)) => url,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the emulator did not announce its address: {other:?}");
            }
        };
        let stdout = reader.join().expect("stdout reader");
        Process {
            child,
            url,
            _stdout: stdout,
        }
    }

    /// SIGKILL, then reap.
    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill9();
        }
    }
}

/// Not a test of its own: the emulator child of `acknowledged_writes_survive_kill_9`
/// (does nothing unless started by it).
#[test]
fn emulator_child_process() {
    let Some(state) = std::env::var_os(CHILD_STATE_ENV) else {
        return;
    };
    let args = tether_emulator::cli::EmulatorArgs {
        listen: "127.0.0.1:0".into(),
        fixtures: None,
        state: Some(PathBuf::from(state)),
        delay_ms: 0,
        ..Default::default()
    };
    tether_emulator::cli::run_blocking(args).expect("the emulator runs");
}

// ------------------------------------------------------------------------------------------
// The test

fn client(url: &str, cloud: Cloud, region: &str) -> Client {
    Client::new(
        ClientConfig::new(cloud, region, Credentials::new(AK, SK))
            .with_endpoint(url.to_string())
            .with_max_retries(0)
            .with_request_timeout(Duration::from_secs(20)),
    )
    .expect("client")
}

async fn fetch_state(url: &str) -> PersistedState {
    let http = reqwest::Client::builder().no_proxy().build().expect("http");
    let value: serde_json::Value = http
        .get(format!("{url}/_emulator/state"))
        .send()
        .await
        .expect("GET /_emulator/state")
        .json()
        .await
        .expect("state JSON");
    serde_json::from_value(value).expect("the state parses as PersistedState")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9() {
    let program = Program::find();
    let dir = tempfile::tempdir().expect("temp dir");
    let state_file = dir.path().join("state.json");
    let mut first = Process::start(&program, &state_file);
    let url = first.url.clone();

    let writes = burst();
    let queue = Arc::new(Mutex::new(writes.clone()));
    let acked = Arc::new(Mutex::new(Vec::<Write1>::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let reached = Arc::new(Notify::new());
    let refused = Arc::new(Mutex::new(Vec::<String>::new()));
    let ali = client(&url, Cloud::Alibaba, HZ);
    let volc = client(&url, Cloud::Volcengine, BJ);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..TASKS {
        let (queue, acked, count, reached, refused) = (
            queue.clone(),
            acked.clone(),
            count.clone(),
            reached.clone(),
            refused.clone(),
        );
        let (ali, volc) = (ali.clone(), volc.clone());
        tasks.spawn(async move {
            let mut failed = 0usize;
            loop {
                let next = queue.lock().expect("queue").pop();
                let Some(write) = next else { break };
                let ctx = CallContext::new().with_timeout(Duration::from_secs(30));
                let outcome = match &write {
                    Write1::Eip { eip, instance } => ali
                        .call(
                            &AssociateEipAddressRequest {
                                region_id: HZ.into(),
                                allocation_id: eip.clone(),
                                instance_id: instance.clone(),
                                ..Default::default()
                            },
                            &ctx,
                        )
                        .await
                        .map(|_| ()),
                    Write1::HaVip { havip, instance } => volc
                        .call(
                            &AssociateHaVipRequest {
                                ha_vip_id: havip.clone(),
                                instance_id: instance.clone(),
                                instance_type: None,
                                client_token: None,
                            },
                            &ctx,
                        )
                        .await
                        .map(|_| ()),
                };
                match outcome {
                    Ok(()) => {
                        acked.lock().expect("acked").push(write);
                        if count.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                            reached.notify_one();
                        }
                    }
                    // A cloud error would mean the burst itself is wrong.
                    Err(e @ ClientError::Cloud(_)) => {
                        refused.lock().expect("refused").push(e.to_string())
                    }
                    // Cut off by the kill: not acknowledged.
                    Err(_) => failed += 1,
                }
            }
            failed
        });
    }
    // Kill as soon as KILL_AFTER writes were acknowledged, while the others are in flight.
    tokio::time::timeout(Duration::from_secs(120), reached.notified())
        .await
        .expect("the burst reaches the kill point");
    first.kill9();
    let acked_at_kill = count.load(Ordering::SeqCst);
    let mut failed = 0;
    while let Some(joined) = tasks.join_next().await {
        failed += joined.expect("writer task");
    }
    let acked = acked.lock().expect("acked").clone();
    assert!(acked.len() >= KILL_AFTER);
    let refused = refused.lock().expect("refused").clone();
    assert!(
        refused.is_empty(),
        "writes refused by the emulator: {refused:?}"
    );

    // Restart on the same state file.
    let second = Process::start(&program, &state_file);
    let state = fetch_state(&second.url).await;
    let missing: Vec<&Write1> = acked.iter().filter(|w| !present(&state, w)).collect();
    report(&format!(
        "{} writes fired by {TASKS} tasks; SIGKILL after {acked_at_kill} acknowledgements; \
         {} acknowledged in total, {} cut off by the kill; \
         {}/{} acknowledged writes present after the restart (emulator: {})",
        writes.len(),
        acked.len(),
        failed,
        acked.len() - missing.len(),
        acked.len(),
        program.describe()
    ));
    assert!(
        missing.is_empty(),
        "acknowledged writes lost by kill -9: {missing:?}"
    );
    // The restarted emulator keeps working on the recovered state.
    let still = client(&second.url, Cloud::Alibaba, HZ)
        .call(
            &AssociateEipAddressRequest {
                region_id: HZ.into(),
                allocation_id: "eip-hzfree040".into(),
                instance_id: "i-hzapp040".into(),
                ..Default::default()
            },
            &CallContext::new().with_timeout(Duration::from_secs(30)),
        )
        .await;
    assert!(still.is_ok(), "a write after the restart: {still:?}");
    drop(second);
}
