//! `tether_ess_attachment`: existing ECS instances attached to an Alibaba Cloud auto scaling
//! group (AttachInstances / DetachInstances). Instance changes attach and detach the
//! difference in place; several attachments may share one group with disjoint instances.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::ess_attachment as rules;

use tether_client::{ActivityOutcome, ClientError};
use tether_wire::api::alibaba_ess::{
    AttachInstancesRequest, DescribeScalingInstancesRequest, DetachInstancesRequest, ScalingGroup, ScalingInstance,
};
use tether_wire::api::Paginated;
use tether_wire::constraints::alibaba_ess;

use super::cloud::{connect, failure, for_live_checks, has_code, read_outcome, CloudAccess, POLL_INTERVAL};
use super::common::{bad_import_id, empty_state, supported_cloud, text, with_attrs};
use crate::framework::timeouts;
use crate::framework::validators::{MapValuesInRange, SizeBetween};
use crate::framework::{AttrPath, Attribute, Block, Context, Diagnostic, Diagnostics, PlanRequest, Resource, Schema, Type, Value};
use crate::provider::ProviderConfig;

pub const TYPE_NAME: &str = "tether_ess_attachment";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba];
const CREATE_TIMEOUT: Duration = Duration::from_secs(600);
const DELETE_TIMEOUT: Duration = Duration::from_secs(600);
const READ_TIMEOUT: Duration = Duration::from_secs(120);
/// Instances that DescribeScalingInstances accepts per call.
const IDS_PER_DESCRIBE: usize = 20;

pub struct EssAttachment {
    schema: Schema,
}

impl EssAttachment {
    pub fn new() -> Self {
        EssAttachment { schema: schema() }
    }
}

impl Default for EssAttachment {
    fn default() -> Self {
        Self::new()
    }
}

fn schema() -> Schema {
    let weight = rules::LOAD_BALANCER_WEIGHT;
    Schema::new(
        0,
        Block::new("Attaches existing ECS instances to an Alibaba Cloud auto scaling group. Changing `instance_ids` attaches and detaches the difference in place; detached instances keep running.")
            .attribute(Attribute::string("id").computed().use_state_for_unknown().describe("The scaling group ID."))
            .attribute(Attribute::string("scaling_group_id").required().force_new().describe("The scaling group."))
            .attribute(
                Attribute::new("instance_ids", Type::set(Type::String))
                    .required()
                    .validate(SizeBetween(rules::INSTANCES_PER_CALL))
                    .describe(format!("The ECS instances to attach ({} to {}). Updated in place.", rules::INSTANCES_PER_CALL.min, rules::INSTANCES_PER_CALL.max)),
            )
            .attribute(
                Attribute::new("load_balancer_weights", Type::map(Type::Number))
                    .optional_computed()
                    .validate(MapValuesInRange(weight))
                    .describe(format!(
                        "Load balancer weight per instance ID ({} to {}); instances left out get {}. Keys must be in `instance_ids`. Updated in place.",
                        weight.min,
                        weight.max,
                        weight.default.unwrap_or(50)
                    )),
            )
            .attribute(Attribute::bool("entrusted").default_value(false).force_new().describe("Let the group manage the instances' lifecycle (default false)."))
            .attribute(Attribute::bool("lifecycle_hook").default_value(false).force_new().describe("Trigger the group's lifecycle hooks on attach (default false)."))
            .attribute(Attribute::bool("decrease_desired_capacity").default_value(true).describe(
                "Lower the desired capacity when instances are detached (default true). Changing it does not replace the attachment.",
            ))
            .attribute(Attribute::string("scaling_activity_id").computed().describe("The last scaling activity this resource started."))
            .block(timeouts::block(CREATE_TIMEOUT, DELETE_TIMEOUT)),
    )
}

/// The instance IDs of a set value, when every one is known.
fn known_ids(value: &Value) -> Option<Vec<&str>> {
    value.as_elements()?.iter().map(Value::as_str).collect()
}

