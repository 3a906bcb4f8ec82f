//! Alibaba Cloud VPC: AssociateEipAddress, DescribeEipAddresses, UnassociateEipAddress.

use super::*;
use tether_wire::api::alibaba_vpc::{ha_vip_status, DescribeGlobalAccelerationInstancesRequest};
use tether_wire::api::words::pascal::{ECS_INSTANCE, HA_VIP, NAT, NETWORK_INTERFACE, SLB_INSTANCE};
use tether_wire::api::words::upper::NAT as NAT_MODE;

/// One EIP, through the client's coalesced reads (concurrent reads share calls).
async fn describe(api: &CloudAccess<'_>, allocation_id: &str, ctx: &CallContext) -> Result<Option<EipAddress>, ClientError> {
    api.client.describe_eip(allocation_id, ctx).await
}

/// One EIP as the cloud reports it now (never a cached region listing): around writes.
async fn fresh(api: &CloudAccess<'_>, allocation_id: &str, ctx: &CallContext) -> Result<Option<EipAddress>, ClientError> {
    api.client.forget_cached(CachedKind::Eip, allocation_id);
    describe(api, allocation_id, ctx).await
}

/// The attributes the cloud reports for a binding; create and read store the same.
fn observed(eip: &EipAddress) -> Vec<(&'static str, Value)> {
    let instance_type = string_or_null(&eip.instance_type);
    let mode = if eip.instance_type == rules::ALIBABA_MODE_INSTANCE_TYPE { string_or_null(&eip.mode) } else { Value::Null };
    vec![
        (Association::IP_ADDRESS, Value::from(eip.ip_address.as_str())),
        (Association::STATUS, Value::from(eip.status.as_str())),
        (Association::INSTANCE_TYPE, instance_type),
        (Association::MODE, mode),
        (Association::PRIVATE_IP_ADDRESS, string_or_null(&eip.private_ip_address)),
        (Association::INSTANCE_REGION_ID, string_or_null(&eip.instance_region_id)),
    ]
}

/// Whether the EIP is bound to `instance` (the binding in effect or under way).
fn bound_to(eip: &EipAddress, instance: &str) -> bool {
    !instance.is_empty() && eip.instance_id == instance && eip.status != rules::ALIBABA_BINDABLE_STATUS
}

/// After a failed create: the partial state to record when the EIP is bound to the
/// instance after all (see [`partial_create`]).
async fn partial(api: &CloudAccess<'_>, planned: &Value, eip_id: &str, instance_id: &str, ctx: &CallContext) -> Option<Value> {
    partial_create_from(planned, fresh(api, eip_id, ctx).await, |eip| bound_to(eip, instance_id), observed)
}

/// Whether `vpc_id` is its region's default VPC. That never changes while the VPC exists,
/// so each answer is kept for the provider configuration's lifetime ([`crate::provider::KnownFacts`]): the
/// plan and the apply-time plan of many associations in one VPC ask once.
async fn default_vpc(api: &CloudAccess<'_>, vpc_id: &str, ctx: &CallContext) -> Result<bool, ClientError> {
    let known = &api.facts.default_vpcs;
    if let Some(is_default) = known.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(vpc_id) {
        return Ok(*is_default);
    }
    let Some(vpc) = api.client.describe_vpc(vpc_id, ctx).await? else { return Ok(false) };
    known.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(vpc_id.to_owned(), vpc.is_default);
    Ok(vpc.is_default)
}

/// What a target that already holds another EIP is told (whichever lookup found it).
const ALREADY_HOLDS: &str = "An instance holds one EIP; unbind the other EIP first.";

fn already_holds(instance: &str, other: &str) -> String {
    format!("{instance} already holds EIP {other}")
}

/// The target a plan binds the EIP to, as the target checks see it.
#[derive(Clone, Copy)]
struct Target<'a, 'c> {
    api: &'a CloudAccess<'c>,
    req: &'a PlanRequest,
    instance: &'a str,
    instance_type: &'a str,
    /// Whether an EIP bound to the target counts as another one.
    holds: &'a (dyn Fn(&str) -> bool + Sync),
}

