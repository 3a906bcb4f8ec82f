//! Schema declaration: attributes and nested blocks with their presence, sensitivity,
//! defaults, descriptions, validators and plan rules, built once per provider process.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::plan::PlanRule;
use super::validators::Validator;
use super::value::{Type, Value};

/// Whether the user must, may or cannot set an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// Set by the provider only.
    Computed,
    /// Set by the user, or by the provider when the user leaves it out.
    OptionalComputed,
}

impl Presence {
    pub fn is_computed(self) -> bool {
        matches!(self, Presence::Computed | Presence::OptionalComputed)
    }
    pub fn is_configurable(self) -> bool {
        !matches!(self, Presence::Computed)
    }
}

#[derive(Clone)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: Type,
    pub presence: Presence,
    pub sensitive: bool,
    /// Markdown.
    pub description: String,
    /// Planned when the configuration leaves the attribute null (attribute must be computed).
    pub default: Option<Value>,
    pub validators: Vec<Arc<dyn Validator>>,
    pub plan_rules: Vec<PlanRule>,
}

impl std::fmt::Debug for Attribute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attribute").field("name", &self.name).field("ty", &self.ty).field("presence", &self.presence).finish_non_exhaustive()
    }
}

impl Attribute {
    pub fn new(name: &'static str, ty: Type) -> Self {
        Attribute { name, ty, presence: Presence::Optional, sensitive: false, description: String::new(), default: None, validators: Vec::new(), plan_rules: Vec::new() }
    }
    pub fn string(name: &'static str) -> Self {
        Self::new(name, Type::String)
    }
    pub fn bool(name: &'static str) -> Self {
        Self::new(name, Type::Bool)
    }
    pub fn number(name: &'static str) -> Self {
        Self::new(name, Type::Number)
    }

    pub fn required(mut self) -> Self {
        self.presence = Presence::Required;
        self
    }
    pub fn optional(mut self) -> Self {
        self.presence = Presence::Optional;
        self
    }
    pub fn computed(mut self) -> Self {
        self.presence = Presence::Computed;
        self
    }
    pub fn optional_computed(mut self) -> Self {
        self.presence = Presence::OptionalComputed;
        self
    }
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }
    pub fn describe(mut self, markdown: impl Into<String>) -> Self {
        self.description = markdown.into();
        self
    }
    /// A default for an optional attribute; makes it optional+computed as Terraform requires.
    pub fn default_value(mut self, value: impl Into<Value>) -> Self {
        self.default = Some(value.into());
        self.presence = Presence::OptionalComputed;
        self
    }
    pub fn validate(mut self, validator: impl Validator + 'static) -> Self {
        self.validators.push(Arc::new(validator));
        self
    }
    pub fn plan(mut self, rule: PlanRule) -> Self {
        self.plan_rules.push(rule);
        self
    }
    /// Changing the value replaces the resource.
    pub fn force_new(self) -> Self {
        self.plan(PlanRule::RequiresReplace)
    }
    /// Keeps the prior state's value instead of "known after apply" when nothing else changes it.
    pub fn use_state_for_unknown(self) -> Self {
        self.plan(PlanRule::UseStateForUnknown)
    }

    /// The attribute only steers later provider operations: changing it calls no API.
    pub fn no_api_call(self) -> Self {
        self.plan(PlanRule::NoApiCall)
    }

    pub fn has_rule(&self, rule: PlanRule) -> bool {
        self.plan_rules.contains(&rule)
    }
}

/// How a nested block repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    Single,
    List,
    Set,
}

#[derive(Clone, Debug)]
pub struct NestedBlock {
    pub name: &'static str,
    pub nesting: Nesting,
    pub block: Block,
    pub min_items: i64,
    pub max_items: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<NestedBlock>,
    /// Markdown.
    pub description: String,
}

impl Block {
    pub fn new(description: impl Into<String>) -> Self {
        Block { description: description.into(), ..Default::default() }
    }
    pub fn attribute(mut self, attribute: Attribute) -> Self {
        self.attributes.push(attribute);
        self
    }
    pub fn block(mut self, block: NestedBlock) -> Self {
        self.blocks.push(block);
        self
    }

    pub fn get_attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The object type a value of this block has.
    pub fn ty(&self) -> Type {
        let mut attrs: BTreeMap<String, Type> = self.attributes.iter().map(|a| (a.name.to_owned(), a.ty.clone())).collect();
        for nested in &self.blocks {
            let inner = nested.block.ty();
            let ty = match nested.nesting {
                Nesting::Single => inner,
                Nesting::List => Type::list(inner),
                Nesting::Set => Type::set(inner),
            };
            attrs.insert(nested.name.to_owned(), ty);
        }
        Type::Object(attrs)
    }
}

/// A provider, resource or data source schema.
#[derive(Clone, Debug)]
pub struct Schema {
    pub version: i64,
    pub block: Block,
}

impl Schema {
    pub fn new(version: i64, block: Block) -> Self {
        Schema { version, block }
    }
    pub fn ty(&self) -> Type {
        self.block.ty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_type_includes_nested_blocks() {
        let block = Block::new("").attribute(Attribute::string("a").required()).block(NestedBlock {
            name: "timeouts",
            nesting: Nesting::Single,
            block: Block::new("").attribute(Attribute::string("create")),
            min_items: 0,
            max_items: 1,
        });
        assert_eq!(block.ty().to_json().to_string(), r#"["object",{"a":"string","timeouts":["object",{"create":"string"}]}]"#);
    }

    #[test]
    fn default_makes_attribute_computed() {
        let a = Attribute::bool("force").optional().default_value(false);
        assert_eq!(a.presence, Presence::OptionalComputed);
    }
}
