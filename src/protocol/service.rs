//! The tfplugin5 `Provider` gRPC service: decodes each request into typed values, runs the
//! framework's generic steps and the provider's resources, and encodes the answer.
//! Problems are answered as diagnostics, never as gRPC errors.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::framework::diagnostics::{Diagnostic, Diagnostics};
use crate::framework::plan::plan_change;
use crate::framework::private::{Private, GONE, REPLACEMENT_CHECKED};
use crate::framework::provider::Provider;
use crate::framework::quote::{prefix, quoted};
use crate::framework::resource::{Context, PlanRequest, Resource};
use crate::framework::validators::validate_block;
use crate::framework::value::{Type, Value};
use crate::framework::AttrPath;
use crate::proto::tfplugin5 as pb;
use crate::proto::tfplugin5::provider_server::Provider as ProviderRpc;

use super::convert::{self, decode, decode_failure, encode};
use super::limits;

/// Serves one provider implementation over tfplugin5.
pub struct ProviderService<P: Provider> {
    provider: Arc<P>,
    configured: RwLock<Option<Arc<P::Configured>>>,
    stop: CancellationToken,
    /// The process serves a destroy run (see [`crate::plugin::invocation`]).
    destroy_run: bool,
    schema_response: pb::get_provider_schema::Response,
    types: HashMap<&'static str, Type>,
    provider_type: Type,
}

/// Server capabilities, chosen deliberately:
/// - `plan_destroy: false`: tether has nothing to plan for a destroy.
/// - `get_provider_schema_optional: true`: the schema is static, so Terraform may reuse a
///   cached copy instead of asking every new provider process.
/// - `move_resource_state: false`: no cross-type moves exist.
/// - `generate_resource_config: false`: Terraform writes `-generate-config-out` itself
///   from the schema, which gives the arguments tether's imports set.
pub fn server_capabilities() -> pb::ServerCapabilities {
    pb::ServerCapabilities { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false, generate_resource_config: false }
}

impl<P: Provider> ProviderService<P> {
    pub fn new(provider: P, stop: CancellationToken) -> Self {
        let schema_response = pb::get_provider_schema::Response {
            provider: Some(convert::schema(provider.schema())),
            resource_schemas: provider.resources().iter().map(|r| (r.type_name().to_owned(), convert::schema(r.schema()))).collect(),
            data_source_schemas: HashMap::new(),
            diagnostics: Vec::new(),
            provider_meta: None,
            server_capabilities: Some(server_capabilities()),
            functions: HashMap::new(),
            ephemeral_resource_schemas: HashMap::new(),
            list_resource_schemas: HashMap::new(),
            action_schemas: HashMap::new(),
        };
        let types = provider.resources().iter().map(|r| (r.type_name(), r.schema().ty())).collect();
        let provider_type = provider.schema().ty();
        ProviderService { provider: Arc::new(provider), configured: RwLock::new(None), stop, destroy_run: false, schema_response, types, provider_type }
    }

    /// Marks the process as serving a destroy run: plans skip creates' live checks.
    pub fn in_destroy_run(mut self, destroy_run: bool) -> Self {
        self.destroy_run = destroy_run;
        self
    }

    fn resource(&self, type_name: &str) -> Result<(&dyn Resource<P::Configured>, &Type), Diagnostic> {
        match (self.provider.resource(type_name), self.types.get(type_name)) {
            (Some(r), Some(t)) => Ok((r, t)),
            _ => Err(Diagnostic::error(format!("Unknown resource type {}", quoted(type_name)), "tether does not provide this resource type.")),
        }
    }

    fn configured(&self) -> Option<Arc<P::Configured>> {
        self.configured.read().ok().and_then(|c| c.clone())
    }

    fn context<'a>(&'a self, configured: &'a Option<Arc<P::Configured>>) -> Context<'a, P::Configured> {
        Context { provider: configured.as_deref(), cancel: self.stop.child_token() }
    }
}

fn encode_or_diag(value: &Value, ty: &Type, diags: &mut Diagnostics) -> Option<pb::DynamicValue> {
    match encode(value, ty) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(Diagnostic::error("tether produced a value it could not encode", format!("{e}. This is a bug in tether.")));
            None
        }
    }
}

