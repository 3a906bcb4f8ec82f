//! `tether_ess_attachment`: existing ECS instances attached to an Alibaba Cloud auto scaling
//! group (AttachInstances / DetachInstances). Instance changes attach and detach the
//! difference in place; several attachments may share one group with disjoint instances.
//!
//! Load balancer weights: an instance the configuration gives no weight has the documented
//! default (50). The plan keeps the prior weights when they mean the same effective weights
//! (so an import, which records every instance's weight, plans clean against a
//! configuration that lists only some), and a read reports the instances the state lists
//! plus any whose weight differs from the default (drift outside Terraform shows).

mod activity;
mod checks;
mod read;
mod weights;

use std::collections::BTreeMap;

use tether_client::ActivityOutcome;
use tether_wire::api::alibaba_ecs::{instance_status as ecs_status, network_type as ecs_network};
use tether_wire::api::alibaba_ess::{creation_type, AttachInstancesRequest, DescribeScalingInstancesRequest, DetachInstancesRequest, ScalingGroup, ScalingInstance};
use tether_wire::api::alibaba_slb::load_balancer_status as slb_status;
use tether_wire::api::Paginated;
use tether_wire::constraints::ess_attachment as rules;
use tether_wire::constraints::{alibaba_ess, ApiError};

use super::prelude::*;
use crate::framework::private::GONE;
use crate::framework::validators::{MapValuesInRange, NotEmpty, SizeBetween};
use crate::framework::Type;

use activity::Timed;
use checks::check;
use read::{attached_in_group, describe_group, read_state, state_ids};
use weights::{default_weight, effective_weight, plan_weights, weights_of};

model! {
    /// What an attachment's API calls use, from its state or an apply's plan.
    pub struct Attachment<'v> {
        /// What the plan-time checks read from a plan, where the group may be unknown yet.
        planned PlannedAttachment {
            scaling_group_id / SCALING_GROUP_ID: &'v str,
            instance_ids / INSTANCE_IDS: &'v Value,
        }
        load_balancer_weights / LOAD_BALANCER_WEIGHTS: &'v Value,
        scaling_activity_id / SCALING_ACTIVITY_ID: &'v Value,
        entrusted / ENTRUSTED: Option<bool>,
        lifecycle_hook / LIFECYCLE_HOOK: Option<bool>,
        decrease_desired_capacity / DECREASE_DESIRED_CAPACITY: Option<bool>,
        id / ID: &'v Value,
    }
}

pub const TYPE_NAME: &str = "tether_ess_attachment";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba];
const CREATE_TIMEOUT: Duration = Duration::from_secs(600);
const DELETE_TIMEOUT: Duration = Duration::from_secs(600);
/// Instances that one attachment, and one AttachInstances/DetachInstances/
/// DescribeScalingInstances call, takes.
const MAX_INSTANCES: usize = rules::INSTANCES_PER_CALL.max;

resource_type!(EssAttachment);

/// The attributes that name one association, and the import ID forms they make.
fn identity() -> Identity {
    Identity::new().required(Attachment::SCALING_GROUP_ID, "The scaling group; an import by identity takes every instance attached to it.").form(&[Attachment::SCALING_GROUP_ID])
}

