//! Issue 5 through the real `terraform` binary against a fresh emulator per test: the full
//! lifecycle of each of the five seed systems, import, drift, live plan-time rules, ESS
//! in-place updates, throttling and interruption.

mod support;

use serde_json::{json, Value};
use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Run, Workspace};

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

fn ok(run: &Run, what: &str) {
    assert_eq!(run.status, 0, "{what} failed:\n{}", run.combined());
}

/// An object of the emulator's inventory.
fn object<'s>(state: &'s Value, cloud: &str, region: &str, collection: &str, id: &str) -> &'s Value {
    state["inventory"][cloud]["regions"][region][collection]
        .as_array()
        .and_then(|items| items.iter().find(|o| o["id"] == id))
        .unwrap_or_else(|| panic!("{cloud}/{region} {collection} {id} not in the emulator state"))
}

/// One seed system: what to declare, how to import it, how to break it out of band, and
/// how to see it in the emulator.
struct System {
    cloud: &'static str,
    region: &'static str,
    address: &'static str,
    resource: &'static str,
    import_id: &'static str,
    unbind: fn() -> Value,
    bound: fn(&Value) -> bool,
}

fn lifecycle(system: &System) {
    let emulator = Emulator::start(&["--delay-ms", "100"]);
    let Some(ws) = workspace(&emulator) else { return };
    let config = format!("{}\n{}", provider(system.cloud, system.region), system.resource);
    ws.write_config(&config);

    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply");
    assert!((system.bound)(&emulator.state()), "the emulator shows the association after apply");
    let plan = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 0, "plan right after apply must be empty:\n{}", plan.combined());

    // Import into an empty state with the CLI: the plan afterwards has no changes.
    let Some(imported) = workspace(&emulator) else { return };
    imported.write_config(&config);
    ok(&imported.run(&["import", "-no-color", system.address, system.import_id]), "terraform import");
    let plan = imported.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 0, "plan after import must be empty:\n{}", plan.combined());

    // And with an import {} block.
    let Some(block) = workspace(&emulator) else { return };
    block.write_config(&format!("{config}\nimport {{\n  to = {}\n  id = \"{}\"\n}}\n", system.address, system.import_id));
    let apply = block.run(&["apply", "-auto-approve", "-no-color"]);
    ok(&apply, "apply with an import block");
    assert!(apply.stdout.contains("1 imported, 0 added, 0 changed, 0 destroyed"), "{}", apply.stdout);
    let plan = block.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 0, "plan after the import block must be empty:\n{}", plan.combined());

    // Out-of-band unbind: the next plan makes it again in place, saying so; it does not fail.
    emulator.mutate((system.unbind)());
    assert!(!(system.bound)(&emulator.state()));
    let plan = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 2, "drift must show as a change:\n{}", plan.combined());
    assert!(plan.stdout.contains("will be updated in-place"), "{}", plan.stdout);
    assert!(plan.combined().contains("changed outside Terraform"), "{}", plan.combined());
    assert!(!plan.combined().contains("Error"), "{}", plan.combined());
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply after drift");
    assert!((system.bound)(&emulator.state()));

    ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy");
    assert!(!(system.bound)(&emulator.state()), "nothing of ours is left in the emulator");
    // The other workspaces still record the object; refreshing them finds it gone, and their
    // plans make it again.
    let plan = imported.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 2, "{}", plan.combined());
    assert!(plan.stdout.contains("will be updated in-place"), "{}", plan.stdout);
}

#[test]
fn alibaba_eip_association_lifecycle() {
    lifecycle(&System {
        cloud: "alibaba",
        region: "cn-hangzhou",
        address: "tether_eip_association.this",
        resource: "resource \"tether_eip_association\" \"this\" {\n  eip_id      = \"eip-hzfree001\"\n  instance_id = \"i-hzapp001\"\n}\n",
        import_id: "eip-hzfree001:i-hzapp001",
        unbind: || json!({"op": "unbind_eip", "cloud": "alibaba", "id": "eip-hzfree001"}),
        bound: |s| {
            let eip = object(s, "alibaba", "cn-hangzhou", "eips", "eip-hzfree001");
            eip["binding"]["instance_id"] == "i-hzapp001"
        },
    });
}

