//! The ContactLeads associations view.

mod add_dialog;
mod grid;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use self::add_dialog::AddDialog;
use self::grid::{Grid, Header};
use crate::components::{Dialog, ErrorBanner, PerfMark, Skeleton};
use crate::hooks::associations_state::{Action, Notice};
use crate::hooks::relationship::Side;
use crate::hooks::Loadable;
use crate::hooks::{use_associations, use_debounced, SEARCH_DEBOUNCE};
use crate::host::{xrm, HostContext, RecordId};

#[derive(Properties, PartialEq)]
pub struct AssociationsViewProps {
    pub context: HostContext,
    pub side: Side,
}

#[function_component(AssociationsView)]
pub fn associations_view(props: &AssociationsViewProps) -> Html {
    let side = props.side;
    let params = &props.context.params;
    let view = use_associations(side, params.record_id, params.options.page_size);
    let state = view.state.clone();
    let adding = use_state(|| false);
    let confirm_remove = use_state(|| None::<RecordId>);
    let search_draft = use_state(String::new);
    let plural = side.related_plural();

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
    let ask_remove = {
        let (confirm_remove, writing) = (confirm_remove.clone(), state.writing.clone());
        Callback::from(move |id: RecordId| {
            if !writing.contains(&id) {
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
            html! { <Skeleton columns={headers.len()} what={format!("the {plural}")} /> }
        }
        Loadable::Failed(error) => {
            let dispatcher = state.dispatcher();
            html! {
                <ErrorBanner title={format!("Couldn't load the {plural}")} message={error.to_string()}
                    on_retry={Callback::from(move |_| dispatcher.dispatch(Action::Retry))} />
            }
        }
        Loadable::Ready(page) if page.rows.is_empty() => html! {
            <div class="lm-empty" role="status">
                if state.search.is_empty() {
                    <p>{ format!("No {plural} are associated with this {}.", props.context.params.entity) }</p>
                    <p class="lm-muted">{ format!("Use \"Add existing\" to associate {plural}.") }</p>
                } else {
                    <p>{ format!("No associated {plural} match \"{}\".", state.search) }</p>
                    <p class="lm-muted">{"Try another name or email, or clear the search."}</p>
                }
            </div>
        },
        Loadable::Ready(page) => html! {
            <Grid caption={format!("Associated {plural}")} headers={headers.clone()} rows={page.rows.clone()}
                sort={state.sort.clone()} busy={state.writing.clone()}
                record_href={record_href.clone()} on_sort={on_sort.clone()} on_open={on_open.clone()} on_remove={ask_remove.clone()} />
        },
    };

    let pager = (!state.rows().is_empty() || state.has_previous()).then(|| {
        let (prev, next) = (state.dispatcher(), state.dispatcher());
        let busy = state.refreshing;
        let summary = match state.total {
            Some(total) => format!(
                "Page {} · {}",
                state.page_number(),
                side.count_related(total)
            ),
            None => format!("Page {}", state.page_number()),
        };
        html! {
            <nav class="lm-pager" aria-label="Pages">
                <button type="button" class="lm-button" disabled={!state.has_previous() || busy}
                    onclick={move |_| prev.dispatch(Action::PreviousPage)}>{"‹ Previous"}</button>
                <span class="lm-pager__summary" role="status" aria-live="polite">
                    { summary }
                    if busy { <span class="lm-spinner" aria-label="Loading"></span> }
                </span>
                <button type="button" class="lm-button" disabled={state.next_link().is_none() || busy}
                    onclick={move |_| next.dispatch(Action::NextPage)}>{"Next ›"}</button>
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
                <span class="lm-banner__text">{ notice_text(&notice, side) }</span>
                <button type="button" class="lm-button" onclick={move |_| dispatcher.dispatch(Action::DismissNotice)}>{"Dismiss"}</button>
            </div>
        }
    });

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
    } else {
        (*confirm_remove).and_then(|id| {
            let name = state.rows().iter().find(|r| r.id == id).map(|r| r.name.clone())?;
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
            let cancel = close.clone();
            Some(html! {
                <Dialog title="Remove association" on_close={close}>
                    <p class="lm-dialog__body">{ format!("Remove \"{name}\" from this {}? The record itself is not deleted.", props.context.params.entity) }</p>
                    <div class="lm-dialog__actions">
                        <button type="button" class="lm-button lm-button--primary" onclick={confirm}>{"Remove"}</button>
                        <button type="button" class="lm-button" onclick={move |_| cancel.emit(())}>{"Cancel"}</button>
                    </div>
                </Dialog>
            })
        })
    };

    let open_add = {
        let adding = adding.clone();
        Callback::from(move |_| adding.set(true))
    };

    html! {
        <section class="lm-section" aria-labelledby="lm-associations-title">
            <div class="lm-section__head">
                <h2 class="lm-section__title" id="lm-associations-title">{ capitalized(plural) }</h2>
                <button type="button" class="lm-button" onclick={open_add}>{ format!("+ Add existing {}", side.related_entity()) }</button>
            </div>
            <form class="lm-toolbar" role="search" onsubmit={on_search_submit}>
                <input class="lm-input" type="search" placeholder="Search by name or email"
                    aria-label={format!("Search associated {plural}")} value={(*search_draft).clone()} oninput={on_search_input} />
            </form>
            { for notice }
            { body }
            { for pager }
            { for dialog }
            <PerfMark name="leadmap:first-rows" when={state.page != Loadable::Loading} />
        </section>
    }
}

fn notice_text(notice: &Notice, side: Side) -> String {
    match notice {
        Notice::NotAdded { names, error } => format!("Could not add {}: {error}", names.join(", ")),
        Notice::NotRemoved {
            names,
            removed: 0,
            error,
        } => format!("Could not remove {}: {error}", names.join(", ")),
        Notice::NotRemoved {
            names,
            removed,
            error,
        } => format!(
            "Removed {}. Could not remove {}: {error}",
            side.count_related(*removed as u64),
            names.join(", ")
        ),
        Notice::Removed { count } => format!("Removed {}.", side.count_related(*count as u64)),
    }
}

/// `word` with its first letter in upper case; words here are ASCII names from code.
fn capitalized(word: &str) -> String {
    let mut word = word.to_owned();
    if let Some(first) = word.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    word
}
