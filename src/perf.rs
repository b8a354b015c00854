//! `performance.mark`s that the benchmarks read (`leadmap:first-rows`,
//! `leadmap:maps-ready`). Each is set once per page.

use std::cell::RefCell;
use std::collections::BTreeSet;

thread_local! {
    static MARKED: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

pub fn mark_once(name: &'static str) {
    if MARKED.with(|m| !m.borrow_mut().insert(name)) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
