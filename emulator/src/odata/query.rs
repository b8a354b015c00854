//! Query-string decoding and system query option parsing.
//!
//! Decoding choice: the query string is form-decoded the way ASP.NET (and so
//! Dataverse) decodes it: a literal `+` is a space and `%2B` is a plus sign.
//! Clients must therefore percent-encode `+` inside literals.

use super::filter::{self, Expr};
use crate::errors::{ApiError, ApiResult};
use percent_encoding::percent_decode_str;
use std::collections::HashMap;

/// Decodes one query-string component: `+` → space, then percent-decoding.
pub fn decode_component(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// Splits a raw query string into decoded `(name, value)` pairs.
pub fn split_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode_component(k), decode_component(v)),
            None => (decode_component(pair), String::new()),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    pub property: String,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExpandItem {
    pub navigation: String,
    pub options: QueryOptions,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryOptions {
    pub select: Option<Vec<String>>,
    pub filter: Option<Expr>,
    pub orderby: Vec<OrderBy>,
    pub top: Option<usize>,
    pub count: bool,
    pub expand: Vec<ExpandItem>,
    pub skiptoken: Option<String>,
    /// Parameter aliases (`@p1=…`) and other non-system options.
    pub params: HashMap<String, String>,
}

impl QueryOptions {
    /// Parses decoded top-level query pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> ApiResult<Self> {
        let mut opts = QueryOptions::default();
        let mut seen = Vec::new();
        for (name, value) in pairs {
            if name.starts_with('$') {
                if seen.contains(name) {
                    return Err(ApiError::bad_query(format!(
                        "Query option '{name}' was specified more than once, but it must be specified at most once."
                    )));
                }
                seen.push(name.clone());
                opts.apply(name, value)?;
            } else {
                opts.params.insert(name.clone(), value.clone());
            }
        }
        Ok(opts)
    }

    pub fn parse(raw_query: &str) -> ApiResult<Self> {
        Self::from_pairs(&split_query(raw_query))
    }

    fn apply(&mut self, name: &str, value: &str) -> ApiResult<()> {
        match name {
            "$select" => self.select = Some(parse_select(value)?),
            "$filter" => self.filter = Some(filter::parse(value)?),
            "$orderby" => self.orderby = parse_orderby(value)?,
            "$top" => {
                let top = value.trim().parse::<usize>().map_err(|_| {
                    ApiError::bad_query(format!(
                        "Invalid value '{value}' for $top query option found. The $top query option requires a non-negative integer value."
                    ))
                })?;
                self.top = Some(top);
            }
            "$count" => {
                self.count = match value.trim() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(ApiError::bad_query(format!(
                            "'{value}' is not a valid count option."
                        )))
                    }
                }
            }
            "$expand" => self.expand = parse_expand(value)?,
            "$skiptoken" => self.skiptoken = Some(value.to_string()),
            "$format" => {}
            _ => {
                return Err(ApiError::bad_query(format!(
                    "The query parameter {name} is not supported"
                )))
            }
        }
        Ok(())
    }
}

/// Splits on `sep` outside parentheses and single-quoted strings.
pub fn split_top_level(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_quote = false;
    let mut current = String::new();
    for c in s.chars() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => depth -= 1,
            c if c == sep && depth == 0 && !in_quote => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

fn parse_select(value: &str) -> ApiResult<Vec<String>> {
    let mut items = Vec::new();
    for item in value.split(',') {
        let item = item.trim();
        if !is_identifier(item) && item != "*" {
            return Err(ApiError::bad_query(format!(
                "Syntax error: character '{item}' is not valid in $select."
            )));
        }
        items.push(item.to_string());
    }
    Ok(items)
}

fn parse_orderby(value: &str) -> ApiResult<Vec<OrderBy>> {
    let mut items = Vec::new();
    for item in value.split(',') {
        let mut words = item.split_whitespace();
        let property = words.next().unwrap_or("");
        if !is_identifier(property) {
            return Err(ApiError::bad_query(format!(
                "Syntax error in $orderby: '{value}'."
            )));
        }
        let descending = match words.next() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => {
                return Err(ApiError::bad_query(format!(
                    "Syntax error: '{other}' is not valid in $orderby, expected 'asc' or 'desc'."
                )))
            }
        };
        if words.next().is_some() {
            return Err(ApiError::bad_query(format!(
                "Syntax error in $orderby: '{value}'."
            )));
        }
        items.push(OrderBy {
            property: property.to_string(),
            descending,
        });
    }
    Ok(items)
}

