//! Writes `www/early_requests.js`, the page's first round trip and its
//! first rows, from what the app itself uses, so the two cannot drift:
//! - the requests from the same definitions ([`crate::api::requests`]): the
//!   script only fills the form's id, entity and page size into requests
//!   rendered here;
//! - the first page's grid from the app's own `Grid` component, rendered here
//!   with stand-ins ([`first_rows`]), and each cell's value by its column's
//!   [`CellText`]: when the first page's answer is in before the wasm has
//!   started, the script draws those rows (inert) in place of the loading
//!   skeleton, and the app mounts over them.
//!
//! Run by Trunk's `pre_build` hook and by the packager (`cargo run -p
//! leadmap-packager --bin early-requests`); a test fails when the committed
//! file is stale. The script sends each request on its own, side by side:
//! Dataverse runs the parts of a `$batch` one after another.

mod first_rows;

use crate::api::contactleads::{CellText, Side, NO_NAME};
use crate::api::metadata_store;
use crate::api::requests::{
    attribute_catalog, entity_definitions, entity_map_list, first_page, initialize_from,
};
use crate::api::{DEFAULT_API_VERSION, ODATA_HEADERS};
use crate::hooks::SHOWN_FIRST;
use crate::host::options::{DEFAULT_LCID, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::host::{EntityName, RecordId};

/// Stand-ins rendered into the requests, replaced by the script's values.
const ID: RecordId = RecordId::from_u128(0xeeee_eeee_eeee_4eee_8eee_eeee_eeee_eeee);
const ID_TEXT: &str = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee";
const PAGE_SIZE: u32 = 987_654_321;
const ENTITY: &str = "leadmapentityplaceholder";
const TABLE: &str = "leadmaptableplaceholder";
const TARGET: &str = "leadmaptargetplaceholder";
const LCID: u32 = 987_654_320;

/// The script's hand-written part: reading the form's parameters and sending.
const LOGIC: &str = include_str!("early_script.js");

/// The whole script.
pub fn script() -> String {
    let config = serde_json::json!({
        "apiVersion": DEFAULT_API_VERSION,
        "headers": ODATA_HEADERS.iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v))).collect::<serde_json::Map<_, _>>(),
        "defaultPageSize": DEFAULT_PAGE_SIZE,
        "maxPageSize": MAX_PAGE_SIZE,
        // The first rows are drawn in the strings built in.
        "drawnLanguage": DEFAULT_LCID,
        "associations": {
            "contact": association(Side::Contact),
            "lead": association(Side::Lead),
        },
        "entityMaps": template(&entity_map_list(&EntityName::from_code(ENTITY))),
        "details": details(),
    });
    format!(
        "// GENERATED from src/api/requests.rs and the grid by src/early_page: do not edit.\n\
         // Regenerate: cargo run -q -p leadmap-packager --bin early-requests\n{}",
        LOGIC.replace("__REQUESTS__", &config.to_string())
    )
}

fn association(side: Side) -> serde_json::Value {
    let mut request = template(&first_page(side, ID, PAGE_SIZE));
    request["grid"] = grid(side);
    request
}

/// What the first entity map's view reads besides the list (which holds its
/// attribute maps): both tables' attribute catalogs (metadata, skipped when
/// kept) and the preview from the form's record.
fn details() -> serde_json::Value {
    let table = EntityName::from_code(TABLE);
    let target = EntityName::from_code(TARGET);
    let preview = |entity: &'static str| {
        initialize_from(&EntityName::from_code(entity), ID, &target)
            .map_or(serde_json::Value::Null, |get| template(&get))
    };
    let key = metadata_store::key(LCID, "{url}", "{prefer}").replace(&LCID.to_string(), "{lcid}");
    serde_json::json!({
        "shownFirst": SHOWN_FIRST,
        "attributes": [template(&attribute_catalog(&table, LCID))],
        "initializeFrom": { "contact": preview("contact"), "lead": preview("lead") },
        "metadataKey": key,
        "labels": labels(),
    })
}

