//! Registry documentation generated from the provider's own schema and rule books, so the
//! docs cannot drift from the code.
//!
//! [`render`] produces the Terraform Registry layout (what `tfplugindocs generate` would):
//! `index.md` for the provider ([`index_page`]) and `resources/<name without tether_>.md`
//! for each resource ([`resource_page`]), with YAML front matter, the example from
//! `examples/`, the schema lists ([`schema_lists`]), the plan-time rules each resource
//! declares with the cloud error codes they prevent, and the import forms. [`write`] writes
//! the pages under a directory (the repository's `docs/`), [`check`] reports the stale ones.
//!
//! The examples are compiled in (`include_str!`), so the `tether` binary renders the same
//! pages from any working directory.

mod index_page;
mod markdown;
mod resource_page;
mod schema_lists;

use crate::file_error::FileError;
use std::path::{Path, PathBuf};

use tether_wire::cloud::Cloud;

use crate::framework::{Block, Provider, RuleBook};
use crate::provider::{TetherProvider, TYPE_NAME};
use crate::resources;

pub use index_page::environment_variables;

/// `examples/provider/provider.tf`.
pub const PROVIDER_EXAMPLE: &str = include_str!("../../examples/provider/provider.tf");

/// The examples of one resource type.
#[derive(Clone, Copy, Debug)]
pub struct ResourceExample {
    pub type_name: &'static str,
    /// `examples/resources/<type>/resource.tf`.
    pub resource_tf: &'static str,
    /// `examples/resources/<type>/import.sh`.
    pub import_sh: &'static str,
}

/// The example files of resource type `$module::TYPE_NAME`, from `examples/resources/<type>/`.
macro_rules! resource_example {
    ($module:ident, $type_name:literal) => {
        ResourceExample {
            type_name: resources::$module::TYPE_NAME,
            resource_tf: include_str!(concat!("../../examples/resources/", $type_name, "/resource.tf")),
            import_sh: include_str!(concat!("../../examples/resources/", $type_name, "/import.sh")),
        }
    };
}

/// The examples of every resource type, as `tfplugindocs` expects them under `examples/`.
pub const RESOURCE_EXAMPLES: &[ResourceExample] = &[
    resource_example!(eip_association, "tether_eip_association"),
    resource_example!(havip_attachment, "tether_havip_attachment"),
    resource_example!(ga_backend, "tether_ga_backend"),
    resource_example!(ess_attachment, "tether_ess_attachment"),
];

/// The examples of `type_name`, if any.
pub fn example(type_name: &str) -> Option<&'static ResourceExample> {
    RESOURCE_EXAMPLES.iter().find(|e| e.type_name == type_name)
}

/// Why the pages could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error(transparent)]
    Io(#[from] FileError),
}

/// What a resource's page says beyond its schema: the clouds it supports and the rules it
/// declares (see [`crate::framework::Resource::rule_book`]).
#[derive(Clone, Debug)]
pub struct ResourceNotes {
    pub type_name: &'static str,
    pub clouds: &'static [Cloud],
    pub book: RuleBook,
    /// The codes the attribute validators declare.
    pub validator_codes: Vec<&'static str>,
}

impl ResourceNotes {
    /// Whether the page documents `code`: a rule of the book or an attribute validator names it.
    pub fn declares(&self, code: &str) -> bool {
        self.book.names_code(code) || self.validator_codes.contains(&code)
    }
}

/// The notes of one resource type.
pub fn notes(type_name: &str) -> Option<ResourceNotes> {
    let provider = TetherProvider::new();
    let resource = provider.resource(type_name)?;
    let mut validator_codes = Vec::new();
    collect_validator_codes(&resource.schema().block, &mut validator_codes);
    Some(ResourceNotes { type_name: resource.type_name(), clouds: resource.clouds(), book: resource.rule_book().clone(), validator_codes })
}

fn collect_validator_codes(block: &Block, out: &mut Vec<&'static str>) {
    for attribute in &block.attributes {
        out.extend(attribute.validators.iter().flat_map(|v| v.prevents()).map(|c| c.code));
    }
    for nested in &block.blocks {
        collect_validator_codes(&nested.block, out);
    }
}

/// Every page: paths relative to the docs directory (`index.md`, `resources/<name>.md`).
pub fn render(provider: &TetherProvider) -> Vec<(PathBuf, String)> {
    let mut pages = vec![(PathBuf::from("index.md"), index_page::render(provider))];
    for resource in provider.resources() {
        pages.push((resource_page_path(resource.type_name()), resource_page::render(resource.as_ref())));
    }
    pages
}

/// `resources/<type without the tether_ prefix>.md`.
pub fn resource_page_path(type_name: &str) -> PathBuf {
    let short = type_name.strip_prefix(&format!("{TYPE_NAME}_")).unwrap_or(type_name);
    Path::new("resources").join(format!("{short}.md"))
}

/// Writes every page under `dir` (creating it); returns the paths written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, DocsError> {
    let mut written = Vec::new();
    let pages = render(&TetherProvider::new());
    for (relative, content) in &pages {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| DocsError::Io(FileError { action: "create", path: parent.to_owned(), source }))?;
        }
        std::fs::write(&path, content).map_err(|source| DocsError::Io(FileError { action: "write", path: path.clone(), source }))?;
        written.push(path);
    }
    for orphan in orphans(dir, &pages) {
        std::fs::remove_file(&orphan).map_err(|source| DocsError::Io(FileError { action: "remove", path: orphan.clone(), source }))?;
    }
    Ok(written)
}

/// `Ok` when every page under `dir` is what [`render`] produces; else the stale paths:
/// missing, different, or a generated-looking page no resource produces any more.
pub fn check(dir: &Path) -> Result<(), Vec<PathBuf>> {
    let pages = render(&TetherProvider::new());
    let mut stale: Vec<PathBuf> = pages
        .iter()
        .filter(|(relative, content)| std::fs::read_to_string(dir.join(relative)).ok().as_deref() != Some(content.as_str()))
        .map(|(relative, _)| dir.join(relative))
        .collect();
    stale.extend(orphans(dir, &pages));
    if stale.is_empty() {
        Ok(())
    } else {
        Err(stale)
    }
}

/// Pages under `dir/resources` that no resource renders any more.
fn orphans(dir: &Path, pages: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("resources")) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| !pages.iter().any(|(relative, _)| dir.join(relative) == *p))
        .collect();
    found.sort();
    found
}

/// The `import {}` block equivalent of the first `terraform import ADDRESS ID` line of an
/// `import.sh`.
pub fn import_block(import_sh: &str) -> Option<String> {
    let (address, id) = import_id(import_sh)?;
    Some(format!("import {{\n  to = {address}\n  id = \"{}\"\n}}\n", id.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// The address and ID of the first `terraform import ADDRESS ID` line of an `import.sh`.
pub fn import_id(import_sh: &str) -> Option<(&str, &str)> {
    import_sh.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next(), words.next(), words.next()) {
            (Some("terraform"), Some("import"), Some(address), Some(id), None) => Some((address, id)),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_block_from_first_command() {
        let block = import_block("# c\nterraform import tether_x.example a:b\nterraform import tether_x.example c\n");
        assert_eq!(block.as_deref(), Some("import {\n  to = tether_x.example\n  id = \"a:b\"\n}\n"));
    }

    #[test]
    fn every_resource_has_notes_with_its_clouds() {
        for resource in TetherProvider::new().resources() {
            let notes = notes(resource.type_name()).expect("notes");
            assert!(!notes.clouds.is_empty(), "{} names no cloud", notes.type_name);
        }
    }
}
