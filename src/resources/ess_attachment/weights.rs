//! Load balancer weights: the documented default for instances the configuration leaves
//! out, equivalence of weight maps, and the planned map.

use super::*;

pub fn default_weight() -> i64 {
    rules::LOAD_BALANCER_WEIGHT.default.unwrap_or(50)
}

/// An instance's weight under a weights map: its entry, or the default.
pub fn effective_weight(weights: &Value, id: &str) -> Option<i64> {
    match weights.as_entries() {
        Some(map) => match map.get(id) {
            Some(v) => v.as_number().and_then(|n| n.as_i64()),
            None => Some(default_weight()),
        },
        None if weights.is_null() => Some(default_weight()),
        None => None,
    }
}

/// True when `a` and `b` give every instance of `ids` the same weight.
pub fn same_effective_weights(a: &Value, b: &Value, ids: &[&str]) -> bool {
    ids.iter().all(|id| {
        let (x, y) = (effective_weight(a, id), effective_weight(b, id));
        x.is_some() && x == y
    })
}

/// Plans `load_balancer_weights`: the default weight for every instance when the
/// configuration leaves the map out; else the configured map, or the prior one when it
/// gives every instance the same effective weight (Terraform accepts the prior value as
/// equivalent, and the plan stays empty).
pub fn plan_weights(req: &mut PlanRequest) {
    let Some(ids) = known_ids(req.planned.attr(Attachment::INSTANCE_IDS)) else {
        if req.config.attr(Attachment::LOAD_BALANCER_WEIGHTS).is_null() {
            req.set_planned(Attachment::LOAD_BALANCER_WEIGHTS, Value::Unknown);
        }
        return;
    };
    let config = req.config.attr(Attachment::LOAD_BALANCER_WEIGHTS);
    let prior = req.prior.attr(Attachment::LOAD_BALANCER_WEIGHTS);
    let prior_keys_kept = prior.as_entries().is_some_and(|m| m.keys().all(|k| ids.contains(&k.as_str())));
    let planned = if !req.prior.is_null() && config.is_wholly_known() && prior_keys_kept && same_effective_weights(config, prior, &ids) {
        prior.clone()
    } else if config.is_null() {
        Value::Map(ids.iter().map(|id| ((*id).to_owned(), Value::int(default_weight()))).collect::<BTreeMap<_, _>>())
    } else {
        config.clone()
    };
    req.set_planned(Attachment::LOAD_BALANCER_WEIGHTS, planned);
}

pub fn weights_of(instances: &[ScalingInstance]) -> Value {
    Value::Map(instances.iter().map(|i| (i.instance_id.clone(), Value::int(i.load_balancer_weight.unwrap_or(default_weight())))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, i64)]) -> Value {
        Value::Map(pairs.iter().map(|(k, v)| ((*k).to_owned(), Value::int(*v))).collect())
    }

    #[test]
    fn instances_left_out_have_the_default_weight() {
        let ids = ["i-x", "i-y"];
        assert!(same_effective_weights(&map(&[("i-x", 70)]), &map(&[("i-x", 70), ("i-y", 50)]), &ids));
        assert!(!same_effective_weights(&map(&[("i-x", 70)]), &map(&[("i-x", 70), ("i-y", 60)]), &ids));
        assert!(same_effective_weights(&Value::Null, &map(&[("i-x", 50), ("i-y", 50)]), &ids));
        assert!(!same_effective_weights(&Value::Unknown, &map(&[("i-x", 50)]), &ids));
    }
}
