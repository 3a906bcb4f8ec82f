//! Replays a host's calls to the plugin the way OpenTofu and newer Terraform make them: a
//! client built from the test-only newer protocol definition (see `build.rs`), so requests
//! carry fields tether does not know, and values encoded as those hosts encode them
//! (every attribute present, unknowns as msgpack extension 0 or refined extension 12).

use std::sync::{Arc, Mutex};

use rmpv::Value as Mp;
use serde_json::{json, Value as Json};
use tonic::transport::Channel;

use super::plugin::{terraform_like_client_identity, ClientIdentity, Launch, Plugin};
use tether::proto::plugin::grpc_controller_client::GrpcControllerClient;

/// Client stubs for the test-only newer tfplugin5 definition.
#[allow(clippy::all, clippy::pedantic)]
pub mod next {
    include!(concat!(env!("OUT_DIR"), "/next/tfplugin5.rs"));
}

use next::provider_client::ProviderClient;

/// The JSON key that marks an unknown in the values tests write: `{"$unknown": {}}` is a
/// plain unknown (extension 0); `{"$unknown": {"prefix": "eip-"}}` a refined one
/// (extension 12), known not to be null and to start with the prefix.
pub const UNKNOWN: &str = "$unknown";

pub fn unknown() -> Json {
    json!({ UNKNOWN: {} })
}

pub fn unknown_with_prefix(prefix: &str) -> Json {
    json!({ UNKNOWN: { "prefix": prefix } })
}

/// One host process talking to one plugin process.
pub struct Host {
    pub plugin: Plugin,
    pub client: ProviderClient<Channel>,
    channel: Channel,
    /// The application protocol the plugin selected by ALPN.
    pub alpn: Option<Vec<u8>>,
    /// Resource and provider schemas, from a GetSchema call of this or an earlier process.
    pub schemas: Option<next::get_provider_schema::Response>,
}

impl Host {
    /// Starts the plugin as `how` says, with a Terraform-like P-521 client certificate
    /// (AutoMTLS), and connects.
    pub async fn start(how: &Launch) -> Host {
        let identity: ClientIdentity = terraform_like_client_identity();
        let plugin = Plugin::launch_as(Some(&identity.cert_pem), how);
        let alpn = Arc::new(Mutex::new(None));
        let channel = plugin.tls_channel_noting_alpn(Some(&identity), alpn.clone()).await.expect("mTLS connect");
        let client = ProviderClient::new(channel.clone()).max_decoding_message_size(256 << 20);
        let alpn = alpn.lock().ok().and_then(|a| a.clone());
        Host { plugin, client, channel, alpn, schemas: None }
    }

    /// GetSchema, kept for encoding later values.
    pub async fn get_schema(&mut self) -> next::get_provider_schema::Response {
        let schemas = self.client.get_schema(next::get_provider_schema::Request {}).await.expect("GetSchema").into_inner();
        self.schemas = Some(schemas.clone());
        schemas
    }

