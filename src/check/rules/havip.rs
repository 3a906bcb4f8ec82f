//! HaVip rules: the member limit, mixed member types, and one member attached twice.

use tether_wire::constraints::havip_attachment;

use super::*;
use crate::resources::havip_attachment::{Membership as Attr, TYPE_NAME};

/// HaVip members after the plan: the plan's attachments plus live members it does not touch.
pub(super) fn havip_members<'p>(plan: &'p Plan, live: &LiveState) -> (HavipMembers<'p>, Vec<&'p Instance>) {
    let all: Vec<&Instance> = of_type(plan, TYPE_NAME).collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string(Attr::HAVIP_ID));
    let mut members: HavipMembers<'p> = BTreeMap::new();
    for (key, instances) in groups {
        let entry = members.entry(key.clone()).or_default();
        for i in instances {
            let id = match i.string(Attr::INSTANCE_ID) {
                Known::Value(v) => v,
                _ => format!("(unknown, {})", i.address),
            };
            entry.push((id, i.string(Attr::INSTANCE_TYPE), Some(i)));
        }
        if let Some((live_members, live_type)) = live.havip(&key.0, &key.1) {
            let removed: BTreeSet<String> = plan
                .removed
                .iter()
                .filter(|r| r.resource_type == TYPE_NAME && r.string(Attr::HAVIP_ID) == Known::Value(key.1.clone()))
                .filter_map(|r| match r.string(Attr::INSTANCE_ID) {
                    Known::Value(v) => Some(v),
                    _ => None,
                })
                .collect();
            for m in live_members {
                if !removed.contains(m) && !entry.iter().any(|(id, _, _)| id == m) {
                    entry.push((m.clone(), Known::Value(live_type.to_owned()), None));
                }
            }
        }
    }
    (members, unknown)
}

pub(super) fn havip_member_limit(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "havip-member-limit";
    let limit = havip_attachment::MEMBERS_PER_HAVIP;
    let (members, unknown) = havip_members(plan, live);
    for ((scope, havip), list) in &members {
        if limit.allows(list.len()) {
            continue;
        }
        let outside = list.iter().filter(|(_, _, i)| i.is_none()).count();
        out.push(Finding {
            rule,
            severity: Severity::Violation,
            code: limit.error.code.to_owned(),
            message: format!(
                "HaVip {havip} ({scope}) would have {} members{}; at most {} are allowed",
                list.len(),
                if outside > 0 { format!(" ({outside} attached outside this plan)") } else { String::new() },
                limit.max
            ),
            resources: list.iter().filter_map(|(_, _, i)| i.map(|i| i.address.clone())).collect(),
            fix: format!("Attach at most {} instances or ENIs to one HaVip.", limit.max),
        });
    }
    let total = of_type(plan, TYPE_NAME).count();
    undecided(rule, limit.error.code, "which HaVip these attachments use", &unknown, total, out);
}

pub(super) fn havip_member_twice(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "havip-member-twice";
    let code = volcengine_vpc::FORBIDDEN_INSTANCE_HAS_HAVIP.code;
    let (members, _) = havip_members(plan, live);
    for ((scope, havip), list) in &members {
        let mut by_member: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
        for (id, _, instance) in list {
            if let Some(i) = instance {
                by_member.entry(id.as_str()).or_default().push(i);
            }
        }
        for (member, attachments) in by_member.into_iter().filter(|(_, a)| a.len() > 1) {
            out.push(Finding {
                rule,
                severity: Severity::Violation,
                code: code.to_owned(),
                message: format!("{member} is attached to HaVip {havip} ({scope}) by {} resources; the second attach fails because it is already a member", attachments.len()),
                resources: addresses(&attachments),
                fix: "Attach each member to a HaVip from exactly one tether_havip_attachment.".into(),
            });
        }
    }
}

pub(super) fn havip_mixed_members(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "havip-mixed-members";
    let code = havip_attachment::MIXED_MEMBER_TYPES.code;
    let (members, _) = havip_members(plan, live);
    for ((scope, havip), list) in &members {
        let types: BTreeSet<&str> = list
            .iter()
            .filter_map(|(_, t, _)| match t {
                Known::Value(v) => Some(v.as_str()),
                _ => None,
            })
            .collect();
        if types.len() > 1 {
            out.push(Finding {
                rule,
                severity: Severity::Violation,
                code: code.to_owned(),
                message: format!("HaVip {havip} ({scope}) would hold both {}; one HaVip holds one kind of member", types.into_iter().collect::<Vec<_>>().join(" and ")),
                resources: list.iter().filter_map(|(_, _, i)| i.map(|i| i.address.clone())).collect(),
                fix: "Attach either ECS instances or ENIs to a HaVip, not both.".into(),
            });
        } else if list.iter().any(|(_, t, _)| *t == Known::Unknown) && list.len() > 1 {
            out.push(Finding {
                rule,
                severity: Severity::Warning,
                code: code.to_owned(),
                message: format!("cannot check member types of HaVip {havip}: an instance_type is known only after apply"),
                resources: list.iter().filter_map(|(_, _, i)| i.map(|i| i.address.clone())).collect(),
                fix: "Set instance_type explicitly.".into(),
            });
        }
    }
}
