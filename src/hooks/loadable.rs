//! A value that loads: the view shows a skeleton, the data, or the error
//! with a retry.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

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

/// Run `load` whenever `deps` (or a retry) changes; abort it when they change
/// again or the view goes away.
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
/// first render (the page's early batch) instead of loading it.
///
/// The first load starts while the first render runs, not in an effect: Yew
/// runs effects only after it has yielded to the browser for a layout and a
/// paint, and the first view's requests should be on their way meanwhile
/// (the client sends every GET made in one task together, see `Client::get`).
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
    // What the first render did, for the effect's first run to adopt: the
    // load it started (or, when the value was ready, a cancel for nothing).
    let first = use_mut_ref(|| {
        let cancel = Cancel::new();
        if *state == Loadable::Loading {
            spawn_load(state.clone(), load(deps.clone(), cancel.clone()));
        }
        Some(cancel)
    });
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let cancel = first.borrow_mut().take().unwrap_or_else(|| {
                let cancel = Cancel::new();
                state.set(Loadable::Loading);
                spawn_load(state, load(deps.clone(), cancel.clone()));
                cancel
            });
            move || cancel.cancel()
        });
    }
    ((*state).clone(), Reload { attempt })
}

fn spawn_load<T, Fut>(state: UseStateHandle<Loadable<T>>, load: Fut)
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    spawn_local(async move {
        match load.await {
            Ok(value) => state.set(Loadable::Ready(value)),
            Err(ApiError::Aborted) => {}
            Err(error) => state.set(Loadable::Failed(error)),
        }
    });
}
