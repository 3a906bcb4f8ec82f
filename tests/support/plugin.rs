//! Launches `terraform-provider-tether` the way go-plugin does and connects a gRPC client to
//! it, over plaintext or mutual TLS.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use hyper_util::rt::TokioIo;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::net::UnixStream;
use tonic::transport::{Channel, Endpoint, Uri};

pub const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// The plugin under test: `TETHER_PROVIDER_BIN` when set (e.g. an older build, to see a
/// test fail), else the one cargo built.
pub fn binary() -> String {
    std::env::var("TETHER_PROVIDER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_terraform-provider-tether").to_owned())
}

/// A client certificate like Terraform's: self-signed ECDSA P-521, CA:TRUE, for localhost.
pub struct ClientIdentity {
    pub cert_pem: String,
    pub cert_der: CertificateDer<'static>,
    pub key_der: PrivatePkcs8KeyDer<'static>,
}

pub fn terraform_like_client_identity() -> ClientIdentity {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).expect("P-521 key");
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth, rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params.self_signed(&key).expect("self-signed");
    ClientIdentity { cert_pem: cert.pem(), cert_der: cert.der().clone(), key_der: PrivatePkcs8KeyDer::from(key.serialize_der()) }
}

/// How a host starts the plugin: the protocol versions it offers (in its order), extra
/// environment, and optionally the command line of the process that starts it (the plugin
/// reads its parent's arguments to recognise destroy runs).
#[derive(Clone, Debug)]
pub struct Launch {
    pub versions: &'static str,
    pub env: Vec<(String, String)>,
    pub parent_argv: Option<Vec<String>>,
}

impl Default for Launch {
    fn default() -> Self {
        Launch { versions: "6,5", env: Vec::new(), parent_argv: None }
    }
}

/// A running plugin process and what its handshake line said.
pub struct Plugin {
    pub child: Child,
    /// Holds the stand-in parent's files while it runs.
    parent_dir: Option<tempfile::TempDir>,
    pub line: String,
    pub socket: String,
    pub server_cert: Option<CertificateDer<'static>>,
    pub started: std::time::Instant,
    pub handshake_after: Duration,
}

impl Plugin {
    /// Starts the plugin with Terraform's environment; `client_cert_pem` turns on AutoMTLS.
    pub fn launch(client_cert_pem: Option<&str>) -> Plugin {
        Plugin::launch_as(client_cert_pem, &Launch::default())
    }

    /// Starts the plugin as `how` says. With a parent command line, the plugin is started
    /// by a shell whose arguments are exactly that line (a link named like the host's
    /// program, running a script named like its first argument), so the plugin's parent
    /// looks like e.g. `tofu destroy`.
    pub fn launch_as(client_cert_pem: Option<&str>, how: &Launch) -> Plugin {
        let mut parent_dir = None;
        let mut cmd = match &how.parent_argv {
            None => Command::new(binary()),
            Some(argv) => {
                let dir = tempfile::tempdir().expect("tempdir");
                let [program, script, rest @ ..] = argv.as_slice() else { panic!("a parent command line has a program and a first argument") };
                std::os::unix::fs::symlink("/bin/sh", dir.path().join(program)).expect("link the stand-in parent");
                // The shell stays the plugin's parent until the plugin exits, and passes
                // SIGTERM on (see `kill`).
                std::fs::write(dir.path().join(script), "\"$TETHER_REPLAY_PLUGIN\" &\npid=$!\ntrap 'kill -TERM $pid; wait $pid' TERM\nwait $pid\n")
                    .expect("write the stand-in parent");
                let mut cmd = Command::new(dir.path().join(program));
                cmd.arg(script).args(rest).current_dir(dir.path());
                parent_dir = Some(dir);
                cmd
            }
        };
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TETHER_REPLAY_PLUGIN", binary())
            .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
            .env("PLUGIN_PROTOCOL_VERSIONS", how.versions)
            .env("PLUGIN_MIN_PORT", "10000")
            .env("PLUGIN_MAX_PORT", "25000")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(pem) = client_cert_pem {
            cmd.env("PLUGIN_CLIENT_CERT", pem);
        }
        for (key, value) in &how.env {
            cmd.env(key, value);
        }
        let started = std::time::Instant::now();
        let mut child = cmd.spawn().expect("spawn plugin");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("handshake line");
        let handshake_after = started.elapsed();
        let line = line.trim_end().to_owned();
        let parts: Vec<&str> = line.split('|').collect();
        assert_eq!(parts.len(), 6, "handshake line {line:?}");
        let server_cert = (!parts[5].is_empty()).then(|| CertificateDer::from(base64::engine::general_purpose::STANDARD_NO_PAD.decode(parts[5]).expect("unpadded base64 cert")));
        Plugin { socket: parts[3].to_owned(), line, child, parent_dir, server_cert, started, handshake_after }
    }

