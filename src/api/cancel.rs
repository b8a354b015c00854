//! Cancellation of in-flight requests when the view that asked for them goes
//! away: an `AbortController` the hook owns and aborts in its cleanup.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[derive(Clone, Debug)]
pub struct Cancel {
    controller: Option<AbortController>,
}

impl Default for Cancel {
    fn default() -> Self {
        Self::new()
    }
}

impl Cancel {
    pub fn new() -> Self {
        Self {
            controller: AbortController::new().ok(),
        }
    }

    /// Abort every request made with this token, now and later.
    pub fn cancel(&self) {
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted())
    }

    pub(crate) fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// Resolves once [`Cancel::cancel`] has been called.
    pub(crate) async fn cancelled(&self) {
        let Some(signal) = self.signal() else {
            return std::future::pending().await;
        };
        if signal.aborted() {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = signal.add_event_listener_with_callback_and_add_event_listener_options(
                "abort",
                resolve.unchecked_ref(),
                &options,
            );
        });
        let _ = JsFuture::from(promise).await;
    }
}
