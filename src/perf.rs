//! `performance.mark`s that the benchmarks read (`leadmap:started`,
//! `leadmap:first-rows`, `leadmap:maps-ready`). Each is set once per page:
//! the page's early script may have set `leadmap:first-rows` already, when
//! it drew the first rows before the app started.

use std::cell::RefCell;
use std::future::Future;

use futures::channel::oneshot;

thread_local! {
    static MARKED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    static WAITING: RefCell<Vec<(&'static str, oneshot::Sender<()>)>> = const { RefCell::new(Vec::new()) };
}

/// The wasm is instantiated. The app mounts now, or once the page's early
/// answer is in (at most 1 s later) when it is still on its way.
pub const STARTED: &str = "leadmap:started";

/// The first page of associations is on screen (drawn by the page's script or the app).
pub const FIRST_ROWS: &str = "leadmap:first-rows";

/// The entity maps are complete: the first map's details, or the message
/// that there are none.
pub const MAPS_READY: &str = "leadmap:maps-ready";

pub fn mark_once(name: &'static str) {
    if MARKED.with(|marked| marked.borrow().contains(&name)) {
        return;
    }
    MARKED.with(|marked| marked.borrow_mut().push(name));
    let waiting = WAITING.with(|waiting| std::mem::take(&mut *waiting.borrow_mut()));
    let (now, later): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|(n, _)| *n == name);
    WAITING.with(|waiting| waiting.borrow_mut().extend(later));
    for (_, sender) in now {
        let _ = sender.send(());
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        if performance.get_entries_by_name(name).length() == 0 {
            let _ = performance.mark(name);
        }
    }
}

/// Resolves once the app has set the mark `name` (at once if it has).
pub fn marked(name: &'static str) -> impl Future<Output = ()> {
    let receiver = if MARKED.with(|marked| marked.borrow().contains(&name)) {
        None
    } else {
        let (sender, receiver) = oneshot::channel();
        WAITING.with(|waiting| waiting.borrow_mut().push((name, sender)));
        Some(receiver)
    };
    async move {
        if let Some(receiver) = receiver {
            let _ = receiver.await;
        }
    }
}