/// The entity labels' query (`EntityDefinitions` of the form's entity and
/// every one the list names) for any number of entities: the names joined by
/// `separator` between `prefix` and `suffix`. Null if the query ever stops
/// having that shape: the script then leaves the labels to the app (a test
/// fails first).
fn labels() -> serde_json::Value {
    let one = entity_definitions(&[EntityName::from_code(TABLE)]);
    let url = one.url("");
    let two = entity_definitions(&[EntityName::from_code(TABLE), EntityName::from_code(TARGET)]);
    let two = two.url("");
    let parts = url.split_once(TABLE).and_then(|(prefix, suffix)| {
        let separator = two
            .strip_prefix(&format!("{prefix}{TABLE}"))?
            .strip_suffix(&format!("{TARGET}{suffix}"))?;
        Some((prefix, separator, suffix))
    });
    parts.map_or(serde_json::Value::Null, |(prefix, separator, suffix)| {
        serde_json::json!({
            "prefix": prefix,
            "separator": separator,
            "suffix": suffix,
            "prefer": one.prefer(),
        })
    })
}

/// The first page's grid: its markup with stand-ins, and what replaces each.
fn grid(side: Side) -> serde_json::Value {
    let columns: Vec<serde_json::Value> = side
        .columns()
        .iter()
        .map(|column| {
            let text = match column.text {
                CellText::Value => "value",
                CellText::FormattedOrValue => "formattedOrValue",
                CellText::Formatted => "formatted",
            };
            serde_json::json!({
                "attribute": column.attribute,
                "standIn": first_rows::cell_stand_in(column.attribute),
                "text": text,
            })
        })
        .collect();
    serde_json::json!({
        "markup": first_rows::first_page(side, true),
        "key": side.related_key(),
        "idStandIn": first_rows::ID.to_string(),
        "clientUrlStandIn": first_rows::CLIENT_URL,
        "noName": NO_NAME,
        "columns": columns,
    })
}

/// A request with `{id}`, `{entity}`, `{pagesize}`, `{table}`, `{target}` and `{lcid}` where the stand-ins were.
fn template(get: &crate::api::requests::Get) -> serde_json::Value {
    let fill = |text: String| {
        text.replace(ID_TEXT, "{id}")
            .replace(ENTITY, "{entity}")
            .replace(TABLE, "{table}")
            .replace(TARGET, "{target}")
            .replace(&PAGE_SIZE.to_string(), "{pagesize}")
            .replace(&LCID.to_string(), "{lcid}")
    };
    serde_json::json!({ "path": fill(get.url("")), "prefer": fill(get.prefer()) })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_committed_script_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/early_requests.js");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == script(),
            "www/early_requests.js is stale: run `cargo run -q -p leadmap-packager --bin early-requests`"
        );
    }

    #[test]
    fn the_labels_query_joins_any_number_of_entities_as_the_app_does() {
        let labels = labels();
        let text = |key: &str| labels[key].as_str().unwrap_or_default().to_owned();
        let names = ["account", "contact", "lead"];
        let joined = format!(
            "{}{}{}",
            text("prefix"),
            names.join(&text("separator")),
            text("suffix")
        );
        let app = entity_definitions(&names.map(EntityName::from_code));
        assert_eq!(joined, app.url(""));
        assert_eq!(text("prefer"), app.prefer());
    }

    #[test]
    fn every_stand_in_is_replaced() {
        let text = script();
        assert!(!text.contains(ID_TEXT) && !text.contains(ENTITY));
        assert!(!text.contains(&PAGE_SIZE.to_string()));
        assert!(!text.contains("__REQUESTS__"));
        assert!(!text.contains(TABLE) && !text.contains(TARGET));
        assert!(!text.contains(&LCID.to_string()));
        for placeholder in [
            "{id}",
            "{entity}",
            "{pagesize}",
            "{table}",
            "{target}",
            "{lcid}",
        ] {
            assert!(text.contains(placeholder), "{placeholder}");
        }
    }
}
