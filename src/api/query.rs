//! A typed OData query: the one value every read accepts (in the spirit of
//! DynamicsWebApi's request object), so no view ever writes a URL.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::host::RecordId;

/// Characters left as they are in a query option value: OData's own syntax
/// stays readable; everything else (space, `&`, `#`, `%`, `+`, `?`, quotes
/// other than `'`, non-ASCII) is percent-encoded, so a search term always
/// reaches the service as the literal the user typed.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b'\'')
    .remove(b'$')
    .remove(b'=')
    .remove(b';')
    .remove(b':')
    .remove(b'@');

/// An OData literal. Strings are escaped the OData way (`'` → `''`); GUIDs
/// can only come from a validated [`RecordId`].
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Text(String),
    Guid(RecordId),
}

impl Literal {
    fn render(&self) -> String {
        match self {
            Self::Text(text) => format!("'{}'", text.replace('\'', "''")),
            Self::Guid(id) => id.to_string(),
        }
    }
}

impl From<&str> for Literal {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<RecordId> for Literal {
    fn from(id: RecordId) -> Self {
        Self::Guid(id)
    }
}

/// A `$filter` expression over column logical names.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    Eq(String, Literal),
    Contains(String, String),
    And(Vec<Filter>),
    Or(Vec<Filter>),
}

impl Filter {
    pub fn eq(column: &str, value: impl Into<Literal>) -> Self {
        Self::Eq(column.into(), value.into())
    }

    pub fn contains(column: &str, text: &str) -> Self {
        Self::Contains(column.into(), text.into())
    }

    /// `contains(a,'t') or contains(b,'t') …` over several columns.
    pub fn contains_any(columns: &[&str], text: &str) -> Self {
        Self::Or(columns.iter().map(|c| Self::contains(c, text)).collect())
    }

    pub fn render(&self) -> String {
        match self {
            Self::Eq(c, v) => format!("{c} eq {}", v.render()),
            Self::Contains(c, t) => {
                format!("contains({c},{})", Literal::Text(like_literal(t)).render())
            }
            Self::And(parts) => join(parts, " and "),
            Self::Or(parts) => join(parts, " or "),
        }
    }
}

