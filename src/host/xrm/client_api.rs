//! Typed bindings to the parts of the Client API LeadMap uses. Every getter
//! and call catches: a cross-origin parent throws on access, a stub may lack
//! members or hold the wrong kind of value, and none of that may panic.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Xrm`.
    #[derive(Clone)]
    pub type Xrm;
    #[wasm_bindgen(method, getter, structural, catch, js_name = Utility)]
    pub fn utility(this: &Xrm) -> Result<Option<Utility>, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = Navigation)]
    pub fn navigation(this: &Xrm) -> Result<Option<Navigation>, JsValue>;
    /// `Xrm.Page`: the form's context, deprecated but what a web resource
    /// reaches without an OnLoad hand-off.
    #[wasm_bindgen(method, getter, structural, catch, js_name = Page)]
    pub fn page(this: &Xrm) -> Result<Option<FormContext>, JsValue>;

    pub type Utility;
    #[wasm_bindgen(method, structural, catch, js_name = getGlobalContext)]
    pub fn get_global_context(this: &Utility) -> Result<Option<GlobalContext>, JsValue>;

    pub type GlobalContext;
    #[wasm_bindgen(method, structural, catch, js_name = getClientUrl)]
    pub fn get_client_url(this: &GlobalContext) -> Result<JsValue, JsValue>;
    /// A plain object, read with serde-wasm-bindgen.
    #[wasm_bindgen(method, getter, structural, catch, js_name = userSettings)]
    pub fn user_settings(this: &GlobalContext) -> Result<JsValue, JsValue>;

    pub type Navigation;
    #[wasm_bindgen(method, structural, catch, js_name = openForm)]
    pub fn open_form(this: &Navigation, options: &JsValue) -> Result<JsValue, JsValue>;

    /// `formContext`.
    #[derive(Clone)]
    pub type FormContext;
    #[wasm_bindgen(method, getter, structural, catch)]
    pub fn ui(this: &FormContext) -> Result<Option<FormUi>, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    pub fn data(this: &FormContext) -> Result<Option<FormData>, JsValue>;

    pub type FormUi;
    #[wasm_bindgen(method, structural, catch, js_name = getFormType)]
    pub fn get_form_type(this: &FormUi) -> Result<JsValue, JsValue>;

    pub type FormData;
    #[wasm_bindgen(method, getter, structural, catch)]
    pub fn entity(this: &FormData) -> Result<Option<FormEntity>, JsValue>;

    #[derive(Clone)]
    pub type FormEntity;
    #[wasm_bindgen(method, structural, catch, js_name = getId)]
    pub fn get_id(this: &FormEntity) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = getPrimaryAttributeValue)]
    pub fn get_primary_attribute_value(this: &FormEntity) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = addOnPostSave)]
    pub fn add_on_post_save(this: &FormEntity, handler: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = removeOnPostSave)]
    pub fn remove_on_post_save(
        this: &FormEntity,
        handler: &js_sys::Function,
    ) -> Result<(), JsValue>;

    /// A window as the Client API sees it (see [`client_window`]).
    pub type ClientWindow;
    /// `window.Xrm` (the parent's, in a form).
    #[wasm_bindgen(method, getter, structural, catch, js_name = Xrm)]
    pub fn xrm(this: &ClientWindow) -> Result<Option<Xrm>, JsValue>;
    /// `window.setClientApiContext = …`, for a form OnLoad script to call.
    #[wasm_bindgen(method, setter, structural, js_name = setClientApiContext)]
    pub fn set_set_client_api_context(this: &ClientWindow, handler: &js_sys::Function);
}

/// `window` with the members a form and its web resources share.
pub fn client_window(window: &web_sys::Window) -> &ClientWindow {
    window.unchecked_ref()
}

/// `Ok(Some(x))` as `Some(x)`; absent, null or thrown as None.
pub fn present<T>(result: Result<Option<T>, JsValue>) -> Option<T> {
    result.ok().flatten()
}
