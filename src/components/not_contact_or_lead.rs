use yew::prelude::*;

use crate::hooks::use_strings;

#[derive(Properties, PartialEq)]
pub struct NotContactOrLeadProps {
    /// The form's entity logical name.
    pub entity: AttrValue,
}

/// In place of the associations view on a form that is neither contact nor lead.
#[function_component(NotContactOrLead)]
pub fn not_contact_or_lead(props: &NotContactOrLeadProps) -> Html {
    let strings = use_strings();
    html! {
        <section class="lm-section" aria-labelledby="lm-associations-title">
            <h2 class="lm-section__title" id="lm-associations-title">{"ContactLeads"}</h2>
            <p class="lm-section__intro">
                { strings.f("not_contact_or_lead.text", &[("entity", &props.entity)]) }
            </p>
        </section>
    }
}
