//! The ContactLeads view's state as a pure reducer: paging over
//! `@odata.nextLink`, search, sort, selection, and optimistic add/remove with
//! rollback. Tested natively; the hook in `use_associations` runs the effects.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use yew::Reducible;

use super::loadable::Loadable;
use crate::api::{ApiError, Direction};
use crate::host::RecordId;

/// One associated record as the grid shows it: formatted text per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: RecordId,
    pub name: String,
    /// Column attribute (`Column::attribute`) → its text.
    pub cells: Vec<(&'static str, String)>,
}

impl Row {
    /// The text of the column `attribute`, empty when the record has none.
    pub fn cell(&self, attribute: &str) -> &str {
        self.cells
            .iter()
            .find(|(a, _)| *a == attribute)
            .map_or("", |(_, text)| text.as_str())
    }
}

/// A page of associated records as the service returned it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub rows: Vec<Row>,
    pub next_link: Option<String>,
}

/// Where the current page came from, so "previous" can load it again:
/// OData paging only goes forward.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageSource {
    First,
    Link(String),
}

/// A removal of several records at once, while it runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkRemoval {
    pub ids: Vec<RecordId>,
    pub done: usize,
    /// Names of the records the service did not let go, with why.
    pub failed: Vec<(String, ApiError)>,
}

/// The outcome of a write the user should hear about. The view words it.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// These records could not be associated (rolled back).
    NotAdded { names: Vec<String>, error: ApiError },
    /// These records are still associated: the service refused to let go.
    NotRemoved {
        names: Vec<String>,
        removed: usize,
        error: ApiError,
    },
    /// A bulk removal went through in full.
    Removed { count: usize },
}

impl Notice {
    pub fn is_failure(&self) -> bool {
        !matches!(self, Self::Removed { .. })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The page shown. While the next one loads (`refreshing`) it stays.
    pub page: Loadable<Page>,
    pub refreshing: bool,
    pub search: String,
    /// Column logical name and direction.
    pub sort: (String, Direction),
    /// Sources of the pages before and including the current one.
    pub pages: Vec<PageSource>,
    pub total: Option<u64>,
    /// Records with a write in flight: their buttons send nothing more.
    pub writing: HashSet<RecordId>,
    /// Rows removed optimistically, kept to put back if the service refuses.
    pub removed: Vec<(usize, Row)>,
    /// Rows chosen for a bulk action, and the last one clicked (Shift+click
    /// selects the range from it).
    pub selected: HashSet<RecordId>,
    anchor: Option<RecordId>,
    pub bulk: Option<BulkRemoval>,
    /// Why a row stayed after a bulk removal.
    pub row_errors: HashMap<RecordId, String>,
    /// What the last write came to, until dismissed or the next write.
    pub notice: Option<Notice>,
    /// Bumped to ask the hook to (re)load the current page.
    pub generation: u32,
}

impl State {
    pub fn new(default_sort: &str) -> Self {
        Self {
            page: Loadable::Loading,
            refreshing: false,
            search: String::new(),
            sort: (default_sort.to_owned(), Direction::Asc),
            pages: vec![PageSource::First],
            total: None,
            writing: HashSet::new(),
            removed: Vec::new(),
            selected: HashSet::new(),
            anchor: None,
            bulk: None,
            row_errors: HashMap::new(),
            notice: None,
            generation: 0,
        }
    }

    /// The rows shown: none while the first page loads or after a failure.
    pub fn rows(&self) -> &[Row] {
        match &self.page {
            Loadable::Ready(page) => &page.rows,
            _ => &[],
        }
    }

    pub fn next_link(&self) -> Option<&str> {
        match &self.page {
            Loadable::Ready(page) => page.next_link.as_deref(),
            _ => None,
        }
    }

    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    pub fn current_source(&self) -> &PageSource {
        self.pages.last().unwrap_or(&PageSource::First)
    }

    pub fn has_previous(&self) -> bool {
        self.pages.len() > 1
    }

    /// Whether every row of the page is selected (and there is one).
    pub fn all_selected(&self) -> bool {
        let rows = self.rows();
        !rows.is_empty() && rows.iter().all(|r| self.selected.contains(&r.id))
    }

