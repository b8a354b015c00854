//! Loads the entity maps of the form's entity, and the details and
//! `InitializeFrom` preview of the selected one.

use std::rc::Rc;

use serde_json::{Map, Value};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::entity_map_details::{attribute_rows, unmapped_required, AttributeRow, ColumnInfo};
use crate::api::types::EntityMap;
use crate::api::{ApiError, Cancel, Client, Filter, Query, Resource};
use crate::host::{EntityName, RecordId};

/// Something that loads: the view shows a skeleton, the data, or the error with a retry.
#[derive(Clone, Debug, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// An entity map in the list, with the other entity's display name.
#[derive(Clone, Debug, PartialEq)]
pub struct MapSummary {
    pub id: RecordId,
    pub source: String,
    pub target: String,
    /// The display name of the entity at the other end from the form's.
    pub other_label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapList {
    /// The form's entity display name.
    pub entity_label: String,
    /// Maps that copy from the form's entity into another.
    pub outgoing: Vec<MapSummary>,
    /// Maps that copy from another entity into the form's.
    pub incoming: Vec<MapSummary>,
}

impl MapList {
    /// The map to show first: into the other side of ContactLeads when there
    /// is one (what a sales user makes next from a lead is a contact), else
    /// the first outgoing, else the first incoming.
    pub fn first(&self) -> Option<&MapSummary> {
        self.outgoing
            .iter()
            .find(|m| {
                matches!(
                    (m.source.as_str(), m.target.as_str()),
                    ("lead", "contact") | ("contact", "lead")
                )
            })
            .or(self.outgoing.first())
            .or(self.incoming.first())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapDetails {
    pub map: EntityMap,
    pub rows: Vec<AttributeRow>,
    pub unmapped_required: Vec<ColumnInfo>,
}

#[derive(Clone)]
pub struct Reload {
    attempt: UseStateHandle<u32>,
}

impl Reload {
    pub fn callback(&self) -> Callback<()> {
        let attempt = self.attempt.clone();
        Callback::from(move |_| attempt.set(attempt.wrapping_add(1)))
    }
}

/// Run `load` whenever `deps` (or a retry) changes; abort it when they change
/// again or the view goes away.
#[hook]
fn use_loadable<T, D, F, Fut>(deps: D, load: F) -> (Loadable<T>, Reload)
where
    T: Clone + PartialEq + 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D, Cancel) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Loadable::Loading);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let cancel = Cancel::new();
            state.set(Loadable::Loading);
            let future = load(deps.clone(), cancel.clone());
            spawn_local(async move {
                match future.await {
                    Ok(value) => state.set(Loadable::Ready(value)),
                    Err(ApiError::Aborted) => {}
                    Err(error) => state.set(Loadable::Failed(error)),
                }
            });
            move || cancel.cancel()
        });
    }
    ((*state).clone(), Reload { attempt })
}

#[hook]
pub fn use_entity_map_list(
    client: &Client,
    entity: &EntityName,
) -> (Loadable<Rc<MapList>>, Reload) {
    let client = client.clone();
    use_loadable(entity.clone(), move |entity, cancel| {
        let client = client.clone();
        async move { load_list(&client, &entity, &cancel).await.map(Rc::new) }
    })
}

#[hook]
pub fn use_entity_map_details(
    client: &Client,
    map_id: RecordId,
) -> (Loadable<Rc<MapDetails>>, Reload) {
    let client = client.clone();
    use_loadable(map_id, move |map_id, cancel| {
        let client = client.clone();
        async move { load_details(&client, map_id, &cancel).await.map(Rc::new) }
    })
}

/// The template `InitializeFrom` returns for a new `target` record made from the form's record.
#[hook]
pub fn use_initialize_from(
    client: &Client,
    source: Resource,
    target: EntityName,
) -> (Loadable<Rc<Map<String, Value>>>, Reload) {
    let client = client.clone();
    use_loadable((source, target), move |(source, target), cancel| {
        let client = client.clone();
        async move {
            client
                .initialize_from(&source, &target, &cancel)
                .await
                .map(Rc::new)
        }
    })
}