    /// A plaintext gRPC channel over the unix socket.
    pub async fn plain_channel(&self) -> Result<Channel, tonic::transport::Error> {
        let path = self.socket.clone();
        Endpoint::try_from("http://localhost")?
            .connect_with_connector(tower::service_fn(move |_: Uri| {
                let path = path.clone();
                async move { Ok::<_, std::io::Error>(TokioIo::new(UnixStream::connect(path).await?)) }
            }))
            .await
    }

    /// A TLS channel presenting `identity` (or no client certificate).
    pub async fn tls_channel(&self, identity: Option<&ClientIdentity>) -> Result<Channel, tonic::transport::Error> {
        self.tls_channel_noting_alpn(identity, Arc::default()).await
    }

    /// A TLS channel that records the application protocol the server selected by ALPN in
    /// `alpn` (grpc-go ≥ 1.67, in Terraform ≥ 1.12 and OpenTofu ≥ 1.11, refuses a server
    /// that selects none).
    pub async fn tls_channel_noting_alpn(&self, identity: Option<&ClientIdentity>, alpn: Arc<Mutex<Option<Vec<u8>>>>) -> Result<Channel, tonic::transport::Error> {
        let server_cert = self.server_cert.clone().expect("plugin served without TLS");
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .expect("versions")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedServer { cert: server_cert, provider }));
        let mut config = match identity {
            Some(id) => builder.with_client_auth_cert(vec![id.cert_der.clone()], PrivateKeyDer::Pkcs8(id.key_der.clone_key())).expect("client cert"),
            None => builder.with_no_client_auth(),
        };
        config.alpn_protocols = vec![b"h2".to_vec()];
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        let path = self.socket.clone();
        Endpoint::try_from("http://localhost")?
            .connect_with_connector(tower::service_fn(move |_: Uri| {
                let path = path.clone();
                let connector = connector.clone();
                let alpn = alpn.clone();
                async move {
                    let tcp = UnixStream::connect(path).await?;
                    let name = ServerName::try_from("localhost").map_err(std::io::Error::other)?;
                    let tls = connector.connect(name, tcp).await?;
                    if let Ok(mut slot) = alpn.lock() {
                        *slot = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
                    }
                    Ok::<_, std::io::Error>(TokioIo::new(tls))
                }
            }))
            .await
    }

    /// Stops the plugin with SIGTERM (it removes its socket directory), or SIGKILL when it
    /// has not exited within 5 s.
    pub fn kill(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while std::time::Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Plugin {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Trusts exactly the certificate from the handshake line, as go-plugin's client does.
#[derive(Debug)]
struct PinnedServer {
    cert: CertificateDer<'static>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.cert.as_ref() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General("unexpected server certificate".into()))
        }
    }
    fn verify_tls12_signature(&self, m: &[u8], c: &CertificateDer<'_>, d: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.provider.signature_verification_algorithms)
    }
    fn verify_tls13_signature(&self, m: &[u8], c: &CertificateDer<'_>, d: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.provider.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
