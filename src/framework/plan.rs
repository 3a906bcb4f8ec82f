//! Plan rules and the generic planning step every resource gets: defaults, "known after
//! apply" for computed attributes, state kept for unknowns, and replacement paths.

use super::path::AttrPath;
use super::schema::{Attribute, Block};
use super::value::Value;

/// A plan modifier attached to an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanRule {
    /// A change of this attribute replaces the resource (ForceNew).
    RequiresReplace,
    /// When the resource changes in place, keep the prior value instead of "known after apply".
    UseStateForUnknown,
    /// The attribute only steers later operations of the provider (a delete option, a
    /// timeout): changing it updates the state in place and calls no API.
    NoApiCall,
}

/// What changing a configurable attribute after apply does, as the documentation states it
/// and the day-2 tests expect it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeEffect {
    /// The association is replaced (destroyed, then created again).
    Replace,
    /// The state is updated in place; the cloud sees API calls.
    UpdateInPlace,
    /// The state is updated in place; no API is called.
    UpdateWithoutApiCall,
}

impl ChangeEffect {
    /// How changing `attribute` takes effect.
    pub fn of(attribute: &Attribute) -> ChangeEffect {
        if attribute.has_rule(PlanRule::RequiresReplace) {
            ChangeEffect::Replace
        } else if attribute.has_rule(PlanRule::NoApiCall) {
            ChangeEffect::UpdateWithoutApiCall
        } else {
            ChangeEffect::UpdateInPlace
        }
    }

    /// One sentence for the documentation.
    pub fn sentence(self) -> &'static str {
        match self {
            ChangeEffect::Replace => "Changing it replaces the association.",
            ChangeEffect::UpdateInPlace => "Changing it updates the association in place.",
            ChangeEffect::UpdateWithoutApiCall => "Changing it updates the state in place without any API call.",
        }
    }
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
///
/// On an update, a computed attribute the configuration leaves unset becomes "known after
/// apply" unless it cannot change in place: it keeps its prior value when it has
/// [`PlanRule::UseStateForUnknown`] or [`PlanRule::RequiresReplace`] (an in-place update
/// never changes what only a replacement can), and every computed attribute keeps its prior
/// value when the only changes are to [`PlanRule::NoApiCall`] attributes and nested blocks
/// (nothing in the cloud changes then).
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
    let cloud_untouched = !prior.is_null() && only_local_changes(block, prior, &state);
    if let (true, false, Some(attrs)) = (changing, cloud_untouched, state.attrs_mut()) {
        for attribute in &block.attributes {
            let unset = config.attr(attribute.name).is_null();
            if !attribute.presence.is_computed() || !unset || attribute.default.is_some() {
                continue;
            }
            let stable = attribute.has_rule(PlanRule::UseStateForUnknown) || attribute.has_rule(PlanRule::RequiresReplace);
            let keep = stable && !prior.is_null();
            let value = if keep { prior.attr(attribute.name).clone() } else { Value::Unknown };
            attrs.insert(attribute.name.to_owned(), value);
        }
    }
    let requires_replace = if prior.is_null() { Vec::new() } else { replacement_paths(block, prior, &state) };
    Planned { state, requires_replace }
}

/// True when `planned` differs from `prior` only in [`PlanRule::NoApiCall`] attributes and
/// nested blocks (such as `timeouts`), which steer the provider and touch nothing in the cloud.
pub fn only_local_changes(block: &Block, prior: &Value, planned: &Value) -> bool {
    block.attributes.iter().all(|a| a.has_rule(PlanRule::NoApiCall) || !a.presence.is_configurable() || prior.attr(a.name).same_as(planned.attr(a.name)))
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

    fn steering_block() -> Block {
        Block::new("")
            .attribute(Attribute::string("id").computed().use_state_for_unknown())
            .attribute(Attribute::string("eip_id").required().force_new())
            .attribute(Attribute::string("private_ip").optional_computed().force_new())
            .attribute(Attribute::string("status").computed())
            .attribute(Attribute::bool("force").default_value(false).no_api_call())
    }

    #[test]
    fn steering_change_keeps_every_computed_value_and_replaces_nothing() {
        let prior = obj(&[("id", "x".into()), ("eip_id", "e".into()), ("private_ip", "10.0.0.2".into()), ("status", "InUse".into()), ("force", false.into())]);
        let config = obj(&[("id", Value::Null), ("eip_id", "e".into()), ("private_ip", Value::Null), ("status", Value::Null), ("force", true.into())]);
        let proposed = obj(&[("id", "x".into()), ("eip_id", "e".into()), ("private_ip", "10.0.0.2".into()), ("status", "InUse".into()), ("force", true.into())]);
        let p = plan_change(&steering_block(), &prior, &proposed, &config);
        assert_eq!(p.state.attr("status"), &Value::from("InUse"));
        assert_eq!(p.state.attr("private_ip"), &Value::from("10.0.0.2"));
        assert_eq!(p.state.attr("force"), &Value::Bool(true));
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn computed_replacement_attribute_keeps_prior_on_in_place_update() {
        let block = steering_block().attribute(Attribute::string("weights").optional());
        let prior =
            obj(&[("id", "x".into()), ("eip_id", "e".into()), ("private_ip", "10.0.0.2".into()), ("status", "InUse".into()), ("force", false.into()), ("weights", "a".into())]);
        let config = obj(&[("id", Value::Null), ("eip_id", "e".into()), ("private_ip", Value::Null), ("status", Value::Null), ("force", Value::Null), ("weights", "b".into())]);
        let proposed =
            obj(&[("id", "x".into()), ("eip_id", "e".into()), ("private_ip", "10.0.0.2".into()), ("status", "InUse".into()), ("force", false.into()), ("weights", "b".into())]);
        let p = plan_change(&block, &prior, &proposed, &config);
        assert_eq!(p.state.attr("private_ip"), &Value::from("10.0.0.2"), "a ForceNew value cannot change in place");
        assert_eq!(p.state.attr("status"), &Value::Unknown, "a real change may change the status");
        assert!(p.requires_replace.is_empty());
    }

    #[test]
    fn change_effects_follow_the_rules() {
        let block = steering_block();
        let effect = |name: &str| ChangeEffect::of(block.get_attribute(name).unwrap());
        assert_eq!(effect("eip_id"), ChangeEffect::Replace);
        assert_eq!(effect("force"), ChangeEffect::UpdateWithoutApiCall);
        assert_eq!(ChangeEffect::of(&Attribute::string("w").optional()), ChangeEffect::UpdateInPlace);
    }
}
