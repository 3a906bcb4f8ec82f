//! `tether`: the user-facing command line of the project (beside the
//! `terraform-provider-tether` plugin binary).
//!
//! Subcommands:
//! - `tether emulator`: run the local emulator of the 29 cloud APIs tether uses (see
//!   `crates/tether-emulator/README.md`).
//! - `tether check`: the plan-wide policy check over `terraform show -json PLANFILE`.
//! - `tether install`: copy the provider binary into a filesystem mirror for offline init.
//! - `tether package`: build the release archive, checksums and registry manifest, sign the
//!   checksums, and lay out a network mirror.
//! - `tether docs`: write (or `--check`) the Registry-layout docs from the provider schema.
//! - `tether discover`: write `import {}` and resource blocks for the associations that
//!   already exist in a cloud region (exit 0, or 2 on unusable input).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Command-line interface of tether.
#[derive(Debug, Parser)]
#[command(name = "tether", version, about = "tether: Terraform/OpenTofu associations on Alibaba Cloud, Tencent Cloud and Volcengine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Run a local emulator of the Alibaba Cloud, Tencent Cloud and Volcengine APIs tether
    /// uses (first stdout line: `tether emulator listening on http://HOST:PORT`).
    Emulator(tether_emulator::cli::EmulatorArgs),

    /// Check a plan for constraints that span resources (exit 0 clean, 1 violations, 2
    /// unusable input). Reads `terraform show -json PLANFILE` output from PLAN_JSON or stdin.
    Check {
        /// The plan JSON file, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        plan_json: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Do not read live cloud state (credentials would come from the environment).
        #[arg(long)]
        no_live: bool,
        /// The directory terraform ran in: SARIF and JUnit reports give the file and line of
        /// each resource's block found under it (paths are written as joined onto it).
        #[arg(long, default_value = ".")]
        source_dir: PathBuf,
    },

    /// Copy the provider binary into a filesystem mirror so `terraform init` finds it offline.
    Install {
        /// The mirror root (default ~/.terraform.d/plugins).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// The provider binary (default: terraform-provider-tether next to this program).
        #[arg(long)]
        binary: Option<PathBuf>,
    },

    /// Write the release archive, SHA256SUMS and registry manifest for one platform; sign the
    /// SHA256SUMS (GnuPG) and lay the release out as a network mirror on request.
    Package {
        /// Where to write them. SHA256SUMS lists every platform's zip of this version there.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// The platform, e.g. linux_amd64 (default: this machine's).
        #[arg(long)]
        platform: Option<String>,
        /// The provider binary (default: terraform-provider-tether next to this program).
        #[arg(long)]
        binary: Option<PathBuf>,
        /// Sign the SHA256SUMS with this OpenPGP key: a fingerprint or key ID in the GnuPG
        /// keyring, or a file with an exported secret key. Writes `…_SHA256SUMS.sig` and the
        /// public key `…_signing_key.asc`. Runs `gpg` (or TETHER_GPG); a passphrase for batch
        /// use comes from TETHER_GPG_PASSPHRASE.
        #[arg(long, value_name = "FINGERPRINT|FILE")]
        sign_key: Option<String>,
        /// Also write a provider network mirror of every zip in --out into DIR.
        #[arg(long, value_name = "DIR", requires = "base_url")]
        mirror: Option<PathBuf>,
        /// The https URL DIR will be served at (the `network_mirror` url).
        #[arg(long, value_name = "URL", requires = "mirror")]
        base_url: Option<String>,
    },

    /// Write `import {}` and resource blocks for the associations that already exist in one
    /// cloud region, so that `terraform plan` only imports them (exit 0; 2 on unusable input,
    /// 1 when the cloud cannot be listed). Credentials and endpoint come from the provider's
    /// environment variables (e.g. ALIBABA_CLOUD_ACCESS_KEY_ID, TETHER_ENDPOINT).
    Discover {
        /// The cloud: alibaba, tencent or volcengine.
        #[arg(long)]
        cloud: String,
        /// The region (default: the cloud's region environment variable, as for the provider).
        #[arg(long)]
        region: Option<String>,
        /// The kinds to list (repeatable; default: every kind the cloud has): eip (Alibaba,
        /// Tencent), havip (Volcengine), ga and ess (Alibaba).
        #[arg(long = "kind", value_name = "KIND", value_parser = ["eip", "havip", "ga", "ess"])]
        kinds: Vec<String>,
        /// `terraform show -json` output (state or plan) of the workspace, or `-` for standard
        /// input: what it manages already is left out.
        #[arg(long, value_name = "FILE|-")]
        exclude_state: Option<String>,
        /// Write the configuration here (default: standard output). Nothing new: not written.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// `hcl` (a .tf file) or `json` (a .tf.json file).
        #[arg(long, value_enum, default_value_t = DiscoverFormat::Hcl)]
        format: DiscoverFormat,
        /// Set `provider = REF` in every block (e.g. tether.alibaba), for a workspace with
        /// provider aliases.
        #[arg(long, value_name = "REF")]
        provider: Option<String>,
    },

    /// Write the Registry-layout docs generated from the provider schema.
    Docs {
        /// The docs directory.
        #[arg(long, default_value = "docs")]
        dir: PathBuf,
        /// Only check that the committed docs are current (exit 1 if stale).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
    /// SARIF 2.1.0 for code-scanning views (GitHub code scanning).
    Sarif,
    /// JUnit XML for test dashboards (GitLab, Jenkins).
    Junit,
}

