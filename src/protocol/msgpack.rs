//! The msgpack decoder for values from Terraform: strict and bounded, driven by the schema
//! type, reading straight from the received bytes.
//!
//! - Only what cty writes is accepted. The byte `0xc1` (reserved in msgpack) is an error,
//!   not null; of the extension types only 0 (an unknown value) and 12 (a refined unknown,
//!   Terraform ≥ 1.6 / OpenTofu) mean unknown, every other one is an error.
//! - Every length is checked against [`super::limits`] before anything is copied or
//!   allocated, so an oversized value costs nothing but its rejection.
//! - Errors name the attribute path and quote at most a prefix of the input.
//!
//! rmpv (used to encode) decodes `0xc1` as nil, accepts any extension and builds the whole
//! tree before a schema could bound it; hence this reader, which takes rmp's markers and
//! does the rest on the byte slice.

use std::collections::BTreeMap;

use rmp::Marker;

use super::codec::CodecError;
use super::limits;
use crate::framework::path::Step;
use crate::framework::value::{Number, Type, Value};
use crate::framework::AttrPath;

/// msgpack extension type of a plain unknown value.
pub const EXT_UNKNOWN: i8 = 0;
/// msgpack extension type of a refined unknown value.
pub const EXT_REFINED_UNKNOWN: i8 = 12;

/// Decodes one value of type `ty` that must fill `bytes` exactly. Reading stops with
/// [`CodecError::TooLarge`] where it would go beyond [`limits::MAX_VALUE_BYTES`], so the
/// error names the attribute that is too large.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, CodecError> {
    let mut reader = Reader { input: bytes, pos: 0, path: AttrPath::root() };
    let value = reader.value(ty, 0)?;
    match bytes.len() - reader.pos {
        0 => Ok(value),
        rest => Err(CodecError::TrailingBytes(rest)),
    }
}

fn kind(marker: Marker) -> &'static str {
    match marker {
        Marker::Null => "nil",
        Marker::True | Marker::False => "bool",
        Marker::FixPos(_) | Marker::FixNeg(_) | Marker::U8 | Marker::U16 | Marker::U32 | Marker::U64 | Marker::I8 | Marker::I16 | Marker::I32 | Marker::I64 => "integer",
        Marker::F32 | Marker::F64 => "float",
        Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => "string",
        Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => "binary",
        Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => "array",
        Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => "map",
        Marker::FixExt1 | Marker::FixExt2 | Marker::FixExt4 | Marker::FixExt8 | Marker::FixExt16 | Marker::Ext8 | Marker::Ext16 | Marker::Ext32 => "extension",
        Marker::Reserved => "reserved byte 0xc1",
    }
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Where the value being read sits (for errors).
    path: AttrPath,
}

impl<'a> Reader<'a> {
    fn truncated(&self) -> CodecError {
        CodecError::Truncated { path: self.path.clone() }
    }

