//! Issue 5 through `terraform` against the emulator: every live plan-time rule stops the plan
//! with its code and no write call; ESS multi-attachment in-place updates and Warning
//! activities; throttled and failing APIs; an interrupted apply that converges.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::terraform::{terraform_binary, Run, Workspace};

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

fn write_calls(emulator: &Emulator) -> Vec<String> {
    emulator.calls()["calls"]
        .as_array()
        .map(|calls| calls.iter().filter_map(|c| c["action"].as_str()).filter(|a| !a.starts_with("Describe")).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn members(state: &Value, group: &str) -> Vec<(String, i64)> {
    state["inventory"]["alibaba"]["regions"]["cn-hangzhou"]["scaling_groups"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["id"] == group))
        .and_then(|g| g["members"].as_array())
        .map(|m| m.iter().map(|m| (m["instance_id"].as_str().unwrap_or_default().to_owned(), m["load_balancer_weight"].as_i64().unwrap_or(-1))).collect())
        .unwrap_or_default()
}

/// A live rule: optional setup (applied first, or emulator mutations), the resource that
/// breaks the rule, the code, and the attribute Terraform must highlight.
struct Live {
    name: &'static str,
    cloud: &'static str,
    region: &'static str,
    setup: &'static str,
    mutate: Option<fn() -> Value>,
    resource: &'static str,
    code: &'static str,
    attribute: &'static str,
}

const LIVE: &[Live] = &[
    Live { name: "alibaba EIP missing", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-nothere\"\n  instance_id = \"i-hzapp005\"\n}\n",
        code: "[InvalidAllocationId.NotFound]", attribute: "eip_id" },
    Live { name: "alibaba EIP in use", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzinuse\"\n  instance_id = \"i-hzapp005\"\n}\n",
        code: "[IncorrectEipStatus]", attribute: "eip_id" },
    Live { name: "alibaba EIP in arrears", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzarrears\"\n  instance_id = \"i-hzapp005\"\n}\n",
        code: "[IncorrectEipStatus]", attribute: "eip_id" },
    Live { name: "alibaba instance holds an EIP", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree005\"\n  instance_id = \"i-hzbound\"\n}\n",
        code: "[InvalidAssociation.Duplicated]", attribute: "instance_id" },
    Live { name: "alibaba instance in another region for an EIP in no shared GA", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id             = \"eip-hzfree005\"\n  instance_id        = \"i-shapp008\"\n  instance_region_id = \"cn-shanghai\"\n}\n",
        code: "[InvalidParameter.Mismatch]", attribute: "instance_region_id" },
    Live { name: "tencent EIP missing", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-nothere\"\n  instance_id = \"ins-app00005\"\n}\n",
        code: "[InvalidAddressId.NotFound]", attribute: "eip_id" },
    Live { name: "tencent EIP blocked", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-blocked1\"\n  instance_id = \"ins-app00005\"\n}\n",
        code: "[InvalidAddressId.Blocked]", attribute: "eip_id" },
    Live { name: "tencent EIP in arrears", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-arrears1\"\n  instance_id = \"ins-app00005\"\n}\n",
        code: "[OperationDenied.AddressInArrears]", attribute: "eip_id" },
    Live { name: "tencent EIP bound", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-bound001\"\n  instance_id = \"ins-app00005\"\n}\n",
        code: "[UnsupportedOperation.AddressStatusNotPermit]", attribute: "eip_id" },
    Live { name: "tencent private IP beside an instance is not its primary IP", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id             = \"eip-free0005\"\n  instance_id        = \"ins-app00005\"\n  private_ip_address = \"172.16.1.99\"\n}\n",
        code: "[InvalidParameterConflict]", attribute: "private_ip_address" },
    Live { name: "tencent instance holds an EIP", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-free0005\"\n  instance_id = \"ins-bound001\"\n}\n",
        code: "[InvalidInstanceId.AlreadyBindEip]", attribute: "instance_id" },
    Live { name: "tencent ENI private IP holds an EIP", cloud: "tencent", region: "ap-guangzhou",
        setup: "resource \"tether_eip_association\" \"first\" {\n  eip_id               = \"eip-free0006\"\n  network_interface_id = \"eni-second02\"\n  private_ip_address   = \"172.16.1.203\"\n}\n",
        mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id               = \"eip-free0007\"\n  network_interface_id = \"eni-second02\"\n  private_ip_address   = \"172.16.1.203\"\n}\n",
        code: "[InvalidPrivateIpAddress.AlreadyBindEip]", attribute: "private_ip_address" },
    Live { name: "HaVip missing", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-nothere\"\n  instance_id = \"i-bjapp005\"\n}\n",
        code: "[InvalidHaVip.NotFound]", attribute: "havip_id" },
    Live { name: "HaVip in a status that refuses members", cloud: "volcengine", region: "cn-beijing", setup: "",
        mutate: Some(|| json!({"op": "set_havip", "id": "havip-bjdemo005", "status": "Deleting"})),
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjdemo005\"\n  instance_id = \"i-bjapp005\"\n}\n",
        code: "[InvalidHaVip.InvalidStatus]", attribute: "havip_id" },
    Live { name: "HaVip with 10 members", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjfull\"\n  instance_id = \"i-bjapp005\"\n}\n",
        code: "[LimitExceeded.InstancesPerHaVip]", attribute: "havip_id" },
    Live { name: "HaVip mixing ECS and ENI members", cloud: "volcengine", region: "cn-beijing",
        setup: "resource \"tether_havip_attachment\" \"first\" {\n  havip_id    = \"havip-bjdemo006\"\n  instance_id = \"i-bjapp010\"\n}\n",
        mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id      = \"havip-bjdemo006\"\n  instance_id   = \"eni-bjsec003\"\n  instance_type = \"NetworkInterface\"\n}\n",
        code: "[Forbidden]", attribute: "instance_type" },
    Live { name: "GA instance missing", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-nothere\"\n  backend_server_id               = \"i-shapp005\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        code: "[InvalidGlobalAccelerationInstanceId.NotFound]", attribute: "global_acceleration_instance_id" },
    Live { name: "GA instance not exclusive", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-hzsharing\"\n  backend_server_id               = \"i-shapp005\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        code: "[IncorrectGlobalAccelerationInstanceIdStatus]", attribute: "global_acceleration_instance_id" },
    Live { name: "GA instance has another backend", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-hzbusy\"\n  backend_server_id               = \"i-shapp005\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        code: "[InvalidAssociation.Duplicated]", attribute: "global_acceleration_instance_id" },
    Live { name: "GA backend outside the service area", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-hzexcl03\"\n  backend_server_id               = \"i-usapp001\"\n  backend_server_region_id        = \"us-west-1\"\n}\n",
        code: "[InvalidParameter]", attribute: "backend_server_region_id" },
    Live { name: "scaling group missing", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-nothere\"\n  instance_ids     = [\"i-hzapp050\"]\n}\n",
        code: "[InvalidScalingGroupId.NotFound]", attribute: "scaling_group_id" },
    Live { name: "scaling group inactive", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzinactive\"\n  instance_ids     = [\"i-hzapp050\"]\n}\n",
        code: "[IncorrectScalingGroupStatus]", attribute: "scaling_group_id" },
    Live { name: "scaling group MaxSize", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hznearlyfull\"\n  instance_ids     = [\"i-hzapp050\", \"i-hzapp051\"]\n}\n",
        code: "[IncorrectCapacity.MaxSize]", attribute: "instance_ids" },
    Live { name: "instance in another scaling group", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzasg001\"]\n}\n",
        code: "[InvalidInstanceId.InUse]", attribute: "instance_ids" },    Live { name: "alibaba instance missing", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"i-nothere\"\n}\n",
        code: "[InvalidInstanId.NotFound]", attribute: "instance_id" },
    Live { name: "alibaba classic instance", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"i-hzclassic\"\n}\n",
        code: "[OperationDenied]", attribute: "instance_id" },
    Live { name: "alibaba instance in the default VPC", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"i-hzdefaultvpc\"\n}\n",
        code: "[OperationDenied]", attribute: "instance_id" },
    Live { name: "alibaba stopped instance", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"i-hzstopped\"\n}\n",
        code: "[IncorrectInstanceStatus]", attribute: "instance_id" },
    Live { name: "alibaba instance with a public IP", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"i-hzpublicip\"\n}\n",
        code: "[BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP]", attribute: "instance_id" },
    Live { name: "alibaba private IP not on the instance", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"i-hzapp010\"\n  private_ip_address = \"10.9.9.9\"\n}\n",
        code: "[InvalidParameter]", attribute: "private_ip_address" },
    Live { name: "alibaba classic load balancer", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"lb-hzclassic\"\n  instance_type = \"SlbInstance\"\n}\n",
        code: "[OperationDenied]", attribute: "instance_id" },
    Live { name: "alibaba mode on a primary network interface", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree010\"\n  instance_id = \"eni-hzprimary001\"\n  instance_type = \"NetworkInterface\"\n  mode = \"BINDED\"\n}\n",
        code: "[InvalidBindingStatus]", attribute: "mode" },
    Live { name: "tencent instance missing", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-free0010\"\n  instance_id = \"ins-nothere\"\n}\n",
        code: "[InvalidInstanceId.NotFound]", attribute: "instance_id" },
    Live { name: "tencent instance shut down", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-free0010\"\n  instance_id = \"ins-shutdown\"\n}\n",
        code: "[InvalidInstance.NotSupported]", attribute: "instance_id" },
    Live { name: "tencent private IP not on the ENI", cloud: "tencent", region: "ap-guangzhou", setup: "", mutate: None,
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id               = \"eip-free0010\"\n  network_interface_id = \"eni-second02\"\n  private_ip_address   = \"172.16.9.9\"\n}\n",
        code: "[InvalidNetworkInterfaceId.NotFound]", attribute: "private_ip_address" },
    Live { name: "HaVip member missing", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = \"i-nothere\"\n}\n",
        code: "[InvalidInstance.NotFound]", attribute: "instance_id" },
    Live { name: "HaVip member stopped", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = \"i-bjstopped\"\n}\n",
        code: "[InvalidInstance.InvalidStatus]", attribute: "instance_id" },
    Live { name: "HaVip member in another subnet", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = \"i-bjsubnetb\"\n}\n",
        code: "[InvalidInstance.HaVipMismatch]", attribute: "instance_id" },
    Live { name: "HaVip service-managed ENI", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = \"eni-bjmanaged\"\n  instance_type = \"NetworkInterface\"\n}\n",
        code: "[Forbidden]", attribute: "instance_id" },
    Live { name: "HaVip detached ENI", cloud: "volcengine", region: "cn-beijing", setup: "", mutate: None,
        resource: "resource \"tether_havip_attachment\" \"x\" {\n  havip_id    = \"havip-bjdemo007\"\n  instance_id = \"eni-bjdangling\"\n  instance_type = \"NetworkInterface\"\n}\n",
        code: "[Forbidden]", attribute: "instance_id" },
    Live { name: "GA backend missing", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-hzexcl04\"\n  backend_server_id               = \"i-nothere\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        code: "[InvalidBackendServerId.NotFound]", attribute: "backend_server_id" },
    Live { name: "GA backend in the classic network", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-hzexcl04\"\n  backend_server_id               = \"i-shclassic\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        code: "[InvalidBackendServerId.NotInVPC]", attribute: "backend_server_id" },
    Live { name: "GA instance locked", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: Some(|| json!({"op": "set_ga", "id": "ga-hzexcl04", "status": "Locked"})),
        resource: "resource \"tether_ga_backend\" \"x\" {\n  global_acceleration_instance_id = \"ga-hzexcl04\"\n  backend_server_id               = \"i-shapp006\"\n  backend_server_region_id        = \"cn-shanghai\"\n}\n",
        code: "[IncorrectGlobalAccelerationInstanceIdStatus]", attribute: "global_acceleration_instance_id" },
    Live { name: "scaling instance missing", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-nothere\"]\n}\n",
        code: "[InvalidInstanceId.NotFound]", attribute: "instance_ids" },
    Live { name: "scaling instance stopped", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzstopped\"]\n}\n",
        code: "[IncorrectInstanceStatus]", attribute: "instance_ids" },
    Live { name: "scaling instance in the classic network", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzclassic\"]\n}\n",
        code: "[InvalidInstanceId.NetworkTypeMismatch]", attribute: "instance_ids" },
    Live { name: "scaling instance in another VPC", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzothervpc\"]\n}\n",
        code: "[InvalidInstanceId.VPCMismatch]", attribute: "instance_ids" },
    Live { name: "scaling instance of another type", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hztyped\"\n  instance_ids     = [\"i-hzsmall\"]\n}\n",
        code: "[InvalidInstanceId.InstanceTypeMismatch]", attribute: "instance_ids" },
    Live { name: "scaling group behind a load balancer of another network", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzclassiclb\"\n  instance_ids     = [\"i-hzapp050\"]\n}\n",
        code: "[InvalidLoadBalancerId.IncorrectInstanceNetworkType]", attribute: "scaling_group_id" },
    Live { name: "scaling group member it created", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: None,
        resource: "resource \"tether_ess_attachment\" \"x\" {\n  scaling_group_id = \"asg-hzweb\"\n  instance_ids     = [\"i-hzasg001\"]\n}\n",
        code: "[InvalidInstanceId.InUse]", attribute: "instance_ids" },
    Live { name: "EIP already bound as configured, not in state", cloud: "alibaba", region: "cn-hangzhou", setup: "", mutate: Some(|| json!({"op": "bind_eip", "cloud": "alibaba", "id": "eip-hzfree011", "instance_id": "i-hzapp011"})),
        resource: "resource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree011\"\n  instance_id = \"i-hzapp011\"\n}\n",
        code: "[IncorrectEipStatus]", attribute: "eip_id" },
];

#[test]
fn every_live_rule_stops_the_plan_before_any_write() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(terraform) = terraform_binary() else { return };
    drop(terraform);
    let mut failures = Vec::new();
    for case in LIVE {
        emulator.reset();
        let Some(ws) = workspace(&emulator) else { return };
        let head = provider(case.cloud, case.region);
        if !case.setup.is_empty() {
            ws.write_config(&format!("{head}\n{}", case.setup));
            ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), case.name);
        }
        if let Some(m) = case.mutate {
            emulator.mutate(m());
        }
        emulator.clear_calls();
        ws.write_config(&format!("{head}\n{}\n{}", case.setup, case.resource));
        let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-no-color"]);
        let writes = write_calls(&emulator);
        match diags.iter().find(|d| d.severity == "error" && d.summary.contains(case.code)) {
            None => failures.push(format!("{}: no error with {} (exit {status}): {diags:?}", case.name, case.code)),
            Some(d) if !d.snippet.contains(case.attribute) => failures.push(format!("{}: highlighted {:?}, not {}", case.name, d.snippet, case.attribute)),
            Some(_) if status == 0 => failures.push(format!("{}: plan succeeded", case.name)),
            Some(_) if !writes.is_empty() => failures.push(format!("{}: write calls during plan: {writes:?}", case.name)),
            Some(_) => {}
        }
    }
    eprintln!("{} live plan-time rules checked through terraform", LIVE.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A Tencent instance's own EIP sits on its primary private IP: EIPs on the private IPs of
/// its secondary ENIs (which DescribeAddresses also lists under its InstanceId) leave that
/// slot free, in one apply or across two (random run seed 1329: the live check refused it).
#[test]
fn a_secondary_eni_eip_leaves_the_instance_its_own() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    let head = provider("tencent", "ap-guangzhou");
    let secondary = "resource \"tether_eip_association\" \"secondary\" {\n  eip_id               = \"eip-free0020\"\n  network_interface_id = \"eni-second02\"\n  private_ip_address   = \"172.16.1.203\"\n}\n";
    let own = "resource \"tether_eip_association\" \"own\" {\n  eip_id      = \"eip-free0021\"\n  instance_id = \"ins-app00002\"\n}\n";
    ws.write_config(&format!("{head}\n{secondary}"));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "the secondary ENI's EIP");
    ws.write_config(&format!("{head}\n{secondary}\n{own}"));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "the instance's own EIP beside it");
    ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy");
    ws.write_config(&format!("{head}\n{secondary}\n{own}"));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "both in one apply");
    let plan = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 0, "{}", plan.combined());
}

