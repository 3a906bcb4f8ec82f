//! Validators: small composable checks attached to attributes in the schema. Each one names
//! the documented cloud error code that a violation would provoke at apply time.
//!
//! Validators see only known, non-null values; Terraform may send unknowns during validate.
//! Messages quote at most a prefix of the offending value.

use std::net::Ipv4Addr;

use tether_wire::constraints::{AllowedValues, ApiError, CountLimit, IntRange};

use super::diagnostics::{Diagnostic, Diagnostics};
use super::path::AttrPath;
use super::quote::{prefix, quoted};
use super::rule::Code;
use super::schema::{Block, Nesting, Presence};
use super::value::Value;

pub trait Validator: Send + Sync {
    /// One line for documentation: what a value must be.
    fn description(&self) -> String;
    /// The cloud error codes a violation would provoke at apply time (none for settings).
    fn prevents(&self) -> Vec<Code> {
        Vec::new()
    }
    /// Checks a known, non-null value found at `path`.
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics);
}

/// Runs every attribute's validators over a block value, descending into nested blocks, and
/// reports required attributes that are null (Terraform checks those itself before it calls
/// the provider; other callers of the protocol do not).
pub fn validate_block(block: &Block, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
    if !value.is_present() {
        return;
    }
    for attribute in &block.attributes {
        let v = value.attr(attribute.name);
        if attribute.presence == Presence::Required && v.is_null() {
            diags.push(
                Diagnostic::error("Missing required argument", format!("The argument \"{}\" is required, but no value was given.", attribute.name))
                    .at(path.clone().then_attr(attribute.name)),
            );
            continue;
        }
        if !v.is_present() {
            continue;
        }
        let at = path.clone().then_attr(attribute.name);
        for validator in &attribute.validators {
            validator.validate(v, &at, diags);
        }
    }
    for nested in &block.blocks {
        let v = value.attr(nested.name);
        let at = path.clone().then_attr(nested.name);
        match v {
            Value::List(items) | Value::Set(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = if nested.nesting == Nesting::List { at.clone().then_index(i as i64) } else { at.clone() };
                    validate_block(&nested.block, item, &at, diags);
                }
            }
            other => validate_block(&nested.block, other, &at, diags),
        }
    }
}

/// A string limited to documented values.
pub struct OneOf(pub AllowedValues);

impl Validator for OneOf {
    fn description(&self) -> String {
        format!("one of {}", self.0.values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
    }
    fn prevents(&self) -> Vec<Code> {
        vec![self.0.error.into()]
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str() {
            if !self.0.allows(s) {
                diags.push(
                    Diagnostic::rule(
                        self.0.error.code,
                        format!("{path} must be one of {}", self.0.values.join(", ")),
                        format!("{} is not a value {} accepts here; it would answer {}: {}", quoted(s), self.0.error.cloud.display_name(), self.0.error.code, self.0.error.message),
                    )
                    .at(path.clone()),
                );
            }
        }
    }
}

/// A string limited to a fixed set of names (for settings that have no cloud error code).
pub struct OneOfNames(pub &'static [&'static str]);

