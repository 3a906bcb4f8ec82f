//! A provider network mirror (Terraform's Provider Network Mirror Protocol) as static files:
//! under the mirror root, `registry.terraform.io/tether-dev/tether/` holds `index.json`
//! (every version mirrored there; earlier versions are kept), `<version>.json` (one archive
//! per platform zip of this version in the release directory, its absolute URL under the base
//! URL the mirror is served at, and its `h1:` and `zh:` hashes) and the zips themselves.
//! Serve the root over HTTPS at that URL and point a `network_mirror` block at it.
//!
//! Terraform checks a download against the hashes the mirror lists, but records in the lock
//! file only the `h1:` hash of the platform it installed (mirror hashes count as trusted only
//! when a registry signature vouches for them). So the mirror also carries
//! `<version>.lock.hcl`: the dependency lock entry with every mirrored platform's `h1:` and
//! `zh:` hashes, for a team to commit; `terraform init` then verifies any platform's download
//! against it and keeps those hashes.

use crate::file_error::FileError;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use super::{io, sha256_file, PackageError};
use crate::provider::{SOURCE_ADDRESS, TYPE_NAME, VERSION};

/// The https URL a mirror root is served at, ending with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Accepts `https://host[:port]/path` (a missing final `/` is added); Terraform only
    /// talks to network mirrors over https. No query, fragment, credentials or spaces.
    pub fn parse(given: &str) -> Result<BaseUrl, PackageError> {
        let bad = |why: &str| PackageError::BaseUrl { url: given.to_owned(), why: why.to_owned() };
        let rest = given.strip_prefix("https://").ok_or_else(|| bad("Terraform reaches network mirrors only over https://"))?;
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() {
            return Err(bad("it has no host"));
        }
        if host.contains('@') {
            return Err(bad("credentials do not belong in the URL (Terraform sends those of the CLI configuration's credentials block)"));
        }
        if given.contains(['?', '#']) || given.chars().any(char::is_whitespace) {
            return Err(bad("a base URL has no query, fragment or spaces"));
        }
        let mut url = given.to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`write`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mirror {
    /// `<root>/registry.terraform.io/tether-dev/tether/index.json`.
    pub index: PathBuf,
    /// `<root>/registry.terraform.io/tether-dev/tether/<version>.json`.
    pub version_json: PathBuf,
    /// The zips copied beside them, with their platform and hashes.
    pub archives: Vec<Archive>,
    /// `<root>/registry.terraform.io/tether-dev/tether/<version>.lock.hcl`.
    pub lock_file: PathBuf,
    /// Its text: the `.terraform.lock.hcl` provider block for every mirrored platform.
    pub lock_entry: String,
    /// The `provider_installation` block that installs tether from this mirror.
    pub cli_config: String,
}

/// One platform's archive in the mirror.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Archive {
    pub platform: String,
    pub path: PathBuf,
    pub url: String,
    /// Terraform's `h1:` hash of the package's contents.
    pub h1: String,
    /// `zh:` and the SHA-256 of the zip, as the registries' SHA256SUMS give it.
    pub zh: String,
}

/// The `h1:` hash Terraform computes of a provider package (its "dirhash" of the unpacked
/// files): SHA-256 over the lines `<sha256 hex>  <name>\n` of every file, sorted by name,
/// base64-encoded.
pub fn h1_of_zip(zip_path: &Path) -> Result<String, PackageError> {
    let zip_error = |source| PackageError::Zip { path: zip_path.to_owned(), source };
    let file = std::fs::File::open(zip_path).map_err(io("read", zip_path))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(zip_error)?;
    let mut lines = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(zip_error)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        if name.contains('\n') {
            return Err(PackageError::BadArchive { path: zip_path.to_owned(), why: "a file name holds a newline".into() });
        }
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let read = entry.read(&mut buffer).map_err(io("decompress", zip_path))?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
        }
        lines.push(format!("{}  {name}\n", hex::encode(hasher.finalize())));
    }
    lines.sort_by(|a, b| a.split_once("  ").map(|x| x.1).cmp(&b.split_once("  ").map(|x| x.1)));
    let summary = Sha256::digest(lines.concat().as_bytes());
    Ok(format!("h1:{}", base64::engine::general_purpose::STANDARD.encode(summary)))
}

/// The zips of this version in `dir`, by platform.
fn release_zips(dir: &Path) -> Result<BTreeMap<String, PathBuf>, PackageError> {
    let prefix = format!("terraform-provider-{TYPE_NAME}_{VERSION}_");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).map_err(io("list", dir))? {
        let entry = entry.map_err(io("list", dir))?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        if let Some(platform) = name.strip_prefix(&prefix).and_then(|n| n.strip_suffix(".zip")) {
            super::check_platform(platform)?;
            out.insert(platform.to_owned(), entry.path());
        }
    }
    Ok(out)
}

/// Writes `path` through a partial file renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PackageError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&partial, bytes).map_err(io("write", &partial))?;
    std::fs::rename(&partial, path).map_err(io("move into place", path))
}

