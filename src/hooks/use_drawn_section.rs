//! The associations section the page's script drew, standing in for the
//! associations view while the entity maps render (see `crate::drawn_rows`).

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::drawn_rows;

/// The drawn section to show in place of the associations view, when the
/// page drew one and `maps_below`; None once the view is to render (the maps
/// complete and painted, or [`drawn_rows::HOLD_AT_MOST`]).
#[hook]
pub fn use_drawn_section(maps_below: bool) -> Option<web_sys::Node> {
    let drawn = use_state(|| maps_below.then(drawn_rows::take_section).flatten());
    {
        let drawn = drawn.clone();
        use_effect_with((), move |_| {
            if drawn.is_some() {
                spawn_local(async move {
                    drawn_rows::hand_over(true).await;
                    drawn.set(None);
                });
            }
        });
    }
    (*drawn).clone()
}
