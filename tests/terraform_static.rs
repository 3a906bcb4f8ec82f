//! Issue 2 through the real `terraform` binary: the provider schema, `validate` without
//! credentials, and every static plan-time rule reported with its code on its attribute.

mod support;

use support::terraform::{terraform_binary, Workspace, SOURCE};

const ALIBABA: &str = "provider \"tether\" {\n  cloud  = \"alibaba\"\n  region = \"cn-hangzhou\"\n}\n";
const TENCENT: &str = "provider \"tether\" {\n  cloud  = \"tencent\"\n  region = \"ap-guangzhou\"\n}\n";
const VOLCENGINE: &str = "provider \"tether\" {\n  cloud  = \"volcengine\"\n  region = \"cn-beijing\"\n}\n";

fn workspace() -> Option<Workspace> {
    terraform_binary().map(Workspace::new)
}

#[test]
fn schema_lists_provider_and_four_resources_with_secrets_sensitive() {
    let Some(ws) = workspace() else { return };
    ws.write_config(ALIBABA);
    let run = ws.run(&["providers", "schema", "-json"]);
    assert_eq!(run.status, 0, "{}", run.combined());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema JSON");
    let provider = &json["provider_schemas"][SOURCE];
    let attrs = &provider["provider"]["block"]["attributes"];
    for secret in ["access_key", "secret_key", "security_token"] {
        assert_eq!(attrs[secret]["sensitive"], true, "{secret} must be sensitive");
    }
    assert_eq!(attrs["cloud"]["required"], true);
    for optional in ["region", "endpoint", "max_retries"] {
        assert_eq!(attrs[optional]["optional"], true, "{optional}");
    }

    let expect: &[(&str, &[&str])] = &[
        (
            "tether_eip_association",
            &["id", "eip_id", "instance_id", "instance_type", "network_interface_id", "private_ip_address", "mode", "instance_region_id", "force", "ip_address", "status"],
        ),
        ("tether_havip_attachment", &["id", "havip_id", "instance_id", "instance_type", "ip_address", "status"]),
        ("tether_ga_backend", &["id", "global_acceleration_instance_id", "backend_server_id", "backend_server_region_id", "backend_server_type", "ip_address", "status"]),
        (
            "tether_ess_attachment",
            &["id", "scaling_group_id", "instance_ids", "load_balancer_weights", "entrusted", "lifecycle_hook", "decrease_desired_capacity", "scaling_activity_id"],
        ),
    ];
    let resources = provider["resource_schemas"].as_object().expect("resources");
    assert_eq!(resources.len(), expect.len());
    for (name, attributes) in expect {
        let block = &resources[*name]["block"];
        let mut got: Vec<&str> = block["attributes"].as_object().expect("attrs").keys().map(String::as_str).collect();
        got.sort();
        let mut want = attributes.to_vec();
        want.sort();
        assert_eq!(got, want, "{name}");
        assert!(block["block_types"]["timeouts"].is_object(), "{name} has a timeouts block");
        assert!(!block["description"].as_str().unwrap_or_default().is_empty());
    }
    let ess = &resources["tether_ess_attachment"]["block"]["attributes"];
    assert_eq!(ess["instance_ids"]["type"], serde_json::json!(["set", "string"]));
    assert_eq!(ess["load_balancer_weights"]["type"], serde_json::json!(["map", "number"]));
    assert_eq!(ess["load_balancer_weights"]["computed"], true);
    let eip = &resources["tether_eip_association"]["block"]["attributes"];
    assert_eq!(eip["ip_address"]["computed"], true);
    assert_eq!(eip["instance_type"]["optional"], true);
    assert_eq!(eip["instance_type"]["computed"], true);
}

const VALID_ALL: &str = r#"
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
resource "tether_eip_association" "ali" {
  provider    = tether.ali
  eip_id      = "eip-1"
  instance_id = "i-1"
}
resource "tether_eip_association" "tc" {
  provider             = tether.tc
  eip_id               = "eip-abc"
  network_interface_id = "eni-1"
  private_ip_address   = "10.0.0.2"
}
resource "tether_havip_attachment" "h" {
  provider    = tether.volc
  havip_id    = "havip-1"
  instance_id = "i-1"
}
resource "tether_ga_backend" "g" {
  provider                        = tether.ali
  global_acceleration_instance_id = "ga-1"
  backend_server_id               = "i-1"
  backend_server_region_id        = "cn-shanghai"
  timeouts {
    create = "10m"
  }
}
resource "tether_ess_attachment" "e" {
  provider              = tether.ali
  scaling_group_id      = "asg-1"
  instance_ids          = ["i-1", "i-2"]
  load_balancer_weights = { "i-1" = 0 }
}
"#;

