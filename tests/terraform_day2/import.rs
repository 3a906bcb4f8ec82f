//! The import matrix: `terraform import`, `import {}` blocks with a hand-written
//! configuration, and `-generate-config-out`, each followed by an empty plan and no write.

use super::*;

/// An association made outside Terraform: the configuration a user writes for it (optional
/// arguments set to non-default values) and its import ID.
struct Existing {
    name: String,
    args: Args,
    id: String,
}

struct ImportVariant {
    type_name: &'static str,
    cloud: &'static str,
    region: &'static str,
    existing: fn(&mut Fixtures) -> Vec<Existing>,
}

fn existing(name: &str, args: Args, id: String) -> Existing {
    Existing { name: name.to_owned(), args, id }
}

fn existing_eip_alibaba(f: &mut Fixtures) -> Vec<Existing> {
    let instance = f.ali_instance();
    let ecs = f.ali_eip_bound(json!({"instance_id": instance, "instance_type": "EcsInstance"}));
    let (eni, ips) = f.ali_eni();
    let on_eni = f.ali_eip_bound(json!({"instance_id": eni, "instance_type": "NetworkInterface", "private_ip_address": ips[1], "mode": "MULTI_BINDED"}));
    let remote = f.ali_instance_in(ALIBABA_BACKEND_REGION);
    let shared = f.ali_shared_eip_bound(json!({"instance_id": remote, "instance_type": "EcsInstance", "instance_region_id": ALIBABA_BACKEND_REGION}));
    vec![
        existing(
            "ecs",
            args(&[("eip_id", Arg::s(&ecs)), ("instance_id", Arg::s(&instance)), ("instance_type", Arg::s("EcsInstance")), ("force", Arg::Bool(true))]),
            format!("{ecs}:{instance}"),
        ),
        existing(
            "eni",
            args(&[
                ("eip_id", Arg::s(&on_eni)),
                ("instance_id", Arg::s(&eni)),
                ("instance_type", Arg::s("NetworkInterface")),
                ("private_ip_address", Arg::s(&ips[1])),
                ("mode", Arg::s("MULTI_BINDED")),
                ("timeouts.create", Arg::s("9m")),
            ]),
            format!("{on_eni}:{eni}"),
        ),
        existing(
            "cross_region",
            args(&[("eip_id", Arg::s(&shared)), ("instance_id", Arg::s(&remote)), ("instance_region_id", Arg::s(ALIBABA_BACKEND_REGION))]),
            format!("{shared}:{remote}"),
        ),
    ]
}

fn existing_eip_tencent(f: &mut Fixtures) -> Vec<Existing> {
    let instance = f.tc_instance();
    let cvm = f.tc_eip_bound(json!({"instance_id": instance}));
    let (eni, ips) = f.tc_eni();
    let on_eni = f.tc_eip_bound(json!({"network_interface_id": eni, "private_ip_address": ips[1], "instance_type": "ENI"}));
    vec![
        existing("cvm", args(&[("eip_id", Arg::s(&cvm)), ("instance_id", Arg::s(&instance)), ("timeouts.delete", Arg::s("9m"))]), format!("{cvm}:{instance}")),
        existing(
            "eni",
            args(&[("eip_id", Arg::s(&on_eni)), ("network_interface_id", Arg::s(&eni)), ("private_ip_address", Arg::s(&ips[1]))]),
            format!("{on_eni}:{eni}:{}", ips[1]),
        ),
    ]
}

fn existing_havip(f: &mut Fixtures) -> Vec<Existing> {
    let (a, b) = (f.volc_instance(), f.volc_instance());
    let ecs = f.volc_havip_with(&[a.clone(), b.clone()], "EcsInstance");
    let eni = f.volc_eni();
    let enis = f.volc_havip_with(std::slice::from_ref(&eni), "NetworkInterface");
    vec![
        existing(
            "ecs",
            args(&[("havip_id", Arg::s(&ecs)), ("instance_id", Arg::s(&a)), ("instance_type", Arg::s("EcsInstance")), ("timeouts.delete", Arg::s("9m"))]),
            format!("{ecs}:{a}"),
        ),
        existing("ecs_second", args(&[("havip_id", Arg::s(&ecs)), ("instance_id", Arg::s(&b))]), format!("{ecs}:{b}")),
        existing("eni", args(&[("havip_id", Arg::s(&enis)), ("instance_id", Arg::s(&eni)), ("instance_type", Arg::s("NetworkInterface"))]), format!("{enis}:{eni}")),
    ]
}

