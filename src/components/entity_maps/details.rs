use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::checks::MapChecksPanel;
use crate::api::ApiError;
use crate::components::{ErrorBanner, PerfMark, Skeleton};
use crate::hooks::entity_map_details::{preview_value, AttributeRow, ColumnInfo, Issue};
use crate::hooks::{
    use_entity_map_details, use_initialize_from, use_strings, Loadable, MapDetails, MapSummary,
    Preview,
};
use crate::host::{xrm, HostContext};
use crate::i18n::Strings;
use crate::perf;

/// Rows rendered at once: a map may have thousands of attribute maps, and a
/// form section should stay responsive; the filter always searches them all.
const ROWS_AT_ONCE: usize = 100;
/// In a narrow section (a third of a form) a map opens as a summary of
/// this many rows, with "show all".
const SUMMARY_ROWS: usize = 8;
/// Narrower than this (the web resource's frame is the section), a section
/// reads as a third-width column.
const NARROW_PX: f64 = 480.0;
/// Preview values longer than this are clamped to two lines, with "show more".
const LONG_VALUE: usize = 80;

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
    let strings = use_strings();
    match details {
        Loadable::Loading => {
            html! { <div class="lm-map-details"><Skeleton rows={6} columns={3} what={strings.t("loading.entity_map")} /></div> }
        }
        Loadable::Failed(error) => html! {
            <ErrorBanner title={strings.t("map.load_failed")} message={strings.api_error(&error)} on_retry={reload.callback()} />
        },
        Loadable::Ready(details) => {
            let preview = preview.map(|(preview, reload)| match preview {
                Loadable::Ready(p) => PreviewState::Ready(p),
                Loadable::Loading => PreviewState::Loading,
                Loadable::Failed(e) => PreviewState::Failed(e, reload.callback()),
            });
            let editor_url = xrm::mapping_editor_url(
                &props.context.client_url,
                &details.map.entitymapid.to_string(),
            );
            html! {
                <>
                    <DetailsTable details={details.clone()} {preview} />
                    <MapChecksPanel {details} editor_url={editor_url} />
                </>
            }
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
    let strings = use_strings();
    let details = &props.details;
    let map = &details.map;
    let narrow = use_memo((), |_| is_narrow());
    let shown_limit = use_state(|| if *narrow { SUMMARY_ROWS } else { ROWS_AT_ONCE });
    let expanded = use_state(std::collections::HashSet::<String>::new);
    let rows: Vec<&AttributeRow> = details.rows.iter().filter(|r| r.matches(&filter)).collect();
    // A narrow section starts with a summary: one line per attribute map.
    let summary = *shown_limit < ROWS_AT_ONCE;
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
        .map(|_| html! { <th scope="col">{ strings.f("map.new_gets", &[("entity", &map.targetentityname)]) }</th> });
    let preview_banner = match &props.preview {
        Some(PreviewState::Failed(error, retry)) => html! {
            <ErrorBanner title={strings.t("map.preview_failed")} message={strings.api_error(error)} on_retry={retry.clone()} />
        },
        None => html! {
            <p class="lm-muted lm-map-details__note">{ strings.f("map.preview_elsewhere", &[("entity", &map.sourceentityname)]) }</p>
        },
        _ => html! {},
    };

    html! {
        <div class="lm-map-details">
            <h3 class="lm-map-details__title">
                <code>{ map.sourceentityname.clone() }</code>{" → "}<code>{ map.targetentityname.clone() }</code>
            </h3>
            <p class="lm-map-details__summary" role="status">
                { strings.n("map.count", details.rows.len() as u64, &[]) }
                if attention > 0 { <span class="lm-badge lm-badge--warning">{ strings.n("map.attention", attention as u64, &[]) }</span> }
            </p>
            if !details.unmapped_required.is_empty() {
                <div class="lm-banner lm-banner--warning" role="note">
                    <span class="lm-banner__text">
                        { strings.f("map.required_unmapped", &[
                            ("entity", &map.targetentityname),
                            ("columns", &strings.list(&details.unmapped_required.iter().map(column_name).collect::<Vec<_>>())),
                        ]) }
                    </span>
                </div>
            }
            { preview_banner }
            <input class="lm-input" type="search" placeholder={strings.t("map.filter_placeholder")} aria-label={strings.t("map.filter_label")}
                value={(*filter).clone()} {oninput} />
            if summary {
                <ul class="lm-map-summary" aria-label={strings.f("map.caption", &[("source", &map.sourceentityname), ("target", &map.targetentityname)])}>
                    { for rows.iter().take(SUMMARY_ROWS).map(|row| summary_item(&strings, row, props.preview.as_ref(), &expanded)) }
                </ul>
                if !rows.is_empty() {
                    <button type="button" class="lm-button lm-show-more"
                        onclick={let shown_limit = shown_limit.clone(); move |_| shown_limit.set(ROWS_AT_ONCE)}>
                        { strings.n("map.show_all", rows.len() as u64, &[]) }
                    </button>
                }
            } else {
            <div class="lm-grid__scroller">
                <table class="lm-grid lm-map-table">
                    <caption class="lm-visually-hidden">{ strings.f("map.caption", &[("source", &map.sourceentityname), ("target", &map.targetentityname)]) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ strings.t("map.source_column") }</th>
                            <th scope="col">{ strings.t("map.target_column") }</th>
                            { for preview_header }
                            <th scope="col">{ strings.t("map.notes") }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().take(*shown_limit).map(|row| attribute_row(&strings, row, props.preview.as_ref(), &expanded)) }
                    </tbody>
                </table>
            </div>
            if hidden > 0 {
                <button type="button" class="lm-button lm-show-more"
                    onclick={let shown_limit = shown_limit.clone(); move |_| shown_limit.set(*shown_limit + ROWS_AT_ONCE)}>
                    { strings.f("map.show_more", &[("shown", &hidden.min(ROWS_AT_ONCE)), ("hidden", &hidden)]) }
                </button>
            }
            }
            if rows.is_empty() {
                <p class="lm-muted" role="status">{ if details.rows.is_empty() { strings.t("map.no_attribute_maps") } else { strings.t("map.no_filter_match") } }</p>
            }
            <PerfMark name={perf::MAPS_READY} when=true />
        </div>
    }
}