#[async_trait]
impl Resource<ProviderConfig> for EssAttachment {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        let (Some(ids), Some(weights)) = (known_ids(config.attr("instance_ids")), config.attr("load_balancer_weights").as_entries()) else {
            return;
        };
        for key in weights.keys() {
            if !ids.contains(&key.as_str()) {
                diags.push(
                    Diagnostic::rule(
                        rules::LOAD_BALANCER_WEIGHT.error.code,
                        format!("load_balancer_weights has a weight for {key:?}, which is not in instance_ids"),
                        "Weights apply to the instances this resource attaches; add the instance to instance_ids or remove its weight.",
                    )
                    .at(AttrPath::attr("load_balancer_weights").then_key(key)),
                );
            }
        }
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        if supported_cloud(ctx, TYPE_NAME, CLOUDS, diags).is_none() {
            return;
        }
        req.set_planned("id", req.planned.attr("scaling_group_id").clone());
        // Configured weights are planned as written; when the map is left out, every
        // instance is planned with the documented default weight.
        if req.config.attr("load_balancer_weights").is_null() {
            let weights = match known_ids(req.planned.attr("instance_ids")) {
                Some(ids) => {
                    let default = Value::int(rules::LOAD_BALANCER_WEIGHT.default.unwrap_or(50));
                    Value::Map(ids.iter().map(|id| ((*id).to_owned(), default.clone())).collect::<BTreeMap<_, _>>())
                }
                None => Value::Unknown,
            };
            req.set_planned("load_balancer_weights", weights);
        }
        let members_change = req.is_create()
            || !req.prior.attr("instance_ids").same_as(req.planned.attr("instance_ids"))
            || !req.prior.attr("load_balancer_weights").same_as(req.planned.attr("load_balancer_weights"));
        let activity = if members_change { Value::Unknown } else { req.prior.attr("scaling_activity_id").clone() };
        req.set_planned("scaling_activity_id", activity);