/// A Tencent instance binding may state the private IP its EIP sits on, when that is the
/// instance's primary one (any other is refused at plan, see LIVE): it applies, and the
/// next plan is empty.
#[test]
fn a_tencent_instance_binding_may_state_its_primary_ip() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    let head = provider("tencent", "ap-guangzhou");
    let stated = "resource \"tether_eip_association\" \"x\" {\n  eip_id             = \"eip-free0005\"\n  instance_id        = \"ins-app00005\"\n  private_ip_address = \"172.16.1.15\"\n}\n";
    ws.write_config(&format!("{head}\n{stated}"));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "the instance's EIP on its stated primary IP");
    let plan = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 0, "{}", plan.combined());
    ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy");
}

/// The same association declared twice, which only `tether check` refuses: the second
/// create fails, and its resource takes nothing of the first one's binding into its state,
/// so removing it (or destroying everything) unbinds only what was made, once.
#[test]
fn a_duplicate_that_fails_takes_nothing_of_the_original() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let cases: &[(&str, &str, &str, &str)] = &[
        ("alibaba", "cn-hangzhou", "tether_eip_association", "  eip_id      = \"eip-hzfree005\"\n  instance_id = \"i-hzapp005\"\n"),
        ("tencent", "ap-guangzhou", "tether_eip_association", "  eip_id      = \"eip-free0005\"\n  instance_id = \"ins-app00005\"\n"),
        ("volcengine", "cn-beijing", "tether_havip_attachment", "  havip_id    = \"havip-bjdemo004\"\n  instance_id = \"i-bjapp012\"\n"),
        (
            "alibaba",
            "cn-hangzhou",
            "tether_ga_backend",
            "  global_acceleration_instance_id = \"ga-hzexcl01\"\n  backend_server_id               = \"i-shapp001\"\n  backend_server_region_id        = \"cn-shanghai\"\n",
        ),
        ("alibaba", "cn-hangzhou", "tether_ess_attachment", "  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [\"i-hzapp041\"]\n"),
    ];
    for (cloud, region, type_name, body) in cases {
        emulator.reset();
        let initial = emulator.inventory();
        let Some(ws) = workspace(&emulator) else { return };
        let head = provider(cloud, region);
        let block = |name: &str| format!("resource \"{type_name}\" \"{name}\" {{\n{body}}}\n");
        ws.write_config(&format!("{head}\n{}\n{}", block("a"), block("b")));
        let apply = ws.run(&["apply", "-auto-approve", "-no-color"]);
        assert_ne!(apply.status, 0, "{type_name} on {cloud}: the second of two identical creates must fail:\n{}", apply.combined());
        let list = ws.run(&["state", "list"]);
        let recorded: Vec<&str> = list.stdout.lines().collect();
        assert_eq!(recorded.len(), 1, "{type_name} on {cloud}: only the create that bound is recorded: {recorded:?}\n{}", apply.combined());
        let kept = recorded[0].rsplit('.').next().unwrap_or_default();
        ws.write_config(&format!("{head}\n{}", block(kept)));
        let plan = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
        assert_eq!(plan.status, 0, "{type_name} on {cloud}: the kept binding is intact:\n{}", plan.combined());
        ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy");
        assert_eq!(emulator.inventory(), initial, "{type_name} on {cloud}: destroy leaves the fixtures' bindings");
    }
}

