//! Issue 16: `terraform test` with the emulator. The example module `examples/tests/` is
//! installed from a filesystem mirror (as `tether install` sets it up) and its suite runs
//! through the real `terraform test` against a fresh emulator on the built-in fixtures:
//! every run passes (plan-time rules by `expect_failures`, apply results by `assert`), the
//! applies reached the emulator, and the teardown left its inventory as it was. The runs
//! under `refusals/` are ones tether stops at plan time: each fails with the code its file
//! names, and nothing is written.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::terraform_binary;

fn example_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tests"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("list example") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        if name_text.starts_with(".terraform") || name_text.ends_with(".tfstate") {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            std::fs::copy(&path, to.join(&name)).expect("copy");
        }
    }
}

/// The example module in a scratch directory, initialised from a filesystem mirror holding
/// the freshly built provider; commands get the emulator's endpoint and credentials.
struct Example {
    _scratch: tempfile::TempDir,
    dir: std::path::PathBuf,
    cli_config: std::path::PathBuf,
    home: std::path::PathBuf,
    terraform: std::path::PathBuf,
    endpoint: String,
}

impl Example {
    fn new(terraform: std::path::PathBuf, emulator: &Emulator) -> Example {
        let scratch = tempfile::tempdir().expect("tempdir");
        let installed = tether::install::install(Path::new(env!("CARGO_BIN_EXE_terraform-provider-tether")), Some(&scratch.path().join("plugins"))).expect("tether install");
        let cli_config = scratch.path().join("cli.tfrc");
        std::fs::write(&cli_config, &installed.cli_config).expect("cli config");
        let dir = scratch.path().join("module");
        copy_dir(example_dir(), &dir);
        let example = Example { home: scratch.path().to_owned(), _scratch: scratch, dir, cli_config, terraform, endpoint: emulator.url.clone() };
        let init = example.run(&["init", "-input=false", "-no-color"]);
        assert!(init.0, "terraform init of examples/tests failed:\n{}", init.1);
        example
    }

    /// Runs terraform; (success, stdout + stderr).
    fn run(&self, args: &[&str]) -> (bool, String) {
        let mut cmd = Command::new(&self.terraform);
        cmd.args(args)
            .current_dir(&self.dir)
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("HOME", &self.home)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("TETHER_ENDPOINT", &self.endpoint)
            .env_remove("TF_LOG")
            .env_remove("TF_DATA_DIR")
            .env_remove("TF_PLUGIN_CACHE_DIR");
        for key in ["ALIBABA_CLOUD_ACCESS_KEY_ID", "TENCENTCLOUD_SECRET_ID", "VOLCENGINE_ACCESS_KEY"] {
            cmd.env(key, ACCESS_KEY);
        }
        for key in ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "TENCENTCLOUD_SECRET_KEY", "VOLCENGINE_SECRET_KEY"] {
            cmd.env(key, SECRET_KEY);
        }
        let out = cmd.output().expect("run terraform");
        (out.status.success(), format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

/// Run names declared in the `.tftest.hcl` files of `dir`, by file (relative path).
fn declared_runs(dir: &Path, prefix: &str) -> BTreeMap<(String, String), ()> {
    let mut runs = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("list tests") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".tftest.hcl") {
            continue;
        }
        let file = format!("{prefix}/{}", path.file_name().expect("name").to_string_lossy());
        for line in std::fs::read_to_string(&path).expect("read").lines() {
            if let Some(name) = line.strip_prefix("run \"").and_then(|r| r.split('"').next()) {
                runs.insert((file.clone(), name.to_owned()), ());
            }
        }
    }
    runs
}

/// `terraform test -json` output: each finished run's status by (file, run), and the
/// diagnostics' summaries by (file, run).
type RunResults = (BTreeMap<(String, String), String>, BTreeMap<(String, String), Vec<String>>);

fn results(json_lines: &str) -> RunResults {
    let mut status = BTreeMap::new();
    let mut diagnostics: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for line in json_lines.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        let key = (message["@testfile"].as_str().unwrap_or_default().to_owned(), message["@testrun"].as_str().unwrap_or_default().to_owned());
        match message["type"].as_str() {
            Some("test_run") if message["test_run"]["progress"] == "complete" => {
                status.insert(key, message["test_run"]["status"].as_str().unwrap_or_default().to_owned());
            }
            Some("diagnostic") => diagnostics.entry(key).or_default().push(message["diagnostic"]["summary"].as_str().unwrap_or_default().to_owned()),
            _ => {}
        }
    }
    (status, diagnostics)
}

