//! The tether provider: its configuration block and the resources it serves.

pub mod config;

use async_trait::async_trait;

use crate::framework::{Diagnostics, Provider, Resource, Schema, Value};
use crate::resources;

pub use config::{KnownFacts, ProviderConfig};

/// The one full source address used in examples, tests and docs, so Terraform and OpenTofu
/// resolve the same provider offline.
pub const SOURCE_ADDRESS: &str = "registry.terraform.io/tether-dev/tether";
pub const TYPE_NAME: &str = "tether";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub struct TetherProvider {
    schema: Schema,
    resources: Vec<Box<dyn Resource<ProviderConfig>>>,
}

impl TetherProvider {
    pub fn new() -> Self {
        TetherProvider { schema: config::schema(), resources: resources::all() }
    }
}

impl Default for TetherProvider {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait]
impl Provider for TetherProvider {
    type Configured = ProviderConfig;

    fn schema(&self) -> &Schema {
        &self.schema
    }

    async fn configure(&self, config: &Value, diags: &mut Diagnostics) -> Option<ProviderConfig> {
        config::configure(config, &config::ProcessEnv, diags)
    }

    fn resources(&self) -> &[Box<dyn Resource<ProviderConfig>>] {
        &self.resources
    }
}
