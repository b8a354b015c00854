//! The first rows the page's script drew before the app (see `crate::early_page`).
//!
//! Mounting clears the page's placeholder, but what the script drew is kept:
//! the whole drawn associations section stands in for the associations view
//! ([`take_section`], in `LazyAssociationsView`) until the view's code is
//! there and, with the entity maps below, the maps are complete and painted:
//! the app's first render goes to the maps, which are not on screen yet. The
//! drawn controls stay disabled until the app's own replace them.

use std::cell::RefCell;
use std::time::Duration;

use futures::future::select;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::perf;

/// How long the drawn rows wait for the entity maps at most.
pub const HOLD_AT_MOST: Duration = Duration::from_millis(600);

thread_local! {
    static SECTION: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Rows drawn this recently may not have been painted yet.
#[cfg(target_arch = "wasm32")]
const PAINTED_AFTER_MS: f64 = 100.0;

/// Whether the app should let the browser paint the rows the page's script
/// just drew before its first render: when that render takes its time, on a
/// first open. A page the browser had kept (the form opened before) comes
/// with the wasm's compiled code kept too, and the first render is quick:
/// mounting at once then shows the whole view a layout and paint sooner.
#[cfg(target_arch = "wasm32")]
pub fn paint_first(root: &web_sys::Element) -> bool {
    drawn_just_now(root) && !page_was_kept()
}

/// Whether this document came from the browser's HTTP cache.
#[cfg(target_arch = "wasm32")]
fn page_was_kept() -> bool {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return false;
    };
    performance
        .get_entries_by_type("navigation")
        .get(0)
        .dyn_into::<web_sys::PerformanceResourceTiming>()
        .is_ok_and(|page| page.transfer_size() == 0.0 && page.decoded_body_size() > 0.0)
}

/// Whether the page's script drew rows in `root` so recently that the
/// browser may not have painted them yet.
#[cfg(target_arch = "wasm32")]
fn drawn_just_now(root: &web_sys::Element) -> bool {
    let drawn = root.query_selector(".lm-early").ok().flatten().is_some();
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return drawn;
    };
    let marks = performance.get_entries_by_name(perf::FIRST_ROWS);
    let drawn_at = marks
        .get(0)
        .dyn_into::<web_sys::PerformanceEntry>()
        .map_or(f64::NEG_INFINITY, |mark| mark.start_time());
    drawn && performance.now() - drawn_at < PAINTED_AFTER_MS
}

/// Keep the drawn associations section of the page's placeholder in `root`,
/// if it has rows.
#[cfg(target_arch = "wasm32")]
pub fn keep(root: &web_sys::Element) {
    let section = root.query_selector(".lm-early .lm-section").ok().flatten();
    let has_rows = root
        .query_selector(".lm-early tbody")
        .ok()
        .flatten()
        .is_some();
    SECTION.with(|slot| *slot.borrow_mut() = section.filter(|_| has_rows));
}

/// The drawn associations section (head and rows), given once; the
/// associations view that follows it draws its own rows.
pub fn take_section() -> Option<web_sys::Node> {
    SECTION
        .with(|slot| slot.borrow_mut().take())
        .map(Into::into)
}

/// When the app takes over from what the page drew: once the entity maps
/// below are complete (the view's last part; at most [`HOLD_AT_MOST`]) and a
/// frame has been painted.
pub async fn hand_over(maps_below: bool) {
    if maps_below {
        let maps = Box::pin(perf::marked(perf::MAPS_READY));
        let _ = select(maps, Box::pin(yew::platform::time::sleep(HOLD_AT_MOST))).await;
    }
    let _ = JsFuture::from(after_next_paint()).await;
}

/// Resolves once the browser has painted a frame (an animation frame, then a
/// task), or after 100 ms (a hidden frame gets no animation frames).
pub fn after_next_paint() -> js_sys::Promise {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 100);
        let frame = Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback(resolve.unchecked_ref());
            }
        });
        let _ = window.request_animation_frame(frame.unchecked_ref());
    })
}
