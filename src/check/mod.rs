//! `tether check`: the plan-wide policy check. It reads `terraform show -json PLANFILE` and
//! finds what no single resource's plan can see: constraints that span resources.
//!
//! JSON report (`--format json`), format_version "1":
//! ```json
//! {
//!   "format_version": "1",
//!   "summary": {"resources": 12, "violations": 1, "warnings": 0},
//!   "live_state": {"requested": true, "used": ["alibaba/cn-hangzhou"],
//!                  "not_used": [{"scope": "volcengine/cn-beijing", "reason": "…"}]},
//!   "findings": [{"rule": "eip-bound-twice", "severity": "violation",
//!                 "code": "IncorrectEipStatus", "message": "…",
//!                 "resources": ["tether_eip_association.a", "module.m.tether_eip_association.b[\"x\"]"],
//!                 "fix": "…"}]
//! }
//! ```
//! Exit status: 0 no violations (warnings allowed), 1 violations, 2 unusable input.
//!
//! Each resource instance is checked in the account and region of its own provider
//! configuration ([`providers`]), including one instance of an OpenTofu provider with
//! `for_each` (read from the `.tf` files under `--source-dir`, since the plan JSON does not
//! record it). An instance whose configuration cannot be told gets a warning of its own,
//! rule `provider-unresolved` (code `ProviderConfigurationUnresolved`, tether's, not a
//! cloud's), naming the resource and why; rules then compare it with no other resource.
//!
//! `--format sarif` writes SARIF 2.1.0 ([`sarif`]) and `--format junit` JUnit XML ([`junit`]);
//! both locate each resource's `resource` block under `--source-dir` ([`source`]).

pub mod hcl;
pub mod junit;
pub mod live;
pub mod plan;
pub mod providers;
pub mod report;
pub mod rules;
pub mod sarif;
pub mod source;

use std::path::PathBuf;

use crate::provider::config::EnvSource;

pub use plan::PlanError;
pub use rules::{Finding, Severity, RULES};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code-scanning views.
    Sarif,
    /// JUnit XML, for test dashboards.
    Junit,
}

/// How to run a check.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Format,
    /// Read live cloud state (credentials from the environment).
    pub live: bool,
    /// The directory Terraform ran in, where the root module's `.tf` files are: SARIF and
    /// JUnit reports locate resources' blocks under it.
    pub source_dir: PathBuf,
}

/// The outcome of a check: what to print and the exit status.
pub struct Outcome {
    pub output: String,
    pub exit_code: u8,
}

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_VIOLATIONS: u8 = 1;
pub const EXIT_UNUSABLE: u8 = 2;

/// Checks plan JSON text. With `options.live`, cloud lookups use credentials from `env`.
pub async fn run(plan_text: &str, options: &Options, env: &dyn EnvSource) -> Outcome {
    let plan = match plan::parse_with_source(plan_text, Some(&options.source_dir)) {
        Ok(p) => p,
        Err(e) => {
            let error = e.to_string();
            let output = match options.format {
                Format::Text => format!("tether check: cannot use this input: {error}\nGive it the output of `terraform show -json PLANFILE`.\n"),
                Format::Json => serde_json::json!({"format_version": report::JSON_FORMAT_VERSION, "error": error}).to_string(),
                Format::Sarif => format!("{:#}\n", sarif::render_unusable(&error, EXIT_UNUSABLE)),
                Format::Junit => junit::render_unusable(&error),
            };
            return Outcome { output, exit_code: EXIT_UNUSABLE };
        }
    };
    let live_state = if options.live { live::fetch(&plan, env).await } else { live::LiveState::none() };
    let findings = rules::check(&plan, &live_state);
    let report = report::Report { findings: &findings, resources: plan.instances.len(), live: &live_state, live_requested: options.live };
    let exit_code = if report.violations() > 0 { EXIT_VIOLATIONS } else { EXIT_CLEAN };
    let output = match options.format {
        Format::Text => report.text(),
        Format::Json => format!("{:#}\n", report.json()),
        Format::Sarif => format!("{:#}\n", sarif::render(&report, &source::locate(&plan, &options.source_dir), exit_code)),
        Format::Junit => junit::render(&report, &source::locate(&plan, &options.source_dir)),
    };
    Outcome { output, exit_code }
}
