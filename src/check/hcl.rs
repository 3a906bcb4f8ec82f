//! Reading the configuration's `.tf` files for `tether check`, through the `hcl-rs` crate: what
//! `terraform show -json` leaves out of a plan (a provider block's `for_each`, the instance key
//! in a resource's `provider = tether.by_region[each.key]`, the exact expression of a provider
//! argument) is found and evaluated there.
//!
//! hcl-rs parses the files and evaluates expressions (operators, conditionals, `for`, templates).
//! The context it evaluates in holds only what an expression refers to of `var`, `local` and
//! `each` (looked up through a [`Scope`]) and the functions `toset`, `tolist`, `tomap`,
//! `tostring`, `lower` and `upper` (hcl-rs has none of Terraform's). Anything else (a resource's
//! attribute, `path`, `count`, another function) fails to evaluate, and the caller reports the
//! resource as unresolved rather than guessing.

use std::collections::BTreeSet;

use ::hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use ::hcl::expr::Operation;
use ::hcl::template::{Directive, Element, Template};
use ::hcl::{Block, Identifier, Map, Value};
use serde_json::Value as J;

pub use ::hcl::{Body, Expression as Expr, ObjectKey, TraversalOperator as Step};

/// Parses a file (or any body text).
pub fn parse_body(text: &str) -> Result<Body, String> {
    ::hcl::parse(text).map_err(|e| e.to_string())
}

/// Parses one expression, such as a reference from the plan JSON (`var.regions["hz"]`).
pub fn parse_expression(text: &str) -> Result<Expr, String> {
    text.parse::<Expr>().map_err(|e| e.to_string())
}

/// Looking up attributes and blocks in a body.
pub trait BodyExt {
    fn attribute(&self, name: &str) -> Option<&Expr>;
    /// Nested blocks of a kind whose labels start with `labels`.
    fn labelled(&self, kind: &str, labels: &[&str]) -> Vec<&Block>;
}

impl BodyExt for Body {
    fn attribute(&self, name: &str) -> Option<&Expr> {
        self.attributes().find(|a| a.key.as_str() == name).map(|a| &a.expr)
    }

    fn labelled(&self, kind: &str, labels: &[&str]) -> Vec<&Block> {
        self.blocks().filter(|b| b.identifier.as_str() == kind && b.labels.len() >= labels.len() && b.labels.iter().zip(labels).all(|(a, b)| a.as_str() == *b)).collect()
    }
}

/// `name.step…` (`tether.by_region[each.key]`): the name and the steps after it.
pub fn traversal(expr: &Expr) -> Option<(&str, &[Step])> {
    match expr {
        Expr::Variable(name) => Some((name.as_str(), &[])),
        Expr::Traversal(t) => match &t.expr {
            Expr::Variable(name) => Some((name.as_str(), t.operators.as_slice())),
            _ => None,
        },
        _ => None,
    }
}

/// What names in an expression refer to.
pub trait Scope {
    /// `var.NAME`.
    fn variable(&self, name: &str) -> Result<J, String>;
    /// `local.NAME`.
    fn local(&self, name: &str) -> Result<J, String>;
    /// `each.key` and `each.value`, inside a block with `for_each`.
    fn each(&self) -> Option<(&J, &J)>;
}

/// Evaluates an expression to a JSON value; the error says what could not be evaluated.
pub fn eval(expr: &Expr, scope: &dyn Scope) -> Result<J, String> {
    let mut ctx = Context::new();
    let (mut vars, mut locals) = (Map::new(), Map::new());
    for root in roots(expr) {
        match root.split_once('.') {
            Some(("var", name)) => {
                vars.insert(name.to_owned(), to_hcl(scope.variable(name)?)?);
            }
            Some(("local", name)) => {
                locals.insert(name.to_owned(), to_hcl(scope.local(name)?)?);
            }
            Some(("each", _)) => {
                let (key, value) = scope.each().ok_or_else(|| "each is used outside a block with for_each".to_owned())?;
                ctx.declare_var("each", Value::Object(Map::from_iter([("key".to_owned(), to_hcl(key.clone())?), ("value".to_owned(), to_hcl(value.clone())?)])));
            }
            _ => return Err(format!("{} refers to {root}, which is known only when Terraform runs", render(expr))),
        }
    }
    ctx.declare_var("var", Value::Object(vars));
    ctx.declare_var("local", Value::Object(locals));
    declare_functions(&mut ctx);
    let value = expr.evaluate(&ctx).map_err(|e| e.to_string())?;
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// The Terraform functions tether check evaluates (hcl-rs checks the argument types).
fn declare_functions(ctx: &mut Context) {
    let list = || [ParamType::array_of(ParamType::Any)];
    ctx.declare_func("tolist", FuncDef::new(|args| Ok(args[0].clone()), list()));
    ctx.declare_func("tomap", FuncDef::new(|args| Ok(args[0].clone()), [ParamType::object_of(ParamType::Any)]));
    ctx.declare_func("toset", FuncDef::new(toset, list()));
    ctx.declare_func("tostring", FuncDef::new(tostring, [ParamType::Any]));
    ctx.declare_func("lower", FuncDef::new(|args| Ok(args[0].as_str().unwrap_or_default().to_lowercase().into()), [ParamType::String]));
    ctx.declare_func("upper", FuncDef::new(|args| Ok(args[0].as_str().unwrap_or_default().to_uppercase().into()), [ParamType::String]));
}

fn toset(args: FuncArgs) -> Result<Value, String> {
    let mut set = Vec::new();
    for item in args[0].as_array().into_iter().flatten() {
        if !set.contains(item) {
            set.push(item.clone());
        }
    }
    Ok(Value::Array(set))
}

fn tostring(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        Value::String(s) => Ok(s.as_str().into()),
        Value::Number(n) => Ok(n.to_string().into()),
        Value::Bool(b) => Ok(b.to_string().into()),
        other => Err(format!("{other} cannot be a string")),
    }
}

