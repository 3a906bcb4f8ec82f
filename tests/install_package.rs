//! `tether::install` and `tether::package` with the real provider binary: the unpacked mirror
//! layout, the release zip (layout, mode, checksums, manifest), and offline `terraform init`
//! from an unpacked and from a packed filesystem mirror.

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};
use tether::install::{self, InstalledPath};
use tether::package::{self, REGISTRY_MANIFEST};
use tether::provider::{SOURCE_ADDRESS, VERSION};

use support::terraform::terraform_binary;

fn provider_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_terraform-provider-tether"))
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// Runs `terraform init` in a fresh directory requiring tether, with a fresh CLI config
/// holding `provider_installation`, and every network route closed by a dead proxy.
/// Returns the lock file's text.
fn terraform_init(terraform: &Path, provider_installation: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli_config = dir.path().join("cli.tfrc");
    std::fs::write(&cli_config, provider_installation).expect("cli config");
    let work = dir.path().join("work");
    std::fs::create_dir(&work).expect("work dir");
    std::fs::write(
        work.join("main.tf"),
        format!(
            "terraform {{\n  required_providers {{\n    tether = {{\n      source  = \"{SOURCE_ADDRESS}\"\n      version = \"{VERSION}\"\n    }}\n  }}\n}}\n\nprovider \"tether\" {{\n  cloud  = \"alibaba\"\n  region = \"cn-hangzhou\"\n}}\n"
        ),
    )
    .expect("main.tf");
    let out = Command::new(terraform)
        .args(["init", "-input=false", "-no-color"])
        .current_dir(&work)
        .env("TF_CLI_CONFIG_FILE", &cli_config)
        .env("TF_IN_AUTOMATION", "1")
        .env("CHECKPOINT_DISABLE", "1")
        .env("HOME", dir.path())
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("TF_PLUGIN_CACHE_DIR")
        .env_remove("TF_DATA_DIR")
        .env_remove("TF_LOG")
        .output()
        .expect("run terraform init");
    let combined = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "terraform init failed:\n{combined}");
    // Terraform shortens registry.terraform.io addresses in its output.
    let short = SOURCE_ADDRESS.trim_start_matches("registry.terraform.io/");
    assert!(combined.contains(&format!("Installed {short} v{VERSION}")), "{combined}");
    let lock = std::fs::read_to_string(work.join(".terraform.lock.hcl")).expect("lock file");
    assert!(lock.contains(&format!("provider \"{SOURCE_ADDRESS}\"")), "{lock}");
    assert!(lock.contains(&format!("version     = \"{VERSION}\"")), "{lock}");
    assert!(lock.contains("\"h1:"), "{lock}");
    lock
}

/// The `h1:` hashes recorded in a lock file.
fn h1_hashes(lock: &str) -> Vec<String> {
    lock.split('"').filter(|s| s.starts_with("h1:")).map(str::to_owned).collect()
}

#[test]
fn install_writes_the_unpacked_mirror_layout_executable() {
    let root = tempfile::tempdir().expect("tempdir");
    let installed: InstalledPath = install::install(provider_binary(), Some(root.path())).expect("install");
    let platform = install::current_platform().expect("platform");
    let want = root.path().join(SOURCE_ADDRESS).join(VERSION).join(&platform).join(install::binary_file_name(&platform));
    assert_eq!(installed.path, want);
    assert_eq!(installed.platform, platform);
    assert_eq!(std::fs::read(&installed.path).expect("read"), std::fs::read(provider_binary()).expect("read"));
    #[cfg(unix)]
    assert_eq!(mode(&installed.path), 0o755);
    let entries: Vec<_> = std::fs::read_dir(installed.path.parent().expect("dir")).expect("list").collect();
    assert_eq!(entries.len(), 1, "only the binary in the platform directory");
    assert!(installed.cli_config.contains(&format!("path    = \"{}\"", root.path().display())), "{}", installed.cli_config);
    assert!(installed.cli_config.contains("direct {\n    exclude = [\"registry.terraform.io/tether-dev/*\"]"), "{}", installed.cli_config);
    let text = installed.to_string();
    assert!(text.contains(&installed.path.display().to_string()) && text.contains("provider_installation"), "{text}");
    // Installing again replaces the binary in place.
    let again = install::install(provider_binary(), Some(root.path())).expect("reinstall");
    assert_eq!(again, installed);
}

#[test]
fn install_rejects_a_missing_binary() {
    let root = tempfile::tempdir().expect("tempdir");
    let err = install::install(&root.path().join("nope"), Some(root.path())).expect_err("missing binary");
    assert!(matches!(err, install::InstallError::NotAFile(_)), "{err}");
}

