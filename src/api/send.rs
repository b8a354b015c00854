//! Sending one HTTP request to the Web API: the OData headers, same-origin
//! credentials, cancellation, retries as the policy says within one
//! deadline (the configured timeout is the user's wait for a view, retries
//! included, not a wait per attempt), and one throttle gate for the whole
//! client; every failure becomes one [`ApiError`].

use std::cell::Cell;
use std::time::Duration;

use futures::future::{select, Either};
use gloo_net::http::{Method, RequestBuilder};
use web_sys::{AbortController, RequestCredentials};

use super::retry::{parse_retry_after, Failure, RetryPolicy, Verb};
use super::{ApiError, Cancel};

/// Sent with every request (and by the page's early requests).
pub const ODATA_HEADERS: [(&str, &str); 3] = [
    ("Accept", "application/json"),
    ("OData-MaxVersion", "4.0"),
    ("OData-Version", "4.0"),
];

/// One request as the sender needs it.
pub struct Request<'a> {
    pub method: Method,
    pub url: &'a str,
    pub body: Option<String>,
    pub prefer: &'a str,
    pub verb: Verb,
}

pub struct Sender {
    policy: RetryPolicy,
    timeout_ms: u32,
    /// No request leaves before this time (`Date.now()`, ms): Dataverse counts
    /// service protection limits per user, so a `Retry-After` holds every
    /// request of the page, not only the one that was refused.
    not_before: Cell<f64>,
}

impl Sender {
    pub fn new(policy: RetryPolicy, timeout_ms: u32) -> Self {
        Self {
            policy,
            timeout_ms,
            not_before: Cell::new(0.0),
        }
    }

    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// Hold every request for `secs` (the service said `Retry-After`).
    pub fn hold(&self, secs: u32) {
        let until = js_sys::Date::now() + f64::from(secs) * 1000.0;
        if until > self.not_before.get() {
            self.not_before.set(until);
        }
    }

    /// The deadline of a request sent now (`Date.now()`, ms).
    pub fn deadline_from_now(&self) -> f64 {
        js_sys::Date::now() + f64::from(self.timeout_ms)
    }

    /// Send, retrying what the policy allows until the timeout; the answer's body on success.
    pub async fn send(&self, request: Request<'_>, cancel: &Cancel) -> Result<String, ApiError> {
        self.send_by(request, self.deadline_from_now(), cancel)
            .await
    }

    /// Send, retrying what the policy allows until `deadline` (`Date.now()`, ms).
    pub async fn send_by(
        &self,
        request: Request<'_>,
        deadline: f64,
        cancel: &Cancel,
    ) -> Result<String, ApiError> {
        let mut attempts = 0;
        let mut waited_ms = 0u32;
        loop {
            if self.not_before.get() > deadline {
                let secs = ((self.not_before.get() - js_sys::Date::now()) / 1000.0).ceil();
                return Err(ApiError::Throttled {
                    retry_after_secs: Some(secs.max(1.0) as u32),
                    message: String::new(),
                });
            }
            if !self.wait_for_gate(cancel).await {
                return Err(ApiError::Aborted);
            }
            let left = deadline - js_sys::Date::now();
            if left <= 0.0 {
                return Err(self.timeout_error());
            }
            attempts += 1;
            let (result, failure) = self.attempt(&request, left as u32, cancel).await;
            let Some(failure) = failure else {
                return result;
            };
            if let Failure::Status {
                status: 429 | 503,
                retry_after_secs: Some(secs),
            } = failure
            {
                self.hold(secs);
            }
            let Some(delay) = self.policy.delay_ms(
                request.verb,
                failure,
                attempts,
                waited_ms,
                js_sys::Math::random(),
            ) else {
                return result;
            };
            if js_sys::Date::now() + f64::from(delay) >= deadline {
                return result;
            }
            waited_ms += delay;
            if !sleep_unless_cancelled(delay, cancel).await {
                return Err(ApiError::Aborted);
            }
        }
    }

