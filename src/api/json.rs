//! Reading JSON answers into LeadMap's serde types, in one place.
//!
//! serde_json reads the answer where it already is (in wasm memory). Reading
//! it with the browser's `JSON.parse` and serde-wasm-bindgen was tried: 3.8 KB
//! gzip less wasm, but a 10 MB metadata batch (a map of 5,000 attribute maps)
//! took ~200 ms to render instead of ~165 ms, so serde_json stays.

use serde::de::DeserializeOwned;

/// `text` as a JSON string literal, quoted and escaped.
pub fn string(text: &str) -> String {
    // Writing a str into a String cannot fail.
    serde_json::to_string(text).unwrap_or_default()
}

/// `body` read as a `T`, or why it could not be.
pub fn from_str<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|error| error.to_string())
}
