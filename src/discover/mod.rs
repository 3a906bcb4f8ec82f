//! `tether discover`: lists the associations that already exist in one cloud region (with
//! read-only Describe calls through the shared client) and writes the `import {}` and
//! resource blocks that bring them under Terraform, leaving out what a workspace already
//! manages.
//!
//! One idea per file: [`model`] (what was found), [`paging`] (listing with a progress
//! line), [`eip`], [`havip`], [`ga`], [`ess`] (the listing of each kind), [`exclude`]
//! (`terraform show -json` of the workspace), [`naming`] (resource names), [`hcl`] and
//! [`json`] (rendering), [`summary`] (what a person reads first).

pub mod eip;
pub mod ess;
pub mod exclude;
pub mod ga;
pub mod havip;
pub mod hcl;
pub mod json;
pub mod model;
pub mod naming;
pub mod paging;
pub mod summary;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use tether_client::{CallContext, Client, ClientConfig, ClientError};
use tether_wire::cloud::Cloud;

use crate::provider::config::{credentials_from_env, env_names, EnvSource, ENDPOINT_ENV};
pub use model::{Arg, Association, Kind, Skipped};

/// Exit code: the input cannot be used (unknown cloud or kind, no or refused credentials, an
/// unreadable `--exclude-state`).
pub const EXIT_UNUSABLE: u8 = 2;
/// Exit code: the cloud could not be listed, or the output not written.
pub const EXIT_FAILED: u8 = 1;

