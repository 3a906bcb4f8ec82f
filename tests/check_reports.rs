//! Issue 16: `tether check --format sarif` and `--format junit` on a real plan (terraform
//! against the emulator) that breaks every rule, with resources in two root files and in a
//! local module: the SARIF log validates against the published SARIF 2.1.0 schema (vendored
//! in tests/data/sarif), has one rule per check with its help and the cloud codes it
//! prevents, one result per finding of the JSON report, each located at its resources'
//! addresses and at the file and line of their `resource` blocks; the JUnit report is XML a
//! dashboard reads, with a failure per violation and a skip per undecided rule.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Workspace};
use tether::check::RULES;

const ROOT: &str = r#"
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

resource "tether_eip_association" "a" {
  provider    = tether.ali
  eip_id      = "eip-hzfree030"
  instance_id = "i-hzapp030"
}

resource "tether_eip_association" "b" {
  provider    = tether.ali
  eip_id      = "eip-hzfree030"
  instance_id = "i-hzapp031"
}

resource "tether_eip_association" "x" {
  for_each    = toset(["eip-free0031", "eip-free0032"])
  provider    = tether.tc
  eip_id      = each.key
  instance_id = "ins-app00031"
}

resource "terraform_data" "pick" {
  input = "eip-free0035"
}

resource "tether_eip_association" "later" {
  provider    = tether.tc
  eip_id      = terraform_data.pick.output
  instance_id = "ins-app00035"
}

module "edge" {
  source    = "./modules/edge"
  providers = { tether = tether.ali }
  backends  = { a = "i-shapp006", b = "i-shapp007" }
}

resource "tether_eip_association" "edge_a" {
  provider    = tether.alish
  eip_id      = "eip-shfree01"
  instance_id = "i-shapp006"
}
"#;

/// A second root file: HaVip and ESS rules.
const MEMBERS: &str = r#"
resource "tether_havip_attachment" "m" {
  count       = 11
  provider    = tether.volc
  havip_id    = "havip-bjdemo007"
  instance_id = format("i-bjapp%03d", count.index + 20)
}

resource "tether_havip_attachment" "ecs" {
  provider    = tether.volc
  havip_id    = "havip-bjdemo008"
  instance_id = "i-bjapp040"
}

resource "tether_havip_attachment" "eni" {
  provider      = tether.volc
  havip_id      = "havip-bjdemo008"
  instance_id   = "eni-bjsec004"
  instance_type = "NetworkInterface"
}

resource "tether_havip_attachment" "twin_a" {
  provider    = tether.volc
  havip_id    = "havip-bjdemo004"
  instance_id = "i-bjapp012"
}

resource "tether_havip_attachment" "twin_b" {
  provider    = tether.volc
  havip_id    = "havip-bjdemo004"
  instance_id = "i-bjapp012"
}

resource "tether_ess_attachment" "one" {
  provider         = tether.ali
  scaling_group_id = "asg-hzbig"
  instance_ids     = ["i-hzapp060", "i-hzapp061"]
}

resource "tether_ess_attachment" "two" {
  provider         = tether.ali
  scaling_group_id = "asg-hzbig"
  instance_ids     = ["i-hzapp061"]
}

resource "tether_ess_attachment" "near_a" {
  provider         = tether.ali
  scaling_group_id = "asg-hznearlyfull"
  instance_ids     = ["i-hzapp062"]
}

resource "tether_ess_attachment" "near_b" {
  provider         = tether.ali
  scaling_group_id = "asg-hznearlyfull"
  instance_ids     = ["i-hzapp063"]
}
"#;

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

const CREDENTIALS: [&str; 6] =
    ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "VOLCENGINE_ACCESS_KEY", "VOLCENGINE_SECRET_KEY"];

/// Plans the configuration above against the emulator; returns the workspace and plan JSON.
fn plan(emulator: &Emulator) -> Option<(Workspace, Vec<u8>)> {
    let terraform = terraform_binary()?;
    let mut ws = Workspace::new(terraform).env("TETHER_ENDPOINT", &emulator.url);
    for (i, key) in CREDENTIALS.iter().enumerate() {
        ws = ws.env(key, if i % 2 == 0 { ACCESS_KEY } else { SECRET_KEY });
    }
    ws.write_config(ROOT);
    std::fs::write(ws.dir.path().join("members.tf"), MEMBERS).expect("members.tf");
    std::fs::create_dir_all(ws.dir.path().join("modules/edge")).expect("module dir");
    std::fs::write(ws.dir.path().join("modules/edge/main.tf"), MODULE).expect("module");
    let get = ws.run(&["get", "-no-color"]);
    assert_eq!(get.status, 0, "{}", get.combined());
    let plan = ws.run(&["plan", "-out=plan.bin", "-no-color", "-input=false"]);
    assert_eq!(plan.status, 0, "plan failed:\n{}", plan.combined());
    let show = ws.run(&["show", "-json", "plan.bin"]);
    assert_eq!(show.status, 0, "{}", show.combined());
    Some((ws, show.stdout.into_bytes()))
}

