//! The model-driven-form look-alike page served at `/`.

use crate::fixtures;
use crate::store::Store;
use serde_json::{json, Value};
use uuid::Uuid;

const TEMPLATE: &str = include_str!("../assets/host.html");
/// The page's script: `window.Xrm` with `Xrm.Page` (formContext), Save, OnLoad.
const SCRIPT: &str = include_str!("../assets/host.js");
/// The WhoAmI user's name, for `userSettings.userName`.
const USER_NAME: &str = "Emulator User";

/// How many non-fixture records of each table the record picker offers.
const EXTRA_RECORDS: usize = 10;

/// The records offered by the picker: the named fixtures first.
fn records(store: &Store) -> Vec<Value> {
    let named = [
        ("contact", fixtures::CONTACT_MANY_LEADS),
        ("contact", fixtures::CONTACT_NO_LEADS),
        ("contact", fixtures::CONTACT_OBRIEN),
        ("contact", fixtures::CONTACT_XSS),
        ("contact", fixtures::CONTACT_CJK),
        ("contact", fixtures::CONTACT_RTL),
        ("lead", fixtures::LEAD_MANY_CONTACTS),
        ("lead", fixtures::LEAD_NO_CONTACTS),
        ("lead", fixtures::LEAD_XSS),
        ("lead", fixtures::LEAD_FULL),
    ];
    let mut out: Vec<Value> = named
        .iter()
        .filter_map(|(t, id)| {
            let id = Uuid::parse_str(id).ok()?;
            Some(json!({"typename": t, "id": id.to_string(), "name": store.primary_name(t, id)?}))
        })
        .collect();
    for t in ["contact", "lead"] {
        let Some(table) = store.table(t) else {
            continue;
        };
        for r in table.records.iter().skip(10).take(EXTRA_RECORDS) {
            let name = store.primary_name(t, r.id).unwrap_or_default();
            out.push(json!({"typename": t, "id": r.id.to_string(), "name": name}));
        }
    }
    out
}

/// The host page, defaulting to the fixture contact with many leads.
pub fn render(store: &Store, user_lcid: u32) -> String {
    // `<` is escaped so record names cannot close the inline <script>.
    let records = Value::Array(records(store))
        .to_string()
        .replace('<', "\\u003c");
    TEMPLATE
        .replace("__HOST_JS__", SCRIPT)
        .replace("__RECORDS_JSON__", &records)
        .replace("__USER_ID__", fixtures::USER_ID)
        .replace("__USER_NAME__", USER_NAME)
        .replace("__DEFAULT_CONTACT_ID__", fixtures::CONTACT_MANY_LEADS)
        .replace("__DEFAULT_LCID__", &user_lcid.to_string())
}
