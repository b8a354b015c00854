//! The root component: validates the host context, then lays out the views.

use std::rc::Rc;

use yew::prelude::*;

use crate::api::Client;
use crate::components::{
    AssociationsView, EntityMapsView, ErrorBanner, Frame, NotContactOrLead, UnsavedRecord,
};
use crate::drawn_rows;
use crate::hooks::relationship::Side;
use crate::hooks::use_drawn;
use crate::host::{self, xrm, HostContext, HostError};
use crate::i18n::{self, Strings};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The page's `location.search`, i.e. the form's PassParams.
    pub search: AttrValue,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let xrm_info = use_state(xrm::discover);
    {
        // A form OnLoad script may hand over (and later replace) the Client
        // API; a save tells it too.
        let xrm_info = xrm_info.clone();
        use_effect_with((), move |_| {
            xrm::install_set_client_api_context(move |info| xrm_info.set(Some(info)));
        });
    }
    let context: Result<HostContext, HostError> = use_memo(
        (props.search.clone(), (*xrm_info).clone()),
        |(search, xrm_info)| {
            let search = xrm::with_saved_record(search, xrm_info.as_ref());
            host::query::parse_form_params(&search)
                .map(|params| HostContext::new(params, xrm_info.as_ref(), &page_origin()))
        },
    )
    .as_ref()
    .clone();

    let (query_user_lcid, org_lcid) = host::query::languages(&props.search);
    let user_lcid = match &context {
        Ok(context) => context.user_lcid,
        Err(_) => xrm_info
            .as_ref()
            .and_then(|x| x.language_id)
            .or(query_user_lcid)
            .unwrap_or(host::options::DEFAULT_LCID),
    };
    let strings = use_memo((user_lcid, org_lcid), |(user, org)| {
        Rc::new(i18n::loaded(*user, *org))
    });
    let strings: Rc<Strings> = (*strings).clone();

    let body = match context {
        Ok(context) => html! { <Views {context} /> },
        Err(HostError::MissingId) if xrm_info.as_ref().is_some_and(|x| x.is_create_form()) => {
            let entity = host::query::typename(&props.search);
            html! {
                <Frame context={None::<HostContext>}>
                    <UnsavedRecord side={entity.as_deref().and_then(Side::of)} />
                </Frame>
            }
        }
        Err(error) => html! {
            <Frame context={None::<HostContext>}>
                <ErrorBanner title={strings.t("app.cannot_show")} message={strings.host_error(&error)} />
            </Frame>
        },
    };
    html! {
        <ContextProvider<Rc<Strings>> context={strings.clone()}>
            <div class="lm-root" dir={strings.dir()} lang={strings.language().tag}>{ body }</div>
        </ContextProvider<Rc<Strings>>>
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
    // The rows the page drew stand in for the associations view while the maps render.
    let both = view.shows_associations() && view.shows_maps();
    let drawn = (*use_drawn(true, || both.then(drawn_rows::take_section).flatten())).clone();
    let associations = match (view.shows_associations(), drawn, side) {
        (false, _, _) => Html::default(),
        (true, Some(drawn), _) => Html::VRef(drawn),
        (true, None, Some(side)) => html! { <AssociationsView context={context.clone()} {side} /> },
        (true, None, None) => {
            html! { <NotContactOrLead entity={context.params.entity.to_string()} /> }
        }
    };
    html! {
        <ContextProvider<Client> context={client}>
            <Frame context={Some(context.clone())}>
                { associations }
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
