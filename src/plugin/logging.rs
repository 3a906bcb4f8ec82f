//! Logging as hclog JSON lines on stderr, which Terraform reads and files under the level
//! each line names. The level comes from `TF_LOG_PROVIDER` (else `TF_LOG`), as Terraform's
//! own SDKs do; nothing is written when logging is off. Fields whose names suggest a secret
//! are redacted whatever their value.

use std::io::Write;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

const REDACTED: &str = "[redacted]";

const HCLOG_TIME: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Field names never logged verbatim.
pub fn is_secret_field(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["secret", "token", "signature", "password", "authorization", "credential"].iter().any(|s| n.contains(s))
}

/// The level Terraform asked for, or `None` for off.
pub fn level_from_env() -> Option<Level> {
    let raw = std::env::var("TF_LOG_PROVIDER").ok().filter(|v| !v.is_empty()).or_else(|| std::env::var("TF_LOG").ok())?;
    parse_level(&raw)
}

pub fn parse_level(raw: &str) -> Option<Level> {
    match raw.trim().to_ascii_uppercase().as_str() {
        "TRACE" | "JSON" => Some(Level::TRACE),
        "DEBUG" => Some(Level::DEBUG),
        "INFO" => Some(Level::INFO),
        "WARN" => Some(Level::WARN),
        "ERROR" => Some(Level::ERROR),
        _ => None,
    }
}

/// Installs the hclog layer as the global subscriber (once; later calls do nothing).
pub fn init(level: Option<Level>) {
    let Some(level) = level else { return };
    let subscriber = tracing_subscriber::registry().with(HclogLayer { max_level: level, module: "provider.terraform-provider-tether" });
    let _ = tracing::subscriber::set_global_default(subscriber);
}

pub struct HclogLayer {
    pub max_level: Level,
    pub module: &'static str,
}

impl<S: Subscriber> Layer<S> for HclogLayer {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        metadata.level() <= &self.max_level
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let line = format_line(event, self.module);
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(line.as_bytes());
    }
}

/// One hclog JSON line for an event, newline-terminated.
pub fn format_line(event: &Event<'_>, module: &str) -> String {
    let mut fields = FieldCollector(serde_json::Map::new());
    event.record(&mut fields);
    let mut map = fields.0;
    let message = map.remove("message").unwrap_or(serde_json::Value::String(String::new()));
    let level = match *event.metadata().level() {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    };
    // go-plugin parses `@timestamp` with exactly six fractional digits; anything else makes
    // Terraform log the raw line instead of the entry.
    let timestamp = time::OffsetDateTime::now_utc().format(HCLOG_TIME).unwrap_or_default();
    map.insert("@level".into(), level.into());
    map.insert("@message".into(), message);
    map.insert("@module".into(), module.into());
    map.insert("@timestamp".into(), timestamp.into());
    let mut line = serde_json::Value::Object(map).to_string();
    line.push('\n');
    line
}

struct FieldCollector(serde_json::Map<String, serde_json::Value>);

impl FieldCollector {
    /// Text under a secret-sounding name is redacted; numbers and booleans cannot hold one.
    fn put_text(&mut self, field: &Field, value: String) {
        let value = if is_secret_field(field.name()) { REDACTED.to_owned() } else { value };
        self.0.insert(field.name().to_owned(), value.into());
    }
    fn put(&mut self, field: &Field, value: serde_json::Value) {
        self.0.insert(field.name().to_owned(), value);
    }
}

impl Visit for FieldCollector {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.put_text(field, format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put_text(field, value.to_owned());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    struct Capture(Arc<Mutex<Vec<String>>>);
    impl<S: Subscriber> Layer<S> for Capture {
        fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
            self.0.lock().unwrap().push(format_line(event, "provider.test"));
        }
    }

    #[test]
    fn lines_are_hclog_json_and_secrets_redacted() {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let subscriber = tracing_subscriber::registry().with(Capture(lines.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(access_key_secret = "s3cr3t", security_token = "t0k3n", region = "cn-hangzhou", "configured");
        });
        let lines = lines.lock().unwrap();
        let json: serde_json::Value = serde_json::from_str(lines[0].trim_end()).unwrap();
        assert_eq!(json["@level"], "debug");
        assert_eq!(json["@message"], "configured");
        assert_eq!(json["@module"], "provider.test");
        assert_eq!(json["region"], "cn-hangzhou");
        assert!(!lines[0].contains("s3cr3t") && !lines[0].contains("t0k3n"));
        let ts = json["@timestamp"].as_str().unwrap();
        assert_eq!(ts.len(), "2026-11-23T14:48:05.170107Z".len(), "{ts}");
        assert!(ts.ends_with('Z'));
    }

    #[test]
    fn levels_parse_like_terraform() {
        assert_eq!(parse_level("trace"), Some(Level::TRACE));
        assert_eq!(parse_level("JSON"), Some(Level::TRACE));
        assert_eq!(parse_level("WARN"), Some(Level::WARN));
        assert_eq!(parse_level("off"), None);
        assert_eq!(parse_level(""), None);
    }
}
