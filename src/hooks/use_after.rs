//! Time passing in a view: whether a while has gone by since it appeared.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// False until `delay` after the first render, then true.
#[hook]
pub fn use_after(delay: Duration) -> bool {
    let passed = use_state(|| false);
    {
        let passed = passed.clone();
        use_effect_with((), move |_| {
            let gone = Rc::new(Cell::new(false));
            let still_here = gone.clone();
            spawn_local(async move {
                yew::platform::time::sleep(delay).await;
                if !still_here.get() {
                    passed.set(true);
                }
            });
            move || gone.set(true)
        });
    }
    *passed
}
