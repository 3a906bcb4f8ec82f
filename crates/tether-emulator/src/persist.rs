//! `--state FILE`: the inventory, associations, counters and client tokens are written
//! atomically (temporary file in the same directory, `fsync`, `rename`, `fsync` of the
//! directory) before a write is acknowledged, so a `kill -9` loses no acknowledged write.
//! On start the file is loaded when it exists.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::state::{PersistedState, STATE_VERSION};

/// Why the state file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("cannot read state file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("state file {path} is not a valid tether emulator state: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot write state file {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Loads the state file, `Ok(None)` when it does not exist.
pub fn load(path: &Path) -> Result<Option<PersistedState>, PersistError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(PersistError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let de = &mut serde_json::Deserializer::from_str(&text);
    let state: PersistedState =
        serde_path_to_error::deserialize(de).map_err(|e| PersistError::Parse {
            path: path.to_path_buf(),
            message: format!("{}: {}", e.path(), e.inner()),
        })?;
    if state.version != STATE_VERSION {
        return Err(PersistError::Parse {
            path: path.to_path_buf(),
            message: format!(
                "version {} is not the supported version {STATE_VERSION}",
                state.version
            ),
        });
    }
    Ok(Some(state))
}

/// Writes the state atomically.
pub fn save(path: &Path, state: &PersistedState) -> Result<(), PersistError> {
    let err = |source| PersistError::Write {
        path: path.to_path_buf(),
        source,
    };
    let bytes = serde_json::to_vec_pretty(state).map_err(|e| err(std::io::Error::other(e)))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.json".to_string());
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    {
        let mut f = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(err)?;
        f.write_all(&bytes).map_err(err)?;
        f.sync_all().map_err(err)?;
    }
    fs::rename(&tmp, path).map_err(err)?;
    // Make the rename itself durable (best effort where directories cannot be opened).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = std::env::temp_dir().join(format!("tether-emu-persist-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let _ = fs::remove_file(&path);
        assert!(load(&path).unwrap().is_none());
        let state = PersistedState {
            version: STATE_VERSION,
            ..Default::default()
        };
        save(&path, &state).unwrap();
        assert_eq!(load(&path).unwrap(), Some(state));
        fs::write(&path, "{\"version\": 1, \"bogus\": 1}").unwrap();
        assert!(load(&path).unwrap_err().to_string().contains("bogus"));
        let _ = fs::remove_dir_all(&dir);
    }
}
