//! The ContactLeads view's state as a pure reducer: paging over
//! `@odata.nextLink`, search, sort, and optimistic add/remove with rollback.
//! Tested natively; the hook in `use_associations` runs the effects.

use std::collections::HashSet;
use std::rc::Rc;

use yew::Reducible;

use crate::api::{ApiError, Direction};
use crate::host::RecordId;

/// One associated record as the grid shows it: text cells, in column order.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: RecordId,
    pub name: String,
    pub cells: Vec<String>,
}

/// Where the current page came from, so "previous" can load it again:
/// OData paging only goes forward.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageSource {
    First,
    Link(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// Nothing shown yet: the skeleton.
    Loading,
    /// Rows shown, another page on its way.
    Refreshing,
    Ready,
    Failed(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub rows: Vec<Row>,
    pub load: Load,
    pub search: String,
    /// Column logical name and direction.
    pub sort: (String, Direction),
    /// Sources of the pages before and including the current one.
    pub pages: Vec<PageSource>,
    pub next_link: Option<String>,
    pub total: Option<u64>,
    /// Records with a write in flight: their buttons send nothing more.
    pub writing: HashSet<RecordId>,
    /// Rows removed optimistically, kept to put back if the service refuses.
    pub removed: Vec<(usize, Row)>,
    /// A message about the last write that failed and was rolled back.
    pub notice: Option<String>,
    /// Bumped to ask the hook to (re)load the current page.
    pub generation: u32,
}

impl State {
    pub fn new(default_sort: &str) -> Self {
        Self {
            rows: Vec::new(),
            load: Load::Loading,
            search: String::new(),
            sort: (default_sort.to_owned(), Direction::Asc),
            pages: vec![PageSource::First],
            next_link: None,
            total: None,
            writing: HashSet::new(),
            removed: Vec::new(),
            notice: None,
            generation: 0,
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

    fn restart(&mut self) {
        self.pages = vec![PageSource::First];
        self.next_link = None;
        self.reload();
    }

    fn reload(&mut self) {
        self.load = if self.rows.is_empty() {
            Load::Loading
        } else {
            Load::Refreshing
        };
        self.generation = self.generation.wrapping_add(1);
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
        rows: Vec<Row>,
        next_link: Option<String>,
        total: Option<u64>,
    },
    LoadFailed {
        generation: u32,
        error: ApiError,
    },
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
                let Some(link) = s.next_link.clone() else {
                    return self;
                };
                if s.load == Load::Refreshing {
                    return self;
                }
                s.pages.push(PageSource::Link(link));
                s.reload();
            }
            Action::PreviousPage => {
                if s.pages.len() <= 1 || s.load == Load::Refreshing {
                    return self;
                }
                s.pages.pop();
                s.reload();
            }
            Action::Retry => s.reload(),
            Action::Loaded {
                generation,
                rows,
                next_link,
                total,
            } => {
                if generation != s.generation {
                    return self; // an answer to a request the user has moved past
                }
                s.rows = rows;
                s.next_link = next_link;
                if total.is_some() {
                    s.total = total;
                }
                s.load = Load::Ready;
            }
            Action::LoadFailed { generation, error } => {
                if generation != s.generation {
                    return self;
                }
                s.load = Load::Failed(error);
            }
            Action::AddStarted(rows) => {
                let fresh: Vec<Row> = rows
                    .into_iter()
                    .filter(|r| !s.writing.contains(&r.id) && !s.rows.iter().any(|x| x.id == r.id))
                    .collect();
                for row in &fresh {
                    s.writing.insert(row.id);
                }
                s.total = s.total.map(|t| t + fresh.len() as u64);
                let mut rows = fresh;
                rows.append(&mut s.rows);
                s.rows = rows;
                s.notice = None;
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
                let reconcile =
                    !duplicates.is_empty() || failed.iter().any(|(_, e)| outcome_unknown(e));
                if !failed.is_empty() {
                    let names: Vec<String> = failed
                        .iter()
                        .filter_map(|(id, _)| {
                            s.rows.iter().find(|r| r.id == *id).map(|r| r.name.clone())
                        })
                        .collect();
                    for (id, _) in &failed {
                        s.writing.remove(id);
                        s.rows.retain(|r| r.id != *id);
                    }
                    s.total = s.total.map(|t| t.saturating_sub(failed.len() as u64));
                    s.notice = Some(format!(
                        "Could not add {}: {}",
                        names.join(", "),
                        failed[0].1
                    ));
                }
                if reconcile {
                    s.reload();
                }
            }
            Action::RemoveStarted(id) => {
                if s.writing.contains(&id) {
                    return self;
                }
                let Some(index) = s.rows.iter().position(|r| r.id == id) else {
                    return self;
                };
                let row = s.rows.remove(index);
                s.removed.push((index, row));
                s.writing.insert(id);
                s.total = s.total.map(|t| t.saturating_sub(1));
                s.notice = None;
            }
            Action::RemoveFinished { id, result } => {
                s.writing.remove(&id);
                let Some(pos) = s.removed.iter().position(|(_, r)| r.id == id) else {
                    return Rc::new(s);
                };
                let (index, row) = s.removed.remove(pos);
                if let Err(error) = result {
                    s.notice = Some(format!("Could not remove {}: {error}", row.name));
                    s.rows.insert(index.min(s.rows.len()), row);
                    s.total = s.total.map(|t| t + 1);
                    if outcome_unknown(&error) {
                        s.reload();
                    }
                }
            }
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
                rows,
                next_link: next.map(str::to_owned),
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
        assert_eq!(s.load, Load::Ready);
        let s = reduce(s, Action::NextPage);
        assert_eq!(
            s.current_source(),
            &PageSource::Link("https://org/next2".into())
        );
        assert_eq!(s.load, Load::Refreshing);
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
                rows: vec![row(9)],
                next_link: None,
                total: None,
            },
        );
        assert!(s.rows.is_empty());
        assert_eq!(s.load, Load::Loading);
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
        assert_eq!(s.rows.len(), 2);
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
            s.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(1), id(2), id(3)]
        );
        assert_eq!(s.total, Some(3));
        assert!(s
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Could not remove Row 2")));
        assert!(s.writing.is_empty());
        assert_eq!(s.load, Load::Ready, "a clear refusal needs no reload");
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
        assert_eq!(s.load, Load::Refreshing);
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
        assert_eq!(s.rows, vec![row(2)]);
        assert!(s.notice.is_none() && s.writing.is_empty() && s.removed.is_empty());
    }

    #[test]
    fn adds_show_at_once_and_failures_roll_back_with_a_message() {
        let s = loaded(Rc::new(State::new("fullname")), vec![row(1)], None);
        let s = reduce(s, Action::AddStarted(vec![row(4), row(5), row(1)]));
        assert_eq!(
            s.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
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
            s.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(4), id(1)]
        );
        assert_eq!(s.total, Some(4));
        assert!(s
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Could not add Row 5")));
        assert!(s.writing.is_empty());
        assert_eq!(s.load, Load::Ready, "a clear refusal needs no reload");
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
            s.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![id(2), id(1)]
        );
        assert!(s.notice.is_none(), "no error for what the user wanted");
        assert!(s.writing.is_empty());
        assert_eq!(s.load, Load::Refreshing);
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
        assert_eq!(s.load, Load::Failed(ApiError::SessionExpired));
        let s = reduce(s, Action::Retry);
        assert_eq!(s.load, Load::Loading);
        assert_ne!(s.generation, g);
    }
}
