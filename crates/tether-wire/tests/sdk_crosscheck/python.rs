//! The python side: the virtualenv with the pinned official SDKs (built once, then reused)
//! and the run of `sdk_sign.py` that signs every case with the SDKs.

use super::*;

/// The virtualenv with the pinned SDKs, created on first use.
pub(crate) fn prepare_venv() -> Result<PathBuf, String> {
    tether_testkit::pinned_venv(
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        "sdk-crosscheck-venv",
        PINS,
        &report,
    )
}

/// Runs the oracle script once over every case.
pub(crate) fn run_oracle(python: &Path, input: &Value) -> Vec<Value> {
    let mut child = Command::new(python)
        .arg(SCRIPT)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
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
        "sdk_sign.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "sdk_sign.py wrote no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    parsed["results"].as_array().expect("results array").clone()
}
