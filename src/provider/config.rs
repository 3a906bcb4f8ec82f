//! The provider block: its schema, and turning it (with each cloud's environment variables
//! as fallbacks) into the configuration every resource operation receives.

use std::sync::Arc;

use tether_client::{Client, ClientConfig};
use tether_wire::cloud::Cloud;
pub use tether_wire::sign::Credentials;

use crate::framework::validators::{HttpUrl, OneOfNames, WholeNumberBetween};
use crate::framework::{AttrPath, Attribute, Block, Diagnostic, Diagnostics, Schema, Severity, Value};

pub const DEFAULT_MAX_RETRIES: u32 = 8;
pub const ENDPOINT_ENV: &str = "TETHER_ENDPOINT";

pub fn schema() -> Schema {
    let clouds: &'static [&'static str] = &["alibaba", "tencent", "volcengine"];
    Schema::new(
        0,
        Block::new("The tether provider manages associations between cloud resources. One provider block is one cloud account and region; use aliases for several.")
            .attribute(Attribute::string("cloud").required().validate(OneOfNames(clouds)).describe("The cloud: `alibaba`, `tencent` or `volcengine`."))
            .attribute(
                Attribute::string("region")
                    .optional()
                    .describe("Region ID, e.g. `cn-hangzhou`. Falls back to `ALIBABA_CLOUD_REGION_ID`/`ALICLOUD_REGION`, `TENCENTCLOUD_REGION` or `VOLCENGINE_REGION`."),
            )
            .attribute(
                Attribute::string("access_key")
                    .optional()
                    .sensitive()
                    .describe("Access key ID. Falls back to `ALIBABA_CLOUD_ACCESS_KEY_ID` then `ALICLOUD_ACCESS_KEY`, `TENCENTCLOUD_SECRET_ID`, or `VOLCENGINE_ACCESS_KEY`."),
            )
            .attribute(
                Attribute::string("secret_key").optional().sensitive().describe(
                    "Access key secret. Falls back to `ALIBABA_CLOUD_ACCESS_KEY_SECRET` then `ALICLOUD_SECRET_KEY`, `TENCENTCLOUD_SECRET_KEY`, or `VOLCENGINE_SECRET_KEY`.",
                ),
            )
            .attribute(
                Attribute::string("security_token")
                    .optional()
                    .sensitive()
                    .describe("STS security token. Falls back to `ALIBABA_CLOUD_SECURITY_TOKEN`, `TENCENTCLOUD_SESSION_TOKEN` or `VOLCENGINE_SESSION_TOKEN`."),
            )
            .attribute(Attribute::string("endpoint").optional().validate(HttpUrl).describe(
                "Base URL that replaces every service endpoint of the cloud (e.g. the tether emulator). Falls back to `TETHER_ENDPOINT`; defaults to the real public endpoints.",
            ))
            .attribute(
                Attribute::number("max_retries")
                    .optional()
                    .validate(WholeNumberBetween(0, 100))
                    .describe("Retries of transient errors per API call, with capped exponential backoff and jitter (default 8)."),
            ),
    )
}

/// The configured provider. Fields are `None` when unset or not yet known (a value that
/// depends on another resource during plan).
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    pub cloud: Option<Cloud>,
    pub region: Option<String>,
    pub credentials: Option<Credentials>,
    pub endpoint: Option<String>,
    pub max_retries: u32,
    /// Some of the configuration is unknown until apply.
    pub partially_unknown: bool,
    /// The API client, when cloud, region and credentials are all known.
    pub client: Option<Arc<Client>>,
    /// Facts about this account and region that never change while the object exists,
    /// learnt by live checks and kept for the provider's lifetime.
    pub facts: Arc<KnownFacts>,
}

/// See [`ProviderConfig::facts`].
#[derive(Debug, Default)]
pub struct KnownFacts {
    /// Whether a VPC (by ID) is its region's default VPC.
    pub default_vpcs: std::sync::Mutex<std::collections::HashMap<String, bool>>,
}

