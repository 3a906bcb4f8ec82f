//! Signing the SHA256SUMS with GnuPG: a key file, a keyring fingerprint with a passphrase,
//! and the errors of bad keys or a missing gpg.

use super::*;

/// The gpg program: TETHER_GPG or `gpg`; installed from Debian's packages when missing and
/// running as root. `None` (after saying why) when it cannot be had outside CI.
pub(crate) fn gpg_program() -> Option<PathBuf> {
    let program = std::env::var_os("TETHER_GPG").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("gpg"));
    let works = |p: &Path| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success());
    if works(&program) {
        return Some(program);
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root && std::env::var_os("TETHER_GPG").is_none() {
        eprintln!("gpg is not installed: installing Debian's gnupg (apt-get) for the signing tests");
        let install = |update: bool| {
            if update {
                let _ = Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive").status();
            }
            Command::new("apt-get").args(["install", "-y", "--no-install-recommends", "gnupg"]).env("DEBIAN_FRONTEND", "noninteractive").status().is_ok_and(|s| s.success())
        };
        if (install(false) || install(true)) && works(&program) {
            return Some(program);
        }
    }
    let why = format!("no working {} (set TETHER_GPG, or install Debian's gnupg)", program.display());
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must run the signing tests: {why}");
    eprintln!("SKIPPED: {why}; the release-signing tests need GnuPG");
    None
}

/// A throwaway GnuPG home; its agent is stopped on drop.
pub(crate) struct GnuPg {
    program: PathBuf,
    home: tempfile::TempDir,
}

impl GnuPg {
    pub(crate) fn new(program: &Path) -> GnuPg {
        // Short path: gpg-agent's socket must fit the Unix socket path limit.
        let home = tempfile::Builder::new().prefix("tgt").tempdir_in(std::env::temp_dir()).expect("gpg home");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        GnuPg { program: program.to_owned(), home }
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::new(&self.program).arg("--homedir").arg(self.home.path()).args(["--batch", "--no-tty"]).args(args).stdin(Stdio::null()).output().expect("run gpg")
    }

    /// Makes a signing key (RSA 3072, as the Terraform Registry accepts) and returns its
    /// fingerprint.
    pub(crate) fn generate(&self, uid: &str, passphrase: &str) -> String {
        let out = self.run(&["--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key", uid, "rsa3072", "sign", "never"]);
        assert!(out.status.success(), "gpg --quick-gen-key: {}", text(&out));
        let list = self.run(&["--with-colons", "--list-secret-keys", uid]);
        let listing = String::from_utf8_lossy(&list.stdout).into_owned();
        listing.lines().find(|l| l.starts_with("fpr:")).and_then(|l| l.split(':').nth(9)).map(str::to_owned).expect("fingerprint")
    }

    /// gpg's `--status-fd` lines of `--verify SIG FILE`, and whether it exited 0.
    pub(crate) fn verify(&self, signature: &Path, file: &Path) -> (bool, String) {
        let out = Command::new(&self.program)
            .arg("--homedir")
            .arg(self.home.path())
            .args(["--batch", "--no-tty", "--status-fd", "1", "--verify"])
            .arg(signature)
            .arg(file)
            .output()
            .expect("gpg --verify");
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for GnuPg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf").arg("--homedir").arg(self.home.path()).args(["--kill", "gpg-agent"]).output();
    }
}

