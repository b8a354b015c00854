//! The one place that speaks HTTP to the Dataverse Web API. Every request goes
//! through [`Client::send`], which sets the OData headers, applies the
//! timeout and cancellation, retries what may be retried and maps every
//! failure to one [`ApiError`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::oneshot;
use futures::future::{join_all, select, Either, LocalBoxFuture, Shared};
use futures::FutureExt;
use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use web_sys::{AbortController, RequestCredentials};

use super::batch;
use super::early_batch::{self, EarlyBatch};
use super::json;
use super::metadata::{AttributeCatalog, AttributeDefinition, AttributeLength, EntityDefinition};
use super::query::Query;
use super::resource::{AttributeCast, Resource};
use super::retry::{parse_retry_after, Failure, RetryPolicy, Verb};
use super::template::Template;
use super::types::Collection;
use super::{ApiError, Cancel};
use crate::host::{EntityName, HostContext, RecordId};

pub const DEFAULT_API_VERSION: &str = "v9.2";
const ANNOTATIONS: &str = "odata.include-annotations=\"*\"";
const ENTITY_DEFINITION_COLUMNS: [&str; 5] = [
    "LogicalName",
    "DisplayName",
    "EntitySetName",
    "PrimaryIdAttribute",
    "PrimaryNameAttribute",
];
/// `retrieve_all` asks for pages this big (the service's largest).
const ALL_PAGE_SIZE: u32 = 5000;
/// Upper bound for `retrieve_all`: a safety net, not a product limit.
pub const MAX_PAGES: u32 = 50;

/// A Web API client for one organization and one user language.
#[derive(Clone)]
pub struct Client {
    inner: Rc<Inner>,
}

struct Inner {
    /// `https://org.crm.dynamics.com/api/data/v9.2/`
    api_root: String,
    /// The origin of `api_root`; `@odata.nextLink`s must stay on it.
    origin: String,
    user_lcid: u32,
    policy: RetryPolicy,
    timeout_ms: u32,
    /// Attribute metadata per entity, asked for once: views that need the same
    /// entity at the same time share one request, and later ones the answer.
    attributes: RefCell<HashMap<String, CatalogFuture>>,
    entities: RefCell<HashMap<String, Rc<EntityDefinition>>>,
    /// GETs waiting for the end of this turn of the event loop (see [`Client::get`]).
    queue: RefCell<Vec<Queued>>,
    /// The page's first round trip, sent before the wasm started (see [`EarlyBatch`]).
    early: RefCell<Option<EarlyBatch>>,
}

type CatalogFuture = Shared<LocalBoxFuture<'static, Result<Rc<AttributeCatalog>, ApiError>>>;

/// A GET waiting to be sent, alone or in a `$batch` with others.
struct Queued {
    url: String,
    prefer: String,
    cancel: Cancel,
    reply: oneshot::Sender<Result<String, ApiError>>,
}