    /// The selected rows in page order, without those with a write in flight.
    pub fn selection(&self) -> Vec<&Row> {
        self.rows()
            .iter()
            .filter(|r| self.selected.contains(&r.id) && !self.writing.contains(&r.id))
            .collect()
    }

    fn rows_mut(&mut self) -> Option<&mut Vec<Row>> {
        match &mut self.page {
            Loadable::Ready(page) => Some(&mut page.rows),
            _ => None,
        }
    }

    fn restart(&mut self) {
        self.pages = vec![PageSource::First];
        self.reload();
    }

    fn reload(&mut self) {
        self.refreshing = matches!(self.page, Loadable::Ready(_));
        if !self.refreshing {
            self.page = Loadable::Loading;
        }
        self.generation = self.generation.wrapping_add(1);
    }

    fn name_of(&self, id: RecordId) -> Option<String> {
        self.rows()
            .iter()
            .chain(self.removed.iter().map(|(_, r)| r))
            .find(|r| r.id == id)
            .map(|r| r.name.clone())
    }

    fn remove_started(&mut self, id: RecordId) -> bool {
        if self.writing.contains(&id) {
            return false;
        }
        let Some(rows) = self.rows_mut() else {
            return false;
        };
        let Some(index) = rows.iter().position(|r| r.id == id) else {
            return false;
        };
        let row = rows.remove(index);
        self.removed.push((index, row));
        self.writing.insert(id);
        self.selected.remove(&id);
        self.row_errors.remove(&id);
        self.total = self.total.map(|t| t.saturating_sub(1));
        true
    }

    /// Put a row the service kept back where it was. Returns its name.
    fn put_back(&mut self, id: RecordId) -> Option<String> {
        let pos = self.removed.iter().position(|(_, r)| r.id == id)?;
        let (index, row) = self.removed.remove(pos);
        let name = row.name.clone();
        if let Some(rows) = self.rows_mut() {
            rows.insert(index.min(rows.len()), row);
            self.total = self.total.map(|t| t + 1);
        }
        Some(name)
    }

    fn remove_finished(&mut self, id: RecordId, result: Result<(), ApiError>) {
        self.writing.remove(&id);
        let in_bulk = self.bulk.as_ref().is_some_and(|b| b.ids.contains(&id));
        match result {
            Ok(()) => {
                self.removed.retain(|(_, r)| r.id != id);
            }
            Err(error) => {
                let name = self.put_back(id).unwrap_or_else(|| id.to_string());
                if outcome_unknown(&error) {
                    self.reload();
                }
                if in_bulk {
                    self.row_errors.insert(id, error.to_string());
                    if let Some(bulk) = self.bulk.as_mut() {
                        bulk.failed.push((name, error));
                    }
                } else {
                    self.notice = Some(Notice::NotRemoved {
                        names: vec![name],
                        removed: 0,
                        error,
                    });
                }
            }
        }
        if in_bulk {
            self.bulk_step();
        }
    }

