//! Issue 17 through the real `terraform` binary: `tether discover` brings associations that
//! already exist into Terraform in one step.
//!
//! The emulator starts with more than 500 associations made outside Terraform, across the
//! four kinds and three clouds (fixtures generated here with the day-2 builder): Alibaba EIPs
//! bound to ECS instances, network interfaces, load balancers, NAT gateways and HaVips (and
//! across regions through a shared-bandwidth GA), Tencent EIPs bound to CVM instances and
//! ENI private IPs, Volcengine HaVip members of both types, Alibaba GA backends, and
//! instances attached to scaling groups (one group larger than one resource holds, one with
//! entrusted and plain members, auto-created members that are not for discover). Then:
//! discover → `terraform plan` shows only imports → `terraform apply` imports them all with
//! no write call in the emulator's call log → `terraform plan -detailed-exitcode` is 0 → a
//! second discover with `--exclude-state` writes nothing.

mod support;

use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};
use support::day2::{Fixtures, ALIBABA_BACKEND_REGION, ALIBABA_REGION, TENCENT_REGION, VOLCENGINE_REGION};
use support::emulator::{bin, Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Run, Workspace};

/// The credentials and endpoint every cloud's provider (and discover) takes from the environment.
fn env(emulator: &Emulator) -> Vec<(&'static str, String)> {
    vec![
        ("TETHER_ENDPOINT", emulator.url.clone()),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY.into()),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET_KEY.into()),
        ("TENCENTCLOUD_SECRET_ID", ACCESS_KEY.into()),
        ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into()),
        ("VOLCENGINE_ACCESS_KEY", ACCESS_KEY.into()),
        ("VOLCENGINE_SECRET_KEY", SECRET_KEY.into()),
    ]
}

/// What the fixtures hold, to compare discover's output with.
#[derive(Default)]
struct Expected {
    eip_alibaba: usize,
    eip_tencent: usize,
    havip: usize,
    ga: usize,
    ess_instances: usize,
    ess_resources: usize,
    /// A HaVip with room for one more ECS member, and a free instance in its subnet.
    spare: (String, String),
}

impl Expected {
    fn associations(&self) -> usize {
        self.eip_alibaba + self.eip_tencent + self.havip + self.ga + self.ess_instances
    }
    fn resources(&self) -> usize {
        self.eip_alibaba + self.eip_tencent + self.havip + self.ga + self.ess_resources
    }
}

