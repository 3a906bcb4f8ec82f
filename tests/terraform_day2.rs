//! Issue 11 through the real `terraform` binary: what a team does after the first apply.
//!
//! - **Change matrix**: for every resource, cloud and argument — the arguments are read from
//!   the provider's schema, so an argument without a declared change fails the test — change
//!   that argument after apply and check the documented plan action (replace, update in
//!   place, or update without an API call), that apply succeeds with writes only where the
//!   action calls for them, that the next plan is empty, and that destroying the edited
//!   configuration works and leaves the emulator's bindings as the fixtures had them.
//! - **Import matrix**: `terraform import`, `import {}` blocks with a hand-written
//!   configuration that sets optional arguments to non-default values, and
//!   `-generate-config-out`, each followed by an empty plan and no write call.
//! - **Drift matrix**: every out-of-band change the emulator can make, then plan (the right
//!   action, or a warning naming what happened), `plan -destroy` and `destroy`.
//!
//! Each case uses objects of its own in fixtures the test generates (other regions and IDs
//! than the example fixtures).

mod support;

use std::collections::BTreeMap;

use serde_json::{json, Value};
use support::day2::{
    args, arguments, expected_effect, ids_of, resource_block, Arg, Args, Fixtures, ALIBABA_BACKEND_REGION, ALIBABA_REGION, ALIBABA_THIRD_REGION, TENCENT_REGION, VOLCENGINE_REGION,
};
use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Run, Workspace};
use tether::framework::plan::ChangeEffect;

const EIP: &str = "tether_eip_association";
const HAVIP: &str = "tether_havip_attachment";
const GA: &str = "tether_ga_backend";
const ESS: &str = "tether_ess_attachment";

/// A workspace wired to `emulator` with the demo credentials of every cloud.
fn workspace(emulator: &Emulator) -> Option<Workspace> {
    let terraform = terraform_binary()?;
    Some(
        Workspace::new(terraform)
            .env("TETHER_ENDPOINT", &emulator.url)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET_KEY)
            .env("TENCENTCLOUD_SECRET_ID", ACCESS_KEY)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
            .env("VOLCENGINE_ACCESS_KEY", ACCESS_KEY)
            .env("VOLCENGINE_SECRET_KEY", SECRET_KEY),
    )
}

fn provider(cloud: &str, region: &str) -> String {
    format!("provider \"tether\" {{\n  cloud  = \"{cloud}\"\n  region = \"{region}\"\n}}\n")
}

/// Terraform's output with its line wrapping undone.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ok(run: &Run, what: &str) {
    assert_eq!(run.status, 0, "{what} failed:\n{}", run.combined());
}

/// Starts an emulator on `fixtures` (written to a file the returned guard owns).
fn emulator_on(fixtures: &Fixtures) -> (Emulator, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fixtures.json");
    fixtures.write(&path);
    (Emulator::start_with(&path, &["--delay-ms", "20"]), dir)
}

/// The bindings in the emulator: what every EIP and GA instance is bound to, and each
/// member of every HaVip and scaling group (everything else, such as statuses, counters and
/// activities, may change).
fn bindings(emulator: &Emulator) -> BTreeMap<String, Value> {
    let state = emulator.state();
    let mut out = BTreeMap::new();
    for (cloud, inventory) in state["inventory"].as_object().cloned().unwrap_or_default() {
        for (region, objects) in inventory["regions"].as_object().cloned().unwrap_or_default() {
            for (list, field) in [("eips", "binding"), ("ga_instances", "backend")] {
                for o in objects[list].as_array().cloned().unwrap_or_default() {
                    let bound = &o[field];
                    if !bound.is_null() {
                        out.insert(format!("{cloud}/{region}/{list}/{}", o["id"].as_str().unwrap_or_default()), bound.clone());
                    }
                }
            }
            for list in ["havips", "scaling_groups"] {
                for o in objects[list].as_array().cloned().unwrap_or_default() {
                    for m in o["members"].as_array().cloned().unwrap_or_default() {
                        let member = m.get("instance_id").unwrap_or(&m).as_str().unwrap_or_default().to_owned();
                        out.insert(
                            format!("{cloud}/{region}/{list}/{}/{member}", o["id"].as_str().unwrap_or_default()),
                            m.get("creation_type").cloned().unwrap_or(json!("member")),
                        );
                    }
                }
            }
        }
    }
    out
}

/// The write calls (anything but Describe*) since the last clear whose parameters name one
/// of `ids`.
fn writes_naming(emulator: &Emulator, ids: &[String]) -> Vec<String> {
    let calls = emulator.calls();
    calls["calls"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| !c["action"].as_str().unwrap_or_default().starts_with("Describe"))
        .filter(|c| {
            let params = c["params"].to_string();
            ids.iter().any(|id| params.contains(&format!("\"{id}\"")))
        })
        .map(|c| format!("{} {}", c["action"].as_str().unwrap_or_default(), c["params"]))
        .collect()
}

/// Plan actions by resource address, from `terraform show -json PLANFILE`.
fn planned_actions(ws: &Workspace, planfile: &str) -> BTreeMap<String, Vec<String>> {
    let show = ws.run(&["show", "-json", "-no-color", planfile]);
    ok(&show, "terraform show -json");
    let plan: Value = serde_json::from_str(&show.stdout).expect("plan json");
    plan["resource_changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|rc| {
            let actions = rc["change"]["actions"].as_array().cloned().unwrap_or_default().into_iter().filter_map(|a| a.as_str().map(str::to_owned)).collect();
            (rc["address"].as_str().unwrap_or_default().to_owned(), actions)
        })
        .collect()
}

fn actions_for(effect: ChangeEffect) -> Vec<String> {
    match effect {
        ChangeEffect::Replace => vec!["delete".into(), "create".into()],
        ChangeEffect::UpdateInPlace | ChangeEffect::UpdateWithoutApiCall => vec!["update".into()],
    }
}

