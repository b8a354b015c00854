use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NotContactOrLeadProps {
    /// The form's entity logical name.
    pub entity: AttrValue,
}

/// In place of the associations view on a form that is neither contact nor lead.
#[function_component(NotContactOrLead)]
pub fn not_contact_or_lead(props: &NotContactOrLeadProps) -> Html {
    html! {
        <section class="lm-section" aria-labelledby="lm-associations-title">
            <h2 class="lm-section__title" id="lm-associations-title">{"ContactLeads"}</h2>
            <p class="lm-section__intro">
                { format!("The ContactLeads relationship links contacts and leads. Place LeadMap on a contact or lead form to see it; this form shows a {}.", props.entity) }
            </p>
        </section>
    }
}