/// The identity of a state, as protocol 5.9 carries it; `None` for a resource without
/// identity, a null state, or a state whose ID is not known yet.
fn identity_data<C: Send + Sync>(resource: &dyn Resource<C>, state: &Value) -> Option<pb::ResourceIdentityData> {
    let identity = resource.identity()?;
    if state.is_null() {
        return None;
    }
    let value = identity.of_state(state)?;
    let encoded = encode(&value, &identity.ty()).ok()?;
    Some(pb::ResourceIdentityData { identity_data: Some(encoded) })
}

/// The import ID of an import request: its ID, or the one its identity names (Terraform ≥
/// 1.12 `import { identity = {…} }` sends an empty ID and the identity).
fn import_id<C: Send + Sync>(resource: &dyn Resource<C>, id: &str, identity: Option<&pb::ResourceIdentityData>) -> Result<String, Diagnostic> {
    let given = identity.and_then(|i| i.identity_data.as_ref());
    match (id.is_empty(), given, resource.identity()) {
        (false, _, _) => Ok(id.to_owned()),
        (true, Some(data), Some(schema)) => match decode(Some(data), &schema.ty()) {
            Ok(value) if value.is_wholly_known() => schema.import_id(&value),
            Ok(_) => Err(Diagnostic::error("The import identity is not known", "Every identity attribute must be known when importing.")),
            Err(e) => Err(decode_failure("import identity", &e)),
        },
        (true, Some(_), None) => Err(Diagnostic::error("This resource type has no identity", format!("Import {} by its ID instead.", quoted(resource.type_name())))),
        (true, None, _) => Err(Diagnostic::error("Missing import ID", "Neither an import ID nor an identity was given.")),
    }
}

/// Replaces unknowns left in an applied state by null, and says so.
fn settle_unknowns(value: Value, diags: &mut Diagnostics) -> Value {
    if value.is_wholly_known() {
        return value;
    }
    let Value::Object(attrs) = value else { return Value::Null };
    let mut out = attrs.clone();
    for (name, v) in &attrs {
        if !v.is_wholly_known() {
            diags.push(Diagnostic::warning(format!("{name} is not known after apply"), "The cloud did not report this value; it is stored as null.").at(AttrPath::attr(name)));
            out.insert(name.clone(), Value::Null);
        }
    }
    Value::Object(out)
}

#[tonic::async_trait]
impl<P: Provider> ProviderRpc for ProviderService<P> {
    async fn get_metadata(&self, _request: Request<pb::get_metadata::Request>) -> Result<Response<pb::get_metadata::Response>, Status> {
        Ok(Response::new(pb::get_metadata::Response {
            server_capabilities: Some(server_capabilities()),
            diagnostics: Vec::new(),
            data_sources: Vec::new(),
            resources: self.provider.resources().iter().map(|r| pb::get_metadata::ResourceMetadata { type_name: r.type_name().to_owned() }).collect(),
            functions: Vec::new(),
            ephemeral_resources: Vec::new(),
            list_resources: Vec::new(),
            actions: Vec::new(),
        }))
    }

    async fn get_schema(&self, _request: Request<pb::get_provider_schema::Request>) -> Result<Response<pb::get_provider_schema::Response>, Status> {
        tracing::debug!(rpc = "GetSchema", "serving provider schema");
        Ok(Response::new(self.schema_response.clone()))
    }

