//! The form's Client API (`Xrm`), reached through `parent` when the web
//! resource sits in a model-driven form, or handed over by a form OnLoad
//! script through `setClientApiContext(xrm, formContext)`.
//!
//! Everything here is defensive: a cross-origin parent throws on access, a
//! stub may lack members, and none of that may panic.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// What LeadMap reads from `Xrm`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XrmInfo {
    /// `Xrm.Utility.getGlobalContext().getClientUrl()`.
    pub client_url: Option<String>,
    /// `Xrm.Utility.getGlobalContext().userSettings.languageId`.
    pub language_id: Option<u32>,
}

/// Called whenever a form hands LeadMap a (new) Client API context.
type ContextListener = Box<dyn Fn(XrmInfo)>;

thread_local! {
    /// The `Xrm` object in use: handed over by `setClientApiContext`, else
    /// the parent's. Kept to call `Xrm.Navigation` later.
    static XRM: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static ON_CONTEXT: RefCell<Option<ContextListener>> = const { RefCell::new(None) };
    static INSTALLED: RefCell<bool> = const { RefCell::new(false) };
}

/// Look for `parent.Xrm` (or the page's own `Xrm` when not framed).
pub fn discover() -> Option<XrmInfo> {
    let window = web_sys::window()?;
    let parent_xrm = window
        .parent()
        .ok()
        .flatten()
        .and_then(|parent| get(&parent, "Xrm"));
    let xrm = parent_xrm.or_else(|| get(&window, "Xrm"))?;
    let info = read(&xrm);
    XRM.with(|slot| *slot.borrow_mut() = Some(xrm));
    Some(info)
}

/// Define `window.setClientApiContext(xrm, formContext)` for a form OnLoad
/// script. Forms destroy and re-create web resource frames on tab changes and
/// may call it more than once: each call replaces the previous context.
pub fn install_set_client_api_context(on_context: impl Fn(XrmInfo) + 'static) {
    ON_CONTEXT.with(|slot| *slot.borrow_mut() = Some(Box::new(on_context)));
    if INSTALLED.with(|flag| flag.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler =
        Closure::<dyn Fn(JsValue, JsValue)>::new(|xrm: JsValue, _form_context: JsValue| {
            if xrm.is_object() {
                let info = read(&xrm);
                XRM.with(|slot| *slot.borrow_mut() = Some(xrm));
                ON_CONTEXT.with(|slot| {
                    if let Some(callback) = slot.borrow().as_ref() {
                        callback(info);
                    }
                });
            }
        });
    // Lives as long as the page: the function is a global the form may call anytime.
    let _ = Reflect::set(&window, &"setClientApiContext".into(), handler.as_ref());
    handler.forget();
}

/// A record's form in the org's unified interface, for a link or a new tab.
pub fn record_url(client_url: &str, entity_name: &str, entity_id: &str) -> String {
    format!("{client_url}/main.aspx?etn={entity_name}&id={entity_id}&pagetype=entityrecord")
}

/// `Xrm.Navigation.openForm({ entityName, entityId })`. Returns false when no
/// usable `Xrm` is known, so the caller can fall back to a link.
pub fn open_form(entity_name: &str, entity_id: &str) -> bool {
    let Some(xrm) = XRM.with(|slot| slot.borrow().clone()) else {
        return false;
    };
    let Some(navigation) = get(&xrm, "Navigation") else {
        return false;
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"entityName".into(), &entity_name.into());
    let _ = Reflect::set(&options, &"entityId".into(), &entity_id.into());
    call(&navigation, "openForm", &[options.into()]).is_some()
}

fn read(xrm: &JsValue) -> XrmInfo {
    let context = get(xrm, "Utility").and_then(|utility| call(&utility, "getGlobalContext", &[]));
    let Some(context) = context else {
        return XrmInfo::default();
    };
    let client_url = call(&context, "getClientUrl", &[])
        .and_then(|url| url.as_string())
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    let language_id = get(&context, "userSettings")
        .and_then(|settings| serde_wasm_bindgen::from_value::<UserSettings>(settings).ok())
        .and_then(|settings| settings.language_id)
        .filter(|lcid| lcid.fract() == 0.0 && (1.0..=65535.0).contains(lcid))
        .map(|lcid| lcid as u32);
    XrmInfo {
        client_url,
        language_id,
    }
}

/// The part of `getGlobalContext().userSettings` LeadMap reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserSettings {
    #[serde(default)]
    language_id: Option<f64>,
}

/// `obj[key]`, or None when absent or when access throws (cross-origin parent).
fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &key.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// `obj[method](...args)`, or None when it is not a function or throws.
fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: Function = get(obj, method)?.dyn_into().ok()?;
    let args: js_sys::Array = args.iter().collect();
    function
        .apply(obj, &args)
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}