    /// Count one more finished removal of the bulk removal; at the end, say
    /// how it went and read the page again (it has room for the next rows).
    fn bulk_step(&mut self) {
        let Some(bulk) = self.bulk.as_mut() else {
            return;
        };
        bulk.done += 1;
        if bulk.done < bulk.ids.len() {
            return;
        }
        let bulk = self.bulk.take().unwrap_or_default();
        let removed = bulk.ids.len() - bulk.failed.len();
        self.notice = Some(match bulk.failed.first() {
            None => Notice::Removed { count: removed },
            Some((_, error)) => Notice::NotRemoved {
                names: bulk.failed.iter().map(|(name, _)| name.clone()).collect(),
                removed,
                error: error.clone(),
            },
        });
        self.reload();
    }
}

/// A write that timed out or lost its connection may still have landed:
/// show what the service holds rather than guess.
fn outcome_unknown(error: &ApiError) -> bool {
    matches!(error, ApiError::Timeout { .. } | ApiError::Network { .. })
}

pub enum Action {
    Search(String),
    /// Sort by a column: ascending first, then toggles.
    SortBy(String),
    NextPage,
    PreviousPage,
    Retry,
    /// A page arrived for the request made at `generation`.
    Loaded {
        generation: u32,
        page: Page,
        total: Option<u64>,
    },
    LoadFailed {
        generation: u32,
        error: ApiError,
    },
    /// Tick or untick a row; `range`: also every row between it and the
    /// last one clicked (Shift+click), to the same state.
    Select {
        id: RecordId,
        range: bool,
    },
    /// Tick or untick every row of the page.
    SelectAll(bool),
    /// Optimistically show newly associated rows.
    AddStarted(Vec<Row>),
    AddFinished {
        failed: Vec<(RecordId, ApiError)>,
        succeeded: Vec<RecordId>,
        /// Refused as duplicates: associated meanwhile by someone else. A
        /// success, after which the page is read again, so the grid shows
        /// what the service holds.
        duplicates: Vec<RecordId>,
    },
    RemoveStarted(RecordId),
    /// Remove these rows at once (the selection, confirmed).
    RemoveManyStarted(Vec<RecordId>),
    RemoveFinished {
        id: RecordId,
        result: Result<(), ApiError>,
    },
    DismissNotice,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Search(term) => {
                let term = term.trim().to_owned();
                if term == s.search {
                    return self;
                }
                s.search = term;
                s.restart();
            }
            Action::SortBy(column) => {
                s.sort = if s.sort.0 == column {
                    let flipped = match s.sort.1 {
                        Direction::Asc => Direction::Desc,
                        Direction::Desc => Direction::Asc,
                    };
                    (column, flipped)
                } else {
                    (column, Direction::Asc)
                };
                s.restart();
            }
            Action::NextPage => {
                let Some(link) = s.next_link().map(str::to_owned) else {
                    return self;
                };
                if s.refreshing {
                    return self;
                }
                s.pages.push(PageSource::Link(link));
                s.reload();
            }
            Action::PreviousPage => {
                if s.pages.len() <= 1 || s.refreshing {
                    return self;
                }
                s.pages.pop();
                s.reload();
            }
            Action::Retry => s.reload(),
            Action::Loaded {
                generation,
                page,
                total,
            } => {
                if generation != s.generation {
                    return self; // an answer to a request the user has moved past
                }
                let shown: HashSet<RecordId> = page.rows.iter().map(|r| r.id).collect();
                s.selected.retain(|id| shown.contains(id));
                s.row_errors.retain(|id, _| shown.contains(id));
                s.page = Loadable::Ready(page);
                s.refreshing = false;
                if total.is_some() {
                    s.total = total;
                }
            }
            Action::LoadFailed { generation, error } => {
                if generation != s.generation {
                    return self;
                }
                s.page = Loadable::Failed(error);
                s.refreshing = false;
            }
            Action::Select { id, range } => {
                let on = !s.selected.contains(&id);
                let ids: Vec<RecordId> = s.rows().iter().map(|r| r.id).collect();
                let span = match (range, s.anchor) {
                    (true, Some(anchor)) => {
                        let at = |x| ids.iter().position(|i| *i == x);
                        match (at(anchor), at(id)) {
                            (Some(a), Some(b)) => ids[a.min(b)..=a.max(b)].to_vec(),
                            _ => vec![id],
                        }
                    }
                    _ => vec![id],
                };
                for x in span {
                    if on {
                        s.selected.insert(x);
                    } else {
                        s.selected.remove(&x);
                    }
                }
                s.anchor = Some(id);
            }
            Action::SelectAll(on) => {
                if on {
                    let ids: Vec<RecordId> = s.rows().iter().map(|r| r.id).collect();
                    s.selected.extend(ids);
                } else {
                    s.selected.clear();
                }
                s.anchor = None;
            }
            Action::AddStarted(rows) => {
                s.notice = None;
                let Some(shown) = s.rows_mut() else {
                    // Nothing shown yet: the rows come with the page once
                    // the writes are done (AddFinished reads it again).
                    for row in &rows {
                        s.writing.insert(row.id);
                    }
                    return Rc::new(s);
                };
                let mut fresh: Vec<Row> = rows
                    .into_iter()
                    .filter(|r| !shown.iter().any(|x| x.id == r.id))
                    .collect();
                fresh.retain(|r| !self.writing.contains(&r.id));
                let added = fresh.len() as u64;
                for row in &fresh {
                    s.writing.insert(row.id);
                }
                if let Some(shown) = s.rows_mut() {
                    fresh.append(shown);
                    *shown = fresh;
                }
                s.total = s.total.map(|t| t + added);
            }
            Action::AddFinished {
                failed,
                succeeded,
                duplicates,
            } => {
                for id in succeeded.iter().chain(&duplicates) {
                    s.writing.remove(id);
                }
                // Whether what the service holds is unclear: read it again.
                let reconcile = !duplicates.is_empty()
                    || failed.iter().any(|(_, e)| outcome_unknown(e))
                    || !matches!(s.page, Loadable::Ready(_));
                if let Some((_, error)) = failed.first() {
                    let names: Vec<String> =
                        failed.iter().filter_map(|(id, _)| s.name_of(*id)).collect();
                    let error = error.clone();
                    let mut taken_back = 0;
                    for (id, _) in &failed {
                        s.writing.remove(id);
                        if let Some(rows) = s.rows_mut() {
                            let before = rows.len();
                            rows.retain(|r| r.id != *id);
                            taken_back += before - rows.len();
                        }
                    }
                    s.total = s.total.map(|t| t.saturating_sub(taken_back as u64));
                    s.notice = Some(Notice::NotAdded { names, error });
                }
                if reconcile {
                    s.reload();
                }
            }
            Action::RemoveStarted(id) => {
                if !s.remove_started(id) {
                    return self;
                }
                s.notice = None;
            }
            Action::RemoveManyStarted(ids) => {
                let ids: Vec<RecordId> =
                    ids.into_iter().filter(|id| s.remove_started(*id)).collect();
                if ids.is_empty() {
                    return self;
                }
                s.notice = None;
                s.anchor = None;
                s.bulk = Some(BulkRemoval {
                    ids,
                    ..BulkRemoval::default()
                });
            }
            Action::RemoveFinished { id, result } => s.remove_finished(id, result),
            Action::DismissNotice => s.notice = None,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> RecordId {
        RecordId::from_u128(0x4000_8000_0000_0000_0000 | u128::from(n))
    }

