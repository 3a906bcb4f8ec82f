//! Signing a release the way the Terraform and OpenTofu registries verify it: a binary
//! detached OpenPGP signature of `terraform-provider-tether_<version>_SHA256SUMS`
//! (`…_SHA256SUMS.sig`) and the signer's public key in ASCII armor
//! (`terraform-provider-tether_<version>_signing_key.asc`).
//!
//! The OpenPGP work is GnuPG's (`gpg`, or the program `TETHER_GPG` names): tether only drives
//! it. The key is a fingerprint or key ID of a secret key in the user's keyring (GNUPGHOME or
//! the default home, so agents and smartcards work as usual), or a file holding an exported
//! secret key, which is imported into a throwaway GnuPG home used for this signature only.
//! After signing, the signature is verified in another throwaway home that holds nothing but
//! the exported public key, so what is written is known to verify with what is published.
//!
//! For batch use a passphrase may be given (the binary reads `TETHER_GPG_PASSPHRASE`); it
//! reaches gpg on a pipe, never as an argument, and appears in no message.

use crate::file_error::FileError;
use std::ffi::OsStr;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::provider::{TYPE_NAME, VERSION};

/// `terraform-provider-tether_<version>_SHA256SUMS.sig`.
pub fn signature_file_name() -> String {
    format!("{}.sig", super::sha256sums_file_name())
}

/// `terraform-provider-tether_<version>_signing_key.asc`.
pub fn public_key_file_name() -> String {
    format!("terraform-provider-{TYPE_NAME}_{VERSION}_signing_key.asc")
}

/// Why a release could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("{0:?} is neither a key file nor a key fingerprint or ID (16, 32, 40 or 64 hex digits)")]
    NotAKey(String),
    #[error("signing needs GnuPG: cannot run {program:?} ({reason}); install it (Debian/Ubuntu: apt-get install gnupg) or name it with TETHER_GPG")]
    GpgMissing { program: PathBuf, reason: String },
    #[error("no secret key {0} in the GnuPG keyring (GNUPGHOME or ~/.gnupg); `gpg --list-secret-keys` shows what is there")]
    NoSuchSecretKey(String),
    #[error("{0} holds no OpenPGP secret key (export one with `gpg --export-secret-keys --armor FINGERPRINT`)")]
    NoSecretKeyInFile(PathBuf),
    #[error("{what} names {count} secret keys ({fingerprints}); give the fingerprint of the one to sign with")]
    Ambiguous { what: String, count: usize, fingerprints: String },
    #[error("gpg could not {action}: {detail}")]
    Gpg { action: &'static str, detail: String },
    #[error("the signature gpg wrote does not verify with the exported public key {fingerprint}: {detail}")]
    SelfCheck { fingerprint: String, detail: String },
    #[error(transparent)]
    Io(#[from] FileError),
}

/// Which secret key signs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignKey {
    /// A fingerprint or key ID in the user's keyring, uppercase hex.
    Keyring(String),
    /// A file holding an exported secret key (armored or binary).
    File(PathBuf),
}

impl SignKey {
    /// An existing file is a key file; otherwise the text must be a fingerprint or key ID
    /// (hex, spaces and a `0x` prefix allowed).
    pub fn parse(given: &str) -> Result<SignKey, SignError> {
        let path = Path::new(given);
        if path.is_file() {
            return Ok(SignKey::File(path.to_owned()));
        }
        let compact: String = given.chars().filter(|c| !c.is_whitespace()).collect();
        let hex = compact.strip_prefix("0x").or_else(|| compact.strip_prefix("0X")).unwrap_or(&compact);
        if [16, 32, 40, 64].contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(SignKey::Keyring(hex.to_ascii_uppercase()));
        }
        Err(SignError::NotAKey(given.to_owned()))
    }
}

/// A passphrase, kept out of `Debug` output.
#[derive(Clone)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(text: String) -> Passphrase {
        Passphrase(text)
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(redacted)")
    }
}

/// How to run GnuPG.
#[derive(Clone, Debug)]
pub struct Gpg {
    /// The `gpg` program (2.1 or later).
    pub program: PathBuf,
    /// For keys that need one in batch use.
    pub passphrase: Option<Passphrase>,
}

