//! Resolving the provider configuration each resource instance of a plan uses to its cloud,
//! region and endpoint.
//!
//! What the plan JSON gives (`configuration.provider_config`, `provider_config_key` on
//! each configuration resource, `variables`) is the same in Terraform and OpenTofu: a
//! provider argument is `{"constant_value": …}` or `{"references": ["var.x", …]}`, and a
//! module's own provider block has a `module_address` and a key like `module.m:tether`.
//!
//! OpenTofu (1.9 and later) also lets a provider block have `for_each`; its arguments then use
//! `each.key`/`each.value`, and a resource picks one instance with
//! `provider = tether.by_region[each.key]`. The plan JSON records neither the `for_each`
//! nor the instance key (the configuration resource's `provider_config_key` is
//! `tether.by_region`, and `resource_changes[].provider_name` is the provider's source
//! address), so for such a provider the configuration files under the source directory are
//! read ([`super::hcl`]): the provider block's `for_each`, the resource block's `provider`
//! argument, and the provider's arguments. When any of that cannot be found or evaluated the
//! instance is [`Unresolved`], with the reason; it is never given another instance's region.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::Value as J;

use super::hcl::{self, Body, BodyExt, Expr, ObjectKey, Scope, Step};
use super::plan::{ProviderRef, Unresolved};

/// The provider arguments that decide where a resource's API calls go.
const PLACE_ARGUMENTS: [&str; 3] = ["cloud", "region", "endpoint"];

/// Meta-arguments of a provider block, which the plan JSON's `expressions` leave out.
const META_ARGUMENTS: [&str; 3] = ["alias", "for_each", "version"];

/// How deep `var`/`local` lookups may chain (through module calls and locals).
const MAX_DEPTH: usize = 16;

/// One entry of the plan's `configuration.provider_config`.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// Its key there: `tether.ali`, `module.m:tether`.
    pub key: String,
    /// Its alias, empty for none.
    pub alias: String,
    /// The module it is declared in, as a [`super::plan::Plan::module_dirs`] key (`""`,
    /// `module.m.`).
    pub module: String,
    expressions: J,
    /// Whether a place argument refers to `each` (the block has `for_each`): each resource
    /// instance's configuration is resolved on its own.
    pub per_instance: bool,
}

impl ProviderConfig {
    pub fn from_json(key: &str, config: &J) -> Self {
        let expressions = config.get("expressions").cloned().unwrap_or(J::Null);
        let per_instance = PLACE_ARGUMENTS.iter().any(|a| {
            expressions
                .get(a)
                .and_then(|e| e.get("references"))
                .and_then(J::as_array)
                .is_some_and(|refs| refs.iter().filter_map(J::as_str).any(|r| r == "each" || r.starts_with("each.")))
        });
        let module = config.get("module_address").and_then(J::as_str).filter(|m| !m.is_empty()).map(|m| format!("{m}.")).unwrap_or_default();
        ProviderConfig { key: key.to_owned(), alias: config.get("alias").and_then(J::as_str).unwrap_or_default().to_owned(), module, expressions, per_instance }
    }

    fn name(&self) -> &str {
        let local = self.key.rsplit_once(':').map_or(self.key.as_str(), |(_, l)| l);
        local.split('.').next().unwrap_or(local)
    }
}

/// Reads values for provider arguments from the plan and, where it falls short, from the
/// configuration source.
pub struct Resolver<'a> {
    variables: &'a J,
    root_module: &'a J,
    module_dirs: &'a BTreeMap<String, String>,
    source_dir: Option<&'a Path>,
    /// Each module's `.tf` files parsed, by module key; `Err` says why there are none.
    bodies: RefCell<BTreeMap<String, Result<Rc<Body>, String>>>,
    /// `for_each` values evaluated, by block (`resource module.m.tether_x.y`): evaluated once,
    /// not once per instance.
    for_each: RefCell<BTreeMap<String, Result<Rc<J>, String>>>,
}

