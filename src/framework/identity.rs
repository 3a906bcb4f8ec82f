//! Resource identity (protocol 5.9+): the few attributes that name one remote object, so
//! Terraform ≥ 1.12 and OpenTofu 1.12 can import by `identity = {…}` and track objects
//! independently of the state's shape.
//!
//! A resource declares its identity as data: the attributes, which of them an import must
//! give, and the *forms* its import ID takes (each form is an ordered list of identity
//! attributes joined with `:`). One declaration answers both directions, so an identity
//! and an import ID always name the same object:
//! - a state's identity is read from its `id` (which tether always sets to an import ID),
//!   picking the form with as many parts;
//! - an identity becomes the import ID of the form whose attributes are exactly the ones it
//!   sets, and the resource's ordinary import runs with it.

use std::collections::BTreeMap;

use super::diagnostics::Diagnostic;
use super::path::AttrPath;
use super::quote::quoted;
use super::value::{Type, Value};

/// One identity attribute (always a string: every tether identity is made of cloud IDs).
#[derive(Clone, Debug)]
pub struct IdentityAttribute {
    pub name: &'static str,
    /// An import by identity must set it.
    pub required_for_import: bool,
    pub description: &'static str,
}

/// A resource type's identity.
#[derive(Clone, Debug)]
pub struct Identity {
    /// Bumped when the attributes change incompatibly (see `UpgradeResourceIdentity`).
    pub version: i64,
    pub attributes: Vec<IdentityAttribute>,
    /// The import ID forms, as ordered attribute names.
    pub forms: Vec<&'static [&'static str]>,
}

impl Identity {
    pub fn new() -> Identity {
        Identity { version: 0, attributes: Vec::new(), forms: Vec::new() }
    }

    pub fn required(mut self, name: &'static str, description: &'static str) -> Identity {
        self.attributes.push(IdentityAttribute { name, required_for_import: true, description });
        self
    }

    pub fn optional(mut self, name: &'static str, description: &'static str) -> Identity {
        self.attributes.push(IdentityAttribute { name, required_for_import: false, description });
        self
    }

    /// An import ID form: these attributes' values joined with `:`.
    pub fn form(mut self, attributes: &'static [&'static str]) -> Identity {
        self.forms.push(attributes);
        self
    }

    /// The identity's object type.
    pub fn ty(&self) -> Type {
        Type::Object(self.attributes.iter().map(|a| (a.name.to_owned(), Type::String)).collect())
    }

    /// The identity of a state, read from its `id`; `None` while the ID is not known (a
    /// create's plan) or when it is in none of the forms.
    pub fn of_state(&self, state: &Value) -> Option<Value> {
        let id = state.attr("id").as_str()?;
        let parts: Vec<&str> = id.split(':').collect();
        let form = self.forms.iter().find(|f| f.len() == parts.len())?;
        let mut attrs: BTreeMap<String, Value> = self.attributes.iter().map(|a| (a.name.to_owned(), Value::Null)).collect();
        for (name, part) in form.iter().zip(&parts) {
            attrs.insert((*name).to_owned(), Value::from(*part));
        }
        Some(Value::Object(attrs))
    }

    /// The import ID an identity names, or a diagnostic on the offending attribute.
    pub fn import_id(&self, identity: &Value) -> Result<String, Diagnostic> {
        let set: Vec<&str> = self.attributes.iter().map(|a| a.name).filter(|name| identity.attr(name).is_present()).collect();
        for a in &self.attributes {
            match identity.attr(a.name) {
                Value::String(s) if s.is_empty() || s.contains(':') => {
                    return Err(Diagnostic::error(format!("Invalid identity attribute {}", a.name), format!("{} is not a cloud ID.", quoted(s))).at(AttrPath::attr(a.name)));
                }
                v if a.required_for_import && !v.is_present() => {
                    return Err(Diagnostic::error(format!("Missing identity attribute {}", a.name), "An import by identity must set it.").at(AttrPath::attr(a.name)));
                }
                _ => {}
            }
        }
        let Some(form) = self.forms.iter().find(|f| f.len() == set.len() && f.iter().all(|n| set.contains(n))) else {
            let forms: Vec<String> = self.forms.iter().map(|f| f.join(" + ")).collect();
            return Err(Diagnostic::error("The identity names no object", format!("It sets {}; an import by identity sets exactly one of: {}.", list(&set), forms.join("; or "))));
        };
        let parts: Vec<&str> = form.iter().filter_map(|name| identity.attr(name).as_str()).collect();
        Ok(parts.join(":"))
    }
}

impl Default for Identity {
    fn default() -> Self {
        Identity::new()
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "no attribute".to_owned()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eip_like() -> Identity {
        Identity::new()
            .required("eip_id", "The EIP.")
            .optional("instance_id", "The instance.")
            .optional("network_interface_id", "The ENI.")
            .optional("private_ip_address", "The private IP.")
            .form(&["eip_id", "instance_id"])
            .form(&["eip_id", "network_interface_id", "private_ip_address"])
    }

    fn object(pairs: &[(&str, Value)]) -> Value {
        Value::Object(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
    }

    #[test]
    fn state_and_identity_name_the_same_object_both_ways() {
        let identity = eip_like();
        for id in ["eip-1:i-2", "eip-1:eni-3:10.0.0.2"] {
            let of = identity.of_state(&object(&[("id", id.into()), ("instance_id", "i-other".into())])).expect("identity");
            assert_eq!(identity.import_id(&of).expect("id"), id);
        }
        let of = identity.of_state(&object(&[("id", "eip-1:eni-3:10.0.0.2".into())])).expect("identity");
        assert!(of.attr("instance_id").is_null(), "attributes outside the form stay null: {of:?}");
    }

    #[test]
    fn unknown_or_foreign_ids_have_no_identity() {
        let identity = eip_like();
        assert!(identity.of_state(&object(&[("id", Value::Unknown)])).is_none());
        assert!(identity.of_state(&object(&[("id", "a:b:c:d".into())])).is_none());
    }

    #[test]
    fn bad_identities_name_the_attribute() {
        let identity = eip_like();
        let missing = identity.import_id(&object(&[("eip_id", Value::Null), ("instance_id", "i-2".into())])).unwrap_err();
        assert_eq!(missing.path, Some(AttrPath::attr("eip_id")));
        let mixed = identity.import_id(&object(&[("eip_id", "eip-1".into()), ("instance_id", "i-2".into()), ("network_interface_id", "eni-3".into())])).unwrap_err();
        assert!(mixed.detail.contains("eip_id + instance_id"), "{}", mixed.detail);
        let colon = identity.import_id(&object(&[("eip_id", "eip-1:x".into()), ("instance_id", "i-2".into())])).unwrap_err();
        assert_eq!(colon.path, Some(AttrPath::attr("eip_id")));
    }
}
