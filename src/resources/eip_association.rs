//! `tether_eip_association`: an elastic IP bound to an instance, on Alibaba Cloud
//! (AssociateEipAddress) or Tencent Cloud (AssociateAddress, to an instance or to a private
//! IP of a network interface).

use std::time::Duration;

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::{eip_association as rules, tencent_vpc};

use super::common::{id_attribute, joined_id, not_allowed, plan_default, supported_cloud};
use crate::framework::resource::not_wired;
use crate::framework::timeouts;
use crate::framework::validators::{Ipv4, OneOf};
use crate::framework::{AttrPath, Attribute, Block, Context, Diagnostic, Diagnostics, PlanRequest, Resource, Schema, Value};
use crate::provider::ProviderConfig;

pub const TYPE_NAME: &str = "tether_eip_association";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba, Cloud::Tencent];

pub struct EipAssociation {
    schema: Schema,
}

impl EipAssociation {
    pub fn new() -> Self {
        EipAssociation { schema: schema() }
    }
}

impl Default for EipAssociation {
    fn default() -> Self {
        Self::new()
    }
}

fn schema() -> Schema {
    Schema::new(
        0,
        Block::new("Binds an elastic IP to an instance (Alibaba Cloud, Tencent Cloud). Create waits until the EIP is bound; delete until it is free again.")
            .attribute(id_attribute("<eip_id>:<instance_id>` or, Tencent ENI form, `<eip_id>:<network_interface_id>:<private_ip_address>"))
            .attribute(Attribute::string("eip_id").required().force_new().describe("The EIP: Alibaba `AllocationId`, Tencent `AddressId`."))
            .attribute(Attribute::string("instance_id").optional().force_new().describe(
                "The instance to bind to. Required on Alibaba; on Tencent give exactly one of `instance_id` and `network_interface_id`.",
            ))
            .attribute(
                Attribute::string("instance_type")
                    .optional_computed()
                    .force_new()
                    .validate(OneOf(rules::ALIBABA_INSTANCE_TYPES))
                    .describe("Alibaba only: `EcsInstance` (default), `SlbInstance`, `Nat`, `NetworkInterface`, `HaVip` or `IpAddress`."),
            )
            .attribute(Attribute::string("network_interface_id").optional().force_new().describe(
                "Tencent only: the ENI whose private IP gets the EIP; requires `private_ip_address`. (On Alibaba use `instance_type = \"NetworkInterface\"`.)",
            ))
            .attribute(
                Attribute::string("private_ip_address")
                    .optional_computed()
                    .force_new()
                    .validate(Ipv4(rules::PRIVATE_IP_SYNTAX_ERROR_ALIBABA))
                    .describe("The private IPv4 address to bind to. Required on Tencent with `network_interface_id`."),
            )
            .attribute(
                Attribute::string("mode")
                    .optional_computed()
                    .force_new()
                    .validate(OneOf(rules::ALIBABA_MODES))
                    .describe("Alibaba only, with `instance_type = \"NetworkInterface\"`: `NAT` (default), `MULTI_BINDED` or `BINDED`."),
            )
            .attribute(Attribute::string("instance_region_id").optional().force_new().describe(
                "Alibaba only: the region of the instance, for EIPs added to a shared-bandwidth global acceleration instance.",
            ))
            .attribute(Attribute::bool("force").default_value(false).describe(
                "Alibaba only: unbind even if the NAT gateway still has DNAT/SNAT entries using the EIP. Changing it does not replace the association.",
            ))
            .attribute(Attribute::string("ip_address").computed().use_state_for_unknown().describe("The EIP's public IP address."))
            .attribute(Attribute::string("status").computed().use_state_for_unknown().describe("The EIP's status (Alibaba `Status`, Tencent `AddressStatus`)."))
            .block(timeouts::block(Duration::from_secs(300), Duration::from_secs(300))),
    )
}

