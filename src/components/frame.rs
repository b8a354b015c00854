use yew::prelude::*;

use crate::host::HostContext;

#[derive(Properties, PartialEq)]
pub struct FrameProps {
    /// None when the form's parameters could not be read.
    pub context: Option<HostContext>,
    #[prop_or_default]
    pub children: Children,
}

/// The outer shell: which record LeadMap is showing, then the views.
#[function_component(Frame)]
pub fn frame(props: &FrameProps) -> Html {
    let header = props.context.as_ref().map(|context| {
        let entity = context.params.entity.as_str();
        html! {
            <header class="lm-header">
                <span class="lm-header__entity">{ entity_label(entity) }</span>
                <span class="lm-header__id" title="Record id">{ context.params.record_id.to_string() }</span>
            </header>
        }
    });
    html! {
        <div class="lm-frame">
            { for header }
            <main class="lm-views">{ props.children.clone() }</main>
        </div>
    }
}

/// A readable name for the form's entity until metadata labels arrive.
pub(crate) fn entity_label(logical_name: &str) -> String {
    match logical_name {
        "contact" => "Contact".into(),
        "lead" => "Lead".into(),
        other => other.to_owned(),
    }
}
