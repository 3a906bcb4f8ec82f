//! Flattening of typed requests into ordered query/form parameters and back, shared by
//! the Alibaba RPC APIs and the Volcengine GET APIs, plus [`ParamError`], the typed
//! failure of parsing a request (also used for Tencent's JSON bodies).
//!
//! Wire conventions honoured here:
//! - repeated values are `Name.1`, `Name.2`, … (1-based, contiguous); `Name.0`, a gap or an
//!   index above the documented maximum is an error;
//! - filters are `Name.N.Key` with `Name.N.Value` (Alibaba EIP) or `Name.N.Values.M`
//!   (Volcengine `TagFilters`, Alibaba `Filter.N.Value.M` style);
//! - some Alibaba ECS lists are one parameter holding a JSON array of strings
//!   (`InstanceIds=["i-1","i-2"]`); an empty array `[]` is a filter that matches nothing,
//!   so it is kept apart from an absent parameter;
//! - an empty value (`Key=`) counts as absent (the classic Alibaba SDK sends blank
//!   `SignatureType=`; the gateways treat empty action parameters as not given);
//! - booleans are written `true`/`false` and read case-insensitively (the Python SDKs
//!   send `True`);
//! - parameters that the action does not define (common parameters such as `Action`,
//!   `Signature`, `Format`, …) are ignored when parsing.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Cloud;

/// Why a request could not be parsed. Every variant names the offending parameter the way
/// it appears on the wire (`InstanceId.21`, `PageSize`, `Filters.0.Values`, …).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParamError {
    /// A required parameter is absent or empty (for a repeated list, the first missing
    /// index, e.g. `InstanceId.1`, or `InstanceId.2` when `InstanceId.3` is given).
    #[error("missing required parameter {name}")]
    Missing { name: String },
    /// Present but not of the expected type or syntax (non-integer `PageSize`, bad
    /// boolean, bad list index, parameter given twice, …).
    #[error("malformed parameter {name}={value:?}: {reason}")]
    Malformed {
        name: String,
        value: String,
        reason: String,
    },
    /// More repeated items than the API documents (`name` is the pattern, e.g.
    /// `InstanceId.N`; `got` is the count or highest index given).
    #[error("too many values for {name}: {got} given, at most {max} allowed")]
    TooMany {
        name: String,
        max: usize,
        got: usize,
    },
    /// An integer outside the documented range (page sizes, page numbers, limits).
    #[error("parameter {name}={value} out of range {min}..={max}")]
    OutOfRange {
        name: String,
        value: i64,
        min: i64,
        max: i64,
    },
    /// A JSON request body carried a parameter the action does not define (Tencent
    /// rejects those with `UnknownParameter`).
    #[error("unknown parameter {name}")]
    Unknown { name: String },
    /// The request body is not a JSON object (Tencent) or the wrong encoding was used.
    #[error("invalid request body: {reason}")]
    InvalidBody { reason: String },
}

impl ParamError {
    /// The parameter the error is about (`None` for [`ParamError::InvalidBody`]).
    pub fn param_name(&self) -> Option<&str> {
        match self {
            ParamError::Missing { name }
            | ParamError::Malformed { name, .. }
            | ParamError::TooMany { name, .. }
            | ParamError::OutOfRange { name, .. }
            | ParamError::Unknown { name } => Some(name),
            ParamError::InvalidBody { .. } => None,
        }
    }

    /// The generic error code each cloud answers for this kind of request problem.
    ///
    /// Alibaba and Volcengine use `MissingParameter` / `InvalidParameter`; Tencent uses
    /// `MissingParameter`, `InvalidParameter` (type/syntax), `InvalidParameterValue`
    /// (value out of range or too many items) and `UnknownParameter`.
    pub fn error_code(&self, cloud: Cloud) -> &'static str {
        match (self, cloud) {
            (ParamError::Missing { .. }, _) => "MissingParameter",
            (ParamError::Unknown { .. }, Cloud::Tencent) => "UnknownParameter",
            (ParamError::OutOfRange { .. } | ParamError::TooMany { .. }, Cloud::Tencent) => {
                "InvalidParameterValue"
            }
            _ => "InvalidParameter",
        }
    }

    /// The HTTP status each cloud uses for request-parameter errors (Tencent API 3.0
    /// answers every error with 200).
    pub fn http_status(&self, cloud: Cloud) -> u16 {
        match cloud {
            Cloud::Tencent => 200,
            Cloud::Alibaba | Cloud::Volcengine => 400,
        }
    }

    pub(crate) fn malformed(name: &str, value: &str, reason: impl Into<String>) -> Self {
        ParamError::Malformed {
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

/// One `Name.N.Key` / `Name.N.Value` pair (Alibaba `Tag.N`, `Filter.N` of
/// DescribeEipAddresses). `value` is optional on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValue {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl KeyValue {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        KeyValue {
            key: key.into(),
            value: Some(value.into()),
        }
    }
}

