//! The first rows the page's script drew before the app (see `crate::early_page`).
//!
//! Mounting clears the page's placeholder, but the drawn rows' `<tbody>` is
//! kept: the grid's first render shows that very node when it holds exactly
//! the rows the grid would render, and the grid renders its own rows one
//! painted frame later. The first render, which also draws the entity maps,
//! is then spared creating a page of rows that is already on screen; the
//! drawn rows' controls stay disabled until the grid's own replace them.

use std::cell::RefCell;

thread_local! {
    static DRAWN: RefCell<Option<web_sys::Element>> = const { RefCell::new(None) };
}

/// Keep the drawn rows of the page's placeholder in `root`, if it has any.
#[cfg(target_arch = "wasm32")]
pub fn keep(root: &web_sys::Element) {
    let body = root.query_selector(".lm-early tbody").ok().flatten();
    DRAWN.with(|slot| *slot.borrow_mut() = body);
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
