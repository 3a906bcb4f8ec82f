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

pub mod live;
pub mod plan;
pub mod report;
pub mod rules;

use crate::provider::config::EnvSource;

pub use plan::PlanError;
pub use rules::{Finding, Severity, RULES};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// The outcome of a check: what to print and the exit status.
pub struct Outcome {
    pub output: String,
    pub exit_code: u8,
}

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_VIOLATIONS: u8 = 1;
pub const EXIT_UNUSABLE: u8 = 2;

/// Checks plan JSON text. `live` enables cloud lookups with credentials from `env`.
pub async fn run(plan_text: &str, format: Format, live: bool, env: &dyn EnvSource) -> Outcome {
    let plan = match plan::parse(plan_text) {
        Ok(p) => p,
        Err(e) => {
            let output = match format {
                Format::Text => format!("tether check: cannot use this input: {e}\nGive it the output of `terraform show -json PLANFILE`.\n"),
                Format::Json => serde_json::json!({"format_version": report::JSON_FORMAT_VERSION, "error": e.to_string()}).to_string(),
            };
            return Outcome { output, exit_code: EXIT_UNUSABLE };
        }
    };
    let live_state = if live { live::fetch(&plan, env).await } else { live::LiveState::none() };
    let findings = rules::check(&plan, &live_state);
    let report = report::Report { findings: &findings, resources: plan.instances.len(), live: &live_state, live_requested: live };
    let exit_code = if report.violations() > 0 { EXIT_VIOLATIONS } else { EXIT_CLEAN };
    let output = match format {
        Format::Text => report.text(),
        Format::Json => format!("{:#}\n", report.json()),
    };
    Outcome { output, exit_code }
}
