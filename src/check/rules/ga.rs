//! Global acceleration rules: one backend per instance; a backend holds no EIP.

use tether_wire::cloud::Cloud;
use tether_wire::constraints::ga_backend;

use super::*;
use crate::check::plan::ProviderRef;
use crate::resources::eip_association::{Association as EipAttr, TYPE_NAME as EIP_TYPE_NAME};
use crate::resources::ga_backend::{Backend as Attr, TYPE_NAME};

pub(super) fn ga_two_backends(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ga-two-backends";
    let limit = ga_backend::BACKENDS_PER_INSTANCE;
    let all: Vec<&Instance> = of_type(plan, TYPE_NAME).collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string(Attr::GLOBAL_ACCELERATION_INSTANCE_ID));
    for ((scope, ga), members) in &groups {
        let mut backends: BTreeSet<String> = members
            .iter()
            .map(|i| match i.string(Attr::BACKEND_SERVER_ID) {
                Known::Value(v) => v,
                _ => i.address.clone(),
            })
            .collect();
        let mut outside = 0;
        if let Some(live_backends) = live.ga(scope, ga) {
            let removed: BTreeSet<String> = plan
                .removed
                .iter()
                .filter(|r| r.resource_type == TYPE_NAME && r.string(Attr::GLOBAL_ACCELERATION_INSTANCE_ID) == Known::Value(ga.clone()))
                .filter_map(|r| match r.string(Attr::BACKEND_SERVER_ID) {
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

/// The Alibaba Cloud server an association or backend binds: (`alibaba/<region>`, type, id).
type Server = (String, String, String);

/// The server a `tether_eip_association` on Alibaba Cloud binds, when it could be a global
/// acceleration backend. The target is in `instance_region_id`, else the EIP's region (the
/// plan leaves `instance_region_id` unknown until the binding reports it when it is not
/// configured).
fn eip_server(i: &Instance) -> Option<Server> {
    if cloud_of(i) != Some(Cloud::Alibaba.name()) {
        return None;
    }
    let (Known::Value(kind), Known::Value(id)) = (i.string(EipAttr::INSTANCE_TYPE), i.string(EipAttr::INSTANCE_ID)) else { return None };
    if !ga_backend::BACKEND_SERVER_TYPES.values.contains(&kind.as_str()) {
        return None;
    }
    let region = match i.string(EipAttr::INSTANCE_REGION_ID) {
        Known::Value(region) => region,
        _ => i.provider.region.clone()?,
    };
    Some((ProviderRef::scope_of(Cloud::Alibaba.name(), &region), kind, id))
}

/// The server a `tether_ga_backend` binds.
fn backend_server(i: &Instance) -> Option<Server> {
    match (i.string(Attr::BACKEND_SERVER_REGION_ID), i.string(Attr::BACKEND_SERVER_TYPE), i.string(Attr::BACKEND_SERVER_ID)) {
        (Known::Value(region), Known::Value(kind), Known::Value(id)) => Some((ProviderRef::scope_of(Cloud::Alibaba.name(), &region), kind, id)),
        _ => None,
    }
}

pub(super) fn ga_backend_given_an_eip(plan: &Plan, _live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "ga-backend-given-an-eip";
    let mut servers: BTreeMap<Server, (Vec<&Instance>, Vec<&Instance>)> = BTreeMap::new();
    for i in of_type(plan, EIP_TYPE_NAME) {
        if let Some(server) = eip_server(i) {
            servers.entry(server).or_default().0.push(i);
        }
    }
    for i in of_type(plan, TYPE_NAME) {
        if let Some(server) = backend_server(i) {
            servers.entry(server).or_default().1.push(i);
        }
    }
    for ((scope, _, id), (eips, backends)) in &servers {
        if eips.is_empty() || backends.is_empty() {
            continue;
        }
        let both: Vec<&Instance> = eips.iter().chain(backends).copied().collect();
        out.push(Finding {
            rule,
            severity: Severity::Violation,
            code: alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED.code.to_owned(),
            message: format!("{id} ({scope}) is given an EIP and made a global acceleration backend; an instance is reached through one EIP or one global acceleration instance, and the second bind fails"),
            resources: addresses(&both),
            fix: "Reach the instance through one of them: remove its tether_eip_association or its tether_ga_backend.".into(),
        });
    }
}