fn world() -> (Fixtures, Expected) {
    let mut f = Fixtures::new();
    let mut e = Expected::default();
    // Alibaba EIPs on every target type the resource binds.
    for _ in 0..100 {
        let instance = f.ali_instance();
        f.ali_eip_bound(json!({"instance_id": instance, "instance_type": "EcsInstance"}));
        e.eip_alibaba += 1;
    }
    for n in 0..20 {
        let (eni, ips) = f.ali_eni();
        let mode = if n % 2 == 0 { "MULTI_BINDED" } else { "NAT" };
        f.ali_eip_bound(json!({"instance_id": eni, "instance_type": "NetworkInterface", "private_ip_address": ips[1], "mode": mode}));
        e.eip_alibaba += 1;
    }
    for _ in 0..10 {
        let lb = f.ali_slb_in(ALIBABA_REGION);
        f.ali_eip_bound(json!({"instance_id": lb, "instance_type": "SlbInstance"}));
        e.eip_alibaba += 1;
    }
    for _ in 0..10 {
        let nat = f.id("ngw");
        f.push("alibaba", ALIBABA_REGION, "nat_gateways", json!({"id": nat, "vpc_id": format!("vpc-d2{ALIBABA_REGION}")}));
        f.ali_eip_bound(json!({"instance_id": nat, "instance_type": "Nat"}));
        e.eip_alibaba += 1;
    }
    for _ in 0..5 {
        let havip = f.id("havip");
        let ip = f.ip("10.23");
        f.push("alibaba", ALIBABA_REGION, "havips", json!({"id": havip, "ip": ip, "vpc_id": format!("vpc-d2{ALIBABA_REGION}"), "subnet_id": format!("vsw-d2{ALIBABA_REGION}")}));
        f.ali_eip_bound(json!({"instance_id": havip, "instance_type": "HaVip"}));
        e.eip_alibaba += 1;
    }
    for _ in 0..5 {
        let remote = f.ali_instance_in(ALIBABA_BACKEND_REGION);
        f.ali_shared_eip_bound(json!({"instance_id": remote, "instance_type": "EcsInstance", "instance_region_id": ALIBABA_BACKEND_REGION}));
        e.eip_alibaba += 1;
    }
    // Free EIPs are not associations.
    for _ in 0..10 {
        f.ali_eip();
        f.tc_eip();
    }
    // Tencent EIPs on CVM instances and on ENI private IPs.
    for _ in 0..120 {
        let instance = f.tc_instance();
        f.tc_eip_bound(json!({"instance_id": instance}));
        e.eip_tencent += 1;
    }
    for _ in 0..30 {
        let (eni, ips) = f.tc_eni();
        f.tc_eip_bound(json!({"network_interface_id": eni, "private_ip_address": ips[1], "instance_type": "ENI"}));
        e.eip_tencent += 1;
    }
    // Volcengine HaVips: 20 with four ECS members, 10 with two ENI members, 5 empty.
    for _ in 0..20 {
        let members: Vec<String> = (0..4).map(|_| f.volc_instance()).collect();
        let havip = f.volc_havip_with(&members, "EcsInstance");
        e.havip += members.len();
        e.spare.0 = havip;
    }
    e.spare.1 = f.volc_instance();
    for _ in 0..10 {
        let members: Vec<String> = (0..2).map(|_| f.volc_eni()).collect();
        f.volc_havip_with(&members, "NetworkInterface");
        e.havip += members.len();
    }
    for _ in 0..5 {
        f.volc_havip(0);
    }
    // Alibaba GA: 50 serving an ECS instance, 10 a load balancer, 5 without a backend.
    for _ in 0..50 {
        let server = f.ali_instance_in(ALIBABA_BACKEND_REGION);
        f.ali_ga_serving(&server, "EcsInstance", ALIBABA_BACKEND_REGION);
        e.ga += 1;
    }
    for _ in 0..10 {
        let lb = f.ali_slb_in(ALIBABA_BACKEND_REGION);
        f.ali_ga_serving(&lb, "SlbInstance", ALIBABA_BACKEND_REGION);
        e.ga += 1;
    }
    for _ in 0..5 {
        f.ali_exclusive_ga();
    }
    // Alibaba ESS: 10 groups with 5 attached and 2 auto-created members; one group with 45
    // attached (three resources); one with 3 entrusted and 3 plain members (two resources).
    let attached = |f: &mut Fixtures, entrusted: bool, weight: Option<i64>| {
        let mut m = json!({"instance_id": f.ali_instance(), "creation_type": "Attached", "entrusted": entrusted});
        if let Some(w) = weight {
            m["load_balancer_weight"] = json!(w);
        }
        m
    };
    for g in 0..10 {
        let mut members: Vec<Value> = (0..5).map(|n| attached(&mut f, false, (n == g % 5).then_some(70))).collect();
        members.extend((0..2).map(|_| json!({"instance_id": f.ali_instance()})));
        f.ali_group_with(20, members);
        e.ess_instances += 5;
        e.ess_resources += 1;
    }
    let big: Vec<Value> = (0..45).map(|_| attached(&mut f, false, None)).collect();
    f.ali_group_with(100, big);
    e.ess_instances += 45;
    e.ess_resources += 3;
    let mixed: Vec<Value> = (0..6).map(|n| attached(&mut f, n % 2 == 0, None)).collect();
    f.ali_group_with(10, mixed);
    e.ess_instances += 6;
    e.ess_resources += 2;
    (f, e)
}

fn ok(run: &Run, what: &str) {
    assert_eq!(run.status, 0, "{what} failed:\n{}", run.combined());
}