impl<'a> Resolver<'a> {
    pub fn new(variables: &'a J, root_module: &'a J, module_dirs: &'a BTreeMap<String, String>, source_dir: Option<&'a Path>) -> Self {
        Resolver { variables, root_module, module_dirs, source_dir, bodies: RefCell::new(BTreeMap::new()), for_each: RefCell::new(BTreeMap::new()) }
    }

    /// A provider configuration without `for_each`: the same for every resource using it.
    /// Arguments that cannot be evaluated are left unknown (rules then group by the block).
    pub fn static_provider(&self, config: &ProviderConfig) -> ProviderRef {
        let block = self.provider_block(config).ok();
        let scope = ModuleScope { resolver: self, module: config.module.clone(), each: None, depth: 0 };
        // From the source when it matches the plan, else from the plan alone.
        let value =
            |attr: &str| block.as_ref().and_then(|b| self.argument(config, Some(&b.1), attr, &scope).ok()).or_else(|| self.argument(config, None, attr, &scope).ok()).flatten();
        ProviderRef { key: config.key.clone(), cloud: value("cloud"), region: value("region"), endpoint: value("endpoint"), unresolved: None }
    }

    /// The configuration a resource instance uses of a provider with `for_each`.
    pub fn instance_provider(&self, config: &ProviderConfig, change: &J, address: &str, resource_type: &str, name: &str, module: &str) -> ProviderRef {
        match self.try_instance_provider(config, change, resource_type, name, module) {
            Ok(p) => p,
            Err(reason) => ProviderRef { key: format!("{}[?]", config.key), unresolved: Some(Unresolved { resource: address.to_owned(), reason }), ..ProviderRef::default() },
        }
    }

