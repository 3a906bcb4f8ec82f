//! Wire encodings of Terraform values: msgpack `DynamicValue`s (decoded and produced) and
//! JSON (`RawState` and the JSON `DynamicValue` fallback), always driven by a schema type.
//!
//! Decoding never panics on arbitrary bytes; every failure is a [`CodecError`].

use std::collections::BTreeMap;

use rmpv::Value as Mp;

use crate::framework::value::{Number, Type, Value};

/// Nesting deeper than this is rejected (tether's schemas are three levels deep).
const MAX_DEPTH: usize = 64;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CodecError {
    #[error("malformed msgpack: {0}")]
    Malformed(String),
    #[error("at {path}: expected {expected}, found {found}")]
    Mismatch { path: String, expected: String, found: String },
    #[error("at {path}: unsupported attribute {name:?}")]
    UnexpectedAttribute { path: String, name: String },
    #[error("{0} trailing bytes after the value")]
    TrailingBytes(usize),
}

fn mismatch(path: &str, expected: &Type, found: impl Into<String>) -> CodecError {
    CodecError::Mismatch { path: display_path(path), expected: expected.to_string(), found: found.into() }
}

fn display_path(path: &str) -> String {
    if path.is_empty() { "(root)".to_owned() } else { path.to_owned() }
}

/// Decodes a msgpack value of type `ty`. Empty input is null.
pub fn decode_msgpack(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    if bytes.is_empty() {
        return Ok(Value::Null);
    }
    let mut reader = bytes;
    let raw = rmpv::decode::read_value_with_max_depth(&mut reader, MAX_DEPTH)
        .map_err(|e| CodecError::Malformed(e.to_string()))?;
    if !reader.is_empty() {
        return Err(CodecError::TrailingBytes(reader.len()));
    }
    from_mp(&raw, ty, "")
}

fn mp_kind(v: &Mp) -> &'static str {
    match v {
        Mp::Nil => "nil",
        Mp::Boolean(_) => "bool",
        Mp::Integer(_) => "integer",
        Mp::F32(_) | Mp::F64(_) => "float",
        Mp::String(_) => "string",
        Mp::Binary(_) => "binary",
        Mp::Array(_) => "array",
        Mp::Map(_) => "map",
        Mp::Ext(..) => "extension",
    }
}

