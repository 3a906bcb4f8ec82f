//! A small reader of HCL native syntax (`.tf` files), enough for `tether check` to recover
//! what `terraform show -json` leaves out of a plan: a provider block's `for_each`, the
//! instance key in a resource's `provider = tether.by_region[each.key]`, and the exact
//! expression of a provider argument (the plan JSON keeps only the references in it).
//!
//! It reads blocks and attributes, and expressions made of literals, strings (with `${…}`
//! interpolations), object and tuple constructors, traversals (`var.x["k"].y`) and a few
//! type-conversion functions. Anything else (operators, conditionals, `for` expressions,
//! other functions) parses as [`Expr::Unsupported`], and evaluating it says so: the caller
//! reports the resource as unresolved rather than guessing.

use std::collections::BTreeSet;

use serde_json::Value as J;

/// A block body: its attributes and nested blocks, in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    pub attributes: Vec<(String, Expr)>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Expr> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, e)| e)
    }

    /// Nested blocks of a kind whose labels start with `labels`.
    pub fn blocks(&self, kind: &str, labels: &[&str]) -> Vec<&Block> {
        self.blocks.iter().filter(|b| b.kind == kind && b.labels.len() >= labels.len() && b.labels.iter().zip(labels).all(|(a, b)| a == b)).collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Literal(J),
    /// A quoted string with interpolations.
    Template(Vec<Part>),
    /// `root.step…`: `var.regions["hz"]`, `each.key`, `tether.by_region[each.key]`.
    Traversal(String, Vec<Step>),
    Object(Vec<(Expr, Expr)>),
    Tuple(Vec<Expr>),
    Call(String, Vec<Expr>),
    /// Syntax this reader does not evaluate; the text says what it was.
    Unsupported(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text(String),
    Interpolation(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Attr(String),
    Index(Expr),
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    Number(J),
    Str(Vec<RawPart>),
    Punct(char),
    Newline,
}

#[derive(Clone, Debug, PartialEq)]
enum RawPart {
    Text(String),
    Interpolation(String),
    /// A heredoc or a template directive, which are not evaluated.
    Unsupported(&'static str),
}

/// Splits text into tokens; comments are dropped, newlines kept (they end attributes).
fn lex(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                tokens.push(Token::Newline);
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '#' => i = skip_line(&chars, i),
            '/' if chars.get(i + 1) == Some(&'/') => i = skip_line(&chars, i),
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    if chars[i] == '\n' {
                        tokens.push(Token::Newline);
                    }
                    i += 1;
                }
                i += 2;
            }
            '"' => {
                let (parts, next) = lex_string(&chars, i + 1);
                tokens.push(Token::Str(parts));
                i = next;
            }
            '<' if chars.get(i + 1) == Some(&'<') => {
                // A heredoc: an unsupported string; skip to the line holding its marker.
                let mut j = i + 2;
                if chars.get(j) == Some(&'-') {
                    j += 1;
                }
                let start = j;
                while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let marker: String = chars[start..j].iter().collect();
                j = skip_line(&chars, j);
                while j < chars.len() {
                    let line_end = skip_line(&chars, j + 1);
                    let line: String = chars[j + 1..line_end].iter().collect();
                    j = line_end;
                    if line.trim() == marker {
                        break;
                    }
                }
                tokens.push(Token::Str(vec![RawPart::Unsupported("a heredoc string")]));
                i = j;
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let number = text.parse::<i64>().map(J::from).ok().or_else(|| text.parse::<f64>().ok().and_then(|f| serde_json::Number::from_f64(f).map(J::Number)));
                tokens.push(number.map(Token::Number).unwrap_or(Token::Punct('?')));
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-') {
                    i += 1;
                }
                tokens.push(Token::Ident(chars[start..i].iter().collect()));
            }
            _ => {
                tokens.push(Token::Punct(c));
                i += 1;
            }
        }
    }
    tokens
}

fn skip_line(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i] != '\n' {
        i += 1;
    }
    i
}

