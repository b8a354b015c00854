//! The form's Client API (`Xrm`), reached through `parent` when the web
//! resource sits in a model-driven form, or handed over by a form OnLoad
//! script through `setClientApiContext(xrm, formContext)`.
//!
//! Everything here is defensive: a cross-origin parent throws on access, a
//! stub may lack members, and none of that may panic.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

mod client_api;

use client_api::{client_window, present, FormContext, FormEntity, Xrm};

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

/// The form's entity and the PostSave handler LeadMap put on it.
type PostSave = (FormEntity, Closure<dyn Fn(JsValue)>);

thread_local! {
    /// The `Xrm` in use: handed over by `setClientApiContext`, else the
    /// parent's. Kept to call `Xrm.Navigation` later.
    static XRM: RefCell<Option<Xrm>> = const { RefCell::new(None) };
    /// The form's `formContext`: handed over, else `Xrm.Page`.
    static FORM: RefCell<Option<FormContext>> = const { RefCell::new(None) };
    static ON_CONTEXT: RefCell<Option<ContextListener>> = const { RefCell::new(None) };
    /// The PostSave handler on the form's entity, kept to take it off again.
    static POST_SAVE: RefCell<Option<PostSave>> = const { RefCell::new(None) };
    static PAGE_HIDE_HOOKED: RefCell<bool> = const { RefCell::new(false) };
    static INSTALLED: RefCell<bool> = const { RefCell::new(false) };
}

/// Look for `parent.Xrm` (or the page's own `Xrm` when not framed).
pub fn discover() -> Option<XrmInfo> {
    let window = web_sys::window()?;
    let parent_xrm = window
        .parent()
        .ok()
        .flatten()
        .and_then(|parent| present(client_window(&parent).xrm()));
    let xrm = parent_xrm.or_else(|| present(client_window(&window).xrm()))?;
    let form = present(xrm.page());
    Some(keep(xrm, form))
}

/// Keep the Client API and the form, read what LeadMap needs, and hear of
/// the form's saves (a create form's record gets its id).
fn keep(xrm: Xrm, form: Option<FormContext>) -> XrmInfo {
    let info = read(&xrm, form.as_ref());
    if let Some(form) = &form {
        let known = FORM.with(|slot| {
            slot.borrow()
                .as_ref()
                .is_some_and(|kept| JsValue::from(kept) == JsValue::from(form))
        });
        if !known {
            listen_to_saves(form);
        }
    }
    XRM.with(|slot| *slot.borrow_mut() = Some(xrm));
    FORM.with(|slot| *slot.borrow_mut() = form);
    info
}

fn tell_listener(info: XrmInfo) {
    ON_CONTEXT.with(|slot| {
        if let Some(callback) = slot.borrow().as_ref() {
            callback(info);
        }
    });
}

/// `formContext.data.entity.addOnPostSave`: after a save the listener hears
/// the form again, with the record's id. The handler goes when this page
/// does: the form outlives a web resource's frame, and a handler left
/// behind would keep the gone frame's whole app in memory.
fn listen_to_saves(form: &FormContext) {
    let Some(entity) = present(form.data()).and_then(|data| present(data.entity())) else {
        return;
    };
    let handler = Closure::<dyn Fn(JsValue)>::new(|_event: JsValue| {
        let xrm = XRM.with(|slot| slot.borrow().clone());
        let form = FORM.with(|slot| slot.borrow().clone());
        if let Some(xrm) = xrm {
            tell_listener(read(&xrm, form.as_ref()));
        }
    });
    if entity
        .add_on_post_save(handler.as_ref().unchecked_ref())
        .is_err()
    {
        return;
    }
    let previous = POST_SAVE.with(|slot| slot.borrow_mut().replace((entity, handler)));
    if let Some((entity, handler)) = previous {
        let _ = entity.remove_on_post_save(handler.as_ref().unchecked_ref());
    }
    remove_on_page_hide();
}

/// Once per page: take the PostSave handler off the form when the page goes.
fn remove_on_page_hide() {
    if PAGE_HIDE_HOOKED.with(|flag| flag.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_hide = Closure::<dyn Fn()>::new(|| {
        if let Some((entity, handler)) = POST_SAVE.with(|slot| slot.borrow_mut().take()) {
            let _ = entity.remove_on_post_save(handler.as_ref().unchecked_ref());
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    // Lives as long as this page, whose own event it is.
    on_hide.forget();
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
            if !xrm.is_object() {
                return;
            }
            let xrm: Xrm = xrm.unchecked_into();
            let form = Some(form_context)
                .filter(JsValue::is_object)
                .map(JsCast::unchecked_into)
                .or_else(|| present(xrm.page()));
            tell_listener(keep(xrm, form));
        });
    // Lives as long as the page: the function is a global the form may call anytime.
    client_window(&window).set_set_client_api_context(handler.as_ref().unchecked_ref());
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
    let Some(navigation) =
        XRM.with(|slot| slot.borrow().as_ref().and_then(|x| present(x.navigation())))
    else {
        return false;
    };
    let options = EntityFormOptions {
        entity_name,
        entity_id,
    };
    let Ok(options) = serde_wasm_bindgen::to_value(&options) else {
        return false;
    };
    navigation
        .open_form(&options)
        .is_ok_and(|answer| !answer.is_undefined() && !answer.is_null())
}

/// `openForm`'s `entityFormOptions`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntityFormOptions<'a> {
    entity_name: &'a str,
    entity_id: &'a str,
}

fn read(xrm: &Xrm, form: Option<&FormContext>) -> XrmInfo {
    let form_type = form
        .and_then(|f| present(f.ui()))
        .and_then(|ui| ui.get_form_type().ok())
        .and_then(|t| t.as_f64())
        .filter(|t| (0.0..=11.0).contains(t))
        .map(|t| t as u8);
    let entity = form
        .and_then(|f| present(f.data()))
        .and_then(|data| present(data.entity()));
    let record_name = entity
        .as_ref()
        .and_then(|entity| entity.get_primary_attribute_value().ok())
        .and_then(|name| name.as_string())
        .filter(|name| !name.trim().is_empty());
    let record_id = entity
        .as_ref()
        .and_then(|entity| entity.get_id().ok())
        .and_then(|id| id.as_string())
        .and_then(|id| bare_guid(&id));
    let context = present(xrm.utility()).and_then(|utility| present(utility.get_global_context()));
    let Some(context) = context else {
        return XrmInfo {
            form_type,
            record_id,
            record_name,
            ..XrmInfo::default()
        };
    };
    let client_url = context
        .get_client_url()
        .ok()
        .and_then(|url| url.as_string())
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    let settings = context
        .user_settings()
        .ok()
        .and_then(|settings| serde_wasm_bindgen::from_value::<UserSettings>(settings).ok());
    let language_id = settings
        .as_ref()
        .and_then(|settings| settings.language_id)
        .filter(|lcid| lcid.fract() == 0.0 && (1.0..=65535.0).contains(lcid))
        .map(|lcid| lcid as u32);
    let user_id = settings
        .and_then(|settings| settings.user_id)
        .and_then(|id| bare_guid(&id));
    XrmInfo {
        client_url,
        language_id,
        user_id,
        form_type,
        record_id,
        record_name,
    }
}

/// `{GUID}` as the Client API gives ids, without braces, in lower case.
fn bare_guid(id: &str) -> Option<String> {
    let id = id
        .trim_matches(|c| c == '{' || c == '}')
        .to_ascii_lowercase();
    (!id.is_empty()).then_some(id)
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
