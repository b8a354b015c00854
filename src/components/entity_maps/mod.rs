//! The entity map view: the maps of the form's entity in both directions,
//! the attribute maps of the selected one with metadata and diagnostics, and
//! what `InitializeFrom` would put into a new related record.

mod checks;
mod details;
mod qualify;

use yew::prelude::*;

use self::details::MapDetailsPanel;
use self::qualify::QualificationPanel;
use crate::components::{ErrorBanner, PerfMark, Skeleton};
use crate::hooks::{
    use_entity_labels, use_entity_map_list, use_strings, Loadable, MapSummary, QUALIFY_TARGETS,
};
use crate::host::{EntityName, HostContext, RecordId};
use crate::perf;
use crate::sort::sort_by_text;

#[derive(Properties, PartialEq)]
pub struct EntityMapsViewProps {
    pub context: HostContext,
}

#[function_component(EntityMapsView)]
pub fn entity_maps_view(props: &EntityMapsViewProps) -> Html {
    let entity = &props.context.params.entity;
    let (list, reload) = use_entity_map_list(entity);
    let selected = use_state(|| None::<RecordId>);
    // On a lead form: the side-by-side preview of qualifying instead of one map.
    let qualifying = use_state(|| false);
    let strings = use_strings();

    // Display names of the form's entity and of every entity at the other end.
    let mut names: Vec<EntityName> = match &list {
        Loadable::Ready(list) => list
            .outgoing
            .iter()
            .chain(&list.incoming)
            .filter_map(|m| EntityName::parse(&m.other).ok())
            .chain([entity.clone()])
            .collect(),
        _ => Vec::new(),
    };
    sort_by_text(&mut names, EntityName::as_str);
    names.dedup();
    let labels = use_entity_labels(names);
    let label = |logical: &str| {
        labels
            .get(logical)
            .cloned()
            .unwrap_or_else(|| logical.to_owned())
    };

    let no_maps = matches!(&list, Loadable::Ready(l) if l.first().is_none());

    let entity_label = label(entity.as_str());
    let body = match &list {
        Loadable::Loading => {
            html! { <Skeleton rows={3} columns={3} what={strings.t("loading.entity_maps")} /> }
        }
        Loadable::Failed(error) => html! {
            <ErrorBanner title={strings.t("maps.load_failed")} message={strings.api_error(error)} on_retry={reload.callback()} />
        },
        Loadable::Ready(list) if list.first().is_none() => html! {
            <div class="lm-empty" role="status">
                <p>{ strings.f("maps.none", &[("entity", &entity_label)]) }</p>
                <p class="lm-muted">{ strings.t("maps.none_hint") }</p>
            </div>
        },
        Loadable::Ready(list) => {
            let current = selected
                .and_then(|id| {
                    list.outgoing
                        .iter()
                        .chain(&list.incoming)
                        .find(|m| m.id == id)
                })
                .or(list.first())
                .cloned();
            let group = |title: String, maps: &[MapSummary]| {
                if maps.is_empty() {
                    return html! {};
                }
                let mut maps: Vec<(String, &MapSummary)> =
                    maps.iter().map(|m| (label(&m.other), m)).collect();
                sort_by_text(&mut maps, |(label, _)| label);
                html! {
                    <div class="lm-map-group" role="group" aria-label={title.clone()}>
                        <span class="lm-map-group__title">{ title }</span>
                        { for maps.into_iter().map(|(other, m)| {
                            let id = m.id;
                            let pressed = !*qualifying && current.as_ref().map(|c| c.id) == Some(id);
                            let (selected, qualifying) = (selected.clone(), qualifying.clone());
                            html! {
                                <button type="button" class={if pressed { "lm-chip lm-chip--selected" } else { "lm-chip" }}
                                    aria-pressed={pressed.to_string()} onclick={move |_| { qualifying.set(false); selected.set(Some(id)); }}>
                                    { other }
                                </button>
                            }
                        }) }
                    </div>
                }
            };
            let can_qualify = entity.as_str() == "lead"
                && list
                    .outgoing
                    .iter()
                    .any(|m| QUALIFY_TARGETS.contains(&m.target.as_str()));
            let qualify_chip = can_qualify.then(|| {
                let qualifying = qualifying.clone();
                let pressed = *qualifying;
                html! {
                    <div class="lm-map-qualify">
                        <button type="button" class={if pressed { "lm-chip lm-chip--selected lm-chip--qualify" } else { "lm-chip lm-chip--qualify" }}
                            aria-pressed={pressed.to_string()} onclick={move |_| qualifying.set(true)}>
                            { strings.t("qualify.chip") }
                        </button>
                    </div>
                }
            });
            html! {
                <>
                    { for qualify_chip }
                    { group(strings.f("maps.outgoing", &[("entity", &entity_label)]), &list.outgoing) }
                    { group(strings.f("maps.incoming", &[("entity", &entity_label)]), &list.incoming) }
                    if *qualifying && can_qualify {
                        <QualificationPanel record={props.context.params.record_id} list={list.clone()} labels={labels.clone()} />
                    } else if let Some(map) = current {
                        <MapDetailsPanel key={map.id.to_string()} context={props.context.clone()} map={map.clone()} />
                    }
                </>
            }
        }
    };

    html! {
        <section class="lm-section" aria-labelledby="lm-maps-title">
            <div class="lm-section__head">
                <h2 class="lm-section__title" id="lm-maps-title">{ strings.t("maps.title") }</h2>
            </div>
            <p class="lm-section__intro">{ strings.t("maps.intro") }</p>
            { body }
            <PerfMark name={perf::MAPS_READY} when={no_maps} />
        </section>
    }
}
