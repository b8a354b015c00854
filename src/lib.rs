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

/// Mount LeadMap into `root` for the page's own query string.
#[cfg(target_arch = "wasm32")]
pub fn start(root: web_sys::Element) {
    console_error_panic_hook::set_once();
    perf::mark_once(perf::STARTED);
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