// ------------------------------------------------------------------------------------------
// The change matrix
// ------------------------------------------------------------------------------------------

/// How a case changes one argument.
enum Change {
    /// The arguments before and after the change.
    Values(Args, Args),
    /// The argument does not exist on this cloud: a block setting it must fail the plan.
    NotOnThisCloud(Args),
}

/// One resource on one cloud, and the change to make for each of its arguments.
struct Variant {
    type_name: &'static str,
    cloud: &'static str,
    region: &'static str,
    /// `None` for an argument the matrix does not know: the test fails, asking for one.
    change: fn(&str, &mut Fixtures) -> Option<Change>,
}

/// `base` with `key` set to `value`.
fn with(base: &Args, key: &str, value: Arg) -> Args {
    let mut out = base.clone();
    out.insert(key.to_owned(), value);
    out
}

fn values(base: Args, changed: Args) -> Option<Change> {
    Some(Change::Values(base, changed))
}

/// Timeouts and other settings that only steer the provider: the same change on any base.
fn steering(arg: &str, base: Args) -> Option<Change> {
    let changed = match arg {
        "timeouts.create" | "timeouts.delete" => with(&base, arg, Arg::s("7m")),
        _ => return None,
    };
    values(base, changed)
}

fn eip_alibaba(arg: &str, f: &mut Fixtures) -> Option<Change> {
    let ecs = |f: &mut Fixtures| args(&[("eip_id", Arg::s(f.ali_eip())), ("instance_id", Arg::s(f.ali_instance()))]);
    let eni = |f: &mut Fixtures, extra: &[(&str, Arg)]| {
        let (eni, ips) = f.ali_eni();
        let mut a = args(&[("eip_id", Arg::s(f.ali_eip())), ("instance_id", Arg::s(eni)), ("instance_type", Arg::s("NetworkInterface"))]);
        a.extend(args(extra));
        (a, ips)
    };
    match arg {
        "eip_id" => {
            let base = ecs(f);
            values(base.clone(), with(&base, "eip_id", Arg::s(f.ali_eip())))
        }
        "instance_id" => {
            let base = ecs(f);
            values(base.clone(), with(&base, "instance_id", Arg::s(f.ali_instance())))
        }
        "instance_type" => {
            let base = ecs(f);
            let (eni, _) = f.ali_eni();
            let changed = with(&with(&base, "instance_id", Arg::s(eni)), "instance_type", Arg::s("NetworkInterface"));
            values(base, changed)
        }
        "network_interface_id" => Some(Change::NotOnThisCloud(with(&ecs(f), "network_interface_id", Arg::s("eni-d2nothere")))),
        "private_ip_address" => {
            let (base, ips) = eni(f, &[]);
            let base = with(&base, "private_ip_address", Arg::s(&ips[0]));
            values(base.clone(), with(&base, "private_ip_address", Arg::s(&ips[1])))
        }
        "mode" => {
            let (base, _) = eni(f, &[("mode", Arg::s("NAT"))]);
            values(base.clone(), with(&base, "mode", Arg::s("MULTI_BINDED")))
        }
        "instance_region_id" => {
            let eip = f.ali_shared_eip();
            let base =
                args(&[("eip_id", Arg::s(&eip)), ("instance_id", Arg::s(f.ali_instance_in(ALIBABA_BACKEND_REGION))), ("instance_region_id", Arg::s(ALIBABA_BACKEND_REGION))]);
            let changed = with(&with(&base, "instance_id", Arg::s(f.ali_instance_in(ALIBABA_THIRD_REGION))), "instance_region_id", Arg::s(ALIBABA_THIRD_REGION));
            values(base, changed)
        }
        "force" => {
            let base = ecs(f);
            values(base.clone(), with(&base, "force", Arg::Bool(true)))
        }
        _ => steering(arg, ecs(f)),
    }
}

fn eip_tencent(arg: &str, f: &mut Fixtures) -> Option<Change> {
    let cvm = |f: &mut Fixtures| args(&[("eip_id", Arg::s(f.tc_eip())), ("instance_id", Arg::s(f.tc_instance()))]);
    let on_eni = |f: &mut Fixtures| {
        let (eni, ips) = f.tc_eni();
        (args(&[("eip_id", Arg::s(f.tc_eip())), ("network_interface_id", Arg::s(eni)), ("private_ip_address", Arg::s(&ips[0]))]), ips)
    };
    match arg {
        "eip_id" => {
            let base = cvm(f);
            values(base.clone(), with(&base, "eip_id", Arg::s(f.tc_eip())))
        }
        "instance_id" => {
            let base = cvm(f);
            values(base.clone(), with(&base, "instance_id", Arg::s(f.tc_instance())))
        }
        "network_interface_id" => {
            let (base, _) = on_eni(f);
            let (other, ips) = f.tc_eni();
            values(base.clone(), with(&with(&base, "network_interface_id", Arg::s(other)), "private_ip_address", Arg::s(&ips[0])))
        }
        "private_ip_address" => {
            let (base, ips) = on_eni(f);
            values(base.clone(), with(&base, "private_ip_address", Arg::s(&ips[1])))
        }
        "instance_type" => Some(Change::NotOnThisCloud(with(&cvm(f), arg, Arg::s("EcsInstance")))),
        "mode" => Some(Change::NotOnThisCloud(with(&cvm(f), arg, Arg::s("NAT")))),
        "instance_region_id" => Some(Change::NotOnThisCloud(with(&cvm(f), arg, Arg::s(TENCENT_REGION)))),
        "force" => Some(Change::NotOnThisCloud(with(&cvm(f), arg, Arg::Bool(true)))),
        _ => steering(arg, cvm(f)),
    }
}

