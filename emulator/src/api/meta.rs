//! `EntityDefinitions`: entity and attribute metadata queries.
//!
//! Like Dataverse, metadata queries support `$select`, `$filter` and
//! `$expand=Attributes(...)` only; casts such as
//! `Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata` expose derived
//! properties (`MaxLength`), which the base `AttributeMetadata` type lacks,
//! and the option set casts (`PicklistAttributeMetadata`, `Status…`, `State…`,
//! `Boolean…`) expand `OptionSet` and `GlobalOptionSet` (see
//! `metadata/optionset.rs`).

use super::path::{named_key, Segment};
use super::{context_selection, require_get, ApiResponse, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::metadata::{
    derived_props, option_set_props, EntityMeta, BASE_ATTRIBUTE_PROPS, ENTITY_PROPS,
    OPTION_SET_NAVIGATIONS,
};
use crate::odata::engine::{self, Row};
use crate::odata::{PropType, QueryOptions};
use serde_json::{json, Map, Value};
use uuid::Uuid;

const CAST_PREFIX: &str = "Microsoft.Dynamics.CRM.";

pub fn handle(ctx: &Ctx, segments: &[Segment]) -> ApiResult<ApiResponse> {
    require_get(ctx.req)?;
    let opts = QueryOptions::parse(&ctx.req.raw_query)?;
    for (present, name) in [
        (!opts.orderby.is_empty(), "$orderby"),
        (opts.top.is_some(), "$top"),
        (opts.skiptoken.is_some(), "$skiptoken"),
    ] {
        if present {
            return Err(ApiError::bad_query(format!(
                "The query parameter {name} is not supported"
            )));
        }
    }
    let root = &ctx.service_root;
    match segments {
        [s] if s.key.is_none() => {
            validate_entity_options(&opts)?;
            let rows: Vec<Row> = ctx.store.metas().map(|m| m.to_json(ctx.lcid)).collect();
            let rows = engine::filter_and_sort(rows, &opts);
            let value: Vec<Value> = ctx
                .store
                .metas()
                .filter(|m| {
                    rows.iter()
                        .any(|r| r["LogicalName"] == json!(m.logical_name))
                })
                .map(|m| Value::Object(entity_row(ctx, m, &opts)))
                .collect();
            let context = format!(
                "{root}/$metadata#EntityDefinitions{}",
                context_selection(&opts)
            );
            Ok(ApiResponse::json(
                200,
                &json!({"@odata.context": context, "value": value}),
            ))
        }
        [s, rest @ ..] => {
            let key = s.key.as_deref().unwrap_or("");
            let entity = find_entity(ctx, key)?;
            let entity_path = format!("EntityDefinitions({key})");
            match rest {
                [] => {
                    validate_entity_options(&opts)?;
                    let mut body = Map::new();
                    body.insert(
                        "@odata.context".into(),
                        json!(format!(
                            "{root}/$metadata#EntityDefinitions{}/$entity",
                            context_selection(&opts)
                        )),
                    );
                    body.extend(entity_row(ctx, entity, &opts));
                    Ok(ApiResponse::json(200, &Value::Object(body)))
                }
                [a, cast @ ..] if a.name == "Attributes" => {
                    attributes(ctx, entity, &entity_path, a, cast, &opts)
                }
                [other, ..] => Err(ApiError::segment_not_found(&other.text())),
            }
        }
        [] => unreachable!("routed with at least one segment"),
    }
}

fn find_entity<'a>(ctx: &'a Ctx, key: &str) -> ApiResult<&'a EntityMeta> {
    let found = match (named_key(key, "LogicalName"), Uuid::parse_str(key.trim())) {
        (Some(name), _) => ctx.store.metas().find(|m| m.logical_name == name),
        (None, Ok(id)) => ctx.store.metas().find(|m| m.metadata_id() == id),
        _ => {
            return Err(ApiError::bad_query(format!(
                "Bad Request - Error in query syntax: '{key}'."
            )))
        }
    };
    found.ok_or_else(|| {
        ApiError::new(
            404,
            "0x80040217",
            format!("Could not find entity with key '{key}'."),
        )
    })
}

fn entity_prop(p: &str) -> Option<PropType> {
    ENTITY_PROPS
        .iter()
        .find(|(n, _)| *n == p)
        .map(|(_, t)| *t)
        .or((p == "Attributes").then_some(PropType::Complex))
}

fn validate_entity_options(opts: &QueryOptions) -> ApiResult<()> {
    let type_name = "Microsoft.Dynamics.CRM.EntityMetadata";
    engine::validate(opts, type_name, &entity_prop)?;
    for item in &opts.expand {
        if item.navigation != "Attributes" {
            return Err(ApiError::no_property(&item.navigation, type_name));
        }
        validate_attribute_options(&item.options, None)?;
    }
    Ok(())
}

fn entity_row(ctx: &Ctx, entity: &EntityMeta, opts: &QueryOptions) -> Row {
    let mut row = engine::project(
        &entity.to_json(ctx.lcid),
        opts.select.as_deref(),
        &["MetadataId"],
    );
    row.remove("Attributes");
    for item in &opts.expand {
        let attrs = attribute_rows(ctx, entity, None, &item.options);
        row.insert(
            "Attributes".into(),
            Value::Array(attrs.into_iter().map(Value::Object).collect()),
        );
    }
    row
}