fn from_mp(raw: &Mp, ty: &Type, path: &str) -> Result<Value, CodecError> {
    match raw {
        Mp::Nil => return Ok(Value::Null),
        // Plain unknowns use extension 0, refined unknowns extension 12; any extension is unknown.
        Mp::Ext(..) => return Ok(Value::Unknown),
        _ => {}
    }
    match ty {
        Type::Bool => match raw {
            Mp::Boolean(b) => Ok(Value::Bool(*b)),
            other => Err(mismatch(path, ty, mp_kind(other))),
        },
        Type::String => match raw {
            Mp::String(s) => s
                .as_str()
                .map(|s| Value::String(s.to_owned()))
                .ok_or_else(|| mismatch(path, ty, "invalid UTF-8")),
            other => Err(mismatch(path, ty, mp_kind(other))),
        },
        Type::Number => match raw {
            Mp::Integer(i) => {
                if let Some(v) = i.as_i64() {
                    Ok(Value::Number(Number::Int(v)))
                } else if let Some(v) = i.as_u64() {
                    Ok(Value::Number(Number::UInt(v)))
                } else {
                    Err(mismatch(path, ty, "integer out of range"))
                }
            }
            Mp::F32(f) => Ok(Value::Number(Number::Float(f64::from(*f)))),
            Mp::F64(f) => Ok(Value::Number(Number::Float(*f))),
            Mp::String(s) => {
                let text = s.as_str().ok_or_else(|| mismatch(path, ty, "invalid UTF-8"))?;
                text.parse::<f64>().map_err(|_| mismatch(path, ty, format!("string {text:?}")))?;
                Ok(Value::Number(Number::Decimal(text.to_owned())))
            }
            other => Err(mismatch(path, ty, mp_kind(other))),
        },
        Type::Dynamic => {
            let Mp::Array(pair) = raw else { return Err(mismatch(path, ty, mp_kind(raw))) };
            let [type_json, inner] = pair.as_slice() else {
                return Err(mismatch(path, ty, format!("array of {}", pair.len())));
            };
            let json_bytes: &[u8] = match type_json {
                Mp::Binary(b) => b,
                Mp::String(s) => s.as_bytes(),
                other => return Err(mismatch(path, ty, mp_kind(other))),
            };
            let json: serde_json::Value = serde_json::from_slice(json_bytes)
                .map_err(|e| mismatch(path, ty, format!("type description: {e}")))?;
            let inner_ty = Type::from_json(&json).map_err(|e| mismatch(path, ty, e.to_string()))?;
            if inner_ty == Type::Dynamic {
                return Err(mismatch(path, ty, "a dynamic value typed as dynamic"));
            }
            let inner_value = from_mp(inner, &inner_ty, path)?;
            Ok(Value::Dynamic(inner_ty, Box::new(inner_value)))
        }
        Type::List(elem) | Type::Set(elem) => {
            let Mp::Array(items) = raw else { return Err(mismatch(path, ty, mp_kind(raw))) };
            let values = items
                .iter()
                .enumerate()
                .map(|(i, item)| from_mp(item, elem, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::List(_)) { Value::List(values) } else { Value::Set(values) })
        }
        Type::Tuple(elems) => {
            let Mp::Array(items) = raw else { return Err(mismatch(path, ty, mp_kind(raw))) };
            if items.len() != elems.len() {
                return Err(mismatch(path, ty, format!("array of {}", items.len())));
            }
            let values = items
                .iter()
                .zip(elems)
                .enumerate()
                .map(|(i, (item, t))| from_mp(item, t, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Tuple(values))
        }
        Type::Map(elem) => {
            let Mp::Map(entries) = raw else { return Err(mismatch(path, ty, mp_kind(raw))) };
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                let key = mp_key(k, path)?;
                let value = from_mp(v, elem, &format!("{path}[{key:?}]"))?;
                out.insert(key, value);
            }
            Ok(Value::Map(out))
        }
        Type::Object(attrs) => {
            let Mp::Map(entries) = raw else { return Err(mismatch(path, ty, mp_kind(raw))) };
            let mut out: BTreeMap<String, Value> = attrs.keys().map(|k| (k.clone(), Value::Null)).collect();
            for (k, v) in entries {
                let key = mp_key(k, path)?;
                let Some(attr_ty) = attrs.get(&key) else {
                    return Err(CodecError::UnexpectedAttribute { path: display_path(path), name: key });
                };
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                let value = from_mp(v, attr_ty, &child)?;
                out.insert(key, value);
            }
            Ok(Value::Object(out))
        }
    }
}

fn mp_key(k: &Mp, path: &str) -> Result<String, CodecError> {
    match k {
        Mp::String(s) => s
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| mismatch(path, &Type::String, "invalid UTF-8 key")),
        other => Err(mismatch(path, &Type::String, format!("{} key", mp_kind(other)))),
    }
}

