//! The drift matrix: every out-of-band change the emulator can make, then plan, `plan
//! -destroy` and `destroy`.

use super::*;

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
