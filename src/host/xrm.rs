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
    /// `userSettings.userId`, without braces.
    pub user_id: Option<String>,
    /// `formContext.ui.getFormType()`: 1 create, 2 update, 3 read only,
    /// 4 disabled, 6 bulk edit.
    pub form_type: Option<u8>,
    /// `formContext.data.entity.getId()` without braces, once the record has one.
    pub record_id: Option<String>,
    /// `formContext.data.entity.getPrimaryAttributeValue()`.
    pub record_name: Option<String>,
}

/// The form types whose record can't be changed (`XrmEnum.FormType`).
pub const FORM_READ_ONLY: u8 = 3;
pub const FORM_DISABLED: u8 = 4;
const FORM_CREATE: u8 = 1;

impl XrmInfo {
    /// A create form: the record has no id until it is saved.
    pub fn is_create_form(&self) -> bool {
        self.form_type == Some(FORM_CREATE) && self.record_id.is_none()
    }
}

/// The query string with the record's id added when the form has one and
/// the query string does not: a create form that has since been saved.
pub fn with_saved_record(search: &str, xrm: Option<&XrmInfo>) -> String {
    let saved = xrm.and_then(|x| x.record_id.as_deref());
    match saved {
        Some(id) if !has_id(search) => {
            let separator = if search.is_empty() || search == "?" {
                ""
            } else {
                "&"
            };
            format!("{search}{separator}id={id}")
        }
        _ => search.to_owned(),
    }
}

fn has_id(search: &str) -> bool {
    let search = search.strip_prefix('?').unwrap_or(search);
    form_urlencoded::parse(search.as_bytes()).any(|(k, v)| k == "id" && !v.trim().is_empty())
}

/// Called whenever a form hands LeadMap a (new) Client API context.
type ContextListener = Box<dyn Fn(XrmInfo)>;

thread_local! {
    /// The `Xrm` object in use: handed over by `setClientApiContext`, else
    /// the parent's. Kept to call `Xrm.Navigation` later.
    static XRM: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The form's `formContext`: handed over, else `Xrm.Page`.
    static FORM: RefCell<Option<JsValue>> = const { RefCell::new(None) };
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
    let form = get(&xrm, "Page");
    Some(keep(xrm, form))
}

/// Keep the Client API and the form, read what LeadMap needs, and hear of
/// the form's saves (a create form's record gets its id).
fn keep(xrm: JsValue, form: Option<JsValue>) -> XrmInfo {
    let info = read(&xrm, form.as_ref());
    if let Some(form) = &form {
        let known = FORM.with(|slot| slot.borrow().as_ref() == Some(form));
        if !known {
            listen_to_saves(form);
        }
    }
    XRM.with(|slot| *slot.borrow_mut() = Some(xrm));
    FORM.with(|slot| *slot.borrow_mut() = form);
    info
}

/// `formContext.data.entity.addOnPostSave`: after a save the listener hears
/// the form again, with the record's id.
fn listen_to_saves(form: &JsValue) {
    let Some(entity) = get(form, "data").and_then(|data| get(&data, "entity")) else {
        return;
    };
    let handler = Closure::<dyn Fn(JsValue)>::new(|_event: JsValue| {
        let (Some(xrm), form) = (
            XRM.with(|slot| slot.borrow().clone()),
            FORM.with(|slot| slot.borrow().clone()),
        ) else {
            return;
        };
        let info = read(&xrm, form.as_ref());
        ON_CONTEXT.with(|slot| {
            if let Some(callback) = slot.borrow().as_ref() {
                callback(info);
            }
        });
    });
    let _ = call(&entity, "addOnPostSave", &[handler.as_ref().clone()]);
    // The form keeps the handler as long as it lives.
    handler.forget();
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
        Closure::<dyn Fn(JsValue, JsValue)>::new(|xrm: JsValue, form_context: JsValue| {
            if xrm.is_object() {
                let form = Some(form_context)
                    .filter(JsValue::is_object)
                    .or_else(|| get(&xrm, "Page"));
                let info = keep(xrm, form);
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

/// An entity map in the classic relationship mappings editor.
pub fn mapping_editor_url(client_url: &str, entity_map_id: &str) -> String {
    format!("{client_url}/tools/systemcustomization/relationships/mappings/mappingList.aspx?mappingId={entity_map_id}")
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

fn read(xrm: &JsValue, form: Option<&JsValue>) -> XrmInfo {
    let form_type = form
        .and_then(|f| get(f, "ui"))
        .and_then(|ui| call(&ui, "getFormType", &[]))
        .and_then(|t| t.as_f64())
        .filter(|t| (0.0..=11.0).contains(t))
        .map(|t| t as u8);
    let entity = form
        .and_then(|f| get(f, "data"))
        .and_then(|data| get(&data, "entity"));
    let record_name = entity
        .as_ref()
        .and_then(|entity| call(entity, "getPrimaryAttributeValue", &[]))
        .and_then(|name| name.as_string())
        .filter(|name| !name.trim().is_empty());
    let record_id = entity
        .as_ref()
        .and_then(|entity| call(entity, "getId", &[]))
        .and_then(|id| id.as_string())
        .map(|id| {
            id.trim_matches(|c| c == '{' || c == '}')
                .to_ascii_lowercase()
        })
        .filter(|id| !id.is_empty());
    let context = get(xrm, "Utility").and_then(|utility| call(&utility, "getGlobalContext", &[]));
    let Some(context) = context else {
        return XrmInfo {
            form_type,
            record_id,
            record_name,
            ..XrmInfo::default()
        };
    };
    let client_url = call(&context, "getClientUrl", &[])
        .and_then(|url| url.as_string())
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    let settings = get(&context, "userSettings")
        .and_then(|settings| serde_wasm_bindgen::from_value::<UserSettings>(settings).ok());
    let language_id = settings
        .as_ref()
        .and_then(|settings| settings.language_id)
        .filter(|lcid| lcid.fract() == 0.0 && (1.0..=65535.0).contains(lcid))
        .map(|lcid| lcid as u32);
    let user_id = settings
        .and_then(|settings| settings.user_id)
        .map(|id| {
            id.trim_matches(|c| c == '{' || c == '}')
                .to_ascii_lowercase()
        })
        .filter(|id| !id.is_empty());
    XrmInfo {
        client_url,
        language_id,
        user_id,
        form_type,
        record_id,
        record_name,
    }
}

/// The part of `getGlobalContext().userSettings` LeadMap reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserSettings {
    #[serde(default)]
    language_id: Option<f64>,
    #[serde(default)]
    user_id: Option<String>,
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
