//! Scaling group rules: an instance attached twice; the group's maximum size.

use tether_wire::constraints::ess_attachment;

use super::*;
use crate::resources::ess_attachment::{Attachment as Attr, TYPE_NAME};

pub(super) fn ess_instance_twice(plan: &Plan, _live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ess-instance-twice";
    let code = ess_attachment::INSTANCE_IN_ONE_GROUP.code;
    let mut owners: BTreeMap<(String, String), Vec<&Instance>> = BTreeMap::new();
    let mut unknown = Vec::new();
    let all: Vec<&Instance> = of_type(plan, TYPE_NAME).collect();
    for i in &all {
        let (ids, partial) = i.strings(Attr::INSTANCE_IDS);
        if ids == Known::Unknown {
            unknown.push(*i);
        }
        for id in partial {
            owners.entry((i.provider.scope(), id)).or_default().push(i);
        }
    }
    for ((scope, instance), members) in &owners {
        if members.len() > 1 {
            out.push(Finding {
                rule,
                severity: Severity::Violation,
                code: code.to_owned(),
                message: format!("instance {instance} ({scope}) is in {} ESS attachments; an instance belongs to one scaling group", members.len()),
                resources: addresses(members),
                fix: "List each instance in one tether_ess_attachment.".into(),
            });
        }
    }
    undecided(rule, code, "which instances these attachments list", &unknown, all.len(), out);
}

pub(super) fn ess_max_size(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ess-max-size";
    let error = ess_attachment::MAX_SIZE;
    let all: Vec<&Instance> = of_type(plan, TYPE_NAME).collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string(Attr::SCALING_GROUP_ID));
    for ((scope, group_id), members) in &groups {
        let Some(group) = live.ess_group(scope, group_id) else { continue };
        let now: BTreeSet<String> = group.attached.iter().cloned().collect();
        let mut after = now.clone();
        let leaving = plan
            .removed
            .iter()
            .filter(|r| r.resource_type == TYPE_NAME && r.string(Attr::SCALING_GROUP_ID) == Known::Value(group_id.clone()))
            .flat_map(|r| r.strings_before(Attr::INSTANCE_IDS))
            .chain(members.iter().flat_map(|m| {
                let (_, kept) = m.strings(Attr::INSTANCE_IDS);
                m.strings_before(Attr::INSTANCE_IDS).into_iter().filter(move |id| !kept.contains(id))
            }));
        for id in leaving {
            after.remove(&id);
        }
        for m in members {
            after.extend(m.strings(Attr::INSTANCE_IDS).1);
        }
        let added = after.difference(&now).count();
        let detached = now.difference(&after).count();
        let total = (group.total_capacity + added).saturating_sub(detached);
        if total > group.max_size {
            out.push(Finding {
                rule,
                severity: Severity::Violation,
                code: error.code.to_owned(),
                message: format!(
                    "scaling group {group_id} ({scope}) has {} instance(s) and MaxSize {}; these attachments add {added}, making {total}",
                    group.total_capacity, group.max_size
                ),
                resources: addresses(members),
                fix: format!("Attach at most {} more instance(s) to {group_id}, or raise its MaxSize.", group.max_size.saturating_sub(group.total_capacity)),
            });
        }
    }
    undecided(rule, error.code, "which scaling group these attachments use", &unknown, all.len(), out);
}