fn existing_ga(f: &mut Fixtures) -> Vec<Existing> {
    let server = f.ali_instance_in(ALIBABA_BACKEND_REGION);
    let ecs = f.ali_ga_serving(&server, "EcsInstance", ALIBABA_BACKEND_REGION);
    let lb = f.ali_slb_in(ALIBABA_BACKEND_REGION);
    let slb = f.ali_ga_serving(&lb, "SlbInstance", ALIBABA_BACKEND_REGION);
    vec![
        existing(
            "ecs",
            args(&[("global_acceleration_instance_id", Arg::s(&ecs)), ("backend_server_id", Arg::s(&server)), ("backend_server_region_id", Arg::s(ALIBABA_BACKEND_REGION))]),
            format!("{ecs}:{server}"),
        ),
        existing(
            "slb",
            args(&[
                ("global_acceleration_instance_id", Arg::s(&slb)),
                ("backend_server_id", Arg::s(&lb)),
                ("backend_server_region_id", Arg::s(ALIBABA_BACKEND_REGION)),
                ("backend_server_type", Arg::s("SlbInstance")),
            ]),
            format!("{slb}:{lb}"),
        ),
    ]
}

fn existing_ess(f: &mut Fixtures) -> Vec<Existing> {
    let (a, b, auto) = (f.ali_instance(), f.ali_instance(), f.ali_instance());
    let whole = f.ali_group_with(
        10,
        vec![
            json!({"instance_id": a, "creation_type": "Attached", "load_balancer_weight": 70, "entrusted": true}),
            json!({"instance_id": b, "creation_type": "Attached", "entrusted": true}),
            json!({"instance_id": auto}),
        ],
    );
    let (c, d) = (f.ali_instance(), f.ali_instance());
    let part = f.ali_group_with(10, vec![json!({"instance_id": c, "creation_type": "Attached"}), json!({"instance_id": d, "creation_type": "Attached"})]);
    vec![
        existing(
            "whole_group",
            args(&[
                ("scaling_group_id", Arg::s(&whole)),
                ("instance_ids", Arg::List(vec![a.clone(), b])),
                ("load_balancer_weights", Arg::Weights(vec![(a, 70)])),
                ("entrusted", Arg::Bool(true)),
                ("lifecycle_hook", Arg::Bool(true)),
                ("decrease_desired_capacity", Arg::Bool(false)),
            ]),
            whole,
        ),
        existing("some_instances", args(&[("scaling_group_id", Arg::s(&part)), ("instance_ids", Arg::List(vec![c.clone()]))]), format!("{part}:{c}")),
    ]
}

/// The attributes an update changes, from a `resource_changes` entry of plan JSON.
fn updated_attributes(plan_json: &Value, address: &str) -> Vec<String> {
    let Some(rc) = plan_json["resource_changes"].as_array().and_then(|a| a.iter().find(|rc| rc["address"] == address)) else { return Vec::new() };
    let (before, after) = (&rc["change"]["before"], &rc["change"]["after"]);
    let keys: Vec<String> = before.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    keys.into_iter().filter(|k| before[k] != after[k]).collect()
}