/// A quoted string from just after its opening quote: its parts and the index after it.
fn lex_string(chars: &[char], mut i: usize) -> (Vec<RawPart>, usize) {
    let mut parts = Vec::new();
    let mut text = String::new();
    while i < chars.len() {
        match chars[i] {
            '"' => {
                i += 1;
                break;
            }
            '\n' => break,
            '\\' => {
                let escaped = chars.get(i + 1).copied().unwrap_or('\\');
                i += 2;
                match escaped {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    'u' => {
                        let hex: String = chars.get(i..i + 4).map(|h| h.iter().collect()).unwrap_or_default();
                        if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            text.push(c);
                            i += 4;
                        }
                    }
                    other => text.push(other),
                }
            }
            '$' | '%' if chars.get(i + 1) == Some(&'{') => {
                if !text.is_empty() {
                    parts.push(RawPart::Text(std::mem::take(&mut text)));
                }
                let start = i + 2;
                let mut depth = 1;
                let mut j = start;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        '"' => {
                            let (_, next) = lex_string(chars, j + 1);
                            j = next;
                            continue;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let inner: String = chars[start..j.saturating_sub(1).max(start)].iter().collect();
                // A `%{…}` directive is not evaluated: it makes the string unsupported.
                parts.push(if chars[i] == '$' { RawPart::Interpolation(inner) } else { RawPart::Unsupported("a template directive") });
                i = j;
            }
            '$' | '%' if chars.get(i + 1) == Some(&chars[i]) && chars.get(i + 2) == Some(&'{') => {
                // `$${` and `%%{` are literal.
                text.push(chars[i]);
                text.push('{');
                i += 3;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() || parts.is_empty() {
        parts.push(RawPart::Text(text));
    }
    (parts, i)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// Expression nesting now; deeper than [`MAX_NESTING`] is not read.
    depth: usize,
}

const MAX_NESTING: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }
    fn peek_at(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.at + ahead)
    }
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }
    fn is(&self, c: char) -> bool {
        self.peek() == Some(&Token::Punct(c))
    }
    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Token::Newline) {
            self.at += 1;
        }
    }

    /// Skips to the end of the current line at bracket depth 0 (not past a closing brace
    /// of the enclosing block).
    fn skip_rest_of_item(&mut self) {
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Token::Newline if depth == 0 => return,
                Token::Punct('{' | '[' | '(') => depth += 1,
                Token::Punct('}' | ']' | ')') => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.at += 1;
        }
    }

    /// Skips a bracketed group whose opening bracket was just consumed.
    fn skip_group(&mut self) {
        let mut depth = 1usize;
        while let Some(t) = self.next() {
            match t {
                Token::Punct('{' | '[' | '(') => depth += 1,
                Token::Punct('}' | ']' | ')') => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn body(&mut self) -> Body {
        let mut body = Body::default();
        loop {
            self.skip_newlines();
            match self.peek() {
                None => return body,
                Some(Token::Punct('}')) => return body,
                Some(Token::Ident(_)) => {}
                Some(_) => {
                    self.at += 1;
                    self.skip_rest_of_item();
                    continue;
                }
            }
            let Some(Token::Ident(name)) = self.next() else { continue };
            if self.is('=') && self.peek_at(1) != Some(&Token::Punct('=')) {
                self.at += 1;
                let expr = self.expression();
                match self.peek() {
                    None | Some(Token::Newline) | Some(Token::Punct('}')) => body.attributes.push((name, expr)),
                    Some(_) => {
                        self.skip_rest_of_item();
                        body.attributes.push((name, Expr::Unsupported("an expression with operators".into())));
                    }
                }
                continue;
            }
            let mut labels = Vec::new();
            loop {
                match self.peek() {
                    Some(Token::Ident(l)) => labels.push(l.clone()),
                    Some(Token::Str(parts)) => labels.push(parts.iter().map(|p| if let RawPart::Text(t) = p { t.as_str() } else { "" }).collect()),
                    _ => break,
                }
                self.at += 1;
            }
            if self.is('{') {
                self.at += 1;
                let inner = self.body();
                if self.is('}') {
                    self.at += 1;
                }
                body.blocks.push(Block { kind: name, labels, body: inner });
            } else {
                self.skip_rest_of_item();
            }
        }
    }

    fn expression(&mut self) -> Expr {
        if self.depth >= MAX_NESTING {
            self.skip_rest_of_item();
            return Expr::Unsupported("an expression nested too deeply".into());
        }
        self.depth += 1;
        let primary = self.primary();
        let expr = self.postfix(primary);
        self.depth -= 1;
        expr
    }

    fn postfix(&mut self, mut expr: Expr) -> Expr {
        loop {
            if self.is('.') {
                self.at += 1;
                let step = match self.next() {
                    Some(Token::Ident(name)) => Step::Attr(name),
                    Some(Token::Number(n)) => Step::Index(Expr::Literal(n)),
                    _ => return Expr::Unsupported("a splat or malformed traversal".into()),
                };
                expr = push_step(expr, step);
            } else if self.is('[') {
                self.at += 1;
                self.skip_newlines();
                if self.is('*') {
                    self.skip_group();
                    return Expr::Unsupported("a splat expression".into());
                }
                let index = self.expression();
                self.skip_newlines();
                if self.is(']') {
                    self.at += 1;
                } else {
                    self.skip_group();
                    return Expr::Unsupported("an index with operators".into());
                }
                expr = push_step(expr, Step::Index(index));
            } else {
                return expr;
            }
        }
    }

    fn primary(&mut self) -> Expr {
        match self.next() {
            Some(Token::Str(parts)) => template(parts),
            Some(Token::Number(n)) => Expr::Literal(n),
            Some(Token::Punct('-')) => match self.next() {
                Some(Token::Number(n)) => Expr::Literal(n.as_f64().and_then(|f| serde_json::Number::from_f64(-f)).map(J::Number).unwrap_or(J::Null)),
                _ => Expr::Unsupported("a negation".into()),
            },
            Some(Token::Ident(name)) => match name.as_str() {
                "true" => Expr::Literal(J::Bool(true)),
                "false" => Expr::Literal(J::Bool(false)),
                "null" => Expr::Literal(J::Null),
                _ if self.is('(') => {
                    self.at += 1;
                    let mut args = Vec::new();
                    loop {
                        self.skip_newlines();
                        if self.is(')') {
                            self.at += 1;
                            return Expr::Call(name, args);
                        }
                        args.push(self.expression());
                        self.skip_newlines();
                        if self.is(',') {
                            self.at += 1;
                        } else if !self.is(')') {
                            self.skip_group();
                            return Expr::Unsupported(format!("a call of {name} with operators in its arguments"));
                        }
                    }
                }
                _ => Expr::Traversal(name, Vec::new()),
            },
            Some(Token::Punct('{')) => self.object(),
            Some(Token::Punct('[')) => self.tuple(),
            Some(Token::Punct('(')) => {
                self.skip_newlines();
                let inner = self.expression();
                self.skip_newlines();
                if self.is(')') {
                    self.at += 1;
                    inner
                } else {
                    self.skip_group();
                    Expr::Unsupported("a parenthesised expression with operators".into())
                }
            }
            _ => Expr::Unsupported("an expression".into()),
        }
    }

    fn object(&mut self) -> Expr {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.is('}') {
                self.at += 1;
                return Expr::Object(items);
            }
            if self.peek() == Some(&Token::Ident("for".into())) {
                self.skip_group();
                return Expr::Unsupported("a for expression".into());
            }
            let key = match self.peek() {
                Some(Token::Ident(k)) if matches!(self.peek_at(1), Some(Token::Punct('=' | ':'))) => {
                    let k = k.clone();
                    self.at += 1;
                    Expr::Literal(J::String(k))
                }
                _ => self.expression(),
            };
            if !(self.is('=') || self.is(':')) {
                self.skip_group();
                return Expr::Unsupported("an object with a malformed item".into());
            }
            self.at += 1;
            let value = self.expression();
            items.push((key, value));
            if self.is(',') {
                self.at += 1;
            } else if !(self.is('}') || self.peek() == Some(&Token::Newline)) {
                self.skip_group();
                return Expr::Unsupported("an object with operators in a value".into());
            }
        }
    }

    fn tuple(&mut self) -> Expr {
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.is(']') {
                self.at += 1;
                return Expr::Tuple(items);
            }
            if self.peek() == Some(&Token::Ident("for".into())) {
                self.skip_group();
                return Expr::Unsupported("a for expression".into());
            }
            items.push(self.expression());
            self.skip_newlines();
            if self.is(',') {
                self.at += 1;
            } else if !self.is(']') {
                self.skip_group();
                return Expr::Unsupported("a tuple with operators in an item".into());
            }
        }
    }
}

