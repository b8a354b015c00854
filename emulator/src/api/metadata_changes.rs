//! The `RetrieveMetadataChanges` function:
//! `RetrieveMetadataChanges(Query=@p1,ClientVersionStamp=@p2,DeletedMetadataFilters=@p3)`
//! with `@p1` an `EntityQueryExpression` in JSON (see `metadata_query.rs`).
//!
//! The emulator's metadata never changes while it runs, so one
//! `ServerVersionStamp` serves the whole run: a client sending it back gets
//! no entity (nothing changed since), any other well-formed stamp the full
//! answer, and nothing is ever deleted.

use super::actions::get_only;
use super::metadata_query::EntityQuery;
use super::path::Segment;
use super::{ApiResponse, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::odata::QueryOptions;
use crate::store::Store;
use serde_json::{json, Value};
use std::sync::OnceLock;

pub const NAME: &str = "RetrieveMetadataChanges";

const PARAMETERS: &[&str] = &["Query", "ClientVersionStamp", "DeletedMetadataFilters"];
const DELETED_FILTERS: &[&str] = &[
    "Default",
    "Entity",
    "Attribute",
    "Relationship",
    "Label",
    "OptionSet",
    "All",
];

/// The stamp of this run's metadata: `<n>!<MM/dd/yyyy HH:mm:ss>` (UTC), fixed at first use.
pub fn server_version_stamp() -> &'static str {
    static STAMP: OnceLock<String> = OnceLock::new();
    STAMP.get_or_init(|| {
        let (secs, (y, m, d), (hh, mm, ss)) = crate::generate::utc_now();
        format!(
            "{}!{m:02}/{d:02}/{y:04} {hh:02}:{mm:02}:{ss:02}",
            secs % 100_000_000
        )
    })
}

/// A parsed call.
struct Call {
    query: EntityQuery,
    /// The client's stamp is this run's: nothing changed since.
    up_to_date: bool,
}

