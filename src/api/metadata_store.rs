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

use web_sys::Storage;

const PREFIX: &str = "leadmap.metadata.v1";

/// Where the answer to a metadata read is kept (the page's early script
/// looks for the same keys: `crate::early_page`).
pub fn key(lcid: u32, url: &str, prefer: &str) -> String {
    format!("{PREFIX} {lcid} {prefer} {url}")
}

pub struct MetadataStore {
    storage: Storage,
    lcid: u32,
}

impl MetadataStore {
    /// The page's store, when the browser lets the page have one.
    pub fn open(lcid: u32) -> Option<Self> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Some(Self { storage, lcid })
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
    }
}
