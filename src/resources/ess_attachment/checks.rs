//! The live rules: the group, its capacity and members, each instance being attached, and
//! the group's load balancers.

use super::*;

/// Live plan-time rules: the group exists and is Active, the new instances fit under MaxSize,
/// and none belongs to another group. What this plan detaches first counts as free: the
/// instances an in-place update removes (it detaches before it attaches), and the instances
/// of the attachment a replacement destroys.
pub async fn check(api: &CloudAccess<'_>, req: &PlanRequest, added: &[String], diags: &mut Diagnostics) -> Result<(), ClientError> {
    let planned = PlannedAttachment::of(&req.planned);
    let Some(group_id) = planned.scaling_group_id else { return Ok(()) };
    let Some(group) = describe_group(api, group_id).await? else {
        let e = alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND;
        diags.push(Diagnostic::rule(e.code, format!("Scaling group {group_id} does not exist in {}", api.region), e.message).at(AttrPath::attr(Attachment::SCALING_GROUP_ID)));
        return Ok(());
    };
    if group.lifecycle_state != rules::ACTIVE_STATE {
        let e = alibaba_ess::INCORRECT_SCALING_GROUP_STATUS;
        diags.push(
            Diagnostic::rule(e.code, format!("Scaling group {group_id} is {}, not {}", group.lifecycle_state, rules::ACTIVE_STATE), e.message)
                .at(AttrPath::attr(Attachment::SCALING_GROUP_ID)),
        );
    }
    // Instances this plan detaches before attaching, per group.
    let planned_ids = known_ids(planned.instance_ids).unwrap_or_default();
    let leaving: Vec<(String, String)> = match req.released() {
        Some(prior) => {
            let prior = Attachment::of(prior);
            known_ids(prior.instance_ids).unwrap_or_default().into_iter().map(|id| (prior.scaling_group_id.to_owned(), id.to_owned())).collect()
        }
        None if !req.prior.is_null() => known_ids(Attachment::of(&req.prior).instance_ids)
            .unwrap_or_default()
            .into_iter()
            .filter(|id| !planned_ids.contains(id))
            .map(|id| (group_id.to_owned(), id.to_owned()))
            .collect(),
        None => Vec::new(),
    };
    let leaves = |group: &str, id: &str| leaving.iter().any(|(g, i)| g == group && i == id);
    // Instances already in the group are not taken over (unless this plan detaches them
    // first): the group made them itself, or someone else attached them.
    let present: Vec<ScalingInstance> =
        attached_in_group(api, group_id, added, &api.reading(READ_TIMEOUT)).await?.into_iter().filter(|i| !leaves(group_id, &i.instance_id)).collect();
    for member in &present {
        let e = rules::INSTANCE_IN_ONE_GROUP;
        let detail = if member.creation_type == creation_type::ATTACHED {
            not_in_state(&format!("{group_id}:{}", member.instance_id))
        } else {
            format!(
                "It is a {} member of the group, which the group manages itself; tether_ess_attachment attaches existing instances only, and never detaches one it did not attach. Remove it from instance_ids.",
                if member.creation_type.is_empty() { "group-created" } else { member.creation_type.as_str() }
            )
        };
        diags.push(Diagnostic::rule(e.code, format!("{} is already in scaling group {group_id}", member.instance_id), detail).at(AttrPath::attr(Attachment::INSTANCE_IDS)));
    }
    let added: Vec<String> = added.iter().filter(|id| !present.iter().any(|p| &p.instance_id == *id)).cloned().collect();
    let leaving_here: Vec<String> = leaving.iter().filter(|(g, _)| g == group_id).map(|(_, id)| id.clone()).collect();
    let leaving_here = attached_in_group(api, group_id, &leaving_here, &api.reading(READ_TIMEOUT)).await?.len();
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let total = group.total_capacity.saturating_sub(count(leaving_here)).saturating_add(count(added.len()));
    if total > group.max_size {
        let e = rules::MAX_SIZE;
        let detached = if leaving_here > 0 { format!(" after detaching {leaving_here}") } else { String::new() };
        diags.push(
            Diagnostic::rule(
                e.code,
                format!("attaching {} instance(s){detached} would take {group_id} to {total}, above its MaxSize {}", added.len(), group.max_size),
                format!("The group has {} instance(s) now. {}", group.total_capacity, e.message),
            )
            .at(AttrPath::attr(Attachment::INSTANCE_IDS)),
        );
    }
    for chunk in added.chunks(MAX_INSTANCES) {
        let request = DescribeScalingInstancesRequest { region_id: api.region.to_owned(), instance_ids: chunk.to_vec(), ..Default::default() }.with_max_page_size();
        let found = api.client.collect_all(request, &api.reading(READ_TIMEOUT)).await?;
        for other in found.iter().filter(|i| !i.scaling_group_id.is_empty() && i.scaling_group_id != group_id && !leaves(&i.scaling_group_id, &i.instance_id)) {
            let e = rules::INSTANCE_IN_ONE_GROUP;
            diags.push(
                Diagnostic::rule(
                    e.code,
                    format!("{} is already attached to scaling group {}", other.instance_id, other.scaling_group_id),
                    "An instance belongs to one scaling group; detach it there first.",
                )
                .at(AttrPath::attr(Attachment::INSTANCE_IDS)),
            );
        }
    }
    check_instances(api, &group, &added, diags).await?;
    check_load_balancers(api, &group, group_in_vpc(&group), diags).await
}