/// One `Name.N.Key` / `Name.N.Values.M` filter (Volcengine `TagFilters.N`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValues {
    pub key: String,
    #[serde(default)]
    pub values: Vec<String>,
}

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

/// `(full parameter name, field after the index, value)` of one `base.N.<field>` entry.
type IndexedField<'a> = (&'a str, &'a str, &'a str);

/// Reads typed values out of a received parameter list.
#[derive(Debug, Clone, Copy)]
pub struct ParamReader<'a> {
    params: &'a [(String, String)],
}

fn parse_index(name: &str, raw: &str) -> Result<usize, ParamError> {
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParamError::malformed(
            name,
            raw,
            "list index must be a positive integer",
        ));
    }
    match raw.parse::<usize>() {
        Ok(0) => Err(ParamError::malformed(name, raw, "list indices start at 1")),
        Ok(n) => Ok(n),
        Err(_) => Err(ParamError::malformed(name, raw, "list index too large")),
    }
}

/// Checks `indices` (sorted) run 1..=len with no gap and not above `max`.
fn check_indices<'k>(
    base: &str,
    max: usize,
    indices: impl Iterator<Item = &'k usize>,
) -> Result<(), ParamError> {
    for (expected, &idx) in (1..).zip(indices) {
        if idx > max {
            return Err(ParamError::TooMany {
                name: format!("{base}.N"),
                max,
                got: idx,
            });
        }
        if idx != expected {
            return Err(ParamError::Missing {
                name: format!("{base}.{expected}"),
            });
        }
    }
    Ok(())
}

impl<'a> ParamReader<'a> {
    pub fn new(params: &'a [(String, String)]) -> Self {
        ParamReader { params }
    }