fn to_hcl(value: J) -> Result<Value, String> {
    ::hcl::to_value(value).map_err(|e| e.to_string())
}

/// What a value is, for messages: `a map`, `a string`.
pub fn kind(value: &J) -> &'static str {
    match value {
        J::Null => "null",
        J::Bool(_) => "a bool",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "a list",
        J::Object(_) => "a map",
    }
}

/// The objects an expression refers to, as `root.name` (`var.regions`, `each.value`,
/// `local.x`): comparable with the plan JSON's `references`, cut to the same two steps. The
/// variables of `for` expressions and directives are not among them.
pub fn roots(expr: &Expr) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect(expr, &mut out);
    out
}

fn collect(expr: &Expr, out: &mut BTreeSet<String>) {
    match expr {
        Expr::Variable(name) => {
            out.insert(name.as_str().to_owned());
        }
        Expr::Traversal(t) => {
            match (&t.expr, t.operators.first()) {
                (Expr::Variable(name), Some(Step::GetAttr(attr))) => {
                    out.insert(format!("{}.{attr}", name.as_str()));
                }
                (inner, _) => collect(inner, out),
            }
            t.operators.iter().for_each(|op| {
                if let Step::Index(e) = op {
                    collect(e, out)
                }
            });
        }
        Expr::Array(items) => items.iter().for_each(|e| collect(e, out)),
        Expr::Object(items) => items.iter().for_each(|(k, v)| {
            if let ObjectKey::Expression(k) = k {
                collect(k, out);
            }
            collect(v, out);
        }),
        Expr::TemplateExpr(t) => {
            if let Ok(template) = Template::from_expr(t) {
                collect_template(&template, out);
            }
        }
        Expr::FuncCall(call) => call.args.iter().for_each(|e| collect(e, out)),
        Expr::Parenthesis(e) => collect(e, out),
        Expr::Conditional(c) => [&c.cond_expr, &c.true_expr, &c.false_expr].into_iter().for_each(|e| collect(e, out)),
        Expr::Operation(op) => match op.as_ref() {
            Operation::Unary(u) => collect(&u.expr, out),
            Operation::Binary(b) => [&b.lhs_expr, &b.rhs_expr].into_iter().for_each(|e| collect(e, out)),
        },
        Expr::ForExpr(f) => {
            collect(&f.collection_expr, out);
            let mut inner = BTreeSet::new();
            [f.key_expr.as_ref(), Some(&f.value_expr), f.cond_expr.as_ref()].into_iter().flatten().for_each(|e| collect(e, &mut inner));
            out.extend(unbound(inner, f.key_var.as_ref(), &f.value_var));
        }
        _ => {}
    }
}

fn collect_template(template: &Template, out: &mut BTreeSet<String>) {
    for element in template.elements() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => collect(&i.expr, out),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    collect(&d.cond_expr, out);
                    [Some(&d.true_template), d.false_template.as_ref()].into_iter().flatten().for_each(|t| collect_template(t, out));
                }
                Directive::For(d) => {
                    collect(&d.collection_expr, out);
                    let mut inner = BTreeSet::new();
                    collect_template(&d.template, &mut inner);
                    out.extend(unbound(inner, d.key_var.as_ref(), &d.value_var));
                }
            },
        }
    }
}

