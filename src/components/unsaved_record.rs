use yew::prelude::*;

use crate::hooks::relationship::Side;
use crate::hooks::use_strings;

#[derive(Properties, PartialEq)]
pub struct UnsavedRecordProps {
    /// The form's side of ContactLeads; None on another entity's create form.
    pub side: Option<Side>,
}

/// On a create form: the record has no associations until it is saved. The
/// app shows them once the form saves (it hears of the save from the form).
#[function_component(UnsavedRecord)]
pub fn unsaved_record(props: &UnsavedRecordProps) -> Html {
    let strings = use_strings();
    let Some(side) = props.side else {
        return html! {};
    };
    let set = side.related_set();
    html! {
        <section class="lm-section" aria-labelledby="lm-associations-title">
            <div class="lm-section__head">
                <h2 class="lm-section__title" id="lm-associations-title">{ strings.t(&format!("associations.title.{set}")) }</h2>
            </div>
            <p class="lm-empty lm-unsaved" role="status">{ strings.t(&format!("unsaved.{set}")) }</p>
        </section>
    }
}
