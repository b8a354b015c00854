//! The ContactLeads associations view against the emulator, in headless
//! Chromium: list, search (with a quote), sort, paging, add, remove, and
//! rollback when the service refuses.
#![cfg(target_arch = "wasm32")]

mod support;

use serde_json::json;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ROWS: &str = "tbody tr[data-row-index]";
const NAMES: &str = "tbody tr[data-row-index] .lm-grid__name";

async fn open_contact(id: &str) -> web_sys::Element {
    install_xrm_stub();
    reset().await;
    let root = render(&contact_form(id, "view%3Dassociations"));
    assert!(
        wait_for(&root, 5000, |r| !text(r).is_empty()
            && r.query_selector(".lm-skeleton").unwrap().is_none())
        .await
    );
    root
}

#[wasm_bindgen_test]
async fn lists_the_first_page_of_a_contacts_leads_with_the_total() {
    let root = open_contact(CONTACT_MANY_LEADS).await;
    assert_eq!(count(&root, ROWS), 25);
    assert!(text(&root).contains("Page 1 · 62 leads"), "{}", text(&root));
    // Headers come from metadata in the user's language.
    assert!(texts(&root, "th button")
        .iter()
        .any(|h| h.starts_with("Status Reason")));
}

#[wasm_bindgen_test]
async fn a_lead_form_lists_its_contacts() {
    install_xrm_stub();
    reset().await;
    let root = render(&lead_form(LEAD_MANY_CONTACTS, "view%3Dassociations"));
    assert!(
        wait_for(&root, 5000, |r| count(r, ROWS) == 6).await,
        "{}",
        text(&root)
    );
    assert!(texts(&root, NAMES).iter().any(|n| n == "Siobhán O'Brien"));
}

#[wasm_bindgen_test]
async fn an_empty_list_says_what_to_do() {
    let root = open_contact(CONTACT_NO_LEADS).await;
    assert!(text(&root).contains("No leads are associated with this contact"));
    assert!(text(&root).contains("Add existing"));
}

#[wasm_bindgen_test]
async fn searches_on_the_server_with_a_quote_in_the_term() {
    let root = open_contact(CONTACT_MANY_LEADS).await;
    type_into(&root, "input[type=search]", "O'Connor");
    assert!(
        wait_for(&root, 5000, |r| count(r, ROWS) > 0 && count(r, ROWS) < 25).await,
        "{}",
        text(&root)
    );
    for name in texts(&root, NAMES) {
        assert!(name.contains("O'Connor"), "{name}");
    }
    let log = requests().await;
    let last = log.last().unwrap()["query"].as_str().unwrap().to_owned();
    assert!(last.contains("contains(fullname,'O''Connor')"), "{last}");
}

#[wasm_bindgen_test]
async fn sorts_by_a_header_click_and_shows_the_direction() {
    let root = open_contact(CONTACT_MANY_LEADS).await;
    let first_ascending = texts(&root, NAMES)[0].clone();
    click(&root, "th button");
    assert!(
        wait_for(&root, 5000, |r| texts(r, NAMES).first()
            != Some(&first_ascending))
        .await
    );
    let names = texts(&root, NAMES);
    assert!(names[0] >= names[names.len() - 1], "{names:?}");
    assert!(root
        .query_selector("th[aria-sort=descending]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn pages_forward_and_back_over_next_links() {
    let root = open_contact(CONTACT_MANY_LEADS).await;
    let page_one = texts(&root, NAMES);
    click(&root, ".lm-pager button:last-child");
    assert!(wait_for(&root, 5000, |r| text(r).contains("Page 2")).await);
    assert!(wait_for(&root, 5000, |r| texts(r, NAMES) != page_one).await);
    click(&root, ".lm-pager button:last-child");
    assert!(
        wait_for(&root, 5000, |r| text(r).contains("Page 3")
            && count(r, ROWS) == 12)
        .await,
        "{}",
        text(&root)
    );
    click(&root, ".lm-pager button:first-child");
    assert!(
        wait_for(&root, 5000, |r| text(r).contains("Page 2")
            && count(r, ROWS) == 25)
        .await
    );
}

#[wasm_bindgen_test]
async fn adds_existing_leads_through_the_dialog() {
    let root = open_contact(CONTACT_NO_LEADS).await;
    click(&root, ".lm-section__head button");
    assert!(
        wait_for(&root, 5000, |r| count(r, ".lm-pick input:not([disabled])")
            > 1)
        .await,
        "{}",
        text(&root)
    );
    click(&root, ".lm-pick input:not([disabled])");
    assert!(
        wait_for(&root, 1000, |r| text(r).contains("Add 1")).await,
        "{}",
        text(&root)
    );
    click(&root, ".lm-dialog .lm-button--primary");
    assert!(
        wait_for(&root, 5000, |r| count(r, ROWS) == 1
            && count(r, ".lm-grid__row--busy") == 0)
        .await,
        "{}",
        text(&root)
    );
    let posts: Vec<_> = requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"].as_str().unwrap().ends_with("$ref"))
        .collect();
    assert_eq!(posts.len(), 1);
    // The service holds it: a fresh view shows it too.
    let again = render(&contact_form(CONTACT_NO_LEADS, "view%3Dassociations"));
    assert!(wait_for(&again, 5000, |r| count(r, ROWS) == 1).await);
}

#[wasm_bindgen_test]
async fn removes_after_confirming_and_with_the_keyboard() {
    let root = open_contact(CONTACT_OBRIEN).await;
    let before = count(&root, ROWS);
    assert!(before > 1);
    press(&root, "tr[data-row-index=\"0\"]", "Delete");
    assert!(wait_for(&root, 1000, |r| text(r).contains("Remove association")).await);
    click(&root, ".lm-dialog .lm-button--primary");
    assert!(
        wait_for(&root, 5000, |r| count(r, ROWS) == before - 1
            && count(r, ".lm-grid__row--busy") == 0)
        .await
    );
    // The row goes at once and the DELETE follows it: wait until the service has it.
    let is_delete = |r: &serde_json::Value| r["method"] == "DELETE";
    let log = requests_when(5000, |log| log.iter().any(is_delete)).await;
    assert_eq!(log.iter().filter(|r| is_delete(r)).count(), 1);
}

#[wasm_bindgen_test]
async fn a_refused_remove_rolls_back_with_a_message() {
    let root = open_contact(CONTACT_OBRIEN).await;
    let names = texts(&root, NAMES);
    fault(json!({"path_contains": "$ref", "method": "DELETE", "status": 500, "times": 1})).await;
    click(&root, "tr[data-row-index=\"0\"] .lm-icon-button");
    assert!(wait_for(&root, 1000, |r| count(r, ".lm-dialog") == 1).await);
    click(&root, ".lm-dialog .lm-button--primary");
    assert!(
        wait_for(&root, 5000, |r| text(r).contains("Could not remove")).await,
        "{}",
        text(&root)
    );
    assert_eq!(texts(&root, NAMES), names, "the row is back where it was");
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_the_error_and_retry_recovers() {
    install_xrm_stub();
    reset().await;
    fault(json!({"path_contains": CONTACT_OBRIEN, "status": 403, "times": 1})).await;
    let root = render(&contact_form(CONTACT_OBRIEN, "view%3Dassociations"));
    assert!(
        wait_for(&root, 5000, |r| text(r).contains("Couldn't load the leads")).await,
        "{}",
        text(&root)
    );
    assert!(text(&root).contains("permission"));
    click(&root, "[role=alert] button");
    assert!(wait_for(&root, 5000, |r| count(r, ROWS) > 0).await);
}
