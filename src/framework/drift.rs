//! Drift memory: what a Read in this provider process found gone, and why.
//!
//! Terraform refreshes an object (ReadResource) and then plans it (PlanResourceChange) in
//! the same provider process. When the refresh finds that an association this workspace
//! made has disappeared outside Terraform, the object is dropped from state and the plan
//! that follows is a create. The create's live checks then use this memory to tell a
//! re-creation after drift from a brand-new object: a new object that cannot be created is
//! an error, while a drifted one that cannot be re-created yet is reported as a warning
//! naming what happened outside Terraform, so that unrelated resources, `terraform plan
//! -destroy` and `terraform destroy` still work.

use std::collections::HashMap;
use std::sync::Mutex;

/// Bounds the memory of a process that refreshes very many drifted objects.
const MAX_ENTRIES: usize = 100_000;

/// Keys are the resource type and an identity the resource chooses (such as its ID);
/// values say what the refresh saw.
#[derive(Debug, Default)]
pub struct DriftLog {
    gone: Mutex<HashMap<(String, String), String>>,
}

impl DriftLog {
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers that the object `key` of `type_name` was found gone, with what was seen.
    pub fn record(&self, type_name: &str, key: &str, seen: impl Into<String>) {
        if let Ok(mut gone) = self.gone.lock() {
            if gone.len() < MAX_ENTRIES {
                gone.insert((type_name.to_owned(), key.to_owned()), seen.into());
            }
        }
    }

    /// What the refresh saw when it found `key` gone, if it did in this process.
    pub fn seen(&self, type_name: &str, key: &str) -> Option<String> {
        self.gone.lock().ok()?.get(&(type_name.to_owned(), key.to_owned())).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_per_type_and_key() {
        let log = DriftLog::new();
        log.record("tether_a", "x:y", "bound elsewhere");
        assert_eq!(log.seen("tether_a", "x:y").as_deref(), Some("bound elsewhere"));
        assert_eq!(log.seen("tether_b", "x:y"), None);
        assert_eq!(log.seen("tether_a", "x:z"), None);
    }
}