/// `tether check ARGS` in `cwd` with `input` on stdin and the emulator's credentials.
fn check(cwd: &Path, emulator: &Emulator, input: &[u8], args: &[&str]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tether"));
    cmd.arg("check").args(args).current_dir(cwd).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit());
    cmd.env("TETHER_ENDPOINT", &emulator.url);
    for (i, key) in CREDENTIALS.iter().enumerate() {
        cmd.env(key, if i % 2 == 0 { ACCESS_KEY } else { SECRET_KEY });
    }
    let mut child = cmd.spawn().expect("tether check");
    child.stdin.take().expect("stdin").write_all(input).expect("write plan");
    let out = child.wait_with_output().expect("wait");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("vendored schema")).expect("schema JSON");
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the SARIF 2.1.0 schema compiles")
}

fn assert_schema_valid(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF log does not validate against the 2.1.0 schema:\n{}", errors.join("\n"));
}

/// `module.edge.tether_ga_backend.this["a"]` → (`tether_ga_backend`, `this`).
fn type_and_name(address: &str) -> (String, String) {
    let without_key = address.split('[').next().unwrap_or_default();
    let mut parts: Vec<&str> = without_key.split('.').collect();
    let name = parts.pop().unwrap_or_default().to_owned();
    let ty = parts.pop().unwrap_or_default().to_owned();
    (ty, name)
}

/// Each JSON-report finding as (rule, severity, code, resources).
fn json_findings(text: &str) -> Vec<(String, String, String, Vec<String>)> {
    let v: Value = serde_json::from_str(text).expect("JSON report");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let resources = f["resources"].as_array().expect("resources").iter().map(|r| r.as_str().unwrap_or_default().to_owned()).collect();
            (f["rule"].as_str().unwrap_or_default().to_owned(), f["severity"].as_str().unwrap_or_default().to_owned(), f["code"].as_str().unwrap_or_default().to_owned(), resources)
        })
        .collect()
}

