//! Loads and changes the ContactLeads associations of the form's record.

use std::rc::Rc;

use futures::StreamExt;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::associations_state::{Action, Page, PageSource, Row, State};
use super::loadable::{use_keyed_load, use_loadable, Loadable, Reload};
use super::relationship::Side;
use super::use_client::use_client;
use super::use_debounced::{use_debounced, SEARCH_DEBOUNCE};
use super::use_online::use_online;
use crate::api::contactleads::DEFAULT_SORT;
use crate::api::metadata::AttributeCatalog;
use crate::api::requests::{self, Get};
use crate::api::types::{Collection, Contact, Lead};
use crate::api::{ApiError, Cancel, Client, Direction};
use crate::host::{EntityName, RecordId};

/// What the associations view renders from and the commands it can give.
#[derive(Clone)]
pub struct Associations {
    pub state: UseReducerHandle<State>,
    /// The grid's column headers: display names from metadata in the user's
    /// language, English until (or unless) metadata arrives.
    pub column_labels: Vec<String>,
    pub add: Callback<Vec<Row>>,
    pub remove: Callback<RecordId>,
    /// Remove several at once (a confirmed selection).
    pub remove_many: Callback<Vec<RecordId>>,
}

/// Removals of a bulk removal in flight at once: quick enough for a page of
/// rows, far inside the service's limit of concurrent requests per user.
const BULK_IN_FLIGHT: usize = 4;

#[hook]
pub fn use_associations(side: Side, record_id: RecordId, page_size: u32) -> Associations {
    let client = &use_client();
    // The first page may already be here (the page's early requests): then the
    // first render shows the rows.
    let state = use_reducer(|| {
        let state = State::new(DEFAULT_SORT);
        match ready_first_page(client, side, record_id, page_size, &state) {
            Some((page, total)) => {
                let loaded = Rc::new(state).reduce(Action::Loaded {
                    generation: 0,
                    page,
                    total,
                });
                Rc::unwrap_or_clone(loaded)
            }
            None => state,
        }
    });
    // Labels are a nicety: without them the grid keeps English headers.
    let (labels, _) = {
        let client = client.clone();
        use_loadable(side, move |side, cancel| {
            let client = client.clone();
            async move { load_labels(&client, side, &cancel).await }
        })
    };
    let labels = match labels {
        Loadable::Ready(labels) => labels,
        _ => None,
    };
    let column_labels = side
        .columns()
        .iter()
        .map(|c| {
            labels
                .as_ref()
                .and_then(|l| l.get(c.metadata_name))
                .and_then(|a| a.display_name.text(client.user_lcid()))
                .unwrap_or(c.fallback_label)
                .to_owned()
        })
        .collect();

    {
        // A page that could not load for want of a connection loads again once it is back.
        let online = use_online();
        let (dispatcher, offline_failure) = (
            state.dispatcher(),
            matches!(state.page, Loadable::Failed(ApiError::Network { .. })),
        );
        use_effect_with(online, move |online| {
            if *online && offline_failure {
                dispatcher.dispatch(Action::Retry);
            }
        });
    }

    {
        // Each page (first, next, previous, searched, sorted, retried) is a new
        // generation of the state; its load starts in the render that shows it.
        let (client, handle) = (client.clone(), state.clone());
        let key = (state.generation, side, record_id, page_size);
        use_keyed_load(key, move |first, cancel| {
            if first && handle.page != Loadable::Loading {
                return; // the first page came with the first render
            }
            spawn_page_load(&client, side, record_id, page_size, &handle, cancel);
        });
    }

    let add = {
        let (client, dispatcher) = (client.clone(), state.dispatcher());
        Callback::from(move |rows: Vec<Row>| {
            let ids: Vec<RecordId> = rows.iter().map(|r| r.id).collect();
            dispatcher.dispatch(Action::AddStarted(rows));
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            spawn_local(async move {
                let cancel = Cancel::new();
                let (mut succeeded, mut failed, mut duplicates) =
                    (Vec::new(), Vec::new(), Vec::new());
                // One at a time: a refusal (privilege) names its record. One
                // refused as a duplicate was associated meanwhile (another user,
                // another tab): the service holds what the user asked for.
                for id in ids {
                    let write = requests::associate(side, record_id, id);
                    match client.write(&write, &cancel).await {
                        Ok(()) => succeeded.push(id),
                        Err(error) if error.is_duplicate_key() => duplicates.push(id),
                        Err(error) => failed.push((id, error)),
                    }
                }
                dispatcher.dispatch(Action::AddFinished {
                    failed,
                    succeeded,
                    duplicates,
                });
            });
        })
    };

    let remove = {
        let (client, dispatcher, writing) =
            (client.clone(), state.dispatcher(), state.writing.clone());
        Callback::from(move |id: RecordId| {
            if writing.contains(&id) {
                return;
            }
            dispatcher.dispatch(Action::RemoveStarted(id));
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            spawn_local(async move {
                let write = requests::disassociate(side, record_id, id);
                let result = client.write(&write, &Cancel::new()).await;
                dispatcher.dispatch(Action::RemoveFinished { id, result });
            });
        })
    };

    let remove_many = {
        let (client, dispatcher) = (client.clone(), state.dispatcher());
        Callback::from(move |ids: Vec<RecordId>| {
            dispatcher.dispatch(Action::RemoveManyStarted(ids.clone()));
            let (client, dispatcher) = (client.clone(), dispatcher.clone());
            spawn_local(async move {
                let cancel = Cancel::new();
                let removals = ids.into_iter().map(|id| {
                    let (client, dispatcher, cancel) = (&client, &dispatcher, &cancel);
                    async move {
                        let write = requests::disassociate(side, record_id, id);
                        let result = client.write(&write, cancel).await;
                        dispatcher.dispatch(Action::RemoveFinished { id, result });
                    }
                });
                futures::stream::iter(removals)
                    .buffer_unordered(BULK_IN_FLIGHT)
                    .collect::<Vec<()>>()
                    .await;
            });
        })
    };

    Associations {
        state,
        column_labels,
        add,
        remove,
        remove_many,
    }
}

