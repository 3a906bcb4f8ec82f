//! `tether_ga_backend`: the backend server of an Alibaba Cloud exclusive global acceleration
//! instance (AssociateGlobalAccelerationInstance).

use tether_client::PollStep;
use tether_wire::api::alibaba_ecs::network_type as ecs_network;
use tether_wire::api::alibaba_vpc::{
    ga_status, AssociateGlobalAccelerationInstanceRequest, DescribeGlobalAccelerationInstancesRequest, GlobalAccelerationInstance, UnassociateGlobalAccelerationInstanceRequest,
};
use tether_wire::api::words::pascal::{ECS_INSTANCE, SLB_INSTANCE};
use tether_wire::constraints::alibaba_vpc;
use tether_wire::constraints::ga_backend as rules;

use super::prelude::*;
use crate::framework::validators::{NotEmpty, OneOf};

model! {
    /// What the API calls of a backend use, from its state or an apply's plan.
    pub struct Backend<'v> {
        /// The arguments in a plan, where each may be unknown yet.
        planned PlannedBackend {
            global_acceleration_instance_id / GLOBAL_ACCELERATION_INSTANCE_ID: &'v str,
            backend_server_id / BACKEND_SERVER_ID: &'v str,
            backend_server_region_id / BACKEND_SERVER_REGION_ID: &'v str,
            backend_server_type / BACKEND_SERVER_TYPE: &'v str,
        }
        id / ID: &'v Value,
        ip_address / IP_ADDRESS: &'v Value,
        status / STATUS: &'v Value,
    }
}

pub const TYPE_NAME: &str = "tether_ga_backend";
const CLOUDS: &[Cloud] = &[Cloud::Alibaba];
const CREATE_TIMEOUT: Duration = Duration::from_secs(300);
const DELETE_TIMEOUT: Duration = Duration::from_secs(300);

async fn describe(api: &CloudAccess<'_>, id: &str, ctx: &CallContext) -> Result<Option<GlobalAccelerationInstance>, ClientError> {
    let request = DescribeGlobalAccelerationInstancesRequest { region_id: api.region.to_owned(), global_acceleration_instance_id: Some(id.to_owned()), ..Default::default() };
    match api.client.call(&request, ctx).await {
        Ok(resp) => Ok(resp.global_acceleration_instances.items.into_iter().find(|g| g.global_acceleration_instance_id == id)),
        Err(e) if has_code(&e, &[alibaba_vpc::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND.code]) => Ok(None),
        Err(e) => Err(e),
    }
}

fn has_backend(ga: &GlobalAccelerationInstance, backend: &str) -> bool {
    ga.backend_servers.items.iter().any(|b| b.server_id == backend)
}

fn observed(ga: &GlobalAccelerationInstance) -> Vec<(&'static str, Value)> {
    vec![(Backend::IP_ADDRESS, Value::from(ga.ip_address.as_str())), (Backend::STATUS, Value::from(ga.status.as_str()))]
}

resource_type!(GaBackend);

/// The attributes whose values, joined by `:`, make the import ID (and the `id`).
const IMPORT_ID_PARTS: [&str; 2] = [Backend::GLOBAL_ACCELERATION_INSTANCE_ID, Backend::BACKEND_SERVER_ID];

/// The attributes that name one association, and the import ID forms they make.
fn identity() -> Identity {
    Identity::new()
        .required(Backend::GLOBAL_ACCELERATION_INSTANCE_ID, "The global acceleration instance.")
        .required(Backend::BACKEND_SERVER_ID, "The backend server.")
        .form(&IMPORT_ID_PARTS)
}

fn schema() -> Schema {
    Schema::new(
        0,
        Block::new("Binds the one backend server of an Alibaba Cloud exclusive (dedicated-bandwidth) global acceleration instance.")
            .attribute(id_attribute("<global_acceleration_instance_id>:<backend_server_id>"))
            .attribute(
                Attribute::string(Backend::GLOBAL_ACCELERATION_INSTANCE_ID).required().force_new().validate(NotEmpty).describe("The exclusive global acceleration instance."),
            )
            .attribute(Attribute::string(Backend::BACKEND_SERVER_ID).required().force_new().validate(NotEmpty).describe("The VPC ECS or SLB instance to accelerate."))
            .attribute(
                Attribute::string(Backend::BACKEND_SERVER_REGION_ID)
                    .required()
                    .force_new()
                    .validate(NotEmpty)
                    .describe("The backend's region: must differ from the provider region and lie in the instance's service area."),
            )
            .attribute(
                Attribute::string(Backend::BACKEND_SERVER_TYPE)
                    .default_value(rules::BACKEND_SERVER_TYPES.default.unwrap_or(ECS_INSTANCE))
                    .force_new()
                    .validate(OneOf(rules::BACKEND_SERVER_TYPES))
                    .describe("`EcsInstance` (default) or `SlbInstance`."),
            )
            .attribute(Attribute::string(Backend::IP_ADDRESS).computed().use_state_for_unknown().describe("The acceleration IP address."))
            .attribute(Attribute::string(Backend::STATUS).computed().use_state_for_unknown().describe("The instance's status."))
            .block(timeouts::block(CREATE_TIMEOUT, DELETE_TIMEOUT)),
    )
}

