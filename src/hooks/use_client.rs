//! The page's one Web API client, handed down by the app's `ContextProvider`.

use yew::prelude::*;

use crate::api::retry::RetryPolicy;
use crate::api::Client;
use crate::host::options::{DEFAULT_LCID, DEFAULT_TIMEOUT_SECS};

/// The client the app provides; a view rendered on its own (outside the app)
/// gets one for the page's origin.
#[hook]
pub fn use_client() -> Client {
    let provided = use_context::<Client>();
    let fallback = use_memo((), |_| {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        Client::with_settings(
            &origin,
            DEFAULT_LCID,
            RetryPolicy::default(),
            DEFAULT_TIMEOUT_SECS * 1000,
        )
    });
    provided.unwrap_or_else(|| (*fallback).clone())
}
