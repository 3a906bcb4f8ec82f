//! `tether_havip_attachment`: an ECS instance or network interface attached to a
//! Volcengine high-availability virtual IP (AssociateHaVip).

use tether_client::{CachedKind, PollStep};
use tether_wire::api::volcengine_ecs::instance_status as volc_instance_status;
use tether_wire::api::volcengine_vpc::{AssociateHaVipRequest, DescribeHaVipsRequest, DisassociateHaVipRequest, HaVip};
use tether_wire::api::words::pascal::{ECS_INSTANCE, NETWORK_INTERFACE};
use tether_wire::api::Paginated;
use tether_wire::constraints::havip_attachment as rules;
use tether_wire::constraints::volcengine_vpc;
use tether_wire::constraints::ApiError;

use super::prelude::*;
use crate::framework::validators::{NotEmpty, OneOf};

model! {
    /// What the API calls of an attachment use, from its state or an apply's plan.
    pub struct Membership<'v> {
        /// The arguments in a plan, where each may be unknown yet.
        planned PlannedMembership {
            havip_id / HAVIP_ID: &'v str,
            instance_id / INSTANCE_ID: &'v str,
            instance_type / INSTANCE_TYPE: &'v str,
        }
        id / ID: &'v Value,
        ip_address / IP_ADDRESS: &'v Value,
        status / STATUS: &'v Value,
    }
}

pub const TYPE_NAME: &str = "tether_havip_attachment";
const CLOUDS: &[Cloud] = &[Cloud::Volcengine];
const CREATE_TIMEOUT: Duration = Duration::from_secs(300);
const DELETE_TIMEOUT: Duration = Duration::from_secs(300);

/// One HaVip, through the client's coalesced reads (concurrent reads share calls).
async fn describe(api: &CloudAccess<'_>, havip_id: &str, ctx: &CallContext) -> Result<Option<HaVip>, ClientError> {
    api.client.describe_havip(havip_id, ctx).await
}

/// One HaVip as the cloud reports it now (never a cached region listing): around writes.
async fn fresh(api: &CloudAccess<'_>, havip_id: &str, ctx: &CallContext) -> Result<Option<HaVip>, ClientError> {
    api.client.forget_cached(CachedKind::HaVip, havip_id);
    describe(api, havip_id, ctx).await
}

fn observed(havip: &HaVip) -> Vec<(&'static str, Value)> {
    vec![(Membership::IP_ADDRESS, Value::from(havip.ip_address.as_str())), (Membership::STATUS, Value::from(havip.status.as_str()))]
}

fn member_type(havip: &HaVip) -> Option<&str> {
    (!havip.associated_instance_type.is_empty()).then_some(havip.associated_instance_type.as_str())
}

resource_type!(HavipAttachment);

/// The attributes whose values, joined by `:`, make the import ID (and the `id`).
const IMPORT_ID_PARTS: [&str; 2] = [Membership::HAVIP_ID, Membership::INSTANCE_ID];

/// The attributes that name one association, and the import ID forms they make.
fn identity() -> Identity {
    Identity::new().required(Membership::HAVIP_ID, "The HaVip.").required(Membership::INSTANCE_ID, "The member instance or ENI.").form(&IMPORT_ID_PARTS)
}

fn schema() -> Schema {
    Schema::new(
        0,
        Block::new("Attaches an ECS instance or a network interface to a Volcengine HaVip. At most 10 members per HaVip, all of one type, in the HaVip's subnet.")
            .attribute(id_attribute("<havip_id>:<instance_id>"))
            .attribute(Attribute::string(Membership::HAVIP_ID).required().force_new().validate(NotEmpty).describe("The HaVip ID."))
            .attribute(Attribute::string(Membership::INSTANCE_ID).required().force_new().validate(NotEmpty).describe("The ECS instance or network interface ID."))
            .attribute(
                Attribute::string(Membership::INSTANCE_TYPE)
                    .default_value(rules::INSTANCE_TYPES.default.unwrap_or(ECS_INSTANCE))
                    .force_new()
                    .validate(OneOf(rules::INSTANCE_TYPES))
                    .describe("`EcsInstance` (default) or `NetworkInterface`."),
            )
            .attribute(Attribute::string(Membership::IP_ADDRESS).computed().use_state_for_unknown().describe("The HaVip's IP address."))
            .attribute(Attribute::string(Membership::STATUS).computed().use_state_for_unknown().describe("The HaVip's status."))
            .block(timeouts::block(CREATE_TIMEOUT, DELETE_TIMEOUT)),
    )
}

