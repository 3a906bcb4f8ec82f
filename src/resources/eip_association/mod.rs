//! `tether_eip_association`: an elastic IP bound to an instance, on Alibaba Cloud
//! (AssociateEipAddress) or Tencent Cloud (AssociateAddress, to an instance or to a private
//! IP of a network interface). One binder per cloud: [`alibaba`] and [`tencent`].

mod alibaba;
mod tencent;

use tether_client::CachedKind;
use tether_wire::api::alibaba_ecs::{eni as ecs_eni, instance_status as ecs_status, network_type as ecs_network};
use tether_wire::api::alibaba_slb::load_balancer_status as slb_status;
use tether_wire::api::alibaba_vpc::{eip_status, AssociateEipAddressRequest, DescribeEipAddressesRequest, EipAddress, UnassociateEipAddressRequest};
use tether_wire::api::tencent_cvm::instance_state as cvm_state;
use tether_wire::api::tencent_vpc::{Address, AssociateAddressRequest, DescribeAddressesRequest, DisassociateAddressRequest, Filter};
use tether_wire::constraints::alibaba_vpc;
use tether_wire::constraints::{eip_association as rules, tencent_vpc, ApiError};

use super::prelude::*;
use crate::framework::validators::{Ipv4, NotEmpty, OneOf, MISSING_PARAMETER};

model! {
    /// What the API calls of an association use, from its state or an apply's plan.
    pub struct Association<'v> {
        /// The arguments and the ID in a plan, where each may be unknown yet.
        planned PlannedAssociation {
            eip_id / EIP_ID: &'v str,
            instance_id / INSTANCE_ID: &'v str,
            instance_type / INSTANCE_TYPE: &'v str,
            network_interface_id / NETWORK_INTERFACE_ID: &'v str,
            private_ip_address / PRIVATE_IP_ADDRESS: &'v str,
            mode / MODE: &'v str,
            instance_region_id / INSTANCE_REGION_ID: &'v str,
            id / ID: &'v Value,
        }
        force / FORCE: Option<bool>,
        ip_address / IP_ADDRESS: &'v Value,
        status / STATUS: &'v Value,
    }
}

pub const TYPE_NAME: &str = "tether_eip_association";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba, Cloud::Tencent];
const CREATE_TIMEOUT: Duration = Duration::from_secs(300);
const DELETE_TIMEOUT: Duration = Duration::from_secs(300);
/// Each cloud's answer to a malformed private IP.
const PRIVATE_IP_SYNTAX_ERRORS: &[ApiError] = &[rules::PRIVATE_IP_SYNTAX_ERROR_ALIBABA, rules::PRIVATE_IP_SYNTAX_ERROR_TENCENT];
/// Alibaba EIP statuses during a transition.
const ALIBABA_TRANSITIONS: &[&str] = &[eip_status::ASSOCIATING, eip_status::UNASSOCIATING];

resource_type!(EipAssociation);

/// The state an `<eip_id>:<instance_id>` import ID (both clouds' first form) starts from.
fn eip_on_instance(base: &Value, parts: &[&str]) -> Option<Value> {
    match parts {
        [eip, instance] if !eip.is_empty() && !instance.is_empty() => {
            Some(with_attrs(base, &[(Association::EIP_ID, (*eip).into()), (Association::INSTANCE_ID, (*instance).into())]))
        }
        _ => None,
    }
}

/// The attributes that name one association, and the import ID forms they make.
fn identity() -> Identity {
    Identity::new()
        .required(Association::EIP_ID, "The EIP: Alibaba `AllocationId`, Tencent `AddressId`.")
        .optional(Association::INSTANCE_ID, "The instance (or other target) the EIP is bound to; with `eip_id` alone.")
        .optional(Association::NETWORK_INTERFACE_ID, "Tencent: the ENI the EIP is bound to; with `private_ip_address`.")
        .optional(Association::PRIVATE_IP_ADDRESS, "Tencent: the ENI's private IP the EIP is bound to; with `network_interface_id`.")
        .form(&[Association::EIP_ID, Association::INSTANCE_ID])
        .form(&[Association::EIP_ID, Association::NETWORK_INTERFACE_ID, Association::PRIVATE_IP_ADDRESS])
}

