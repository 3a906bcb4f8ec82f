//! `tether_havip_attachment`: an ECS instance or network interface attached to a
//! Volcengine high-availability virtual IP (AssociateHaVip).

use std::time::Duration;

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::havip_attachment as rules;

use super::common::{id_attribute, joined_id, supported_cloud};
use crate::framework::resource::not_wired;
use crate::framework::timeouts;
use crate::framework::validators::OneOf;
use crate::framework::{Attribute, Block, Context, Diagnostics, PlanRequest, Resource, Schema, Value};
use crate::provider::ProviderConfig;

pub const TYPE_NAME: &str = "tether_havip_attachment";
const CLOUDS: &[Cloud] = &[Cloud::Volcengine];

pub struct HavipAttachment {
    schema: Schema,
}

impl HavipAttachment {
    pub fn new() -> Self {
        HavipAttachment { schema: schema() }
    }
}

impl Default for HavipAttachment {
    fn default() -> Self {
        Self::new()
    }
}

fn schema() -> Schema {
    Schema::new(
        0,
        Block::new("Attaches an ECS instance or a network interface to a Volcengine HaVip. At most 10 members per HaVip, all of one type, in the HaVip's subnet.")
            .attribute(id_attribute("<havip_id>:<instance_id>"))
            .attribute(Attribute::string("havip_id").required().force_new().describe("The HaVip ID."))
            .attribute(Attribute::string("instance_id").required().force_new().describe("The ECS instance or network interface ID."))
            .attribute(
                Attribute::string("instance_type")
                    .default_value(rules::INSTANCE_TYPES.default.unwrap_or("EcsInstance"))
                    .force_new()
                    .validate(OneOf(rules::INSTANCE_TYPES))
                    .describe("`EcsInstance` (default) or `NetworkInterface`."),
            )
            .attribute(Attribute::string("ip_address").computed().use_state_for_unknown().describe("The HaVip's IP address."))
            .attribute(Attribute::string("status").computed().use_state_for_unknown().describe("The HaVip's status."))
            .block(timeouts::block(Duration::from_secs(300), Duration::from_secs(300))),
    )
}

#[async_trait]
impl Resource<ProviderConfig> for HavipAttachment {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        if supported_cloud(ctx, TYPE_NAME, CLOUDS, diags).is_none() {
            return;
        }
        let id = joined_id(&[req.planned.attr("havip_id"), req.planned.attr("instance_id")]);
        req.set_planned("id", id);
    }

    async fn create(&self, _ctx: &Context<'_, ProviderConfig>, _planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        diags.push(not_wired(TYPE_NAME, "create"));
        None
    }

    async fn read(&self, _ctx: &Context<'_, ProviderConfig>, state: &Value, _diags: &mut Diagnostics) -> Option<Value> {
        Some(state.clone())
    }

    async fn delete(&self, _ctx: &Context<'_, ProviderConfig>, _state: &Value, diags: &mut Diagnostics) {
        diags.push(not_wired(TYPE_NAME, "delete"));
    }

    async fn import(&self, _ctx: &Context<'_, ProviderConfig>, _id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        diags.push(not_wired(TYPE_NAME, "import"));
        Vec::new()
    }
}