/// Dataverse evaluates `contains`/`startswith` as SQL LIKE, where `%`, `_` and
/// `[` are wildcards: bracket them so the user's text is matched literally.
fn like_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '_' | '[' => {
                escaped.push('[');
                escaped.push(c);
                escaped.push(']');
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

fn join(parts: &[Filter], op: &str) -> String {
    let rendered: Vec<String> = parts
        .iter()
        .map(|p| match p {
            Filter::And(_) | Filter::Or(_) if parts.len() > 1 => format!("({})", p.render()),
            _ => p.render(),
        })
        .collect();
    rendered.join(op)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

/// `$select`, `$filter`, `$orderby`, `$expand`, `$top`, `$count`, and a
/// function's parameter aliases (`@p1=…`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    select: Vec<String>,
    filter: Option<Filter>,
    order_by: Vec<(String, Direction)>,
    expand: Vec<(String, Query)>,
    top: Option<u32>,
    count: bool,
    aliases: Vec<(&'static str, String)>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn select(mut self, columns: &[&str]) -> Self {
        self.select = columns.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    pub fn filter(mut self, filter: Filter) -> Self {
        self.filter = Some(filter);
        self
    }

    pub fn order_by(mut self, column: &str, direction: Direction) -> Self {
        self.order_by.push((column.to_owned(), direction));
        self
    }

    /// Expand a navigation property with its own nested options.
    pub fn expand(mut self, navigation_property: &str, nested: Query) -> Self {
        self.expand.push((navigation_property.to_owned(), nested));
        self
    }

    pub fn top(mut self, n: u32) -> Self {
        self.top = Some(n);
        self
    }

    pub fn count(mut self) -> Self {
        self.count = true;
        self
    }

    /// A function parameter's value, `@name=value`, written as OData literal
    /// syntax by the caller (e.g. `'lead'`, `{'@odata.id':'contacts(…)'}`).
    pub fn alias(mut self, name: &'static str, value: String) -> Self {
        self.aliases.push((name, value));
        self
    }

    /// The (option, value) pairs, values not yet encoded.
    fn options(&self) -> Vec<(&str, String)> {
        let mut options = Vec::new();
        if !self.select.is_empty() {
            options.push(("$select", self.select.join(",")));
        }
        if let Some(filter) = &self.filter {
            options.push(("$filter", filter.render()));
        }
        if !self.order_by.is_empty() {
            let order: Vec<String> = self
                .order_by
                .iter()
                .map(|(c, d)| match d {
                    Direction::Asc => format!("{c} asc"),
                    Direction::Desc => format!("{c} desc"),
                })
                .collect();
            options.push(("$orderby", order.join(",")));
        }
        if !self.expand.is_empty() {
            let expand: Vec<String> = self
                .expand
                .iter()
                .map(|(nav, nested)| {
                    let inner: Vec<String> = nested
                        .options()
                        .into_iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    if inner.is_empty() {
                        nav.clone()
                    } else {
                        format!("{nav}({})", inner.join(";"))
                    }
                })
                .collect();
            options.push(("$expand", expand.join(",")));
        }
        if let Some(top) = self.top {
            options.push(("$top", top.to_string()));
        }
        if self.count {
            options.push(("$count", "true".into()));
        }
        for (name, value) in &self.aliases {
            options.push((name, value.clone()));
        }
        options
    }

    /// The encoded query string without the leading `?` (empty when no option is set).
    pub fn to_query_string(&self) -> String {
        self.options()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", utf8_percent_encode(&v, QUERY_VALUE)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> RecordId {
        RecordId::from_u128(0x6b7e0f2a_1c2d_4e5f_8a9b_0c1d2e3f4a5b)
    }

    #[test]
    fn builds_the_documented_shape() {
        let q = Query::new()
            .select(&["fullname", "emailaddress1"])
            .filter(Filter::eq("_parentcustomerid_value", id()))
            .order_by("fullname", Direction::Asc)
            .order_by("createdon", Direction::Desc)
            .top(10)
            .count();
        assert_eq!(
            q.to_query_string(),
            "$select=fullname,emailaddress1&$filter=_parentcustomerid_value%20eq%206b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\
             &$orderby=fullname%20asc,createdon%20desc&$top=10&$count=true"
        );
    }

    #[test]
    fn escapes_quotes_the_odata_way_and_encodes_reserved_characters() {
        let f = Filter::contains_any(&["fullname", "emailaddress1"], "O'Brien & Co #1 50%+/?");
        assert_eq!(
            f.render(),
            "contains(fullname,'O''Brien & Co #1 50[%]+/?') or contains(emailaddress1,'O''Brien & Co #1 50[%]+/?')"
        );
        let qs = Query::new().filter(f).to_query_string();
        assert!(
            qs.contains("O''Brien%20%26%20Co%20%231%2050%5B%25%5D%2B%2F%3F"),
            "{qs}"
        );
        assert!(!qs.contains('#') && !qs.contains('+') && !qs.contains(' '));
    }

    #[test]
    fn like_wildcards_in_search_text_are_matched_literally() {
        assert_eq!(
            Filter::contains("name", "100%_[x]").render(),
            "contains(name,'100[%][_][[]x]')"
        );
        assert_eq!(Filter::eq("name", "100%_").render(), "name eq '100%_'");
    }

    #[test]
    fn encodes_unicode_as_utf8() {
        let qs = Query::new()
            .filter(Filter::contains("fullname", "Zoë 李"))
            .to_query_string();
        assert_eq!(qs, "$filter=contains(fullname,'Zo%C3%AB%20%E6%9D%8E')");
    }

    #[test]
    fn nests_expand_options_with_semicolons() {
        let q = Query::new().select(&["sourceentityname"]).expand(
            "entity_map_attribute_maps",
            Query::new()
                .select(&["sourceattributename", "targetattributename"])
                .top(5000),
        );
        assert_eq!(
            q.to_query_string(),
            "$select=sourceentityname&$expand=entity_map_attribute_maps($select=sourceattributename,targetattributename;$top=5000)"
        );
    }

    #[test]
    fn groups_nested_boolean_expressions() {
        let f = Filter::And(vec![
            Filter::Or(vec![Filter::eq("a", "1"), Filter::eq("b", "2")]),
            Filter::eq("c", "3"),
        ]);
        assert_eq!(f.render(), "(a eq '1' or b eq '2') and c eq '3'");
    }

    #[test]
    fn function_parameters_travel_as_encoded_aliases() {
        let q = Query::new()
            .alias("@p1", "{'@odata.id':'leads(1)'}".into())
            .alias("@p2", "'contact'".into());
        assert_eq!(
            q.to_query_string(),
            "@p1=%7B'@odata.id':'leads(1)'%7D&@p2='contact'"
        );
    }

    #[test]
    fn an_empty_query_is_an_empty_string() {
        assert_eq!(Query::new().to_query_string(), "");
    }
}
