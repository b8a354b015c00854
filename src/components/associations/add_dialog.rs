use std::collections::HashSet;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{Dialog, ErrorBanner};
use crate::hooks::associations_state::Row;
use crate::hooks::relationship::Side;
use crate::hooks::{use_candidates, use_strings, Loadable};
use crate::host::RecordId;

#[derive(Properties, PartialEq)]
pub struct AddDialogProps {
    pub side: Side,
    /// Already associated (as far as the grid knows): shown, not selectable.
    pub existing: Vec<RecordId>,
    pub on_add: Callback<Vec<Row>>,
    pub on_close: Callback<()>,
}

/// "Add existing": search the other side, pick several, associate them.
#[function_component(AddDialog)]
pub fn add_dialog(props: &AddDialogProps) -> Html {
    let term = use_state(String::new);
    let (results, retry) = use_candidates(props.side, (*term).clone());
    let selected = use_state(HashSet::<RecordId>::new);
    let strings = use_strings();
    let set = props.side.related_set();
    let t = |id: &str| strings.t(&format!("{id}.{set}"));

    let oninput = {
        let term = term.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            term.set(input.value());
        })
    };

    let list = match &results {
        Loadable::Loading => {
            html! { <p class="lm-muted" role="status">{ strings.t("add.searching") }</p> }
        }
        Loadable::Failed(error) => html! {
            <ErrorBanner title={strings.t("add.search_failed")} message={strings.api_error(error)} on_retry={retry.callback()} />
        },
        Loadable::Ready(rows) if rows.is_empty() => {
            html! { <p class="lm-muted" role="status">{ t("add.none") }</p> }
        }
        Loadable::Ready(rows) => html! {
            <ul class="lm-pick-list" aria-label={t("add.results")}>
                { for rows.iter().map(|row| {
                    let id = row.id;
                    let already = props.existing.contains(&id);
                    let checked = already || selected.contains(&id);
                    let toggle = {
                        let selected = selected.clone();
                        Callback::from(move |_| {
                            let mut next = (*selected).clone();
                            if !next.remove(&id) { next.insert(id); }
                            selected.set(next);
                        })
                    };
                    let detail = row.cells.iter().skip(1).map(|(_, c)| c).filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" · ");
                    html! {
                        <li>
                            <label class="lm-pick">
                                <input type="checkbox" checked={checked} disabled={already} onchange={toggle} />
                                <span class="lm-pick__name">{ row.name.clone() }</span>
                                <span class="lm-pick__detail">{ if already { strings.t("add.already") } else { detail } }</span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
        },
    };

    let add = {
        let (selected, results, on_add, on_close) = (
            selected.clone(),
            results.clone(),
            props.on_add.clone(),
            props.on_close.clone(),
        );
        Callback::from(move |_| {
            if let Loadable::Ready(rows) = &results {
                let picked: Vec<Row> = rows
                    .iter()
                    .filter(|r| selected.contains(&r.id))
                    .cloned()
                    .collect();
                if !picked.is_empty() {
                    on_add.emit(picked);
                }
            }
            on_close.emit(());
        })
    };
    let count = selected.len();
    let close = props.on_close.clone();

    html! {
        <Dialog title={t("add.title")} on_close={props.on_close.clone()}>
            <input class="lm-input" type="search" placeholder={t("add.placeholder")}
                aria-label={t("add.search_label")} value={(*term).clone()} {oninput} />
            <div class="lm-dialog__body">{ list }</div>
            <div class="lm-dialog__actions">
                <button type="button" class="lm-button lm-button--primary" disabled={count == 0} onclick={add}>
                    { if count == 0 { strings.t("add.add") } else { strings.n("add.add_count", count as u64, &[]) } }
                </button>
                <button type="button" class="lm-button" onclick={move |_| close.emit(())}>{ strings.t("common.cancel") }</button>
            </div>
        </Dialog>
    }
}
