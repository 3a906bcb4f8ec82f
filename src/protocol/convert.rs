//! Conversions between framework types (schemas, diagnostics, paths, values) and tfplugin5
//! messages.

use crate::framework::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::framework::identity::Identity;
use crate::framework::path::{AttrPath, Step};
use crate::framework::schema::{Block, Nesting, Presence, Schema};
use crate::framework::value::{Type, Value};
use crate::proto::tfplugin5 as pb;

use super::codec::{self, CodecError};

pub fn schema(schema: &Schema) -> pb::Schema {
    pb::Schema { version: schema.version, block: Some(block(&schema.block)) }
}

fn block(block: &Block) -> pb::schema::Block {
    pb::schema::Block {
        version: 0,
        attributes: block
            .attributes
            .iter()
            .map(|a| pb::schema::Attribute {
                name: a.name.to_owned(),
                r#type: a.ty.to_json().to_string().into_bytes(),
                description: a.description.clone(),
                required: a.presence == Presence::Required,
                optional: matches!(a.presence, Presence::Optional | Presence::OptionalComputed),
                computed: a.presence.is_computed(),
                sensitive: a.sensitive,
                description_kind: pb::StringKind::Markdown as i32,
                deprecated: false,
                write_only: false,
                deprecation_message: String::new(),
            })
            .collect(),
        block_types: block
            .blocks
            .iter()
            .map(|b| pb::schema::NestedBlock {
                type_name: b.name.to_owned(),
                block: Some(self::block(&b.block)),
                nesting: match b.nesting {
                    Nesting::Single => pb::schema::nested_block::NestingMode::Single,
                    Nesting::List => pb::schema::nested_block::NestingMode::List,
                    Nesting::Set => pb::schema::nested_block::NestingMode::Set,
                } as i32,
                min_items: b.min_items,
                max_items: b.max_items,
            })
            .collect(),
        description: block.description.clone(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecated: false,
        deprecation_message: String::new(),
    }
}

pub fn identity_schema(identity: &Identity) -> pb::ResourceIdentitySchema {
    pb::ResourceIdentitySchema {
        version: identity.version,
        identity_attributes: identity
            .attributes
            .iter()
            .map(|a| pb::resource_identity_schema::IdentityAttribute {
                name: a.name.to_owned(),
                r#type: Type::String.to_json().to_string().into_bytes(),
                required_for_import: a.required_for_import,
                optional_for_import: !a.required_for_import,
                description: a.description.to_owned(),
            })
            .collect(),
    }
}

pub fn path(path: &AttrPath) -> pb::AttributePath {
    use pb::attribute_path::step::Selector;
    pb::AttributePath {
        steps: path
            .0
            .iter()
            .map(|s| pb::attribute_path::Step {
                selector: Some(match s {
                    Step::Attribute(a) => Selector::AttributeName(a.clone()),
                    Step::Key(k) => Selector::ElementKeyString(k.clone()),
                    Step::Index(i) => Selector::ElementKeyInt(*i),
                }),
            })
            .collect(),
    }
}

pub fn diagnostic(d: &Diagnostic) -> pb::Diagnostic {
    pb::Diagnostic {
        severity: match d.severity {
            Severity::Error => pb::diagnostic::Severity::Error,
            Severity::Warning => pb::diagnostic::Severity::Warning,
        } as i32,
        summary: d.summary.clone(),
        detail: d.detail.clone(),
        attribute: d.path.as_ref().filter(|p| !p.is_root()).map(path),
    }
}

pub fn diagnostics(d: &Diagnostics) -> Vec<pb::Diagnostic> {
    d.iter().map(diagnostic).collect()
}

/// Decodes a DynamicValue (msgpack preferred, JSON accepted); an absent value is null.
pub fn decode(value: Option<&pb::DynamicValue>, ty: &Type) -> Result<Value, CodecError> {
    match value {
        None => Ok(Value::Null),
        Some(v) if !v.msgpack.is_empty() => codec::decode_msgpack(&v.msgpack, ty),
        Some(v) if !v.json.is_empty() => codec::decode_json_bytes(&v.json, ty),
        Some(_) => Ok(Value::Null),
    }
}

pub fn encode(value: &Value, ty: &Type) -> Result<pb::DynamicValue, CodecError> {
    Ok(pb::DynamicValue { msgpack: codec::encode_msgpack(value, ty)?, json: Vec::new() })
}

/// The diagnostic for a value Terraform sent that tether could not decode (on the attribute
/// concerned, when known). The message quotes at most a prefix of the input.
pub fn decode_failure(what: &str, err: &CodecError) -> Diagnostic {
    let diagnostic = if err.is_size_limit() {
        Diagnostic::error(
            format!("The {what} is too large"),
            format!("tether refused the {what}: {err}. No attribute of tether holds anywhere near that much; check the value assigned here."),
        )
    } else {
        Diagnostic::error(
            format!("Invalid {what} received from Terraform"),
            format!("tether could not decode the {what}: {err}. This is a bug in tether or an incompatible Terraform version."),
        )
    };
    match err.path() {
        Some(path) => diagnostic.at(path.clone()),
        None => diagnostic,
    }
}
