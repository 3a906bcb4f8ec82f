//! Starts `tether emulator` on a free port for a test and talks to its admin endpoints.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The emulator's documented default credentials.
pub const ACCESS_KEY: &str = "tether-demo";
pub const SECRET_KEY: &str = "tether-demo-secret";

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/emulator/fixtures.json")
}

/// The `tether` binary under test: `TETHER_BIN` when set, else the one cargo built.
pub fn bin() -> String {
    std::env::var("TETHER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_tether").to_owned())
}

pub struct Emulator {
    child: Child,
    pub url: String,
}

impl Emulator {
    /// Starts the emulator on the example fixtures with `extra` arguments (e.g. delays).
    pub fn start(extra: &[&str]) -> Emulator {
        Emulator::start_with(&fixtures(), extra)
    }

    /// Starts the emulator on a fixtures file of the test's own.
    pub fn start_with(fixtures: &std::path::Path, extra: &[&str]) -> Emulator {
        // `TETHER_BIN` runs another build (e.g. an older one, to see a test fail).
        let mut command = Command::new(bin());
        command.args(["emulator", "--listen", "127.0.0.1:0", "--fixtures"]).arg(fixtures).args(extra).stderr(Stdio::inherit());
        Emulator::launch(command)
    }

    /// Spawns `command` (which runs the emulator) with stdout piped and waits for the
    /// listening line.
    pub fn launch(mut command: Command) -> Emulator {
        let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).spawn().expect("spawn tether emulator");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("first line");
        let url = line.trim().strip_prefix("tether emulator listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
        Emulator { child, url }
    }

    /// The emulator's stderr, when `launch` was given a piped one.
    pub fn take_stderr(&mut self) -> Option<std::process::ChildStderr> {
        self.child.stderr.take()
    }

    /// The emulator's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn admin(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
        let client = reqwest::blocking::Client::new();
        let url = format!("{}/_emulator/{path}", self.url);
        let request = match method {
            "GET" => client.get(&url),
            "DELETE" => client.delete(&url),
            _ => client.post(&url),
        };
        let request = match body {
            Some(b) => request.json(&b),
            None => request,
        };
        let response = request.send().expect("admin request");
        let status = response.status();
        let text = response.text().expect("admin body");
        assert!(status.is_success(), "{method} /_emulator/{path} answered {status}: {text}");
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    }

    pub fn state(&self) -> serde_json::Value {
        self.admin("GET", "state", None)
    }
    pub fn calls(&self) -> serde_json::Value {
        self.admin("GET", "calls", None)
    }
    /// The inventory without its histories (scaling activities, tasks): the lists that grow
    /// with every write and are not part of what a destroy must restore.
    pub fn inventory(&self) -> serde_json::Value {
        let mut inventory = self.state()["inventory"].clone();
        if let Some(clouds) = inventory.as_object_mut() {
            for cloud in clouds.values_mut() {
                if let Some(lists) = cloud.as_object_mut() {
                    for history in HISTORIES {
                        lists.remove(*history);
                    }
                }
            }
        }
        inventory
    }
    pub fn clear_calls(&self) {
        self.admin("DELETE", "calls", None);
    }
    pub fn mutate(&self, change: serde_json::Value) -> serde_json::Value {
        self.admin("POST", "mutate", Some(change))
    }
    pub fn faults(&self, faults: serde_json::Value) -> serde_json::Value {
        self.admin("POST", "faults", Some(faults))
    }
    pub fn reset(&self) {
        self.admin("POST", "reset", None);
    }
}

/// Lists of the emulator's inventory that are histories rather than resources.
const HISTORIES: &[&str] = &["scaling_activities", "tasks"];

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
