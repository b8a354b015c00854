//! The associations view as the app places it. Built with the `split`
//! feature (the pages Trunk and the packager build), the view's code is a
//! wasm chunk of its own, fetched when the app starts and shown once it is
//! there: the entity maps, which complete the first view, need none of it,
//! and the first rows are on screen already (drawn by the page's script).
//! Without the feature (tests, native builds) the view is there at once.

use yew::prelude::*;

use super::{AssociationsView, AssociationsViewProps};
use crate::components::{ErrorBanner, Skeleton};
use crate::drawn_rows;
use crate::hooks::relationship::Side;
use crate::hooks::{use_drawn, use_strings};
use crate::host::HostContext;

/// The view's render function, from wherever its code is.
type Render = fn(&AssociationsViewProps) -> Html;

fn render(props: &AssociationsViewProps) -> Html {
    html! { <AssociationsView context={props.context.clone()} side={props.side} /> }
}

#[cfg(feature = "split")]
type LoadError = wasm_split_helpers::SplitLoaderError;

/// The only reference to [`render`], so that `wasm-split` moves it, and all
/// the code only it reaches, into the chunk `associations`.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(associations, fallible)]
fn load() -> Result<Render, LoadError> {
    Ok(render)
}

#[cfg(not(feature = "split"))]
type LoadError = std::convert::Infallible;

#[cfg(not(feature = "split"))]
async fn load() -> Result<Render, LoadError> {
    Ok(render)
}

#[derive(Properties, PartialEq)]
pub struct LazyAssociationsViewProps {
    pub context: HostContext,
    pub side: Side,
    /// Whether the entity maps are shown below: what the page drew then
    /// stays until they are complete.
    pub maps_below: bool,
}

#[function_component(LazyAssociationsView)]
pub fn lazy_associations_view(props: &LazyAssociationsViewProps) -> Html {
    let strings = use_strings();
    // What the page's script drew stands in until the hand-over and the view's code are both done.
    let drawn = use_memo((), |_| drawn_rows::take_section());
    let holding = use_drawn(props.maps_below, || (*drawn).clone()).is_some();
    let loaded = use_state(|| None::<Result<Render, LoadError>>);
    let attempt = use_state(|| 0_u32);
    {
        let loaded = loaded.clone();
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move { loaded.set(Some(load().await)) });
        });
    }
    let set = props.side.related_set();
    // The section's frame and title around what shows until the view is there.
    let section = |content: Html| {
        html! {
            <section class="lm-section" aria-labelledby="lm-associations-title">
                <div class="lm-section__head">
                    <h2 class="lm-section__title" id="lm-associations-title">
                        { strings.t(&format!("associations.title.{set}")) }
                    </h2>
                </div>
                { content }
            </section>
        }
    };
    let stand_in = || match &*drawn {
        Some(node) => Html::VRef(node.clone()),
        None => section(html! { <Skeleton what={strings.t(&format!("loading.{set}"))} /> }),
    };
    match &*loaded {
        _ if holding => stand_in(),
        Some(Ok(render)) => render(&AssociationsViewProps {
            context: props.context.clone(),
            side: props.side,
        }),
        #[allow(unreachable_patterns)]
        Some(Err(_)) => {
            let retry = {
                let (loaded, attempt) = (loaded.clone(), attempt.clone());
                Callback::from(move |_| {
                    loaded.set(None);
                    attempt.set(*attempt + 1);
                })
            };
            section(html! {
                <ErrorBanner title={strings.t(&format!("associations.load_failed.{set}"))}
                    message={strings.t("error.network")} on_retry={retry} />
            })
        }
        None => stand_in(),
    }
}