/// The cross-region check lists the region's shared-bandwidth GA instances; when that
/// listing fails (the legacy GA API refused, or down), a config that may well be valid is
/// warned about, not refused.
#[test]
fn a_failed_shared_ga_lookup_warns_instead_of_refusing() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    let head = "provider \"tether\" {\n  cloud       = \"alibaba\"\n  region      = \"cn-hangzhou\"\n  max_retries = 0\n}\n";
    let shared =
        "resource \"tether_eip_association\" \"x\" {\n  eip_id             = \"eip-hzshared\"\n  instance_id        = \"i-shapp008\"\n  instance_region_id = \"cn-shanghai\"\n}\n";
    ws.write_config(&format!("{head}\n{shared}"));
    let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-no-color"]);
    assert_eq!(status, 0, "an EIP of a shared GA binds across regions: {diags:?}");
    assert!(!diags.iter().any(|d| d.summary.contains("Could not check")), "{diags:?}");
    emulator.faults(json!({"seed": 3, "actions": {"DescribeGlobalAccelerationInstances": {"server_error_rate": 1.0}}}));
    let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-no-color"]);
    assert_eq!(status, 0, "the plan goes on: {diags:?}");
    let warning = diags.iter().find(|d| d.severity == "warning" && d.summary.contains("Could not check that EIP eip-hzshared"));
    assert!(warning.is_some_and(|w| w.snippet.contains("instance_region_id")), "{diags:?}");
}

