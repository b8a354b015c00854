//! The app shell in a real browser: render LeadMap into a test root with a
//! given query string and read what a user would see.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn contact(id: &str) -> String {
    format!(
        "?type=2&typename=contact&id=%7B{}%7D&orgname=contoso&userlcid=1033&orglcid=1033",
        id.to_uppercase()
    )
}

#[wasm_bindgen_test]
async fn shows_the_record_context_and_both_views() {
    install_xrm_stub();
    let root = render(&contact(CONTACT_NO_LEADS));
    assert!(
        wait_for(&root, 3000, |r| text(r).contains("No leads are associated")).await,
        "{}",
        text(&root)
    );
    let text = text(&root);
    assert!(text.contains("Contact"), "{text}");
    // The form says which record; a raw id means nothing to a user.
    assert!(!text.contains(CONTACT_NO_LEADS), "{text}");
    assert!(text.contains("Entity maps"), "{text}");
    assert!(
        root.query_selector("[role=alert]").unwrap().is_none(),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn the_data_parameter_chooses_one_view() {
    let root = render(&format!("{}&data=view%3Dmaps", contact(CONTACT_NO_LEADS)));
    sleep_ms(30).await;
    let text = text(&root);
    assert!(text.contains("Entity maps"), "{text}");
    assert!(!text.contains("Leads"), "{text}");
}

#[wasm_bindgen_test]
async fn another_entity_gets_an_explanation_not_an_error() {
    let root = render(
        "?typename=account&id=acc00000-0000-4000-8000-000000000001&data=view%3Dassociations",
    );
    sleep_ms(30).await;
    assert!(text(&root).contains("Place LeadMap on a contact or lead form"));
    assert!(root.query_selector("[role=alert]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_bad_id_gets_a_message_not_a_blank_frame() {
    let root = render("?typename=contact&id=%7Bnot-a-guid%7D");
    sleep_ms(30).await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    let message = alert.text_content().unwrap();
    assert!(message.contains("is not a valid GUID"), "{message}");
}

#[wasm_bindgen_test]
async fn a_missing_id_says_how_to_fix_it() {
    let root = render("?typename=contact");
    sleep_ms(30).await;
    assert!(text(&root).contains("Pass record object-type code and unique identifier"));
}

#[wasm_bindgen_test]
async fn script_in_the_typename_is_shown_as_text() {
    let root = render("?typename=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&id=6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    sleep_ms(30).await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(text(&root).contains("<img src=x onerror=alert(1)>"));
}
