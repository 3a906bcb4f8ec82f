//! Response shapes several APIs share: the `{Key, Value}` resource [`Tag`] (Alibaba VPC and
//! ESS, Volcengine, Tencent; each module re-exports it under its old name).

lenient_struct! {
    /// A resource tag `{Key, Value}`.
    #[derive(Eq)]
    pub struct Tag {
        key: String,
        value: String,
    }
}
