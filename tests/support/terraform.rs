//! Runs the real `terraform` binary in a temporary working directory, with a CLI config
//! whose dev_overrides point at the freshly built provider.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SOURCE: &str = "registry.terraform.io/tether-dev/tether";

/// The terraform binary, or `None` with the reason printed (tests then skip loudly).
pub fn terraform_binary() -> Option<PathBuf> {
    let path = std::env::var_os("TETHER_TERRAFORM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("terraform"));
    match Command::new(&path).arg("version").output() {
        Ok(out) if out.status.success() => Some(path),
        _ => {
            eprintln!("SKIPPED: no working `terraform` on PATH (set TETHER_TERRAFORM to its path); terraform end-to-end tests need it");
            None
        }
    }
}

pub struct Workspace {
    pub dir: tempfile::TempDir,
    terraform: PathBuf,
    cli_config: PathBuf,
    extra_env: Vec<(String, String)>,
}

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn combined(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl Workspace {
    pub fn new(terraform: PathBuf) -> Workspace {
        let dir = tempfile::tempdir().expect("tempdir");
        let plugin_dir = Path::new(env!("CARGO_BIN_EXE_terraform-provider-tether")).parent().expect("bin dir").to_owned();
        let cli_config = dir.path().join("cli.tfrc");
        std::fs::write(&cli_config, format!("provider_installation {{\n  dev_overrides {{\n    \"{SOURCE}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n", plugin_dir.display()))
            .expect("cli config");
        Workspace { dir, terraform, cli_config, extra_env: Vec::new() }
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.extra_env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Writes `main.tf` with the required_providers block prepended.
    pub fn write_config(&self, body: &str) {
        let text = format!("terraform {{\n  required_providers {{\n    tether = {{\n      source = \"{SOURCE}\"\n    }}\n  }}\n}}\n\n{body}");
        std::fs::write(self.dir.path().join("main.tf"), text).expect("main.tf");
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let Output { status, stdout, stderr } = self.command(&self.terraform, args).output().expect("run terraform");
        Run { status: status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&stdout).into_owned(), stderr: String::from_utf8_lossy(&stderr).into_owned() }
    }

    /// The terraform command with this workspace's directory and environment, to spawn.
    pub fn command(&self, terraform: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(terraform);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("CHECKPOINT_DISABLE", "1")
            .env_remove("TF_LOG")
            .env_remove("TF_LOG_PROVIDER");
        for key in [
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALICLOUD_ACCESS_KEY",
            "ALICLOUD_SECRET_KEY",
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_SECRET_KEY",
            "VOLCENGINE_ACCESS_KEY",
            "VOLCENGINE_SECRET_KEY",
            "TETHER_ENDPOINT",
        ] {
            cmd.env_remove(key);
        }
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        cmd
    }

    /// `terraform <cmd> -json …` diagnostics: (severity, summary, snippet code line).
    pub fn json_diagnostics(&self, args: &[&str]) -> (i32, Vec<JsonDiagnostic>) {
        let run = self.run(args);
        let mut out = Vec::new();
        // `validate -json` prints one (multi-line) document; `plan -json` one message a line.
        let documents: Vec<serde_json::Value> = match serde_json::from_str::<serde_json::Value>(&run.stdout) {
            Ok(doc) => vec![doc],
            Err(_) => run.stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect(),
        };
        for v in documents {
            let diags: Vec<serde_json::Value> = if let Some(list) = v.get("diagnostics").and_then(|d| d.as_array()) {
                list.clone()
            } else if let Some(d) = v.get("diagnostic") {
                vec![d.clone()]
            } else {
                continue;
            };
            for d in diags {
                out.push(JsonDiagnostic {
                    severity: d["severity"].as_str().unwrap_or_default().to_owned(),
                    summary: d["summary"].as_str().unwrap_or_default().to_owned(),
                    detail: d["detail"].as_str().unwrap_or_default().to_owned(),
                    snippet: d["snippet"]["code"].as_str().unwrap_or_default().to_owned(),
                });
            }
        }
        (run.status, out)
    }
}

#[derive(Debug, Clone)]
pub struct JsonDiagnostic {
    pub severity: String,
    pub summary: String,
    pub detail: String,
    /// The source line Terraform highlights: the attribute the diagnostic points at.
    pub snippet: String,
}
