//! The plan-wide rules: constraints that span resources, each built on the constraint
//! declarations the resources' own plan-time checks use (`tether_wire::constraints`).

use std::collections::{BTreeMap, BTreeSet};

use tether_wire::constraints::{alibaba_vpc, ess_attachment, ga_backend, havip_attachment, tencent_vpc, ApiError};

use super::live::LiveState;
use super::plan::{Instance, Known, Plan};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Violation,
    Warning,
}

/// One finding: a violated rule, or a rule that could not decide.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The documented cloud error code the rule prevents.
    pub code: String,
    pub message: String,
    /// Every resource address involved.
    pub resources: Vec<String>,
    pub fix: String,
}

/// A rule: its identifier, what it prevents, and how to check it.
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    /// What the rule checks and why the cloud refuses it, for report viewers (SARIF help).
    pub help: &'static str,
    /// The documented cloud errors the rule prevents (the codes its findings carry).
    pub prevents: &'static [ApiError],
    pub check: fn(&Plan, &LiveState, &mut Vec<Finding>),
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "eip-bound-twice",
        title: "one EIP in two associations",
        help: "Two tether_eip_association resources in the plan bind the same EIP (in the same account and region). The first bind succeeds; the cloud refuses the second because the EIP is then in use, half-way through apply.",
        prevents: &[alibaba_vpc::INCORRECT_EIP_STATUS, tencent_vpc::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT],
        check: eip_bound_twice,
    },
    Rule {
        id: "target-given-two-eips",
        title: "one instance or ENI private IP given two EIPs",
        help: "Two tether_eip_association resources give different EIPs to the same instance (or the same private IP of an ENI; on Tencent Cloud the primary IP of an instance's primary ENI, read live, is the instance itself). A target holds one EIP: the cloud refuses the second association.",
        prevents: &[
            alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED,
            tencent_vpc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP,
            tencent_vpc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP,
        ],
        check: target_given_two_eips,
    },
    Rule {
        id: "havip-member-limit",
        title: "more than 10 members on one HaVip",
        help: "The plan's tether_havip_attachment resources, with the members the HaVip already has outside the plan (live state), put more than 10 instances or ENIs on one Volcengine HaVip. The cloud refuses the 11th.",
        prevents: &[havip_attachment::MEMBERS_PER_HAVIP.error],
        check: havip_member_limit,
    },
    Rule {
        id: "havip-mixed-members",
        title: "ECS and ENI members on one HaVip",
        help: "A Volcengine HaVip holds either ECS instances or ENIs, never both; the plan (with live members) would mix them and the cloud refuses the first member of the other kind.",
        prevents: &[havip_attachment::MIXED_MEMBER_TYPES],
        check: havip_mixed_members,
    },
    Rule {
        id: "ga-two-backends",
        title: "two backends on one global acceleration instance",
        help: "An exclusive Alibaba Cloud global acceleration instance takes one backend server. Two tether_ga_backend resources (or one and a backend bound outside the plan) on the same instance fail at the second bind.",
        prevents: &[ga_backend::BACKENDS_PER_INSTANCE.error],
        check: ga_two_backends,
    },
    Rule {
        id: "ess-instance-twice",
        title: "one instance in two ESS attachments",
        help: "An ECS instance belongs to one Alibaba Cloud scaling group. Two tether_ess_attachment resources listing the same instance fail at the second attach.",
        prevents: &[ess_attachment::INSTANCE_IN_ONE_GROUP],
        check: ess_instance_twice,
    },
    Rule {
        id: "ess-max-size",
        title: "ESS attachments exceeding a group's MaxSize",
        help: "The instances the plan's tether_ess_attachment resources add to a scaling group, with the group's current TotalCapacity (live state), exceed its MaxSize; AttachInstances is refused. Needs live state.",
        prevents: &[ess_attachment::MAX_SIZE],
        check: ess_max_size,
    },
];

/// The rule with this identifier.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

fn of_type<'p>(plan: &'p Plan, resource_type: &str) -> impl Iterator<Item = &'p Instance> + 'p {
    let resource_type = resource_type.to_owned();
    plan.instances.iter().filter(move |i| i.resource_type == resource_type)
}

/// Instances grouped by (provider scope, key).
type Groups<'p> = BTreeMap<(String, String), Vec<&'p Instance>>;

