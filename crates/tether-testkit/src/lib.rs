//! Test support shared by the test targets of several tether crates: the Python virtualenv
//! with the pinned official cloud SDKs, which the emulator's `official_sdks` tests and the
//! wire crate's `sdk_crosscheck` both run against (each with its own pins and folder).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment variable naming the Python interpreter to build the virtualenv with
/// (default `python3`).
pub const PYTHON_ENV: &str = "TETHER_CROSSCHECK_PYTHON";

/// Creates, or reuses, the virtualenv `<target_tmpdir>/<prefix>-<hash>` with `pins`
/// installed from PyPI; returns its python. The hash covers the interpreter's version and
/// the pins, so a change of either makes a new virtualenv. A virtualenv is built in a
/// staging folder and moved into place only once complete, so a concurrent or interrupted
/// run never leaves a half-made one that a later run would reuse. `report` is told what is
/// done; the error says why no virtualenv could be made (no python, no venv module, no
/// access to PyPI).
pub fn pinned_venv(target_tmpdir: &Path, prefix: &str, pins: &[&str], report: &dyn Fn(&str)) -> Result<PathBuf, String> {
    let python = std::env::var(PYTHON_ENV).unwrap_or_else(|_| "python3".into());
    let version = Command::new(&python).arg("--version").output().map_err(|e| format!("`{python}` cannot be run ({e}); install python3 to run the official SDK checks"))?;
    if !version.status.success() {
        return Err(format!("`{python} --version` failed"));
    }
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let pin_list = pins.join("\n");
    let dir = target_tmpdir.join(format!("{prefix}-{:016x}", fnv1a(&format!("{version}\n{pin_list}"))));
    let marker = |root: &Path| root.join("tether-pins.txt");
    let complete = |root: &Path| fs::read_to_string(marker(root)).is_ok_and(|m| m == pin_list);
    if complete(&dir) {
        report(&format!("reusing virtualenv {}", dir.display()));
        return Ok(venv_python(&dir));
    }
    report(&format!("creating virtualenv {} and installing {} from PyPI", dir.display(), pins.join(" ")));
    let staging = dir.with_extension(format!("staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let failed = |what: String| {
        let _ = fs::remove_dir_all(&staging);
        what
    };
    let made = Command::new(&python).args(["-m", "venv"]).arg(&staging).output().map_err(|e| format!("`{python} -m venv` cannot be run: {e}"))?;
    if !made.status.success() {
        return Err(failed(format!("`{python} -m venv` failed (venv/ensurepip missing?): {}", tail(&made.stderr))));
    }
    let installed = Command::new(venv_python(&staging))
        .args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet"])
        .args(pins)
        .output()
        .map_err(|e| failed(format!("pip cannot be run: {e}")))?;
    if !installed.status.success() {
        return Err(failed(format!("pip install of the pinned SDKs failed (no access to PyPI?): {}", tail(&installed.stderr))));
    }
    fs::write(marker(&staging), &pin_list).map_err(|e| failed(format!("cannot write marker: {e}")))?;
    // A stale folder without a valid marker is replaced; a concurrent winner is kept.
    if dir.exists() && !complete(&dir) {
        let _ = fs::remove_dir_all(&dir);
    }
    if fs::rename(&staging, &dir).is_err() {
        let _ = fs::remove_dir_all(&staging);
        if !complete(&dir) {
            return Err(format!("cannot move the virtualenv into {}", dir.display()));
        }
    }
    Ok(venv_python(&dir))
}

/// The python of the virtualenv at `root`.
fn venv_python(root: &Path) -> PathBuf {
    if cfg!(windows) {
        root.join("Scripts").join("python.exe")
    } else {
        root.join("bin").join("python")
    }
}

/// The last five lines of a command's output, on one line.
pub fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(5)..].join(" | ")
}

/// FNV-1a, 64 bits: a stable name for a set of inputs.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_the_last_five_lines() {
        assert_eq!(tail(b"1\n2\n3\n4\n5\n6\n7"), "3 | 4 | 5 | 6 | 7");
        assert_eq!(tail(b"only"), "only");
    }

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_missing_interpreter_is_an_error_not_a_panic() {
        // Runs in a child so the variable does not leak into other tests of this process.
        if std::env::var_os("TETHER_TESTKIT_CHILD").is_some() {
            let dir = std::env::temp_dir();
            let err = pinned_venv(&dir, "never", &["x==1"], &|_| {}).unwrap_err();
            assert!(err.contains("cannot be run"), "{err}");
            return;
        }
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "tests::a_missing_interpreter_is_an_error_not_a_panic", "--nocapture"])
            .env("TETHER_TESTKIT_CHILD", "1")
            .env(PYTHON_ENV, "/nonexistent/python-for-tether-testkit")
            .status()
            .unwrap();
        assert!(status.success());
    }
}
