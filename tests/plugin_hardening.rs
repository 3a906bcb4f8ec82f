//! Values Terraform (or anything else speaking tfplugin5) sends that tether must refuse
//! cleanly: msgpack that cty never writes, required attributes left null, and values far
//! larger than any schema holds — refused with short diagnostics on the attribute, and
//! without the process keeping the memory afterwards.

mod support;

use support::process::rss_kib;

use support::plugin::Plugin;
use tether::proto::tfplugin5 as pb;
use tether::proto::tfplugin5::provider_client::ProviderClient;
use tonic::transport::Channel;

type Client = ProviderClient<Channel>;

async fn client(plugin: &Plugin) -> Client {
    // Generous client-side limits so that an oversized answer would be seen, not refused.
    ProviderClient::new(plugin.plain_channel().await.expect("connect")).max_decoding_message_size(1 << 30).max_encoding_message_size(1 << 30)
}

fn msgpack(v: &rmpv::Value) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, v).expect("encode");
    out
}

fn dv(bytes: Vec<u8>) -> Option<pb::DynamicValue> {
    Some(pb::DynamicValue { msgpack: bytes, json: vec![] })
}

fn map(entries: Vec<(&str, rmpv::Value)>) -> rmpv::Value {
    rmpv::Value::Map(entries.into_iter().map(|(k, v)| (rmpv::Value::from(k), v)).collect())
}

async fn validate_provider(c: &mut Client, bytes: Vec<u8>) -> Vec<pb::Diagnostic> {
    c.prepare_provider_config(pb::prepare_provider_config::Request { config: dv(bytes) }).await.expect("answered").into_inner().diagnostics
}

async fn validate_resource(c: &mut Client, type_name: &str, bytes: Vec<u8>) -> Vec<pb::Diagnostic> {
    c.validate_resource_type_config(pb::validate_resource_type_config::Request { type_name: type_name.into(), config: dv(bytes), client_capabilities: None })
        .await
        .expect("answered")
        .into_inner()
        .diagnostics
}

fn is_error(d: &pb::Diagnostic) -> bool {
    d.severity == pb::diagnostic::Severity::Error as i32
}

fn attribute(d: &pb::Diagnostic) -> Vec<String> {
    use pb::attribute_path::step::Selector;
    d.attribute
        .iter()
        .flat_map(|p| &p.steps)
        .map(|s| match &s.selector {
            Some(Selector::AttributeName(a)) => a.clone(),
            Some(Selector::ElementKeyString(k)) => format!("[{k:?}]"),
            Some(Selector::ElementKeyInt(i)) => format!("[{i}]"),
            None => String::new(),
        })
        .collect()
}

#[tokio::test]
async fn msgpack_that_cty_never_writes_is_an_error() {
    let plugin = Plugin::launch(None);
    let mut c = client(&plugin).await;
    // The reserved byte 0xc1 as the whole provider configuration.
    let d = validate_provider(&mut c, vec![0xc1]).await;
    assert!(d.iter().any(|d| is_error(d) && d.detail.contains("0xc1")), "0xc1 validated clean: {d:?}");
    // Extensions other than 0 and 12, as the configuration and as an attribute.
    for ext_type in [1u8, 5, 0x7f, 0xff] {
        let d = validate_provider(&mut c, vec![0xd4, ext_type, 0x00]).await;
        assert!(d.iter().any(is_error), "extension {ext_type} validated clean: {d:?}");
        let config = msgpack(&map(vec![("cloud", rmpv::Value::from("alibaba")), ("region", rmpv::Value::Ext(i8::from_be_bytes([ext_type]), vec![0]))]));
        let d = validate_provider(&mut c, config).await;
        let e = d.iter().find(|d| is_error(d)).unwrap_or_else(|| panic!("extension {ext_type} in region validated clean"));
        assert_eq!(attribute(e), ["region"]);
    }
    // Unknowns as Terraform writes them (ext 0, and ext 12 for refined unknowns) are fine.
    for unknown in [rmpv::Value::Ext(0, vec![0]), rmpv::Value::Ext(12, vec![0x81, 0x01, 0xc2])] {
        let config = msgpack(&map(vec![("cloud", rmpv::Value::from("alibaba")), ("region", unknown)]));
        let d = validate_provider(&mut c, config).await;
        assert!(d.is_empty(), "{d:?}");
    }
}

