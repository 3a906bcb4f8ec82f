//! Release packaging in the layout the Terraform Registry (and a packed filesystem mirror)
//! expects: `terraform-provider-tether_<version>_<os>_<arch>.zip` holding only
//! `terraform-provider-tether_v<version>` (mode 0755), the registry manifest
//! `terraform-provider-tether_<version>_manifest.json`, and
//! `terraform-provider-tether_<version>_SHA256SUMS` listing every zip of the version in the
//! output directory plus the manifest. Archives are reproducible: fixed timestamps and order.
//!
//! [`sign`] adds the detached OpenPGP signature of the SHA256SUMS and the armored public key
//! the registries verify it with; [`mirror`] lays the release out as a provider network mirror.

use crate::file_error::FileError;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::install::binary_file_name;
use crate::provider::{TYPE_NAME, VERSION};

pub mod mirror;
pub mod sign;

/// The registry manifest of a protocol-5 provider (`terraform-registry-manifest.json`).
pub const REGISTRY_MANIFEST: &str = r#"{"version":1,"metadata":{"protocol_versions":["5.0"]}}"#;

/// Why a package could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("invalid platform {0:?}: expected <os>_<arch> as Terraform names them, e.g. linux_amd64 or darwin_arm64")]
    InvalidPlatform(String),
    #[error("provider binary {0} does not exist or is not a file")]
    NotAFile(PathBuf),
    #[error(transparent)]
    Io(#[from] FileError),
    #[error("cannot write the archive {path}: {source}")]
    Zip {
        path: PathBuf,
        #[source]
        source: zip::result::ZipError,
    },
    #[error("archive {path} cannot be mirrored: {why}")]
    BadArchive { path: PathBuf, why: String },
    #[error("invalid mirror base URL {url:?}: {why}")]
    BaseUrl { url: String, why: String },
    #[error("no terraform-provider-tether_{version}_<os>_<arch>.zip in {0} to mirror", version = VERSION)]
    NoArchives(PathBuf),
    #[error("{0} exists but is not a network mirror index (a JSON object with \"versions\"); move it away or fix it")]
    BadIndex(PathBuf),
}

/// What [`package`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packaged {
    /// `terraform-provider-tether_<version>_<os>_<arch>.zip`.
    pub zip: PathBuf,
    /// Lowercase hex SHA-256 of the zip.
    pub zip_sha256: String,
    /// `terraform-provider-tether_<version>_SHA256SUMS`.
    pub sha256sums: PathBuf,
    /// `terraform-provider-tether_<version>_manifest.json`.
    pub manifest: PathBuf,
    /// The executable's name inside the zip.
    pub binary_name: String,
}

/// `terraform-provider-tether_<version>_<platform>.zip`.
pub fn zip_file_name(platform: &str) -> String {
    format!("terraform-provider-{TYPE_NAME}_{VERSION}_{platform}.zip")
}

/// `terraform-provider-tether_<version>_SHA256SUMS`.
pub fn sha256sums_file_name() -> String {
    format!("terraform-provider-{TYPE_NAME}_{VERSION}_SHA256SUMS")
}

/// `terraform-provider-tether_<version>_manifest.json`.
pub fn manifest_file_name() -> String {
    format!("terraform-provider-{TYPE_NAME}_{VERSION}_manifest.json")
}

/// Checks `<os>_<arch>`: two non-empty lowercase alphanumeric words.
pub(crate) fn check_platform(platform: &str) -> Result<(), PackageError> {
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    match platform.split_once('_') {
        Some((os, arch)) if word(os) && word(arch) => Ok(()),
        _ => Err(PackageError::InvalidPlatform(platform.to_owned())),
    }
}

fn io<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(std::io::Error) -> PackageError + 'p {
    move |source| PackageError::Io(FileError { action, path: path.to_owned(), source })
}