    fn try_instance_provider(&self, config: &ProviderConfig, change: &J, resource_type: &str, name: &str, module: &str) -> Result<ProviderRef, String> {
        let key = &config.key;
        if self.source_dir.is_none() {
            return Err(format!("provider {key} has for_each (its arguments use each), and the plan JSON records neither that for_each nor which instance a resource uses; no configuration source was given to read them from"));
        }
        let body = self.module_body(module)?;
        let dir = self.module_dirs.get(module).cloned().unwrap_or_else(|| ".".into());
        let resource = body.labelled("resource", &[resource_type, name]).into_iter().next().ok_or_else(|| format!("its resource block is not in the .tf files of {dir}"))?;
        let resource_each = || self.each_of(&format!("resource {module}{resource_type}.{name}"), module, resource.body.attribute("for_each"), change.get("index"));
        // Where the instance is chosen: the resource's own provider argument, or (for a
        // provider passed into the resource's module) the calling module block's `providers`.
        let (reference, written_in, each, place) = if module == config.module {
            let reference =
                resource.body.attribute("provider").ok_or_else(|| format!("its resource block in {dir} has no provider argument, but the plan gives it provider {key}"))?;
            (reference.clone(), module.to_owned(), resource_each(), format!("its provider argument in {dir}"))
        } else {
            let (parent, call) = split_module(module);
            if module.is_empty() || parent != config.module {
                return Err(format!(
                    "it is in {} and uses provider {key} of {} passed down through more than one module call; tether check follows one",
                    module_name(module),
                    module_name(&config.module)
                ));
            }
            // The provider's name inside the module: the resource's provider argument, else
            // the default configuration.
            let local = match resource.body.attribute("provider") {
                Some(r) => hcl::render(r),
                None => config.name().to_owned(),
            };
            let parent_body = self.module_body(&parent)?;
            let parent_dir = self.module_dirs.get(&parent).cloned().unwrap_or_else(|| ".".into());
            let block = parent_body.labelled("module", &[&call]).into_iter().next().ok_or_else(|| format!("the module block {call} is not in the .tf files of {parent_dir}"))?;
            let passed = match block.body.attribute("providers") {
                Some(Expr::Object(items)) => items
                    .iter()
                    .find(|(k, _)| match k {
                        ObjectKey::Expression(Expr::String(n)) => *n == local,
                        other => other.to_string() == local,
                    })
                    .map(|(_, v)| v.clone()),
                _ => None,
            };
            let reference = passed.ok_or_else(|| {
                format!("the module block {call} in {parent_dir} does not pass {local} in its providers argument, but the plan gives {} provider {key}", module_name(module))
            })?;
            let module_key = change.get("module_address").and_then(J::as_str).and_then(|m| m.rsplit_once("module.")).and_then(|(_, last)| hcl::parse_expression(last).ok());
            let index = match module_key.as_ref().and_then(hcl::traversal) {
                Some((_, [Step::Index(Expr::String(k))])) => Some(J::String(k.clone())),
                _ => None,
            };
            let each = self.each_of(&format!("module {module}"), &parent, block.body.attribute("for_each"), index.as_ref()).map_err(|e| format!("module block {call}: {e}"));
            (reference, parent, each, format!("the providers argument of module {call} in {parent_dir}"))
        };
        let instance_key = match hcl::traversal(&reference) {
            Some((root, steps)) if root == config.name() => match steps {
                [Step::GetAttr(alias), Step::Index(k)] if alias.as_str() == config.alias => k,
                [Step::GetAttr(alias)] if alias.as_str() == config.alias => return Err(format!("{place} names provider {key} without an instance key")),
                _ => return Err(format!("{place}, {}, does not name an instance of {key}: the source does not match the plan", hcl::render(&reference))),
            },
            _ => return Err(format!("{place}, {}, is not a provider reference", hcl::render(&reference))),
        };
        // `each` matters only when the key uses it.
        let each = if hcl::roots(instance_key).iter().any(|r| r.starts_with("each.")) { each? } else { each.unwrap_or(None) };
        let scope = ModuleScope { resolver: self, module: written_in, each, depth: 0 };
        let instance = match hcl::eval(instance_key, &scope) {
            Ok(J::String(k)) => k,
            Ok(other) => return Err(format!("its provider instance key {} is {other}, not a string", hcl::render(instance_key))),
            Err(e) => return Err(format!("its provider instance key {} cannot be evaluated: {e}", hcl::render(instance_key))),
        };

        let (provider_dir, block) = self.provider_block(config)?;
        let for_each = block.attribute("for_each").ok_or_else(|| {
            format!("the provider block of {key} in {provider_dir} has no for_each, but the plan's configuration uses each in it: the source does not match the plan")
        })?;
        let instances = self.eval_for_each(&format!("provider {key}"), &config.module, for_each);
        let value = match instances.as_deref() {
            Ok(J::Object(map)) => map.get(&instance),
            Ok(J::Array(items)) => items.iter().find(|i| i.as_str() == Some(instance.as_str())),
            Ok(other) => return Err(format!("the for_each of provider {key} is {}, not a map or a set of strings", hcl::kind(other))),
            Err(e) => return Err(format!("the for_each of provider {key} ({}) cannot be evaluated: {e}", hcl::render(for_each))),
        };
        let Some(value) = value else {
            let known: Vec<String> = match instances.as_deref() {
                Ok(J::Object(map)) => map.keys().map(|k| format!("{k:?}")).collect(),
                Ok(J::Array(items)) => items.iter().map(J::to_string).collect(),
                _ => Vec::new(),
            };
            return Err(format!("its provider instance key {instance:?} is not among the instances of provider {key} ({})", known.join(", ")));
        };
        let each_scope = ModuleScope { resolver: self, module: config.module.clone(), each: Some((J::String(instance.clone()), value.clone())), depth: 0 };
        let mut place = BTreeMap::new();
        for attr in PLACE_ARGUMENTS {
            let v = self.argument(config, Some(&block), attr, &each_scope).map_err(|e| format!("argument {attr} of provider {key}[{instance:?}]: {e}"))?;
            place.insert(attr, v);
        }
        let mut take = |a: &str| place.remove(a).flatten();
        Ok(ProviderRef { key: format!("{key}[{instance:?}]"), cloud: take("cloud"), region: take("region"), endpoint: take("endpoint"), unresolved: None })
    }

