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

// ---------------------------------------------------------------------------------------
// GnuPG

/// The gpg program: TETHER_GPG or `gpg`; installed from Debian's packages when missing and
/// running as root. `None` (after saying why) when it cannot be had outside CI.
fn gpg_program() -> Option<PathBuf> {
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
struct GnuPg {
    program: PathBuf,
    home: tempfile::TempDir,
}

impl GnuPg {
    fn new(program: &Path) -> GnuPg {
        // Short path: gpg-agent's socket must fit the Unix socket path limit.
        let home = tempfile::Builder::new().prefix("tgt").tempdir_in(std::env::temp_dir()).expect("gpg home");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        GnuPg { program: program.to_owned(), home }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(&self.program).arg("--homedir").arg(self.home.path()).args(["--batch", "--no-tty"]).args(args).stdin(Stdio::null()).output().expect("run gpg")
    }

    /// Makes a signing key (RSA 3072, as the Terraform Registry accepts) and returns its
    /// fingerprint.
    fn generate(&self, uid: &str, passphrase: &str) -> String {
        let out = self.run(&["--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key", uid, "rsa3072", "sign", "never"]);
        assert!(out.status.success(), "gpg --quick-gen-key: {}", text(&out));
        let list = self.run(&["--with-colons", "--list-secret-keys", uid]);
        let listing = String::from_utf8_lossy(&list.stdout).into_owned();
        listing.lines().find(|l| l.starts_with("fpr:")).and_then(|l| l.split(':').nth(9)).map(str::to_owned).expect("fingerprint")
    }

    /// gpg's `--status-fd` lines of `--verify SIG FILE`, and whether it exited 0.
    fn verify(&self, signature: &Path, file: &Path) -> (bool, String) {
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

// ---------------------------------------------------------------------------------------
// Network mirror over HTTPS

/// A throwaway CA and a server certificate for 127.0.0.1 it issued: (CA PEM, cert, key).
fn throwaway_ca() -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let ca_key = rcgen::KeyPair::generate().expect("CA key");
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "tether test mirror CA");
    ca.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign, rcgen::KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca.self_signed(&ca_key).expect("CA certificate");
    let issuer = rcgen::Issuer::from_params(&ca, &ca_key);
    let key = rcgen::KeyPair::generate().expect("server key");
    let mut server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("server params");
    server.distinguished_name.push(rcgen::DnType::CommonName, "127.0.0.1");
    server.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let cert = server.signed_by(&key, &issuer).expect("server certificate");
    (ca_cert.pem(), cert.der().clone(), PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())))
}

/// A static HTTPS file server on loopback: serves `root` under `/providers/`, GET and HEAD,
/// one request a connection; records each request line.
struct MirrorServer {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl MirrorServer {
    fn start(root: PathBuf, cert: CertificateDer<'static>, key: PrivateKeyDer<'static>) -> MirrorServer {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("server TLS config");
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, stopping) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (config, root, log) = (config.clone(), root.clone(), log.clone());
                std::thread::spawn(move || serve_one(stream, config, &root, &log));
            }
        });
        MirrorServer { port, requests, stop, thread: Some(thread) }
    }

    fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}/providers/", self.port)
    }

    fn take_requests(&self) -> Vec<String> {
        std::mem::take(&mut *self.requests.lock().expect("requests"))
    }
}

impl Drop for MirrorServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve_one(stream: TcpStream, config: Arc<rustls::ServerConfig>, root: &Path, log: &Mutex<Vec<String>>) {
    // A bound on a stuck peer, not a synchronisation: requests arrive at once.
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(30)));
    let Ok(connection) = rustls::ServerConnection::new(config) else { return };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let mut reader = BufReader::new(&mut tls);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    drop(reader);
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default().to_owned(), parts.next().unwrap_or_default().to_owned());
    log.lock().expect("log").push(format!("{method} {target}"));
    let file = target.strip_prefix("/providers/").filter(|rest| !rest.split('/').any(|s| s == ".." || s.is_empty())).map(|rest| root.join(rest)).filter(|p| p.is_file());
    let (status, body, content_type) = match (method.as_str(), file) {
        ("GET" | "HEAD", Some(path)) => {
            let content_type = if path.extension().is_some_and(|e| e == "json") { "application/json" } else { "application/zip" };
            ("200 OK", std::fs::read(&path).unwrap_or_default(), content_type)
        }
        ("GET" | "HEAD", None) => ("404 Not Found", b"not found\n".to_vec(), "text/plain"),
        _ => ("405 Method Not Allowed", Vec::new(), "text/plain"),
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = tls.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = tls.write_all(&body);
    }
    tls.conn.send_close_notify();
    let _ = tls.flush();
    let mut rest = Vec::new();
    let _ = tls.sock.read_to_end(&mut rest);
}