/// Splits `a=1,b={"x":[1,2]}` on commas outside brackets and quotes.
fn split_parameters(key: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut quote, mut start) = (Vec::new(), 0i32, None, 0);
    for (i, c) in key.char_indices() {
        match (c, quote) {
            ('\'' | '"', None) => quote = Some(c),
            (c, Some(q)) if c == q => quote = None,
            (_, Some(_)) => {}
            ('(' | '[' | '{', None) => depth += 1,
            (')' | ']' | '}', None) => depth -= 1,
            (',', None) if depth == 0 => {
                parts.push(&key[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&key[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// The parameters by name, aliases (`@p1`) resolved from the query string.
fn parameters(key: &str, raw_query: &str) -> ApiResult<Vec<(String, String)>> {
    let opts = QueryOptions::parse(raw_query)?;
    let mut out = Vec::new();
    for part in split_parameters(key) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        let (name, value) = (name.trim(), value.trim());
        if !PARAMETERS.contains(&name) {
            return Err(ApiError::bad_query(format!(
                "The parameter '{name}' is not a parameter of the function '{NAME}'."
            )));
        }
        let value = match value.strip_prefix('@') {
            Some(_) => opts.params.get(value).cloned().ok_or_else(|| {
                ApiError::bad_query(format!(
                    "The parameter alias '{value}' was not found in the request."
                ))
            })?,
            None => value.to_string(),
        };
        out.push((name.to_string(), value));
    }
    Ok(out)
}

fn unquoted(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(s)
}

/// `<digits>!MM/dd/yyyy HH:mm:ss`.
fn well_formed_stamp(s: &str) -> bool {
    let Some((n, date)) = s.split_once('!') else {
        return false;
    };
    let shape = "00/00/0000 00:00:00";
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && date.len() == shape.len()
        && date.bytes().zip(shape.bytes()).all(|(b, s)| {
            if s == b'0' {
                b.is_ascii_digit()
            } else {
                b == s
            }
        })
}

fn expired_stamp() -> ApiError {
    ApiError::new(
        400,
        "0x80044352",
        "Version stamp associated with the client has expired. Please perform a full sync.",
    )
}

fn check_deleted_filters(value: &str) -> ApiResult<()> {
    let members = unquoted(
        value
            .trim()
            .trim_start_matches("Microsoft.Dynamics.CRM.DeletedMetadataFilters"),
    );
    let valid = members.split(',').all(|m| {
        let m = m.trim();
        DELETED_FILTERS.contains(&m) || (!m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()))
    });
    if valid {
        Ok(())
    } else {
        Err(ApiError::bad_query(format!(
            "The value '{value}' is not a valid Microsoft.Dynamics.CRM.DeletedMetadataFilters: use {}.",
            DELETED_FILTERS.join(", ")
        )))
    }
}

impl Call {
    fn parse(key: Option<&str>, raw_query: &str) -> ApiResult<Call> {
        let params = parameters(key.unwrap_or(""), raw_query)?;
        let get = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .filter(|v| *v != "null")
        };
        let query = get("Query").ok_or_else(|| {
            ApiError::new(
                400,
                "0x80040203",
                format!("The parameter 'Query' of the function '{NAME}' is missing: give an EntityQueryExpression in JSON, e.g. Query=@p1&@p1={{\"Criteria\":…}}."),
            )
        })?;
        let query = EntityQuery::parse(query)?;
        let up_to_date = match get("ClientVersionStamp").map(unquoted) {
            None => false,
            Some(stamp) if stamp == server_version_stamp() => true,
            Some(stamp) if well_formed_stamp(stamp) => false,
            Some(_) => return Err(expired_stamp()),
        };
        if let Some(filters) = get("DeletedMetadataFilters") {
            check_deleted_filters(filters)?;
        }
        Ok(Call { query, up_to_date })
    }
}

/// `GET …/RetrieveMetadataChanges(Query=@p1,…)?@p1=…`.
pub fn retrieve_metadata_changes(ctx: &Ctx, seg: &Segment) -> ApiResult<ApiResponse> {
    get_only(ctx)?;
    let call = Call::parse(seg.key.as_deref(), &ctx.req.raw_query)?;
    let entities: Vec<Value> = if call.up_to_date {
        Vec::new()
    } else {
        call.query
            .matching(ctx.store.metas(), ctx.lcid)
            .into_iter()
            .map(|m| call.query.entity_json(m, ctx.lcid))
            .collect()
    };
    Ok(ApiResponse::json(
        200,
        &json!({
            "@odata.context": format!("{}/$metadata#Microsoft.Dynamics.CRM.RetrieveMetadataChangesResponse", ctx.service_root),
            "ServerVersionStamp": server_version_stamp(),
            "DeletedMetadata": {"Count": 0, "IsReadOnly": false, "Keys": [], "Values": []},
            "EntityMetadata": entities,
        }),
    ))
}

/// For the server-time model: how many entities a call answers with, and
/// whether with their attributes; `None` when it is answered with an error.
pub fn answered_entities(
    key: Option<&str>,
    raw_query: &str,
    store: &Store,
) -> Option<(usize, bool)> {
    let call = Call::parse(key, raw_query).ok()?;
    let n = if call.up_to_date {
        0
    } else {
        call.query.matching(store.metas(), 1033).len()
    };
    Some((n, call.query.wants_attributes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_split_outside_json_and_quotes() {
        let parts = split_parameters(
            r#"Query={"a":[1,2],"b":"x,y"},ClientVersionStamp='1!01/02/2026 03:04:05'"#,
        );
        assert_eq!(parts.len(), 2);
        assert!(parts[1].starts_with("ClientVersionStamp="));
    }

    #[test]
    fn stamps() {
        assert!(well_formed_stamp(server_version_stamp()));
        assert!(well_formed_stamp("123!12/01/2026 10:20:30"));
        assert!(!well_formed_stamp("123!12/01/2026"));
        assert!(!well_formed_stamp("abc!12/01/2026 10:20:30"));
        assert!(!well_formed_stamp("garbage"));
    }

    #[test]
    fn deleted_metadata_filters() {
        assert!(
            check_deleted_filters("Microsoft.Dynamics.CRM.DeletedMetadataFilters'Default'").is_ok()
        );
        assert!(check_deleted_filters("'Attribute,OptionSet'").is_ok());
        assert!(
            check_deleted_filters("Microsoft.Dynamics.CRM.DeletedMetadataFilters'Nope'").is_err()
        );
    }
}
