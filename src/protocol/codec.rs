//! Wire encodings of Terraform values: msgpack `DynamicValue`s (decoded by the strict,
//! bounded reader in [`super::msgpack`], produced here) and JSON (`RawState` and the JSON
//! `DynamicValue` fallback), always driven by a schema type.
//!
//! Decoding never panics on arbitrary bytes; every failure is a [`CodecError`] whose message
//! names the attribute path and quotes at most a prefix of the input. Values beyond the
//! bounds of [`super::limits`] are refused before they are copied.

use rmpv::Value as Mp;

use super::limits;
use crate::framework::path::Step;
use crate::framework::quote::{prefix, quoted};
use crate::framework::value::{Number, Type, Value};
use crate::framework::AttrPath;

/// Why a value could not be decoded (or, for [`CodecError::Malformed`] and
/// [`CodecError::Mismatch`], encoded).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodecError {
    #[error("malformed {0}")]
    Malformed(String),
    #[error("the value ends before {} is complete", at(.path))]
    Truncated { path: AttrPath },
    #[error("at {}: byte 0xc1 (offset {offset}) is reserved in msgpack and never valid", at(.path))]
    ReservedByte { path: AttrPath, offset: usize },
    #[error(
        "at {}: msgpack extension type {ext_type} is not a Terraform value (only 0, unknown, and 12, refined unknown, are)",
        at(.path)
    )]
    UnsupportedExtension { path: AttrPath, ext_type: i8 },
    #[error("the value is {bytes} bytes long (beyond the limit at {}); tether accepts at most {limit}", at(.path))]
    TooLarge { path: AttrPath, bytes: usize, limit: usize },
    #[error("at {}: a string of {bytes} bytes (starting {prefix}…); tether accepts at most {limit}", at(.path))]
    StringTooLong { path: AttrPath, bytes: usize, limit: usize, prefix: String },
    #[error("at {}: {count} items; tether accepts at most {limit} in one collection", at(.path))]
    TooManyItems { path: AttrPath, count: usize, limit: usize },
    #[error("at {}: nested deeper than {limit} levels", at(.path))]
    TooDeep { path: AttrPath, limit: usize },
    #[error("at {}: expected {expected}, found {found}", at(.path))]
    Mismatch { path: AttrPath, expected: String, found: String },
    #[error("at {}: unsupported attribute {name}", at(.path))]
    UnexpectedAttribute { path: AttrPath, name: String },
    #[error("{0} trailing bytes after the value")]
    TrailingBytes(usize),
}

impl CodecError {
    /// The attribute the error is about, when it is about one.
    pub fn path(&self) -> Option<&AttrPath> {
        match self {
            CodecError::Truncated { path }
            | CodecError::ReservedByte { path, .. }
            | CodecError::UnsupportedExtension { path, .. }
            | CodecError::TooLarge { path, .. }
            | CodecError::StringTooLong { path, .. }
            | CodecError::TooManyItems { path, .. }
            | CodecError::TooDeep { path, .. }
            | CodecError::Mismatch { path, .. }
            | CodecError::UnexpectedAttribute { path, .. } => Some(path).filter(|p| !p.is_root()),
            CodecError::Malformed(_) | CodecError::TrailingBytes(_) => None,
        }
    }

    /// Whether the value was refused for its size rather than for its form.
    pub fn is_size_limit(&self) -> bool {
        matches!(self, CodecError::TooLarge { .. } | CodecError::StringTooLong { .. } | CodecError::TooManyItems { .. } | CodecError::TooDeep { .. })
    }
}

/// A path as error messages show it.
fn at(path: &AttrPath) -> String {
    if path.is_root() {
        "(root)".to_owned()
    } else {
        prefix(&path.to_string())
    }
}

fn mismatch(path: &AttrPath, expected: &Type, found: impl Into<String>) -> CodecError {
    CodecError::Mismatch { path: path.clone(), expected: prefix(&expected.to_string()), found: found.into() }
}

/// Decodes a msgpack value of type `ty` (see [`super::msgpack`]). Empty input is null.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    if bytes.is_empty() {
        return Ok(Value::Null);
    }
    super::msgpack::decode(bytes, ty)
}

/// Decodes JSON text (RawState or a JSON DynamicValue) of type `ty`, within the bounds.
pub fn decode_json_bytes(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    limits::check_value_bytes(bytes.len(), &AttrPath::root())?;
    let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| CodecError::Malformed(format!("JSON: {e}")))?;
    decode_json(&json, ty)
}

