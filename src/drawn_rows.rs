//! The first rows the page's script drew before the app (see `crate::early_page`).
//!
//! Mounting clears the page's placeholder, but what the script drew is kept.
//! With the entity maps below, the whole drawn associations section stands in
//! for the associations view until the maps are complete and painted
//! ([`take_section`]): the app's first render goes to the maps, which are not
//! on screen yet. Alone, the associations view's grid shows the drawn
//! `<tbody>` in its first render when it holds exactly the rows the grid
//! would render ([`take_matching`]), and its own rows after a paint. Either
//! way the drawn controls stay disabled until the app's own replace them (at
//! most [`HOLD_AT_MOST`] plus a frame after the app mounted).

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
    static DRAWN: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
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

/// Keep the drawn associations section of the page's placeholder in `root`
/// and its rows, if it has any.
#[cfg(target_arch = "wasm32")]
pub fn keep(root: &web_sys::Element) {
    let section = root.query_selector(".lm-early .lm-section").ok().flatten();
    let body = root.query_selector(".lm-early tbody").ok().flatten();
    SECTION.with(|slot| *slot.borrow_mut() = section.filter(|_| body.is_some()));
    DRAWN.with(|slot| *slot.borrow_mut() = body);
}

/// The drawn associations section (head and rows), given once; the
/// associations view that follows it draws its own rows.
pub fn take_section() -> Option<web_sys::Node> {
    DRAWN.with(|slot| slot.borrow_mut().take());
    SECTION
        .with(|slot| slot.borrow_mut().take())
        .map(Into::into)
}

/// The drawn rows if they are these records, in this order (`hrefs`, each
/// row's link), with `cells` cells per row; given once.
pub fn take_matching(hrefs: &[String], cells: u32) -> Option<web_sys::Node> {
    let body = DRAWN.with(|slot| slot.borrow_mut().take())?;
    let rows = body.children();
    if rows.length() as usize != hrefs.len() || hrefs.is_empty() {
        return None;
    }
    let same = hrefs.iter().enumerate().all(|(index, href)| {
        rows.item(index as u32).is_some_and(|row| {
            row.children().length() == cells
                && row
                    .query_selector("a[href]")
                    .ok()
                    .flatten()
                    .and_then(|link| link.get_attribute("href"))
                    .is_some_and(|drawn| drawn == *href)
        })
    });
    same.then(|| body.into())
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
