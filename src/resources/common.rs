//! Helpers every resource shares: the cloud check, "not allowed on this cloud" rules,
//! computed IDs, and the common computed attributes.

use tether_wire::cloud::Cloud;

use crate::framework::private::{Private, GONE};
use crate::framework::{AttrPath, Attribute, Context, Declaration, Diagnostic, Diagnostics, PlanRequest, Value};
use crate::provider::ProviderConfig;

/// When the live rules of a resource that binds once run (the rule books' `live_when`).
pub const CREATE_OR_REPLACE: &str = "when the plan creates or replaces the resource";
/// Rule scopes: one cloud's.
pub const ALI: &[Cloud] = &[Cloud::Alibaba];
pub const TC: &[Cloud] = &[Cloud::Tencent];

/// The provider's cloud when it is known and supported; an error (on the resource block)
/// naming the supported clouds when it is not supported.
pub fn supported_cloud(ctx: &Context<'_, ProviderConfig>, type_name: &str, supported: &[Cloud], diags: &mut Diagnostics) -> Option<Cloud> {
    let cloud = ctx.provider?.cloud?;
    if supported.contains(&cloud) {
        return Some(cloud);
    }
    let names: Vec<&str> = supported.iter().map(|c| c.name()).collect();
    diags.push(Diagnostic::error(
        format!("{type_name} does not support cloud {cloud:?}", cloud = cloud.name()),
        format!(
            "{type_name} works with cloud {}; this resource's provider block is configured with cloud = {:?}. Use a provider alias for a supported cloud.",
            names.join(" or "),
            cloud.name()
        ),
    ));
    None
}

/// Errors when `attr` is set in the configuration although `cloud` has no such parameter.
pub fn not_allowed(req: &PlanRequest, attr: &str, cloud: Cloud, hint: &str, diags: &mut Diagnostics) {
    if !req.config.attr(attr).is_null() {
        diags.push(
            Diagnostic::error(format!("{attr} is not allowed with cloud {}", cloud.name()), format!("{} has no such parameter for this resource. {hint}", cloud.display_name()))
                .at(AttrPath::attr(attr)),
        );
    }
}

/// Joins known ID parts with `:`; unknown when any part is unknown.
pub fn joined_id(parts: &[&Value]) -> Value {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Value::String(s) => out.push(s.as_str()),
            _ => return Value::Unknown,
        }
    }
    Value::String(out.join(":"))
}

/// `id`: computed, kept across in-place updates.
pub fn id_attribute(format: &str) -> Attribute {
    Attribute::string("id").computed().use_state_for_unknown().describe(format!("The association's ID, `{format}`."))
}

/// Sets a planned attribute to its default when the configuration leaves it null.
pub fn plan_default(req: &mut PlanRequest, attr: &str, default: &str) {
    if req.config.attr(attr).is_null() {
        req.set_planned(attr, Value::from(default));
    }
}

/// The planned state with every unknown filled from `fresh` (known planned values are what
/// Terraform expects back after apply, so they are kept).
pub fn fill_unknowns(planned: &Value, fresh: &[(&str, Value)]) -> Value {
    let mut state = planned.clone();
    if let Some(attrs) = state.attrs_mut() {
        for (name, value) in fresh {
            if attrs.get(*name).is_none_or(Value::is_unknown) {
                attrs.insert((*name).to_owned(), value.clone());
            }
        }
        for value in attrs.values_mut() {
            if value.is_unknown() {
                *value = Value::Null;
            }
        }
    }
    state
}

/// A copy of `state` with some attributes replaced.
pub fn with_attrs(state: &Value, updates: &[(&str, Value)]) -> Value {
    let mut out = state.clone();
    if let Some(attrs) = out.attrs_mut() {
        for (name, value) in updates {
            attrs.insert((*name).to_owned(), value.clone());
        }
    }
    out
}

/// `Some(s)` for a non-empty string, else `None`.
pub fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// A string value, null when empty.
pub fn string_or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::from(s)
    }
}

/// An empty object of a schema's type, for building imported states.
pub fn empty_state(schema: &crate::framework::Schema) -> Value {
    match schema.ty() {
        crate::framework::Type::Object(attrs) => Value::Object(attrs.keys().map(|k| (k.clone(), Value::Null)).collect()),
        _ => Value::Null,
    }
}

/// An import ID that does not have the expected form.
pub fn bad_import_id(type_name: &str, id: &str, forms: &str) -> Diagnostic {
    Diagnostic::error(format!("Invalid import ID {} for {type_name}", quoted_prefix(id)), format!("Expected {forms}."))
}