#[test]
fn sarif_and_junit_reports_of_a_plan_that_breaks_every_rule() {
    let emulator = Emulator::start(&[]);
    let Some((ws, plan_json)) = plan(&emulator) else { return };
    let dir = ws.dir.path();

    let (json_code, json_out) = check(dir, &emulator, &plan_json, &["--format", "json"]);
    assert_eq!(json_code, 1, "{json_out}");
    let expected = json_findings(&json_out);
    let violated: std::collections::BTreeSet<&str> = expected.iter().filter(|f| f.1 == "violation").map(|f| f.0.as_str()).collect();
    let all_rules: std::collections::BTreeSet<&str> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(violated, all_rules, "the plan breaks every rule:\n{json_out}");
    assert!(expected.iter().any(|f| f.1 == "warning" && f.3 == ["tether_eip_association.later"]), "{json_out}");

    // SARIF, run where terraform ran (the default --source-dir is `.`).
    let (code, out) = check(dir, &emulator, &plan_json, &["--format", "sarif"]);
    assert_eq!(code, 1, "same exit status as the other formats");
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    assert_schema_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let mut tampered = log.clone();
    tampered["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_validator().is_valid(&tampered), "the schema check would catch a wrong level");
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert_eq!(run["invocations"][0]["exitCode"], 1);

    // One rule per check, with help text and the cloud errors it prevents.
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), RULES.len());
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.id);
        let help = descriptor["help"]["text"].as_str().expect("help text");
        assert!(help.starts_with(rule.help), "{help}");
        let codes: Vec<&str> = descriptor["properties"]["prevents"].as_array().expect("prevents").iter().filter_map(|p| p["code"].as_str()).collect();
        let want: Vec<&str> = rule.prevents.iter().map(|e| e.code).collect();
        assert!(!want.is_empty(), "{}", rule.id);
        assert_eq!(codes, want, "{}", rule.id);
        for code in want {
            assert!(help.contains(code), "{}: help names {code}", rule.id);
        }
    }

    // One result per finding, in the JSON report's order, each at its resources.
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), expected.len(), "{out}");
    let mut located_files = std::collections::BTreeSet::new();
    for (result, (rule, severity, code, resources)) in results.iter().zip(&expected) {
        assert_eq!(result["ruleId"], rule.as_str());
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule.as_str());
        assert!(RULES[index].prevents.iter().any(|e| e.code == code), "{rule} found {code}, which it does not declare");
        assert_eq!(result["level"], if severity == "violation" { "error" } else { "warning" });
        assert!(result["message"]["text"].as_str().expect("message").starts_with(&format!("[{code}] ")));
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), resources.len());
        for (location, address) in locations.iter().zip(resources) {
            assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], address.as_str());
            assert_eq!(location["logicalLocations"][0]["kind"], "resource");
            let uri = location["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or_else(|| panic!("{address} has a file: {location}"));
            let line = location["physicalLocation"]["region"]["startLine"].as_u64().expect("startLine") as usize;
            let text = std::fs::read_to_string(dir.join(uri)).unwrap_or_else(|e| panic!("{uri}: {e}"));
            let (ty, name) = type_and_name(address);
            assert_eq!(text.lines().nth(line - 1), Some(format!("resource \"{ty}\" \"{name}\" {{").as_str()), "{address} at {uri}:{line}");
            located_files.insert(uri.to_owned());
        }
    }
    let want_files: std::collections::BTreeSet<String> = ["main.tf", "members.tf", "modules/edge/main.tf"].map(str::to_owned).into();
    assert_eq!(located_files, want_files);

    // Paths are written as joined onto --source-dir; elsewhere, only logical locations.
    let parent = dir.parent().expect("parent");
    let base = dir.file_name().expect("name").to_string_lossy().into_owned();
    let (_, joined) = check(parent, &emulator, &plan_json, &["--format", "sarif", "--source-dir", &base]);
    let joined: Value = serde_json::from_str(&joined).expect("SARIF");
    let first = &joined["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(first.as_str(), Some(format!("{base}/main.tf").as_str()));
    let nowhere = tempfile::tempdir().expect("tempdir");
    let (_, unlocated) = check(nowhere.path(), &emulator, &plan_json, &["--format", "sarif"]);
    let unlocated: Value = serde_json::from_str(&unlocated).expect("SARIF");
    assert_schema_valid(&unlocated);
    for result in unlocated["runs"][0]["results"].as_array().expect("results") {
        for location in result["locations"].as_array().expect("locations") {
            assert!(location.get("physicalLocation").is_none(), "{location}");
            assert!(location["logicalLocations"][0]["fullyQualifiedName"].is_string());
        }
    }

    // JUnit: a failure per violation, a skip per undecided finding, a pass per clean rule.
    let (code, xml) = check(dir, &emulator, &plan_json, &["--format", "junit"]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("JUnit is XML: {e}\n{xml}"));
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let cases: Vec<roxmltree::Node> = suites.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    let violations = expected.iter().filter(|f| f.1 == "violation").count();
    let warnings = expected.len() - violations;
    assert_eq!(suites.attribute("failures"), Some(violations.to_string().as_str()));
    assert_eq!(suites.attribute("skipped"), Some(warnings.to_string().as_str()));
    assert_eq!(suites.attribute("tests"), Some(cases.len().to_string().as_str()));
    let failures: Vec<(String, String)> = cases
        .iter()
        .filter_map(|c| {
            c.children().find(|n| n.has_tag_name("failure")).map(|f| (c.attribute("classname").unwrap_or_default().to_owned(), f.attribute("type").unwrap_or_default().to_owned()))
        })
        .collect();
    let want: Vec<(String, String)> = expected.iter().filter(|f| f.1 == "violation").map(|f| (format!("tether.check.{}", f.0), f.2.clone())).collect();
    let (mut got_sorted, mut want_sorted) = (failures.clone(), want.clone());
    got_sorted.sort();
    want_sorted.sort();
    assert_eq!(got_sorted, want_sorted);
    let module_case = cases.iter().find(|c| c.attribute("classname") == Some("tether.check.ga-two-backends")).expect("GA case");
    assert_eq!(module_case.attribute("file"), Some("modules/edge/main.tf"));
    let text = module_case.descendants().find(|n| n.has_tag_name("failure")).and_then(|f| f.text()).unwrap_or_default();
    assert!(text.contains("module.edge.tether_ga_backend.this[\"a\"] (modules/edge/main.tf:"), "{text}");
}

#[test]
fn unusable_input_is_a_valid_sarif_log_and_a_junit_error() {
    let emulator = Emulator::start(&[]);
    let cwd = tempfile::tempdir().expect("tempdir");
    let (code, out) = check(cwd.path(), &emulator, b"{\"not\": \"a plan\"}", &["--format", "sarif", "--no-live"]);
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&out).expect("SARIF");
    assert_schema_valid(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["exitCode"], 2);
    assert!(invocation["toolExecutionNotifications"][0]["message"]["text"].as_str().unwrap_or_default().contains("not a Terraform plan"), "{out}");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));

    let (code, xml) = check(cwd.path(), &emulator, b"<plan/>", &["--format", "junit", "--no-live"]);
    assert_eq!(code, 2);
    let doc = roxmltree::Document::parse(&xml).expect("XML");
    assert_eq!(doc.root_element().attribute("errors"), Some("1"));
    let error = doc.descendants().find(|n| n.has_tag_name("error")).expect("error element");
    assert!(error.attribute("message").unwrap_or_default().contains("not JSON"), "{xml}");
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    // The validator really checks: a log without a required property is refused.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!sarif_validator().is_valid(&broken), "a run without `tool` must not validate");
}
