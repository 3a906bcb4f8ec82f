//! The three clouds tether speaks to.

use std::fmt;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    Alibaba,
    Tencent,
    Volcengine,
}

impl Cloud {
    pub const ALL: [Cloud; 3] = [Cloud::Alibaba, Cloud::Tencent, Cloud::Volcengine];

    /// The name used in provider configuration (`cloud = "alibaba"`).
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Alibaba => "alibaba",
            Cloud::Tencent => "tencent",
            Cloud::Volcengine => "volcengine",
        }
    }

    /// The vendor's own name, for messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Cloud::Alibaba => "Alibaba Cloud",
            Cloud::Tencent => "Tencent Cloud",
            Cloud::Volcengine => "Volcengine",
        }
    }

    pub fn from_name(name: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