#[test]
fn a_key_file_signs_the_sums_and_gpg_verifies_it_and_rejects_tampering() {
    let Some(program) = gpg_program() else { return };
    let signer = GnuPg::new(&program);
    let fingerprint = signer.generate("tether release test <release@example.invalid>", "");
    let work = tempfile::tempdir().expect("tempdir");
    let key_file = work.path().join("release-key.asc");
    let export = signer.run(&["--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", &fingerprint]);
    assert!(export.status.success(), "{}", text(&export));
    std::fs::write(&key_file, &export.stdout).expect("key file");

    // Two platforms, then sign: the SUMS lists both zips and the manifest.
    let dist = work.path().join("dist");
    let dist_arg = dist.to_str().expect("utf-8");
    let amd64 = fake_binary(work.path(), 1);
    let arm64 = fake_binary(work.path(), 2);
    let first = tether(&["--binary", amd64.to_str().expect("utf-8"), "--platform", "linux_amd64", "--out", dist_arg], &[("TETHER_GPG", &program)]);
    assert!(first.status.success(), "{}", text(&first));
    let signed = tether(
        &["--binary", arm64.to_str().expect("utf-8"), "--platform", "linux_arm64", "--out", dist_arg, "--sign-key", key_file.to_str().expect("utf-8")],
        &[("TETHER_GPG", &program)],
    );
    assert!(signed.status.success(), "{}", text(&signed));
    assert!(text(&signed).contains(&format!("signed by {fingerprint}")), "{}", text(&signed));

    let sums = dist.join(package::sha256sums_file_name());
    let signature = dist.join(format!("terraform-provider-tether_{VERSION}_SHA256SUMS.sig"));
    let public_key = dist.join(format!("terraform-provider-tether_{VERSION}_signing_key.asc"));
    assert_eq!(std::fs::read_to_string(&sums).expect("sums").lines().count(), 3);
    let sig_bytes = std::fs::read(&signature).expect("signature");
    // A binary OpenPGP signature packet (new or old format tag 2), not ASCII armor.
    assert!(matches!(sig_bytes.first(), Some(0xc2 | 0x88 | 0x89 | 0x8a)), "binary signature, first byte {:02x?}", sig_bytes.first());
    let armored = std::fs::read_to_string(&public_key).expect("public key");
    assert!(armored.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"), "{armored}");
    assert!(!armored.contains("PRIVATE KEY"), "only the public key is exported");

    // A verifier that knows only the published public key.
    let verifier = GnuPg::new(&program);
    let import = verifier.run(&["--import", public_key.to_str().expect("utf-8")]);
    assert!(import.status.success(), "{}", text(&import));
    let (ok, status) = verifier.verify(&signature, &sums);
    assert!(ok, "gpg --verify refused the release signature:\n{status}");
    assert!(status.contains("[GNUPG:] GOODSIG"), "{status}");
    assert!(status.lines().any(|l| l.starts_with("[GNUPG:] VALIDSIG ") && l.ends_with(&fingerprint)), "{status}");

    // One changed character in the SUMS file: the signature no longer verifies.
    let original = std::fs::read_to_string(&sums).expect("sums");
    let tampered_text = if original.starts_with('0') { original.replacen('0', "1", 1) } else { format!("0{}", &original[1..]) };
    let tampered = work.path().join("tampered_SHA256SUMS");
    std::fs::write(&tampered, tampered_text).expect("tampered copy");
    let (ok, status) = verifier.verify(&signature, &tampered);
    assert!(!ok, "gpg --verify accepted a tampered SUMS file:\n{status}");
    assert!(status.contains("[GNUPG:] BADSIG"), "{status}");

    // Packaging again rewrites the SUMS: the old signature is removed, not left stale.
    let again = tether(&["--binary", amd64.to_str().expect("utf-8"), "--platform", "linux_amd64", "--out", dist_arg], &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(!signature.exists(), "a signature of an older SHA256SUMS is removed");
}

#[test]
fn a_keyring_fingerprint_signs_with_a_passphrase_in_batch_use() {
    let Some(program) = gpg_program() else { return };
    let keyring = GnuPg::new(&program);
    let secret = "correct horse battery staple";
    let fingerprint = keyring.generate("tether keyring test <keyring@example.invalid>", secret);
    let work = tempfile::tempdir().expect("tempdir");
    let binary = fake_binary(work.path(), 3);
    let dist = work.path().join("dist");
    let args = |key: &str| -> Vec<String> {
        ["--binary", binary.to_str().expect("utf-8"), "--platform", "linux_amd64", "--out", dist.to_str().expect("utf-8"), "--sign-key", key].map(str::to_owned).to_vec()
    };
    let run = |key: &str, passphrase: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tether"));
        cmd.arg("package").args(args(key)).env("GNUPGHOME", keyring.home.path()).env("TETHER_GPG", &program).stdin(Stdio::null());
        match passphrase {
            Some(p) => cmd.env("TETHER_GPG_PASSPHRASE", p),
            None => cmd.env_remove("TETHER_GPG_PASSPHRASE"),
        };
        cmd.output().expect("tether package")
    };

    // The wrong passphrase: a clear error that does not repeat it, and no signature.
    let wrong = run(&fingerprint, Some("not the passphrase"));
    assert_eq!(wrong.status.code(), Some(1), "{}", text(&wrong));
    let message = text(&wrong);
    assert!(message.contains("gpg could not sign"), "{message}");
    assert!(!message.contains("not the passphrase"), "the passphrase must not be echoed: {message}");
    assert!(!dist.join(format!("terraform-provider-tether_{VERSION}_SHA256SUMS.sig")).exists());

    // A spaced, lowercase fingerprint as people paste it, and the right passphrase.
    let pasted: String = fingerprint.to_lowercase().as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");
    let good = run(&pasted, Some(secret));
    assert!(good.status.success(), "{}", text(&good));
    assert!(!text(&good).contains(secret));
    let verifier = GnuPg::new(&program);
    let import = verifier.run(&["--import", dist.join(format!("terraform-provider-tether_{VERSION}_signing_key.asc")).to_str().expect("utf-8")]);
    assert!(import.status.success(), "{}", text(&import));
    let (ok, status) = verifier.verify(&dist.join(format!("terraform-provider-tether_{VERSION}_SHA256SUMS.sig")), &dist.join(package::sha256sums_file_name()));
    assert!(ok && status.contains(&fingerprint), "{status}");

    // A fingerprint the keyring does not hold: refused before the release is touched.
    let sums_before = std::fs::read(dist.join(package::sha256sums_file_name())).expect("sums");
    let unknown = run("0123456789ABCDEF0123456789ABCDEF01234567", Some(secret));
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown).contains("no secret key 0123456789ABCDEF0123456789ABCDEF01234567"), "{}", text(&unknown));
    assert!(dist.join(format!("terraform-provider-tether_{VERSION}_SHA256SUMS.sig")).exists(), "the earlier signature stays");
    assert_eq!(std::fs::read(dist.join(package::sha256sums_file_name())).expect("sums"), sums_before);
}

