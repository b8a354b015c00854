//! Writes `www/early_requests.js`, the page's first round trip, from the
//! same request definitions the app uses ([`super::requests`]), so the two
//! cannot drift: the script only fills the form's id, entity and page size
//! into requests rendered here. Run by Trunk's `pre_build` hook and by the
//! packager (`cargo run -p leadmap-packager --bin early-requests`); a test fails when the
//! committed file is stale.
//!
//! The script sends each request on its own, side by side: Dataverse runs
//! the parts of a `$batch` one after another.

use super::contactleads::Side;
use super::requests::{entity_map_list, first_page};
use super::send::ODATA_HEADERS;
use super::DEFAULT_API_VERSION;
use crate::host::options::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::host::{EntityName, RecordId};

/// Stand-ins rendered into the requests, replaced by the script's values.
const ID: RecordId = RecordId::from_u128(0xeeee_eeee_eeee_4eee_8eee_eeee_eeee_eeee);
const ID_TEXT: &str = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee";
const PAGE_SIZE: u32 = 987_654_321;
const ENTITY: &str = "leadmapentityplaceholder";

/// The script's hand-written part: reading the form's parameters and sending.
const LOGIC: &str = include_str!("early_script.js");

/// The whole script.
pub fn script() -> String {
    let config = serde_json::json!({
        "apiVersion": DEFAULT_API_VERSION,
        "headers": ODATA_HEADERS.iter().map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v))).collect::<serde_json::Map<_, _>>(),
        "defaultPageSize": DEFAULT_PAGE_SIZE,
        "maxPageSize": MAX_PAGE_SIZE,
        "associations": {
            "contact": association(Side::Contact),
            "lead": association(Side::Lead),
        },
        "entityMaps": template(&entity_map_list(&EntityName::from_code(ENTITY))),
    });
    format!(
        "// GENERATED from src/api/requests.rs by src/api/early_script.rs: do not edit.\n\
         // Regenerate: cargo run -q -p leadmap-packager --bin early-requests\n{}",
        LOGIC.replace("__REQUESTS__", &config.to_string())
    )
}

fn association(side: Side) -> serde_json::Value {
    template(&first_page(side, ID, PAGE_SIZE))
}

/// A request with `{id}`, `{entity}` and `{pagesize}` where the stand-ins were.
fn template(get: &super::requests::Get) -> serde_json::Value {
    let fill = |text: String| {
        text.replace(ID_TEXT, "{id}")
            .replace(ENTITY, "{entity}")
            .replace(&PAGE_SIZE.to_string(), "{pagesize}")
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
    fn every_stand_in_is_replaced() {
        let text = script();
        assert!(!text.contains(ID_TEXT) && !text.contains(ENTITY));
        assert!(!text.contains(&PAGE_SIZE.to_string()));
        assert!(!text.contains("__REQUESTS__"));
        for placeholder in ["{id}", "{entity}", "{pagesize}"] {
            assert!(text.contains(placeholder), "{placeholder}");
        }
    }
}
