//! `$filter`: tokenizer, recursive-descent parser, type check and evaluation.
//!
//! Grammar (OData v4 subset used by Dataverse):
//! ```text
//! or    := and ("or" and)*
//! and   := unary ("and" unary)*
//! unary := "not" unary | cmp
//! cmp   := primary (("eq"|"ne"|"gt"|"ge"|"lt"|"le") primary)?
//! primary := "(" or ")" | func "(" property "," string ")" | literal | property
//! ```

use crate::errors::{ApiError, ApiResult};
use serde_json::{Map, Value};
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Guid(String),
    DateTime(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Prop(String),
    Lit(Literal),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CmpOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StrFunc {
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Compare(CmpOp, Operand, Operand),
    Call(StrFunc, String, String),
    BoolProp(String),
}

/// The type class of a property, for checking comparisons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PropType {
    String,
    Number,
    Bool,
    Guid,
    DateTime,
    /// Complex values (labels, …) that cannot be filtered on.
    Complex,
}

impl PropType {
    fn edm(self) -> &'static str {
        match self {
            PropType::String => "Edm.String",
            PropType::Number => "Edm.Int32",
            PropType::Bool => "Edm.Boolean",
            PropType::Guid => "Edm.Guid",
            PropType::DateTime => "Edm.DateTimeOffset",
            PropType::Complex => "Complex",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Comma,
    Ident(String),
    Lit(Literal),
}

fn syntax_error(pos: usize, text: &str) -> ApiError {
    ApiError::bad_query(format!("Syntax error at position {pos} in '{text}'."))
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn tokenize(text: &str) -> ApiResult<Vec<(usize, Tok)>> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '(' || c == ')' || c == ',' {
            toks.push((
                start,
                match c {
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    _ => Tok::Comma,
                },
            ));
            i += 1;
            continue;
        }
        if c == '\'' {
            let (s, next) = read_string(&chars, i).ok_or_else(|| syntax_error(start, text))?;
            toks.push((start, Tok::Lit(Literal::Str(s))));
            i = next;
            continue;
        }
        let rest: String = chars[i..chars.len().min(i + 36)].iter().collect();
        if is_guid(&rest) && chars.get(i + 36).is_none_or(|c| !c.is_ascii_alphanumeric()) {
            toks.push((start, Tok::Lit(Literal::Guid(rest.to_ascii_lowercase()))));
            i += 36;
            continue;
        }
        if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || matches!(chars[j], '-' | ':' | '.' | '+'))
            {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            toks.push((
                start,
                Tok::Lit(classify_number(&word).ok_or_else(|| syntax_error(start, text))?),
            ));
            i = j;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' || c == '@' || c == '$' {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || matches!(chars[j], '_' | '.' | '/'))
            {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            // Typed literal such as Microsoft.Dynamics.CRM.AttributeTypeCode'String'.
            if chars.get(j) == Some(&'\'') {
                let (s, next) = read_string(&chars, j).ok_or_else(|| syntax_error(start, text))?;
                toks.push((start, Tok::Lit(Literal::Str(s))));
                i = next;
                continue;
            }
            let tok = match word.as_str() {
                "true" => Tok::Lit(Literal::Bool(true)),
                "false" => Tok::Lit(Literal::Bool(false)),
                "null" => Tok::Lit(Literal::Null),
                _ => Tok::Ident(word),
            };
            toks.push((start, tok));
            i = j;
            continue;
        }
        return Err(syntax_error(start, text));
    }
    Ok(toks)
}

/// Reads a single-quoted string starting at `open`; `''` is an escaped quote.
fn read_string(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut s = String::new();
    let mut i = open + 1;
    loop {
        match chars.get(i)? {
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                s.push('\'');
                i += 2;
            }
            '\'' => return Some((s, i + 1)),
            c => {
                s.push(*c);
                i += 1;
            }
        }
    }
}

fn classify_number(word: &str) -> Option<Literal> {
    let bytes = word.as_bytes();
    let looks_like_date = word.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-';
    if looks_like_date {
        return normalize_datetime(word).map(Literal::DateTime);
    }
    let trimmed = word.trim_end_matches(['M', 'm', 'L', 'l', 'd', 'D', 'f', 'F']);
    trimmed.parse::<f64>().ok().map(Literal::Num)
}