/// The documented rules beyond the attribute validators.
fn rule_book() -> RuleBook {
    RuleBook {
        rules: vec![
            Rule::config("`backend_server_region_id` differs from the provider's `region`", &[], &[rules::REGION_MUST_DIFFER]),
            Rule::config(
                "`backend_server_region_id` is an Alibaba Cloud region that a service area covers (the Middle East regions are in none)",
                &[],
                &[alibaba_vpc::INVALID_PARAMETER],
            ),
            Rule::live("the global acceleration instance exists in the provider's region", &[], &[alibaba_vpc::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND]),
            Rule::live(
                format!("the instance is exclusive (bandwidth type `{}`)", rules::EXCLUSIVE_BANDWIDTH_TYPE),
                &[],
                &[alibaba_vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS],
            ),
            Rule::live(format!("the instance has no other backend (at most {})", rules::BACKENDS_PER_INSTANCE.max), &[], &[rules::BACKENDS_PER_INSTANCE.error]),
            Rule::live("`backend_server_region_id` lies in the instance's service area", &[], &[alibaba_vpc::INVALID_PARAMETER]),
            Rule::live("the instance is `Available` (or `InUse` by the backend being replaced)", &[], &[alibaba_vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS]),
            Rule::live(
                "the backend exists in `backend_server_region_id` and is in a VPC",
                &[],
                &[alibaba_vpc::INVALID_BACKEND_SERVER_ID_NOT_FOUND, alibaba_vpc::INVALID_BACKEND_SERVER_ID_NOT_IN_VPC],
            ),
        ],
        live_when: CREATE_OR_REPLACE,
        api_notice: Some(("A legacy API", legacy_api_notice())),
    }
}

/// What the page says about AssociateGlobalAccelerationInstance.
fn legacy_api_notice() -> String {
    format!(
        "`tether_ga_backend` binds the backend with **{api}**, an API of Alibaba Cloud's legacy VPC \
         *Global Acceleration* product (exclusive global acceleration instances). The current Alibaba \
         SDKs no longer ship it: aliyun-python-sdk-vpc dropped it in 3.0.46 and the tea client \
         alibabacloud-vpc20160428 before 6.0.0, while DescribeGlobalAccelerationInstances and \
         UnassociateGlobalAccelerationInstance remain. tether calls it as its API document describes.\n\n\
         **Which accounts still have it:** those that still hold exclusive instances of the legacy \
         product; Alibaba Cloud directs new acceleration to the Global Accelerator product (GA API \
         2019-11-20), which this resource does not manage.\n\n\
         **When the cloud refuses it,** it answers HTTP {status} `{code}` (\"{message}\"). tether then \
         fails the create with the error *{summary}*, explains the above, and changes nothing; reading, \
         importing and destroying existing backends keep working.\n\n",
        api = rules::LEGACY_API,
        status = alibaba_vpc::INVALID_ACTION_NOT_FOUND.http_status,
        code = alibaba_vpc::INVALID_ACTION_NOT_FOUND.code,
        message = alibaba_vpc::INVALID_ACTION_NOT_FOUND.message,
        summary = rules::LEGACY_API_REFUSED_SUMMARY,
    )
}

#[async_trait]
impl Resource<ProviderConfig> for GaBackend {
    fn declaration(&self) -> &Declaration {
        &self.declaration
    }

