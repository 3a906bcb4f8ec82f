//! Where the plan's resources are declared: the `.tf` file and line of each `resource` block.
//! `terraform show -json` gives no source positions, but its configuration gives each local
//! module's directory (`module_calls.*.source`); under the directory Terraform ran in, the
//! block `resource "TYPE" "NAME"` of that module is found by reading its `.tf` files. Used to
//! put SARIF results on source lines; a resource whose block is not found has no file location.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::plan::{Instance, Plan};

/// A resource block's place: a path joined onto the given source directory and normalised
/// (`infra/modules/net/main.tf`), and its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLocation {
    pub path: PathBuf,
    pub line: usize,
}

impl SourceLocation {
    /// The path as a URI reference for SARIF: relative paths stay relative (with `/`),
    /// absolute ones become `file://` URIs; characters outside RFC 3986's unreserved set are
    /// percent-encoded.
    pub fn uri(&self) -> String {
        let mut segments = Vec::new();
        let mut absolute = false;
        for component in self.path.components() {
            match component {
                Component::RootDir => absolute = true,
                Component::Normal(s) => segments.push(percent_encode(&s.to_string_lossy())),
                Component::ParentDir => segments.push("..".to_owned()),
                Component::CurDir | Component::Prefix(_) => {}
            }
        }
        let joined = segments.join("/");
        if absolute {
            format!("file:///{joined}")
        } else {
            joined
        }
    }
}

fn percent_encode(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `a/./b/../c` → `a/c`; leading `..` are kept.
fn normalise(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) => {}
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The locations of every instance (kept or removed) of `plan` whose module directory is
/// known and whose `resource` block is found under `root`, by instance address.
pub fn locate(plan: &Plan, root: &Path) -> BTreeMap<String, SourceLocation> {
    let mut files_by_dir: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for instance in plan.instances.iter().chain(&plan.removed) {
        let Some(dir) = plan.module_dirs.get(&instance.module) else { continue };
        let files = files_by_dir.entry(dir.clone()).or_insert_with(|| tf_files(&root.join(dir)));
        if let Some(location) = find_block(files, instance) {
            out.insert(instance.address.clone(), location);
        }
    }
    out
}

/// The `.tf` files of a directory with their text, by name; unreadable ones are skipped.
fn tf_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file()).collect();
    paths.sort();
    paths.into_iter().filter_map(|p| std::fs::read_to_string(&p).ok().map(|text| (normalise(&p), text))).collect()
}

fn find_block(files: &[(PathBuf, String)], instance: &Instance) -> Option<SourceLocation> {
    files.iter().find_map(|(path, text)| {
        text.lines().position(|line| declares(line, &instance.resource_type, &instance.name)).map(|index| SourceLocation { path: path.clone(), line: index + 1 })
    })
}

/// Whether the line opens `resource "TYPE" "NAME" {` (labels quoted or bare, any spacing).
fn declares(line: &str, resource_type: &str, name: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("resource") else { return false };
    if !rest.starts_with(|c: char| c.is_whitespace() || c == '"') {
        return false;
    }
    let Some((first, rest)) = label(rest) else { return false };
    let Some((second, rest)) = label(rest) else { return false };
    first == resource_type && second == name && rest.trim_start().starts_with('{')
}

/// One block label at the start of `text` (after spaces): `"quoted"` or a bare identifier.
fn label(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    if let Some(quoted) = text.strip_prefix('"') {
        let end = quoted.find('"')?;
        return Some((&quoted[..end], &quoted[end + 1..]));
    }
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(text.len());
    (end > 0).then(|| (&text[..end], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_block_headers() {
        assert!(declares(r#"resource "tether_ga_backend" "edge" {"#, "tether_ga_backend", "edge"));
        assert!(declares(r#"  resource   "tether_ga_backend"   "edge"{"#, "tether_ga_backend", "edge"));
        assert!(declares("resource tether_ga_backend edge {", "tether_ga_backend", "edge"));
        assert!(!declares(r#"resource "tether_ga_backend" "edge2" {"#, "tether_ga_backend", "edge"));
        assert!(!declares(r#"# resource "tether_ga_backend" "edge" {"#, "tether_ga_backend", "edge"));
        assert!(!declares(r#"resources "tether_ga_backend" "edge" {"#, "tether_ga_backend", "edge"));
        assert!(!declares(r#"data "tether_ga_backend" "edge" {"#, "tether_ga_backend", "edge"));
        assert!(!declares(r#"resource "tether_ga_backend" {"#, "tether_ga_backend", "edge"));
    }

    #[test]
    fn paths_normalise_and_become_uris() {
        assert_eq!(normalise(Path::new("./infra/./modules/../shared/x/main.tf")), PathBuf::from("infra/shared/x/main.tf"));
        assert_eq!(normalise(Path::new("../up/main.tf")), PathBuf::from("../up/main.tf"));
        let relative = SourceLocation { path: PathBuf::from("infra/my mod/main.tf"), line: 3 };
        assert_eq!(relative.uri(), "infra/my%20mod/main.tf");
        let absolute = SourceLocation { path: PathBuf::from("/srv/repo/main.tf"), line: 3 };
        assert_eq!(absolute.uri(), "file:///srv/repo/main.tf");
    }
}