    async fn prepare_provider_config(&self, request: Request<pb::prepare_provider_config::Request>) -> Result<Response<pb::prepare_provider_config::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        match decode(req.config.as_ref(), &self.provider_type) {
            Ok(config) => {
                validate_block(&self.provider.schema().block, &config, &AttrPath::root(), &mut diags);
                self.provider.validate(&config, &mut diags);
            }
            Err(e) => diags.push(decode_failure("provider configuration", &e)),
        }
        Ok(Response::new(pb::prepare_provider_config::Response { prepared_config: None, diagnostics: convert::diagnostics(&diags) }))
    }

    async fn validate_resource_type_config(
        &self,
        request: Request<pb::validate_resource_type_config::Request>,
    ) -> Result<Response<pb::validate_resource_type_config::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok((resource, ty)) => match decode(req.config.as_ref(), ty) {
                Ok(config) => {
                    validate_block(&resource.schema().block, &config, &AttrPath::root(), &mut diags);
                    resource.validate(&config, &mut diags);
                }
                Err(e) => diags.push(decode_failure("resource configuration", &e)),
            },
        }
        tracing::debug!(rpc = "ValidateResourceTypeConfig", type_name = %prefix(&req.type_name), diagnostics = diags.0.len());
        Ok(Response::new(pb::validate_resource_type_config::Response { diagnostics: convert::diagnostics(&diags) }))
    }

    async fn validate_data_source_config(&self, request: Request<pb::validate_data_source_config::Request>) -> Result<Response<pb::validate_data_source_config::Response>, Status> {
        let req = request.into_inner();
        let diags = Diagnostics::from(Diagnostic::error(format!("Unknown data source {}", quoted(&req.type_name)), "tether provides no data sources."));
        Ok(Response::new(pb::validate_data_source_config::Response { diagnostics: convert::diagnostics(&diags) }))
    }

    async fn upgrade_resource_state(&self, request: Request<pb::upgrade_resource_state::Request>) -> Result<Response<pb::upgrade_resource_state::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut upgraded = None;
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok((resource, ty)) => {
                let current = resource.schema().version;
                let raw = req.raw_state.unwrap_or_default();
                if req.version > current {
                    diags.error(
                        "Resource state was written by a newer tether",
                        format!("The state has schema version {} but this tether knows version {current}; upgrade the provider.", req.version),
                    );
                } else if raw.json.is_empty() {
                    diags.error("Unsupported resource state format", "tether reads only JSON state (Terraform 0.12 and later).");
                } else {
                    match super::codec::decode_json_bytes(&raw.json, ty) {
                        Ok(state) => upgraded = encode_or_diag(&state, ty, &mut diags),
                        Err(e) => diags.push(decode_failure("stored resource state", &e)),
                    }
                }
            }
        }
        Ok(Response::new(pb::upgrade_resource_state::Response { upgraded_state: upgraded, diagnostics: convert::diagnostics(&diags) }))
    }

    async fn get_resource_identity_schemas(
        &self,
        _request: Request<pb::get_resource_identity_schemas::Request>,
    ) -> Result<Response<pb::get_resource_identity_schemas::Response>, Status> {
        let identity_schemas = self.provider.resources().iter().filter_map(|r| Some((r.type_name().to_owned(), convert::identity_schema(r.identity()?)))).collect();
        Ok(Response::new(pb::get_resource_identity_schemas::Response { identity_schemas, diagnostics: Vec::new() }))
    }

    async fn upgrade_resource_identity(&self, request: Request<pb::upgrade_resource_identity::Request>) -> Result<Response<pb::upgrade_resource_identity::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut upgraded_identity = None;
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok((resource, _)) => match resource.identity() {
                None => diags.error("This resource type has no identity", format!("{} declares no resource identity; remove the stored identity.", quoted(&req.type_name))),
                Some(identity) if req.version > identity.version => diags.error(
                    "Resource identity was written by a newer tether",
                    format!("The stored identity has version {} but this tether knows version {}; upgrade the provider.", req.version, identity.version),
                ),
                Some(identity) => {
                    let raw = req.raw_identity.unwrap_or_default();
                    // Terraform asks even when it stored no identity (an empty document):
                    // there is nothing to upgrade; the next read reports the identity.
                    if raw.json.is_empty() {
                        return Ok(Response::new(pb::upgrade_resource_identity::Response { upgraded_identity: None, diagnostics: Vec::new() }));
                    }
                    match super::codec::decode_json_bytes(&raw.json, &identity.ty()) {
                        Ok(value) => upgraded_identity = encode_or_diag(&value, &identity.ty(), &mut diags).map(|v| pb::ResourceIdentityData { identity_data: Some(v) }),
                        Err(e) => diags.push(decode_failure("stored resource identity", &e)),
                    }
                }
            },
        }
        Ok(Response::new(pb::upgrade_resource_identity::Response { upgraded_identity, diagnostics: convert::diagnostics(&diags) }))
    }

    async fn configure(&self, request: Request<pb::configure::Request>) -> Result<Response<pb::configure::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        tracing::info!(rpc = "Configure", terraform_version = %prefix(&req.terraform_version), "configuring provider");
        match decode(req.config.as_ref(), &self.provider_type) {
            Ok(config) => {
                let configured = self.provider.configure(&config, &mut diags).await;
                if let Ok(mut slot) = self.configured.write() {
                    *slot = configured.map(Arc::new);
                }
            }
            Err(e) => diags.push(decode_failure("provider configuration", &e)),
        }
        Ok(Response::new(pb::configure::Response { diagnostics: convert::diagnostics(&diags) }))
    }

    async fn read_resource(&self, request: Request<pb::read_resource::Request>) -> Result<Response<pb::read_resource::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut new_state = req.current_state.clone();
        let mut new_private = req.private.clone();
        let mut new_identity = req.current_identity.clone();
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok((resource, ty)) => match decode(req.current_state.as_ref(), ty) {
                Err(e) => diags.push(decode_failure("resource state", &e)),
                Ok(state) => {
                    let configured = self.configured();
                    let ctx = self.context(&configured);
                    let mut private = Private::from_bytes(&req.private);
                    let read = resource.read(&ctx, &state, &mut private, &mut diags).await;
                    if diags.has_errors() {
                        // Keep the prior state untouched when the read failed.
                    } else {
                        let value = read.unwrap_or(Value::Null);
                        new_state = encode_or_diag(&value, ty, &mut diags);
                        new_private = private.to_bytes();
                        // Gone: no object, no identity. Else the hosts store what the read
                        // returns, so the identity is always echoed.
                        new_identity = if value.is_null() { None } else { identity_data(resource, &value).or(new_identity) };
                    }
                }
            },
        }
        Ok(Response::new(pb::read_resource::Response { new_state, diagnostics: convert::diagnostics(&diags), private: new_private, deferred: None, new_identity }))
    }

    async fn plan_resource_change(&self, request: Request<pb::plan_resource_change::Request>) -> Result<Response<pb::plan_resource_change::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut planned_state = req.proposed_new_state.clone();
        let mut requires_replace = Vec::new();
        let mut planned_private = req.prior_private.clone();
        let mut planned_identity = None;
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok((resource, ty)) => {
                let decoded = (|| {
                    Ok::<_, (&str, super::codec::CodecError)>((
                        decode(req.prior_state.as_ref(), ty).map_err(|e| ("prior state", e))?,
                        decode(req.proposed_new_state.as_ref(), ty).map_err(|e| ("proposed new state", e))?,
                        decode(req.config.as_ref(), ty).map_err(|e| ("resource configuration", e))?,
                    ))
                })();
                match decoded {
                    Err((what, e)) => diags.push(decode_failure(what, &e)),
                    Ok((_, proposed, _)) if proposed.is_null() => {}
                    Ok((prior, proposed, config)) => {
                        let planned = plan_change(&resource.schema().block, &prior, &proposed, &config);
                        let mut plan = PlanRequest {
                            prior,
                            config,
                            planned: planned.state,
                            requires_replace: planned.requires_replace,
                            private: Private::from_bytes(&req.prior_private),
                            destroy_run: self.destroy_run,
                        };
                        let configured = self.configured();
                        let ctx = self.context(&configured);
                        resource.modify_plan(&ctx, &mut plan, &mut diags).await;
                        planned_state = encode_or_diag(&plan.planned, ty, &mut diags);
                        // A create's identity is known once its ID is; an update keeps the
                        // object, so it keeps the identity Terraform holds for it.
                        planned_identity = identity_data(resource, &plan.planned).or_else(|| if plan.creates_object() { None } else { req.prior_identity.clone() });
                        requires_replace = plan.requires_replace.iter().map(convert::path).collect();
                        // The probe of a replacement tells the create plan that follows that
                        // the live rules ran; that plan drops the note again.
                        if plan.replacement_probe() {
                            plan.private.set_flag(REPLACEMENT_CHECKED);
                        } else {
                            plan.private.remove(REPLACEMENT_CHECKED);
                        }
                        if plan.is_create() {
                            // A new object starts without the drift of the one it replaces.
                            plan.private.remove(GONE);
                        }
                        planned_private = plan.private.to_bytes();
                    }
                }
            }
        }
        tracing::debug!(rpc = "PlanResourceChange", type_name = %prefix(&req.type_name), diagnostics = diags.0.len());
        Ok(Response::new(pb::plan_resource_change::Response {
            planned_state,
            requires_replace,
            planned_private,
            diagnostics: convert::diagnostics(&diags),
            legacy_type_system: false,
            deferred: None,
            planned_identity,
        }))
    }

    async fn apply_resource_change(&self, request: Request<pb::apply_resource_change::Request>) -> Result<Response<pb::apply_resource_change::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut new_state = None;
        let mut new_identity = None;
        let mut private = Private::from_bytes(&req.planned_private);
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok((resource, ty)) => {
                let decoded = decode(req.prior_state.as_ref(), ty)
                    .map_err(|e| ("prior state", e))
                    .and_then(|prior| Ok((prior, decode(req.planned_state.as_ref(), ty).map_err(|e| ("planned state", e))?)));
                match decoded {
                    Err((what, e)) => diags.push(decode_failure(what, &e)),
                    Ok((prior, planned)) => {
                        let configured = self.configured();
                        let ctx = self.context(&configured);
                        let result = if planned.is_null() {
                            resource.delete(&ctx, &prior, &mut diags).await;
                            // A failed delete leaves the object in state.
                            if diags.has_errors() {
                                prior
                            } else {
                                Value::Null
                            }
                        } else if prior.is_null() {
                            resource.create(&ctx, &planned, &mut diags).await.unwrap_or(Value::Null)
                        } else {
                            let updated = resource.update(&ctx, &prior, &planned, &mut private, &mut diags).await;
                            updated.unwrap_or(prior)
                        };
                        let result = settle_unknowns(result, &mut diags);
                        new_state = encode_or_diag(&result, ty, &mut diags);
                        new_identity = identity_data(resource, &result);
                    }
                }
            }
        }
        tracing::debug!(rpc = "ApplyResourceChange", type_name = %prefix(&req.type_name), diagnostics = diags.0.len());
        Ok(Response::new(pb::apply_resource_change::Response {
            new_state,
            private: private.to_bytes(),
            diagnostics: convert::diagnostics(&diags),
            legacy_type_system: false,
            new_identity,
        }))
    }

    async fn import_resource_state(&self, request: Request<pb::import_resource_state::Request>) -> Result<Response<pb::import_resource_state::Response>, Status> {
        let req = request.into_inner();
        let mut diags = Diagnostics::new();
        let mut imported = Vec::new();
        match self.resource(&req.type_name) {
            Err(d) => diags.push(d),
            Ok(_) if req.id.len() > limits::MAX_STRING_BYTES => {
                diags.error("The import ID is too long", format!("The ID {} is {} bytes long; tether accepts at most {}.", quoted(&req.id), req.id.len(), limits::MAX_STRING_BYTES))
            }
            Ok((resource, ty)) => {
                let id = match import_id(resource, &req.id, req.identity.as_ref()) {
                    Ok(id) => id,
                    Err(d) => {
                        diags.push(d);
                        String::new()
                    }
                };
                let configured = self.configured();
                let ctx = self.context(&configured);
                let states = if diags.has_errors() { Vec::new() } else { resource.import(&ctx, &id, &mut diags).await };
                for state in states {
                    if let Some(encoded) = encode_or_diag(&state, ty, &mut diags) {
                        imported.push(pb::import_resource_state::ImportedResource {
                            type_name: req.type_name.clone(),
                            state: Some(encoded),
                            private: Vec::new(),
                            identity: identity_data(resource, &state),
                        });
                    }
                }
            }
        }
        Ok(Response::new(pb::import_resource_state::Response { imported_resources: imported, diagnostics: convert::diagnostics(&diags), deferred: None }))
    }

    async fn move_resource_state(&self, request: Request<pb::move_resource_state::Request>) -> Result<Response<pb::move_resource_state::Response>, Status> {
        let req = request.into_inner();
        let diags = Diagnostics::from(Diagnostic::error(
            "Moving resource state is not supported",
            format!("tether cannot move {} state into {}.", quoted(&req.source_type_name), quoted(&req.target_type_name)),
        ));
        Ok(Response::new(pb::move_resource_state::Response { target_state: None, diagnostics: convert::diagnostics(&diags), target_private: Vec::new(), target_identity: None }))
    }

    async fn read_data_source(&self, request: Request<pb::read_data_source::Request>) -> Result<Response<pb::read_data_source::Response>, Status> {
        let req = request.into_inner();
        let diags = Diagnostics::from(Diagnostic::error(format!("Unknown data source {}", quoted(&req.type_name)), "tether provides no data sources."));
        Ok(Response::new(pb::read_data_source::Response { state: None, diagnostics: convert::diagnostics(&diags), deferred: None }))
    }

    async fn validate_ephemeral_resource_config(
        &self,
        request: Request<pb::validate_ephemeral_resource_config::Request>,
    ) -> Result<Response<pb::validate_ephemeral_resource_config::Response>, Status> {
        let req = request.into_inner();
        let diags = Diagnostics::from(Diagnostic::error(format!("Unknown ephemeral resource {}", quoted(&req.type_name)), "tether provides no ephemeral resources."));
        Ok(Response::new(pb::validate_ephemeral_resource_config::Response { diagnostics: convert::diagnostics(&diags) }))
    }

    async fn get_functions(&self, _request: Request<pb::get_functions::Request>) -> Result<Response<pb::get_functions::Response>, Status> {
        Ok(Response::new(pb::get_functions::Response { functions: HashMap::new(), diagnostics: Vec::new() }))
    }

    async fn call_function(&self, request: Request<pb::call_function::Request>) -> Result<Response<pb::call_function::Response>, Status> {
        let req = request.into_inner();
        Ok(Response::new(pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError { text: format!("tether provides no function {}", quoted(&req.name)), function_argument: None }),
        }))
    }

    async fn stop(&self, _request: Request<pb::stop::Request>) -> Result<Response<pb::stop::Response>, Status> {
        tracing::info!(rpc = "Stop", "cancelling in-flight operations");
        self.stop.cancel();
        Ok(Response::new(pb::stop::Response { error: String::new() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{Attribute, Block, Declaration, Schema};
    use async_trait::async_trait;

    /// A resource whose create waits until the operation is cancelled.
    struct Blocking(Declaration);

    #[async_trait]
    impl Resource<()> for Blocking {
        fn declaration(&self) -> &Declaration {
            &self.0
        }
        async fn create(&self, ctx: &Context<'_, ()>, _planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
            ctx.cancel.cancelled().await;
            diags.error("cancelled", "Stop was received");
            None
        }
        async fn read(&self, _ctx: &Context<'_, ()>, state: &Value, _private: &mut Private, _diags: &mut Diagnostics) -> Option<Value> {
            Some(state.clone())
        }
        async fn delete(&self, _ctx: &Context<'_, ()>, _state: &Value, _diags: &mut Diagnostics) {}
        async fn import(&self, _ctx: &Context<'_, ()>, _id: &str, _diags: &mut Diagnostics) -> Vec<Value> {
            Vec::new()
        }
    }

    struct TestProvider(Schema, Vec<Box<dyn Resource<()>>>);

    #[async_trait]
    impl Provider for TestProvider {
        type Configured = ();
        fn schema(&self) -> &Schema {
            &self.0
        }
        async fn configure(&self, _config: &Value, _diags: &mut Diagnostics) -> Option<()> {
            Some(())
        }
        fn resources(&self) -> &[Box<dyn Resource<()>>] {
            &self.1
        }
    }

    #[tokio::test]
    async fn stop_cancels_in_flight_apply() {
        let schema = Schema::new(0, Block::new("").attribute(Attribute::string("id").computed()));
        let provider = TestProvider(
            Schema::new(0, Block::new("")),
            vec![Box::new(Blocking(Declaration { type_name: "test_blocking", schema: schema.clone(), identity: None, clouds: &[], rules: Default::default() }))],
        );
        let service = Arc::new(ProviderService::new(provider, CancellationToken::new()));
        let planned = encode(&Value::Object([("id".to_owned(), Value::Unknown)].into()), &schema.ty()).unwrap();
        let apply = {
            let service = service.clone();
            tokio::spawn(async move {
                service
                    .apply_resource_change(Request::new(pb::apply_resource_change::Request {
                        type_name: "test_blocking".into(),
                        planned_state: Some(planned),
                        ..Default::default()
                    }))
                    .await
            })
        };
        // Stop is answered while the apply is in flight, and the apply then returns.
        service.stop(Request::new(pb::stop::Request {})).await.unwrap();
        let response = apply.await.unwrap().unwrap().into_inner();
        assert_eq!(response.diagnostics.len(), 1);
        assert_eq!(response.diagnostics[0].summary, "cancelled");
    }
}