impl Default for Gpg {
    fn default() -> Gpg {
        Gpg { program: PathBuf::from("gpg"), passphrase: None }
    }
}

/// What [`sign`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// `…_SHA256SUMS.sig`, beside the SHA256SUMS file.
    pub signature: PathBuf,
    /// `…_signing_key.asc`, beside it.
    pub public_key: PathBuf,
    /// The primary key's fingerprint.
    pub fingerprint: String,
}

fn io<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> SignError + 'p {
    move |source| SignError::Io(FileError { action, path: path.to_owned(), source })
}

/// A GnuPG home: the user's (None) or a throwaway one whose agent is stopped on drop.
struct Home<'g> {
    gpg: &'g Gpg,
    dir: Option<tempfile::TempDir>,
}

impl<'g> Home<'g> {
    fn user(gpg: &'g Gpg) -> Home<'g> {
        Home { gpg, dir: None }
    }

    fn throwaway(gpg: &'g Gpg) -> Result<Home<'g>, SignError> {
        let base = std::env::temp_dir();
        // Short names: gpg-agent's socket path must stay under the Unix socket length limit.
        let dir = tempfile::Builder::new().prefix("tg").tempdir_in(&base).map_err(io("create a GnuPG home in", &base))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).map_err(io("restrict", dir.path()))?;
        }
        Ok(Home { gpg, dir: Some(dir) })
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.gpg.program);
        cmd.args(["--batch", "--no-tty", "--no-greeting"]);
        if let Some(dir) = &self.dir {
            cmd.arg("--homedir").arg(dir.path());
        }
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    /// Runs gpg with `args`; its stdout on success, or its messages as the error.
    fn run(&self, action: &'static str, args: &[&OsStr], stdin: Option<&[u8]>) -> Result<Vec<u8>, SignError> {
        let mut cmd = self.command();
        cmd.args(args);
        if stdin.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd.spawn().map_err(|e| SignError::GpgMissing { program: self.gpg.program.clone(), reason: e.to_string() })?;
        if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // gpg may exit before reading (a bad option); its status tells what went wrong.
            let _ = pipe.write_all(bytes);
        }
        let out = child.wait_with_output().map_err(|e| SignError::Gpg { action, detail: e.to_string() })?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(SignError::Gpg { action, detail: gpg_messages(&out.stderr, out.status) })
        }
    }

    /// Primary fingerprints of the secret keys `selector` matches (all with None).
    fn secret_fingerprints(&self, selector: Option<&str>) -> Result<Vec<String>, SignError> {
        let mut cmd = self.command();
        cmd.args(["--with-colons", "--list-secret-keys"]);
        if let Some(s) = selector {
            cmd.arg(s);
        }
        let out = cmd.output().map_err(|e| SignError::GpgMissing { program: self.gpg.program.clone(), reason: e.to_string() })?;
        // gpg exits non-zero when the selector matches nothing.
        Ok(primary_fingerprints(&String::from_utf8_lossy(&out.stdout)))
    }
}

impl Drop for Home<'_> {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            // Stop the agent gpg started for this home (best effort: gpgconf may be absent).
            let gpgconf = self.gpg.program.with_file_name("gpgconf");
            let program = if gpgconf.is_file() { gpgconf } else { PathBuf::from("gpgconf") };
            let _ = Command::new(program).arg("--homedir").arg(dir.path()).args(["--kill", "gpg-agent"]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
        }
    }
}

/// gpg's messages for an error, shortened; they name keys and files, never passphrases.
fn gpg_messages(stderr: &[u8], status: std::process::ExitStatus) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(6)..].join("; ");
    if tail.is_empty() {
        format!("gpg exited with {status}")
    } else {
        format!("{tail} ({status})")
    }
}

/// Fingerprints of primary secret keys in `--with-colons` output: the `fpr` record that
/// follows each `sec` record.
fn primary_fingerprints(colons: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut after_sec = false;
    for line in colons.lines() {
        let fields: Vec<&str> = line.split(':').collect();
        match fields.first().copied() {
            Some("sec") => after_sec = true,
            Some("fpr") if after_sec => {
                if let Some(fpr) = fields.get(9).filter(|f| !f.is_empty()) {
                    out.push((*fpr).to_owned());
                }
                after_sec = false;
            }
            Some("ssb" | "pub" | "sub") => after_sec = false,
            _ => {}
        }
    }
    out
}

