//! Collection shaping shared by every entity set: validation of options
//! against a type, filtering, ordering, paging and `$select` projection.

use super::filter::{self, PropType};
use super::query::QueryOptions;
use crate::errors::{ApiError, ApiResult};
use serde_json::{Map, Value};
use std::cmp::Ordering;

pub type Row = Map<String, Value>;

/// Dataverse's maximum page size.
pub const MAX_PAGE_SIZE: usize = 5000;

/// Checks `$select`, `$filter` and `$orderby` names and types against a type.
pub fn validate(
    opts: &QueryOptions,
    type_name: &str,
    lookup: &dyn Fn(&str) -> Option<PropType>,
) -> ApiResult<()> {
    if let Some(select) = &opts.select {
        for p in select {
            if p != "*" && lookup(p).is_none() {
                return Err(ApiError::no_property(p, type_name));
            }
        }
    }
    if let Some(f) = &opts.filter {
        filter::validate(f, lookup, type_name)?;
    }
    for o in &opts.orderby {
        match lookup(&o.property) {
            None => return Err(ApiError::no_property(&o.property, type_name)),
            Some(PropType::Complex) => {
                return Err(ApiError::bad_query(
                    "The $orderby expression must evaluate to a single value of primitive type.",
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Applies `$filter` and `$orderby` (stable, so ties keep the source order).
pub fn filter_and_sort(rows: Vec<Row>, opts: &QueryOptions) -> Vec<Row> {
    let mut rows: Vec<Row> = match &opts.filter {
        Some(f) => rows
            .into_iter()
            .filter(|r| filter::evaluate(f, r))
            .collect(),
        None => rows,
    };
    if !opts.orderby.is_empty() {
        // Keys are normalised once per row, not once per comparison: sorting
        // 10,000 rows would otherwise lowercase strings half a million times.
        let mut keyed: Vec<(Vec<filter::SortKey>, Row)> = rows
            .into_iter()
            .map(|row| {
                let keys = opts
                    .orderby
                    .iter()
                    .map(|o| filter::SortKey::of(row.get(&o.property).unwrap_or(&Value::Null)))
                    .collect();
                (keys, row)
            })
            .collect();
        keyed.sort_by(|(a, _), (b, _)| {
            for (o, (ka, kb)) in opts.orderby.iter().zip(a.iter().zip(b)) {
                let ord = ka.compare(kb).unwrap_or(Ordering::Equal);
                let ord = if o.descending { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            Ordering::Equal
        });
        rows = keyed.into_iter().map(|(_, row)| row).collect();
    }
    rows
}

pub struct Page {
    pub rows: Vec<Row>,
    /// Matching rows before paging (what `@odata.count` reports, capped at 5000).
    pub total: usize,
    /// Offset of the next page, when there is one.
    pub next_skip: Option<usize>,
}

/// Cuts one page: `$top` wins over the page size (no next link with `$top`).
pub fn paginate(
    rows: Vec<Row>,
    opts: &QueryOptions,
    max_page_size: Option<usize>,
) -> ApiResult<Page> {
    let total = rows.len();
    let skip = match &opts.skiptoken {
        Some(token) => parse_skiptoken(token)?,
        None => 0,
    };
    let (take, paged) = match opts.top {
        Some(top) => (top.min(MAX_PAGE_SIZE), false),
        None => (
            max_page_size
                .unwrap_or(MAX_PAGE_SIZE)
                .clamp(1, MAX_PAGE_SIZE),
            true,
        ),
    };
    let rows: Vec<Row> = rows.into_iter().skip(skip).take(take).collect();
    let next_skip = (paged && skip + take < total).then_some(skip + take);
    Ok(Page {
        rows,
        total,
        next_skip,
    })
}

/// The opaque `$skiptoken`, shaped like Dataverse's paging cookie.
pub fn skiptoken_for(skip: usize) -> String {
    format!(
        "<cookie pagenumber=\"{}\" skip=\"{skip}\" istracking=\"False\" />",
        skip.max(1)
    )
}

pub fn parse_skiptoken(token: &str) -> ApiResult<usize> {
    let invalid = || ApiError::new(400, "0x80040203", "The $skiptoken is not valid.");
    let start = token.find("skip=\"").ok_or_else(invalid)? + 6;
    let end = token[start..].find('"').ok_or_else(invalid)? + start;
    token[start..end].parse().map_err(|_| invalid())
}

/// Keeps the selected properties (all when there is no `$select`), plus `always`.
pub fn project(row: &Row, select: Option<&[String]>, always: &[&str]) -> Row {
    match select {
        None => row.clone(),
        Some(names) if names.iter().any(|n| n == "*") => row.clone(),
        Some(names) => row
            .iter()
            .filter(|(k, _)| names.iter().any(|n| n == *k) || always.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// The `Prefer` header preferences Dataverse honours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preferences {
    pub max_page_size: Option<usize>,
    /// The raw `odata.include-annotations` value, without quotes.
    pub annotations: Option<String>,
    pub return_representation: bool,
}

impl Preferences {
    pub fn parse(header: Option<&str>) -> Self {
        let mut prefs = Preferences::default();
        let Some(header) = header else { return prefs };
        for part in super::query::split_top_level(header, ',') {
            let (name, value) = match part.split_once('=') {
                Some((n, v)) => (n.trim(), v.trim().trim_matches('"')),
                None => (part.trim(), ""),
            };
            match name {
                "odata.maxpagesize" => prefs.max_page_size = value.parse().ok(),
                "odata.include-annotations" => prefs.annotations = Some(value.to_string()),
                "return" => prefs.return_representation = value == "representation",
                _ => {}
            }
        }
        prefs
    }

    /// Whether an annotation term (e.g. `OData.Community.Display.V1.FormattedValue`) was asked for.
    pub fn wants(&self, term: &str) -> bool {
        let Some(list) = &self.annotations else {
            return false;
        };
        list.split(',').map(str::trim).any(|pattern| {
            pattern == "*"
                || pattern == term
                || pattern
                    .strip_suffix('*')
                    .is_some_and(|prefix| term.starts_with(prefix))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| {
                json!({"id": i, "name": format!("N{}", n - i)})
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    #[test]
    fn pages_follow_skiptoken() {
        let mut opts = QueryOptions::default();
        let p1 = paginate(rows(60), &opts, Some(25)).unwrap();
        assert_eq!((p1.rows.len(), p1.total, p1.next_skip), (25, 60, Some(25)));
        opts.skiptoken = Some(skiptoken_for(50));
        let p3 = paginate(rows(60), &opts, Some(25)).unwrap();
        assert_eq!((p3.rows.len(), p3.next_skip), (10, None));
        assert_eq!(p3.rows[0]["id"], 50);
    }

    #[test]
    fn top_wins_over_page_size() {
        let opts = QueryOptions {
            top: Some(30),
            ..Default::default()
        };
        let p = paginate(rows(60), &opts, Some(25)).unwrap();
        assert_eq!((p.rows.len(), p.next_skip), (30, None));
    }

    #[test]
    fn bad_skiptoken_is_an_error() {
        assert!(parse_skiptoken("garbage").is_err());
    }

    #[test]
    fn sorts_descending_then_projects() {
        let opts = QueryOptions::parse("$orderby=id desc").unwrap();
        let sorted = filter_and_sort(rows(3), &opts);
        assert_eq!(sorted[0]["id"], 2);
        let p = project(&sorted[0], Some(&["name".to_string()]), &["id"]);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn preferences() {
        let p = Preferences::parse(Some("odata.include-annotations=\"*\",odata.maxpagesize=25"));
        assert_eq!(p.max_page_size, Some(25));
        assert!(p.wants("OData.Community.Display.V1.FormattedValue"));
        let p = Preferences::parse(Some(
            "odata.include-annotations=\"Microsoft.Dynamics.CRM.*\"",
        ));
        assert!(p.wants("Microsoft.Dynamics.CRM.lookuplogicalname"));
        assert!(!p.wants("OData.Community.Display.V1.FormattedValue"));
        assert!(!Preferences::parse(None).wants("x"));
    }
}
