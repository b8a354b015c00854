//! The first round trip, started by `www/early_batch.js` before the wasm has
//! even downloaded. The page leaves `window.leadmapEarlyBatch`:
//! `{ requests: [[url, prefer], …], batch: bool, answer: Promise, settled? }`,
//! where the promise resolves to `{ status, contentType, body }` (or `null`
//! when the request never got an answer), and `settled` holds that answer once
//! it is in.
//!
//! The client takes an answer in place of its own request only when it asks
//! for exactly the same one (same URL, same `Prefer`). An answer that was in
//! before the app started can be taken at once, during the first render, so
//! the first rows need no loading state at all; otherwise the client's first
//! flush takes the rest, waiting for the answer if need be. Anything else, an
//! error status included, and the client sends its own requests, with its
//! usual retries and error messages.

use std::time::Duration;

use futures::future::{select, Either};
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::batch::{self, BatchPart};
use super::ApiError;

const GLOBAL: &str = "leadmapEarlyBatch";

type Request = (String, String);

/// The page's early answer while it is still on its way (None when there is
/// none, or it is already in).
pub fn pending_early_answer() -> Option<Promise> {
    let window = web_sys::window()?;
    let value = field(&window, GLOBAL)?;
    if field(&value, "settled").is_some() {
        return None;
    }
    field(&value, "answer")?.dyn_into::<Promise>().ok()
}

pub struct EarlyBatch {
    requests: Vec<Request>,
    batch: bool,
    answer: Promise,
    /// When the request left (`performance.now()`); 0 when the page did not say.
    sent_at: f64,
    /// Drops the request when the app stops waiting for it.
    abort: Option<js_sys::Function>,
    /// Each request's answer when the page had it before the app started;
    /// None once taken.
    ready: Option<Vec<Option<Result<String, ApiError>>>>,
}

impl EarlyBatch {
    /// Take the page's early batch, if any: it answers one client at most.
    pub fn take() -> Option<Self> {
        let window = web_sys::window()?;
        let value = field(&window, GLOBAL)?;
        let _ = Reflect::delete_property(&window, &GLOBAL.into());
        let requests = field(&value, "requests")?
            .dyn_into::<Array>()
            .ok()?
            .iter()
            .map(|pair| {
                let pair = pair.dyn_into::<Array>().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect::<Option<Vec<_>>>()?;
        let batch = field(&value, "batch")?.as_bool()?;
        let answer = field(&value, "answer")?.dyn_into::<Promise>().ok()?;
        let ready = field(&value, "settled")
            .and_then(|settled| answers(&settled, batch, requests.len()))
            .map(|answers| answers.into_iter().map(Some).collect());
        let sent_at = field(&value, "sentAt")
            .and_then(|t| t.as_f64())
            .unwrap_or(0.0);
        let abort = field(&value, "abort").and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        Some(Self {
            requests,
            batch,
            answer,
            sent_at,
            abort,
            ready,
        })
    }

    /// The answer to `request` if it was in before the app started and is a
    /// success (an error goes the usual way, with its retries and message).
    pub fn take_ready(&mut self, request: &Request) -> Option<String> {
        let ready = self.ready.as_mut()?;
        let index = self
            .requests
            .iter()
            .zip(ready.iter())
            .position(|(r, answer)| r == request && matches!(answer, Some(Ok(_))))?;
        match ready.get_mut(index)?.take() {
            Some(Ok(body)) => Some(body),
            _ => None,
        }
    }

    /// The answers to `wanted`, in their order, when the requests not yet
    /// taken are exactly `wanted` and the answer came within `timeout_ms` of
    /// the moment the early request left, not of now: a hung early request
    /// must not hold the app's own requests back a full timeout. One it gives
    /// up on is aborted.
    pub async fn answers_for(
        self,
        wanted: &[Request],
        timeout_ms: u32,
    ) -> Option<Vec<Result<String, ApiError>>> {
        let open: Vec<usize> = match &self.ready {
            Some(ready) => (0..self.requests.len())
                .filter(|&i| matches!(ready.get(i), Some(Some(_))))
                .collect(),
            None => (0..self.requests.len()).collect(),
        };
        let open_requests: Vec<Request> = open
            .iter()
            .filter_map(|&i| self.requests.get(i).cloned())
            .collect();
        let order = matching_order(&open_requests, wanted)?;
        let mut answers = match self.ready {
            Some(ready) => ready,
            None => {
                let answer = JsFuture::from(self.answer);
                let waited = web_sys::window()
                    .and_then(|w| w.performance())
                    .map_or(0.0, |p| p.now() - self.sent_at);
                let left_ms = (f64::from(timeout_ms) - waited).max(0.0);
                let timeout = yew::platform::time::sleep(Duration::from_millis(left_ms as u64));
                let Either::Left((Ok(answer), _)) = select(answer, Box::pin(timeout)).await else {
                    if let Some(abort) = &self.abort {
                        let _ = abort.call0(&JsValue::NULL);
                    }
                    return None;
                };
                answers(&answer, self.batch, self.requests.len())?
                    .into_iter()
                    .map(Some)
                    .collect()
            }
        };
        order
            .iter()
            .map(|&i| answers.get_mut(*open.get(i)?)?.take())
            .collect()
    }
}

/// Each request's answer from the page's `{ status, contentType, body }`, or
/// None when the round trip as a whole did not succeed.
fn answers(answer: &JsValue, batch: bool, count: usize) -> Option<Vec<Result<String, ApiError>>> {
    let status = field(answer, "status")?.as_f64()?;
    if !(200.0..300.0).contains(&status) {
        return None;
    }
    let body = field(answer, "body")?.as_string()?;
    if !batch {
        return (count == 1).then(|| vec![Ok(body)]);
    }
    let content_type = field(answer, "contentType")?.as_string()?;
    let parts = batch::parse_batch_response(&content_type, &body).ok()?;
    (parts.len() == count).then(|| parts.into_iter().map(part_result).collect())
}

/// One batch part as a request's result.
pub fn part_result(BatchPart { status, body }: BatchPart) -> Result<String, ApiError> {
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(ApiError::from_response(status, &body, None))
    }
}

/// For each wanted request, the index of the same request among `sent`;
/// None unless both hold exactly the same requests.
fn matching_order(sent: &[Request], wanted: &[Request]) -> Option<Vec<usize>> {
    if sent.len() != wanted.len() {
        return None;
    }
    let mut used = vec![false; sent.len()];
    wanted
        .iter()
        .map(|request| {
            let index = (0..sent.len()).find(|&i| !used[i] && sent[i] == *request)?;
            used[index] = true;
            Some(index)
        })
        .collect()
}

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &name.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str) -> Request {
        (url.to_owned(), "odata.maxpagesize=25".to_owned())
    }

    #[test]
    fn matches_the_same_requests_in_any_order() {
        let sent = [request("a"), request("b")];
        assert_eq!(
            matching_order(&sent, &[request("b"), request("a")]),
            Some(vec![1, 0])
        );
        assert_eq!(
            matching_order(&sent, &[request("a"), request("b")]),
            Some(vec![0, 1])
        );
    }

    #[test]
    fn refuses_other_requests() {
        let sent = [request("a"), request("b")];
        assert_eq!(matching_order(&sent, &[request("a")]), None);
        assert_eq!(matching_order(&sent, &[request("a"), request("a")]), None);
        assert_eq!(matching_order(&sent, &[request("a"), request("c")]), None);
        let other_prefer = ("b".to_owned(), "odata.maxpagesize=50".to_owned());
        assert_eq!(matching_order(&sent, &[request("a"), other_prefer]), None);
    }
}
