//! The python side: the virtualenv with the pinned official SDKs (built once, then reused)
//! and the run of `sdk_sign.py` that signs every case with the SDKs.

use super::*;

/// The virtualenv with the pinned SDKs, created on first use.
pub(crate) fn prepare_venv() -> Result<PathBuf, String> {
    let python = std::env::var("TETHER_CROSSCHECK_PYTHON").unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map_err(|e| format!("`{python}` cannot be run ({e}); install python3 to cross-check"))?;
    if !version.status.success() {
        return Err(format!("`{python} --version` failed"));
    }
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let pins = PINS.join("\n");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "sdk-crosscheck-venv-{:016x}",
        fnv1a(&format!("{version}\n{pins}"))
    ));
    let marker = |root: &Path| root.join("tether-pins.txt");
    let venv_python = |root: &Path| {
        if cfg!(windows) {
            root.join("Scripts").join("python.exe")
        } else {
            root.join("bin").join("python")
        }
    };
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
    // A stale directory without a valid marker is replaced; a concurrent winner is kept.
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

pub(crate) fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
