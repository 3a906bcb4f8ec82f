//! Helpers every resource shares: the cloud check, "not allowed on this cloud" rules,
//! computed IDs, and the common computed attributes.

use tether_wire::cloud::Cloud;

use crate::framework::{AttrPath, Attribute, Context, Diagnostic, Diagnostics, PlanRequest, Value};
use crate::provider::ProviderConfig;

/// The provider's cloud when it is known and supported; an error (on the resource block)
/// naming the supported clouds when it is not supported.
pub fn supported_cloud(ctx: &Context<'_, ProviderConfig>, type_name: &str, supported: &[Cloud], diags: &mut Diagnostics) -> Option<Cloud> {
    let cloud = ctx.provider?.cloud?;
    if supported.contains(&cloud) {
        return Some(cloud);
    }
    let names: Vec<&str> = supported.iter().map(|c| c.name()).collect();
    diags.push(Diagnostic::error(
        format!("{type_name} does not support cloud {cloud:?}", cloud = cloud.name()),
        format!(
            "{type_name} works with cloud {}; this resource's provider block is configured with cloud = {:?}. Use a provider alias for a supported cloud.",
            names.join(" or "),
            cloud.name()
        ),
    ));
    None
}

/// Errors when `attr` is set in the configuration although `cloud` has no such parameter.
pub fn not_allowed(req: &PlanRequest, attr: &str, cloud: Cloud, hint: &str, diags: &mut Diagnostics) {
    if !req.config.attr(attr).is_null() {
        diags.push(
            Diagnostic::error(
                format!("{attr} is not allowed with cloud {}", cloud.name()),
                format!("{} has no such parameter for this resource. {hint}", cloud.display_name()),
            )
            .at(AttrPath::attr(attr)),
        );
    }
}

/// Joins known ID parts with `:`; unknown when any part is unknown.
pub fn joined_id(parts: &[&Value]) -> Value {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            Value::String(s) => out.push(s.as_str()),
            _ => return Value::Unknown,
        }
    }
    Value::String(out.join(":"))
}

/// `id`: computed, kept across in-place updates.
pub fn id_attribute(format: &str) -> Attribute {
    Attribute::string("id").computed().use_state_for_unknown().describe(format!("The association's ID, `{format}`."))
}

/// Sets a planned attribute to its default when the configuration leaves it null.
pub fn plan_default(req: &mut PlanRequest, attr: &str, default: &str) {
    if req.config.attr(attr).is_null() {
        req.set_planned(attr, Value::from(default));
    }
}
