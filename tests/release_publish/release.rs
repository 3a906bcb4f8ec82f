//! `scripts/release`: both Linux architectures built, signed and mirrored.

use super::gpg::{gpg_program, GnuPg};
use super::*;

/// The ELF machine field of the single file in a zip: 62 x86_64, 183 aarch64.
fn zipped_elf_machine(zip_path: &Path) -> (Vec<u8>, u16) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).expect("open zip")).expect("zip");
    assert_eq!(archive.len(), 1, "{} holds one file", zip_path.display());
    let mut bytes = Vec::new();
    archive.by_index(0).expect("entry").read_to_end(&mut bytes).expect("read entry");
    assert_eq!(&bytes[..4], b"\x7fELF", "{} holds an ELF binary", zip_path.display());
    let machine = u16::from_le_bytes([bytes[18], bytes[19]]);
    (bytes, machine)
}

#[test]
fn the_release_script_builds_signs_and_mirrors_both_linux_architectures() {
    if std::env::consts::OS != "linux" || std::env::consts::ARCH != "x86_64" {
        eprintln!("SKIPPED: scripts/release builds on Linux x86_64; this is {} {}", std::env::consts::OS, std::env::consts::ARCH);
        return;
    }
    let Some(program) = gpg_program() else { return };
    let signer = GnuPg::new(&program);
    let fingerprint = signer.generate("tether release script test <script@example.invalid>", "");
    let work = tempfile::tempdir().expect("tempdir");
    let key_file = work.path().join("key.asc");
    let export = signer.run(&["--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", &fingerprint]);
    std::fs::write(&key_file, &export.stdout).expect("key file");
    let out = work.path().join("dist");
    let mirror = work.path().join("mirror");

    // The dev profile: the same build the tests use for linux_amd64 (already up to date),
    // and an unoptimised cross build for linux_arm64.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release");
    let run = Command::new("bash")
        .arg(&script)
        .args(["--profile", "dev", "--out"])
        .arg(&out)
        .arg("--sign-key")
        .arg(&key_file)
        .arg("--mirror")
        .arg(&mirror)
        .args(["--base-url", "https://mirror.example.invalid/providers/"])
        .env("TETHER_GPG", &program)
        .stdin(Stdio::null())
        .output()
        .expect("run scripts/release");
    let output = text(&run);
    eprintln!("{output}");
    if !run.status.success() && output.contains("NOT BUILT: linux_arm64") {
        // The script must say so; the amd64 zip is still there.
        assert!(out.join(format!("terraform-provider-tether_{VERSION}_linux_amd64.zip")).is_file(), "{output}");
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must build linux_arm64:\n{output}");
        eprintln!("SKIPPED: linux_arm64 cannot be built on this machine (see the script's reason above)");
        return;
    }
    assert!(run.status.success(), "scripts/release failed:\n{output}");
    assert!(output.contains("Built here:") && output.contains("linux_arm64  "), "{output}");
    assert!(output.contains("Build elsewhere: darwin_amd64, darwin_arm64 (macOS), windows_amd64 (Windows)"), "{output}");

    let zip = |platform: &str| out.join(format!("terraform-provider-tether_{VERSION}_{platform}.zip"));
    let (amd64, amd64_machine) = zipped_elf_machine(&zip("linux_amd64"));
    let (arm64, arm64_machine) = zipped_elf_machine(&zip("linux_arm64"));
    assert_eq!(amd64_machine, 62, "linux_amd64 holds an x86_64 binary");
    assert_eq!(arm64_machine, 183, "linux_arm64 holds an aarch64 binary");
    assert_eq!(amd64, std::fs::read(env!("CARGO_BIN_EXE_terraform-provider-tether")).expect("test build"), "linux_amd64 is this build");

    // One SUMS over both zips and the manifest, signed, verifying with the exported key.
    let sums = out.join(package::sha256sums_file_name());
    let listed: Vec<String> = std::fs::read_to_string(&sums).expect("sums").lines().filter_map(|l| l.split("  ").nth(1).map(str::to_owned)).collect();
    assert_eq!(
        listed,
        [
            format!("terraform-provider-tether_{VERSION}_linux_amd64.zip"),
            format!("terraform-provider-tether_{VERSION}_linux_arm64.zip"),
            format!("terraform-provider-tether_{VERSION}_manifest.json")
        ]
    );
    let verifier = GnuPg::new(&program);
    let import = verifier.run(&["--import", out.join(format!("terraform-provider-tether_{VERSION}_signing_key.asc")).to_str().expect("utf-8")]);
    assert!(import.status.success(), "{}", text(&import));
    let (ok, status) = verifier.verify(&out.join(format!("terraform-provider-tether_{VERSION}_SHA256SUMS.sig")), &sums);
    assert!(ok && status.contains(&fingerprint), "{status}");

    // The mirror lists both platforms.
    let listing: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(mirror.join(SOURCE_ADDRESS).join(format!("{VERSION}.json"))).expect("version json")).expect("JSON");
    let platforms: Vec<&String> = listing["archives"].as_object().expect("archives").keys().collect();
    assert_eq!(platforms, ["linux_amd64", "linux_arm64"]);

    // The aarch64 binary answers like the provider run by hand, under qemu.
    let qemu = Command::new("qemu-aarch64").arg("-version").output().is_ok_and(|o| o.status.success());
    if qemu {
        let binary = work.path().join("arm64-provider");
        std::fs::write(&binary, &arm64).expect("write arm64 binary");
        // qemu-user refuses a file without the execute bit (exit 1, no message).
        std::fs::set_permissions(&binary, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("make the arm64 binary executable");
        let ran = Command::new("qemu-aarch64").arg("-L").arg("/usr/aarch64-linux-gnu").arg(&binary).stdin(Stdio::null()).output().expect("qemu-aarch64");
        assert_eq!(ran.status.code(), Some(1), "{}", text(&ran));
        assert!(text(&ran).contains("Terraform"), "{}", text(&ran));
        assert!(output.contains("runs under qemu-aarch64"), "{output}");
    } else {
        eprintln!("note: no qemu-aarch64 here; the aarch64 binary was checked by its ELF header only");
    }
}