#[test]
fn validate_and_plan_work_without_credentials() {
    let Some(ws) = workspace() else { return };
    ws.write_config(VALID_ALL);
    let run = ws.run(&["validate", "-no-color"]);
    assert_eq!(run.status, 0, "{}", run.combined());
    assert!(run.stdout.contains("The configuration is valid"), "{}", run.combined());

    // A plan computes IDs and defaults without any API call.
    let run = ws.run(&["plan", "-no-color", "-detailed-exitcode", "-out", "plan.bin"]);
    assert_eq!(run.status, 2, "{}", run.combined());
    assert!(run.stdout.contains("5 to add"), "{}", run.stdout);
    let show = ws.run(&["show", "-json", "plan.bin"]);
    let plan: serde_json::Value = serde_json::from_str(&show.stdout).expect("plan JSON");
    let after = |address: &str| -> serde_json::Value {
        plan["resource_changes"]
            .as_array()
            .and_then(|changes| changes.iter().find(|c| c["address"] == address))
            .map(|c| c["change"]["after"].clone())
            .unwrap_or_else(|| panic!("{address} not in plan"))
    };
    let ali = after("tether_eip_association.ali");
    assert_eq!(ali["id"], "eip-1:i-1");
    assert_eq!(ali["instance_type"], "EcsInstance");
    assert_eq!(ali["force"], false);
    assert!(ali["mode"].is_null());
    let tc = after("tether_eip_association.tc");
    assert_eq!(tc["id"], "eip-abc:eni-1:10.0.0.2");
    assert!(tc["instance_type"].is_null());
    let g = after("tether_ga_backend.g");
    assert_eq!(g["id"], "ga-1:i-1");
    assert_eq!(g["backend_server_type"], "EcsInstance");
    assert_eq!(g["timeouts"]["create"], "10m");
    let h = after("tether_havip_attachment.h");
    assert_eq!(h["id"], "havip-1:i-1");
    assert_eq!(h["instance_type"], "EcsInstance");
    let e = after("tether_ess_attachment.e");
    assert_eq!(e["id"], "asg-1");
    assert_eq!(e["load_balancer_weights"], serde_json::json!({"i-1": 0}));
    assert_eq!(e["decrease_desired_capacity"], true);
    assert_eq!(e["entrusted"], false);
}

#[test]
fn ess_weights_default_to_50_for_every_instance_when_left_out() {
    let Some(ws) = workspace() else { return };
    ws.write_config(&format!("{ALIBABA}\nresource \"tether_ess_attachment\" \"e\" {{\n  scaling_group_id = \"asg-1\"\n  instance_ids     = [\"i-1\", \"i-2\"]\n}}\n"));
    let run = ws.run(&["plan", "-no-color", "-out", "plan.bin"]);
    assert_eq!(run.status, 0, "{}", run.combined());
    let show = ws.run(&["show", "-json", "plan.bin"]);
    let plan: serde_json::Value = serde_json::from_str(&show.stdout).expect("plan JSON");
    assert_eq!(plan["resource_changes"][0]["change"]["after"]["load_balancer_weights"], serde_json::json!({"i-1": 50, "i-2": 50}));
}

#[test]
fn a_required_argument_that_evaluates_to_null_stops_the_plan() {
    let Some(ws) = workspace() else { return };
    ws.write_config(&format!(
        "{ALIBABA}\nvariable \"eip\" {{\n  type    = string\n  default = null\n}}\n\nresource \"tether_eip_association\" \"a\" {{\n  eip_id      = var.eip\n  instance_id = \"i-1\"\n}}\n"
    ));
    let run = ws.run(&["plan", "-no-color"]);
    assert_eq!(run.status, 1, "{}", run.combined());
    let out = run.combined();
    assert!(out.contains("Error: Missing required argument"), "{out}");
    assert!(out.contains("= var.eip") && out.contains("The argument \"eip_id\" is required"), "the error points at the attribute: {out}");
    assert_eq!(out.matches("Missing required argument").count(), 1, "{out}");
}