    /// The backend region is a real region that some service area covers.
    fn validate(&self, config: &Value, diags: &mut Diagnostics) {
        if let Some(backend_region) = config.attr(Backend::BACKEND_SERVER_REGION_ID).as_str() {
            match rules::service_area(backend_region) {
                Err(()) => diags.push(
                    Diagnostic::rule(
                        alibaba_vpc::INVALID_PARAMETER.code,
                        format!("{backend_region:?} is not an Alibaba Cloud region"),
                        format!(
                            "backend_server_region_id must be the region of the backend server, one of: {}.",
                            rules::REGION_SERVICE_AREAS.iter().map(|(r, _)| *r).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .at(AttrPath::attr(Backend::BACKEND_SERVER_REGION_ID)),
                ),
                Ok(None) => diags.push(
                    Diagnostic::rule(
                        alibaba_vpc::INVALID_PARAMETER.code,
                        format!("{backend_region} lies in no global acceleration service area"),
                        format!("A backend must lie in the instance's service area: one of {}.", rules::SERVICE_LOCATIONS.join(", ")),
                    )
                    .at(AttrPath::attr(Backend::BACKEND_SERVER_REGION_ID)),
                ),
                Ok(Some(_)) => {}
            }
        }
    }

    async fn modify_plan(&self, ctx: &Context<'_, ProviderConfig>, req: &mut PlanRequest, diags: &mut Diagnostics) {
        if supported_cloud(ctx, TYPE_NAME, CLOUDS, diags).is_none() {
            return;
        }
        let region = ctx.provider.and_then(|p| p.region.as_deref());
        if let (Some(region), Some(backend_region)) = (region, req.config.attr(Backend::BACKEND_SERVER_REGION_ID).as_str()) {
            if region == backend_region {
                diags.push(
                    Diagnostic::rule(
                        rules::REGION_MUST_DIFFER.code,
                        "backend_server_region_id must differ from the provider region",
                        format!("The global acceleration instance is in {region}; a backend in the same region cannot be accelerated. {}", rules::REGION_MUST_DIFFER.message),
                    )
                    .at(AttrPath::attr(Backend::BACKEND_SERVER_REGION_ID)),
                );
            }
        }
        let id = joined_id(&[req.planned.attr(Backend::GLOBAL_ACCELERATION_INSTANCE_ID), req.planned.attr(Backend::BACKEND_SERVER_ID)]);
        req.set_planned(Backend::ID, id);
        plan_recreation(req);
        run_live_checks(ctx, TYPE_NAME, "the global acceleration instance", req, diags, async |api, found| check(api, req, found).await).await;
    }

    async fn create(&self, ctx: &Context<'_, ProviderConfig>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        bind(&api, planned, diags).await
    }

    async fn read(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        let api = connect(ctx, diags)?;
        read_outcome(read_state(&api, state).await.map(|observed| settle_read(state, observed, private)), state, "reading the global acceleration backend", diags)
    }

    /// In place, only what makes no API call changes, unless a refresh found the backend
    /// gone: then it is bound again.
    async fn update(&self, ctx: &Context<'_, ProviderConfig>, prior: &Value, planned: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value> {
        remake_if_gone(prior, planned, private, async {
            let api = connect(ctx, diags)?;
            bind(&api, planned, diags).await
        })
        .await
    }

    async fn delete(&self, ctx: &Context<'_, ProviderConfig>, state: &Value, diags: &mut Diagnostics) {
        let Some(api) = connect(ctx, diags) else { return };
        let timeout = timeouts::get(state, "delete", DELETE_TIMEOUT);
        let Backend { global_acceleration_instance_id: ga_id, backend_server_id: backend, .. } = Backend::of(state);
        let doing = format!("unbinding backend {backend} from {ga_id}");
        let Some((call, _guard)) = api.start_write(timeout, &doing, diags) else { return };
        let serving = || async { Ok(describe(&api, ga_id, &call).await?.filter(|ga| has_backend(ga, backend)).map(|ga| ga.status)) };
        let unbind = async {
            let request =
                UnassociateGlobalAccelerationInstanceRequest { region_id: api.region.to_owned(), global_acceleration_instance_id: ga_id.to_owned(), ..Default::default() };
            api.client.call(&request, &call).await.map(drop)
        };
        let waiting = format!("waiting for {ga_id} to release {backend}");
        if let Err(e) = unbind_and_wait(&call, &waiting, &[alibaba_vpc::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND.code], serving, unbind).await {
            diags.push(failure_within(&e, &doing, "delete", timeout));
        }
    }

    async fn import(&self, ctx: &Context<'_, ProviderConfig>, id: &str, diags: &mut Diagnostics) -> Vec<Value> {
        let Some(api) = connect(ctx, diags) else { return Vec::new() };
        let Some(state) = two_part_import(&self.declaration, id, IMPORT_ID_PARTS, diags) else { return Vec::new() };
        let found = read_state(&api, &state).await.map(Observed::present);
        import_outcome(found, id, "The instance does not exist or has another backend.", "importing the global acceleration backend", diags)
    }
}

const RESOLVE: &str = "To make it again as configured, unbind the other backend outside Terraform and apply; to keep what is there now, replace this resource's state with it (terraform state rm, then terraform import) and change the configuration to match; or remove the resource from the configuration.";

/// Binds the backend as planned and waits until the instance serves it.
async fn bind(api: &CloudAccess<'_>, planned: &Value, diags: &mut Diagnostics) -> Option<Value> {
    let timeout = timeouts::get(planned, "create", CREATE_TIMEOUT);
    let wanted = Backend::of(planned);
    let (ga_id, backend) = (wanted.global_acceleration_instance_id, wanted.backend_server_id);
    let doing = format!("binding backend {backend} to {ga_id}");
    let (call, _guard) = api.start_write(timeout, &doing, diags)?;
    let request = AssociateGlobalAccelerationInstanceRequest {
        region_id: api.region.to_owned(),
        global_acceleration_instance_id: ga_id.to_owned(),
        backend_server_id: backend.to_owned(),
        backend_server_region_id: wanted.backend_server_region_id.to_owned(),
        backend_server_type: Some(wanted.backend_server_type.to_owned()),
    };
    // After a failed create: the partial state when the backend is bound after all.
    let partial = || async { partial_create_from(planned, describe(api, ga_id, &call).await, |ga| has_backend(ga, backend), observed) };
    if let Err(e) = api.client.call(&request, &call).await {
        if e.is_action_unavailable() {
            let request_id = e.request_id().map(|id| format!(" (request id {id})")).unwrap_or_default();
            diags.push(Diagnostic::error(rules::LEGACY_API_REFUSED_SUMMARY, format!("{}{request_id}", rules::LEGACY_API_REFUSED_DETAIL)));
            return None;
        }
        diags.push(failure_within(&e, &doing, "create", timeout));
        return partial_after_write_error(&e, partial()).await;
    }
    let waited = poll_within(&call, &format!("waiting for {ga_id} to serve {backend}"), || async {
        match describe(api, ga_id, &call).await? {
            Some(ga) if has_backend(&ga, backend) && ga.status != ga_status::ASSOCIATING => Ok(PollStep::Done(ga)),
            Some(ga) => Ok(PollStep::Pending { state: ga.status }),
            None => Err(ClientError::WaitFailed { what: format!("binding a backend to {ga_id}"), reason: "the instance no longer exists".into() }),
        }
    })
    .await;
    match waited {
        Ok(ga) => Some(fill_unknowns(planned, &observed(&ga))),
        Err(e) => {
            diags.push(failure_within(&e, &format!("waiting for {ga_id} to list backend {backend}"), "create", timeout));
            partial().await
        }
    }
}

async fn read_state(api: &CloudAccess<'_>, state: &Value) -> Result<Observed, ClientError> {
    let Backend { global_acceleration_instance_id: ga_id, backend_server_id: backend_id, .. } = Backend::of(state);
    let Some(ga) = describe(api, ga_id, &api.reading(READ_TIMEOUT)).await? else {
        let seen = format!("Global acceleration instance {ga_id} no longer exists in {}. {RESOLVE}", api.region);
        return Ok(Observed::Gone { seen, now: vec![(Backend::STATUS, Value::Null)] });
    };
    let Some(backend) = ga.backend_servers.items.iter().find(|b| b.server_id == backend_id) else {
        let now = match ga.backend_servers.items.first() {
            Some(other) => format!("{ga_id} now serves backend {} ({}) instead of {backend_id}.", other.server_id, other.region_id),
            None => format!("{ga_id} no longer serves {backend_id} (it has no backend, status {}).", ga.status),
        };
        return Ok(Observed::Gone { seen: format!("{now} {RESOLVE}"), now: vec![(Backend::STATUS, Value::from(ga.status.as_str()))] });
    };
    let mut updates = observed(&ga);
    if !backend.region_id.is_empty() {
        updates.push((Backend::BACKEND_SERVER_REGION_ID, Value::from(backend.region_id.as_str())));
    }
    let server_type = if backend.server_type.is_empty() { state.attr(Backend::BACKEND_SERVER_TYPE).clone() } else { Value::from(backend.server_type.as_str()) };
    updates.push((Backend::BACKEND_SERVER_TYPE, if server_type.is_null() { Value::from(ECS_INSTANCE) } else { server_type }));
    updates.push((Backend::ID, joined_id(&[state.attr(Backend::GLOBAL_ACCELERATION_INSTANCE_ID), state.attr(Backend::BACKEND_SERVER_ID)])));
    Ok(Observed::Present(with_attrs(state, &updates)))
}

/// Live plan-time rules: the instance exists, is exclusive, has no other backend, and the
/// backend's region lies in its service area.
async fn check(api: &CloudAccess<'_>, req: &PlanRequest, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let planned = PlannedBackend::of(&req.planned);
    let Some(ga_id) = planned.global_acceleration_instance_id else { return Ok(()) };
    let at = || AttrPath::attr(Backend::GLOBAL_ACCELERATION_INSTANCE_ID);
    let Some(ga) = describe(api, ga_id, &api.reading(READ_TIMEOUT)).await? else {
        let e = alibaba_vpc::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND;
        diags.push(Diagnostic::rule(e.code, format!("{ga_id} does not exist in {}", api.region), e.message).at(at()));
        return Ok(());
    };
    if ga.bandwidth_type != rules::EXCLUSIVE_BANDWIDTH_TYPE {
        let e = alibaba_vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS;
        diags.push(
            Diagnostic::rule(
                e.code,
                format!("{ga_id} is a {} instance; only exclusive instances take a backend", if ga.bandwidth_type.is_empty() { "shared" } else { ga.bandwidth_type.as_str() }),
                "Shared-bandwidth instances reach backends through an EIP: add the EIP with AddGlobalAccelerationInstanceIp and bind it with tether_eip_association (instance_region_id set).",
            )
            .at(at()),
        );
    }
    let backend = planned.backend_server_id.unwrap_or_default();
    // The backend this plan replaces is unbound first (Terraform destroys before creating).
    let released = req.released().map(Backend::of).filter(|p| p.global_acceleration_instance_id == ga_id).map(|p| p.backend_server_id);
    if let Some(other) = ga.backend_servers.items.iter().find(|b| Some(b.server_id.as_str()) != released) {
        let e = rules::BACKENDS_PER_INSTANCE.error;
        let detail = if other.server_id == backend {
            not_in_state(&format!("{ga_id}:{backend}"))
        } else {
            "A global acceleration instance has one backend; unbind the other first.".to_owned()
        };
        diags.push(Diagnostic::rule(e.code, format!("{ga_id} already has backend {}", other.server_id), detail).at(at()));
    }
    if let (Some(region), Some(area)) = (planned.backend_server_region_id, Some(ga.service_location.as_str()).filter(|a| !a.is_empty())) {
        if rules::service_area(region).is_ok_and(|r| r.is_some_and(|r| r != area)) {
            let e = alibaba_vpc::INVALID_PARAMETER;
            diags.push(
                Diagnostic::rule(e.code, format!("{region} is outside {ga_id}'s service area {area}"), "The backend's region must lie in the instance's service area.")
                    .at(AttrPath::attr(Backend::BACKEND_SERVER_REGION_ID)),
            );
        }
    }
    if !rules::ASSOCIABLE_STATUSES.contains(&ga.status.as_str()) {
        let e = alibaba_vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS;
        diags.push(Diagnostic::rule(e.code, format!("{ga_id} is {}", ga.status), e.message).at(at()));
    }
    check_backend(api, planned, diags).await
}

/// The backend exists in `backend_server_region_id` (the account's own ECS instance or load
/// balancer) and is in a VPC.
async fn check_backend(api: &CloudAccess<'_>, planned: PlannedBackend<'_>, diags: &mut Diagnostics) -> Result<(), ClientError> {
    let (Some(backend), Some(region), Some(kind)) = (planned.backend_server_id, planned.backend_server_region_id, planned.backend_server_type) else {
        return Ok(());
    };
    if rules::service_area(region).is_err() {
        return Ok(()); // an unknown region is reported by the static check
    }
    let ctx = api.reading(READ_TIMEOUT);
    let network = if kind == SLB_INSTANCE {
        api.client.describe_load_balancer_in(region, backend, &ctx).await?.map(|lb| lb.network_type)
    } else {
        api.client.describe_ecs_instance_in(region, backend, &ctx).await?.map(|i| i.instance_network_type)
    };
    let at = AttrPath::attr(Backend::BACKEND_SERVER_ID);
    match network {
        None => {
            let e = alibaba_vpc::INVALID_BACKEND_SERVER_ID_NOT_FOUND;
            let what = if kind == SLB_INSTANCE { "load balancer" } else { "ECS instance" };
            diags.push(Diagnostic::rule(e.code, format!("{what} {backend} does not exist in {region}"), e.message).at(at));
        }
        Some(network) if network != ecs_network::VPC => {
            let e = alibaba_vpc::INVALID_BACKEND_SERVER_ID_NOT_IN_VPC;
            diags.push(Diagnostic::rule(e.code, format!("{backend} is a {network} backend, not in a VPC"), e.message).at(at));
        }
        Some(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::model::assert_models_fit;

    #[test]
    fn the_models_read_declared_attributes_and_name_them_all() {
        assert_models_fit::<Backend, PlannedBackend>(&schema());
    }
}
