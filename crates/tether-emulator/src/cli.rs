//! `tether emulator`: command-line arguments and the blocking entry point used by the
//! `tether` binary.
//!
//! ```text
//! tether emulator [--listen 127.0.0.1:8466] [--fixtures FILE] [--state FILE]
//!                 [--access-key K --secret-key S] [--delay-ms 300] [--fault-seed 0]
//!                 [--max-body-bytes 1048576] [--call-log-bytes 16777216]
//!                 [--allow-remote] [--admin-token TOKEN]
//!                 [--header-timeout-secs 10] [--body-timeout-secs 30]
//!                 [--idle-timeout-secs 60] [--max-connections N]
//! ```
//!
//! The first line on stdout is `tether emulator listening on http://HOST:PORT`, printed
//! (and flushed) once the socket accepts connections. SIGINT and SIGTERM stop it cleanly.
//! A non-loopback `--listen` address is refused without `--allow-remote`; with it, the admin
//! token (unless given with `--admin-token`) is printed on stderr.

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use crate::auth::{DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY};
use crate::call_log;
use crate::connections::{self, Limits};
use crate::error::EmulatorError;
use crate::faults::DEFAULT_ASYNC_DELAY_MS;
use crate::fixtures;
use crate::remote::AdminToken;
use crate::server::{start, EmulatorConfig, DEFAULT_MAX_BODY_BYTES};

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8466";

/// Arguments of `tether emulator`.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct EmulatorArgs {
    /// Address to listen on (`HOST:PORT`; port 0 picks a free one).
    #[arg(long, default_value = DEFAULT_LISTEN, env = "TETHER_EMULATOR_LISTEN")]
    pub listen: String,
    /// Fixtures file (JSON, see crates/tether-emulator/README.md). Default: the built-in
    /// demo fixtures (examples/emulator/fixtures.json).
    #[arg(long, env = "TETHER_EMULATOR_FIXTURES")]
    pub fixtures: Option<PathBuf>,
    /// Persist the inventory and associations in FILE (loaded on start when it exists).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Access key accepted for all three clouds (replaces the default `tether-demo`).
    #[arg(long, requires = "secret_key", env = "TETHER_EMULATOR_ACCESS_KEY")]
    pub access_key: Option<String>,
    /// Secret of --access-key (replaces the default `tether-demo-secret`).
    #[arg(
        long,
        requires = "access_key",
        env = "TETHER_EMULATOR_SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<String>,
    /// How long asynchronous transitions take, in milliseconds (0 = at once).
    #[arg(long, default_value_t = DEFAULT_ASYNC_DELAY_MS)]
    pub delay_ms: u64,
    /// Seed of the fault-injection generator.
    #[arg(long, default_value_t = 0)]
    pub fault_seed: u64,
    /// Largest accepted request body.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Bound of the call log (`/_emulator/calls`) in approximate heap bytes; the oldest
    /// calls are dropped beyond it.
    #[arg(long, default_value_t = call_log::DEFAULT_MAX_BYTES)]
    pub call_log_bytes: usize,
    /// Permit a --listen address other than loopback (127.0.0.1, ::1). The admin API then
    /// requires a token (--admin-token, or one generated and printed on stderr at start).
    #[arg(long)]
    pub allow_remote: bool,
    /// Token the admin API (/_emulator/…) requires, sent as `Authorization: Bearer TOKEN`
    /// (16 to 256 visible ASCII characters). Enforced on loopback too when given.
    #[arg(long, env = "TETHER_EMULATOR_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Seconds a request head may take to arrive, from its first byte.
    #[arg(long, default_value_t = connections::DEFAULT_HEADER_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout_secs: u64,
    /// Seconds a request body may take to arrive.
    #[arg(long, default_value_t = connections::DEFAULT_BODY_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout_secs: u64,
    /// Seconds a connection may stay silent between requests (or unable to take its
    /// answer) before it is closed.
    #[arg(long, default_value_t = connections::DEFAULT_IDLE_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout_secs: u64,
    /// Connections served at once (default: 1024, or fewer under a lower `ulimit -n`). At
    /// the limit, the connection that has waited longest without a complete request is
    /// closed to make room.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: Option<u64>,
}

impl Default for EmulatorArgs {
    /// The command-line defaults (environment variables are not read).
    fn default() -> Self {
        EmulatorArgs {
            listen: DEFAULT_LISTEN.to_string(),
            fixtures: None,
            state: None,
            access_key: None,
            secret_key: None,
            delay_ms: DEFAULT_ASYNC_DELAY_MS,
            fault_seed: 0,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            call_log_bytes: call_log::DEFAULT_MAX_BYTES,
            allow_remote: false,
            admin_token: None,
            header_timeout_secs: connections::DEFAULT_HEADER_TIMEOUT.as_secs(),
            body_timeout_secs: connections::DEFAULT_BODY_TIMEOUT.as_secs(),
            idle_timeout_secs: connections::DEFAULT_IDLE_TIMEOUT.as_secs(),
            max_connections: None,
        }
    }
}

fn listen_addr(text: &str) -> Result<SocketAddr, EmulatorError> {
    let bad = |reason: String| EmulatorError::ListenAddress {
        addr: text.to_string(),
        reason,
    };
    text.to_socket_addrs()
        .map_err(|e| bad(e.to_string()))?
        .next()
        .ok_or_else(|| bad("resolves to no address".to_string()))
}

