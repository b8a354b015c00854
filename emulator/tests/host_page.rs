//! The form-like host page at `/`: the hooks of a model-driven form that the
//! app's end-to-end tests drive (`Xrm.Page`, Save, OnLoad, form types).

mod common;
use common::*;

const USER: &str = "5e000000-0000-4000-8000-000000000001";

#[tokio::test]
async fn the_page_has_the_form_context_hooks() {
    let emu = Emu::start().await;
    let page = emu.get("/?typename=lead&id=&onload=1").await;
    assert_eq!(page.status, 200);
    for needle in [
        // formContext, also reachable as parent.Xrm.Page
        "Page: formContext",
        "getFormType",
        "getEntityName",
        "addOnPostSave",
        "removeOnPostSave",
        "addOnSave",
        "getContentWindow",
        "WebResource_leadmap_second",
        // PostSave event arguments
        "getEntityReference",
        "getIsSaveSuccess",
        "getSaveErrorInfo",
        // userSettings / organizationSettings
        USER,
        "userName",
        "isRTL",
        "organizationSettings",
        // create forms, Save through the Web API, OnLoad
        "params.get(\"formtype\")",
        "\"/api/data/v9.2/\" + SET[typename]",
        "return=representation",
        "form_onload.js",
        "LeadMap.onLoad(",
        "\"third\"",
        "dir = RTL[lcid]",
    ] {
        assert!(page.text.contains(needle), "host page lacks {needle}");
    }
    assert!(
        !page.text.contains("__"),
        "every placeholder is filled: {}",
        page.text
            .split("__")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(40)
            .collect::<String>()
    );
}

#[tokio::test]
async fn the_save_button_creates_through_the_web_api() {
    // What the page's Save sends on a create form.
    let emu = Emu::start().await;
    let r = emu
        .send(
            "POST",
            "leads",
            &[
                ("Content-Type", "application/json"),
                ("Prefer", "return=representation"),
            ],
            Some(r#"{"lastname":"New lead 1","subject":"New lead 1"}"#.into()),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        r.header("Preference-Applied").as_deref(),
        Some("return=representation")
    );
    let lead = r.json();
    let id = lead["leadid"].as_str().unwrap().to_string();
    assert_eq!(lead["fullname"], "New lead 1");
    assert_eq!(lead["_ownerid_value"], USER);
    assert!(lead["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("$metadata#leads/$entity"));
    assert_eq!(
        r.header("OData-EntityId"),
        Some(format!("{}/api/data/v9.2/leads({id})", emu.origin))
    );
    let name = emu.get(&format!("/_emulator/name/lead/{id}")).await;
    assert_eq!(name.json()["name"], "New lead 1");
}
