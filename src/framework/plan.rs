//! Plan rules and the generic planning step every resource gets: defaults, "known after
//! apply" for computed attributes, state kept for unknowns, and replacement paths.

use super::path::AttrPath;
use super::schema::Block;
use super::value::Value;

/// A plan modifier attached to an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanRule {
    /// A change of this attribute replaces the resource (ForceNew).
    RequiresReplace,
    /// When the resource changes in place, keep the prior value instead of "known after apply".
    UseStateForUnknown,
}

/// The result of the generic planning step.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub state: Value,
    pub requires_replace: Vec<AttrPath>,
}

/// Plans a create or an update from Terraform's proposed new state.
///
/// `prior` is null on create. Only top-level attributes carry defaults and plan rules.
pub fn plan_change(block: &Block, prior: &Value, proposed: &Value, config: &Value) -> Planned {
    let mut state = proposed.clone();
    if let Some(attrs) = state.attrs_mut() {
        for attribute in &block.attributes {
            if let Some(default) = &attribute.default {
                if config.attr(attribute.name).is_null() {
                    attrs.insert(attribute.name.to_owned(), default.clone());
                }
            }
        }
    }
    let changing = prior.is_null() || !state.same_as(prior);
    if let (true, Some(attrs)) = (changing, state.attrs_mut()) {
        for attribute in &block.attributes {
            let unset = config.attr(attribute.name).is_null();
            if !attribute.presence.is_computed() || !unset || attribute.default.is_some() {
                continue;
            }
            let keep = attribute.has_rule(PlanRule::UseStateForUnknown) && !prior.is_null();
            let value = if keep { prior.attr(attribute.name).clone() } else { Value::Unknown };
            attrs.insert(attribute.name.to_owned(), value);
        }
    }
    let requires_replace = if prior.is_null() {
        Vec::new()
    } else {
        replacement_paths(block, prior, &state)
    };
    Planned { state, requires_replace }
}

/// The ForceNew attributes whose planned value differs from the prior state.
pub fn replacement_paths(block: &Block, prior: &Value, planned: &Value) -> Vec<AttrPath> {
    block
        .attributes
        .iter()
        .filter(|a| a.has_rule(PlanRule::RequiresReplace))
        .filter(|a| !prior.attr(a.name).same_as(planned.attr(a.name)))
        .map(|a| AttrPath::attr(a.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::schema::Attribute;
    use std::collections::BTreeMap;

    fn block() -> Block {
        Block::new("")
            .attribute(Attribute::string("id").computed().use_state_for_unknown())
            .attribute(Attribute::string("eip_id").required().force_new())
            .attribute(Attribute::string("status").computed())
            .attribute(Attribute::bool("force").default_value(false))
    }

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Object(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect::<BTreeMap<_, _>>())
    }

    #[test]
    fn create_marks_computed_unknown_and_applies_defaults() {
        let config = obj(&[("id", Value::Null), ("eip_id", "e".into()), ("status", Value::Null), ("force", Value::Null)]);
        let p = plan_change(&block(), &Value::Null, &config, &config);
        assert_eq!(p.state.attr("id"), &Value::Unknown);
        assert_eq!(p.state.attr("status"), &Value::Unknown);
        assert_eq!(p.state.attr("force"), &Value::Bool(false));
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn no_change_keeps_prior() {
        let prior = obj(&[("id", "x".into()), ("eip_id", "e".into()), ("status", "InUse".into()), ("force", false.into())]);
        let config = obj(&[("id", Value::Null), ("eip_id", "e".into()), ("status", Value::Null), ("force", Value::Null)]);
        let p = plan_change(&block(), &prior, &prior, &config);
        assert_eq!(p.state, prior);
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn in_place_change_keeps_state_where_asked_and_replacement_is_reported() {
        let prior = obj(&[("id", "x".into()), ("eip_id", "e".into()), ("status", "InUse".into()), ("force", false.into())]);
        let config = obj(&[("id", Value::Null), ("eip_id", "e".into()), ("status", Value::Null), ("force", true.into())]);
        let proposed = obj(&[("id", "x".into()), ("eip_id", "e".into()), ("status", "InUse".into()), ("force", true.into())]);
        let p = plan_change(&block(), &prior, &proposed, &config);
        assert_eq!(p.state.attr("id"), &Value::from("x"));
        assert_eq!(p.state.attr("status"), &Value::Unknown);
        assert!(p.requires_replace.is_empty());

        let config2 = obj(&[("id", Value::Null), ("eip_id", "f".into()), ("status", Value::Null), ("force", Value::Null)]);
        let proposed2 = obj(&[("id", "x".into()), ("eip_id", "f".into()), ("status", "InUse".into()), ("force", false.into())]);
        let p2 = plan_change(&block(), &prior, &proposed2, &config2);
        assert_eq!(p2.requires_replace, vec![AttrPath::attr("eip_id")]);
    }
}
