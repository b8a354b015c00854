//! When to try a failed request again, as pure functions: Dataverse's
//! service protection limits answer 429 with `Retry-After`; 503 may carry it
//! too; reads also survive a dropped connection or a gateway hiccup.

use std::time::{Duration, UNIX_EPOCH};

/// Whether a request may be sent twice without harm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// GET.
    Read,
    /// Associate, disassociate: never retried blindly on network errors or
    /// 5xx (the first may have landed), only when the service said "not now".
    Write,
}

/// What went wrong with one attempt, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    Status {
        status: u16,
        retry_after_secs: Option<u32>,
    },
    Network,
    Timeout,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Never wait more than this in all before giving up.
    pub max_total_wait_ms: u32,
    /// First backoff for reads without a `Retry-After`; doubles each time.
    pub base_backoff_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            max_total_wait_ms: 30_000,
            base_backoff_ms: 400,
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt `attempts_made + 1`, or None to give up.
    /// `jitter` is a random number in [0, 1).
    pub fn delay_ms(
        &self,
        verb: Verb,
        failure: Failure,
        attempts_made: u32,
        waited_ms: u32,
        jitter: f64,
    ) -> Option<u32> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        let backoff = || {
            let exp = self
                .base_backoff_ms
                .saturating_mul(1 << (attempts_made - 1).min(10));
            exp + (f64::from(exp) * 0.5 * jitter.clamp(0.0, 1.0)) as u32
        };
        let delay = match (failure, verb) {
            (
                Failure::Status {
                    status: 429 | 503,
                    retry_after_secs: Some(secs),
                },
                _,
            ) => secs.saturating_mul(1000),
            (Failure::Status { status: 429, .. }, _) => backoff(),
            (
                Failure::Status {
                    status: 502..=504, ..
                }
                | Failure::Network,
                Verb::Read,
            ) => backoff(),
            _ => return None,
        };
        (waited_ms.saturating_add(delay) <= self.max_total_wait_ms).then_some(delay)
    }
}

/// `Retry-After` as seconds from now: delta-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u32> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u32>() {
        return Some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let at_ms = at
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as f64;
    Some(((at_ms - now_ms).max(0.0) / 1000.0).ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max_attempts: 4,
        max_total_wait_ms: 30_000,
        base_backoff_ms: 400,
    };

    fn status(status: u16, retry_after_secs: Option<u32>) -> Failure {
        Failure::Status {
            status,
            retry_after_secs,
        }
    }

    #[test]
    fn throttling_waits_as_long_as_the_service_asks_for_reads_and_writes() {
        assert_eq!(
            P.delay_ms(Verb::Read, status(429, Some(2)), 1, 0, 0.0),
            Some(2000)
        );
        assert_eq!(
            P.delay_ms(Verb::Write, status(429, Some(2)), 1, 0, 0.0),
            Some(2000)
        );
        assert_eq!(
            P.delay_ms(Verb::Write, status(503, Some(1)), 1, 0, 0.0),
            Some(1000)
        );
    }

    #[test]
    fn gives_up_after_the_attempt_cap_or_the_total_wait() {
        assert_eq!(
            P.delay_ms(Verb::Read, status(429, Some(2)), 4, 0, 0.0),
            None
        );
        assert_eq!(
            P.delay_ms(Verb::Read, status(429, Some(40)), 1, 0, 0.0),
            None
        );
        assert_eq!(
            P.delay_ms(Verb::Read, status(429, Some(5)), 2, 26_000, 0.0),
            None
        );
    }

    #[test]
    fn reads_back_off_with_jitter_on_network_and_gateway_errors() {
        assert_eq!(
            P.delay_ms(Verb::Read, Failure::Network, 1, 0, 0.0),
            Some(400)
        );
        assert_eq!(
            P.delay_ms(Verb::Read, status(502, None), 2, 0, 0.0),
            Some(800)
        );
        assert_eq!(
            P.delay_ms(Verb::Read, status(504, None), 3, 0, 0.99),
            Some(1600 + 792)
        );
    }

    #[test]
    fn writes_are_not_retried_blindly() {
        assert_eq!(P.delay_ms(Verb::Write, Failure::Network, 1, 0, 0.0), None);
        assert_eq!(P.delay_ms(Verb::Write, status(502, None), 1, 0, 0.0), None);
        assert_eq!(P.delay_ms(Verb::Write, status(503, None), 1, 0, 0.0), None);
    }

    #[test]
    fn client_errors_and_timeouts_are_final() {
        for s in [400, 401, 403, 404, 412, 500] {
            assert_eq!(
                P.delay_ms(Verb::Read, status(s, None), 1, 0, 0.0),
                None,
                "{s}"
            );
        }
        assert_eq!(P.delay_ms(Verb::Read, Failure::Timeout, 1, 0, 0.0), None);
    }

    #[test]
    fn parses_retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after(" 12 ", 0.0), Some(12));
        // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s.
        let now = 784_111_770_000.0;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(7)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 60_000.0),
            Some(0)
        );
        assert_eq!(parse_retry_after("soon", 0.0), None);
    }
}