/// tether cannot make an Alibaba IpAddress binding (it needs a VpcId the resource does not
/// take), but one made elsewhere imports and plans empty; when it is then unbound outside
/// Terraform, the plan that would bind it again warns, and does not stop the whole plan.
#[test]
fn an_imported_ip_address_binding_that_drifts_is_a_warning() {
    let mut fixtures: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/emulator/fixtures.json")).expect("fixtures")).expect("JSON");
    let binding = json!({"instance_id": "10.0.0.77", "instance_type": "IpAddress", "private_ip_address": "10.0.0.77", "vpc_id": "vpc-hzapp"});
    fixtures["alibaba"]["regions"]["cn-hangzhou"]["eips"].as_array_mut().expect("eips").push(json!({"id": "eip-hzipaddr", "ip": "47.96.9.77", "binding": binding}));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fixtures.json");
    std::fs::write(&path, fixtures.to_string()).expect("write fixtures");
    let emulator = Emulator::start_with(&path, &["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    let resource = "resource \"tether_eip_association\" \"ip\" {\n  eip_id        = \"eip-hzipaddr\"\n  instance_id   = \"10.0.0.77\"\n  instance_type = \"IpAddress\"\n}\n";
    let import = "import {\n  to = tether_eip_association.ip\n  id = \"eip-hzipaddr:10.0.0.77\"\n}\n";
    ws.write_config(&format!("{}\n{resource}\n{import}", provider("alibaba", "cn-hangzhou")));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "import of an IpAddress binding");
    ws.write_config(&format!("{}\n{resource}", provider("alibaba", "cn-hangzhou")));
    let plan = ws.run(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status, 0, "{}", plan.combined());
    emulator.mutate(json!({"op": "unbind_eip", "cloud": "alibaba", "id": "eip-hzipaddr"}));
    let (status, diags) = ws.json_diagnostics(&["plan", "-json", "-no-color"]);
    assert_eq!(status, 0, "a drift is warned about, the plan goes on: {diags:?}");
    assert!(diags.iter().any(|d| d.severity == "warning" && d.summary.contains("cannot bind an EIP to instance_type")), "{diags:?}");
}

#[test]
fn live_rules_are_skipped_with_a_warning_without_credentials() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(terraform) = terraform_binary() else { return };
    let ws = Workspace::new(terraform).env("TETHER_ENDPOINT", &emulator.url);
    ws.write_config(&format!("{}\n{}", provider("alibaba", "cn-hangzhou"), LIVE[1].resource));
    let run = ws.run(&["plan", "-no-color"]);
    ok(&run, "plan without credentials");
    assert!(run.combined().contains("live plan-time checks skipped"), "{}", run.combined());
    assert!(emulator.calls()["calls"].as_array().is_none_or(Vec::is_empty), "no API call without credentials");
}

