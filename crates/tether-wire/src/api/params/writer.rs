//! [`ParamWriter`]: a typed request flattened into its ordered parameter list.

use std::fmt::Display;

use super::{KeyValue, KeyValues};

/// Builds the ordered parameter list of a request.
#[derive(Debug, Default)]
pub struct ParamWriter {
    out: Vec<(String, String)>,
}

impl ParamWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Always writes `name=value` (used for required parameters).
    pub fn put(&mut self, name: &str, value: &str) -> &mut Self {
        self.out.push((name.to_string(), value.to_string()));
        self
    }

    /// Writes `name=value` unless the value is absent or empty.
    pub fn put_opt(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.put(name, v);
        }
        self
    }

    /// Writes a number or other displayable value when present.
    pub fn put_opt_display<T: Display>(&mut self, name: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.out.push((name.to_string(), v.to_string()));
        }
        self
    }

    /// Writes `true`/`false` when present.
    pub fn put_opt_bool(&mut self, name: &str, value: Option<bool>) -> &mut Self {
        if let Some(v) = value {
            self.put(name, if v { "true" } else { "false" });
        }
        self
    }

    /// Writes `base.1`, `base.2`, … in order.
    pub fn put_repeated<T: Display>(&mut self, base: &str, values: &[T]) -> &mut Self {
        for (i, v) in values.iter().enumerate() {
            self.out.push((format!("{base}.{}", i + 1), v.to_string()));
        }
        self
    }

    /// Writes one comma-separated parameter when the list is not empty.
    pub fn put_comma_list(&mut self, name: &str, values: &[String]) -> &mut Self {
        if !values.is_empty() {
            self.put(name, &values.join(","));
        }
        self
    }

    /// Writes one parameter holding a JSON array of strings (`["a","b"]`) when present;
    /// `Some(vec![])` is written as `[]`.
    pub fn put_json_list(&mut self, name: &str, values: Option<&[String]>) -> &mut Self {
        if let Some(values) = values {
            // A list of strings always serialises.
            let json = serde_json::to_string(values).unwrap_or_else(|_| "[]".to_string());
            self.put(name, &json);
        }
        self
    }

    /// Writes `base.N.Key` and (when present) `base.N.Value`.
    pub fn put_key_value_list(&mut self, base: &str, items: &[KeyValue]) -> &mut Self {
        for (i, kv) in items.iter().enumerate() {
            let n = i + 1;
            self.put(&format!("{base}.{n}.Key"), &kv.key);
            self.put_opt(&format!("{base}.{n}.Value"), kv.value.as_deref());
        }
        self
    }

    /// Writes `base.N.Key` and `base.N.<values_field>.M`.
    pub fn put_key_values_list(
        &mut self,
        base: &str,
        values_field: &str,
        items: &[KeyValues],
    ) -> &mut Self {
        for (i, kv) in items.iter().enumerate() {
            let n = i + 1;
            self.put(&format!("{base}.{n}.Key"), &kv.key);
            self.put_repeated(&format!("{base}.{n}.{values_field}"), &kv.values);
        }
        self
    }

    pub fn finish(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.out)
    }
}
