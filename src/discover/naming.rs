//! Resource names: readable (made from the cloud's names and IDs), stable (the same cloud
//! gives the same names), valid HCL identifiers, and unique per resource type, also against
//! the names the workspace already uses.

use std::collections::BTreeSet;

use super::model::Association;

/// Longest name made from the cloud's names (a uniqueness suffix may follow).
const MAX_LEN: usize = 64;

/// True for an HCL identifier: a letter or `_`, then letters, digits, `_` or `-`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `parts` joined into a lower-case identifier of ASCII letters, digits and single `_`.
pub fn clean(parts: &[String], fallback: &str) -> String {
    let mut out = String::new();
    for c in parts.join("_").chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut out = out.trim_matches('_').to_owned();
    if out.len() > MAX_LEN {
        out.truncate(MAX_LEN);
        out = out.trim_end_matches('_').to_owned();
    }
    if out.is_empty() {
        return fallback.to_owned();
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out = format!("{fallback}_{out}");
    }
    out
}

/// Names every association (in the given order, which the caller keeps deterministic):
/// the cleaned name, with `_2`, `_3`, … when a name of that type is taken already.
pub fn assign(found: &mut [Association], taken: &BTreeSet<(String, String)>) {
    let mut used = taken.clone();
    for a in found.iter_mut() {
        let base = clean(&a.name_parts, a.kind.word());
        let type_name = a.kind.type_name().to_owned();
        let mut name = base.clone();
        let mut n = 1;
        while used.contains(&(type_name.clone(), name.clone())) {
            n += 1;
            name = format!("{base}_{n}");
        }
        used.insert((type_name, name.clone()));
        a.name = name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::model::Kind;

    #[test]
    fn names_are_clean_identifiers() {
        let parts = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(clean(&parts(&["eip-2ze88", "i-2zeb"]), "eip"), "eip_2ze88_i_2zeb");
        assert_eq!(clean(&parts(&["Web EIP (prod)", "eni-1", "10.0.0.5"]), "eip"), "web_eip_prod_eni_1_10_0_0_5");
        assert_eq!(clean(&parts(&["生产", "123"]), "ess"), "ess_123");
        assert_eq!(clean(&parts(&["生产"]), "ess"), "ess");
        assert!(clean(&parts(&[&"x".repeat(200)]), "eip").len() <= MAX_LEN);
        for name in ["eip_1", "_x", "a-b"] {
            assert!(is_identifier(name));
        }
        for name in ["1a", "", "a.b", "é"] {
            assert!(!is_identifier(name));
        }
    }

    #[test]
    fn names_are_unique_per_type_and_avoid_taken_ones() {
        let mut found: Vec<Association> = (0..3).map(|i| Association::new(Kind::Havip, format!("havip-1:i-{i}"), vec!["Same Name".into()], Vec::new())).collect();
        let taken = BTreeSet::from([("tether_havip_attachment".to_owned(), "same_name".to_owned())]);
        assign(&mut found, &taken);
        let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["same_name_2", "same_name_3", "same_name_4"]);
    }
}
