//! Loads the entity maps of the form's entity, and the details and
//! `InitializeFrom` preview of the selected one.

use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use super::entity_map_details::{attribute_rows, unmapped_required, AttributeRow, ColumnInfo};
use super::loadable::{use_loadable_or_ready, Loadable, Reload};
use super::use_client::use_client;
use crate::api::contactleads::entity_set_of;
use crate::api::metadata::{AttributeCatalog, EntityDefinition};
use crate::api::requests;
use crate::api::template::Template;
use crate::api::types::{AttributeMap, EntityMap};
use crate::api::{ApiError, Cancel, Client};
use crate::host::{EntityName, RecordId};
use crate::sort::sort_by_text;

/// An entity map in the list.
#[derive(Clone, Debug, PartialEq)]
pub struct MapSummary {
    pub id: RecordId,
    pub source: String,
    pub target: String,
    /// The entity at the other end from the form's.
    pub other: String,
    /// Its attribute maps, as the list's answer expanded them.
    pub attribute_maps: Rc<Vec<AttributeMap>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapList {
    /// Maps that copy from the form's entity into another.
    pub outgoing: Vec<MapSummary>,
    /// Maps that copy from another entity into the form's.
    pub incoming: Vec<MapSummary>,
}

/// The maps shown first when there is one (source, target): into the other
/// side of ContactLeads (what a sales user makes next from a lead is a contact).
pub const SHOWN_FIRST: [(&str, &str); 2] = [("lead", "contact"), ("contact", "lead")];

impl MapList {
    /// The map to show first: one of [`SHOWN_FIRST`], else the first
    /// outgoing, else the first incoming (the page's early script picks the
    /// same one: `crate::early_page`).
    pub fn first(&self) -> Option<&MapSummary> {
        self.outgoing
            .iter()
            .find(|m| SHOWN_FIRST.contains(&(m.source.as_str(), m.target.as_str())))
            .or(self.outgoing.first())
            .or(self.incoming.first())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapDetails {
    pub map: EntityMap,
    pub rows: Vec<AttributeRow>,
    pub unmapped_required: Vec<ColumnInfo>,
    /// Both entities' attributes, for the mapping checks.
    pub source_catalog: Rc<AttributeCatalog>,
    pub target_catalog: Rc<AttributeCatalog>,
}

#[hook]
pub fn use_entity_map_list(entity: &EntityName) -> (Loadable<Rc<MapList>>, Reload) {
    let client = &use_client();
    let ready = || {
        let maps = client.ready_all(&requests::entity_map_list(entity))?;
        Some(Rc::new(map_list(entity, maps)))
    };
    let client = client.clone();
    use_loadable_or_ready(entity.clone(), ready, move |entity, cancel| {
        let client = client.clone();
        async move { load_list(&client, &entity, &cancel).await.map(Rc::new) }
    })
}

/// Display names of entities, by logical name; empty until they arrive (or
/// if they cannot: logical names stand in).
#[hook]
pub fn use_entity_labels(entities: Vec<EntityName>) -> Rc<HashMap<String, String>> {
    let client = &use_client();
    let ready = || {
        let definitions = client.ready_entity_definitions(&entities)?;
        Some(Rc::new(labels_of(&definitions, client.user_lcid())))
    };
    let client = client.clone();
    let (labels, _) = use_loadable_or_ready(entities.clone(), ready, move |entities, cancel| {
        let client = client.clone();
        async move {
            if entities.is_empty() {
                return Ok(Rc::new(HashMap::new()));
            }
            let definitions = client.entity_definitions(&entities, &cancel).await?;
            Ok(Rc::new(labels_of(&definitions, client.user_lcid())))
        }
    });
    match labels {
        Loadable::Ready(labels) => labels,
        _ => Rc::default(),
    }
}

fn labels_of(definitions: &[Rc<EntityDefinition>], lcid: u32) -> HashMap<String, String> {
    definitions
        .iter()
        .filter_map(|d| {
            Some((
                d.logical_name.clone(),
                d.display_name.text(lcid)?.to_owned(),
            ))
        })
        .collect()
}

/// A map's attribute maps with both entities' metadata, asked for at once.
#[hook]
pub fn use_entity_map_details(map: MapSummary) -> (Loadable<Rc<MapDetails>>, Reload) {
    let client = &use_client();
    let ready = || ready_details(client, &map).map(Rc::new);
    let client = client.clone();
    use_loadable_or_ready(map.clone(), ready, move |map, cancel| {
        let client = client.clone();
        async move { load_details(&client, &map, &cancel).await.map(Rc::new) }
    })
}

/// What `InitializeFrom` says a new record of the map's target would get
/// from the form's record.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub template: Template,
    /// The form's record as a lookup bind names it (`contacts(…)`).
    pub this_record: String,
}

/// The preview of `map` for the form's record, when that record is the
/// map's source and its entity set is known; None when there is nothing to
/// preview.
#[hook]
pub fn use_initialize_from(
    entity: &EntityName,
    record: RecordId,
    map: &MapSummary,
) -> Option<(Loadable<Rc<Preview>>, Reload)> {
    let client = &use_client();
    let request = (map.source == entity.as_str())
        .then(|| {
            let target = EntityName::parse(&map.target).ok()?;
            let set = entity_set_of(entity.as_str())?;
            Some((
                requests::initialize_from(entity, record, &target)?,
                format!("{set}({record})"),
            ))
        })
        .flatten();
    let previewing = request.is_some();
    let ready = || {
        let (get, this_record) = request.as_ref()?;
        Some(Rc::new(Preview {
            template: client.ready(get)?,
            this_record: this_record.clone(),
        }))
    };
    let client = client.clone();
    let (preview, reload) =
        use_loadable_or_ready(request.clone(), ready, move |request, cancel| {
            let client = client.clone();
            async move {
                let Some((get, this_record)) = request else {
                    return Err(ApiError::Aborted);
                };
                let template = client.retrieve::<Template>(&get, &cancel).await?;
                Ok(Rc::new(Preview {
                    template,
                    this_record,
                }))
            }
        });
    previewing.then_some((preview, reload))
}

async fn load_list(
    client: &Client,
    entity: &EntityName,
    cancel: &Cancel,
) -> Result<MapList, ApiError> {
    let (maps, _capped): (Vec<EntityMap>, bool) = client
        .retrieve_all(&requests::entity_map_list(entity), cancel)
        .await?;
    Ok(map_list(entity, maps))
}

/// Maps sorted into those from `entity` and those into it, by the other end.
fn map_list(entity: &EntityName, maps: Vec<EntityMap>) -> MapList {
    let mut list = MapList {
        outgoing: Vec::new(),
        incoming: Vec::new(),
    };
    for map in maps {
        let outgoing = map.sourceentityname == entity.as_str();
        let summary = MapSummary {
            id: map.entitymapid,
            attribute_maps: Rc::new(map.entity_map_attribute_maps),
            other: if outgoing {
                map.targetentityname.clone()
            } else {
                map.sourceentityname.clone()
            },
            source: map.sourceentityname,
            target: map.targetentityname,
        };
        if outgoing {
            list.outgoing.push(summary);
        } else {
            list.incoming.push(summary);
        }
    }
    sort_by_text(&mut list.outgoing, |m| &m.other);
    sort_by_text(&mut list.incoming, |m| &m.other);
    list
}

pub(super) async fn load_details(
    client: &Client,
    summary: &MapSummary,
    cancel: &Cancel,
) -> Result<MapDetails, ApiError> {
    let (source, target) = ends_of(summary)?;
    let (source_catalog, target_catalog) = futures::join!(
        client.attributes(&source, cancel),
        client.attributes(&target, cancel),
    );
    Ok(details(
        summary,
        source_catalog?,
        target_catalog?,
        client.user_lcid(),
    ))
}

fn ends_of(summary: &MapSummary) -> Result<(EntityName, EntityName), ApiError> {
    match (
        EntityName::parse(&summary.source),
        EntityName::parse(&summary.target),
    ) {
        (Ok(source), Ok(target)) => Ok((source, target)),
        _ => Err(ApiError::Decode {
            detail: "the entity map names an entity that is not a valid logical name.".into(),
        }),
    }
}

/// The details when both catalogs are at hand (see [`Client::ready`]).
fn ready_details(client: &Client, summary: &MapSummary) -> Option<MapDetails> {
    let (source, target) = ends_of(summary).ok()?;
    let source_catalog = client.ready_attributes(&source)?;
    let target_catalog = client.ready_attributes(&target)?;
    Some(details(
        summary,
        source_catalog,
        target_catalog,
        client.user_lcid(),
    ))
}

fn details(
    summary: &MapSummary,
    source_catalog: Rc<AttributeCatalog>,
    target_catalog: Rc<AttributeCatalog>,
    lcid: u32,
) -> MapDetails {
    let mut map = EntityMap {
        entitymapid: summary.id,
        sourceentityname: summary.source.clone(),
        targetentityname: summary.target.clone(),
        entity_map_attribute_maps: summary.attribute_maps.to_vec(),
    };
    sort_by_text(&mut map.entity_map_attribute_maps, |a| {
        &a.sourceattributename
    });
    MapDetails {
        rows: attribute_rows(
            &map.entity_map_attribute_maps,
            &source_catalog,
            &target_catalog,
            lcid,
        ),
        unmapped_required: unmapped_required(&map.entity_map_attribute_maps, &target_catalog, lcid),
        map,
        source_catalog,
        target_catalog,
    }
}