#[test]
fn apply_time_failures_show_code_message_and_request_id() {
    let emulator = Emulator::start(&["--delay-ms", "0"]);
    let Some(ws) = workspace(&emulator) else { return };
    // The bind itself fails (every plan-time check passes): the cloud's answer reaches the user.
    emulator.faults(json!({"seed": 7, "actions": {"AssociateEipAddress": {"server_error_rate": 1.0}}}));
    ws.write_config(
        "provider \"tether\" {\n  cloud       = \"alibaba\"\n  region      = \"cn-hangzhou\"\n  max_retries = 0\n}\nresource \"tether_eip_association\" \"x\" {\n  eip_id      = \"eip-hzfree009\"\n  instance_id = \"i-hzapp009\"\n}\n"
    );
    let run = ws.run(&["apply", "-auto-approve", "-no-color"]);
    assert_eq!(run.status, 1, "{}", run.combined());
    let text = run.combined();
    assert!(text.contains("alibaba AssociateEipAddress failed: ServiceUnavailable:"), "{text}");
    assert!(text.contains("(request id "), "{text}");
}

#[test]
fn ess_two_attachments_update_in_place_and_warn_on_warning_activities() {
    let emulator = Emulator::start(&["--delay-ms", "100"]);
    let Some(ws) = workspace(&emulator) else { return };
    let ids = |range: std::ops::Range<u32>| range.map(|n| format!("\"i-hzapp{n:03}\"")).collect::<Vec<_>>().join(", ");
    let config = |a: &str, b: &str, weights: &str| {
        format!(
            "{}\nresource \"tether_ess_attachment\" \"a\" {{\n  scaling_group_id = \"asg-hzbig\"\n  instance_ids     = [{a}]\n}}\nresource \"tether_ess_attachment\" \"b\" {{\n  scaling_group_id      = \"asg-hzbig\"\n  instance_ids          = [{b}]\n  load_balancer_weights = {{ {weights} }}\n}}\n",
            provider("alibaba", "cn-hangzhou")
        )
    };
    ws.write_config(&config(&ids(30..36), &ids(36..42), "\"i-hzapp036\" = 10"));
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply two attachments");
    assert_eq!(members(&emulator.state(), "asg-hzbig").iter().filter(|(id, _)| id.starts_with("i-hzapp")).count(), 12, "12 instances attached across two attachments");
    assert_eq!(ws.run(&["plan", "-detailed-exitcode", "-no-color"]).status, 0, "two attachments on one group coexist without diffs");

    // In place: a swaps one instance, b changes a weight.
    let a2 = format!("{}, \"i-hzapp042\"", ids(31..36));
    ws.write_config(&config(&a2, &ids(36..42), "\"i-hzapp036\" = 70"));
    let plan = ws.run(&["plan", "-no-color"]);
    assert!(plan.stdout.contains("0 to add, 2 to change, 0 to destroy"), "{}", plan.stdout);
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "in-place update");
    let now = members(&emulator.state(), "asg-hzbig");
    assert!(now.iter().any(|(id, _)| id == "i-hzapp042") && !now.iter().any(|(id, _)| id == "i-hzapp030"));
    assert_eq!(now.iter().find(|(id, _)| id == "i-hzapp036").map(|(_, w)| *w), Some(70));
    assert_eq!(ws.run(&["plan", "-detailed-exitcode", "-no-color"]).status, 0);

    // An instance leaves the group behind Terraform's back; the detach that follows (without
    // a refresh) ignores it and its Warning activity is shown as a warning.
    emulator.mutate(json!({"op": "detach_scaling_instance", "group_id": "asg-hzbig", "instance_id": "i-hzapp031"}));
    ws.write_config(&config(&format!("{}, \"i-hzapp042\"", ids(32..36)), &ids(36..42), "\"i-hzapp036\" = 70"));
    let run = ws.run(&["apply", "-auto-approve", "-refresh=false", "-no-color"]);
    ok(&run, "apply with a Warning activity");
    assert!(run.combined().contains("ended with a warning"), "{}", run.combined());
    assert_eq!(ws.run(&["plan", "-detailed-exitcode", "-no-color"]).status, 0);
    ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy");
    assert!(!members(&emulator.state(), "asg-hzbig").iter().any(|(id, _)| id.starts_with("i-hzapp")));
}