fn schema() -> Schema {
    Schema::new(
        0,
        Block::new("Binds an elastic IP to an instance (Alibaba Cloud, Tencent Cloud). Create waits until the EIP is bound; delete until it is free again.")
            .attribute(id_attribute("<eip_id>:<instance_id>` or, Tencent ENI form, `<eip_id>:<network_interface_id>:<private_ip_address>"))
            .attribute(Attribute::string(Association::EIP_ID).required().force_new().validate(NotEmpty).describe("The EIP: Alibaba `AllocationId`, Tencent `AddressId`."))
            .attribute(
                Attribute::string(Association::INSTANCE_ID)
                    .optional()
                    .force_new()
                    .validate(NotEmpty)
                    .describe("The instance to bind to. Required on Alibaba; on Tencent give exactly one of `instance_id` and `network_interface_id`."),
            )
            .attribute(
                Attribute::string(Association::INSTANCE_TYPE)
                    .optional_computed()
                    .force_new()
                    .validate(OneOf(rules::ALIBABA_INSTANCE_TYPES))
                    .describe("Alibaba only: `EcsInstance` (default), `SlbInstance`, `Nat`, `NetworkInterface`, `HaVip` or `IpAddress` (an `IpAddress` binding can be imported and unbound, not made: it needs a `VpcId` this resource does not take)."),
            )
            .attribute(
                Attribute::string(Association::NETWORK_INTERFACE_ID)
                    .optional()
                    .force_new()
                    .validate(NotEmpty)
                    .describe("Tencent only: the ENI whose private IP gets the EIP; requires `private_ip_address`. (On Alibaba use `instance_type = \"NetworkInterface\"`.)"),
            )
            .attribute(
                Attribute::string(Association::PRIVATE_IP_ADDRESS)
                    .optional_computed()
                    .force_new()
                    .validate(Ipv4(PRIVATE_IP_SYNTAX_ERRORS))
                    .describe("The private IPv4 address to bind to. Required on Tencent with `network_interface_id`."),
            )
            .attribute(
                Attribute::string(Association::MODE)
                    .optional_computed()
                    .force_new()
                    .validate(OneOf(rules::ALIBABA_MODES))
                    .describe("Alibaba only, with `instance_type = \"NetworkInterface\"`: `NAT` (default), `MULTI_BINDED` or `BINDED`."),
            )
            .attribute(
                Attribute::string(Association::INSTANCE_REGION_ID)
                    .optional_computed()
                    .force_new()
                    .describe("Alibaba only: the region of the instance, for EIPs added to a shared-bandwidth global acceleration instance (read back as the EIP reports it)."),
            )
            .attribute(
                Attribute::bool(Association::FORCE)
                    .optional_computed()
                    .no_api_call()
                    .describe("Alibaba only (default `false`): unbind even if the NAT gateway still has DNAT/SNAT entries using the EIP. Used when the association is deleted."),
            )
            .attribute(Attribute::string(Association::IP_ADDRESS).computed().use_state_for_unknown().describe("The EIP's public IP address."))
            .attribute(Attribute::string(Association::STATUS).computed().use_state_for_unknown().describe("The EIP's status (Alibaba `Status`, Tencent `AddressStatus`)."))
            .block(timeouts::block(CREATE_TIMEOUT, DELETE_TIMEOUT)),
    )
}

/// The documented rules beyond the attribute validators: each cloud's, then the shared ones.
fn rule_book() -> RuleBook {
    let mut rules = alibaba::Alibaba.rules();
    rules.extend(tencent::Tencent.rules());
    rules.push(Rule::live(
        "the association does not exist already outside this workspace's state (import it instead)",
        &[],
        &[alibaba_vpc::INCORRECT_EIP_STATUS, tencent::STATUS_NOT_PERMIT],
    ));
    RuleBook { rules, live_when: CREATE_OR_REPLACE, api_notice: None }
}