/// The documented rules beyond the attribute validators.
fn rule_book() -> RuleBook {
    RuleBook {
        rules: vec![
            Rule::live("the HaVip exists", &[], &[volcengine_vpc::INVALID_HAVIP_NOT_FOUND]),
            Rule::live(
                format!("the HaVip is {}", rules::ASSOCIABLE_STATUSES.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")),
                &[],
                &[volcengine_vpc::INVALID_HAVIP_INVALID_STATUS],
            ),
            Rule::live(format!("the HaVip has at most {} members with this one", rules::MEMBERS_PER_HAVIP.max), &[], &[rules::MEMBERS_PER_HAVIP.error]),
            Rule::live("the HaVip's members are all ECS instances or all network interfaces, never both", &[], &[rules::MIXED_MEMBER_TYPES]),
            Rule::live(
                "the member is not attached already outside this workspace's state (import it instead)",
                &[],
                &[volcengine_vpc::FORBIDDEN_INSTANCE_HAS_HAVIP],
            ),
            Rule::live(
                "an ECS member exists (and is not a network interface) and is `RUNNING`",
                &[],
                &[volcengine_vpc::INVALID_INSTANCE_NOT_FOUND, volcengine_vpc::INVALID_INSTANCE_INVALID_STATUS],
            ),
            Rule::live(
                "a network-interface member exists, is `InUse` or `Available`, is attached to an instance, is not service-managed, and no other interface of its instance is a member",
                &[],
                &[
                    volcengine_vpc::INVALID_ENI_ID_NOT_FOUND,
                    volcengine_vpc::INVALID_ENI_INVALID_STATUS,
                    volcengine_vpc::FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS,
                    volcengine_vpc::FORBIDDEN_SERVICE_MANAGED_ENI,
                    volcengine_vpc::FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE,
                ],
            ),
            Rule::live("the member is in the HaVip's subnet", &[], &[volcengine_vpc::INVALID_INSTANCE_HAVIP_MISMATCH]),
            Rule::live(format!("the member belongs to fewer than {} HaVips", rules::HAVIPS_PER_INSTANCE.max), &[], &[rules::HAVIPS_PER_INSTANCE.error]),
        ],
        live_when: CREATE_OR_REPLACE,
        api_notice: None,
    }
}

#[async_trait]
impl Resource<ProviderConfig> for HavipAttachment {
    fn declaration(&self) -> &Declaration {
        &self.declaration
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        if supported_cloud(ctx, TYPE_NAME, CLOUDS, diags).is_none() {
            return;
        }
        let id = joined_id(&[req.planned.attr(Membership::HAVIP_ID), req.planned.attr(Membership::INSTANCE_ID)]);
        req.set_planned(Membership::ID, id);
        plan_recreation(req);
        run_live_checks(ctx, TYPE_NAME, "the HaVip", req, diags, async |api, found| check(api, req, found).await).await;
    }

    async fn create(&self, ctx: &Context<'_, ProviderConfig>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        attach(&api, planned, diags).await
    }

    async fn read(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        read_outcome(read_state(&api, state).await.map(|observed| settle_read(state, observed, private)), state, "reading the HaVip attachment", diags)
    }

    /// In place, only what makes no API call changes, unless a refresh found the member
    /// gone: then it is attached again.
    async fn update(&self, ctx: &Context<'_, ProviderConfig>, prior: &Value, planned: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        remake_if_gone(prior, planned, private, async {
            let api = connect(ctx, diags)?;
            attach(&api, planned, diags).await
        })
        .await
    }

    async fn delete(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) {
        let Some(api) = connect(ctx, diags) else { return };
        let timeout = timeouts::get(state, "delete", DELETE_TIMEOUT);
        let Some((call, _guard)) = api.start_write(timeout, "detaching from the HaVip", diags) else { return };
        let Membership { havip_id, instance_id, instance_type, .. } = Membership::of(state);
        let member = || async { Ok(fresh(&api, havip_id, &call).await?.filter(|h| h.associated_instance_ids.iter().any(|i| i == instance_id)).map(|h| h.status)) };
        let detach = async {
            let request = DisassociateHaVipRequest {
                ha_vip_id: havip_id.to_owned(),
                instance_id: instance_id.to_owned(),
                instance_type: Some(instance_type.to_owned()),
                client_token: Some(tether_client::client_token()),
            };
            api.client.call(&request, &call).await.map(drop)
        };
        let waiting = format!("waiting for {instance_id} to leave HaVip {havip_id}");
        if let Err(e) = unbind_and_wait(&call, &waiting, &[volcengine_vpc::INVALID_HAVIP_NOT_FOUND.code], member, detach).await {
            diags.push(failure_within(&e, &format!("detaching {instance_id} from HaVip {havip_id}"), "delete", timeout));
        }
    }

    async fn import(&self, ctx: &Context<'_, ProviderConfig>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some(api) = connect(ctx, diags) else { return Vec::new() };
        let Some(state) = two_part_import(&self.declaration, id, IMPORT_ID_PARTS, diags) else { return Vec::new() };
        let found = read_state(&api, &state).await.map(Observed::present);
        import_outcome(found, id, "The HaVip does not exist or does not list that instance.", "importing the HaVip attachment", diags)
    }
}