impl PartialEq for Client {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

/// One HTTP answer, read whole.
struct Answer {
    content_type: String,
    body: String,
}

impl Client {
    /// The page's client. The first one made takes the page's early batch.
    pub fn new(context: &HostContext) -> Self {
        let client = Self::with_settings(
            &context.client_url,
            context.user_lcid,
            RetryPolicy::default(),
            context.params.options.timeout_secs.saturating_mul(1000),
        );
        *client.inner.early.borrow_mut() = EarlyBatch::take();
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
                policy,
                timeout_ms,
                attributes: RefCell::default(),
                entities: RefCell::default(),
                queue: RefCell::default(),
                early: RefCell::default(),
            }),
        }
    }

    pub fn user_lcid(&self) -> u32 {
        self.inner.user_lcid
    }

    fn url(&self, resource: &Resource, query: &Query) -> String {
        let query = query.to_query_string();
        if query.is_empty() {
            format!("{}{resource}", self.inner.api_root)
        } else {
            format!("{}{resource}?{query}", self.inner.api_root)
        }
    }

    /// Retrieve one record or value.
    pub async fn retrieve<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        query: &Query,
        cancel: &Cancel,
    ) -> Result<T, ApiError> {
        let body = self
            .get(self.url(resource, query), ANNOTATIONS.into(), cancel)
            .await?;
        decode(&body)
    }

    /// The first page of a collection, `page_size` rows at most.
    pub async fn retrieve_multiple<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        query: &Query,
        page_size: u32,
        cancel: &Cancel,
    ) -> Result<Collection<T>, ApiError> {
        decode(
            &self
                .get_page(&self.url(resource, query), page_size, cancel)
                .await?,
        )
    }

    /// The first page of a collection if the page's early batch already holds
    /// it (see [`EarlyBatch`]): lets a view start with its data in the first
    /// render. None means: load it as usual.
    pub fn ready_page<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        query: &Query,
        page_size: u32,
    ) -> Option<Collection<T>> {
        let request = (self.url(resource, query), page_prefer(page_size));
        let body = self
            .inner
            .early
            .borrow_mut()
            .as_mut()?
            .take_ready(&request)?;
        decode(&body).ok()
    }

    /// Every row of a collection if the page's early batch holds all of it.
    pub fn ready_all<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        query: &Query,
    ) -> Option<Vec<T>> {
        let page: Collection<T> = self.ready_page(resource, query, ALL_PAGE_SIZE)?;
        page.next_link.is_none().then_some(page.value)
    }

    /// The page an `@odata.nextLink` points to, followed exactly as given.
    pub async fn next_page<T: DeserializeOwned>(
        &self,
        next_link: &str,
        page_size: u32,
        cancel: &Cancel,
    ) -> Result<Collection<T>, ApiError> {
        decode(&self.next_page_body(next_link, page_size, cancel).await?)
    }

    async fn next_page_body(
        &self,
        next_link: &str,
        page_size: u32,
        cancel: &Cancel,
    ) -> Result<String, ApiError> {
        let same_origin = next_link
            .strip_prefix(&self.inner.origin)
            .is_some_and(|rest| rest.starts_with('/'));
        if !same_origin {
            return Err(ApiError::Decode {
                detail: "the next page link points outside the organization.".into(),
            });
        }
        self.get_page(next_link, page_size, cancel).await
    }

    /// Every row of a collection, following `@odata.nextLink` up to [`MAX_PAGES`].
    /// Returns the rows and whether the cap cut the list short.
    pub async fn retrieve_all<T: DeserializeOwned>(
        &self,
        resource: &Resource,
        query: &Query,
        cancel: &Cancel,
    ) -> Result<(Vec<T>, bool), ApiError> {
        let mut page: Collection<T> = self
            .retrieve_multiple(resource, query, ALL_PAGE_SIZE, cancel)
            .await?;
        let mut rows = std::mem::take(&mut page.value);
        let mut pages = 1;
        while let Some(next) = page.next_link.take() {
            if pages >= MAX_PAGES {
                return Ok((rows, true));
            }
            page = self.next_page(&next, ALL_PAGE_SIZE, cancel).await?;
            rows.append(&mut page.value);
            pages += 1;
        }
        Ok((rows, false))
    }

    /// A page's body: the generic callers decode it, so this is compiled once.
    async fn get_page(
        &self,
        url: &str,
        page_size: u32,
        cancel: &Cancel,
    ) -> Result<String, ApiError> {
        self.get(url.to_owned(), page_prefer(page_size), cancel)
            .await
    }

    /// Associate through a collection-valued navigation property:
    /// `POST set(id)/navigation/$ref` with `{"@odata.id": "<target URL>"}`.
    pub async fn associate(
        &self,
        record: &Resource,
        navigation: &'static str,
        target: &Resource,
        cancel: &Cancel,
    ) -> Result<(), ApiError> {
        let url = format!(
            "{}{record}/{}/$ref",
            self.inner.api_root,
            Resource::name(navigation)
        );
        let target_url = format!("{}{target}", self.inner.api_root);
        let body = format!(r#"{{"@odata.id":{}}}"#, json::string(&target_url));
        self.send(Method::POST, &url, Some(body), "", Verb::Write, cancel)
            .await
            .map(drop)
    }

    /// `DELETE set(id)/navigation(target_id)/$ref`.
    pub async fn disassociate(
        &self,
        record: &Resource,
        navigation: &'static str,
        target_id: RecordId,
        cancel: &Cancel,
    ) -> Result<(), ApiError> {
        let url = format!(
            "{}{record}/{}({target_id})/$ref",
            self.inner.api_root,
            Resource::name(navigation)
        );
        self.send(Method::DELETE, &url, None, "", Verb::Write, cancel)
            .await
            .map(drop)
    }

    /// The `InitializeFrom` function: the values a new `target_entity` record
    /// would receive from `source` through the entity map.
    pub async fn initialize_from(
        &self,
        source: &Resource,
        target_entity: &EntityName,
        cancel: &Cancel,
    ) -> Result<Template, ApiError> {
        let moniker = format!("{{'@odata.id':'{source}'}}");
        let url = format!(
            "{}InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)?@p1={}&@p2='{target_entity}'&@p3=Microsoft.Dynamics.CRM.TargetFieldType'ValidForCreate'",
            self.inner.api_root,
            percent_encoding::utf8_percent_encode(&moniker, percent_encoding::NON_ALPHANUMERIC),
        );
        let body = self.get(url, ANNOTATIONS.into(), cancel).await?;
        decode(&body)
    }

    /// Several GETs at once; each answer or its error, in order. They travel
    /// in one `$batch`, together with any other GET queued before the flush.
    pub async fn batch_get(
        &self,
        requests: &[(Resource, Query)],
        cancel: &Cancel,
    ) -> Result<Vec<Result<String, ApiError>>, ApiError> {
        let gets = requests.iter().map(|(resource, query)| {
            self.get(self.url(resource, query), ANNOTATIONS.into(), cancel)
        });
        Ok(join_all(gets).await)
    }

    /// A GET, answered with its body. GETs queued before the flush runs leave
    /// together in one `$batch`: one round trip instead of several. Those are
    /// the GETs of one render pass (views start their loads while rendering,
    /// see `hooks::loadable`) or of one answer's handlers.
    async fn get(&self, url: String, prefer: String, cancel: &Cancel) -> Result<String, ApiError> {
        if cancel.is_cancelled() {
            return Err(ApiError::Aborted);
        }
        let (reply, answer) = oneshot::channel();
        let first = {
            let mut queue = self.inner.queue.borrow_mut();
            queue.push(Queued {
                url,
                prefer,
                cancel: cancel.clone(),
                reply,
            });
            queue.len() == 1
        };
        if first {
            // Queued behind the futures already spawned (a render pass's
            // loads), which add their GETs first; and sent before this task
            // ends, so ahead of the browser's next layout and paint, which a
            // timer could let go first.
            let client = self.clone();
            spawn_local(async move { client.flush().await });
        }
        match select(answer, Box::pin(cancel.cancelled())).await {
            Either::Left((Ok(result), _)) => result,
            Either::Left((Err(_), _)) | Either::Right(_) => Err(ApiError::Aborted),
        }
    }

    async fn flush(&self) {
        let queued = std::mem::take(&mut *self.inner.queue.borrow_mut());
        let requests = distinct_requests(&queued);
        let early = self.inner.early.borrow_mut().take();
        if let Some(early) = early {
            if let Some(answers) = early.answers_for(&requests, self.inner.timeout_ms).await {
                self.deliver(queued, &requests, answers).await;
                return;
            }
        }
        let cancel = Cancel::new();
        let waiting = || queued.iter().map(|q| q.cancel.clone()).collect::<Vec<_>>();
        if let [(url, prefer)] = requests.as_slice() {
            let answer =
                until_all_gone(waiting(), &cancel, self.get_alone(url, prefer, &cancel)).await;
            for q in queued {
                let _ = q.reply.send(answer.clone());
            }
            return;
        }
        let batch = self.send_batch(&requests, &cancel);
        match until_all_gone(waiting(), &cancel, batch).await {
            Ok(answers) => self.deliver(queued, &requests, answers).await,
            // A batch that failed as a whole (slow or failing part, lost
            // connection) is retried one request at a time, so one bad
            // resource does not take every view down with it.
            Err(ApiError::Timeout { .. } | ApiError::Network { .. } | ApiError::Server { .. }) => {
                let alone = requests
                    .iter()
                    .map(|(url, prefer)| self.get_alone(url, prefer, &cancel));
                let answers = until_all_gone(waiting(), &cancel, join_all(alone)).await;
                self.deliver(queued, &requests, answers).await;
            }
            Err(error) => {
                for q in queued {
                    let _ = q.reply.send(Err(error.clone()));
                }
            }
        }
    }

    /// Hand each waiting GET the answer to its request (`answers` follow
    /// `requests`). A throttled part is sent again on its own, where the
    /// service's Retry-After can be honoured.
    async fn deliver(
        &self,
        queued: Vec<Queued>,
        requests: &[(String, String)],
        answers: Vec<Result<String, ApiError>>,
    ) {
        let answers = join_all(requests.iter().zip(answers).map(|((url, prefer), answer)| {
            let waiting: Vec<Cancel> = queued
                .iter()
                .filter(|q| q.url == *url && q.prefer == *prefer)
                .map(|q| q.cancel.clone())
                .collect();
            async move {
                match answer {
                    Err(ApiError::Throttled { .. }) => {
                        let cancel = Cancel::new();
                        let alone = self.get_alone(url, prefer, &cancel);
                        until_all_gone(waiting, &cancel, alone).await
                    }
                    answer => answer,
                }
            }
        }))
        .await;
        for q in queued {
            let answer = requests
                .iter()
                .zip(&answers)
                .find(|((url, prefer), _)| q.url == *url && q.prefer == *prefer)
                .map_or(Err(ApiError::Aborted), |(_, answer)| answer.clone());
            let _ = q.reply.send(answer);
        }
    }

    async fn get_alone(
        &self,
        url: &str,
        prefer: &str,
        cancel: &Cancel,
    ) -> Result<String, ApiError> {
        self.send(Method::GET, url, None, prefer, Verb::Read, cancel)
            .await
            .map(|answer| answer.body)
    }

    /// One `$batch` of GETs (absolute URLs) and each part's answer or error.
    async fn send_batch(
        &self,
        requests: &[(String, String)],
        cancel: &Cancel,
    ) -> Result<Vec<Result<String, ApiError>>, ApiError> {
        let boundary = format!(
            "batch_leadmap_{:08x}",
            (js_sys::Math::random() * f64::from(u32::MAX)) as u32
        );
        // Parts name their resource by absolute path when it is on the org.
        let targets: Vec<(String, String)> = requests
            .iter()
            .map(|(url, prefer)| {
                let target = url
                    .strip_prefix(&self.inner.origin)
                    .filter(|p| p.starts_with('/'))
                    .unwrap_or(url);
                (target.to_owned(), prefer.clone())
            })
            .collect();
        let body = batch::build_get_batch(&boundary, &targets);
        let url = format!("{}$batch", self.inner.api_root);
        let content_type = format!("multipart/mixed; boundary={boundary}");
        let answer = self
            .send_with(
                Method::POST,
                &url,
                Some(body),
                // Answer every part even when one fails (e.g. an entity that no longer exists).
                "odata.continue-on-error",
                Some(&content_type),
                Verb::Read,
                cancel,
            )
            .await?;
        let parts = batch::parse_batch_response(&answer.content_type, &answer.body)?;
        if parts.len() != requests.len() {
            return Err(ApiError::Decode {
                detail: format!(
                    "the batch answer has {} parts for {} requests.",
                    parts.len(),
                    requests.len()
                ),
            });
        }
        Ok(parts.into_iter().map(early_batch::part_result).collect())
    }

    /// Several entities' definitions: cached ones at once, the rest in one
    /// `$batch`. An entity the service does not know is left out.
    pub async fn entity_definitions(
        &self,
        entities: &[EntityName],
        cancel: &Cancel,
    ) -> Result<Vec<Rc<EntityDefinition>>, ApiError> {
        let missing: Vec<EntityName> = entities
            .iter()
            .filter(|e| !self.inner.entities.borrow().contains_key(e.as_str()))
            .cloned()
            .collect();
        if !missing.is_empty() {
            let query = Query::new().select(&ENTITY_DEFINITION_COLUMNS);
            let requests: Vec<(Resource, Query)> = missing
                .iter()
                .map(|entity| {
                    (
                        Resource::EntityDefinition {
                            entity: entity.clone(),
                        },
                        query.clone(),
                    )
                })
                .collect();
            for (entity, answer) in missing.iter().zip(self.batch_get(&requests, cancel).await?) {
                match answer {
                    Ok(body) => {
                        let definition: EntityDefinition = decode(&body)?;
                        self.inner
                            .entities
                            .borrow_mut()
                            .insert(entity.to_string(), Rc::new(definition));
                    }
                    Err(ApiError::NotFound { .. }) => {}
                    Err(error) => return Err(error),
                }
            }
        }
        let cache = self.inner.entities.borrow();
        Ok(entities
            .iter()
            .filter_map(|e| cache.get(e.as_str()).cloned())
            .collect())
    }

    /// An entity's attributes with labels, types, requirement and lengths,
    /// in one `$batch` round trip, cached for the page's life.
    pub async fn attributes(
        &self,
        entity: &EntityName,
        cancel: &Cancel,
    ) -> Result<Rc<AttributeCatalog>, ApiError> {
        let shared = self
            .inner
            .attributes
            .borrow_mut()
            .entry(entity.to_string())
            .or_insert_with(|| {
                let (client, entity) = (self.clone(), entity.clone());
                async move { client.fetch_attributes(&entity).await }
                    .boxed_local()
                    .shared()
            })
            .clone();
        let result = match select(shared, Box::pin(cancel.cancelled())).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => return Err(ApiError::Aborted),
        };
        if result.is_err() {
            // Not kept: the next view that asks tries again.
            self.inner.attributes.borrow_mut().remove(entity.as_str());
        }
        result
    }

    /// Base attributes plus the String and Memo casts (for `MaxLength`), in
    /// one round trip. Not tied to one view: the answer is shared.
    async fn fetch_attributes(
        &self,
        entity: &EntityName,
    ) -> Result<Rc<AttributeCatalog>, ApiError> {
        let cancel = &Cancel::new();
        let base = Query::new().select(&[
            "LogicalName",
            "AttributeType",
            "DisplayName",
            "RequiredLevel",
            "IsCustomAttribute",
        ]);
        let lengths = Query::new().select(&["LogicalName", "MaxLength"]);
        let attributes = |cast| Resource::Attributes {
            entity: entity.clone(),
            cast,
        };
        let mut answers = self
            .batch_get(
                &[
                    (attributes(None), base),
                    (attributes(Some(AttributeCast::String)), lengths.clone()),
                    (attributes(Some(AttributeCast::Memo)), lengths),
                ],
                cancel,
            )
            .await?
            .into_iter();
        let mut next = || {
            answers.next().unwrap_or_else(|| {
                Err(ApiError::Decode {
                    detail: "a batch part is missing.".into(),
                })
            })
        };
        let definitions: Collection<AttributeDefinition> = decode(&next()?)?;
        let mut strings: Collection<AttributeLength> = decode(&next()?)?;
        let mut memos: Collection<AttributeLength> = decode(&next()?)?;
        strings.value.append(&mut memos.value);
        Ok(Rc::new(AttributeCatalog::new(
            definitions.value,
            strings.value,
        )))
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        prefer: &str,
        verb: Verb,
        cancel: &Cancel,
    ) -> Result<Answer, ApiError> {
        let content_type = body.as_ref().map(|_| "application/json");
        self.send_with(method, url, body, prefer, content_type, verb, cancel)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_with(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        prefer: &str,
        content_type: Option<&str>,
        verb: Verb,
        cancel: &Cancel,
    ) -> Result<Answer, ApiError> {
        let mut attempts = 0;
        let mut waited_ms = 0u32;
        loop {
            attempts += 1;
            let (result, failure) = self
                .attempt(
                    method.clone(),
                    url,
                    body.clone(),
                    prefer,
                    content_type,
                    cancel,
                )
                .await;
            let Some(failure) = failure else {
                return result;
            };
            let Some(delay) = self.inner.policy.delay_ms(
                verb,
                failure,
                attempts,
                waited_ms,
                js_sys::Math::random(),
            ) else {
                return result;
            };
            waited_ms += delay;
            let sleep = yew::platform::time::sleep(Duration::from_millis(u64::from(delay)));
            if let Either::Right(_) = select(Box::pin(sleep), Box::pin(cancel.cancelled())).await {
                return Err(ApiError::Aborted);
            }
        }
    }

    /// One attempt: the answer or error, and what retrying needs to know.
    async fn attempt(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        prefer: &str,
        content_type: Option<&str>,
        cancel: &Cancel,
    ) -> (Result<Answer, ApiError>, Option<Failure>) {
        if cancel.is_cancelled() {
            return (Err(ApiError::Aborted), None);
        }
        let controller = AbortController::new().ok();
        let mut builder = RequestBuilder::new(url)
            .method(method)
            .credentials(RequestCredentials::SameOrigin)
            .header("Accept", "application/json")
            .header("OData-MaxVersion", "4.0")
            .header("OData-Version", "4.0")
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        if !prefer.is_empty() {
            builder = builder.header("Prefer", prefer);
        }
        if let Some(content_type) = content_type {
            builder = builder.header("Content-Type", content_type);
        }
        let request = match body {
            Some(body) => builder.body(body),
            None => builder.build(),
        };
        let request = match request {
            Ok(request) => request,
            Err(err) => {
                return (
                    Err(ApiError::Network {
                        detail: err.to_string(),
                    }),
                    None,
                )
            }
        };
        let exchange = async {
            let response = request.send().await?;
            let status = response.status();
            let retry_after = response.headers().get("Retry-After");
            let content_type = response.headers().get("Content-Type").unwrap_or_default();
            // Bytes, not text: a JS string would be decoded and then encoded
            // again on its way into wasm, which costs tens of ms on a big answer.
            let bytes = response.binary().await?;
            let body = String::from_utf8(bytes)
                .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
            Ok::<_, gloo_net::Error>((status, retry_after, content_type, body))
        };
        let timeout =
            yew::platform::time::sleep(Duration::from_millis(u64::from(self.inner.timeout_ms)));
        let outcome = select(
            Box::pin(exchange),
            select(Box::pin(timeout), Box::pin(cancel.cancelled())),
        )
        .await;
        let abort = || {
            if let Some(controller) = &controller {
                controller.abort();
            }
        };
        match outcome {
            Either::Left((Ok((status, retry_after, content_type, body)), _)) => {
                if (200..300).contains(&status) {
                    return (Ok(Answer { content_type, body }), None);
                }
                let retry_after_secs =
                    retry_after.and_then(|v: String| parse_retry_after(&v, js_sys::Date::now()));
                let error = ApiError::from_response(status, &body, retry_after_secs);
                (
                    Err(error),
                    Some(Failure::Status {
                        status,
                        retry_after_secs,
                    }),
                )
            }
            Either::Left((Err(err), _)) => {
                if cancel.is_cancelled() {
                    return (Err(ApiError::Aborted), None);
                }
                (
                    Err(ApiError::Network {
                        detail: err.to_string(),
                    }),
                    Some(Failure::Network),
                )
            }
            Either::Right((Either::Left(_), _)) => {
                abort();
                let seconds = self.inner.timeout_ms.div_ceil(1000);
                (Err(ApiError::Timeout { seconds }), Some(Failure::Timeout))
            }
            Either::Right((Either::Right(_), _)) => {
                abort();
                (Err(ApiError::Aborted), None)
            }
        }
    }
}

