//! The entity map view against the emulator, in headless Chromium: maps in
//! both directions, attribute maps with labels in two languages, the
//! InitializeFrom preview, and each diagnostic on fixture data built for it.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MAP_ROWS: &str = ".lm-map-table tbody tr";

async fn open(search: &str, lcid: u32) -> web_sys::Element {
    install_xrm_stub_with_language(lcid);
    reset().await;
    let root = render(search);
    assert!(
        wait_for(&root, 8000, |r| count(r, MAP_ROWS) > 0
            && count(r, ".lm-spinner") == 0)
        .await,
        "{}",
        text(&root)
    );
    root
}

#[wasm_bindgen_test]
async fn a_lead_shows_its_maps_and_previews_a_new_contact() {
    let root = open(&lead_form(LEAD_FULL, "view%3Dmaps"), 1033).await;
    let outgoing = texts(&root, ".lm-map-group")[0].clone();
    assert!(outgoing.starts_with("From this Lead into"), "{outgoing}");
    for target in ["Account", "Contact", "Opportunity"] {
        assert!(outgoing.contains(target), "{outgoing}");
    }
    assert!(text(&root).contains("Into this Lead from"));
    // lead → contact is shown first, with display names and the preview.
    assert!(text(&root).contains("New contact gets"), "{}", text(&root));
    let first_names: Vec<String> = texts(&root, MAP_ROWS)
        .into_iter()
        .filter(|r| r.contains("First Name"))
        .collect();
    assert_eq!(first_names.len(), 1, "{first_names:?}");
    assert!(
        first_names[0].contains("Anaïs"),
        "the lead's first name is previewed: {}",
        first_names[0]
    );
    let marks = web_sys::window()
        .unwrap()
        .performance()
        .unwrap()
        .get_entries_by_name("leadmap:maps-ready");
    assert_eq!(marks.length(), 1);
}

#[wasm_bindgen_test]
async fn labels_follow_the_users_language() {
    let root = open(&lead_form(LEAD_FULL, "view%3Dmaps"), 1036).await;
    assert!(
        texts(&root, MAP_ROWS).iter().any(|r| r.contains("Prénom")),
        "{}",
        text(&root)
    );
}

#[wasm_bindgen_test]
async fn each_diagnostic_shows_on_the_rows_built_to_trigger_it() {
    let root = open(&lead_form(LEAD_FULL, "view%3Dmaps"), 1033).await;
    let rows = texts(&root, MAP_ROWS);
    let row = |column: &str| {
        rows.iter()
            .find(|r| r.contains(column))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        row("new_legacyscore").contains("source column no longer exists"),
        "{rows:?}"
    );
    assert!(
        row("new_employeecount").contains("Types differ"),
        "{rows:?}"
    );
    assert!(row("new_summary").contains("will be cut"), "{rows:?}");
    assert!(text(&root).contains("need attention"));
    // lead → account leaves a required account column unmapped.
    let account = texts(&root, ".lm-chip")
        .iter()
        .position(|c| c == "Account")
        .unwrap();
    let chips = root.query_selector_all(".lm-chip").unwrap();
    let chip: web_sys::HtmlElement =
        wasm_bindgen::JsCast::dyn_into(chips.item(account as u32).unwrap()).unwrap();
    chip.click();
    assert!(
        wait_for(&root, 5000, |r| text(r)
            .contains("Required account columns no map fills"))
        .await,
        "{}",
        text(&root)
    );
    assert!(text(&root).contains("new_region"));
}

#[wasm_bindgen_test]
async fn the_filter_narrows_attribute_maps() {
    let root = open(&lead_form(LEAD_FULL, "view%3Dmaps"), 1033).await;
    let all = count(&root, MAP_ROWS);
    type_into(&root, ".lm-map-details input[type=search]", "email");
    assert!(
        wait_for(&root, 1000, |r| count(r, MAP_ROWS) < all
            && count(r, MAP_ROWS) > 0)
        .await
    );
    for row in texts(&root, MAP_ROWS) {
        assert!(row.to_lowercase().contains("email"), "{row}");
    }
}

#[wasm_bindgen_test]
async fn a_contact_shows_maps_in_both_directions_without_a_preview_of_incoming_ones() {
    install_xrm_stub();
    reset().await;
    let root = render(&contact_form(CONTACT_OBRIEN, "view%3Dmaps"));
    assert!(
        wait_for(&root, 8000, |r| count(r, ".lm-chip") > 0
            && text(r).contains("From this Contact into"))
        .await,
        "{}",
        text(&root)
    );
    assert!(text(&root).contains("Into this Contact from"));
    let groups = root.query_selector_all(".lm-map-group").unwrap();
    let incoming_group: web_sys::Element =
        wasm_bindgen::JsCast::dyn_into(groups.item(1).unwrap()).unwrap();
    let incoming = incoming_group.query_selector(".lm-chip").unwrap().unwrap();
    let incoming: web_sys::HtmlElement = wasm_bindgen::JsCast::dyn_into(incoming).unwrap();
    incoming.click();
    assert!(
        wait_for(&root, 5000, |r| text(r)
            .contains("Values are previewed on a"))
        .await,
        "{}",
        text(&root)
    );
}