fn havip_volcengine(arg: &str, f: &mut Fixtures) -> Option<Change> {
    match arg {
        "havip_id" => {
            let base = args(&[("havip_id", Arg::s(f.volc_havip(0))), ("instance_id", Arg::s(f.volc_instance()))]);
            values(base.clone(), with(&base, "havip_id", Arg::s(f.volc_havip(0))))
        }
        "instance_id" => {
            // A HaVip at its limit of 10 members with this one: swapping the member must plan.
            let base = args(&[("havip_id", Arg::s(f.volc_havip(9))), ("instance_id", Arg::s(f.volc_instance()))]);
            values(base.clone(), with(&base, "instance_id", Arg::s(f.volc_instance())))
        }
        "instance_type" => {
            let base = args(&[("havip_id", Arg::s(f.volc_havip(0))), ("instance_id", Arg::s(f.volc_instance())), ("instance_type", Arg::s("EcsInstance"))]);
            let changed = with(&with(&base, "instance_id", Arg::s(f.volc_eni())), "instance_type", Arg::s("NetworkInterface"));
            values(base, changed)
        }
        _ => steering(arg, args(&[("havip_id", Arg::s(f.volc_havip(0))), ("instance_id", Arg::s(f.volc_instance()))])),
    }
}

fn ga_alibaba(arg: &str, f: &mut Fixtures) -> Option<Change> {
    let base = |f: &mut Fixtures| {
        args(&[
            ("global_acceleration_instance_id", Arg::s(f.ali_exclusive_ga())),
            ("backend_server_id", Arg::s(f.ali_instance_in(ALIBABA_BACKEND_REGION))),
            ("backend_server_region_id", Arg::s(ALIBABA_BACKEND_REGION)),
        ])
    };
    match arg {
        "global_acceleration_instance_id" => {
            let b = base(f);
            values(b.clone(), with(&b, arg, Arg::s(f.ali_exclusive_ga())))
        }
        "backend_server_id" => {
            let b = base(f);
            values(b.clone(), with(&b, arg, Arg::s(f.ali_instance_in(ALIBABA_BACKEND_REGION))))
        }
        "backend_server_region_id" => {
            let b = base(f);
            let changed = with(&with(&b, "backend_server_id", Arg::s(f.ali_instance_in(ALIBABA_THIRD_REGION))), arg, Arg::s(ALIBABA_THIRD_REGION));
            values(b, changed)
        }
        "backend_server_type" => {
            let b = base(f);
            let changed = with(&with(&b, "backend_server_id", Arg::s(f.ali_slb_in(ALIBABA_BACKEND_REGION))), arg, Arg::s("SlbInstance"));
            values(b, changed)
        }
        _ => steering(arg, base(f)),
    }
}

fn ess_alibaba(arg: &str, f: &mut Fixtures) -> Option<Change> {
    let two = |f: &mut Fixtures, max: u32| args(&[("scaling_group_id", Arg::s(f.ali_group(max, 0))), ("instance_ids", Arg::List(vec![f.ali_instance(), f.ali_instance()]))]);
    match arg {
        "scaling_group_id" => {
            let b = two(f, 10);
            values(b.clone(), with(&b, arg, Arg::s(f.ali_group(10, 0))))
        }
        "instance_ids" => {
            // The group is full with this attachment's two instances: swapping one must plan
            // (the update detaches before it attaches).
            let b = two(f, 2);
            let Some(Arg::List(ids)) = b.get("instance_ids").cloned() else { return None };
            values(b.clone(), with(&b, arg, Arg::List(vec![ids[0].clone(), f.ali_instance()])))
        }
        "load_balancer_weights" => {
            let b = two(f, 10);
            let Some(Arg::List(ids)) = b.get("instance_ids").cloned() else { return None };
            let b = with(&b, arg, Arg::Weights(vec![(ids[0].clone(), 70)]));
            values(b.clone(), with(&b, arg, Arg::Weights(vec![(ids[0].clone(), 80)])))
        }
        "entrusted" | "lifecycle_hook" => {
            let b = two(f, 10);
            values(b.clone(), with(&b, arg, Arg::Bool(true)))
        }
        "decrease_desired_capacity" => {
            let b = two(f, 10);
            values(b.clone(), with(&b, arg, Arg::Bool(false)))
        }
        _ => steering(arg, two(f, 10)),
    }
}