        // Live rules apply to the instances this plan attaches.
        let Some(planned_ids) = known_ids(req.planned.attr("instance_ids")) else { return };
        let prior_ids = if req.creates_object() { Vec::new() } else { known_ids(req.prior.attr("instance_ids")).unwrap_or_default() };
        let added: Vec<String> = planned_ids.iter().filter(|id| !prior_ids.contains(id)).map(|id| (*id).to_owned()).collect();
        if diags.has_errors() || added.is_empty() {
            return;
        }
        let Some(api) = for_live_checks(ctx, TYPE_NAME, diags) else { return };
        if let Err(e) = check(&api, req, &added, diags).await {
            diags.push(failure(&e, "checking the scaling group at plan time"));
        }
    }

    async fn create(&self, ctx: &Context<'_, ProviderConfig>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let call = Timed { api: &api, timeout: timeouts::get(planned, "create", CREATE_TIMEOUT) };
        let ids: Vec<String> = known_ids(planned.attr("instance_ids")).unwrap_or_default().into_iter().map(str::to_owned).collect();
        // Instances an earlier, interrupted apply attached already are adopted.
        let present: Vec<String> = match attached_in_group(&api, text(planned, "scaling_group_id"), &ids).await {
            Ok(found) => found.into_iter().map(|i| i.instance_id).collect(),
            Err(_) => Vec::new(),
        };
        let missing: Vec<String> = ids.into_iter().filter(|id| !present.contains(id)).collect();
        let activity = if missing.is_empty() { None } else { call.attach(planned, &missing, diags).await? };
        Some(with_attrs(planned, &[("scaling_activity_id", activity.map_or(Value::Null, Value::from))]))
    }

    async fn read(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        read_outcome(read_state(&api, state).await, state, "reading the scaling group's instances", diags)
    }

    async fn update(&self, ctx: &Context<'_, ProviderConfig>, prior: &Value, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let call = Timed { api: &api, timeout: timeouts::get(planned, "create", CREATE_TIMEOUT) };
        let before = known_ids(prior.attr("instance_ids")).unwrap_or_default();
        let after = known_ids(planned.attr("instance_ids")).unwrap_or_default();
        let weight = |state: &Value, id: &str| state.attr("load_balancer_weights").as_entries().and_then(|m| m.get(id)).and_then(|v| v.as_number()).and_then(|n| n.as_i64());
        // A weight can only be set by attaching, so a re-weighted instance is detached and attached again.
        let reweighted: Vec<&str> = after.iter().copied().filter(|id| before.contains(id) && weight(prior, id) != weight(planned, id)).collect();
        let detach: Vec<String> = before.iter().filter(|id| !after.contains(id) || reweighted.contains(id)).map(|id| (*id).to_owned()).collect();
        let attach: Vec<String> = after.iter().filter(|id| !before.contains(id) || reweighted.contains(id)).map(|id| (*id).to_owned()).collect();
        let mut last_activity = prior.attr("scaling_activity_id").clone();
        if !detach.is_empty() {
            let activity = call.detach(planned, &detach, diags).await;
            if diags.has_errors() {
                return Some(prior.clone());
            }
            if let Some(Some(id)) = activity {
                last_activity = Value::from(id);
            }
        }
        if !attach.is_empty() {
            match call.attach(planned, &attach, diags).await {
                Some(Some(id)) => last_activity = Value::from(id),
                Some(None) => {}
                None => {
                    // Detached but not re-attached: state keeps only what is still attached.
                    let kept: Vec<Value> = before.iter().filter(|id| !detach.iter().any(|d| d == *id)).map(|id| Value::from(*id)).collect();
                    return Some(with_attrs(prior, &[("instance_ids", Value::Set(kept))]));
                }
            }
        }
        Some(with_attrs(planned, &[("scaling_activity_id", last_activity)]))
    }

    async fn delete(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) {
        let Some(api) = connect(ctx, diags) else { return };
        let group = text(state, "scaling_group_id");
        let ids: Vec<String> = known_ids(state.attr("instance_ids")).unwrap_or_default().into_iter().map(str::to_owned).collect();
        let attached = match attached_in_group(&api, group, &ids).await {
            Ok(found) => found,
            Err(e) if has_code(&e, &[alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND.code]) => return,
            Err(e) => {
                diags.push(failure(&e, "looking up the instances to detach"));
                return;
            }
        };
        let still: Vec<String> = attached.into_iter().map(|i| i.instance_id).collect();
        if still.is_empty() {
            return;
        }
        let call = Timed { api: &api, timeout: timeouts::get(state, "delete", DELETE_TIMEOUT) };
        call.detach(state, &still, diags).await;
    }

    async fn import(&self, ctx: &Context<'_, ProviderConfig>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some(api) = connect(ctx, diags) else { return Vec::new() };
        let (group, wanted): (&str, Option<Vec<String>>) = match id.split_once(':') {
            None if !id.is_empty() => (id, None),
            Some((g, list)) if !g.is_empty() && !list.is_empty() && list.split(',').all(|i| !i.is_empty()) => {
                (g, Some(list.split(',').map(str::to_owned).collect()))
            }
            _ => {
                diags.push(bad_import_id(TYPE_NAME, id, "<scaling_group_id> or <scaling_group_id>:<instance_id>,<instance_id>,…"));
                return Vec::new();
            }
        };
        let found = match &wanted {
            Some(ids) => attached_in_group(&api, group, ids).await,
            None => {
                let request = DescribeScalingInstancesRequest {
                    region_id: api.region.to_owned(),
                    scaling_group_id: Some(group.to_owned()),
                    creation_type: Some("Attached".to_owned()),
                    ..Default::default()
                }
                .with_max_page_size();
                api.client.collect_all(request, &api.within(READ_TIMEOUT)).await
            }
        };
        let instances = match found {
            Ok(instances) => instances,
            Err(e) => {
                diags.push(failure(&e, "importing the scaling group's instances"));
                return Vec::new();
            }
        };
        if let Some(ids) = &wanted {
            let missing: Vec<&str> = ids.iter().filter(|id| !instances.iter().any(|i| &i.instance_id == *id)).map(String::as_str).collect();
            if !missing.is_empty() {
                diags.push(Diagnostic::error(format!("Cannot import {id}"), format!("Not attached to {group}: {}.", missing.join(", "))));
                return Vec::new();
            }
        }
        if instances.is_empty() {
            diags.push(Diagnostic::error(format!("Cannot import {id}"), format!("Scaling group {group} has no attached instances.")));
            return Vec::new();
        }
        let state = with_attrs(
            &empty_state(&self.schema),
            &[
                ("id", group.into()),
                ("scaling_group_id", group.into()),
                ("instance_ids", Value::Set(instances.iter().map(|i| Value::from(i.instance_id.as_str())).collect())),
                ("load_balancer_weights", weights_of(&instances)),
                ("entrusted", Value::Bool(instances.iter().all(|i| i.entrusted))),
                ("lifecycle_hook", Value::Bool(false)),
                ("decrease_desired_capacity", Value::Bool(true)),
            ],
        );
        vec![state]
    }
}

fn weights_of(instances: &[ScalingInstance]) -> Value {
    let default = rules::LOAD_BALANCER_WEIGHT.default.unwrap_or(50);
    Value::Map(instances.iter().map(|i| (i.instance_id.clone(), Value::int(i.load_balancer_weight.unwrap_or(default)))).collect())
}

