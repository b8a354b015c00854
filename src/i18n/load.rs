//! The catalogues of the user's and the org's language, read once when
//! LeadMap starts (the web resources are cached by the browser under the
//! org's caching token, like the app itself).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::{resx, Catalog, Language, Strings};

thread_local! {
    static LOADED: RefCell<HashMap<u32, Rc<Catalog>>> = RefCell::new(HashMap::new());
}

/// Keep `resx`'s texts as the catalogue of `lcid`.
pub fn install(lcid: u32, resx_text: &str) {
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

/// Read the RESX web resources of these languages, side by side, from the
/// page's folder (`strings/leadmap.<lcid>.resx`). A language without one
/// (most are not shipped) simply falls back.
#[cfg(target_arch = "wasm32")]
pub async fn load_languages(lcids: &[u32]) {
    let wanted: Vec<u32> = lcids
        .iter()
        .copied()
        .filter(|lcid| LOADED.with(|l| !l.borrow().contains_key(lcid)))
        .collect();
    let reads = wanted.iter().map(|lcid| async move {
        let url = format!("strings/leadmap.{lcid}.resx");
        let response = gloo_net::http::Request::get(&url).send().await.ok()?;
        if !response.ok() {
            return None;
        }
        Some((*lcid, response.text().await.ok()?))
    });
    for (lcid, text) in futures::future::join_all(reads).await.into_iter().flatten() {
        install(lcid, &text);
    }
}
