//! Reading `terraform show -json PLANFILE`: every tether resource instance with its value
//! after the plan (known, unknown or gone) and the provider configuration it belongs to.
//!
//! Provider configurations are resolved to cloud, region and endpoint by [`super::providers`],
//! per resource instance: with OpenTofu's provider `for_each` one `provider` block is many
//! configurations, and which one an instance uses is not in the plan JSON.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as J;

use super::providers::{ProviderConfig, Resolver};

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("the input is not JSON: {0}")]
    NotJson(#[from] serde_json::Error),
    #[error("the input is JSON but not a Terraform plan: {0}")]
    NotAPlan(String),
}

/// An attribute value as the plan knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Known<T> {
    Value(T),
    /// Known only after apply.
    Unknown,
    Null,
}

/// A tether resource instance as it will be after the plan is applied.
#[derive(Clone, Debug)]
pub struct Instance {
    /// `module.net.tether_eip_association.web["a"]`.
    pub address: String,
    pub resource_type: String,
    /// The resource's name in its `resource` block.
    pub name: String,
    /// The module it is declared in, without instance keys: `""` for the root,
    /// `module.net.` for a child (a key of [`Plan::module_dirs`]).
    pub module: String,
    /// The provider block it uses, resolved to cloud and region where the plan says them.
    pub provider: ProviderRef,
    after: J,
    after_unknown: J,
    /// Its value before the plan (prior state), when it existed.
    pub before: Option<J>,
}

impl Instance {
    /// A string attribute after the plan.
    pub fn string(&self, name: &str) -> Known<String> {
        if is_unknown(&self.after_unknown, name) {
            return Known::Unknown;
        }
        match self.after.get(name) {
            Some(J::String(s)) => Known::Value(s.clone()),
            _ => Known::Null,
        }
    }

    /// The elements of a set/list-of-strings attribute; `Unknown` if the collection or any
    /// element is unknown (elements that are known are still returned in `partial`).
    pub fn strings(&self, name: &str) -> (Known<Vec<String>>, Vec<String>) {
        let known: Vec<String> = self.after.get(name).and_then(J::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default();
        let unknown = match self.after_unknown.get(name) {
            Some(J::Bool(true)) => true,
            Some(J::Array(flags)) => flags.iter().any(|f| f == &J::Bool(true)),
            _ => false,
        };
        if unknown {
            (Known::Unknown, known)
        } else if self.after.get(name).is_none_or(J::is_null) {
            (Known::Null, Vec::new())
        } else {
            (Known::Value(known.clone()), known)
        }
    }

    /// String elements of the attribute in the prior state.
    pub fn strings_before(&self, name: &str) -> Vec<String> {
        self.before.as_ref().and_then(|b| b.get(name)).and_then(J::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    }
}

fn is_unknown(after_unknown: &J, name: &str) -> bool {
    matches!(after_unknown.get(name), Some(J::Bool(true)))
}

/// Which provider configuration an instance uses, and what the plan says of its cloud and
/// region.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProviderRef {
    /// `tether`, `tether.ali`, `tether.by_region["cn-hangzhou"]` (one instance of a provider
    /// with `for_each`), or a module-scoped key (`module.m:tether`); empty when the plan does
    /// not say.
    pub key: String,
    pub cloud: Option<String>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    /// Set when the instance's provider configuration could not be told: it uses a provider
    /// with `for_each` and which instance (or that instance's arguments) could not be found.
    pub unresolved: Option<Unresolved>,
}

/// Why a resource instance's provider configuration is not known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unresolved {
    /// The resource instance's address.
    pub resource: String,
    pub reason: String,
}

impl ProviderRef {
    /// The scope of a cloud and region (`alibaba/cn-hangzhou`), also for what lives in a
    /// region other than a provider's own (a GA backend's, an EIP target's).
    pub fn scope_of(cloud: &str, region: &str) -> String {
        format!("{cloud}/{region}")
    }

    /// The account and region context rules group by: cloud and region when both are known,
    /// else the provider configuration itself. An unresolved configuration is a scope of its
    /// own (its resource is compared with no other).
    pub fn scope(&self) -> String {
        if let Some(u) = &self.unresolved {
            return format!("provider {} of {} (unresolved)", self.key, u.resource);
        }
        match (&self.cloud, &self.region) {
            (Some(c), Some(r)) => Self::scope_of(c, r),
            _ => format!("provider {}", if self.key.is_empty() { "(default)" } else { &self.key }),
        }
    }
}

/// The parts of a plan the checks use.
#[derive(Debug, Default)]
pub struct Plan {
    /// Instances that exist after the plan.
    pub instances: Vec<Instance>,
    /// Instances the plan destroys without replacement (their prior values in `before`).
    pub removed: Vec<Instance>,
    pub providers: BTreeMap<String, ProviderRef>,
    /// Where each module's files are, relative to the root module's directory, as far as the
    /// plan's configuration says: `""` → `.`, `module.net.` → `./modules/net`. Modules from a
    /// registry or another remote source are absent.
    pub module_dirs: BTreeMap<String, String>,
}

