//! What the page's script drew, held until the app takes over from it (see
//! `crate::drawn_rows`): the associations section while the entity maps
//! render, or the grid's first rows.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::drawn_rows;

/// `take`'s value from the first render on, None once the app takes over:
/// after the entity maps below (when `maps_below`) are complete, at most
/// [`drawn_rows::HOLD_AT_MOST`], and a frame is painted.
#[hook]
pub fn use_drawn<T, F>(maps_below: bool, take: F) -> UseStateHandle<Option<T>>
where
    T: 'static,
    F: FnOnce() -> Option<T>,
{
    let drawn = use_state(take);
    {
        let drawn = drawn.clone();
        use_effect_with((), move |_| {
            if drawn.is_some() {
                spawn_local(async move {
                    drawn_rows::hand_over(maps_below).await;
                    drawn.set(None);
                });
            }
        });
    }
    drawn
}
