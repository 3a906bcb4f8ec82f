//! What every resource file imports: the framework's schema, value, diagnostic and plan
//! types, the resource trait and its declaration macros, and the steps the resources share
//! (`cloud.rs`: cloud access, waits, failures; `common.rs`: IDs, defaults, state values).
//! A resource file adds only its own wire types and validators.

pub(super) use std::time::Duration;

pub(super) use async_trait::async_trait;
pub(super) use tether_client::{CallContext, ClientError};
pub(super) use tether_wire::cloud::Cloud;

pub(super) use super::cloud::*;
pub(super) use super::common::*;
pub(super) use crate::framework::model::model;
pub(super) use crate::framework::private::Private;
pub(super) use crate::framework::resource::resource_type;
pub(super) use crate::framework::timeouts;
pub(super) use crate::framework::{AttrPath, Attribute, Block, Context, Declaration, Diagnostic, Diagnostics, Identity, PlanRequest, Resource, Rule, RuleBook, Schema, Value};
pub(super) use crate::provider::ProviderConfig;