    /// Wait until the throttle gate opens; false when cancelled meanwhile.
    async fn wait_for_gate(&self, cancel: &Cancel) -> bool {
        loop {
            let left = self.not_before.get() - js_sys::Date::now();
            if left <= 0.0 {
                return !cancel.is_cancelled();
            }
            if !sleep_unless_cancelled(left.ceil() as u32, cancel).await {
                return false;
            }
        }
    }

    fn timeout_error(&self) -> ApiError {
        ApiError::Timeout {
            seconds: self.timeout_ms.div_ceil(1000),
        }
    }

    /// One attempt, given up after `timeout_ms`: the body or error, and what
    /// retrying needs to know.
    async fn attempt(
        &self,
        request: &Request<'_>,
        timeout_ms: u32,
        cancel: &Cancel,
    ) -> (Result<String, ApiError>, Option<Failure>) {
        if cancel.is_cancelled() {
            return (Err(ApiError::Aborted), None);
        }
        let controller = AbortController::new().ok();
        let mut builder = RequestBuilder::new(request.url)
            .method(request.method.clone())
            .credentials(RequestCredentials::SameOrigin)
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        for (name, value) in ODATA_HEADERS {
            builder = builder.header(name, value);
        }
        if !request.prefer.is_empty() {
            builder = builder.header("Prefer", request.prefer);
        }
        let built = match &request.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.clone()),
            None => builder.build(),
        };
        let built = match built {
            Ok(built) => built,
            Err(err) => {
                let error = ApiError::Network {
                    detail: err.to_string(),
                };
                return (Err(error), None);
            }
        };
        let exchange = async {
            let response = built.send().await?;
            let status = response.status();
            let retry_after = response.headers().get("Retry-After");
            // Bytes, not text: a JS string would be decoded and then encoded
            // again on its way into wasm, which costs tens of ms on a big answer.
            let body = utf8_text(response.binary().await?);
            Ok::<_, gloo_net::Error>((status, retry_after, body))
        };
        let timeout = yew::platform::time::sleep(Duration::from_millis(u64::from(timeout_ms)));
        let outcome = select(
            Box::pin(exchange),
            select(Box::pin(timeout), Box::pin(cancel.cancelled())),
        )
        .await;
        let abort = || {
            if let Some(controller) = &controller {
                controller.abort();
            }
        };
        match outcome {
            Either::Left((Ok((status, retry_after, body)), _)) => {
                if (200..300).contains(&status) {
                    return (Ok(body), None);
                }
                let retry_after_secs =
                    retry_after.and_then(|v: String| parse_retry_after(&v, js_sys::Date::now()));
                let error = ApiError::from_response(status, &body, retry_after_secs);
                let failure = Failure::Status {
                    status,
                    retry_after_secs,
                };
                (Err(error), Some(failure))
            }
            Either::Left((Err(err), _)) => {
                if cancel.is_cancelled() {
                    return (Err(ApiError::Aborted), None);
                }
                let error = ApiError::Network {
                    detail: err.to_string(),
                };
                (Err(error), Some(Failure::Network))
            }
            Either::Right((Either::Left(_), _)) => {
                abort();
                (Err(self.timeout_error()), Some(Failure::Timeout))
            }
            Either::Right((Either::Right(_), _)) => {
                abort();
                (Err(ApiError::Aborted), None)
            }
        }
    }
}

/// Sleep `ms`; false when `cancel` fired first.
async fn sleep_unless_cancelled(ms: u32, cancel: &Cancel) -> bool {
    let sleep = yew::platform::time::sleep(Duration::from_millis(u64::from(ms)));
    matches!(
        select(Box::pin(sleep), Box::pin(cancel.cancelled())).await,
        Either::Left(_)
    )
}

/// An answer's bytes as text; a malformed sequence becomes U+FFFD, as the
/// browser's own decoding does.
pub(super) fn utf8_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}
