//! Typed resource models: a resource declares once, with [`model!`], which attributes it
//! reads and as what type, and reads a configuration, plan or state [`Value`] into a struct
//! of borrowed fields (as terraform-plugin-framework's `tfsdk` models) instead of looking
//! attributes up by string. The names are checked against the schema by each model's test
//! ([`Model::missing_from`]).

use super::schema::Schema;
use super::value::Value;

/// How a model field reads its attribute's value.
pub trait FromAttr<'v>: Sized {
    fn from_attr(value: &'v Value) -> Self;
}

/// A string: "" when null or unknown (what a known state or an apply's plan holds).
impl<'v> FromAttr<'v> for &'v str {
    fn from_attr(value: &'v Value) -> Self {
        value.as_str().unwrap_or_default()
    }
}

/// A string, `None` when null or unknown (what a plan may hold).
impl<'v> FromAttr<'v> for Option<&'v str> {
    fn from_attr(value: &'v Value) -> Self {
        value.as_str()
    }
}

/// A bool, `None` when null or unknown.
impl<'v> FromAttr<'v> for Option<bool> {
    fn from_attr(value: &'v Value) -> Self {
        value.as_bool()
    }
}

/// The value itself, for lists, maps and values passed on whole.
impl<'v> FromAttr<'v> for &'v Value {
    fn from_attr(value: &'v Value) -> Self {
        value
    }
}

/// How a field of a model's planned twin (see [`model!`]) reads its attribute, which a plan
/// may not know yet: a string as `Option` (`None` while unknown); a bool and a whole value
/// as the model reads them, since they tell an unknown value apart already.
pub trait InPlan<'v> {
    type Read: FromAttr<'v>;
}

impl<'v> InPlan<'v> for &'v str {
    type Read = Option<&'v str>;
}

impl<'v> InPlan<'v> for Option<&'v str> {
    type Read = Option<&'v str>;
}

impl<'v> InPlan<'v> for Option<bool> {
    type Read = Option<bool>;
}

impl<'v> InPlan<'v> for &'v Value {
    type Read = &'v Value;
}

/// What every model declares: the attributes it reads.
pub trait Model {
    /// The attribute names, in declaration order.
    const ATTRIBUTES: &'static [&'static str];

    /// The attributes this model reads that `schema`'s top-level block does not declare
    /// (a typo, or an attribute renamed in one place only).
    fn missing_from(schema: &Schema) -> Vec<&'static str> {
        Self::ATTRIBUTES.iter().copied().filter(|name| !schema.block.attributes.iter().any(|a| a.name == *name)).collect()
    }

    /// The attributes of `schema`'s top-level block this model does not declare (for the
    /// model that names every attribute of its resource).
    fn undeclared_in(schema: &Schema) -> Vec<&'static str> {
        schema.block.attributes.iter().map(|a| a.name).filter(|name| !Self::ATTRIBUTES.contains(name)).collect()
    }
}

/// Test helper: `Full` names every attribute of `schema`, and neither model reads an
/// attribute `schema` does not declare.
#[cfg(test)]
pub fn assert_models_fit<Full: Model, Planned: Model>(schema: &Schema) {
    assert!(Full::missing_from(schema).is_empty(), "undeclared attributes read: {:?}", Full::missing_from(schema));
    assert!(Full::undeclared_in(schema).is_empty(), "attributes the model does not name: {:?}", Full::undeclared_in(schema));
    assert!(Planned::missing_from(schema).is_empty(), "undeclared attributes read: {:?}", Planned::missing_from(schema));
}