fn page_prefer(page_size: u32) -> String {
    format!("{ANNOTATIONS},odata.maxpagesize={page_size}")
}

/// The queued GETs' requests, each once: views asking for the same resource
/// before the same flush share one answer.
fn distinct_requests(queued: &[Queued]) -> Vec<(String, String)> {
    let mut requests: Vec<(String, String)> = Vec::with_capacity(queued.len());
    for q in queued {
        if !requests
            .iter()
            .any(|(url, prefer)| *url == q.url && *prefer == q.prefer)
        {
            requests.push((q.url.clone(), q.prefer.clone()));
        }
    }
    requests
}

/// Run `work`, cancelling `cancel` (which `work` uses) once every one of
/// `waiting` is cancelled: a request shared by several views is abandoned
/// only when all of them have gone away.
async fn until_all_gone<T>(
    waiting: Vec<Cancel>,
    cancel: &Cancel,
    work: impl std::future::Future<Output = T>,
) -> T {
    let gone = async {
        join_all(waiting.iter().map(Cancel::cancelled)).await;
        cancel.cancel();
        std::future::pending::<std::convert::Infallible>().await
    };
    match select(pin!(work), pin!(gone)).await {
        Either::Left((result, _)) => result,
        Either::Right((never, _)) => match never {},
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

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    json::from_str(body).map_err(|err| ApiError::decode(body, err))
}