    fn row(n: u8) -> Row {
        Row {
            id: id(n),
            name: format!("Row {n}"),
            cells: vec![],
        }
    }

    fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    fn loaded(state: Rc<State>, rows: Vec<Row>, next: Option<&str>) -> Rc<State> {
        let generation = state.generation;
        reduce(
            state,
            Action::Loaded {
                generation,
                page: Page {
                    rows,
                    next_link: next.map(str::to_owned),
                },
                total: Some(3),
            },
        )
    }

    #[test]
    fn pages_forward_over_next_links_and_back_over_the_kept_sources() {
        let s = loaded(
            Rc::new(State::new("fullname")),
            vec![row(1)],
            Some("https://org/next2"),
        );
        assert!(matches!(s.page, Loadable::Ready(_)) && !s.refreshing);
        let s = reduce(s, Action::NextPage);
        assert_eq!(
            s.current_source(),
            &PageSource::Link("https://org/next2".into())
        );
        assert!(s.refreshing);
        let s = loaded(s, vec![row(2)], None);
        assert_eq!(s.page_number(), 2);
        let unchanged = reduce(s.clone(), Action::NextPage);
        assert!(Rc::ptr_eq(&unchanged, &s), "no next link, no request");
        let s = reduce(s, Action::PreviousPage);
        assert_eq!(s.current_source(), &PageSource::First);
    }

    #[test]
    fn answers_to_superseded_requests_are_ignored() {
        let s = Rc::new(State::new("fullname"));
        let stale = s.generation;
        let s = reduce(s, Action::Search("ana".into()));
        let s = reduce(
            s,
            Action::Loaded {
                generation: stale,
                page: Page {
                    rows: vec![row(9)],
                    next_link: None,
                },
                total: None,
            },
        );
        assert!(s.rows().is_empty());
        assert_eq!(s.page, Loadable::Loading);
    }

