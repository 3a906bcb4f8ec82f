//! Each plan-wide rule on small plans, with and without live state.

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

#[test]
fn an_instance_given_an_eip_and_made_a_ga_backend() {
    let eip = |address: &str, instance: &str, region: serde_json::Value| {
        (address.to_owned(), "tether_eip_association", json!({"eip_id": address, "instance_id": instance, "instance_type": "EcsInstance", "instance_region_id": region}), json!({}))
    };
    let backend = (
        "tether_ga_backend.b".to_owned(),
        "tether_ga_backend",
        json!({"global_acceleration_instance_id": "ga-1", "backend_server_id": "i-1", "backend_server_region_id": "cn-shanghai", "backend_server_type": "EcsInstance"}),
        json!({}),
    );
    let hits = |resources: Vec<(String, &str, serde_json::Value, serde_json::Value)>| {
        let list: Vec<_> = resources.iter().map(|(a, t, v, u)| (a.as_str(), *t, v.clone(), u.clone())).collect();
        let findings = check(&plan(&list), &LiveState::none());
        findings.iter().map(|f| (f.rule, f.code.clone(), f.resources.len())).collect::<Vec<_>>()
    };
    // The same instance in the same region: the second bind would fail.
    assert_eq!(
        hits(vec![eip("tether_eip_association.a", "i-1", json!("cn-shanghai")), backend.clone()]),
        vec![("ga-backend-given-an-eip", "InvalidAssociation.Duplicated".to_owned(), 2)]
    );
    // An EIP's target without instance_region_id is in the provider's region (cn-hangzhou).
    assert!(hits(vec![eip("tether_eip_association.a", "i-1", serde_json::Value::Null), backend.clone()]).is_empty());
    // Another instance, or the same id in another region, is no conflict.
    assert!(hits(vec![eip("tether_eip_association.a", "i-2", json!("cn-shanghai")), backend.clone()]).is_empty());
    let mut elsewhere = backend.clone();
    elsewhere.2["backend_server_region_id"] = json!("cn-beijing");
    assert!(hits(vec![eip("tether_eip_association.a", "i-1", json!("cn-shanghai")), elsewhere]).is_empty());
}

#[test]
fn one_member_attached_to_a_havip_twice() {
    let attachment = |address: &str, havip: &str, instance: &str| (address.to_owned(), json!({"havip_id": havip, "instance_id": instance, "instance_type": "EcsInstance"}));
    let hits = |resources: &[(String, serde_json::Value)]| {
        let list: Vec<_> = resources.iter().map(|(a, v)| (a.as_str(), "tether_havip_attachment", v.clone(), json!({}))).collect();
        rules_hit(&plan_on("volcengine", &list))
    };
    let twice = [attachment("tether_havip_attachment.a", "havip-1", "i-1"), attachment("tether_havip_attachment.b", "havip-1", "i-1")];
    assert_eq!(hits(&twice), vec![("havip-member-twice", Severity::Violation)]);
    let apart = [attachment("tether_havip_attachment.a", "havip-1", "i-1"), attachment("tether_havip_attachment.b", "havip-2", "i-1")];
    assert!(hits(&apart).is_empty(), "one instance on two HaVips is two memberships");
}
