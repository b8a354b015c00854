//! On a lead form: what qualifying the lead creates. The lead's maps into a
//! contact, an account and an opportunity, each with its `InitializeFrom`
//! preview, asked for side by side once the user opens the panel.

use std::rc::Rc;

use yew::prelude::*;

use super::loadable::{use_loadable, Loadable, Reload};
use super::use_client::use_client;
use super::use_entity_maps::load_details;
use super::{MapDetails, MapList, Preview};
use crate::api::requests;
use crate::api::template::Template;
use crate::api::{ApiError, Cancel, Client};
use crate::host::{EntityName, RecordId};

/// The records qualifying a lead creates, in the order the columns show them.
pub const QUALIFY_TARGETS: [&str; 3] = ["contact", "account", "opportunity"];

#[derive(Clone, Debug, PartialEq)]
pub struct QualifyTarget {
    pub entity: &'static str,
    pub details: Rc<MapDetails>,
    pub preview: Preview,
}

#[hook]
pub fn use_qualification(
    record: RecordId,
    list: Rc<MapList>,
) -> (Loadable<Rc<Vec<QualifyTarget>>>, Reload) {
    let client = use_client();
    use_loadable((record, list), move |(record, list), cancel| {
        let client = client.clone();
        async move { load(&client, record, &list, &cancel).await.map(Rc::new) }
    })
}

async fn load(
    client: &Client,
    record: RecordId,
    list: &MapList,
    cancel: &Cancel,
) -> Result<Vec<QualifyTarget>, ApiError> {
    let lead = EntityName::from_code("lead");
    let loads = QUALIFY_TARGETS.into_iter().filter_map(|entity| {
        let summary = list.outgoing.iter().find(|m| m.target == entity)?.clone();
        let target = EntityName::from_code(entity);
        let get = requests::initialize_from(&lead, record, &target)?;
        Some(async move {
            let (details, template) = futures::join!(
                load_details(client, &summary, cancel),
                client.retrieve::<Template>(&get, cancel),
            );
            Ok::<_, ApiError>(QualifyTarget {
                entity,
                details: Rc::new(details?),
                preview: Preview {
                    template: template?,
                    this_record: format!("leads({record})"),
                },
            })
        })
    });
    futures::future::join_all(loads).await.into_iter().collect()
}