    #[test]
    fn search_and_sort_restart_at_page_one_and_sort_toggles() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1)], Some("n"));
        let s = reduce(s, Action::NextPage);
        let s = reduce(s, Action::SortBy("fullname".into()));
        assert_eq!(s.sort, ("fullname".into(), Direction::Desc));
        assert_eq!(s.page_number(), 1);
        let s = reduce(s, Action::SortBy("createdon".into()));
        assert_eq!(s.sort, ("createdon".into(), Direction::Asc));
        let g = s.generation;
        let s = reduce(s, Action::Search("  O'Brien ".into()));
        assert_eq!(s.search, "O'Brien");
        assert_ne!(s.generation, g);
        let g = s.generation;
        let s = reduce(s, Action::Search("O'Brien".into()));
        assert_eq!(s.generation, g, "same term, no new request");
    }

    #[test]
    fn a_failed_remove_puts_the_row_back_where_it_was() {
        let s = loaded(
            Rc::new(State::new("fullname")),
            vec![row(1), row(2), row(3)],
            None,
        );
        let s = reduce(s, Action::RemoveStarted(id(2)));
        assert_eq!(s.rows().len(), 2);
        assert_eq!(s.total, Some(2));
        let again = reduce(s.clone(), Action::RemoveStarted(id(2)));
        assert!(Rc::ptr_eq(&again, &s), "a second click sends nothing more");
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(2),
                result: Err(ApiError::Server {
                    status: 500,
                    code: None,
                    message: "boom".into(),
                }),
            },
        );
        assert_eq!(
            s.rows().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(1), id(2), id(3)]
        );
        assert_eq!(s.total, Some(3));
        assert!(
            matches!(&s.notice, Some(Notice::NotRemoved { names, removed: 0, .. }) if names == &["Row 2"])
        );
        assert!(s.writing.is_empty());
        assert!(!s.refreshing, "a clear refusal needs no reload");
    }

    #[test]
    fn a_write_with_an_unknown_outcome_reloads_from_the_service() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1)], None);
        let g = s.generation;
        let s = reduce(s, Action::RemoveStarted(id(1)));
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(1),
                result: Err(ApiError::Timeout { seconds: 2 }),
            },
        );
        assert_ne!(s.generation, g, "a reload is asked for");
        assert!(s.refreshing);
        assert!(s.notice.is_some());
    }

    #[test]
    fn a_successful_remove_stays_removed() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1), row(2)], None);
        let s = reduce(s, Action::RemoveStarted(id(1)));
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(1),
                result: Ok(()),
            },
        );
        assert_eq!(s.rows(), &[row(2)][..]);
        assert!(s.notice.is_none() && s.writing.is_empty() && s.removed.is_empty());
    }

    #[test]
    fn adds_show_at_once_and_failures_roll_back_with_a_message() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1)], None);
        let s = reduce(s, Action::AddStarted(vec![row(4), row(5), row(1)]));
        assert_eq!(
            s.rows().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(4), id(5), id(1)]
        );
        assert_eq!(s.total, Some(5));
        let s = reduce(
            s,
            Action::AddFinished {
                succeeded: vec![id(4)],
                failed: vec![(
                    id(5),
                    ApiError::NoPrivilege {
                        message: "no".into(),
                    },
                )],
                duplicates: vec![],
            },
        );
        assert_eq!(
            s.rows().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(4), id(1)]
        );
        assert_eq!(s.total, Some(4));
        assert!(matches!(&s.notice, Some(Notice::NotAdded { names, .. }) if names == &["Row 5"]));
        assert!(s.writing.is_empty());
        assert!(!s.refreshing, "a clear refusal needs no reload");
    }

    #[test]
    fn an_add_refused_as_a_duplicate_is_kept_and_the_page_read_again() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1)], None);
        let generation = s.generation;
        let s = reduce(s, Action::AddStarted(vec![row(2)]));
        let s = reduce(
            s,
            Action::AddFinished {
                succeeded: vec![],
                failed: vec![],
                duplicates: vec![id(2)],
            },
        );
        assert_eq!(
            s.rows().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(2), id(1)]
        );
        assert!(s.notice.is_none(), "no error for what the user wanted");
        assert!(s.writing.is_empty());
        assert!(s.refreshing);
        assert_ne!(s.generation, generation, "the page is read again");
    }

    #[test]
    fn a_failed_load_keeps_the_error_and_retry_reloads() {
        let s = Rc::new(State::new("fullname"));
        let g = s.generation;
        let s = reduce(
            s,
            Action::LoadFailed {
                generation: g,
                error: ApiError::SessionExpired,
            },
        );
        assert_eq!(s.page, Loadable::Failed(ApiError::SessionExpired));
        let s = reduce(s, Action::Retry);
        assert_eq!(s.page, Loadable::Loading);
        assert_ne!(s.generation, g);
    }

    #[test]
    fn shift_click_selects_the_range_from_the_last_click() {
        let rows: Vec<Row> = (1..=5).map(row).collect();
        let s = loaded(Rc::new(State::new("fullname")), rows, None);
        let s = reduce(
            s,
            Action::Select {
                id: id(2),
                range: false,
            },
        );
        let s = reduce(
            s,
            Action::Select {
                id: id(4),
                range: true,
            },
        );
        let mut picked: Vec<RecordId> = s.selection().iter().map(|r| r.id).collect();
        picked.sort();
        assert_eq!(picked, vec![id(2), id(3), id(4)]);
        assert!(!s.all_selected());
        let s = reduce(s, Action::SelectAll(true));
        assert!(s.all_selected());
        let s = reduce(
            s,
            Action::Select {
                id: id(1),
                range: false,
            },
        );
        assert!(!s.selected.contains(&id(1)));
        let s = reduce(s, Action::SelectAll(false));
        assert!(s.selection().is_empty());
    }

    #[test]
    fn a_bulk_removal_keeps_the_refused_rows_says_which_and_reads_the_page_again() {
        let s = loaded(
            Rc::new(State::new("fullname")),
            (1..=4).map(row).collect(),
            None,
        );
        let s = reduce(s, Action::SelectAll(true));
        let s = reduce(s, Action::RemoveManyStarted(vec![id(1), id(2), id(3)]));
        assert_eq!(s.rows().len(), 1);
        assert_eq!(s.bulk.as_ref().map(|b| b.ids.len()), Some(3));
        let g = s.generation;
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(1),
                result: Ok(()),
            },
        );
        let refused = ApiError::NoPrivilege {
            message: "no".into(),
        };
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(2),
                result: Err(refused.clone()),
            },
        );
        assert_eq!(s.bulk.as_ref().map(|b| b.done), Some(2));
        assert_eq!(s.generation, g, "no reload before the last answer");
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(3),
                result: Ok(()),
            },
        );
        assert!(s.bulk.is_none());
        assert_eq!(
            s.rows().iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(2), id(4)],
            "the refused row is back where it was"
        );
        assert!(s.row_errors.contains_key(&id(2)));
        assert_eq!(
            s.notice,
            Some(Notice::NotRemoved {
                names: vec!["Row 2".into()],
                removed: 2,
                error: refused,
            })
        );
        assert_ne!(s.generation, g, "the page is read again");
        assert!(s.refreshing);
    }

    #[test]
    fn a_bulk_removal_that_goes_through_says_how_many() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1), row(2)], None);
        let s = reduce(s, Action::RemoveManyStarted(vec![id(1), id(2)]));
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(2),
                result: Ok(()),
            },
        );
        let s = reduce(
            s,
            Action::RemoveFinished {
                id: id(1),
                result: Ok(()),
            },
        );
        assert_eq!(s.notice, Some(Notice::Removed { count: 2 }));
        assert!(s.rows().is_empty() && s.writing.is_empty());
    }

    #[test]
    fn cells_are_found_by_column_not_by_position() {
        let r = Row {
            id: id(1),
            name: "A".into(),
            cells: vec![("emailaddress1", "a@example.com".into())],
        };
        assert_eq!(r.cell("emailaddress1"), "a@example.com");
        assert_eq!(r.cell("telephone1"), "");
    }
}
