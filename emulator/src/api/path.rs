//! Splitting a decoded resource path into OData segments: `name(key)`.

use crate::errors::{ApiError, ApiResult};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub name: String,
    /// The raw text between the parentheses, if any.
    pub key: Option<String>,
}

impl Segment {
    pub fn text(&self) -> String {
        match &self.key {
            Some(k) => format!("{}({k})", self.name),
            None => self.name.clone(),
        }
    }
}

/// Splits on `/` outside parentheses and quotes.
pub fn parse_segments(path: &str) -> ApiResult<Vec<Segment>> {
    let mut segments = Vec::new();
    for raw in crate::odata::query::split_top_level(path, '/') {
        if raw.is_empty() {
            continue;
        }
        let segment = match raw.find('(') {
            Some(open) if raw.ends_with(')') => Segment {
                name: raw[..open].to_string(),
                key: Some(raw[open + 1..raw.len() - 1].to_string()),
            },
            Some(_) => {
                return Err(ApiError::bad_query(format!(
                    "Bad Request - Error in query syntax: '{raw}'."
                )))
            }
            None => Segment {
                name: raw,
                key: None,
            },
        };
        segments.push(segment);
    }
    Ok(segments)
}

/// Parses a record key: `<guid>` or `<primaryid>=<guid>`.
pub fn parse_guid_key(key: &str) -> ApiResult<Uuid> {
    let value = key.split_once('=').map(|(_, v)| v).unwrap_or(key).trim();
    Uuid::parse_str(value).map_err(|_| {
        ApiError::bad_query(format!(
            "Bad Request - Error in query syntax. The key value '{key}' is not a valid Guid."
        ))
    })
}

/// Finds the last `set(guid)` segment of an `@odata.id`-style URL
/// (absolute, `/api/data/v9.2/…` or relative).
pub fn parse_entity_reference(url: &str) -> ApiResult<(String, Uuid)> {
    let path = url.split('?').next().unwrap_or(url);
    let last = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    let segs = parse_segments(last)?;
    match segs.as_slice() {
        [Segment { name, key: Some(k) }] => Ok((name.clone(), parse_guid_key(k)?)),
        _ => Err(ApiError::new(
            400,
            "0x80040203",
            format!("The URI '{url}' is not a valid entity reference."),
        )),
    }
}

/// Parses `Name='value'` key pairs, e.g. `LogicalName='contact'`.
pub fn named_key(key: &str, name: &str) -> Option<String> {
    let (k, v) = key.split_once('=')?;
    if k.trim() != name {
        return None;
    }
    let v = v.trim();
    let inner = v.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_segments_with_quoted_keys() {
        let s = parse_segments("EntityDefinitions(LogicalName='a/b')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata").unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].key.as_deref(), Some("LogicalName='a/b'"));
        assert_eq!(
            named_key(s[0].key.as_ref().unwrap(), "LogicalName").unwrap(),
            "a/b"
        );
    }

    #[test]
    fn entity_references() {
        let id = "1ead0000-0000-4000-8000-000000000001";
        for url in [
            format!("http://h:1/api/data/v9.2/leads({id})"),
            format!("leads({id})"),
            format!("/api/data/v9.0/leads({id})"),
        ] {
            let (set, got) = parse_entity_reference(&url).unwrap();
            assert_eq!((set.as_str(), got.to_string()), ("leads", id.to_string()));
        }
        assert!(parse_entity_reference("leads").is_err());
        assert!(parse_guid_key("nope").is_err());
        assert!(parse_guid_key(&format!("leadid={id}")).is_ok());
    }
}