async fn load_list(
    client: &Client,
    entity: &EntityName,
    cancel: &Cancel,
) -> Result<MapList, ApiError> {
    let query = Query::new()
        .select(&["sourceentityname", "targetentityname"])
        .filter(Filter::Or(vec![
            Filter::eq("sourceentityname", entity.as_str()),
            Filter::eq("targetentityname", entity.as_str()),
        ]));
    let (maps, _capped): (Vec<EntityMap>, bool) = client
        .retrieve_all(&Resource::collection("entitymaps"), &query, cancel)
        .await?;

    let mut names: Vec<EntityName> = maps
        .iter()
        .flat_map(|m| [m.sourceentityname.as_str(), m.targetentityname.as_str()])
        .chain([entity.as_str()])
        .filter_map(|name| EntityName::parse(name).ok())
        .collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names.dedup();
    // Display names are a nicety: logical names stand in if metadata fails.
    let definitions = client
        .entity_definitions(&names, cancel)
        .await
        .unwrap_or_default();
    let lcid = client.user_lcid();
    let label = |logical: &str| {
        definitions
            .iter()
            .find(|d| d.logical_name == logical)
            .and_then(|d| d.display_name.text(lcid))
            .unwrap_or(logical)
            .to_owned()
    };

    let mut list = MapList {
        entity_label: label(entity.as_str()),
        outgoing: Vec::new(),
        incoming: Vec::new(),
    };
    for map in maps {
        let outgoing = map.sourceentityname == entity.as_str();
        let other = if outgoing {
            &map.targetentityname
        } else {
            &map.sourceentityname
        };
        let summary = MapSummary {
            id: map.entitymapid,
            other_label: label(other),
            source: map.sourceentityname.clone(),
            target: map.targetentityname.clone(),
        };
        if outgoing {
            list.outgoing.push(summary);
        } else {
            list.incoming.push(summary);
        }
    }
    list.outgoing
        .sort_by(|a, b| a.other_label.cmp(&b.other_label));
    list.incoming
        .sort_by(|a, b| a.other_label.cmp(&b.other_label));
    Ok(list)
}

async fn load_details(
    client: &Client,
    map_id: RecordId,
    cancel: &Cancel,
) -> Result<MapDetails, ApiError> {
    let query = Query::new()
        .select(&["sourceentityname", "targetentityname"])
        .expand(
            "entity_map_attribute_maps",
            Query::new().select(&["sourceattributename", "targetattributename", "issystem"]),
        );
    let mut map: EntityMap = client
        .retrieve(&Resource::record("entitymaps", map_id), &query, cancel)
        .await?;
    map.entity_map_attribute_maps
        .sort_by(|a, b| a.sourceattributename.cmp(&b.sourceattributename));
    let (source, target) = match (
        EntityName::parse(&map.sourceentityname),
        EntityName::parse(&map.targetentityname),
    ) {
        (Ok(source), Ok(target)) => (source, target),
        _ => {
            return Err(ApiError::Decode {
                detail: "the entity map names an entity that is not a valid logical name.".into(),
            })
        }
    };
    let (source_catalog, target_catalog) = futures::future::join(
        client.attributes(&source, cancel),
        client.attributes(&target, cancel),
    )
    .await;
    let (source_catalog, target_catalog) = (source_catalog?, target_catalog?);
    let lcid = client.user_lcid();
    Ok(MapDetails {
        rows: attribute_rows(
            &map.entity_map_attribute_maps,
            &source_catalog,
            &target_catalog,
            lcid,
        ),
        unmapped_required: unmapped_required(&map.entity_map_attribute_maps, &target_catalog, lcid),
        map,
    })
}