#[test]
fn tencent_eip_association_lifecycle() {
    lifecycle(&System {
        cloud: "tencent",
        region: "ap-guangzhou",
        address: "tether_eip_association.this",
        resource: "resource \"tether_eip_association\" \"this\" {\n  eip_id               = \"eip-free0002\"\n  network_interface_id = \"eni-second01\"\n  private_ip_address   = \"172.16.1.202\"\n}\n",
        import_id: "eip-free0002:eni-second01:172.16.1.202",
        unbind: || json!({"op": "unbind_eip", "cloud": "tencent", "id": "eip-free0002"}),
        bound: |s| {
            let eip = object(s, "tencent", "ap-guangzhou", "eips", "eip-free0002");
            eip["binding"]["network_interface_id"] == "eni-second01"
        },
    });
}

#[test]
fn volcengine_havip_attachment_lifecycle() {
    lifecycle(&System {
        cloud: "volcengine",
        region: "cn-beijing",
        address: "tether_havip_attachment.this",
        resource: "resource \"tether_havip_attachment\" \"this\" {\n  havip_id    = \"havip-bjdemo002\"\n  instance_id = \"i-bjapp002\"\n}\n",
        import_id: "havip-bjdemo002:i-bjapp002",
        unbind: || json!({"op": "remove_havip_member", "havip_id": "havip-bjdemo002", "instance_id": "i-bjapp002"}),
        bound: |s| {
            let havip = object(s, "volcengine", "cn-beijing", "havips", "havip-bjdemo002");
            havip["members"].as_array().is_some_and(|m| m.iter().any(|x| x == "i-bjapp002" || x["instance_id"] == "i-bjapp002"))
        },
    });
}

#[test]
fn alibaba_ga_backend_lifecycle() {
    lifecycle(&System {
        cloud: "alibaba",
        region: "cn-hangzhou",
        address: "tether_ga_backend.this",
        resource: "resource \"tether_ga_backend\" \"this\" {\n  global_acceleration_instance_id = \"ga-hzexcl02\"\n  backend_server_id               = \"i-shapp002\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        import_id: "ga-hzexcl02:i-shapp002",
        unbind: || json!({"op": "unbind_ga", "id": "ga-hzexcl02"}),
        bound: |s| {
            let ga = object(s, "alibaba", "cn-hangzhou", "ga_instances", "ga-hzexcl02");
            ga["backend"]["server_id"] == "i-shapp002" || ga["backend"]["id"] == "i-shapp002"
        },
    });
}

#[test]
fn alibaba_ess_attachment_lifecycle() {
    lifecycle(&System {
        cloud: "alibaba",
        region: "cn-hangzhou",
        address: "tether_ess_attachment.this",
        resource: "resource \"tether_ess_attachment\" \"this\" {\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzapp020\", \"i-hzapp021\"]\n}\n",
        import_id: "asg-hzbig",
        unbind: || {
            json!([
                {"op": "detach_scaling_instance", "group_id": "asg-hzbig", "instance_id": "i-hzapp020"},
                {"op": "detach_scaling_instance", "group_id": "asg-hzbig", "instance_id": "i-hzapp021"}
            ])
        },
        bound: |s| {
            let group = object(s, "alibaba", "cn-hangzhou", "scaling_groups", "asg-hzbig");
            let members: Vec<&str> = group["members"].as_array().map(|m| m.iter().filter_map(|x| x["instance_id"].as_str()).collect()).unwrap_or_default();
            members.contains(&"i-hzapp020") && members.contains(&"i-hzapp021")
        },
    });
}
