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
