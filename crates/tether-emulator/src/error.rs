//! The errors that stop the emulator from starting or serving (request-level problems are
//! answered to the client with the cloud's own error codes instead, see `answer.rs`).

use crate::fixtures::FixtureError;
use crate::persist::PersistError;

/// Why the emulator could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error(transparent)]
    Fixtures(#[from] FixtureError),
    #[error(transparent)]
    State(#[from] PersistError),
    #[error("invalid --listen address {addr:?}: {reason}")]
    ListenAddress { addr: String, reason: String },
    #[error(
        "refusing to listen on {addr}: it is reachable from other machines, and the admin API \
         (/_emulator/…) would be too. Listen on 127.0.0.1 (or [::1]), or pass --allow-remote \
         to opt in; the admin API then requires a token (printed at start, or --admin-token)"
    )]
    RemoteListen { addr: String },
    #[error(transparent)]
    AdminToken(#[from] crate::remote::TokenError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot write to stdout: {0}")]
    Stdout(#[source] std::io::Error),
}
