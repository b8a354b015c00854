//! "Suggestions and checks" of one entity map. Read-only: entity and
//! attribute maps are customizations; the link opens the classic editor.

use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::hooks::{use_after, use_mapping_checks, use_strings, Loadable, MapChecks, MapDetails};

/// The checks wait this long after the map shows, so their metadata reads
/// come after the view is complete.
const CHECKS_AFTER: Duration = Duration::from_millis(1200);

#[derive(Properties, PartialEq)]
pub struct MapChecksProps {
    pub details: Rc<MapDetails>,
    pub editor_url: AttrValue,
}

#[function_component(MapChecksPanel)]
pub fn map_checks_panel(props: &MapChecksProps) -> Html {
    let strings = use_strings();
    let ask = use_after(CHECKS_AFTER);
    let checks = use_mapping_checks(props.details.clone(), ask);
    let body = match &checks {
        Loadable::Loading => {
            html! { <p class="lm-muted" role="status">{ strings.t("suggest.loading") }</p> }
        }
        Loadable::Failed(error) => {
            html! { <p class="lm-muted" role="status">{ strings.api_error(error) }</p> }
        }
        Loadable::Ready(checks) if checks.is_empty() => {
            html! { <p class="lm-muted" role="status">{ strings.t("suggest.all_good") }</p> }
        }
        Loadable::Ready(checks) => findings(&strings, &props.details, checks),
    };
    html! {
        <div class="lm-checks" role="region" aria-labelledby="lm-checks-title">
            <h4 class="lm-checks__title" id="lm-checks-title">{ strings.t("suggest.title") }</h4>
            { body }
            <p class="lm-muted lm-checks__note">
                { strings.t("suggest.read_only") }{" "}
                <a href={props.editor_url.clone()} target="_blank" rel="noopener noreferrer">{ strings.t("suggest.open_editor") }</a>
            </p>
        </div>
    }
}

fn findings(strings: &crate::i18n::Strings, details: &MapDetails, checks: &MapChecks) -> Html {
    let label = |source: &str| {
        details
            .rows
            .iter()
            .find(|r| r.map.sourceattributename == source)
            .and_then(|r| r.source.as_ref())
            .map_or_else(|| source.to_owned(), |c| format!("{} ({source})", c.label))
    };
    html! {
        <>
            if !checks.unmapped.is_empty() {
                <p class="lm-checks__lead">{ strings.n("suggest.unmapped", checks.unmapped.len() as u64, &[]) }</p>
                <ul class="lm-checks__list lm-checks__list--columns">
                    { for checks.unmapped.iter().map(|u| html! {
                        <li><bdi>{ format!("{} ({})", u.source.label, u.source.logical_name) }</bdi></li>
                    }) }
                </ul>
            }
            if !checks.options.is_empty() || !checks.lookups.is_empty() {
                <ul class="lm-checks__list">
                    { for checks.options.iter().map(|o| {
                        let values: Vec<String> = o.missing.iter().map(|(_, label)| label.clone()).collect();
                        html! { <li class="lm-issue">{ strings.f("suggest.options_differ", &[("column", &label(&o.source)), ("values", &strings.list(&values))]) }</li> }
                    }) }
                    { for checks.lookups.iter().map(|l| html! {
                        <li class="lm-issue">{ strings.f("suggest.lookup_targets", &[
                            ("column", &label(&l.source)),
                            ("source", &l.source_targets.join(", ")),
                            ("target", &l.target_targets.join(", ")),
                        ]) }</li>
                    }) }
                </ul>
            }
        </>
    }
}
