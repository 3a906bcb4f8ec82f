//! Plugin transport: the go-plugin handshake, AutoMTLS, the unix socket, the controller and
//! stdio services, hclog logging, and the serve loop Terraform talks to.

pub mod controller;
pub mod handshake;
pub mod invocation;
pub mod logging;
pub mod serve;
pub mod stream;
pub mod tls;

pub use serve::{run_plugin, serve, ServeError, ServeOptions};
