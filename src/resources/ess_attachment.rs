//! `tether_ess_attachment`: existing ECS instances attached to an Alibaba Cloud auto scaling
//! group (AttachInstances / DetachInstances). Instance changes attach and detach the
//! difference in place; several attachments may share one group with disjoint instances.

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::ess_attachment as rules;

use super::common::supported_cloud;
use crate::framework::resource::not_wired;
use crate::framework::timeouts;
use crate::framework::validators::{MapValuesInRange, SizeBetween};
use crate::framework::{AttrPath, Attribute, Block, Context, Diagnostic, Diagnostics, PlanRequest, Resource, Schema, Type, Value};
use crate::provider::ProviderConfig;

pub const TYPE_NAME: &str = "tether_ess_attachment";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba];

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
            .block(timeouts::block(Duration::from_secs(600), Duration::from_secs(600))),
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
    }

    async fn create(&self, _ctx: &Context<'_, ProviderConfig>, _planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        diags.push(not_wired(TYPE_NAME, "create"));
        None
    }

    async fn read(&self, _ctx: &Context<'_, ProviderConfig>, state: &Value, _diags: &mut Diagnostics) -> Option<Value> {
        Some(state.clone())
    }

    async fn update(&self, _ctx: &Context<'_, ProviderConfig>, _prior: &Value, _planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        diags.push(not_wired(TYPE_NAME, "update"));
        None
    }

    async fn delete(&self, _ctx: &Context<'_, ProviderConfig>, _state: &Value, diags: &mut Diagnostics) {
        diags.push(not_wired(TYPE_NAME, "delete"));
    }

    async fn import(&self, _ctx: &Context<'_, ProviderConfig>, _id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        diags.push(not_wired(TYPE_NAME, "import"));
        Vec::new()
    }
}