#[test]
fn fifty_associations_through_throttling_and_server_errors() {
    let emulator = Emulator::start(&["--delay-ms", "50"]);
    let Some(ws) = workspace(&emulator) else { return };
    ws.write_config(
        "provider \"tether\" {\n  cloud       = \"alibaba\"\n  region      = \"cn-hangzhou\"\n  max_retries = 20\n}\nresource \"tether_eip_association\" \"many\" {\n  count       = 50\n  eip_id      = format(\"eip-hzfree%03d\", count.index + 1)\n  instance_id = format(\"i-hzapp%03d\", count.index + 1)\n}\n",
    );
    emulator.faults(json!({"seed": 42, "throttle_rate": 0.15, "server_error_rate": 0.15}));
    let started = Instant::now();
    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "apply under 30 % faults");
    eprintln!("apply of 50 associations with 30 % injected faults: {:?}", started.elapsed());
    let calls = emulator.calls();
    let calls = calls["calls"].as_array().cloned().unwrap_or_default();
    let injected = calls.iter().filter(|c| c["injected"].as_bool() == Some(true) || c["injected"].is_string()).count();
    assert!(injected > 20, "faults were injected ({injected} of {} calls)", calls.len());
    for n in 1..=50 {
        let eip = format!("eip-hzfree{n:03}");
        let accepted = calls.iter().filter(|c| c["action"] == "AssociateEipAddress" && c["http_status"] == 200 && c["params"]["AllocationId"] == eip.as_str()).count();
        assert_eq!(accepted, 1, "{eip} associated exactly once");
    }
    let state = emulator.state();
    let eips = state["inventory"]["alibaba"]["regions"]["cn-hangzhou"]["eips"].as_array().cloned().unwrap_or_default();
    for n in 1..=50 {
        let eip = eips.iter().find(|e| e["id"] == format!("eip-hzfree{n:03}")).expect("eip");
        assert_eq!(eip["binding"]["instance_id"], format!("i-hzapp{n:03}"));
    }
    ok(&ws.run(&["destroy", "-auto-approve", "-no-color"]), "destroy under faults");
}

