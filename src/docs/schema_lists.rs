//! The `### Required` / `### Optional` / `### Read-Only` lists of a schema block, with the
//! nested blocks' schemas below.

use crate::framework::plan::ChangeEffect;
use crate::framework::{Attribute, Block, Nesting, Presence, Type, Value};

fn type_label(ty: &Type) -> String {
    match ty {
        Type::Bool => "Boolean".to_owned(),
        Type::Number => "Number".to_owned(),
        Type::String => "String".to_owned(),
        Type::Dynamic => "Dynamic".to_owned(),
        Type::List(e) => format!("List of {}", type_label(e)),
        Type::Set(e) => format!("Set of {}", type_label(e)),
        Type::Map(e) => format!("Map of {}", type_label(e)),
        Type::Object(_) => "Object".to_owned(),
        Type::Tuple(_) => "Tuple".to_owned(),
    }
}

fn value_literal(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(format!("\"{s}\"")),
        _ => None,
    }
}

fn attribute_line(attribute: &Attribute, top: bool) -> String {
    let mut label = type_label(&attribute.ty);
    if attribute.sensitive {
        label.push_str(", Sensitive");
    }
    let mut line = format!("- `{}` ({label})", attribute.name);
    if !attribute.description.is_empty() {
        line.push(' ');
        line.push_str(&attribute.description);
    }
    if let Some(default) = attribute.default.as_ref().and_then(value_literal) {
        if !attribute.description.to_lowercase().contains("default") {
            line.push_str(&format!(" Defaults to `{default}`."));
        }
    }
    if top && attribute.presence.is_configurable() {
        line.push(' ');
        line.push_str(ChangeEffect::of(attribute).sentence());
    }
    line.push('\n');
    line
}

fn nested_anchor(path: &str) -> String {
    format!("nestedblock--{}", path.replace('.', "--"))
}

/// The `### Required` / `### Optional` / `### Read-Only` lists of a block, then the nested
/// blocks' schemas. `path` is empty for the top level.
pub fn schema_lists(block: &Block, path: &str, out: &mut String) {
    let mut attributes: Vec<&Attribute> = block.attributes.iter().collect();
    attributes.sort_by_key(|a| a.name);
    let mut nested: Vec<_> = block.blocks.iter().collect();
    nested.sort_by_key(|b| b.name);
    let top = path.is_empty();
    let heading = |title: &str| {
        if top {
            format!("### {title}\n\n")
        } else {
            format!("{title}:\n\n")
        }
    };
    let groups: [(&str, &dyn Fn(Presence) -> bool); 3] =
        [("Required", &|p| p == Presence::Required), ("Optional", &|p| matches!(p, Presence::Optional | Presence::OptionalComputed)), ("Read-Only", &|p| p == Presence::Computed)];
    for (title, wanted) in groups {
        let mut lines: Vec<String> = attributes.iter().filter(|a| wanted(a.presence)).map(|a| attribute_line(a, top)).collect();
        for b in &nested {
            let required = b.min_items > 0;
            let in_group = match title {
                "Required" => required,
                "Optional" => !required,
                _ => false,
            };
            if in_group {
                let child = if top { b.name.to_owned() } else { format!("{path}.{}", b.name) };
                let kind = match b.nesting {
                    Nesting::Single => "Block",
                    Nesting::List => "Block List",
                    Nesting::Set => "Block Set",
                };
                let mut line = format!("- `{}` ({kind}", b.name);
                if b.max_items > 0 && b.nesting != Nesting::Single {
                    line.push_str(&format!(", Max: {}", b.max_items));
                }
                line.push(')');
                if !b.block.description.is_empty() {
                    line.push(' ');
                    line.push_str(&b.block.description);
                }
                line.push_str(&format!(" (see [below for nested schema](#{}))\n", nested_anchor(&child)));
                lines.push(line);
            }
        }
        if !lines.is_empty() {
            out.push_str(&heading(title));
            for line in lines {
                out.push_str(&line);
            }
            out.push('\n');
        }
    }
    for b in nested {
        let child = if top { b.name.to_owned() } else { format!("{path}.{}", b.name) };
        out.push_str(&format!("<a id=\"{}\"></a>\n### Nested Schema for `{child}`\n\n", nested_anchor(&child)));
        schema_lists(&b.block, &child, out);
    }
}
