//! Provider-private state: bytes Terraform stores beside an object's state and hands back
//! unchanged on the next plan or apply, never shown to users. tether keeps a small JSON
//! object there. Content that is not such an object (older or foreign data) reads as empty
//! and is handed back byte for byte while tether keeps nothing of its own; it is never an
//! error.

use std::collections::BTreeMap;

/// Key set on the first of the two plans Terraform makes for a replacement (see
/// [`crate::framework::PlanRequest::replacement_probe`]): the live checks ran there, with
/// the replaced object's holdings counted as free.
pub const REPLACEMENT_CHECKED: &str = "replacement_checked";

/// Key set by a read that found the association gone (a change outside Terraform): what it
/// saw, and how to resolve it. The object stays in state; its plan makes the association
/// again (an in-place update), and when that is not possible yet the plan warns instead of
/// failing, so that other resources, `plan -destroy` and `destroy` keep working.
pub const GONE: &str = "gone";

/// The private JSON object of one resource instance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Private(BTreeMap<String, serde_json::Value>, Vec<u8>);

impl Private {
    /// Reads what Terraform handed back; anything but a JSON object is empty (and kept aside
    /// as it came).
    pub fn from_bytes(bytes: &[u8]) -> Private {
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(serde_json::Value::Object(map)) => Private(map.into_iter().collect(), Vec::new()),
            _ => Private(BTreeMap::new(), bytes.to_vec()),
        }
    }

    /// The bytes for Terraform: tether's object, or, when it keeps nothing, what came in
    /// that was not tether's.
    pub fn to_bytes(&self) -> Vec<u8> {
        if self.0.is_empty() {
            return self.1.clone();
        }
        serde_json::to_vec(&self.0).unwrap_or_default()
    }

    pub fn flag(&self, key: &str) -> bool {
        self.0.get(key).and_then(serde_json::Value::as_bool).unwrap_or(false)
    }

    pub fn set_flag(&mut self, key: &str) {
        self.1.clear();
        self.0.insert(key.to_owned(), serde_json::Value::Bool(true));
    }

    pub fn remove(&mut self, key: &str) {
        self.0.remove(key);
    }

    /// A text entry.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(serde_json::Value::as_str)
    }

    pub fn set_text(&mut self, key: &str, value: impl Into<String>) {
        self.1.clear();
        self.0.insert(key.to_owned(), serde_json::Value::String(value.into()));
    }

    /// An entry that maps names to text (e.g. instance IDs to what was seen of them).
    pub fn texts(&self, key: &str) -> std::collections::BTreeMap<String, String> {
        self.0.get(key).and_then(serde_json::Value::as_object).map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect()).unwrap_or_default()
    }

    /// Sets a name-to-text entry; an empty map removes it.
    pub fn set_texts(&mut self, key: &str, map: &std::collections::BTreeMap<String, String>) {
        if map.is_empty() {
            self.0.remove(key);
        } else {
            self.1.clear();
            let object = map.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
            self.0.insert(key.to_owned(), serde_json::Value::Object(object));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_foreign_bytes() {
        let mut p = Private::default();
        assert!(p.to_bytes().is_empty());
        p.set_flag(REPLACEMENT_CHECKED);
        let back = Private::from_bytes(&p.to_bytes());
        assert!(back.flag(REPLACEMENT_CHECKED));
        assert_eq!(Private::from_bytes(b""), Private::default());
        for foreign in [&b"\x00\xffnot json"[..], b"[1,2]"] {
            let mut p = Private::from_bytes(foreign);
            assert!(!p.flag(REPLACEMENT_CHECKED) && p.text(GONE).is_none());
            assert_eq!(p.to_bytes(), foreign, "handed back as it came while tether keeps nothing");
            p.remove(GONE);
            assert_eq!(p.to_bytes(), foreign);
            p.set_text(GONE, "seen");
            assert_eq!(Private::from_bytes(&p.to_bytes()).text(GONE), Some("seen"), "tether's own entries replace it");
        }
    }
}