/// The emulator's inventory without the histories that grow with every write.
fn inventory(emulator: &Emulator) -> Value {
    let mut inventory = emulator.state()["inventory"].clone();
    for cloud in inventory.as_object_mut().into_iter().flat_map(|c| c.values_mut()) {
        if let Some(lists) = cloud.as_object_mut() {
            lists.remove("scaling_activities");
            lists.remove("tasks");
        }
    }
    inventory
}

fn write_calls(emulator: &Emulator) -> Vec<String> {
    emulator.calls()["calls"]
        .as_array()
        .map(|calls| calls.iter().filter_map(|c| c["action"].as_str()).filter(|a| !a.starts_with("Describe")).map(str::to_owned).collect())
        .unwrap_or_default()
}

#[test]
fn the_example_suite_passes_against_the_emulator() {
    let Some(terraform) = terraform_binary() else { return };
    let emulator = Emulator::start(&["--delay-ms", "50"]);
    let example = Example::new(terraform, &emulator);
    let before = inventory(&emulator);

    let (ok, output) = example.run(&["test", "-no-color", "-json"]);
    let (status, diagnostics) = results(&output);
    let declared = declared_runs(&example.dir.join("tests"), "tests");
    assert!(declared.len() >= 8, "the suite declares its runs: {declared:?}");
    for key in declared.keys() {
        assert_eq!(status.get(key).map(String::as_str), Some("pass"), "run {key:?} did not pass: {:?}\n{output}", diagnostics.get(key));
    }
    assert!(ok, "terraform test failed:\n{output}");
    assert!(output.contains(&format!("\"passed\":{},\"failed\":0", declared.len())), "{output}");

    // The apply runs really wrote to the emulator, and the teardown undid all of it.
    let writes = write_calls(&emulator);
    for action in ["AssociateEipAddress", "UnassociateEipAddress", "AssociateGlobalAccelerationInstance", "AssociateAddress", "DisassociateAddress"] {
        assert!(writes.iter().any(|w| w == action), "no {action} reached the emulator: {writes:?}");
    }
    assert_eq!(inventory(&emulator), before, "terraform test's teardown left the emulator as the fixtures had it");
}

#[test]
fn runs_tether_refuses_at_plan_time_fail_with_their_codes_and_write_nothing() {
    let Some(terraform) = terraform_binary() else { return };
    let emulator = Emulator::start(&["--delay-ms", "50"]);
    let example = Example::new(terraform, &emulator);
    emulator.clear_calls();

    let (ok, output) = example.run(&["test", "-no-color", "-json", "-test-directory=refusals"]);
    assert!(!ok, "the refusals must fail:\n{output}");
    let (status, diagnostics) = results(&output);
    let refusals = example.dir.join("refusals");
    let mut checked = 0;
    for entry in std::fs::read_dir(&refusals).expect("list refusals") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".tftest.hcl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let code = text.split("Expected error: [").nth(1).and_then(|r| r.split(']').next()).unwrap_or_else(|| panic!("{} names its expected code", path.display()));
        let file = format!("refusals/{}", path.file_name().expect("name").to_string_lossy());
        let runs: Vec<String> = declared_runs(&refusals, "refusals").into_keys().filter(|(f, _)| *f == file).map(|(_, r)| r).collect();
        assert_eq!(runs.len(), 1, "one run a file in {file}");
        let key = (file.clone(), runs[0].clone());
        // Terraform counts a provider's error as an errored run (an assertion would "fail").
        assert_eq!(status.get(&key).map(String::as_str), Some("error"), "{key:?}\n{output}");
        let summaries = diagnostics.get(&key).cloned().unwrap_or_default();
        assert!(summaries.iter().any(|s| s.starts_with(&format!("[{code}] "))), "{key:?} should fail with [{code}]: {summaries:?}");
        checked += 1;
    }
    assert!(checked >= 4, "{checked} refusals checked");
    assert_eq!(write_calls(&emulator), Vec::<String>::new(), "a refused plan writes nothing");
}