/// A target other than an ECS instance: whether it already holds another EIP (a network
/// interface one per private IP), by `DescribeEipAddresses` filtered on the target.
async fn holds_other_eip(target: Target<'_, '_>, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let Target { api, req, instance, instance_type, holds } = target;
    let request = DescribeEipAddressesRequest {
        region_id: api.region.to_owned(),
        associated_instance_id: Some(instance.to_owned()),
        associated_instance_type: Some(instance_type.to_owned()),
        ..Default::default()
    };
    let resp = api.client.call(&request, &api.reading(READ_TIMEOUT)).await?;
    // A network interface holds one EIP per private IP.
    let same_ip = |e: &EipAddress| match PlannedAssociation::of(&req.planned).private_ip_address {
        Some(ip) if instance_type == rules::ALIBABA_MODE_INSTANCE_TYPE => e.private_ip_address == ip,
        _ => true,
    };
    if let Some(other) = resp.eip_addresses.items.iter().find(|e| e.instance_id == instance && same_ip(e) && holds(&e.allocation_id)) {
        diags.push(
            Diagnostic::rule(alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED.code, already_holds(instance, &other.allocation_id), ALREADY_HOLDS)
                .at(AttrPath::attr(Association::INSTANCE_ID)),
        );
    }
    Ok(())
}

