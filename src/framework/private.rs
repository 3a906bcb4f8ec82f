//! Provider-private state: bytes Terraform stores beside an object's state and hands back
//! unchanged on the next plan or apply, never shown to users. tether keeps a small JSON
//! object there; unknown or malformed content reads as empty (older or foreign data is
//! ignored, never an error).

use std::collections::BTreeMap;

/// Key set on the first of the two plans Terraform makes for a replacement (see
/// [`crate::framework::PlanRequest::replacement_probe`]): the live checks ran there, with
/// the replaced object's holdings counted as free.
pub const REPLACEMENT_CHECKED: &str = "replacement_checked";

/// The private JSON object of one resource instance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Private(BTreeMap<String, serde_json::Value>);

impl Private {
    /// Reads what Terraform handed back; anything but a JSON object is empty.
    pub fn from_bytes(bytes: &[u8]) -> Private {
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(serde_json::Value::Object(map)) => Private(map.into_iter().collect()),
            _ => Private::default(),
        }
    }

    /// The bytes for Terraform: empty when nothing is kept.
    pub fn to_bytes(&self) -> Vec<u8> {
        if self.0.is_empty() {
            return Vec::new();
        }
        serde_json::to_vec(&self.0).unwrap_or_default()
    }

    pub fn flag(&self, key: &str) -> bool {
        self.0.get(key).and_then(serde_json::Value::as_bool).unwrap_or(false)
    }

    pub fn set_flag(&mut self, key: &str) {
        self.0.insert(key.to_owned(), serde_json::Value::Bool(true));
    }

    pub fn remove(&mut self, key: &str) {
        self.0.remove(key);
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
        assert_eq!(Private::from_bytes(b"\x00\xffnot json"), Private::default());
        assert_eq!(Private::from_bytes(b"[1,2]"), Private::default());
        assert_eq!(Private::from_bytes(b""), Private::default());
    }
}