/// The listed instances that are attached to `group`, through the client's coalesced reads
/// (concurrent reads of one group share DescribeScalingInstances calls of 20 IDs).
async fn attached_in_group(api: &CloudAccess<'_>, group: &str, ids: &[String]) -> Result<Vec<ScalingInstance>, ClientError> {
    let ctx = api.within(READ_TIMEOUT);
    let reads = ids.iter().map(|id| api.client.describe_scaling_instance(group, id, &ctx));
    let mut found = Vec::new();
    for read in futures::future::join_all(reads).await {
        if let Some(instance) = read? {
            found.push(instance);
        }
    }
    Ok(found)
}

/// One scaling group, through the client's coalesced reads.
async fn describe_group(api: &CloudAccess<'_>, group: &str) -> Result<Option<ScalingGroup>, ClientError> {
    api.client.describe_scaling_group(group, &api.within(READ_TIMEOUT)).await
}

async fn read_state(api: &CloudAccess<'_>, state: &Value) -> Result<Option<Value>, ClientError> {
    let group = text(state, "scaling_group_id");
    if describe_group(api, group).await?.is_none() {
        return Ok(None);
    }
    let ids: Vec<String> = known_ids(state.attr("instance_ids")).unwrap_or_default().into_iter().map(str::to_owned).collect();
    let found = attached_in_group(api, group, &ids).await?;
    if found.is_empty() {
        return Ok(None);
    }
    // Weights are reported for the instances the state tracks weights for.
    let weights = match state.attr("load_balancer_weights").as_entries() {
        Some(prior) => Value::Map(
            found
                .iter()
                .filter_map(|i| {
                    let before = prior.get(&i.instance_id)?;
                    Some((i.instance_id.clone(), i.load_balancer_weight.map(Value::int).unwrap_or_else(|| before.clone())))
                })
                .collect(),
        ),
        None => weights_of(&found),
    };
    Ok(Some(with_attrs(
        state,
        &[
            ("id", Value::from(group)),
            ("instance_ids", Value::Set(found.iter().map(|i| Value::from(i.instance_id.as_str())).collect())),
            ("load_balancer_weights", weights),
        ],
    )))
}

/// Attach and detach calls with their scaling-activity waits, within one timeout.
struct Timed<'a> {
    api: &'a CloudAccess<'a>,
    timeout: Duration,
}

impl Timed<'_> {
    /// Attaches `ids` (20 per call); `Some(last activity)` unless it failed.
    async fn attach(&self, planned: &Value, ids: &[String], diags: &mut Diagnostics) -> Option<Option<String>> {
        let group = text(planned, "scaling_group_id");
        let default = rules::LOAD_BALANCER_WEIGHT.default.unwrap_or(50);
        let weights = planned.attr("load_balancer_weights").as_entries();
        let mut last = None;
        for chunk in ids.chunks(rules::INSTANCES_PER_CALL.max) {
            let request = AttachInstancesRequest {
                region_id: Some(self.api.region.to_owned()),
                scaling_group_id: group.to_owned(),
                instance_ids: chunk.to_vec(),
                load_balancer_weights: chunk
                    .iter()
                    .map(|id| {
                        let w = weights.and_then(|m| m.get(id)).and_then(|v| v.as_number()).and_then(|n| n.as_i64()).unwrap_or(default);
                        u32::try_from(w).unwrap_or(0)
                    })
                    .collect(),
                entrusted: planned.attr("entrusted").as_bool(),
                lifecycle_hook: planned.attr("lifecycle_hook").as_bool(),
                client_token: Some(tether_client::client_token()),
                ..Default::default()
            };
            let ctx = self.api.within(self.timeout);
            let activity = match self.api.client.call(&request, &ctx).await {
                Ok(resp) => resp.scaling_activity_id,
                Err(e) => {
                    diags.push(failure(&e, &format!("attaching {} to {group}", chunk.join(", "))));
                    return None;
                }
            };
            self.wait(&activity, &format!("attaching {} to {group}", chunk.join(", ")), diags).await?;
            last = Some(activity);
        }
        Some(last)
    }

    /// Detaches `ids` (20 per call); `Some(last activity)` unless it failed.
    async fn detach(&self, state: &Value, ids: &[String], diags: &mut Diagnostics) -> Option<Option<String>> {
        let group = text(state, "scaling_group_id");
        let mut last = None;
        for chunk in ids.chunks(rules::INSTANCES_PER_CALL.max) {
            let request = DetachInstancesRequest {
                region_id: Some(self.api.region.to_owned()),
                scaling_group_id: group.to_owned(),
                instance_ids: chunk.to_vec(),
                decrease_desired_capacity: Some(state.attr("decrease_desired_capacity").as_bool().unwrap_or(true)),
                // An instance that left the group since the last refresh must not fail the
                // detach; the activity then ends Warning, which is shown.
                ignore_invalid_instance: Some(true),
                client_token: Some(tether_client::client_token()),
                ..Default::default()
            };
            let ctx = self.api.within(self.timeout);
            let activity = match self.api.client.call(&request, &ctx).await {
                Ok(resp) => resp.scaling_activity_id,
                Err(e) if has_code(&e, &[alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND.code]) => return Some(last),
                Err(e) => {
                    diags.push(failure(&e, &format!("detaching {} from {group}", chunk.join(", "))));
                    return None;
                }
            };
            self.wait(&activity, &format!("detaching {} from {group}", chunk.join(", ")), diags).await?;
            last = Some(activity);
        }
        Some(last)
    }

    /// Waits for a scaling activity: Successful and Warning are done (Warning is shown as a
    /// warning), Failed and Rejected are errors.
    async fn wait(&self, activity: &str, doing: &str, diags: &mut Diagnostics) -> Option<()> {
        match self.api.client.wait_scaling_activity(activity, POLL_INTERVAL, &self.api.within(self.timeout)).await {
            Ok(ActivityOutcome::Successful(_)) => Some(()),
            Ok(outcome @ ActivityOutcome::Warning { .. }) => {
                let message = match &outcome {
                    ActivityOutcome::Warning { status_message, .. } => status_message.clone(),
                    ActivityOutcome::Successful(_) => String::new(),
                };
                diags.push(Diagnostic::warning(
                    format!("Scaling activity {activity} ended with a warning"),
                    format!("While {doing}: {message}. Some instances may not have changed; the next plan shows what differs."),
                ));
                Some(())
            }
            Err(e) => {
                diags.push(failure(&e, doing));
                None
            }
        }
    }
}