    fn raw(&self, name: &str) -> Result<Option<&'a str>, ParamError> {
        let mut found: Option<&'a str> = None;
        for (k, v) in self.params {
            if k == name {
                if found.is_some() {
                    return Err(ParamError::malformed(name, v, "given more than once"));
                }
                found = Some(v.as_str());
            }
        }
        Ok(found.filter(|v| !v.is_empty()))
    }

    /// A required string parameter.
    pub fn required(&self, name: &str) -> Result<String, ParamError> {
        self.raw(name)?
            .map(str::to_string)
            .ok_or_else(|| ParamError::Missing {
                name: name.to_string(),
            })
    }

    /// An optional string parameter.
    pub fn optional(&self, name: &str) -> Result<Option<String>, ParamError> {
        Ok(self.raw(name)?.map(str::to_string))
    }

    /// An optional parameter parsed with `FromStr`; `expected` describes the type.
    pub fn optional_parsed<T: FromStr>(
        &self,
        name: &str,
        expected: &str,
    ) -> Result<Option<T>, ParamError> {
        match self.raw(name)? {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<T>()
                .map(Some)
                .map_err(|_| ParamError::malformed(name, v, format!("expected {expected}"))),
        }
    }

    /// An optional integer that must lie in `min..=max`.
    pub fn optional_ranged(
        &self,
        name: &str,
        min: u32,
        max: u32,
    ) -> Result<Option<u32>, ParamError> {
        let Some(raw) = self.raw(name)? else {
            return Ok(None);
        };
        let value: i64 = raw
            .trim()
            .parse()
            .map_err(|_| ParamError::malformed(name, raw, "expected an integer"))?;
        if value < i64::from(min) || value > i64::from(max) {
            return Err(ParamError::OutOfRange {
                name: name.to_string(),
                value,
                min: i64::from(min),
                max: i64::from(max),
            });
        }
        // In range of u32 by the check above.
        Ok(u32::try_from(value).ok())
    }

    /// An optional boolean (`true`/`false`, any case).
    pub fn optional_bool(&self, name: &str) -> Result<Option<bool>, ParamError> {
        match self.raw(name)? {
            None => Ok(None),
            Some(v) if v.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(ParamError::malformed(
                name,
                v,
                "expected a boolean (true or false)",
            )),
        }
    }

    /// `base.1` … `base.N` as strings, in index order (N ≤ `max`).
    pub fn repeated(&self, base: &str, max: usize) -> Result<Vec<String>, ParamError> {
        let prefix = format!("{base}.");
        let mut items: BTreeMap<usize, String> = BTreeMap::new();
        for (k, v) in self.params {
            let Some(rest) = k.strip_prefix(&prefix) else {
                continue;
            };
            let idx = parse_index(k, rest)?;
            if items.contains_key(&idx) {
                return Err(ParamError::malformed(k, v, "given more than once"));
            }
            if v.is_empty() {
                return Err(ParamError::Missing { name: k.clone() });
            }
            items.insert(idx, v.clone());
        }
        check_indices(base, max, items.keys())?;
        Ok(items.into_values().collect())
    }

    /// Like [`ParamReader::repeated`], each value parsed with `FromStr`.
    pub fn repeated_parsed<T: FromStr>(
        &self,
        base: &str,
        max: usize,
        expected: &str,
    ) -> Result<Vec<T>, ParamError> {
        let raw = self.repeated(base, max)?;
        raw.iter()
            .enumerate()
            .map(|(i, v)| {
                v.trim().parse::<T>().map_err(|_| {
                    ParamError::malformed(
                        &format!("{base}.{}", i + 1),
                        v,
                        format!("expected {expected}"),
                    )
                })
            })
            .collect()
    }

    /// A comma-separated list in one parameter (at most `max` items).
    pub fn comma_list(&self, name: &str, max: usize) -> Result<Vec<String>, ParamError> {
        let Some(raw) = self.raw(name)? else {
            return Ok(Vec::new());
        };
        let items: Vec<String> = raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if items.len() > max {
            return Err(ParamError::TooMany {
                name: name.to_string(),
                max,
                got: items.len(),
            });
        }
        Ok(items)
    }

    /// A parameter holding a JSON array of strings (at most `max` items); `None` when the
    /// parameter is absent or empty, `Some(vec![])` for `[]`.
    pub fn json_list(&self, name: &str, max: usize) -> Result<Option<Vec<String>>, ParamError> {
        let Some(raw) = self.raw(name)? else {
            return Ok(None);
        };
        let items: Vec<String> = serde_json::from_str(raw)
            .map_err(|_| ParamError::malformed(name, raw, "expected a JSON array of strings"))?;
        if items.len() > max {
            return Err(ParamError::TooMany {
                name: name.to_string(),
                max,
                got: items.len(),
            });
        }
        Ok(Some(items))
    }

    /// Groups `base.N.<field>…` parameters by N (validated 1..=max, contiguous).
    fn grouped(
        &self,
        base: &str,
        max: usize,
    ) -> Result<BTreeMap<usize, Vec<IndexedField<'a>>>, ParamError> {
        let prefix = format!("{base}.");
        let mut groups: BTreeMap<usize, Vec<IndexedField<'a>>> = BTreeMap::new();
        for (k, v) in self.params {
            let Some(rest) = k.strip_prefix(&prefix) else {
                continue;
            };
            let Some((idx_raw, field)) = rest.split_once('.') else {
                return Err(ParamError::malformed(
                    k,
                    v,
                    format!("expected {base}.N.<field>"),
                ));
            };
            let idx = parse_index(k, idx_raw)?;
            groups
                .entry(idx)
                .or_default()
                .push((k.as_str(), field, v.as_str()));
        }
        check_indices(base, max, groups.keys())?;
        Ok(groups)
    }

    /// `base.N.Key` / `base.N.Value` pairs (N ≤ `max`).
    pub fn key_value_list(&self, base: &str, max: usize) -> Result<Vec<KeyValue>, ParamError> {
        let mut out = Vec::new();
        for (n, fields) in self.grouped(base, max)? {
            let mut key: Option<String> = None;
            let mut value: Option<String> = None;
            for (full, field, v) in fields {
                let slot = match field {
                    "Key" => &mut key,
                    "Value" => &mut value,
                    _ => continue,
                };
                if slot.is_some() {
                    return Err(ParamError::malformed(full, v, "given more than once"));
                }
                if !v.is_empty() {
                    *slot = Some(v.to_string());
                }
            }
            let key = key.ok_or_else(|| ParamError::Missing {
                name: format!("{base}.{n}.Key"),
            })?;
            out.push(KeyValue { key, value });
        }
        Ok(out)
    }

    /// `base.N.Key` / `base.N.<values_field>.M` filters (N ≤ `max_n`, M ≤ `max_m`).
    pub fn key_values_list(
        &self,
        base: &str,
        values_field: &str,
        max_n: usize,
        max_m: usize,
    ) -> Result<Vec<KeyValues>, ParamError> {
        let mut out = Vec::new();
        for (n, fields) in self.grouped(base, max_n)? {
            let mut key: Option<String> = None;
            let mut values: BTreeMap<usize, String> = BTreeMap::new();
            let values_prefix = format!("{values_field}.");
            for (full, field, v) in fields {
                if field == "Key" {
                    if key.is_some() {
                        return Err(ParamError::malformed(full, v, "given more than once"));
                    }
                    if !v.is_empty() {
                        key = Some(v.to_string());
                    }
                } else if let Some(m_raw) = field.strip_prefix(&values_prefix) {
                    let m = parse_index(full, m_raw)?;
                    if values.insert(m, v.to_string()).is_some() {
                        return Err(ParamError::malformed(full, v, "given more than once"));
                    }
                }
            }
            check_indices(&format!("{base}.{n}.{values_field}"), max_m, values.keys())?;
            let key = key.ok_or_else(|| ParamError::Missing {
                name: format!("{base}.{n}.Key"),
            })?;
            out.push(KeyValues {
                key,
                values: values.into_values().collect(),
            });
        }
        Ok(out)
    }
}