#[test]
fn terraform_init_installs_from_the_unpacked_mirror_offline() {
    let Some(terraform) = terraform_binary() else {
        return;
    };
    let root = tempfile::tempdir().expect("tempdir");
    let installed = install::install(provider_binary(), Some(root.path())).expect("install");
    let cli_config = format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/tether-dev/*\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/tether-dev/*\"]\n  }}\n}}\n",
        root.path().display()
    );
    assert_eq!(cli_config, installed.cli_config, "the snippet install returns is the config under test");
    terraform_init(&terraform, &cli_config);
}

fn read_zip(path: &Path) -> Vec<(String, Option<u32>, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open zip")).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read entry");
            (file.name().to_owned(), file.unix_mode(), bytes)
        })
        .collect()
}

/// A small stand-in for the provider binary (the debug build is ~150 MB, slow to deflate
/// unoptimised); the packed-mirror test below packages the real one.
fn fake_binary(dir: &Path) -> PathBuf {
    let path = dir.join("terraform-provider-tether");
    let mut bytes = b"\x7fELF fake provider\n".to_vec();
    bytes.extend((0u32..200_000).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&path, bytes).expect("write fake binary");
    path
}

#[test]
fn package_writes_zip_checksums_and_manifest() {
    let out = tempfile::tempdir().expect("tempdir");
    let src = tempfile::tempdir().expect("tempdir");
    let binary = fake_binary(src.path());
    let packaged = package::package(&binary, out.path(), "linux_amd64").expect("package");
    let zip_name = format!("terraform-provider-tether_{VERSION}_linux_amd64.zip");
    let sums_name = format!("terraform-provider-tether_{VERSION}_SHA256SUMS");
    let manifest_name = format!("terraform-provider-tether_{VERSION}_manifest.json");
    assert_eq!(packaged.zip, out.path().join(&zip_name));
    assert_eq!(packaged.sha256sums, out.path().join(&sums_name));
    assert_eq!(packaged.manifest, out.path().join(&manifest_name));

    let mut names: Vec<String> = std::fs::read_dir(out.path()).expect("list").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, vec![sums_name.clone(), zip_name.clone(), manifest_name.clone()]);

    let entries = read_zip(&packaged.zip);
    assert_eq!(entries.len(), 1, "the zip holds only the binary");
    let (name, unix_mode, bytes) = &entries[0];
    assert_eq!(name, &format!("terraform-provider-tether_v{VERSION}"));
    assert_eq!(unix_mode.map(|m| m & 0o777), Some(0o755));
    assert_eq!(bytes, &std::fs::read(&binary).expect("read binary"));

    let manifest = std::fs::read_to_string(&packaged.manifest).expect("manifest");
    assert_eq!(manifest, r#"{"version":1,"metadata":{"protocol_versions":["5.0"]}}"#);

    let zip_bytes = std::fs::read(&packaged.zip).expect("zip bytes");
    assert_eq!(packaged.zip_sha256, sha256(&zip_bytes));
    let sums = std::fs::read_to_string(&packaged.sha256sums).expect("sums");
    let want = format!("{}  {zip_name}\n{}  {manifest_name}\n", sha256(&zip_bytes), sha256(manifest.as_bytes()));
    assert_eq!(sums, want);

    // A second platform joins the same SHA256SUMS; packaging is reproducible.
    let arm = package::package(&binary, out.path(), "darwin_arm64").expect("package arm64");
    let sums = std::fs::read_to_string(&arm.sha256sums).expect("sums");
    assert_eq!(sums.lines().count(), 3, "{sums}");
    assert!(sums.contains(&format!("{}  terraform-provider-tether_{VERSION}_darwin_arm64.zip", arm.zip_sha256)), "{sums}");
    let again = package::package(&binary, out.path(), "linux_amd64").expect("repackage");
    assert_eq!(again.zip_sha256, packaged.zip_sha256, "same input, same archive");
}

#[test]
fn package_rejects_bad_platforms_and_missing_binaries() {
    let out = tempfile::tempdir().expect("tempdir");
    for bad in ["linux", "linux-amd64", "../x_y", "linux_amd64/.."] {
        let err = package::package(provider_binary(), out.path(), bad).expect_err(bad);
        assert!(matches!(err, package::PackageError::InvalidPlatform(_)), "{bad}: {err}");
    }
    let err = package::package(&out.path().join("nope"), out.path(), "linux_amd64").expect_err("missing");
    assert!(matches!(err, package::PackageError::NotAFile(_)), "{err}");
    assert_eq!(std::fs::read_dir(out.path()).expect("list").count(), 0, "nothing written on error");
}

#[test]
fn repository_registry_manifest_matches() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("terraform-registry-manifest.json");
    let text = std::fs::read_to_string(&path).expect("terraform-registry-manifest.json at the repository root");
    assert_eq!(text.trim_end(), REGISTRY_MANIFEST);
}

#[test]
fn terraform_init_installs_from_a_packed_mirror_offline() {
    let Some(terraform) = terraform_binary() else {
        return;
    };
    let platform = install::current_platform().expect("platform");
    let mirror = tempfile::tempdir().expect("tempdir");
    let dir = mirror.path().join(SOURCE_ADDRESS);
    let packaged = package::package(provider_binary(), &dir, &platform).expect("package");
    // Only the zip belongs in a packed mirror.
    std::fs::remove_file(&packaged.sha256sums).expect("rm sums");
    std::fs::remove_file(&packaged.manifest).expect("rm manifest");
    assert_eq!(packaged.zip, dir.join(format!("terraform-provider-tether_{VERSION}_{platform}.zip")));
    let entries = read_zip(&packaged.zip);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].2, std::fs::read(provider_binary()).expect("read binary"), "the zip holds the provider binary");
    let packed_lock = terraform_init(&terraform, &install::cli_config_snippet(mirror.path()));

    // The same binary installed unpacked is recognised as the same package.
    let unpacked = tempfile::tempdir().expect("tempdir");
    let installed = install::install(provider_binary(), Some(unpacked.path())).expect("install");
    let unpacked_lock = terraform_init(&terraform, &installed.cli_config);
    let (packed, loose) = (h1_hashes(&packed_lock), h1_hashes(&unpacked_lock));
    assert!(!packed.is_empty() && packed == loose, "h1 hashes differ: {packed:?} vs {loose:?}");
}