fn schema() -> Schema {
    let weight = rules::LOAD_BALANCER_WEIGHT;
    Schema::new(
        0,
        Block::new("Attaches existing ECS instances to an Alibaba Cloud auto scaling group. Changing `instance_ids` attaches and detaches the difference in place; detached instances keep running.")
            .attribute(Attribute::string(Attachment::ID).computed().use_state_for_unknown().describe("The scaling group ID."))
            .attribute(Attribute::string(Attachment::SCALING_GROUP_ID).required().force_new().validate(NotEmpty).describe("The scaling group."))
            .attribute(
                Attribute::new(Attachment::INSTANCE_IDS, Type::set(Type::String))
                    .required()
                    .validate(SizeBetween(rules::INSTANCES_PER_CALL))
                    .validate(NotEmpty)
                    .describe(format!("The ECS instances to attach ({} to {}).", rules::INSTANCES_PER_CALL.min, rules::INSTANCES_PER_CALL.max)),
            )
            .attribute(
                Attribute::new(Attachment::LOAD_BALANCER_WEIGHTS, Type::map(Type::Number))
                    .optional_computed()
                    .validate(MapValuesInRange(weight))
                    .describe(format!(
                        "Load balancer weight per instance ID ({} to {}); instances left out get {}. Keys must be in `instance_ids`. A re-weighted instance is detached and attached again (the only way these APIs set a weight).",
                        weight.min,
                        weight.max,
                        default_weight()
                    )),
            )
            .attribute(Attribute::bool(Attachment::ENTRUSTED).default_value(false).force_new().describe("Let the group manage the instances' lifecycle (default false)."))
            .attribute(Attribute::bool(Attachment::LIFECYCLE_HOOK).default_value(false).no_api_call().describe(
                "Trigger the group's lifecycle hooks when this resource attaches or detaches instances (default false).",
            ))
            .attribute(Attribute::bool(Attachment::DECREASE_DESIRED_CAPACITY).default_value(true).no_api_call().describe(
                "Lower the desired capacity when instances are detached (default true).",
            ))
            .attribute(Attribute::string(Attachment::SCALING_ACTIVITY_ID).computed().describe("The last scaling activity this resource started."))
            .block(timeouts::block(CREATE_TIMEOUT, DELETE_TIMEOUT)),
    )
}

/// The documented rules beyond the attribute validators.
fn rule_book() -> RuleBook {
    RuleBook {
        rules: vec![
            Rule::config("every key of `load_balancer_weights` is in `instance_ids`", &[], &[rules::LOAD_BALANCER_WEIGHT.error]),
            Rule::live("the scaling group exists in the provider's region", &[], &[alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND]),
            Rule::live(format!("the scaling group is `{}`", rules::ACTIVE_STATE), &[], &[alibaba_ess::INCORRECT_SCALING_GROUP_STATUS]),
            Rule::live("the group's `TotalCapacity` plus the instances being attached stays within its `MaxSize`", &[], &[rules::MAX_SIZE]),
            Rule::live(
                "no instance being attached belongs to another scaling group, or to this one already (as a member the group created, or attached outside this workspace's state)",
                &[],
                &[rules::INSTANCE_IN_ONE_GROUP],
            ),
            Rule::live("each instance exists in the group's region and is `Running`", &[], &[alibaba_ess::INVALID_INSTANCE_ID_NOT_FOUND, alibaba_ess::INCORRECT_INSTANCE_STATUS]),
            Rule::live(
                "each instance has the group's network type and VPC",
                &[],
                &[alibaba_ess::INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH, alibaba_ess::INVALID_INSTANCE_ID_VPC_MISMATCH],
            ),
            Rule::live(
                "each instance's type is one of the group's active scaling configuration (when it names types)",
                &[],
                &[alibaba_ess::INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH],
            ),
            Rule::live("the group's load balancers are `active`", &[], &[alibaba_ess::INCORRECT_LOAD_BALANCER_STATUS]),
            Rule::live(
                "the group's load balancers are in the group's network: classic for a classic group, the group's VPC for a VPC group",
                &[],
                &[alibaba_ess::INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE, alibaba_ess::INVALID_LOAD_BALANCER_ID_VPC_MISMATCH],
            ),
        ],
        live_when: "when the plan attaches instances (on create, replacement, or an in-place change adding IDs)",
        api_notice: None,
    }
}

/// The instance IDs of a set value, when every one is known.
fn known_ids(value: &Value) -> Option<Vec<&str>> {
    value.as_elements()?.iter().map(Value::as_str).collect()
}

