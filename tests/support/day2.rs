//! Day-2 test support: a fixtures builder that gives every test case objects of its own (in
//! other regions and with other IDs than the example fixtures), resource blocks rendered
//! from argument maps, and the argument list of each resource read from the provider's own
//! schema, so that a new argument is covered by construction.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tether::framework::plan::ChangeEffect;
use tether::framework::{Presence, Provider};
use tether::provider::TetherProvider;

pub const ALIBABA_REGION: &str = "cn-beijing";
/// Where the global acceleration backends and cross-region instances live.
pub const ALIBABA_BACKEND_REGION: &str = "cn-shenzhen";
pub const ALIBABA_THIRD_REGION: &str = "cn-shanghai";
pub const TENCENT_REGION: &str = "ap-shanghai";
pub const VOLCENGINE_REGION: &str = "cn-shanghai";

/// One argument value in a resource block.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Str(String),
    Bool(bool),
    List(Vec<String>),
    Weights(Vec<(String, i64)>),
}

impl Arg {
    pub fn s(v: impl Into<String>) -> Arg {
        Arg::Str(v.into())
    }
    fn hcl(&self) -> String {
        match self {
            Arg::Str(s) => format!("{s:?}"),
            Arg::Bool(b) => b.to_string(),
            Arg::List(items) => format!("[{}]", items.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", ")),
            Arg::Weights(pairs) => format!("{{ {} }}", pairs.iter().map(|(k, v)| format!("{k:?} = {v}")).collect::<Vec<_>>().join(", ")),
        }
    }
    /// The IDs this value names (for finding a case's API calls).
    fn ids(&self) -> Vec<String> {
        match self {
            Arg::Str(s) => vec![s.clone()],
            Arg::List(items) => items.clone(),
            Arg::Weights(pairs) => pairs.iter().map(|(k, _)| k.clone()).collect(),
            Arg::Bool(_) => Vec::new(),
        }
    }
}

/// Arguments by name; `timeouts.create` and `timeouts.delete` go into the `timeouts` block.
pub type Args = BTreeMap<String, Arg>;