/// Each instance being attached: it exists in the group's region, is running, has the
/// group's network type and VPC, and has an instance type of the group's active scaling
/// configuration (when that configuration names types).
async fn check_instances(api: &CloudAccess<'_>, group: &ScalingGroup, added: &[String], diags: &mut Diagnostics) -> Result<(), ClientError> {
    let ctx = api.reading(READ_TIMEOUT);
    let group_in_vpc = group_in_vpc(group);
    let configuration = api.client.active_scaling_configuration(&group.scaling_group_id, &ctx).await?;
    let types: Vec<&str> = configuration.as_ref().map(|c| c.all_instance_types()).unwrap_or_default().into_iter().filter(|t| !t.is_empty()).collect();
    let instances = futures::future::join_all(added.iter().map(|id| api.client.describe_ecs_instance(id, &ctx))).await;
    let mut push = |e: ApiError, summary: String| diags.push(Diagnostic::rule(e.code, summary, e.message).at(AttrPath::attr(Attachment::INSTANCE_IDS)));
    for (id, found) in added.iter().zip(instances) {
        let Some(instance) = found? else {
            push(alibaba_ess::INVALID_INSTANCE_ID_NOT_FOUND, format!("instance {id} does not exist in {}", api.region));
            continue;
        };
        if instance.status != ecs_status::RUNNING {
            push(alibaba_ess::INCORRECT_INSTANCE_STATUS, format!("instance {id} is {}, not {}", instance.status, ecs_status::RUNNING));
        }
        let in_vpc = instance.instance_network_type == ecs_network::VPC;
        if in_vpc != group_in_vpc {
            let (has, wants) = if group_in_vpc { ("classic", "VPC") } else { ("VPC", "classic") };
            push(alibaba_ess::INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH, format!("instance {id} is a {has} instance; scaling group {} is a {wants} group", group.scaling_group_id));
        } else if group_in_vpc && !group.vpc_id.is_empty() && instance.vpc_attributes.vpc_id != group.vpc_id {
            push(
                alibaba_ess::INVALID_INSTANCE_ID_VPC_MISMATCH,
                format!("instance {id} is in {}; scaling group {} is in {}", instance.vpc_attributes.vpc_id, group.scaling_group_id, group.vpc_id),
            );
        }
        if !types.is_empty() && !instance.instance_type.is_empty() && !types.contains(&instance.instance_type.as_str()) {
            push(
                alibaba_ess::INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH,
                format!("instance {id} is a {}; the group's active scaling configuration takes {}", instance.instance_type, types.join(", ")),
            );
        }
    }
    Ok(())
}

/// A load balancer's `NetworkType` in a VPC (DescribeLoadBalancers).
mod slb_network {
    pub const VPC: &str = "vpc";
}

/// Whether the group launches into a VPC (it has vSwitches).
fn group_in_vpc(group: &ScalingGroup) -> bool {
    !group.v_switch_ids.items.is_empty() || !group.v_switch_id.is_empty()
}

/// The group's load balancers are active and in the group's network (AttachInstances adds
/// the instances to them): a classic load balancer serves a classic group, a VPC one a group
/// in its VPC. (Whether health checks are on is not readable.)
async fn check_load_balancers(api: &CloudAccess<'_>, group: &ScalingGroup, group_in_vpc: bool, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let ctx = api.reading(READ_TIMEOUT);
    let at = || AttrPath::attr(Attachment::SCALING_GROUP_ID);
    let group_id = &group.scaling_group_id;
    for lb in &group.load_balancer_ids.items {
        let slb = match api.client.describe_load_balancer(lb, &ctx).await? {
            Some(slb) if slb.load_balancer_status == slb_status::ACTIVE => slb,
            found => {
                let e = alibaba_ess::INCORRECT_LOAD_BALANCER_STATUS;
                let now = found.map_or_else(|| "does not exist".to_owned(), |l| format!("is {}", l.load_balancer_status));
                diags.push(Diagnostic::rule(e.code, format!("load balancer {lb} of scaling group {group_id} {now}"), e.message).at(at()));
                continue;
            }
        };
        let slb_in_vpc = slb.network_type == slb_network::VPC;
        if slb_in_vpc != group_in_vpc {
            let e = alibaba_ess::INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE;
            let (has, wants) = if group_in_vpc { ("classic", "VPC") } else { ("VPC", "classic") };
            diags.push(
                Diagnostic::rule(e.code, format!("load balancer {lb} of scaling group {group_id} is a {has} load balancer; the group is a {wants} group"), e.message).at(at()),
            );
        } else if group_in_vpc && !group.vpc_id.is_empty() && slb.vpc_id != group.vpc_id {
            let e = alibaba_ess::INVALID_LOAD_BALANCER_ID_VPC_MISMATCH;
            diags.push(
                Diagnostic::rule(e.code, format!("load balancer {lb} of scaling group {group_id} is in {}; the group is in {}", slb.vpc_id, group.vpc_id), e.message).at(at()),
            );
        }
    }
    Ok(())
}