#[test]
fn an_interrupted_apply_leaves_consistent_state_and_the_next_apply_converges() {
    let emulator = Emulator::start(&["--delay-ms", "400"]);
    let Some(ws) = workspace(&emulator) else { return };
    let Some(terraform) = terraform_binary() else { return };
    ws.write_config(&format!(
        "{}\nresource \"tether_eip_association\" \"many\" {{\n  count       = 20\n  eip_id      = format(\"eip-hzfree%03d\", count.index + 1)\n  instance_id = format(\"i-hzapp%03d\", count.index + 1)\n}}\n",
        provider("alibaba", "cn-hangzhou")
    ));
    let mut apply =
        ws.command(&terraform, &["apply", "-auto-approve", "-no-color", "-parallelism=4"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("terraform apply");
    // Interrupt once some creates have finished and others are in flight: with parallelism 4,
    // a 6th bind call means at least two creates returned to Terraform (Ctrl-C goes to
    // terraform, which sends Stop to the provider).
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let accepted = write_calls(&emulator).iter().filter(|a| *a == "AssociateEipAddress").count();
        if accepted >= 6 || Instant::now() > deadline {
            break;
        }
        std::thread::yield_now();
    }
    Command::new("kill").args(["-INT", &apply.id().to_string()]).status().expect("kill -INT");
    let status = apply.wait().expect("apply exits");
    assert!(!status.success(), "the interrupted apply reports failure");

    // Every association in Terraform's state exists in the emulator.
    let show = ws.run(&["show", "-json", "-no-color"]);
    let state: Value = serde_json::from_str(&show.stdout).unwrap_or(Value::Null);
    let recorded: Vec<Value> = state["values"]["root_module"]["resources"].as_array().cloned().unwrap_or_default();
    let inventory = emulator.state();
    let eips = inventory["inventory"]["alibaba"]["regions"]["cn-hangzhou"]["eips"].as_array().cloned().unwrap_or_default();
    for r in &recorded {
        let eip = r["values"]["eip_id"].as_str().unwrap_or_default();
        let bound = eips.iter().find(|e| e["id"] == eip).map(|e| e["binding"]["instance_id"].clone());
        assert_eq!(bound, Some(r["values"]["instance_id"].clone()), "{eip} is in state and bound in the emulator");
    }
    eprintln!("interrupted after {} of 20 associations were recorded", recorded.len());
    assert!(recorded.len() < 20, "the apply was really interrupted");
    assert!(!recorded.is_empty(), "finished creates were recorded before the interrupt");

    ok(&ws.run(&["apply", "-auto-approve", "-no-color"]), "the next apply converges");
    assert_eq!(ws.run(&["plan", "-detailed-exitcode", "-no-color"]).status, 0);
    let calls = emulator.calls();
    for n in 1..=20 {
        let eip = format!("eip-hzfree{n:03}");
        let accepted = calls["calls"]
            .as_array()
            .map_or(0, |c| c.iter().filter(|c| c["action"] == "AssociateEipAddress" && c["http_status"] == 200 && c["params"]["AllocationId"] == eip.as_str()).count());
        assert_eq!(accepted, 1, "{eip} bound exactly once across both applies");
    }
}

/// Every code a live rule reports is one its resource's page documents (declared once, in
/// the resource's rule book or an attribute validator).
#[test]
fn every_live_code_is_declared_by_its_resource() {
    for row in LIVE {
        let type_name = row.resource.split('"').nth(1).unwrap_or_default();
        let code = row.code.trim_start_matches('[').trim_end_matches(']');
        let notes = tether::docs::notes(type_name).unwrap_or_else(|| panic!("{}: no resource {type_name}", row.name));
        assert!(notes.declares(code), "{}: {type_name} does not declare {code}", row.name);
    }
}