#[async_trait]
impl Resource<ProviderConfig> for EssAttachment {
    fn declaration(&self) -> &Declaration {
        &self.declaration
    }

    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        let (Some(ids), Some(weights)) = (known_ids(config.attr(Attachment::INSTANCE_IDS)), config.attr(Attachment::LOAD_BALANCER_WEIGHTS).as_entries()) else {
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
                    .at(AttrPath::attr(Attachment::LOAD_BALANCER_WEIGHTS).then_key(key)),
                );
            }
        }
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        if supported_cloud(ctx, TYPE_NAME, CLOUDS, diags).is_none() {
            return;
        }
        req.set_planned(Attachment::ID, req.planned.attr(Attachment::SCALING_GROUP_ID).clone());
        plan_weights(req);
        let members_change = req.creates_object()
            || !req.prior.attr(Attachment::INSTANCE_IDS).same_as(req.planned.attr(Attachment::INSTANCE_IDS))
            || !req.prior.attr(Attachment::LOAD_BALANCER_WEIGHTS).same_as(req.planned.attr(Attachment::LOAD_BALANCER_WEIGHTS));
        let activity = if members_change { Value::Unknown } else { req.prior.attr(Attachment::SCALING_ACTIVITY_ID).clone() };
        req.set_planned(Attachment::SCALING_ACTIVITY_ID, activity);

        // Live rules apply to the instances this plan attaches, once per plan (a
        // replacement's probe checks them; an in-place update checks what it adds).
        let Some(planned_ids) = known_ids(req.planned.attr(Attachment::INSTANCE_IDS)) else { return };
        let in_place = !req.prior.is_null() && req.requires_replace.is_empty();
        if diags.has_errors() || req.destroy_run || !(in_place || req.live_checks_due()) {
            return;
        }
        let prior_ids = if in_place { known_ids(req.prior.attr(Attachment::INSTANCE_IDS)).unwrap_or_default() } else { Vec::new() };
        let added: Vec<String> = planned_ids.iter().filter(|id| !prior_ids.contains(id)).map(|id| (*id).to_owned()).collect();
        if added.is_empty() {
            return;
        }
        let Some(api) = for_live_checks(ctx, TYPE_NAME, diags) else { return };
        let mut found = Diagnostics::new();
        let checked = check(&api, req, &added, &mut found).await;
        let gone = req.private.texts(GONE);
        let seen = added.iter().find_map(|id| gone.get(id));
        report_live_findings(TYPE_NAME, "the scaling group", seen.map(String::as_str), checked, found, diags);
    }

    async fn create(&self, ctx: &Context<'_, ProviderConfig>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let call = Timed::start(&api, timeouts::get(planned, "create", CREATE_TIMEOUT), "create", diags)?;
        let wanted = Attachment::of(planned);
        let ids: Vec<String> = known_ids(wanted.instance_ids).unwrap_or_default().into_iter().map(str::to_owned).collect();
        match call.attach(planned, &ids, diags).await {
            Ok(activity) => Some(with_attrs(planned, &[(Attachment::SCALING_ACTIVITY_ID, activity.map_or(Value::Null, Value::from))])),
            Err(touched) => {
                // Some instances may be attached: record those (Terraform taints the object
                // and replaces it on the next apply), so none is left unknown to the state;
                // only among those this create may have attached, never another's.
                let attached = attached_in_group(&api, wanted.scaling_group_id, &touched, &call.ctx).await.unwrap_or_default();
                let kept: Vec<Value> = attached.iter().map(|i| Value::from(i.instance_id.as_str())).collect();
                partial_create(&with_attrs(planned, &[(Attachment::INSTANCE_IDS, Value::Set(kept))]), !attached.is_empty(), &[])
            }
        }
    }

    /// The instances attached now. Those that left outside Terraform are noted in private
    /// state (and stay noted until attached again), so that the plan attaching them again
    /// warns instead of failing when it cannot work yet.
    async fn read(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let ids = match state_ids(state) {
            Ok(ids) => ids,
            Err(d) => {
                diags.push(d);
                return Some(state.clone());
            }
        };
        let found = read_state(&api, state, &ids).await.map(|read| {
            let mut gone = private.texts(GONE);
            let attached = known_ids(read.state.attr(Attachment::INSTANCE_IDS)).unwrap_or_default();
            gone.retain(|id, _| !attached.contains(&id.as_str()));
            gone.extend(read.gone);
            private.set_texts(GONE, &gone);
            Some(read.state)
        });
        read_outcome(found, state, "reading the scaling group's instances", diags)
    }

    async fn update(&self, ctx: &Context<'_, ProviderConfig>, prior: &Value, planned: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let call = Timed::start(&api, timeouts::get(planned, "create", CREATE_TIMEOUT), "update", diags)?;
        let (was, wanted) = (Attachment::of(prior), Attachment::of(planned));
        let before = known_ids(was.instance_ids).unwrap_or_default();
        let after = known_ids(wanted.instance_ids).unwrap_or_default();
        let (prior_weights, planned_weights) = (was.load_balancer_weights, wanted.load_balancer_weights);
        // A weight can only be set by attaching, so a re-weighted instance is detached and attached again.
        let reweighted: Vec<&str> =
            after.iter().copied().filter(|id| before.contains(id) && effective_weight(prior_weights, id) != effective_weight(planned_weights, id)).collect();
        let detach: Vec<String> = before.iter().filter(|id| !after.contains(id) || reweighted.contains(id)).map(|id| (*id).to_owned()).collect();
        let attach: Vec<String> = after.iter().filter(|id| !before.contains(id) || reweighted.contains(id)).map(|id| (*id).to_owned()).collect();
        let mut last_activity = was.scaling_activity_id.clone();
        if !detach.is_empty() {
            let activity = call.detach(planned, &detach, diags).await;
            if diags.has_errors() {
                return Some(prior.clone());
            }
            if let Ok(Some(id)) = activity {
                last_activity = Value::from(id);
            }
        }
        if !attach.is_empty() {
            match call.attach(planned, &attach, diags).await {
                Ok(Some(id)) => last_activity = Value::from(id),
                Ok(None) => {}
                Err(touched) => {
                    // Detached but not (all) attached: state keeps what is still attached,
                    // and what this attach may have attached and the group now lists.
                    let mut kept: Vec<Value> = before.iter().filter(|id| !detach.iter().any(|d| d == *id)).map(|id| Value::from(*id)).collect();
                    let attached = attached_in_group(&api, wanted.scaling_group_id, &touched, &call.ctx).await.unwrap_or_default();
                    kept.extend(attached.iter().map(|i| Value::from(i.instance_id.as_str())));
                    return Some(with_attrs(prior, &[(Attachment::INSTANCE_IDS, Value::Set(kept))]));
                }
            }
        }
        // What was attached again, and what the configuration no longer lists, is no longer
        // noted as gone.
        let mut gone = private.texts(GONE);
        gone.retain(|id, _| after.contains(&id.as_str()) && !attach.contains(id));
        private.set_texts(GONE, &gone);
        Some(with_attrs(planned, &[(Attachment::SCALING_ACTIVITY_ID, last_activity)]))
    }

    async fn delete(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) {
        let Some(api) = connect(ctx, diags) else { return };
        let group = Attachment::of(state).scaling_group_id;
        let ids = match state_ids(state) {
            Ok(ids) => ids,
            Err(d) => {
                diags.push(d);
                return;
            }
        };
        let attached = match attached_in_group(&api, group, &ids, &api.reading(READ_TIMEOUT)).await {
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
        let Some(call) = Timed::start(&api, timeouts::get(state, "delete", DELETE_TIMEOUT), "delete", diags) else { return };
        // A failure is reported in `diags`; the state goes as it is.
        let _ = call.detach(state, &still, diags).await;
    }

    async fn import(&self, ctx: &Context<'_, ProviderConfig>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some(api) = connect(ctx, diags) else { return Vec::new() };
        let forms = "<scaling_group_id> (every attached instance) or <scaling_group_id>:<instance_id>,<instance_id>,… (at most 20)";
        let (group, wanted): (&str, Option<Vec<String>>) = match id.split_once(':') {
            None if !id.is_empty() => (id, None),
            Some((g, list)) if !g.is_empty() && !list.is_empty() && list.split(',').all(|i| !i.is_empty()) => {
                let ids: Vec<String> = list.split(',').take(MAX_INSTANCES + 1).map(str::to_owned).collect();
                if ids.len() > MAX_INSTANCES {
                    diags.push(Diagnostic::error(
                        format!("Cannot import {}: more than {MAX_INSTANCES} instance IDs", quoted_prefix(id)),
                        format!("One tether_ess_attachment holds at most {MAX_INSTANCES} instances (the limit of AttachInstances); import the group's instances into several resources."),
                    ));
                    return Vec::new();
                }
                (g, Some(ids))
            }
            _ => {
                diags.push(bad_import_id(TYPE_NAME, id, forms));
                return Vec::new();
            }
        };
        match describe_group(&api, group).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                let e = alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND;
                diags.push(Diagnostic::rule(e.code, format!("Cannot import {}: scaling group {group} does not exist in {}", quoted_prefix(id), api.region), e.message));
                return Vec::new();
            }
            Err(e) => {
                diags.push(failure(&e, "looking up the scaling group to import"));
                return Vec::new();
            }
        }
        let found = match &wanted {
            Some(ids) => attached_in_group(&api, group, ids, &api.reading(READ_TIMEOUT)).await,
            None => {
                let request = DescribeScalingInstancesRequest {
                    region_id: api.region.to_owned(),
                    scaling_group_id: Some(group.to_owned()),
                    creation_type: Some(creation_type::ATTACHED.to_owned()),
                    ..Default::default()
                }
                .with_max_page_size();
                api.client.collect_all(request, &api.reading(READ_TIMEOUT)).await
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
                diags.push(Diagnostic::error(format!("Cannot import {}", quoted_prefix(id)), format!("Not attached to {group}: {}.", missing.join(", "))));
                return Vec::new();
            }
            if let Some(other) = instances.iter().find(|i| i.creation_type != creation_type::ATTACHED) {
                diags.push(Diagnostic::error(
                    format!("Cannot import {id}"),
                    format!(
                        "{} is a {} member of {group}, not an attached one; tether_ess_attachment manages only instances attached with AttachInstances.",
                        other.instance_id, other.creation_type
                    ),
                ));
                return Vec::new();
            }
        }
        if instances.is_empty() {
            diags.push(Diagnostic::error(format!("Cannot import {id}"), format!("Scaling group {group} has no attached instances.")));
            return Vec::new();
        }
        if instances.len() > MAX_INSTANCES {
            let mut ids: Vec<&str> = instances.iter().map(|i| i.instance_id.as_str()).collect();
            ids.sort_unstable();
            let parts: Vec<String> = ids.chunks(MAX_INSTANCES).map(|chunk| format!("{group}:{}", chunk.join(","))).collect();
            diags.push(Diagnostic::error(
                format!("Cannot import {id}: the group has {} attached instances", instances.len()),
                format!("One tether_ess_attachment holds at most {MAX_INSTANCES} instances. Import them into {} resources, with the IDs {}.", parts.len(), parts.join(" and ")),
            ));
            return Vec::new();
        }
        let state = with_attrs(
            &empty_state(&self.declaration.schema),
            &[
                (Attachment::ID, group.into()),
                (Attachment::SCALING_GROUP_ID, group.into()),
                (Attachment::INSTANCE_IDS, Value::Set(instances.iter().map(|i| Value::from(i.instance_id.as_str())).collect())),
                (Attachment::LOAD_BALANCER_WEIGHTS, weights_of(&instances)),
                (Attachment::ENTRUSTED, Value::Bool(instances.iter().all(|i| i.entrusted))),
                (Attachment::LIFECYCLE_HOOK, Value::Bool(false)),
                (Attachment::DECREASE_DESIRED_CAPACITY, Value::Bool(true)),
            ],
        );
        vec![state]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::model::assert_models_fit;

    #[test]
    fn the_models_read_declared_attributes_and_name_them_all() {
        assert_models_fit::<Attachment, PlannedAttachment>(&schema());
    }
}