/// Terraform's output with its line wrapping undone.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `tether discover` with the emulator's environment; (exit code, stdout, stderr).
fn discover(emulator: &Emulator, args: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(bin());
    command.arg("discover").args(args);
    for (k, v) in env(emulator) {
        command.env(k, v);
    }
    let out = command.output().expect("run tether discover");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The write calls (anything but Describe*) in the emulator's call log.
fn writes(emulator: &Emulator) -> Vec<String> {
    let calls = emulator.calls();
    assert_eq!(calls["dropped"].as_u64().unwrap_or(0), 0, "the call log dropped entries");
    calls["calls"].as_array().cloned().unwrap_or_default().into_iter().map(|c| c["action"].as_str().unwrap_or_default().to_owned()).filter(|a| !a.starts_with("Describe")).collect()
}

const PROVIDERS: [(&str, &str); 3] = [("alibaba", ALIBABA_REGION), ("tencent", TENCENT_REGION), ("volcengine", VOLCENGINE_REGION)];

#[test]
fn discover_imports_every_existing_association_and_then_nothing() {
    let (fixtures, expected) = world();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fixtures.json");
    fixtures.write(&path);
    let emulator = Emulator::start_with(&path, &["--delay-ms", "0"]);
    let Some(terraform) = terraform_binary() else { return };
    let mut ws = Workspace::new(terraform);
    for (k, v) in env(&emulator) {
        ws = ws.env(k, &v);
    }
    let providers: String =
        PROVIDERS.iter().map(|(cloud, region)| format!("provider \"tether\" {{\n  alias  = \"{cloud}\"\n  cloud  = \"{cloud}\"\n  region = \"{region}\"\n}}\n\n")).collect();
    ws.write_config(&providers);
    emulator.clear_calls();
    assert!(expected.associations() >= 500, "{} associations", expected.associations());
    eprintln!(
        "figure: discover fixtures: {} associations ({} Alibaba EIPs, {} Tencent EIPs, {} HaVip members, {} GA backends, {} attached ESS instances), {} resources expected",
        expected.associations(),
        expected.eip_alibaba,
        expected.eip_tencent,
        expected.havip,
        expected.ga,
        expected.ess_instances,
        expected.resources()
    );

    // 1. Discover each cloud into its own file (Volcengine as .tf.json).
    let started = Instant::now();
    let mut written = 0;
    for (cloud, region) in PROVIDERS {
        let (format, file) = if cloud == "volcengine" { ("json", format!("{cloud}.tf.json")) } else { ("hcl", format!("{cloud}.tf")) };
        let out = ws.dir.path().join(&file);
        let out_arg = out.to_string_lossy().into_owned();
        let provider = format!("tether.{cloud}");
        let (code, stdout, stderr) = discover(&emulator, &["--cloud", cloud, "--region", region, "--format", format, "--provider", &provider, "--out", &out_arg]);
        assert_eq!(code, 0, "discover {cloud}:\n{stderr}");
        assert!(stdout.is_empty(), "with --out nothing goes to stdout: {stdout}");
        assert!(stderr.contains(&format!("wrote {out_arg}")), "{stderr}");
        let text = std::fs::read_to_string(&out).expect("discovered configuration");
        let imports = if format == "json" {
            let doc: Value = serde_json::from_str(&text).expect("discover JSON");
            doc["import"].as_array().map_or(0, Vec::len)
        } else {
            text.matches("\nimport {\n").count()
        };
        eprintln!("discover {cloud}: {imports} import blocks\n{stderr}");
        written += imports;
    }
    let discover_time = started.elapsed();
    assert_eq!(written, expected.resources(), "one import block per expected resource");
    let alibaba = std::fs::read_to_string(ws.dir.path().join("alibaba.tf")).expect("alibaba.tf");
    for needle in ["\"Nat\"", "\"HaVip\"", "\"SlbInstance\"", "\"MULTI_BINDED\"", "_part3\"", "instance_region_id = \"cn-shenzhen\""] {
        assert!(alibaba.contains(needle), "alibaba.tf lacks {needle}");
    }
    assert!(alibaba.lines().any(|l| l.trim_start().starts_with("entrusted ") && l.ends_with("= true")), "alibaba.tf has no entrusted resource");
    let fmt = ws.run(&["fmt", "-check", "-diff", "-no-color", "alibaba.tf", "tencent.tf"]);
    assert_eq!(fmt.status, 0, "the discovered HCL is not as terraform fmt writes it:\n{}", fmt.combined().chars().take(4000).collect::<String>());
    // Stable: the same cloud gives the same file (to stdout without --out).
    let (code, again, _) = discover(&emulator, &["--cloud", "alibaba", "--region", ALIBABA_REGION, "--provider", "tether.alibaba"]);
    assert_eq!(code, 0);
    assert!(again == alibaba, "a second discover of the same cloud wrote another configuration");

    // 2. plan: only imports.
    let started = Instant::now();
    let plan = ws.run(&["plan", "-out=import.tfplan", "-no-color"]);
    ok(&plan, "plan after discover");
    let plan_time = started.elapsed();
    let summary = format!("Plan: {} to import, 0 to add, 0 to change, 0 to destroy.", expected.resources());
    assert!(flat(&plan.stdout).contains(&summary), "expected {summary:?}:\n{}", plan.stdout.chars().rev().take(3000).collect::<String>().chars().rev().collect::<String>());

    // 3. apply: every association imported, nothing written in the cloud.
    let started = Instant::now();
    let apply = ws.run(&["apply", "-no-color", "import.tfplan"]);
    ok(&apply, "apply of the import plan");
    let apply_time = started.elapsed();
    let applied = format!("Apply complete! Resources: {} imported, 0 added, 0 changed, 0 destroyed.", expected.resources());
    assert!(flat(&apply.stdout).contains(&applied), "expected {applied:?}:\n{}", apply.stdout.lines().rev().take(20).collect::<Vec<_>>().join("\n"));
    let calls = emulator.calls()["calls"].as_array().map_or(0, Vec::len);
    let written_calls = writes(&emulator);
    assert!(written_calls.is_empty(), "discover, plan and apply made write calls: {written_calls:?}");

    // 4. The next plan is empty.
    let started = Instant::now();
    let again = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.status, 0, "plan after the import:\n{}", again.combined());
    let replan_time = started.elapsed();

    // 5. Discover again, leaving out what the workspace manages: nothing is written.
    let show = ws.run(&["show", "-json", "-no-color"]);
    ok(&show, "terraform show -json");
    let state = ws.dir.path().join("state.json");
    std::fs::write(&state, &show.stdout).expect("state.json");
    let state_arg = state.to_string_lossy().into_owned();
    let started = Instant::now();
    for (cloud, region) in PROVIDERS {
        let out = ws.dir.path().join(format!("{cloud}-again.tf"));
        let out_arg = out.to_string_lossy().into_owned();
        let (code, stdout, stderr) = discover(&emulator, &["--cloud", cloud, "--region", region, "--exclude-state", &state_arg, "--out", &out_arg]);
        assert_eq!(code, 0, "second discover {cloud}:\n{stderr}");
        assert!(stdout.is_empty() && !out.exists(), "the second discover of {cloud} wrote something:\n{stderr}");
        assert!(stderr.contains("nothing new to import") && stderr.contains("manages them already"), "{stderr}");
    }
    let rediscover_time = started.elapsed();
    assert!(writes(&emulator).is_empty(), "the second discover made write calls");

    // 6. A member attached later outside Terraform: the next discover writes it alone.
    let (havip, instance) = &expected.spare;
    emulator.mutate(json!({"op": "add_havip_member", "havip_id": havip, "instance_id": instance, "instance_type": "EcsInstance"}));
    emulator.mutate(json!({"op": "settle"}));
    let out = ws.dir.path().join("volcengine-new.tf");
    let out_arg = out.to_string_lossy().into_owned();
    let (code, _, stderr) =
        discover(&emulator, &["--cloud", "volcengine", "--region", VOLCENGINE_REGION, "--provider", "tether.volcengine", "--exclude-state", &state_arg, "--out", &out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&out).expect("the new member's configuration");
    assert_eq!(text.matches("\nimport {\n").count(), 1, "{text}");
    assert!(text.contains(&format!("id       = \"{havip}:{instance}\"")), "{text}");
    assert!(stderr.contains(&format!("{} association(s) left out", expected.havip)), "{stderr}");
    let plan = ws.run(&["plan", "-no-color"]);
    ok(&plan, "plan with the new member");
    assert!(flat(&plan.stdout).contains("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."), "{}", plan.stdout);

    // 7. Unusable input: exit 2 with a clear message.
    let (code, _, stderr) = discover(&emulator, &["--cloud", "tencent", "--region", TENCENT_REGION, "--exclude-state", &format!("{state_arg}.missing")]);
    assert_eq!(code, 2, "{stderr}");
    let garbage = ws.dir.path().join("garbage.json");
    std::fs::write(&garbage, "this is not terraform show -json").expect("garbage");
    let (code, _, stderr) = discover(&emulator, &["--cloud", "alibaba", "--region", ALIBABA_REGION, "--exclude-state", &garbage.to_string_lossy()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("terraform show -json"), "{stderr}");
    let mut wrong = Command::new(bin());
    wrong.args(["discover", "--cloud", "alibaba", "--region", ALIBABA_REGION]);
    for (k, v) in env(&emulator) {
        wrong.env(k, v);
    }
    let out = wrong.env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong-secret-d2").output().expect("discover with a wrong secret");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refused the credentials") && !stderr.contains("wrong-secret-d2"), "{stderr}");
    let (code, _, stderr) = discover(&emulator, &["--cloud", "volcengine", "--region", VOLCENGINE_REGION, "--kind", "ess"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("ess associations do not exist on volcengine"), "{stderr}");

    eprintln!(
        "figure: discover end to end: {} associations → {} resources; discover (3 clouds) {:.1}s, plan {:.1}s, apply {:.1}s, re-plan {:.1}s, second discover {:.1}s; {} API calls through apply, 0 writes",
        expected.associations(),
        expected.resources(),
        discover_time.as_secs_f64(),
        plan_time.as_secs_f64(),
        apply_time.as_secs_f64(),
        replan_time.as_secs_f64(),
        rediscover_time.as_secs_f64(),
        calls
    );
}