fn change_matrix(variant: &Variant) {
    let mut fixtures = Fixtures::new();
    let mut cases: Vec<(String, Args, Args, ChangeEffect)> = Vec::new();
    let mut not_here: Vec<(String, Args)> = Vec::new();
    for arg in arguments(variant.type_name) {
        match (variant.change)(&arg, &mut fixtures) {
            None => panic!("the day-2 matrix has no change for argument {arg} of {} on {}: declare one in tests/terraform_day2.rs", variant.type_name, variant.cloud),
            Some(Change::Values(base, changed)) => {
                assert_ne!(base, changed, "{arg}: the change must change something");
                let effect = expected_effect(variant.type_name, &base, &changed);
                cases.push((format!("case_{}", arg.replace('.', "_")), base, changed, effect));
            }
            Some(Change::NotOnThisCloud(block)) => not_here.push((arg, block)),
        }
    }
    let count = |e: ChangeEffect| cases.iter().filter(|c| c.3 == e).count();
    eprintln!(
        "figure: change matrix {} on {}: {} arguments changed after apply ({} replace, {} in place, {} state only), {} refused on this cloud",
        variant.type_name,
        variant.cloud,
        cases.len(),
        count(ChangeEffect::Replace),
        count(ChangeEffect::UpdateInPlace),
        count(ChangeEffect::UpdateWithoutApiCall),
        not_here.len()
    );
    let (emulator, _fixtures_dir) = emulator_on(&fixtures);
    let Some(ws) = workspace(&emulator) else { return };
    let initial = bindings(&emulator);
    let head = provider(variant.cloud, variant.region);
    type Case = (String, Args, Args, ChangeEffect);
    let config = |pick: &dyn Fn(&Case) -> Args| {
        let blocks: Vec<String> = cases.iter().map(|c| resource_block(variant.type_name, &c.0, None, &pick(c))).collect();
        format!("{head}\n{}", blocks.join("\n"))
    };

    ws.write_config(&config(&|c| c.1.clone()));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply of the base configuration");
    assert_eq!(ws.run(&["plan", "-detailed-exitcode", "-no-color"]).status, 0, "a plan right after apply is empty");
    let refresh = ws.run(&["plan", "-refresh-only", "-detailed-exitcode", "-no-color"]);
    assert_eq!(refresh.status, 0, "a refresh right after apply finds what the create stored:\n{}", refresh.combined());

    ws.write_config(&config(&|c| c.2.clone()));
    let plan = ws.run(&["plan", "-out=changed.tfplan", "-no-color"]);
    ok(&plan, "plan of the changed configuration");
    let actions = planned_actions(&ws, "changed.tfplan");
    for (name, base, changed, effect) in &cases {
        let address = format!("{}.{name}", variant.type_name);
        assert_eq!(actions.get(&address), Some(&actions_for(*effect)), "{address}: changing {base:?} to {changed:?} must plan {effect:?}\n{}", plan.stdout);
    }
    emulator.clear_calls();
    ok(&ws.run(&["apply", "-no-color", "changed.tfplan"]), "apply of the changed configuration");
    for (name, base, changed, effect) in &cases {
        let mut ids = ids_of(base);
        ids.extend(ids_of(changed));
        let writes = writes_naming(&emulator, &ids);
        match effect {
            ChangeEffect::UpdateWithoutApiCall => assert!(writes.is_empty(), "{name}: a steering change made API writes: {writes:?}"),
            _ => assert!(!writes.is_empty(), "{name}: {effect:?} made no API write"),
        }
    }
    let after = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(after.status, 0, "the plan after applying the change is empty:\n{}", after.combined());
    ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy of the edited configuration");
    assert_eq!(bindings(&emulator), initial, "destroy leaves the bindings as the fixtures had them");

    // Arguments this cloud does not have: each is refused at plan on its own attribute.
    if !not_here.is_empty() {
        let blocks: Vec<String> = not_here.iter().map(|(arg, a)| resource_block(variant.type_name, &format!("not_{}", arg.replace('.', "_")), None, a)).collect();
        ws.write_config(&format!("{head}\n{}", blocks.join("\n")));
        let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-no-color"]);
        assert_eq!(status, 1, "setting arguments {:?} must fail on {}", not_here.iter().map(|n| &n.0).collect::<Vec<_>>(), variant.cloud);
        for (arg, _) in &not_here {
            assert!(
                diags.iter().any(|d| d.severity == "error" && d.summary.contains(&format!("{arg} is not allowed with cloud {}", variant.cloud))),
                "no error for {arg} on {}: {diags:?}",
                variant.cloud
            );
        }
    }
}

#[test]
fn change_matrix_eip_association_alibaba() {
    change_matrix(&Variant { type_name: EIP, cloud: "alibaba", region: ALIBABA_REGION, change: eip_alibaba });
}

#[test]
fn change_matrix_eip_association_tencent() {
    change_matrix(&Variant { type_name: EIP, cloud: "tencent", region: TENCENT_REGION, change: eip_tencent });
}

#[test]
fn change_matrix_havip_attachment_volcengine() {
    change_matrix(&Variant { type_name: HAVIP, cloud: "volcengine", region: VOLCENGINE_REGION, change: havip_volcengine });
}

#[test]
fn change_matrix_ga_backend_alibaba() {
    change_matrix(&Variant { type_name: GA, cloud: "alibaba", region: ALIBABA_REGION, change: ga_alibaba });
}

#[test]
fn change_matrix_ess_attachment_alibaba() {
    change_matrix(&Variant { type_name: ESS, cloud: "alibaba", region: ALIBABA_REGION, change: ess_alibaba });
}

// ------------------------------------------------------------------------------------------
// The import matrix
// ------------------------------------------------------------------------------------------

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

// ------------------------------------------------------------------------------------------
// The drift matrix
// ------------------------------------------------------------------------------------------