/// Normalizes an ISO date/datetime to `YYYY-MM-DDTHH:MM:SSZ` so strings compare.
pub fn normalize_datetime(s: &str) -> Option<String> {
    let date = s.get(..10)?;
    if !date.chars().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            c == '-'
        } else {
            c.is_ascii_digit()
        }
    }) {
        return None;
    }
    let time = match s.get(10..) {
        None | Some("") => "00:00:00".to_string(),
        Some(rest) => {
            let rest = rest.strip_prefix('T')?;
            let t = rest.get(..8).or_else(|| rest.get(..5))?;
            if t.len() == 5 {
                format!("{t}:00")
            } else {
                t.to_string()
            }
        }
    };
    Some(format!("{date}T{time}Z"))
}

struct Parser<'a> {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    text: &'a str,
}

/// Parses a `$filter` expression.
pub fn parse(text: &str) -> ApiResult<Expr> {
    let toks = tokenize(text)?;
    let mut p = Parser { toks, pos: 0, text };
    let expr = p.or()?;
    if p.pos < p.toks.len() {
        return Err(p.error());
    }
    Ok(expr)
}

impl Parser<'_> {
    fn error(&self) -> ApiError {
        let at = self
            .toks
            .get(self.pos)
            .map(|t| t.0)
            .unwrap_or(self.text.len());
        syntax_error(at, self.text)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.1.clone());
        self.pos += 1;
        t
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(w)) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: Tok) -> ApiResult<()> {
        if self.peek() == Some(&tok) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn or(&mut self) -> ApiResult<Expr> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> ApiResult<Expr> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> ApiResult<Expr> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> ApiResult<Expr> {
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let inner = self.or()?;
            self.expect(Tok::RParen)?;
            return Ok(inner);
        }
        if let Some(Tok::Ident(name)) = self.peek().cloned() {
            if self.toks.get(self.pos + 1).map(|t| &t.1) == Some(&Tok::LParen) {
                return self.call(&name);
            }
        }
        let left = self.operand()?;
        let op = match self.peek() {
            Some(Tok::Ident(w)) => match w.as_str() {
                "eq" => Some(CmpOp::Eq),
                "ne" => Some(CmpOp::Ne),
                "gt" => Some(CmpOp::Gt),
                "ge" => Some(CmpOp::Ge),
                "lt" => Some(CmpOp::Lt),
                "le" => Some(CmpOp::Le),
                _ => None,
            },
            _ => None,
        };
        match op {
            Some(op) => {
                self.pos += 1;
                let right = self.operand()?;
                Ok(Expr::Compare(op, left, right))
            }
            None => match left {
                Operand::Prop(p) => Ok(Expr::BoolProp(p)),
                Operand::Lit(_) => Err(self.error()),
            },
        }
    }

    fn operand(&mut self) -> ApiResult<Operand> {
        match self.next() {
            Some(Tok::Ident(name)) if !is_keyword(&name) => Ok(Operand::Prop(name)),
            Some(Tok::Lit(lit)) => Ok(Operand::Lit(lit)),
            _ => {
                self.pos -= 1;
                Err(self.error())
            }
        }
    }

    fn call(&mut self, name: &str) -> ApiResult<Expr> {
        let func = match name {
            "contains" => StrFunc::Contains,
            "startswith" => StrFunc::StartsWith,
            "endswith" => StrFunc::EndsWith,
            _ => {
                return Err(ApiError::bad_query(format!(
                    "An unknown function with name '{name}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed."
                )))
            }
        };
        self.pos += 2; // name and "("
        let prop = match self.next() {
            Some(Tok::Ident(p)) => p,
            _ => {
                self.pos -= 1;
                return Err(self.error());
            }
        };
        self.expect(Tok::Comma)?;
        let value = match self.next() {
            Some(Tok::Lit(Literal::Str(s))) => s,
            _ => {
                return Err(ApiError::bad_query(format!(
                    "No function signature for the function with name '{name}' matches the specified arguments."
                )))
            }
        };
        self.expect(Tok::RParen)?;
        Ok(Expr::Call(func, prop, value))
    }
}

fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "and" | "or" | "not" | "eq" | "ne" | "gt" | "ge" | "lt" | "le"
    )
}

