//! On a lead form: what qualifying the lead creates, side by side. One row
//! per lead column any of the maps reads; per new record, the column it
//! fills, the value it gets and what needs attention.

use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use super::details::issue_text;
use crate::components::{ErrorBanner, Skeleton};
use crate::hooks::entity_map_details::{preview_value, AttributeRow};
use crate::hooks::{use_qualification, use_strings, Loadable, MapList, QualifyTarget};
use crate::host::RecordId;
use crate::sort::sort_by_text;

#[derive(Properties, PartialEq)]
pub struct QualificationProps {
    pub record: RecordId,
    pub list: Rc<MapList>,
    /// Entity display names by logical name.
    pub labels: Rc<HashMap<String, String>>,
}

#[function_component(QualificationPanel)]
pub fn qualification_panel(props: &QualificationProps) -> Html {
    let strings = use_strings();
    let (targets, reload) = use_qualification(props.record, props.list.clone());
    let body = match &targets {
        Loadable::Loading => {
            html! { <Skeleton rows={6} columns={4} what={strings.t("loading.qualify")} /> }
        }
        Loadable::Failed(error) => html! {
            <ErrorBanner title={strings.t("qualify.load_failed")} message={strings.api_error(error)} on_retry={reload.callback()} />
        },
        Loadable::Ready(targets) if targets.is_empty() => {
            html! { <p class="lm-muted" role="status">{ strings.t("qualify.none") }</p> }
        }
        Loadable::Ready(targets) => side_by_side(&strings, targets, &props.labels),
    };
    html! {
        <div class="lm-map-details lm-qualify">
            <h3 class="lm-map-details__title">{ strings.t("qualify.title") }</h3>
            <p class="lm-muted">{ strings.t("qualify.intro") }</p>
            { body }
        </div>
    }
}

fn side_by_side(
    strings: &crate::i18n::Strings,
    targets: &[QualifyTarget],
    labels: &HashMap<String, String>,
) -> Html {
    // Each lead column any map reads, once, by its label.
    let mut columns: Vec<(String, String)> = Vec::new();
    for target in targets {
        for row in &target.details.rows {
            let name = &row.map.sourceattributename;
            if !columns.iter().any(|(n, _)| n == name) {
                let label = row
                    .source
                    .as_ref()
                    .map_or_else(|| name.clone(), |c| c.label.clone());
                columns.push((name.clone(), label));
            }
        }
    }
    sort_by_text(&mut columns, |(_, label)| label);
    let entity_label = |entity: &str| {
        labels
            .get(entity)
            .cloned()
            .unwrap_or_else(|| entity.to_owned())
    };
    let cell = |target: &QualifyTarget, source: &str| {
        let rows: Vec<&AttributeRow> = target
            .details
            .rows
            .iter()
            .filter(|r| r.map.sourceattributename == source)
            .collect();
        let heading = entity_label(target.entity);
        if rows.is_empty() {
            return html! { <td class="lm-muted" data-label={heading}>{ strings.t("qualify.not_mapped") }</td> };
        }
        html! {
            <td data-label={heading}>
                { for rows.iter().map(|row| {
                    let column = row.target.as_ref().map_or_else(|| row.map.targetattributename.clone(), |c| c.label.clone());
                    let value = preview_value(&target.preview.template, &row.map.targetattributename, &target.preview.this_record)
                        .map(|v| strings.preview(&v));
                    html! {
                        <div class="lm-qualify__cell">
                            <span class="lm-col__meta" dir="auto">{ column }</span>
                            <span class="lm-value lm-clamp" dir="auto">{ value.unwrap_or_else(|| "—".to_owned()) }</span>
                            { for row.issues.iter().map(|issue| html! { <span class="lm-issue">{ issue_text(strings, issue) }</span> }) }
                        </div>
                    }
                }) }
            </td>
        }
    };
    html! {
        <div class="lm-grid__scroller">
            <table class="lm-grid lm-map-table lm-qualify__table">
                <caption class="lm-visually-hidden">{ strings.t("qualify.title") }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ strings.t("qualify.lead_column") }</th>
                        { for targets.iter().map(|t| html! { <th scope="col">{ entity_label(t.entity) }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for columns.iter().map(|(name, label)| html! {
                        <tr>
                            <th scope="row" class="lm-qualify__source" dir="auto">
                                <span class="lm-col__label">{ label.clone() }</span>
                                <span class="lm-col__meta">{ name.clone() }</span>
                            </th>
                            { for targets.iter().map(|t| cell(t, name)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
