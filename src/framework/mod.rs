//! The provider framework: schema, typed values, diagnostics, paths, validators, plan rules,
//! and the provider and resource traits. Nothing here knows about gRPC or
//! the cloud APIs; clouds appear only as the names and error codes `tether-wire` declares.

pub mod diagnostics;
pub mod identity;
pub mod model;
pub mod path;
pub mod plan;
pub mod private;
pub mod provider;
pub mod quote;
pub mod resource;
pub mod rule;
pub mod schema;
pub mod timeouts;
pub mod validators;
pub mod value;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use identity::Identity;
pub use path::AttrPath;
pub use provider::Provider;
pub use resource::{Context, Declaration, PlanRequest, Resource};
pub use rule::{Phase, Rule, RuleBook};
pub use schema::{Attribute, Block, NestedBlock, Nesting, Presence, Schema};
pub use value::{Number, Type, Value};
