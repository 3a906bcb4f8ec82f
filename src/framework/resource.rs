//! The resource trait: what a resource implements (schema, validation, planning, CRUD,
//! import, upgrade). Resources never see wire formats; they work on typed values.

use async_trait::async_trait;
use tether_wire::cloud::Cloud;
use tokio_util::sync::CancellationToken;

use super::diagnostics::Diagnostics;
use super::identity::Identity;
use super::path::AttrPath;
use super::private::{Private, GONE, REPLACEMENT_CHECKED};
use super::rule::RuleBook;
use super::schema::Schema;
use super::value::Value;

/// What a resource operation gets besides its values.
pub struct Context<'a, P> {
    /// The configured provider; `None` before Configure or when its configuration was unusable.
    pub provider: Option<&'a P>,
    /// Cancelled when Terraform sends Stop.
    pub cancel: CancellationToken,
}

/// A plan being made for a create or an update (never for a destroy).
///
/// A replacement is planned twice by Terraform: first with the prior state (the *probe*,
/// which reports the attributes that force the replacement), then again as a create with a
/// null prior, whose planned state becomes the new object. Live rules run once, in the
/// probe, where the replaced object is known (see [`PlanRequest::released`]); the second
/// plan finds [`PlanRequest::live_checks_due`] false.
pub struct PlanRequest {
    /// Null on create.
    pub prior: Value,
    pub config: Value,
    /// The planned new state; the resource may refine it.
    pub planned: Value,
    /// Attributes whose change replaces the resource.
    pub requires_replace: Vec<AttrPath>,
    /// The private state Terraform handed in (the probe's, in the second plan of a
    /// replacement); the framework manages it.
    pub private: Private,
    /// The plan is the refresh Terraform makes before a destroy: nothing will be created.
    pub destroy_run: bool,
}

impl PlanRequest {
    pub fn is_create(&self) -> bool {
        self.prior.is_null()
    }
    /// True when the plan creates or replaces the object.
    pub fn creates_object(&self) -> bool {
        self.is_create() || !self.requires_replace.is_empty()
    }
    /// True for the first plan of a replacement (prior known, replacement due).
    pub fn replacement_probe(&self) -> bool {
        !self.prior.is_null() && !self.requires_replace.is_empty()
    }
    /// What a refresh found when the association had gone (changed outside Terraform; see
    /// [`GONE`]): the plan then makes it again.
    pub fn drifted(&self) -> Option<&str> {
        if self.is_create() {
            None
        } else {
            self.private.text(GONE)
        }
    }
    /// Whether a create's live rules should run in this plan: on a create, unless it is the
    /// second plan of a replacement whose probe ran them; in a replacement's probe; and in
    /// the in-place update that makes a drifted association again.
    /// Never in a destroy run: nothing is created, and an error would stop the destroy.
    pub fn live_checks_due(&self) -> bool {
        !self.destroy_run && (self.replacement_probe() || (self.is_create() && !self.private.flag(REPLACEMENT_CHECKED)) || self.drifted().is_some())
    }
    /// The prior object that this plan replaces, when it does: Terraform destroys it before it
    /// creates the new one, so what it holds in the cloud is free by then.
    pub fn released(&self) -> Option<&Value> {
        (!self.prior.is_null() && !self.requires_replace.is_empty()).then_some(&self.prior)
    }
    pub fn set_planned(&mut self, name: &str, value: Value) {
        if let Some(attrs) = self.planned.attrs_mut() {
            attrs.insert(name.to_owned(), value);
        }
    }
}

/// What a resource declares about itself, as data, built once: its type name, schema,
/// identity, the clouds it accepts and the documented rules it enforces.
pub struct Declaration {
    /// `tether_…`.
    pub type_name: &'static str,
    pub schema: Schema,
    /// The attributes that name one remote object (protocol 5.9 resource identity).
    pub identity: Option<Identity>,
    /// The clouds whose provider configuration the resource accepts.
    pub clouds: &'static [Cloud],
    /// The documented rules the resource enforces beyond its attribute validators.
    pub rules: RuleBook,
}

/// Declares a resource type's struct, which holds its [`Declaration`], built once by
/// `new()` from the declaring module's `TYPE_NAME`, `CLOUDS`, `schema()`, `identity()` and
/// `rule_book()`: `resource_type!(EipAssociation);`.
macro_rules! resource_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name {
            declaration: crate::framework::Declaration,
        }

        impl $name {
            pub fn new() -> Self {
                let declaration =
                    crate::framework::Declaration { type_name: TYPE_NAME, schema: schema(), identity: Some(identity()), clouds: CLOUDS, rules: rule_book() };
                $name { declaration }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }
    };
}
pub(crate) use resource_type;

#[async_trait]
pub trait Resource<P: Send + Sync>: Send + Sync {
    /// The resource's declaration; the accessors below read it.
    fn declaration(&self) -> &Declaration;

    fn type_name(&self) -> &'static str {
        self.declaration().type_name
    }

    fn schema(&self) -> &Schema {
        &self.declaration().schema
    }

    fn identity(&self) -> Option<&Identity> {
        self.declaration().identity.as_ref()
    }

    fn clouds(&self) -> &'static [Cloud] {
        self.declaration().clouds
    }

    fn rule_book(&self) -> &RuleBook {
        &self.declaration().rules
    }

    /// Static checks that need only the configuration (may contain unknowns).
    fn validate(&self, _config: &Value, _diags: &mut Diagnostics) {}

    /// Refines a plan after the generic planning step: provider-dependent static rules and
    /// read-only live lookups.
    async fn modify_plan(&self, _ctx: &Context<'_, P>, _req: &mut PlanRequest, _diags: &mut Diagnostics) {}

    /// Creates the object; returns the new state.
    async fn create(&self, ctx: &Context<'_, P>, planned: &Value, diags: &mut Diagnostics) -> Option<Value>;

    /// Reads the object; `None` when it no longer exists. `private` holds the object's
    /// private state and may be changed (it is stored with the refreshed state).
    async fn read(&self, ctx: &Context<'_, P>, state: &Value, private: &mut Private, diags: &mut Diagnostics) -> Option<Value>;

    /// Applies an in-place change; by default the plan already is the new state (for
    /// attributes that only matter to later operations, like `timeouts`). `private` holds
    /// the planned private state and may be changed (it is stored with the new state).
    async fn update(&self, _ctx: &Context<'_, P>, _prior: &Value, planned: &Value, _private: &mut Private, _diags: &mut Diagnostics) -> Option<Value> {
        Some(planned.clone())
    }

    /// Deletes the object; succeeds when it is already gone.
    async fn delete(&self, ctx: &Context<'_, P>, state: &Value, diags: &mut Diagnostics);

    /// Turns an import ID into the states of the objects it names.
    async fn import(&self, ctx: &Context<'_, P>, id: &str, diags: &mut Diagnostics) -> Vec<Value>;
}