/// References other than to a `for`'s own variables.
fn unbound(mut refs: BTreeSet<String>, key: Option<&Identifier>, value: &Identifier) -> BTreeSet<String> {
    refs.retain(|r| {
        let root = r.split('.').next().unwrap_or_default();
        root != value.as_str() && key.is_none_or(|k| root != k.as_str())
    });
    refs
}

/// An expression written back as text, for messages.
pub fn render(expr: &Expr) -> String {
    expr.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `var` from a JSON object, `each` when given; no locals.
    struct Vars(J, Option<(J, J)>);
    impl Scope for Vars {
        fn variable(&self, name: &str) -> Result<J, String> {
            self.0.get(name).cloned().ok_or_else(|| format!("no var.{name}"))
        }
        fn local(&self, name: &str) -> Result<J, String> {
            Err(format!("no local.{name}"))
        }
        fn each(&self) -> Option<(&J, &J)> {
            self.1.as_ref().map(|(k, v)| (k, v))
        }
    }

    #[test]
    fn finds_blocks_and_attributes() {
        let text = r#"
provider "tether" {
  alias    = "by_region"
  for_each = { hz = { region = "cn-hangzhou" }, "sh" = { region = "cn-shanghai" } }
  region   = each.value.region
}
resource tether_eip_association a {
  provider = tether.by_region[each.key]
}
"#;
        let body = parse_body(text).expect("parses");
        let provider = body.labelled("provider", &["tether"])[0];
        let vars = Vars(serde_json::json!({}), None);
        assert_eq!(eval(provider.body.attribute("alias").expect("alias"), &vars), Ok(J::String("by_region".into())));
        assert_eq!(eval(provider.body.attribute("for_each").expect("for_each"), &vars).expect("a map")["sh"]["region"], "cn-shanghai");
        assert_eq!(render(provider.body.attribute("region").expect("region")), "each.value.region");
        let resource = body.labelled("resource", &["tether_eip_association", "a"])[0];
        let reference = resource.body.attribute("provider").expect("provider");
        assert!(matches!(traversal(reference), Some(("tether", [Step::GetAttr(a), Step::Index(_)])) if a.as_str() == "by_region"));
        assert!(body.labelled("resource", &["tether_eip_association", "b"]).is_empty());
        assert!(parse_body("a = {").is_err());
    }

    #[test]
    fn evaluates_only_var_local_each_and_known_functions() {
        let vars = Vars(serde_json::json!({"regions": {"hz": "cn-hangzhou"}, "list": ["a", "b"]}), Some((J::String("hz".into()), J::Null)));
        let eval_text = |text: &str| eval(&parse_expression(text).expect("parses"), &vars);
        assert_eq!(eval_text(r#"var.regions["hz"]"#), Ok(J::String("cn-hangzhou".into())));
        assert_eq!(eval_text(r#""i-${upper(each.key)}-$${x}""#), Ok(J::String("i-HZ-${x}".into())));
        assert_eq!(eval_text(r#"toset(["a", "a", var.list[1]])"#), Ok(serde_json::json!(["a", "b"])));
        assert_eq!(eval_text(r#"{ for k, v in var.regions : k => lower(v) if k != "sh" }"#), Ok(serde_json::json!({"hz": "cn-hangzhou"})));
        assert_eq!(eval_text("tostring(1)"), Ok(J::String("1".into())));
        assert!(eval_text("tether_eip.x.id").is_err_and(|e| e.contains("known only when Terraform runs")));
        assert!(eval_text(r#"coalesce(var.list[0], "hz")"#).is_err_and(|e| e.contains("coalesce")));
        assert!(eval_text("var.missing").is_err_and(|e| e.contains("no var.missing")));
        assert!(eval_text("local.x").is_err());
        assert!(eval(&parse_expression("each.key").expect("parses"), &Vars(J::Null, None)).is_err_and(|e| e.contains("outside a block with for_each")));
    }

    #[test]
    fn roots_leave_out_for_variables() {
        let roots_of = |text: &str| roots(&parse_expression(text).expect("parses")).into_iter().collect::<Vec<_>>();
        assert_eq!(roots_of(r#"var.regions["hz"]"#), ["var.regions"]);
        assert_eq!(roots_of(r#"{ for k, v in var.m : k => "${v}-${local.s}" if each.key != k }"#), ["each.key", "local.s", "var.m"]);
        assert_eq!(roots_of(r#""%{for x in var.l}${x}${each.value}%{endfor}""#), ["each.value", "var.l"]);
        assert_eq!(roots_of("a.b ? c[d.e] : -f"), ["a.b", "c", "d.e", "f"]);
    }
}
