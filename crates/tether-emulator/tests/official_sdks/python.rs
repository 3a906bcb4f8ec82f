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
    let python = std::env::var("TETHER_CROSSCHECK_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map_err(|e| format!("`{python}` cannot be run ({e}); install python3 to run it"))?;
    if !version.status.success() {
        return Err(format!("`{python} --version` failed"));
    }
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let pins = PINS.join("\n");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "official-sdks-venv-{:016x}",
        fnv1a(&format!("{version}\n{pins}"))
    ));
    let marker = |root: &Path| root.join("tether-pins.txt");
    let venv_python = |root: &Path| root.join("bin").join("python");
    if fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
        report(&format!("reusing virtualenv {}", dir.display()));
        return Ok(venv_python(&dir));
    }
    report(&format!(
        "creating virtualenv {} and installing {} from PyPI",
        dir.display(),
        PINS.join(" ")
    ));
    let staging = dir.with_extension(format!("staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let made = Command::new(&python)
        .args(["-m", "venv"])
        .arg(&staging)
        .output()
        .map_err(|e| format!("`{python} -m venv` cannot be run: {e}"))?;
    if !made.status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "`{python} -m venv` failed (venv/ensurepip missing?): {}",
            tail(&made.stderr)
        ));
    }
    let installed = Command::new(venv_python(&staging))
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
        ])
        .args(PINS)
        .output()
        .map_err(|e| format!("pip cannot be run: {e}"))?;
    if !installed.status.success() {
        let _ = fs::remove_dir_all(&staging);
        return Err(format!(
            "pip install of the pinned SDKs failed (no access to PyPI?): {}",
            tail(&installed.stderr)
        ));
    }
    fs::write(marker(&staging), &pins).map_err(|e| format!("cannot write marker: {e}"))?;
    if dir.exists() && !fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
        let _ = fs::remove_dir_all(&dir);
    }
    if fs::rename(&staging, &dir).is_err() {
        let _ = fs::remove_dir_all(&staging);
        if !fs::read_to_string(marker(&dir)).is_ok_and(|m| m == pins) {
            return Err(format!("cannot move the virtualenv into {}", dir.display()));
        }
    }
    Ok(venv_python(&dir))
}

pub(crate) fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