/// A HaVip's members after the plan by (scope, HaVip): instance id, type, and the plan's
/// resource when the member is the plan's (None for live members outside the plan).
type HavipMembers<'p> = BTreeMap<(String, String), Vec<(String, Known<String>, Option<&'p Instance>)>>;

/// Groups instances by a key within their provider scope. Instances whose key is unknown
/// are returned apart: they can't be decided.
fn group<'p>(instances: impl Iterator<Item = &'p Instance>, key: impl Fn(&Instance) -> Known<String>) -> (Groups<'p>, Vec<&'p Instance>) {
    let mut groups: Groups<'p> = BTreeMap::new();
    let mut undecided = Vec::new();
    for i in instances {
        match key(i) {
            Known::Value(k) => groups.entry((i.provider.scope(), k)).or_default().push(i),
            Known::Unknown => undecided.push(i),
            Known::Null => {}
        }
    }
    (groups, undecided)
}

fn addresses(instances: &[&Instance]) -> Vec<String> {
    instances.iter().map(|i| i.address.clone()).collect()
}

/// A warning for instances whose deciding value is unknown until apply, when others could
/// collide with them.
fn undecided(rule: &'static str, code: &str, what: &str, undecided: &[&Instance], total: usize, out: &mut Vec<Finding>) {
    if undecided.is_empty() || total < 2 {
        return;
    }
    out.push(Finding {
        rule,
        severity: Severity::Warning,
        code: code.to_owned(),
        message: format!("cannot check {what}: the value is known only after apply"),
        resources: addresses(undecided),
        fix: "Re-run the check on a plan where these values are known (for example after the resources they come from exist).".into(),
    });
}

fn cloud_of(i: &Instance) -> Option<&str> {
    i.provider.cloud.as_deref()
}

fn eip_bound_twice(plan: &Plan, _live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "eip-bound-twice";
    let all: Vec<&Instance> = of_type(plan, "tether_eip_association").collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string("eip_id"));
    for ((scope, eip), members) in &groups {
        if members.len() < 2 {
            continue;
        }
        let code = match cloud_of(members[0]) {
            Some("tencent") => tencent_vpc::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT.code,
            _ => alibaba_vpc::INCORRECT_EIP_STATUS.code,
        };
        out.push(Finding {
            rule,
            severity: Severity::Violation,
            code: code.to_owned(),
            message: format!("EIP {eip} ({scope}) is bound by {} associations; the second bind fails because the EIP is already in use", members.len()),
            resources: addresses(members),
            fix: "Bind each EIP from exactly one tether_eip_association.".into(),
        });
    }
    undecided(rule, alibaba_vpc::INCORRECT_EIP_STATUS.code, "which EIP these associations bind", &unknown, all.len(), out);
}

fn target_given_two_eips(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "target-given-two-eips";
    let all: Vec<&Instance> = of_type(plan, "tether_eip_association").collect();
    let target = |i: &Instance| -> Known<String> {
        match (i.string("network_interface_id"), i.string("private_ip_address"), i.string("instance_id")) {
            // The primary IP of an instance's primary ENI is the instance's own EIP slot
            // (Tencent; live state tells which ENI is primary).
            (Known::Value(eni), Known::Value(ip), _) => match live.primary_eni_owner(&i.provider.scope(), &eni) {
                Some((instance, primary_ip)) if primary_ip == ip => Known::Value(instance.to_owned()),
                _ => Known::Value(format!("{eni} {ip}")),
            },
            (Known::Value(_), Known::Unknown, _) | (Known::Unknown, _, _) => Known::Unknown,
            (_, _, Known::Value(instance)) => match i.string("instance_type") {
                Known::Unknown => Known::Unknown,
                _ => Known::Value(instance),
            },
            (_, _, Known::Unknown) => Known::Unknown,
            _ => Known::Null,
        }
    };
    let (groups, unknown) = group(all.iter().copied(), target);
    for ((scope, target), members) in &groups {
        let eips: BTreeSet<String> = members
            .iter()
            .filter_map(|i| match i.string("eip_id") {
                Known::Value(e) => Some(e),
                _ => None,
            })
            .collect();
        if members.len() < 2 || eips.len() < 2 && members.iter().all(|i| i.string("eip_id") != Known::Unknown) {
            continue;
        }
        let code = match (cloud_of(members[0]), target.contains(' ')) {
            (Some("tencent"), true) => tencent_vpc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP.code,
            (Some("tencent"), false) => tencent_vpc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP.code,
            _ => alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED.code,
        };
        out.push(Finding {
            rule,
            severity: Severity::Violation,
            code: code.to_owned(),
            message: format!("{} ({scope}) is given {} EIPs; a target holds one EIP", target.replace(' ', " private IP "), members.len()),
            resources: addresses(members),
            fix: "Give each instance (or ENI private IP) one tether_eip_association.".into(),
        });
    }
    undecided(rule, alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED.code, "which target these associations bind", &unknown, all.len(), out);
}

