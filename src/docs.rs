//! Registry documentation generated from the provider's own schema, so the docs cannot drift
//! from the code.
//!
//! [`render`] produces the Terraform Registry layout (what `tfplugindocs generate` would):
//! `index.md` for the provider and `resources/<name without tether_>.md` for each resource,
//! with YAML front matter, the example from `examples/`, the schema lists, the plan-time
//! checks with the cloud error codes they prevent, and the import forms. [`write`] writes the
//! pages under a directory (the repository's `docs/`), [`check`] reports the stale ones.
//!
//! The examples are compiled in (`include_str!`), so the `tether` binary renders the same
//! pages from any working directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tether_wire::cloud::Cloud;
use tether_wire::constraints::{
    alibaba_ess, alibaba_vpc, eip_association, ess_attachment, ga_backend, havip_attachment,
    tencent_vpc, volcengine_vpc, ApiError,
};

use crate::framework::plan::ChangeEffect;
use crate::framework::{Attribute, Block, Diagnostics, Nesting, Presence, Provider, Type, Value};
use crate::provider::config::{self, EnvSource};
use crate::provider::{TetherProvider, SOURCE_ADDRESS, TYPE_NAME, VERSION};
use crate::resources;

/// `examples/provider/provider.tf`.
pub const PROVIDER_EXAMPLE: &str = include_str!("../examples/provider/provider.tf");

/// The examples of one resource type.
#[derive(Clone, Copy, Debug)]
pub struct ResourceExample {
    pub type_name: &'static str,
    /// `examples/resources/<type>/resource.tf`.
    pub resource_tf: &'static str,
    /// `examples/resources/<type>/import.sh`.
    pub import_sh: &'static str,
}

/// The examples of every resource type, as `tfplugindocs` expects them under `examples/`.
pub const RESOURCE_EXAMPLES: &[ResourceExample] = &[
    ResourceExample {
        type_name: resources::eip_association::TYPE_NAME,
        resource_tf: include_str!("../examples/resources/tether_eip_association/resource.tf"),
        import_sh: include_str!("../examples/resources/tether_eip_association/import.sh"),
    },
    ResourceExample {
        type_name: resources::havip_attachment::TYPE_NAME,
        resource_tf: include_str!("../examples/resources/tether_havip_attachment/resource.tf"),
        import_sh: include_str!("../examples/resources/tether_havip_attachment/import.sh"),
    },
    ResourceExample {
        type_name: resources::ga_backend::TYPE_NAME,
        resource_tf: include_str!("../examples/resources/tether_ga_backend/resource.tf"),
        import_sh: include_str!("../examples/resources/tether_ga_backend/import.sh"),
    },
    ResourceExample {
        type_name: resources::ess_attachment::TYPE_NAME,
        resource_tf: include_str!("../examples/resources/tether_ess_attachment/resource.tf"),
        import_sh: include_str!("../examples/resources/tether_ess_attachment/import.sh"),
    },
];

/// The examples of `type_name`, if any.
pub fn example(type_name: &str) -> Option<&'static ResourceExample> {
    RESOURCE_EXAMPLES.iter().find(|e| e.type_name == type_name)
}

/// Why the pages could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One plan-time rule of a resource, as documented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDoc {
    /// Markdown: what must hold.
    pub check: String,
    /// The clouds the rule applies on; empty for every cloud the resource supports.
    pub clouds: Vec<Cloud>,
    /// The documented error codes the rule prevents, as Markdown (`` `Code` ``, with the
    /// cloud when the codes come from several); empty for settings with no API code.
    pub prevents: Vec<String>,
}

impl RuleDoc {
    fn new(check: impl Into<String>, clouds: &[Cloud], errors: &[ApiError]) -> RuleDoc {
        RuleDoc {
            check: check.into(),
            clouds: clouds.to_vec(),
            prevents: prevented(errors),
        }
    }
    fn code(check: impl Into<String>, clouds: &[Cloud], code: &'static str) -> RuleDoc {
        RuleDoc {
            check: check.into(),
            clouds: clouds.to_vec(),
            prevents: vec![format!("`{code}`")],
        }
    }
}

/// `` `Code` `` per error, naming the cloud when the errors come from more than one.
fn prevented(errors: &[ApiError]) -> Vec<String> {
    let first = errors.first().map(|e| e.cloud);
    let several = errors.iter().any(|e| Some(e.cloud) != first);
    errors
        .iter()
        .map(|e| {
            if several {
                format!("`{}` ({})", e.code, e.cloud.display_name())
            } else {
                format!("`{}`", e.code)
            }
        })
        .collect()
}