    /// `each` of a block with `for_each` (a resource or module call, in `module`) for the
    /// instance with key `index`; `None` without `for_each` or a string key.
    /// `block` names the block for the cache of evaluated `for_each` values.
    fn each_of(&self, block: &str, module: &str, for_each: Option<&Expr>, index: Option<&J>) -> Result<Option<(J, J)>, String> {
        let (Some(for_each), Some(J::String(k))) = (for_each, index) else { return Ok(None) };
        let value = match self.eval_for_each(block, module, for_each).as_deref() {
            Ok(J::Object(map)) => map.get(k).cloned().ok_or_else(|| format!("the key {k:?} is not in its for_each"))?,
            Ok(J::Array(_)) => J::String(k.clone()),
            Ok(other) => return Err(format!("its for_each is {}, not a map or a set", hcl::kind(other))),
            Err(e) => return Err(format!("its for_each ({}) cannot be evaluated: {e}", hcl::render(for_each))),
        };
        Ok(Some((J::String(k.clone()), value)))
    }

    /// A block's `for_each`, evaluated once per block.
    fn eval_for_each(&self, block: &str, module: &str, for_each: &Expr) -> Result<Rc<J>, String> {
        if let Some(done) = self.for_each.borrow().get(block) {
            return done.clone();
        }
        let scope = ModuleScope { resolver: self, module: module.to_owned(), each: None, depth: 0 };
        let result = hcl::eval(for_each, &scope).map(Rc::new);
        self.for_each.borrow_mut().insert(block.to_owned(), result.clone());
        result
    }