/// The provider binary beside this program, unless one is given.
fn provider_binary(given: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return Ok(path);
    }
    let me = std::env::current_exe().map_err(|e| format!("cannot locate this program: {e}"))?;
    let beside = me.with_file_name("terraform-provider-tether");
    if beside.exists() {
        Ok(beside)
    } else {
        Err(format!("no terraform-provider-tether next to {}; pass --binary PATH", me.display()))
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DiscoverFormat {
    Hcl,
    Json,
}

/// `tether discover`: the summary on stderr, the configuration to `out` or stdout.
fn discover(options: tether::discover::Options, exclude_state: Option<String>, out: Option<PathBuf>) -> ExitCode {
    use tether::discover::{EXIT_FAILED, EXIT_UNUSABLE};
    let mut options = options;
    if let Some(source) = exclude_state {
        let mut text = String::new();
        let read = if source == "-" { std::io::stdin().read_to_string(&mut text).map(|_| ()) } else { std::fs::read_to_string(&source).map(|t| text = t) };
        if let Err(e) = read {
            eprintln!("tether discover: cannot read --exclude-state {source}: {e}");
            return ExitCode::from(EXIT_UNUSABLE);
        }
        options.exclude_state = Some((text, source));
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail("discover", e),
    };
    let outcome = match runtime.block_on(tether::discover::run(&options, &tether::provider::config::ProcessEnv)) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("tether discover: {e}");
            return ExitCode::from(e.exit_code());
        }
    };
    eprint!("{}", outcome.summary);
    if let Some(config) = outcome.config {
        match out {
            Some(path) => {
                if let Err(e) = std::fs::write(&path, config) {
                    eprintln!("tether discover: cannot write {}: {e}", path.display());
                    return ExitCode::from(EXIT_FAILED);
                }
                eprintln!("wrote {}", path.display());
            }
            None => print!("{config}"),
        }
    }
    ExitCode::SUCCESS
}

fn fail(context: &str, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("tether {context}: {message}");
    ExitCode::from(1)
}

fn check(plan_json: &str, format: Format, no_live: bool, source_dir: PathBuf) -> ExitCode {
    let mut text = String::new();
    let read = if plan_json == "-" { std::io::stdin().read_to_string(&mut text).map(|_| ()) } else { std::fs::read_to_string(Path::new(plan_json)).map(|t| text = t) };
    if let Err(e) = read {
        eprintln!("tether check: cannot read {plan_json}: {e}");
        return ExitCode::from(tether::check::EXIT_UNUSABLE);
    }
    let format = match format {
        Format::Text => tether::check::Format::Text,
        Format::Json => tether::check::Format::Json,
        Format::Sarif => tether::check::Format::Sarif,
        Format::Junit => tether::check::Format::Junit,
    };
    let options = tether::check::Options { format, live: !no_live, source_dir };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail("check", e),
    };
    let outcome = runtime.block_on(tether::check::run(&text, &options, &tether::provider::config::ProcessEnv));
    print!("{}", outcome.output);
    ExitCode::from(outcome.exit_code)
}

