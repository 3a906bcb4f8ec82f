//! Reading attachments: the instances of a state, which of them the group still holds, and
//! the refreshed state with the instances that left.

use super::*;

/// The instance IDs of a state this resource wrote; an error when there are more than one
/// attachment may hold (a state edited by hand), quoting only the beginning.
pub fn state_ids(state: &Value) -> Result<Vec<String>, Diagnostic> {
    let ids: Vec<String> = known_ids(Attachment::of(state).instance_ids).unwrap_or_default().into_iter().map(str::to_owned).collect();
    if ids.len() > MAX_INSTANCES {
        return Err(Diagnostic::error(
            format!("The state of this attachment lists {} instances; at most {MAX_INSTANCES} are possible", ids.len()),
            format!("The state was not written by tether ({}). Restore it, or remove it with terraform state rm.", quoted_prefix(&ids.join(","))),
        ));
    }
    Ok(ids)
}

/// The listed instances that are attached to `group`, through the client's coalesced reads
/// (concurrent reads of one group share DescribeScalingInstances calls of 20 IDs).
pub async fn attached_in_group(api: &CloudAccess<'_>, group: &str, ids: &[String], ctx: &CallContext) -> Result<Vec<ScalingInstance>, ClientError> {
    let reads = ids.iter().map(|id| api.client.describe_scaling_instance(group, id, ctx));
    let mut found = Vec::new();
    for read in futures::future::join_all(reads).await {
        if let Some(instance) = read? {
            found.push(instance);
        }
    }
    Ok(found)
}

/// One scaling group, through the client's coalesced reads.
pub async fn describe_group(api: &CloudAccess<'_>, group: &str) -> Result<Option<ScalingGroup>, ClientError> {
    api.client.describe_scaling_group(group, &api.reading(READ_TIMEOUT)).await
}

/// What a read found: the fresh state (`None` when nothing is attached any more), and the
/// instances that left, each with what the refresh saw.
pub struct Read {
    pub state: Value,
    pub gone: Vec<(String, String)>,
}

pub const RESOLVE: &str = "To attach it again as configured, resolve this outside Terraform and apply; otherwise remove it from instance_ids.";

pub async fn read_state(api: &CloudAccess<'_>, state: &Value, ids: &[String]) -> Result<Read, ClientError> {
    let held = Attachment::of(state);
    let group = held.scaling_group_id;
    let group_exists = describe_group(api, group).await?.is_some();
    let found = if group_exists { attached_in_group(api, group, ids, &api.reading(READ_TIMEOUT)).await? } else { Vec::new() };
    let gone = ids
        .iter()
        .filter(|id| !found.iter().any(|i| &i.instance_id == *id))
        .map(|id| {
            let seen = if group_exists {
                format!("{id} is no longer attached to scaling group {group}. {RESOLVE}")
            } else {
                format!("Scaling group {group} no longer exists in {}. Remove this resource from the configuration, or point it at an existing group.", api.region)
            };
            (id.clone(), seen)
        })
        .collect();
    // The instances the state lists weights for, and any whose weight is not the default.
    let prior = held.load_balancer_weights.as_entries();
    let weights = Value::Map(
        found
            .iter()
            .filter_map(|i| {
                let listed = prior.is_none_or(|p| p.contains_key(&i.instance_id));
                let weight = i.load_balancer_weight.or_else(|| prior.and_then(|p| p.get(&i.instance_id)).and_then(|v| v.as_number()?.as_i64()))?;
                (listed || weight != default_weight()).then(|| (i.instance_id.clone(), Value::int(weight)))
            })
            .collect(),
    );
    let mut updates = vec![
        (Attachment::ID, Value::from(group)),
        (Attachment::INSTANCE_IDS, Value::Set(found.iter().map(|i| Value::from(i.instance_id.as_str())).collect())),
        (Attachment::LOAD_BALANCER_WEIGHTS, weights),
    ];
    if !found.is_empty() {
        updates.push((Attachment::ENTRUSTED, Value::Bool(found.iter().all(|i| i.entrusted))));
    }
    let fresh = with_attrs(state, &updates);
    Ok(Read { state: fresh, gone })
}