/// Live plan-time rules: the group exists and is Active, the new instances fit under MaxSize,
/// and none belongs to another group.
async fn check(api: &CloudAccess<'_>, req: &PlanRequest, added: &[String], diags: &mut Diagnostics) -> Result<(), ClientError> {
    let Some(group_id) = req.planned.attr("scaling_group_id").as_str() else { return Ok(()) };
    let Some(group) = describe_group(api, group_id).await? else {
        let e = alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND;
        diags.push(Diagnostic::rule(e.code, format!("Scaling group {group_id} does not exist in {}", api.region), e.message).at(AttrPath::attr("scaling_group_id")));
        return Ok(());
    };
    if group.lifecycle_state != rules::ACTIVE_STATE {
        let e = alibaba_ess::INCORRECT_SCALING_GROUP_STATUS;
        diags.push(
            Diagnostic::rule(e.code, format!("Scaling group {group_id} is {}, not {}", group.lifecycle_state, rules::ACTIVE_STATE), e.message)
                .at(AttrPath::attr("scaling_group_id")),
        );
    }
    // Instances already in the group (an interrupted apply) are adopted, not added.
    let present: Vec<String> = attached_in_group(api, group_id, added).await?.into_iter().map(|i| i.instance_id).collect();
    let added: Vec<String> = added.iter().filter(|id| !present.contains(id)).cloned().collect();
    let added = added.as_slice();
    let total = group.total_capacity.saturating_add(i64::try_from(added.len()).unwrap_or(i64::MAX));
    if total > group.max_size {
        let e = rules::MAX_SIZE;
        diags.push(
            Diagnostic::rule(
                e.code,
                format!("attaching {} instance(s) would take {group_id} to {total}, above its MaxSize {}", added.len(), group.max_size),
                format!("The group has {} instance(s) now. {}", group.total_capacity, e.message),
            )
            .at(AttrPath::attr("instance_ids")),
        );
    }
    for chunk in added.chunks(IDS_PER_DESCRIBE) {
        let request = DescribeScalingInstancesRequest { region_id: api.region.to_owned(), instance_ids: chunk.to_vec(), ..Default::default() }.with_max_page_size();
        let found = api.client.collect_all(request, &api.within(READ_TIMEOUT)).await?;
        for other in found.iter().filter(|i| !i.scaling_group_id.is_empty() && i.scaling_group_id != group_id) {
            let e = rules::INSTANCE_IN_ONE_GROUP;
            diags.push(
                Diagnostic::rule(e.code, format!("{} is already attached to scaling group {}", other.instance_id, other.scaling_group_id), "An instance belongs to one scaling group; detach it there first.")
                    .at(AttrPath::attr("instance_ids")),
            );
        }
    }
    Ok(())
}