/// The target's own constraints, per instance type: it holds no other EIP, exists in the
/// region, is in a VPC (not the default VPC), is running or active, has no plain public IP,
/// and owns the private IP asked for. An ECS instance reports its EIP itself
/// (`EipAddress`), so its check needs no call beyond the coalesced `DescribeInstances`;
/// other targets are asked for by a `DescribeEipAddresses` filtered on the target.
async fn check_target(target: Target<'_, '_>, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let Target { api, req, instance, instance_type, holds } = target;
    if instance_type != ECS_INSTANCE {
        holds_other_eip(target, diags).await?;
    }
    let ctx = api.reading(READ_TIMEOUT);
    let at_instance = || AttrPath::attr(Association::INSTANCE_ID);
    let planned = PlannedAssociation::of(&req.planned);
    let private_ip = planned.private_ip_address;
    let mut push = |code: &str, summary: String, detail: &str, at: AttrPath| diags.push(Diagnostic::rule(code, summary, detail).at(at));
    // The target is in `instance_region_id` when it is set (see `in_cross_region_ga`).
    let region = planned.instance_region_id.unwrap_or(api.region);
    let not_found = |what: &str, region: &str| format!("{what} {instance} does not exist in {region}");
    match instance_type {
        ECS_INSTANCE => {
            let Some(ecs) = api.client.describe_ecs_instance_in(region, instance, &ctx).await? else {
                let e = if region == api.region { alibaba_vpc::INVALID_INSTANCE_ID_NOT_FOUND } else { alibaba_vpc::INVALID_PARAMETER_MISMATCH };
                push(e.code, format!("ECS instance {instance} does not exist in {region}"), e.message, at_instance());
                return Ok(());
            };
            let bound = ecs.eip_address.allocation_id.as_str();
            if !bound.is_empty() && holds(bound) {
                push(alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED.code, already_holds(instance, bound), ALREADY_HOLDS, at_instance());
            }
            if ecs.instance_network_type != ecs_network::VPC {
                let e = alibaba_vpc::OPERATION_DENIED_NOT_IN_VPC;
                push(e.code, format!("{instance} is a {} instance, not in a VPC", ecs.instance_network_type), e.message, at_instance());
            } else if default_vpc(api, &ecs.vpc_attributes.vpc_id, &ctx).await? {
                let e = alibaba_vpc::OPERATION_DENIED_DEFAULT_VPC;
                push(e.code, format!("{instance} is in the default VPC {}", ecs.vpc_attributes.vpc_id), e.message, at_instance());
            }
            if ecs.status != ecs_status::RUNNING {
                let e = alibaba_vpc::INCORRECT_INSTANCE_STATUS;
                push(e.code, format!("{instance} is {}, not {}", ecs.status, ecs_status::RUNNING), e.message, at_instance());
            }
            if let Some(public) = ecs.public_ip_address.items.first() {
                let e = alibaba_vpc::BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP;
                push(e.code, format!("{instance} already has the public IP {public}"), e.message, at_instance());
            }
            if let Some(ip) = private_ip.filter(|ip| !ecs.private_ips().contains(ip)) {
                push_foreign_private_ip(&mut push, ip, instance, "the instance or one of its network interfaces");
            }
        }
        SLB_INSTANCE => match api.client.describe_load_balancer_in(region, instance, &ctx).await? {
            None => push(alibaba_vpc::INVALID_PARAMS_NOT_FOUND.code, not_found("Load balancer", region), alibaba_vpc::INVALID_PARAMS_NOT_FOUND.message, at_instance()),
            Some(slb) => {
                if slb.network_type != ecs_network::VPC {
                    let e = alibaba_vpc::OPERATION_DENIED_NOT_IN_VPC;
                    push(e.code, format!("load balancer {instance} is {}, not in a VPC", slb.network_type), e.message, at_instance());
                }
                if slb.load_balancer_status != slb_status::ACTIVE {
                    let e = alibaba_vpc::INCORRECT_INSTANCE_STATUS;
                    push(e.code, format!("load balancer {instance} is {}, not {}", slb.load_balancer_status, slb_status::ACTIVE), e.message, at_instance());
                }
            }
        },
        NAT => match api.client.describe_nat_gateway(instance, &ctx).await? {
            None => push(alibaba_vpc::INVALID_PARAMS_NOT_FOUND.code, not_found("NAT gateway", api.region), alibaba_vpc::INVALID_PARAMS_NOT_FOUND.message, at_instance()),
            Some(nat) if nat.status != rules::ALIBABA_BINDABLE_STATUS => {
                let e = alibaba_vpc::INCORRECT_INSTANCE_STATUS;
                push(e.code, format!("NAT gateway {instance} is {}, not {}", nat.status, rules::ALIBABA_BINDABLE_STATUS), e.message, at_instance());
            }
            Some(_) => {}
        },
        NETWORK_INTERFACE => match api.client.describe_ecs_network_interface(instance, &ctx).await? {
            None => push(alibaba_vpc::INVALID_PARAMS_NOT_FOUND.code, not_found("Network interface", api.region), alibaba_vpc::INVALID_PARAMS_NOT_FOUND.message, at_instance()),
            Some(eni) => {
                if eni.status != ecs_eni::IN_USE && eni.status != ecs_eni::AVAILABLE {
                    let e = alibaba_vpc::INCORRECT_INSTANCE_STATUS;
                    push(e.code, format!("network interface {instance} is {}", eni.status), e.message, at_instance());
                }
                let mode = planned.mode.unwrap_or(NAT_MODE);
                if mode != NAT_MODE && eni.eni_type == ecs_eni::PRIMARY {
                    let e = alibaba_vpc::INVALID_BINDING_STATUS;
                    push(e.code, format!("mode {mode} needs a secondary network interface; {instance} is primary"), e.message, AttrPath::attr(Association::MODE));
                }
                if let Some(ip) = private_ip.filter(|ip| !eni.private_ips().contains(ip)) {
                    push_foreign_private_ip(&mut push, ip, instance, "the network interface");
                }
            }
        },
        HA_VIP => match api.client.describe_alibaba_havip(instance, &ctx).await? {
            None => push(alibaba_vpc::INVALID_PARAMS_NOT_FOUND.code, not_found("HaVip", api.region), alibaba_vpc::INVALID_PARAMS_NOT_FOUND.message, at_instance()),
            Some(havip) if ![ha_vip_status::AVAILABLE, ha_vip_status::IN_USE].contains(&havip.status.as_str()) => {
                let e = alibaba_vpc::INCORRECT_HAVIP_STATUS;
                push(e.code, format!("HaVip {instance} is {}", havip.status), e.message, at_instance());
            }
            Some(_) => {}
        },
        _ => {}
    }
    Ok(())
}

/// Whether the EIP was added to a global acceleration instance of its region that lets it
/// bind to an instance in another region (a shared-bandwidth one).
async fn in_cross_region_ga(api: &CloudAccess<'_>, eip_id: &str, ctx: &CallContext) -> Result<bool, ClientError> {
    let request = DescribeGlobalAccelerationInstancesRequest {
        region_id: api.region.to_owned(),
        bandwidth_type: Some(rules::ALIBABA_CROSS_REGION_GA_BANDWIDTH.to_owned()),
        ..Default::default()
    };
    let instances = api.client.collect_all(request, ctx).await?;
    Ok(instances.iter().any(|ga| ga.public_ip_addresses.items.iter().any(|ip| ip.allocation_id == eip_id)))
}