/// A page and, on a first page, the count of all.
type Counted = (Page, Option<u64>);

/// Load the page `state` asks for and hand the answer to its reducer.
fn spawn_page_load(
    client: &Client,
    side: Side,
    record_id: RecordId,
    page_size: u32,
    state: &UseReducerHandle<State>,
    cancel: Cancel,
) {
    let (client, dispatcher) = (client.clone(), state.dispatcher());
    let (snapshot, generation) = ((**state).clone(), state.generation);
    spawn_local(async move {
        match load_page(&client, side, record_id, &snapshot, page_size, &cancel).await {
            Ok((page, total)) => dispatcher.dispatch(Action::Loaded {
                generation,
                page,
                total,
            }),
            Err(ApiError::Aborted) => {}
            Err(error) => dispatcher.dispatch(Action::LoadFailed { generation, error }),
        }
    });
}

/// The listed entity's attribute labels; None when they cannot be had.
async fn load_labels(
    client: &Client,
    side: Side,
    cancel: &Cancel,
) -> Result<Option<Rc<AttributeCatalog>>, ApiError> {
    let Ok(entity) = EntityName::parse(side.related_entity()) else {
        return Ok(None);
    };
    match client.attributes(&entity, cancel).await {
        Ok(catalog) => Ok(Some(catalog)),
        Err(ApiError::Aborted) => Err(ApiError::Aborted),
        Err(_) => Ok(None),
    }
}

/// The request for the first page `state` shows.
fn first_page_of(side: Side, record_id: RecordId, page_size: u32, state: &State) -> Get {
    let sort = (state.sort.0.as_str(), state.sort.1);
    requests::association_page(side, record_id, &state.search, sort, page_size)
}

fn rows<T: Into<Row>>(page: Collection<T>) -> Counted {
    let rows = page.value.into_iter().map(Into::into).collect();
    let next_link = page.next_link;
    (Page { rows, next_link }, page.count)
}

/// The first page for a fresh `state`, if the client already holds it.
fn ready_first_page(
    client: &Client,
    side: Side,
    record_id: RecordId,
    page_size: u32,
    state: &State,
) -> Option<Counted> {
    let get = first_page_of(side, record_id, page_size, state);
    match side {
        Side::Contact => client.ready::<Collection<Lead>>(&get).map(rows),
        Side::Lead => client.ready::<Collection<Contact>>(&get).map(rows),
    }
}

async fn load_page(
    client: &Client,
    side: Side,
    record_id: RecordId,
    state: &State,
    page_size: u32,
    cancel: &Cancel,
) -> Result<Counted, ApiError> {
    let get = match state.current_source() {
        PageSource::Link(link) => Get::next_page(link, page_size),
        PageSource::First => first_page_of(side, record_id, page_size, state),
    };
    match side {
        Side::Contact => Ok(rows(
            client.retrieve::<Collection<Lead>>(&get, cancel).await?,
        )),
        Side::Lead => Ok(rows(
            client.retrieve::<Collection<Contact>>(&get, cancel).await?,
        )),
    }
}

/// Every association of a search and sort, all pages (an export).
pub async fn all_rows(
    client: &Client,
    side: Side,
    record_id: RecordId,
    search: &str,
    sort: (&str, Direction),
    cancel: &Cancel,
) -> Result<Vec<Row>, ApiError> {
    let get = requests::association_export(side, record_id, search, sort);
    Ok(match side {
        Side::Contact => {
            let (rows, _) = client.retrieve_all::<Lead>(&get, cancel).await?;
            rows.into_iter().map(Into::into).collect()
        }
        Side::Lead => {
            let (rows, _) = client.retrieve_all::<Contact>(&get, cancel).await?;
            rows.into_iter().map(Into::into).collect()
        }
    })
}

/// The records that could be added ("Add existing") for a search term, asked
/// for once the user pauses typing.
#[hook]
pub fn use_candidates(side: Side, term: String) -> (Loadable<Rc<Vec<Row>>>, Reload) {
    let client = use_client();
    let term = use_debounced(term, SEARCH_DEBOUNCE);
    use_loadable((side, term), move |(side, term), cancel| {
        let client = client.clone();
        async move {
            let get = requests::candidates(side, &term);
            let found = match side {
                Side::Contact => rows(client.retrieve::<Collection<Lead>>(&get, &cancel).await?),
                Side::Lead => rows(
                    client
                        .retrieve::<Collection<Contact>>(&get, &cancel)
                        .await?,
                ),
            };
            Ok(Rc::new(found.0.rows))
        }
    })
}