/// Looks a parameter up by name (first occurrence); handy for routing on `Action`.
pub fn find_param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Converts borrowed pairs into the owned form [`ParamReader`] takes.
pub fn owned_params<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        owned_params(pairs)
    }

    #[test]
    fn repeated_round_trip_in_order() {
        let mut w = ParamWriter::new();
        w.put_repeated("InstanceId", &["i-1", "i-2", "i-3"]);
        let params = w.finish();
        assert_eq!(params[0], ("InstanceId.1".into(), "i-1".into()));
        assert_eq!(params[2], ("InstanceId.3".into(), "i-3".into()));
        // Reading is independent of the order on the wire.
        let mut shuffled = params.clone();
        shuffled.reverse();
        let got = ParamReader::new(&shuffled)
            .repeated("InstanceId", 20)
            .unwrap();
        assert_eq!(got, vec!["i-1", "i-2", "i-3"]);
    }

    #[test]
    fn repeated_rejects_index_zero_gap_and_overflow() {
        let zero = p(&[("InstanceId.0", "i-1")]);
        assert!(matches!(
            ParamReader::new(&zero).repeated("InstanceId", 20),
            Err(ParamError::Malformed { ref name, .. }) if name == "InstanceId.0"
        ));
        let gap = p(&[("InstanceId.1", "a"), ("InstanceId.3", "c")]);
        assert_eq!(
            ParamReader::new(&gap).repeated("InstanceId", 20),
            Err(ParamError::Missing {
                name: "InstanceId.2".into()
            })
        );
        let many: Vec<(String, String)> = (1..=21)
            .map(|i| (format!("InstanceId.{i}"), format!("i-{i}")))
            .collect();
        assert_eq!(
            ParamReader::new(&many).repeated("InstanceId", 20),
            Err(ParamError::TooMany {
                name: "InstanceId.N".into(),
                max: 20,
                got: 21
            })
        );
        let letters = p(&[("InstanceId.x", "a")]);
        assert!(matches!(
            ParamReader::new(&letters).repeated("InstanceId", 20),
            Err(ParamError::Malformed { .. })
        ));
    }

    #[test]
    fn scalar_errors_are_typed() {
        let params = p(&[
            ("PageSize", "ten"),
            ("DryRun", "yes"),
            ("Dup", "a"),
            ("Dup", "b"),
        ]);
        let r = ParamReader::new(&params);
        assert!(matches!(
            r.optional_ranged("PageSize", 1, 100),
            Err(ParamError::Malformed { ref name, .. }) if name == "PageSize"
        ));
        assert!(matches!(
            r.optional_bool("DryRun"),
            Err(ParamError::Malformed { .. })
        ));
        assert!(matches!(
            r.optional("Dup"),
            Err(ParamError::Malformed { .. })
        ));
        assert_eq!(
            r.required("RegionId"),
            Err(ParamError::Missing {
                name: "RegionId".into()
            })
        );
        let big = p(&[("PageSize", "101")]);
        assert_eq!(
            ParamReader::new(&big).optional_ranged("PageSize", 1, 100),
            Err(ParamError::OutOfRange {
                name: "PageSize".into(),
                value: 101,
                min: 1,
                max: 100
            })
        );
    }

    #[test]
    fn empty_values_count_as_absent() {
        let params = p(&[("ClientToken", ""), ("RegionId", "")]);
        let r = ParamReader::new(&params);
        assert_eq!(r.optional("ClientToken").unwrap(), None);
        assert!(matches!(
            r.required("RegionId"),
            Err(ParamError::Missing { .. })
        ));
    }

    #[test]
    fn booleans_case_insensitive() {
        let params = p(&[("Force", "True")]);
        assert_eq!(
            ParamReader::new(&params).optional_bool("Force").unwrap(),
            Some(true)
        );
    }

    #[test]
    fn key_values_round_trip() {
        let filters = vec![
            KeyValues {
                key: "env".into(),
                values: vec!["prod".into(), "dev".into()],
            },
            KeyValues {
                key: "team".into(),
                values: vec![],
            },
        ];
        let mut w = ParamWriter::new();
        w.put_key_values_list("TagFilters", "Values", &filters);
        let params = w.finish();
        assert!(params.contains(&("TagFilters.1.Values.2".into(), "dev".into())));
        let back = ParamReader::new(&params)
            .key_values_list("TagFilters", "Values", 10, 10)
            .unwrap();
        assert_eq!(back, filters);
    }

    #[test]
    fn key_values_missing_key() {
        let params = p(&[("TagFilters.1.Values.1", "v")]);
        assert_eq!(
            ParamReader::new(&params).key_values_list("TagFilters", "Values", 10, 10),
            Err(ParamError::Missing {
                name: "TagFilters.1.Key".into()
            })
        );
    }

    #[test]
    fn json_list_keeps_empty_apart_from_absent() {
        let written = ParamWriter::new()
            .put_json_list("InstanceIds", Some(&["i-1".to_string(), "i-2".to_string()]))
            .put_json_list("Empty", Some(&[]))
            .put_json_list("Absent", None)
            .finish();
        assert_eq!(
            written,
            p(&[("InstanceIds", r#"["i-1","i-2"]"#), ("Empty", "[]")])
        );
        let r = ParamReader::new(&written);
        assert_eq!(
            r.json_list("InstanceIds", 100).unwrap(),
            Some(vec!["i-1".to_string(), "i-2".to_string()])
        );
        assert_eq!(r.json_list("Empty", 100).unwrap(), Some(vec![]));
        assert_eq!(r.json_list("Absent", 100).unwrap(), None);
        let bad = p(&[("InstanceIds", "i-1,i-2")]);
        assert!(matches!(
            ParamReader::new(&bad).json_list("InstanceIds", 100),
            Err(ParamError::Malformed { .. })
        ));
        let many = p(&[("InstanceIds", r#"["a","b","c"]"#)]);
        assert_eq!(
            ParamReader::new(&many).json_list("InstanceIds", 2),
            Err(ParamError::TooMany {
                name: "InstanceIds".into(),
                max: 2,
                got: 3
            })
        );
    }

    #[test]
    fn comma_list_limit() {
        let ids: Vec<String> = (0..51).map(|i| format!("eip-{i}")).collect();
        let params = vec![("AllocationId".to_string(), ids.join(","))];
        assert_eq!(
            ParamReader::new(&params).comma_list("AllocationId", 50),
            Err(ParamError::TooMany {
                name: "AllocationId".into(),
                max: 50,
                got: 51
            })
        );
    }

    #[test]
    fn error_codes_per_cloud() {
        let missing = ParamError::Missing { name: "X".into() };
        assert_eq!(missing.error_code(Cloud::Alibaba), "MissingParameter");
        let unknown = ParamError::Unknown { name: "X".into() };
        assert_eq!(unknown.error_code(Cloud::Tencent), "UnknownParameter");
        let range = ParamError::OutOfRange {
            name: "Limit".into(),
            value: 101,
            min: 1,
            max: 100,
        };
        assert_eq!(range.error_code(Cloud::Tencent), "InvalidParameterValue");
        assert_eq!(range.error_code(Cloud::Volcengine), "InvalidParameter");
        assert_eq!(range.http_status(Cloud::Tencent), 200);
    }
}