fn literal_type(lit: &Literal) -> Option<PropType> {
    match lit {
        Literal::Str(_) => Some(PropType::String),
        Literal::Num(_) => Some(PropType::Number),
        Literal::Bool(_) => Some(PropType::Bool),
        Literal::Guid(_) => Some(PropType::Guid),
        Literal::DateTime(_) => Some(PropType::DateTime),
        Literal::Null => None,
    }
}

/// Checks that every property exists (via `lookup`) and comparisons are type-compatible.
pub fn validate(
    expr: &Expr,
    lookup: &dyn Fn(&str) -> Option<PropType>,
    type_name: &str,
) -> ApiResult<()> {
    let prop_type = |p: &str| lookup(p).ok_or_else(|| ApiError::no_property(p, type_name));
    match expr {
        Expr::Or(a, b) | Expr::And(a, b) => {
            validate(a, lookup, type_name)?;
            validate(b, lookup, type_name)
        }
        Expr::Not(a) => validate(a, lookup, type_name),
        Expr::BoolProp(p) => match prop_type(p)? {
            PropType::Bool => Ok(()),
            _ => Err(ApiError::bad_query(
                "The $filter expression must evaluate to a single boolean value.",
            )),
        },
        Expr::Call(func, p, _) => match prop_type(p)? {
            PropType::String => Ok(()),
            _ => Err(ApiError::bad_query(format!(
                "No function signature for the function with name '{}' matches the specified arguments.",
                match func {
                    StrFunc::Contains => "contains",
                    StrFunc::StartsWith => "startswith",
                    StrFunc::EndsWith => "endswith",
                }
            ))),
        },
        Expr::Compare(op, l, r) => {
            let type_of = |o: &Operand| -> ApiResult<Option<PropType>> {
                match o {
                    Operand::Prop(p) => prop_type(p).map(Some),
                    Operand::Lit(lit) => Ok(literal_type(lit)),
                }
            };
            let (lt, rt) = (type_of(l)?, type_of(r)?);
            if lt == Some(PropType::Complex) || rt == Some(PropType::Complex) {
                return Err(ApiError::bad_query(
                    "The operand for a binary operator must be a single value.",
                ));
            }
            if let (Some(a), Some(b)) = (lt, rt) {
                // A datetime column accepts a date literal; strings and numbers never mix.
                if a != b {
                    return Err(ApiError::bad_query(format!(
                        "A binary operator with incompatible types was detected. Found operand types '{}' and '{}' for operator kind '{:?}'.",
                        a.edm(),
                        b.edm(),
                        op
                    )));
                }
            }
            Ok(())
        }
    }
}

fn value_of<'a>(row: &'a Map<String, Value>, operand: &'a Operand) -> Value {
    match operand {
        Operand::Prop(p) => row.get(p).cloned().unwrap_or(Value::Null),
        Operand::Lit(lit) => match lit {
            Literal::Str(s) | Literal::Guid(s) | Literal::DateTime(s) => Value::String(s.clone()),
            Literal::Num(n) => serde_json::Number::from_f64(*n)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Null => Value::Null,
        },
    }
}

/// Compares two non-null JSON scalars the way Dataverse's SQL collation does:
/// strings case-insensitively, dates after normalization, numbers numerically.
pub fn compare_values(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Null, _) => Some(Ordering::Less),
        (_, Value::Null) => Some(Ordering::Greater),
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::String(x), Value::String(y)) => {
            if let (Some(dx), Some(dy)) = (date_key(x), date_key(y)) {
                return Some(dx.cmp(&dy));
            }
            Some(x.to_lowercase().cmp(&y.to_lowercase()))
        }
        _ => None,
    }
}

/// A value prepared for sorting: [`compare_values`]'s order, with strings
/// lowercased and dates normalised once.
pub enum SortKey {
    Value(Value),
    Text { lower: String, date: Option<String> },
}

impl SortKey {
    pub fn of(value: &Value) -> Self {
        match value {
            Value::String(s) => SortKey::Text {
                lower: s.to_lowercase(),
                date: date_key(s),
            },
            other => SortKey::Value(other.clone()),
        }
    }