/// Where environment fallbacks come from (the process, or a map in tests).
pub trait EnvSource {
    fn get(&self, key: &str) -> Option<String>;
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.get(k).filter(|v| !v.is_empty()))
    }
}

pub struct ProcessEnv;

impl EnvSource for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok()
    }
}

impl EnvSource for std::collections::HashMap<&str, &str> {
    fn get(&self, key: &str) -> Option<String> {
        std::collections::HashMap::get(self, key).map(|v| (*v).to_owned())
    }
}

/// The environment variables each cloud's settings fall back to.
pub struct EnvNames {
    pub region: &'static [&'static str],
    pub access_key: &'static [&'static str],
    pub secret_key: &'static [&'static str],
    pub token: &'static [&'static str],
}

pub fn env_names(cloud: Cloud) -> EnvNames {
    match cloud {
        Cloud::Alibaba => EnvNames {
            region: &["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"],
            access_key: &["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"],
            secret_key: &["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"],
            token: &["ALIBABA_CLOUD_SECURITY_TOKEN"],
        },
        Cloud::Tencent => {
            EnvNames { region: &["TENCENTCLOUD_REGION"], access_key: &["TENCENTCLOUD_SECRET_ID"], secret_key: &["TENCENTCLOUD_SECRET_KEY"], token: &["TENCENTCLOUD_SESSION_TOKEN"] }
        }
        Cloud::Volcengine => {
            EnvNames { region: &["VOLCENGINE_REGION"], access_key: &["VOLCENGINE_ACCESS_KEY"], secret_key: &["VOLCENGINE_SECRET_KEY"], token: &["VOLCENGINE_SESSION_TOKEN"] }
        }
    }
}

/// Credentials for `cloud` from its environment variables alone.
pub fn credentials_from_env(cloud: Cloud, env: &dyn EnvSource) -> Option<Credentials> {
    let names = env_names(cloud);
    let credentials = Credentials::new(env.first(names.access_key)?, env.first(names.secret_key)?);
    Some(match env.first(names.token) {
        Some(token) => credentials.with_security_token(token),
        None => credentials,
    })
}

/// A setting from the block, else from the environment. `Err(())` when unknown.
fn setting(config: &Value, name: &str, env: &dyn EnvSource, env_keys: &[&str]) -> Result<Option<String>, ()> {
    match config.attr(name) {
        Value::Unknown => Err(()),
        Value::String(s) if !s.is_empty() => Ok(Some(s.clone())),
        _ => Ok(env.first(env_keys)),
    }
}

