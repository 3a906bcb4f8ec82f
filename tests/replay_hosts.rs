//! The plugin driven exactly as OpenTofu (1.8 to 1.12) and Terraform ≥ 1.12 drive it, without
//! those binaries (they cannot be installed here): each test replays one host's processes
//! and call sequences, read from the hosts' sources (see docs/guides/opentofu.md, "What is proven
//! by replay"):
//! - launched with the host's environment, a P-521 client certificate, the protocol
//!   versions in either order, and a parent process whose command line is the host's;
//! - with a client built from the test-only newer protocol definition (build.rs:
//!   tether's own plus `FUTURE_FIELDS`), so requests carry
//!   client capabilities and fields tether does not know;
//! - values encoded as the hosts encode them: every attribute present, unknowns as msgpack
//!   extension 0 or refined extension 12;
//! - each process ended by `GRPCController/Shutdown`, which must exit 0 within 2 s.

mod support;

use serde_json::{json, Value as Json};

use support::emulator::{Emulator, ACCESS_KEY, SECRET_KEY};
use support::plugin::Launch;
use support::replay::{decode, describe, errors, identity, unknown, unknown_with_prefix, Host};

use support::replay::next as pb;

const EIP: &str = "tether_eip_association";
const EIP_ID: &str = "eip-hzfree001";
const INSTANCE: &str = "i-hzapp001";
const OTHER_INSTANCE: &str = "i-hzapp002";

/// A host as the replay plays it.
#[derive(Clone, Copy)]
struct HostKind {
    name: &'static str,
    program: &'static str,
    versions: &'static str,
    /// What the host sends as `terraform_version` in Configure.
    terraform_version: &'static str,
    capabilities: fn() -> pb::ClientCapabilities,
    /// The host refuses an import answer without an identity (Terraform ≥ 1.12).
    requires_import_identity: bool,
}

/// OpenTofu 1.12: `PLUGIN_PROTOCOL_VERSIONS` in Go map order, "1.13.0" as the version,
/// only `write_only_attributes_allowed` (1.11.2+), and a capability from a later version.
const OPENTOFU_1_12: HostKind = HostKind {
    name: "OpenTofu 1.12",
    program: "tofu",
    versions: "6,5",
    terraform_version: "1.13.0",
    capabilities: || pb::ClientCapabilities { deferral_allowed: false, write_only_attributes_allowed: true, future_capability: true, future_capability_detail: "next".into() },
    requires_import_identity: false,
};

/// Terraform 1.12: its own version, both capabilities.
const TERRAFORM_1_12: HostKind = HostKind {
    name: "Terraform 1.12",
    program: "terraform",
    versions: "5,6",
    terraform_version: "1.12.2",
    capabilities: || pb::ClientCapabilities { deferral_allowed: false, write_only_attributes_allowed: true, future_capability: false, future_capability_detail: String::new() },
    requires_import_identity: true,
};

/// OpenTofu 1.10: its own version, no capabilities at all.
const OPENTOFU_1_10: HostKind = HostKind {
    name: "OpenTofu 1.10",
    program: "tofu",
    versions: "5,6",
    terraform_version: "1.10.6",
    capabilities: pb::ClientCapabilities::default,
    requires_import_identity: false,
};

impl HostKind {
    fn launch(&self, command: &str) -> Launch {
        Launch {
            versions: self.versions,
            // The hosts pass their whole environment on; some of it, for realism.
            env: vec![("TF_IN_AUTOMATION".into(), "1".into()), ("TF_LOG".into(), String::new()), ("HOME".into(), std::env::temp_dir().display().to_string())],
            parent_argv: Some(vec![self.program.to_owned(), command.to_owned()]),
        }
    }

