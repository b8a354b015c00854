//! The mapping suggestions and checks of one entity map: shared columns from
//! the metadata already loaded, option values and lookup targets only when
//! the map joins choices or lookups (two metadata reads per entity, kept
//! across opens like the rest of the metadata).

use std::rc::Rc;

use yew::prelude::*;

use super::entity_map_details::type_family;
use super::loadable::{use_loadable, Loadable};
use super::mapping_checks::{
    lookup_mismatches, option_mismatches, unmapped_shared_columns, LookupMismatch, OptionMismatch,
    Unmapped,
};
use super::use_client::use_client;
use super::MapDetails;
use crate::api::metadata::{AttributeOptions, LookupTargets};
use crate::api::requests;
use crate::api::types::Collection;
use crate::api::{ApiError, Cancel, Client};
use crate::host::EntityName;

#[derive(Clone, Debug, PartialEq)]
pub struct MapChecks {
    pub unmapped: Vec<Unmapped>,
    pub options: Vec<OptionMismatch>,
    pub lookups: Vec<LookupMismatch>,
}

impl MapChecks {
    pub fn is_empty(&self) -> bool {
        self.unmapped.is_empty() && self.options.is_empty() && self.lookups.is_empty()
    }
}

/// The checks of `details`, asked for once `ask` is true (after the view is
/// complete: they are no part of it).
#[hook]
pub fn use_mapping_checks(details: Rc<MapDetails>, ask: bool) -> Loadable<Rc<MapChecks>> {
    let client = use_client();
    let (checks, _) = use_loadable(ask.then_some(details), move |details, cancel| {
        let client = client.clone();
        async move {
            let Some(details) = details else {
                return Err(ApiError::Aborted);
            };
            load(&client, &details, &cancel).await.map(Rc::new)
        }
    });
    if ask {
        checks
    } else {
        Loadable::Loading
    }
}

/// Whether some attribute map joins two columns of this kind.
fn joins(details: &MapDetails, family: &str) -> bool {
    details.rows.iter().any(|row| {
        let kind = |c: &Option<super::entity_map_details::ColumnInfo>| {
            c.as_ref().map(|c| type_family(&c.attribute_type) == family)
        };
        kind(&row.source) == Some(true) && kind(&row.target) == Some(true)
    })
}

async fn load(
    client: &Client,
    details: &MapDetails,
    cancel: &Cancel,
) -> Result<MapChecks, ApiError> {
    let map = &details.map;
    let maps = &map.entity_map_attribute_maps;
    let (Ok(source), Ok(target)) = (
        EntityName::parse(&map.sourceentityname),
        EntityName::parse(&map.targetentityname),
    ) else {
        return Err(ApiError::Decode {
            detail: "the entity map names an entity that is not a valid logical name.".into(),
        });
    };
    let options = async {
        if !joins(details, "choice") {
            return Ok(Vec::new());
        }
        let (from, into) = (
            requests::attribute_options(&source),
            requests::attribute_options(&target),
        );
        let (from, into) = futures::join!(
            client.retrieve::<Collection<AttributeOptions>>(&from, cancel),
            client.retrieve::<Collection<AttributeOptions>>(&into, cancel),
        );
        Ok::<_, ApiError>(option_mismatches(
            maps,
            &from?.value,
            &into?.value,
            client.user_lcid(),
        ))
    };
    let lookups = async {
        if !joins(details, "lookup") {
            return Ok(Vec::new());
        }
        let (from, into) = (
            requests::lookup_targets(&source),
            requests::lookup_targets(&target),
        );
        let (from, into) = futures::join!(
            client.retrieve::<Collection<LookupTargets>>(&from, cancel),
            client.retrieve::<Collection<LookupTargets>>(&into, cancel),
        );
        Ok::<_, ApiError>(lookup_mismatches(maps, &from?.value, &into?.value))
    };
    let (options, lookups) = futures::join!(options, lookups);
    Ok(MapChecks {
        unmapped: unmapped_shared_columns(
            maps,
            &details.source_catalog,
            &details.target_catalog,
            client.user_lcid(),
        ),
        options: options?,
        lookups: lookups?,
    })
}