fn push_step(expr: Expr, step: Step) -> Expr {
    match expr {
        Expr::Traversal(root, mut steps) => {
            steps.push(step);
            Expr::Traversal(root, steps)
        }
        Expr::Unsupported(why) => Expr::Unsupported(why),
        other => Expr::Call("(index)".into(), vec![other, step_expr(step)]),
    }
}

fn step_expr(step: Step) -> Expr {
    match step {
        Step::Attr(name) => Expr::Literal(J::String(name)),
        Step::Index(e) => e,
    }
}

fn template(parts: Vec<RawPart>) -> Expr {
    if let [RawPart::Text(t)] = parts.as_slice() {
        return Expr::Literal(J::String(t.clone()));
    }
    Expr::Template(
        parts
            .into_iter()
            .map(|p| match p {
                RawPart::Text(t) => Part::Text(t),
                RawPart::Unsupported(what) => Part::Interpolation(Expr::Unsupported(what.into())),
                RawPart::Interpolation(src) => {
                    let mut parser = Parser { tokens: lex(&src), at: 0, depth: 0 };
                    parser.skip_newlines();
                    let e = parser.expression();
                    parser.skip_newlines();
                    Part::Interpolation(if parser.peek().is_none() { e } else { Expr::Unsupported("a template interpolation with operators or directives".into()) })
                }
            })
            .collect(),
    )
}

