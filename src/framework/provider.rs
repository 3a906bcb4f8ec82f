//! The provider trait: its schema, configuration and the resources it serves.

use async_trait::async_trait;

use super::diagnostics::Diagnostics;
use super::resource::Resource;
use super::schema::Schema;
use super::value::Value;

#[async_trait]
pub trait Provider: Send + Sync + 'static {
    /// What Configure produces and every resource operation receives.
    type Configured: Send + Sync + 'static;

    fn schema(&self) -> &Schema;

    /// Static checks of the provider block (PrepareProviderConfig).
    fn validate(&self, _config: &Value, _diags: &mut Diagnostics) {}

    /// Turns the provider block into a configured provider (Configure). The configuration
    /// may contain unknown values during plan.
    async fn configure(&self, config: &Value, diags: &mut Diagnostics) -> Option<Self::Configured>;

    fn resources(&self) -> &[Box<dyn Resource<Self::Configured>>];

    fn resource(&self, type_name: &str) -> Option<&dyn Resource<Self::Configured>> {
        self.resources().iter().find(|r| r.type_name() == type_name).map(|r| r.as_ref())
    }
}