    fn mismatch(&self, expected: &Type, found: impl Into<String>) -> CodecError {
        CodecError::Mismatch { path: self.path.clone(), expected: expected.to_string(), found: found.into() }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let end = self.pos.checked_add(n).filter(|end| *end <= self.input.len()).ok_or_else(|| self.truncated())?;
        if end > limits::MAX_VALUE_BYTES {
            limits::check_value_bytes(self.input.len(), &self.path)?;
        }
        let bytes = &self.input[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(self.array::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, CodecError> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, CodecError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, CodecError> {
        Ok(u64::from_be_bytes(self.array()?))
    }
    fn len32(&mut self) -> Result<usize, CodecError> {
        usize::try_from(self.u32()?).map_err(|_| self.truncated())
    }

    /// The length a string, binary, array or map marker announces (`None` for others).
    fn length(&mut self, marker: Marker) -> Result<Option<usize>, CodecError> {
        Ok(Some(match marker {
            Marker::FixStr(n) | Marker::FixArray(n) | Marker::FixMap(n) => usize::from(n),
            Marker::Str8 | Marker::Bin8 => usize::from(self.u8()?),
            Marker::Str16 | Marker::Bin16 | Marker::Array16 | Marker::Map16 => usize::from(self.u16()?),
            Marker::Str32 | Marker::Bin32 | Marker::Array32 | Marker::Map32 => self.len32()?,
            _ => return Ok(None),
        }))
    }

    /// The bytes of a string or binary of `len` bytes, within the string limit.
    fn text_bytes(&mut self, len: usize) -> Result<&'a [u8], CodecError> {
        let available = &self.input[self.pos..];
        limits::check_string(len, available, &self.path)?;
        self.take(len)
    }

    /// A UTF-8 string of `len` bytes.
    fn string_of(&mut self, len: usize, expected: &Type) -> Result<String, CodecError> {
        let bytes = self.text_bytes(len)?;
        std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| self.mismatch(expected, "invalid UTF-8"))
    }

    /// The count of an array or map, within the item limit and the input left (every item
    /// takes at least one byte).
    fn count(&mut self, len: usize, per_item: usize) -> Result<usize, CodecError> {
        limits::check_items(len, &self.path)?;
        if len.saturating_mul(per_item) > self.input.len() - self.pos {
            return Err(self.truncated());
        }
        Ok(len)
    }

    /// An extension after its marker: unknown for types 0 and 12, an error otherwise.
    fn extension(&mut self, marker: Marker) -> Result<Value, CodecError> {
        let len = match marker {
            Marker::FixExt1 => 1,
            Marker::FixExt2 => 2,
            Marker::FixExt4 => 4,
            Marker::FixExt8 => 8,
            Marker::FixExt16 => 16,
            Marker::Ext8 => usize::from(self.u8()?),
            Marker::Ext16 => usize::from(self.u16()?),
            _ => self.len32()?,
        };
        let ext_type = i8::from_be_bytes(self.array()?);
        self.take(len)?;
        match ext_type {
            EXT_UNKNOWN | EXT_REFINED_UNKNOWN => Ok(Value::Unknown),
            other => Err(CodecError::UnsupportedExtension { path: self.path.clone(), ext_type: other }),
        }
    }

    fn value(&mut self, ty: &Type, depth: usize) -> Result<Value, CodecError> {
        let offset = self.pos;
        let marker = Marker::from_u8(self.u8()?);
        match marker {
            Marker::Null => return Ok(Value::Null),
            Marker::Reserved => return Err(CodecError::ReservedByte { path: self.path.clone(), offset }),
            Marker::FixExt1 | Marker::FixExt2 | Marker::FixExt4 | Marker::FixExt8 | Marker::FixExt16 | Marker::Ext8 | Marker::Ext16 | Marker::Ext32 => {
                return self.extension(marker)
            }
            _ => {}
        }
        match ty {
            Type::Bool => match marker {
                Marker::True => Ok(Value::Bool(true)),
                Marker::False => Ok(Value::Bool(false)),
                other => Err(self.mismatch(ty, kind(other))),
            },
            Type::String => match marker {
                Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
                    let len = self.length(marker)?.unwrap_or(0);
                    Ok(Value::String(self.string_of(len, ty)?))
                }
                other => Err(self.mismatch(ty, kind(other))),
            },
            Type::Number => self.number(marker, ty),
            Type::Dynamic => self.dynamic(marker, depth),
            Type::List(elem) | Type::Set(elem) => {
                let items = self.items(marker, ty, depth, |reader, i, depth| reader.child(Step::Index(i64::try_from(i).unwrap_or(i64::MAX)), elem, depth))?;
                Ok(if matches!(ty, Type::List(_)) { Value::List(items) } else { Value::Set(items) })
            }
            Type::Tuple(elems) => {
                let len = match marker {
                    Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => self.length(marker)?.unwrap_or(0),
                    other => return Err(self.mismatch(ty, kind(other))),
                };
                if len != elems.len() {
                    return Err(self.mismatch(ty, format!("array of {len}")));
                }
                let items = elems.iter().enumerate().map(|(i, t)| self.child(Step::Index(i64::try_from(i).unwrap_or(i64::MAX)), t, depth)).collect::<Result<Vec<_>, _>>()?;
                Ok(Value::Tuple(items))
            }
            Type::Map(elem) => {
                let entries = self.entries(marker, ty, depth, |reader, key, depth| reader.child(Step::Key(key.to_owned()), elem, depth))?;
                Ok(Value::Map(entries))
            }
            Type::Object(attrs) => {
                let mut out: BTreeMap<String, Value> = attrs.keys().map(|k| (k.clone(), Value::Null)).collect();
                let entries = self.entries(marker, ty, depth, |reader, key, depth| match attrs.get(key) {
                    Some(attr_ty) => reader.child(Step::Attribute(key.to_owned()), attr_ty, depth),
                    None => Err(CodecError::UnexpectedAttribute { path: reader.path.clone(), name: crate::framework::quote::quoted(key) }),
                })?;
                out.extend(entries);
                Ok(Value::Object(out))
            }
        }
    }