/// What the schema alone does not say about a resource: the clouds it supports and the
/// plan-time rules enforced in its code, each naming the constraint declaration it uses.
#[derive(Clone, Debug)]
pub struct ResourceNotes {
    pub type_name: &'static str,
    pub clouds: &'static [Cloud],
    /// Errors prevented by attribute validators whose description does not name a code.
    pub validator_codes: Vec<(&'static str, Vec<ApiError>)>,
    /// Static rules beyond the attribute validators (config and provider cloud/region only).
    pub static_rules: Vec<RuleDoc>,
    /// When the live rules run.
    pub live_when: &'static str,
    /// Rules that look up the current cloud state with read-only calls during plan.
    pub live_rules: Vec<RuleDoc>,
    /// A section about the cloud API the resource depends on (its title, its Markdown body),
    /// when that API is not plain to use.
    pub api_notice: Option<(&'static str, String)>,
}

const ALI: &[Cloud] = &[Cloud::Alibaba];
const TC: &[Cloud] = &[Cloud::Tencent];
const CREATE_OR_REPLACE: &str = "when the plan creates or replaces the resource";

/// What `tether_ga_backend`'s page says about AssociateGlobalAccelerationInstance.
fn legacy_ga_notice() -> String {
    format!(
        "`tether_ga_backend` binds the backend with **{api}**, an API of Alibaba Cloud's legacy VPC \
         *Global Acceleration* product (exclusive global acceleration instances). The current Alibaba \
         SDKs no longer ship it: aliyun-python-sdk-vpc dropped it in 3.0.46 and the tea client \
         alibabacloud-vpc20160428 before 6.0.0, while DescribeGlobalAccelerationInstances and \
         UnassociateGlobalAccelerationInstance remain. tether calls it as its API document describes.\n\n\
         **Which accounts still have it:** those that still hold exclusive instances of the legacy \
         product; Alibaba Cloud directs new acceleration to the Global Accelerator product (GA API \
         2019-11-20), which this resource does not manage.\n\n\
         **When the cloud refuses it,** it answers HTTP {status} `{code}` (\"{message}\"). tether then \
         fails the create with the error *{summary}*, explains the above, and changes nothing; reading, \
         importing and destroying existing backends keep working.\n\n",
        api = ga_backend::LEGACY_API,
        status = alibaba_vpc::INVALID_ACTION_NOT_FOUND.http_status,
        code = alibaba_vpc::INVALID_ACTION_NOT_FOUND.code,
        message = alibaba_vpc::INVALID_ACTION_NOT_FOUND.message,
        summary = ga_backend::LEGACY_API_REFUSED_SUMMARY,
    )
}

/// The notes of one resource type.
pub fn notes(type_name: &str) -> Option<ResourceNotes> {
    match type_name {
        t if t == resources::eip_association::TYPE_NAME => Some(ResourceNotes {
            type_name: resources::eip_association::TYPE_NAME,
            clouds: &[Cloud::Alibaba, Cloud::Tencent],
            validator_codes: vec![(
                "private_ip_address",
                vec![eip_association::PRIVATE_IP_SYNTAX_ERROR_ALIBABA, eip_association::PRIVATE_IP_SYNTAX_ERROR_TENCENT],
            )],
            static_rules: vec![
                RuleDoc::code("`instance_id` is set", ALI, "MissingParameter"),
                RuleDoc::new(
                    "`network_interface_id` is not set (bind to a network interface with `instance_type = \"NetworkInterface\"`)",
                    ALI,
                    &[],
                ),
                RuleDoc::new(
                    format!("`mode` is set only with `instance_type = \"{}\"`", eip_association::ALIBABA_MODE_INSTANCE_TYPE),
                    ALI,
                    &[eip_association::ALIBABA_MODES.error],
                ),
                RuleDoc::new("`instance_type`, `mode`, `instance_region_id` and `force` are not set", TC, &[]),
                RuleDoc::new("not both `instance_id` and `network_interface_id`", TC, &[tencent_vpc::INVALID_PARAMETER_CONFLICT]),
                RuleDoc::new("`instance_id`, or `network_interface_id` with `private_ip_address`, is set", TC, &[tencent_vpc::MISSING_RESOURCE_ID]),
                RuleDoc::new("`private_ip_address` is set with `network_interface_id`", TC, &[tencent_vpc::MISSING_PARAMETER]),
            ],
            live_when: CREATE_OR_REPLACE,
            live_rules: vec![
                RuleDoc::new("the EIP exists in the provider's region", ALI, &[alibaba_vpc::INVALID_ALLOCATION_ID_NOT_FOUND]),
                RuleDoc::new(
                    format!("the EIP is `{}` (not bound elsewhere)", eip_association::ALIBABA_BINDABLE_STATUS),
                    ALI,
                    &[alibaba_vpc::INCORRECT_EIP_STATUS],
                ),
                RuleDoc::new("the instance (or, for a network interface, its private IP) holds no other EIP", ALI, &[alibaba_vpc::INVALID_ASSOCIATION_DUPLICATED]),
                RuleDoc::new(
                    "an ECS instance exists in the EIP's region (or in `instance_region_id`)",
                    ALI,
                    &[alibaba_vpc::INVALID_INSTANCE_ID_NOT_FOUND, alibaba_vpc::INVALID_PARAMETER_MISMATCH],
                ),
                RuleDoc::new(
                    "an ECS instance or load balancer is in a VPC, and not in the default VPC",
                    ALI,
                    &[alibaba_vpc::OPERATION_DENIED_NOT_IN_VPC, alibaba_vpc::OPERATION_DENIED_DEFAULT_VPC],
                ),
                RuleDoc::new(
                    "the target is usable: ECS `Running`, load balancer `active`, NAT gateway `Available`, network interface `InUse` or `Available`",
                    ALI,
                    &[alibaba_vpc::INCORRECT_INSTANCE_STATUS],
                ),
                RuleDoc::new("an ECS instance has no plain public IP", ALI, &[alibaba_vpc::BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP]),
                RuleDoc::new("`private_ip_address` belongs to the instance or network interface", ALI, &[alibaba_vpc::INVALID_PARAMETER]),
                RuleDoc::new("a load balancer, NAT gateway, network interface or HaVip target exists", ALI, &[alibaba_vpc::INVALID_PARAMS_NOT_FOUND]),
                RuleDoc::new("a `mode` other than `NAT` binds a secondary network interface", ALI, &[alibaba_vpc::INVALID_BINDING_STATUS]),
                RuleDoc::new("a HaVip target is `Available` or `InUse`", ALI, &[alibaba_vpc::INCORRECT_HAVIP_STATUS]),
                RuleDoc::new("the EIP exists", TC, &[tencent_vpc::INVALID_ADDRESS_ID_NOT_FOUND]),
                RuleDoc::new("the EIP is not blocked", TC, &[tencent_vpc::INVALID_ADDRESS_ID_BLOCKED]),
                RuleDoc::new("the EIP is not in arrears", TC, &[tencent_vpc::OPERATION_DENIED_ADDRESS_IN_ARREARS, tencent_vpc::INVALID_ADDRESS_ID_STATE_IN_ARREARS]),
                RuleDoc::new(
                    format!("the EIP is `{}` (not bound elsewhere)", eip_association::TENCENT_BINDABLE_STATUS),
                    TC,
                    &[tencent_vpc::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT, tencent_vpc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT],
                ),
                RuleDoc::new("the instance holds no other EIP", TC, &[tencent_vpc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP]),
                RuleDoc::new("the network interface's private IP holds no other EIP", TC, &[tencent_vpc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP]),
                RuleDoc::new("the instance exists", TC, &[tencent_vpc::INVALID_INSTANCE_ID_NOT_FOUND]),
                RuleDoc::new("the network interface exists and has `private_ip_address`", TC, &[tencent_vpc::INVALID_NETWORK_INTERFACE_ID_NOT_FOUND]),
                RuleDoc::new("the instance (or the network interface's instance) is `RUNNING` or `STOPPED`", TC, &[tencent_vpc::INVALID_INSTANCE_NOT_SUPPORTED]),
                RuleDoc::new(
                    "the association does not exist already outside this workspace's state (import it instead)",
                    &[],
                    &[alibaba_vpc::INCORRECT_EIP_STATUS, tencent_vpc::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT],
                ),
            ],
            api_notice: None,
        }),
        t if t == resources::havip_attachment::TYPE_NAME => Some(ResourceNotes {
            type_name: resources::havip_attachment::TYPE_NAME,
            clouds: &[Cloud::Volcengine],
            validator_codes: Vec::new(),
            static_rules: Vec::new(),
            live_when: CREATE_OR_REPLACE,
            live_rules: vec![
                RuleDoc::new("the HaVip exists", &[], &[volcengine_vpc::INVALID_HAVIP_NOT_FOUND]),
                RuleDoc::new(
                    format!(
                        "the HaVip is {}",
                        havip_attachment::ASSOCIABLE_STATUSES.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")
                    ),
                    &[],
                    &[volcengine_vpc::INVALID_HAVIP_INVALID_STATUS],
                ),
                RuleDoc::new(
                    format!("the HaVip has at most {} members with this one", havip_attachment::MEMBERS_PER_HAVIP.max),
                    &[],
                    &[havip_attachment::MEMBERS_PER_HAVIP.error],
                ),
                RuleDoc::new(
                    "the HaVip's members are all ECS instances or all network interfaces, never both",
                    &[],
                    &[havip_attachment::MIXED_MEMBER_TYPES],
                ),
                RuleDoc::new(
                    "the member is not attached already outside this workspace's state (import it instead)",
                    &[],
                    &[volcengine_vpc::FORBIDDEN_INSTANCE_HAS_HAVIP],
                ),
                RuleDoc::new(
                    "an ECS member exists (and is not a network interface) and is `RUNNING`",
                    &[],
                    &[volcengine_vpc::INVALID_INSTANCE_NOT_FOUND, volcengine_vpc::INVALID_INSTANCE_INVALID_STATUS],
                ),
                RuleDoc::new(
                    "a network-interface member exists, is `InUse` or `Available`, is attached to an instance, is not service-managed, and no other interface of its instance is a member",
                    &[],
                    &[
                        volcengine_vpc::INVALID_ENI_ID_NOT_FOUND,
                        volcengine_vpc::INVALID_ENI_INVALID_STATUS,
                        volcengine_vpc::FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS,
                        volcengine_vpc::FORBIDDEN_SERVICE_MANAGED_ENI,
                        volcengine_vpc::FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE,
                    ],
                ),
                RuleDoc::new("the member is in the HaVip's subnet", &[], &[volcengine_vpc::INVALID_INSTANCE_HAVIP_MISMATCH]),
                RuleDoc::new(
                    format!("the member belongs to fewer than {} HaVips", havip_attachment::HAVIPS_PER_INSTANCE.max),
                    &[],
                    &[havip_attachment::HAVIPS_PER_INSTANCE.error],
                ),
            ],
            api_notice: None,
        }),
        t if t == resources::ga_backend::TYPE_NAME => Some(ResourceNotes {
            type_name: resources::ga_backend::TYPE_NAME,
            clouds: &[Cloud::Alibaba],
            validator_codes: Vec::new(),
            static_rules: vec![
                RuleDoc::new("`backend_server_region_id` differs from the provider's `region`", &[], &[ga_backend::REGION_MUST_DIFFER]),
                RuleDoc::new(
                    "`backend_server_region_id` is an Alibaba Cloud region that a service area covers (the Middle East regions are in none)",
                    &[],
                    &[alibaba_vpc::INVALID_PARAMETER],
                ),
            ],
            live_when: CREATE_OR_REPLACE,
            live_rules: vec![
                RuleDoc::new(
                    "the global acceleration instance exists in the provider's region",
                    &[],
                    &[alibaba_vpc::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND],
                ),
                RuleDoc::new(
                    format!("the instance is exclusive (bandwidth type `{}`)", ga_backend::EXCLUSIVE_BANDWIDTH_TYPE),
                    &[],
                    &[alibaba_vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS],
                ),
                RuleDoc::new(
                    format!("the instance has no other backend (at most {})", ga_backend::BACKENDS_PER_INSTANCE.max),
                    &[],
                    &[ga_backend::BACKENDS_PER_INSTANCE.error],
                ),
                RuleDoc::new("`backend_server_region_id` lies in the instance's service area", &[], &[alibaba_vpc::INVALID_PARAMETER]),
                RuleDoc::new(
                    "the instance is `Available` (or `InUse` by the backend being replaced)",
                    &[],
                    &[alibaba_vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS],
                ),
                RuleDoc::new(
                    "the backend exists in `backend_server_region_id` and is in a VPC",
                    &[],
                    &[alibaba_vpc::INVALID_BACKEND_SERVER_ID_NOT_FOUND, alibaba_vpc::INVALID_BACKEND_SERVER_ID_NOT_IN_VPC],
                ),
            ],
            api_notice: Some(("A legacy API", legacy_ga_notice())),
        }),
        t if t == resources::ess_attachment::TYPE_NAME => Some(ResourceNotes {
            type_name: resources::ess_attachment::TYPE_NAME,
            clouds: &[Cloud::Alibaba],
            validator_codes: vec![
                ("instance_ids", vec![ess_attachment::INSTANCES_PER_CALL.error]),
                ("load_balancer_weights", vec![ess_attachment::LOAD_BALANCER_WEIGHT.error]),
            ],
            static_rules: vec![RuleDoc::new(
                "every key of `load_balancer_weights` is in `instance_ids`",
                &[],
                &[ess_attachment::LOAD_BALANCER_WEIGHT.error],
            )],
            live_when: "when the plan attaches instances (on create, replacement, or an in-place change adding IDs)",
            live_rules: vec![
                RuleDoc::new("the scaling group exists in the provider's region", &[], &[alibaba_ess::INVALID_SCALING_GROUP_ID_NOT_FOUND]),
                RuleDoc::new(
                    format!("the scaling group is `{}`", ess_attachment::ACTIVE_STATE),
                    &[],
                    &[alibaba_ess::INCORRECT_SCALING_GROUP_STATUS],
                ),
                RuleDoc::new(
                    "the group's `TotalCapacity` plus the instances being attached stays within its `MaxSize`",
                    &[],
                    &[ess_attachment::MAX_SIZE],
                ),
                RuleDoc::new(
                    "no instance being attached belongs to another scaling group, or to this one already (as a member the group created, or attached outside this workspace's state)",
                    &[],
                    &[ess_attachment::INSTANCE_IN_ONE_GROUP],
                ),
                RuleDoc::new(
                    "each instance exists in the group's region and is `Running`",
                    &[],
                    &[alibaba_ess::INVALID_INSTANCE_ID_NOT_FOUND, alibaba_ess::INCORRECT_INSTANCE_STATUS],
                ),
                RuleDoc::new(
                    "each instance has the group's network type and VPC",
                    &[],
                    &[alibaba_ess::INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH, alibaba_ess::INVALID_INSTANCE_ID_VPC_MISMATCH],
                ),
                RuleDoc::new(
                    "each instance's type is one of the group's active scaling configuration (when it names types)",
                    &[],
                    &[alibaba_ess::INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH],
                ),
                RuleDoc::new("the group's load balancers are `active`", &[], &[alibaba_ess::INCORRECT_LOAD_BALANCER_STATUS]),
            ],
            api_notice: None,
        }),
        _ => None,
    }
}

/// Every page: paths relative to the docs directory (`index.md`, `resources/<name>.md`).
pub fn render(provider: &TetherProvider) -> Vec<(PathBuf, String)> {
    let mut pages = vec![(PathBuf::from("index.md"), render_index(provider))];
    for resource in provider.resources() {
        let type_name = resource.type_name();
        let block = &resource.schema().block;
        pages.push((
            resource_page_path(type_name),
            render_resource(type_name, block),
        ));
    }
    pages
}

/// `resources/<type without the tether_ prefix>.md`.
pub fn resource_page_path(type_name: &str) -> PathBuf {
    let short = type_name
        .strip_prefix(&format!("{TYPE_NAME}_"))
        .unwrap_or(type_name);
    Path::new("resources").join(format!("{short}.md"))
}

/// Writes every page under `dir` (creating it); returns the paths written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, DocsError> {
    let mut written = Vec::new();
    let pages = render(&TetherProvider::new());
    for (relative, content) in &pages {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| DocsError::Io {
                action: "create",
                path: parent.to_owned(),
                source,
            })?;
        }
        std::fs::write(&path, content).map_err(|source| DocsError::Io {
            action: "write",
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    for orphan in orphans(dir, &pages) {
        std::fs::remove_file(&orphan).map_err(|source| DocsError::Io {
            action: "remove",
            path: orphan.clone(),
            source,
        })?;
    }
    Ok(written)
}

/// `Ok` when every page under `dir` is what [`render`] produces; else the stale paths:
/// missing, different, or a generated-looking page no resource produces any more.
pub fn check(dir: &Path) -> Result<(), Vec<PathBuf>> {
    let pages = render(&TetherProvider::new());
    let mut stale: Vec<PathBuf> = pages
        .iter()
        .filter(|(relative, content)| {
            std::fs::read_to_string(dir.join(relative)).ok().as_deref() != Some(content.as_str())
        })
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
    import_sh.lines().find_map(|line| {
        let mut words = line.split_whitespace();
        match (
            words.next(),
            words.next(),
            words.next(),
            words.next(),
            words.next(),
        ) {
            (Some("terraform"), Some("import"), Some(address), Some(id), None) => Some(format!(
                "import {{\n  to = {address}\n  id = \"{}\"\n}}\n",
                id.replace('\\', "\\\\").replace('"', "\\\"")
            )),
            _ => None,
        }
    })
}

fn cloud_names(clouds: &[Cloud]) -> String {
    clouds
        .iter()
        .map(|c| c.display_name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first sentence of a description, for summaries.
fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

fn front_matter(page_title: &str, description: &str) -> String {
    let mut out =
        format!("---\npage_title: \"{page_title}\"\nsubcategory: \"\"\ndescription: |-\n");
    for line in description.lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("---\n\n");
    out
}

fn fenced(language: &str, body: &str) -> String {
    format!("```{language}\n{}\n```\n", body.trim_end())
}

fn type_label(ty: &Type) -> String {
    match ty {
        Type::Bool => "Boolean".to_owned(),
        Type::Number => "Number".to_owned(),
        Type::String => "String".to_owned(),
        Type::Dynamic => "Dynamic".to_owned(),
        Type::List(e) => format!("List of {}", type_label(e)),
        Type::Set(e) => format!("Set of {}", type_label(e)),
        Type::Map(e) => format!("Map of {}", type_label(e)),
        Type::Object(_) => "Object".to_owned(),
        Type::Tuple(_) => "Tuple".to_owned(),
    }
}

fn value_literal(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(format!("\"{s}\"")),
        _ => None,
    }
}

fn attribute_line(attribute: &Attribute, top: bool) -> String {
    let mut label = type_label(&attribute.ty);
    if attribute.sensitive {
        label.push_str(", Sensitive");
    }
    let mut line = format!("- `{}` ({label})", attribute.name);
    if !attribute.description.is_empty() {
        line.push(' ');
        line.push_str(&attribute.description);
    }
    if let Some(default) = attribute.default.as_ref().and_then(value_literal) {
        if !attribute.description.to_lowercase().contains("default") {
            line.push_str(&format!(" Defaults to `{default}`."));
        }
    }
    if top && attribute.presence.is_configurable() {
        line.push(' ');
        line.push_str(ChangeEffect::of(attribute).sentence());
    }
    line.push('\n');
    line
}

fn nested_anchor(path: &str) -> String {
    format!("nestedblock--{}", path.replace('.', "--"))
}

/// The `### Required` / `### Optional` / `### Read-Only` lists of a block, then the nested
/// blocks' schemas. `path` is empty for the top level.
fn schema_lists(block: &Block, path: &str, out: &mut String) {
    let mut attributes: Vec<&Attribute> = block.attributes.iter().collect();
    attributes.sort_by_key(|a| a.name);
    let mut nested: Vec<_> = block.blocks.iter().collect();
    nested.sort_by_key(|b| b.name);
    let top = path.is_empty();
    let heading = |title: &str| {
        if top {
            format!("### {title}\n\n")
        } else {
            format!("{title}:\n\n")
        }
    };
    let groups: [(&str, &dyn Fn(Presence) -> bool); 3] = [
        ("Required", &|p| p == Presence::Required),
        ("Optional", &|p| {
            matches!(p, Presence::Optional | Presence::OptionalComputed)
        }),
        ("Read-Only", &|p| p == Presence::Computed),
    ];
    for (title, wanted) in groups {
        let mut lines: Vec<String> = attributes
            .iter()
            .filter(|a| wanted(a.presence))
            .map(|a| attribute_line(a, top))
            .collect();
        for b in &nested {
            let required = b.min_items > 0;
            let in_group = match title {
                "Required" => required,
                "Optional" => !required,
                _ => false,
            };
            if in_group {
                let child = if top {
                    b.name.to_owned()
                } else {
                    format!("{path}.{}", b.name)
                };
                let kind = match b.nesting {
                    Nesting::Single => "Block",
                    Nesting::List => "Block List",
                    Nesting::Set => "Block Set",
                };
                let mut line = format!("- `{}` ({kind}", b.name);
                if b.max_items > 0 && b.nesting != Nesting::Single {
                    line.push_str(&format!(", Max: {}", b.max_items));
                }
                line.push(')');
                if !b.block.description.is_empty() {
                    line.push(' ');
                    line.push_str(&b.block.description);
                }
                line.push_str(&format!(
                    " (see [below for nested schema](#{}))\n",
                    nested_anchor(&child)
                ));
                lines.push(line);
            }
        }
        if !lines.is_empty() {
            out.push_str(&heading(title));
            for line in lines {
                out.push_str(&line);
            }
            out.push('\n');
        }
    }
    for b in nested {
        let child = if top {
            b.name.to_owned()
        } else {
            format!("{path}.{}", b.name)
        };
        out.push_str(&format!(
            "<a id=\"{}\"></a>\n### Nested Schema for `{child}`\n\n",
            nested_anchor(&child)
        ));
        schema_lists(&b.block, &child, out);
    }
}

/// Rules derived from the attribute validators (descending into nested blocks): the
/// validator's own description, with the code it names or the one the notes supply.
fn validator_rules(
    block: &Block,
    prefix: &str,
    notes: Option<&ResourceNotes>,
    out: &mut Vec<RuleDoc>,
) {
    for attribute in &block.attributes {
        let path = format!("{prefix}{}", attribute.name);
        for validator in &attribute.validators {
            let description = validator.description();
            let (text, code) = split_code(&description);
            let mut prevents: Vec<String> = code.iter().map(|c| format!("`{c}`")).collect();
            if prevents.is_empty() && prefix.is_empty() {
                if let Some((_, errors)) = notes.and_then(|n| {
                    n.validator_codes
                        .iter()
                        .find(|(name, _)| *name == attribute.name)
                }) {
                    prevents = prevented(errors);
                }
            }
            out.push(RuleDoc {
                check: format!("`{path}`: {text}"),
                clouds: Vec::new(),
                prevents,
            });
        }
    }
    for nested in &block.blocks {
        validator_rules(
            &nested.block,
            &format!("{prefix}{}.", nested.name),
            notes,
            out,
        );
    }
}

/// Splits a validator description ending in "(else `CODE`)" into its text and code.
fn split_code(description: &str) -> (String, Option<&'static str>) {
    if let Some(start) = description.rfind(" (else `") {
        if description.ends_with("`)") {
            let code = &description[start + " (else `".len()..description.len() - 2];
            if let Some(known) = known_code(code) {
                return (description[..start].to_owned(), Some(known));
            }
        }
    }
    (description.to_owned(), None)
}

/// The `'static` spelling of a documented code (every code tether documents is declared).
fn known_code(code: &str) -> Option<&'static str> {
    let catalogues: [&[ApiError]; 5] = [
        alibaba_vpc::ASSOCIATE_EIP_ADDRESS,
        alibaba_vpc::ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE,
        alibaba_ess::ATTACH_INSTANCES,
        volcengine_vpc::ASSOCIATE_HAVIP,
        tencent_vpc::ASSOCIATE_ADDRESS,
    ];
    let extra = [
        alibaba_ess::INCORRECT_CAPACITY_MIN_SIZE,
        alibaba_ess::INVALID_PARAMETER,
        tencent_vpc::INVALID_PARAMETER_VALUE,
    ];
    catalogues
        .iter()
        .flat_map(|c| c.iter())
        .chain(extra.iter())
        .find(|e| e.code == code)
        .map(|e| e.code)
}

fn rules_table(rules: &[RuleDoc], supported: &[Cloud], out: &mut String) {
    out.push_str("| Check | Clouds | Prevents |\n|---|---|---|\n");
    for rule in rules {
        let clouds = if rule.clouds.is_empty() {
            cloud_names(supported)
        } else {
            cloud_names(&rule.clouds)
        };
        let codes = if rule.prevents.is_empty() {
            "—".to_owned()
        } else {
            rule.prevents.join(", ")
        };
        out.push_str(&format!(
            "| {} | {clouds} | {codes} |\n",
            rule.check.replace('|', "\\|")
        ));
    }
    out.push('\n');
}

fn render_resource(type_name: &str, block: &Block) -> String {
    let notes = notes(type_name);
    let example = example(type_name);
    let mut out = front_matter(
        &format!("{type_name} Resource - {TYPE_NAME}"),
        &block.description,
    );
    out.push_str(&format!(
        "# {type_name} (Resource)\n\n{}\n\n",
        block.description
    ));
    if let Some(n) = &notes {
        out.push_str(&format!(
            "Supported clouds: {}. With a provider configured for another cloud, the plan fails naming the supported ones; use a provider alias.\n\n",
            n.clouds.iter().map(|c| format!("`{}` ({})", c.name(), c.display_name())).collect::<Vec<_>>().join(", ")
        ));
    }

    out.push_str("## Example Usage\n\n");
    match example {
        Some(e) => out.push_str(&fenced("terraform", e.resource_tf)),
        None => out.push_str("No example yet.\n"),
    }
    out.push('\n');

    out.push_str("## Schema\n\n");
    let names = |effect: ChangeEffect| -> Vec<String> {
        block
            .attributes
            .iter()
            .filter(|a| a.presence.is_configurable() && ChangeEffect::of(a) == effect)
            .map(|a| format!("`{}`", a.name))
            .collect()
    };
    let local: Vec<String> = names(ChangeEffect::UpdateWithoutApiCall).into_iter().chain(block.blocks.iter().map(|b| format!("`{}`", b.name))).collect();
    let mut effects = Vec::new();
    for (list, what) in [
        (names(ChangeEffect::Replace), "replaces the association (destroy, then create)"),
        (names(ChangeEffect::UpdateInPlace), "updates it in place"),
        (local, "updates the state in place without any API call"),
    ] {
        if !list.is_empty() {
            effects.push(format!("changing {} {what}", join_or(&list)));
        }
    }
    if !effects.is_empty() {
        let mut sentence = effects.join("; ");
        if let Some(first) = sentence.get(..1) {
            sentence = format!("{}{}", first.to_uppercase(), &sentence[1..]);
        }
        out.push_str(&format!("{sentence}. `terraform plan` shows which.\n\n"));
    }
    schema_lists(block, "", &mut out);

    if let Some((title, body)) = notes.as_ref().and_then(|n| n.api_notice.as_ref()) {
        out.push_str(&format!("## {title}\n\n{body}"));
    }

    out.push_str("## Plan-time checks\n\n");
    out.push_str(
        "tether reports these at `terraform validate` / `terraform plan`, on the offending attribute, \
         with the cloud error code that `terraform apply` would otherwise fail with, e.g. `[CODE] summary`.\n\n",
    );
    let supported = notes.as_ref().map(|n| n.clouds).unwrap_or(&[]);
    let mut static_rules = vec![RuleDoc::new(
        format!(
            "the provider's `cloud` is {}",
            join_or(
                &supported
                    .iter()
                    .map(|c| format!("`{}`", c.name()))
                    .collect::<Vec<_>>()
            )
        ),
        &[],
        &[],
    )];
    validator_rules(block, "", notes.as_ref(), &mut static_rules);
    if let Some(n) = &notes {
        static_rules.extend(n.static_rules.iter().cloned());
    }
    out.push_str("### Static\n\nFrom the configuration and the provider's cloud and region alone, with no API call (also without credentials).\n\n");
    rules_table(&static_rules, supported, &mut out);
    if let Some(n) = notes.as_ref().filter(|n| !n.live_rules.is_empty()) {
        out.push_str(&format!(
            "### Live\n\nRead-only Describe calls during `terraform plan`, {}. Without credentials they are skipped with a warning and the constraint is checked by the cloud at apply.\n\n",
            n.live_when
        ));
        rules_table(&n.live_rules, supported, &mut out);
    }

    out.push_str(DAY_TWO);

    out.push_str("## Import\n\n");
    match example {
        Some(e) => {
            out.push_str("Import with `terraform import`, using one of these ID forms:\n\n");
            out.push_str(&fenced("shell", e.import_sh));
            if let Some(block) = import_block(e.import_sh) {
                out.push_str("\nOr, from Terraform 1.5 / OpenTofu 1.5, with an `import` block (any of the ID forms above as `id`):\n\n");
                out.push_str(&fenced("terraform", &block));
            }
        }
        None => out.push_str("No import example yet.\n"),
    }
    out.push_str(
        "\nThe imported state equals what a create would have produced: the next plan is empty.\n",
    );
    out
}

/// How every resource behaves after its first apply.
const DAY_TWO: &str = "## After the first apply\n\n\
- **Replacement.** Terraform destroys the old association before it creates the new one, so \
the live checks count what the replaced association holds as free (its EIP, its instance, its \
place on a HaVip or in a scaling group). Do not set `create_before_destroy`: the cloud binds an \
EIP, a backend or an instance once, so the new association could not be made while the old one \
exists.\n\
- **Changes outside Terraform.** When a refresh finds the association gone (unbound, bound \
elsewhere, its target or the EIP, HaVip, instance or group deleted), the resource stays in \
state with what is there now, and the plan makes it again in place, with a warning saying what \
changed. When it cannot be made again yet, for example because the EIP is now bound to another \
instance, the warning says so and how to resolve it, instead of an error, so that other \
resources keep planning; applying fails for that resource alone until it is resolved. \
`terraform destroy` removes it from state without touching what is there now. tether never \
takes over or removes an association it did not make: an association that already exists as \
configured but is not in state is refused at plan, with the `terraform import` command to run.\n\
- **Destroy runs.** During `terraform destroy` (and `plan -destroy`) the create-time live checks \
do not run: Terraform plans the whole configuration before a destroy, and an association that \
could not be created must not stop it. tether recognises a destroy run from the Terraform or \
OpenTofu command line (on Linux, where the provider can read it).\n\
- **Interrupted applies.** After Ctrl-C, a bind already accepted by the cloud is waited for \
(up to 30 s) so that the state records it; a create that fails after its request may have \
reached the cloud records what exists, and the next apply replaces it.\n\
- **Import** of an association made outside Terraform records what the cloud reports. Settings \
the cloud does not report (delete options such as `force` or `decrease_desired_capacity`, \
`lifecycle_hook`) are recorded with their defaults: if the configuration sets another value, \
the next plan shows an update without any API call, which records it.\n\n";

fn join_with(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

fn join_or(items: &[String]) -> String {
    join_with(items, "or")
}

/// An environment that answers nothing and remembers every variable asked for.
#[derive(Default)]
struct RecordingEnv(std::sync::Mutex<Vec<String>>);

impl EnvSource for RecordingEnv {
    fn get(&self, key: &str) -> Option<String> {
        if let Ok(mut asked) = self.0.lock() {
            asked.push(key.to_owned());
        }
        None
    }
}

/// The environment variables `configure` consults for each provider setting of `cloud`,
/// found by running it: with every setting unset it asks for all of them; with one setting
/// given, it does not ask for that setting's variables.
pub fn environment_variables(
    provider: &TetherProvider,
    cloud: Cloud,
) -> Vec<(&'static str, Vec<String>)> {
    let block = &provider.schema().block;
    let probe = |set: Option<&str>| -> Vec<String> {
        let mut object: BTreeMap<String, Value> = block
            .attributes
            .iter()
            .map(|a| (a.name.to_owned(), Value::Null))
            .collect();
        object.insert("cloud".to_owned(), Value::from(cloud.name()));
        if let Some(name) = set {
            object.insert(name.to_owned(), Value::from("set"));
        }
        let env = RecordingEnv::default();
        let mut diags = Diagnostics::new();
        let _ = config::configure(&Value::Object(object), &env, &mut diags);
        env.0.into_inner().unwrap_or_default()
    };
    let all = probe(None);
    let mut out = Vec::new();
    for attribute in block
        .attributes
        .iter()
        .filter(|a| a.name != "cloud" && a.ty == Type::String)
    {
        let without = probe(Some(attribute.name));
        let own: Vec<String> = all
            .iter()
            .filter(|k| !without.contains(k))
            .cloned()
            .collect();
        if !own.is_empty() {
            out.push((attribute.name, own));
        }
    }
    out
}

fn render_index(provider: &TetherProvider) -> String {
    let block = &provider.schema().block;
    let mut out = front_matter(&format!("{TYPE_NAME} Provider"), &block.description);
    out.push_str(&format!("# {TYPE_NAME} Provider\n\n"));
    out.push_str(
        "tether manages **associations between cloud resources** on Alibaba Cloud, Tencent Cloud and Volcengine: \
         an elastic IP bound to an instance, an instance attached to a high-availability virtual IP, the backend of a \
         global acceleration instance, ECS instances attached to an auto scaling group. The resources being associated \
         are created elsewhere (another provider, the console); tether binds them, waits until the binding is really in \
         effect, and catches at `terraform plan` what the clouds would otherwise reject half-way through `terraform apply`.\n\n",
    );
    let rest = block.description[first_sentence(&block.description).len()..].trim();
    if !rest.is_empty() {
        out.push_str(&format!("{rest}\n\n"));
    }
    out.push_str("| Resource | Clouds | Summary |\n|---|---|---|\n");
    for resource in provider.resources() {
        let type_name = resource.type_name();
        let clouds = notes(type_name)
            .map(|n| cloud_names(n.clouds))
            .unwrap_or_default();
        let link = resource_page_path(type_name)
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!(
            "| [`{type_name}`]({link}) | {clouds} | {} |\n",
            first_sentence(&resource.schema().block.description).replace('|', "\\|")
        ));
    }
    out.push('\n');

    out.push_str("## Example Usage\n\n");
    out.push_str(&fenced("terraform", PROVIDER_EXAMPLE));
    out.push('\n');

    out.push_str("## Schema\n\n");
    schema_lists(block, "", &mut out);

    out.push_str("## Environment variables\n\n");
    out.push_str(
        "A setting given in the provider block wins. Otherwise tether reads the first non-empty variable of the \
         provider's cloud, in the order listed. `terraform validate` needs no credentials; without them `terraform plan` \
         skips the live checks with a warning.\n\n",
    );
    for cloud in Cloud::ALL {
        out.push_str(&format!(
            "### {} (`cloud = \"{}\"`)\n\n",
            cloud.display_name(),
            cloud.name()
        ));
        out.push_str("| Setting | Environment variables |\n|---|---|\n");
        for (setting, vars) in environment_variables(provider, cloud) {
            out.push_str(&format!(
                "| `{setting}` | {} |\n",
                vars.iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push('\n');
    }

    out.push_str("## Plan-time checks\n\n");
    out.push_str(
        "Every documented constraint that the configuration alone decides is reported by `terraform validate` and \
         `terraform plan` on the offending attribute, with the cloud's error code in brackets. Constraints that depend \
         on the current cloud state are checked with read-only Describe calls during `terraform plan` when a resource \
         is created or replaced (skipped with a warning without credentials). Each resource page lists its checks.\n\n",
    );
    out.push_str(&fenced(
        "text",
        "Error: [InvalidBackendServerRegionId.EqualRegionId] backend_server_region_id must differ from the provider region\n  on main.tf line 13, in resource \"tether_ga_backend\" \"x\":\n  13:   backend_server_region_id = \"cn-hangzhou\"",
    ));
    out.push('\n');

    out.push_str("## OpenTofu\n\n");
    out.push_str(&format!(
        "tether speaks plugin protocol 5 and works with OpenTofu as with Terraform. OpenTofu's default registry host is \
         `registry.opentofu.org`, so a short source `tether-dev/tether` would name a different provider there: always write \
         the full source address `{SOURCE_ADDRESS}` in `required_providers`, as in the example above, and in CLI \
         configuration. OpenTofu reads its CLI configuration from `~/.tofurc` (falling back to `~/.terraformrc`; \
         `$XDG_CONFIG_HOME/opentofu/tofurc` on fresh installs) and honours `TF_CLI_CONFIG_FILE` too.\n\n"
    ));

    out.push_str("## Installing without a registry\n\n");
    out.push_str(&format!(
        "`tether install` copies the provider binary into the local filesystem mirror \
         `~/.terraform.d/plugins/{SOURCE_ADDRESS}/{VERSION}/<os>_<arch>/terraform-provider-{TYPE_NAME}_v{VERSION}` \
         (a directory both tools search by default) and prints the CLI configuration that pins the provider to it, for \
         `~/.terraformrc` or `~/.tofurc`:\n\n"
    ));
    out.push_str(&fenced(
        "hcl",
        &crate::install::cli_config_snippet(Path::new("/home/you/.terraform.d/plugins")),
    ));
    out.push_str(&format!(
        "\n`tether package` builds the release archive `terraform-provider-{TYPE_NAME}_{VERSION}_<os>_<arch>.zip` with its \
         `_SHA256SUMS` and registry manifest; the zip also works as a packed mirror entry \
         `<mirror>/{SOURCE_ADDRESS}/terraform-provider-{TYPE_NAME}_{VERSION}_<os>_<arch>.zip`. After replacing the binary, \
         run `terraform init -upgrade` where a lock file recorded the earlier build.\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_variables_are_found_per_setting() {
        let provider = TetherProvider::new();
        let ali = environment_variables(&provider, Cloud::Alibaba);
        let region = ali
            .iter()
            .find(|(s, _)| *s == "region")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        assert_eq!(
            region,
            vec![
                "ALIBABA_CLOUD_REGION_ID".to_owned(),
                "ALICLOUD_REGION".to_owned()
            ]
        );
        let tc = environment_variables(&provider, Cloud::Tencent);
        assert!(tc
            .iter()
            .any(|(s, v)| *s == "secret_key" && v == &vec!["TENCENTCLOUD_SECRET_KEY".to_owned()]));
        assert!(tc
            .iter()
            .any(|(s, v)| *s == "endpoint" && v == &vec!["TETHER_ENDPOINT".to_owned()]));
    }

    #[test]
    fn split_code_reads_one_of() {
        let (text, codes) = split_code("one of `A`, `B` (else `InvalidInstanceType.Malformed`)");
        assert_eq!(text, "one of `A`, `B`");
        assert_eq!(codes, Some("InvalidInstanceType.Malformed"));
        assert_eq!(
            split_code("a valid IPv4 address"),
            ("a valid IPv4 address".to_owned(), None)
        );
    }

    #[test]
    fn import_block_from_first_command() {
        let block = import_block(
            "# c\nterraform import tether_x.example a:b\nterraform import tether_x.example c\n",
        );
        assert_eq!(
            block.as_deref(),
            Some("import {\n  to = tether_x.example\n  id = \"a:b\"\n}\n")
        );
    }
}
