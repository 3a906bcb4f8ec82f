//! The codecs of request fields: how one field of a request's field table (see
//! [`wire_request!`](crate::api) in `macros.rs`) travels as query/form parameters (Alibaba,
//! Volcengine: [`ParamCodec`]) or in a Tencent JSON body ([`JsonCodec`]), and when it is
//! left out of the request's JSON form.
//!
//! A codec is a small value naming the encoding and its documented limit, e.g.
//! `Repeated(20)` for `InstanceId.1` … `InstanceId.20` or `PageSize(PAGE)` for a page size
//! within the API's [`PageLimits`]. The field table pairs each field with its wire name and
//! codec, and the macro generates both directions from that one line.

use super::params::{KeyValue, KeyValues, ParamError, ParamReader, ParamWriter};
use super::tencent_json::{Filter, JsonReader};
use super::PageLimits;

/// A field value that can be absent: `None`, an empty list (a `String` never is).
pub(crate) trait Absent {
    fn is_absent(&self) -> bool;
}

impl Absent for String {
    fn is_absent(&self) -> bool {
        false
    }
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// How a field travels as query/form parameters.
pub(crate) trait ParamCodec {
    /// The field's Rust type.
    type Value: Absent;
    /// Appends the field's parameters (nothing when the value is absent, unless required).
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Self::Value);
    /// Reads the field back from received parameters.
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Self::Value, ParamError>;
    /// Whether the field is left out of the request's JSON form.
    fn omitted(&self, value: &Self::Value) -> bool {
        value.is_absent()
    }
}

/// How a field travels in a Tencent JSON request body (written by serde, read strictly).
pub(crate) trait JsonCodec {
    /// The field's Rust type.
    type Value: Absent;
    /// Reads the field from a parsed body.
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Self::Value, ParamError>;
    /// Whether the field is left out of the body.
    fn omitted(&self, value: &Self::Value) -> bool {
        value.is_absent()
    }
}

/// A required string: always written, `MissingParameter` when absent or empty.
pub(crate) struct Required;

