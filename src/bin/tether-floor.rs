//! The benchmark floor: a no-op provider plugin built on tether's own transport, protocol
//! and framework layers, serving one resource, `tether_eip_association`, with the real
//! resource's schema. It keeps the configuration as the state and answers every RPC without
//! any I/O, so a plan through it costs only what Terraform and the shared layers cost for an
//! external provider. `scripts/bench` installs it in place of tether (same source address,
//! same configuration, same state) and compares the two. Not shipped; bench only.

use async_trait::async_trait;

use tether::framework::{Context, Declaration, Diagnostic, Diagnostics, PlanRequest, Provider, Resource, RuleBook, Schema, Value};
use tether::plugin::{logging, run_plugin, ServeOptions};
use tether::provider::{config, SOURCE_ADDRESS};
use tether::resources::eip_association::{EipAssociation, TYPE_NAME};

/// The floor provider: tether's provider block schema (so the configuration is tether's), no
/// configuration work.
struct FloorProvider {
    schema: Schema,
    resources: Vec<Box<dyn Resource<()>>>,
}

impl FloorProvider {
    fn new() -> Self {
        FloorProvider { schema: config::schema(), resources: vec![Box::new(FloorAssociation::new())] }
    }
}

#[async_trait]
impl Provider for FloorProvider {
    type Configured = ();

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn configure(&self, _config: &Value, _diags: &mut Diagnostics) -> Option<()> {
        Some(())
    }

    fn resources(&self) -> &[Box<dyn Resource<()>>] {
        &self.resources
    }
}

/// `tether_eip_association` with the real schema and no cloud: the state is the
/// configuration, with the computed attributes made known at apply.
struct FloorAssociation {
    declaration: Declaration,
}

impl FloorAssociation {
    fn new() -> Self {
        let schema = EipAssociation::new().schema().clone();
        FloorAssociation { declaration: Declaration { type_name: TYPE_NAME, schema, identity: None, clouds: &[], rules: RuleBook::default() } }
    }

    /// A state with every attribute null (nested blocks too).
    fn empty_state(&self) -> Value {
        let block = &self.declaration.schema.block;
        let names = block.attributes.iter().map(|a| a.name).chain(block.blocks.iter().map(|b| b.name));
        Value::Object(names.map(|name| (name.to_owned(), Value::Null)).collect())
    }
}

/// The ID tether gives an association of an EIP with an instance.
fn association_id(state: &Value) -> Value {
    match (state.attr("eip_id").as_str(), state.attr("instance_id").as_str()) {
        (Some(eip), Some(instance)) => Value::string(format!("{eip}:{instance}")),
        (Some(eip), None) => Value::string(eip),
        _ => Value::Null,
    }
}

/// The planned state with every attribute known: the ID as tether forms it, `force` false,
/// and other computed attributes the plan left unknown null (deterministic, so the next plan
/// is empty).
fn settle(planned: &Value) -> Value {
    let mut state = planned.clone();
    let id = association_id(planned);
    if let Some(attrs) = state.attrs_mut() {
        for (name, value) in attrs.iter_mut() {
            if value.is_unknown() {
                *value = match name.as_str() {
                    "id" => id.clone(),
                    "force" => Value::Bool(false),
                    _ => Value::Null,
                };
            }
        }
    }
    state
}

#[async_trait]
impl Resource<()> for FloorAssociation {
    fn declaration(&self) -> &Declaration {
        &self.declaration
    }

    async fn modify_plan(&self, _ctx: &Context<'_, ()>, _req: &mut PlanRequest, _diags: &mut Diagnostics) {}

    async fn create(&self, _ctx: &Context<'_, ()>, planned: &Value, _diags: &mut Diagnostics) -> Option<Value> {
        Some(settle(planned))
    }

    async fn read(&self, _ctx: &Context<'_, ()>, state: &Value, _private: &mut tether::framework::private::Private, _diags: &mut Diagnostics) -> Option<Value> {
        Some(state.clone())
    }

    async fn delete(&self, _ctx: &Context<'_, ()>, _state: &Value, _diags: &mut Diagnostics) {}

    async fn import(&self, _ctx: &Context<'_, ()>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some((eip, instance)) = id.split_once(':') else {
            diags.push(Diagnostic::error("Invalid import ID", "The floor imports `<eip_id>:<instance_id>`."));
            return Vec::new();
        };
        let mut state = self.empty_state();
        if let Some(attrs) = state.attrs_mut() {
            attrs.insert("id".to_owned(), Value::string(id));
            attrs.insert("eip_id".to_owned(), Value::string(eip));
            attrs.insert("instance_id".to_owned(), Value::string(instance));
            attrs.insert("force".to_owned(), Value::Bool(false));
        }
        vec![state]
    }
}

fn main() -> std::process::ExitCode {
    logging::init(logging::level_from_env());
    let options = ServeOptions { debug: false, source_address: SOURCE_ADDRESS.to_owned() };
    run_plugin("tether-floor", FloorProvider::new, options)
}
