//! The ContactLeads associations view.

mod add_dialog;
pub(crate) mod grid;
pub(crate) mod head;
mod toolbar;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use self::add_dialog::AddDialog;
use self::grid::{Grid, Header};
use self::head::Head;
use self::toolbar::{ConfirmBulkRemove, ConfirmRemove, SelectionBar};
use crate::components::{ErrorBanner, PerfMark, Skeleton};
use crate::hooks::associations_state::{Action, Notice};
use crate::hooks::relationship::Side;
use crate::hooks::{
    file_stem, use_after, use_associations, use_debounced, use_export, use_strings,
    use_write_access, ExportRequest, ExportState, Loadable, WriteAccess, SEARCH_DEBOUNCE,
};
use crate::host::{xrm, HostContext, RecordId};
use crate::i18n::Strings;

/// How long after the view appears the user's privileges are asked for.
const PRIVILEGES_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

#[derive(Properties, PartialEq)]
pub struct AssociationsViewProps {
    pub context: HostContext,
    pub side: Side,
}

#[function_component(AssociationsView)]
pub fn associations_view(props: &AssociationsViewProps) -> Html {
    let side = props.side;
    let set = side.related_set();
    let strings = use_strings();
    let t = |id: &str| strings.t(&format!("{id}.{set}"));
    let params = &props.context.params;
    let view = use_associations(side, params.record_id, params.options.page_size);
    let state = view.state.clone();
    // The privileges are asked for once the first view is complete: they are no part of it.
    let settled = use_after(PRIVILEGES_AFTER);
    let access = use_write_access(&props.context, settled && state.page != Loadable::Loading);
    let writable = access.allowed();
    let (export, start_export) = use_export(side, params.record_id);
    let adding = use_state(|| false);
    let confirm_remove = use_state(|| None::<RecordId>);
    let confirm_bulk = use_state(|| false);
    let search_draft = use_state(String::new);

    let headers: Vec<Header> = side
        .columns()
        .iter()
        .zip(&view.column_labels)
        .map(|(c, label)| Header {
            attribute: c.attribute,
            label: label.clone(),
        })
        .collect();

    let client_url = props.context.client_url.clone();
    let related_entity = side.related_entity();
    let record_href = Callback::from(move |id: RecordId| {
        xrm::record_url(&client_url, related_entity, &id.to_string())
    });
    let on_open = {
        let record_href = record_href.clone();
        Callback::from(move |id: RecordId| {
            if !xrm::open_form(related_entity, &id.to_string()) {
                if let Some(window) = web_sys::window() {
                    let _ = window.open_with_url_and_target(&record_href.emit(id), "_blank");
                }
            }
        })
    };
    let on_sort = {
        let dispatcher = state.dispatcher();
        Callback::from(move |column: &'static str| {
            dispatcher.dispatch(Action::SortBy(column.to_owned()))
        })
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(id, range): (RecordId, bool)| {
            dispatcher.dispatch(Action::Select { id, range })
        })
    };
    let on_select_all = {
        let dispatcher = state.dispatcher();
        Callback::from(move |on: bool| dispatcher.dispatch(Action::SelectAll(on)))
    };
    let ask_remove = {
        let (confirm_remove, writing) = (confirm_remove.clone(), state.writing.clone());
        Callback::from(move |id: RecordId| {
            if writable && !writing.contains(&id) {
                confirm_remove.set(Some(id));
            }
        })
    };
    let on_search_input = {
        let search_draft = search_draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            search_draft.set(input.value());
        })
    };
    // The service is asked once typing pauses; Enter asks at once.
    let typed = use_debounced((*search_draft).clone(), SEARCH_DEBOUNCE);
    {
        let dispatcher = state.dispatcher();
        use_effect_with(typed, move |typed| {
            dispatcher.dispatch(Action::Search(typed.clone()))
        });
    }
    let on_search_submit = {
        let (search_draft, dispatcher) = (search_draft.clone(), state.dispatcher());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatcher.dispatch(Action::Search((*search_draft).clone()));
        })
    };

    let body = match &state.page {
        Loadable::Loading => {
            html! { <Skeleton columns={headers.len()} what={t("loading")} /> }
        }
        Loadable::Failed(error) => {
            let dispatcher = state.dispatcher();
            html! {
                <ErrorBanner title={t("associations.load_failed")} message={strings.api_error(error)}
                    on_retry={Callback::from(move |_| dispatcher.dispatch(Action::Retry))} />
            }
        }
        Loadable::Ready(page) if page.rows.is_empty() => html! {
            <div class="lm-empty" role="status">
                if state.search.is_empty() {
                    <p>{ t("associations.empty") }</p>
                    if writable { <p class="lm-muted">{ t("associations.empty_hint") }</p> }
                } else {
                    <p>{ strings.f(&format!("associations.no_match.{set}"), &[("term", &state.search)]) }</p>
                    <p class="lm-muted">{ strings.t("associations.no_match_hint") }</p>
                }
            </div>
        },
        Loadable::Ready(page) => html! {
            <Grid caption={t("associations.caption")} headers={headers.clone()} rows={page.rows.clone()}
                sort={state.sort.clone()} busy={state.writing.clone()} writable={writable}
                selected={state.selected.clone()} all_selected={state.all_selected()}
                row_errors={state.row_errors.clone()} maps_below={props.context.params.options.view.shows_maps()}
                record_href={record_href.clone()} on_sort={on_sort.clone()} on_open={on_open.clone()}
                on_remove={ask_remove.clone()} on_select={on_select.clone()} on_select_all={on_select_all.clone()} />
        },
    };

    let pager = (!state.rows().is_empty() || state.has_previous()).then(|| {
        let (prev, next) = (state.dispatcher(), state.dispatcher());
        let busy = state.refreshing;
        let page = state.page_number();
        let summary = match state.total {
            Some(total) => strings.f(
                "pager.page_of",
                &[("page", &strings.number(page as u64)), ("count", &strings.n(&format!("associations.count.{set}"), total, &[]))],
            ),
            None => strings.f("pager.page", &[("page", &strings.number(page as u64))]),
        };
        html! {
            <nav class="lm-pager" aria-label={strings.t("pager.label")}>
                <button type="button" class="lm-button" disabled={!state.has_previous() || busy}
                    onclick={move |_| prev.dispatch(Action::PreviousPage)}>{ strings.t("pager.previous") }</button>
                <span class="lm-pager__summary" role="status" aria-live="polite">
                    { summary }
                    if busy { <span class="lm-spinner" aria-label={strings.t("common.loading")}></span> }
                </span>
                <button type="button" class="lm-button" disabled={state.next_link().is_none() || busy}
                    onclick={move |_| next.dispatch(Action::NextPage)}>{ strings.t("pager.next") }</button>
            </nav>
        }
    });

    let notice = state.notice.clone().map(|notice| {
        let dispatcher = state.dispatcher();
        let (class, role) = if notice.is_failure() {
            ("lm-banner lm-banner--warning", "alert")
        } else {
            ("lm-banner lm-banner--success", "status")
        };
        html! {
            <div class={class} role={role}>
                <span class="lm-banner__text">{ notice_text(&strings, &notice, side) }</span>
                <button type="button" class="lm-button" onclick={move |_| dispatcher.dispatch(Action::DismissNotice)}>{ strings.t("common.dismiss") }</button>
            </div>
        }
    });

    let access_line = match &access {
        WriteAccess::Allowed => None,
        WriteAccess::ReadOnlyForm => Some(strings.t("permission.read_only")),
        WriteAccess::DisabledForm => Some(strings.t("permission.disabled")),
        WriteAccess::Missing(privileges) => Some(strings.f(
            "permission.missing",
            &[("privileges", &strings.list(privileges))],
        )),
    };

    let export_line = match &export {
        ExportState::Idle => None,
        ExportState::Working => Some(
            html! { <span class="lm-muted" role="status">{ strings.t("export.working") }</span> },
        ),
        ExportState::Done(count) => Some(
            html! { <span class="lm-muted" role="status">{ strings.n("export.done", *count as u64, &[]) }</span> },
        ),
        ExportState::Failed(error) => Some(html! {
            <ErrorBanner title={strings.t("export.failed")} message={strings.api_error(error)} />
        }),
    };
    let on_export = {
        let request = ExportRequest {
            search: state.search.clone(),
            sort: state.sort.clone(),
            headers: headers.iter().map(|h| h.label.clone()).collect(),
            file_stem: file_stem(
                props.context.record_name.as_deref(),
                &format!("{}-{}", props.context.params.entity, params.record_id),
            ) + " - "
                + &t("associations.title"),
        };
        Callback::from(move |_| start_export.emit(request.clone()))
    };

    let dialog = if *adding {
        let close = {
            let adding = adding.clone();
            Callback::from(move |_| adding.set(false))
        };
        Some(html! {
            <AddDialog side={side}
                existing={state.rows().iter().map(|r| r.id).collect::<Vec<_>>()}
                on_add={view.add.clone()} on_close={close} />
        })
    } else if *confirm_bulk {
        let ids: Vec<RecordId> = state.selection().iter().map(|r| r.id).collect();
        let close = {
            let confirm_bulk = confirm_bulk.clone();
            Callback::from(move |_| confirm_bulk.set(false))
        };
        let confirm = {
            let (confirm_bulk, remove_many) = (confirm_bulk.clone(), view.remove_many.clone());
            let ids = ids.clone();
            Callback::from(move |_| {
                confirm_bulk.set(false);
                remove_many.emit(ids.clone());
            })
        };
        (!ids.is_empty()).then(|| {
            html! {
                <ConfirmBulkRemove {side} count={ids.len()} on_confirm={confirm} on_close={close} />
            }
        })
    } else {
        (*confirm_remove).and_then(|id| {
            let name = state
                .rows()
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.name.clone())?;
            let close = {
                let confirm_remove = confirm_remove.clone();
                Callback::from(move |_| confirm_remove.set(None))
            };
            let confirm = {
                let (confirm_remove, remove) = (confirm_remove.clone(), view.remove.clone());
                Callback::from(move |_| {
                    confirm_remove.set(None);
                    remove.emit(id);
                })
            };
            Some(html! { <ConfirmRemove {side} {name} on_confirm={confirm} on_close={close} /> })
        })
    };

    let open_add = {
        let adding = adding.clone();
        Callback::from(move |_| adding.set(true))
    };
    let open_bulk = {
        let confirm_bulk = confirm_bulk.clone();
        Callback::from(move |_| confirm_bulk.set(true))
    };
    let selection = state.selection().len();
    let has_rows = !state.rows().is_empty();

    html! {
        <section class="lm-section" aria-labelledby="lm-associations-title">
            <Head {side} {writable} export_working={has_rows.then_some(export == ExportState::Working)}
                {access_line} search={(*search_draft).clone()} on_add={open_add} {on_export}
                {on_search_input} {on_search_submit} />
            if writable && (selection > 0 || state.bulk.is_some()) {
                <SelectionBar selected={selection} bulk={state.bulk.clone()} on_remove={open_bulk} on_clear={on_select_all.reform(|_| false)} />
            }
            { for export_line }
            { for notice }
            { body }
            { for pager }
            { for dialog }
            <PerfMark name={crate::perf::FIRST_ROWS} when={state.page != Loadable::Loading} />
        </section>
    }
}

fn notice_text(strings: &Strings, notice: &Notice, side: Side) -> String {
    let set = side.related_set();
    let error = |e| strings.api_error(e);
    match notice {
        Notice::NotAdded { names, error: e } => strings.f(
            "notice.not_added",
            &[("names", &strings.list(names)), ("error", &error(e))],
        ),
        Notice::NotRemoved {
            names,
            removed: 0,
            error: e,
        } => strings.f(
            "notice.not_removed",
            &[("names", &strings.list(names)), ("error", &error(e))],
        ),
        Notice::NotRemoved {
            names,
            removed,
            error: e,
        } => strings.f(
            "notice.partly_removed",
            &[
                (
                    "removed",
                    &strings.n(&format!("notice.removed.{set}"), *removed as u64, &[]),
                ),
                ("names", &strings.list(names)),
                ("error", &error(e)),
            ],
        ),
        Notice::Removed { count } => {
            strings.n(&format!("notice.removed.{set}"), *count as u64, &[])
        }
    }
}
