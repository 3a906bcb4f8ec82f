//! Serving a provider as a go-plugin: bind, optionally wrap in TLS, print the handshake,
//! serve tfplugin5 + controller + stdio + health, and exit promptly on Shutdown or SIGTERM.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::CancellationToken;
use tonic::transport::Server;

use crate::framework::Provider;
use crate::proto::plugin::grpc_controller_server::GrpcControllerServer;
use crate::proto::plugin::grpc_stdio_server::GrpcStdioServer;
use crate::proto::tfplugin5::provider_server::ProviderServer;
use crate::protocol::ProviderService;

use super::controller::{Controller, Stdio};
use super::handshake::{self, HandshakeError, PluginEnv};
use super::stream::{PluginSocket, PluginStream};
use super::tls::{self, TlsError};

/// terraform-plugin-go's limit, both ways; tonic's default is 4 MiB.
pub const MAX_MESSAGE_BYTES: usize = 256 << 20;
/// How long in-flight calls may take to finish after Shutdown before the process exits.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(50);

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Handshake(#[from] HandshakeError),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("could not open the plugin socket: {0}")]
    Socket(std::io::Error),
    #[error("could not print the handshake: {0}")]
    Stdout(std::io::Error),
    #[error("gRPC server failed: {0}")]
    Transport(#[from] tonic::transport::Error),
}

#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Serve unmanaged for `TF_REATTACH_PROVIDERS`: no cookie check, plaintext, Ctrl-C stops.
    pub debug: bool,
    /// The provider's full source address, for the reattach line.
    pub source_address: String,
}

/// A plugin binary's run once its logging is set up: the TLS crypto provider, the magic
/// cookie check (a process not launched by Terraform stops here, unless `options.debug`), a
/// runtime, the provider `provider` makes, [`serve`], and an exit at once when serving ends, so that background tasks
/// (idle streams, the accept loop) cannot delay Terraform. `program` prefixes its messages.
pub fn run_plugin<P: Provider>(program: &str, provider: impl FnOnce() -> P, options: ServeOptions) -> std::process::ExitCode {
    tls::install_crypto_provider();
    let env = PluginEnv::from_process();
    if !options.debug {
        if let Err(e) = handshake::check_magic_cookie(&env) {
            eprintln!("{e}");
            return std::process::ExitCode::from(1);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{program}: cannot start: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    match runtime.block_on(serve(provider(), env, options)) {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("{program}: {e}");
            std::process::exit(1)
        }
    }
}

/// Serves until the host says Shutdown (or, in debug mode, until Ctrl-C).
pub async fn serve<P: Provider>(provider: P, env: PluginEnv, options: ServeOptions) -> Result<(), ServeError> {
    if !options.debug {
        handshake::check_magic_cookie(&env)?;
    }
    let shutdown = CancellationToken::new();
    watch_interrupts(options.debug, shutdown.clone()).map_err(ServeError::Socket)?;
    handshake::negotiate_version(&env)?;

    let (mut socket, listener) = PluginSocket::bind(env.unix_socket_dir.as_deref().map(std::path::Path::new)).map_err(ServeError::Socket)?;
    let address = socket.path.display().to_string();

    let tls = match (&env.client_cert, options.debug) {
        (Some(pem), false) => {
            let client_cert = tls::parse_client_cert(pem)?;
            let identity = tls::generate_server_identity()?;
            let config = tls::server_config(&identity, client_cert)?;
            Some((identity.cert_der, config))
        }
        _ => None,
    };

    announce(&options, &address, tls.as_ref().map(|(der, _)| der.as_ref())).map_err(ServeError::Stdout)?;

    let stop = CancellationToken::new();
    let service = ProviderService::new(provider, stop).in_destroy_run(super::invocation::parent_runs_destroy());
    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter.set_service_status("plugin", tonic_health::ServingStatus::Serving).await;

    let incoming = accept_loop(listener, tls.map(|(_, config)| config), shutdown.clone());
    let router = Server::builder()
        .add_service(ProviderServer::new(service).max_decoding_message_size(MAX_MESSAGE_BYTES).max_encoding_message_size(MAX_MESSAGE_BYTES))
        .add_service(GrpcControllerServer::new(Controller { shutdown: shutdown.clone() }))
        .add_service(GrpcStdioServer::new(Stdio { shutdown: shutdown.clone() }))
        .add_service(health_service);

    let served = router.serve_with_incoming_shutdown(incoming, shutdown.clone().cancelled_owned());
    let result = tokio::select! {
        r = served => r.map_err(ServeError::from),
        () = async { shutdown.cancelled().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => Ok(()),
    };
    socket.remove();
    tracing::debug!("plugin server stopped");
    result
}

/// Prints the handshake line (managed) or the reattach instructions (debug) on stdout.
fn announce(options: &ServeOptions, address: &str, cert_der: Option<&[u8]>) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if options.debug {
        let reattach = reattach_value(&options.source_address, address);
        writeln!(
            stdout,
            "tether provider started in debug mode. To attach Terraform or OpenTofu, set the\n\
             TF_REATTACH_PROVIDERS environment variable with the following:\n\n\
             \tTF_REATTACH_PROVIDERS='{reattach}'\n\n\
             Press Ctrl-C to stop."
        )?;
    } else {
        writeln!(stdout, "{}", handshake::handshake_line("unix", address, cert_der))?;
    }
    stdout.flush()
}

/// The `TF_REATTACH_PROVIDERS` JSON for a provider served on `address`.
pub fn reattach_value(source_address: &str, address: &str) -> String {
    serde_json::json!({
        source_address: {
            "Protocol": "grpc",
            "ProtocolVersion": handshake::APP_PROTOCOL_VERSION,
            "Pid": std::process::id(),
            "Test": true,
            "Addr": {"Network": "unix", "String": address},
        }
    })
    .to_string()
}

/// SIGINT goes to Terraform's whole process group on Ctrl-C; a managed plugin ignores it and
/// waits for the Stop RPC. In debug mode Ctrl-C stops the server. SIGTERM (a supervisor, a
/// container runtime, `kill`) is handled like the Shutdown RPC in both modes: the socket
/// directory is removed and the process exits 0.
fn watch_interrupts(debug: bool, shutdown: CancellationToken) -> std::io::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupts = signal(SignalKind::interrupt())?;
    let mut terminations = signal(SignalKind::terminate())?;
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Some(()) = interrupts.recv() => {
                    if debug {
                        shutdown.cancel();
                    } else {
                        tracing::debug!("ignoring SIGINT; Terraform sends Stop");
                    }
                }
                Some(()) = terminations.recv() => {
                    tracing::debug!("SIGTERM: shutting down");
                    shutdown.cancel();
                }
                else => break,
            }
        }
    });
    Ok(())
}