/// What the plan after an out-of-band change must do.
#[derive(Clone, Debug, PartialEq)]
enum Expect {
    /// Refresh finds the association gone (it stays in state, noted as gone); the plan
    /// makes it again in place and applying that converges.
    Again(&'static str),
    /// The association cannot be made again yet: the plan (an in-place update) carries a
    /// warning that mentions this text, and succeeds.
    Warn(&'static str, String),
    /// The association is still in effect: nothing to do.
    NoOp,
}

/// One out-of-band change to one association.
struct Drift {
    name: &'static str,
    args: Args,
    mutations: Vec<Value>,
    expect: Expect,
    /// The cloud refuses the delete while the change lasts: the code the destroy fails with,
    /// and the mutation that lifts it.
    destroy_refused: Option<(&'static str, Value)>,
}

fn drift(name: &'static str, args: Args, mutations: Vec<Value>, expect: Expect) -> Drift {
    Drift { name, args, mutations, expect, destroy_refused: None }
}

fn eip_drifts(cloud: &'static str, f: &mut Fixtures) -> Vec<Drift> {
    type Pick = fn(&mut Fixtures) -> String;
    let (eip, instance): (Pick, Pick) = if cloud == "alibaba" { (Fixtures::ali_eip, Fixtures::ali_instance) } else { (Fixtures::tc_eip, Fixtures::tc_instance) };
    let pair = |f: &mut Fixtures| {
        let (e, i) = (eip(f), instance(f));
        (args(&[("eip_id", Arg::s(&e)), ("instance_id", Arg::s(&i))]), e, i)
    };
    let (unbound, e1, _) = pair(f);
    let (rebound, e2, _) = pair(f);
    let other_instance = instance(f);
    let (taken, e3, i3) = pair(f);
    let other_eip = eip(f);
    let (eip_gone, e4, _) = pair(f);
    let (target_gone, _, i5) = pair(f);
    vec![
        drift("unbound", unbound, vec![json!({"op": "unbind_eip", "cloud": cloud, "id": e1})], Expect::Again("update")),
        drift(
            "rebound_elsewhere",
            rebound,
            vec![json!({"op": "unbind_eip", "cloud": cloud, "id": e2}), json!({"op": "bind_eip", "cloud": cloud, "id": e2, "instance_id": other_instance})],
            Expect::Warn("update", other_instance),
        ),
        drift(
            "target_given_another_eip",
            taken,
            vec![json!({"op": "unbind_eip", "cloud": cloud, "id": e3}), json!({"op": "bind_eip", "cloud": cloud, "id": other_eip, "instance_id": i3})],
            Expect::Warn("update", other_eip),
        ),
        drift("eip_released", eip_gone, vec![json!({"op": "delete", "cloud": cloud, "kind": "eip", "id": e4})], Expect::Warn("update", e4)),
        drift("instance_deleted", target_gone, vec![json!({"op": "delete", "cloud": cloud, "kind": "instance", "id": i5})], Expect::Warn("update", i5)),
    ]
}

fn eip_alibaba_drifts(f: &mut Fixtures) -> Vec<Drift> {
    eip_drifts("alibaba", f)
}

fn eip_tencent_drifts(f: &mut Fixtures) -> Vec<Drift> {
    eip_drifts("tencent", f)
}

fn havip_drifts(f: &mut Fixtures) -> Vec<Drift> {
    let member = |f: &mut Fixtures| {
        let (h, i) = (f.volc_havip(0), f.volc_instance());
        (args(&[("havip_id", Arg::s(&h)), ("instance_id", Arg::s(&i))]), h, i)
    };
    let (removed, h1, i1) = member(f);
    let (mixed, h2, i2) = member(f);
    let eni = f.volc_eni();
    let (full, h3, i3) = member(f);
    let fillers: Vec<String> = (0..10).map(|_| f.volc_instance()).collect();
    let (deleting, h4, _) = member(f);
    let (havip_gone, h5, _) = member(f);
    let (target_gone, _, i6) = member(f);
    let mut fill = vec![json!({"op": "remove_havip_member", "havip_id": h3, "instance_id": i3})];
    fill.extend(fillers.iter().map(|i| json!({"op": "add_havip_member", "havip_id": h3, "instance_id": i})));
    vec![
        drift("member_removed", removed, vec![json!({"op": "remove_havip_member", "havip_id": h1, "instance_id": i1})], Expect::Again("update")),
        drift(
            "replaced_by_an_eni",
            mixed,
            vec![
                json!({"op": "remove_havip_member", "havip_id": h2, "instance_id": i2}),
                json!({"op": "add_havip_member", "havip_id": h2, "instance_id": eni, "instance_type": "NetworkInterface"}),
            ],
            Expect::Warn("update", "NetworkInterface".to_owned()),
        ),
        drift("filled_by_others", full, fill, Expect::Warn("update", "already has 10 members".to_owned())),
        drift("havip_deleting", deleting, vec![json!({"op": "set_havip", "id": h4, "status": "Deleting"})], Expect::NoOp),
        drift("havip_deleted", havip_gone, vec![json!({"op": "delete", "cloud": "volcengine", "kind": "havip", "id": h5})], Expect::Warn("update", h5)),
        drift("instance_deleted", target_gone, vec![json!({"op": "delete", "cloud": "volcengine", "kind": "instance", "id": i6})], Expect::Warn("update", i6)),
    ]
}

fn ga_drifts(f: &mut Fixtures) -> Vec<Drift> {
    let backend = |f: &mut Fixtures| {
        let (g, b) = (f.ali_exclusive_ga(), f.ali_instance_in(ALIBABA_BACKEND_REGION));
        (args(&[("global_acceleration_instance_id", Arg::s(&g)), ("backend_server_id", Arg::s(&b)), ("backend_server_region_id", Arg::s(ALIBABA_BACKEND_REGION))]), g, b)
    };
    let (unbound, g1, _) = backend(f);
    let (rebound, g2, _) = backend(f);
    let other = f.ali_instance_in(ALIBABA_BACKEND_REGION);
    let (locked, g3, _) = backend(f);
    let (ga_gone, g4, _) = backend(f);
    let (target_gone, _, b5) = backend(f);
    vec![
        drift("unbound", unbound, vec![json!({"op": "unbind_ga", "id": g1})], Expect::Again("update")),
        drift(
            "rebound_elsewhere",
            rebound,
            vec![json!({"op": "unbind_ga", "id": g2}), json!({"op": "bind_ga", "id": g2, "server_id": other, "region_id": ALIBABA_BACKEND_REGION})],
            Expect::Warn("update", other),
        ),
        Drift {
            destroy_refused: Some(("IncorrectGlobalAccelerationInstanceIdStatus", json!({"op": "set_ga", "id": g3, "status": "InUse"}))),
            ..drift("locked", locked, vec![json!({"op": "set_ga", "id": g3, "status": "Locked"})], Expect::NoOp)
        },
        drift("ga_deleted", ga_gone, vec![json!({"op": "delete", "cloud": "alibaba", "kind": "ga", "id": g4})], Expect::Warn("update", g4)),
        drift("backend_deleted", target_gone, vec![json!({"op": "delete", "cloud": "alibaba", "kind": "instance", "id": b5})], Expect::Warn("update", b5)),
    ]
}

fn ess_drifts(f: &mut Fixtures) -> Vec<Drift> {
    let attachment = |f: &mut Fixtures| {
        let (g, a, b) = (f.ali_group(10, 0), f.ali_instance(), f.ali_instance());
        (args(&[("scaling_group_id", Arg::s(&g)), ("instance_ids", Arg::List(vec![a, b.clone()]))]), g, b)
    };
    let (detached, g1, b1) = attachment(f);
    let (moved, g2, b2) = attachment(f);
    let other_group = f.ali_group(10, 0);
    let (inactive, g3, _) = attachment(f);
    let (group_gone, g4, _) = attachment(f);
    let (target_gone, _, b5) = attachment(f);
    vec![
        drift("instance_detached", detached, vec![json!({"op": "detach_scaling_instance", "group_id": g1, "instance_id": b1})], Expect::Again("update")),
        drift(
            "instance_moved_to_another_group",
            moved,
            vec![json!({"op": "detach_scaling_instance", "group_id": g2, "instance_id": b2}), json!({"op": "attach_scaling_instance", "group_id": other_group, "instance_id": b2})],
            Expect::Warn("update", other_group),
        ),
        Drift {
            destroy_refused: Some(("IncorrectScalingGroupStatus", json!({"op": "set_group", "id": g3, "lifecycle_state": "Active"}))),
            ..drift("group_inactive", inactive, vec![json!({"op": "set_group", "id": g3, "lifecycle_state": "Inactive"})], Expect::NoOp)
        },
        drift("group_deleted", group_gone, vec![json!({"op": "delete", "cloud": "alibaba", "kind": "scaling_group", "id": g4})], Expect::Warn("update", g4)),
        drift("instance_deleted", target_gone, vec![json!({"op": "delete", "cloud": "alibaba", "kind": "instance", "id": b5})], Expect::Warn("update", b5)),
    ]
}

struct DriftVariant {
    type_name: &'static str,
    cloud: &'static str,
    region: &'static str,
    drifts: fn(&mut Fixtures) -> Vec<Drift>,
}

fn drift_matrix(variant: &DriftVariant) {
    let mut fixtures = Fixtures::new();
    let cases = (variant.drifts)(&mut fixtures);
    eprintln!(
        "figure: drift matrix {} on {}: {} out-of-band changes ({} made again, {} no-op, {} warned)",
        variant.type_name,
        variant.cloud,
        cases.len(),
        cases.iter().filter(|d| matches!(d.expect, Expect::Again(_))).count(),
        cases.iter().filter(|d| matches!(d.expect, Expect::NoOp)).count(),
        cases.iter().filter(|d| matches!(d.expect, Expect::Warn(..))).count()
    );
    let (emulator, _fixtures_dir) = emulator_on(&fixtures);
    let Some(ws) = workspace(&emulator) else { return };
    let address = |d: &Drift| format!("{}.{}", variant.type_name, d.name);
    let blocks: Vec<String> = cases.iter().map(|d| resource_block(variant.type_name, d.name, None, &d.args)).collect();
    ws.write_config(&format!("{}\n{}", provider(variant.cloud, variant.region), blocks.join("\n")));
    let initial = bindings(&emulator);
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply before the out-of-band changes");
    let applied = bindings(&emulator);
    for d in &cases {
        emulator.mutate(json!(d.mutations));
    }
    let changed = bindings(&emulator);

    // The plan succeeds and says, per association, what will happen.
    let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-out=drift.tfplan", "-no-color"]);
    let errors: Vec<_> = diags.iter().filter(|d| d.severity == "error").collect();
    assert!(status == 0 && errors.is_empty(), "the plan after out-of-band changes must succeed: {errors:?}");
    let actions = planned_actions(&ws, "drift.tfplan");
    for d in &cases {
        let addr = address(d);
        let planned = actions.get(&addr).cloned().unwrap_or_default();
        let warnings: Vec<_> = diags.iter().filter(|w| w.severity == "warning" && w.summary.starts_with("Cannot re-create")).collect();
        match &d.expect {
            Expect::Again(action) => assert_eq!(planned, [*action], "{addr}: {:?}", d.mutations),
            Expect::NoOp => assert_eq!(planned, ["no-op"], "{addr}: {:?}", d.mutations),
            Expect::Warn(action, mention) => {
                assert_eq!(planned, [*action], "{addr}: {:?}", d.mutations);
                assert!(warnings.iter().any(|w| format!("{} {}", w.summary, w.detail).contains(mention.as_str())), "{addr}: no warning mentions {mention:?}: {warnings:?}");
            }
        }
    }

    // What can be made again is, and then plans clean.
    let again: Vec<String> = cases.iter().filter(|d| matches!(d.expect, Expect::Again(_))).map(|d| format!("-target={}", address(d))).collect();
    if !again.is_empty() {
        let mut apply = vec!["apply", "-auto-approve", "-no-color"];
        apply.extend(again.iter().map(String::as_str));
        ok(&ws.run(&apply), "apply of the associations that can be made again");
        let mut plan = vec!["plan", "-detailed-exitcode", "-no-color"];
        plan.extend(again.iter().map(String::as_str));
        assert_eq!(ws.run(&plan).status, 0, "those associations plan clean afterwards");
    }

    // plan -destroy and destroy work; deletes the cloud refuses fail with their code until
    // the cause is lifted.
    ok(&ws.run(&["plan", "-destroy", "-no-color"]), "plan -destroy after out-of-band changes");
    let refused: Vec<&Drift> = cases.iter().filter(|d| d.destroy_refused.is_some()).collect();
    let destroy = ws.run(&["destroy", "-auto-approve", "-no-color"]);
    if refused.is_empty() {
        ok(&destroy, "destroy after out-of-band changes");
    } else {
        assert_ne!(destroy.status, 0, "the cloud refuses some deletes");
        for d in &refused {
            let (code, lift) = d.destroy_refused.clone().unwrap_or_default();
            assert!(destroy.stderr.contains(code), "{}: destroy must name {code}:\n{}", address(d), destroy.stderr);
            emulator.mutate(lift);
        }
        ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy once the cloud allows it");
    }
    assert!(ws.run(&["state", "list"]).stdout.trim().is_empty(), "nothing is left in state");

    // Nothing of what the out-of-band changes made was touched; what this workspace made is gone.
    let expected: BTreeMap<String, Value> = changed
        .iter()
        .filter(|(k, v)| !(applied.get(*k) == Some(*v) && initial.get(*k) != Some(*v)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .chain(initial.iter().filter(|(k, v)| applied.get(*k) == Some(*v) && changed.get(*k) == Some(*v)).map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    assert_eq!(bindings(&emulator), expected, "destroy removed exactly what this workspace made and still held");
}

#[test]
fn drift_matrix_eip_association_alibaba() {
    drift_matrix(&DriftVariant { type_name: EIP, cloud: "alibaba", region: ALIBABA_REGION, drifts: eip_alibaba_drifts });
}

#[test]
fn drift_matrix_eip_association_tencent() {
    drift_matrix(&DriftVariant { type_name: EIP, cloud: "tencent", region: TENCENT_REGION, drifts: eip_tencent_drifts });
}

#[test]
fn drift_matrix_havip_attachment_volcengine() {
    drift_matrix(&DriftVariant { type_name: HAVIP, cloud: "volcengine", region: VOLCENGINE_REGION, drifts: havip_drifts });
}

#[test]
fn drift_matrix_ga_backend_alibaba() {
    drift_matrix(&DriftVariant { type_name: GA, cloud: "alibaba", region: ALIBABA_REGION, drifts: ga_drifts });
}

#[test]
fn drift_matrix_ess_attachment_alibaba() {
    drift_matrix(&DriftVariant { type_name: ESS, cloud: "alibaba", region: ALIBABA_REGION, drifts: ess_drifts });
}

// ------------------------------------------------------------------------------------------
// The reproductions of the issue, one by one
// ------------------------------------------------------------------------------------------

/// Empty IDs are documented MissingParameter errors, reported on their attribute at
/// `terraform validate` (no credentials needed).
#[test]
fn empty_ids_are_missing_parameters_on_their_attribute() {
    let Some(terraform) = terraform_binary() else { return };
    let ws = Workspace::new(terraform);
    let blocks = [
        resource_block(EIP, "empty_instance", None, &args(&[("eip_id", Arg::s("eip-x")), ("instance_id", Arg::s(""))])),
        resource_block(EIP, "empty_eip", None, &args(&[("eip_id", Arg::s("")), ("instance_id", Arg::s("i-x"))])),
        resource_block(HAVIP, "empty_havip", None, &args(&[("havip_id", Arg::s(" ")), ("instance_id", Arg::s("i-x"))])),
        resource_block(ESS, "empty_group", None, &args(&[("scaling_group_id", Arg::s("")), ("instance_ids", Arg::List(vec!["i-x".into(), String::new()]))])),
        resource_block(
            GA,
            "empty_backend",
            None,
            &args(&[("global_acceleration_instance_id", Arg::s("ga-x")), ("backend_server_id", Arg::s("")), ("backend_server_region_id", Arg::s("cn-shanghai"))]),
        ),
    ];
    ws.write_config(&format!("{}\n{}", provider("alibaba", "cn-hangzhou"), blocks.join("\n")));
    let (status, diags) = ws.json_diagnostics(&["validate", "-json", "-no-color"]);
    assert_eq!(status, 1);
    for line in ["instance_id = \"\"", "eip_id = \"\"", "havip_id = \" \"", "scaling_group_id = \"\"", "instance_ids = [\"i-x\", \"\"]", "backend_server_id = \"\""] {
        assert!(diags.iter().any(|d| d.summary.starts_with("[MissingParameter]") && d.snippet.trim() == line), "no [MissingParameter] on `{line}`: {diags:?}");
    }
}

/// A backend region outside every service area, or no region at all, is refused at validate.
#[test]
fn backend_regions_must_lie_in_a_service_area() {
    let Some(terraform) = terraform_binary() else { return };
    let ws = Workspace::new(terraform);
    let ga = |name: &str, region: &str| {
        resource_block(
            GA,
            name,
            None,
            &args(&[("global_acceleration_instance_id", Arg::s("ga-x")), ("backend_server_id", Arg::s("i-x")), ("backend_server_region_id", Arg::s(region))]),
        )
    };
    ws.write_config(&format!("{}\n{}\n{}\n{}", provider("alibaba", "cn-hangzhou"), ga("dubai", "me-east-1"), ga("typo", "cn-shangai"), ga("fine", "ap-southeast-1")));
    let (status, diags) = ws.json_diagnostics(&["validate", "-json", "-no-color"]);
    assert_eq!(status, 1);
    let on = |region: &str| diags.iter().filter(|d| d.severity == "error" && d.snippet.contains(region)).map(|d| d.summary.clone()).collect::<Vec<_>>();
    assert!(on("me-east-1").iter().any(|s| s.starts_with("[InvalidParameter]") && s.contains("no global acceleration service area")), "{diags:?}");
    assert!(on("cn-shangai").iter().any(|s| s.starts_with("[InvalidParameter]") && s.contains("not an Alibaba Cloud region")), "{diags:?}");
    assert!(on("ap-southeast-1").is_empty(), "{diags:?}");
}

/// ESS imports: more instances than one attachment holds, a group that does not exist, and
/// malformed IDs of every resource are clear errors naming what to do.
#[test]
fn imports_that_cannot_work_say_why() {
    let mut f = Fixtures::new();
    let members: Vec<Value> = (0..23).map(|_| json!({"instance_id": f.ali_instance(), "creation_type": "Attached"})).collect();
    let big = f.ali_group_with(30, members);
    let (emulator, _dir) = emulator_on(&f);
    let Some(ws) = workspace(&emulator) else { return };
    let ess = resource_block(ESS, "x", None, &args(&[("scaling_group_id", Arg::s(&big)), ("instance_ids", Arg::List(vec!["i-a".into()]))]));
    ws.write_config(&format!("{}\n{ess}", provider("alibaba", ALIBABA_REGION)));
    let run = ws.run(&["import", "-no-color", "tether_ess_attachment.x", &big]);
    assert_ne!(run.status, 0);
    assert!(flat(&run.stderr).contains("the group has 23 attached instances") && flat(&run.stderr).contains("Import them into 2 resources"), "{}", run.stderr);
    let run = ws.run(&["import", "-no-color", "tether_ess_attachment.x", "asg-d2nothere"]);
    assert!(flat(&run.stderr).contains("[InvalidScalingGroupId.NotFound]") && flat(&run.stderr).contains("does not exist"), "{}", run.stderr);
    let long = format!("{big}:{}", (0..5000).map(|i| format!("i-{i:05}")).collect::<Vec<_>>().join(","));
    let run = ws.run(&["import", "-no-color", "tether_ess_attachment.x", &long]);
    assert!(flat(&run.stderr).contains("more than 20 instance IDs"), "{}", run.stderr);
    assert!(run.stderr.len() < 2_000, "the error quotes only the beginning of a 40 KB ID ({} bytes)", run.stderr.len());

    let Some(tencent) = workspace(&emulator) else { return };
    tencent.write_config(&format!(
        "{}\n{}",
        provider("tencent", TENCENT_REGION),
        resource_block(EIP, "x", None, &args(&[("eip_id", Arg::s("eip-x")), ("instance_id", Arg::s("ins-x"))]))
    ));
    let run = tencent.run(&["import", "-no-color", "tether_eip_association.x", "eip-x:eni-y:not-an-ip"]);
    assert!(flat(&run.stderr).contains("Invalid import ID") && flat(&run.stderr).contains("<eip_id>:<network_interface_id>:<private_ip_address>"), "{}", run.stderr);
}

/// A timeout is reported against the setting that bounds it.
#[test]
fn a_create_that_outlasts_its_timeout_names_the_setting() {
    let mut f = Fixtures::new();
    let (eip, instance) = (f.ali_eip(), f.ali_instance());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fixtures.json");
    f.write(&path);
    let emulator = Emulator::start_with(&path, &["--delay-ms", "5000"]);
    let Some(ws) = workspace(&emulator) else { return };
    let block = resource_block(EIP, "slow", None, &args(&[("eip_id", Arg::s(&eip)), ("instance_id", Arg::s(&instance)), ("timeouts.create", Arg::s("1s"))]));
    ws.write_config(&format!("{}\n{block}", provider("alibaba", ALIBABA_REGION)));
    let run = ws.run(&["apply", "-auto-approve", "-no-color"]);
    assert_ne!(run.status, 0);
    assert!(flat(&run.stderr).contains("did not finish within timeouts.create = 1s"), "{}", run.stderr);
}

/// When retries run out, the error says how many attempts were made.
#[test]
fn exhausted_retries_say_how_many_attempts_were_made() {
    let mut f = Fixtures::new();
    let (eip, instance) = (f.ali_eip(), f.ali_instance());
    let (emulator, _dir) = emulator_on(&f);
    let Some(ws) = workspace(&emulator) else { return };
    emulator.faults(json!({"seed": 1, "throttle_rate": 1.0}));
    let block = resource_block(EIP, "x", None, &args(&[("eip_id", Arg::s(&eip)), ("instance_id", Arg::s(&instance))]));
    ws.write_config(&format!("provider \"tether\" {{\n  cloud       = \"alibaba\"\n  region      = \"{ALIBABA_REGION}\"\n  max_retries = 1\n}}\n{block}"));
    let run = ws.run(&["plan", "-no-color"]);
    assert_ne!(run.status, 0);
    assert!(flat(&run.stderr).contains("Throttling") && flat(&run.stderr).contains("gave up after 2 attempts"), "{}", run.stderr);
}

/// An account without the legacy Global Acceleration API: the create says so plainly (what
/// the API is, who still has it, what to use instead, the request id), records nothing, and
/// the backend stays unbound.
#[test]
fn a_refused_legacy_ga_api_is_explained() {
    let mut f = Fixtures::new();
    f.compat("alibaba_legacy_ga_api", false);
    let (ga, backend) = (f.ali_exclusive_ga(), f.ali_instance_in(ALIBABA_BACKEND_REGION));
    let (emulator, _dir) = emulator_on(&f);
    let Some(ws) = workspace(&emulator) else { return };
    let block = resource_block(
        GA,
        "x",
        None,
        &args(&[("global_acceleration_instance_id", Arg::s(&ga)), ("backend_server_id", Arg::s(&backend)), ("backend_server_region_id", Arg::s(ALIBABA_BACKEND_REGION))]),
    );
    ws.write_config(&format!("{}\n{block}", provider("alibaba", ALIBABA_REGION)));
    let before = bindings(&emulator);
    let run = ws.run(&["apply", "-auto-approve", "-no-color"]);
    assert_ne!(run.status, 0, "{}", run.combined());
    let text = flat(&run.stderr);
    assert!(text.contains(&flat(tether_wire::constraints::ga_backend::LEGACY_API_REFUSED_SUMMARY)), "{}", run.stderr);
    assert!(text.contains("InvalidAction.NotFound") && text.contains("(request id "), "{}", run.stderr);
    assert_eq!(bindings(&emulator), before);
    let state = ws.run(&["state", "list"]);
    assert!(state.stdout.trim().is_empty(), "nothing recorded: {}", state.stdout);
}