    /// The same answer as [`compare_values`] on the original values.
    pub fn compare(&self, other: &SortKey) -> Option<Ordering> {
        match (self, other) {
            (SortKey::Text { lower: a, date: da }, SortKey::Text { lower: b, date: db }) => {
                match (da, db) {
                    (Some(da), Some(db)) => Some(da.cmp(db)),
                    _ => Some(a.cmp(b)),
                }
            }
            (SortKey::Value(a), SortKey::Value(b)) => compare_values(a, b),
            (SortKey::Value(Value::Null), SortKey::Text { .. }) => Some(Ordering::Less),
            (SortKey::Text { .. }, SortKey::Value(Value::Null)) => Some(Ordering::Greater),
            _ => None,
        }
    }
}

fn date_key(s: &str) -> Option<String> {
    if s.len() >= 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
    {
        normalize_datetime(s)
    } else {
        None
    }
}

#[derive(Clone, Debug, PartialEq)]
enum LikeToken {
    AnySeq,
    AnyChar,
    Class { chars: Vec<char>, negated: bool },
    Char(char),
}

/// SQL LIKE tokens of a value: `%`, `_`, `[abc]`, `[^abc]`; `[%]` is a literal `%`.
fn like_pattern(value: &str) -> Vec<LikeToken> {
    let chars: Vec<char> = value.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '%' => tokens.push(LikeToken::AnySeq),
            '_' => tokens.push(LikeToken::AnyChar),
            '[' => {
                // `]` right after `[` (or `[^`) is part of the class, as in SQL Server.
                let negated = chars.get(i + 1) == Some(&'^');
                let start = i + 1 + usize::from(negated);
                match chars[start..].iter().skip(1).position(|c| *c == ']') {
                    Some(offset) => {
                        let end = start + 1 + offset;
                        tokens.push(LikeToken::Class {
                            chars: chars[start..end].to_vec(),
                            negated,
                        });
                        i = end;
                    }
                    None => tokens.push(LikeToken::Char('[')),
                }
            }
            c => tokens.push(LikeToken::Char(c)),
        }
        i += 1;
    }
    tokens
}

fn like_match(hay: &[char], pattern: &[LikeToken]) -> bool {
    // matches[j]: pattern[..i] matches hay[..j]
    let mut matches = vec![false; hay.len() + 1];
    matches[0] = true;
    for token in pattern {
        let mut next = vec![false; hay.len() + 1];
        for j in 0..=hay.len() {
            next[j] = match token {
                LikeToken::AnySeq => matches[j] || (j > 0 && next[j - 1]),
                _ if j == 0 => false,
                LikeToken::AnyChar => matches[j - 1],
                LikeToken::Char(c) => matches[j - 1] && hay[j - 1] == *c,
                LikeToken::Class { chars, negated } => {
                    matches[j - 1] && (chars.contains(&hay[j - 1]) != *negated)
                }
            };
        }
        matches = next;
    }
    matches[hay.len()]
}

