//! Issue 16: publishing a release.
//!
//! - `tether package --sign-key`: a throwaway OpenPGP key (made by the real `gpg`) signs the
//!   SHA256SUMS; `gpg --verify` in a fresh keyring that holds only the exported public key
//!   accepts the signature and rejects a tampered SUMS file; key files and keyring
//!   fingerprints (with a passphrase in batch use) both work, and bad keys are clear errors.
//! - `tether package --mirror DIR --base-url URL`: DIR is served over HTTPS on loopback with a
//!   throwaway CA (`SSL_CERT_FILE`), a fresh CLI configuration's `network_mirror` points at
//!   it, and the real `terraform init` installs from it with every other route closed; the
//!   lock file records the mirror's `h1:` hash, keeps the `zh:` hashes of the lock entry the
//!   mirror publishes, and a tampered archive is refused.
//! - `scripts/release`: builds linux_amd64 and cross-compiles linux_arm64, packages both with
//!   one signed SHA256SUMS and a mirror; the zips hold an x86_64 and an aarch64 ELF binary,
//!   and the aarch64 one runs under qemu-aarch64 (when the machine has it).
//!
//! Without `gpg`, the signing tests install Debian's gnupg when they run as root, fail under
//! CI (CI=true: the machine image has it), and otherwise skip saying why.

#[path = "../support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tether::package;
use tether::provider::{SOURCE_ADDRESS, VERSION};

use support::terraform::terraform_binary;

fn tether(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tether"));
    cmd.arg("package").args(args).stdin(Stdio::null()).env_remove("TETHER_GPG_PASSPHRASE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run tether package")
}

fn text(out: &Output) -> String {
    format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A stand-in provider binary (small: deflating the debug build is slow unoptimised).
fn fake_binary(dir: &Path, seed: u32) -> PathBuf {
    let path = dir.join(format!("provider-{seed}"));
    let bytes: Vec<u8> = (0u32..100_000).map(|i| (i.wrapping_add(seed).wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&path, bytes).expect("write fake binary");
    path
}

mod gpg;
mod mirror;
mod release;