impl EipAssociation {
    fn plan_alibaba(req: &mut PlanRequest, diags: &mut Diagnostics) {
        let cloud = Cloud::Alibaba;
        not_allowed(req, "network_interface_id", cloud, "Use instance_id with instance_type = \"NetworkInterface\".", diags);
        if req.config.attr("instance_id").is_null() {
            diags.push(
                Diagnostic::rule("MissingParameter", "instance_id is required on Alibaba Cloud", "AssociateEipAddress needs InstanceId.")
                    .at(AttrPath::attr("instance_id")),
            );
        }
        plan_default(req, "instance_type", rules::ALIBABA_INSTANCE_TYPES.default.unwrap_or("EcsInstance"));
        let instance_type = req.planned.attr("instance_type").clone();
        let mode = req.config.attr("mode");
        match instance_type.as_str() {
            Some(t) if t == rules::ALIBABA_MODE_INSTANCE_TYPE => {
                plan_default(req, "mode", rules::ALIBABA_MODES.default.unwrap_or("NAT"));
            }
            Some(_) if !mode.is_null() => diags.push(
                Diagnostic::rule(
                    rules::ALIBABA_MODES.error.code,
                    "mode applies only to instance_type \"NetworkInterface\"",
                    "Remove mode, or bind to a network interface with instance_type = \"NetworkInterface\".",
                )
                .at(AttrPath::attr("mode")),
            ),
            Some(_) => req.set_planned("mode", Value::Null),
            None => {}
        }
        if req.config.attr("private_ip_address").is_null() && req.is_create() {
            req.set_planned("private_ip_address", Value::Null);
        }
        let id = joined_id(&[req.planned.attr("eip_id"), req.planned.attr("instance_id")]);
        req.set_planned("id", id);
    }

    fn plan_tencent(req: &mut PlanRequest, diags: &mut Diagnostics) {
        let cloud = Cloud::Tencent;
        for attr in ["instance_type", "mode", "instance_region_id", "force"] {
            not_allowed(req, attr, cloud, "Remove it from this resource.", diags);
        }
        let instance = req.config.attr("instance_id").clone();
        let eni = req.config.attr("network_interface_id").clone();
        let private_ip = req.config.attr("private_ip_address").clone();
        if !instance.is_null() && !eni.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::INVALID_PARAMETER_CONFLICT.code,
                    "instance_id and network_interface_id cannot both be set",
                    "An EIP binds either to an instance or to a private IP of a network interface.",
                )
                .at(AttrPath::attr("network_interface_id")),
            );
        } else if instance.is_null() && eni.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::MISSING_RESOURCE_ID.code,
                    "set instance_id, or network_interface_id with private_ip_address",
                    "AssociateAddress needs the instance, or the network interface and private IP, to bind to.",
                )
                .at(AttrPath::attr("instance_id")),
            );
        } else if !eni.is_null() && private_ip.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::MISSING_PARAMETER.code,
                    "private_ip_address is required with network_interface_id",
                    "NetworkInterfaceId and PrivateIpAddress must be given together.",
                )
                .at(AttrPath::attr("private_ip_address")),
            );
        }
        for attr in ["instance_type", "mode"] {
            req.set_planned(attr, Value::Null);
        }
        req.set_planned("force", Value::Bool(false));
        if eni.is_null() && private_ip.is_null() && req.is_create() {
            req.set_planned("private_ip_address", Value::Null);
        }
        let id = if eni.is_null() {
            joined_id(&[req.planned.attr("eip_id"), req.planned.attr("instance_id")])
        } else {
            joined_id(&[req.planned.attr("eip_id"), &eni, req.planned.attr("private_ip_address")])
        };
        req.set_planned("id", id);
    }
}

#[async_trait]
impl Resource<ProviderConfig> for EipAssociation {
    fn type_name(&self) -> &'static str {
        TYPE_NAME
    }

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        match supported_cloud(ctx, TYPE_NAME, CLOUDS, diags) {
            Some(Cloud::Alibaba) => Self::plan_alibaba(req, diags),
            Some(Cloud::Tencent) => Self::plan_tencent(req, diags),
            _ => {}
        }
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