/// Reports a configured private IP that the target does not own (`owner` says what must
/// own it).
fn push_foreign_private_ip(push: &mut impl FnMut(&str, String, &str, AttrPath), ip: &str, instance: &str, owner: &str) {
    push(
        alibaba_vpc::INVALID_PARAMETER.code,
        format!("{ip} is not a private IP of {instance}"),
        &format!("The private IP must belong to {owner}."),
        AttrPath::attr(Association::PRIVATE_IP_ADDRESS),
    );
}

/// Alibaba Cloud VPC's binder.
pub struct Alibaba;

#[async_trait]
impl Binder for Alibaba {
    fn plan(&self, req: &mut PlanRequest, diags: &mut Diagnostics) {
        let cloud = Cloud::Alibaba;
        not_allowed(req, Association::NETWORK_INTERFACE_ID, cloud, "Use instance_id with instance_type = \"NetworkInterface\".", diags);
        if req.config.attr(Association::INSTANCE_ID).is_null() {
            diags.push(
                Diagnostic::rule(MISSING_PARAMETER, "instance_id is required on Alibaba Cloud", "AssociateEipAddress needs InstanceId.")
                    .at(AttrPath::attr(Association::INSTANCE_ID)),
            );
        }
        plan_default(req, Association::INSTANCE_TYPE, rules::ALIBABA_INSTANCE_TYPES.default.unwrap_or(ECS_INSTANCE));
        if req.config.attr(Association::FORCE).is_null() {
            req.set_planned(Association::FORCE, Value::Bool(false));
        }
        let instance_type = req.planned.attr(Association::INSTANCE_TYPE).clone();
        let mode = req.config.attr(Association::MODE);
        match instance_type.as_str() {
            Some(t) if t == rules::ALIBABA_MODE_INSTANCE_TYPE => {
                plan_default(req, Association::MODE, rules::ALIBABA_MODES.default.unwrap_or(NAT_MODE));
            }
            Some(_) if !mode.is_null() => diags.push(
                Diagnostic::rule(
                    rules::ALIBABA_MODES.error.code,
                    "mode applies only to instance_type \"NetworkInterface\"",
                    "Remove mode, or bind to a network interface with instance_type = \"NetworkInterface\".",
                )
                .at(AttrPath::attr(Association::MODE)),
            ),
            Some(_) => req.set_planned(Association::MODE, Value::Null),
            None => {}
        }
        if instance_type.as_str() == Some(rules::ALIBABA_NEEDS_VPC_ID) {
            let summary = format!("tether cannot bind an EIP to instance_type \"{}\"", rules::ALIBABA_NEEDS_VPC_ID);
            let detail = "AssociateEipAddress needs VpcId, the VPC of the IP address, for this instance type, and tether_eip_association has no vpc_id argument. A binding of this type made elsewhere can be imported, read and unbound.";
            if req.creates_object() {
                diags.push(Diagnostic::rule(MISSING_PARAMETER, summary, detail).at(AttrPath::attr(Association::INSTANCE_TYPE)));
            } else if let Some(seen) = req.drifted() {
                // Gone outside Terraform: the plan binds it again, which will fail; like
                // every finding about a drift, a warning, so the rest of the plan goes on.
                diags.push(Diagnostic::warning(summary, format!("{seen} Binding it again will fail: {detail}")).at(AttrPath::attr(Association::INSTANCE_TYPE)));
            }
        }
        // What the cloud reports for the new binding is known once it is made.
        if req.creates_object() {
            for attr in [Association::PRIVATE_IP_ADDRESS, Association::INSTANCE_REGION_ID] {
                if req.config.attr(attr).is_null() {
                    req.set_planned(attr, Value::Unknown);
                }
            }
        }
        let id = joined_id(&[req.planned.attr(Association::EIP_ID), req.planned.attr(Association::INSTANCE_ID)]);
        req.set_planned(Association::ID, id);
    }

