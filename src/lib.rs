//! LeadMap: a Dynamics 365 web resource that shows, inline in a contact or lead
//! form, the ContactLeads associations of the record and the entity maps of
//! its entity.
//!
//! Data flows one way: [`host`] (what the form gives) → `api` (the Web API
//! client) → hooks → [`components`] (render).

pub mod api;
pub mod app;
pub mod components;
pub mod hooks;
pub mod host;
pub mod perf;
mod sort;

pub use app::App;

/// How long [`start`] waits for the page's early answer before mounting
/// without it (the page shows a static skeleton meanwhile).
#[cfg(target_arch = "wasm32")]
const EARLY_ANSWER_WAIT: std::time::Duration = std::time::Duration::from_millis(1000);

/// Mount LeadMap into `root` for the page's own query string.
///
/// When the page's early answers (see `api::early`) are still on their way,
/// it waits for them first, briefly. The answer's body can only be read while the
/// main thread is free, so mounting at once would render loading rows, keep
/// the answer out until that long task ends, then render again: waiting
/// between tasks gives the rows in the first render.
#[cfg(target_arch = "wasm32")]
pub fn start(root: web_sys::Element) {
    use futures::future::select;
    use wasm_bindgen_futures::{spawn_local, JsFuture};

    console_error_panic_hook::set_once();
    perf::mark_once(perf::STARTED);
    match api::pending_early_answers() {
        Some(answer) => spawn_local(async move {
            let wait = yew::platform::time::sleep(EARLY_ANSWER_WAIT);
            let _ = select(JsFuture::from(answer), Box::pin(wait)).await;
            mount(root);
        }),
        None => mount(root),
    }
}

#[cfg(target_arch = "wasm32")]
fn mount(root: web_sys::Element) {
    // The page's static loading placeholder goes; the app draws its own.
    root.set_text_content(None);
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    yew::Renderer::<App>::with_root_and_props(
        root,
        app::AppProps {
            search: search.into(),
        },
    )
    .render();
}