/// What a read found: the attachment with fresh values, or gone with what is there now.
const RESOLVE: &str = "To make it again as configured, make the HaVip accept the member outside Terraform and apply; to keep what is there now, replace this resource's state with it (terraform state rm, then terraform import) and change the configuration to match; or remove the resource from the configuration.";

/// Attaches the member as planned and waits until the HaVip lists it.
async fn attach(api: &CloudAccess<'_>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
    let timeout = timeouts::get(planned, "create", CREATE_TIMEOUT);
    let Membership { havip_id, instance_id, instance_type, .. } = Membership::of(planned);
    let doing = format!("attaching {instance_id} to HaVip {havip_id}");
    let (call, _guard) = api.start_write(timeout, &doing, diags)?;
    let request = AssociateHaVipRequest {
        ha_vip_id: havip_id.to_owned(),
        instance_id: instance_id.to_owned(),
        instance_type: Some(instance_type.to_owned()),
        client_token: Some(tether_client::client_token()),
    };
    let is_member = |h: &HaVip| h.associated_instance_ids.iter().any(|i| i == instance_id);
    // After a failed create: the partial state when the instance is a member after all.
    let partial = || async { partial_create_from(planned, fresh(api, havip_id, &call).await, is_member, observed) };
    if let Err(e) = api.client.call(&request, &call).await {
        diags.push(failure_within(&e, &doing, "create", timeout));
        return partial_after_write_error(&e, partial()).await;
    }
    let waited = poll_within(&call, &format!("waiting for {instance_id} to be attached to HaVip {havip_id}"), || async {
        match fresh(api, havip_id, &call).await? {
            Some(h) if is_member(&h) => Ok(PollStep::Done(h)),
            Some(h) => Ok(PollStep::Pending { state: h.status }),
            None => Err(ClientError::WaitFailed { what: format!("attaching to HaVip {havip_id}"), reason: "the HaVip no longer exists".into() }),
        }
    })
    .await;
    match waited {
        Ok(havip) => Some(fill_unknowns(planned, &observed(&havip))),
        Err(e) => {
            diags.push(failure_within(&e, &format!("waiting for HaVip {havip_id} to list {instance_id}"), "create", timeout));
            partial().await
        }
    }
}