/// Accepts connections, completing TLS handshakes off the accept path so a slow or hostile
/// client cannot hold up others. Failed handshakes are logged and dropped.
fn accept_loop(listener: tokio::net::UnixListener, tls: Option<Arc<rustls::ServerConfig>>, shutdown: CancellationToken) -> ReceiverStream<std::io::Result<PluginStream>> {
    let (tx, rx) = mpsc::channel(16);
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                a = listener.accept() => a,
                () = shutdown.cancelled() => break,
            };
            let stream = match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    continue;
                }
            };
            let tx = tx.clone();
            match &acceptor {
                None => {
                    if tx.send(Ok(PluginStream::Plain(stream))).await.is_err() {
                        break;
                    }
                }
                Some(acceptor) => {
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        match acceptor.accept(stream).await {
                            Ok(tls) => {
                                let _ = tx.send(Ok(PluginStream::Tls(Box::new(tls)))).await;
                            }
                            Err(e) => tracing::warn!(error = %e, "refused a TLS client"),
                        }
                    });
                }
            }
        }
    });
    ReceiverStream::new(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reattach_value_is_what_terraform_parses() {
        let v: serde_json::Value = serde_json::from_str(&reattach_value("registry.terraform.io/tether-dev/tether", "/tmp/x/plugin.sock")).unwrap();
        let entry = &v["registry.terraform.io/tether-dev/tether"];
        assert_eq!(entry["Protocol"], "grpc");
        assert_eq!(entry["ProtocolVersion"], 5);
        assert_eq!(entry["Test"], true);
        assert_eq!(entry["Addr"]["Network"], "unix");
        assert_eq!(entry["Addr"]["String"], "/tmp/x/plugin.sock");
    }
}
