use yew::prelude::*;

use crate::hooks::{use_online, use_strings};
use crate::host::HostContext;
use crate::i18n::Strings;

#[derive(Properties, PartialEq)]
pub struct FrameProps {
    /// None when the form's parameters could not be read.
    pub context: Option<HostContext>,
    #[prop_or_default]
    pub children: Children,
}

/// The outer shell: which kind of record LeadMap is showing (the form shows
/// which one: a raw id means nothing to a user), a line while the browser is
/// offline, then the views.
#[function_component(Frame)]
pub fn frame(props: &FrameProps) -> Html {
    let online = use_online();
    let strings = use_strings();
    let entity = props
        .context
        .as_ref()
        .map(|context| entity_label(&strings, context.params.entity.as_str()));
    html! { <FrameView {entity} {online}>{ props.children.clone() }</FrameView> }
}

#[derive(Properties, PartialEq)]
pub struct FrameViewProps {
    /// The form's entity, as the header names it.
    pub entity: Option<String>,
    pub online: bool,
    #[prop_or_default]
    pub children: Children,
}

/// The shell's markup (also rendered at build time for the page's first rows).
#[function_component(FrameView)]
pub fn frame_view(props: &FrameViewProps) -> Html {
    let strings = use_strings();
    let header = props.entity.as_ref().map(|entity| {
        html! {
            <header class="lm-header">
                <span class="lm-header__entity">{ entity.clone() }</span>
            </header>
        }
    });
    let online = props.online;
    html! {
        <div class="lm-frame">
            { for header }
            if !online {
                <div class="lm-banner lm-banner--warning" role="status">
                    <span class="lm-banner__text">{ strings.t("frame.offline") }</span>
                </div>
            }
            <main class="lm-views">{ props.children.clone() }</main>
        </div>
    }
}

/// A readable name for the form's entity until metadata labels arrive.
pub(crate) fn entity_label(strings: &Strings, logical_name: &str) -> String {
    match logical_name {
        "contact" => strings.t("entity.contact"),
        "lead" => strings.t("entity.lead"),
        other => other.to_owned(),
    }
}
