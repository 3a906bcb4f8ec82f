//! `tether_eip_association`: an elastic IP bound to an instance, on Alibaba Cloud
//! (AssociateEipAddress) or Tencent Cloud (AssociateAddress, to an instance or to a private
//! IP of a network interface).

use std::time::Duration;

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::{eip_association as rules, tencent_vpc};

use tether_client::{CachedKind, ClientError};
use tether_wire::api::alibaba_vpc::{AssociateEipAddressRequest, DescribeEipAddressesRequest, EipAddress, UnassociateEipAddressRequest};
use tether_wire::api::tencent_vpc::{Address, AssociateAddressRequest, DescribeAddressesRequest, DisassociateAddressRequest, Filter};
use tether_wire::constraints::alibaba_vpc;

use super::cloud::{READ_TIMEOUT, 
    connect, failure, failure_within, for_live_checks, has_code, import_outcome, partial_create, read_outcome, report_live_findings, CloudAccess,
    POLL_INTERVAL,
};
use super::common::{
    bad_import_id, empty_state, fill_unknowns, id_attribute, joined_id, non_empty, not_allowed, plan_default, string_or_null, supported_cloud, text,
    with_attrs,
};
use crate::framework::timeouts;
use crate::framework::validators::{Ipv4, NotEmpty, OneOf};
use crate::framework::{AttrPath, Attribute, Block, Context, Diagnostic, Diagnostics, PlanRequest, Resource, Schema, Value};
use crate::provider::ProviderConfig;

