//! Attribute paths: where in a configuration a diagnostic points or a replacement is due.
//! Displayed like Terraform shows them; map keys are quoted, long ones cut.

use std::fmt;

/// One step into a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Attribute(String),
    Key(String),
    Index(i64),
}

/// A path from the root of a resource or provider block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttrPath(pub Vec<Step>);

impl AttrPath {
    pub fn root() -> Self {
        AttrPath(Vec::new())
    }
    /// A top-level attribute.
    pub fn attr(name: &str) -> Self {
        AttrPath(vec![Step::Attribute(name.to_owned())])
    }
    pub fn then_attr(mut self, name: &str) -> Self {
        self.0.push(Step::Attribute(name.to_owned()));
        self
    }
    pub fn then_key(mut self, key: &str) -> Self {
        self.0.push(Step::Key(key.to_owned()));
        self
    }
    pub fn then_index(mut self, index: i64) -> Self {
        self.0.push(Step::Index(index));
        self
    }
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Attribute(a) if i == 0 => write!(f, "{a}")?,
                Step::Attribute(a) => write!(f, ".{a}")?,
                Step::Key(k) => write!(f, "[{}]", super::quote::quoted(k))?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_terraform() {
        let p = AttrPath::attr("load_balancer_weights").then_key("i-1");
        assert_eq!(p.to_string(), r#"load_balancer_weights["i-1"]"#);
        assert_eq!(AttrPath::attr("timeouts").then_attr("create").to_string(), "timeouts.create");
        let long = AttrPath::attr("m").then_key(&"k".repeat(100_000)).to_string();
        assert!(long.len() < 100, "{long}");
    }
}
