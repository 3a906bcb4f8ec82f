//! Random but valid cloud inventories and mostly plausible tether configurations over them,
//! from a seed: the inputs of the zero-surprise property test (issue 19).
//!
//! The inventory holds what users meet: running and stopped instances, classic ones,
//! instances with a plain public IP or in another VPC or subnet, secondary and primary
//! network interfaces, service-managed and detached ones, load balancers and NAT gateways,
//! free, bound, blocked and in-arrears EIPs, HaVips with members, exclusive global
//! acceleration instances (some serving a backend, some locked), scaling groups that are
//! nearly full, inactive, typed or behind an inactive load balancer. The configuration
//! picks mostly fitting pairs, and sometimes not.

use serde_json::{json, Value};

use super::day2::{args, resource_block, Arg, Args, Fixtures, ALIBABA_BACKEND_REGION, ALIBABA_REGION, ALIBABA_THIRD_REGION, TENCENT_REGION, VOLCENGINE_REGION};

/// SplitMix64: small, seeded, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            let i = self.below(items.len());
            items.get(i)
        }
    }
}

/// An Alibaba ECS instance or network interface of the inventory.
#[derive(Clone, Default)]
struct Ecs {
    id: String,
    private_ips: Vec<String>,
}

/// Objects a configuration may name: mostly the fitting ones, each at most once (mostly),
/// and now and then an odd one (stopped, classic, in another subnet, ...) or a reused one.
struct Pool<T> {
    good: Vec<T>,
    odd: Vec<T>,
    used: Vec<T>,
}

impl<T: Clone> Pool<T> {
    fn new() -> Self {
        Pool { good: Vec::new(), odd: Vec::new(), used: Vec::new() }
    }
    fn add(&mut self, item: T, good: bool) {
        if good {
            self.good.push(item)
        } else {
            self.odd.push(item)
        }
    }
    fn take(&mut self, rng: &mut Rng) -> Option<T> {
        if rng.chance(4) || self.good.is_empty() {
            if let Some(odd) = rng.pick(&self.odd).cloned() {
                return Some(odd);
            }
        }
        if rng.chance(3) {
            if let Some(again) = rng.pick(&self.used).cloned() {
                return Some(again);
            }
        }
        if self.good.is_empty() {
            return rng.pick(&self.used).cloned();
        }
        let i = rng.below(self.good.len());
        let item = self.good.swap_remove(i);
        self.used.push(item.clone());
        Some(item)
    }
}

/// A generated workspace: the fixtures and the resource blocks (with their providers).
pub struct World {
    pub fixtures: Fixtures,
    /// The three provider blocks.
    pub providers: String,
    /// Each resource's address and block.
    pub blocks: Vec<(String, String)>,
}

impl World {
    /// The whole configuration.
    pub fn config(&self) -> String {
        let blocks: Vec<&str> = self.blocks.iter().map(|(_, b)| b.as_str()).collect();
        format!("{}\n{}", self.providers, blocks.join("\n"))
    }

    /// Drops the resources at `addresses`; returns how many were dropped.
    pub fn drop_resources(&mut self, addresses: &[String]) -> usize {
        let before = self.blocks.len();
        self.blocks.retain(|(address, _)| !addresses.contains(address));
        before - self.blocks.len()
    }
}

const ALI_TYPES: &[&str] = &["ecs.g7.large", "ecs.c7.large", "ecs.t6.small"];

