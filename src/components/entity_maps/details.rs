use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::{ErrorBanner, PerfMark, Skeleton};
use crate::hooks::entity_map_details::{preview_value, AttributeRow, ColumnInfo};
use crate::hooks::{
    use_entity_map_details, use_initialize_from, Loadable, MapDetails, MapSummary, Preview,
};
use crate::host::HostContext;

/// Rows rendered at once: a map may have thousands of attribute maps, and a
/// form section should stay responsive; the filter always searches them all.
const ROWS_AT_ONCE: usize = 100;

#[derive(Properties, PartialEq)]
pub struct MapDetailsProps {
    pub context: HostContext,
    pub map: MapSummary,
}

/// The attribute maps of one entity map and, when the form's record is its
/// source, the preview. Both are asked for at once.
#[function_component(MapDetailsPanel)]
pub fn map_details_panel(props: &MapDetailsProps) -> Html {
    let (details, reload) = use_entity_map_details(props.map.clone());
    let params = &props.context.params;
    let preview = use_initialize_from(&params.entity, params.record_id, &props.map);
    match details {
        Loadable::Loading => {
            html! { <div class="lm-map-details"><Skeleton rows={6} columns={3} what="this entity map" /></div> }
        }
        Loadable::Failed(error) => html! {
            <ErrorBanner title="Couldn't load this entity map" message={error.to_string()} on_retry={reload.callback()} />
        },
        Loadable::Ready(details) => {
            let preview = preview.map(|(preview, reload)| match preview {
                Loadable::Ready(p) => PreviewState::Ready(p),
                Loadable::Loading => PreviewState::Loading,
                Loadable::Failed(e) => PreviewState::Failed(e, reload.callback()),
            });
            html! { <DetailsTable {details} {preview} /> }
        }
    }
}

#[derive(Clone, PartialEq)]
pub enum PreviewState {
    Loading,
    Ready(Rc<Preview>),
    Failed(ApiError, Callback<()>),
}

#[derive(Properties, PartialEq)]
struct DetailsTableProps {
    details: Rc<MapDetails>,
    /// None when the form's record is not the map's source.
    preview: Option<PreviewState>,
}

#[function_component(DetailsTable)]
fn details_table(props: &DetailsTableProps) -> Html {
    let filter = use_state(String::new);
    let details = &props.details;
    let map = &details.map;
    let shown_limit = use_state(|| ROWS_AT_ONCE);
    let rows: Vec<&AttributeRow> = details.rows.iter().filter(|r| r.matches(&filter)).collect();
    let hidden = rows.len().saturating_sub(*shown_limit);
    let attention = details.rows.iter().filter(|r| !r.issues.is_empty()).count()
        + details.unmapped_required.len();
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let preview_header = props
        .preview
        .as_ref()
        .map(|_| html! { <th scope="col">{ format!("New {} gets", map.targetentityname) }</th> });
    let preview_banner = match &props.preview {
        Some(PreviewState::Failed(error, retry)) => html! {
            <ErrorBanner title="Couldn't preview the values" message={error.to_string()} on_retry={retry.clone()} />
        },
        None => html! {
            <p class="lm-muted lm-map-details__note">{ format!("Values are previewed on a {} form, the map's source.", map.sourceentityname) }</p>
        },
        _ => html! {},
    };

    html! {
        <div class="lm-map-details">
            <h3 class="lm-map-details__title">
                <code>{ map.sourceentityname.clone() }</code>{" → "}<code>{ map.targetentityname.clone() }</code>
            </h3>
            <p class="lm-map-details__summary" role="status">
                { match details.rows.len() { 1 => "1 attribute map".to_owned(), n => format!("{n} attribute maps") } }
                if attention > 0 { <span class="lm-badge lm-badge--warning">{ format!("{attention} need attention") }</span> }
            </p>
            if !details.unmapped_required.is_empty() {
                <div class="lm-banner lm-banner--warning" role="note">
                    <span class="lm-banner__text">
                        { format!("Required {} columns no map fills: ", map.targetentityname) }
                        { details.unmapped_required.iter().map(column_name).collect::<Vec<_>>().join(", ") }
                    </span>
                </div>
            }
            { preview_banner }
            <input class="lm-input" type="search" placeholder="Filter columns" aria-label="Filter attribute maps"
                value={(*filter).clone()} {oninput} />
            <div class="lm-grid__scroller">
                <table class="lm-grid lm-map-table">
                    <caption class="lm-visually-hidden">{ format!("Attribute maps from {} to {}", map.sourceentityname, map.targetentityname) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{"Source column"}</th>
                            <th scope="col">{"Target column"}</th>
                            { for preview_header }
                            <th scope="col">{"Notes"}</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().take(*shown_limit).map(|row| attribute_row(row, props.preview.as_ref())) }
                    </tbody>
                </table>
            </div>
            if hidden > 0 {
                <button type="button" class="lm-button lm-show-more"
                    onclick={let shown_limit = shown_limit.clone(); move |_| shown_limit.set(*shown_limit + ROWS_AT_ONCE)}>
                    { format!("Show {} more of {hidden}", hidden.min(ROWS_AT_ONCE)) }
                </button>
            }
            if rows.is_empty() {
                <p class="lm-muted" role="status">{ if details.rows.is_empty() { "This map has no attribute maps." } else { "No attribute map matches the filter." } }</p>
            }
            <PerfMark name="leadmap:maps-ready" when=true />
        </div>
    }
}