    async fn create(&self, api: &CloudAccess<'_>, planned: &Value, timeout: Duration, diags: &mut Diagnostics) -> Option<Value> {
        let wanted = Association::of(planned);
        let Association { eip_id, instance_id, instance_type, .. } = wanted;
        let (ctx, _guard) = api.start_write(timeout, &format!("binding EIP {eip_id} to {instance_id}"), diags)?;
        let request = AssociateEipAddressRequest {
            region_id: api.region.to_owned(),
            allocation_id: eip_id.to_owned(),
            instance_id: instance_id.to_owned(),
            instance_type: non_empty(instance_type),
            instance_region_id: non_empty(wanted.instance_region_id),
            private_ip_address: non_empty(wanted.private_ip_address),
            mode: non_empty(wanted.mode),
            client_token: Some(tether_client::client_token()),
            ..Default::default()
        };
        if let Err(e) = api.client.call(&request, &ctx).await {
            diags.push(failure_within(&e, &format!("binding EIP {eip_id} to {instance_id}"), "create", timeout));
            return partial_after_write_error(&e, partial(api, planned, eip_id, instance_id, &ctx)).await;
        }
        // Wait until the EIP is really bound to this instance.
        let waited = poll_within(&ctx, &format!("waiting for EIP {eip_id} to be bound to {instance_id}"), || async {
            match fresh(api, eip_id, &ctx).await? {
                Some(eip) if eip.status == eip_status::IN_USE && eip.instance_id == instance_id => Ok(tether_client::PollStep::Done(eip)),
                Some(eip) if eip.status == rules::ALIBABA_BINDABLE_STATUS => {
                    Err(ClientError::WaitFailed { what: format!("binding EIP {eip_id}"), reason: format!("the EIP went back to Available without being bound to {instance_id}") })
                }
                Some(eip) => Ok(tether_client::PollStep::Pending { state: eip.status }),
                None => Err(ClientError::WaitFailed { what: format!("binding EIP {eip_id}"), reason: "the EIP no longer exists".into() }),
            }
        })
        .await;
        match waited {
            Ok(eip) => Some(fill_unknowns(planned, &observed(&eip))),
            Err(e) => {
                diags.push(failure_within(&e, &format!("waiting for EIP {eip_id} to be bound"), "create", timeout));
                partial(api, planned, eip_id, instance_id, &ctx).await
            }
        }
    }

    async fn read(&self, api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError> {
        let Association { eip_id, instance_id, .. } = Association::of(state);
        let Some(eip) = describe(api, eip_id, &api.reading(READ_TIMEOUT)).await? else {
            let seen = format!("EIP {eip_id} no longer exists in {}. {RESOLVE}", api.region);
            return Ok(Observed::Gone { seen, now: vec![(Association::STATUS, Value::Null)] });
        };
        // Unbound, or bound elsewhere out of band: the association is gone.
        if !bound_to(&eip, instance_id) {
            let now = if eip.instance_id.is_empty() {
                format!("EIP {eip_id} is no longer bound to {instance_id} (it is {}).", eip.status)
            } else {
                format!("EIP {eip_id} is now bound to {} ({}) instead of {instance_id}.", eip.instance_id, eip.instance_type)
            };
            return Ok(Observed::Gone { seen: format!("{now} {RESOLVE}"), now: vec![(Association::STATUS, Value::from(eip.status.as_str()))] });
        }
        let mut updates = observed(&eip);
        updates.push((Association::ID, joined_id(&[state.attr(Association::EIP_ID), state.attr(Association::INSTANCE_ID)])));
        if state.attr(Association::FORCE).is_null() {
            // Imported: the delete option has its default until the configuration sets it.
            updates.push((Association::FORCE, Value::Bool(false)));
        }
        Ok(Observed::Present(with_attrs(state, &updates)))
    }

    async fn delete(&self, api: &CloudAccess<'_>, state: &Value, timeout: Duration) -> Result<(), ClientError> {
        let (ctx, _guard) = api.writing(timeout)?;
        let held = Association::of(state);
        let Association { eip_id, instance_id, .. } = held;
        // Let a transition under way settle, and stop if the association is already gone.
        let settled = poll_within(&ctx, &format!("waiting for EIP {eip_id} to settle"), || async {
            Ok(match fresh(api, eip_id, &ctx).await? {
                Some(eip) if ALIBABA_TRANSITIONS.contains(&eip.status.as_str()) => tether_client::PollStep::Pending { state: eip.status },
                other => tether_client::PollStep::Done(other),
            })
        })
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
            private_ip_address: non_empty(held.private_ip_address),
            force: held.force.filter(|f| *f),
            client_token: Some(tether_client::client_token()),
        };
        match api.client.call(&request, &ctx.clone().retry_also([alibaba_vpc::INCORRECT_EIP_STATUS.code])).await {
            Ok(_) => {}
            Err(e) if has_code(&e, &[alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND.code]) => return Ok(()),
            Err(e) => return Err(e),
        }
        poll_within(&ctx, &format!("waiting for EIP {eip_id} to be unbound"), || async {
            Ok(match fresh(api, eip_id, &ctx).await? {
                Some(eip) if eip.instance_id == instance_id && eip.status != rules::ALIBABA_BINDABLE_STATUS => tether_client::PollStep::Pending { state: eip.status },
                _ => tether_client::PollStep::Done(()),
            })
        })
        .await
    }