fn json_text(value: &serde_json::Value) -> String {
    format!("{value:#}\n")
}

/// The `provider_installation` block for a network mirror at `base`.
pub fn cli_config_snippet(base: &BaseUrl) -> String {
    let namespace = SOURCE_ADDRESS.rsplit_once('/').map(|(ns, _)| ns).unwrap_or(SOURCE_ADDRESS);
    format!(
        "provider_installation {{\n  network_mirror {{\n    url     = \"{}\"\n    include = [\"{namespace}/*\"]\n  }}\n  direct {{\n    exclude = [\"{namespace}/*\"]\n  }}\n}}\n",
        base.as_str()
    )
}

/// The dependency lock file entry (`.terraform.lock.hcl`) for these archives: every `h1:`
/// and `zh:` hash, sorted as Terraform writes them.
pub fn lock_entry(archives: &[Archive]) -> String {
    let mut hashes: Vec<&str> = archives.iter().flat_map(|a| [a.h1.as_str(), a.zh.as_str()]).collect();
    hashes.sort_unstable();
    hashes.dedup();
    let lines: String = hashes.iter().map(|h| format!("    \"{h}\",\n")).collect();
    format!("provider \"{SOURCE_ADDRESS}\" {{\n  version = \"{VERSION}\"\n  hashes = [\n{lines}  ]\n}}\n")
}

/// Mirrors every zip of this version in `release_dir` under `root`, for serving at `base`.
pub fn write(release_dir: &Path, root: &Path, base: &BaseUrl) -> Result<Mirror, PackageError> {
    let zips = release_zips(release_dir)?;
    if zips.is_empty() {
        return Err(PackageError::NoArchives(release_dir.to_owned()));
    }
    let dir = root.join(SOURCE_ADDRESS);
    std::fs::create_dir_all(&dir).map_err(io("create", &dir))?;
    let url_dir = format!("{}{SOURCE_ADDRESS}/", base.as_str());

    let mut archives = Vec::new();
    for (platform, source) in zips {
        let name = super::zip_file_name(&platform);
        let path = dir.join(&name);
        if std::fs::canonicalize(&source).ok() != std::fs::canonicalize(&path).ok() {
            let partial = dir.join(format!(".{name}.partial"));
            std::fs::copy(&source, &partial).map_err(io("copy the archive to", &partial))?;
            std::fs::rename(&partial, &path).map_err(io("move into place", &path))?;
        }
        archives.push(Archive { url: format!("{url_dir}{name}"), h1: h1_of_zip(&path)?, zh: format!("zh:{}", sha256_file(&path)?), platform, path });
    }

    let version_json = dir.join(format!("{VERSION}.json"));
    let listing: serde_json::Map<String, serde_json::Value> = archives.iter().map(|a| (a.platform.clone(), serde_json::json!({"url": a.url, "hashes": [a.h1, a.zh]}))).collect();
    write_atomically(&version_json, json_text(&serde_json::json!({"archives": listing})).as_bytes())?;

    // index.json keeps the versions mirrored before.
    let index = dir.join("index.json");
    let mut versions = match std::fs::read_to_string(&index) {
        Ok(text) => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("versions").and_then(|v| v.as_object()).cloned())
            .ok_or_else(|| PackageError::BadIndex(index.clone()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => serde_json::Map::new(),
        Err(e) => return Err(PackageError::Io(FileError { action: "read", path: index, source: e })),
    };
    versions.insert(VERSION.to_owned(), serde_json::json!({}));
    write_atomically(&index, json_text(&serde_json::json!({"versions": versions})).as_bytes())?;

    let lock_file = dir.join(format!("{VERSION}.lock.hcl"));
    let lock_entry = lock_entry(&archives);
    write_atomically(&lock_file, lock_entry.as_bytes())?;

    Ok(Mirror { index, version_json, archives, lock_file, lock_entry, cli_config: cli_config_snippet(base) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_https_and_end_with_a_slash() {
        assert_eq!(BaseUrl::parse("https://mirror.example.com/providers").unwrap().as_str(), "https://mirror.example.com/providers/");
        assert_eq!(BaseUrl::parse("https://127.0.0.1:8443/").unwrap().as_str(), "https://127.0.0.1:8443/");
        for bad in ["http://mirror.example.com/", "mirror.example.com", "https:///x", "https://u:p@host/", "https://host/?a=1", "https://host/a b/"] {
            assert!(matches!(BaseUrl::parse(bad), Err(PackageError::BaseUrl { .. })), "{bad}");
        }
    }

    #[test]
    fn the_snippet_points_at_the_mirror() {
        let snippet = cli_config_snippet(&BaseUrl::parse("https://m.example/p/").unwrap());
        assert!(snippet.contains("network_mirror {\n    url     = \"https://m.example/p/\"\n    include = [\"registry.terraform.io/tether-dev/*\"]"), "{snippet}");
    }
}