pub const TYPE_NAME: &str = "tether_eip_association";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba, Cloud::Tencent];
const CREATE_TIMEOUT: Duration = Duration::from_secs(300);
const DELETE_TIMEOUT: Duration = Duration::from_secs(300);
/// Alibaba EIP statuses during a transition.
const ALIBABA_TRANSITIONS: &[&str] = &["Associating", "Unassociating"];

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
            .attribute(Attribute::string("eip_id").required().force_new().validate(NotEmpty).describe("The EIP: Alibaba `AllocationId`, Tencent `AddressId`."))
            .attribute(Attribute::string("instance_id").optional().force_new().validate(NotEmpty).describe(
                "The instance to bind to. Required on Alibaba; on Tencent give exactly one of `instance_id` and `network_interface_id`.",
            ))
            .attribute(
                Attribute::string("instance_type")
                    .optional_computed()
                    .force_new()
                    .validate(OneOf(rules::ALIBABA_INSTANCE_TYPES))
                    .describe("Alibaba only: `EcsInstance` (default), `SlbInstance`, `Nat`, `NetworkInterface`, `HaVip` or `IpAddress`."),
            )
            .attribute(Attribute::string("network_interface_id").optional().force_new().validate(NotEmpty).describe(
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
            .attribute(Attribute::string("instance_region_id").optional_computed().force_new().describe(
                "Alibaba only: the region of the instance, for EIPs added to a shared-bandwidth global acceleration instance (read back as the EIP reports it).",
            ))
            .attribute(Attribute::bool("force").optional_computed().no_api_call().describe(
                "Alibaba only (default `false`): unbind even if the NAT gateway still has DNAT/SNAT entries using the EIP. Used when the association is deleted.",
            ))
            .attribute(Attribute::string("ip_address").computed().use_state_for_unknown().describe("The EIP's public IP address."))
            .attribute(Attribute::string("status").computed().use_state_for_unknown().describe("The EIP's status (Alibaba `Status`, Tencent `AddressStatus`)."))
            .block(timeouts::block(CREATE_TIMEOUT, DELETE_TIMEOUT)),
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
        if req.config.attr("force").is_null() {
            req.set_planned("force", Value::Bool(false));
        }
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
        // What the cloud reports for the new binding is known once it is made.
        if req.creates_object() {
            for attr in ["private_ip_address", "instance_region_id"] {
                if req.config.attr(attr).is_null() {
                    req.set_planned(attr, Value::Unknown);
                }
            }
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
        // Tencent has none of these parameters: they stay null, so that generated
        // configuration leaves them out.
        for attr in ["instance_type", "mode", "instance_region_id", "force"] {
            req.set_planned(attr, Value::Null);
        }
        if eni.is_null() && private_ip.is_null() {
            req.set_planned("private_ip_address", Value::Null);
        }
        req.set_planned("id", tencent::id_of(&req.planned));
    }

    /// The association's identity in drift memory: its ID.
    fn drift_key(planned: &Value) -> Option<&str> {
        planned.attr("id").as_str()
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
            _ => return,
        }
        if diags.has_errors() || !req.live_checks_due() {
            return;
        }
        let Some(api) = for_live_checks(ctx, TYPE_NAME, diags) else { return };
        let mut found = Diagnostics::new();
        let checked = match api.cloud {
            Cloud::Alibaba => alibaba::check(&api, req, &mut found).await,
            Cloud::Tencent => tencent::check(&api, req, &mut found).await,
            Cloud::Volcengine => Ok(()),
        };
        if let Err(e) = checked {
            found.push(failure(&e, "checking the EIP and its target at plan time"));
        }
        report_live_findings(ctx, TYPE_NAME, Self::drift_key(&req.planned), found, diags);
    }

    async fn create(&self, ctx: &Context<'_, ProviderConfig>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let timeout = timeouts::get(planned, "create", CREATE_TIMEOUT);
        match api.cloud {
            Cloud::Alibaba => alibaba::create(&api, planned, timeout, diags).await,
            Cloud::Tencent => tencent::create(&api, planned, timeout, diags).await,
            Cloud::Volcengine => None,
        }
    }

    async fn read(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let found = match api.cloud {
            Cloud::Alibaba => alibaba::read(&api, state).await,
            Cloud::Tencent => tencent::read(&api, state).await,
            Cloud::Volcengine => return None,
        };
        let found = found.map(|outcome| match outcome {
            Observed::Bound(fresh) => Some(fresh),
            Observed::Gone(seen) => {
                if let Some(key) = state.attr("id").as_str() {
                    ctx.drift.record(TYPE_NAME, key, seen);
                }
                None
            }
        });
        read_outcome(found, state, "reading the EIP association", diags)
    }

    async fn delete(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) {
        let Some(api) = connect(ctx, diags) else { return };
        let timeout = timeouts::get(state, "delete", DELETE_TIMEOUT);
        let result = match api.cloud {
            Cloud::Alibaba => alibaba::delete(&api, state, timeout).await,
            Cloud::Tencent => tencent::delete(&api, state, timeout).await,
            Cloud::Volcengine => Ok(()),
        };
        if let Err(e) = result {
            diags.push(failure_within(&e, "removing the EIP association", "delete", timeout));
        }
    }

    async fn import(&self, ctx: &Context<'_, ProviderConfig>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some(api) = connect(ctx, diags) else { return Vec::new() };
        let parts: Vec<&str> = id.split(':').collect();
        let base = empty_state(&self.schema);
        let state = match (api.cloud, parts.as_slice()) {
            (_, [eip, instance]) if !eip.is_empty() && !instance.is_empty() => {
                with_attrs(&base, &[("eip_id", (*eip).into()), ("instance_id", (*instance).into())])
            }
            (Cloud::Tencent, [eip, eni, ip]) if !eip.is_empty() && !eni.is_empty() && ip.parse::<std::net::Ipv4Addr>().is_ok() => with_attrs(
                &base,
                &[("eip_id", (*eip).into()), ("network_interface_id", (*eni).into()), ("private_ip_address", (*ip).into())],
            ),
            _ => {
                let forms = if api.cloud == Cloud::Tencent {
                    "<eip_id>:<instance_id> (e.g. eip-11112222:ins-11112222) or <eip_id>:<network_interface_id>:<private_ip_address> (e.g. eip-11112222:eni-11112222:10.0.0.2)"
                } else {
                    "<eip_id>:<instance_id> (e.g. eip-2zeerraiwb7uj:i-2zebb08phycz)"
                };
                diags.push(bad_import_id(TYPE_NAME, id, forms));
                return Vec::new();
            }
        };
        let state = with_attrs(&state, &[("id", id.into())]);
        let found = match api.cloud {
            Cloud::Alibaba => alibaba::read(&api, &state).await,
            Cloud::Tencent => tencent::read(&api, &state).await,
            Cloud::Volcengine => Ok(Observed::Gone(String::new())),
        };
        let found = found.map(|outcome| match outcome {
            Observed::Bound(fresh) => Some(fresh),
            Observed::Gone(_) => None,
        });
        import_outcome(found, id, "The EIP does not exist or is not bound to that target.", "importing the EIP association", diags)
    }
}

