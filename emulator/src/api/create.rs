//! Create (`POST contacts`, `POST leads`) with the columns of the table, as
//! *Create a table row using the Web API* documents it: 204 with
//! `OData-EntityId`, or 201 with the record under `Prefer: return=representation`.
//! Lookups (`@odata.bind`) are not emulated.

use super::{data, ApiRequest, ApiResponse, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::fixtures;
use crate::metadata::name_uuid;
use crate::odata::engine::{Preferences, Row};
use crate::odata::{PropType, QueryOptions};
use crate::store::Store;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// The tables the emulator creates records in.
pub const CREATABLE: &[&str] = &["contacts", "leads"];

pub fn create(
    store: &mut Store,
    req: &ApiRequest,
    set: &str,
    denied: &[String],
    service_root: String,
    lcid: u32,
) -> ApiResult<ApiResponse> {
    let table = store
        .table_by_set(set)
        .ok_or_else(|| ApiError::segment_not_found(set))?;
    let (logical, meta) = (table.meta.logical_name.clone(), table.meta.clone());
    crate::privileges::require(store, denied, "Create", &[&logical])?;
    let body: Value = serde_json::from_slice(&req.body).map_err(|_| {
        ApiError::new(
            400,
            "0x80040203",
            format!("Error identified in Payload provided by the user for Entity :'{logical}'."),
        )
    })?;
    let Value::Object(columns) = body else {
        return Err(ApiError::bad_query(
            "The request body must be a JSON object.",
        ));
    };

    let mut fields = Row::new();
    for (name, value) in columns {
        let attr = meta
            .attribute(&name)
            .filter(|a| !a.attr_type.is_lookup())
            .ok_or_else(|| {
                ApiError::new(
                    400,
                    "0x80060891",
                    format!(
                        "The property '{name}' does not exist on type '{}'. Make sure to only use property names that are defined by the type.",
                        meta.type_name()
                    ),
                )
            })?;
        if !value.is_null() && !fits(attr.attr_type.prop_type(), &value) {
            return Err(ApiError::bad_query(format!(
                "Cannot convert the literal '{value}' to the expected type of '{name}'."
            )));
        }
        fields.insert(name, value);
    }

    let id = match fields.get(&meta.primary_id).and_then(Value::as_str) {
        Some(given) => Uuid::parse_str(given)
            .map_err(|_| ApiError::bad_query(format!("Invalid Guid '{given}'.")))?,
        None => new_id(&logical),
    };
    if store.get(&logical, id).is_some() {
        return Err(ApiError::duplicate_key());
    }
    complete(&mut fields);
    let owner = Uuid::parse_str(fixtures::USER_ID).expect("fixture id");
    store.insert(
        &logical,
        id,
        fields,
        &[("_ownerid_value", "systemuser", owner)],
    );

    let entity_id = format!("{service_root}/{set}({id})");
    let prefs = Preferences::parse(req.header("Prefer"));
    if !prefs.return_representation {
        return Ok(ApiResponse::no_content().with_header("OData-EntityId", entity_id));
    }
    let opts = QueryOptions::parse(&req.raw_query)?;
    let ctx = Ctx {
        store,
        lcid,
        service_root,
        prefs,
        req,
        denied,
    };
    let table = store.table(&logical).expect("just inserted");
    let mut resp = data::single(&ctx, table, id, &opts)?;
    resp.status = 201;
    Ok(resp
        .with_header("Preference-Applied", "return=representation".into())
        .with_header("OData-EntityId", entity_id))
}

fn fits(expected: PropType, value: &Value) -> bool {
    match expected {
        PropType::String | PropType::DateTime | PropType::Guid => value.is_string(),
        PropType::Number => value.is_number(),
        PropType::Bool => value.is_boolean(),
        _ => true,
    }
}

/// What the platform sets on create: the composed full name ("First Last"),
/// the dates and the default state.
fn complete(fields: &mut Row) {
    let part = |f: &Row, k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let full = format!("{} {}", part(fields, "firstname"), part(fields, "lastname"));
    fields.insert("fullname".into(), json!(full.trim()));
    let now = now_utc();
    fields.insert("createdon".into(), json!(now));
    fields.insert("modifiedon".into(), json!(now));
    fields.entry("statecode").or_insert(json!(0));
    fields.entry("statuscode").or_insert(json!(1));
}

fn new_id(logical: &str) -> Uuid {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    name_uuid(&format!("created/{logical}/{n}/{nanos}"))
}

/// `2025-03-01T09:30:00Z`, as Dataverse writes `createdon`.
fn now_utc() -> String {
    let (_, (y, m, d), (hh, mm, ss)) = crate::generate::utc_now();
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}