#[test]
fn plaintext_transport_when_terraform_disables_plugin_tls() {
    let Some(ws) = workspace() else { return };
    let ws = ws.env("TF_DISABLE_PLUGIN_TLS", "1");
    ws.write_config(VALID_ALL);
    let run = ws.run(&["validate", "-no-color"]);
    assert_eq!(run.status, 0, "{}", run.combined());
}

/// One static rule: the configuration, the command that must fail, the code in the summary,
/// and a fragment of the source line Terraform must highlight (the offending attribute).
struct Case {
    name: &'static str,
    provider: &'static str,
    resource: &'static str,
    command: &'static str,
    code: &'static str,
    attribute_line: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "eip instance_type outside the documented values",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id        = \"eip-1\"\n  instance_id   = \"i-1\"\n  instance_type = \"Ecs\"\n}\n",
        command: "validate",
        code: "[InvalidInstanceType.ValueNotSupported]",
        attribute_line: "instance_type",
    },
    Case {
        name: "eip mode outside the documented values",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id        = \"eip-1\"\n  instance_id   = \"eni-1\"\n  instance_type = \"NetworkInterface\"\n  mode          = \"BRIDGE\"\n}\n",
        command: "validate",
        code: "[InvalidParameter]",
        attribute_line: "mode",
    },
    Case {
        name: "eip private_ip_address not IPv4",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id             = \"eip-1\"\n  instance_id        = \"i-1\"\n  private_ip_address = \"10.0.0.300\"\n}\n",
        command: "validate",
        code: "[InvalidParameter]",
        attribute_line: "private_ip_address",
    },
    Case {
        name: "eip mode without a network interface (alibaba)",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-1\"\n  instance_id = \"i-1\"\n  mode        = \"NAT\"\n}\n",
        command: "plan",
        code: "[InvalidParameter]",
        attribute_line: "mode",
    },
    Case {
        name: "eip bound to a bare IP address (alibaba: AssociateEipAddress needs a VpcId the resource does not take)",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id        = \"eip-1\"\n  instance_id   = \"10.0.0.77\"\n  instance_type = \"IpAddress\"\n}\n",
        command: "plan",
        code: "[MissingParameter]",
        attribute_line: "instance_type",
    },
    Case {
        name: "eip instance_id missing (alibaba)",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id = \"eip-1\"\n}\n",
        command: "plan",
        code: "[MissingParameter]",
        attribute_line: "",
    },
    Case {
        name: "eip network_interface_id on alibaba",
        provider: ALIBABA,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id               = \"eip-1\"\n  instance_id          = \"i-1\"\n  network_interface_id = \"eni-1\"\n}\n",
        command: "plan",
        code: "network_interface_id is not allowed with cloud alibaba",
        attribute_line: "network_interface_id",
    },
    Case {
        name: "tencent instance and ENI both",
        provider: TENCENT,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id               = \"eip-1\"\n  instance_id          = \"ins-1\"\n  network_interface_id = \"eni-1\"\n  private_ip_address   = \"10.0.0.2\"\n}\n",
        command: "plan",
        code: "[InvalidParameterConflict]",
        attribute_line: "network_interface_id",
    },
    Case {
        name: "tencent ENI without private IP",
        provider: TENCENT,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id               = \"eip-1\"\n  network_interface_id = \"eni-1\"\n}\n",
        command: "plan",
        code: "[MissingParameter]",
        attribute_line: "",
    },
    Case {
        name: "tencent private IP without an ENI",
        provider: TENCENT,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id             = \"eip-1\"\n  private_ip_address = \"10.0.0.5\"\n}\n",
        command: "plan",
        code: "[MissingParameter]",
        attribute_line: "private_ip_address",
    },
    Case {
        name: "tencent neither instance nor ENI",
        provider: TENCENT,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id = \"eip-1\"\n}\n",
        command: "plan",
        code: "[MissingResourceId]",
        attribute_line: "",
    },
    Case {
        name: "tencent instance_type not allowed",
        provider: TENCENT,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id        = \"eip-1\"\n  instance_id   = \"ins-1\"\n  instance_type = \"EcsInstance\"\n}\n",
        command: "plan",
        code: "instance_type is not allowed with cloud tencent",
        attribute_line: "instance_type",
    },
    Case {
        name: "tencent force not allowed",
        provider: TENCENT,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-1\"\n  instance_id = \"ins-1\"\n  force       = true\n}\n",
        command: "plan",
        code: "force is not allowed with cloud tencent",
        attribute_line: "force",
    },
    Case {
        name: "havip instance_type outside the documented values",
        provider: VOLCENGINE,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id      = \"havip-1\"\n  instance_id   = \"i-1\"\n  instance_type = \"Eni\"\n}\n",
        command: "validate",
        code: "[InvalidInstanceType.Malformed]",
        attribute_line: "instance_type",
    },
    Case {
        name: "ga backend_server_type outside the documented values",
        provider: ALIBABA,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-1\"\n  backend_server_id               = \"i-1\"\n  backend_server_region_id        = \"cn-shanghai\"\n  backend_server_type             = \"Eip\"\n}\n",
        command: "validate",
        code: "[InvalidBackendServerType.NotFound]",
        attribute_line: "backend_server_type",
    },
    Case {
        name: "ga backend region equals provider region",
        provider: ALIBABA,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-1\"\n  backend_server_id               = \"i-1\"\n  backend_server_region_id        = \"cn-hangzhou\"\n}\n",
        command: "plan",
        code: "[InvalidBackendServerRegionId.EqualRegionId]",
        attribute_line: "backend_server_region_id",
    },
    Case {
        name: "ess no instances",
        provider: ALIBABA,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-1\"\n  instance_ids     = []\n}\n",
        command: "validate",
        code: "instance_ids must hold 1 to 20 items",
        attribute_line: "instance_ids",
    },
    Case {
        name: "ess 21 instances",
        provider: ALIBABA,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-1\"\n  instance_ids     = [for i in range(21) : \"i-${i}\"]\n}\n",
        command: "validate",
        code: "instance_ids must hold 1 to 20 items",
        attribute_line: "instance_ids",
    },
    Case {
        name: "ess weight above 100",
        provider: ALIBABA,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id      = \"asg-1\"\n  instance_ids          = [\"i-1\"]\n  load_balancer_weights = { \"i-1\" = 101 }\n}\n",
        command: "validate",
        code: "load_balancer_weights[\"i-1\"] must be a whole number from 0 to 100",
        attribute_line: "load_balancer_weights",
    },
    Case {
        name: "ess weight for an instance not attached",
        provider: ALIBABA,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id      = \"asg-1\"\n  instance_ids          = [\"i-1\"]\n  load_balancer_weights = { \"i-9\" = 10 }\n}\n",
        command: "validate",
        code: "which is not in instance_ids",
        attribute_line: "load_balancer_weights",
    },
    Case {
        name: "resource on a cloud it does not support",
        provider: TENCENT,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-1\"\n  backend_server_id               = \"i-1\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        command: "plan",
        code: "tether_ga_backend does not support cloud \"tencent\"",
        attribute_line: "",
    },
    Case {
        name: "timeouts that are not durations",
        provider: VOLCENGINE,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-1\"\n  instance_id = \"i-1\"\n  timeouts {\n    create = \"5 minutes\"\n  }\n}\n",
        command: "validate",
        code: "timeouts.create is not a duration",
        attribute_line: "create",
    },
    Case {
        name: "provider cloud outside the three",
        provider: "provider \"tether\" {\n  cloud  = \"aws\"\n  region = \"us-east-1\"\n}\n",
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-1\"\n  backend_server_id               = \"i-1\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        command: "validate",
        code: "cloud must be one of alibaba, tencent, volcengine",
        attribute_line: "cloud",
    },
    Case {
        name: "provider without region",
        provider: "provider \"tether\" {\n  cloud = \"tencent\"\n}\n",
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-1\"\n  instance_id = \"ins-1\"\n}\n",
        command: "plan",
        code: "No region for Tencent Cloud",
        attribute_line: "",
    },
];

