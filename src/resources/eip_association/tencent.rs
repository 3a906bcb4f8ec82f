//! Tencent Cloud VPC: AssociateAddress, DescribeAddresses, DisassociateAddress, DescribeTaskResult.

use super::*;
use tether_wire::api::tencent_cvm;
use tether_wire::constraints::tencent_vpc::AddressCodeClass;
use tether_wire::constraints::ApiError;

/// One EIP, through the client's coalesced reads (concurrent reads share calls).
async fn describe(api: &CloudAccess<'_>, address_id: &str, ctx: &CallContext) -> Result<Option<Address>, ClientError> {
    api.client.describe_address(address_id, ctx).await
}

/// One EIP as the cloud reports it now (never a cached region listing): around writes.
async fn fresh(api: &CloudAccess<'_>, address_id: &str, ctx: &CallContext) -> Result<Option<Address>, ClientError> {
    api.client.forget_cached(CachedKind::Address, address_id);
    describe(api, address_id, ctx).await
}

/// `<eip_id>:<instance_id>`, or `<eip_id>:<network_interface_id>:<private_ip_address>`.
pub fn id_of(state: &Value) -> Value {
    if state.attr(Association::NETWORK_INTERFACE_ID).is_null() {
        joined_id(&[state.attr(Association::EIP_ID), state.attr(Association::INSTANCE_ID)])
    } else {
        joined_id(&[state.attr(Association::EIP_ID), state.attr(Association::NETWORK_INTERFACE_ID), state.attr(Association::PRIVATE_IP_ADDRESS)])
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
    let target = Association::of(state);
    if target.network_interface_id.is_empty() {
        address.instance_id.as_deref() == Some(target.instance_id) && !target.instance_id.is_empty()
    } else {
        address.network_interface_id.as_deref() == Some(target.network_interface_id) && address.private_address_ip.as_deref() == Some(target.private_ip_address)
    }
}

fn observed(address: &Address) -> Vec<(&'static str, Value)> {
    vec![(Association::IP_ADDRESS, Value::from(address.address_ip.as_str())), (Association::STATUS, Value::from(address.address_status.as_str()))]
}

/// After a failed create: the partial state to record when the EIP is bound to the
/// target after all (see [`partial_create`]).
async fn partial(api: &CloudAccess<'_>, planned: &Value, eip_id: &str, ctx: &CallContext) -> Option<Value> {
    partial_create_from(planned, fresh(api, eip_id, ctx).await, |a| bound_to_target(a, planned), observed)
}

/// The code the current API answers for an EIP whose status does not permit a binding
/// (older API 3.0 versions answer `InvalidAddressIdStatus.NotPermit`; both are understood).
pub const STATUS_NOT_PERMIT: ApiError = tencent_vpc::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT;
/// The code the current API answers for an EIP in arrears (older versions:
/// `InvalidAddressIdState.InArrears`).
pub const ARREARS: ApiError = tencent_vpc::OPERATION_DENIED_ADDRESS_IN_ARREARS;

/// States of an instance that AssociateAddress accepts.
const BINDABLE_INSTANCE_STATES: &[&str] = &[cvm_state::RUNNING, cvm_state::STOPPED];

/// The target's own constraints: the instance exists and is running or stopped; the
/// network interface exists and has the private IP, and its instance is running or stopped.
/// `instance` is the configured instance as [`Tencent::check`] already described it.
async fn check_target(api: &CloudAccess<'_>, req: &PlanRequest, instance: Option<Option<&tencent_cvm::Instance>>, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let ctx = api.reading(READ_TIMEOUT);
    let instance_state = |instance: &str, at: &str, diags: &mut Diagnostics, state: &str| {
        if !BINDABLE_INSTANCE_STATES.contains(&state) {
            let e = tencent_vpc::INVALID_INSTANCE_NOT_SUPPORTED;
            diags.push(Diagnostic::rule(e.code, format!("instance {instance} is {state}, not RUNNING or STOPPED"), e.message).at(AttrPath::attr(at)));
        }
    };
    let planned = PlannedAssociation::of(&req.planned);
    if let (Some(instance), Some(described)) = (planned.instance_id, instance) {
        match described {
            None => {
                let e = tencent_vpc::INVALID_INSTANCE_ID_NOT_FOUND;
                diags.push(Diagnostic::rule(e.code, format!("instance {instance} does not exist in {}", api.region), e.message).at(AttrPath::attr(Association::INSTANCE_ID)));
            }
            Some(cvm) => instance_state(instance, Association::INSTANCE_ID, diags, &cvm.instance_state),
        }
        return Ok(());
    }
    let (Some(eni_id), Some(ip)) = (planned.network_interface_id, planned.private_ip_address) else {
        return Ok(());
    };
    let e = tencent_vpc::INVALID_NETWORK_INTERFACE_ID_NOT_FOUND;
    match api.client.describe_tencent_network_interface(eni_id, &ctx).await? {
        None => diags.push(
            Diagnostic::rule(e.code, format!("network interface {eni_id} does not exist in {}", api.region), e.message).at(AttrPath::attr(Association::NETWORK_INTERFACE_ID)),
        ),
        Some(eni) if !eni.has_private_ip(ip) => {
            diags.push(Diagnostic::rule(e.code, format!("{ip} is not a private IP of {eni_id}"), e.message).at(AttrPath::attr(Association::PRIVATE_IP_ADDRESS)))
        }
        Some(eni) => {
            if let Some(owner) = eni.owner() {
                if let Some(cvm) = api.client.describe_cvm_instance(owner, &ctx).await? {
                    instance_state(owner, Association::NETWORK_INTERFACE_ID, diags, &cvm.instance_state);
                }
            }
        }
    }
    Ok(())
}

/// Tencent Cloud VPC's binder.
pub struct Tencent;

#[async_trait]
impl Binder for Tencent {
    fn plan(&self, req: &mut PlanRequest, diags: &mut Diagnostics) {
        let cloud = Cloud::Tencent;
        for attr in [Association::INSTANCE_TYPE, Association::MODE, Association::INSTANCE_REGION_ID, Association::FORCE] {
            not_allowed(req, attr, cloud, "Remove it from this resource.", diags);
        }
        let instance = req.config.attr(Association::INSTANCE_ID).clone();
        let eni = req.config.attr(Association::NETWORK_INTERFACE_ID).clone();
        let private_ip = req.config.attr(Association::PRIVATE_IP_ADDRESS).clone();
        if !instance.is_null() && !eni.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::INVALID_PARAMETER_CONFLICT.code,
                    "instance_id and network_interface_id cannot both be set",
                    "An EIP binds either to an instance or to a private IP of a network interface.",
                )
                .at(AttrPath::attr(Association::NETWORK_INTERFACE_ID)),
            );
        } else if instance.is_null() && eni.is_null() && !private_ip.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::MISSING_PARAMETER.code,
                    "network_interface_id is required with private_ip_address",
                    "NetworkInterfaceId and PrivateIpAddress must be given together: the EIP binds to that private IP of that network interface.",
                )
                .at(AttrPath::attr(Association::PRIVATE_IP_ADDRESS)),
            );
        } else if instance.is_null() && eni.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::MISSING_RESOURCE_ID.code,
                    "set instance_id, or network_interface_id with private_ip_address",
                    "AssociateAddress needs the instance, or the network interface and private IP, to bind to.",
                )
                .at(AttrPath::attr(Association::INSTANCE_ID)),
            );
        } else if !eni.is_null() && private_ip.is_null() {
            diags.push(
                Diagnostic::rule(
                    tencent_vpc::MISSING_PARAMETER.code,
                    "private_ip_address is required with network_interface_id",
                    "NetworkInterfaceId and PrivateIpAddress must be given together.",
                )
                .at(AttrPath::attr(Association::PRIVATE_IP_ADDRESS)),
            );
        }
        // Tencent has none of these parameters: they stay null, so that generated
        // configuration leaves them out.
        for attr in [Association::INSTANCE_TYPE, Association::MODE, Association::INSTANCE_REGION_ID, Association::FORCE] {
            req.set_planned(attr, Value::Null);
        }
        if eni.is_null() && private_ip.is_null() {
            req.set_planned(Association::PRIVATE_IP_ADDRESS, Value::Null);
        }
        req.set_planned(Association::ID, id_of(&req.planned));
    }

    async fn create(&self, api: &CloudAccess<'_>, planned: &Value, timeout: Duration, diags: &mut Diagnostics) -> Option<Value> {
        let wanted = Association::of(planned);
        let eip_id = wanted.eip_id;
        let (ctx, _guard) = api.start_write(timeout, &format!("binding EIP {eip_id}"), diags)?;
        let request = AssociateAddressRequest {
            address_id: eip_id.to_owned(),
            instance_id: non_empty(wanted.instance_id),
            network_interface_id: non_empty(wanted.network_interface_id),
            private_ip_address: if wanted.network_interface_id.is_empty() { None } else { non_empty(wanted.private_ip_address) },
            ..Default::default()
        };
        let task = match api.client.call(&request, &ctx).await {
            Ok(resp) => resp.task_id,
            Err(e) => {
                match e.tencent_address_class() {
                    // After a retry, a binding there now is this create's own write answered
                    // twice (the first try landed); refused outright, it is another's.
                    Some(AddressCodeClass::AlreadyBound) if e.write_may_have_landed() => {
                        if let Ok(Some(address)) = fresh(api, eip_id, &ctx).await {
                            if bound_to_target(&address, planned) {
                                return Some(fill_unknowns(planned, &observed(&address)));
                            }
                        }
                        diags.push(failure(&e, &format!("binding EIP {eip_id}")));
                    }
                    Some(AddressCodeClass::ArrearsOrBlocked) => diags.push(Diagnostic::error(
                        format!("EIP {eip_id} cannot be bound: it (or the target's public IP) is in arrears or blocked"),
                        format!("Settle the account or lift the block in the Tencent Cloud console, then apply again. The cloud answered: {e}"),
                    )),
                    _ => diags.push(failure_within(&e, &format!("binding EIP {eip_id}"), "create", timeout)),
                }
                return partial_after_write_error(&e, partial(api, planned, eip_id, &ctx)).await;
            }
        };
        if let Err(e) = api.client.wait_tencent_task(&task, POLL_SCHEDULE, &ctx).await {
            diags.push(failure_within(&e, &format!("waiting for the task binding EIP {eip_id}"), "create", timeout));
            return partial(api, planned, eip_id, &ctx).await;
        }
        match fresh(api, eip_id, &ctx).await {
            Ok(Some(address)) if bound_to_target(&address, planned) => Some(fill_unknowns(planned, &observed(&address))),
            Ok(_) => {
                diags.push(Diagnostic::error(format!("EIP {eip_id} is not bound after its task succeeded"), "DescribeAddresses does not show the EIP on the requested target."));
                None
            }
            Err(e) => {
                diags.push(failure_within(&e, &format!("reading EIP {eip_id} after binding it"), "create", timeout));
                partial(api, planned, eip_id, &ctx).await
            }
        }
    }

    async fn read(&self, api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError> {
        let eip_id = Association::of(state).eip_id;
        let Some(address) = describe(api, eip_id, &api.reading(READ_TIMEOUT)).await? else {
            let seen = format!("EIP {eip_id} no longer exists in {}. {RESOLVE}", api.region);
            return Ok(Observed::Gone { seen, now: vec![(Association::STATUS, Value::Null)] });
        };
        if !bound_to_target(&address, state) {
            let target = target_of(&address);
            let now =
                if target.is_empty() { format!("EIP {eip_id} is no longer bound (it is {}).", address.address_status) } else { format!("EIP {eip_id} is now bound to {target}.") };
            return Ok(Observed::Gone { seen: format!("{now} {RESOLVE}"), now: vec![(Association::STATUS, Value::from(address.address_status.as_str()))] });
        }
        let mut updates = observed(&address);
        updates.push((Association::ID, id_of(state)));
        for attr in [Association::INSTANCE_TYPE, Association::MODE, Association::INSTANCE_REGION_ID, Association::FORCE] {
            updates.push((attr, Value::Null));
        }
        Ok(Observed::Present(with_attrs(state, &updates)))
    }

    async fn delete(&self, api: &CloudAccess<'_>, state: &Value, timeout: Duration) -> Result<(), ClientError> {
        let (ctx, _guard) = api.writing(timeout)?;
        let eip_id = Association::of(state).eip_id;
        match fresh(api, eip_id, &ctx).await? {
            Some(address) if bound_to_target(&address, state) => {}
            _ => return Ok(()),
        }
        let request = DisassociateAddressRequest { address_id: eip_id.to_owned(), ..Default::default() };
        // Just seen bound to this target: a status that does not permit the unbind is a
        // transition under way, which retrying outlasts.
        let unbinding = ctx.clone().retry_also(tencent_vpc::ADDRESS_STATUS_NOT_PERMIT_CODES.iter().copied());
        let task = match api.client.call(&request, &unbinding).await {
            Ok(resp) => resp.task_id,
            Err(e) => match e.tencent_address_class() {
                Some(AddressCodeClass::NotFound) => return Ok(()),
                Some(AddressCodeClass::NotBound) => match fresh(api, eip_id, &ctx).await? {
                    Some(address) if bound_to_target(&address, state) => return Err(e),
                    _ => return Ok(()),
                },
                _ => return Err(e),
            },
        };
        api.client.wait_tencent_task(&task, POLL_SCHEDULE, &ctx).await?;
        api.client.forget_cached(CachedKind::Address, eip_id);
        Ok(())
    }

    /// Live plan-time rules: the EIP exists, is free, not blocked or in arrears, and the
    /// target holds no EIP yet. What the association being replaced holds counts as free.
    async fn check(&self, api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError> {
        let planned = PlannedAssociation::of(&req.planned);
        let Some(eip_id) = planned.eip_id else { return Ok(()) };
        let at = || AttrPath::attr(Association::EIP_ID);
        let released = req.released();
        let held_by_released = |address: &Address| released.is_some_and(|p| Association::of(p).eip_id == address.address_id && bound_to_target(address, p));
        let described = describe(api, eip_id, &api.reading(READ_TIMEOUT)).await?;
        let released_here = described.as_ref().is_some_and(held_by_released);
        match described {
            None => diags.push(
                Diagnostic::rule(
                    tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND.code,
                    format!("EIP {eip_id} does not exist in {}", api.region),
                    tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND.message,
                )
                .at(at()),
            ),
            Some(a) if a.is_blocked => diags
                .push(Diagnostic::rule(tencent_vpc::INVALID_ADDRESS_ID_BLOCKED.code, format!("EIP {eip_id} is blocked"), tencent_vpc::INVALID_ADDRESS_ID_BLOCKED.message).at(at())),
            Some(a) if a.is_arrears => diags.push(Diagnostic::rule(ARREARS.code, format!("EIP {eip_id} is in arrears"), ARREARS.message).at(at())),
            // Bound by the association this plan replaces: free once it is destroyed.
            Some(_) if released_here => {}
            // Bound to this very target, but not by this resource: tether does not take it over.
            Some(a) if bound_to_target(&a, &req.planned) => diags.push(
                Diagnostic::rule(STATUS_NOT_PERMIT.code, format!("EIP {eip_id} is already bound to {}", target_of(&a)), not_in_state(planned.id.as_str().unwrap_or(eip_id)))
                    .at(at()),
            ),
            Some(a) if a.address_status != rules::TENCENT_BINDABLE_STATUS => {
                let target = target_of(&a);
                diags.push(
                    Diagnostic::rule(
                        STATUS_NOT_PERMIT.code,
                        format!("EIP {eip_id} is {}, not {}", a.address_status, rules::TENCENT_BINDABLE_STATUS),
                        if target.is_empty() { STATUS_NOT_PERMIT.message.to_owned() } else { format!("It is bound to {target}. {}", STATUS_NOT_PERMIT.message) },
                    )
                    .at(at()),
                )
            }
            Some(_) => {}
        }
        let (filter, value, error, attr) = match (planned.instance_id, planned.private_ip_address) {
            (Some(instance), _) => ("instance-id", instance, tencent_vpc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP, Association::INSTANCE_ID),
            (None, Some(ip)) => ("private-ip-address", ip, tencent_vpc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP, Association::PRIVATE_IP_ADDRESS),
            _ => return Ok(()),
        };
        let request = DescribeAddressesRequest { filters: vec![Filter { name: filter.to_owned(), values: vec![value.to_owned()] }], ..Default::default() };
        let resp = api.client.call(&request, &api.reading(READ_TIMEOUT)).await?;
        let eni = planned.network_interface_id;
        // An instance's EIP sits on its primary private IP; EIPs on the private IPs of its
        // other ENIs also carry its InstanceId but leave that slot free.
        // Described once, for this and for the target's own checks.
        let cvm = match attr {
            Association::INSTANCE_ID => Some(api.client.describe_cvm_instance(value, &api.reading(READ_TIMEOUT)).await?),
            _ => None,
        };
        let primary_ip = cvm.as_ref().and_then(|c| c.as_ref()).and_then(|c| c.private_ip_addresses.first().cloned());
        // AssociateAddress takes an instance or an ENI's private IP, not both: an instance's
        // EIP sits on its primary private IP, so a configured private IP must be that one.
        if let (Association::INSTANCE_ID, Some(ip), Some(primary)) = (attr, planned.private_ip_address, primary_ip.as_deref()) {
            if ip != primary {
                let e = tencent_vpc::INVALID_PARAMETER_CONFLICT;
                let summary = format!("{ip} is not the primary private IP of {value} ({primary})");
                let detail = format!("An EIP bound to an instance sits on its primary private IP. Remove private_ip_address, or bind to a network interface's private IP with network_interface_id. {}", e.message);
                diags.push(Diagnostic::rule(e.code, summary, detail).at(AttrPath::attr(Association::PRIVATE_IP_ADDRESS)));
            }
        }
        let occupies_the_target = |a: &Address| match attr {
            Association::INSTANCE_ID => primary_ip.as_deref().is_none_or(|ip| a.private_address_ip.as_deref().is_none_or(|held| held == ip)),
            _ => eni.is_none() || a.network_interface_id.as_deref() == eni,
        };
        let taken = resp.address_set.iter().find(|a| a.address_id != eip_id && occupies_the_target(a) && !held_by_released(a));
        if let Some(other) = taken {
            diags.push(Diagnostic::rule(error.code, format!("{value} already holds EIP {}", other.address_id), error.message).at(AttrPath::attr(attr)));
        }
        check_target(api, req, cvm.as_ref().map(Option::as_ref), diags).await
    }

    /// Tencent's documented rules beyond the attribute validators.
    fn rules(&self) -> Vec<Rule> {
        vec![
            Rule::config("`instance_type`, `mode`, `instance_region_id` and `force` are not set", TC, &[]),
            Rule::config("not both `instance_id` and `network_interface_id`", TC, &[tencent_vpc::INVALID_PARAMETER_CONFLICT]),
            Rule::config("`instance_id`, or `network_interface_id` with `private_ip_address`, is set", TC, &[tencent_vpc::MISSING_RESOURCE_ID]),
            Rule::config("`network_interface_id` and `private_ip_address` are set together", TC, &[tencent_vpc::MISSING_PARAMETER]),
            Rule::live("the EIP exists", TC, &[tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND]),
            Rule::live("the EIP is not blocked", TC, &[tencent_vpc::INVALID_ADDRESS_ID_BLOCKED]),
            Rule::live("the EIP is not in arrears", TC, &[ARREARS, tencent_vpc::INVALID_ADDRESS_ID_STATE_IN_ARREARS]),
            Rule::live(
                format!("the EIP is `{}` (not bound elsewhere)", rules::TENCENT_BINDABLE_STATUS),
                TC,
                &[STATUS_NOT_PERMIT, tencent_vpc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT],
            ),
            Rule::live("the instance holds no other EIP", TC, &[tencent_vpc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP]),
            Rule::live("the network interface's private IP holds no other EIP", TC, &[tencent_vpc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP]),
            Rule::live("the instance exists", TC, &[tencent_vpc::INVALID_INSTANCE_ID_NOT_FOUND]),
            Rule::live("the network interface exists and has `private_ip_address`", TC, &[tencent_vpc::INVALID_NETWORK_INTERFACE_ID_NOT_FOUND]),
            Rule::live("with `instance_id`, `private_ip_address` is left out or is the instance's primary private IP", TC, &[tencent_vpc::INVALID_PARAMETER_CONFLICT]),
            Rule::live("the instance (or the network interface's instance) is `RUNNING` or `STOPPED`", TC, &[tencent_vpc::INVALID_INSTANCE_NOT_SUPPORTED]),
        ]
    }

    fn import_forms(&self) -> &'static str {
        "<eip_id>:<instance_id> (e.g. eip-11112222:ins-11112222) or <eip_id>:<network_interface_id>:<private_ip_address> (e.g. eip-11112222:eni-11112222:10.0.0.2)"
    }

    fn import_state(&self, base: &Value, parts: &[&str]) -> Option<Value> {
        eip_on_instance(base, parts).or_else(|| match parts {
            [eip, eni, ip] if !eip.is_empty() && !eni.is_empty() && ip.parse::<std::net::Ipv4Addr>().is_ok() => {
                Some(with_attrs(base, &[(Association::EIP_ID, (*eip).into()), (Association::NETWORK_INTERFACE_ID, (*eni).into()), (Association::PRIVATE_IP_ADDRESS, (*ip).into())]))
            }
            _ => None,
        })
    }
}
