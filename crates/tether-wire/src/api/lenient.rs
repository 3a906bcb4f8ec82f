//! Tolerant deserialisation helpers for response fields (owned by the api module).
//!
//! The clouds are loose about JSON types: Alibaba's docs show numbers quoted where the
//! real gateway sends numbers (and the reverse, e.g. `Bandwidth: "5"`), Tencent sends
//! `null` for absent fields and `TaskId` either as a string or as a number, Volcengine
//! may answer `null` for an empty list, and XML-to-JSON conversions turn one-element
//! lists into a bare object. Every response field therefore deserialises through
//! [`lenient`], which accepts all of those spellings; serialisation stays faithful to the
//! type declared on the field (a `String` field is written as a string, a `u64` as a
//! number). The response objects are declared with the api module's `lenient_struct!`,
//! which puts [`lenient`] (or [`nullable`], for nested objects) on every field.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A type that can be built from any reasonable JSON spelling of itself.
pub trait Lenient: Sized {
    /// Converts a JSON value, or explains why it cannot.
    fn from_value(value: Value) -> Result<Self, String>;
}

/// `deserialize_with` target: deserialises any [`Lenient`] type.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    let value = Value::deserialize(deserializer)?;
    T::from_value(value).map_err(D::Error::custom)
}

/// `deserialize_with` target for nested structs: `null` becomes `T::default()`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Lenient for String {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(String::new()),
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("expected a string, found {}", kind(&other))),
        }
    }
}

impl Lenient for bool {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(false),
            Value::Bool(b) => Ok(b),
            Value::Number(n) => match n.as_i64() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                _ => Err(format!("expected a boolean, found the number {n}")),
            },
            Value::String(s) => {
                let t = s.trim();
                if t.eq_ignore_ascii_case("true") || t == "1" {
                    Ok(true)
                } else if t.eq_ignore_ascii_case("false") || t == "0" || t.is_empty() {
                    Ok(false)
                } else {
                    Err(format!("expected a boolean, found the string {s:?}"))
                }
            }
            other => Err(format!("expected a boolean, found {}", kind(&other))),
        }
    }
}

macro_rules! lenient_int {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn from_value(value: Value) -> Result<Self, String> {
                match value {
                    Value::Null => Ok(0),
                    Value::Number(n) => {
                        if let Some(i) = n.as_i64() {
                            <$t>::try_from(i).map_err(|_| format!("number {n} out of range"))
                        } else if let Some(u) = n.as_u64() {
                            <$t>::try_from(u).map_err(|_| format!("number {n} out of range"))
                        } else {
                            match n.as_f64() {
                                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                                    <$t>::try_from(f as i64)
                                        .map_err(|_| format!("number {n} out of range"))
                                }
                                _ => Err(format!("expected an integer, found {n}")),
                            }
                        }
                    }
                    Value::String(s) => {
                        let t = s.trim();
                        if t.is_empty() {
                            Ok(0)
                        } else {
                            t.parse::<$t>()
                                .map_err(|_| format!("expected an integer, found the string {s:?}"))
                        }
                    }
                    other => Err(format!("expected an integer, found {}", kind(&other))),
                }
            }
        }
    )*};
}

lenient_int!(u32, u64, i32, i64);

impl<T: Lenient> Lenient for Option<T> {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// Lists: `null` → empty, an array → its items, any other single value → a one-item
/// list (the shape XML-derived JSON and some doc examples use for a single element).
impl<T: DeserializeOwned> Lenient for Vec<T> {
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .into_iter()
                .map(|item| serde_json::from_value(item).map_err(|e| e.to_string()))
                .collect(),
            Value::String(s) if s.is_empty() => Ok(Vec::new()),
            single => serde_json::from_value(single)
                .map(|item| vec![item])
                .map_err(|e| e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_accept_numbers_and_null() {
        assert_eq!(String::from_value(json!(5)).unwrap(), "5");
        assert_eq!(String::from_value(json!(null)).unwrap(), "");
        assert_eq!(String::from_value(json!("x")).unwrap(), "x");
        assert!(String::from_value(json!([1])).is_err());
    }

    #[test]
    fn integers_accept_strings() {
        assert_eq!(u64::from_value(json!("42")).unwrap(), 42);
        assert_eq!(u64::from_value(json!(42)).unwrap(), 42);
        assert_eq!(i64::from_value(json!(-3)).unwrap(), -3);
        assert_eq!(u32::from_value(json!(7.0)).unwrap(), 7);
        assert!(u32::from_value(json!(-1)).is_err());
        assert!(u64::from_value(json!("4x")).is_err());
        assert!(u64::from_value(json!(1.5)).is_err());
    }

    #[test]
    fn booleans_accept_strings() {
        assert!(bool::from_value(json!("True")).unwrap());
        assert!(!bool::from_value(json!("false")).unwrap());
        assert!(bool::from_value(json!(1)).unwrap());
        assert!(bool::from_value(json!("maybe")).is_err());
    }

    #[test]
    fn lists_accept_single_objects_and_null() {
        let v: Vec<String> = Lenient::from_value(json!("a")).unwrap();
        assert_eq!(v, vec!["a".to_string()]);
        let v: Vec<String> = Lenient::from_value(json!(null)).unwrap();
        assert!(v.is_empty());
        let v: Vec<String> = Lenient::from_value(json!(["a", "b"])).unwrap();
        assert_eq!(v.len(), 2);
    }
}