pub const RESOURCE_PREFIX: &str = "tether_";

/// Parses plan JSON text, reading no configuration source: resources using a provider with
/// `for_each` (whose arguments refer to `each`) are unresolved.
pub fn parse(text: &str) -> Result<Plan, PlanError> {
    parse_with_source(text, None)
}

/// Parses plan JSON text; `source_dir`, the directory Terraform or OpenTofu ran in, is read
/// for what the plan JSON leaves out (provider `for_each`, provider instance keys, provider
/// arguments' exact expressions).
pub fn parse_with_source(text: &str, source_dir: Option<&Path>) -> Result<Plan, PlanError> {
    let json: J = serde_json::from_str(text)?;
    let object = json.as_object().ok_or_else(|| PlanError::NotAPlan("the top level is not an object".into()))?;
    if !object.contains_key("format_version") {
        return Err(PlanError::NotAPlan("no format_version (is this `terraform show -json PLANFILE` output?)".into()));
    }
    if !object.contains_key("resource_changes") && !object.contains_key("planned_values") {
        return Err(PlanError::NotAPlan("no resource_changes or planned_values: this looks like state, not a plan".into()));
    }
    let variables = object.get("variables").cloned().unwrap_or(J::Null);
    let configuration = object.get("configuration").cloned().unwrap_or(J::Null);
    let mut configs = BTreeMap::new();
    if let Some(entries) = configuration.get("provider_config").and_then(J::as_object) {
        for (key, config) in entries {
            let name = config.get("name").and_then(J::as_str).unwrap_or_default();
            if name != "tether" {
                continue;
            }
            configs.insert(key.clone(), ProviderConfig::from_json(key, config));
        }
    }
    let mut config_keys = BTreeMap::new();
    let mut module_dirs = BTreeMap::new();
    if let Some(root) = configuration.get("root_module") {
        collect_config_keys(root, "", &mut config_keys);
        module_dirs.insert(String::new(), ".".to_owned());
        collect_module_dirs(root, "", ".", &mut module_dirs);
    }
    let resolver = Resolver::new(&variables, configuration.get("root_module").unwrap_or(&J::Null), &module_dirs, source_dir);
    let providers: BTreeMap<String, ProviderRef> = configs.values().map(|c| (c.key.clone(), resolver.static_provider(c))).collect();

    let changes = object.get("resource_changes").and_then(J::as_array).cloned().unwrap_or_default();
    let mut instances = Vec::new();
    let mut removed = Vec::new();
    for change in &changes {
        let resource_type = change.get("type").and_then(J::as_str).unwrap_or_default();
        if !resource_type.starts_with(RESOURCE_PREFIX) || change.get("mode").and_then(J::as_str) != Some("managed") {
            continue;
        }
        let address = change.get("address").and_then(J::as_str).ok_or_else(|| PlanError::NotAPlan("a resource change has no address".into()))?;
        let body = change.get("change").ok_or_else(|| PlanError::NotAPlan(format!("{address} has no change")))?;
        let actions: Vec<&str> = body.get("actions").and_then(J::as_array).map(|a| a.iter().filter_map(J::as_str).collect()).unwrap_or_default();
        let after = body.get("after").cloned().unwrap_or(J::Null);
        let gone = actions == ["delete"] || after.is_null() && !actions.contains(&"create");
        let module = change.get("module_address").and_then(J::as_str).unwrap_or_default();
        let name = change.get("name").and_then(J::as_str).unwrap_or_default();
        let module = strip_instance_keys(module);
        let config_address = format!("{module}{resource_type}.{name}");
        let key = config_keys.get(&config_address).cloned().unwrap_or_default();
        let provider = match find_config(&configs, &key) {
            Some(config) if config.per_instance => resolver.instance_provider(config, change, address, resource_type, name, &module),
            Some(config) => providers.get(&config.key).cloned().unwrap_or_default(),
            None => ProviderRef { key: key.clone(), ..ProviderRef::default() },
        };
        let before = body.get("before").filter(|b| !b.is_null()).cloned();
        if gone {
            // A destroyed instance is described by its prior value.
            let prior = before.clone().unwrap_or(J::Null);
            removed.push(Instance {
                address: address.to_owned(),
                resource_type: resource_type.to_owned(),
                name: name.to_owned(),
                module,
                provider,
                after: prior,
                after_unknown: J::Null,
                before,
            });
            continue;
        }
        instances.push(Instance {
            address: address.to_owned(),
            resource_type: resource_type.to_owned(),
            name: name.to_owned(),
            module,
            provider,
            after,
            after_unknown: body.get("after_unknown").cloned().unwrap_or(J::Null),
            before,
        });
    }
    Ok(Plan { instances, removed, providers, module_dirs })
}

/// `module.a["x"].module.b[0]` → `module.a.module.b.`
fn strip_instance_keys(module: &str) -> String {
    if module.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut depth = 0;
    for c in module.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.push('.');
    out
}

