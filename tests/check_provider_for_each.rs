//! Issue 18: `tether check` checks each resource instance in the account and region of its
//! own provider configuration, on captured plans of both shapes (tests/data/check_provider_for_each):
//!
//! - `terraform/`: Terraform has no provider `for_each`; its equivalent is one aliased block
//!   per region (`provider_config_key` `tether.hz`), with modules inheriting the default
//!   block, being passed an alias, or declaring their own (`module.own:tether`, whose
//!   `var.region` is the module's). `plan.json` is `terraform show -json` output of terraform
//!   1.11.4 (dev_overrides on this provider, no credentials, so no plan-time cloud lookups);
//!   [`terraform_fixture_is_what_terraform_renders`] plans the configuration again.
//! - `opentofu/`: OpenTofu 1.9+ `provider "tether" { alias = "by_region"; for_each = … }`
//!   with resources choosing `tether.by_region[each.key]`. No OpenTofu binary runs here, so
//!   `plan.json` is written by hand as OpenTofu renders it, following (tag v1.9.0, commit
//!   0d57aa4f35998bf2847ac3acb343f9e16b5c2995, the first release with provider for_each,
//!   introduced by commit 389f33fdc5; unchanged in these respects at f831fa1aa4b9):
//!   - internal/command/jsonplan/plan.go: top-level fields (`format_version` "1.2",
//!     `terraform_version`, `variables.*.value`, `planned_values`, `resource_changes`,
//!     `configuration`, `timestamp`, `errored`; `prior_state` omitted for an empty state);
//!   - internal/command/jsonplan/resource.go and values.go: `resource_changes[]` with
//!     `address`, `module_address`, `index`, and `provider_name` set from the provider's
//!     source address only (`rc.ProviderAddr.Provider.String()`): no instance key;
//!   - internal/command/jsonconfig/config.go: `provider_config` entries (`name`,
//!     `full_name`, `alias`, `module_address`, `version_constraint`, `expressions`): there
//!     is no field for a provider's `for_each`; keys come from `opaqueProviderKey` of the
//!     block's `name.alias`, so every instance shares `tether.by_region`; a resource's
//!     `provider_config_key` is built from `ProviderConfigAddr()` (name and alias, the
//!     `[each.key]` dropped), and a provider passed into a module is normalised to the
//!     caller's key; a required provider with no block gets a bare entry (`tether`);
//!   - internal/command/jsonconfig/expression.go: an expression is `constant_value` when it
//!     evaluates without context, else `references` (each reference and its prefixes:
//!     `each.value`); a `for_each` of `toset([...])` (a function call) is neither and is
//!     omitted;
//!   - internal/configs/provider.go: `for_each` is taken out of the provider block's body
//!     (`providerBlockSchema`), so it never reaches `expressions`.
//!
//!   So the instance a resource uses, and the provider's instances, are only in the `.tf`
//!   files: the check reads them under `--source-dir`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tether::check::plan::parse_with_source;

fn data(shape: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/check_provider_for_each").join(shape)
}

/// Per instance address: (provider key, cloud, region), or the unresolved reason.
fn providers(shape: &str, source: Option<&Path>) -> BTreeMap<String, Result<(String, String, String), String>> {
    let text = std::fs::read_to_string(data(shape).join("plan.json")).expect("plan.json");
    let plan = parse_with_source(&text, source).expect("a plan");
    plan.instances
        .iter()
        .map(|i| {
            let p = &i.provider;
            let resolved = match &p.unresolved {
                Some(u) => {
                    assert_eq!(u.resource, i.address);
                    Err(u.reason.clone())
                }
                None => Ok((p.key.clone(), p.cloud.clone().unwrap_or_default(), p.region.clone().unwrap_or_default())),
            };
            (i.address.clone(), resolved)
        })
        .collect()
}

fn resolved(key: &str, region: &str) -> Result<(String, String, String), String> {
    Ok((key.to_owned(), "alibaba".to_owned(), region.to_owned()))
}

/// Runs `tether check ARGS PLAN` without credentials; returns (exit code, stdout).
fn check(plan: &Path, args: &[&str]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tether"));
    cmd.arg("check").args(args).arg(plan).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for key in ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "TETHER_ENDPOINT"] {
        cmd.env_remove(key);
    }
    let out = cmd.output().expect("run tether check");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// (rule, severity, resources) of each finding.
fn findings(report: &Value) -> Vec<(String, String, Vec<String>)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let resources = f["resources"].as_array().expect("resources").iter().filter_map(|r| r.as_str().map(str::to_owned)).collect();
            (f["rule"].as_str().unwrap_or_default().to_owned(), f["severity"].as_str().unwrap_or_default().to_owned(), resources)
        })
        .collect()
}

