//! Issue 6: `tether check` on real plans (`terraform plan -out` + `terraform show -json`)
//! made against the emulator: every rule positive and negative, modules, for_each, unknown
//! values, deletions, live state, and unusable input.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Workspace};

const PROVIDERS: &str = r#"
provider "tether" {
  alias  = "ali"
  cloud  = "alibaba"
  region = "cn-hangzhou"
}
provider "tether" {
  alias  = "tc"
  cloud  = "tencent"
  region = "ap-guangzhou"
}
provider "tether" {
  alias  = "volc"
  cloud  = "volcengine"
  region = "cn-beijing"
}
provider "tether" {
  alias  = "alish"
  cloud  = "alibaba"
  region = "cn-shanghai"
}
"#;

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

/// Runs `tether check` with `input` on stdin; returns (exit code, stdout).
fn check(input: &[u8], args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tether"));
    cmd.arg("check").args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for key in [
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "VOLCENGINE_ACCESS_KEY",
        "VOLCENGINE_SECRET_KEY",
        "TETHER_ENDPOINT",
    ] {
        cmd.env_remove(key);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("tether check");
    child.stdin.take().expect("stdin").write_all(input).expect("write plan");
    let out = child.wait_with_output().expect("wait");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Plans `body` (with extra files) and returns the plan JSON.
fn plan_json(ws: &Workspace, body: &str, files: &[(&str, &str)]) -> Vec<u8> {
    for (path, text) in files {
        let full = ws.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("dir");
        std::fs::write(full, text).expect("write");
    }
    ws.write_config(&format!("{PROVIDERS}\n{body}"));
    if !files.is_empty() {
        // Local modules are installed by `terraform get` (init would query the registry).
        let get = ws.run(&["get", "-no-color"]);
        assert_eq!(get.status, 0, "{}", get.combined());
    }
    let plan = ws.run(&["plan", "-out=plan.bin", "-no-color", "-input=false"]);
    assert_eq!(plan.status, 0, "plan failed:\n{}", plan.combined());
    let show = ws.run(&["show", "-json", "plan.bin"]);
    assert_eq!(show.status, 0, "{}", show.combined());
    show.stdout.into_bytes()
}

fn findings(json_out: &str) -> Vec<(String, String, Vec<String>)> {
    let v: Value = serde_json::from_str(json_out).expect("JSON report");
    v["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap_or_default().to_owned(),
                        f["severity"].as_str().unwrap_or_default().to_owned(),
                        f["resources"].as_array().map(|r| r.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

struct Case {
    name: &'static str,
    body: &'static str,
    files: &'static [(&'static str, &'static str)],
    /// (rule, severity) expected, or empty for a clean plan.
    expect: &'static [(&'static str, &'static str)],
    /// Addresses the first finding must list.
    resources: &'static [&'static str],
}

const MODULE: &str = r#"
terraform {
  required_providers {
    tether = {
      source = "registry.terraform.io/tether-dev/tether"
    }
  }
}
variable "backends" {
  type = map(string)
}
resource "tether_ga_backend" "this" {
  for_each                        = var.backends
  global_acceleration_instance_id = "ga-hzexcl04"
  backend_server_id               = each.value
  backend_server_region_id        = "cn-shanghai"
}
"#;

const CASES: &[Case] = &[
    Case {
        name: "one EIP in two associations",
        body: "resource \"tether_eip_association\" \"a\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree030\"\n  instance_id = \"i-hzapp030\"\n}\nresource \"tether_eip_association\" \"b\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree030\"\n  instance_id = \"i-hzapp031\"\n}\n",
        files: &[],
        expect: &[("eip-bound-twice", "violation")],
        resources: &["tether_eip_association.a", "tether_eip_association.b"],
    },
    Case {
        name: "distinct EIPs and targets",
        body: "resource \"tether_eip_association\" \"a\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree030\"\n  instance_id = \"i-hzapp030\"\n}\nresource \"tether_eip_association\" \"b\" {\n  provider    = tether.tc\n  eip_id      = \"eip-free0030\"\n  instance_id = \"ins-app00030\"\n}\n",
        files: &[],
        expect: &[],
        resources: &[],
    },
    Case {
        name: "one instance given two EIPs, for_each",
        body: "resource \"tether_eip_association\" \"x\" {\n  for_each    = toset([\"eip-free0031\", \"eip-free0032\"])\n  provider    = tether.tc\n  eip_id      = each.key\n  instance_id = \"ins-app00031\"\n}\n",
        files: &[],
        expect: &[("target-given-two-eips", "violation")],
        resources: &["tether_eip_association.x[\"eip-free0031\"]", "tether_eip_association.x[\"eip-free0032\"]"],
    },
    Case {
        name: "eleven members on one HaVip",
        body: "resource \"tether_havip_attachment\" \"m\" {\n  count       = 11\n  provider    = tether.volc\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = format(\"i-bjapp%03d\", count.index + 20)\n}\n",
        files: &[],
        expect: &[("havip-member-limit", "violation")],
        resources: &["tether_havip_attachment.m[0]"],
    },
    Case {
        name: "ten members on one HaVip",
        body: "resource \"tether_havip_attachment\" \"m\" {\n  count       = 10\n  provider    = tether.volc\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = format(\"i-bjapp%03d\", count.index + 20)\n}\n",
        files: &[],
        expect: &[],
        resources: &[],
    },
    Case {
        name: "one member attached to a HaVip twice",
        body: "resource \"tether_havip_attachment\" \"a\" {\n  provider    = tether.volc\n  havip_id    = \"havip-bjdemo004\"\n  instance_id = \"i-bjapp012\"\n}\nresource \"tether_havip_attachment\" \"b\" {\n  provider    = tether.volc\n  havip_id    = \"havip-bjdemo004\"\n  instance_id = \"i-bjapp012\"\n}\n",
        files: &[],
        expect: &[("havip-member-twice", "violation")],
        resources: &["tether_havip_attachment.a", "tether_havip_attachment.b"],
    },
    Case {
        name: "ECS and ENI members on one HaVip",
        body: "resource \"tether_havip_attachment\" \"ecs\" {\n  provider    = tether.volc\n  havip_id    = \"havip-bjdemo008\"\n  instance_id = \"i-bjapp040\"\n}\nresource \"tether_havip_attachment\" \"eni\" {\n  provider      = tether.volc\n  havip_id      = \"havip-bjdemo008\"\n  instance_id   = \"eni-bjsec004\"\n  instance_type = \"NetworkInterface\"\n}\n",
        files: &[],
        expect: &[("havip-mixed-members", "violation")],
        resources: &["tether_havip_attachment.eni", "tether_havip_attachment.ecs"],
    },
    Case {
        name: "two backends on one GA instance, in a module with for_each",
        body: "module \"edge\" {\n  source    = \"./edge\"\n  providers = { tether = tether.ali }\n  backends  = { a = \"i-shapp006\", b = \"i-shapp007\" }\n}\n",
        files: &[("edge/main.tf", MODULE)],
        expect: &[("ga-two-backends", "violation")],
        resources: &["module.edge.tether_ga_backend.this[\"a\"]", "module.edge.tether_ga_backend.this[\"b\"]"],
    },
    Case {
        name: "one backend per GA instance, in a module",
        body: "module \"edge\" {\n  source    = \"./edge\"\n  providers = { tether = tether.ali }\n  backends  = { a = \"i-shapp006\" }\n}\n",
        files: &[("edge/main.tf", MODULE)],
        expect: &[],
        resources: &[],
    },
    Case {
        name: "an instance given an EIP and made a GA backend, in a module",
        body: "module \"edge\" {\n  source    = \"./edge\"\n  providers = { tether = tether.ali }\n  backends  = { a = \"i-shapp006\" }\n}\nresource \"tether_eip_association\" \"x\" {\n  provider    = tether.alish\n  eip_id      = \"eip-shfree01\"\n  instance_id = \"i-shapp006\"\n}\n",
        files: &[("edge/main.tf", MODULE)],
        expect: &[("ga-backend-given-an-eip", "violation")],
        resources: &["tether_eip_association.x", "module.edge.tether_ga_backend.this[\"a\"]"],
    },
    Case {
        name: "an EIP on another instance than the GA backend",
        body: "module \"edge\" {\n  source    = \"./edge\"\n  providers = { tether = tether.ali }\n  backends  = { a = \"i-shapp006\" }\n}\nresource \"tether_eip_association\" \"x\" {\n  provider    = tether.alish\n  eip_id      = \"eip-shfree01\"\n  instance_id = \"i-shapp007\"\n}\n",
        files: &[("edge/main.tf", MODULE)],
        expect: &[],
        resources: &[],
    },
    Case {
        name: "one instance in two ESS attachments",
        body: "resource \"tether_ess_attachment\" \"a\" {\n  provider         = tether.ali\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzapp060\", \"i-hzapp061\"]\n}\nresource \"tether_ess_attachment\" \"b\" {\n  provider         = tether.ali\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzapp061\"]\n}\n",
        files: &[],
        expect: &[("ess-instance-twice", "violation")],
        resources: &["tether_ess_attachment.a", "tether_ess_attachment.b"],
    },
    Case {
        name: "ESS attachments that together exceed MaxSize (live state)",
        body: "resource \"tether_ess_attachment\" \"a\" {\n  provider         = tether.ali\n  scaling_group_id = \"asg-hznearlyfull\"\n  instance_ids     = [\"i-hzapp062\"]\n}\nresource \"tether_ess_attachment\" \"b\" {\n  provider         = tether.ali\n  scaling_group_id = \"asg-hznearlyfull\"\n  instance_ids     = [\"i-hzapp063\"]\n}\n",
        files: &[],
        expect: &[("ess-max-size", "violation")],
        resources: &["tether_ess_attachment.a", "tether_ess_attachment.b"],
    },
    Case {
        name: "an EIP known only after apply",
        body: "resource \"terraform_data\" \"pick\" {\n  input = \"eip-hzfree033\"\n}\nresource \"tether_eip_association\" \"a\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree034\"\n  instance_id = \"i-hzapp034\"\n}\nresource \"tether_eip_association\" \"b\" {\n  provider    = tether.ali\n  eip_id      = terraform_data.pick.output\n  instance_id = \"i-hzapp033\"\n}\n",
        files: &[],
        expect: &[("eip-bound-twice", "warning")],
        resources: &["tether_eip_association.b"],
    },
];

#[test]
fn every_rule_on_real_plans() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let env = [
        ("TETHER_ENDPOINT", emulator.url.as_str()),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ACCESS_KEY),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET_KEY),
        ("VOLCENGINE_ACCESS_KEY", ACCESS_KEY),
        ("VOLCENGINE_SECRET_KEY", SECRET_KEY),
    ];
    let mut failures = Vec::new();
    for case in CASES {
        let Some(ws) = workspace(&emulator) else { return };
        let plan = plan_json(&ws, case.body, case.files);
        let (code, out) = check(&plan, &["--format", "json"], &env);
        let got = findings(&out);
        let got_rules: Vec<(&str, &str)> = got.iter().map(|(r, s, _)| (r.as_str(), s.as_str())).collect();
        let want_exit = if case.expect.iter().any(|(_, s)| *s == "violation") { 1 } else { 0 };
        if got_rules != case.expect || code != want_exit {
            failures.push(format!("{}: exit {code}, findings {got_rules:?}; expected exit {want_exit}, {:?}", case.name, case.expect));
            continue;
        }
        if let Some((_, _, resources)) = got.first() {
            for r in case.resources {
                if !resources.iter().any(|x| x == r) {
                    failures.push(format!("{}: {r} not among {resources:?}", case.name));
                }
            }
        }
    }
    eprintln!("{} policy-check cases on real plans", CASES.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn without_live_state_the_max_size_rule_says_so() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    let case = CASES.iter().find(|c| c.name.contains("MaxSize")).expect("case");
    let plan = plan_json(&ws, case.body, case.files);
    // No credentials in the environment: live state cannot be read, and the text says so.
    let (code, out) = check(&plan, &[], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("live cloud state not used for alibaba/cn-hangzhou: no Alibaba Cloud credentials"), "{out}");
    let (code, out) = check(&plan, &["--no-live"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("--no-live"), "{out}");
}

#[test]
fn deleted_resources_take_no_part() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    let two = "resource \"tether_eip_association\" \"a\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree040\"\n  instance_id = \"i-hzapp040\"\n}\nresource \"tether_eip_association\" \"b\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree041\"\n  instance_id = \"i-hzapp041\"\n}\n";
    ws.write_config(&format!("{PROVIDERS}\n{two}"));
    let apply = ws.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(apply.status, 0, "{}", apply.combined());
    let one = "resource \"tether_eip_association\" \"a\" {\n  provider    = tether.ali\n  eip_id      = \"eip-hzfree040\"\n  instance_id = \"i-hzapp040\"\n}\n";
    let plan = plan_json(&ws, one, &[]);
    let (code, out) = check(&plan, &["--format", "json", "--no-live"], &[]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["summary"]["resources"], 1, "the destroyed association is not counted");
}

#[test]
fn unusable_input_exits_2_with_a_clear_message() {
    let (code, out) = check(b"{\"format_version\": \"1.2\", \"resource_chan", &[], &[]);
    assert_eq!(code, 2);
    assert!(out.contains("cannot use this input") && out.contains("terraform show -json PLANFILE"), "{out}");
    let (code, out) = check(b"not json at all", &["--format", "json"], &[]);
    assert_eq!(code, 2);
    assert!(serde_json::from_str::<Value>(&out).expect("JSON error report")["error"].is_string());
    let (code, out) = check(br#"{"format_version":"1.0","values":{"root_module":{}}}"#, &[], &[]);
    assert_eq!(code, 2, "state JSON is not a plan");
    assert!(out.contains("state, not a plan"), "{out}");
    let status = Command::new(env!("CARGO_BIN_EXE_tether")).args(["check", "/nonexistent/plan.json"]).output().expect("run");
    assert_eq!(status.status.code(), Some(2));
}