async fn read_state(api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError> {
    let Membership { havip_id, instance_id, .. } = Membership::of(state);
    let Some(havip) = describe(api, havip_id, &api.reading(READ_TIMEOUT)).await? else {
        let seen = format!("HaVip {havip_id} no longer exists in {}. {RESOLVE}", api.region);
        return Ok(Observed::Gone { seen, now: vec![(Membership::STATUS, Value::Null)] });
    };
    if !havip.associated_instance_ids.iter().any(|i| i == instance_id) {
        let members = if havip.associated_instance_ids.is_empty() { "no members".to_owned() } else { format!("members {}", havip.associated_instance_ids.join(", ")) };
        let seen = format!("{instance_id} is no longer attached to HaVip {havip_id} (status {}, {members}). {RESOLVE}", havip.status);
        return Ok(Observed::Gone { seen, now: vec![(Membership::STATUS, Value::from(havip.status.as_str()))] });
    }
    let instance_type = member_type(&havip).map(Value::from).unwrap_or_else(|| state.attr(Membership::INSTANCE_TYPE).clone());
    let mut updates = observed(&havip);
    updates.push((Membership::INSTANCE_TYPE, instance_type));
    updates.push((Membership::ID, joined_id(&[state.attr(Membership::HAVIP_ID), state.attr(Membership::INSTANCE_ID)])));
    Ok(Observed::Present(with_attrs(state, &updates)))
}

/// Live plan-time rules: the HaVip exists and accepts members; after this attachment it has
/// at most 10 members, all of one type.
async fn check(api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let planned = PlannedMembership::of(&req.planned);
    let Some(havip_id) = planned.havip_id else { return Ok(()) };
    let Some(havip) = describe(api, havip_id, &api.reading(READ_TIMEOUT)).await? else {
        diags.push(
            Diagnostic::rule(
                volcengine_vpc::INVALID_HAVIP_NOT_FOUND.code,
                format!("HaVip {havip_id} does not exist in {}", api.region),
                volcengine_vpc::INVALID_HAVIP_NOT_FOUND.message,
            )
            .at(AttrPath::attr(Membership::HAVIP_ID)),
        );
        return Ok(());
    };
    if !rules::ASSOCIABLE_STATUSES.contains(&havip.status.as_str()) {
        diags.push(
            Diagnostic::rule(
                volcengine_vpc::INVALID_HAVIP_INVALID_STATUS.code,
                format!("HaVip {havip_id} is {}, not {}", havip.status, rules::ASSOCIABLE_STATUSES.join(" or ")),
                volcengine_vpc::INVALID_HAVIP_INVALID_STATUS.message,
            )
            .at(AttrPath::attr(Membership::HAVIP_ID)),
        );
    }
    let instance = planned.instance_id.unwrap_or_default();
    let released = req.released().map(Membership::of);
    let replaced_self = released.is_some_and(|p| p.havip_id == havip_id && p.instance_id == instance);
    if !replaced_self && havip.associated_instance_ids.iter().any(|i| i == instance) {
        diags.push(
            Diagnostic::rule(
                volcengine_vpc::FORBIDDEN_INSTANCE_HAS_HAVIP.code,
                format!("{instance} is already attached to HaVip {havip_id}"),
                not_in_state(&format!("{havip_id}:{instance}")),
            )
            .at(AttrPath::attr(Membership::INSTANCE_ID)),
        );
    }
    // The member this plan replaces leaves first (Terraform destroys it before creating).
    let released_here = released.filter(|p| p.havip_id == havip_id).map(|p| p.instance_id);
    let others = havip.associated_instance_ids.iter().filter(|i| *i != instance && Some(i.as_str()) != released_here).count();
    if !rules::MEMBERS_PER_HAVIP.allows(others + 1) {
        diags.push(
            Diagnostic::rule(
                rules::MEMBERS_PER_HAVIP.error.code,
                format!("HaVip {havip_id} already has {others} members; at most {} are allowed", rules::MEMBERS_PER_HAVIP.max),
                rules::MEMBERS_PER_HAVIP.error.message,
            )
            .at(AttrPath::attr(Membership::HAVIP_ID)),
        );
    }
    if let (Some(existing), Some(wanted)) = (member_type(&havip), planned.instance_type) {
        if others > 0 && existing != wanted {
            diags.push(
                Diagnostic::rule(
                    rules::MIXED_MEMBER_TYPES.code,
                    format!("HaVip {havip_id} holds {existing} members; it cannot also hold {wanted} members"),
                    rules::MIXED_MEMBER_TYPES.message,
                )
                .at(AttrPath::attr(Membership::INSTANCE_TYPE)),
            );
        }
    }
    check_member(api, planned, &havip, released.map(|p| (p.havip_id, p.instance_id)), diags).await
}

/// The member's own constraints: an instance exists (and is an instance, not a network
/// interface) and is running; a network interface exists, is attached to an instance, is
/// not service-managed, is in a usable status, and no other network interface of its
/// instance is a member; either lies in the HaVip's subnet and has not reached the number
/// of HaVips one member may join.
async fn check_member(api: &CloudAccess<'_>, planned: PlannedMembership<'_>, havip: &HaVip, released: Option<(&str, &str)>, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let (Some(member), Some(member_type)) = (planned.instance_id, planned.instance_type) else { return Ok(()) };
    let ctx = api.reading(READ_TIMEOUT);
    let at = |attr: &str| AttrPath::attr(attr);
    let mut push = |e: ApiError, summary: String, attr: &str| diags.push(Diagnostic::rule(e.code, summary, e.message).at(at(attr)));
    let subnet = if member_type == NETWORK_INTERFACE {
        let Some(eni) = api.client.describe_volcengine_network_interface(member, &ctx).await? else {
            push(volcengine_vpc::INVALID_ENI_ID_NOT_FOUND, format!("network interface {member} does not exist in {}", api.region), Membership::INSTANCE_ID);
            return Ok(());
        };
        if eni.service_managed {
            push(volcengine_vpc::FORBIDDEN_SERVICE_MANAGED_ENI, format!("{member} is a service-managed network interface"), Membership::INSTANCE_ID);
        }
        if eni.device_id.is_empty() {
            push(volcengine_vpc::FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS, format!("{member} is not attached to an instance"), Membership::INSTANCE_ID);
        } else {
            for other in havip.associated_instance_ids.iter().filter(|m| *m != member && Some((havip.ha_vip_id.as_str(), m.as_str())) != released) {
                if api.client.describe_volcengine_network_interface(other, &ctx).await?.is_some_and(|o| o.device_id == eni.device_id) {
                    push(
                        volcengine_vpc::FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE,
                        format!("{other}, another network interface of instance {}, is already a member", eni.device_id),
                        Membership::INSTANCE_ID,
                    );
                }
            }
        }
        if !rules::ASSOCIABLE_ENI_STATUSES.contains(&eni.status.as_str()) {
            push(volcengine_vpc::INVALID_ENI_INVALID_STATUS, format!("network interface {member} is {}", eni.status), Membership::INSTANCE_ID);
        }
        eni.subnet_id
    } else {
        let Some(instance) = api.client.describe_volcengine_instance(member, &ctx).await? else {
            let is_eni = api.client.describe_volcengine_network_interface(member, &ctx).await?.is_some();
            let hint = if is_eni { " (it is a network interface: set instance_type = \"NetworkInterface\")" } else { "" };
            push(volcengine_vpc::INVALID_INSTANCE_NOT_FOUND, format!("instance {member} does not exist in {}{hint}", api.region), Membership::INSTANCE_ID);
            return Ok(());
        };
        if instance.status != volc_instance_status::RUNNING {
            push(
                volcengine_vpc::INVALID_INSTANCE_INVALID_STATUS,
                format!("instance {member} is {}, not {}", instance.status, volc_instance_status::RUNNING),
                Membership::INSTANCE_ID,
            );
        }
        instance.primary_network_interface().map(|n| n.subnet_id.clone()).unwrap_or_default()
    };
    if !subnet.is_empty() && subnet != havip.subnet_id {
        push(volcengine_vpc::INVALID_INSTANCE_HAVIP_MISMATCH, format!("{member} is in subnet {subnet}, HaVip {} in {}", havip.ha_vip_id, havip.subnet_id), Membership::INSTANCE_ID);
    }
    // HaVips are few per region (at most 20 per account): list them to count memberships.
    let all = api.client.collect_all(DescribeHaVipsRequest::default().with_max_page_size(), &ctx).await?;
    let joined = all
        .iter()
        .filter(|h| h.ha_vip_id != havip.ha_vip_id && h.associated_instance_ids.iter().any(|m| m == member))
        .filter(|h| Some((h.ha_vip_id.as_str(), member)) != released)
        .count();
    if !rules::HAVIPS_PER_INSTANCE.allows(joined + 1) {
        let e = rules::HAVIPS_PER_INSTANCE.error;
        push(e, format!("{member} is already a member of {joined} HaVips; at most {}", rules::HAVIPS_PER_INSTANCE.max), Membership::INSTANCE_ID);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::model::assert_models_fit;

    #[test]
    fn the_models_read_declared_attributes_and_name_them_all() {
        assert_models_fit::<Membership, PlannedMembership>(&schema());
    }
}
