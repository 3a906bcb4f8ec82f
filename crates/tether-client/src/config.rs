//! Client configuration ([`ClientConfig`]) and endpoint resolution: the real public endpoints
//! of each cloud's services, or one base URL that replaces all of them (the emulator).
//!
//! Default endpoints (HTTPS) come from the official SDKs' endpoint data, region by region:
//! see [`crate::endpoints`] (the table, its sources, and [`known_regions`]).

use std::time::Duration;

use reqwest::Url;
use tether_wire::cloud::Cloud;
use tether_wire::sign::Credentials;

use crate::error::ClientError;
use crate::retry::Backoff;

/// Retries of transient errors per call when the configuration gives none.
pub const DEFAULT_MAX_RETRIES: u32 = 8;
/// Time limit of one HTTP attempt (connect, send, receive) when the configuration gives none.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Everything a [`crate::Client`] needs. `Debug` shows the access key id only.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The cloud every call of this client goes to.
    pub cloud: Cloud,
    /// Region (`cn-hangzhou`, `ap-guangzhou`, `cn-beijing`, ...).
    pub region: String,
    /// Access key pair and optional STS token.
    pub credentials: Credentials,
    /// Base URL that replaces every service endpoint of the cloud (e.g.
    /// `http://127.0.0.1:8080`); `None` for the real public endpoints.
    pub endpoint: Option<String>,
    /// Retries of transient errors per call (so at most `max_retries + 1` attempts).
    pub max_retries: u32,
    /// Time limit of one HTTP attempt.
    pub request_timeout: Duration,
    /// Backoff schedule between attempts.
    pub backoff: Backoff,
}

impl ClientConfig {
    /// A configuration with the default endpoint, retries, timeout and backoff.
    pub fn new(cloud: Cloud, region: impl Into<String>, credentials: Credentials) -> Self {
        ClientConfig {
            cloud,
            region: region.into(),
            credentials,
            endpoint: None,
            max_retries: DEFAULT_MAX_RETRIES,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            backoff: Backoff::default(),
        }
    }

    /// The same configuration with a base URL replacing every endpoint.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The same configuration with another retry budget.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The same configuration with another per-attempt time limit.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The same configuration with another backoff schedule.
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }
}

/// Where one service's requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `http` or `https`.
    pub scheme: String,
    /// The `Host` header value: `name`, or `name:port` when the port is not the scheme's
    /// default.
    pub host: String,
    /// Wire path of the API root (`/` unless the base URL has a path).
    pub path: String,
}

impl Endpoint {
    /// `scheme://host/path` followed by `?query` when there is one.
    pub fn url(&self, query_string: &str) -> String {
        if query_string.is_empty() {
            format!("{}://{}{}", self.scheme, self.host, self.path)
        } else {
            format!(
                "{}://{}{}?{}",
                self.scheme, self.host, self.path, query_string
            )
        }
    }
}

pub use crate::endpoints::{closest_regions, default_host, is_known_region, known_regions};

/// A region id as the clouds spell them: lowercase letters, digits and `-`.
pub(crate) fn validate_region(region: &str) -> Result<(), ClientError> {
    let ok = !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ClientError::Config(format!(
            "region `{}` is not a valid region id (lowercase letters, digits and `-`)",
            region.chars().take(64).collect::<String>()
        )))
    }
}

/// Parses a base URL override into an [`Endpoint`].
pub(crate) fn parse_override(base: &str) -> Result<Endpoint, ClientError> {
    let bad = |why: &str| {
        ClientError::Config(format!(
            "endpoint `{}` is not a usable base URL: {why}",
            redact_userinfo(base).chars().take(200).collect::<String>()
        ))
    };
    let url = Url::parse(base.trim()).map_err(|e| bad(&e.to_string()))?;
    let scheme = url.scheme().to_string();
    if scheme != "http" && scheme != "https" {
        return Err(bad("the scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("user information is not allowed"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("a query or fragment is not allowed"));
    }
    let name = url.host_str().ok_or_else(|| bad("no host"))?;
    let host = match url.port() {
        Some(port) => format!("{name}:{port}"),
        None => name.to_string(),
    };
    let path = match url.path() {
        "" => "/".to_string(),
        p => p.to_string(),
    };
    Ok(Endpoint { scheme, host, path })
}

/// Whether a `Host` value (`name` or `name:port`) names this machine: `localhost`, an
/// address in 127.0.0.0/8, or `[::1]`.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `base` with any `user:password@` part of its authority replaced by `***@`, so that an
/// error message never repeats a password written into a URL.
fn redact_userinfo(base: &str) -> String {
    let Some(start) = base.find("://").map(|i| i + 3) else {
        return base.to_string();
    };
    let rest = &base[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &base[..start], &rest[at..]),
        None => base.to_string(),
    }
}

/// The endpoint of `service` for this configuration.
pub(crate) fn resolve(
    cloud: Cloud,
    region: &str,
    endpoint_override: Option<&Endpoint>,
    service: &str,
) -> Endpoint {
    match endpoint_override {
        Some(e) => e.clone(),
        None => Endpoint {
            scheme: "https".to_string(),
            host: default_host(cloud, service, region),
            path: "/".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_replaces_every_service() {
        let e = parse_override("http://127.0.0.1:8080").unwrap();
        assert_eq!(e.host, "127.0.0.1:8080");
        assert_eq!(e.path, "/");
        assert_eq!(e.url("a=b"), "http://127.0.0.1:8080/?a=b");
        let r = resolve(Cloud::Alibaba, "cn-hangzhou", Some(&e), "ess");
        assert_eq!(r, e);
        let default_port = parse_override("https://emulator.example:443/api/").unwrap();
        assert_eq!(default_port.host, "emulator.example");
        assert_eq!(default_port.path, "/api/");
        let v6 = parse_override("http://[::1]:9000").unwrap();
        assert_eq!(v6.host, "[::1]:9000");
    }

    #[test]
    fn override_rejects_unusable_urls() {
        for bad in [
            "127.0.0.1:8080",
            "ftp://host",
            "http://user:pw@host",
            "http://host/?q=1",
            "not a url",
        ] {
            let err = parse_override(bad).unwrap_err();
            assert!(matches!(err, ClientError::Config(_)), "{bad}");
        }
        // A password written into the URL never shows in the message.
        for with_password in ["http://user:hunter2@host", "ftp://user:hunter2@host/x"] {
            let err = parse_override(with_password).unwrap_err();
            assert!(!err.to_string().contains("hunter2"), "{err}");
            assert!(!format!("{err:?}").contains("hunter2"));
        }
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("127.0.0.1:8080"));
        assert!(is_loopback_host("127.1.2.3"));
        assert!(is_loopback_host("localhost:9000"));
        assert!(is_loopback_host("[::1]:9000"));
        assert!(!is_loopback_host("vpc.aliyuncs.com"));
        assert!(!is_loopback_host("10.0.0.1:80"));
        assert!(!is_loopback_host("[2001:db8::1]:80"));
    }

    #[test]
    fn region_syntax() {
        assert!(validate_region("cn-hangzhou").is_ok());
        assert!(validate_region("ap-southeast-1").is_ok());
        assert!(validate_region("").is_err());
        assert!(validate_region("cn hangzhou").is_err());
        assert!(validate_region("evil.com/").is_err());
    }
}