fn sha256_file(path: &Path) -> Result<String, PackageError> {
    let mut file = std::fs::File::open(path).map_err(io("read", path))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(io("read", path))?;
    Ok(hex::encode(hasher.finalize()))
}

/// Packages `binary` for `os_arch` (e.g. `linux_amd64`) into `out_dir` (created if needed),
/// writes the manifest, and rewrites the SHA256SUMS over every zip of this version there.
pub fn package(binary: &Path, out_dir: &Path, os_arch: &str) -> Result<Packaged, PackageError> {
    check_platform(os_arch)?;
    if !binary.is_file() {
        return Err(PackageError::NotAFile(binary.to_owned()));
    }
    std::fs::create_dir_all(out_dir).map_err(io("create", out_dir))?;

    let zip_path = out_dir.join(zip_file_name(os_arch));
    let binary_name = binary_file_name(os_arch);
    let partial = out_dir.join(format!(".{}.partial", zip_file_name(os_arch)));
    let written = write_zip(binary, &partial, &binary_name);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &zip_path).map_err(io("move the archive into place at", &zip_path))?;

    let manifest = out_dir.join(manifest_file_name());
    std::fs::write(&manifest, REGISTRY_MANIFEST).map_err(io("write", &manifest))?;

    let sha256sums = out_dir.join(sha256sums_file_name());
    let sums = sha256sums_text(out_dir)?;
    std::fs::write(&sha256sums, sums).map_err(io("write", &sha256sums))?;
    // A signature of the previous SHA256SUMS no longer matches; `sign` writes a new one.
    let stale = out_dir.join(sign::signature_file_name());
    match std::fs::remove_file(&stale) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(PackageError::Io(FileError { action: "remove the stale signature", path: stale, source: e })),
        _ => {}
    }

    let zip_sha256 = sha256_file(&zip_path)?;
    Ok(Packaged { zip: zip_path, zip_sha256, sha256sums, manifest, binary_name })
}

fn write_zip(binary: &Path, path: &Path, binary_name: &str) -> Result<(), PackageError> {
    let zip_error = |source| PackageError::Zip { path: path.to_owned(), source };
    let file = std::fs::File::create(path).map_err(io("create", path))?;
    let mut writer = ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o755)
        .large_file(std::fs::metadata(binary).map_err(io("read", binary))?.len() >= u64::from(u32::MAX));
    writer.start_file(binary_name, options).map_err(zip_error)?;
    let mut input = std::fs::File::open(binary).map_err(io("read", binary))?;
    std::io::copy(&mut input, &mut writer).map_err(io("compress", binary))?;
    let mut out = writer.finish().map_err(zip_error)?;
    out.flush().map_err(io("write", path))?;
    out.get_ref().sync_all().map_err(io("write", path))?;
    Ok(())
}

/// `<sha256>  <name>` for every zip of this version in `dir` and the manifest, sorted by name.
fn sha256sums_text(dir: &Path) -> Result<String, PackageError> {
    let prefix = format!("terraform-provider-{TYPE_NAME}_{VERSION}_");
    let manifest = manifest_file_name();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(io("list", dir))?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| (n.starts_with(&prefix) && n.ends_with(".zip")) || *n == manifest)
        .collect();
    names.sort();
    let mut text = String::new();
    for name in names {
        text.push_str(&format!("{}  {name}\n", sha256_file(&dir.join(&name))?));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_names() {
        for ok in ["linux_amd64", "darwin_arm64", "windows_386", "freebsd_arm"] {
            assert!(check_platform(ok).is_ok(), "{ok}");
        }
        for bad in ["linux", "linux-amd64", "_amd64", "linux_", "Linux_amd64", "linux_amd64_v2", "../x_y"] {
            assert!(check_platform(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn manifest_is_protocol_5() {
        let v: serde_json::Value = serde_json::from_str(REGISTRY_MANIFEST).unwrap_or_default();
        assert_eq!(v["metadata"]["protocol_versions"][0], "5.0");
        assert_eq!(v["version"], 1);
    }
}