pub fn configure(config: &Value, env: &dyn EnvSource, diags: &mut Diagnostics) -> Option<ProviderConfig> {
    let mut partially_unknown = false;
    let cloud = match config.attr("cloud") {
        Value::Unknown => {
            partially_unknown = true;
            None
        }
        v => match v.as_str().and_then(Cloud::from_name) {
            Some(c) => Some(c),
            None => {
                diags.push(Diagnostic::error("cloud must be alibaba, tencent or volcengine", "Set `cloud` in the provider block.").at(AttrPath::attr("cloud")));
                return None;
            }
        },
    };
    let mut pick = |name: &str, keys: &[&str]| match setting(config, name, env, keys) {
        Ok(v) => v,
        Err(()) => {
            partially_unknown = true;
            None
        }
    };
    let names = cloud.map(env_names);
    let none: &[&str] = &[];
    let region = pick("region", names.as_ref().map_or(none, |n| n.region));
    let access_key = pick("access_key", names.as_ref().map_or(none, |n| n.access_key));
    let secret_key = pick("secret_key", names.as_ref().map_or(none, |n| n.secret_key));
    let security_token = pick("security_token", names.as_ref().map_or(none, |n| n.token));
    let endpoint = pick("endpoint", &[ENDPOINT_ENV]);
    let max_retries = match config.attr("max_retries") {
        Value::Number(n) => n.as_i64().and_then(|i| u32::try_from(i).ok()).unwrap_or(DEFAULT_MAX_RETRIES),
        _ => DEFAULT_MAX_RETRIES,
    };
    if let (Some(cloud), None, false) = (cloud, &region, config.attr("region").is_unknown()) {
        let names = env_names(cloud).region.join(" or ");
        diags.push(
            Diagnostic::error(format!("No region for {}", cloud.display_name()), format!("Set `region` in the provider block, or the environment variable {names}."))
                .at(AttrPath::attr("region")),
        );
        return None;
    }
    if let (Some(cloud), Some(region)) = (cloud, &region) {
        if let Some(diagnostic) = unknown_region(cloud, region, endpoint.is_some()) {
            let fatal = diagnostic.severity == Severity::Error;
            diags.push(diagnostic);
            if fatal {
                return None;
            }
        }
    }
    let credentials = match (access_key, secret_key) {
        (Some(access_key_id), Some(access_key_secret)) => {
            let credentials = Credentials::new(access_key_id, access_key_secret);
            Some(match security_token {
                Some(token) => credentials.with_security_token(token),
                None => credentials,
            })
        }
        _ => None,
    };
    let client = match (cloud, &region, &credentials) {
        (Some(cloud), Some(region), Some(credentials)) => {
            let mut client_config = ClientConfig::new(cloud, region.clone(), credentials.clone()).with_max_retries(max_retries);
            if let Some(endpoint) = &endpoint {
                client_config = client_config.with_endpoint(endpoint.clone());
            }
            match Client::new(client_config) {
                Ok(client) => Some(Arc::new(client)),
                Err(e) => {
                    diags.push(Diagnostic::error("Cannot create the API client", e.to_string()));
                    return None;
                }
            }
        }
        _ => None,
    };
    tracing::debug!(
        cloud = cloud.map(Cloud::name).unwrap_or("(unknown)"),
        region = region.as_deref().unwrap_or("(unknown)"),
        endpoint = endpoint.as_deref().unwrap_or("(public)"),
        has_credentials = credentials.is_some(),
        "provider configured"
    );
    Some(ProviderConfig { cloud, region, credentials, endpoint, max_retries, partially_unknown, client, facts: Arc::default() })
}