fn column_name(column: &ColumnInfo) -> String {
    format!("{} ({})", column.label, column.logical_name)
}

fn column_cell(column: Option<&ColumnInfo>, logical_name: &str, end: &'static str) -> Html {
    match column {
        Some(c) => {
            let kind = match c.max_length {
                Some(length) => format!("{} · {length}", c.attribute_type),
                None => c.attribute_type.clone(),
            };
            html! {
                <td dir="auto" data-label={end}>
                    <span class="lm-col__label">{ c.label.clone() }</span>
                    <span class="lm-col__meta">{ format!("{} · {kind}", c.logical_name) }</span>
                </td>
            }
        }
        None => html! {
            <td data-label={end}>
                <span class="lm-col__label lm-col__label--missing">{ logical_name.to_owned() }</span>
                <span class="lm-col__meta">{"not in metadata"}</span>
            </td>
        },
    }
}

fn attribute_row(row: &AttributeRow, preview: Option<&PreviewState>) -> Html {
    let map = &row.map;
    let preview_cell = preview.map(|state| match state {
        PreviewState::Loading => html! { <td data-label="Gets"><span class="lm-spinner" aria-label="Loading"></span></td> },
        PreviewState::Ready(p) => match preview_value(&p.template, &map.targetattributename, &p.this_record) {
            Some(value) => html! {
                <td dir="auto" data-label="Gets" class="lm-preview"><span class="lm-clamp" title={value.clone()}>{ value }</span></td>
            },
            None => html! { <td data-label="Gets" class="lm-muted">{"—"}</td> },
        },
        PreviewState::Failed(..) => html! { <td data-label="Gets" class="lm-muted">{"—"}</td> },
    });
    let origin = if map.issystem.unwrap_or(false) {
        "System"
    } else {
        "Custom"
    };
    html! {
        <tr class={(!row.issues.is_empty()).then_some("lm-map-row--issue")}>
            { column_cell(row.source.as_ref(), &map.sourceattributename, "From") }
            { column_cell(row.target.as_ref(), &map.targetattributename, "To") }
            { for preview_cell }
            <td data-label="Notes">
                <span class={if origin == "Custom" { "lm-badge lm-badge--custom" } else { "lm-badge" }}>{ origin }</span>
                { for row.issues.iter().map(|issue| html! { <span class="lm-issue">{ issue.message() }</span> }) }
            </td>
        </tr>
    }
}
