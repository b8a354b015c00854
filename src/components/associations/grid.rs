use std::collections::{HashMap, HashSet};

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::api::Direction;
use crate::drawn_rows;
use crate::hooks::associations_state::Row;
use crate::hooks::{use_drawn, use_strings};
use crate::host::RecordId;

#[derive(Clone, PartialEq)]
pub struct Header {
    pub attribute: &'static str,
    pub label: String,
}

#[derive(Properties, PartialEq, Clone)]
pub struct GridProps {
    pub caption: AttrValue,
    pub headers: Vec<Header>,
    pub rows: Vec<Row>,
    pub sort: (String, Direction),
    /// Rows with a write in flight.
    pub busy: HashSet<RecordId>,
    /// Whether rows can be removed (and so selected).
    pub writable: bool,
    pub selected: HashSet<RecordId>,
    pub all_selected: bool,
    /// Why a row is still here after a bulk removal.
    pub row_errors: HashMap<RecordId, String>,
    /// Whether the entity maps follow the grid: rows the page drew stay until they are complete.
    pub maps_below: bool,
    /// The link to open a record in a new tab (used without `Xrm`).
    pub record_href: Callback<RecordId, String>,
    pub on_sort: Callback<&'static str>,
    pub on_open: Callback<RecordId>,
    pub on_remove: Callback<RecordId>,
    /// A row's checkbox: the row, and whether Shift was held (a range).
    pub on_select: Callback<(RecordId, bool)>,
    pub on_select_all: Callback<bool>,
}

