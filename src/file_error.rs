//! The error of one file-system step, shared by the commands that write files (`tether docs`,
//! `install`, `package`): what was being done, to which path, and the system's reason.

use std::path::PathBuf;

/// A file-system step that failed: `cannot <action> <path>: <reason>`.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {path}: {source}")]
pub struct FileError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}
