//! Shared set-up for the browser tests: the emulator's address (given at
//! build time by scripts/test.sh), a stub parent `Xrm` pointing at it, the
//! emulator's fault and request-log endpoints, and rendering helpers.
#![allow(dead_code)]

use std::time::Duration;

use js_sys::{Function, Object, Reflect};
use leadmap::app::{App, AppProps};
use wasm_bindgen::prelude::*;

pub const EMULATOR: &str = match option_env!("LEADMAP_EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18788",
};

pub const CONTACT_MANY_LEADS: &str = "c0000000-0000-4000-8000-000000000001";
pub const CONTACT_NO_LEADS: &str = "c0000000-0000-4000-8000-000000000002";
pub const CONTACT_OBRIEN: &str = "c0000000-0000-4000-8000-000000000003";
pub const LEAD_MANY_CONTACTS: &str = "1ead0000-0000-4000-8000-000000000001";
pub const LEAD_FULL: &str = "1ead0000-0000-4000-8000-000000000004";

/// Give the page a parent-style `Xrm` whose client URL is the emulator, as a
/// form would (the test page is its own parent).
pub fn install_xrm_stub() {
    install_xrm_stub_with_language(1033);
}

pub fn install_xrm_stub_with_language(lcid: u32) {
    let window = web_sys::window().unwrap();
    let context = Object::new();
    let get_client_url = Function::new_no_args(&format!("return '{EMULATOR}';"));
    Reflect::set(&context, &"getClientUrl".into(), &get_client_url).unwrap();
    let settings = Object::new();
    Reflect::set(&settings, &"languageId".into(), &JsValue::from(lcid)).unwrap();
    Reflect::set(&context, &"userSettings".into(), &settings).unwrap();
    let utility = Object::new();
    let ctx = context.clone();
    let get_global_context = Closure::<dyn Fn() -> JsValue>::new(move || ctx.clone().into());
    Reflect::set(
        &utility,
        &"getGlobalContext".into(),
        get_global_context.as_ref(),
    )
    .unwrap();
    get_global_context.forget();
    let xrm = Object::new();
    Reflect::set(&xrm, &"Utility".into(), &utility).unwrap();
    Reflect::set(&window, &"Xrm".into(), &xrm).unwrap();
}

async fn emulator(method: &str, path: &str, body: Option<String>) -> String {
    let url = format!("{EMULATOR}{path}");
    let builder = gloo_net::http::RequestBuilder::new(&url)
        .method(method.parse().unwrap())
        .header("Content-Type", "application/json");
    let request = match body {
        Some(body) => builder.body(body).unwrap(),
        None => builder.build().unwrap(),
    };
    request
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap_or_default()
}

/// Restore the fixture data and clear faults and the request log; forget
/// the metadata an earlier test's app kept in this browser.
pub async fn reset() {
    clear_kept_metadata();
    emulator("POST", "/_emulator/reset", None).await;
}

/// Clear the request log only.
pub async fn clear_requests() {
    emulator("DELETE", "/_emulator/requests", None).await;
}

/// The page's `localStorage`, where LeadMap keeps metadata across form opens.
pub fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("the test page has localStorage")
}

/// Forget the metadata LeadMap keeps across form opens.
pub fn clear_kept_metadata() {
    let _ = storage().clear();
}

/// Inject a fault (see emulator/README.md).
pub async fn fault(spec: serde_json::Value) {
    emulator("POST", "/_emulator/faults", Some(spec.to_string())).await;
}

/// The API requests the emulator saw since the last reset.
pub async fn requests() -> Vec<serde_json::Value> {
    serde_json::from_str(&emulator("GET", "/_emulator/requests", None).await).unwrap()
}

/// The emulator's request log once `predicate` holds for it, polling, for at
/// most `ms` (a write the view shows at once may still be on its way).
pub async fn requests_when(
    ms: u64,
    predicate: impl Fn(&[serde_json::Value]) -> bool,
) -> Vec<serde_json::Value> {
    let mut waited = 0;
    loop {
        let log = requests().await;
        if predicate(&log) || waited >= ms {
            return log;
        }
        sleep_ms(100).await;
        waited += 100;
    }
}

pub async fn sleep_ms(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Render LeadMap for `search` into a fresh element of the test page.
pub fn render(search: &str) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            search: search.to_owned().into(),
        },
    )
    .render();
    root
}

/// Wait until `predicate` holds for the root, polling, for at most `ms`.
pub async fn wait_for(
    root: &web_sys::Element,
    ms: u64,
    predicate: impl Fn(&web_sys::Element) -> bool,
) -> bool {
    let mut waited = 0;
    while waited < ms {
        if predicate(root) {
            return true;
        }
        sleep_ms(20).await;
        waited += 20;
    }
    predicate(root)
}

pub fn text(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

pub fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .map(|l| l.length())
        .unwrap_or(0)
}

fn element(root: &web_sys::Element, selector: &str) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into()
        .unwrap()
}

pub fn click(root: &web_sys::Element, selector: &str) {
    element(root, selector).click();
}

/// Type into an input as a user would: set the value, fire `input`.
pub fn type_into(root: &web_sys::Element, selector: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = element(root, selector).dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Press a key on an element (keydown, bubbling).
pub fn press(root: &web_sys::Element, selector: &str, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    element(root, selector).dispatch_event(&event).unwrap();
}

/// The text of every element matching `selector`.
pub fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

pub fn contact_form(id: &str, data: &str) -> String {
    format!(
        "?type=2&typename=contact&id=%7B{}%7D&userlcid=1033&data={data}",
        id.to_uppercase()
    )
}

pub fn lead_form(id: &str, data: &str) -> String {
    format!(
        "?type=4&typename=lead&id=%7B{}%7D&userlcid=1033&data={data}",
        id.to_uppercase()
    )
}

/// Render LeadMap and keep the handle, to unmount it later as a form does.
pub fn render_handle(search: &str) -> (web_sys::Element, yew::AppHandle<App>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            search: search.to_owned().into(),
        },
    )
    .render();
    (root, handle)
}
