//! The catalogues of the user's and the org's language: read from their
//! RESX web resources when LeadMap starts, kept in `localStorage` like
//! metadata and used at once on the next open.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::{resx, Catalog, Language, Strings};

/// How long after start a kept catalogue is read again.
#[cfg(target_arch = "wasm32")]
const REFRESH_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

thread_local! {
    static LOADED: RefCell<HashMap<u32, Rc<Catalog>>> = RefCell::new(HashMap::new());
}

/// Keep `resx`'s texts as the catalogue of `lcid`. English as built in
/// needs no second copy.
pub fn install(lcid: u32, resx_text: &str) {
    if lcid == super::language::ENGLISH && super::is_shipped_english(resx_text) {
        return;
    }
    let catalog = resx::parse(resx_text);
    if !catalog.is_empty() {
        LOADED.with(|l| l.borrow_mut().insert(lcid, Rc::new(catalog)));
    }
}

/// The texts for a user of `user_lcid` in an org of `org_lcid`, from the
/// catalogues read so far.
pub fn loaded(user_lcid: u32, org_lcid: Option<u32>) -> Strings {
    let catalogs = LOADED.with(|l| {
        let l = l.borrow();
        [Some(user_lcid), org_lcid]
            .into_iter()
            .flatten()
            .filter_map(|lcid| l.get(&lcid).cloned())
            .collect()
    });
    Strings::new(Language::of(user_lcid), catalogs)
}

/// Make the catalogues of these languages ready for the first render, and
/// keep them fresh. A catalogue kept from an earlier open (`localStorage`,
/// per RESX URL, so a new publish of the web resources is a new key) is used
/// at once; English needs none (it is built in). Only a language met for the
/// first time is waited for. Each is then read again from its RESX web
/// resource (`strings/leadmap.<lcid>.resx` beside the page), so a corrected
/// RESX shows at the latest on the next open. A language without one (most
/// are not shipped) simply falls back.
#[cfg(target_arch = "wasm32")]
pub async fn load_languages(lcids: &[u32]) {
    use wasm_bindgen_futures::spawn_local;
    let store = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let mut first_time = Vec::new();
    for &lcid in lcids {
        let url = resx_url(lcid);
        let kept = store
            .as_ref()
            .and_then(|s| s.get_item(&store_key(&url)).ok().flatten());
        let refresh = refresh(url, store.clone());
        match kept {
            Some(text) => install(lcid, &text),
            None if lcid == super::language::ENGLISH => {}
            None => {
                first_time.push(async move {
                    if let Some(text) = refresh.await {
                        install(lcid, &text);
                    }
                });
                continue;
            }
        }
        // Read again once the first view is done: nothing waits for it.
        spawn_local(async move {
            yew::platform::time::sleep(REFRESH_AFTER).await;
            refresh.await;
        });
    }
    futures::future::join_all(first_time).await;
}

/// Read a RESX web resource and keep it for the next open.
#[cfg(target_arch = "wasm32")]
async fn refresh(url: String, store: Option<web_sys::Storage>) -> Option<String> {
    let response = gloo_net::http::Request::get(&url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let text = response.text().await.ok()?;
    if let Some(store) = store {
        // Full storage: not kept, read again next time.
        let _ = store.set_item(&store_key(&url), &text);
    }
    Some(text)
}

/// The RESX beside the page, as an absolute URL (the key of its kept copy).
#[cfg(target_arch = "wasm32")]
fn resx_url(lcid: u32) -> String {
    let relative = format!("strings/leadmap.{lcid}.resx");
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(&relative, &base).ok())
        .map_or(relative, |url| url.href())
}

#[cfg(target_arch = "wasm32")]
fn store_key(url: &str) -> String {
    format!("leadmap.strings.v1 {url}")
}