    /// Ends the process as go-plugin does: `plugin.GRPCController/Shutdown`, then waits
    /// for the exit (go-plugin kills after 2 s). Returns whether it exited 0 in time.
    pub async fn shutdown(mut self) -> bool {
        let asked = GrpcControllerClient::new(self.channel.clone()).shutdown(tether::proto::plugin::Empty {}).await;
        if asked.is_err() {
            return false;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        loop {
            if let Ok(Some(status)) = self.plugin.child.try_wait() {
                return status.success();
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    fn block(&self, type_name: Option<&str>) -> next::schema::Block {
        let schemas = self.schemas.as_ref().expect("a schema (GetSchema in this or an earlier process)");
        let schema = match type_name {
            None => schemas.provider.as_ref(),
            Some(t) => schemas.resource_schemas.get(t),
        };
        schema.and_then(|s| s.block.clone()).expect("schema block")
    }

    /// A resource value of `type_name` as the host encodes it.
    pub fn resource_value(&self, type_name: &str, attrs: &Json) -> Option<next::DynamicValue> {
        Some(next::DynamicValue { msgpack: encode_block(&self.block(Some(type_name)), attrs), json: Vec::new() })
    }

    /// A provider configuration as the host encodes it.
    pub fn provider_value(&self, attrs: &Json) -> Option<next::DynamicValue> {
        Some(next::DynamicValue { msgpack: encode_block(&self.block(None), attrs), json: Vec::new() })
    }
}

/// The object of a block: every attribute (null when not given) and every nested block
/// (empty or null), as go-cty's msgpack encoding writes it.
pub fn encode_block(block: &next::schema::Block, attrs: &Json) -> Vec<u8> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, &block_value(block, attrs)).expect("encode");
    out
}

fn block_value(block: &next::schema::Block, attrs: &Json) -> Mp {
    if attrs.is_null() {
        return Mp::Nil;
    }
    let mut entries: Vec<(Mp, Mp)> = Vec::new();
    for a in &block.attributes {
        let ty: Json = serde_json::from_slice(&a.r#type).expect("type JSON");
        entries.push((Mp::from(a.name.as_str()), value(&ty, attrs.get(&a.name).unwrap_or(&Json::Null))));
    }
    for b in &block.block_types {
        let inner = b.block.clone().unwrap_or_default();
        let given = attrs.get(&b.type_name).unwrap_or(&Json::Null);
        let v = match (next::schema::nested_block::NestingMode::try_from(b.nesting), given) {
            (Ok(next::schema::nested_block::NestingMode::Single | next::schema::nested_block::NestingMode::Group), g) => block_value(&inner, g),
            (_, Json::Array(items)) => Mp::Array(items.iter().map(|i| block_value(&inner, i)).collect()),
            (_, _) => Mp::Array(Vec::new()),
        };
        entries.push((Mp::from(b.type_name.as_str()), v));
    }
    entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
    Mp::Map(entries)
}

/// A value of cty type `ty` (type JSON) from test JSON.
fn value(ty: &Json, v: &Json) -> Mp {
    if let Some(refinements) = v.get(UNKNOWN) {
        return match refinements.get("prefix").and_then(Json::as_str) {
            None => Mp::Ext(0, vec![0]),
            Some(prefix) => {
                // Refinements: 1 = nullness (false: definitely not null), 2 = string prefix.
                let payload = Mp::Map(vec![(Mp::from(1), Mp::Boolean(false)), (Mp::from(2), Mp::from(prefix))]);
                let mut bytes = Vec::new();
                rmpv::encode::write_value(&mut bytes, &payload).expect("encode refinements");
                Mp::Ext(12, bytes)
            }
        };
    }
    match (ty, v) {
        (_, Json::Null) => Mp::Nil,
        (Json::String(t), Json::String(s)) if t == "string" => Mp::from(s.as_str()),
        (Json::String(t), Json::Number(n)) if t == "number" => n.as_i64().map(Mp::from).unwrap_or_else(|| Mp::F64(n.as_f64().unwrap_or(0.0))),
        (Json::String(t), Json::Bool(b)) if t == "bool" => Mp::Boolean(*b),
        (Json::Array(kind), Json::Array(items)) if kind.len() == 2 && (kind[0] == "list" || kind[0] == "set") => Mp::Array(items.iter().map(|i| value(&kind[1], i)).collect()),
        (Json::Array(kind), Json::Object(map)) if kind.len() == 2 && kind[0] == "map" => Mp::Map(map.iter().map(|(k, i)| (Mp::from(k.as_str()), value(&kind[1], i))).collect()),
        _ => panic!("test value {v} does not fit type {ty}"),
    }
}

/// A msgpack value as JSON for assertions; unknowns become `{"$unknown": {}}`.
pub fn decode(value: Option<&next::DynamicValue>) -> Json {
    let Some(v) = value else { return Json::Null };
    if v.msgpack.is_empty() {
        return Json::Null;
    }
    let mp = rmpv::decode::read_value(&mut v.msgpack.as_slice()).expect("msgpack");
    to_json(&mp)
}

fn to_json(v: &Mp) -> Json {
    match v {
        Mp::Nil => Json::Null,
        Mp::Boolean(b) => json!(b),
        Mp::Integer(i) => i.as_i64().map(|i| json!(i)).unwrap_or_else(|| json!(i.as_u64())),
        Mp::F32(f) => json!(f),
        Mp::F64(f) => json!(f),
        Mp::String(s) => json!(s.as_str()),
        Mp::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Mp::Map(entries) => Json::Object(entries.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), to_json(v))).collect()),
        Mp::Ext(_, _) => unknown(),
        Mp::Binary(b) => json!(String::from_utf8_lossy(b)),
    }
}

/// An identity value for an import or a prior identity, encoded with the type the plugin
/// declared for `type_name`.
pub fn identity(schemas: &next::get_resource_identity_schemas::Response, type_name: &str, attrs: &Json) -> next::ResourceIdentityData {
    let schema = schemas.identity_schemas.get(type_name).expect("identity schema");
    let mut entries: Vec<(Mp, Mp)> = schema
        .identity_attributes
        .iter()
        .map(|a| {
            let ty: Json = serde_json::from_slice(&a.r#type).expect("type JSON");
            (Mp::from(a.name.as_str()), value(&ty, attrs.get(&a.name).unwrap_or(&Json::Null)))
        })
        .collect();
    entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
    let mut msgpack = Vec::new();
    rmpv::encode::write_value(&mut msgpack, &Mp::Map(entries)).expect("encode identity");
    next::ResourceIdentityData { identity_data: Some(next::DynamicValue { msgpack, json: Vec::new() }) }
}

/// The diagnostics' summaries and details, for assertion messages.
pub fn describe(diags: &[next::Diagnostic]) -> String {
    diags.iter().map(|d| format!("[{}] {}: {}", d.severity, d.summary, d.detail)).collect::<Vec<_>>().join("\n")
}

/// Error diagnostics only.
pub fn errors(diags: &[next::Diagnostic]) -> Vec<&next::Diagnostic> {
    diags.iter().filter(|d| d.severity == next::diagnostic::Severity::Error as i32).collect()
}