/// A region that `cloud`'s SDK endpoint data does not list, reported on `region` with the
/// closest known names: an error against the real endpoints (every call would fail, and an
/// EIP would look missing rather than the region wrong), a warning when `endpoint` /
/// `TETHER_ENDPOINT` replaces them (an emulator or private endpoint may serve any region).
fn unknown_region(cloud: Cloud, region: &str, endpoint_overridden: bool) -> Option<Diagnostic> {
    if tether_client::config::is_known_region(cloud, region) {
        return None;
    }
    let suggestions = tether_client::config::closest_regions(cloud, region, 3);
    let hint = match suggestions.as_slice() {
        [] => String::new(),
        [one] => format!(" Did you mean `{one}`?"),
        many => format!(" Did you mean one of {}?", many.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")),
    };
    let summary = format!("Unknown {} region `{region}`", cloud.display_name());
    let diagnostic = if endpoint_overridden {
        Diagnostic::warning(
            summary,
            format!(
                "`{region}` is not a region of the {} SDKs' endpoint data.{hint} It is used as given because `endpoint`/{ENDPOINT_ENV} replaces the public endpoints.",
                cloud.display_name()
            ),
        )
    } else {
        Diagnostic::error(summary, format!("`{region}` is not a region of the {} SDKs' endpoint data, so no API of it can be reached there.{hint}", cloud.display_name()))
    };
    Some(diagnostic.at(AttrPath::attr("region")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    fn block(pairs: &[(&str, Value)]) -> Value {
        let mut m: BTreeMap<String, Value> =
            ["cloud", "region", "access_key", "secret_key", "security_token", "endpoint", "max_retries"].iter().map(|k| ((*k).to_owned(), Value::Null)).collect();
        for (k, v) in pairs {
            m.insert((*k).to_owned(), v.clone());
        }
        Value::Object(m)
    }

    #[test]
    fn env_fallbacks_per_cloud() {
        let env =
            HashMap::from([("ALICLOUD_REGION", "cn-shanghai"), ("ALIBABA_CLOUD_ACCESS_KEY_ID", "AK"), ("ALICLOUD_SECRET_KEY", "SK"), ("TETHER_ENDPOINT", "http://127.0.0.1:9")]);
        let mut d = Diagnostics::new();
        let c = configure(&block(&[("cloud", "alibaba".into())]), &env, &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(c.region.as_deref(), Some("cn-shanghai"));
        assert_eq!(c.credentials.as_ref().unwrap().access_key_secret, "SK");
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(c.max_retries, DEFAULT_MAX_RETRIES);
        assert!(!format!("{c:?}").contains("SK\""));
    }

    #[test]
    fn missing_region_is_an_error_on_region() {
        let mut d = Diagnostics::new();
        assert!(configure(&block(&[("cloud", "tencent".into())]), &HashMap::new(), &mut d).is_none());
        assert_eq!(d.0[0].path, Some(AttrPath::attr("region")));
        assert!(d.0[0].detail.contains("TENCENTCLOUD_REGION"));
    }

    #[test]
    fn an_unknown_region_is_an_error_against_the_real_endpoints() {
        let mut d = Diagnostics::new();
        let config = block(&[("cloud", "alibaba".into()), ("region", "cn-hangzou".into()), ("access_key", "AK".into()), ("secret_key", "SK".into())]);
        assert!(configure(&config, &HashMap::new(), &mut d).is_none());
        assert_eq!(d.0.len(), 1);
        let diag = &d.0[0];
        assert_eq!(diag.severity, Severity::Error);
        assert_eq!(diag.path, Some(AttrPath::attr("region")));
        assert_eq!(diag.summary, "Unknown Alibaba Cloud region `cn-hangzou`");
        assert!(diag.detail.contains("Did you mean `cn-hangzhou`?"), "{}", diag.detail);
        // Far from every known name: no suggestion, still an error.
        let mut d = Diagnostics::new();
        assert!(configure(&block(&[("cloud", "tencent".into()), ("region", "mars-north-9".into())]), &HashMap::new(), &mut d).is_none());
        assert!(!d.0[0].detail.contains("Did you mean"), "{}", d.0[0].detail);
    }

    #[test]
    fn an_unknown_region_is_a_warning_behind_an_endpoint_override() {
        for (config, env) in [
            (block(&[("cloud", "volcengine".into()), ("region", "cn-biejing".into()), ("endpoint", "http://127.0.0.1:9".into())]), HashMap::new()),
            (block(&[("cloud", "volcengine".into()), ("region", "cn-biejing".into())]), HashMap::from([("TETHER_ENDPOINT", "http://127.0.0.1:9")])),
        ] {
            let mut d = Diagnostics::new();
            let c = configure(&config, &env, &mut d).expect("configured");
            assert_eq!(c.region.as_deref(), Some("cn-biejing"));
            assert_eq!(d.0.len(), 1);
            assert_eq!(d.0[0].severity, Severity::Warning);
            assert_eq!(d.0[0].path, Some(AttrPath::attr("region")));
            assert!(d.0[0].detail.contains("`cn-beijing`"), "{}", d.0[0].detail);
        }
        // Known regions say nothing.
        let mut d = Diagnostics::new();
        configure(&block(&[("cloud", "tencent".into()), ("region", "ap-shanghai-fsi".into())]), &HashMap::new(), &mut d).unwrap();
        assert!(d.is_empty());
    }

    #[test]
    fn unknown_values_are_tolerated() {
        let mut d = Diagnostics::new();
        let c = configure(&block(&[("cloud", "volcengine".into()), ("region", Value::Unknown)]), &HashMap::new(), &mut d).unwrap();
        assert!(d.is_empty());
        assert!(c.partially_unknown);
        assert!(c.credentials.is_none());
    }
}
