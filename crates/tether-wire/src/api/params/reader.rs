//! [`ParamReader`]: typed values read back out of a received parameter list, with the
//! index, count and duplicate checks the gateways make.

use std::collections::BTreeMap;
use std::str::FromStr;

use super::{KeyValue, KeyValues, ParamError};

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