/// HaVip members after the plan: the plan's attachments plus live members it does not touch.
fn havip_members<'p>(plan: &'p Plan, live: &LiveState) -> (HavipMembers<'p>, Vec<&'p Instance>) {
    let all: Vec<&Instance> = of_type(plan, "tether_havip_attachment").collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string("havip_id"));
    let mut members: HavipMembers<'p> = BTreeMap::new();
    for (key, instances) in groups {
        let entry = members.entry(key.clone()).or_default();
        for i in instances {
            let id = match i.string("instance_id") {
                Known::Value(v) => v,
                _ => format!("(unknown, {})", i.address),
            };
            entry.push((id, i.string("instance_type"), Some(i)));
        }
        if let Some((live_members, live_type)) = live.havip(&key.0, &key.1) {
            let removed: BTreeSet<String> = plan
                .removed
                .iter()
                .filter(|r| r.resource_type == "tether_havip_attachment" && r.string("havip_id") == Known::Value(key.1.clone()))
                .filter_map(|r| match r.string("instance_id") {
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

fn havip_member_limit(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
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
    let total = of_type(plan, "tether_havip_attachment").count();
    undecided(rule, limit.error.code, "which HaVip these attachments use", &unknown, total, out);
}

fn havip_mixed_members(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
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

fn ga_two_backends(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ga-two-backends";
    let limit = ga_backend::BACKENDS_PER_INSTANCE;
    let all: Vec<&Instance> = of_type(plan, "tether_ga_backend").collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string("global_acceleration_instance_id"));
    for ((scope, ga), members) in &groups {
        let mut backends: BTreeSet<String> = members
            .iter()
            .map(|i| match i.string("backend_server_id") {
                Known::Value(v) => v,
                _ => i.address.clone(),
            })
            .collect();
        let mut outside = 0;
        if let Some(live_backends) = live.ga(scope, ga) {
            let removed: BTreeSet<String> = plan
                .removed
                .iter()
                .filter(|r| r.resource_type == "tether_ga_backend" && r.string("global_acceleration_instance_id") == Known::Value(ga.clone()))
                .filter_map(|r| match r.string("backend_server_id") {
                    Known::Value(v) => Some(v),
                    _ => None,
                })
                .collect();
            for b in live_backends {
                if !removed.contains(b) && backends.insert(b.clone()) {
                    outside += 1;
                }
            }
        }
        if limit.allows(backends.len()) && members.len() <= limit.max {
            continue;
        }
        out.push(Finding {
            rule,
            severity: Severity::Violation,
            code: limit.error.code.to_owned(),
            message: format!(
                "global acceleration instance {ga} ({scope}) would have {} backends{}; it takes one",
                backends.len().max(members.len()),
                if outside > 0 { format!(" ({outside} bound outside this plan)") } else { String::new() }
            ),
            resources: addresses(members),
            fix: "Give each global acceleration instance one tether_ga_backend.".into(),
        });
    }
    undecided(rule, limit.error.code, "which instance these backends use", &unknown, all.len(), out);
}

fn ess_instance_twice(plan: &Plan, _live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ess-instance-twice";
    let code = ess_attachment::INSTANCE_IN_ONE_GROUP.code;
    let mut owners: BTreeMap<(String, String), Vec<&Instance>> = BTreeMap::new();
    let mut unknown = Vec::new();
    let all: Vec<&Instance> = of_type(plan, "tether_ess_attachment").collect();
    for i in &all {
        let (ids, partial) = i.strings("instance_ids");
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

fn ess_max_size(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ess-max-size";
    let error = ess_attachment::MAX_SIZE;
    let all: Vec<&Instance> = of_type(plan, "tether_ess_attachment").collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string("scaling_group_id"));
    for ((scope, group_id), members) in &groups {
        let Some(group) = live.ess_group(scope, group_id) else { continue };
        let now: BTreeSet<String> = group.attached.iter().cloned().collect();
        let mut after = now.clone();
        let leaving = plan
            .removed
            .iter()
            .filter(|r| r.resource_type == "tether_ess_attachment" && r.string("scaling_group_id") == Known::Value(group_id.clone()))
            .flat_map(|r| r.strings_before("instance_ids"))
            .chain(members.iter().flat_map(|m| {
                let (_, kept) = m.strings("instance_ids");
                m.strings_before("instance_ids").into_iter().filter(move |id| !kept.contains(id))
            }));
        for id in leaving {
            after.remove(&id);
        }
        for m in members {
            after.extend(m.strings("instance_ids").1);
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

/// The diagnostic (not a rule of [`RULES`]) for a resource instance whose provider
/// configuration could not be told.
pub const PROVIDER_UNRESOLVED: &str = "provider-unresolved";

/// Its code: tether's own, not a cloud's.
pub const PROVIDER_UNRESOLVED_CODE: &str = "ProviderConfigurationUnresolved";

/// A warning for each instance whose provider configuration is unresolved.
fn provider_unresolved(plan: &Plan, out: &mut Vec<Finding>) {
    for i in &plan.instances {
        let Some(u) = &i.provider.unresolved else { continue };
        out.push(Finding {
            rule: PROVIDER_UNRESOLVED,
            severity: Severity::Warning,
            code: PROVIDER_UNRESOLVED_CODE.to_owned(),
            message: format!("cannot tell which provider configuration {} uses, so not its cloud or region: {}; the plan-wide rules compared it with no other resource", u.resource, u.reason),
            resources: vec![u.resource.clone()],
            fix: "Run tether check with --source-dir at the configuration the plan was made from; write the provider's for_each and the resource's provider instance key as literals, variables, locals or each.key/each.value.".into(),
        });
    }
}

/// Runs every rule, then reports instances whose provider configuration is unresolved.
pub fn check(plan: &Plan, live: &LiveState) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in RULES {
        (rule.check)(plan, live, &mut out);
    }
    provider_unresolved(plan, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::plan::parse;
    use serde_json::json;

    /// A plan with the given (address, type, after, after_unknown) creates on one provider.
    fn plan(resources: &[(&str, &str, serde_json::Value, serde_json::Value)]) -> Plan {
        plan_on("alibaba", resources)
    }

    /// The same on a provider for `cloud`.
    fn plan_on(cloud: &str, resources: &[(&str, &str, serde_json::Value, serde_json::Value)]) -> Plan {
        let changes: Vec<_> = resources
            .iter()
            .map(|(address, ty, after, unknown)| {
                let name = address.rsplit('.').next().unwrap_or_default().split('[').next().unwrap_or_default();
                json!({"address": address, "mode": "managed", "type": ty, "name": name,
                       "change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown}})
            })
            .collect();
        let config_resources: Vec<_> =
            resources.iter().map(|(address, _, _, _)| json!({"address": address.split('[').next().unwrap_or_default(), "provider_config_key": "tether"})).collect();
        let doc = json!({
            "format_version": "1.2",
            "configuration": {
                "provider_config": {"tether": {"name": "tether", "expressions": {"cloud": {"constant_value": cloud}, "region": {"constant_value": "cn-hangzhou"}}}},
                "root_module": {"resources": config_resources}
            },
            "resource_changes": changes
        });
        parse(&doc.to_string()).unwrap()
    }

    fn rules_hit(plan: &Plan) -> Vec<(&'static str, Severity)> {
        check(plan, &LiveState::none()).iter().map(|f| (f.rule, f.severity)).collect()
    }

    #[test]
    fn eip_bound_twice_and_unknowns() {
        let p = plan(&[
            ("tether_eip_association.a", "tether_eip_association", json!({"eip_id": "eip-1", "instance_id": "i-1", "instance_type": "EcsInstance"}), json!({})),
            ("tether_eip_association.b", "tether_eip_association", json!({"eip_id": "eip-1", "instance_id": "i-2", "instance_type": "EcsInstance"}), json!({})),
        ]);
        assert_eq!(rules_hit(&p), vec![("eip-bound-twice", Severity::Violation)]);
        let findings = check(&p, &LiveState::none());
        assert_eq!(findings[0].code, "IncorrectEipStatus");
        assert_eq!(findings[0].resources, vec!["tether_eip_association.a", "tether_eip_association.b"]);

        let unknown = plan(&[
            ("tether_eip_association.a", "tether_eip_association", json!({"eip_id": "eip-1", "instance_id": "i-1", "instance_type": "EcsInstance"}), json!({})),
            ("tether_eip_association.b", "tether_eip_association", json!({"instance_id": "i-2", "instance_type": "EcsInstance"}), json!({"eip_id": true})),
        ]);
        assert_eq!(rules_hit(&unknown), vec![("eip-bound-twice", Severity::Warning)]);
    }

    #[test]
    fn every_code_a_finding_carries_is_one_its_rule_declares() {
        let eip = |a: &str, e: serde_json::Value, target: serde_json::Value| {
            let mut after = json!({"eip_id": e});
            for (k, v) in target.as_object().cloned().unwrap_or_default() {
                after[k] = v;
            }
            (a.to_owned(), after)
        };
        let mut plans = Vec::new();
        for cloud in ["alibaba", "tencent"] {
            let cases = [
                // one EIP twice, known and unknown
                vec![eip("tether_eip_association.a", json!("e-1"), json!({"instance_id": "i-1"})), eip("tether_eip_association.b", json!("e-1"), json!({"instance_id": "i-2"}))],
                // one instance, two EIPs; one ENI private IP, two EIPs
                vec![eip("tether_eip_association.a", json!("e-1"), json!({"instance_id": "i-1"})), eip("tether_eip_association.b", json!("e-2"), json!({"instance_id": "i-1"}))],
                vec![
                    eip("tether_eip_association.a", json!("e-1"), json!({"network_interface_id": "eni-1", "private_ip_address": "10.0.0.1"})),
                    eip("tether_eip_association.b", json!("e-2"), json!({"network_interface_id": "eni-1", "private_ip_address": "10.0.0.1"})),
                ],
            ];
            for case in cases {
                let list: Vec<_> = case.iter().map(|(a, v)| (a.as_str(), "tether_eip_association", v.clone(), json!({}))).collect();
                plans.push(plan_on(cloud, &list));
            }
            let unknown = [
                ("tether_eip_association.a", "tether_eip_association", json!({"eip_id": "e-1", "instance_id": "i-1"}), json!({})),
                ("tether_eip_association.b", "tether_eip_association", json!({"instance_id": "i-2"}), json!({"eip_id": true})),
            ];
            plans.push(plan_on(cloud, &unknown));
        }
        let mut seen = 0;
        for p in &plans {
            for finding in check(p, &LiveState::none()) {
                let declared: Vec<&str> = rule(finding.rule).map(|r| r.prevents.iter().map(|e| e.code).collect()).unwrap_or_default();
                assert!(declared.contains(&finding.code.as_str()), "{} reported {}, which it does not declare ({declared:?})", finding.rule, finding.code);
                seen += 1;
            }
        }
        assert!(seen >= 8, "{seen} findings checked");
    }

    #[test]
    fn one_target_two_eips() {
        let p = plan(&[
            ("tether_eip_association.a", "tether_eip_association", json!({"eip_id": "eip-1", "instance_id": "i-1", "instance_type": "EcsInstance"}), json!({})),
            ("tether_eip_association.b", "tether_eip_association", json!({"eip_id": "eip-2", "instance_id": "i-1", "instance_type": "EcsInstance"}), json!({})),
        ]);
        assert_eq!(rules_hit(&p), vec![("target-given-two-eips", Severity::Violation)]);
    }

    #[test]
    fn a_tencent_primary_eni_ip_is_its_instance() {
        let p = plan_on(
            "tencent",
            &[
                ("tether_eip_association.a", "tether_eip_association", json!({"eip_id": "eip-1", "instance_id": "ins-1"}), json!({})),
                ("tether_eip_association.b", "tether_eip_association", json!({"eip_id": "eip-2", "network_interface_id": "eni-1", "private_ip_address": "10.0.0.5"}), json!({})),
            ],
        );
        assert_eq!(rules_hit(&p), vec![], "without live state the ENI is another target");
        let scope = "tencent/cn-hangzhou";
        let mut live = LiveState::none();
        live.insert_primary_eni_for_test(scope, "eni-1", "ins-1", "10.0.0.5");
        let findings = check(&p, &live);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!((findings[0].rule, findings[0].code.as_str()), ("target-given-two-eips", "InvalidInstanceId.AlreadyBindEip"));
        let mut secondary_ip = LiveState::none();
        secondary_ip.insert_primary_eni_for_test(scope, "eni-1", "ins-1", "10.0.0.4");
        assert!(check(&p, &secondary_ip).is_empty(), "a secondary IP of the primary ENI is its own target");
    }

    #[test]
    fn havip_limits_and_mixing() {
        let mut resources = Vec::new();
        for n in 0..11 {
            resources.push((format!("tether_havip_attachment.m[{n}]"), json!({"havip_id": "havip-1", "instance_id": format!("i-{n}"), "instance_type": "EcsInstance"})));
        }
        let list: Vec<_> = resources.iter().map(|(a, v)| (a.as_str(), "tether_havip_attachment", v.clone(), json!({}))).collect();
        assert_eq!(rules_hit(&plan(&list)), vec![("havip-member-limit", Severity::Violation)]);
        let mixed = plan(&[
            ("tether_havip_attachment.a", "tether_havip_attachment", json!({"havip_id": "h", "instance_id": "i-1", "instance_type": "EcsInstance"}), json!({})),
            ("tether_havip_attachment.b", "tether_havip_attachment", json!({"havip_id": "h", "instance_id": "eni-1", "instance_type": "NetworkInterface"}), json!({})),
        ]);
        assert_eq!(rules_hit(&mixed), vec![("havip-mixed-members", Severity::Violation)]);
    }

    #[test]
    fn ga_and_ess_rules() {
        let ga = plan(&[
            ("tether_ga_backend.a", "tether_ga_backend", json!({"global_acceleration_instance_id": "ga-1", "backend_server_id": "i-1"}), json!({})),
            ("tether_ga_backend.b", "tether_ga_backend", json!({"global_acceleration_instance_id": "ga-1", "backend_server_id": "i-2"}), json!({})),
        ]);
        assert_eq!(rules_hit(&ga), vec![("ga-two-backends", Severity::Violation)]);
        let ess = plan(&[
            ("tether_ess_attachment.a", "tether_ess_attachment", json!({"scaling_group_id": "asg-1", "instance_ids": ["i-1", "i-2"]}), json!({})),
            ("tether_ess_attachment.b", "tether_ess_attachment", json!({"scaling_group_id": "asg-2", "instance_ids": ["i-2"]}), json!({})),
        ]);
        assert_eq!(rules_hit(&ess), vec![("ess-instance-twice", Severity::Violation)]);
        let clean = plan(&[
            ("tether_ess_attachment.a", "tether_ess_attachment", json!({"scaling_group_id": "asg-1", "instance_ids": ["i-1"]}), json!({})),
            ("tether_ess_attachment.b", "tether_ess_attachment", json!({"scaling_group_id": "asg-1", "instance_ids": ["i-2"]}), json!({})),
        ]);
        assert!(rules_hit(&clean).is_empty());
    }

    #[test]
    fn ess_max_size_with_live_state() {
        let p = plan(&[
            ("tether_ess_attachment.a", "tether_ess_attachment", json!({"scaling_group_id": "asg-1", "instance_ids": ["i-1", "i-2"]}), json!({})),
            ("tether_ess_attachment.b", "tether_ess_attachment", json!({"scaling_group_id": "asg-1", "instance_ids": ["i-3"]}), json!({})),
        ]);
        let mut live = LiveState::none();
        live.insert_group_for_test("alibaba/cn-hangzhou", "asg-1", super::super::live::EssGroup { total_capacity: 2, max_size: 4, attached: vec!["x".into(), "y".into()] });
        let hits: Vec<_> = check(&p, &live).iter().map(|f| (f.rule, f.severity, f.code.clone())).collect();
        assert_eq!(hits, vec![("ess-max-size", Severity::Violation, "IncorrectCapacity.MaxSize".to_owned())]);
        let mut roomy = LiveState::none();
        roomy.insert_group_for_test("alibaba/cn-hangzhou", "asg-1", super::super::live::EssGroup { total_capacity: 1, max_size: 4, attached: vec!["x".into()] });
        assert!(check(&p, &roomy).is_empty());
    }
}
