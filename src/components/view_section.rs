use yew::prelude::*;

use crate::host::HostContext;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    Associations,
    EntityMaps,
}

#[derive(Properties, PartialEq)]
pub struct ViewSectionProps {
    pub kind: ViewKind,
    pub context: HostContext,
}

/// One of LeadMap's two views, in its own labelled section.
#[function_component(ViewSection)]
pub fn view_section(props: &ViewSectionProps) -> Html {
    let entity = props.context.params.entity.as_str();
    let (id, title, body) = match props.kind {
        ViewKind::Associations => (
            "lm-associations-title",
            associations_title(entity),
            associations_intro(entity),
        ),
        ViewKind::EntityMaps => (
            "lm-maps-title",
            "Entity maps".to_owned(),
            format!("How Dataverse copies data from this {entity} into new related records, and into it."),
        ),
    };
    html! {
        <section class="lm-section" aria-labelledby={id}>
            <h2 class="lm-section__title" id={id}>{ title }</h2>
            <p class="lm-section__intro">{ body }</p>
        </section>
    }
}

fn associations_title(entity: &str) -> String {
    match entity {
        "contact" => "Leads".into(),
        "lead" => "Contacts".into(),
        _ => "ContactLeads".into(),
    }
}

fn associations_intro(entity: &str) -> String {
    match entity {
        "contact" => "Leads associated with this contact.".into(),
        "lead" => "Contacts associated with this lead.".into(),
        other => format!(
            "The ContactLeads relationship links contacts and leads. Place LeadMap on a contact or lead form to see it; this form shows a {other}."
        ),
    }
}