/// The scopes live state was wanted for: those of the plan's GA backends.
fn live_scopes(report: &Value) -> Vec<String> {
    let mut scopes: Vec<String> = report["live_state"]["not_used"].as_array().expect("not_used").iter().filter_map(|n| n["scope"].as_str().map(str::to_owned)).collect();
    scopes.extend(report["live_state"]["used"].as_array().expect("used").iter().filter_map(|s| s.as_str().map(str::to_owned)));
    scopes.sort();
    scopes
}

#[test]
fn terraform_aliases_and_module_providers_resolve_per_instance() {
    let dir = data("terraform");
    let want: BTreeMap<String, Result<(String, String, String), String>> = [
        ("tether_eip_association.hz", resolved("tether.hz", "cn-hangzhou")),
        ("tether_eip_association.sh", resolved("tether.sh", "cn-shanghai")),
        ("tether_ga_backend.hz", resolved("tether.hz", "cn-hangzhou")),
        ("tether_ga_backend.sh", resolved("tether.sh", "cn-shanghai")),
        ("module.inherit.tether_ga_backend.this", resolved("tether", "cn-beijing")),
        ("module.passed.tether_ga_backend.this", resolved("tether.hz", "cn-hangzhou")),
        // The module's own block: its var.region is the module call's "cn-shanghai", not the
        // root variable of the same name ("cn-beijing").
        ("module.own.tether_eip_association.x", resolved("module.own:tether", "cn-shanghai")),
        ("module.own.tether_ga_backend.x", resolved("module.own:tether", "cn-shanghai")),
    ]
    .into_iter()
    .map(|(a, r)| (a.to_owned(), r))
    .collect();
    // Terraform's shape needs no source: the plan JSON holds every value.
    assert_eq!(providers("terraform", None), want);
    assert_eq!(providers("terraform", Some(&dir)), want);

    let (code, out) = check(&dir.join("plan.json"), &["--format", "json", "--source-dir", dir.to_str().expect("path")]);
    assert_eq!(code, 1, "{out}");
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    assert_eq!(
        findings(&report),
        vec![("eip-bound-twice".to_owned(), "violation".to_owned(), vec!["tether_eip_association.sh".to_owned(), "module.own.tether_eip_association.x".to_owned()])],
        "{out}"
    );
    assert!(report["findings"][0]["message"].as_str().is_some_and(|m| m.contains("(alibaba/cn-shanghai)")), "{out}");
    assert_eq!(live_scopes(&report), ["alibaba/cn-beijing", "alibaba/cn-hangzhou", "alibaba/cn-shanghai"], "{out}");
}

#[test]
fn opentofu_provider_for_each_resolves_per_instance() {
    let dir = data("opentofu");
    let got = providers("opentofu", Some(&dir));
    let by_region = |k: &str| format!("tether.by_region[{k:?}]");
    let want = [
        ("tether_eip_association.literal", resolved(&by_region("sh"), "cn-shanghai")),
        ("tether_eip_association.keyed[\"hz\"]", resolved(&by_region("hz"), "cn-hangzhou")),
        ("tether_eip_association.keyed[\"sh\"]", resolved(&by_region("sh"), "cn-shanghai")),
        ("tether_ga_backend.edge[\"hz\"]", resolved(&by_region("hz"), "cn-hangzhou")),
        ("tether_ga_backend.edge[\"sh\"]", resolved(&by_region("sh"), "cn-shanghai")),
        ("tether_ga_backend.by_value[\"first\"]", resolved(&by_region("sh"), "cn-shanghai")),
        ("module.edge[\"hz\"].tether_ga_backend.this", resolved(&by_region("hz"), "cn-hangzhou")),
        ("module.edge[\"sh\"].tether_ga_backend.this", resolved(&by_region("sh"), "cn-shanghai")),
    ];
    for (address, expected) in &want {
        assert_eq!(got.get(*address), Some(expected), "{address}: {got:#?}");
    }
    match got.get("tether_eip_association.mystery") {
        Some(Err(reason)) => assert!(reason.contains("coalesce"), "{reason}"),
        other => panic!("mystery: {other:?}"),
    }
    assert_eq!(got.len(), want.len() + 1);

    // Without the source nothing of the for_each provider can be told, and each instance
    // says so.
    for (address, r) in providers("opentofu", None) {
        match r {
            Err(reason) => assert!(reason.contains("records neither that for_each nor which instance"), "{address}: {reason}"),
            Ok(p) => panic!("{address} resolved to {p:?} without the source"),
        }
    }
}

