//! The check's report as SARIF 2.1.0 (`--format sarif`), for code-scanning views such as
//! GitHub's: one rule per check (its help text and the cloud errors it prevents), one result
//! per finding, located at each resource involved: its address as a logical location and,
//! when its `resource` block was found ([`super::source`]), the file and line.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::report::Report;
use super::rules::{Finding, Rule, Severity, RULES};
use super::source::SourceLocation;
use crate::provider::VERSION;

/// The published schema of SARIF 2.1.0 (OASIS Standard, errata 01).
pub const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the fingerprint each result carries (stable across runs for the same rule, code
/// and resources), so viewers can tell a new finding from one seen before.
pub const FINGERPRINT_KEY: &str = "tetherFinding/v1";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Violation => "error",
        Severity::Warning => "warning",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    let prevents: Vec<Value> = rule.prevents.iter().map(|e| json!({"cloud": e.cloud.name(), "code": e.code, "http_status": e.http_status, "message": e.message})).collect();
    let codes_text: Vec<String> = rule.prevents.iter().map(|e| format!("{} ({}: \"{}\")", e.code, e.cloud.display_name(), e.message)).collect();
    let codes_markdown: Vec<String> = rule.prevents.iter().map(|e| format!("- `{}` ({}): {}", e.code, e.cloud.display_name(), e.message)).collect();
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": format!("tether: {}", rule.title)},
        "fullDescription": {"text": rule.help},
        "help": {
            "text": format!("{}\nPrevents: {}.", rule.help, codes_text.join("; ")),
            "markdown": format!("{}\n\nThe cloud error this prevents at apply:\n\n{}\n", rule.help, codes_markdown.join("\n")),
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "prevents": prevents,
            "tags": ["terraform", "tether", "policy"],
        },
    })
}

fn location(index: usize, address: &str, source: Option<&SourceLocation>) -> Value {
    let mut location = json!({
        "id": index,
        "logicalLocations": [{"fullyQualifiedName": address, "kind": "resource"}],
    });
    if let Some(source) = source {
        location["physicalLocation"] = json!({
            "artifactLocation": {"uri": source.uri()},
            "region": {"startLine": source.line},
        });
    }
    location
}

fn fingerprint(finding: &Finding) -> String {
    let mut hasher = Sha256::new();
    hasher.update(finding.rule.as_bytes());
    hasher.update([0]);
    hasher.update(finding.code.as_bytes());
    for resource in &finding.resources {
        hasher.update([0]);
        hasher.update(resource.as_bytes());
    }
    hex::encode(hasher.finalize())
}

fn result(finding: &Finding, sources: &BTreeMap<String, SourceLocation>) -> Value {
    let rule_index = RULES.iter().position(|r| r.id == finding.rule);
    let mut result = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "kind": "fail",
        "message": {"text": format!("[{}] {}. Fix: {}", finding.code, finding.message, finding.fix)},
        "locations": finding.resources.iter().enumerate().map(|(i, a)| location(i, a, sources.get(a))).collect::<Vec<_>>(),
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {"code": finding.code, "resources": finding.resources, "fix": finding.fix},
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    result
}

fn driver() -> Value {
    json!({
        "name": "tether",
        "fullName": "tether check: the plan-wide policy check of the tether Terraform provider",
        "version": VERSION,
        "semanticVersion": VERSION,
        "rules": RULES.iter().map(rule_descriptor).collect::<Vec<_>>(),
    })
}

fn log(run: Value) -> Value {
    json!({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]})
}

/// The SARIF log of a finished check; `sources` locates resources in files.
pub fn render(report: &Report, sources: &BTreeMap<String, SourceLocation>, exit_code: u8) -> Value {
    let notes: Vec<Value> = report.live_note().into_iter().map(|n| json!({"level": "note", "message": {"text": n}})).collect();
    log(json!({
        "tool": {"driver": driver()},
        "invocations": [{
            "executionSuccessful": true,
            "exitCode": exit_code,
            "toolExecutionNotifications": notes,
        }],
        "results": report.findings.iter().map(|f| result(f, sources)).collect::<Vec<_>>(),
        "properties": {
            "summary": {"resources": report.resources, "violations": report.violations(), "warnings": report.warnings()},
        },
    }))
}

/// The SARIF log of a check that could not read its input: no results, an unsuccessful
/// invocation with the reason.
pub fn render_unusable(error: &str, exit_code: u8) -> Value {
    log(json!({
        "tool": {"driver": driver()},
        "invocations": [{
            "executionSuccessful": false,
            "exitCode": exit_code,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": format!("cannot use this input: {error}; give it the output of `terraform show -json PLANFILE`")}}],
        }],
        "results": [],
    }))
}