/// Runs `terraform init` in a new directory with the given lock file (if any), a CLI
/// configuration of `cli_config`, the CA in SSL_CERT_FILE and every other route closed by a
/// dead proxy. Returns (success, output, lock file text).
fn init(terraform: &Path, cli_config: &str, ca_pem: &Path, lock: Option<&str>) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("cli.tfrc");
    std::fs::write(&config, cli_config).expect("cli config");
    let work = dir.path().join("work");
    std::fs::create_dir(&work).expect("work");
    std::fs::write(
        work.join("main.tf"),
        format!("terraform {{\n  required_providers {{\n    tether = {{\n      source  = \"{SOURCE_ADDRESS}\"\n      version = \"{VERSION}\"\n    }}\n  }}\n}}\n"),
    )
    .expect("main.tf");
    if let Some(lock) = lock {
        std::fs::write(work.join(".terraform.lock.hcl"), lock).expect("lock");
    }
    let out = Command::new(terraform)
        .args(["init", "-input=false", "-no-color"])
        .current_dir(&work)
        .env("TF_CLI_CONFIG_FILE", &config)
        .env("SSL_CERT_FILE", ca_pem)
        .env("HOME", dir.path())
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        // Loopback is never proxied; anything else would hit this dead proxy.
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("SSL_CERT_DIR")
        .env_remove("TF_PLUGIN_CACHE_DIR")
        .env_remove("TF_DATA_DIR")
        .env_remove("TF_LOG")
        .output()
        .expect("terraform init");
    let lock_text = std::fs::read_to_string(work.join(".terraform.lock.hcl")).unwrap_or_default();
    (out.status.success(), text(&out), lock_text)
}

fn quoted_hashes(text: &str) -> Vec<String> {
    let mut hashes: Vec<String> = text.split('"').filter(|s| s.starts_with("h1:") || s.starts_with("zh:")).map(str::to_owned).collect();
    hashes.sort();
    hashes
}

/// The block of `text` that starts at the line beginning with `start` and ends at the first
/// line that is `}`.
fn block<'t>(text: &'t str, start: &str) -> &'t str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?} in:\n{text}"));
    let len = text[from..].find("\n}\n").map(|i| i + 3).unwrap_or_else(|| panic!("unclosed block in:\n{text}"));
    &text[from..from + len]
}