fn one_key(what: String, fingerprints: Vec<String>, none: SignError) -> Result<String, SignError> {
    match fingerprints.len() {
        0 => Err(none),
        1 => Ok(fingerprints.into_iter().next().unwrap_or_default()),
        count => Err(SignError::Ambiguous { what, count, fingerprints: fingerprints.join(", ") }),
    }
}

fn check_gpg(gpg: &Gpg) -> Result<(), SignError> {
    match Command::new(&gpg.program).arg("--version").stdin(Stdio::null()).output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(SignError::GpgMissing { program: gpg.program.clone(), reason: gpg_messages(&out.stderr, out.status) }),
        Err(e) => Err(SignError::GpgMissing { program: gpg.program.clone(), reason: e.to_string() }),
    }
}

/// Checks, before anything is written, that gpg runs and the key can be found: a keyring key
/// must be one secret key there; a key file must be readable.
pub fn preflight(key: &SignKey, gpg: &Gpg) -> Result<(), SignError> {
    check_gpg(gpg)?;
    match key {
        SignKey::Keyring(id) => {
            let found = Home::user(gpg).secret_fingerprints(Some(id))?;
            one_key(format!("key {id}"), found, SignError::NoSuchSecretKey(id.clone())).map(|_| ())
        }
        SignKey::File(file) => std::fs::File::open(file).map(|_| ()).map_err(io("read", file)),
    }
}

