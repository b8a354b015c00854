//! Loads and changes the ContactLeads associations of the form's record.

use std::rc::Rc;

use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::associations_state::{Action, Load, PageSource, Row, State};
use super::loadable::{use_keyed_load, use_loadable, Loadable};
use super::relationship::{Side, NAVIGATION};
use crate::api::metadata::AttributeCatalog;
use crate::api::types::{Collection, Contact, Lead};
use crate::api::{ApiError, Cancel, Client, Filter, Query, Resource};
use crate::host::{EntityName, RecordId};

/// What the associations view renders from and the commands it can give.
#[derive(Clone)]
pub struct Associations {
    pub state: UseReducerHandle<State>,
    /// Labels of the listed entity's columns; None until (or unless) loaded.
    pub labels: Option<Rc<AttributeCatalog>>,
    pub add: Callback<Vec<Row>>,
    pub remove: Callback<RecordId>,
}

#[hook]
pub fn use_associations(
    client: &Client,
    side: Side,
    record_id: RecordId,
    page_size: u32,
) -> Associations {
    // The first page may already be here (the page's early batch): then the
    // first render shows the rows.
    let state = use_reducer(|| {
        let state = State::new("fullname");
        match ready_first_page(client, side, record_id, page_size, &state) {
            Some((rows, next_link, total)) => {
                let loaded = Rc::new(state).reduce(Action::Loaded {
                    generation: 0,
                    rows,
                    next_link,
                    total,
                });
                Rc::unwrap_or_clone(loaded)
            }
            None => state,
        }
    });
    // Labels are a nicety: without them the grid keeps English headers.
    // Asked for once a first page is in (the service runs a batch's parts one
    // after another, and metadata must not hold the first rows back), then
    // kept: a later loading state (retry, search) does not drop them.
    let wanted = use_mut_ref(|| false);
    *wanted.borrow_mut() |= state.load != Load::Loading;
    let labels_wanted = *wanted.borrow();
    let (labels, _) = {
        let client = client.clone();
        use_loadable((side, labels_wanted), move |(side, wanted), cancel| {
            let client = client.clone();
            async move { load_labels(&client, side, wanted, &cancel).await }
        })
    };
    let labels = match labels {
        Loadable::Ready(labels) => labels,
        _ => None,
    };

    {
        // Each page (first, next, previous, searched, sorted, retried) is a new
        // generation of the state; its load starts in the render that shows it.
        let (client, handle) = (client.clone(), state.clone());
        let key = (state.generation, side, record_id, page_size);
        use_keyed_load(key, move |first, cancel| {
            if first && handle.load != Load::Loading {
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
                let record = Resource::record(side.entity_set(), record_id);
                let cancel = Cancel::new();
                let (mut succeeded, mut failed) = (Vec::new(), Vec::new());
                // One at a time: a refusal (privilege, duplicate) names its record.
                for id in ids {
                    let target = Resource::record(side.related_set(), id);
                    match client
                        .associate(&record, NAVIGATION, &target, &cancel)
                        .await
                    {
                        Ok(()) => succeeded.push(id),
                        Err(error) => failed.push((id, error)),
                    }
                }
                dispatcher.dispatch(Action::AddFinished { failed, succeeded });
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
                let record = Resource::record(side.entity_set(), record_id);
                let result = client
                    .disassociate(&record, NAVIGATION, id, &Cancel::new())
                    .await;
                dispatcher.dispatch(Action::RemoveFinished { id, result });
            });
        })
    };

    Associations {
        state,
        labels,
        add,
        remove,
    }
}

type Page = (Vec<Row>, Option<String>, Option<u64>);

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
            Ok((rows, next_link, total)) => dispatcher.dispatch(Action::Loaded {
                generation,
                rows,
                next_link,
                total,
            }),
            Err(ApiError::Aborted) => {}
            Err(error) => dispatcher.dispatch(Action::LoadFailed { generation, error }),
        }
    });
}

