//! The protocol adapter: tfplugin5 messages ↔ framework types, and the gRPC `Provider`
//! service that drives a [`crate::framework::Provider`].

pub mod codec;
pub mod convert;
#[cfg(test)]
mod fuzz;
pub mod limits;
pub mod msgpack;
pub mod service;

pub use service::ProviderService;
