//! Whether the browser is online (`navigator.onLine` and its events).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// True while the browser says it is online; changes with its `online` and
/// `offline` events.
#[hook]
pub fn use_online() -> bool {
    let online = use_state(browser_online);
    {
        let online = online.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || online.set(browser_online()));
            let window = web_sys::window();
            if let Some(window) = &window {
                for event in ["online", "offline"] {
                    let _ = window
                        .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
                }
            }
            move || {
                if let Some(window) = &window {
                    for event in ["online", "offline"] {
                        let _ = window.remove_event_listener_with_callback(
                            event,
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                }
                drop(listener);
            }
        });
    }
    *online
}