/// The listed entity's attribute labels; None when they are not wanted yet
/// or cannot be had.
async fn load_labels(
    client: &Client,
    side: Side,
    wanted: bool,
    cancel: &Cancel,
) -> Result<Option<Rc<AttributeCatalog>>, ApiError> {
    let Some(entity) = EntityName::parse(side.related_entity())
        .ok()
        .filter(|_| wanted)
    else {
        return Ok(None);
    };
    match client.attributes(&entity, cancel).await {
        Ok(catalog) => Ok(Some(catalog)),
        Err(ApiError::Aborted) => Err(ApiError::Aborted),
        Err(_) => Ok(None),
    }
}

/// The first page for a fresh `state`, if the client already holds it.
fn ready_first_page(
    client: &Client,
    side: Side,
    record_id: RecordId,
    page_size: u32,
    state: &State,
) -> Option<Page> {
    let resource = Resource::related(side.entity_set(), record_id, NAVIGATION);
    let query = associations_query(side, &state.search, &state.sort.0, state.sort.1);
    fn rows<T: Into<Row>>(page: Collection<T>) -> Page {
        (
            page.value.into_iter().map(Into::into).collect(),
            page.next_link,
            page.count,
        )
    }
    match side {
        Side::Contact => client
            .ready_page::<Lead>(&resource, &query, page_size)
            .map(rows),
        Side::Lead => client
            .ready_page::<Contact>(&resource, &query, page_size)
            .map(rows),
    }
}

async fn load_page(
    client: &Client,
    side: Side,
    record_id: RecordId,
    state: &State,
    page_size: u32,
    cancel: &Cancel,
) -> Result<Page, ApiError> {
    match side {
        Side::Contact => fetch::<Lead>(client, side, record_id, state, page_size, cancel).await,
        Side::Lead => fetch::<Contact>(client, side, record_id, state, page_size, cancel).await,
    }
}

async fn fetch<T>(
    client: &Client,
    side: Side,
    record_id: RecordId,
    state: &State,
    page_size: u32,
    cancel: &Cancel,
) -> Result<Page, ApiError>
where
    T: DeserializeOwned + Into<Row>,
{
    let page: Collection<T> = match state.current_source() {
        PageSource::Link(link) => client.next_page(link, page_size, cancel).await?,
        PageSource::First => {
            let resource = Resource::related(side.entity_set(), record_id, NAVIGATION);
            let query = associations_query(side, &state.search, &state.sort.0, state.sort.1);
            client
                .retrieve_multiple(&resource, &query, page_size, cancel)
                .await?
        }
    };
    Ok((
        page.value.into_iter().map(Into::into).collect(),
        page.next_link,
        page.count,
    ))
}

/// The query of the first page: selected columns, search on name and email, sort, count.
pub fn associations_query(
    side: Side,
    search: &str,
    sort_column: &str,
    direction: crate::api::Direction,
) -> Query {
    let mut query = Query::new()
        .select(&side.select())
        .order_by(sort_column, direction)
        .count();
    if !search.is_empty() {
        query = query.filter(Filter::contains_any(&side.search_columns(), search));
    }
    query
}

/// Search the records that could be added (for the "Add existing" dialog).
pub async fn search_candidates(
    client: &Client,
    side: Side,
    term: &str,
    cancel: &Cancel,
) -> Result<Vec<Row>, ApiError> {
    let mut query = Query::new()
        .select(&side.select())
        .order_by("fullname", crate::api::Direction::Asc)
        .top(25);
    if !term.trim().is_empty() {
        query = query.filter(Filter::contains_any(&side.search_columns(), term.trim()));
    }
    let resource = Resource::collection(side.related_set());
    match side {
        Side::Contact => {
            let page: Collection<Lead> = client
                .retrieve_multiple(&resource, &query, 25, cancel)
                .await?;
            Ok(page.value.into_iter().map(Into::into).collect())
        }
        Side::Lead => {
            let page: Collection<Contact> = client
                .retrieve_multiple(&resource, &query, 25, cancel)
                .await?;
            Ok(page.value.into_iter().map(Into::into).collect())
        }
    }
}