/// Parses `nav($select=a,b;$filter=…;$orderby=…;$top=…),other`.
pub fn parse_expand(value: &str) -> ApiResult<Vec<ExpandItem>> {
    let mut items = Vec::new();
    for item in split_top_level(value, ',') {
        let item = item.trim();
        let (navigation, inner) = match item.find('(') {
            Some(open) => {
                if !item.ends_with(')') {
                    return Err(ApiError::bad_query(format!(
                        "Syntax error in $expand: '{value}'."
                    )));
                }
                (&item[..open], &item[open + 1..item.len() - 1])
            }
            None => (item, ""),
        };
        let navigation = navigation.trim();
        if !is_identifier(navigation) {
            return Err(ApiError::bad_query(format!(
                "Syntax error in $expand: '{value}'."
            )));
        }
        let mut pairs = Vec::new();
        for option in split_top_level(inner, ';') {
            let option = option.trim();
            if option.is_empty() {
                continue;
            }
            let (k, v) = option.split_once('=').ok_or_else(|| {
                ApiError::bad_query(format!("Syntax error in $expand: '{value}'."))
            })?;
            pairs.push((k.trim().to_string(), v.to_string()));
        }
        let options = QueryOptions::from_pairs(&pairs)?;
        if !options.params.is_empty() {
            return Err(ApiError::bad_query(format!(
                "Syntax error in $expand: '{value}'."
            )));
        }
        items.push(ExpandItem {
            navigation: navigation.to_string(),
            options,
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_is_space_and_encoded_plus_is_plus() {
        assert_eq!(decode_component("a+b%2Bc%20d"), "a b+c d");
        assert_eq!(decode_component("%C3%A9"), "é");
    }

    #[test]
    fn split_keeps_encoded_ampersand_in_value() {
        let pairs = split_query("$filter=name%20eq%20'A%26B'&$top=5");
        assert_eq!(pairs[0].1, "name eq 'A&B'");
        assert_eq!(pairs[1], ("$top".into(), "5".into()));
    }

    #[test]
    fn parses_select_orderby_top_count() {
        let o = QueryOptions::parse(
            "$select=fullname,emailaddress1&$orderby=fullname desc,createdon&$top=3&$count=true",
        )
        .unwrap();
        assert_eq!(o.select.unwrap(), vec!["fullname", "emailaddress1"]);
        assert_eq!(o.orderby.len(), 2);
        assert!(o.orderby[0].descending);
        assert!(!o.orderby[1].descending);
        assert_eq!(o.top, Some(3));
        assert!(o.count);
    }

    #[test]
    fn rejects_bad_options() {
        assert!(QueryOptions::parse("$top=abc").is_err());
        assert!(QueryOptions::parse("$skip=5").is_err());
        assert!(QueryOptions::parse("$orderby=name sideways").is_err());
        assert!(QueryOptions::parse("$select=a&$select=b").is_err());
        assert!(QueryOptions::parse("$select=a,,b").is_err());
    }

    #[test]
    fn parses_nested_expand() {
        let items = parse_expand(
            "entity_map_attribute_maps($select=sourceattributename,targetattributename;$filter=issystem eq false;$orderby=sourceattributename),other",
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].navigation, "entity_map_attribute_maps");
        assert_eq!(items[0].options.select.as_ref().unwrap().len(), 2);
        assert!(items[0].options.filter.is_some());
        assert_eq!(items[0].options.orderby[0].property, "sourceattributename");
        assert_eq!(items[1].navigation, "other");
    }

    #[test]
    fn aliases_are_kept_as_params() {
        let o = QueryOptions::parse("@p2='contact'").unwrap();
        assert_eq!(o.params["@p2"], "'contact'");
    }
}
