//! Reading JSON answers into LeadMap's serde types. In the browser the text
//! is parsed by `JSON.parse` and read with serde-wasm-bindgen, which takes far
//! less wasm than serde_json's parser; natively (unit tests) serde_json reads it.

use serde::de::DeserializeOwned;

/// `body` read as a `T`, or why it could not be.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_wasm_bindgen::from_value(parse(body)?).map_err(|error| error.to_string())
}

#[cfg(target_arch = "wasm32")]
fn parse(body: &str) -> Result<wasm_bindgen::JsValue, String> {
    use wasm_bindgen::JsCast;
    js_sys::JSON::parse(body).map_err(|error| match error.dyn_into::<js_sys::Error>() {
        Ok(error) => error.message().into(),
        Err(_) => "the answer is not JSON".to_owned(),
    })
}

/// `body` read as a `T`, or why it could not be.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|error| error.to_string())
}
