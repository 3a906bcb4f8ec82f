//! The plan-wide rules: constraints that span resources, each built on the constraint
//! declarations the resources' own plan-time checks use (`tether_wire::constraints`).

use std::collections::{BTreeMap, BTreeSet};

use tether_wire::constraints::{alibaba_vpc, ess_attachment, ga_backend, havip_attachment, tencent_vpc, volcengine_vpc, ApiError};

mod eip;
mod ess;
mod ga;
mod havip;
#[cfg(test)]
mod tests;

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
        check: eip::eip_bound_twice,
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
        check: eip::target_given_two_eips,
    },
    Rule {
        id: "havip-member-limit",
        title: "more than 10 members on one HaVip",
        help: "The plan's tether_havip_attachment resources, with the members the HaVip already has outside the plan (live state), put more than 10 instances or ENIs on one Volcengine HaVip. The cloud refuses the 11th.",
        prevents: &[havip_attachment::MEMBERS_PER_HAVIP.error],
        check: havip::havip_member_limit,
    },
    Rule {
        id: "havip-member-twice",
        title: "one member attached to a HaVip twice",
        help: "Two tether_havip_attachment resources attach the same instance or ENI to the same Volcengine HaVip. The first attach succeeds; the cloud refuses the second because the instance is then a member, half-way through apply.",
        prevents: &[volcengine_vpc::FORBIDDEN_INSTANCE_HAS_HAVIP],
        check: havip::havip_member_twice,
    },
    Rule {
        id: "havip-mixed-members",
        title: "ECS and ENI members on one HaVip",
        help: "A Volcengine HaVip holds either ECS instances or ENIs, never both; the plan (with live members) would mix them and the cloud refuses the first member of the other kind.",
        prevents: &[havip_attachment::MIXED_MEMBER_TYPES],
        check: havip::havip_mixed_members,
    },
    Rule {
        id: "ga-two-backends",
        title: "two backends on one global acceleration instance",
        help: "An exclusive Alibaba Cloud global acceleration instance takes one backend server. Two tether_ga_backend resources (or one and a backend bound outside the plan) on the same instance fail at the second bind.",
        prevents: &[ga_backend::BACKENDS_PER_INSTANCE.error],
        check: ga::ga_two_backends,
    },
    Rule {
        id: "ga-backend-given-an-eip",
        title: "one instance given an EIP and made a global acceleration backend",
        help: "A tether_eip_association binds an EIP to an Alibaba Cloud ECS instance or load balancer that a tether_ga_backend in the plan also puts behind a global acceleration instance. An instance bound to one cannot be bound to the other: the second bind fails with InvalidAssociation.Duplicated, half-way through apply.",
        prevents: &[alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED],
        check: ga::ga_backend_given_an_eip,
    },
    Rule {
        id: "ess-instance-twice",
        title: "one instance in two ESS attachments",
        help: "An ECS instance belongs to one Alibaba Cloud scaling group. Two tether_ess_attachment resources listing the same instance fail at the second attach.",
        prevents: &[ess_attachment::INSTANCE_IN_ONE_GROUP],
        check: ess::ess_instance_twice,
    },
    Rule {
        id: "ess-max-size",
        title: "ESS attachments exceeding a group's MaxSize",
        help: "The instances the plan's tether_ess_attachment resources add to a scaling group, with the group's current TotalCapacity (live state), exceed its MaxSize; AttachInstances is refused. Needs live state.",
        prevents: &[ess_attachment::MAX_SIZE],
        check: ess::ess_max_size,
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
