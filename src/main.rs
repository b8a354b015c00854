#[cfg(target_arch = "wasm32")]
fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("leadmap"));
    match root {
        Some(root) => leadmap::start(root),
        None => {
            web_sys::console::error_1(&"LeadMap: no element with id \"leadmap\" on the page".into())
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "LeadMap is a web resource: build it with `trunk build`, or run it with `scripts/run.sh`."
    );
}
