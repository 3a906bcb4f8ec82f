//! EIP rules: one EIP in two associations; one target given two EIPs.

use tether_wire::constraints::{alibaba_vpc, tencent_vpc};

use super::*;
use crate::resources::eip_association::{Association as Attr, TYPE_NAME};

pub(super) fn eip_bound_twice(plan: &Plan, _live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "eip-bound-twice";
    let all: Vec<&Instance> = of_type(plan, TYPE_NAME).collect();
    let (groups, unknown) = group(all.iter().copied(), |i| i.string(Attr::EIP_ID));
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

pub(super) fn target_given_two_eips(plan: &Plan, live: &LiveState, out: &mut Vec<Finding>) {
    let rule = "target-given-two-eips";
    let all: Vec<&Instance> = of_type(plan, TYPE_NAME).collect();
    let target = |i: &Instance| -> Known<String> {
        match (i.string(Attr::NETWORK_INTERFACE_ID), i.string(Attr::PRIVATE_IP_ADDRESS), i.string(Attr::INSTANCE_ID)) {
            // The primary IP of an instance's primary ENI is the instance's own EIP slot
            // (Tencent; live state tells which ENI is primary).
            (Known::Value(eni), Known::Value(ip), _) => match live.primary_eni_owner(&i.provider.scope(), &eni) {
                Some((instance, primary_ip)) if primary_ip == ip => Known::Value(instance.to_owned()),
                _ => Known::Value(format!("{eni} {ip}")),
            },
            (Known::Value(_), Known::Unknown, _) | (Known::Unknown, _, _) => Known::Unknown,
            (_, _, Known::Value(instance)) => match i.string(Attr::INSTANCE_TYPE) {
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
            .filter_map(|i| match i.string(Attr::EIP_ID) {
                Known::Value(e) => Some(e),
                _ => None,
            })
            .collect();
        if members.len() < 2 || eips.len() < 2 && members.iter().all(|i| i.string(Attr::EIP_ID) != Known::Unknown) {
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