    /// Live plan-time rules: the EIP exists and is free, the target holds no EIP yet. What
    /// the association being replaced holds counts as free: Terraform destroys it first.
    /// The EIP and the target are looked up concurrently (each through the client's
    /// coalesced reads); the findings are reported in the same order either way.
    async fn check(&self, api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError> {
        let planned = PlannedAssociation::of(&req.planned);
        let Some(eip_id) = planned.eip_id else { return Ok(()) };
        let instance = planned.instance_id.unwrap_or_default();
        let released = req.released().map(Association::of);
        let held_by_released = |eip: &str, target: &str| released.is_some_and(|p| p.eip_id == eip && p.instance_id == target);
        let target = async {
            let mut found = Diagnostics::new();
            if let (false, Some(instance_type)) = (instance.is_empty(), planned.instance_type) {
                let holds = |other: &str| other != eip_id && !held_by_released(other, instance);
                check_target(Target { api, req, instance, instance_type, holds: &holds }, &mut found).await?;
            }
            Ok::<_, ClientError>(found)
        };
        let ctx = api.reading(READ_TIMEOUT);
        let (eip, target) = tokio::join!(describe(api, eip_id, &ctx), target);
        match eip? {
            None => diags.push(
                Diagnostic::rule(
                    alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND.code,
                    format!("EIP {eip_id} does not exist in {}", api.region),
                    "AssociateEipAddress would fail: the specified allocation ID is not found.",
                )
                .at(AttrPath::attr(Association::EIP_ID)),
            ),
            // Bound by the association this plan replaces: free once it is destroyed.
            Some(eip) if held_by_released(eip_id, &eip.instance_id) => {}
            // Bound to this very target, but not by this resource: tether does not take it over.
            Some(eip) if bound_to(&eip, instance) => diags.push(
                Diagnostic::rule(alibaba_vpc::INCORRECT_EIP_STATUS.code, format!("EIP {eip_id} is already bound to {instance}"), not_in_state(&format!("{eip_id}:{instance}")))
                    .at(AttrPath::attr(Association::EIP_ID)),
            ),
            Some(eip) if eip.status != rules::ALIBABA_BINDABLE_STATUS => diags.push(
                Diagnostic::rule(
                    alibaba_vpc::INCORRECT_EIP_STATUS.code,
                    format!("EIP {eip_id} is {}, not {}", eip.status, rules::ALIBABA_BINDABLE_STATUS),
                    format!("Only an Available EIP can be bound{}.", if eip.instance_id.is_empty() { String::new() } else { format!("; it is bound to {}", eip.instance_id) }),
                )
                .at(AttrPath::attr(Association::EIP_ID)),
            ),
            // Available but locked: in arrears (`financial`) or for security.
            Some(eip) if !eip.operation_locks.items.is_empty() => {
                let reasons: Vec<&str> = eip.operation_locks.items.iter().map(|lock| lock.lock_reason.as_str()).collect();
                diags.push(
                    Diagnostic::rule(
                        alibaba_vpc::INCORRECT_EIP_STATUS.code,
                        format!("EIP {eip_id} is locked ({})", reasons.join(", ")),
                        "A locked EIP cannot be bound: settle the account (a financial lock) or have the security lock lifted, then plan again.",
                    )
                    .at(AttrPath::attr(Association::EIP_ID)),
                )
            }
            Some(_) => {}
        }
        diags.extend(target?);
        if let Some(region) = planned.instance_region_id.filter(|r| *r != api.region) {
            let e = alibaba_vpc::INVALID_PARAMETER_MISMATCH;
            match in_cross_region_ga(api, eip_id, &ctx).await {
                Ok(true) => {}
                // The lookup needs the legacy GA API (and the right to call it): a config that
                // may well be valid is not refused for want of it.
                Err(err) => diags.push(
                    Diagnostic::warning(
                        format!("Could not check that EIP {eip_id} may bind to an instance in {region}"),
                        format!(
                            "Only an EIP added to a {} global acceleration instance of {} binds across regions, and listing those failed: {err}. If it is not in one, the apply fails with {}.",
                            rules::ALIBABA_CROSS_REGION_GA_BANDWIDTH,
                            api.region,
                            e.code
                        ),
                    )
                    .at(AttrPath::attr(Association::INSTANCE_REGION_ID)),
                ),
                Ok(false) => diags.push(
                    Diagnostic::rule(
                        e.code,
                        format!("EIP {eip_id} cannot bind to an instance in {region}"),
                        format!(
                            "Only an EIP added to a {} global acceleration instance of {} binds to an instance in another region. Leave instance_region_id out, or set it to {}. {}",
                            rules::ALIBABA_CROSS_REGION_GA_BANDWIDTH,
                            api.region,
                            api.region,
                            e.message
                        ),
                    )
                    .at(AttrPath::attr(Association::INSTANCE_REGION_ID)),
                ),
            }
        }
        Ok(())
    }

    /// Alibaba's documented rules beyond the attribute validators.
    fn rules(&self) -> Vec<Rule> {
        vec![
            Rule::config_code("`instance_id` is set", ALI, MISSING_PARAMETER),
            Rule::config("`network_interface_id` is not set (bind to a network interface with `instance_type = \"NetworkInterface\"`)", ALI, &[]),
            Rule::config(format!("`mode` is set only with `instance_type = \"{}\"`", rules::ALIBABA_MODE_INSTANCE_TYPE), ALI, &[rules::ALIBABA_MODES.error]),
            Rule::config_code(
                format!("`instance_type` is not `{}` when the plan binds: AssociateEipAddress needs `VpcId` for it, which this resource does not take (such a binding can be imported and unbound)", rules::ALIBABA_NEEDS_VPC_ID),
                ALI,
                MISSING_PARAMETER,
            ),
            Rule::live("the EIP exists in the provider's region", ALI, &[alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND]),
            Rule::live(format!("the EIP is `{}` (not bound elsewhere) and not locked (in arrears or for security)", rules::ALIBABA_BINDABLE_STATUS), ALI, &[alibaba_vpc::INCORRECT_EIP_STATUS]),
            Rule::live("the instance (or, for a network interface, its private IP) holds no other EIP", ALI, &[alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED]),
            Rule::live(
                "an ECS instance exists in the EIP's region (or in `instance_region_id`)",
                ALI,
                &[alibaba_vpc::INVALID_INSTANCE_ID_NOT_FOUND, alibaba_vpc::INVALID_PARAMETER_MISMATCH],
            ),
            Rule::live(
                format!("an `instance_region_id` other than the EIP's region is set only for an EIP added to a `{}` global acceleration instance", rules::ALIBABA_CROSS_REGION_GA_BANDWIDTH),
                ALI,
                &[alibaba_vpc::INVALID_PARAMETER_MISMATCH],
            ),
            Rule::live(
                "an ECS instance or load balancer is in a VPC, and an ECS instance is not in the default VPC",
                ALI,
                &[alibaba_vpc::OPERATION_DENIED_NOT_IN_VPC, alibaba_vpc::OPERATION_DENIED_DEFAULT_VPC],
            ),
            Rule::live(
                "the target is usable: ECS `Running`, load balancer `active`, NAT gateway `Available`, network interface `InUse` or `Available`",
                ALI,
                &[alibaba_vpc::INCORRECT_INSTANCE_STATUS],
            ),
            Rule::live("an ECS instance has no plain public IP", ALI, &[alibaba_vpc::BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP]),
            Rule::live("`private_ip_address` belongs to the instance or network interface", ALI, &[alibaba_vpc::INVALID_PARAMETER]),
            Rule::live("a load balancer, NAT gateway, network interface or HaVip target exists", ALI, &[alibaba_vpc::INVALID_PARAMS_NOT_FOUND]),
            Rule::live("a `mode` other than `NAT` binds a secondary network interface", ALI, &[alibaba_vpc::INVALID_BINDING_STATUS]),
            Rule::live("a HaVip target is `Available` or `InUse`", ALI, &[alibaba_vpc::INCORRECT_HAVIP_STATUS]),
        ]
    }

    fn import_forms(&self) -> &'static str {
        "<eip_id>:<instance_id> (e.g. eip-2zeerraiwb7uj:i-2zebb08phycz)"
    }

    fn import_state(&self, base: &Value, parts: &[&str]) -> Option<Value> {
        eip_on_instance(base, parts)
    }
}
