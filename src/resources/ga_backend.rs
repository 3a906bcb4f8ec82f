//! `tether_ga_backend`: the backend server of an Alibaba Cloud exclusive global acceleration
//! instance (AssociateGlobalAccelerationInstance).

use std::time::Duration;

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::ga_backend as rules;

use super::common::{id_attribute, joined_id, supported_cloud};
use crate::framework::resource::not_wired;
use crate::framework::timeouts;
use crate::framework::validators::OneOf;
use crate::framework::{AttrPath, Attribute, Block, Context, Diagnostic, Diagnostics, PlanRequest, Resource, Schema, Value};
use crate::provider::ProviderConfig;

pub const TYPE_NAME: &str = "tether_ga_backend";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba];

pub struct GaBackend {
    schema: Schema,
}

impl GaBackend {
    pub fn new() -> Self {
        GaBackend { schema: schema() }
    }
}

impl Default for GaBackend {
    fn default() -> Self {
        Self::new()
    }
}

fn schema() -> Schema {
    Schema::new(
        0,
        Block::new("Binds the one backend server of an Alibaba Cloud exclusive (dedicated-bandwidth) global acceleration instance.")
            .attribute(id_attribute("<global_acceleration_instance_id>:<backend_server_id>"))
            .attribute(Attribute::string("global_acceleration_instance_id").required().force_new().describe("The exclusive global acceleration instance."))
            .attribute(Attribute::string("backend_server_id").required().force_new().describe("The VPC ECS or SLB instance to accelerate."))
            .attribute(Attribute::string("backend_server_region_id").required().force_new().describe(
                "The backend's region: must differ from the provider region and lie in the instance's service area.",
            ))
            .attribute(
                Attribute::string("backend_server_type")
                    .default_value(rules::BACKEND_SERVER_TYPES.default.unwrap_or("EcsInstance"))
                    .force_new()
                    .validate(OneOf(rules::BACKEND_SERVER_TYPES))
                    .describe("`EcsInstance` (default) or `SlbInstance`."),
            )
            .attribute(Attribute::string("ip_address").computed().use_state_for_unknown().describe("The acceleration IP address."))
            .attribute(Attribute::string("status").computed().use_state_for_unknown().describe("The instance's status."))
            .block(timeouts::block(Duration::from_secs(300), Duration::from_secs(300))),
    )
}

#[async_trait]
impl Resource<ProviderConfig> for GaBackend {
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
        let region = ctx.provider.and_then(|p| p.region.as_deref());
        if let (Some(region), Some(backend_region)) = (region, req.config.attr("backend_server_region_id").as_str()) {
            if region == backend_region {
                diags.push(
                    Diagnostic::rule(
                        rules::REGION_MUST_DIFFER.code,
                        "backend_server_region_id must differ from the provider region",
                        format!(
                            "The global acceleration instance is in {region}; a backend in the same region cannot be accelerated. {}",
                            rules::REGION_MUST_DIFFER.message
                        ),
                    )
                    .at(AttrPath::attr("backend_server_region_id")),
                );
            }
        }
        let id = joined_id(&[req.planned.attr("global_acceleration_instance_id"), req.planned.attr("backend_server_id")]);
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
