//! Global acceleration rule: one backend per instance.

use tether_wire::constraints::ga_backend;

use super::*;
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