impl Validator for OneOfNames {
    fn description(&self) -> String {
        format!("one of {}", self.0.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str() {
            if !self.0.contains(&s) {
                diags.push(Diagnostic::error(format!("{path} must be one of {}", self.0.join(", ")), format!("{} is not one of them.", quoted(s))).at(path.clone()));
            }
        }
    }
}

/// A whole number within a range (for settings that have no cloud error code).
pub struct WholeNumberBetween(pub i64, pub i64);

impl Validator for WholeNumberBetween {
    fn description(&self) -> String {
        format!("a whole number from {} to {}", self.0, self.1)
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        if let Some(n) = value.as_number() {
            if !n.as_i64().is_some_and(|i| (self.0..=self.1).contains(&i)) {
                diags.push(
                    Diagnostic::error(format!("{path} must be a whole number from {} to {}", self.0, self.1), format!("{} is not.", prefix(&n.to_string()))).at(path.clone()),
                );
            }
        }
    }
}

/// An http:// or https:// base URL.
pub struct HttpUrl;

impl Validator for HttpUrl {
    fn description(&self) -> String {
        "an `http://` or `https://` URL".to_owned()
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str() {
            let rest = s.strip_prefix("http://").or_else(|| s.strip_prefix("https://"));
            if rest.is_none_or(|host| host.is_empty() || host.starts_with('/')) {
                diags.push(
                    Diagnostic::error(format!("{path} must be an http:// or https:// URL"), format!("{} is not, e.g. use \"http://127.0.0.1:8080\".", quoted(s))).at(path.clone()),
                );
            }
        }
    }
}

/// The error code every cloud answers for a required parameter that is missing or empty.
pub const MISSING_PARAMETER: &str = "MissingParameter";

/// A resource ID that is not empty or blank (the cloud treats it as a missing parameter).
/// On a set or list, applies to every element.
pub struct NotEmpty;

impl Validator for NotEmpty {
    fn description(&self) -> String {
        "not empty".to_owned()
    }
    fn prevents(&self) -> Vec<Code> {
        vec![Code { code: MISSING_PARAMETER, cloud: None }]
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        match value {
            Value::String(s) if s.trim().is_empty() => {
                diags.push(Diagnostic::rule(MISSING_PARAMETER, format!("{path} must not be empty"), "The cloud treats an empty ID as a missing parameter.").at(path.clone()))
            }
            Value::Set(items) | Value::List(items) => {
                for item in items {
                    self.validate(item, path, diags);
                }
            }
            _ => {}
        }
    }
}

/// A dotted-quad IPv4 address; the errors are each cloud's answer to a malformed one (the
/// first is reported, as validation does not know the provider's cloud).
pub struct Ipv4(pub &'static [ApiError]);

impl Validator for Ipv4 {
    fn description(&self) -> String {
        "a valid IPv4 address".to_owned()
    }
    fn prevents(&self) -> Vec<Code> {
        self.0.iter().map(Code::from).collect()
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str() {
            if s.parse::<Ipv4Addr>().is_err() {
                let summary = format!("{path} must be an IPv4 address");
                let detail = format!("{} is not a dotted-quad IPv4 address such as 10.0.0.12.", quoted(s));
                let diagnostic = match self.0.first() {
                    Some(e) => Diagnostic::rule(e.code, summary, detail),
                    None => Diagnostic::error(summary, detail),
                };
                diags.push(diagnostic.at(path.clone()));
            }
        }
    }
}

/// A collection (list, set, map) holding between `min` and `max` elements.
pub struct SizeBetween(pub CountLimit);

impl Validator for SizeBetween {
    fn description(&self) -> String {
        format!("{} to {} items", self.0.min, self.0.max)
    }
    fn prevents(&self) -> Vec<Code> {
        vec![self.0.error.into()]
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        let len = match value {
            Value::List(v) | Value::Set(v) => v.len(),
            Value::Map(m) => m.len(),
            _ => return,
        };
        if !self.0.allows(len) {
            diags.push(
                Diagnostic::rule(
                    self.0.error.code,
                    format!("{path} must hold {} to {} items", self.0.min, self.0.max),
                    format!("It holds {len}; the API accepts {} to {} per call.", self.0.min, self.0.max),
                )
                .at(path.clone()),
            );
        }
    }
}

/// Every value of a map of numbers lies in a range.
pub struct MapValuesInRange(pub IntRange);

impl Validator for MapValuesInRange {
    fn description(&self) -> String {
        format!("values from {} to {}", self.0.min, self.0.max)
    }
    fn prevents(&self) -> Vec<Code> {
        vec![self.0.error.into()]
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        let Some(entries) = value.as_entries() else { return };
        for (key, v) in entries {
            let Some(n) = v.as_number() else { continue };
            let ok = n.as_i64().is_some_and(|i| self.0.allows(i));
            if !ok {
                diags.push(
                    Diagnostic::rule(
                        self.0.error.code,
                        format!("{path}[{}] must be a whole number from {} to {}", quoted(key), self.0.min, self.0.max),
                        format!("{} is outside the documented range {}..{}.", prefix(&n.to_string()), self.0.min, self.0.max),
                    )
                    .at(path.clone().then_key(key)),
                );
            }
        }
    }
}

/// A duration such as `30s`, `5m` or `1h30m`.
pub struct Duration;

impl Validator for Duration {
    fn description(&self) -> String {
        "a duration such as `30s`, `5m` or `1h30m`".to_owned()
    }
    fn validate(&self, value: &Value, path: &AttrPath, diags: &mut Diagnostics) {
        if let Some(s) = value.as_str() {
            if parse_duration(s).is_none() {
                diags.push(
                    Diagnostic::error(format!("{path} is not a duration"), format!("{} is not a duration; write it like \"30s\", \"5m\" or \"1h30m\".", quoted(s)))
                        .at(path.clone()),
                );
            }
        }
    }
}

/// Parses Go-style durations made of number+unit pairs (`ms`, `s`, `m`, `h`).
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let mut total = 0f64;
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * seconds;
    }
    (total.is_finite() && total < 1.0e9).then(|| std::time::Duration::from_secs_f64(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tether_wire::constraints::{eip_association, ess_attachment};

    #[test]
    fn one_of_reports_code_on_path() {
        let mut d = Diagnostics::new();
        OneOf(eip_association::ALIBABA_INSTANCE_TYPES).validate(&"Ecs".into(), &AttrPath::attr("instance_type"), &mut d);
        assert_eq!(d.0.len(), 1);
        assert!(d.0[0].summary.starts_with("[InvalidInstanceType.ValueNotSupported]"));
        assert_eq!(d.0[0].path, Some(AttrPath::attr("instance_type")));
        let mut ok = Diagnostics::new();
        OneOf(eip_association::ALIBABA_INSTANCE_TYPES).validate(&"Nat".into(), &AttrPath::attr("instance_type"), &mut ok);
        assert!(ok.is_empty());
    }

    #[test]
    fn ipv4_rejects_malformed() {
        for bad in ["10.0.0", "10.0.0.256", "fe80::1", "a.b.c.d", ""] {
            let mut d = Diagnostics::new();
            Ipv4(&[eip_association::PRIVATE_IP_SYNTAX_ERROR_ALIBABA]).validate(&bad.into(), &AttrPath::attr("p"), &mut d);
            assert!(d.has_errors(), "{bad}");
        }
        let mut d = Diagnostics::new();
        Ipv4(&[eip_association::PRIVATE_IP_SYNTAX_ERROR_ALIBABA]).validate(&"10.0.0.12".into(), &AttrPath::attr("p"), &mut d);
        assert!(d.is_empty());
    }

    #[test]
    fn map_range_points_at_key() {
        let v = Value::Map([("i-1".to_owned(), Value::int(101)), ("i-2".to_owned(), Value::int(0))].into());
        let mut d = Diagnostics::new();
        MapValuesInRange(ess_attachment::LOAD_BALANCER_WEIGHT).validate(&v, &AttrPath::attr("w"), &mut d);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].path, Some(AttrPath::attr("w").then_key("i-1")));
    }

