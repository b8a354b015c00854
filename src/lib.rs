//! LeadMap: a Dynamics 365 web resource that shows, inline in a contact or lead
//! form, the ContactLeads associations of the record and the entity maps of
//! its entity.
//!
//! Data flows one way: [`host`] (what the form gives) → `api` (the Web API
//! client) → hooks → [`components`] (render).

pub mod api;
pub mod app;
pub mod components;
mod drawn_rows;
/// Build time: writes the page's early script (`www/early_requests.js`).
#[cfg(not(target_arch = "wasm32"))]
pub mod early_page;
pub mod hooks;
pub mod host;
pub mod i18n;
pub mod perf;
mod sort;

pub use app::App;

/// How long [`start`] waits for the page's early answer and the user's
/// language before mounting without them (the page shows a static skeleton
/// meanwhile).
#[cfg(target_arch = "wasm32")]
const EARLY_ANSWER_WAIT: std::time::Duration = std::time::Duration::from_millis(1000);

/// Mount LeadMap into `root` for the page's own query string.
///
/// When the page's early answers (see `api::early`) or the catalogue of the
/// user's language are still on their way, it waits for them first, briefly. The answer's body can only be read while the
/// main thread is free, so mounting at once would render loading rows, keep
/// the answer out until that long task ends, then render again: waiting
/// between tasks gives the rows in the first render.
#[cfg(target_arch = "wasm32")]
pub fn start(root: web_sys::Element) {
    use futures::future::{join, select};
    use wasm_bindgen_futures::{spawn_local, JsFuture};

    console_error_panic_hook::set_once();
    perf::mark_once(perf::STARTED);
    let lcids = start_languages();
    let early = api::pending_early_answers();
    spawn_local(async move {
        let languages = i18n::load_languages(&lcids);
        let ready = async move {
            let early = async move {
                if let Some(answer) = early {
                    let _ = JsFuture::from(answer).await;
                }
            };
            join(early, languages).await
        };
        let wait = yew::platform::time::sleep(EARLY_ANSWER_WAIT);
        let _ = select(Box::pin(ready), Box::pin(wait)).await;
        // The page's script may just have drawn the first rows: let the
        // browser paint them before the app's first render takes its time.
        if drawn_rows::paint_first(&root) {
            let _ = JsFuture::from(drawn_rows::after_next_paint()).await;
        }
        mount(root);
    });
}

/// The user's and the org's language, as the app will pick them (`Xrm`
/// first, then the query string).
#[cfg(target_arch = "wasm32")]
fn start_languages() -> Vec<u32> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let (query_user, org) = host::query::languages(&search);
    let user = host::xrm::discover()
        .and_then(|x| x.language_id)
        .or(query_user)
        .unwrap_or(host::options::DEFAULT_LCID);
    let mut lcids = vec![user];
    lcids.extend(org.filter(|org| *org != user));
    lcids
}

#[cfg(target_arch = "wasm32")]
fn mount(root: web_sys::Element) {
    // The page's static loading placeholder goes (but for rows it drew,
    // which the grid may show until it has drawn its own); the app draws its own.
    drawn_rows::keep(&root);
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