fn column_name(column: &ColumnInfo) -> String {
    format!("{} ({})", column.label, column.logical_name)
}

/// Whether the frame (the form section) is a narrow column.
fn is_narrow() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < NARROW_PX)
}

pub(super) fn issue_text(strings: &Strings, issue: &Issue) -> String {
    match issue {
        Issue::MissingSource => strings.t("issue.missing_source"),
        Issue::MissingTarget => strings.t("issue.missing_target"),
        Issue::TypeMismatch { source, target } => strings.f(
            "issue.type_mismatch",
            &[("source", source), ("target", target)],
        ),
        Issue::Truncation {
            source_length,
            target_length,
        } => strings.f(
            "issue.truncation",
            &[("source", source_length), ("target", target_length)],
        ),
    }
}

fn column_cell(
    strings: &Strings,
    column: Option<&ColumnInfo>,
    logical_name: &str,
    end: &str,
) -> Html {
    match column {
        Some(c) => {
            let kind = match c.max_length {
                Some(length) => format!("{} · {length}", c.attribute_type),
                None => c.attribute_type.clone(),
            };
            html! {
                <td data-label={end.to_owned()}>
                    <span class="lm-col__label" dir="auto">{ c.label.clone() }</span>
                    <span class="lm-col__meta">{ format!("{} · {kind}", c.logical_name) }</span>
                </td>
            }
        }
        None => html! {
            <td data-label={end.to_owned()}>
                <span class="lm-col__label lm-col__label--missing">{ logical_name.to_owned() }</span>
                <span class="lm-col__meta">{ strings.t("map.not_in_metadata") }</span>
            </td>
        },
    }
}