fn import_matrix(variant: &ImportVariant) {
    let mut fixtures = Fixtures::new();
    let cases = (variant.existing)(&mut fixtures);
    eprintln!(
        "figure: import matrix {} on {}: {} existing associations, each imported three ways (terraform import, import blocks, -generate-config-out)",
        variant.type_name,
        variant.cloud,
        cases.len()
    );
    let (emulator, _fixtures_dir) = emulator_on(&fixtures);
    let Some(cli) = workspace(&emulator) else { return };
    let initial = bindings(&emulator);
    emulator.clear_calls();
    let head = provider(variant.cloud, variant.region);
    let address = |c: &Existing| format!("{}.{}", variant.type_name, c.name);
    let resources: Vec<String> = cases.iter().map(|c| resource_block(variant.type_name, &c.name, None, &c.args)).collect();
    let import_blocks: Vec<String> = cases.iter().map(|c| format!("import {{\n  to = {}\n  id = {:?}\n}}\n", address(c), c.id)).collect();
    let steering = |attr: &str| attr == "timeouts" || tether_attribute_effect(variant.type_name, attr) == Some(ChangeEffect::UpdateWithoutApiCall);

    // 1. terraform import, into a configuration written by hand.
    cli.write_config(&format!("{head}\n{}", resources.join("\n")));
    for c in &cases {
        ok(&cli.run(&["import", "-no-color", &address(c), &c.id]), &format!("terraform import {}", c.id));
    }
    let plan = cli.run(&["plan", "-out=after-import.tfplan", "-no-color"]);
    ok(&plan, "plan after terraform import");
    let show = cli.run(&["show", "-json", "-no-color", "after-import.tfplan"]);
    let plan_json: Value = serde_json::from_str(&show.stdout).expect("plan json");
    for (addr, actions) in planned_actions(&cli, "after-import.tfplan") {
        let updated = updated_attributes(&plan_json, &addr);
        assert!(
            actions == ["no-op"] || (actions == ["update"] && updated.iter().all(|a| steering(a))),
            "{addr} after terraform import plans {actions:?} changing {updated:?}; only settings the cloud does not report may update:\n{}",
            plan.stdout
        );
    }
    ok(&cli.run(&["apply", "-no-color", "after-import.tfplan"]), "apply after terraform import");
    let again = cli.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.status, 0, "plan after terraform import and apply:\n{}", again.combined());

    // 2. import blocks with the same configuration: imported, nothing added or destroyed.
    let Some(blocks) = workspace(&emulator) else { return };
    blocks.write_config(&format!("{head}\n{}\n{}", resources.join("\n"), import_blocks.join("\n")));
    let apply = blocks.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&apply, "apply with import blocks");
    assert!(apply.stdout.contains(&format!("{} imported, 0 added", cases.len())) && apply.stdout.contains("0 destroyed"), "{}", apply.stdout);
    let again = blocks.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.status, 0, "plan after import blocks:\n{}", again.combined());

    // 3. -generate-config-out: the generated configuration plans clean.
    let Some(generated) = workspace(&emulator) else { return };
    generated.write_config(&format!("{head}\n{}", import_blocks.join("\n")));
    let gen = generated.run(&["plan", "-generate-config-out=generated.tf", "-no-color"]);
    ok(&gen, "plan -generate-config-out");
    let text = std::fs::read_to_string(generated.dir.path().join("generated.tf")).expect("generated.tf");
    ok(&generated.run(&["validate", "-no-color"]), &format!("validate of the generated configuration:\n{text}"));
    let apply = generated.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&apply, &format!("apply of the generated configuration:\n{text}"));
    assert!(apply.stdout.contains(&format!("{} imported, 0 added, 0 changed, 0 destroyed", cases.len())), "{}\n{text}", apply.stdout);
    let again = generated.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.status, 0, "plan of the generated configuration:\n{}\n{text}", again.combined());

    let all: Vec<String> = cases.iter().flat_map(|c| ids_of(&c.args)).collect();
    assert!(writes_naming(&emulator, &all).is_empty(), "imports made write calls: {:?}", writes_naming(&emulator, &all));
    assert_eq!(bindings(&emulator), initial, "imports changed nothing in the cloud");
}

/// How changing `attribute` of `type_name` takes effect, from the schema.
fn tether_attribute_effect(type_name: &str, attribute: &str) -> Option<ChangeEffect> {
    use tether::framework::Provider;
    let provider = tether::provider::TetherProvider::new();
    let resource = provider.resources().iter().find(|r| r.type_name() == type_name)?;
    resource.schema().block.get_attribute(attribute).map(ChangeEffect::of)
}

#[test]
fn import_matrix_eip_association_alibaba() {
    import_matrix(&ImportVariant { type_name: EIP, cloud: "alibaba", region: ALIBABA_REGION, existing: existing_eip_alibaba });
}

#[test]
fn import_matrix_eip_association_tencent() {
    import_matrix(&ImportVariant { type_name: EIP, cloud: "tencent", region: TENCENT_REGION, existing: existing_eip_tencent });
}

#[test]
fn import_matrix_havip_attachment_volcengine() {
    import_matrix(&ImportVariant { type_name: HAVIP, cloud: "volcengine", region: VOLCENGINE_REGION, existing: existing_havip });
}

#[test]
fn import_matrix_ga_backend_alibaba() {
    import_matrix(&ImportVariant { type_name: GA, cloud: "alibaba", region: ALIBABA_REGION, existing: existing_ga });
}

#[test]
fn import_matrix_ess_attachment_alibaba() {
    import_matrix(&ImportVariant { type_name: ESS, cloud: "alibaba", region: ALIBABA_REGION, existing: existing_ess });
}
