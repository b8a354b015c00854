//! A value that loads: the view shows a skeleton, the data, or the error
//! with a retry.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::use_online::use_online;
use crate::api::{ApiError, Cancel};

#[derive(Clone, Debug, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

#[derive(Clone)]
pub struct Reload {
    attempt: UseStateHandle<u32>,
}

impl Reload {
    pub fn callback(&self) -> Callback<()> {
        let attempt = self.attempt.clone();
        Callback::from(move |_| attempt.set(attempt.wrapping_add(1)))
    }
}

/// Run `load` in the render where `deps` (or a retry) changes; abort it when
/// they change again or the view goes away.
#[hook]
pub fn use_loadable<T, D, F, Fut>(deps: D, load: F) -> (Loadable<T>, Reload)
where
    T: Clone + PartialEq + 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D, Cancel) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    use_loadable_or_ready(deps, || None, load)
}

/// [`use_loadable`], starting from `ready`'s value when it has one at the
/// first render (the page's early requests) instead of loading it.
#[hook]
pub fn use_loadable_or_ready<T, D, R, F, Fut>(deps: D, ready: R, load: F) -> (Loadable<T>, Reload)
where
    T: Clone + PartialEq + 'static,
    D: PartialEq + Clone + 'static,
    R: FnOnce() -> Option<T>,
    F: Fn(D, Cancel) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| ready().map_or(Loadable::Loading, Loadable::Ready));
    let attempt = use_state(|| 0u32);
    // What could not load for want of a connection loads again once it is back.
    let online = use_online();
    {
        let (state, attempt) = (state.clone(), attempt.clone());
        use_effect_with(online, move |online| {
            if *online && matches!(*state, Loadable::Failed(ApiError::Network { .. })) {
                attempt.set(attempt.wrapping_add(1));
            }
        });
    }
    let reloading = {
        let state = state.clone();
        use_keyed_load((deps.clone(), *attempt), move |first, cancel| {
            if first && *state != Loadable::Loading {
                return false; // ready with the first render
            }
            if *state != Loadable::Loading {
                state.set(Loadable::Loading);
            }
            spawn_load(state, load(deps, cancel.clone()), cancel);
            !first
        })
    };
    // A reload shows as loading from the render that starts it (the state
    // catches up in the next).
    let value = match reloading {
        Some(true) => Loadable::Loading,
        _ => (*state).clone(),
    };
    (value, Reload { attempt })
}

/// Call `start` in the render where `key` first appears or changes, with a
/// [`Cancel`] that aborts it when the key changes again or the view goes away
/// (`first`: this is the view's first render). Returns what `start` returned,
/// or None when the key is unchanged.
///
/// Loads start while rendering, not in an effect: once a render pass has run
/// for 16 ms (a first render on a modest CPU does), Yew yields to the browser
/// before it runs effects, and a layout and paint can come first. Started in
/// render, a pass's requests are on their way before that layout.
#[hook]
pub fn use_keyed_load<K, S, R>(key: K, start: S) -> Option<R>
where
    K: PartialEq + 'static,
    S: FnOnce(bool, Cancel) -> R,
{
    let current = use_mut_ref(|| None::<(K, Cancel)>);
    let first = current.borrow().is_none();
    let changed = current.borrow().as_ref().is_none_or(|(k, _)| *k != key);
    let started = changed.then(|| {
        let cancel = Cancel::new();
        if let Some((_, previous)) = current.borrow_mut().replace((key, cancel.clone())) {
            previous.cancel();
        }
        start(first, cancel)
    });
    use_effect_with((), move |_| {
        move || {
            if let Some((_, cancel)) = current.borrow().as_ref() {
                cancel.cancel();
            }
        }
    });
    started
}

fn spawn_load<T, Fut>(state: UseStateHandle<Loadable<T>>, load: Fut, cancel: Cancel)
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    spawn_local(async move {
        let result = load.await;
        if cancel.is_cancelled() {
            return; // superseded or gone: an answer that was already in is stale
        }
        match result {
            Ok(value) => state.set(Loadable::Ready(value)),
            Err(ApiError::Aborted) => {}
            Err(error) => state.set(Loadable::Failed(error)),
        }
    });
}