impl ParamCodec for Required {
    type Value = String;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &String) {
        out.put(name, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<String, ParamError> {
        params.required(name)
    }
}

impl JsonCodec for Required {
    type Value = String;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<String, ParamError> {
        body.required_str(name)
    }
}

/// An optional string: written when present and not empty.
pub(crate) struct Optional;

impl ParamCodec for Optional {
    type Value = Option<String>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Option<String>) {
        out.put_opt(name, value.as_deref());
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Option<String>, ParamError> {
        params.optional(name)
    }
}

impl JsonCodec for Optional {
    type Value = Option<String>;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Option<String>, ParamError> {
        body.opt_str(name)
    }
}

/// An optional boolean: `true`/`false` (read in any case), a JSON boolean in a body.
pub(crate) struct Flag;

impl ParamCodec for Flag {
    type Value = Option<bool>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Option<bool>) {
        out.put_opt_bool(name, *value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Option<bool>, ParamError> {
        params.optional_bool(name)
    }
}

impl JsonCodec for Flag {
    type Value = Option<bool>;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Option<bool>, ParamError> {
        body.opt_bool(name)
    }
}

/// An optional integer the API accepts whatever its value (it clamps it, e.g. Alibaba ECS
/// `MaxResults`; a Tencent `Offset` or `TaskId`).
pub(crate) struct AnyInteger;

impl ParamCodec for AnyInteger {
    type Value = Option<u32>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Option<u32>) {
        out.put_opt_display(name, *value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Option<u32>, ParamError> {
        params.optional_parsed(name, "an integer")
    }
}

impl JsonCodec for AnyInteger {
    type Value = Option<u64>;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Option<u64>, ParamError> {
        body.opt_u64(name)
    }
}

/// `PageNumber`: an optional integer from 1.
pub(crate) struct PageNumber;

impl ParamCodec for PageNumber {
    type Value = Option<u32>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Option<u32>) {
        out.put_opt_display(name, *value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Option<u32>, ParamError> {
        params.optional_ranged(name, 1, u32::MAX)
    }
}

/// A page size (`PageSize`, `MaxResults`, Tencent `Limit`): an optional integer from 1 to
/// the API's largest page.
pub(crate) struct PageSize(pub PageLimits);

impl ParamCodec for PageSize {
    type Value = Option<u32>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Option<u32>) {
        out.put_opt_display(name, *value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Option<u32>, ParamError> {
        params.optional_ranged(name, 1, self.0.max_size)
    }
}

impl JsonCodec for PageSize {
    type Value = Option<u64>;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Option<u64>, ParamError> {
        body.opt_ranged(name, 1, u64::from(self.0.max_size))
    }
}

/// A list of at most `.0` strings: `Name.1`, `Name.2`, … as parameters, an array of
/// strings in a JSON body.
pub(crate) struct Repeated(pub usize);

impl ParamCodec for Repeated {
    type Value = Vec<String>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Vec<String>) {
        out.put_repeated(name, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Vec<String>, ParamError> {
        params.repeated(name, self.0)
    }
}

impl JsonCodec for Repeated {
    type Value = Vec<String>;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Vec<String>, ParamError> {
        body.str_list(name, self.0)
    }
}

/// Like [`Repeated`], but at least one value is required (`Name.1` is missing otherwise),
/// and the list stays in the JSON form even when empty.
pub(crate) struct RepeatedRequired(pub usize);

impl ParamCodec for RepeatedRequired {
    type Value = Vec<String>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Vec<String>) {
        Repeated(self.0).write(out, name, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Vec<String>, ParamError> {
        let values = Repeated(self.0).read(params, name)?;
        if values.is_empty() {
            return Err(ParamError::Missing {
                name: format!("{name}.1"),
            });
        }
        Ok(values)
    }
    fn omitted(&self, _: &Vec<String>) -> bool {
        false
    }
}

/// `Name.1`, `Name.2`, … of at most `.0` integers.
pub(crate) struct RepeatedIntegers(pub usize);

impl ParamCodec for RepeatedIntegers {
    type Value = Vec<u32>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Vec<u32>) {
        out.put_repeated(name, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Vec<u32>, ParamError> {
        params.repeated_parsed(name, self.0, "an integer")
    }
}

/// At most `.0` strings in one comma-separated parameter.
pub(crate) struct CommaList(pub usize);

impl ParamCodec for CommaList {
    type Value = Vec<String>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Vec<String>) {
        out.put_comma_list(name, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Vec<String>, ParamError> {
        params.comma_list(name, self.0)
    }
}

/// At most `.0` strings in one parameter holding a JSON array (`["a","b"]`); an empty
/// array is kept apart from an absent parameter.
pub(crate) struct JsonArray(pub usize);

impl ParamCodec for JsonArray {
    type Value = Option<Vec<String>>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Option<Vec<String>>) {
        out.put_json_list(name, value.as_deref());
    }
    fn read(
        &self,
        params: &ParamReader<'_>,
        name: &str,
    ) -> Result<Option<Vec<String>>, ParamError> {
        params.json_list(name, self.0)
    }
}

/// At most `.0` pairs `Name.N.Key` / `Name.N.Value`.
pub(crate) struct KeyValueList(pub usize);

impl ParamCodec for KeyValueList {
    type Value = Vec<KeyValue>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Vec<KeyValue>) {
        out.put_key_value_list(name, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Vec<KeyValue>, ParamError> {
        params.key_value_list(name, self.0)
    }
}

/// At most `max` filters `Name.N.Key` with at most `max_values` values
/// `Name.N.<values_field>.M` each.
pub(crate) struct KeyValuesList {
    pub values_field: &'static str,
    pub max: usize,
    pub max_values: usize,
}

impl ParamCodec for KeyValuesList {
    type Value = Vec<KeyValues>;
    fn write(&self, out: &mut ParamWriter, name: &str, value: &Vec<KeyValues>) {
        out.put_key_values_list(name, self.values_field, value);
    }
    fn read(&self, params: &ParamReader<'_>, name: &str) -> Result<Vec<KeyValues>, ParamError> {
        params.key_values_list(name, self.values_field, self.max, self.max_values)
    }
}

/// Tencent `Filters`: `[{"Name", "Values"}]`, each filter of at most `.0` values.
pub(crate) struct Filters(pub usize);

impl JsonCodec for Filters {
    type Value = Vec<Filter>;
    fn read_json(&self, body: &JsonReader, name: &str) -> Result<Vec<Filter>, ParamError> {
        body.filters(name, self.0)
    }
}
