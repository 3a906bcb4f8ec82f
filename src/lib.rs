//! tether: a Terraform/OpenTofu provider for associations between cloud resources on
//! Alibaba Cloud, Tencent Cloud and Volcengine.
//!
//! Layers, from the wire inwards:
//! - [`plugin`]: go-plugin transport (handshake, AutoMTLS, socket, controller, logging);
//! - [`protocol`]: the tfplugin5 adapter (wire values ↔ typed values, the gRPC service);
//! - [`framework`]: schema, values, diagnostics, paths, validators, plan rules, traits;
//! - [`provider`] and [`resources`]: tether itself, one file per resource.

pub mod check;
pub mod discover;
pub mod docs;
pub mod file_error;
pub mod framework;
pub mod install;
pub mod package;
pub mod plugin;
pub mod protocol;
pub mod provider;
pub mod resources;

pub mod proto {
    //! Generated tfplugin5 and go-plugin stubs.
    #![allow(clippy::all, missing_docs)]
    pub mod tfplugin5 {
        tonic::include_proto!("tfplugin5");
    }
    pub mod plugin {
        tonic::include_proto!("plugin");
    }
}