#[test]
fn every_static_rule_fires_with_its_code_on_its_attribute() {
    let Some(terraform) = terraform_binary() else { return };
    let mut failures = Vec::new();
    for case in CASES {
        let ws = Workspace::new(terraform.clone());
        ws.write_config(&format!("{}\n{}", case.provider, case.resource));
        let args: Vec<&str> = match case.command {
            "validate" => vec!["validate", "-json", "-no-color"],
            _ => vec!["plan", "-json", "-no-color", "-input=false"],
        };
        let (status, diags) = ws.json_diagnostics(&args);
        let hit = diags.iter().find(|d| d.severity == "error" && d.summary.contains(case.code));
        match hit {
            None => failures.push(format!("{}: no error containing {:?} (exit {status}); got {:?}", case.name, case.code, diags)),
            Some(d) if !d.snippet.contains(case.attribute_line) => {
                failures.push(format!("{}: highlighted {:?}, expected the {:?} line", case.name, d.snippet, case.attribute_line))
            }
            Some(_) if status == 0 => failures.push(format!("{}: command succeeded", case.name)),
            Some(_) => {}
        }
    }
    eprintln!("{} static rules checked through terraform", CASES.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn provider_logs_reach_tf_log_and_never_hold_secrets() {
    let Some(ws) = workspace() else { return };
    let log = ws.dir.path().join("tf.log");
    let ws = ws.env("TF_LOG_PROVIDER", "DEBUG").env("TF_LOG_PATH", log.to_str().expect("path"));
    ws.write_config(
        "provider \"tether\" {\n  cloud          = \"alibaba\"\n  region         = \"cn-hangzhou\"\n  access_key     = \"AKID-visible-ok\"\n  secret_key     = \"sk-must-never-appear-1234\"\n  security_token = \"sts-must-never-appear-5678\"\n  endpoint       = \"http://127.0.0.1:1\"\n  max_retries    = 0\n}\nresource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-1\"\n  backend_server_id               = \"i-1\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
    );
    // The live plan-time lookup fails (nothing listens there): the error path must not leak either.
    let run = ws.run(&["plan", "-no-color"]);
    assert_eq!(run.status, 1, "{}", run.combined());
    assert!(run.combined().contains("DescribeGlobalAccelerationInstances failed"), "{}", run.combined());
    let text = std::fs::read_to_string(&log).expect("TF_LOG_PATH written");
    assert!(text.contains("provider configured"), "tether's own log line is in Terraform's log");
    assert!(text.contains("has_credentials=true"), "structured fields survive as key=value pairs");
    assert!(!text.contains("{\"@level\""), "hclog JSON is parsed by Terraform, not logged raw");
    for secret in ["sk-must-never-appear-1234", "sts-must-never-appear-5678"] {
        assert!(!text.contains(secret), "secret leaked into the log");
        assert!(!run.combined().contains(secret), "secret leaked into the output");
    }
}

/// Issue 11/12: a region typo is reported on the `region` line with the closest known
/// regions (from the SDKs' endpoint data) — an error against the real endpoints, a warning
/// when `endpoint` replaces them.
#[test]
fn an_unknown_region_is_reported_on_the_region_line() {
    let Some(ws) = workspace() else { return };
    // The provider is configured only for a plan that uses it.
    let resource = "resource \"tether_eip_association\" \"web\" {\n  eip_id      = \"eip-1\"\n  instance_id = \"i-1\"\n}\n";
    ws.write_config(&format!("provider \"tether\" {{\n  cloud  = \"alibaba\"\n  region = \"cn-hangzou\"\n}}\n{resource}"));
    let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-input=false"]);
    assert_ne!(status, 0, "{diags:?}");
    let diag = diags.iter().find(|d| d.summary.contains("Unknown Alibaba Cloud region `cn-hangzou`")).unwrap_or_else(|| panic!("no region diagnostic in {diags:?}"));
    assert_eq!(diag.severity, "error");
    assert!(diag.snippet.contains("region = \"cn-hangzou\""), "{diag:?}");
    assert!(diag.detail.contains("Did you mean `cn-hangzhou`?"), "{diag:?}");

    ws.write_config(&format!("provider \"tether\" {{\n  cloud    = \"alibaba\"\n  region   = \"cn-hangzou\"\n  endpoint = \"http://127.0.0.1:9\"\n}}\n{resource}"));
    let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-input=false"]);
    assert_eq!(status, 0, "{diags:?}");
    let diag = diags.iter().find(|d| d.summary.contains("Unknown Alibaba Cloud region")).unwrap_or_else(|| panic!("no region warning in {diags:?}"));
    assert_eq!(diag.severity, "warning");
    assert!(diag.snippet.contains("region"), "{diag:?}");
}