fn attribute_prop_lookup(
    cast: Option<&'static [(&'static str, PropType)]>,
) -> impl Fn(&str) -> Option<PropType> {
    move |p: &str| {
        BASE_ATTRIBUTE_PROPS
            .iter()
            .chain(cast.unwrap_or(&[]).iter())
            .find(|(n, _)| *n == p)
            .map(|(_, t)| *t)
    }
}

/// Validates options against `AttributeMetadata` or a derived cast type.
/// Only the option set casts (Picklist, Status, State, Boolean) can expand,
/// and only `OptionSet`/`GlobalOptionSet`, with `$select` inside.
fn validate_attribute_options(opts: &QueryOptions, cast: Option<&str>) -> ApiResult<()> {
    let props = cast.and_then(derived_props);
    let type_name = format!("{CAST_PREFIX}{}", cast.unwrap_or("AttributeMetadata"));
    engine::validate(opts, &type_name, &attribute_prop_lookup(props))?;
    for e in &opts.expand {
        let set = cast
            .and_then(option_set_props)
            .filter(|_| OPTION_SET_NAVIGATIONS.contains(&e.navigation.as_str()));
        let Some((set_type, set_props)) = set else {
            return Err(ApiError::no_property(&e.navigation, &type_name));
        };
        let inner = &e.options;
        if inner.filter.is_some()
            || !inner.orderby.is_empty()
            || inner.top.is_some()
            || inner.count
            || !inner.expand.is_empty()
        {
            return Err(ApiError::bad_query(format!(
                "Only $select is supported when expanding the single-valued navigation property '{}'.",
                e.navigation
            )));
        }
        let lookup = |p: &str| set_props.iter().find(|(n, _)| *n == p).map(|(_, t)| *t);
        engine::validate(inner, &format!("{CAST_PREFIX}{set_type}"), &lookup)?;
    }
    Ok(())
}

/// Projects an attribute row and adds its expanded option sets.
fn attribute_row(ctx: &Ctx, entity: &EntityMeta, row: &Row, opts: &QueryOptions) -> Row {
    let mut out = engine::project(row, opts.select.as_deref(), &["MetadataId", "@odata.type"]);
    if opts.expand.is_empty() {
        return out;
    }
    let attr = row
        .get("LogicalName")
        .and_then(Value::as_str)
        .and_then(|name| entity.attribute(name));
    let set = attr.and_then(|a| entity.option_set_json(a, ctx.lcid));
    for e in &opts.expand {
        let value = set
            .as_ref()
            .map(|s| {
                Value::Object(engine::project(
                    s,
                    e.options.select.as_deref(),
                    &["MetadataId"],
                ))
            })
            .unwrap_or(Value::Null);
        out.insert(e.navigation.clone(), value);
    }
    out
}

fn attribute_rows(
    ctx: &Ctx,
    entity: &EntityMeta,
    cast: Option<&str>,
    opts: &QueryOptions,
) -> Vec<Row> {
    let rows: Vec<Row> = entity
        .attributes
        .iter()
        .filter(|a| cast.is_none_or(|c| a.attr_type.metadata_type() == c))
        .map(|a| entity.attribute_json(a, ctx.lcid))
        .collect();
    engine::filter_and_sort(rows, opts)
        .iter()
        .map(|r| attribute_row(ctx, entity, r, opts))
        .collect()
}

fn attributes(
    ctx: &Ctx,
    entity: &EntityMeta,
    entity_path: &str,
    seg: &Segment,
    cast: &[Segment],
    opts: &QueryOptions,
) -> ApiResult<ApiResponse> {
    let cast_name = match cast {
        [] => None,
        [c] => {
            let short = c
                .name
                .strip_prefix(CAST_PREFIX)
                .filter(|s| derived_props(s).is_some());
            Some(short.ok_or_else(|| ApiError::segment_not_found(&c.text()))?)
        }
        [_, extra, ..] => return Err(ApiError::segment_not_found(&extra.text())),
    };
    validate_attribute_options(opts, cast_name)?;
    let cast_path = cast_name
        .map(|c| format!("/{CAST_PREFIX}{c}"))
        .unwrap_or_default();
    let root = &ctx.service_root;
    match &seg.key {
        None => {
            let value: Vec<Value> = attribute_rows(ctx, entity, cast_name, opts)
                .into_iter()
                .map(Value::Object)
                .collect();
            let context = format!(
                "{root}/$metadata#{entity_path}/Attributes{cast_path}{}",
                context_selection(opts)
            );
            Ok(ApiResponse::json(
                200,
                &json!({"@odata.context": context, "value": value}),
            ))
        }
        Some(key) => {
            let name = named_key(key, "LogicalName");
            let attr = entity
                .attributes
                .iter()
                .find(|a| {
                    Some(&a.logical_name) == name.as_ref()
                        || Uuid::parse_str(key).ok()
                            == Some(crate::metadata::name_uuid(&format!(
                                "{}/{}",
                                entity.logical_name, a.logical_name
                            )))
                })
                .filter(|a| cast_name.is_none_or(|c| a.attr_type.metadata_type() == c))
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        "0x80040217",
                        format!(
                            "Could not find attribute with key '{key}' on entity '{}'.",
                            entity.logical_name
                        ),
                    )
                })?;
            let row = attribute_row(ctx, entity, &entity.attribute_json(attr, ctx.lcid), opts);
            let mut body = Map::new();
            body.insert(
                "@odata.context".into(),
                json!(format!(
                    "{root}/$metadata#{entity_path}/Attributes{cast_path}{}/$entity",
                    context_selection(opts)
                )),
            );
            body.extend(row);
            Ok(ApiResponse::json(200, &Value::Object(body)))
        }
    }
}
