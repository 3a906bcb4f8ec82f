//! `terraform init` from the packaged network mirror, served over HTTPS by a throwaway CA.

use super::*;

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