/// One attribute map as a line of the narrow summary: source → target, the
/// value a new record gets, and what needs attention.
fn summary_item(
    strings: &Strings,
    row: &AttributeRow,
    preview: Option<&PreviewState>,
    expanded: &UseStateHandle<std::collections::HashSet<String>>,
) -> Html {
    let map = &row.map;
    let label = |c: Option<&ColumnInfo>, logical: &str| {
        c.map_or_else(|| logical.to_owned(), |c| c.label.clone())
    };
    let value = match preview {
        Some(PreviewState::Ready(p)) => {
            preview_value(&p.template, &map.targetattributename, &p.this_record)
        }
        _ => None,
    }
    .map(|value| strings.preview(&value));
    html! {
        <li class={classes!("lm-map-summary__item", (!row.issues.is_empty()).then_some("lm-map-row--issue"))}>
            <span class="lm-map-summary__columns" dir="auto">
                { label(row.source.as_ref(), &map.sourceattributename) }{" → "}{ label(row.target.as_ref(), &map.targetattributename) }
            </span>
            if let Some(value) = value {
                { clamped_value(strings, &map.targetattributename, value, expanded) }
            }
            { for row.issues.iter().map(|issue| html! { <span class="lm-issue">{ issue_text(strings, issue) }</span> }) }
        </li>
    }
}

/// A preview value, clamped to two lines with "show more" when it is long.
fn clamped_value(
    strings: &Strings,
    column: &str,
    value: String,
    expanded: &UseStateHandle<std::collections::HashSet<String>>,
) -> Html {
    let column = column.to_owned();
    let open = expanded.contains(&column);
    let long = value.chars().count() > LONG_VALUE;
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| {
            let mut next = (*expanded).clone();
            if !next.remove(&column) {
                next.insert(column.clone());
            }
            expanded.set(next);
        })
    };
    html! {
        <>
            <span class={if open { "lm-value" } else { "lm-value lm-clamp" }} dir="auto">{ value }</span>
            if long {
                <button type="button" class="lm-link-button" aria-expanded={open.to_string()} onclick={toggle}>
                    { if open { strings.t("common.show_less") } else { strings.t("common.show_more") } }
                </button>
            }
        </>
    }
}

fn attribute_row(
    strings: &Strings,
    row: &AttributeRow,
    preview: Option<&PreviewState>,
    expanded: &UseStateHandle<std::collections::HashSet<String>>,
) -> Html {
    let map = &row.map;
    let gets = strings.t("map.gets");
    let preview_cell = preview.map(|state| match state {
        PreviewState::Loading => html! { <td data-label={gets.clone()}><span class="lm-spinner" aria-label={strings.t("common.loading")}></span></td> },
        PreviewState::Ready(p) => match preview_value(&p.template, &map.targetattributename, &p.this_record).map(|v| strings.preview(&v)) {
            Some(value) => html! {
                <td data-label={gets.clone()} class="lm-preview">
                    { clamped_value(strings, &map.targetattributename, value, expanded) }
                </td>
            },
            None => html! { <td data-label={gets.clone()} class="lm-muted">{"—"}</td> },
        },
        PreviewState::Failed(..) => html! { <td data-label={gets.clone()} class="lm-muted">{"—"}</td> },
    });
    let custom = !map.issystem.unwrap_or(false);
    let origin = if custom {
        strings.t("map.custom")
    } else {
        strings.t("map.system")
    };
    html! {
        <tr class={(!row.issues.is_empty()).then_some("lm-map-row--issue")}>
            { column_cell(strings, row.source.as_ref(), &map.sourceattributename, &strings.t("map.from")) }
            { column_cell(strings, row.target.as_ref(), &map.targetattributename, &strings.t("map.to")) }
            { for preview_cell }
            <td class="lm-map-notes" data-label={strings.t("map.notes")}>
                <span class={if custom { "lm-badge lm-badge--custom" } else { "lm-badge" }}>{ origin }</span>
                { for row.issues.iter().map(|issue| html! { <span class="lm-issue">{ issue_text(strings, issue) }</span> }) }
            </td>
        </tr>
    }
}