/// Builds an argument map from pairs.
pub fn args(pairs: &[(&str, Arg)]) -> Args {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

/// A resource block.
pub fn resource_block(type_name: &str, name: &str, provider: Option<&str>, args: &Args) -> String {
    let mut out = format!("resource \"{type_name}\" \"{name}\" {{\n");
    if let Some(p) = provider {
        out.push_str(&format!("  provider = {p}\n"));
    }
    let mut timeouts = Vec::new();
    for (k, v) in args {
        match k.strip_prefix("timeouts.") {
            Some(op) => timeouts.push(format!("    {op} = {}\n", v.hcl())),
            None => out.push_str(&format!("  {k} = {}\n", v.hcl())),
        }
    }
    if !timeouts.is_empty() {
        out.push_str("  timeouts {\n");
        for t in timeouts {
            out.push_str(&t);
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

/// Every ID an argument map names.
pub fn ids_of(args: &Args) -> Vec<String> {
    args.values().flat_map(Arg::ids).filter(|id| id.contains("-d2")).collect()
}

/// The configurable arguments of a resource type, from its schema: top-level attributes, and
/// `block.attribute` for nested blocks (`timeouts.create`).
pub fn arguments(type_name: &str) -> Vec<String> {
    let provider = TetherProvider::new();
    let resource = provider.resources().iter().find(|r| r.type_name() == type_name).expect("resource type");
    let block = &resource.schema().block;
    let mut names: Vec<String> = block.attributes.iter().filter(|a| a.presence != Presence::Computed).map(|a| a.name.to_owned()).collect();
    for nested in &block.blocks {
        names.extend(nested.block.attributes.iter().map(|a| format!("{}.{}", nested.name, a.name)));
    }
    names
}

/// What changing these arguments does, as the schema declares it: the strongest effect of
/// the arguments that differ (nested blocks only steer the provider).
pub fn expected_effect(type_name: &str, base: &Args, changed: &Args) -> ChangeEffect {
    let provider = TetherProvider::new();
    let resource = provider.resources().iter().find(|r| r.type_name() == type_name).expect("resource type");
    let block = &resource.schema().block;
    let mut keys: Vec<&String> = base.keys().chain(changed.keys()).collect();
    keys.dedup();
    let rank = |e: ChangeEffect| match e {
        ChangeEffect::Replace => 2,
        ChangeEffect::UpdateInPlace => 1,
        ChangeEffect::UpdateWithoutApiCall => 0,
    };
    keys.into_iter()
        .filter(|k| base.get(*k) != changed.get(*k))
        .map(|k| match block.get_attribute(k) {
            Some(attribute) => ChangeEffect::of(attribute),
            None => ChangeEffect::UpdateWithoutApiCall,
        })
        .max_by_key(|e| rank(*e))
        .unwrap_or(ChangeEffect::UpdateWithoutApiCall)
}

/// Fixtures under construction: every `new_*` call adds fresh objects with unique IDs.
pub struct Fixtures {
    doc: Value,
    next: u32,
}

impl Default for Fixtures {
    fn default() -> Self {
        Self::new()
    }
}

impl Fixtures {
    pub fn new() -> Fixtures {
        let mut f = Fixtures { doc: json!({"description": "day-2 matrix fixtures (generated by the test)"}), next: 0 };
        // Regions exist even when a test uses only some of them.
        for (cloud, region) in
            [("alibaba", ALIBABA_REGION), ("alibaba", ALIBABA_BACKEND_REGION), ("alibaba", ALIBABA_THIRD_REGION), ("tencent", TENCENT_REGION), ("volcengine", VOLCENGINE_REGION)]
        {
            f.doc[cloud]["regions"][region] = json!({});
        }
        f
    }

    /// A fresh ID with `prefix`, unique within these fixtures.
    pub fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-d2{:05}", self.next)
    }

    /// Adds `object` to `cloud`/`region`/`list`.
    pub fn push(&mut self, cloud: &str, region: &str, list: &str, object: Value) {
        let slot = &mut self.doc[cloud]["regions"][region][list];
        if !slot.is_array() {
            *slot = json!([]);
        }
        if let Some(items) = slot.as_array_mut() {
            items.push(object);
        }
    }

    /// Sets one of the emulator's `compat` switches.
    pub fn compat(&mut self, switch: &str, on: bool) {
        self.doc["compat"][switch] = json!(on);
    }

    /// An address under `base` (two octets) that no other object of these fixtures has.
    pub fn ip(&mut self, base: &str) -> String {
        self.next += 1;
        format!("{base}.{}.{}", (self.next / 250) % 250, self.next % 250 + 1)
    }

    pub fn write(&self, path: &std::path::Path) {
        std::fs::write(path, serde_json::to_vec_pretty(&self.doc).expect("fixtures json")).expect("write fixtures");
    }

    // Alibaba --------------------------------------------------------------------------

    pub fn ali_eip(&mut self) -> String {
        let id = self.id("eip");
        let ip = self.ip("47.100");
        self.push("alibaba", ALIBABA_REGION, "eips", json!({"id": id, "ip": ip}));
        id
    }

    /// A running VPC instance in `region`.
    pub fn ali_instance_in(&mut self, region: &str) -> String {
        let id = self.id("i");
        let ip = self.ip("10.20");
        self.push(
            "alibaba",
            region,
            "instances",
            json!({"id": id, "vpc_id": format!("vpc-d2{region}"), "subnet_id": format!("vsw-d2{region}"), "private_ip": ip, "instance_type": "ecs.g7.large"}),
        );
        id
    }

    pub fn ali_instance(&mut self) -> String {
        self.ali_instance_in(ALIBABA_REGION)
    }

    /// A secondary network interface of a fresh instance, with two private IPs.
    pub fn ali_eni(&mut self) -> (String, Vec<String>) {
        let instance = self.ali_instance();
        let id = self.id("eni");
        let ips = vec![self.ip("10.21"), {
            self.next += 1;
            self.ip("10.21")
        }];
        self.push("alibaba", ALIBABA_REGION, "network_interfaces", json!({"id": id, "instance_id": instance, "private_ips": ips}));
        (id, ips)
    }

    /// An EIP added to a shared-bandwidth GA instance (it may bind across regions).
    pub fn ali_shared_eip(&mut self) -> String {
        let eip = self.ali_eip();
        let ga = self.id("ga");
        let ip = self.ip("139.200");
        self.push("alibaba", ALIBABA_REGION, "ga_instances", json!({"id": ga, "ip": ip, "bandwidth_type": "Sharing", "service_location": "china-mainland", "eip_ids": [eip]}));
        eip
    }

    pub fn ali_exclusive_ga(&mut self) -> String {
        let id = self.id("ga");
        let ip = self.ip("139.201");
        self.push("alibaba", ALIBABA_REGION, "ga_instances", json!({"id": id, "ip": ip, "bandwidth_type": "Exclusive", "service_location": "china-mainland"}));
        id
    }

    pub fn ali_slb_in(&mut self, region: &str) -> String {
        let id = self.id("lb");
        let ip = self.ip("10.22");
        self.push("alibaba", region, "slb_instances", json!({"id": id, "vpc_id": format!("vpc-d2{region}"), "address": ip}));
        id
    }

    /// A scaling group in the Alibaba region's VPC with room for `max_size` instances, and
    /// `others` auto-created members besides.
    pub fn ali_group(&mut self, max_size: u32, others: u32) -> String {
        let id = self.id("asg");
        let members: Vec<Value> = (0..others).map(|_| json!({"instance_id": self.ali_instance()})).collect();
        let region = ALIBABA_REGION;
        self.push(
            "alibaba",
            region,
            "scaling_groups",
            json!({"id": id, "min_size": 0, "max_size": max_size, "vpc_id": format!("vpc-d2{region}"), "vswitch_ids": [format!("vsw-d2{region}")], "members": members}),
        );
        id
    }

    // Tencent --------------------------------------------------------------------------

    pub fn tc_eip(&mut self) -> String {
        let id = self.id("eip");
        let ip = self.ip("129.200");
        self.push("tencent", TENCENT_REGION, "eips", json!({"id": id, "ip": ip}));
        id
    }

    pub fn tc_instance(&mut self) -> String {
        let id = self.id("ins");
        let ip = self.ip("172.20");
        self.push("tencent", TENCENT_REGION, "instances", json!({"id": id, "vpc_id": "vpc-d2tc", "subnet_id": "subnet-d2tc", "private_ip": ip}));
        id
    }

    /// A secondary ENI of a fresh instance with two private IPs.
    pub fn tc_eni(&mut self) -> (String, Vec<String>) {
        let instance = self.tc_instance();
        let id = self.id("eni");
        let ips = vec![self.ip("172.21"), {
            self.next += 1;
            self.ip("172.21")
        }];
        self.push("tencent", TENCENT_REGION, "network_interfaces", json!({"id": id, "instance_id": instance, "private_ips": ips}));
        (id, ips)
    }

    // Volcengine -----------------------------------------------------------------------

    /// A running instance in the HaVip subnet.
    pub fn volc_instance(&mut self) -> String {
        let id = self.id("i");
        let ip = self.ip("192.168");
        self.push("volcengine", VOLCENGINE_REGION, "instances", json!({"id": id, "vpc_id": "vpc-d2volc", "subnet_id": "subnet-d2volc", "private_ip": ip}));
        id
    }

    /// A secondary ENI (attached to a fresh instance) in the HaVip subnet.
    pub fn volc_eni(&mut self) -> String {
        let instance = self.volc_instance();
        let id = self.id("eni");
        let ip = self.ip("192.169");
        self.push("volcengine", VOLCENGINE_REGION, "network_interfaces", json!({"id": id, "instance_id": instance, "private_ips": [ip]}));
        id
    }

    /// A HaVip with `others` ECS members already.
    pub fn volc_havip(&mut self, others: u32) -> String {
        let members: Vec<String> = (0..others).map(|_| self.volc_instance()).collect();
        let id = self.id("havip");
        let ip = self.ip("192.170");
        let mut havip = json!({"id": id, "ip": ip, "vpc_id": "vpc-d2volc", "subnet_id": "subnet-d2volc"});
        if !members.is_empty() {
            havip["members"] = json!(members);
            havip["member_type"] = json!("EcsInstance");
        }
        self.push("volcengine", VOLCENGINE_REGION, "havips", havip);
        id
    }
}

/// Associations that exist before Terraform knows them (made in the console, or by another
/// tool), for import tests.
impl Fixtures {
    /// An Alibaba EIP already bound as `binding` says (fixtures `binding` object).
    pub fn ali_eip_bound(&mut self, binding: Value) -> String {
        let id = self.id("eip");
        let ip = self.ip("47.101");
        self.push("alibaba", ALIBABA_REGION, "eips", json!({"id": id, "ip": ip, "binding": binding}));
        id
    }

    /// A shared-bandwidth EIP already bound across regions.
    pub fn ali_shared_eip_bound(&mut self, binding: Value) -> String {
        let eip = self.ali_eip_bound(binding);
        let ga = self.id("ga");
        let ip = self.ip("139.202");
        self.push("alibaba", ALIBABA_REGION, "ga_instances", json!({"id": ga, "ip": ip, "bandwidth_type": "Sharing", "service_location": "china-mainland", "eip_ids": [eip]}));
        eip
    }

    pub fn tc_eip_bound(&mut self, binding: Value) -> String {
        let id = self.id("eip");
        let ip = self.ip("129.201");
        self.push("tencent", TENCENT_REGION, "eips", json!({"id": id, "ip": ip, "binding": binding}));
        id
    }

    /// A HaVip whose members are `members`, all of `member_type`.
    pub fn volc_havip_with(&mut self, members: &[String], member_type: &str) -> String {
        let id = self.id("havip");
        let ip = self.ip("192.171");
        self.push(
            "volcengine",
            VOLCENGINE_REGION,
            "havips",
            json!({"id": id, "ip": ip, "vpc_id": "vpc-d2volc", "subnet_id": "subnet-d2volc", "members": members, "member_type": member_type}),
        );
        id
    }

    /// An exclusive GA instance already serving `backend`.
    pub fn ali_ga_serving(&mut self, server_id: &str, server_type: &str, region: &str) -> String {
        let id = self.id("ga");
        let ip = self.ip("139.203");
        self.push(
            "alibaba",
            ALIBABA_REGION,
            "ga_instances",
            json!({"id": id, "ip": ip, "bandwidth_type": "Exclusive", "service_location": "china-mainland", "backend": {"server_id": server_id, "server_type": server_type, "region_id": region}}),
        );
        id
    }

    /// A scaling group with `members` (fixtures member objects) in the Alibaba region's VPC.
    pub fn ali_group_with(&mut self, max_size: u32, members: Vec<Value>) -> String {
        let id = self.id("asg");
        let region = ALIBABA_REGION;
        self.push(
            "alibaba",
            region,
            "scaling_groups",
            json!({"id": id, "min_size": 0, "max_size": max_size, "vpc_id": format!("vpc-d2{region}"), "vswitch_ids": [format!("vsw-d2{region}")], "members": members}),
        );
        id
    }
}