    #[test]
    fn required_attributes_sent_as_null_are_reported_on_their_path() {
        use crate::framework::schema::{Attribute, NestedBlock};
        let block = Block::new("").attribute(Attribute::string("needed").required()).attribute(Attribute::string("optional")).block(NestedBlock {
            name: "inner",
            nesting: Nesting::Single,
            block: Block::new("").attribute(Attribute::string("deep").required()),
            min_items: 0,
            max_items: 1,
        });
        let value = Value::Object(
            [("needed".to_owned(), Value::Null), ("optional".to_owned(), Value::Null), ("inner".to_owned(), Value::Object([("deep".to_owned(), Value::Null)].into()))].into(),
        );
        let mut d = Diagnostics::new();
        validate_block(&block, &value, &AttrPath::root(), &mut d);
        let paths: Vec<_> = d.iter().map(|d| d.path.clone()).collect();
        assert_eq!(paths, vec![Some(AttrPath::attr("needed")), Some(AttrPath::attr("inner").then_attr("deep"))]);
        assert!(d.iter().all(|d| d.summary == "Missing required argument"));
        // Unknown is not missing (it is known at apply), and an absent block is not checked.
        let later = Value::Object([("needed".to_owned(), Value::Unknown), ("inner".to_owned(), Value::Null)].into());
        let mut d = Diagnostics::new();
        validate_block(&block, &later, &AttrPath::root(), &mut d);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5m"), Some(std::time::Duration::from_secs(300)));
        assert_eq!(parse_duration("1h30m"), Some(std::time::Duration::from_secs(5400)));
        assert_eq!(parse_duration("1.5s"), Some(std::time::Duration::from_millis(1500)));
        for bad in ["", "5", "m", "5x", "-5m", "5m3"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