#[test]
fn terraform_init_installs_from_the_network_mirror_over_https() {
    let Some(terraform) = terraform_binary() else { return };
    let platform = tether::install::current_platform().expect("platform");
    let work = tempfile::tempdir().expect("tempdir");
    let (ca_pem, cert, key) = throwaway_ca();
    let ca_file = work.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem).expect("CA file");
    let root = work.path().join("mirror");
    let server = MirrorServer::start(root.clone(), cert, key);

    // This platform's real provider and a stand-in for a second platform, then the mirror.
    let dist = work.path().join("dist");
    let other = if platform == "linux_arm64" { "linux_amd64" } else { "linux_arm64" };
    let stand_in = fake_binary(work.path(), 5);
    let first = tether(&["--binary", stand_in.to_str().expect("utf-8"), "--platform", other, "--out", dist.to_str().expect("utf-8")], &[]);
    assert!(first.status.success(), "{}", text(&first));
    let provider = env!("CARGO_BIN_EXE_terraform-provider-tether");
    let base = server.base_url();
    let packaged =
        tether(&["--binary", provider, "--platform", &platform, "--out", dist.to_str().expect("utf-8"), "--mirror", root.to_str().expect("utf-8"), "--base-url", &base], &[]);
    let report = text(&packaged);
    assert!(packaged.status.success(), "{report}");

    let dir = root.join(SOURCE_ADDRESS);
    let index: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).expect("index.json")).expect("JSON");
    assert_eq!(index, serde_json::json!({"versions": {VERSION: {}}}));
    let listing: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{VERSION}.json"))).expect("version json")).expect("JSON");
    let archives = listing["archives"].as_object().expect("archives");
    assert_eq!(archives.len(), 2, "{listing}");
    let zip_name = format!("terraform-provider-tether_{VERSION}_{platform}.zip");
    let entry = &archives[&platform];
    assert_eq!(entry["url"], format!("{base}{SOURCE_ADDRESS}/{zip_name}"));
    let zip_bytes = std::fs::read(dir.join(&zip_name)).expect("mirrored zip");
    assert_eq!(zip_bytes, std::fs::read(dist.join(&zip_name)).expect("released zip"));
    let zh = format!("zh:{}", hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&zip_bytes)));
    let h1 = entry["hashes"][0].as_str().expect("h1").to_owned();
    assert!(h1.starts_with("h1:"));
    assert_eq!(entry["hashes"][1], zh.as_str());
    // The zh: hash is the SHA256SUMS line of the release.
    let sums = std::fs::read_to_string(dist.join(package::sha256sums_file_name())).expect("sums");
    assert!(sums.contains(&format!("{}  {zip_name}", &zh[3..])), "{sums}");

    // The CLI configuration and lock entry tether printed are the ones used below.
    let cli_config = block(&report, "provider_installation {");
    assert!(cli_config.contains(&format!("url     = \"{base}\"")), "{cli_config}");
    let lock_entry = block(&report, &format!("provider \"{SOURCE_ADDRESS}\""));
    assert_eq!(lock_entry, std::fs::read_to_string(dir.join(format!("{VERSION}.lock.hcl"))).expect("lock entry"));
    let mirror_hashes: Vec<String> = {
        let mut all: Vec<String> =
            archives.values().flat_map(|a| a["hashes"].as_array().expect("hashes").iter().filter_map(|h| h.as_str().map(str::to_owned)).collect::<Vec<_>>()).collect();
        all.sort();
        all
    };
    assert_eq!(quoted_hashes(lock_entry), mirror_hashes, "the lock entry carries every platform's h1: and zh:");

    // A fresh init: only the mirror's loopback HTTPS is reachable.
    let (ok, output, lock) = init(&terraform, cli_config, &ca_file, None);
    assert!(ok, "terraform init from the network mirror failed:\n{output}");
    let short = SOURCE_ADDRESS.trim_start_matches("registry.terraform.io/");
    assert!(output.contains(&format!("Installed {short} v{VERSION}")), "{output}");
    assert_eq!(quoted_hashes(&lock), vec![h1.clone()], "Terraform records the h1: hash the mirror listed (its own computation matches):\n{lock}");
    let requests = server.take_requests();
    for path in ["index.json", &format!("{VERSION}.json"), &zip_name] {
        let want = format!("GET /providers/{SOURCE_ADDRESS}/{path}");
        assert!(requests.contains(&want), "{want} not in {requests:?}");
    }

    // With the published lock entry committed, init verifies against it and keeps its zh:.
    let (ok, output, lock) = init(&terraform, cli_config, &ca_file, Some(lock_entry));
    assert!(ok, "terraform init with the mirror's lock entry failed:\n{output}");
    let recorded = quoted_hashes(&lock);
    assert!(recorded.contains(&zh), "the lock file records the zh: hash {zh}:\n{lock}");
    assert_eq!(recorded, mirror_hashes, "{lock}");

    // A tampered archive (another valid zip in its place) is refused either way.
    let impostor_dir = work.path().join("impostor");
    let impostor = package::package(&fake_binary(work.path(), 6), &impostor_dir, &platform).expect("impostor zip");
    std::fs::copy(&impostor.zip, dir.join(&zip_name)).expect("swap the archive");
    let (ok, output, _) = init(&terraform, cli_config, &ca_file, None);
    assert!(!ok, "terraform installed an archive that does not match the mirror's hashes:\n{output}");
    assert!(output.to_lowercase().contains("checksum"), "{output}");
    eprintln!("terraform refused the swapped archive (mirror hashes):\n{output}");
    let (ok, output, _) = init(&terraform, cli_config, &ca_file, Some(lock_entry));
    assert!(!ok, "terraform installed an archive that does not match the lock file:\n{output}");
    assert!(output.to_lowercase().contains("checksum"), "{output}");
    eprintln!("terraform refused the swapped archive (lock file):\n{output}");
}

// ---------------------------------------------------------------------------------------
// scripts/release

/// The ELF machine field of the single file in a zip: 62 x86_64, 183 aarch64.
fn zipped_elf_machine(zip_path: &Path) -> (Vec<u8>, u16) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).expect("open zip")).expect("zip");
    assert_eq!(archive.len(), 1, "{} holds one file", zip_path.display());
    let mut bytes = Vec::new();
    archive.by_index(0).expect("entry").read_to_end(&mut bytes).expect("read entry");
    assert_eq!(&bytes[..4], b"\x7fELF", "{} holds an ELF binary", zip_path.display());
    let machine = u16::from_le_bytes([bytes[18], bytes[19]]);
    (bytes, machine)
}