/// The associated records: grid semantics, arrow keys move between rows,
/// Enter opens, Delete asks to remove.
#[function_component(Grid)]
pub fn grid(props: &GridProps) -> Html {
    let strings = use_strings();
    let table = use_node_ref();
    let focused = use_state(|| 0usize);
    let row_count = props.rows.len();
    // The page's drawn rows, when they are these: shown until the rest of the view is
    // painted, and only while the grid would draw them the same (same rows, none selected,
    // busy or failed).
    let drawn = use_drawn(props.maps_below, || {
        let hrefs: Vec<String> = props
            .rows
            .iter()
            .map(|row| props.record_href.emit(row.id))
            .collect();
        let cells = props.headers.len() + if props.writable { 2 } else { 0 };
        let node = drawn_rows::take_matching(&hrefs, cells as u32)?;
        Some((
            props.rows.iter().map(|row| row.id).collect::<Vec<_>>(),
            props.writable,
            node,
        ))
    });
    let shown_drawn = (*drawn).as_ref().and_then(|(ids, writable, node)| {
        let same = *writable == props.writable
            && ids.iter().eq(props.rows.iter().map(|row| &row.id))
            && props.busy.is_empty()
            && props.selected.is_empty()
            && props.row_errors.is_empty();
        same.then(|| node.clone())
    });

    let onkeydown = {
        let (table, focused) = (table.clone(), focused.clone());
        let rows = props.rows.clone();
        let (on_open, on_remove) = (props.on_open.clone(), props.on_remove.clone());
        let writable = props.writable;
        Callback::from(move |e: KeyboardEvent| {
            let Some(index) = row_index_of(&e) else {
                return;
            };
            let target = match e.key().as_str() {
                "ArrowDown" => (index + 1).min(row_count.saturating_sub(1)),
                "ArrowUp" => index.saturating_sub(1),
                "Home" => 0,
                "End" => row_count.saturating_sub(1),
                "Enter" => {
                    if let Some(row) = rows.get(index) {
                        e.prevent_default();
                        on_open.emit(row.id);
                    }
                    return;
                }
                "Delete" if writable => {
                    if let Some(row) = rows.get(index) {
                        e.prevent_default();
                        on_remove.emit(row.id);
                    }
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            focused.set(target);
            focus_row(&table, target);
        })
    };

    let (sort_column, sort_direction) = (&props.sort.0, props.sort.1);
    let header_cells = props.headers.iter().map(|header| {
        let sorted = sort_column == header.attribute;
        let aria_sort = match (sorted, sort_direction) {
            (false, _) => "none",
            (true, Direction::Asc) => "ascending",
            (true, Direction::Desc) => "descending",
        };
        let indicator = match (sorted, sort_direction) {
            (false, _) => "",
            (true, Direction::Asc) => " ▲",
            (true, Direction::Desc) => " ▼",
        };
        let on_sort = props.on_sort.clone();
        let attribute = header.attribute;
        html! {
            <th role="columnheader" aria-sort={aria_sort} scope="col">
                <button type="button" class="lm-grid__sort" onclick={move |_| on_sort.emit(attribute)}
                    title={strings.f("grid.sort_by", &[("column", &header.label)])}>
                    { header.label.clone() }<span aria-hidden="true">{ indicator }</span>
                </button>
            </th>
        }
    });

    let body_rows = props.rows.iter().enumerate().map(|(index, row)| {
        let busy = props.busy.contains(&row.id);
        let id = row.id;
        let href = props.record_href.emit(id);
        let open = {
            let on_open = props.on_open.clone();
            Callback::from(move |e: MouseEvent| {
                // Plain clicks open through Xrm; modified clicks keep the browser's behaviour.
                if !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                    e.prevent_default();
                    on_open.emit(id);
                }
            })
        };
        let remove = {
            let on_remove = props.on_remove.clone();
            Callback::from(move |_| on_remove.emit(id))
        };
        let onfocus = {
            let focused = focused.clone();
            Callback::from(move |_| focused.set(index))
        };
        let select = {
            let on_select = props.on_select.clone();
            Callback::from(move |e: MouseEvent| on_select.emit((id, e.shift_key())))
        };
        let checked = props.selected.contains(&id);
        let error = props.row_errors.get(&id);
        let tabindex = if index == (*focused).min(row_count.saturating_sub(1)) { "0" } else { "-1" };
        html! {
            <tr role="row" class={classes!("lm-grid__row", busy.then_some("lm-grid__row--busy"), checked.then_some("lm-grid__row--selected"))}
                data-row-index={index.to_string()} tabindex={tabindex} {onfocus} aria-busy={busy.to_string()}
                aria-selected={props.writable.then(|| checked.to_string())}>
                if props.writable {
                    <td role="gridcell" class="lm-grid__select">
                        <input type="checkbox" class="lm-checkbox" tabindex="-1" checked={checked} disabled={busy}
                            aria-label={strings.f("grid.select", &[("name", &row.name)])} onclick={select} />
                    </td>
                }
                <td role="gridcell" class="lm-grid__name">
                    <a dir="auto" href={href} target="_blank" rel="noopener noreferrer" tabindex="-1" onclick={open}>{ row.name.clone() }</a>
                    if let Some(error) = error {
                        <span class="lm-row-error" role="note">{ strings.f("grid.not_removed", &[("error", error)]) }</span>
                    }
                </td>
                { for props.headers.iter().skip(1).map(|h| html! {
                    <td role="gridcell" data-label={h.label.clone()}>
                        if !row.cell(h.attribute).is_empty() { <bdi>{ row.cell(h.attribute).to_owned() }</bdi> }
                    </td>
                }) }
                if props.writable {
                    <td role="gridcell" class="lm-grid__actions">
                        <button type="button" class="lm-icon-button" tabindex="-1" disabled={busy}
                            aria-label={strings.f("grid.remove", &[("name", &row.name)])} title={strings.t("grid.remove_title")} onclick={remove}>
                            {"✕"}
                        </button>
                    </td>
                }
            </tr>
        }
    });

    html! {
        <div class="lm-grid__scroller">
            <table class="lm-grid" role="grid" aria-label={props.caption.clone()} aria-rowcount={(row_count + 1).to_string()} ref={table} {onkeydown}>
                <thead>
                    <tr role="row">
                        if props.writable {
                            <th role="columnheader" scope="col" class="lm-grid__select">
                                <input type="checkbox" class="lm-checkbox" checked={props.all_selected}
                                    aria-label={strings.t("grid.select_all")}
                                    onclick={let on_select_all = props.on_select_all.clone(); let all = props.all_selected; move |_| on_select_all.emit(!all)} />
                            </th>
                        }
                        { for header_cells }
                        if props.writable {
                            <th role="columnheader" scope="col"><span class="lm-visually-hidden">{ strings.t("grid.actions") }</span></th>
                        }
                    </tr>
                </thead>
                if let Some(drawn) = shown_drawn {
                    { Html::VRef(drawn) }
                } else {
                    <tbody>{ for body_rows }</tbody>
                }
            </table>
        </div>
    }
}

fn row_index_of(e: &KeyboardEvent) -> Option<usize> {
    let target: HtmlElement = e.target()?.dyn_into().ok()?;
    let row = target.closest("tr[data-row-index]").ok()??;
    row.get_attribute("data-row-index")?.parse().ok()
}

fn focus_row(table: &NodeRef, index: usize) {
    let Some(table) = table.cast::<HtmlElement>() else {
        return;
    };
    let selector = format!("tr[data-row-index=\"{index}\"]");
    if let Some(row) = table
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|r| r.dyn_into::<HtmlElement>().ok())
    {
        let _ = row.focus();
    }
}