/// One cloud's way of binding an EIP; the resource's operations dispatch to it.
#[async_trait]
trait Binder: Send + Sync {
    /// Cloud-specific planning: the arguments the cloud does not have, defaults, the ID.
    fn plan(&self, req: &mut PlanRequest, diags: &mut Diagnostics);
    /// The live rules, read-only.
    async fn check(&self, api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError>;
    /// Binds the EIP as planned and waits until it is bound; the new state.
    async fn create(&self, api: &CloudAccess<'_>, planned: &Value, timeout: Duration, diags: &mut Diagnostics) -> Option<Value>;
    async fn read(&self, api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError>;
    /// Unbinds the EIP if it is still bound as in `state`, and waits until it is free.
    async fn delete(&self, api: &CloudAccess<'_>, state: &Value, timeout: Duration) -> Result<(), ClientError>;
    /// The cloud's rules beyond the attribute validators.
    fn rules(&self) -> Vec<Rule>;
    /// The import ID forms, for the error on a malformed one.
    fn import_forms(&self) -> &'static str;
    /// The state an import ID's parts name; `None` when they are not one of the forms.
    fn import_state(&self, base: &Value, parts: &[&str]) -> Option<Value>;
}

/// The binder of `cloud`.
fn binder(cloud: Cloud) -> Option<&'static dyn Binder> {
    match cloud {
        Cloud::Alibaba => Some(&alibaba::Alibaba),
        Cloud::Tencent => Some(&tencent::Tencent),
        Cloud::Volcengine => None,
    }
}

/// Binds the EIP as planned and waits until it is bound.
async fn bind(binder: &dyn Binder, api: &CloudAccess<'_>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
    binder.create(api, planned, timeouts::get(planned, "create", CREATE_TIMEOUT), diags).await
}

#[async_trait]
impl Resource<ProviderConfig> for EipAssociation {
    fn declaration(&self) -> &Declaration {
        &self.declaration
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        let Some(binder) = supported_cloud(ctx, TYPE_NAME, CLOUDS, diags).and_then(binder) else { return };
        binder.plan(req, diags);
        plan_recreation(req);
        run_live_checks(ctx, TYPE_NAME, "the EIP and its target", req, diags, async |api, found| binder.check(api, req, found).await).await;
    }

    async fn create(&self, ctx: &Context<'_, ProviderConfig>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        bind(binder(api.cloud)?, &api, planned, diags).await
    }

    async fn read(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        let found = binder(api.cloud)?.read(&api, state).await;
        read_outcome(found.map(|observed| settle_read(state, observed, private)), state, "reading the EIP association", diags)
    }

    /// In place, only what makes no API call changes, unless a refresh found the association
    /// gone: then it is made again.
    async fn update(&self, ctx: &Context<'_, ProviderConfig>, prior: &Value, planned: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        remake_if_gone(prior, planned, private, async {
            let api = connect(ctx, diags)?;
            bind(binder(api.cloud)?, &api, planned, diags).await
        })
        .await
    }

    async fn delete(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) {
        let Some(api) = connect(ctx, diags) else { return };
        let Some(binder) = binder(api.cloud) else { return };
        let timeout = timeouts::get(state, "delete", DELETE_TIMEOUT);
        if let Err(e) = binder.delete(&api, state, timeout).await {
            diags.push(failure_within(&e, "removing the EIP association", "delete", timeout));
        }
    }

    async fn import(&self, ctx: &Context<'_, ProviderConfig>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some(api) = connect(ctx, diags) else { return Vec::new() };
        let Some(binder) = binder(api.cloud) else { return Vec::new() };
        let parts: Vec<&str> = id.split(':').collect();
        let Some(state) = binder.import_state(&empty_state(&self.declaration.schema), &parts) else {
            diags.push(bad_import_id(TYPE_NAME, id, binder.import_forms()));
            return Vec::new();
        };
        let state = with_attrs(&state, &[(Association::ID, id.into())]);
        let found = binder.read(&api, &state).await.map(Observed::present);
        import_outcome(found, id, "The EIP does not exist or is not bound to that target.", "importing the EIP association", diags)
    }
}

/// How to resolve an association that changed outside Terraform.
const RESOLVE: &str = "To make it again as configured, free the EIP and the target outside Terraform and apply; to keep what is there now, replace this resource's state with it (terraform state rm, then terraform import) and change the configuration to match; or remove the resource from the configuration.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::model::assert_models_fit;

    #[test]
    fn the_models_read_declared_attributes_and_name_them_all() {
        assert_models_fit::<Association, PlannedAssociation>(&schema());
    }
}
