//! The root component: validates the host context, then lays out the views.

use yew::prelude::*;

use crate::api::Client;
use crate::components::{AssociationsView, EntityMapsView, ErrorBanner, Frame, NotContactOrLead};
use crate::hooks::relationship::Side;
use crate::host::{self, xrm, HostContext, HostError};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The page's `location.search`, i.e. the form's PassParams.
    pub search: AttrValue,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let xrm_info = use_state(xrm::discover);
    {
        // A form OnLoad script may hand over (and later replace) the Client API.
        let xrm_info = xrm_info.clone();
        use_effect_with((), move |_| {
            xrm::install_set_client_api_context(move |info| xrm_info.set(Some(info)));
        });
    }
    let context: Result<HostContext, HostError> = use_memo(
        (props.search.clone(), (*xrm_info).clone()),
        |(search, xrm_info)| {
            host::query::parse_form_params(search)
                .map(|params| HostContext::new(params, xrm_info.as_ref(), &page_origin()))
        },
    )
    .as_ref()
    .clone();

    match context {
        Ok(context) => html! { <Views {context} /> },
        Err(error) => html! {
            <Frame context={None::<HostContext>}>
                <ErrorBanner title="LeadMap can't show this record" message={error.to_string()} />
            </Frame>
        },
    }
}

#[derive(Properties, PartialEq)]
struct ViewsProps {
    context: HostContext,
}

/// The views the `data` options ask for, sharing one Web API client.
#[function_component(Views)]
fn views(props: &ViewsProps) -> Html {
    let context = &props.context;
    let client_settings = (
        context.client_url.clone(),
        context.user_lcid,
        context.params.options.timeout_secs,
    );
    let client = (*use_memo(client_settings, |_| Client::new(context))).clone();
    let view = context.params.options.view;
    let side = Side::of(context.params.entity.as_str());
    html! {
        <ContextProvider<Client> context={client}>
            <Frame context={Some(context.clone())}>
                if view.shows_associations() {
                    if let Some(side) = side {
                        <AssociationsView context={context.clone()} {side} />
                    } else {
                        <NotContactOrLead entity={context.params.entity.to_string()} />
                    }
                }
                if view.shows_maps() {
                    <EntityMapsView context={context.clone()} />
                }
            </Frame>
        </ContextProvider<Client>>
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
