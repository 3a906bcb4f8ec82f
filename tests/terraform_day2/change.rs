//! The change matrix: for every resource, cloud and argument (read from the schema), change
//! the argument after apply and check the plan action, the writes, the next empty plan and
//! the destroy of the edited configuration.

use super::*;

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
            None => panic!("the day-2 matrix has no change for argument {arg} of {} on {}: declare one in tests/terraform_day2/change.rs", variant.type_name, variant.cloud),
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
