//! The reads a view can have in its first render: answers already at hand,
//! from the page's early requests or, for metadata, the store kept across
//! form opens. Nothing here waits or goes to the network.

use serde::de::DeserializeOwned;

use super::client::{decode, Client};
use super::requests::Get;
use super::types::Collection;

impl Client {
    /// The answer to `get` if it is already at hand (the page's early
    /// requests hold it or, for metadata, the store): lets a view start with
    /// its data in the first render. None: load it as usual.
    pub fn ready<T: DeserializeOwned>(&self, get: &Get) -> Option<T> {
        decode(&self.ready_body(get)?).ok()
    }

    fn ready_body(&self, get: &Get) -> Option<String> {
        let (url, prefer) = (get.url(&self.inner.api_root), get.prefer());
        if let Some(body) = self.stored_then_revalidated(get, &url, &prefer) {
            return Some(body);
        }
        let body = self
            .inner
            .early
            .borrow_mut()
            .as_mut()?
            .ready(&url, &prefer)?;
        self.keep(get, &url, &prefer, &body);
        Some(body)
    }

    /// A metadata answer kept across form opens (data reads are never kept).
    pub(super) fn stored(&self, get: &Get, url: &str, prefer: &str) -> Option<String> {
        if !get.is_metadata() {
            return None;
        }
        self.inner.store.as_ref()?.get(url, prefer)
    }

    /// The kept answer to a metadata read, used at once and revalidated once
    /// the view is complete.
    pub(super) fn stored_then_revalidated(
        &self,
        get: &Get,
        url: &str,
        prefer: &str,
    ) -> Option<String> {
        let body = self.stored(get, url, prefer)?;
        self.revalidate_later(get.clone());
        Some(body)
    }

    /// Every row of a collection if the page's early requests hold all of it.
    pub fn ready_all<T: DeserializeOwned>(&self, get: &Get) -> Option<Vec<T>> {
        let page: Collection<T> = self.ready(get)?;
        page.next_link.is_none().then_some(page.value)
    }
}
