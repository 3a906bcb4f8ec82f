//! What discover finds: the kinds of association, one association to import (its import ID,
//! the arguments a read sets, what its name is made from), and what it skips and why.

use std::fmt;

use tether_wire::cloud::Cloud;

/// A kind of association, one per tether resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Eip,
    Havip,
    Ga,
    Ess,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Eip, Kind::Havip, Kind::Ga, Kind::Ess];

    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Eip => crate::resources::eip_association::TYPE_NAME,
            Kind::Havip => crate::resources::havip_attachment::TYPE_NAME,
            Kind::Ga => crate::resources::ga_backend::TYPE_NAME,
            Kind::Ess => crate::resources::ess_attachment::TYPE_NAME,
        }
    }

    /// The clouds whose provider has this resource.
    pub fn clouds(self) -> &'static [Cloud] {
        match self {
            Kind::Eip => &[Cloud::Alibaba, Cloud::Tencent],
            Kind::Havip => &[Cloud::Volcengine],
            Kind::Ga | Kind::Ess => &[Cloud::Alibaba],
        }
    }

    /// The `--kind` word.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Eip => "eip",
            Kind::Havip => "havip",
            Kind::Ga => "ga",
            Kind::Ess => "ess",
        }
    }

    /// What is listed for this kind, for messages.
    pub fn listing(self) -> &'static str {
        match self {
            Kind::Eip => "EIPs",
            Kind::Havip => "HaVips",
            Kind::Ga => "global acceleration instances",
            Kind::Ess => "scaling groups and their attached instances",
        }
    }

    pub fn from_word(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.word() == word)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// One argument value of a resource block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Str(String),
    Bool(bool),
    /// A set of strings (written sorted).
    Strings(Vec<String>),
    /// A map of whole numbers.
    Numbers(Vec<(String, i64)>),
}

/// One association to import: one resource block and its `import {}` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    pub kind: Kind,
    /// The ID `terraform import` takes.
    pub import_id: String,
    /// What the workspace's state records for it (to leave out what is managed).
    pub key: String,
    /// What the resource name is made from (the cloud's names and IDs), before cleaning.
    pub name_parts: Vec<String>,
    /// The arguments, in schema order, as a read sets them.
    pub args: Vec<(&'static str, Arg)>,
    /// The resource name, unique per type (set by [`super::naming::assign`]).
    pub name: String,
}

impl Association {
    pub fn new(kind: Kind, import_id: String, name_parts: Vec<String>, args: Vec<(&'static str, Arg)>) -> Association {
        Association { kind, key: import_id.clone(), import_id, name_parts, args, name: String::new() }
    }

    /// `type.name`.
    pub fn address(&self) -> String {
        format!("{}.{}", self.kind.type_name(), self.name)
    }
}

/// Something found that no tether resource can express (or not as it is now), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub kind: Kind,
    /// The cloud's ID of what was skipped.
    pub id: String,
    pub reason: String,
}

/// What one kind's listing found.
#[derive(Debug, Default)]
pub struct Listing {
    pub found: Vec<Association>,
    pub skipped: Vec<Skipped>,
    /// Associations left out already because the workspace manages them (ESS members).
    pub excluded: usize,
}