/// Encodes a value of type `ty` as msgpack. Objects always list every attribute.
pub fn encode_msgpack(value: &Value, ty: &Type) -> Result<Vec<u8>, CodecError> {
    let raw = to_mp(value, ty, "")?;
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

fn to_mp(value: &Value, ty: &Type, path: &str) -> Result<Mp, CodecError> {
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
        (Value::List(items), Type::List(elem)) | (Value::Set(items), Type::Set(elem)) => Ok(Mp::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_mp(v, elem, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        (Value::Tuple(items), Type::Tuple(elems)) if items.len() == elems.len() => Ok(Mp::Array(
            items
                .iter()
                .zip(elems)
                .enumerate()
                .map(|(i, (v, t))| to_mp(v, t, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        (Value::Map(entries), Type::Map(elem)) => Ok(Mp::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((Mp::String(k.as_str().into()), to_mp(v, elem, &format!("{path}[{k:?}]"))?)))
                .collect::<Result<_, CodecError>>()?,
        )),
        (Value::Object(entries), Type::Object(attrs)) => {
            if let Some(extra) = entries.keys().find(|k| !attrs.contains_key(*k)) {
                return Err(CodecError::UnexpectedAttribute { path: display_path(path), name: extra.clone() });
            }
            let null = Value::Null;
            Ok(Mp::Map(
                attrs
                    .iter()
                    .map(|(name, attr_ty)| {
                        let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                        let v = entries.get(name).unwrap_or(&null);
                        Ok((Mp::String(name.as_str().into()), to_mp(v, attr_ty, &child)?))
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
    from_json(json, ty, "")
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

fn from_json(json: &serde_json::Value, ty: &Type, path: &str) -> Result<Value, CodecError> {
    use serde_json::Value as J;
    if json.is_null() {
        return Ok(Value::Null);
    }
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
            let inner_ty = o
                .get("type")
                .ok_or_else(|| mismatch(path, ty, "object without \"type\""))
                .and_then(|t| Type::from_json(t).map_err(|e| mismatch(path, ty, e.to_string())))?;
            let inner = from_json(o.get("value").unwrap_or(&J::Null), &inner_ty, path)?;
            Ok(Value::Dynamic(inner_ty, Box::new(inner)))
        }
        (Type::List(elem) | Type::Set(elem), J::Array(items)) => {
            let values = items
                .iter()
                .enumerate()
                .map(|(i, item)| from_json(item, elem, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(ty, Type::List(_)) { Value::List(values) } else { Value::Set(values) })
        }
        (Type::Tuple(elems), J::Array(items)) if items.len() == elems.len() => Ok(Value::Tuple(
            items
                .iter()
                .zip(elems)
                .enumerate()
                .map(|(i, (item, t))| from_json(item, t, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        )),
        (Type::Map(elem), J::Object(entries)) => Ok(Value::Map(
            entries
                .iter()
                .map(|(k, v)| Ok((k.clone(), from_json(v, elem, &format!("{path}[{k:?}]"))?)))
                .collect::<Result<_, CodecError>>()?,
        )),
        (Type::Object(attrs), J::Object(entries)) => Ok(Value::Object(
            attrs
                .iter()
                .map(|(name, attr_ty)| {
                    let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
                    let v = entries.get(name).unwrap_or(&J::Null);
                    Ok((name.clone(), from_json(v, attr_ty, &child)?))
                })
                .collect::<Result<_, CodecError>>()?,
        )),
        (ty, other) => Err(mismatch(path, ty, json_kind(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    fn arb_type() -> impl Strategy<Value = Type> {
        let leaf = prop_oneof![Just(Type::Bool), Just(Type::Number), Just(Type::String), Just(Type::Dynamic)];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(Type::list),
                inner.clone().prop_map(Type::set),
                inner.clone().prop_map(Type::map),
                proptest::collection::btree_map("[a-z]{1,3}", inner, 0..4).prop_map(Type::Object),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Arbitrary bytes never panic the decoder, whatever the schema type.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), ty in arb_type()) {
            let _ = decode_msgpack(&bytes, &ty);
        }

        /// Mutations of a valid encoding never panic and, when they decode, re-encode.
        #[test]
        fn mutated_encodings_never_panic(flip in 0usize..64, byte in any::<u8>()) {
            let ty = object_type();
            let v = Value::Object(BTreeMap::from([
                ("id".to_owned(), Value::from("abc")),
                ("ids".to_owned(), Value::Set(vec!["i-1".into()])),
            ]));
            let mut bytes = encode_msgpack(&v, &ty).unwrap();
            let n = bytes.len();
            bytes[flip % n] = byte;
            if let Ok(decoded) = decode_msgpack(&bytes, &ty) {
                prop_assert!(encode_msgpack(&decoded, &ty).is_ok());
            }
        }

        /// Arbitrary JSON text never panics the state decoder.
        #[test]
        fn arbitrary_json_never_panics(text in "\\PC{0,200}", ty in arb_type()) {
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
                let _ = decode_json(&json, &ty);
            }
        }
    }
}
