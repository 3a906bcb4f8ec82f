//! What a workspace already manages, from `terraform show -json` output (a state, or a plan:
//! its prior state and planned values): the associations of tether's resource types, keyed
//! as discover keys what it finds, and the resource addresses already taken.

use std::collections::BTreeSet;

use serde_json::Value;

use super::model::Kind;
use crate::resources::ess_attachment::Attachment;

/// The associations and addresses a workspace has.
#[derive(Debug, Default)]
pub struct Managed {
    /// (type, key): the `id` of EIP, HaVip and GA associations.
    keys: BTreeSet<(String, String)>,
    /// (scaling group, instance) of every `tether_ess_attachment`.
    members: BTreeSet<(String, String)>,
    /// (type, name) of the root module's resources.
    addresses: BTreeSet<(String, String)>,
}

impl Managed {
    /// Parses `terraform show -json` output; the reason when it is not that.
    pub fn parse(text: &str) -> Result<Managed, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e}); pass the output of `terraform show -json` (state or plan file)"))?;
        if doc.get("format_version").and_then(Value::as_str).is_none() {
            return Err("no format_version: pass the output of `terraform show -json` (state or plan file)".into());
        }
        let mut managed = Managed::default();
        let roots = [&doc["values"]["root_module"], &doc["prior_state"]["values"]["root_module"], &doc["planned_values"]["root_module"]];
        for root in roots {
            if !root.is_null() {
                managed.module(root, true)?;
            }
        }
        Ok(managed)
    }

    fn module(&mut self, module: &Value, root: bool) -> Result<(), String> {
        for resource in module["resources"].as_array().into_iter().flatten() {
            if resource["mode"].as_str().is_some_and(|m| m != "managed") {
                continue;
            }
            let Some(type_name) = resource["type"].as_str() else { return Err("a resource without a type".into()) };
            if root {
                if let Some(name) = resource["name"].as_str() {
                    self.addresses.insert((type_name.to_owned(), name.to_owned()));
                }
            }
            let Some(kind) = Kind::ALL.into_iter().find(|k| k.type_name() == type_name) else { continue };
            let values = &resource["values"];
            let text = |attr: &str| values[attr].as_str().unwrap_or_default().to_owned();
            match kind {
                Kind::Ess => {
                    let group = text(Attachment::SCALING_GROUP_ID);
                    for id in values[Attachment::INSTANCE_IDS].as_array().into_iter().flatten().filter_map(Value::as_str) {
                        self.members.insert((group.clone(), id.to_owned()));
                    }
                }
                _ => {
                    let id = text("id");
                    if !id.is_empty() {
                        self.keys.insert((type_name.to_owned(), id));
                    }
                }
            }
        }
        for child in module["child_modules"].as_array().into_iter().flatten() {
            self.module(child, false)?;
        }
        Ok(())
    }

    /// True when the workspace manages the association of `type_name` with this key.
    pub fn has(&self, type_name: &str, key: &str) -> bool {
        !key.is_empty() && self.keys.contains(&(type_name.to_owned(), key.to_owned()))
    }

    /// True when a `tether_ess_attachment` of the workspace holds `instance` in `group`.
    pub fn has_member(&self, group: &str, instance: &str) -> bool {
        self.members.contains(&(group.to_owned(), instance.to_owned()))
    }

    /// The root module's resource addresses (new names must not take them).
    pub fn addresses(&self) -> &BTreeSet<(String, String)> {
        &self.addresses
    }

    /// How many associations the workspace manages.
    pub fn len(&self) -> usize {
        self.keys.len() + self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_and_plan_are_read() {
        let state = r#"{"format_version":"1.0","values":{"root_module":{"resources":[
            {"mode":"managed","type":"tether_eip_association","name":"a","values":{"id":"eip-1:i-1"}},
            {"mode":"managed","type":"tether_ess_attachment","name":"g","values":{"id":"asg-1","scaling_group_id":"asg-1","instance_ids":["i-2","i-3"]}}],
            "child_modules":[{"resources":[{"mode":"managed","type":"tether_havip_attachment","name":"h","values":{"id":"havip-1:i-4"}}]}]}}}"#;
        let m = Managed::parse(state).expect("state");
        assert!(m.has("tether_eip_association", "eip-1:i-1"));
        assert!(m.has("tether_havip_attachment", "havip-1:i-4"));
        assert!(m.has_member("asg-1", "i-3"));
        assert!(!m.has_member("asg-1", "i-4"));
        assert!(m.addresses().contains(&("tether_eip_association".into(), "a".into())));
        assert!(!m.addresses().contains(&("tether_havip_attachment".into(), "h".into())));
        let plan = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
            {"mode":"managed","type":"tether_ga_backend","name":"b","values":{"id":"ga-1:i-9"}}]}}}"#;
        assert!(Managed::parse(plan).expect("plan").has("tether_ga_backend", "ga-1:i-9"));
        assert!(Managed::parse(r#"{"format_version":"1.0"}"#).expect("empty").is_empty());
        assert!(Managed::parse("[1]").is_err());
        assert!(Managed::parse("not json").is_err());
    }
}
