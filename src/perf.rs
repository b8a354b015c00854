//! `performance.mark`s that the benchmarks read (`leadmap:started`,
//! `leadmap:first-rows`, `leadmap:maps-ready`). Each is set once per page:
//! the page's early script may have set `leadmap:first-rows` already, when
//! it drew the first rows before the app started.

use std::cell::RefCell;

thread_local! {
    static MARKED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// The wasm is instantiated. The app mounts now, or once the page's early
/// answer is in (at most 1 s later) when it is still on its way.
pub const STARTED: &str = "leadmap:started";

pub fn mark_once(name: &'static str) {
    if MARKED.with(|marked| marked.borrow().contains(&name)) {
        return;
    }
    MARKED.with(|marked| marked.borrow_mut().push(name));
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        if performance.get_entries_by_name(name).length() == 0 {
            let _ = performance.mark(name);
        }
    }
}
