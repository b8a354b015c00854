//! The Web API client: sends the reads and writes defined in
//! [`requests`](super::requests) and decides how they travel. Each read
//! leaves on its own as soon as it is asked for, side by side with the
//! others: Dataverse runs the parts of a `$batch` one after another, so
//! separate requests finish sooner. Before the network, a read may be
//! answered by the page's early requests ([`Early`]) or, for metadata, by
//! the [`MetadataStore`] kept across form opens.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::{select, Either, LocalBoxFuture, Shared};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;

use super::early::Early;
use super::json;
use super::metadata::{AttributeCatalog, EntityDefinition};
use super::metadata_store::MetadataStore;
use super::requests::{Get, Write, ALL_PAGE_SIZE};
use super::retry::{RetryPolicy, Verb};
use super::send::{Request, Sender};
use super::types::Collection;
use super::{ApiError, Cancel};
use crate::host::HostContext;

pub const DEFAULT_API_VERSION: &str = "v9.2";
/// Upper bound for [`Client::retrieve_all`]: a safety net, not a product limit.
pub const MAX_PAGES: u32 = 50;

/// A Web API client for one organization and one user language.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Rc<Inner>,
}

pub(super) struct Inner {
    /// `https://org.crm.dynamics.com/api/data/v9.2/`
    pub(super) api_root: String,
    /// The origin of `api_root`; `@odata.nextLink`s must stay on it.
    origin: String,
    user_lcid: u32,
    pub(super) sender: Sender,
    /// The page's first round trip, sent before the wasm started.
    pub(super) early: RefCell<Option<Early>>,
    pub(super) store: Option<MetadataStore>,
    /// Attribute metadata per entity, asked for once: views that need the same
    /// entity at the same time share one load, and later ones the answer.
    pub(super) catalogs: RefCell<HashMap<String, CatalogFuture>>,
    pub(super) entities: RefCell<HashMap<String, Rc<EntityDefinition>>>,
    pub(super) in_flight: Cell<u32>,
    /// Metadata answered from the store, to ask for again once the view is complete.
    pub(super) stale: RefCell<Vec<Get>>,
}

pub(super) type CatalogFuture =
    Shared<LocalBoxFuture<'static, Result<Rc<AttributeCatalog>, ApiError>>>;

impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Client {
    /// The page's client: it takes the page's early requests and keeps
    /// metadata across form opens.
    pub fn new(context: &HostContext) -> Self {
        let mut client = Self::with_settings(
            &context.client_url,
            context.user_lcid,
            RetryPolicy::default(),
            context.params.options.timeout_secs.saturating_mul(1000),
        )
        .keeping_metadata();
        if let Some(inner) = Rc::get_mut(&mut client.inner) {
            let early = Early::take();
            if let Some(secs) = early.as_ref().and_then(Early::retry_after_secs) {
                inner.sender.hold(secs);
            }
            inner.early = RefCell::new(early);
        }
        client
    }

    /// `org_url` is the organization's base URL, e.g. `https://contoso.crm.dynamics.com`.
    pub fn with_settings(
        org_url: &str,
        user_lcid: u32,
        policy: RetryPolicy,
        timeout_ms: u32,
    ) -> Self {
        let org_url = org_url.trim_end_matches('/');
        Self {
            inner: Rc::new(Inner {
                api_root: format!("{org_url}/api/data/{DEFAULT_API_VERSION}/"),
                origin: origin_of(org_url).to_owned(),
                user_lcid,
                sender: Sender::new(policy, timeout_ms),
                early: RefCell::default(),
                store: None,
                catalogs: RefCell::default(),
                entities: RefCell::default(),
                in_flight: Cell::new(0),
                stale: RefCell::default(),
            }),
        }
    }

    /// Keep metadata in the browser's storage across form opens.
    pub fn keeping_metadata(mut self) -> Self {
        if let Some(inner) = Rc::get_mut(&mut self.inner) {
            inner.store = MetadataStore::open(inner.user_lcid);
        }
        self
    }

    pub fn user_lcid(&self) -> u32 {
        self.inner.user_lcid
    }

    /// Read one record, page, value or function result.
    pub async fn retrieve<T: DeserializeOwned>(
        &self,
        get: &Get,
        cancel: &Cancel,
    ) -> Result<T, ApiError> {
        decode(&self.read(get, cancel).await?)
    }

    /// Every row of a collection, following `@odata.nextLink` up to [`MAX_PAGES`].
    /// Returns the rows and whether the cap cut the list short.
    pub async fn retrieve_all<T: DeserializeOwned>(
        &self,
        get: &Get,
        cancel: &Cancel,
    ) -> Result<(Vec<T>, bool), ApiError> {
        let mut page: Collection<T> = self.retrieve(get, cancel).await?;
        let mut rows = std::mem::take(&mut page.value);
        let mut pages = 1;
        while let Some(next) = page.next_link.take() {
            if pages >= MAX_PAGES {
                return Ok((rows, true));
            }
            let page_size = get.page_size().unwrap_or(ALL_PAGE_SIZE);
            page = self
                .retrieve(&Get::next_page(&next, page_size), cancel)
                .await?;
            rows.append(&mut page.value);
            pages += 1;
        }
        Ok((rows, false))
    }

    /// Send a write once: never retried blindly, only when the service said "not now".
    pub async fn write(&self, write: &Write, cancel: &Cancel) -> Result<(), ApiError> {
        let api_root = &self.inner.api_root;
        let method = match write.method() {
            "DELETE" => Method::DELETE,
            _ => Method::POST,
        };
        let request = Request {
            method,
            url: &write.url(api_root),
            body: write.body(api_root),
            prefer: "",
            verb: Verb::Write,
        };
        let _busy = InFlight::new(&self.inner.in_flight);
        self.inner.sender.send(request, cancel).await.map(drop)
    }

    /// A read's body: from the metadata store, the page's early requests or
    /// the service, in that order.
    async fn read(&self, get: &Get, cancel: &Cancel) -> Result<String, ApiError> {
        if cancel.is_cancelled() {
            return Err(ApiError::Aborted);
        }
        let (url, prefer) = (get.url(&self.inner.api_root), get.prefer());
        if get.link().is_some() && !self.on_origin(&url) {
            return Err(ApiError::Decode {
                detail: "the next page link points outside the organization.".into(),
            });
        }
        if let Some(body) = self.stored_then_revalidated(get, &url, &prefer) {
            return Ok(body);
        }
        let claim = self
            .inner
            .early
            .borrow_mut()
            .as_mut()
            .and_then(|early| early.claim(&url, &prefer));
        let mut deadline = self.inner.sender.deadline_from_now();
        if let Some(claim) = claim {
            let answer = claim.answer(self.inner.sender.timeout_ms());
            match select(Box::pin(answer), Box::pin(cancel.cancelled())).await {
                Either::Left((Ok(body), _)) => {
                    self.keep(get, &url, &prefer, &body);
                    return Ok(body);
                }
                Either::Left((Err(miss), _)) => {
                    if let Some(secs) = miss.retry_after_secs {
                        self.inner.sender.hold(secs);
                    }
                    deadline = miss.deadline;
                }
                Either::Right(_) => return Err(ApiError::Aborted),
            }
        }
        self.fetch(get, &url, &prefer, deadline, cancel).await
    }

    /// A read from the service by `deadline` (`Date.now()`, ms).
    pub(super) async fn fetch(
        &self,
        get: &Get,
        url: &str,
        prefer: &str,
        deadline: f64,
        cancel: &Cancel,
    ) -> Result<String, ApiError> {
        let body = self.send_read(url, prefer, deadline, cancel).await?;
        self.keep(get, url, prefer, &body);
        Ok(body)
    }

    /// A read from the service, its answer not kept.
    pub(super) async fn send_read(
        &self,
        url: &str,
        prefer: &str,
        deadline: f64,
        cancel: &Cancel,
    ) -> Result<String, ApiError> {
        let request = Request {
            method: Method::GET,
            url,
            body: None,
            prefer,
            verb: Verb::Read,
        };
        let _busy = InFlight::new(&self.inner.in_flight);
        self.inner.sender.send_by(request, deadline, cancel).await
    }

    /// Metadata is kept for later form opens, whoever asked for it.
    pub(super) fn keep(&self, get: &Get, url: &str, prefer: &str, body: &str) {
        if let Some(store) = self.inner.store.as_ref().filter(|_| get.is_metadata()) {
            // Only a whole JSON object, never a sign-in page, for next time (a
            // cheap check: the caller reads the body anyway, and a kept answer
            // that fails to read is asked for again once the view is complete).
            let trimmed = body.trim();
            if trimmed.starts_with('{') && trimmed.ends_with('}') {
                store.put(url, prefer, body);
            }
        }
    }

    fn on_origin(&self, url: &str) -> bool {
        url.strip_prefix(&self.inner.origin)
            .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Counts a request as in flight while it lives.
struct InFlight<'a>(&'a Cell<u32>);

impl<'a> InFlight<'a> {
    fn new(count: &'a Cell<u32>) -> Self {
        count.set(count.get() + 1);
        Self(count)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

/// `https://org.crm.dynamics.com` of `https://org.crm.dynamics.com/org1`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(path) => &url[..after_scheme + path],
        None => url,
    }
}

pub(super) fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    json::from_str(body).map_err(|err| ApiError::decode(body, err))
}
