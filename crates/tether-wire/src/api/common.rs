//! Response shapes several APIs share: the `{Key, Value}` resource [`Tag`] (Alibaba VPC and
//! ESS, Volcengine, Tencent; each module re-exports it under its old name).

use serde::{Deserialize, Serialize};

use super::lenient::lenient;

/// A resource tag `{Key, Value}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    #[serde(deserialize_with = "lenient")]
    pub key: String,
    #[serde(deserialize_with = "lenient")]
    pub value: String,
}