/// Generates the world of `seed`.
pub fn generate(seed: u64) -> World {
    let mut rng = Rng::new(seed);
    let mut f = Fixtures::new();

    // Alibaba inventory ------------------------------------------------------------------
    let region = ALIBABA_REGION;
    let vpc = format!("vpc-d2{region}");
    let vsw = format!("vsw-d2{region}");
    f.push("alibaba", region, "default_vpcs", json!("vpc-d2default"));
    let mut ecs: Pool<Ecs> = Pool::new();
    let mut bindable: Vec<String> = Vec::new();
    for _ in 0..(10 + rng.below(10)) {
        let id = f.id("i");
        let ip = f.ip("10.30");
        let mut o = json!({"id": id, "vpc_id": vpc, "subnet_id": vsw, "private_ip": ip, "instance_type": *rng.pick(ALI_TYPES).unwrap_or(&"ecs.g7.large")});
        let odd = rng.chance(25);
        if odd {
            match rng.below(5) {
                0 => o["status"] = json!("Stopped"),
                1 => {
                    o["network_type"] = json!("classic");
                    if let Some(m) = o.as_object_mut() {
                        m.remove("vpc_id");
                        m.remove("subnet_id");
                    }
                }
                2 => o["public_ip"] = json!(f.ip("118.40")),
                3 => {
                    o["vpc_id"] = json!("vpc-d2default");
                    o["subnet_id"] = json!("vsw-d2default");
                }
                _ => {
                    o["vpc_id"] = json!("vpc-d2other");
                    o["subnet_id"] = json!("vsw-d2other");
                }
            }
        } else {
            bindable.push(id.clone());
        }
        f.push("alibaba", region, "instances", o);
        ecs.add(Ecs { id, private_ips: vec![ip] }, !odd);
    }
    let mut enis: Pool<Ecs> = Pool::new();
    for owner in bindable.iter().take(3) {
        let id = f.id("eni");
        let ips = vec![f.ip("10.31"), f.ip("10.31")];
        f.push("alibaba", region, "network_interfaces", json!({"id": id, "instance_id": owner, "private_ips": ips}));
        enis.add(Ecs { id, private_ips: ips }, true);
    }
    let mut slbs: Pool<String> = Pool::new();
    for _ in 0..2 {
        let id = f.id("lb");
        let ip = f.ip("10.32");
        let mut o = json!({"id": id, "vpc_id": vpc, "address": ip});
        let odd = rng.chance(25);
        if odd {
            if rng.chance(50) {
                o["status"] = json!("inactive");
            } else {
                o["network_type"] = json!("classic");
            }
        }
        f.push("alibaba", region, "slb_instances", o);
        slbs.add(id, !odd);
    }
    let nat = f.id("ngw");
    f.push("alibaba", region, "nat_gateways", json!({"id": nat, "vpc_id": vpc}));
    let mut ali_eips: Pool<String> = Pool::new();
    for _ in 0..(8 + rng.below(8)) {
        let id = f.id("eip");
        let ip = f.ip("47.110");
        let mut o = json!({"id": id, "ip": ip});
        let odd = rng.chance(10) && !bindable.is_empty();
        if odd {
            let target = bindable.remove(0);
            o["binding"] = json!({"instance_id": target, "instance_type": "EcsInstance"});
        }
        f.push("alibaba", region, "eips", o);
        ali_eips.add(id, !odd);
    }
    // Backends of global acceleration in other regions of the service area.
    let mut backends: Pool<(String, &str)> = Pool::new();
    for backend_region in [ALIBABA_BACKEND_REGION, ALIBABA_THIRD_REGION] {
        for _ in 0..4 {
            let id = f.id("i");
            let ip = f.ip("10.40");
            let mut o =
                json!({"id": id, "vpc_id": format!("vpc-d2{backend_region}"), "subnet_id": format!("vsw-d2{backend_region}"), "private_ip": ip, "instance_type": "ecs.g7.large"});
            let odd = rng.chance(10);
            if odd {
                o["network_type"] = json!("classic");
                if let Some(m) = o.as_object_mut() {
                    m.remove("vpc_id");
                    m.remove("subnet_id");
                }
            }
            f.push("alibaba", backend_region, "instances", o);
            backends.add((id, backend_region), !odd);
        }
    }
    let mut gas: Pool<String> = Pool::new();
    for _ in 0..(3 + rng.below(3)) {
        let id = f.id("ga");
        let ip = f.ip("139.210");
        let mut o = json!({"id": id, "ip": ip, "bandwidth_type": "Exclusive", "service_location": "china-mainland"});
        let odd = rng.chance(15);
        if odd {
            match rng.below(3) {
                0 => o["status"] = json!("Locked"),
                1 => o["bandwidth_type"] = json!("Sharing"),
                _ => {
                    let busy = f.id("i");
                    let ip = f.ip("10.41");
                    f.push(
                        "alibaba",
                        ALIBABA_BACKEND_REGION,
                        "instances",
                        json!({"id": busy, "vpc_id": format!("vpc-d2{ALIBABA_BACKEND_REGION}"), "subnet_id": format!("vsw-d2{ALIBABA_BACKEND_REGION}"), "private_ip": ip}),
                    );
                    o["backend"] = json!({"server_id": busy, "server_type": "EcsInstance", "region_id": ALIBABA_BACKEND_REGION});
                }
            }
        }
        f.push("alibaba", region, "ga_instances", o);
        gas.add(id, !odd);
    }
    // A shared-bandwidth GA instance whose EIPs bind to instances in other regions.
    let mut shared_eips: Vec<String> = Vec::new();
    if rng.chance(60) {
        for _ in 0..(1 + rng.below(2)) {
            let id = f.id("eip");
            let ip = f.ip("47.111");
            f.push("alibaba", region, "eips", json!({"id": id, "ip": ip}));
            shared_eips.push(id);
        }
        let id = f.id("ga");
        let ip = f.ip("139.211");
        f.push("alibaba", region, "ga_instances", json!({"id": id, "ip": ip, "bandwidth_type": "Sharing", "service_location": "china-mainland", "eip_ids": shared_eips}));
    }
    let mut groups: Pool<String> = Pool::new();
    for _ in 0..(2 + rng.below(2)) {
        let id = f.id("asg");
        let max = 3 + u32::try_from(rng.below(8)).unwrap_or(0);
        let mut o = json!({"id": id, "min_size": 0, "max_size": max, "vpc_id": vpc, "vswitch_ids": [vsw]});
        let odd = rng.chance(20);
        if odd {
            match rng.below(4) {
                0 => o["lifecycle_state"] = json!("Inactive"),
                1 => o["instance_type"] = json!("ecs.t6.small"),
                2 => {
                    if let Some(lb) = slbs.odd.first().or(slbs.good.first()) {
                        o["load_balancer_ids"] = json!([lb]);
                    }
                }
                _ => o["max_size"] = json!(1),
            }
        }
        if rng.chance(30) {
            let member = f.id("i");
            let ip = f.ip("10.33");
            f.push("alibaba", region, "instances", json!({"id": member, "vpc_id": vpc, "subnet_id": vsw, "private_ip": ip, "instance_type": "ecs.g7.large"}));
            o["members"] = json!([{"instance_id": member}]);
            ecs.add(Ecs { id: member, private_ips: vec![ip] }, false);
        }
        f.push("alibaba", region, "scaling_groups", o);
        groups.add(id, !odd);
    }

    // Tencent inventory ------------------------------------------------------------------
    let mut cvms: Pool<(String, String)> = Pool::new();
    let mut cvm_targets = Vec::new();
    for _ in 0..(6 + rng.below(6)) {
        let id = f.id("ins");
        let ip = f.ip("172.30");
        let mut o = json!({"id": id, "vpc_id": "vpc-d2tc", "subnet_id": "subnet-d2tc", "private_ip": ip});
        let odd = rng.chance(12);
        if odd {
            o["status"] = json!("SHUTDOWN");
        } else {
            cvm_targets.push(id.clone());
        }
        f.push("tencent", TENCENT_REGION, "instances", o);
        cvms.add((id, ip), !odd);
    }
    let mut tc_enis: Pool<(String, Vec<String>)> = Pool::new();
    for owner in cvm_targets.iter().take(3) {
        let id = f.id("eni");
        let ips = vec![f.ip("172.31"), f.ip("172.31")];
        f.push("tencent", TENCENT_REGION, "network_interfaces", json!({"id": id, "instance_id": owner, "private_ips": ips}));
        tc_enis.add((id, ips), true);
    }
    let mut tc_eips: Pool<String> = Pool::new();
    for _ in 0..(6 + rng.below(6)) {
        let id = f.id("eip");
        let ip = f.ip("129.210");
        let mut o = json!({"id": id, "ip": ip});
        let odd = rng.chance(15);
        if odd {
            match rng.below(3) {
                0 => o["blocked"] = json!(true),
                1 => o["arrears"] = json!(true),
                _ => {
                    if let Some(target) = cvm_targets.pop() {
                        o["binding"] = json!({"instance_id": target});
                    }
                }
            }
        }
        f.push("tencent", TENCENT_REGION, "eips", o);
        tc_eips.add(id, !odd);
    }

    // Volcengine inventory ---------------------------------------------------------------
    let mut volc: Pool<String> = Pool::new();
    let mut volc_good = Vec::new();
    for _ in 0..(8 + rng.below(8)) {
        let id = f.id("i");
        let ip = f.ip("192.172");
        let odd = rng.chance(15);
        let subnet = if odd && rng.chance(50) { "subnet-d2volcb" } else { "subnet-d2volc" };
        let mut o = json!({"id": id, "vpc_id": "vpc-d2volc", "subnet_id": subnet, "private_ip": ip});
        if odd && subnet == "subnet-d2volc" {
            o["status"] = json!("STOPPED");
        }
        if !odd {
            volc_good.push(id.clone());
        }
        f.push("volcengine", VOLCENGINE_REGION, "instances", o);
        volc.add(id, !odd);
    }
    let mut volc_enis: Pool<String> = Pool::new();
    for owner in volc_good.iter().rev().take(3) {
        let id = f.id("eni");
        let ip = f.ip("192.173");
        let mut o = json!({"id": id, "instance_id": owner, "private_ips": [ip]});
        let odd = rng.chance(20);
        if odd {
            if rng.chance(50) {
                o["service_managed"] = json!(true);
            } else {
                if let Some(m) = o.as_object_mut() {
                    m.remove("instance_id");
                }
                o["vpc_id"] = json!("vpc-d2volc");
                o["subnet_id"] = json!("subnet-d2volc");
            }
        }
        f.push("volcengine", VOLCENGINE_REGION, "network_interfaces", o);
        volc_enis.add(id, !odd);
    }
    let mut havips: Pool<String> = Pool::new();
    let mut ecs_havips: Pool<String> = Pool::new();
    for _ in 0..(3 + rng.below(3)) {
        let id = f.id("havip");
        let ip = f.ip("192.174");
        let mut o = json!({"id": id, "ip": ip, "vpc_id": "vpc-d2volc", "subnet_id": "subnet-d2volc"});
        let odd = rng.chance(10);
        if odd {
            o["status"] = json!("Creating");
        }
        let mut has_ecs = false;
        if rng.chance(25) {
            let members: Vec<String> = volc_good.iter().take(1 + rng.below(9)).cloned().collect();
            if !members.is_empty() {
                o["members"] = json!(members);
                o["member_type"] = json!("EcsInstance");
                has_ecs = true;
            }
        }
        f.push("volcengine", VOLCENGINE_REGION, "havips", o);
        if has_ecs {
            ecs_havips.add(id, !odd);
        } else {
            havips.add(id, !odd);
        }
    }

    // The configuration ------------------------------------------------------------------
    let providers = format!(
        "provider \"tether\" {{\n  alias  = \"ali\"\n  cloud  = \"alibaba\"\n  region = \"{ALIBABA_REGION}\"\n}}\nprovider \"tether\" {{\n  alias  = \"tc\"\n  cloud  = \"tencent\"\n  region = \"{TENCENT_REGION}\"\n}}\nprovider \"tether\" {{\n  alias  = \"volc\"\n  cloud  = \"volcengine\"\n  region = \"{VOLCENGINE_REGION}\"\n}}\n"
    );
    let target = 5 + rng.below(21);
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut count = 0usize;
    let mut attempts = 0;
    while count < target && attempts < 200 {
        attempts += 1;
        let block: Option<(&str, &str, Args)> = match rng.below(6) {
            0 => (|| {
                let eip = ali_eips.take(&mut rng)?;
                let mut a = args(&[("eip_id", Arg::s(&eip))]);
                match rng.below(14) {
                    // An instance in another region: mostly through an EIP of a shared GA.
                    12 => {
                        let (backend, backend_region) = backends.take(&mut rng)?;
                        if rng.chance(70) {
                            if let Some(shared) = rng.pick(&shared_eips) {
                                a.insert("eip_id".into(), Arg::s(shared));
                            }
                        }
                        a.insert("instance_id".into(), Arg::s(&backend));
                        a.insert("instance_region_id".into(), Arg::s(backend_region));
                    }
                    // A bare IP address, which the resource cannot bind (no VpcId).
                    13 => {
                        a.insert("instance_id".into(), Arg::s("10.30.250.250"));
                        a.insert("instance_type".into(), Arg::s("IpAddress"));
                    }
                    0 => {
                        a.insert("instance_id".into(), Arg::s(slbs.take(&mut rng)?));
                        a.insert("instance_type".into(), Arg::s("SlbInstance"));
                    }
                    1 => {
                        let eni = enis.take(&mut rng)?;
                        a.insert("instance_id".into(), Arg::s(&eni.id));
                        a.insert("instance_type".into(), Arg::s("NetworkInterface"));
                        if rng.chance(50) {
                            a.insert("private_ip_address".into(), Arg::s(rng.pick(&eni.private_ips).cloned().unwrap_or_default()));
                        }
                    }
                    _ => {
                        let instance = ecs.take(&mut rng)?;
                        a.insert("instance_id".into(), Arg::s(&instance.id));
                        if rng.chance(10) {
                            let ip = if rng.chance(80) { instance.private_ips[0].clone() } else { "10.99.0.1".to_owned() };
                            a.insert("private_ip_address".into(), Arg::s(ip));
                        }
                    }
                }
                Some(("tether_eip_association", "tether.ali", a))
            })(),
            1 => (|| {
                let eip = tc_eips.take(&mut rng)?;
                let mut a = args(&[("eip_id", Arg::s(&eip))]);
                if rng.chance(30) {
                    let (eni, ips) = tc_enis.take(&mut rng)?;
                    a.insert("network_interface_id".into(), Arg::s(&eni));
                    let ip = if rng.chance(92) { rng.pick(&ips).cloned().unwrap_or_default() } else { "172.31.99.9".to_owned() };
                    a.insert("private_ip_address".into(), Arg::s(ip));
                } else {
                    let (instance, primary_ip) = cvms.take(&mut rng)?;
                    a.insert("instance_id".into(), Arg::s(&instance));
                    // Now and then the private IP an instance's EIP sits on is stated: mostly
                    // its primary one, sometimes another.
                    if rng.chance(10) {
                        let ip = if rng.chance(70) { primary_ip } else { "172.30.250.250".to_owned() };
                        a.insert("private_ip_address".into(), Arg::s(ip));
                    }
                }
                Some(("tether_eip_association", "tether.tc", a))
            })(),
            2 => (|| {
                if rng.chance(25) {
                    let havip = havips.take(&mut rng)?;
                    Some((
                        "tether_havip_attachment",
                        "tether.volc",
                        args(&[("havip_id", Arg::s(&havip)), ("instance_id", Arg::s(volc_enis.take(&mut rng)?)), ("instance_type", Arg::s("NetworkInterface"))]),
                    ))
                } else {
                    let havip = if rng.chance(50) { ecs_havips.take(&mut rng) } else { havips.take(&mut rng) }?;
                    Some(("tether_havip_attachment", "tether.volc", args(&[("havip_id", Arg::s(&havip)), ("instance_id", Arg::s(volc.take(&mut rng)?))])))
                }
            })(),
            3 => (|| {
                let (backend, backend_region) = backends.take(&mut rng)?;
                Some((
                    "tether_ga_backend",
                    "tether.ali",
                    args(&[
                        ("global_acceleration_instance_id", Arg::s(gas.take(&mut rng)?)),
                        ("backend_server_id", Arg::s(&backend)),
                        ("backend_server_region_id", Arg::s(backend_region)),
                    ]),
                ))
            })(),
            _ => (|| {
                let group = groups.take(&mut rng)?;
                let mut ids: Vec<String> = Vec::new();
                for _ in 0..(1 + rng.below(2)) {
                    if let Some(i) = ecs.take(&mut rng) {
                        if !ids.contains(&i.id) {
                            ids.push(i.id);
                        }
                    }
                }
                if ids.is_empty() {
                    return None;
                }
                let mut a = args(&[("scaling_group_id", Arg::s(&group)), ("instance_ids", Arg::List(ids.clone()))]);
                if rng.chance(30) {
                    a.insert("load_balancer_weights".into(), Arg::Weights(vec![(ids[0].clone(), i64::try_from(rng.below(101)).unwrap_or(50))]));
                }
                Some(("tether_ess_attachment", "tether.ali", a))
            })(),
        };
        if let Some((type_name, provider, a)) = block {
            count += 1;
            let name = format!("r{count}");
            blocks.push((format!("{type_name}.{name}"), resource_block(type_name, &name, Some(provider), &a)));
        }
    }
    World { fixtures: f, providers, blocks }
}

/// The pieces of one value, for messages.
pub fn summary(value: &Value) -> String {
    value.to_string().chars().take(400).collect()
}

/// The JSON paths at which `a` and `b` differ, with both values (at most 20).
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
        if out.len() >= 20 || a == b {
            return;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                    walk(&format!("{path}/{key}"), x.get(key).unwrap_or(&Value::Null), y.get(key).unwrap_or(&Value::Null), out);
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(&format!("{path}/{i}"), p, q, out);
                }
            }
            _ => out.push(format!("{path}: {} -> {}", summary(a), summary(b))),
        }
    }
    let mut out = Vec::new();
    walk("", a, b, &mut out);
    out
}
