//! A value once it has stopped changing: what a search box asks the service
//! for while the user is still typing.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Typing pauses this long before a search box asks the service.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// `value` once it has stayed the same for `delay` (at once the first time).
#[hook]
pub fn use_debounced<T: Clone + PartialEq + 'static>(value: T, delay: Duration) -> T {
    let settled = use_state(|| value.clone());
    {
        let settled = settled.clone();
        use_effect_with(value, move |value| {
            let superseded = Rc::new(Cell::new(false));
            if *value != *settled {
                let (value, superseded) = (value.clone(), superseded.clone());
                spawn_local(async move {
                    yew::platform::time::sleep(delay).await;
                    if !superseded.get() {
                        settled.set(value);
                    }
                });
            }
            move || superseded.set(true)
        });
    }
    (*settled).clone()
}