/// Evaluates a validated filter against one row (OData property names → JSON values).
pub fn evaluate(expr: &Expr, row: &Map<String, Value>) -> bool {
    match expr {
        Expr::Or(a, b) => evaluate(a, row) || evaluate(b, row),
        Expr::And(a, b) => evaluate(a, row) && evaluate(b, row),
        Expr::Not(a) => !evaluate(a, row),
        Expr::BoolProp(p) => row.get(p) == Some(&Value::Bool(true)),
        Expr::Call(func, p, needle) => {
            let Some(Value::String(hay)) = row.get(p) else {
                return false;
            };
            let (hay, needle) = (hay.to_lowercase(), needle.to_lowercase());
            // Dataverse runs these as SQL LIKE: `%`, `_` and `[…]` in the value are wildcards.
            let mut pattern = like_pattern(&needle);
            if matches!(func, StrFunc::Contains | StrFunc::EndsWith) {
                pattern.insert(0, LikeToken::AnySeq);
            }
            if matches!(func, StrFunc::Contains | StrFunc::StartsWith) {
                pattern.push(LikeToken::AnySeq);
            }
            like_match(&hay.chars().collect::<Vec<_>>(), &pattern)
        }
        Expr::Compare(op, l, r) => {
            let (a, b) = (value_of(row, l), value_of(row, r));
            let either_null = a.is_null() || b.is_null();
            match op {
                CmpOp::Eq => compare_values(&a, &b) == Some(Ordering::Equal),
                CmpOp::Ne => compare_values(&a, &b) != Some(Ordering::Equal),
                _ if either_null => false,
                CmpOp::Gt => compare_values(&a, &b) == Some(Ordering::Greater),
                CmpOp::Ge => matches!(
                    compare_values(&a, &b),
                    Some(Ordering::Greater | Ordering::Equal)
                ),
                CmpOp::Lt => compare_values(&a, &b) == Some(Ordering::Less),
                CmpOp::Le => matches!(
                    compare_values(&a, &b),
                    Some(Ordering::Less | Ordering::Equal)
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row() -> Map<String, Value> {
        json!({
            "fullname": "Siobhán O'Brien",
            "emailaddress1": "siobhan@example.com",
            "statuscode": 1,
            "donotemail": false,
            "createdon": "2024-03-05T10:00:00Z",
            "_parentcustomerid_value": "acc00000-0000-4000-8000-000000000001",
            "jobtitle": null
        })
        .as_object()
        .unwrap()
        .clone()
    }

    fn eval(text: &str) -> bool {
        evaluate(&parse(text).unwrap(), &row())
    }

    #[test]
    fn comparisons_and_logic() {
        assert!(eval("statuscode eq 1"));
        assert!(eval(
            "statuscode ne 2 and statuscode ge 1 and statuscode le 1"
        ));
        assert!(!eval("statuscode gt 1 or statuscode lt 1"));
        assert!(eval("not (statuscode eq 2)"));
        assert!(eval(
            "(statuscode eq 2 or statuscode eq 1) and donotemail eq false"
        ));
    }

    #[test]
    fn strings_are_case_insensitive_and_quotes_double() {
        assert!(eval("fullname eq 'siobhán o''brien'"));
        assert!(eval("contains(fullname,'o''bri')"));
        assert!(eval("startswith(emailaddress1,'SIOBHAN')"));
        assert!(eval("endswith(emailaddress1,'.com')"));
        assert!(!eval("contains(jobtitle,'x')"));
        // LIKE semantics, as the service runs these functions.
        assert!(eval("contains(fullname,'s%brien')"));
        assert!(eval("startswith(fullname,'s_obh')"));
        assert!(!eval("contains(fullname,'[%]')"));
        assert!(eval("endswith(emailaddress1,'[.]com')"));
    }

    #[test]
    fn null_guid_and_dates() {
        assert!(eval("jobtitle eq null"));
        assert!(eval("fullname ne null"));
        assert!(eval(
            "_parentcustomerid_value eq ACC00000-0000-4000-8000-000000000001"
        ));
        assert!(eval("createdon gt 2024-01-01"));
        assert!(eval("createdon lt 2024-03-05T11:00:00Z"));
        assert!(!eval("jobtitle gt 'a'"));
    }

    #[test]
    fn precedence_and_binds_tighter_than_or() {
        assert!(eval(
            "statuscode eq 1 or statuscode eq 2 and statuscode eq 3"
        ));
        assert!(!eval(
            "(statuscode eq 1 or statuscode eq 2) and statuscode eq 3"
        ));
    }

    #[test]
    fn typed_enum_literal() {
        let e = parse("AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'String'").unwrap();
        assert_eq!(
            e,
            Expr::Compare(
                CmpOp::Eq,
                Operand::Prop("AttributeType".into()),
                Operand::Lit(Literal::Str("String".into()))
            )
        );
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "fullname eq",
            "fullname eq 'x",
            "(statuscode eq 1",
            "eq 1",
            "statuscode eq 1 1",
            "foo(fullname,'x')",
            "contains(fullname,3)",
            "a eq #",
        ] {
            assert!(parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn validation_rejects_unknown_and_mismatched() {
        let lookup = |p: &str| match p {
            "fullname" => Some(PropType::String),
            "statuscode" => Some(PropType::Number),
            _ => None,
        };
        let check = |t: &str| {
            validate(
                &parse(t).unwrap(),
                &lookup,
                "Microsoft.Dynamics.CRM.contact",
            )
        };
        assert!(check("fullname eq 'x' and statuscode eq 1").is_ok());
        let err = check("nosuch eq 1").unwrap_err();
        assert_eq!(
            err.message,
            "Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.contact'."
        );
        assert!(check("fullname eq 1").is_err());
        assert!(check("contains(statuscode,'1')").is_err());
        assert!(check("fullname eq null").is_ok());
    }
}