/// What a read found: the association with fresh values, or gone with what is there now.
enum Observed {
    Bound(Value),
    /// Says what the refresh saw and how to resolve it, for the plan that follows.
    Gone(String),
}

/// What to do about an association that exists as configured but is not in this
/// workspace's state.
fn already_there(id: &str) -> String {
    format!(
        "It is not recorded in this workspace's state (it was made outside Terraform, or by an apply whose provider was killed), and tether does not take over what it did not make. Import it: terraform import <this resource's address> {id}"
    )
}

/// How to resolve an association that changed outside Terraform.
const RESOLVE: &str = "To re-create it as configured, free the EIP and the target outside Terraform; to keep what is there now, change the configuration to match and import it (terraform import, or an import block); or remove the resource from the configuration.";

/// Alibaba Cloud VPC: AssociateEipAddress, DescribeEipAddresses, UnassociateEipAddress.
mod alibaba {
    use super::*;

    /// One EIP, through the client's coalesced reads (concurrent reads share calls).
    async fn describe(api: &CloudAccess<'_>, allocation_id: &str, timeout: Duration) -> Result<Option<EipAddress>, ClientError> {
        api.client.describe_eip(allocation_id, &api.reading(timeout)).await
    }

    /// One EIP as the cloud reports it now (never a cached region listing): for waits.
    async fn fresh(api: &CloudAccess<'_>, allocation_id: &str, timeout: Duration) -> Result<Option<EipAddress>, ClientError> {
        api.client.forget_cached(CachedKind::Eip, allocation_id);
        describe(api, allocation_id, timeout).await
    }

    /// The attributes the cloud reports for a binding; create and read store the same.
    fn observed(eip: &EipAddress) -> Vec<(&'static str, Value)> {
        let instance_type = string_or_null(&eip.instance_type);
        let mode = if eip.instance_type == rules::ALIBABA_MODE_INSTANCE_TYPE { string_or_null(&eip.mode) } else { Value::Null };
        vec![
            ("ip_address", Value::from(eip.ip_address.as_str())),
            ("status", Value::from(eip.status.as_str())),
            ("instance_type", instance_type),
            ("mode", mode),
            ("private_ip_address", string_or_null(&eip.private_ip_address)),
            ("instance_region_id", string_or_null(&eip.instance_region_id)),
        ]
    }

    /// Whether the EIP is bound to `instance` (the binding in effect or under way).
    fn bound_to(eip: &EipAddress, instance: &str) -> bool {
        !instance.is_empty() && eip.instance_id == instance && eip.status != rules::ALIBABA_BINDABLE_STATUS
    }