/// The configuration the arguments describe.
pub fn config(args: &EmulatorArgs) -> Result<EmulatorConfig, EmulatorError> {
    let inventory = match &args.fixtures {
        Some(path) => fixtures::load_file(path)?,
        None => fixtures::example()?,
    };
    let mut config = EmulatorConfig::new(inventory);
    config.listen = listen_addr(&args.listen)?;
    config.state_file = args.state.clone();
    config.keys = vec![match (&args.access_key, &args.secret_key) {
        (Some(k), Some(s)) => (k.clone(), s.clone()),
        _ => (
            DEFAULT_ACCESS_KEY.to_string(),
            DEFAULT_SECRET_KEY.to_string(),
        ),
    }];
    config.async_delay_ms = args.delay_ms;
    config.fault_seed = args.fault_seed;
    config.max_body_bytes = args.max_body_bytes;
    config.call_log_max_bytes = args.call_log_bytes;
    config.allow_remote = args.allow_remote;
    config.admin_token = args
        .admin_token
        .as_deref()
        .map(AdminToken::new)
        .transpose()?;
    config.limits = Limits {
        header_timeout: Duration::from_secs(args.header_timeout_secs),
        body_timeout: Duration::from_secs(args.body_timeout_secs),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs),
        max_connections: match args.max_connections {
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
            None => connections::default_max_connections(),
        },
    };
    Ok(config)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// The first stdout line, for an emulator serving `url`.
pub fn listening_line(url: &str) -> String {
    format!("tether emulator listening on {url}")
}

/// Starts the emulator, calls `on_listening` with its URL once the socket accepts
/// connections, and serves until `shutdown` completes.
pub async fn serve(
    args: EmulatorArgs,
    on_listening: impl FnOnce(&str) -> std::io::Result<()>,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), EmulatorError> {
    let config = config(&args)?;
    let default_keys = args.access_key.is_none();
    let running = start(config).await?;
    on_listening(&running.url()).map_err(EmulatorError::Stdout)?;
    if default_keys {
        eprintln!(
            "credentials (all clouds): access key {DEFAULT_ACCESS_KEY}, secret {DEFAULT_SECRET_KEY}"
        );
    }
    if let (Some(token), None) = (running.admin_token(), &args.admin_token) {
        // Printed once, here only: the user needs it, nothing else ever shows it.
        eprintln!(
            "admin token (send `Authorization: Bearer <token>` to /_emulator/…): {}",
            token.reveal()
        );
    }
    if args.allow_remote && default_keys && !crate::remote::is_loopback(&running.addr()) {
        eprintln!(
            "warning: the API is reachable from other machines with the published demo credentials; pass --access-key/--secret-key"
        );
    }
    running.run_until(shutdown).await
}

/// Runs the emulator until SIGINT/SIGTERM, printing the listening line on stdout.
pub async fn run(args: EmulatorArgs) -> Result<(), EmulatorError> {
    serve(
        args,
        |url| {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", listening_line(url))?;
            out.flush()
        },
        shutdown_signal(),
    )
    .await
}

/// Builds a runtime and runs the emulator (the `tether emulator` entry point).
pub fn run_blocking(args: EmulatorArgs) -> Result<(), EmulatorError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(EmulatorError::Runtime)?;
    runtime.block_on(run(args))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: EmulatorArgs,
    }

    fn parse(argv: &[&str]) -> Result<EmulatorArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("tether-emulator").chain(argv.iter().copied()))
            .map(|c| c.args)
    }

    #[test]
    fn arguments() {
        let a = parse(&[
            "--listen",
            "127.0.0.1:0",
            "--access-key",
            "k",
            "--secret-key",
            "s",
            "--delay-ms",
            "0",
        ])
        .unwrap();
        let c = config(&a).unwrap();
        assert_eq!(c.keys, vec![("k".to_string(), "s".to_string())]);
        assert_eq!(c.async_delay_ms, 0);
        assert_eq!(c.listen.port(), 0);
        let d = config(&parse(&[]).unwrap()).unwrap();
        assert_eq!(
            d.keys,
            vec![(
                DEFAULT_ACCESS_KEY.to_string(),
                DEFAULT_SECRET_KEY.to_string()
            )]
        );
        assert_eq!(d.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(parse(&[]).unwrap(), EmulatorArgs::default());
        let small = config(&parse(&["--call-log-bytes", "4096"]).unwrap()).unwrap();
        assert_eq!(small.call_log_max_bytes, 4096);
        assert!(parse(&["--access-key", "k"]).is_err());
        assert!(matches!(
            config(&parse(&["--listen", "nowhere"]).unwrap()),
            Err(EmulatorError::ListenAddress { .. })
        ));
        assert!(matches!(
            config(&parse(&["--fixtures", "/nonexistent/fixtures.json"]).unwrap()),
            Err(EmulatorError::Fixtures(_))
        ));
    }

    #[tokio::test]
    async fn serves_until_shutdown_and_announces_the_url() {
        let args = parse(&["--listen", "127.0.0.1:0"]).unwrap();
        let (url_tx, url_rx) = tokio::sync::oneshot::channel::<String>();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(
            args,
            move |url| {
                let line = listening_line(url);
                let _ = url_tx.send(line);
                Ok(())
            },
            async move {
                let _ = stop_rx.await;
            },
        ));
        let line = url_rx.await.unwrap();
        let url = line
            .strip_prefix("tether emulator listening on http://")
            .unwrap()
            .to_string();
        let addr: std::net::SocketAddr = url.parse().unwrap();
        assert_ne!(addr.port(), 0);
        // The socket accepts connections once announced.
        tokio::net::TcpStream::connect(addr).await.unwrap();
        stop_tx.send(()).unwrap();
        server.await.unwrap().unwrap();
    }
}
