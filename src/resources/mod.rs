//! The four resources, one file each. Resources see typed values and the configured
//! provider; they never touch wire formats.

mod cloud;
mod common;
pub mod eip_association;
pub mod ess_attachment;
pub mod ga_backend;
pub mod havip_attachment;
mod prelude;

use crate::framework::Resource;
use crate::provider::ProviderConfig;

pub fn all() -> Vec<Box<dyn Resource<ProviderConfig>>> {
    vec![
        Box::new(eip_association::EipAssociation::new()),
        Box::new(havip_attachment::HavipAttachment::new()),
        Box::new(ga_backend::GaBackend::new()),
        Box::new(ess_attachment::EssAttachment::new()),
    ]
}
