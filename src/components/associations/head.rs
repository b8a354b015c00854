use web_sys::{InputEvent, SubmitEvent};
use yew::prelude::*;

use crate::hooks::relationship::Side;
use crate::hooks::use_strings;

#[derive(Properties, PartialEq, Clone)]
pub struct HeadProps {
    pub side: Side,
    /// Whether records can be added.
    pub writable: bool,
    /// Some when there are rows to export: whether an export is under way.
    pub export_working: Option<bool>,
    /// Why writes are not offered.
    pub access_line: Option<String>,
    pub search: String,
    pub on_add: Callback<MouseEvent>,
    pub on_export: Callback<MouseEvent>,
    pub on_search_input: Callback<InputEvent>,
    pub on_search_submit: Callback<SubmitEvent>,
}

/// The associations' title, actions and search box (also rendered at build
/// time for the page's first rows).
#[function_component(Head)]
pub fn head(props: &HeadProps) -> Html {
    let strings = use_strings();
    let set = props.side.related_set();
    let t = |id: &str| strings.t(&format!("{id}.{set}"));
    html! {
        <>
            <div class="lm-section__head">
                <h2 class="lm-section__title" id="lm-associations-title">{ t("associations.title") }</h2>
                <div class="lm-section__actions">
                    if props.writable {
                        <button type="button" class="lm-button" onclick={props.on_add.clone()}>{ t("associations.add_existing") }</button>
                    }
                    if let Some(working) = props.export_working {
                        <button type="button" class="lm-button" disabled={working} onclick={props.on_export.clone()}>{ strings.t("export.button") }</button>
                    }
                </div>
            </div>
            if let Some(line) = &props.access_line {
                <p class="lm-muted lm-access" role="note">{ line.clone() }</p>
            }
            <form class="lm-toolbar" role="search" onsubmit={props.on_search_submit.clone()}>
                <input class="lm-input" type="search" placeholder={strings.t("associations.search_placeholder")}
                    aria-label={t("associations.search_label")} value={props.search.clone()} oninput={props.on_search_input.clone()} />
            </form>
        </>
    }
}