    /// Decodes a child value one level down, at `step`.
    fn child(&mut self, step: Step, ty: &Type, depth: usize) -> Result<Value, CodecError> {
        self.path.0.push(step);
        let value = self.value(ty, depth);
        self.path.0.pop();
        value
    }

    /// The length an array marker announces; for any other marker, a mismatch with `ty`.
    fn array_len(&mut self, marker: Marker, ty: &Type) -> Result<usize, CodecError> {
        match marker {
            Marker::FixArray(_) | Marker::Array16 | Marker::Array32 => Ok(self.length(marker)?.unwrap_or(0)),
            other => Err(self.mismatch(ty, kind(other))),
        }
    }

    /// The length a map marker announces; for any other marker, a mismatch with `ty`.
    fn map_len(&mut self, marker: Marker, ty: &Type) -> Result<usize, CodecError> {
        match marker {
            Marker::FixMap(_) | Marker::Map16 | Marker::Map32 => Ok(self.length(marker)?.unwrap_or(0)),
            other => Err(self.mismatch(ty, kind(other))),
        }
    }

    /// Entering an array or map of `len` items below `depth`: the item count (see
    /// [`Self::count`]) and the items' depth, both within the limits.
    fn level_down(&mut self, len: usize, per_item: usize, depth: usize) -> Result<(usize, usize), CodecError> {
        let depth = depth + 1;
        limits::check_depth(depth, &self.path)?;
        Ok((self.count(len, per_item)?, depth))
    }

