//! Metadata answers kept across form opens, in the browser's `localStorage`
//! (shared by every form of the org, so it survives the frame being made
//! anew). Metadata changes only with customizations: a kept answer is used
//! at once and asked for again once the view is complete (see
//! [`Client`](super::Client)), so a changed label shows at the latest on the
//! next open.
//!
//! Keys name the user's language and the request's URL, which holds the
//! organization and the API version. Storage may be missing or full
//! (private windows, quotas): then nothing is kept and nothing fails.
//!
//! The org's `localStorage` is shared with everything else on its origin:
//! answers an earlier LeadMap kept under another version's keys (requests no
//! longer made) are removed a moment after this page first keeps one.

use std::cell::Cell;
use std::time::Duration;

use web_sys::Storage;

/// Every LeadMap version's metadata keys start so.
const FAMILY: &str = "leadmap.metadata.";
/// This version's; the next change to what is kept or asked for (as the
/// labels' languages in v2) takes the next number.
const PREFIX: &str = "leadmap.metadata.v2";
/// How long after this page first keeps an answer the earlier ones go: not
/// during the first view.
const FORGET_EARLIER_AFTER: Duration = Duration::from_secs(2);

/// Where the answer to a metadata read is kept (the page's early script
/// looks for the same keys: `crate::early_page`).
pub fn key(lcid: u32, url: &str, prefer: &str) -> String {
    format!("{PREFIX} {lcid} {prefer} {url}")
}

pub struct MetadataStore {
    storage: Storage,
    lcid: u32,
    earlier_forgotten: Cell<bool>,
}

impl MetadataStore {
    /// The page's store, when the browser lets the page have one.
    pub fn open(lcid: u32) -> Option<Self> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Some(Self {
            storage,
            lcid,
            earlier_forgotten: Cell::new(false),
        })
    }

    pub fn get(&self, url: &str, prefer: &str) -> Option<String> {
        self.storage.get_item(&key(self.lcid, url, prefer)).ok()?
    }

    pub fn put(&self, url: &str, prefer: &str, body: &str) {
        let key = key(self.lcid, url, prefer);
        if self.storage.set_item(&key, body).is_err() {
            // Full: this answer is not kept; the older ones stay useful.
            let _ = self.storage.remove_item(&key);
        }
        if !self.earlier_forgotten.replace(true) {
            let storage = self.storage.clone();
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(FORGET_EARLIER_AFTER).await;
                forget_earlier_versions(&storage);
            });
        }
    }
}

/// Removes what earlier LeadMap versions kept; every other key stays.
fn forget_earlier_versions(storage: &Storage) {
    let current = format!("{PREFIX} ");
    let earlier: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(FAMILY) && !key.starts_with(&current))
        .collect();
    for key in earlier {
        let _ = storage.remove_item(&key);
    }
}