    pub async fn create(api: &CloudAccess<'_>, planned: &Value, timeout: Duration, diags: &mut Diagnostics) -> Option<Value> {
        let deadline_ctx = api.within(timeout);
        let eip_id = text(planned, "eip_id");
        let instance_id = text(planned, "instance_id");
        let instance_type = text(planned, "instance_type");
        let request = AssociateEipAddressRequest {
            region_id: api.region.to_owned(),
            allocation_id: eip_id.to_owned(),
            instance_id: instance_id.to_owned(),
            instance_type: non_empty(instance_type),
            instance_region_id: non_empty(text(planned, "instance_region_id")),
            private_ip_address: non_empty(text(planned, "private_ip_address")),
            mode: non_empty(text(planned, "mode")),
            client_token: Some(tether_client::client_token()),
            ..Default::default()
        };
        if let Err(e) = api.client.call(&request, &deadline_ctx).await {
            diags.push(failure_within(&e, &format!("binding EIP {eip_id} to {instance_id}"), "create", timeout));
            return partial(api, planned, eip_id, instance_id).await;
        }
        // Wait until the EIP is really bound to this instance (Stop ends the wait only after a
        // grace period: the bind was accepted).
        let (finish, _guard) = api.finishing(deadline_ctx.deadline);
        let waited = tether_client::poll_until(
            &format!("waiting for EIP {eip_id} to be bound to {instance_id}"),
            POLL_INTERVAL,
            finish.deadline,
            &finish.cancel,
            || async {
                match fresh(api, eip_id, timeout).await? {
                    Some(eip) if eip.status == "InUse" && eip.instance_id == instance_id => Ok(tether_client::PollStep::Done(eip)),
                    Some(eip) if eip.status == rules::ALIBABA_BINDABLE_STATUS => Err(ClientError::WaitFailed {
                        what: format!("binding EIP {eip_id}"),
                        reason: format!("the EIP went back to Available without being bound to {instance_id}"),
                    }),
                    Some(eip) => Ok(tether_client::PollStep::Pending { state: eip.status }),
                    None => Err(ClientError::WaitFailed { what: format!("binding EIP {eip_id}"), reason: "the EIP no longer exists".into() }),
                }
            },
        )
        .await;
        match waited {
            Ok(eip) => Some(fill_unknowns(planned, &observed(&eip))),
            Err(e) => {
                diags.push(failure_within(&e, &format!("waiting for EIP {eip_id} to be bound"), "create", timeout));
                partial(api, planned, eip_id, instance_id).await
            }
        }
    }

    /// After a failed create: the partial state to record when the EIP is bound to the
    /// instance after all (see [`partial_create`]).
    async fn partial(api: &CloudAccess<'_>, planned: &Value, eip_id: &str, instance_id: &str) -> Option<Value> {
        let now = fresh(api, eip_id, READ_TIMEOUT).await.ok().flatten();
        let observed = now.as_ref().map(observed).unwrap_or_default();
        partial_create(planned, now.as_ref().is_some_and(|eip| bound_to(eip, instance_id)), &observed)
    }

