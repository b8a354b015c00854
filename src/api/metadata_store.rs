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
/// This version's keys start with `{FAMILY}v{VERSION} `; the next change to what
/// is kept or asked for (as the labels' languages in 2) takes the next number.
const VERSION: u32 = 2;
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

/// Removes what earlier LeadMap versions kept; every other key stays (a
/// later version's too: a tab with this one may still be open beside it).
fn forget_earlier_versions(storage: &Storage) {
    let earlier: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| version_of(key).is_some_and(|v| v < VERSION))
        .collect();
    for key in earlier {
        let _ = storage.remove_item(&key);
    }
}

/// The version of one of LeadMap's metadata keys (`leadmap.metadata.v1 …`: 1).
fn version_of(key: &str) -> Option<u32> {
    let (version, _) = key
        .strip_prefix(FAMILY)?
        .strip_prefix('v')?
        .split_once(' ')?;
    version.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_leadmaps_metadata_keys_only() {
        assert_eq!(version_of("leadmap.metadata.v1 1033 p https://x"), Some(1));
        assert_eq!(version_of(&key(1033, "https://x", "p")), Some(VERSION));
        assert_eq!(version_of("leadmap.metadata.v12 1033 p u"), Some(12));
        assert_eq!(version_of("leadmap.strings.v1 https://x"), None);
        assert_eq!(version_of("leadmap.metadata.vx 1033"), None);
        assert_eq!(version_of("someone.else"), None);
    }
}
