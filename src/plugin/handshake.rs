//! The go-plugin handshake: the magic cookie, protocol negotiation and the one line the
//! plugin prints on stdout to tell Terraform where to connect.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
pub const MAGIC_COOKIE_VALUE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// go-plugin's own protocol version.
pub const CORE_PROTOCOL_VERSION: u32 = 1;
/// The Terraform plugin protocol major version tether speaks.
pub const APP_PROTOCOL_VERSION: u32 = 5;

/// The environment Terraform (or OpenTofu) sets for a plugin it launches.
#[derive(Clone, Debug, Default)]
pub struct PluginEnv {
    pub magic_cookie: Option<String>,
    pub protocol_versions: Option<String>,
    /// PEM of the host's client certificate (AutoMTLS).
    pub client_cert: Option<String>,
    pub unix_socket_dir: Option<String>,
}

impl PluginEnv {
    pub fn from_process() -> Self {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        PluginEnv {
            magic_cookie: get(MAGIC_COOKIE_KEY),
            protocol_versions: get("PLUGIN_PROTOCOL_VERSIONS"),
            client_cert: get("PLUGIN_CLIENT_CERT"),
            unix_socket_dir: get("PLUGIN_UNIX_SOCKET_DIR"),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HandshakeError {
    #[error(
        "This binary is a plugin. These are not meant to be executed directly.\n\
         Please execute the program that consumes these plugins, which will\n\
         load any plugins automatically.\n\n\
         terraform-provider-tether is the tether provider for Terraform and OpenTofu: declare it in\n\
         a required_providers block and run `terraform init`. To debug it, run it with --debug."
    )]
    NotLaunchedByHost,
    #[error("the host offers plugin protocol versions {offered:?}, but tether speaks only version {APP_PROTOCOL_VERSION}")]
    NoCommonVersion { offered: String },
}

/// Fails unless the magic cookie says a plugin host launched us.
pub fn check_magic_cookie(env: &PluginEnv) -> Result<(), HandshakeError> {
    match env.magic_cookie.as_deref() {
        Some(MAGIC_COOKIE_VALUE) => Ok(()),
        _ => Err(HandshakeError::NotLaunchedByHost),
    }
}

/// Picks the protocol version from the host's comma-separated list (any order). Without a
/// list, the host expects the plugin's own version.
pub fn negotiate_version(env: &PluginEnv) -> Result<u32, HandshakeError> {
    let Some(offered) = env.protocol_versions.as_deref() else {
        return Ok(APP_PROTOCOL_VERSION);
    };
    let speaks = offered.split(',').filter_map(|v| v.trim().parse::<u32>().ok()).any(|v| v == APP_PROTOCOL_VERSION);
    if speaks {
        Ok(APP_PROTOCOL_VERSION)
    } else {
        Err(HandshakeError::NoCommonVersion { offered: offered.to_owned() })
    }
}

/// `1|5|unix|/path|grpc|<cert>`: the server certificate is DER in unpadded standard base64,
/// empty when serving plaintext.
pub fn handshake_line(network: &str, address: &str, server_cert_der: Option<&[u8]>) -> String {
    let cert = server_cert_der.map(|der| STANDARD_NO_PAD.encode(der)).unwrap_or_default();
    format!("{CORE_PROTOCOL_VERSION}|{APP_PROTOCOL_VERSION}|{network}|{address}|grpc|{cert}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_must_match() {
        let mut env = PluginEnv::default();
        assert_eq!(check_magic_cookie(&env), Err(HandshakeError::NotLaunchedByHost));
        env.magic_cookie = Some("wrong".into());
        assert!(check_magic_cookie(&env).is_err());
        env.magic_cookie = Some(MAGIC_COOKIE_VALUE.into());
        assert!(check_magic_cookie(&env).is_ok());
    }

    #[test]
    fn negotiates_five_in_any_order() {
        for offered in ["5,6", "6,5", "5", " 6 , 5 "] {
            let env = PluginEnv { protocol_versions: Some(offered.into()), ..Default::default() };
            assert_eq!(negotiate_version(&env), Ok(5), "{offered}");
        }
        let env = PluginEnv { protocol_versions: Some("6".into()), ..Default::default() };
        assert!(matches!(negotiate_version(&env), Err(HandshakeError::NoCommonVersion { .. })));
        assert_eq!(negotiate_version(&PluginEnv::default()), Ok(5));
    }

    #[test]
    fn line_has_six_fields_and_unpadded_cert() {
        assert_eq!(handshake_line("unix", "/tmp/p", None), "1|5|unix|/tmp/p|grpc|");
        let line = handshake_line("unix", "/tmp/p", Some(&[1, 2, 3, 4]));
        assert_eq!(line, "1|5|unix|/tmp/p|grpc|AQIDBA");
        assert_eq!(line.split('|').count(), 6);
    }
}