#[test]
fn opentofu_plan_checks_each_instance_in_its_region() {
    let dir = data("opentofu");
    let (code, out) = check(&dir.join("plan.json"), &["--format", "json", "--source-dir", dir.to_str().expect("path")]);
    assert_eq!(code, 1, "{out}");
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    // eip-dup01 is bound twice in cn-shanghai (not also in cn-hangzhou, nor by the
    // unresolved one); ga-edge01 has one backend in each region (no ga-two-backends).
    assert_eq!(
        findings(&report),
        vec![
            ("eip-bound-twice".to_owned(), "violation".to_owned(), vec!["tether_eip_association.keyed[\"sh\"]".to_owned(), "tether_eip_association.literal".to_owned()]),
            ("provider-unresolved".to_owned(), "warning".to_owned(), vec!["tether_eip_association.mystery".to_owned()]),
        ],
        "{out}"
    );
    assert!(report["findings"][0]["message"].as_str().is_some_and(|m| m.contains("(alibaba/cn-shanghai)")), "{out}");
    assert_eq!(report["findings"][1]["code"], "ProviderConfigurationUnresolved");
    assert!(report["findings"][1]["message"].as_str().is_some_and(|m| m.contains("tether_eip_association.mystery") && m.contains("coalesce")), "{out}");
    assert_eq!(live_scopes(&report), ["alibaba/cn-hangzhou", "alibaba/cn-shanghai"], "{out}");

    // The other formats carry the diagnostic too.
    let (_, junit) = check(&dir.join("plan.json"), &["--format", "junit", "--source-dir", dir.to_str().expect("path")]);
    assert!(junit.contains("tether.check.provider-unresolved") && junit.contains("tether_eip_association.mystery"), "{junit}");
    let (_, sarif) = check(&dir.join("plan.json"), &["--format", "sarif", "--source-dir", dir.to_str().expect("path")]);
    assert!(sarif.contains("\"ruleId\": \"provider-unresolved\""), "{sarif}");
}

#[test]
fn opentofu_plan_without_its_source_warns_for_every_instance() {
    let dir = data("opentofu");
    let empty = tempfile::tempdir().expect("tempdir");
    let (code, out) = check(&dir.join("plan.json"), &["--format", "json", "--no-live", "--source-dir", empty.path().to_str().expect("path")]);
    assert_eq!(code, 0, "no violation is claimed: {out}");
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    let got = findings(&report);
    assert_eq!(got.len(), 9, "{out}");
    for (rule, severity, resources) in &got {
        assert_eq!((rule.as_str(), severity.as_str(), resources.len()), ("provider-unresolved", "warning", 1), "{out}");
    }
    assert!(out.contains("is --source-dir where the plan was made?"), "{out}");
}

#[test]
fn opentofu_source_that_does_not_match_the_plan_is_not_used() {
    let dir = data("opentofu");
    let main = std::fs::read_to_string(dir.join("main.tf")).expect("main.tf");
    for (what, edited) in [
        ("no for_each", main.replace("  for_each = var.regions\n  cloud    = \"alibaba\"", "  cloud    = \"alibaba\"")),
        ("another region expression", main.replace("  region   = each.value\n", "  region   = var.fallback\n")),
    ] {
        assert_ne!(edited, main, "{what}: the edit applies");
        let copy = tempfile::tempdir().expect("tempdir");
        std::fs::write(copy.path().join("main.tf"), &edited).expect("main.tf");
        std::fs::create_dir(copy.path().join("edge")).expect("edge");
        std::fs::copy(dir.join("edge/main.tf"), copy.path().join("edge/main.tf")).expect("edge/main.tf");
        for (address, r) in providers("opentofu", Some(copy.path())) {
            match r {
                Err(reason) => assert!(reason.contains("does not match the plan") || address.contains("mystery"), "{what}: {address}: {reason}"),
                Ok(p) => panic!("{what}: {address} resolved to {p:?} from a source that does not match the plan"),
            }
        }
    }
}

/// The captured Terraform plan is what terraform renders for the configuration now: its
/// `configuration` and `variables` (where provider keys and expressions are) are the same.
#[test]
fn terraform_fixture_is_what_terraform_renders() {
    let Some(terraform) = support::terraform::terraform_binary() else { return };
    let dir = data("terraform");
    let ws = support::terraform::Workspace::new(terraform);
    for file in ["main.tf", "modules/inherit/main.tf", "modules/own/main.tf"] {
        let target = ws.dir.path().join(file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("dir");
        std::fs::copy(dir.join(file), target).expect("copy");
    }
    let get = ws.run(&["get", "-no-color"]);
    assert_eq!(get.status, 0, "{}", get.combined());
    let plan = ws.run(&["plan", "-out=plan.bin", "-no-color", "-input=false"]);
    assert_eq!(plan.status, 0, "{}", plan.combined());
    let show = ws.run(&["show", "-json", "plan.bin"]);
    assert_eq!(show.status, 0, "{}", show.combined());
    let fresh: Value = serde_json::from_str(&show.stdout).expect("plan JSON");
    let captured: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).expect("plan.json")).expect("captured JSON");
    assert_eq!(fresh["configuration"], captured["configuration"]);
    assert_eq!(fresh["variables"], captured["variables"]);
}
