//! Entity sets with records: RetrieveMultiple, Retrieve, navigation,
//! `$expand`, annotations, paging and the `contactleads_association` `$ref` writes.

use super::path::{parse_entity_reference, parse_guid_key, Segment};
use super::{context_selection, require_get, ApiRequest, ApiResponse, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::format;
use crate::odata::engine::{self, Row};
use crate::odata::query::split_query;
use crate::odata::{ExpandItem, QueryOptions};
use crate::store::{Record, Store, Table};
use serde_json::{json, Map, Value};
use uuid::Uuid;

const FORMATTED: &str = "OData.Community.Display.V1.FormattedValue";
const LOOKUP_NAME: &str = "Microsoft.Dynamics.CRM.lookuplogicalname";
const ASSOCIATED_NAV: &str = "Microsoft.Dynamics.CRM.associatednavigationproperty";

#[derive(Debug, Clone, Copy)]
enum NavKind {
    ManyToMany,
    /// Collection of target rows whose lookup property points at the source.
    OneToMany(&'static str),
    /// Single target row referenced by the source's lookup property.
    ManyToOne(&'static str),
}

struct Nav {
    from: &'static str,
    name: &'static str,
    target: &'static str,
    kind: NavKind,
}

const NAVS: &[Nav] = &[
    Nav {
        from: "contact",
        name: "contactleads_association",
        target: "lead",
        kind: NavKind::ManyToMany,
    },
    Nav {
        from: "lead",
        name: "contactleads_association",
        target: "contact",
        kind: NavKind::ManyToMany,
    },
    Nav {
        from: "entitymap",
        name: "entity_map_attribute_maps",
        target: "attributemap",
        kind: NavKind::OneToMany("_entitymapid_value"),
    },
    Nav {
        from: "attributemap",
        name: "entitymapid",
        target: "entitymap",
        kind: NavKind::ManyToOne("_entitymapid_value"),
    },
    Nav {
        from: "contact",
        name: "parentcustomerid_account",
        target: "account",
        kind: NavKind::ManyToOne("_parentcustomerid_value"),
    },
    Nav {
        from: "account",
        name: "contact_customer_accounts",
        target: "contact",
        kind: NavKind::OneToMany("_parentcustomerid_value"),
    },
    Nav {
        from: "lead",
        name: "parentaccountid",
        target: "account",
        kind: NavKind::ManyToOne("_parentaccountid_value"),
    },
];

fn find_nav(from: &str, name: &str) -> Option<&'static Nav> {
    NAVS.iter().find(|n| n.from == from && n.name == name)
}

/// The many-to-many navigation property `navigation` of the entity set `set`.
fn many_to_many(store: &Store, set: &str, navigation: &str) -> Option<&'static Nav> {
    let table = store.table_by_set(set)?;
    find_nav(&table.meta.logical_name, navigation)
        .filter(|nav| matches!(nav.kind, NavKind::ManyToMany))
}

/// Whether `set(id)/navigation/$ref` associates records: `navigation` is a
/// many-to-many relationship of the entity set `set`.
pub fn is_many_to_many(store: &Store, set: &str, navigation: &str) -> bool {
    many_to_many(store, set, navigation).is_some()
}

fn table_of<'a>(store: &'a Store, logical: &str) -> &'a Table {
    store.table(logical).expect("navigation targets exist")
}

