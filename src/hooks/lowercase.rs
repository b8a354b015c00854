//! Lowercasing for case-insensitive filtering. Rust's `str::to_lowercase`
//! brings Unicode's case tables (≈12 KB) into the wasm; the browser already
//! has them, so text that is not ASCII is lowercased by JavaScript there.

/// `text` lowercased as Unicode defines it.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        non_ascii(text)
    }
}

#[cfg(target_arch = "wasm32")]
fn non_ascii(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
fn non_ascii(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::lowercase;

    #[test]
    fn lowercases_ascii_and_beyond() {
        assert_eq!(lowercase("Lead SUMMARY"), "lead summary");
        assert_eq!(lowercase("ZOË Ångström"), "zoë ångström");
    }
}
