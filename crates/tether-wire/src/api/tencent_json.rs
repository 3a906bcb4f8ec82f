//! Tencent API 3.0 JSON request bodies: [`JsonReader`], the strict reader the request
//! field tables parse with (unknown parameters and wrong JSON types are errors, as Tencent
//! answers `UnknownParameter` / `InvalidParameter`), the `Filters` element [`Filter`], and
//! the body writer.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::params::ParamError;

/// `Filters`: at most 10 filters per request (every Tencent Describe API tether uses).
pub const FILTERS_MAX: usize = 10;

/// One element of `Filters`: `{"Name": "address-status", "Values": ["BIND"]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Filter {
    pub fn new(
        name: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Filter {
            name: name.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// Reads a Tencent JSON request body strictly: unknown parameters and wrong JSON types are
/// errors, as Tencent answers `UnknownParameter` / `InvalidParameter`.
pub(crate) struct JsonReader {
    obj: Map<String, Value>,
}

fn type_error(name: &str, value: &Value, expected: &str) -> ParamError {
    ParamError::malformed(name, &value.to_string(), format!("expected {expected}"))
}

impl JsonReader {
    pub(crate) fn parse(body: &[u8], known: &[&str]) -> Result<Self, ParamError> {
        let text = if body.iter().all(u8::is_ascii_whitespace) {
            // An empty body is an empty parameter set (the SDKs send `{}`).
            &b"{}"[..]
        } else {
            body
        };
        let value: Value = serde_json::from_slice(text).map_err(|e| ParamError::InvalidBody {
            reason: format!("not valid JSON: {e}"),
        })?;
        let Value::Object(obj) = value else {
            return Err(ParamError::InvalidBody {
                reason: "the body must be a JSON object".into(),
            });
        };
        if let Some(unknown) = obj.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(ParamError::Unknown {
                name: unknown.clone(),
            });
        }
        Ok(JsonReader { obj })
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.obj.get(name).filter(|v| !v.is_null())
    }

    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<String>, ParamError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(type_error(name, other, "a string")),
        }
    }

    pub(crate) fn required_str(&self, name: &str) -> Result<String, ParamError> {
        self.opt_str(name)?.ok_or_else(|| ParamError::Missing {
            name: name.to_string(),
        })
    }

    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, ParamError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(type_error(name, other, "a boolean")),
        }
    }

    pub(crate) fn opt_u64(&self, name: &str) -> Result<Option<u64>, ParamError> {
        match self.get(name) {
            None => Ok(None),
            Some(v @ Value::Number(n)) => n
                .as_u64()
                .map(Some)
                .ok_or_else(|| type_error(name, v, "a non-negative integer")),
            Some(other) => Err(type_error(name, other, "an integer")),
        }
    }

    pub(crate) fn opt_ranged(
        &self,
        name: &str,
        min: u64,
        max: u64,
    ) -> Result<Option<u64>, ParamError> {
        let value = self.opt_u64(name)?;
        if let Some(v) = value {
            if v < min || v > max {
                return Err(ParamError::OutOfRange {
                    name: name.to_string(),
                    value: i64::try_from(v).unwrap_or(i64::MAX),
                    min: i64::try_from(min).unwrap_or(i64::MAX),
                    max: i64::try_from(max).unwrap_or(i64::MAX),
                });
            }
        }
        Ok(value)
    }

    pub(crate) fn str_list(&self, name: &str, max: usize) -> Result<Vec<String>, ParamError> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => string_array(name, items, max),
            Some(other) => Err(type_error(name, other, "an array of strings")),
        }
    }

    /// `[{"Name", "Values"}]`: at most [`FILTERS_MAX`] filters of at most `max_values`
    /// values each.
    pub(crate) fn filters(&self, name: &str, max_values: usize) -> Result<Vec<Filter>, ParamError> {
        let items = match self.get(name) {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(other) => return Err(type_error(name, other, "an array of filters")),
        };
        if items.len() > FILTERS_MAX {
            return Err(ParamError::TooMany {
                name: name.to_string(),
                max: FILTERS_MAX,
                got: items.len(),
            });
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let base = format!("{name}.{i}");
                let Value::Object(f) = item else {
                    return Err(type_error(&base, item, "an object {Name, Values}"));
                };
                if let Some(unknown) = f.keys().find(|k| *k != "Name" && *k != "Values") {
                    return Err(ParamError::Unknown {
                        name: format!("{base}.{unknown}"),
                    });
                }
                let fname = match f.get("Name") {
                    Some(Value::String(s)) => s.clone(),
                    None | Some(Value::Null) => {
                        return Err(ParamError::Missing {
                            name: format!("{base}.Name"),
                        })
                    }
                    Some(other) => {
                        return Err(type_error(&format!("{base}.Name"), other, "a string"))
                    }
                };
                let values_name = format!("{base}.Values");
                let values = match f.get("Values") {
                    Some(Value::Array(vs)) => string_array(&values_name, vs, max_values)?,
                    None | Some(Value::Null) => {
                        return Err(ParamError::Missing { name: values_name })
                    }
                    Some(other) => {
                        return Err(type_error(&values_name, other, "an array of strings"))
                    }
                };
                Ok(Filter {
                    name: fname,
                    values,
                })
            })
            .collect()
    }
}

fn string_array(name: &str, items: &[Value], max: usize) -> Result<Vec<String>, ParamError> {
    if items.len() > max {
        return Err(ParamError::TooMany {
            name: name.to_string(),
            max,
            got: items.len(),
        });
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(type_error(&format!("{name}.{i}"), other, "a string")),
        })
        .collect()
}

pub(crate) fn to_json_string<T: Serialize>(value: &T) -> String {
    // Plain structs of strings, numbers and arrays always serialise.
    serde_json::to_string(value).unwrap_or_else(|_| String::from("{}"))
}
