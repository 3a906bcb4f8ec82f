//! The check's output: text a person reads first, and a documented JSON form for machines
//! (SARIF and JUnit are in [`super::sarif`] and [`super::junit`]).

use super::live::LiveState;
use super::rules::{Finding, Severity};

/// Version of the JSON report; bumped on incompatible changes.
pub const JSON_FORMAT_VERSION: &str = "1";

pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub resources: usize,
    pub live: &'a LiveState,
    /// Whether live state was asked for (not `--no-live`).
    pub live_requested: bool,
}

impl Report<'_> {
    pub fn violations(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Violation).count()
    }
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    /// What the report says of live state: one note a line.
    pub fn live_note(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.live_requested {
            notes.push("live cloud state not used (--no-live): rules that need it (HaVip members and GA backends outside the plan, ESS MaxSize) saw only the plan".to_owned());
        }
        for scope in &self.live.used {
            notes.push(format!("live cloud state used for {scope}"));
        }
        for (scope, reason) in &self.live.not_used {
            notes.push(format!("live cloud state not used for {scope}: {reason}; rules that need it (ESS MaxSize, members outside the plan) were skipped there"));
        }
        notes
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        let verdict = match (self.violations(), self.warnings()) {
            (0, 0) => "no violations".to_owned(),
            (v, w) => format!("{v} violation{}, {w} warning{}", if v == 1 { "" } else { "s" }, if w == 1 { "" } else { "s" }),
        };
        out.push_str(&format!("tether check: {verdict} ({} tether resource instance{} in the plan)\n", self.resources, if self.resources == 1 { "" } else { "s" }));
        for note in self.live_note() {
            out.push_str(&format!("  note: {note}\n"));
        }
        for f in self.findings {
            let label = match f.severity {
                Severity::Violation => "VIOLATION",
                Severity::Warning => "WARNING",
            };
            out.push_str(&format!("\n{label} [{}] {}\n  rule: {}\n", f.code, f.message, f.rule));
            out.push_str("  resources:\n");
            for r in &f.resources {
                out.push_str(&format!("    - {r}\n"));
            }
            out.push_str(&format!("  fix: {}\n", f.fix));
        }
        out
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "format_version": JSON_FORMAT_VERSION,
            "summary": {
                "resources": self.resources,
                "violations": self.violations(),
                "warnings": self.warnings(),
            },
            "live_state": {
                "requested": self.live_requested,
                "used": self.live.used,
                "not_used": self.live.not_used.iter().map(|(scope, reason)| serde_json::json!({"scope": scope, "reason": reason})).collect::<Vec<_>>(),
            },
            "findings": self.findings,
        })
    }
}
