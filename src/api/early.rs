//! The first round trip, sent by `www/early_requests.js` (generated from
//! [`super::requests`], see `crate::early_page`) while the wasm still
//! downloads. The page leaves `window.leadmapEarly`:
//! `{ requests: [{ url, prefer, answer: Promise, settled?, sentAt, abort() }] }`,
//! each `answer` resolving to `{ status, retryAfter, body }`, or `null` when
//! the request got no answer; `settled` holds it once it is in.
//!
//! The client takes an answer in place of its own request only for exactly
//! the same request (URL and `Prefer`), once. An answer that was in before
//! the app started is taken during the first render, so the first rows need
//! no loading state; one still on its way is awaited, within the timeout
//! counted from when it left. Anything else, an error status included, and
//! the client sends its own request, with its usual retries and messages.

use std::time::Duration;

use futures::future::{select, Either};
use js_sys::{Array, ArrayBuffer, Promise, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::send::utf8_text;

const GLOBAL: &str = "leadmapEarly";

/// The page's early answers while some are still on their way (None when
/// there are none, or all are in): the app may wait for them before mounting.
pub fn pending_early_answers() -> Option<Promise> {
    let window = web_sys::window()?;
    let early = field(&window, GLOBAL)?;
    let entries = field(&early, "requests")?.dyn_into::<Array>().ok()?;
    let pending = Array::new();
    for entry in entries.iter() {
        if field(&entry, "settled").is_none() {
            pending.push(&field(&entry, "answer")?);
        }
    }
    (pending.length() > 0).then(|| Promise::all(&pending))
}

/// Why an early answer is not used: the app sends its own request (after
/// `retry_after_secs`, when the service asked for that) by `deadline`: the
/// view's wait counts from when the early request left.
#[derive(Debug, PartialEq)]
pub struct Miss {
    pub retry_after_secs: Option<u32>,
    /// `Date.now()` ms.
    pub deadline: f64,
}

struct Entry {
    url: String,
    prefer: String,
    answer: Promise,
    settled: Option<JsValue>,
    /// When it left (`performance.now()`); 0 when the page did not say.
    sent_at: f64,
    abort: Option<js_sys::Function>,
}

pub struct Early {
    entries: Vec<Entry>,
}

/// An early request the client has claimed, with its answer still to read.
pub struct Claim {
    answer: Promise,
    settled: Option<JsValue>,
    sent_at: f64,
    abort: Option<js_sys::Function>,
}

impl Early {
    /// Take the page's early requests, if any: they answer one client at most.
    pub fn take() -> Option<Self> {
        let window = web_sys::window()?;
        let early = field(&window, GLOBAL)?;
        let _ = Reflect::delete_property(&window, &GLOBAL.into());
        let sent_at = |object: &JsValue| field(object, "sentAt").and_then(|t| t.as_f64());
        let abort = |object: &JsValue| {
            field(object, "abort").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        };
        let entries = field(&early, "requests")?
            .dyn_into::<Array>()
            .ok()?
            .iter()
            .map(|entry| {
                Some(Entry {
                    url: field(&entry, "url")?.as_string()?,
                    prefer: field(&entry, "prefer")?.as_string()?,
                    answer: field(&entry, "answer")?.dyn_into::<Promise>().ok()?,
                    settled: field(&entry, "settled"),
                    sent_at: sent_at(&entry).unwrap_or(0.0),
                    abort: abort(&entry),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { entries })
    }

    /// How long the service asked the page to wait, if an answer already in
    /// was a 429 or 503 with `Retry-After`: every request waits that long.
    pub fn retry_after_secs(&self) -> Option<u32> {
        self.entries
            .iter()
            .filter_map(|e| read_answer(e.settled.as_ref()?))
            .filter(|a| matches!(a.status, 429 | 503))
            .filter_map(|a| {
                super::retry::parse_retry_after(a.retry_after.as_deref()?, js_sys::Date::now())
            })
            .max()
    }

    /// The answer to this request if it was in before the app started and
    /// is a success.
    pub fn ready(&mut self, url: &str, prefer: &str) -> Option<String> {
        let index = self.ready_index(url, prefer)?;
        success(self.entries.swap_remove(index).settled.as_ref()?)
    }

    fn ready_index(&self, url: &str, prefer: &str) -> Option<usize> {
        self.entries.iter().position(|e| {
            e.url == url && e.prefer == prefer && e.settled.as_ref().is_some_and(succeeded)
        })
    }

    /// The early request that is exactly this one, to be read once.
    pub fn claim(&mut self, url: &str, prefer: &str) -> Option<Claim> {
        let index = self
            .entries
            .iter()
            .position(|e| e.url == url && e.prefer == prefer)?;
        let entry = self.entries.swap_remove(index);
        Some(Claim {
            answer: entry.answer,
            settled: entry.settled,
            sent_at: entry.sent_at,
            abort: entry.abort,
        })
    }
}

impl Claim {
    /// The answer's body if it succeeds within `timeout_ms` of the moment the
    /// request left (not of now: a hung early request must not hold the
    /// view back more than its timeout). One given up on is aborted.
    pub async fn answer(self, timeout_ms: u32) -> Result<String, Miss> {
        let waited = web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now() - self.sent_at);
        let left_ms = (f64::from(timeout_ms) - waited).max(0.0);
        let deadline = js_sys::Date::now() + left_ms;
        let miss = |retry_after_secs| Miss {
            retry_after_secs,
            deadline,
        };
        let settled = match self.settled {
            Some(settled) => settled,
            None => {
                let timeout = yew::platform::time::sleep(Duration::from_millis(left_ms as u64));
                match select(JsFuture::from(self.answer), Box::pin(timeout)).await {
                    Either::Left((Ok(answer), _)) => answer,
                    Either::Left((Err(_), _)) => return Err(miss(None)),
                    Either::Right(_) => {
                        if let Some(abort) = &self.abort {
                            let _ = abort.call0(&JsValue::NULL);
                        }
                        return Err(miss(None));
                    }
                }
            }
        };
        success(&settled).ok_or_else(|| {
            miss(
                read_answer(&settled)
                    .and_then(|a| a.retry_after)
                    .and_then(|v| super::retry::parse_retry_after(&v, js_sys::Date::now())),
            )
        })
    }
}

/// What the page's script made of one answer, without its body (read only
/// when it is wanted: the attribute catalogs are large).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    status: u16,
    #[serde(default)]
    retry_after: Option<String>,
}

fn read_answer(value: &JsValue) -> Option<Answer> {
    serde_wasm_bindgen::from_value(value.clone()).ok()
}

/// The body of an answer with a 2xx status (the page's script keeps it as
/// an `ArrayBuffer`: bytes are copied into wasm at once). None for anything
/// else: the app then sends the request itself.
fn success(answer: &JsValue) -> Option<String> {
    succeeded(answer).then_some(())?;
    let body = field(answer, "body")?.dyn_into::<ArrayBuffer>().ok()?;
    Some(utf8_text(Uint8Array::new(&body).to_vec()))
}

fn succeeded(answer: &JsValue) -> bool {
    read_answer(answer).is_some_and(|a| (200..300).contains(&a.status))
}

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &name.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}
