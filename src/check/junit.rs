//! The check's report as JUnit XML (`--format junit`), for test dashboards (GitLab's
//! `artifacts:reports:junit`, Jenkins, …): one test case per rule that found nothing, one
//! failing test case per violation, one skipped test case per rule that could not decide.

use std::collections::BTreeMap;

use super::report::Report;
use super::rules::{Finding, Severity, RULES};
use super::source::SourceLocation;

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot carry are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Case {
    classname: String,
    name: String,
    file: Option<String>,
    /// The `<failure>`, `<skipped>` or `<error>` element inside, if any.
    body: Option<String>,
}

fn finding_case(finding: &Finding, sources: &BTreeMap<String, SourceLocation>) -> Case {
    let first_source = finding.resources.iter().find_map(|r| sources.get(r));
    let resources: Vec<String> = finding
        .resources
        .iter()
        .map(|r| match sources.get(r) {
            Some(s) => format!("  - {r} ({}:{})", s.path.display(), s.line),
            None => format!("  - {r}"),
        })
        .collect();
    let detail = format!("[{}] {}\nresources:\n{}\nfix: {}", finding.code, finding.message, resources.join("\n"), finding.fix);
    let message = format!("[{}] {}", finding.code, finding.message);
    let body = match finding.severity {
        Severity::Violation => format!("<failure type=\"{}\" message=\"{}\">{}</failure>", escape(&finding.code), escape(&message), escape(&detail)),
        Severity::Warning => format!("<skipped message=\"{}\"/>", escape(&format!("{message} ({})", finding.fix))),
    };
    Case {
        classname: format!("tether.check.{}", finding.rule),
        name: format!("{}: {}", finding.rule, finding.resources.join(", ")),
        file: first_source.map(|s| s.path.display().to_string()),
        body: Some(body),
    }
}

fn document(cases: &[Case], system_out: &[String]) -> String {
    let failures = cases.iter().filter(|c| c.body.as_deref().is_some_and(|b| b.starts_with("<failure"))).count();
    let errors = cases.iter().filter(|c| c.body.as_deref().is_some_and(|b| b.starts_with("<error"))).count();
    let skipped = cases.iter().filter(|c| c.body.as_deref().is_some_and(|b| b.starts_with("<skipped"))).count();
    let counts = format!("tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\"", cases.len());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!("<testsuites name=\"tether check\" {counts}>\n"));
    xml.push_str(&format!("  <testsuite name=\"tether check\" {counts}>\n"));
    for case in cases {
        let file = case.file.as_ref().map(|f| format!(" file=\"{}\"", escape(f))).unwrap_or_default();
        let open = format!("    <testcase classname=\"{}\" name=\"{}\"{file}", escape(&case.classname), escape(&case.name));
        match &case.body {
            None => xml.push_str(&format!("{open}/>\n")),
            Some(body) => xml.push_str(&format!("{open}>\n      {body}\n    </testcase>\n")),
        }
    }
    if !system_out.is_empty() {
        xml.push_str(&format!("    <system-out>{}</system-out>\n", escape(&system_out.join("\n"))));
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// The JUnit document of a finished check.
pub fn render(report: &Report, sources: &BTreeMap<String, SourceLocation>) -> String {
    let mut cases = Vec::new();
    for rule in RULES {
        let found: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == rule.id).collect();
        if found.is_empty() {
            cases.push(Case { classname: format!("tether.check.{}", rule.id), name: format!("{}: {}", rule.id, rule.title), file: None, body: None });
        }
        cases.extend(found.into_iter().map(|f| finding_case(f, sources)));
    }
    // Diagnostics that are not rules (an unresolved provider configuration).
    cases.extend(report.findings.iter().filter(|f| !RULES.iter().any(|r| r.id == f.rule)).map(|f| finding_case(f, sources)));
    document(&cases, &report.live_note())
}

/// The JUnit document of a check that could not read its input: one test case in error.
pub fn render_unusable(error: &str) -> String {
    let body = format!(
        "<error type=\"unusable input\" message=\"{}\">Give tether check the output of `terraform show -json PLANFILE`.</error>",
        escape(&format!("cannot use this input: {error}"))
    );
    document(&[Case { classname: "tether.check".into(), name: "read the plan".into(), file: None, body: Some(body) }], &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(escape("a<b>&\"c'\u{1}\n"), "a&lt;b&gt;&amp;&quot;c&apos;\n");
    }
}
