//! Functions: `WhoAmI`, `InitializeFrom` and `systemusers(id)/…RetrieveUserPrivileges`
//! (`RetrieveMetadataChanges` is in `metadata_changes.rs`).

use super::path::{parse_entity_reference, parse_guid_key, Segment};
use super::{ApiResponse, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::fixtures;
use crate::metadata::AttrType;
use crate::odata::query::split_top_level;
use crate::odata::QueryOptions;
use serde_json::{json, Map, Value};

pub(super) fn get_only(ctx: &Ctx) -> ApiResult<()> {
    if ctx.req.method == "GET" {
        Ok(())
    } else {
        // Functions are GET-only; Dataverse answers other verbs like an unknown route.
        Err(ApiError::new(
            404,
            "0x80060888",
            format!(
                "No HTTP resource was found that matches the request URI '{}{}'.",
                ctx.req.base, ctx.req.raw_path
            ),
        ))
    }
}

pub fn who_am_i(ctx: &Ctx, seg: &Segment) -> ApiResult<ApiResponse> {
    get_only(ctx)?;
    if seg.key.as_deref().is_some_and(|k| !k.trim().is_empty()) {
        return Err(ApiError::bad_query("WhoAmI takes no parameters."));
    }
    Ok(ApiResponse::json(
        200,
        &json!({
            "@odata.context": format!("{}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse", ctx.service_root),
            "BusinessUnitId": fixtures::BUSINESS_UNIT_ID,
            "UserId": fixtures::USER_ID,
            "OrganizationId": fixtures::ORGANIZATION_ID,
        }),
    ))
}

/// Bound functions are called by their namespace-qualified name.
pub const RETRIEVE_USER_PRIVILEGES: &str = "Microsoft.Dynamics.CRM.RetrieveUserPrivileges";

/// `systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`: the
/// WhoAmI user's role privileges, minus the `denied_privileges` setting.
pub fn retrieve_user_privileges(ctx: &Ctx, user: &Segment, f: &Segment) -> ApiResult<ApiResponse> {
    get_only(ctx)?;
    if f.key.as_deref().is_some_and(|k| !k.trim().is_empty()) {
        return Err(ApiError::bad_query(
            "RetrieveUserPrivileges takes no parameters.",
        ));
    }
    let key = user
        .key
        .as_deref()
        .ok_or_else(|| ApiError::segment_not_found(&f.text()))?;
    let id = parse_guid_key(key)?;
    if id.to_string() != fixtures::USER_ID {
        return Err(ApiError::record_not_found("systemuser", &id.to_string()));
    }
    Ok(ApiResponse::json(
        200,
        &json!({
            "@odata.context": format!("{}/$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse", ctx.service_root),
            "RolePrivileges": crate::privileges::role_privileges(ctx.denied),
        }),
    ))
}

/// Resolves a function parameter: an `@alias` from the query string, or inline.
fn parameter(key: &str, name: &str, opts: &QueryOptions) -> ApiResult<String> {
    let raw = split_top_level(key, ',')
        .into_iter()
        .find_map(|p| {
            p.split_once('=')
                .filter(|(n, _)| n.trim() == name)
                .map(|(_, v)| v.trim().to_string())
        })
        .ok_or_else(|| {
            ApiError::bad_query(format!(
                "The parameter '{name}' of function 'InitializeFrom' is missing."
            ))
        })?;
    if raw.starts_with('@') {
        opts.params.get(&raw).cloned().ok_or_else(|| {
            ApiError::bad_query(format!(
                "The parameter alias '{raw}' was not found in the request."
            ))
        })
    } else {
        Ok(raw)
    }
}

fn quoted(s: &str) -> Option<&str> {
    let start = s.find('\'')? + 1;
    let end = s.rfind('\'')?;
    (end >= start).then(|| &s[start..end])
}

/// `InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)`:
/// applies the entity map's attribute maps to the source record.
pub fn initialize_from(ctx: &Ctx, seg: &Segment) -> ApiResult<ApiResponse> {
    get_only(ctx)?;
    let opts = QueryOptions::parse(&ctx.req.raw_query)?;
    let key = seg.key.as_deref().unwrap_or("");
    let moniker = parameter(key, "EntityMoniker", &opts)?;
    let target_name = parameter(key, "TargetEntityName", &opts)?;
    let field_type = parameter(key, "TargetFieldType", &opts)?;

    let moniker_json: Value = serde_json::from_str(&moniker.replace('\'', "\""))
        .map_err(|_| ApiError::bad_query(format!("Invalid EntityMoniker '{moniker}'.")))?;
    let odata_id = moniker_json
        .get("@odata.id")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_query("EntityMoniker must carry '@odata.id'."))?;
    let (source_set, source_id) = parse_entity_reference(odata_id)?;
    let target_name = quoted(&target_name)
        .ok_or_else(|| ApiError::bad_query(format!("Invalid TargetEntityName '{target_name}'.")))?;
    let field_type = quoted(&field_type).unwrap_or("");
    if !["ValidForCreate", "ValidForUpdate", "ValidForRead", "All"].contains(&field_type) {
        return Err(ApiError::bad_query(format!(
            "The value '{field_type}' is not valid for TargetFieldType."
        )));
    }

    let store = ctx.store;
    let source = store
        .table_by_set(&source_set)
        .ok_or_else(|| ApiError::segment_not_found(&source_set))?;
    let target = store.table(target_name).ok_or_else(|| {
        ApiError::new(
            400,
            "0x80040203",
            format!("The entity with a name = '{target_name}' was not found in the MetadataCache."),
        )
    })?;
    let record = source.get(source_id).ok_or_else(|| {
        ApiError::record_not_found(&source.meta.logical_name, &source_id.to_string())
    })?;
    let (source_name, target_set) = (&source.meta.logical_name, &target.meta.entity_set_name);

    let entity_map = store
        .table("entitymap")
        .and_then(|t| {
            t.records.iter().find(|r| {
                r.fields["sourceentityname"] == json!(source_name)
                    && r.fields["targetentityname"] == json!(target_name)
            })
        })
        .ok_or_else(|| {
            ApiError::new(
                400,
                "0x80040203",
                format!("No entity map found from '{source_name}' to '{target_name}'."),
            )
        })?;
    let map_id = entity_map.id.to_string();

    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/$metadata#{target_set}/$entity",
            ctx.service_root
        )),
    );
    body.insert(
        "@odata.type".into(),
        json!(format!("#Microsoft.Dynamics.CRM.{target_name}")),
    );
    let attribute_maps = store
        .table("attributemap")
        .map(|t| t.records.as_slice())
        .unwrap_or(&[]);
    for am in attribute_maps
        .iter()
        .filter(|r| r.fields["_entitymapid_value"] == json!(map_id))
    {
        let (Some(src_name), Some(dst_name)) = (
            am.fields["sourceattributename"].as_str(),
            am.fields["targetattributename"].as_str(),
        ) else {
            continue;
        };
        // Maps whose columns no longer exist, or whose types differ, are skipped.
        let (Some(src), Some(dst)) = (
            source.meta.attribute(src_name),
            target.meta.attribute(dst_name),
        ) else {
            continue;
        };
        if dst.attr_type.is_lookup() {
            let (id, referenced) = if src.attr_type == AttrType::Uniqueidentifier
                && src_name == source.meta.primary_id
            {
                (Some(source_id.to_string()), Some(source_name.clone()))
            } else if src.attr_type.is_lookup() {
                let prop = src.property_name();
                (
                    record
                        .fields
                        .get(&prop)
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    record.lookups.get(&prop).cloned(),
                )
            } else {
                continue;
            };
            let (Some(id), Some(referenced)) = (id, referenced) else {
                continue;
            };
            if !dst.targets.contains(&referenced) {
                continue;
            }
            let Some(referenced_set) = store
                .table(&referenced)
                .map(|t| t.meta.entity_set_name.clone())
            else {
                continue;
            };
            let nav = if dst.attr_type == AttrType::Customer {
                format!("{dst_name}_{referenced}")
            } else {
                dst_name.to_string()
            };
            body.insert(
                format!("{nav}@odata.bind"),
                json!(format!("{referenced_set}({id})")),
            );
            continue;
        }
        let compatible = src.attr_type == dst.attr_type
            || matches!(
                (src.attr_type, dst.attr_type),
                (AttrType::String, AttrType::Memo) | (AttrType::Memo, AttrType::String)
            );
        if !compatible {
            continue;
        }
        match record.fields.get(&src.property_name()) {
            Some(v) if !v.is_null() => {
                body.insert(dst.property_name(), v.clone());
            }
            _ => {}
        }
    }
    Ok(ApiResponse::json(200, &Value::Object(body)))
}