/// Encodes a value of type `ty` as msgpack. Objects always list every attribute.
pub fn encode_msgpack(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let raw = to_mp(value, ty, &AttrPath::root())?;
    let mut out = Vec::with_capacity(256);
    rmpv::encode::write_value(&mut out, &raw).map_err(|e| CodecError::Malformed(e.to_string()))?;
    Ok(out)
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Unknown => "unknown",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "list",
        Value::Set(_) => "set",
        Value::Map(_) => "map",
        Value::Object(_) => "object",
        Value::Tuple(_) => "tuple",
        Value::Dynamic(..) => "dynamic",
    }
}

/// A number as the shortest decimal text that reads back as the same value.
fn decimal_text(n: &Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::UInt(u) => u.to_string(),
        Number::Float(f) => f.to_string(),
        Number::Decimal(s) => s.clone(),
    }
}

fn to_mp(value: &Value, ty: &Type, path: &AttrPath) -> Result<Mp, CodecError> {
    match (value, ty) {
        (Value::Null, _) => Ok(Mp::Nil),
        (Value::Unknown, _) => Ok(Mp::Ext(0, vec![0])),
        (Value::Bool(b), Type::Bool) => Ok(Mp::Boolean(*b)),
        (Value::String(s), Type::String) => Ok(Mp::String(s.as_str().into())),
        // Numbers go out as decimal text, which cty parses exactly as it parses numbers from
        // the state file. Sent as msgpack integers they would decode to a number of another
        // internal precision, and Terraform, comparing the refreshed state with the stored
        // one structurally, would report a change after every refresh (`plan -refresh-only
        // -detailed-exitcode` exiting 2 with nothing to show).
        (Value::Number(n), Type::Number) => Ok(Mp::String(decimal_text(n).into())),
        (Value::Dynamic(inner_ty, inner), Type::Dynamic) => {
            let type_json = inner_ty.to_json().to_string().into_bytes();
            Ok(Mp::Array(vec![Mp::Binary(type_json), to_mp(inner, inner_ty, path)?]))
        }
        (Value::List(items), Type::List(elem)) | (Value::Set(items), Type::Set(elem)) => {
            Ok(Mp::Array(items.iter().enumerate().map(|(i, v)| to_mp(v, elem, &path.clone().then_index(i64::try_from(i).unwrap_or(i64::MAX)))).collect::<Result<_, _>>()?))
        }
        (Value::Tuple(items), Type::Tuple(elems)) if items.len() == elems.len() => Ok(Mp::Array(
            items.iter().zip(elems).enumerate().map(|(i, (v, t))| to_mp(v, t, &path.clone().then_index(i64::try_from(i).unwrap_or(i64::MAX)))).collect::<Result<_, _>>()?,
        )),
        (Value::Map(entries), Type::Map(elem)) => {
            Ok(Mp::Map(entries.iter().map(|(k, v)| Ok((Mp::String(k.as_str().into()), to_mp(v, elem, &path.clone().then_key(k))?))).collect::<Result<_, CodecError>>()?))
        }
        (Value::Object(entries), Type::Object(attrs)) => {
            if let Some(extra) = entries.keys().find(|k| !attrs.contains_key(*k)) {
                return Err(CodecError::UnexpectedAttribute { path: path.clone(), name: quoted(extra) });
            }
            let null = Value::Null;
            Ok(Mp::Map(
                attrs
                    .iter()
                    .map(|(name, attr_ty)| {
                        let v = entries.get(name).unwrap_or(&null);
                        Ok((Mp::String(name.as_str().into()), to_mp(v, attr_ty, &path.clone().then_attr(name))?))
                    })
                    .collect::<Result<_, CodecError>>()?,
            ))
        }
        (other, ty) => Err(mismatch(path, ty, value_kind(other))),
    }
}

/// Decodes JSON (RawState or a JSON DynamicValue) as type `ty`. Attributes missing from an
/// object are null; attributes the schema no longer has are left out, as Terraform does
/// for state written by an older schema of the same version.
pub fn decode_json(json: &serde_json::Value, ty: &Type) -> Result<Value, CodecError> {
    from_json(json, ty, &mut AttrPath::root(), 0)
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value as J;
    match v {
        J::Null => "null",
        J::Bool(_) => "bool",
        J::Number(_) => "number",
        J::String(_) => "string",
        J::Array(_) => "array",
        J::Object(_) => "object",
    }
}

/// Decodes `json` one level down, at `step`.
fn json_child(json: &serde_json::Value, ty: &Type, path: &mut AttrPath, step: Step, depth: usize) -> Result<Value, CodecError> {
    path.0.push(step);
    let value = from_json(json, ty, path, depth);
    path.0.pop();
    value
}