/// GET on an entity set, a record, or a navigation property.
pub fn handle(ctx: &Ctx, segments: &[Segment]) -> ApiResult<ApiResponse> {
    let req = ctx.req;
    let table = ctx
        .store
        .table_by_set(&segments[0].name)
        .expect("routed by set name");
    if table.meta.is_intersect {
        return intersect(ctx, table, segments);
    }
    require_get(req)?;
    let opts = QueryOptions::parse(&req.raw_query)?;
    let set = &table.meta.entity_set_name;
    match segments {
        [s] if s.key.is_none() => {
            let rows = table.records.iter().map(|r| row_of(table, r)).collect();
            collection(ctx, table, rows, set, &opts)
        }
        [s] => {
            let id = parse_guid_key(s.key.as_deref().unwrap_or(""))?;
            single(ctx, table, id, &opts)
        }
        [s, nav_seg, rest @ ..] => {
            let id = parse_guid_key(
                s.key
                    .as_deref()
                    .ok_or_else(|| ApiError::segment_not_found(&nav_seg.text()))?,
            )?;
            let nav = find_nav(&table.meta.logical_name, &nav_seg.name)
                .ok_or_else(|| ApiError::segment_not_found(&nav_seg.text()))?;
            if table.get(id).is_none() {
                return Err(ApiError::record_not_found(
                    &table.meta.logical_name,
                    &id.to_string(),
                ));
            }
            let target = table_of(ctx.store, nav.target);
            match (rest, &nav_seg.key, nav.kind) {
                ([], None, NavKind::ManyToOne(_)) => {
                    let record = table.get(id).map(|r| row_of(table, r)).unwrap_or_default();
                    match many_to_one_id(&record, nav) {
                        Some(tid) => single(ctx, target, tid, &opts),
                        None => Ok(ApiResponse::no_content()),
                    }
                }
                ([], None, _) if opts.filter.is_none() => {
                    related_collection(ctx, target, &related_ids(ctx.store, nav, id), &opts)
                }
                ([], None, _) => {
                    let rows = related_rows(ctx.store, nav, id);
                    collection(ctx, target, rows, &target.meta.entity_set_name, &opts)
                }
                ([], Some(key), NavKind::ManyToMany | NavKind::OneToMany(_)) => {
                    let tid = parse_guid_key(key)?;
                    if !related_ids(ctx.store, nav, id).contains(&tid) {
                        return Err(ApiError::record_not_found(nav.target, &tid.to_string()));
                    }
                    single(ctx, target, tid, &opts)
                }
                ([r], None, NavKind::ManyToMany | NavKind::OneToMany(_))
                    if r.name == "$ref" && r.key.is_none() =>
                {
                    let value: Vec<Value> = related_ids(ctx.store, nav, id)
                        .into_iter()
                        .map(|tid| json!({"@odata.id": format!("{}/{}({tid})", ctx.service_root, target.meta.entity_set_name)}))
                        .collect();
                    Ok(ApiResponse::json(
                        200,
                        &json!({"@odata.context": format!("{}/$metadata#Collection($ref)", ctx.service_root), "value": value}),
                    ))
                }
                ([r, ..], _, _) => Err(ApiError::segment_not_found(&r.text())),
                _ => Err(ApiError::segment_not_found(&nav_seg.text())),
            }
        }
        [] => unreachable!("routed with at least one segment"),
    }
}

/// `contactleadscollection`: the intersect table only supports RetrieveMultiple.
fn intersect(ctx: &Ctx, table: &Table, segments: &[Segment]) -> ApiResult<ApiResponse> {
    let message = match (ctx.req.method.as_str(), segments) {
        ("GET", [s]) if s.key.is_none() => {
            let opts = QueryOptions::parse(&ctx.req.raw_query)?;
            let rows = ctx
                .store
                .associations()
                .iter()
                .map(|a| {
                    let mut row = Row::new();
                    row.insert(
                        "@odata.etag".into(),
                        json!(format!("W/\"{}\"", 900_000 + (a.id.as_u128() % 100_000))),
                    );
                    row.insert("contactleadid".into(), json!(a.id.to_string()));
                    row.insert("contactid".into(), json!(a.contact.to_string()));
                    row.insert("leadid".into(), json!(a.lead.to_string()));
                    row
                })
                .collect();
            return collection(ctx, table, rows, &table.meta.entity_set_name, &opts);
        }
        ("GET", _) => "Retrieve",
        ("POST", _) => "Create",
        ("PATCH" | "PUT", _) => "Update",
        ("DELETE", _) => "Delete",
        (other, _) => return Err(ApiError::method_not_allowed(other)),
    };
    Err(ApiError::unsupported_message(
        message,
        &table.meta.logical_name,
    ))
}

/// A record as a row of Web API properties, with the etag and (hidden until
/// asked for) lookup annotations.
fn row_of(table: &Table, record: &Record) -> Row {
    let mut row = record.fields.clone();
    row.insert(
        "@odata.etag".into(),
        json!(format!("W/\"{}\"", record.version)),
    );
    for (prop, target) in &record.lookups {
        row.insert(format!("{prop}@{LOOKUP_NAME}"), json!(target));
        let logical = prop.trim_start_matches('_').trim_end_matches("_value");
        let nav = match table.meta.attribute(logical).map(|a| a.attr_type) {
            Some(crate::metadata::AttrType::Customer) => format!("{logical}_{target}"),
            _ => logical.to_string(),
        };
        row.insert(format!("{prop}@{ASSOCIATED_NAV}"), json!(nav));
    }
    row
}