    /// A provider argument's value: the plan's constant, else its expression in the source
    /// block, else (no source) the one reference the plan lists for it. `None` when the
    /// argument is not set.
    fn argument(&self, config: &ProviderConfig, block: Option<&Body>, attr: &str, scope: &ModuleScope) -> Result<Option<String>, String> {
        let json = config.expressions.get(attr);
        let source = block.and_then(|b| b.attribute(attr));
        if let Some(constant) = json.and_then(|e| e.get("constant_value")) {
            return string(constant).map(Some);
        }
        if let Some(expr) = source {
            // The plan lists what the expression refers to: the source's must be the same.
            let in_plan: BTreeSet<String> = json
                .and_then(|e| e.get("references"))
                .and_then(J::as_array)
                .map(|refs| refs.iter().filter_map(J::as_str).flat_map(|r| hcl::parse_expression(r).map(|e| hcl::roots(&e)).unwrap_or_default()).collect())
                .unwrap_or_default();
            let in_source = hcl::roots(expr);
            if in_plan != in_source {
                return Err(format!(
                    "in the source it refers to [{}], in the plan to [{}]: the source does not match the plan",
                    in_source.into_iter().collect::<Vec<_>>().join(", "),
                    in_plan.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
            return hcl::eval(expr, scope).and_then(|v| string(&v)).map(Some);
        }
        match json {
            Some(expr) => json_expression(expr, scope).and_then(|v| string(&v)).map(Some),
            None => Ok(None),
        }
    }

    /// The provider block of a configuration in its module's files, with the module's
    /// directory; checked against the plan's record of the block.
    fn provider_block(&self, config: &ProviderConfig) -> Result<(String, Body), String> {
        let body = self.module_body(&config.module)?;
        let dir = self.module_dirs.get(&config.module).cloned().unwrap_or_else(|| ".".into());
        let scope = ModuleScope { resolver: self, module: config.module.clone(), each: None, depth: 0 };
        let block = body
            .labelled("provider", &[config.name()])
            .into_iter()
            .find(|b| match b.body.attribute("alias") {
                Some(alias) => hcl::eval(alias, &scope).ok().and_then(|a| a.as_str().map(|a| a == config.alias)).unwrap_or(false),
                None => config.alias.is_empty(),
            })
            .ok_or_else(|| format!("the provider block of {} is not in the .tf files of {dir}", config.key))?;
        let in_source: Vec<&str> = block.body.attributes().map(|a| a.key.as_str()).filter(|n| !META_ARGUMENTS.contains(n)).collect();
        let in_plan: Vec<&str> = config.expressions.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        if PLACE_ARGUMENTS.iter().any(|a| in_source.contains(a) != in_plan.contains(a)) {
            return Err(format!("the provider block of {} in {dir} sets other arguments than the plan records: the source does not match the plan", config.key));
        }
        Ok((dir, block.body.clone()))
    }

    /// All `.tf` files of a module, as one body.
    fn module_body(&self, module: &str) -> Result<Rc<Body>, String> {
        if let Some(cached) = self.bodies.borrow().get(module) {
            return cached.clone();
        }
        let result = self.read_module(module);
        self.bodies.borrow_mut().insert(module.to_owned(), result.clone());
        result
    }

    fn read_module(&self, module: &str) -> Result<Rc<Body>, String> {
        let root = self.source_dir.ok_or_else(|| "no configuration source was given".to_owned())?;
        let dir = self.module_dirs.get(module).ok_or_else(|| format!("the source of {} is not a local directory", module_name(module)))?;
        let path: PathBuf = if dir == "." { root.to_owned() } else { root.join(dir.trim_start_matches("./")) };
        let entries =
            std::fs::read_dir(&path).map_err(|e| format!("the configuration source {} cannot be read ({e}); is --source-dir where the plan was made?", path.display()))?;
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file()).collect();
        if files.is_empty() {
            return Err(format!("there are no .tf files in {}; is --source-dir where the plan was made?", path.display()));
        }
        files.sort();
        let mut body = Body::default();
        for file in files {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let parsed = hcl::parse_body(&text).map_err(|e| format!("cannot parse {}: {e}", file.display()))?;
            body.0.extend(parsed.into_inner());
        }
        Ok(Rc::new(body))
    }

    /// `var.NAME` in a module: the root's value from the plan, or the module call's argument
    /// (from the source, else the plan), or the variable's default.
    fn variable(&self, module: &str, name: &str, depth: usize) -> Result<J, String> {
        if depth > MAX_DEPTH {
            return Err("variables refer to each other too deeply".into());
        }
        if module.is_empty() {
            return self.variables.get(name).and_then(|v| v.get("value")).cloned().ok_or_else(|| format!("var.{name} has no value in the plan"));
        }
        let (parent, call) = split_module(module);
        let call_json = module_call(self.root_module, module);
        let parent_scope = ModuleScope { resolver: self, module: parent.clone(), each: None, depth: depth + 1 };
        let from_source = self.module_body(&parent).ok().and_then(|body| body.labelled("module", &[&call]).into_iter().next().and_then(|b| b.body.attribute(name).cloned()));
        if let Some(expr) = from_source {
            return hcl::eval(&expr, &parent_scope);
        }
        if let Some(expr) = call_json.and_then(|c| c.get("expressions")).and_then(|e| e.get(name)) {
            return json_expression(expr, &parent_scope);
        }
        if let Some(default) = call_json.and_then(|c| c.get("module")).and_then(|m| m.get("variables")).and_then(|v| v.get(name)).and_then(|v| v.get("default")) {
            return Ok(default.clone());
        }
        Err(format!("var.{name} of {} has no value the plan or the source states", module_name(module)))
    }

    /// `local.NAME` in a module, from its `locals` blocks in the source.
    fn local(&self, module: &str, name: &str, depth: usize) -> Result<J, String> {
        if depth > MAX_DEPTH {
            return Err("locals refer to each other too deeply".into());
        }
        let body = self.module_body(module).map_err(|e| format!("local.{name} needs the configuration source: {e}"))?;
        let expr =
            body.labelled("locals", &[]).into_iter().find_map(|b| b.body.attribute(name)).ok_or_else(|| format!("local.{name} is not in the source of {}", module_name(module)))?;
        hcl::eval(expr, &ModuleScope { resolver: self, module: module.to_owned(), each: None, depth: depth + 1 })
    }
}

/// Names in a module, for evaluating expressions written there.
struct ModuleScope<'r, 'a> {
    resolver: &'r Resolver<'a>,
    module: String,
    each: Option<(J, J)>,
    depth: usize,
}

impl Scope for ModuleScope<'_, '_> {
    fn variable(&self, name: &str) -> Result<J, String> {
        self.resolver.variable(&self.module, name, self.depth)
    }
    fn local(&self, name: &str) -> Result<J, String> {
        self.resolver.local(&self.module, name, self.depth)
    }
    fn each(&self) -> Option<(&J, &J)> {
        self.each.as_ref().map(|(k, v)| (k, v))
    }
}

/// An expression as the plan JSON records it: a constant, or a single reference such as
/// `var.regions["hz"]` (the plan lists every prefix of a reference too). Several distinct
/// references (a template or function over them) cannot be evaluated from the plan alone.
fn json_expression(expr: &J, scope: &dyn Scope) -> Result<J, String> {
    if let Some(constant) = expr.get("constant_value") {
        return Ok(constant.clone());
    }
    let refs: Vec<&str> = expr.get("references").and_then(J::as_array).map(|r| r.iter().filter_map(J::as_str).collect()).unwrap_or_default();
    let Some(longest) = refs.iter().max_by_key(|r| r.len()) else {
        return Err("the plan records no value or reference for it".into());
    };
    if refs.iter().any(|r| !longest.starts_with(r)) {
        return Err(format!("it combines several references ({}); the plan alone does not say how", refs.join(", ")));
    }
    let expr = hcl::parse_expression(longest).map_err(|e| format!("the plan's reference {longest} cannot be read: {e}"))?;
    hcl::eval(&expr, scope)
}

fn string(value: &J) -> Result<String, String> {
    match value {
        J::String(s) => Ok(s.clone()),
        other => Err(format!("the value {other} is not a string")),
    }
}

/// `module.a.module.b.` → (`module.a.`, `b`).
fn split_module(module: &str) -> (String, String) {
    let trimmed = module.trim_end_matches('.');
    match trimmed.rsplit_once(".module.") {
        Some((parent, call)) => (format!("{parent}."), call.to_owned()),
        None => (String::new(), trimmed.trim_start_matches("module.").to_owned()),
    }
}

/// The plan's `module_calls` entry of a module (by key `module.a.module.b.`).
fn module_call<'j>(root: &'j J, module: &str) -> Option<&'j J> {
    let names = module.trim_end_matches('.').strip_prefix("module.")?;
    let mut current = root;
    let mut call = None;
    for name in names.split(".module.") {
        let c = current.get("module_calls")?.get(name)?;
        call = Some(c);
        current = c.get("module").unwrap_or(&J::Null);
    }
    call
}