#[test]
fn bad_sign_keys_and_a_missing_gpg_are_clear_errors_before_anything_is_written() {
    let work = tempfile::tempdir().expect("tempdir");
    let binary = fake_binary(work.path(), 4);
    let dist = work.path().join("dist");
    let run = |key: &str, gpg: &Path| tether(&["--binary", binary.to_str().expect("utf-8"), "--out", dist.to_str().expect("utf-8"), "--sign-key", key], &[("TETHER_GPG", gpg)]);

    let not_a_key = run("my-release-key", Path::new("gpg"));
    assert_eq!(not_a_key.status.code(), Some(1));
    assert!(text(&not_a_key).contains("neither a key file nor a key fingerprint"), "{}", text(&not_a_key));
    assert!(!dist.exists(), "nothing is written when the key is unusable");

    let no_gpg = run("0123456789ABCDEF0123456789ABCDEF01234567", Path::new("/nonexistent/gpg"));
    assert_eq!(no_gpg.status.code(), Some(1));
    assert!(text(&no_gpg).contains("signing needs GnuPG"), "{}", text(&no_gpg));
    assert!(!dist.exists(), "nothing is written without gpg");

    // --mirror needs --base-url, and the URL must be https.
    let no_url = tether(&["--binary", binary.to_str().expect("utf-8"), "--out", dist.to_str().expect("utf-8"), "--mirror", "m"], &[]);
    assert_eq!(no_url.status.code(), Some(2), "{}", text(&no_url));
    assert!(text(&no_url).contains("--base-url"), "{}", text(&no_url));
    let http = tether(
        &["--binary", binary.to_str().expect("utf-8"), "--out", work.path().join("d2").to_str().expect("utf-8"), "--mirror", "m", "--base-url", "http://mirror.example/"],
        &[],
    );
    assert_eq!(http.status.code(), Some(1));
    assert!(text(&http).contains("only over https://"), "{}", text(&http));
    assert!(!work.path().join("d2").exists());
}