fn related_ids(store: &Store, nav: &Nav, id: Uuid) -> Vec<Uuid> {
    match nav.kind {
        NavKind::ManyToMany if nav.from == "contact" => store.leads_of(id).to_vec(),
        NavKind::ManyToMany => store.contacts_of(id).to_vec(),
        NavKind::OneToMany(fk) => {
            let id = id.to_string();
            table_of(store, nav.target)
                .records
                .iter()
                .filter(|r| r.fields.get(fk).and_then(Value::as_str) == Some(id.as_str()))
                .map(|r| r.id)
                .collect()
        }
        NavKind::ManyToOne(_) => Vec::new(),
    }
}

fn related_rows(store: &Store, nav: &Nav, id: Uuid) -> Vec<Row> {
    let target = table_of(store, nav.target);
    related_ids(store, nav, id)
        .into_iter()
        .filter_map(|tid| target.get(tid))
        .map(|r| row_of(target, r))
        .collect()
}

fn many_to_one_id(row: &Row, nav: &Nav) -> Option<Uuid> {
    let NavKind::ManyToOne(fk) = nav.kind else {
        return None;
    };
    let target = row.get(&format!("{fk}@{LOOKUP_NAME}"))?.as_str()?;
    if target != nav.target {
        return None;
    }
    Uuid::parse_str(row.get(fk)?.as_str()?).ok()
}

/// Validates `$select`/`$filter`/`$orderby`, recursively through `$expand`.
fn validate(table: &Table, opts: &QueryOptions) -> ApiResult<()> {
    let meta = &table.meta;
    engine::validate(opts, &meta.type_name(), &|p| meta.prop_type(p))?;
    for item in &opts.expand {
        let nav = find_nav(&meta.logical_name, &item.navigation)
            .ok_or_else(|| ApiError::no_property(&item.navigation, &meta.type_name()))?;
        if matches!(nav.kind, NavKind::ManyToOne(_))
            && (item.options.filter.is_some()
                || item.options.top.is_some()
                || !item.options.orderby.is_empty())
        {
            return Err(ApiError::bad_query(format!(
                "Only $select and $expand are supported on single-valued navigation property '{}'.",
                nav.name
            )));
        }
    }
    Ok(())
}

fn validate_expanded(store: &Store, table: &Table, opts: &QueryOptions) -> ApiResult<()> {
    validate(table, opts)?;
    for item in &opts.expand {
        let nav = find_nav(&table.meta.logical_name, &item.navigation).expect("validated");
        validate_expanded(store, self::table_of(store, nav.target), &item.options)?;
    }
    Ok(())
}

fn collection(
    ctx: &Ctx,
    table: &Table,
    rows: Vec<Row>,
    context_set: &str,
    opts: &QueryOptions,
) -> ApiResult<ApiResponse> {
    validate_expanded(ctx.store, table, opts)?;
    let rows = engine::filter_and_sort(rows, opts);
    let page = engine::paginate(rows, opts, ctx.prefs.max_page_size)?;
    collection_body(ctx, table, page, context_set, opts)
}

/// A navigation's records without `$filter`: sorted on their sort keys alone,
/// and only the page's rows built whole (10,000 related rows would otherwise
/// be copied to answer 25).
fn related_collection(
    ctx: &Ctx,
    table: &Table,
    ids: &[Uuid],
    opts: &QueryOptions,
) -> ApiResult<ApiResponse> {
    validate_expanded(ctx.store, table, opts)?;
    let id_key = table.meta.primary_id.as_str();
    let keys: Vec<Row> = ids
        .iter()
        .filter_map(|&id| table.get(id))
        .map(|record| {
            let mut key = Row::new();
            key.insert(id_key.to_owned(), json!(record.id.to_string()));
            for o in &opts.orderby {
                if let Some(value) = record.fields.get(&o.property) {
                    key.insert(o.property.clone(), value.clone());
                }
            }
            key
        })
        .collect();
    let mut page = engine::paginate(
        engine::filter_and_sort(keys, opts),
        opts,
        ctx.prefs.max_page_size,
    )?;
    page.rows = page
        .rows
        .iter()
        .filter_map(|key| {
            key.get(id_key)?
                .as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
        })
        .filter_map(|id| table.get(id))
        .map(|record| row_of(table, record))
        .collect();
    collection_body(ctx, table, page, &table.meta.entity_set_name, opts)
}

