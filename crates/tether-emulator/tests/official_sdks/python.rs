//! The Python side: the virtualenv with the pinned SDKs (built once, reused), running
//! `run_sdks.py` with a scrubbed environment.

use super::*;

// ------------------------------------------------------------------------------------------
// Python

/// The virtualenv's python, prepared once for every test of this file; `None` (reported as
/// skipped) when the SDKs cannot be installed, unless `TETHER_REQUIRE_SDK_CROSSCHECK=1`.
pub(crate) fn sdk_python() -> Option<PathBuf> {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match VENV.get_or_init(prepare_venv) {
        Ok(python) => Some(python.clone()),
        Err(reason) => {
            if std::env::var_os("TETHER_REQUIRE_SDK_CROSSCHECK").is_some_and(|v| v == "1") {
                panic!("official SDK check required but unavailable: {reason}");
            }
            report(&format!("SKIPPED: {reason}"));
            None
        }
    }
}

/// Environment variables the SDKs would read and that must not leak into the run.
pub(crate) fn scrubbed(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.ends_with("_PROXY")
        || upper.starts_with("ALIBABA_CLOUD_")
        || upper.starts_with("ALICLOUD_")
        || upper.starts_with("TENCENTCLOUD_")
        || upper.starts_with("VOLC")
}

pub(crate) fn python_command(python: &Path) -> Command {
    let mut cmd = Command::new(python);
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(scrubbed) {
            cmd.env_remove(&name);
        }
    }
    cmd.env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("NO_PROXY", "127.0.0.1,localhost");
    cmd
}

/// Runs the script once over every case.
pub(crate) fn run_script(python: &Path, input: &Value) -> Vec<Value> {
    run_python(python, input)["results"]
        .as_array()
        .expect("results array")
        .clone()
}

/// Runs the script once on `input` and returns the document it wrote.
pub(crate) fn run_python(python: &Path, input: &Value) -> Value {
    let mut child = python_command(python)
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv python starts");
    let bytes = serde_json::to_vec(input).expect("cases serialise");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let output = child.wait_with_output().expect("python runs");
    writer
        .join()
        .expect("writer thread")
        .expect("cases written to python");
    assert!(
        output.status.success(),
        "run_sdks.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "run_sdks.py wrote no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Creates (or reuses) the virtualenv with the pinned packages; returns its python.
pub(crate) fn prepare_venv() -> Result<PathBuf, String> {
    tether_testkit::pinned_venv(
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        "official-sdks-venv",
        PINS,
        &report,
    )
}
