//! Metadata operations of the [`Client`]: entity definitions and attribute
//! catalogs, asked for once per page (views that need the same entity share
//! one load) and, through the client's read, kept across form opens.

use std::rc::Rc;
use std::time::Duration;

use futures::future::{join_all, ready, select, Either, LocalBoxFuture};
use futures::FutureExt;
use wasm_bindgen_futures::spawn_local;

use super::client::{decode, Client};
use super::metadata::{AttributeCatalog, EntityDefinition, MetadataChanges};
use super::requests::{self, Get};
use super::types::Collection;
use super::{ApiError, Cancel};
use crate::host::EntityName;

/// Kept metadata is asked for again once nothing has been in flight this long.
const QUIET_BEFORE_REVALIDATING: Duration = Duration::from_millis(500);

impl Client {
    /// Several entities' definitions: known ones at once, the rest in one
    /// query. An entity the service does not know is left out.
    pub async fn entity_definitions(
        &self,
        entities: &[EntityName],
        cancel: &Cancel,
    ) -> Result<Vec<Rc<EntityDefinition>>, ApiError> {
        let missing = self.unknown_entities(entities);
        if !missing.is_empty() {
            let found: Collection<EntityDefinition> = self
                .retrieve(&requests::entity_definitions(&missing), cancel)
                .await?;
            self.know(found.value);
        }
        Ok(self.known_entities(entities))
    }

    /// [`Client::entity_definitions`] if they are at hand now, for a view's
    /// first render.
    pub fn ready_entity_definitions(
        &self,
        entities: &[EntityName],
    ) -> Option<Vec<Rc<EntityDefinition>>> {
        let missing = self.unknown_entities(entities);
        if !missing.is_empty() {
            let found: Collection<EntityDefinition> =
                self.ready(&requests::entity_definitions(&missing))?;
            self.know(found.value);
        }
        Some(self.known_entities(entities))
    }

    fn unknown_entities(&self, entities: &[EntityName]) -> Vec<EntityName> {
        let known = self.inner.entities.borrow();
        entities
            .iter()
            .filter(|e| !known.contains_key(e.as_str()))
            .cloned()
            .collect()
    }

    fn known_entities(&self, entities: &[EntityName]) -> Vec<Rc<EntityDefinition>> {
        let known = self.inner.entities.borrow();
        entities
            .iter()
            .filter_map(|e| known.get(e.as_str()).cloned())
            .collect()
    }

    fn know(&self, definitions: Vec<EntityDefinition>) {
        let mut known = self.inner.entities.borrow_mut();
        for definition in definitions {
            known.insert(definition.logical_name.clone(), Rc::new(definition));
        }
    }

    /// An entity's attributes with labels, types, requirement and lengths,
    /// kept for the page's life.
    pub async fn attributes(
        &self,
        entity: &EntityName,
        cancel: &Cancel,
    ) -> Result<Rc<AttributeCatalog>, ApiError> {
        let shared = self
            .inner
            .catalogs
            .borrow_mut()
            .entry(entity.to_string())
            .or_insert_with(|| {
                let (client, entity) = (self.clone(), entity.clone());
                async move { client.load_attributes(&entity).await }
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
            self.inner.catalogs.borrow_mut().remove(entity.as_str());
        }
        result
    }

    /// An entity's attribute catalog if it is at hand now (loaded, kept or
    /// in the page's early answers), for a view's first render.
    pub fn ready_attributes(&self, entity: &EntityName) -> Option<Rc<AttributeCatalog>> {
        if let Some(shared) = self.inner.catalogs.borrow().get(entity.as_str()) {
            return shared.peek()?.as_ref().ok().cloned();
        }
        let changes: MetadataChanges =
            self.ready(&requests::attribute_catalog(entity, self.user_lcid()))?;
        let catalog = Rc::new(AttributeCatalog::from_changes(entity.as_str(), changes));
        let loaded: LocalBoxFuture<'static, _> = Box::pin(ready(Ok(catalog.clone())));
        self.inner
            .catalogs
            .borrow_mut()
            .insert(entity.to_string(), loaded.shared());
        Some(catalog)
    }

    /// Not tied to one view: the answer is shared.
    async fn load_attributes(&self, entity: &EntityName) -> Result<Rc<AttributeCatalog>, ApiError> {
        let changes: MetadataChanges = self
            .retrieve(
                &requests::attribute_catalog(entity, self.user_lcid()),
                &Cancel::new(),
            )
            .await?;
        Ok(Rc::new(AttributeCatalog::from_changes(
            entity.as_str(),
            changes,
        )))
    }

    /// Ask for `get` again once the view is complete (nothing in flight for
    /// a moment), so the store holds what the service holds now.
    pub(super) fn revalidate_later(&self, get: Get) {
        let first = {
            let mut stale = self.inner.stale.borrow_mut();
            stale.push(get);
            stale.len() == 1
        };
        if !first {
            return;
        }
        let client = self.clone();
        spawn_local(async move {
            let mut quiet = false;
            while !quiet {
                yew::platform::time::sleep(QUIET_BEFORE_REVALIDATING).await;
                quiet = client.inner.in_flight.get() == 0;
            }
            let stale = std::mem::take(&mut *client.inner.stale.borrow_mut());
            let cancel = Cancel::new();
            join_all(stale.iter().map(|get| client.revalidate(get, &cancel))).await;
        });
    }

    /// Asks for a kept answer again. A metadata query whose kept answer has a
    /// version stamp asks first only whether anything changed since
    /// (`ClientVersionStamp`): when nothing has, the kept answer stays. A
    /// change, an expired stamp or any failure: the whole query again.
    async fn revalidate(&self, get: &Get, cancel: &Cancel) {
        let root = &self.inner.api_root;
        let deadline = self.inner.sender.deadline_from_now();
        let (url, prefer) = (get.url(root), get.prefer());
        let since = self
            .stored(get, &url, &prefer)
            .and_then(|kept| decode::<MetadataChanges>(&kept).ok()?.server_version_stamp)
            .and_then(|stamp| get.changed_since(&stamp));
        if let Some(since) = since {
            let answer = self
                .send_read(&since.url(root), &since.prefer(), deadline, cancel)
                .await;
            let unchanged = answer.is_ok_and(|body| {
                decode::<MetadataChanges>(&body).is_ok_and(|c| c.entity_metadata.is_empty())
            });
            if unchanged {
                return;
            }
        }
        // Failures are left to the next open: what was kept stays.
        let _ = self.fetch(get, &url, &prefer, deadline, cancel).await;
    }
}