    /// The items of an array, one level down.
    fn items(&mut self, marker: Marker, ty: &Type, depth: usize, mut item: impl FnMut(&mut Self, usize, usize) -> Result<Value, CodecError>) -> Result<Vec<Value>, CodecError> {
        let len = self.array_len(marker, ty)?;
        let (len, depth) = self.level_down(len, 1, depth)?;
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            out.push(item(self, i, depth)?);
        }
        Ok(out)
    }

    /// The entries of a map with string keys, one level down.
    fn entries(
        &mut self,
        marker: Marker,
        ty: &Type,
        depth: usize,
        mut entry: impl FnMut(&mut Self, &str, usize) -> Result<Value, CodecError>,
    ) -> Result<BTreeMap<String, Value>, CodecError> {
        let len = self.map_len(marker, ty)?;
        let (len, depth) = self.level_down(len, 2, depth)?;
        let mut out = BTreeMap::new();
        for _ in 0..len {
            let key_marker = Marker::from_u8(self.u8()?);
            let key = match key_marker {
                Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
                    let key_len = self.length(key_marker)?.unwrap_or(0);
                    self.string_of(key_len, &Type::String)?
                }
                Marker::Reserved => return Err(CodecError::ReservedByte { path: self.path.clone(), offset: self.pos - 1 }),
                other => return Err(self.mismatch(&Type::String, format!("{} key", kind(other)))),
            };
            let value = entry(self, &key, depth)?;
            out.insert(key, value);
        }
        Ok(out)
    }

    fn number(&mut self, marker: Marker, ty: &Type) -> Result<Value, CodecError> {
        let n = match marker {
            Marker::FixPos(v) => Number::Int(i64::from(v)),
            Marker::FixNeg(v) => Number::Int(i64::from(v)),
            Marker::U8 => Number::Int(i64::from(self.u8()?)),
            Marker::U16 => Number::Int(i64::from(self.u16()?)),
            Marker::U32 => Number::Int(i64::from(self.u32()?)),
            Marker::U64 => {
                let v = self.u64()?;
                i64::try_from(v).map_or(Number::UInt(v), Number::Int)
            }
            Marker::I8 => Number::Int(i64::from(i8::from_be_bytes(self.array()?))),
            Marker::I16 => Number::Int(i64::from(i16::from_be_bytes(self.array()?))),
            Marker::I32 => Number::Int(i64::from(i32::from_be_bytes(self.array()?))),
            Marker::I64 => Number::Int(i64::from_be_bytes(self.array()?)),
            Marker::F32 => Number::Float(f64::from(f32::from_be_bytes(self.array()?))),
            Marker::F64 => Number::Float(f64::from_be_bytes(self.array()?)),
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 => {
                let len = self.length(marker)?.unwrap_or(0);
                let text = self.string_of(len, ty)?;
                if text.parse::<f64>().is_err() {
                    return Err(self.mismatch(ty, format!("string {}", crate::framework::quote::quoted(&text))));
                }
                Number::Decimal(text)
            }
            other => return Err(self.mismatch(ty, kind(other))),
        };
        Ok(Value::Number(n))
    }

    /// A `dynamic` value: `[type JSON (bin or str), value]`.
    fn dynamic(&mut self, marker: Marker, depth: usize) -> Result<Value, CodecError> {
        let ty = Type::Dynamic;
        let len = self.array_len(marker, &ty)?;
        if len != 2 {
            return Err(self.mismatch(&ty, format!("array of {len}")));
        }
        let depth = depth + 1;
        limits::check_depth(depth, &self.path)?;
        let type_marker = Marker::from_u8(self.u8()?);
        let json_bytes = match type_marker {
            Marker::FixStr(_) | Marker::Str8 | Marker::Str16 | Marker::Str32 | Marker::Bin8 | Marker::Bin16 | Marker::Bin32 => {
                let len = self.length(type_marker)?.unwrap_or(0);
                self.text_bytes(len)?
            }
            other => return Err(self.mismatch(&ty, kind(other))),
        };
        let json: serde_json::Value = serde_json::from_slice(json_bytes).map_err(|e| self.mismatch(&ty, format!("type description: {e}")))?;
        let inner_ty = Type::from_json(&json).map_err(|e| self.mismatch(&ty, e.to_string()))?;
        if inner_ty == Type::Dynamic {
            return Err(self.mismatch(&ty, "a dynamic value typed as dynamic"));
        }
        let inner = self.value(&inner_ty, depth)?;
        Ok(Value::Dynamic(inner_ty, Box::new(inner)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::limits::{MAX_DEPTH, MAX_ITEMS, MAX_STRING_BYTES, MAX_VALUE_BYTES};

    fn object() -> Type {
        Type::Object(BTreeMap::from([("id".to_owned(), Type::String), ("ids".to_owned(), Type::set(Type::String))]))
    }

    fn str_header(len: usize) -> Vec<u8> {
        let mut out = vec![0xdb];
        out.extend_from_slice(&u32::try_from(len).unwrap().to_be_bytes());
        out
    }

    #[test]
    fn the_reserved_byte_is_an_error_not_null() {
        for ty in [Type::String, Type::Bool, Type::Number, object(), Type::Dynamic] {
            assert!(matches!(decode(&[0xc1], &ty), Err(CodecError::ReservedByte { offset: 0, .. })), "{ty}");
        }
        // Inside an object, on the attribute's path.
        let err = decode(&[0x81, 0xa2, b'i', b'd', 0xc1], &object()).unwrap_err();
        assert_eq!(err.path(), Some(&AttrPath::attr("id")));
        assert!(err.to_string().contains("0xc1"), "{err}");
        // As a map key.
        assert!(matches!(decode(&[0x81, 0xc1, 0xc0], &object()), Err(CodecError::ReservedByte { .. })));
    }

    #[test]
    fn only_extensions_0_and_12_are_unknown() {
        // fixext1 type 0 (Terraform's unknown), ext 12 with a refinement map, ext8 type 0.
        assert_eq!(decode(&[0xd4, 0x00, 0x00], &Type::String), Ok(Value::Unknown));
        assert_eq!(decode(&[0xd5, 0x0c, 0x81, 0x01], &Type::String), Ok(Value::Unknown));
        assert_eq!(decode(&[0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2], &Type::Number), Ok(Value::Unknown));
        assert_eq!(decode(&[0xc7, 0x00, 0x00], &object()), Ok(Value::Unknown));
        for ext_type in [1u8, 5, 11, 13, 0x7f, 0x80, 0xff] {
            let err = decode(&[0xd4, ext_type, 0x00], &Type::String).unwrap_err();
            assert_eq!(err, CodecError::UnsupportedExtension { path: AttrPath::root(), ext_type: i8::from_be_bytes([ext_type]) });
        }
        let err = decode(&[0x81, 0xa3, b'i', b'd', b's', 0x91, 0xd4, 0x01, 0x00], &object()).unwrap_err();
        assert_eq!(err.path(), Some(&AttrPath::attr("ids").then_index(0)));
        // An extension whose payload is cut short.
        assert!(matches!(decode(&[0xc7, 0x05, 0x00, 0x01], &Type::String), Err(CodecError::Truncated { .. })));
    }

    #[test]
    fn oversized_strings_are_refused_before_they_are_read() {
        let mut bytes = str_header(MAX_STRING_BYTES + 1);
        bytes.extend(std::iter::repeat_n(b'x', MAX_STRING_BYTES + 1));
        let err = decode(&bytes, &Type::String).unwrap_err();
        assert!(matches!(err, CodecError::StringTooLong { bytes: n, .. } if n == MAX_STRING_BYTES + 1));
        let text = err.to_string();
        assert!(text.len() < 300, "{text}");
        assert!(text.contains("\"xxxxxxxx"), "{text}");
        // Declared far beyond what was sent: refused on the declaration alone.
        let err = decode(&str_header(50 << 20), &Type::String).unwrap_err();
        assert!(matches!(err, CodecError::StringTooLong { .. }), "{err}");
        // At the limit is fine.
        let mut ok = str_header(MAX_STRING_BYTES);
        ok.extend(std::iter::repeat_n(b'y', MAX_STRING_BYTES));
        assert!(decode(&ok, &Type::String).is_ok());
    }

    #[test]
    fn collections_values_and_nesting_are_bounded() {
        let mut many = vec![0xdd];
        many.extend_from_slice(&u32::try_from(MAX_ITEMS + 1).unwrap().to_be_bytes());
        many.extend(std::iter::repeat_n(0xa1, 1).chain(std::iter::repeat_n(b'a', 1)).cycle().take(2 * (MAX_ITEMS + 1)));
        let err = decode(&many, &Type::set(Type::String)).unwrap_err();
        assert!(matches!(err, CodecError::TooManyItems { count, .. } if count == MAX_ITEMS + 1), "{err}");
        // A count larger than the bytes that follow cannot preallocate.
        let err = decode(&[0xdd, 0x00, 0x00, 0x0f, 0xff], &Type::list(Type::String)).unwrap_err();
        assert!(matches!(err, CodecError::Truncated { .. }), "{err}");
        let err = decode(&[0xdf, 0xff, 0xff, 0xff, 0xff], &Type::map(Type::String)).unwrap_err();
        assert!(matches!(err, CodecError::TooManyItems { .. }), "{err}");
        // 1 MiB of small strings in a list of lists: refused where reading crosses 1 MiB.
        let mut big = vec![0xdc, 0x10, 0x00];
        for _ in 0..0x1000 {
            big.extend([0xdc, 0x10, 0x00]);
            big.extend(std::iter::repeat_n(0xa0, 0x1000));
        }
        let err = decode(&big, &Type::list(Type::list(Type::String))).unwrap_err();
        assert!(matches!(&err, CodecError::TooLarge { limit: MAX_VALUE_BYTES, .. }), "{err}");
        assert!(err.path().is_some_and(|p| p.0.len() == 2), "{err}");
        let mut ty = Type::String;
        for _ in 0..=MAX_DEPTH {
            ty = Type::list(ty);
        }
        let mut deep = vec![0x91; MAX_DEPTH + 1];
        deep.push(0xa0);
        assert!(matches!(decode(&deep, &ty), Err(CodecError::TooDeep { .. })));
    }

    #[test]
    fn messages_quote_a_prefix_only() {
        // A number written as a 60 KB string that is not a number.
        let text = "n".repeat(60_000);
        let mut bytes = str_header(text.len());
        bytes.extend_from_slice(text.as_bytes());
        let err = decode(&bytes, &Type::Number).unwrap_err().to_string();
        assert!(err.len() < 300, "{err}");
        // An unexpected attribute with a 60 KB name, and a map key of 60 KB on the path.
        let mut map = vec![0x81];
        map.extend(str_header(text.len()));
        map.extend_from_slice(text.as_bytes());
        map.push(0xc3);
        let err = decode(&map, &object()).unwrap_err().to_string();
        assert!(err.len() < 300, "{err}");
        let err = decode(&map, &Type::map(Type::String)).unwrap_err().to_string();
        assert!(err.len() < 400, "{err}");
    }
}