fn collection_body(
    ctx: &Ctx,
    table: &Table,
    page: engine::Page,
    context_set: &str,
    opts: &QueryOptions,
) -> ApiResult<ApiResponse> {
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/$metadata#{context_set}{}",
            ctx.service_root,
            context_selection(opts)
        )),
    );
    if opts.count {
        body.insert(
            "@odata.count".into(),
            json!(page.total.min(engine::MAX_PAGE_SIZE)),
        );
    }
    if ctx.prefs.wants("Microsoft.Dynamics.CRM.totalrecordcount") {
        body.insert(
            "@Microsoft.Dynamics.CRM.totalrecordcount".into(),
            json!(if opts.count {
                page.total.min(engine::MAX_PAGE_SIZE) as i64
            } else {
                -1
            }),
        );
        body.insert(
            "@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded".into(),
            json!(page.total > engine::MAX_PAGE_SIZE),
        );
    }
    let mut value = Vec::with_capacity(page.rows.len());
    for row in &page.rows {
        value.push(Value::Object(present(ctx, table, row, opts)?));
    }
    body.insert("value".into(), Value::Array(value));
    if let Some(skip) = page.next_skip {
        body.insert("@odata.nextLink".into(), json!(next_link(ctx.req, skip)));
    }
    Ok(ctx.applied(ApiResponse::json(200, &Value::Object(body)), true))
}

/// The request's own URL with `$skiptoken` replaced.
fn next_link(req: &ApiRequest, skip: usize) -> String {
    let kept: Vec<&str> = req
        .raw_query
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && split_query(p)
                    .first()
                    .is_none_or(|(k, _)| k != "$skiptoken")
        })
        .collect();
    let token = percent_encoding::utf8_percent_encode(
        &engine::skiptoken_for(skip),
        percent_encoding::NON_ALPHANUMERIC,
    )
    .to_string();
    let mut query = kept.join("&");
    if !query.is_empty() {
        query.push('&');
    }
    format!("{}{}?{query}$skiptoken={token}", req.base, req.raw_path)
}

pub(super) fn single(
    ctx: &Ctx,
    table: &Table,
    id: Uuid,
    opts: &QueryOptions,
) -> ApiResult<ApiResponse> {
    validate_expanded(ctx.store, table, opts)?;
    for (present, name) in [
        (opts.filter.is_some(), "$filter"),
        (!opts.orderby.is_empty(), "$orderby"),
        (opts.top.is_some(), "$top"),
        (opts.count, "$count"),
    ] {
        if present {
            return Err(ApiError::bad_query(format!(
                "The query parameter {name} is not supported on a single entity."
            )));
        }
    }
    let record = table
        .get(id)
        .ok_or_else(|| ApiError::record_not_found(&table.meta.logical_name, &id.to_string()))?;
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/$metadata#{}{}/$entity",
            ctx.service_root,
            table.meta.entity_set_name,
            context_selection(opts)
        )),
    );
    body.extend(present(ctx, table, &row_of(table, record), opts)?);
    Ok(ctx.applied(ApiResponse::json(200, &Value::Object(body)), false))
}

/// Projects one row for the response: `$select`, annotations, `$expand`.
fn present(ctx: &Ctx, table: &Table, row: &Row, opts: &QueryOptions) -> ApiResult<Row> {
    let meta = &table.meta;
    let projected = engine::project(
        row,
        opts.select.as_deref(),
        &[meta.primary_id.as_str(), "@odata.etag"],
    );
    let mut out = Row::new();
    for (k, v) in projected {
        if k.contains('@') && k != "@odata.etag" {
            continue;
        }
        if let (false, Some(attr)) = (v.is_null(), meta.by_property(&k)) {
            let target = row
                .get(&format!("{k}@{LOOKUP_NAME}"))
                .and_then(Value::as_str);
            if ctx.prefs.wants(FORMATTED) {
                if let Some(f) = format::formatted(ctx.store, attr, &v, target, ctx.lcid) {
                    out.insert(format!("{k}@{FORMATTED}"), json!(f));
                }
            }
            if attr.attr_type.is_lookup() {
                for term in [LOOKUP_NAME, ASSOCIATED_NAV] {
                    let key = format!("{k}@{term}");
                    if let (true, Some(a)) = (ctx.prefs.wants(term), row.get(&key)) {
                        out.insert(key, a.clone());
                    }
                }
            }
        }
        out.insert(k, v);
    }
    for item in &opts.expand {
        expand(ctx, table, row, item, &mut out)?;
    }
    Ok(out)
}