fn module_name(module: &str) -> String {
    if module.is_empty() {
        "the root module".to_owned()
    } else {
        module.trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_keys_split_into_parent_and_call() {
        assert_eq!(split_module("module.a."), (String::new(), "a".to_owned()));
        assert_eq!(split_module("module.a.module.b."), ("module.a.".to_owned(), "b".to_owned()));
        let root = serde_json::json!({"module_calls": {"a": {"module": {"module_calls": {"b": {"source": "./b"}}}}}});
        assert_eq!(module_call(&root, "module.a.module.b.").and_then(|c| c.get("source")), Some(&J::String("./b".into())));
        assert_eq!(split_module("module.submodule.module.x."), ("module.submodule.".to_owned(), "x".to_owned()));
        assert!(module_call(&root, "").is_none());
    }

    #[test]
    fn plan_expressions_resolve_single_references_only() {
        let variables = serde_json::json!({"regions": {"value": {"hz": "cn-hangzhou"}}});
        let root = J::Null;
        let dirs = BTreeMap::new();
        let resolver = Resolver::new(&variables, &root, &dirs, None);
        let scope = ModuleScope { resolver: &resolver, module: String::new(), each: None, depth: 0 };
        let single = serde_json::json!({"references": ["var.regions[\"hz\"]", "var.regions"]});
        assert_eq!(json_expression(&single, &scope), Ok(J::String("cn-hangzhou".into())));
        let two = serde_json::json!({"references": ["var.a", "var.b"]});
        assert!(json_expression(&two, &scope).is_err());
    }
}