/// How long the whole listing may take.
const LISTING_TIMEOUT: Duration = Duration::from_secs(600);

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.tf` (HCL native syntax).
    Hcl,
    /// `.tf.json` (Terraform's JSON configuration syntax).
    Json,
}

/// What `tether discover` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub cloud: String,
    /// The region; `None` takes the cloud's region environment variable, as the provider does.
    pub region: Option<String>,
    /// The kinds to list; empty means every kind the cloud has.
    pub kinds: Vec<Kind>,
    /// `terraform show -json` output of the workspace: its text, and where it came from.
    pub exclude_state: Option<(String, String)>,
    pub format: Format,
    /// `provider = …` for every block (e.g. `tether.alibaba`), for a workspace with aliases.
    pub provider: Option<String>,
}

/// Why discover stopped.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("unknown cloud {0:?}: use alibaba, tencent or volcengine")]
    UnknownCloud(String),
    #[error("{kind} associations do not exist on {cloud} ({kind} is {supported}); leave out --kind {kind} or pick another cloud")]
    KindNotOnCloud { kind: Kind, cloud: &'static str, supported: String },
    #[error("no region: pass --region or set {names}")]
    NoRegion { names: String },
    #[error("no {cloud} credentials: set {access} and {secret} (as for the provider)")]
    NoCredentials { cloud: &'static str, access: String, secret: String },
    #[error("--provider {0:?} is not a provider reference like tether or tether.alias")]
    BadProvider(String),
    #[error("--exclude-state {source_name}: {reason}")]
    ExcludeState { source_name: String, reason: String },
    #[error("cannot create the API client: {0}")]
    Client(Box<ClientError>),
    #[error("the cloud refused the credentials while listing {what} (check the access key and secret in the environment): {source}")]
    Credentials { what: &'static str, source: Box<ClientError> },
    #[error("listing {what} failed: {source}")]
    Listing { what: &'static str, source: Box<ClientError> },
}

/// Error codes with which the clouds refuse an access key or its signature.
const CREDENTIAL_CODES: &[&str] = tether_wire::constraints::auth::CREDENTIAL_CODES;

/// A listing failure, told apart when the credentials are what is wrong.
fn listing_error(what: &'static str, source: ClientError) -> DiscoverError {
    let refused = source.code().is_some_and(|c| CREDENTIAL_CODES.contains(&c) || c.starts_with("AuthFailure"));
    if refused {
        DiscoverError::Credentials { what, source: Box::new(source) }
    } else {
        DiscoverError::Listing { what, source: Box::new(source) }
    }
}

impl DiscoverError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            DiscoverError::Listing { .. } => EXIT_FAILED,
            _ => EXIT_UNUSABLE,
        }
    }
}

/// What discover found: the configuration to write (`None` when there is nothing new), the
/// summary for stderr, and the figures.
#[derive(Debug)]
pub struct Outcome {
    pub config: Option<String>,
    pub summary: String,
    pub resources: Vec<Association>,
    pub skipped: Vec<Skipped>,
    pub excluded: usize,
}

/// The client for `cloud` in `region`, configured as the provider configures it from the
/// environment (credentials, `TETHER_ENDPOINT`).
fn client(cloud: Cloud, region: &str, env: &dyn EnvSource) -> Result<Client, DiscoverError> {
    let names = env_names(cloud);
    let credentials = credentials_from_env(cloud, env).ok_or_else(|| DiscoverError::NoCredentials {
        cloud: cloud.display_name(),
        access: names.access_key.join(" or "),
        secret: names.secret_key.join(" or "),
    })?;
    let mut config = ClientConfig::new(cloud, region.to_owned(), credentials);
    if let Some(endpoint) = env.first(&[ENDPOINT_ENV]) {
        config = config.with_endpoint(endpoint);
    }
    Client::new(config).map_err(|e| DiscoverError::Client(Box::new(e)))
}

/// A `provider` meta-argument value: `tether` or `tether.<alias>`.
fn valid_provider(reference: &str) -> bool {
    let mut parts = reference.split('.');
    let name_ok = parts.next() == Some("tether");
    let alias_ok = parts.next().is_none_or(naming::is_identifier);
    name_ok && alias_ok && parts.next().is_none()
}

/// The kinds to list on `cloud`: those asked for (each must exist there), else all of its.
fn kinds_for(cloud: Cloud, asked: &[Kind]) -> Result<Vec<Kind>, DiscoverError> {
    if asked.is_empty() {
        return Ok(Kind::ALL.iter().copied().filter(|k| k.clouds().contains(&cloud)).collect());
    }
    let mut kinds = Vec::new();
    for kind in asked {
        if !kind.clouds().contains(&cloud) {
            let supported = kind.clouds().iter().map(|c| c.name()).collect::<Vec<_>>().join(" and ");
            return Err(DiscoverError::KindNotOnCloud { kind: *kind, cloud: cloud.name(), supported: format!("on {supported} only") });
        }
        if !kinds.contains(kind) {
            kinds.push(*kind);
        }
    }
    Ok(kinds)
}

/// Lists, excludes, names and renders. Every input is checked before the first API call.
pub async fn run(options: &Options, env: &dyn EnvSource) -> Result<Outcome, DiscoverError> {
    let cloud = Cloud::from_name(&options.cloud).ok_or_else(|| DiscoverError::UnknownCloud(options.cloud.clone()))?;
    let kinds = kinds_for(cloud, &options.kinds)?;
    let region = match options.region.clone().filter(|r| !r.is_empty()).or_else(|| env.first(env_names(cloud).region)) {
        Some(region) => region,
        None => return Err(DiscoverError::NoRegion { names: env_names(cloud).region.join(" or ") }),
    };
    if let Some(p) = &options.provider {
        if !valid_provider(p) {
            return Err(DiscoverError::BadProvider(p.clone()));
        }
    }
    let managed = match &options.exclude_state {
        Some((text, source_name)) => exclude::Managed::parse(text).map_err(|reason| DiscoverError::ExcludeState { source_name: source_name.clone(), reason })?,
        None => exclude::Managed::default(),
    };
    let client = client(cloud, &region, env)?;
    let ctx = CallContext::new().with_timeout(LISTING_TIMEOUT);
    let mut progress = paging::Progress::default();

    let mut found: Vec<Association> = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut excluded = 0;
    for kind in &kinds {
        let listing = match kind {
            Kind::Eip => eip::list(&client, cloud, &ctx, &mut progress).await,
            Kind::Havip => havip::list(&client, &ctx, &mut progress).await,
            Kind::Ga => ga::list(&client, &ctx, &mut progress).await,
            Kind::Ess => ess::list(&client, &ctx, &mut progress, &managed).await,
        }
        .map_err(|source| listing_error(kind.listing(), source))?;
        excluded += listing.excluded;
        skipped.extend(listing.skipped);
        for association in listing.found {
            if managed.has(kind.type_name(), &association.key) {
                excluded += 1;
            } else {
                found.push(association);
            }
        }
    }
    found.sort_by(|a, b| (a.kind, &a.import_id).cmp(&(b.kind, &b.import_id)));
    let taken: BTreeSet<(String, String)> = managed.addresses().clone();
    naming::assign(&mut found, &taken);
    let config = if found.is_empty() {
        None
    } else {
        let header = hcl::Header { cloud: cloud.name(), region: &region, provider: options.provider.as_deref() };
        Some(match options.format {
            Format::Hcl => hcl::render(&found, &header),
            Format::Json => json::render(&found, &header),
        })
    };
    let summary = summary::text(cloud, &region, &kinds, &found, &skipped, excluded);
    Ok(Outcome { config, summary, resources: found, skipped, excluded })
}

/// Where the configuration goes.
#[derive(Clone, Debug)]
pub enum Output {
    Stdout,
    File(PathBuf),
}
