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

#[path = "../support/mod.rs"]
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

mod change;
mod drift;
mod import;