    pub async fn read(api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError> {
        let eip_id = text(state, "eip_id");
        let instance_id = text(state, "instance_id");
        let Some(eip) = describe(api, eip_id, READ_TIMEOUT).await? else {
            return Ok(Observed::Gone(format!("EIP {eip_id} no longer exists in {}. {RESOLVE}", api.region)));
        };
        // Unbound, or bound elsewhere out of band: the association is gone.
        if !bound_to(&eip, instance_id) {
            let now = if eip.instance_id.is_empty() {
                format!("EIP {eip_id} is no longer bound to {instance_id} (it is {}).", eip.status)
            } else {
                format!("EIP {eip_id} is now bound to {} ({}) instead of {instance_id}.", eip.instance_id, eip.instance_type)
            };
            return Ok(Observed::Gone(format!("{now} {RESOLVE}")));
        }
        let mut updates = observed(&eip);
        updates.push(("id", joined_id(&[state.attr("eip_id"), state.attr("instance_id")])));
        if state.attr("force").is_null() {
            // Imported: the delete option has its default until the configuration sets it.
            updates.push(("force", Value::Bool(false)));
        }
        Ok(Observed::Bound(with_attrs(state, &updates)))
    }

    pub async fn delete(api: &CloudAccess<'_>, state: &Value, timeout: Duration) -> Result<(), ClientError> {
        let ctx = api.within(timeout);
        let eip_id = text(state, "eip_id");
        let instance_id = text(state, "instance_id");
        // Let a transition under way settle, and stop if the association is already gone.
        let settled = tether_client::poll_until(
            &format!("waiting for EIP {eip_id} to settle"),
            POLL_INTERVAL,
            ctx.deadline,
            &ctx.cancel,
            || async {
                Ok(match fresh(api, eip_id, timeout).await? {
                    Some(eip) if ALIBABA_TRANSITIONS.contains(&eip.status.as_str()) => tether_client::PollStep::Pending { state: eip.status },
                    other => tether_client::PollStep::Done(other),
                })
            },
        )
        .await?;
        let Some(eip) = settled else { return Ok(()) };
        if eip.instance_id != instance_id {
            return Ok(());
        }
        let request = UnassociateEipAddressRequest {
            region_id: api.region.to_owned(),
            allocation_id: eip_id.to_owned(),
            instance_id: Some(instance_id.to_owned()),
            instance_type: non_empty(&eip.instance_type),
            private_ip_address: non_empty(text(state, "private_ip_address")),
            force: state.attr("force").as_bool().filter(|f| *f),
            client_token: Some(tether_client::client_token()),
        };
        match api.client.call(&request, &ctx.clone().retry_also([alibaba_vpc::INCORRECT_EIP_STATUS.code])).await {
            Ok(_) => {}
            Err(e) if has_code(&e, &[alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND.code]) => return Ok(()),
            Err(e) => return Err(e),
        }
        tether_client::poll_until(&format!("waiting for EIP {eip_id} to be unbound"), POLL_INTERVAL, ctx.deadline, &ctx.cancel, || async {
            Ok(match fresh(api, eip_id, timeout).await? {
                Some(eip) if eip.instance_id == instance_id && eip.status != rules::ALIBABA_BINDABLE_STATUS => {
                    tether_client::PollStep::Pending { state: eip.status }
                }
                _ => tether_client::PollStep::Done(()),
            })
        })
        .await
    }

    /// Live plan-time rules: the EIP exists and is free, the target holds no EIP yet. What
    /// the association being replaced holds counts as free: Terraform destroys it first.
    pub async fn check(api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError> {
        let Some(eip_id) = req.planned.attr("eip_id").as_str() else { return Ok(()) };
        let instance = req.planned.attr("instance_id").as_str().unwrap_or_default();
        let released = req.released();
        let held_by_released = |eip: &str, target: &str| released.is_some_and(|p| text(p, "eip_id") == eip && text(p, "instance_id") == target);
        match describe(api, eip_id, READ_TIMEOUT).await? {
            None => diags.push(
                Diagnostic::rule(
                    alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND.code,
                    format!("EIP {eip_id} does not exist in {}", api.region),
                    "AssociateEipAddress would fail: the specified allocation ID is not found.",
                )
                .at(AttrPath::attr("eip_id")),
            ),
            // Bound to this very target, but not by this resource: tether does not take it over.
            Some(eip) if bound_to(&eip, instance) => diags.push(
                Diagnostic::rule(
                    alibaba_vpc::INCORRECT_EIP_STATUS.code,
                    format!("EIP {eip_id} is already bound to {instance}"),
                    already_there(&format!("{eip_id}:{instance}")),
                )
                .at(AttrPath::attr("eip_id")),
            ),
            // Bound by the association this plan replaces: free once it is destroyed.
            Some(eip) if held_by_released(eip_id, &eip.instance_id) => {}
            Some(eip) if eip.status != rules::ALIBABA_BINDABLE_STATUS => diags.push(
                Diagnostic::rule(
                    alibaba_vpc::INCORRECT_EIP_STATUS.code,
                    format!("EIP {eip_id} is {}, not {}", eip.status, rules::ALIBABA_BINDABLE_STATUS),
                    format!(
                        "Only an Available EIP can be bound{}.",
                        if eip.instance_id.is_empty() { String::new() } else { format!("; it is bound to {}", eip.instance_id) }
                    ),
                )
                .at(AttrPath::attr("eip_id")),
            ),
            Some(_) => {}
        }
        if let (false, Some(instance_type)) = (instance.is_empty(), req.planned.attr("instance_type").as_str()) {
            let request = DescribeEipAddressesRequest {
                region_id: api.region.to_owned(),
                associated_instance_id: Some(instance.to_owned()),
                associated_instance_type: Some(instance_type.to_owned()),
                ..Default::default()
            };
            let resp = api.client.call(&request, &api.reading(READ_TIMEOUT)).await?;
            let other = resp.eip_addresses.items.iter().find(|e| e.allocation_id != eip_id && e.instance_id == instance && !held_by_released(&e.allocation_id, instance));
            if let Some(other) = other {
                diags.push(
                    Diagnostic::rule(
                        alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED.code,
                        format!("{instance} already holds EIP {}", other.allocation_id),
                        "An instance holds one EIP; unbind the other EIP first.",
                    )
                    .at(AttrPath::attr("instance_id")),
                );
            }
        }
        Ok(())
    }
}

/// Tencent Cloud VPC: AssociateAddress, DescribeAddresses, DisassociateAddress, DescribeTaskResult.
mod tencent {
    use super::*;

    /// One EIP, through the client's coalesced reads (concurrent reads share calls).
    async fn describe(api: &CloudAccess<'_>, address_id: &str, timeout: Duration) -> Result<Option<Address>, ClientError> {
        api.client.describe_address(address_id, &api.reading(timeout)).await
    }

    /// One EIP as the cloud reports it now (never a cached region listing): around writes.
    async fn fresh(api: &CloudAccess<'_>, address_id: &str, timeout: Duration) -> Result<Option<Address>, ClientError> {
        api.client.forget_cached(CachedKind::Address, address_id);
        describe(api, address_id, timeout).await
    }

    /// `<eip_id>:<instance_id>`, or `<eip_id>:<network_interface_id>:<private_ip_address>`.
    pub fn id_of(state: &Value) -> Value {
        if state.attr("network_interface_id").is_null() {
            joined_id(&[state.attr("eip_id"), state.attr("instance_id")])
        } else {
            joined_id(&[state.attr("eip_id"), state.attr("network_interface_id"), state.attr("private_ip_address")])
        }
    }

    /// The target an EIP is bound to, as the configuration would name it.
    fn target_of(address: &Address) -> String {
        match (address.instance_id.as_deref().filter(|i| !i.is_empty()), address.network_interface_id.as_deref(), address.private_address_ip.as_deref()) {
            (Some(instance), _, _) => instance.to_owned(),
            (None, Some(eni), Some(ip)) if !eni.is_empty() => format!("{eni} ({ip})"),
            _ => String::new(),
        }
    }

    fn bound_to_target(address: &Address, state: &Value) -> bool {
        let eni = text(state, "network_interface_id");
        if eni.is_empty() {
            address.instance_id.as_deref() == Some(text(state, "instance_id")) && !text(state, "instance_id").is_empty()
        } else {
            address.network_interface_id.as_deref() == Some(eni)
                && address.private_address_ip.as_deref() == Some(text(state, "private_ip_address"))
        }
    }

    fn observed(address: &Address) -> Vec<(&'static str, Value)> {
        vec![("ip_address", Value::from(address.address_ip.as_str())), ("status", Value::from(address.address_status.as_str()))]
    }

    pub async fn create(api: &CloudAccess<'_>, planned: &Value, timeout: Duration, diags: &mut Diagnostics) -> Option<Value> {
        let ctx = api.within(timeout);
        let eip_id = text(planned, "eip_id");
        let request = AssociateAddressRequest {
            address_id: eip_id.to_owned(),
            instance_id: non_empty(text(planned, "instance_id")),
            network_interface_id: non_empty(text(planned, "network_interface_id")),
            private_ip_address: if text(planned, "network_interface_id").is_empty() { None } else { non_empty(text(planned, "private_ip_address")) },
            ..Default::default()
        };
        let task = match api.client.call(&request, &ctx).await {
            Ok(resp) => resp.task_id,
            Err(e) => {
                diags.push(failure_within(&e, &format!("binding EIP {eip_id}"), "create", timeout));
                return partial(api, planned, eip_id).await;
            }
        };
        // The bind was accepted: Stop ends the wait only after a grace period.
        let (finish, _guard) = api.finishing(ctx.deadline);
        if let Err(e) = api.client.wait_tencent_task(&task, POLL_INTERVAL, &finish).await {
            diags.push(failure_within(&e, &format!("waiting for the task binding EIP {eip_id}"), "create", timeout));
            return partial(api, planned, eip_id).await;
        }
        match fresh(api, eip_id, timeout).await {
            Ok(Some(address)) if bound_to_target(&address, planned) => Some(fill_unknowns(planned, &observed(&address))),
            Ok(_) => {
                diags.push(Diagnostic::error(
                    format!("EIP {eip_id} is not bound after its task succeeded"),
                    "DescribeAddresses does not show the EIP on the requested target.",
                ));
                None
            }
            Err(e) => {
                diags.push(failure_within(&e, &format!("reading EIP {eip_id} after binding it"), "create", timeout));
                partial(api, planned, eip_id).await
            }
        }
    }

    /// After a failed create: the partial state to record when the EIP is bound to the
    /// target after all (see [`partial_create`]).
    async fn partial(api: &CloudAccess<'_>, planned: &Value, eip_id: &str) -> Option<Value> {
        let now = fresh(api, eip_id, READ_TIMEOUT).await.ok().flatten();
        let observed = now.as_ref().map(observed).unwrap_or_default();
        partial_create(planned, now.as_ref().is_some_and(|a| bound_to_target(a, planned)), &observed)
    }

    pub async fn read(api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError> {
        let eip_id = text(state, "eip_id");
        let Some(address) = describe(api, eip_id, READ_TIMEOUT).await? else {
            return Ok(Observed::Gone(format!("EIP {eip_id} no longer exists in {}. {RESOLVE}", api.region)));
        };
        if !bound_to_target(&address, state) {
            let target = target_of(&address);
            let now = if target.is_empty() {
                format!("EIP {eip_id} is no longer bound (it is {}).", address.address_status)
            } else {
                format!("EIP {eip_id} is now bound to {target}.")
            };
            return Ok(Observed::Gone(format!("{now} {RESOLVE}")));
        }
        let mut updates = observed(&address);
        updates.push(("id", id_of(state)));
        for attr in ["instance_type", "mode", "instance_region_id", "force"] {
            updates.push((attr, Value::Null));
        }
        Ok(Observed::Bound(with_attrs(state, &updates)))
    }

    pub async fn delete(api: &CloudAccess<'_>, state: &Value, timeout: Duration) -> Result<(), ClientError> {
        let ctx = api.within(timeout);
        let eip_id = text(state, "eip_id");
        match fresh(api, eip_id, timeout).await? {
            Some(address) if bound_to_target(&address, state) => {}
            _ => return Ok(()),
        }
        let request = DisassociateAddressRequest { address_id: eip_id.to_owned(), ..Default::default() };
        let task = match api.client.call(&request, &ctx).await {
            Ok(resp) => resp.task_id,
            Err(e) if has_code(&e, &[tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND.code]) => return Ok(()),
            Err(e) => return Err(e),
        };
        api.client.wait_tencent_task(&task, POLL_INTERVAL, &ctx).await?;
        api.client.forget_cached(CachedKind::Address, eip_id);
        Ok(())
    }

    /// Live plan-time rules: the EIP exists, is free, not blocked or in arrears, and the
    /// target holds no EIP yet. What the association being replaced holds counts as free.
    pub async fn check(api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError> {
        let Some(eip_id) = req.planned.attr("eip_id").as_str() else { return Ok(()) };
        let at = || AttrPath::attr("eip_id");
        let released = req.released();
        let held_by_released = |address: &Address| released.is_some_and(|p| text(p, "eip_id") == address.address_id && bound_to_target(address, p));
        let described = describe(api, eip_id, READ_TIMEOUT).await?;
        let released_here = described.as_ref().is_some_and(|a| held_by_released(a));
        match described {
            None => diags.push(
                Diagnostic::rule(tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND.code, format!("EIP {eip_id} does not exist in {}", api.region), tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND.message).at(at()),
            ),
            Some(a) if a.is_blocked => diags.push(
                Diagnostic::rule(tencent_vpc::INVALID_ADDRESS_ID_BLOCKED.code, format!("EIP {eip_id} is blocked"), tencent_vpc::INVALID_ADDRESS_ID_BLOCKED.message).at(at()),
            ),
            Some(a) if a.is_arrears => diags.push(
                Diagnostic::rule(tencent_vpc::INVALID_ADDRESS_ID_STATE_IN_ARREARS.code, format!("EIP {eip_id} is in arrears"), tencent_vpc::INVALID_ADDRESS_ID_STATE_IN_ARREARS.message).at(at()),
            ),
            // Bound by the association this plan replaces: free once it is destroyed.
            Some(_) if released_here => {}
            // Bound to this very target, but not by this resource: tether does not take it over.
            Some(a) if bound_to_target(&a, &req.planned) => diags.push(
                Diagnostic::rule(
                    tencent_vpc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT.code,
                    format!("EIP {eip_id} is already bound to {}", target_of(&a)),
                    already_there(req.planned.attr("id").as_str().unwrap_or(eip_id)),
                )
                .at(at()),
            ),
            Some(a) if a.address_status != rules::TENCENT_BINDABLE_STATUS => {
                let target = target_of(&a);
                diags.push(
                    Diagnostic::rule(
                        tencent_vpc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT.code,
                        format!("EIP {eip_id} is {}, not {}", a.address_status, rules::TENCENT_BINDABLE_STATUS),
                        if target.is_empty() { tencent_vpc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT.message.to_owned() } else { format!("It is bound to {target}. {}", tencent_vpc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT.message) },
                    )
                    .at(at()),
                )
            }
            Some(_) => {}
        }
        let (filter, value, error, attr) = match (req.planned.attr("instance_id").as_str(), req.planned.attr("private_ip_address").as_str()) {
            (Some(instance), _) => ("instance-id", instance, tencent_vpc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP, "instance_id"),
            (None, Some(ip)) => ("private-ip-address", ip, tencent_vpc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP, "private_ip_address"),
            _ => return Ok(()),
        };
        let request = DescribeAddressesRequest { filters: vec![Filter { name: filter.to_owned(), values: vec![value.to_owned()] }], ..Default::default() };
        let resp = api.client.call(&request, &api.reading(READ_TIMEOUT)).await?;
        let eni = req.planned.attr("network_interface_id").as_str();
        let taken = resp.address_set.iter().find(|a| {
            a.address_id != eip_id && (attr == "instance_id" || eni.is_none() || a.network_interface_id.as_deref() == eni) && !held_by_released(a)
        });
        if let Some(other) = taken {
            diags.push(
                Diagnostic::rule(error.code, format!("{value} already holds EIP {}", other.address_id), error.message).at(AttrPath::attr(attr)),
            );
        }
        Ok(())
    }
}