/// `tether package`: what it wrote, or why not.
fn package(out: PathBuf, platform: Option<String>, binary: Option<PathBuf>, sign_key: Option<String>, mirror: Option<PathBuf>, base_url: Option<String>) -> Result<String, String> {
    use tether::package::{mirror as network_mirror, sign};
    // Check every argument before writing anything.
    let binary = provider_binary(binary)?;
    let platform = match platform {
        Some(p) => p,
        None => tether::install::current_platform().map_err(|e| e.to_string())?,
    };
    let key = sign_key.as_deref().map(sign::SignKey::parse).transpose().map_err(|e| e.to_string())?;
    let gpg = sign::Gpg {
        program: std::env::var_os("TETHER_GPG").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("gpg")),
        passphrase: std::env::var("TETHER_GPG_PASSPHRASE").ok().map(sign::Passphrase::new),
    };
    if let Some(key) = &key {
        sign::preflight(key, &gpg).map_err(|e| e.to_string())?;
    }
    let mirror = match (mirror, base_url) {
        (Some(dir), Some(url)) => Some((dir, network_mirror::BaseUrl::parse(&url).map_err(|e| e.to_string())?)),
        _ => None,
    };

    let packaged = tether::package::package(&binary, &out, &platform).map_err(|e| e.to_string())?;
    let mut report = format!("wrote {}\nwrote {}\nwrote {}\n", packaged.zip.display(), packaged.sha256sums.display(), packaged.manifest.display());
    if let Some(key) = key {
        let signed = sign::sign(&packaged.sha256sums, &key, &gpg).map_err(|e| e.to_string())?;
        report.push_str(&format!(
            "wrote {} (signed by {}; verified with the exported key)\nwrote {}\n",
            signed.signature.display(),
            signed.fingerprint,
            signed.public_key.display()
        ));
    }
    if let Some((dir, base)) = mirror {
        let written = network_mirror::write(&out, &dir, &base).map_err(|e| e.to_string())?;
        report.push_str(&format!("wrote {}\nwrote {}\nwrote {}\n", written.index.display(), written.version_json.display(), written.lock_file.display()));
        for archive in &written.archives {
            report.push_str(&format!("wrote {} ({} {})\n", archive.path.display(), archive.platform, archive.zh));
        }
        report.push_str(&format!(
            "\nServe {} at {} and install from it with this CLI configuration:\n\n{}\nCommit this entry in .terraform.lock.hcl so `terraform init` checks every platform's download\n(Terraform records only the installed platform's h1: hash from a mirror):\n\n{}",
            dir.display(),
            base.as_str(),
            written.cli_config,
            written.lock_entry
        ));
    }
    Ok(report)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Emulator(args) => match tether_emulator::cli::run_blocking(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail("emulator", e),
        },
        Command::Check { plan_json, format, no_live, source_dir } => check(&plan_json, format, no_live, source_dir),
        Command::Install { dir, binary } => {
            let installed = provider_binary(binary).and_then(|b| tether::install::install(&b, dir.as_deref()).map_err(|e| e.to_string()));
            match installed {
                Ok(installed) => {
                    println!("{installed}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail("install", e),
            }
        }
        Command::Package { out, platform, binary, sign_key, mirror, base_url } => match package(out, platform, binary, sign_key, mirror, base_url) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => fail("package", e),
        },
        Command::Discover { cloud, region, kinds, exclude_state, out, format, provider } => {
            let options = tether::discover::Options {
                cloud,
                region,
                kinds: kinds.iter().filter_map(|k| tether::discover::Kind::from_word(k)).collect(),
                exclude_state: None,
                format: match format {
                    DiscoverFormat::Hcl => tether::discover::Format::Hcl,
                    DiscoverFormat::Json => tether::discover::Format::Json,
                },
                provider,
            };
            discover(options, exclude_state, out)
        }
        Command::Docs { dir, check: true } => match tether::docs::check(&dir) {
            Ok(()) => {
                println!("docs in {} are current", dir.display());
                ExitCode::SUCCESS
            }
            Err(stale) => {
                for path in stale {
                    eprintln!("stale: {}", path.display());
                }
                fail("docs", "docs are stale; run `tether docs` (or scripts/gen-docs)")
            }
        },
        Command::Docs { dir, check: false } => match tether::docs::write(&dir) {
            Ok(written) => {
                println!("wrote {} pages into {}", written.len(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail("docs", e),
        },
    }
}
