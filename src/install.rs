//! Local installation without a registry: copies a built provider binary into the unpacked
//! filesystem-mirror layout Terraform and OpenTofu search,
//! `<root>/registry.terraform.io/tether-dev/tether/<version>/<os>_<arch>/terraform-provider-tether_v<version>`,
//! and returns the CLI configuration that pins the provider to that mirror.
//!
//! Nothing is built here: the caller names the binary (the one running, or a release build).

use crate::file_error::FileError;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::provider::{SOURCE_ADDRESS, TYPE_NAME, VERSION};

/// Why the provider could not be installed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("provider binary {0} does not exist or is not a file")]
    NotAFile(PathBuf),
    #[error("cannot find the home directory for the default mirror root (set HOME, or give a target directory)")]
    NoHome,
    #[error("Terraform has no platform name for {os}/{arch}")]
    UnsupportedPlatform { os: &'static str, arch: &'static str },
    #[error(transparent)]
    Io(#[from] FileError),
}

/// Where the provider was installed, and how to point Terraform or OpenTofu at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstalledPath {
    /// The installed executable.
    pub path: PathBuf,
    /// The mirror root it was installed under.
    pub root: PathBuf,
    /// `<os>_<arch>`, as Terraform names platforms.
    pub platform: String,
    /// The `provider_installation` block for `~/.terraformrc` / `~/.tofurc`.
    pub cli_config: String,
}

impl fmt::Display for InstalledPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Installed {SOURCE_ADDRESS} v{VERSION} ({}) to", self.platform)?;
        writeln!(f, "  {}", self.path.display())?;
        writeln!(f)?;
        writeln!(f, "Terraform and OpenTofu use it from this mirror with this CLI configuration")?;
        writeln!(f, "(~/.terraformrc, ~/.tofurc for OpenTofu, or the file TF_CLI_CONFIG_FILE names):")?;
        writeln!(f)?;
        write!(f, "{}", self.cli_config)?;
        writeln!(f)?;
        writeln!(f, "Require it with source = \"{SOURCE_ADDRESS}\" and run `terraform init`.")?;
        write!(f, "A working directory that locked an earlier build needs `terraform init -upgrade`.")
    }
}

/// The running machine's platform as Terraform names it (`linux_amd64`, `darwin_arm64`, …).
pub fn current_platform() -> Result<String, InstallError> {
    let (os, arch) = (std::env::consts::OS, std::env::consts::ARCH);
    let tf_os = match os {
        "linux" => "linux",
        "macos" => "darwin",
        "windows" => "windows",
        "freebsd" => "freebsd",
        "openbsd" => "openbsd",
        "netbsd" => "netbsd",
        "solaris" => "solaris",
        _ => return Err(InstallError::UnsupportedPlatform { os, arch }),
    };
    let tf_arch = match arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "arm" => "arm",
        _ => return Err(InstallError::UnsupportedPlatform { os, arch }),
    };
    Ok(format!("{tf_os}_{tf_arch}"))
}

/// The default mirror root: `~/.terraform.d/plugins` (`%APPDATA%\terraform.d\plugins` on
/// Windows), which Terraform and OpenTofu search even without CLI configuration.
pub fn default_root() -> Result<PathBuf, InstallError> {
    let home = if cfg!(windows) { std::env::var_os("APPDATA") } else { std::env::var_os("HOME") };
    match home.filter(|h| !h.is_empty()) {
        Some(home) if cfg!(windows) => Ok(PathBuf::from(home).join("terraform.d").join("plugins")),
        Some(home) => Ok(PathBuf::from(home).join(".terraform.d").join("plugins")),
        None => Err(InstallError::NoHome),
    }
}

/// The executable's file name inside a package or mirror for `platform`:
/// `terraform-provider-tether_v<version>` (`.exe` on Windows).
pub fn binary_file_name(platform: &str) -> String {
    let suffix = if platform.starts_with("windows_") { ".exe" } else { "" };
    format!("terraform-provider-{TYPE_NAME}_v{VERSION}{suffix}")
}

/// `<root>/registry.terraform.io/tether-dev/tether/<version>/<platform>`.
pub fn mirror_dir(root: &Path, platform: &str) -> PathBuf {
    let mut dir = root.to_owned();
    for part in SOURCE_ADDRESS.split('/') {
        dir.push(part);
    }
    dir.join(VERSION).join(platform)
}

fn hcl_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace("${", "$${").replace("%{", "%%{"))
}

/// The CLI configuration that installs tether from the mirror under `root` and never asks
/// a registry for it.
pub fn cli_config_snippet(root: &Path) -> String {
    let namespace = SOURCE_ADDRESS.rsplit_once('/').map_or(SOURCE_ADDRESS, |(ns, _)| ns);
    let pattern = hcl_string(&format!("{namespace}/*"));
    format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = {}\n    include = [{pattern}]\n  }}\n  direct {{\n    exclude = [{pattern}]\n  }}\n}}\n",
        hcl_string(&root.to_string_lossy())
    )
}

/// Copies `binary` into the mirror under `target_root` (default [`default_root`]) for the
/// running platform, executable, replacing an earlier install atomically.
pub fn install(binary: &Path, target_root: Option<&Path>) -> Result<InstalledPath, InstallError> {
    if !binary.is_file() {
        return Err(InstallError::NotAFile(binary.to_owned()));
    }
    let platform = current_platform()?;
    let root = match target_root {
        Some(root) => root.to_owned(),
        None => default_root()?,
    };
    let root = if root.is_absolute() {
        root
    } else {
        std::env::current_dir().map_err(|source| InstallError::Io(FileError { action: "find the current directory for", path: root.clone(), source }))?.join(root)
    };
    let dir = mirror_dir(&root, &platform);
    std::fs::create_dir_all(&dir).map_err(|source| InstallError::Io(FileError { action: "create", path: dir.clone(), source }))?;
    let path = dir.join(binary_file_name(&platform));
    let partial = dir.join(format!(".{}.partial", binary_file_name(&platform)));
    std::fs::copy(binary, &partial).map_err(|source| InstallError::Io(FileError { action: "copy the provider to", path: partial.clone(), source }))?;
    make_executable(&partial)?;
    std::fs::rename(&partial, &path).map_err(|source| {
        let _ = std::fs::remove_file(&partial);
        InstallError::Io(FileError { action: "move the provider into place at", path: path.clone(), source })
    })?;
    let cli_config = cli_config_snippet(&root);
    Ok(InstalledPath { path, root, platform, cli_config })
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), InstallError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|source| InstallError::Io(FileError { action: "make executable", path: path.to_owned(), source }))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), InstallError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_escapes_and_excludes_the_namespace() {
        let s = cli_config_snippet(Path::new("/tmp/a \"b\""));
        assert!(s.contains(r#"path    = "/tmp/a \"b\"""#), "{s}");
        assert!(s.contains(r#"exclude = ["registry.terraform.io/tether-dev/*"]"#), "{s}");
    }

    #[test]
    fn layout() {
        let dir = mirror_dir(Path::new("/r"), "linux_amd64");
        assert_eq!(dir, Path::new("/r/registry.terraform.io/tether-dev/tether").join(VERSION).join("linux_amd64"));
        assert_eq!(binary_file_name("windows_amd64"), format!("terraform-provider-tether_v{VERSION}.exe"));
    }
}