#[test]
fn the_release_script_builds_signs_and_mirrors_both_linux_architectures() {
    if std::env::consts::OS != "linux" || std::env::consts::ARCH != "x86_64" {
        eprintln!("SKIPPED: scripts/release builds on Linux x86_64; this is {} {}", std::env::consts::OS, std::env::consts::ARCH);
        return;
    }
    let Some(program) = gpg_program() else { return };
    let signer = GnuPg::new(&program);
    let fingerprint = signer.generate("tether release script test <script@example.invalid>", "");
    let work = tempfile::tempdir().expect("tempdir");
    let key_file = work.path().join("key.asc");
    let export = signer.run(&["--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", &fingerprint]);
    std::fs::write(&key_file, &export.stdout).expect("key file");
    let out = work.path().join("dist");
    let mirror = work.path().join("mirror");

    // The dev profile: the same build the tests use for linux_amd64 (already up to date),
    // and an unoptimised cross build for linux_arm64.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release");
    let run = Command::new("bash")
        .arg(&script)
        .args(["--profile", "dev", "--out"])
        .arg(&out)
        .arg("--sign-key")
        .arg(&key_file)
        .arg("--mirror")
        .arg(&mirror)
        .args(["--base-url", "https://mirror.example.invalid/providers/"])
        .env("TETHER_GPG", &program)
        .stdin(Stdio::null())
        .output()
        .expect("run scripts/release");
    let output = text(&run);
    eprintln!("{output}");
    if !run.status.success() && output.contains("NOT BUILT: linux_arm64") {
        // The script must say so; the amd64 zip is still there.
        assert!(out.join(format!("terraform-provider-tether_{VERSION}_linux_amd64.zip")).is_file(), "{output}");
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must build linux_arm64:\n{output}");
        eprintln!("SKIPPED: linux_arm64 cannot be built on this machine (see the script's reason above)");
        return;
    }
    assert!(run.status.success(), "scripts/release failed:\n{output}");
    assert!(output.contains("Built here:") && output.contains("linux_arm64  "), "{output}");
    assert!(output.contains("Build elsewhere: darwin_amd64, darwin_arm64 (macOS), windows_amd64 (Windows)"), "{output}");

    let zip = |platform: &str| out.join(format!("terraform-provider-tether_{VERSION}_{platform}.zip"));
    let (amd64, amd64_machine) = zipped_elf_machine(&zip("linux_amd64"));
    let (arm64, arm64_machine) = zipped_elf_machine(&zip("linux_arm64"));
    assert_eq!(amd64_machine, 62, "linux_amd64 holds an x86_64 binary");
    assert_eq!(arm64_machine, 183, "linux_arm64 holds an aarch64 binary");
    assert_eq!(amd64, std::fs::read(env!("CARGO_BIN_EXE_terraform-provider-tether")).expect("test build"), "linux_amd64 is this build");

    // One SUMS over both zips and the manifest, signed, verifying with the exported key.
    let sums = out.join(package::sha256sums_file_name());
    let listed: Vec<String> = std::fs::read_to_string(&sums).expect("sums").lines().filter_map(|l| l.split("  ").nth(1).map(str::to_owned)).collect();
    assert_eq!(
        listed,
        [
            format!("terraform-provider-tether_{VERSION}_linux_amd64.zip"),
            format!("terraform-provider-tether_{VERSION}_linux_arm64.zip"),
            format!("terraform-provider-tether_{VERSION}_manifest.json")
        ]
    );
    let verifier = GnuPg::new(&program);
    let import = verifier.run(&["--import", out.join(format!("terraform-provider-tether_{VERSION}_signing_key.asc")).to_str().expect("utf-8")]);
    assert!(import.status.success(), "{}", text(&import));
    let (ok, status) = verifier.verify(&out.join(format!("terraform-provider-tether_{VERSION}_SHA256SUMS.sig")), &sums);
    assert!(ok && status.contains(&fingerprint), "{status}");

    // The mirror lists both platforms.
    let listing: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(mirror.join(SOURCE_ADDRESS).join(format!("{VERSION}.json"))).expect("version json")).expect("JSON");
    let platforms: Vec<&String> = listing["archives"].as_object().expect("archives").keys().collect();
    assert_eq!(platforms, ["linux_amd64", "linux_arm64"]);

    // The aarch64 binary answers like the provider run by hand, under qemu.
    let qemu = Command::new("qemu-aarch64").arg("-version").output().is_ok_and(|o| o.status.success());
    if qemu {
        let binary = work.path().join("arm64-provider");
        std::fs::write(&binary, &arm64).expect("write arm64 binary");
        // qemu-user refuses a file without the execute bit (exit 1, no message).
        std::fs::set_permissions(&binary, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("make the arm64 binary executable");
        let ran = Command::new("qemu-aarch64").arg("-L").arg("/usr/aarch64-linux-gnu").arg(&binary).stdin(Stdio::null()).output().expect("qemu-aarch64");
        assert_eq!(ran.status.code(), Some(1), "{}", text(&ran));
        assert!(text(&ran).contains("Terraform"), "{}", text(&ran));
        assert!(output.contains("runs under qemu-aarch64"), "{output}");
    } else {
        eprintln!("note: no qemu-aarch64 here; the aarch64 binary was checked by its ELF header only");
    }
}