fn collect_config_keys(module: &J, prefix: &str, out: &mut BTreeMap<String, String>) {
    for resource in module.get("resources").and_then(J::as_array).into_iter().flatten() {
        if let (Some(address), Some(key)) = (resource.get("address").and_then(J::as_str), resource.get("provider_config_key").and_then(J::as_str)) {
            out.insert(format!("{prefix}{address}"), key.to_owned());
        }
    }
    for (name, call) in module.get("module_calls").and_then(J::as_object).into_iter().flatten() {
        if let Some(child) = call.get("module") {
            collect_config_keys(child, &format!("{prefix}module.{name}."), out);
        }
    }
}

/// Records the directory of every module called with a local path (`./…` or `../…`, relative
/// to the calling module's directory), as the configuration's `module_calls` give them.
fn collect_module_dirs(module: &J, prefix: &str, dir: &str, out: &mut BTreeMap<String, String>) {
    for (name, call) in module.get("module_calls").and_then(J::as_object).into_iter().flatten() {
        let Some(source) = call.get("source").and_then(J::as_str) else { continue };
        if !(source.starts_with("./") || source.starts_with("../")) {
            continue;
        }
        let child_prefix = format!("{prefix}module.{name}.");
        let child_dir = if dir == "." { source.to_owned() } else { format!("{dir}/{source}") };
        out.insert(child_prefix.clone(), child_dir.clone());
        if let Some(child) = call.get("module") {
            collect_module_dirs(child, &child_prefix, &child_dir, out);
        }
    }
}

/// Finds the provider configuration for a configuration key. Module resources name their
/// provider with a module prefix (`module.child:tether`); when that configuration is passed in
/// from the root, the root's is the one the plan describes.
fn find_config<'c>(configs: &'c BTreeMap<String, ProviderConfig>, key: &str) -> Option<&'c ProviderConfig> {
    if let Some(c) = configs.get(key) {
        return Some(c);
    }
    let (_, local) = key.rsplit_once(':')?;
    configs.get(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_a_plan() {
        assert!(matches!(parse("{"), Err(PlanError::NotJson(_))));
        assert!(matches!(parse("[]"), Err(PlanError::NotAPlan(_))));
        assert!(matches!(parse(r#"{"format_version":"1.0","values":{}}"#), Err(PlanError::NotAPlan(_))));
    }

    #[test]
    fn local_module_directories_nest_and_remote_ones_are_absent() {
        let text = r#"{
          "format_version": "1.2",
          "configuration": {"root_module": {"module_calls": {
            "net": {"source": "./modules/net", "module": {"module_calls": {"inner": {"source": "../shared", "module": {}}}}},
            "remote": {"source": "app.terraform.io/acme/net/tether", "module": {}}
          }}},
          "resource_changes": []
        }"#;
        let plan = parse(text).unwrap();
        let dirs: Vec<(&str, &str)> = plan.module_dirs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(dirs, vec![("", "."), ("module.net.", "./modules/net"), ("module.net.module.inner.", "./modules/net/../shared")]);
    }

    #[test]
    fn module_keys_lose_instance_keys() {
        assert_eq!(strip_instance_keys(r#"module.a["x"].module.b[0]"#), "module.a.module.b.");
        assert_eq!(strip_instance_keys(""), "");
    }

    #[test]
    fn reads_values_unknowns_and_providers() {
        let text = r#"{
          "format_version": "1.2",
          "variables": {"region": {"value": "cn-hangzhou"}},
          "configuration": {
            "provider_config": {"tether.ali": {"name": "tether", "alias": "ali", "expressions": {"cloud": {"constant_value": "alibaba"}, "region": {"references": ["var.region"]}}}},
            "root_module": {"resources": [{"address": "tether_eip_association.a", "provider_config_key": "tether.ali"}]}
          },
          "resource_changes": [
            {"address": "tether_eip_association.a[0]", "mode": "managed", "type": "tether_eip_association", "name": "a",
             "change": {"actions": ["create"], "before": null, "after": {"eip_id": "eip-1"}, "after_unknown": {"instance_id": true}}},
            {"address": "tether_eip_association.gone", "mode": "managed", "type": "tether_eip_association", "name": "gone",
             "change": {"actions": ["delete"], "before": {"eip_id": "eip-1"}, "after": null, "after_unknown": {}}}
          ]
        }"#;
        let plan = parse(text).unwrap();
        assert_eq!(plan.instances.len(), 1);
        assert_eq!(plan.removed.len(), 1);
        assert_eq!(plan.removed[0].string("eip_id"), Known::Value("eip-1".into()));
        let a = &plan.instances[0];
        assert_eq!(a.string("eip_id"), Known::Value("eip-1".into()));
        assert_eq!(a.string("instance_id"), Known::Unknown);
        assert_eq!(a.provider.scope(), "alibaba/cn-hangzhou");
    }
}