/// Parses a file (or any body text).
pub fn parse_body(text: &str) -> Body {
    let mut parser = Parser { tokens: lex(text), at: 0, depth: 0 };
    let mut body = parser.body();
    // A stray closing brace ends `body` early: keep reading after it.
    while parser.peek().is_some() {
        parser.at += 1;
        let more = parser.body();
        body.attributes.extend(more.attributes);
        body.blocks.extend(more.blocks);
    }
    body
}

/// Parses one expression, such as a reference from the plan JSON (`var.regions["hz"]`).
pub fn parse_expression(text: &str) -> Expr {
    let mut parser = Parser { tokens: lex(text), at: 0, depth: 0 };
    let e = parser.expression();
    if parser.peek().is_some() {
        return Expr::Unsupported(format!("{text:?}"));
    }
    e
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

/// Evaluates an expression to a JSON value (strings, numbers, booleans, objects, arrays);
/// the error says what could not be evaluated.
pub fn eval(expr: &Expr, scope: &dyn Scope) -> Result<J, String> {
    match expr {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::Unsupported(what) => Err(format!("{what} is not evaluated by tether check")),
        Expr::Template(parts) => {
            let mut out = String::new();
            for part in parts {
                match part {
                    Part::Text(t) => out.push_str(t),
                    Part::Interpolation(e) => out.push_str(&to_string(&eval(e, scope)?)?),
                }
            }
            Ok(J::String(out))
        }
        Expr::Object(items) => {
            let mut map = serde_json::Map::new();
            for (k, v) in items {
                let key = to_string(&eval(k, scope)?)?;
                map.insert(key, eval(v, scope)?);
            }
            Ok(J::Object(map))
        }
        Expr::Tuple(items) => items.iter().map(|e| eval(e, scope)).collect::<Result<Vec<_>, _>>().map(J::Array),
        Expr::Traversal(root, steps) => {
            let (start, rest) = match (root.as_str(), steps.first()) {
                ("var", Some(Step::Attr(name))) => (scope.variable(name)?, &steps[1..]),
                ("local", Some(Step::Attr(name))) => (scope.local(name)?, &steps[1..]),
                ("each", Some(Step::Attr(which))) => {
                    let (key, value) = scope.each().ok_or_else(|| "each is used outside a block with for_each".to_owned())?;
                    match which.as_str() {
                        "key" => (key.clone(), &steps[1..]),
                        "value" => (value.clone(), &steps[1..]),
                        other => return Err(format!("each.{other} is not an attribute of each")),
                    }
                }
                _ => return Err(format!("{} refers to {root}, which is known only when Terraform runs", render(expr))),
            };
            let mut value = start;
            for step in rest {
                let index = match step {
                    Step::Attr(name) => J::String(name.clone()),
                    Step::Index(e) => eval(e, scope)?,
                };
                value = index_into(&value, &index)?;
            }
            Ok(value)
        }
        Expr::Call(name, args) => {
            let values = args.iter().map(|a| eval(a, scope)).collect::<Result<Vec<_>, _>>()?;
            match (name.as_str(), values.as_slice()) {
                ("(index)", [value, index]) => index_into(value, index),
                ("toset", [J::Array(items)]) => {
                    let mut set: Vec<J> = Vec::new();
                    for item in items {
                        if !set.contains(item) {
                            set.push(item.clone());
                        }
                    }
                    Ok(J::Array(set))
                }
                ("tolist", [v @ J::Array(_)]) | ("tomap", [v @ J::Object(_)]) => Ok(v.clone()),
                ("tostring", [v]) => to_string(v).map(J::String),
                ("lower", [J::String(s)]) => Ok(J::String(s.to_lowercase())),
                ("upper", [J::String(s)]) => Ok(J::String(s.to_uppercase())),
                _ => Err(format!("the function {name}(…) is not evaluated by tether check")),
            }
        }
    }
}

fn index_into(value: &J, index: &J) -> Result<J, String> {
    match (value, index) {
        (J::Object(map), J::String(k)) => map.get(k).cloned().ok_or_else(|| format!("the key {k:?} is not in the map")),
        (J::Array(items), J::Number(n)) => n.as_u64().and_then(|i| items.get(usize::try_from(i).ok()?)).cloned().ok_or_else(|| format!("the index {n} is out of range")),
        _ => Err(format!("cannot index {} with {index}", kind(value))),
    }
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

fn to_string(value: &J) -> Result<String, String> {
    match value {
        J::String(s) => Ok(s.clone()),
        J::Number(n) => Ok(n.to_string()),
        J::Bool(b) => Ok(b.to_string()),
        other => Err(format!("{} cannot be a string", kind(other))),
    }
}

/// The objects an expression refers to, as `root.name` (`var.regions`, `each.value`,
/// `local.x`): comparable with the plan JSON's `references`, cut to the same two steps.
pub fn roots(expr: &Expr) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect_roots(expr, &mut out);
    out
}

fn collect_roots(expr: &Expr, out: &mut BTreeSet<String>) {
    match expr {
        Expr::Traversal(root, steps) => {
            match steps.first() {
                Some(Step::Attr(name)) => out.insert(format!("{root}.{name}")),
                _ => out.insert(root.clone()),
            };
            for step in steps {
                if let Step::Index(e) = step {
                    collect_roots(e, out);
                }
            }
        }
        Expr::Template(parts) => parts.iter().for_each(|p| {
            if let Part::Interpolation(e) = p {
                collect_roots(e, out);
            }
        }),
        Expr::Object(items) => items.iter().for_each(|(k, v)| {
            collect_roots(k, out);
            collect_roots(v, out);
        }),
        Expr::Tuple(items) | Expr::Call(_, items) => items.iter().for_each(|e| collect_roots(e, out)),
        Expr::Literal(_) | Expr::Unsupported(_) => {}
    }
}

/// An expression written back as text, for messages.
pub fn render(expr: &Expr) -> String {
    match expr {
        Expr::Literal(J::String(s)) => format!("{s:?}"),
        Expr::Literal(v) => v.to_string(),
        Expr::Traversal(root, steps) => {
            let mut out = root.clone();
            for step in steps {
                match step {
                    Step::Attr(name) => out.push_str(&format!(".{name}")),
                    Step::Index(e) => out.push_str(&format!("[{}]", render(e))),
                }
            }
            out
        }
        Expr::Template(_) => "\"…${…}…\"".into(),
        Expr::Object(_) => "{…}".into(),
        Expr::Tuple(_) => "[…]".into(),
        Expr::Call(name, _) => format!("{name}(…)"),
        Expr::Unsupported(what) => format!("({what})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Vars(J);
    impl Scope for Vars {
        fn variable(&self, name: &str) -> Result<J, String> {
            self.0.get(name).cloned().ok_or_else(|| format!("no var.{name}"))
        }
        fn local(&self, name: &str) -> Result<J, String> {
            Err(format!("no local.{name}"))
        }
        fn each(&self) -> Option<(&J, &J)> {
            None
        }
    }

    #[test]
    fn reads_blocks_attributes_and_expressions() {
        let text = r#"
# a comment
provider "tether" {
  alias    = "by_region"   // trailing comment
  for_each = {
    hz = { region = "cn-hangzhou" }, "sh": {region = "cn-shanghai"}
  }
  region   = each.value.region
  cloud    = "ali${"baba"}"
  endpoint = var.endpoints["x"]
  weird    = a + b
  /* block
     comment */
}
resource tether_eip_association a {
  provider = tether.by_region[each.key]
  nested { x = [1, 2,
    3] }
}
"#;
        let body = parse_body(text);
        let provider = body.blocks("provider", &["tether"])[0];
        assert_eq!(provider.body.attribute("alias"), Some(&Expr::Literal(J::String("by_region".into()))));
        assert!(matches!(provider.body.attribute("for_each"), Some(Expr::Object(items)) if items.len() == 2));
        assert_eq!(render(provider.body.attribute("region").unwrap()), "each.value.region");
        assert!(matches!(provider.body.attribute("weird"), Some(Expr::Unsupported(_))));
        let vars = Vars(serde_json::json!({"endpoints": {"x": "http://e"}}));
        assert_eq!(eval(provider.body.attribute("cloud").unwrap(), &vars), Ok(J::String("alibaba".into())));
        assert_eq!(eval(provider.body.attribute("endpoint").unwrap(), &vars), Ok(J::String("http://e".into())));
        let for_each = eval(provider.body.attribute("for_each").unwrap(), &vars).unwrap();
        assert_eq!(for_each["sh"]["region"], "cn-shanghai");
        let resource = body.blocks("resource", &["tether_eip_association", "a"])[0];
        assert_eq!(render(resource.body.attribute("provider").unwrap()), "tether.by_region[each.key]");
        assert_eq!(resource.body.blocks.len(), 1);
    }

    struct Each(J, J);
    impl Scope for Each {
        fn variable(&self, name: &str) -> Result<J, String> {
            Err(format!("no var.{name}"))
        }
        fn local(&self, name: &str) -> Result<J, String> {
            Err(format!("no local.{name}"))
        }
        fn each(&self) -> Option<(&J, &J)> {
            Some((&self.0, &self.1))
        }
    }

    #[test]
    fn templates_heredocs_and_escapes() {
        let text = "a = \"i-${each.key}-$${x}\"\nb = <<EOT\n}\n  provider = nope\nEOT\nc = \"x\\\"y\"\nd = \"%{if true}x%{endif}\"\n";
        let body = parse_body(text);
        let each = Each(J::String("hz".into()), J::Null);
        assert_eq!(eval(body.attribute("a").unwrap(), &each), Ok(J::String("i-hz-${x}".into())));
        assert!(eval(body.attribute("b").unwrap(), &each).is_err(), "a heredoc is not evaluated");
        assert!(body.attribute("provider").is_none(), "the heredoc's text is skipped");
        assert_eq!(eval(body.attribute("c").unwrap(), &each), Ok(J::String("x\"y".into())));
        assert!(eval(body.attribute("d").unwrap(), &each).is_err(), "a directive is not evaluated");
        assert_eq!(roots(body.attribute("a").unwrap()).into_iter().collect::<Vec<_>>(), ["each.key"]);
        let deep = format!("x = {}1{}\ny = 2\n", "[".repeat(10_000), "]".repeat(10_000));
        let body = parse_body(&deep);
        assert!(eval(body.attribute("x").unwrap(), &each).is_err_and(|e| e.contains("nested too deeply")));
        assert_eq!(body.attribute("y"), Some(&Expr::Literal(J::from(2))));
    }

    #[test]
    fn plan_references_parse_as_traversals() {
        let vars = Vars(serde_json::json!({"regions": {"hz": "cn-hangzhou"}, "list": ["a", "b"]}));
        assert_eq!(eval(&parse_expression(r#"var.regions["hz"]"#), &vars), Ok(J::String("cn-hangzhou".into())));
        assert_eq!(eval(&parse_expression("var.list[1]"), &vars), Ok(J::String("b".into())));
        assert!(eval(&parse_expression("tether_eip.x.id"), &vars).is_err());
        assert!(eval(&parse_expression(r#"toset(["a", "a"])"#), &vars).is_ok_and(|v| v == serde_json::json!(["a"])));
    }
}
