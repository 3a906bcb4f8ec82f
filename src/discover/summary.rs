//! The summary on stderr, the part a person reads first: what was listed where, how many
//! resources of each kind are written, what the workspace manages already, and everything
//! skipped with the reason.

use std::collections::BTreeMap;

use tether_wire::cloud::Cloud;

use super::model::{Association, Kind, Skipped};

/// Skipped items shown one by one; the rest are counted per reason.
const SKIPPED_SHOWN: usize = 20;

pub fn text(cloud: Cloud, region: &str, kinds: &[Kind], found: &[Association], skipped: &[Skipped], excluded: usize) -> String {
    let mut out = format!("tether discover: {} {region}\n", cloud.display_name());
    for kind in kinds {
        let resources: Vec<&Association> = found.iter().filter(|a| a.kind == *kind).collect();
        let skips = skipped.iter().filter(|s| s.kind == *kind).count();
        let detail = if *kind == Kind::Ess {
            let instances: usize = resources.iter().map(|a| a.import_id.split(',').count()).sum();
            format!(" ({instances} attached instances)")
        } else {
            String::new()
        };
        out.push_str(&format!("  {:<6} {:>5} to import as {}{detail}, {skips} skipped\n", kind.word(), resources.len(), kind.type_name()));
    }
    if excluded > 0 {
        out.push_str(&format!("  {excluded} association(s) left out: the workspace manages them already (--exclude-state)\n"));
    }
    if !skipped.is_empty() {
        out.push_str("skipped (no tether resource can take them as they are):\n");
        for s in skipped.iter().take(SKIPPED_SHOWN) {
            out.push_str(&format!("  {} {}: {}\n", s.kind, s.id, s.reason));
        }
        if skipped.len() > SKIPPED_SHOWN {
            let mut rest: BTreeMap<&str, usize> = BTreeMap::new();
            for s in &skipped[SKIPPED_SHOWN..] {
                *rest.entry(s.reason.as_str()).or_default() += 1;
            }
            for (reason, n) in rest {
                out.push_str(&format!("  … and {n} more: {reason}\n"));
            }
        }
    }
    if found.is_empty() {
        out.push_str("nothing new to import; no configuration written\n");
    } else {
        let n = found.len();
        let blocks = if n == 1 { "1 import block and resource block".to_owned() } else { format!("{n} import blocks and resource blocks") };
        out.push_str(&format!("{blocks} written; next: terraform plan (expect {n} to import, 0 to add, 0 to change, 0 to destroy)\n"));
    }
    out
}