    /// A new provider process for `command`, schema taken from an earlier process (the
    /// hosts skip GetSchema because tether sets `get_provider_schema_optional`).
    async fn process(&self, command: &str, schemas: &pb::get_provider_schema::Response) -> Host {
        let mut host = Host::start(&self.launch(command)).await;
        assert_eq!(host.alpn.as_deref(), Some(&b"h2"[..]), "{}: the plugin must select h2 by ALPN", self.name);
        host.schemas = Some(schemas.clone());
        host
    }
}

fn provider_config(emulator: &Emulator) -> Json {
    json!({"cloud": "alibaba", "region": "cn-hangzhou", "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "endpoint": emulator.url})
}

fn association(eip: &str, instance: &str) -> Json {
    json!({"eip_id": eip, "instance_id": instance})
}

/// The proposed new state of a create: the configuration with computed attributes unknown.
fn proposed(host: &Host, config: &Json) -> Json {
    let schemas = host.schemas.as_ref().expect("schemas");
    let block = schemas.resource_schemas[EIP].block.clone().expect("block");
    let mut out = config.as_object().cloned().unwrap_or_default();
    for a in &block.attributes {
        if a.computed && out.get(&a.name).is_none_or(Json::is_null) {
            out.insert(a.name.clone(), unknown());
        }
    }
    Json::Object(out)
}

/// The schema process: GetSchema, then (1.12 hosts) GetResourceIdentitySchemas.
async fn schema_process(kind: HostKind) -> (pb::get_provider_schema::Response, pb::get_resource_identity_schemas::Response) {
    let mut host = Host::start(&kind.launch("init")).await;
    assert_eq!(host.alpn.as_deref(), Some(&b"h2"[..]), "{}: the plugin must select h2 by ALPN", kind.name);
    let schemas = host.get_schema().await;
    assert!(schemas.diagnostics.is_empty(), "{}", describe(&schemas.diagnostics));
    let caps = schemas.server_capabilities.expect("capabilities");
    assert!(caps.get_provider_schema_optional, "later processes may skip GetSchema");
    let identities = host.client.get_resource_identity_schemas(pb::get_resource_identity_schemas::Request {}).await.expect("GetResourceIdentitySchemas").into_inner();
    assert!(host.shutdown().await, "{}: Shutdown must end the schema process with 0 within 2 s", kind.name);
    (schemas, identities)
}

async fn configure(host: &mut Host, kind: HostKind, config: &Json) -> Vec<pb::Diagnostic> {
    let prepared =
        host.client.prepare_provider_config(pb::prepare_provider_config::Request { config: host.provider_value(config) }).await.expect("PrepareProviderConfig").into_inner();
    assert!(errors(&prepared.diagnostics).is_empty(), "{}", describe(&prepared.diagnostics));
    let configured = host
        .client
        .configure(pb::configure::Request {
            terraform_version: kind.terraform_version.into(),
            config: host.provider_value(config),
            client_capabilities: Some((kind.capabilities)()),
            future_field: b"a field from a later protocol version".to_vec(),
        })
        .await
        .expect("Configure")
        .into_inner();
    configured.diagnostics
}

async fn plan(
    host: &mut Host,
    kind: HostKind,
    prior: &Json,
    config: &Json,
    private: Vec<u8>,
    prior_identity: Option<pb::ResourceIdentityData>,
) -> pb::plan_resource_change::Response {
    let proposed = if prior.is_null() { proposed(host, config) } else { merged(prior, config) };
    host.client
        .plan_resource_change(pb::plan_resource_change::Request {
            type_name: EIP.into(),
            prior_state: host.resource_value(EIP, prior),
            proposed_new_state: host.resource_value(EIP, &proposed),
            config: host.resource_value(EIP, config),
            prior_private: private,
            provider_meta: None,
            client_capabilities: Some((kind.capabilities)()),
            prior_identity,
            future_field: vec![1, 2, 3],
        })
        .await
        .expect("PlanResourceChange")
        .into_inner()
}

/// The proposed state of an update: the prior state with the configuration's arguments.
fn merged(prior: &Json, config: &Json) -> Json {
    let mut out = prior.as_object().cloned().unwrap_or_default();
    for (k, v) in config.as_object().into_iter().flatten() {
        if !v.is_null() {
            out.insert(k.clone(), v.clone());
        }
    }
    Json::Object(out)
}

fn identity_json(data: Option<&pb::ResourceIdentityData>) -> Json {
    decode(data.and_then(|d| d.identity_data.as_ref()))
}

fn bound_to(emulator: &Emulator, eip: &str) -> Json {
    // The emulator's admin client blocks; the runtime has a thread to spare.
    let state = tokio::task::block_in_place(|| emulator.state());
    let eips = state["inventory"]["alibaba"]["regions"]["cn-hangzhou"]["eips"].as_array().cloned().unwrap_or_default();
    let found = eips.into_iter().find(|o| o["id"] == eip).unwrap_or_else(|| panic!("{eip} not in the emulator"));
    found["binding"]["instance_id"].clone()
}

/// One host's whole day: schema, validate walk, plan, apply from the saved plan, refresh
/// and no-op plan, import by ID and by identity, a cross-type move, functions, Stop, and a
/// destroy without a saved plan; every process ends with Shutdown.
async fn replay_lifecycle(kind: HostKind) {
    let emulator = Emulator::start(&[]);
    let (schemas, identities) = schema_process(kind).await;
    let expected_types = ["tether_eip_association", "tether_ess_attachment", "tether_ga_backend", "tether_havip_attachment"];
    let mut declared: Vec<&str> = identities.identity_schemas.keys().map(String::as_str).collect();
    declared.sort_unstable();
    assert_eq!(declared, expected_types, "every resource declares an identity");
    for schema in identities.identity_schemas.values() {
        for a in &schema.identity_attributes {
            assert_eq!(serde_json::from_slice::<Json>(&a.r#type).expect("valid type JSON"), json!("string"));
            assert!(a.required_for_import != a.optional_for_import, "{} is required or optional for import", a.name);
        }
    }
    let config = provider_config(&emulator);
    let wanted = association(EIP_ID, INSTANCE);

    // validate: no GetSchema in this process; several PrepareProviderConfig (a provider
    // with for_each sends one per instance, each.value resolved); ValidateResourceTypeConfig
    // with refined and plain unknowns.
    let mut host = kind.process("validate", &schemas).await;
    for (instance, expect_error) in [
        (json!({"cloud": "alibaba", "region": "cn-hangzhou"}), None),
        (json!({"cloud": "tencent", "region": "ap-guangzhou"}), None),
        (json!({"cloud": "aws", "region": "us-east-1"}), Some("cloud")),
    ] {
        let answer =
            host.client.prepare_provider_config(pb::prepare_provider_config::Request { config: host.provider_value(&instance) }).await.expect("PrepareProviderConfig").into_inner();
        let errs = errors(&answer.diagnostics);
        match expect_error {
            None => assert!(errs.is_empty(), "{}: {instance}: {}", kind.name, describe(&answer.diagnostics)),
            Some(attr) => {
                assert_eq!(errs.len(), 1, "{}", describe(&answer.diagnostics));
                let step = errs[0].attribute.as_ref().and_then(|p| p.steps.first()).and_then(|s| s.selector.clone());
                assert_eq!(step, Some(pb::attribute_path::step::Selector::AttributeName(attr.into())), "the diagnostic names the attribute");
            }
        }
    }
    let with_unknowns = json!({"eip_id": unknown_with_prefix("eip-"), "instance_id": unknown()});
    let validated = host
        .client
        .validate_resource_type_config(pb::validate_resource_type_config::Request {
            type_name: EIP.into(),
            config: host.resource_value(EIP, &with_unknowns),
            client_capabilities: Some((kind.capabilities)()),
        })
        .await
        .expect("ValidateResourceTypeConfig")
        .into_inner();
    assert!(errors(&validated.diagnostics).is_empty(), "{}: unknowns are not errors: {}", kind.name, describe(&validated.diagnostics));
    assert!(host.shutdown().await);

    // plan: Configure with the host's version and capabilities, then plan a create with
    // known arguments, and one whose EIP comes from another resource (refined unknown).
    let mut host = kind.process("plan", &schemas).await;
    let diags = configure(&mut host, kind, &config).await;
    assert!(errors(&diags).is_empty(), "{}: {}", kind.name, describe(&diags));
    let planned = plan(&mut host, kind, &Json::Null, &wanted, Vec::new(), None).await;
    assert!(errors(&planned.diagnostics).is_empty(), "{}: {}", kind.name, describe(&planned.diagnostics));
    let planned_state = decode(planned.planned_state.as_ref());
    assert_eq!(planned_state["id"], json!(format!("{EIP_ID}:{INSTANCE}")));
    assert_eq!(identity_json(planned.planned_identity.as_ref()), json!({"eip_id": EIP_ID, "instance_id": INSTANCE, "network_interface_id": null, "private_ip_address": null}));
    let later = plan(&mut host, kind, &Json::Null, &json!({"eip_id": unknown_with_prefix("eip-"), "instance_id": INSTANCE}), Vec::new(), None).await;
    assert!(errors(&later.diagnostics).is_empty(), "{}: {}", kind.name, describe(&later.diagnostics));
    assert_eq!(decode(later.planned_state.as_ref())["eip_id"], unknown(), "an unknown argument stays unknown");
    assert!(later.planned_identity.is_none(), "no identity while the ID is unknown");
    assert!(host.shutdown().await);

    // apply the saved plan: Configure, the final plan, then ApplyResourceChange.
    let mut host = kind.process("apply", &schemas).await;
    configure(&mut host, kind, &config).await;
    let final_plan = plan(&mut host, kind, &Json::Null, &wanted, Vec::new(), None).await;
    assert_eq!(decode(final_plan.planned_state.as_ref()), planned_state, "the final plan matches the saved one");
    let applied = host
        .client
        .apply_resource_change(pb::apply_resource_change::Request {
            type_name: EIP.into(),
            prior_state: host.resource_value(EIP, &Json::Null),
            planned_state: final_plan.planned_state.clone(),
            config: host.resource_value(EIP, &wanted),
            planned_private: final_plan.planned_private.clone(),
            provider_meta: None,
            planned_identity: final_plan.planned_identity.clone(),
        })
        .await
        .expect("ApplyResourceChange")
        .into_inner();
    assert!(errors(&applied.diagnostics).is_empty(), "{}: {}", kind.name, describe(&applied.diagnostics));
    let state = decode(applied.new_state.as_ref());
    assert_eq!(state["status"], json!("InUse"));
    let applied_identity = identity_json(applied.new_identity.as_ref());
    assert_eq!(applied_identity, identity_json(final_plan.planned_identity.as_ref()), "apply returns the planned identity");
    assert_eq!(bound_to(&emulator, EIP_ID), json!(INSTANCE), "the EIP is bound in the cloud");
    let private = applied.private.clone();
    assert!(host.shutdown().await);

    // the next plan: UpgradeResourceState, UpgradeResourceIdentity (stored identity),
    // ReadResource with the identity, then a plan that changes nothing.
    let mut host = kind.process("plan", &schemas).await;
    configure(&mut host, kind, &config).await;
    let upgraded = host
        .client
        .upgrade_resource_state(pb::upgrade_resource_state::Request {
            type_name: EIP.into(),
            version: 0,
            raw_state: Some(pb::RawState { json: serde_json::to_vec(&state).expect("json"), flatmap: Default::default() }),
        })
        .await
        .expect("UpgradeResourceState")
        .into_inner();
    assert!(errors(&upgraded.diagnostics).is_empty(), "{}", describe(&upgraded.diagnostics));
    let stored_identity = host
        .client
        .upgrade_resource_identity(pb::upgrade_resource_identity::Request {
            type_name: EIP.into(),
            version: 0,
            raw_identity: Some(pb::RawState { json: serde_json::to_vec(&applied_identity).expect("json"), flatmap: Default::default() }),
        })
        .await
        .expect("UpgradeResourceIdentity")
        .into_inner();
    assert!(errors(&stored_identity.diagnostics).is_empty(), "{}", describe(&stored_identity.diagnostics));
    assert_eq!(identity_json(stored_identity.upgraded_identity.as_ref()), applied_identity);
    let read = host
        .client
        .read_resource(read_request(upgraded.upgraded_state.clone(), private.clone(), stored_identity.upgraded_identity.clone(), (kind.capabilities)()))
        .await
        .expect("ReadResource")
        .into_inner();
    assert!(errors(&read.diagnostics).is_empty(), "{}", describe(&read.diagnostics));
    assert_eq!(decode(read.new_state.as_ref()), state, "nothing changed outside");
    assert_eq!(identity_json(read.new_identity.as_ref()), applied_identity, "read echoes the identity (hosts store what it returns)");
    let noop = plan(&mut host, kind, &state, &wanted, read.private.clone(), read.new_identity.clone()).await;
    assert!(errors(&noop.diagnostics).is_empty(), "{}", describe(&noop.diagnostics));
    assert_eq!(decode(noop.planned_state.as_ref()), state, "an empty plan");
    assert!(noop.requires_replace.is_empty());
    assert_eq!(identity_json(noop.planned_identity.as_ref()), applied_identity, "an update keeps a known identity");
    assert!(host.shutdown().await);

    // import: by ID (CLI `import`), and by identity (`import { identity = {…} }`, empty ID).
    let mut host = kind.process("import", &schemas).await;
    configure(&mut host, kind, &config).await;
    for (id, given) in [(format!("{EIP_ID}:{INSTANCE}"), None), (String::new(), Some(identity(&identities, EIP, &json!({"eip_id": EIP_ID, "instance_id": INSTANCE}))))] {
        let imported = host
            .client
            .import_resource_state(pb::import_resource_state::Request { type_name: EIP.into(), id: id.clone(), client_capabilities: Some((kind.capabilities)()), identity: given })
            .await
            .expect("ImportResourceState")
            .into_inner();
        assert!(errors(&imported.diagnostics).is_empty(), "{}: import {id:?}: {}", kind.name, describe(&imported.diagnostics));
        assert_eq!(imported.imported_resources.len(), 1);
        let object = &imported.imported_resources[0];
        assert_eq!(decode(object.state.as_ref())["instance_id"], json!(INSTANCE));
        if kind.requires_import_identity {
            assert!(object.identity.is_some(), "{} refuses an import answer without an identity", kind.name);
        }
        assert_eq!(identity_json(object.identity.as_ref()), applied_identity, "import {id:?}");
    }
    let half = identity(&identities, EIP, &json!({"eip_id": EIP_ID, "network_interface_id": "eni-1"}));
    let refused = host
        .client
        .import_resource_state(pb::import_resource_state::Request { type_name: EIP.into(), id: String::new(), client_capabilities: None, identity: Some(half) })
        .await
        .expect("ImportResourceState")
        .into_inner();
    assert!(refused.imported_resources.is_empty());
    assert_eq!(errors(&refused.diagnostics).len(), 1, "{}", describe(&refused.diagnostics));
    assert!(refused.diagnostics[0].detail.contains("network_interface_id + private_ip_address"), "{}", describe(&refused.diagnostics));

    // OpenTofu 1.10+ sends MoveResourceState for a cross-type `moved` block without asking
    // for the capability; the short and the full source address both get a clear refusal.
    for source in ["tether", "registry.opentofu.org/example/tether"] {
        let moved = host
            .client
            .move_resource_state(pb::move_resource_state::Request {
                source_provider_address: source.into(),
                source_type_name: "tether_ga_backend".into(),
                source_schema_version: 0,
                source_state: Some(pb::RawState { json: br#"{"id":"ga-1:i-1"}"#.to_vec(), flatmap: Default::default() }),
                target_type_name: EIP.into(),
                source_private: Vec::new(),
                source_identity: None,
                source_identity_schema_version: 0,
            })
            .await
            .expect("MoveResourceState")
            .into_inner();
        assert!(moved.target_state.is_none());
        assert_eq!(errors(&moved.diagnostics).len(), 1, "{}", describe(&moved.diagnostics));
    }
    // GetFunctions (OpenTofu asks when a config calls an unlisted provider function).
    let functions = host.client.get_functions(pb::get_functions::Request {}).await.expect("GetFunctions").into_inner();
    assert!(functions.functions.is_empty() && functions.diagnostics.is_empty());
    // Stop (Ctrl-C) is answered at once.
    let stopped = host.client.stop(pb::stop::Request {}).await.expect("Stop").into_inner();
    assert_eq!(stopped.error, "");
    assert!(host.shutdown().await);

    // destroy without a saved plan: a normal plan of the whole configuration first (a
    // create in it must not fail on live checks: nothing is created in a destroy run),
    // then the apply with a null planned state.
    for (command, live_checks) in [("plan", true), ("destroy", false)] {
        let mut host = kind.process(command, &schemas).await;
        configure(&mut host, kind, &config).await;
        let taken = plan(&mut host, kind, &Json::Null, &association(EIP_ID, OTHER_INSTANCE), Vec::new(), None).await;
        assert_eq!(!errors(&taken.diagnostics).is_empty(), live_checks, "{}: `{} {command}`: {}", kind.name, kind.program, describe(&taken.diagnostics));
        if command == "destroy" {
            let destroyed = host
                .client
                .apply_resource_change(pb::apply_resource_change::Request {
                    type_name: EIP.into(),
                    prior_state: host.resource_value(EIP, &state),
                    planned_state: host.resource_value(EIP, &Json::Null),
                    config: host.resource_value(EIP, &Json::Null),
                    planned_private: private.clone(),
                    provider_meta: None,
                    planned_identity: None,
                })
                .await
                .expect("ApplyResourceChange")
                .into_inner();
            assert!(errors(&destroyed.diagnostics).is_empty(), "{}", describe(&destroyed.diagnostics));
            assert_eq!(decode(destroyed.new_state.as_ref()), Json::Null);
            assert!(destroyed.new_identity.is_none());
            assert_eq!(bound_to(&emulator, EIP_ID), Json::Null, "the EIP is free again");
        }
        assert!(host.shutdown().await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opentofu_1_12_replay() {
    replay_lifecycle(OPENTOFU_1_12).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terraform_1_12_replay() {
    replay_lifecycle(TERRAFORM_1_12).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opentofu_1_10_replay() {
    replay_lifecycle(OPENTOFU_1_10).await;
}

/// A ReadResource request as the hosts build it.
fn read_request(state: Option<pb::DynamicValue>, private: Vec<u8>, identity: Option<pb::ResourceIdentityData>, caps: pb::ClientCapabilities) -> pb::read_resource::Request {
    pb::read_resource::Request { type_name: EIP.into(), current_state: state, private, provider_meta: None, client_capabilities: Some(caps), current_identity: identity }
}

/// Every resource type imports by identity exactly what it imports by ID, answers with
/// the identity that imports it again, and the host (Terraform ≥ 1.12, which refuses an
/// import answer without an identity) gets one each time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_resource_imports_by_identity_what_it_imports_by_id() {
    let emulator = Emulator::start(&[]);
    // The fixtures' scaling groups hold no attached instance; attach one out of band.
    tokio::task::block_in_place(|| emulator.mutate(json!({"op": "attach_scaling_instance", "group_id": "asg-hzweb", "instance_id": "i-hzapp030"})));
    let kind = TERRAFORM_1_12;
    let (schemas, identities) = schema_process(kind).await;
    let cases = [
        ("alibaba", "cn-hangzhou", EIP, "eip-hzinuse:i-hzbound", json!({"eip_id": "eip-hzinuse", "instance_id": "i-hzbound"})),
        ("tencent", "ap-guangzhou", EIP, "eip-bound001:ins-bound001", json!({"eip_id": "eip-bound001", "instance_id": "ins-bound001"})),
        ("alibaba", "cn-hangzhou", "tether_ga_backend", "ga-hzbusy:i-shbusy", json!({"global_acceleration_instance_id": "ga-hzbusy", "backend_server_id": "i-shbusy"})),
        ("volcengine", "cn-beijing", "tether_havip_attachment", "havip-bjenis:eni-bjsec012", json!({"havip_id": "havip-bjenis", "instance_id": "eni-bjsec012"})),
        ("alibaba", "cn-hangzhou", "tether_ess_attachment", "asg-hzweb", json!({"scaling_group_id": "asg-hzweb"})),
    ];
    for (cloud, region, type_name, id, by_identity) in cases {
        let mut host = kind.process("import", &schemas).await;
        let config = json!({"cloud": cloud, "region": region, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "endpoint": emulator.url});
        let diags = configure(&mut host, kind, &config).await;
        assert!(errors(&diags).is_empty(), "{}", describe(&diags));
        let mut answers = Vec::new();
        for (id, given) in [(id.to_owned(), None), (String::new(), Some(identity(&identities, type_name, &by_identity)))] {
            let answer = host
                .client
                .import_resource_state(pb::import_resource_state::Request {
                    type_name: type_name.into(),
                    id: id.clone(),
                    client_capabilities: Some((kind.capabilities)()),
                    identity: given,
                })
                .await
                .expect("ImportResourceState")
                .into_inner();
            assert!(errors(&answer.diagnostics).is_empty(), "{type_name} {id}: {}", describe(&answer.diagnostics));
            assert_eq!(answer.imported_resources.len(), 1, "{type_name} {id}");
            let object = &answer.imported_resources[0];
            let mut expected = by_identity.as_object().cloned().unwrap_or_default();
            for a in &identities.identity_schemas[type_name].identity_attributes {
                expected.entry(a.name.clone()).or_insert(Json::Null);
            }
            assert_eq!(identity_json(object.identity.as_ref()), Json::Object(expected), "{type_name} {id}: the answer's identity imports it again");
            answers.push(decode(object.state.as_ref()));
        }
        assert_eq!(answers[0], answers[1], "{type_name}: by ID and by identity import the same object");
        assert!(host.shutdown().await);
    }
}

/// A Tencent create's live checks describe its CVM once: the primary IP (which decides
/// whether another EIP occupies the instance) and the instance's state come from one call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tencent_create_plan_describes_its_instance_once() {
    let emulator = Emulator::start(&[]);
    let kind = OPENTOFU_1_12;
    let (schemas, _) = schema_process(kind).await;
    let mut host = kind.process("plan", &schemas).await;
    let config = json!({"cloud": "tencent", "region": "ap-guangzhou", "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "endpoint": emulator.url});
    let diags = configure(&mut host, kind, &config).await;
    assert!(errors(&diags).is_empty(), "{}", describe(&diags));
    tokio::task::block_in_place(|| emulator.clear_calls());
    let planned = plan(&mut host, kind, &Json::Null, &association("eip-free0001", "ins-app00001"), Vec::new(), None).await;
    assert!(errors(&planned.diagnostics).is_empty(), "{}", describe(&planned.diagnostics));
    let calls = tokio::task::block_in_place(|| emulator.calls());
    let actions: Vec<String> = calls["calls"].as_array().into_iter().flatten().filter_map(|c| c["action"].as_str().map(str::to_owned)).collect();
    assert_eq!(actions.iter().filter(|a| *a == "DescribeInstances").count(), 1, "calls: {actions:?}");
    assert!(host.shutdown().await);
}