fn expand(ctx: &Ctx, table: &Table, row: &Row, item: &ExpandItem, out: &mut Row) -> ApiResult<()> {
    let nav = find_nav(&table.meta.logical_name, &item.navigation)
        .ok_or_else(|| ApiError::no_property(&item.navigation, &table.meta.type_name()))?;
    let target = self::table_of(ctx.store, nav.target);
    let value = match nav.kind {
        NavKind::ManyToOne(_) => match many_to_one_id(row, nav).and_then(|id| target.get(id)) {
            Some(r) => Value::Object(present(ctx, target, &row_of(target, r), &item.options)?),
            None => Value::Null,
        },
        _ => {
            let id = row
                .get(&table.meta.primary_id)
                .and_then(Value::as_str)
                .and_then(|s| Uuid::parse_str(s).ok());
            let rows = id
                .map(|id| related_rows(ctx.store, nav, id))
                .unwrap_or_default();
            let mut rows = engine::filter_and_sort(rows, &item.options);
            rows.truncate(item.options.top.unwrap_or(engine::MAX_PAGE_SIZE));
            let mut values = Vec::with_capacity(rows.len());
            for r in &rows {
                values.push(Value::Object(present(ctx, target, r, &item.options)?));
            }
            Value::Array(values)
        }
    };
    out.insert(nav.name.to_string(), value);
    Ok(())
}

/// POST/DELETE on `set(id)/navigation/$ref` for a many-to-many navigation
/// property: `contacts(id)/contactleads_association/$ref` and the lead side.
pub fn write_ref(
    store: &mut Store,
    req: &ApiRequest,
    segments: &[Segment],
    denied: &[String],
) -> ApiResult<ApiResponse> {
    let [owner, nav_seg, _ref] = segments else {
        return Err(ApiError::segment_not_found(
            &segments.last().map(Segment::text).unwrap_or_default(),
        ));
    };
    let nav = many_to_many(store, &owner.name, &nav_seg.name)
        .ok_or_else(|| ApiError::segment_not_found(&nav_seg.text()))?;
    crate::privileges::require(store, denied, "Append", &[nav.from, nav.target])?;
    let (from, other_set) = (
        nav.from,
        table_of(store, nav.target).meta.entity_set_name.clone(),
    );
    let owner_id = parse_guid_key(
        owner
            .key
            .as_deref()
            .ok_or_else(|| ApiError::segment_not_found(&nav_seg.text()))?,
    )?;
    if store.get(from, owner_id).is_none() {
        return Err(ApiError::record_not_found(from, &owner_id.to_string()));
    }
    let reference = |url: &str| -> ApiResult<Uuid> {
        let (set, id) = parse_entity_reference(url)?;
        if set != other_set {
            return Err(ApiError::new(400, "0x80040203", format!("The entity set '{set}' of the reference does not match the navigation property '{}'.", nav_seg.name)));
        }
        Ok(id)
    };
    let other = match (req.method.as_str(), &nav_seg.key) {
        ("POST", None) => {
            let body: Value = serde_json::from_slice(&req.body)
                .map_err(|_| ApiError::new(400, "0x80040203", "Error identified in Payload provided by the user for Entity :'', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293"))?;
            let url = body
                .get("@odata.id")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    ApiError::new(
                        400,
                        "0x80040203",
                        "The '@odata.id' annotation is missing from the request payload.",
                    )
                })?;
            reference(url)?
        }
        ("DELETE", Some(key)) => parse_guid_key(key)?,
        ("DELETE", None) => {
            let id_param = split_query(&req.raw_query)
                .into_iter()
                .find(|(k, _)| k == "$id")
                .map(|(_, v)| v);
            let url = id_param.ok_or_else(|| ApiError::bad_query("The $id query option is required to delete a reference from a collection-valued navigation property."))?;
            reference(&url)?
        }
        (method, _) => return Err(ApiError::method_not_allowed(method)),
    };
    let (contact, lead) = if from == "contact" {
        (owner_id, other)
    } else {
        (other, owner_id)
    };
    if req.method == "POST" {
        store.associate(contact, lead)?;
    } else {
        store.disassociate(contact, lead)?;
    }
    Ok(ApiResponse::no_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_writes_follow_the_many_to_many_navigation_properties() {
        let store = crate::fixtures::build();
        for set in ["contacts", "leads"] {
            assert!(
                is_many_to_many(&store, set, "contactleads_association"),
                "{set}"
            );
        }
        for (set, nav) in [
            ("entitymaps", "entity_map_attribute_maps"),
            ("contacts", "parentcustomerid_account"),
            ("accounts", "contactleads_association"),
            ("contacts", "nope"),
            ("nope", "contactleads_association"),
        ] {
            assert!(!is_many_to_many(&store, set, nav), "{set}/{nav}");
        }
    }
}