/// Signs `sums` (the release's SHA256SUMS) with `key`, writing the detached binary signature
/// and the armored public key beside it.
pub fn sign(sums: &Path, key: &SignKey, gpg: &Gpg) -> Result<Signed, SignError> {
    if !sums.is_file() {
        return Err(SignError::Io(FileError { action: "read", path: sums.to_owned(), source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file") }));
    }
    check_gpg(gpg)?;

    let (home, fingerprint) = match key {
        SignKey::Keyring(id) => {
            let home = Home::user(gpg);
            let found = home.secret_fingerprints(Some(id))?;
            let fingerprint = one_key(format!("key {id}"), found, SignError::NoSuchSecretKey(id.clone()))?;
            (home, fingerprint)
        }
        SignKey::File(file) => {
            let home = Home::throwaway(gpg)?;
            home.run("import the key file", &[OsStr::new("--import"), file.as_os_str()], None)?;
            let found = home.secret_fingerprints(None)?;
            let fingerprint = one_key(file.display().to_string(), found, SignError::NoSecretKeyInFile(file.clone()))?;
            (home, fingerprint)
        }
    };

    let dir = sums.parent().unwrap_or(Path::new("."));
    let signature = dir.join(signature_file_name());
    let public_key = dir.join(public_key_file_name());
    let partial = dir.join(format!(".{}.partial", signature_file_name()));
    let _ = std::fs::remove_file(&partial);
    let mut args: Vec<&OsStr> = vec![OsStr::new("--yes"), OsStr::new("--local-user"), OsStr::new(&fingerprint), OsStr::new("--digest-algo"), OsStr::new("SHA256")];
    let stdin = gpg.passphrase.as_ref().map(|p| format!("{}\n", p.0));
    if stdin.is_some() {
        args.extend([OsStr::new("--pinentry-mode"), OsStr::new("loopback"), OsStr::new("--passphrase-fd"), OsStr::new("0")]);
    }
    args.extend([OsStr::new("--output"), partial.as_os_str(), OsStr::new("--detach-sign"), sums.as_os_str()]);
    let signed = home.run("sign", &args, stdin.as_deref().map(str::as_bytes));
    if let Err(e) = signed {
        let _ = std::fs::remove_file(&partial);
        return Err(match e {
            SignError::Gpg { action, detail } if gpg.passphrase.is_none() => {
                SignError::Gpg { action, detail: format!("{detail}; a key with a passphrase needs gpg-agent to have it, or TETHER_GPG_PASSPHRASE in batch use") }
            }
            other => other,
        });
    }
    std::fs::rename(&partial, &signature).map_err(io("move the signature into place at", &signature))?;

    let armored = home.run(
        "export the public key",
        &[OsStr::new("--armor"), OsStr::new("--export-options"), OsStr::new("export-minimal"), OsStr::new("--export"), OsStr::new(&fingerprint)],
        None,
    )?;
    if !armored.starts_with(b"-----BEGIN PGP PUBLIC KEY BLOCK-----") {
        return Err(SignError::Gpg { action: "export the public key", detail: "gpg wrote no ASCII-armored public key".into() });
    }
    std::fs::write(&public_key, &armored).map_err(io("write", &public_key))?;
    drop(home);

    verify(sums, &signature, &public_key, &fingerprint, gpg)?;
    Ok(Signed { signature, public_key, fingerprint })
}

/// Verifies `signature` over `sums` in a throwaway home holding only `public_key`, and that
/// the key that made it belongs to `fingerprint` (a signing subkey counts as its primary's).
pub fn verify(sums: &Path, signature: &Path, public_key: &Path, fingerprint: &str, gpg: &Gpg) -> Result<(), SignError> {
    let self_check = |detail: String| SignError::SelfCheck { fingerprint: fingerprint.to_owned(), detail };
    let home = Home::throwaway(gpg)?;
    home.run("import the public key", &[OsStr::new("--import"), public_key.as_os_str()], None)?;
    let status = home
        .run("verify the signature", &[OsStr::new("--status-fd"), OsStr::new("1"), OsStr::new("--verify"), signature.as_os_str(), sums.as_os_str()], None)
        .map_err(|e| self_check(e.to_string()))?;
    let status = String::from_utf8_lossy(&status);
    // `[GNUPG:] VALIDSIG <signing key fpr> <date> … <primary key fpr>`
    let valid = status.lines().filter_map(|l| l.strip_prefix("[GNUPG:] VALIDSIG ")).any(|rest| rest.split_whitespace().last() == Some(fingerprint));
    if valid {
        Ok(())
    } else {
        Err(self_check(format!("gpg reported no valid signature by that key: {}", status.lines().collect::<Vec<_>>().join("; "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_files_or_hex_ids() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let path = file.path().to_str().unwrap();
        assert_eq!(SignKey::parse(path).unwrap(), SignKey::File(file.path().to_owned()));
        let fpr = "0123 4567 89ab CDEF 0123  4567 89AB CDEF 0123 4567";
        assert_eq!(SignKey::parse(fpr).unwrap(), SignKey::Keyring("0123456789ABCDEF0123456789ABCDEF01234567".into()));
        assert_eq!(SignKey::parse("0x89ABCDEF01234567").unwrap(), SignKey::Keyring("89ABCDEF01234567".into()));
        for bad in ["", "release-key", "0123", "/nonexistent/key.asc", "XYZ456789ABCDEF0123456789ABCDEF01234567"] {
            assert!(matches!(SignKey::parse(bad), Err(SignError::NotAKey(_))), "{bad}");
        }
    }

    #[test]
    fn reads_primary_fingerprints_from_colon_listings() {
        let listing = "sec:u:255:22:AAAA:1:::u:::scESC:::+:::ed25519:::0:\nfpr:::::::::1111AAAA:\ngrp:::::::::X:\nuid:u::::1::Y::T <t@example.invalid>::::::::::0:\nssb:u:255:18:BBBB:1::::::e:::+:::cv25519::\nfpr:::::::::2222BBBB:\nsec:u:3072:1:CCCC:1:::u:::scESC:::+::::::0:\nfpr:::::::::3333CCCC:\n";
        assert_eq!(primary_fingerprints(listing), vec!["1111AAAA", "3333CCCC"]);
        assert!(primary_fingerprints("").is_empty());
    }

    #[test]
    fn passphrases_do_not_print() {
        let gpg = Gpg { program: "gpg".into(), passphrase: Some(Passphrase::new("hunter2".into())) };
        assert!(!format!("{gpg:?}").contains("hunter2"));
    }
}