fn json_index(i: usize) -> Step {
    Step::Index(i64::try_from(i).unwrap_or(i64::MAX))
}

fn from_json(json: &serde_json::Value, ty: &Type, path: &mut AttrPath, depth: usize) -> Result<Value, CodecError> {
    use serde_json::Value as J;
    match json {
        J::Null => return Ok(Value::Null),
        J::String(s) => limits::check_string(s.len(), s.as_bytes(), path)?,
        J::Array(items) => {
            limits::check_items(items.len(), path)?;
            limits::check_depth(depth + 1, path)?;
        }
        J::Object(entries) => {
            limits::check_items(entries.len(), path)?;
            limits::check_depth(depth + 1, path)?;
        }
        J::Bool(_) | J::Number(_) => {}
    }
    let depth = depth + 1;
    match (ty, json) {
        (Type::Bool, J::Bool(b)) => Ok(Value::Bool(*b)),
        (Type::String, J::String(s)) => Ok(Value::String(s.clone())),
        (Type::Number, J::Number(n)) => Ok(Value::Number(if let Some(i) = n.as_i64() {
            Number::Int(i)
        } else if let Some(u) = n.as_u64() {
            Number::UInt(u)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        })),
        (Type::Number, J::String(s)) if s.parse::<f64>().is_ok() => Ok(Value::Number(Number::Decimal(s.clone()))),
        (Type::Dynamic, J::Object(o)) => {
            let inner_ty =
                o.get("type").ok_or_else(|| mismatch(path, ty, "object without \"type\"")).and_then(|t| Type::from_json(t).map_err(|e| mismatch(path, ty, e.to_string())))?;
            let inner = from_json(o.get("value").unwrap_or(&J::Null), &inner_ty, path, depth)?;
            Ok(Value::Dynamic(inner_ty, Box::new(inner)))
        }
        (Type::List(elem) | Type::Set(elem), J::Array(items)) => {
            let values = items.iter().enumerate().map(|(i, item)| json_child(item, elem, path, json_index(i), depth)).collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::List(_)) { Value::List(values) } else { Value::Set(values) })
        }
        (Type::Tuple(elems), J::Array(items)) if items.len() == elems.len() => {
            Ok(Value::Tuple(items.iter().zip(elems).enumerate().map(|(i, (item, t))| json_child(item, t, path, json_index(i), depth)).collect::<Result<_, _>>()?))
        }
        (Type::Map(elem), J::Object(entries)) => Ok(Value::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    limits::check_string(k.len(), k.as_bytes(), path)?;
                    Ok((k.clone(), json_child(v, elem, path, Step::Key(k.clone()), depth)?))
                })
                .collect::<Result<_, CodecError>>()?,
        )),
        (Type::Object(attrs), J::Object(entries)) => Ok(Value::Object(
            attrs
                .iter()
                .map(|(name, attr_ty)| {
                    let v = entries.get(name).unwrap_or(&J::Null);
                    Ok((name.clone(), json_child(v, attr_ty, path, Step::Attribute(name.clone()), depth)?))
                })
                .collect::<Result<_, CodecError>>()?,
        )),
        (Type::Number, J::String(s)) => Err(mismatch(path, ty, format!("string {}", quoted(s)))),
        (ty, other) => Err(mismatch(path, ty, json_kind(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn object_type() -> Type {
        Type::Object(BTreeMap::from([
            ("id".to_owned(), Type::String),
            ("ids".to_owned(), Type::set(Type::String)),
            ("weights".to_owned(), Type::map(Type::Number)),
            ("force".to_owned(), Type::Bool),
            ("timeouts".to_owned(), Type::Object(BTreeMap::from([("create".to_owned(), Type::String)]))),
        ]))
    }

    #[test]
    fn numbers_are_sent_as_decimal_text_and_read_back_equal() {
        for n in [Number::Int(50), Number::Int(-7), Number::UInt(u64::MAX), Number::Float(2.5), Number::Decimal("1e3".into())] {
            let bytes = encode_msgpack(&Value::Number(n.clone()), &Type::Number).unwrap();
            let mp = rmpv::decode::read_value(&mut bytes.as_slice()).unwrap();
            assert!(mp.is_str(), "{n:?} is sent as text, not {mp:?}");
            assert_eq!(decode_msgpack(&bytes, &Type::Number).unwrap(), Value::Number(n));
        }
        let text = |n: Number| rmpv::decode::read_value(&mut encode_msgpack(&Value::Number(n), &Type::Number).unwrap().as_slice()).unwrap();
        assert_eq!(text(Number::Int(50)).as_str(), Some("50"));
        assert_eq!(text(Number::Float(0.1)).as_str(), Some("0.1"));
    }

    #[test]
    fn round_trips_and_fills_missing_attributes() {
        let ty = object_type();
        let v = Value::Object(BTreeMap::from([
            ("id".to_owned(), Value::from("a:b")),
            ("ids".to_owned(), Value::Set(vec!["i-1".into(), Value::Unknown])),
            ("weights".to_owned(), Value::Map(BTreeMap::from([("i-1".to_owned(), Value::int(-3))]))),
        ]));
        let bytes = encode_msgpack(&v, &ty).unwrap();
        let back = decode_msgpack(&bytes, &ty).unwrap();
        assert_eq!(back.attr("id"), &Value::from("a:b"));
        assert_eq!(back.attr("force"), &Value::Null);
        assert_eq!(back.attr("timeouts"), &Value::Null);
        assert_eq!(back.attr("ids"), &Value::Set(vec!["i-1".into(), Value::Unknown]));
        assert_eq!(back.as_entries().unwrap().len(), 5);
    }

    #[test]
    fn unknown_extensions_and_refinements_are_unknown() {
        // fixext1 type 0 (plain unknown) and ext 12 with a refinement payload.
        assert_eq!(decode_msgpack(&[0xd4, 0x00, 0x00], &Type::String).unwrap(), Value::Unknown);
        assert_eq!(decode_msgpack(&[0xd5, 0x0c, 0x81, 0x01], &Type::String).unwrap(), Value::Unknown);
        assert_eq!(encode_msgpack(&Value::Unknown, &Type::String).unwrap(), vec![0xd4, 0x00, 0x00]);
    }

    #[test]
    fn numbers_in_every_form() {
        assert_eq!(decode_msgpack(&[0x05], &Type::Number).unwrap(), Value::int(5));
        assert_eq!(decode_msgpack(&[0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], &Type::Number).unwrap(), Value::Number(Number::UInt(u64::MAX)));
        let mut f = vec![0xcb];
        f.extend_from_slice(&2.5f64.to_be_bytes());
        assert_eq!(decode_msgpack(&f, &Type::Number).unwrap(), Value::Number(Number::Float(2.5)));
        let mut s = vec![0xa3];
        s.extend_from_slice(b"1e3");
        assert_eq!(decode_msgpack(&s, &Type::Number).unwrap(), Value::Number(Number::Decimal("1e3".into())));
        let mut bad = vec![0xa3];
        bad.extend_from_slice(b"abc");
        assert!(decode_msgpack(&bad, &Type::Number).is_err());
    }

    #[test]
    fn dynamic_values_carry_their_type() {
        let v = Value::Dynamic(Type::list(Type::String), Box::new(Value::List(vec!["x".into()])));
        let bytes = encode_msgpack(&v, &Type::Dynamic).unwrap();
        assert_eq!(decode_msgpack(&bytes, &Type::Dynamic).unwrap(), v);
    }

    #[test]
    fn rejects_unexpected_attributes_and_wrong_types() {
        let ty = object_type();
        let mut m = Vec::new();
        rmpv::encode::write_value(&mut m, &Mp::Map(vec![(Mp::from("nope"), Mp::Nil)])).unwrap();
        assert!(matches!(decode_msgpack(&m, &ty), Err(CodecError::UnexpectedAttribute { .. })));
        assert!(matches!(decode_msgpack(&[0xc3], &Type::String), Err(CodecError::Mismatch { .. })));
        assert!(matches!(decode_msgpack(&[0x01, 0x02], &Type::Number), Err(CodecError::TrailingBytes(1))));
    }

    #[test]
    fn json_state_decodes_with_schema() {
        let json = serde_json::json!({"id": "a", "ids": ["x"], "weights": {"x": 7}, "force": true, "removed": 1});
        let v = decode_json(&json, &object_type()).unwrap();
        assert_eq!(v.attr("weights").as_entries().unwrap()["x"], Value::int(7));
        assert_eq!(v.attr("timeouts"), &Value::Null);
        assert!(decode_json(&serde_json::json!({"id": 5}), &object_type()).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Arbitrary JSON text never panics the state decoder.
        #[test]
        fn arbitrary_json_never_panics(text in "\\PC{0,200}", ty in crate::protocol::fuzz::arb_type()) {
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
                let _ = decode_json(&json, &ty);
            }
        }
    }
}