/// The state an import ID of the form `<first>:<second>` names: `id` and the two attributes
/// set, the rest null; `None`, with an error naming that form, for any other ID.
pub fn two_part_import(declaration: &Declaration, id: &str, [first, second]: [&'static str; 2], diags: &mut Diagnostics) -> Option<Value> {
    let Some((a, b)) = two_part_id(id) else {
        diags.push(bad_import_id(declaration.type_name, id, &format!("<{first}>:<{second}>")));
        return None;
    };
    Some(with_attrs(&empty_state(&declaration.schema), &[("id", id.into()), (first, a.into()), (second, b.into())]))
}

/// An import ID of two non-empty parts joined by one `:`.
fn two_part_id(id: &str) -> Option<(&str, &str)> {
    id.split_once(':').filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains(':'))
}

/// What a read found of an association.
pub enum Observed {
    /// In place: the fresh state.
    Present(Value),
    /// Gone (changed outside Terraform): what is there now, and the attributes to update
    /// from it (such as `status`).
    Gone { seen: String, now: Vec<(&'static str, Value)> },
}

impl Observed {
    /// The fresh state when the association is in place (what an import adopts).
    pub fn present(self) -> Option<Value> {
        match self {
            Observed::Present(fresh) => Some(fresh),
            Observed::Gone { .. } => None,
        }
    }
}

/// A read's state: the fresh state when the association is in place; when it is gone, the
/// state kept (with what is there now) and the drift noted in private state, so that the
/// plan makes it again and, when that cannot work yet, warns instead of failing.
pub fn settle_read(state: &Value, observed: Observed, private: &mut Private) -> Option<Value> {
    match observed {
        Observed::Present(fresh) => {
            private.remove(GONE);
            Some(fresh)
        }
        Observed::Gone { seen, now } => {
            private.set_text(GONE, seen);
            Some(with_attrs(state, &now))
        }
    }
}

/// Plans making a drifted association again (see [`crate::framework::PlanRequest::drifted`]):
/// an in-place update whose `status` is known only after apply.
pub fn plan_recreation(req: &mut PlanRequest) {
    if req.drifted().is_some() && req.requires_replace.is_empty() {
        req.set_planned("status", Value::Unknown);
    }
}

/// The detail of a plan-time refusal of an association that already exists exactly as
/// configured but is not in this workspace's state: tether does not take over what it did
/// not make; importing is the explicit way to.
pub fn not_in_state(import_id: &str) -> String {
    format!(
        "It is not recorded in this workspace's state (it was made outside Terraform, or by an apply whose provider was killed), and tether does not take over what it did not make. Import it: terraform import <this resource's address> {import_id}"
    )
}

/// Longest part of user input quoted back in a message.
const QUOTE_MAX: usize = 80;

/// `input` quoted for a message, cut to its first 80 characters (marked with `…` and the
/// full length) so that a huge input is never echoed whole.
pub fn quoted_prefix(input: &str) -> String {
    let total = input.chars().count();
    if total <= QUOTE_MAX {
        return format!("{input:?}");
    }
    let head: String = input.chars().take(QUOTE_MAX).collect();
    format!("{head:?}… ({total} characters)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_part_import_id_names_both_attributes() {
        use crate::framework::Resource;
        let resource = crate::resources::havip_attachment::HavipAttachment::new();
        let attrs = ["havip_id", "instance_id"];
        let mut diags = Diagnostics::new();
        let state = two_part_import(resource.declaration(), "havip-1:i-1", attrs, &mut diags).expect("a two-part ID");
        assert_eq!((state.attr("id").as_str(), state.attr("havip_id").as_str(), state.attr("instance_id").as_str()), (Some("havip-1:i-1"), Some("havip-1"), Some("i-1")));
        assert!(state.attr("status").is_null());
        assert!(diags.0.is_empty());
        assert!(two_part_import(resource.declaration(), "havip-1:i-1:x", attrs, &mut diags).is_none());
        assert_eq!(diags.0.len(), 1);
        assert!(diags.0[0].detail.contains("<havip_id>:<instance_id>"), "{}", diags.0[0].detail);
    }

    #[test]
    fn long_input_is_quoted_by_its_prefix() {
        assert_eq!(quoted_prefix("asg-1"), "\"asg-1\"");
        let long = "x".repeat(34_000);
        let quoted = quoted_prefix(&long);
        assert!(quoted.len() < 120, "{quoted}");
        assert!(quoted.ends_with("(34000 characters)"));
    }
}
