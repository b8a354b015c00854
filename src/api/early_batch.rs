//! The first round trip, started by `www/early_batch.js` before the wasm has
//! even downloaded. The page leaves `window.leadmapEarlyBatch`:
//! `{ requests: [[url, prefer], …], batch: bool, answer: Promise }`, where the
//! promise resolves to `{ status, contentType, body }` (or `null` when the
//! request never got an answer).
//!
//! The client takes that answer in place of its own first requests only when
//! it asks for exactly the same ones (same URLs, same `Prefer`), in any order.
//! Anything else, an error status included, and it sends its own requests,
//! with its usual retries and error messages.

use std::time::Duration;

use futures::future::{select, Either};
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::batch::{self, BatchPart};
use super::ApiError;

const GLOBAL: &str = "leadmapEarlyBatch";

pub struct EarlyBatch {
    requests: Vec<(String, String)>,
    batch: bool,
    answer: Promise,
}

impl EarlyBatch {
    /// Take the page's early batch, if any: it answers one client at most.
    pub fn take() -> Option<Self> {
        let window = web_sys::window()?;
        let value = Reflect::get(&window, &GLOBAL.into()).ok()?;
        if value.is_undefined() || value.is_null() {
            return None;
        }
        let _ = Reflect::delete_property(&window, &GLOBAL.into());
        let requests = Reflect::get(&value, &"requests".into())
            .ok()?
            .dyn_into::<Array>()
            .ok()?
            .iter()
            .map(|pair| {
                let pair = pair.dyn_into::<Array>().ok()?;
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect::<Option<Vec<_>>>()?;
        let batch = Reflect::get(&value, &"batch".into()).ok()?.as_bool()?;
        let answer = Reflect::get(&value, &"answer".into())
            .ok()?
            .dyn_into::<Promise>()
            .ok()?;
        Some(Self {
            requests,
            batch,
            answer,
        })
    }

    /// The answers to `requests`, in their order, when this early batch asked
    /// for exactly them and got a usable answer within `timeout_ms`.
    pub async fn answers_for(
        self,
        requests: &[(String, String)],
        timeout_ms: u32,
    ) -> Option<Vec<Result<String, ApiError>>> {
        let order = matching_order(&self.requests, requests)?;
        let answer = JsFuture::from(self.answer);
        let timeout = yew::platform::time::sleep(Duration::from_millis(u64::from(timeout_ms)));
        let Either::Left((Ok(answer), _)) = select(answer, Box::pin(timeout)).await else {
            return None;
        };
        let status = field(&answer, "status")?.as_f64()?;
        if !(200.0..300.0).contains(&status) {
            return None;
        }
        let body = field(&answer, "body")?.as_string()?;
        let parts: Vec<Result<String, ApiError>> = if self.batch {
            let content_type = field(&answer, "contentType")?.as_string()?;
            let parts = batch::parse_batch_response(&content_type, &body).ok()?;
            if parts.len() != self.requests.len() {
                return None;
            }
            parts.into_iter().map(part_result).collect()
        } else {
            vec![Ok(body)]
        };
        order.iter().map(|&i| parts.get(i).cloned()).collect()
    }
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
fn matching_order(sent: &[(String, String)], wanted: &[(String, String)]) -> Option<Vec<usize>> {
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

    fn request(url: &str) -> (String, String) {
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