/// Declares a typed model: `model! { pub struct Binding<'v> { eip_id / EIP_ID: &'v str, ... } }`
/// makes the struct, `Binding::of(&value)` reading each field from the attribute of its
/// name (through [`FromAttr`]), and its [`Model`] impl. A field written `name / CONST`
/// also declares `Binding::CONST = "name"`, the attribute's name for the schema, paths and
/// state updates, so that the name is written once.
///
/// A model's first fields may form a `planned` section, which also declares the model's
/// planned twin, for the plan-time checks: the same fields read from a plan, where each may
/// be unknown yet (through [`InPlan`]: a string as `Option<&'v str>`). The twin is private
/// to the declaring module; a planned field's doc comment goes to both structs.
///
/// ```text
/// model! {
///     pub struct Binding<'v> {
///         /// The arguments in a plan, where each may be unknown yet.
///         planned PlannedBinding {
///             eip_id / EIP_ID: &'v str,
///         }
///         status / STATUS: &'v Value,
///     }
/// }
/// ```
macro_rules! model {
    (
        $(#[$meta:meta])* $vis:vis struct $name:ident<'v> {
            $(#[$pmeta:meta])*
            planned $planned:ident { $($(#[$pfmeta:meta])* $pfield:ident $(/ $pkonst:ident)?: $pty:ty),* $(,)? }
            $($(#[$fmeta:meta])* $field:ident $(/ $konst:ident)?: $ty:ty),* $(,)?
        }
    ) => {
        model! {
            $(#[$meta])*
            $vis struct $name<'v> {
                $($(#[$pfmeta])* $pfield $(/ $pkonst)?: $pty,)*
                $($(#[$fmeta])* $field $(/ $konst)?: $ty,)*
            }
        }

        model! {
            $(#[$pmeta])*
            struct $planned<'v> {
                $($(#[$pfmeta])* $pfield: <$pty as crate::framework::model::InPlan<'v>>::Read,)*
            }
        }
    };
    ($(#[$meta:meta])* $vis:vis struct $name:ident<'v> { $($(#[$fmeta:meta])* $field:ident $(/ $konst:ident)?: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug)]
        #[allow(dead_code)] // a model may declare an attribute only for its name
        $vis struct $name<'v> {
            $($(#[$fmeta])* pub $field: $ty,)*
            _value: std::marker::PhantomData<&'v crate::framework::Value>,
        }

        #[allow(dead_code)]
        impl<'v> $name<'v> {
            $($(
                #[doc = concat!("The attribute `", stringify!($field), "`.")]
                pub const $konst: &'static str = stringify!($field);
            )?)*

            /// The model of `value` (an object: a configuration, plan or state).
            pub fn of(value: &'v crate::framework::Value) -> Self {
                $name {
                    $($field: crate::framework::model::FromAttr::from_attr(value.attr(stringify!($field))),)*
                    _value: std::marker::PhantomData,
                }
            }
        }

        impl crate::framework::model::Model for $name<'_> {
            const ATTRIBUTES: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
}
pub(crate) use model;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{Attribute, Block};

    model! {
        /// A model for the tests.
        struct Sample<'v> {
            name / NAME: &'v str,
            maybe: Option<&'v str>,
            flag: Option<bool>,
            whole: &'v Value,
        }
    }

    model! {
        /// A model with a planned twin, for the tests.
        struct Bound<'v> {
            /// The arguments in a plan.
            planned PlannedBound {
                /// A planned field may carry a doc comment.
                target / TARGET: &'v str,
                whole: &'v Value,
            }
            status: &'v Value,
        }
    }

    fn object(pairs: &[(&str, Value)]) -> Value {
        Value::Object(pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
    }

    #[test]
    fn fields_read_their_attribute_as_their_type() {
        let value = object(&[("name", "n".into()), ("maybe", Value::Unknown), ("flag", Value::Bool(true)), ("whole", Value::int(3))]);
        let sample = Sample::of(&value);
        assert_eq!(sample.name, "n");
        assert_eq!(sample.maybe, None);
        assert_eq!(sample.flag, Some(true));
        assert_eq!(sample.whole, &Value::int(3));
        let empty = object(&[]);
        assert_eq!(Sample::of(&empty).name, "");
        assert_eq!(Sample::NAME, "name");
    }

    #[test]
    fn a_planned_section_declares_the_twin_that_reads_a_plan() {
        assert_eq!(Bound::ATTRIBUTES, ["target", "whole", "status"]);
        assert_eq!(PlannedBound::ATTRIBUTES, ["target", "whole"]);
        assert_eq!(Bound::TARGET, "target");
        let plan = object(&[("target", Value::Unknown), ("whole", Value::Unknown), ("status", Value::Unknown)]);
        let (model, planned) = (Bound::of(&plan), PlannedBound::of(&plan));
        assert_eq!(model.target, "");
        assert_eq!(planned.target, None);
        assert_eq!(planned.whole, &Value::Unknown);
        let known = object(&[("target", "t".into())]);
        assert_eq!(PlannedBound::of(&known).target, Some("t"));
    }

    #[test]
    fn names_the_schema_lacks_are_reported() {
        let schema = Schema::new(0, Block::new("t").attribute(Attribute::string("name").required()).attribute(Attribute::string("maybe").optional()));
        assert_eq!(Sample::missing_from(&schema), vec!["flag", "whole"]);
        let wider = Schema::new(0, Block::new("t").attribute(Attribute::string("name").required()).attribute(Attribute::string("other").optional()));
        assert_eq!(Sample::undeclared_in(&wider), vec!["other"]);
    }
}