#[tokio::test]
async fn required_attributes_sent_as_null_are_reported_on_their_path() {
    let plugin = Plugin::launch(None);
    let mut c = client(&plugin).await;
    let schema = c.get_schema(pb::get_provider_schema::Request {}).await.expect("schema").into_inner();
    let required = |s: &pb::Schema| -> Vec<String> { s.block.iter().flat_map(|b| &b.attributes).filter(|a| a.required).map(|a| a.name.clone()).collect() };
    // An object with every attribute null (an empty msgpack map).
    let empty = vec![0x80];
    let provider_required = required(schema.provider.as_ref().expect("provider schema"));
    assert!(!provider_required.is_empty());
    let d = validate_provider(&mut c, empty.clone()).await;
    for name in &provider_required {
        assert!(d.iter().any(|d| is_error(d) && attribute(d) == [name.clone()] && d.summary == "Missing required argument"), "provider: no diagnostic for null {name}: {d:?}");
    }
    for (type_name, resource) in &schema.resource_schemas {
        let names = required(resource);
        assert!(!names.is_empty(), "{type_name}");
        let d = validate_resource(&mut c, type_name, empty.clone()).await;
        for name in &names {
            assert!(
                d.iter().any(|d| is_error(d) && attribute(d) == [name.clone()] && d.summary == "Missing required argument"),
                "{type_name}: no diagnostic for null {name}: {d:?}"
            );
        }
    }
}

#[tokio::test]
async fn long_names_and_ids_are_quoted_by_prefix_only() {
    let plugin = Plugin::launch(None);
    let mut c = client(&plugin).await;
    let long = "n".repeat(1 << 20);
    let d = validate_resource(&mut c, &long, vec![0x80]).await;
    assert_eq!(d.len(), 1);
    assert!(d[0].summary.len() + d[0].detail.len() < 1024, "{} bytes", d[0].summary.len());
    let answer = c
        .import_resource_state(pb::import_resource_state::Request { type_name: "tether_ess_attachment".into(), id: long.clone(), client_capabilities: None, identity: None })
        .await
        .expect("answered")
        .into_inner();
    assert!(answer.imported_resources.is_empty());
    assert_eq!(answer.diagnostics.len(), 1);
    assert!(answer.diagnostics[0].detail.len() < 1024, "{} bytes", answer.diagnostics[0].detail.len());
}

#[tokio::test]
async fn oversized_values_are_refused_briefly_and_their_memory_is_returned() {
    let plugin = Plugin::launch(None);
    let pid = plugin.child.id();
    let c = client(&plugin).await;
    c.clone().get_schema(pb::get_provider_schema::Request {}).await.expect("schema");
    validate_resource(&mut c.clone(), "tether_ess_attachment", vec![0x80]).await;
    let before = rss_kib(pid);

    // 50,000-element sets, 16 plans at once, each with three copies (config, proposed, prior).
    let set = rmpv::Value::Array((0..50_000).map(|i| rmpv::Value::from(format!("i-{i:08}"))).collect());
    let ess = msgpack(&map(vec![("scaling_group_id", rmpv::Value::from("asg-1")), ("instance_ids", set)]));
    let plans: Vec<_> = (0..16)
        .map(|_| {
            let mut c = c.clone();
            let ess = ess.clone();
            tokio::spawn(async move {
                c.plan_resource_change(pb::plan_resource_change::Request {
                    type_name: "tether_ess_attachment".into(),
                    config: dv(ess.clone()),
                    proposed_new_state: dv(ess.clone()),
                    prior_state: dv(ess),
                    ..Default::default()
                })
                .await
                .expect("answered")
                .into_inner()
            })
        })
        .collect();
    for plan in plans {
        let answer = plan.await.expect("task");
        let errors: Vec<_> = answer.diagnostics.iter().filter(|d| is_error(d)).collect();
        assert!(!errors.is_empty(), "a 50,000-element set was accepted");
        assert!(errors.iter().all(|d| d.detail.len() < 1024), "{errors:?}");
        assert!(errors.iter().any(|d| attribute(d) == ["instance_ids"]), "{errors:?}");
    }

    // 50 MB strings, four at once, in an attribute with a validator that quotes its value.
    let big = "x".repeat(50 << 20);
    let eip = msgpack(&map(vec![("eip_id", rmpv::Value::from("eip-1")), ("instance_type", rmpv::Value::from(big.as_str()))]));
    drop(big);
    let validations: Vec<_> = (0..4)
        .map(|_| {
            let mut c = c.clone();
            let eip = eip.clone();
            tokio::spawn(async move { validate_resource(&mut c, "tether_eip_association", eip).await })
        })
        .collect();
    for validation in validations {
        let d = validation.await.expect("task");
        let size: usize = d.iter().map(|d| d.summary.len() + d.detail.len()).sum();
        assert!(d.iter().any(|d| is_error(d) && attribute(d) == ["instance_type"]), "{:?}", d.first().map(|d| &d.summary));
        assert!(size < 4096, "diagnostics of {size} bytes for a 50 MB value");
    }
    drop(eip);

    // The process is still serving, and holds no more than a little of what passed through.
    c.clone().get_schema(pb::get_provider_schema::Request {}).await.expect("still serving");
    let after = rss_kib(pid);
    eprintln!("provider RSS: {before} KiB before, {after} KiB after ~200 MB of oversized values");
    assert!(after < before + 32 * 1024, "RSS grew from {before} KiB to {after} KiB");
}
