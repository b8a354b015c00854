//! One error type for everything the Web API client can meet, each with a
//! message a sales user understands. The service's own message (from the
//! documented body `{"error":{"code","message"}}`) is kept wherever it helps.

use serde::Deserialize;
use thiserror::Error;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ApiError {
    #[error("Your Dynamics 365 session has expired. Sign in again (another tab will do), then choose Try again: what you typed stays here.")]
    SessionExpired,
    #[error("You don't have permission for this. {message}")]
    NoPrivilege { message: String },
    #[error("The record was not found; it may have been deleted. {message}")]
    NotFound { message: String },
    #[error("The record was changed or already exists. {message}")]
    Conflict {
        status: u16,
        code: Option<String>,
        message: String,
    },
    #[error("Dataverse is busy right now (too many requests). {}", retry_hint(*.retry_after_secs))]
    Throttled {
        retry_after_secs: Option<u32>,
        message: String,
    },
    #[error(
        "Dataverse could not complete the request (HTTP {status}{}). {message}",
        code_suffix(code)
    )]
    Server {
        status: u16,
        code: Option<String>,
        message: String,
    },
    #[error("Dataverse can't be reached. Check your connection and try again.")]
    Network { detail: String },
    #[error("Dataverse did not answer within {}. Try again in a moment.", seconds_text(*.seconds))]
    Timeout { seconds: u32 },
    #[error("The request was cancelled.")]
    Aborted,
    #[error("Dataverse sent an answer LeadMap can't read: {detail}")]
    Decode { detail: String },
}

fn retry_hint(secs: Option<u32>) -> String {
    match secs {
        Some(s) => format!("Try again in {s} seconds."),
        None => "Try again in a moment.".into(),
    }
}

fn seconds_text(seconds: u32) -> String {
    if seconds == 1 {
        "1 second".into()
    } else {
        format!("{seconds} seconds")
    }
}

/// Dataverse's "Cannot insert duplicate key" (an association that already exists).
const DUPLICATE_KEY: &str = "0x80040237";

fn code_suffix(code: &Option<String>) -> String {
    code.as_deref()
        .map(|c| format!(", code {c}"))
        .unwrap_or_default()
}

/// The documented error body of the Dataverse Web API.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: Option<String>,
    message: Option<String>,
}

/// Longest piece of a server answer quoted in a message.
const MAX_QUOTE_CHARS: usize = 300;

impl ApiError {
    /// Map a non-success HTTP answer to an error. `retry_after_secs` is the
    /// already-parsed `Retry-After` header.
    pub fn from_response(status: u16, body: &str, retry_after_secs: Option<u32>) -> Self {
        let (code, message) = match super::json::from_str::<ErrorBody>(body) {
            Ok(ErrorBody { error }) => (
                error.code.filter(|c| !c.is_empty()),
                error.message.map(|m| shorten(&m)).unwrap_or_default(),
            ),
            Err(_) => (None, String::new()),
        };
        match status {
            401 => Self::SessionExpired,
            403 => Self::NoPrivilege { message },
            404 => Self::NotFound { message },
            409 | 412 => Self::Conflict {
                status,
                code,
                message,
            },
            429 => Self::Throttled {
                retry_after_secs,
                message,
            },
            _ => {
                let message = if message.is_empty() && looks_like_html(body) {
                    "The answer was a web page, not data.".into()
                } else {
                    message
                };
                Self::Server {
                    status,
                    code,
                    message,
                }
            }
        }
    }

    /// The write asked for what the service already holds: an association
    /// someone else made meanwhile. Its outcome is the one the user wanted.
    pub fn is_duplicate_key(&self) -> bool {
        matches!(self, Self::Conflict { code: Some(code), .. } if code.eq_ignore_ascii_case(DUPLICATE_KEY))
    }

    /// A 2xx answer whose body is not the JSON we asked for.
    pub fn decode(body: &str, reason: impl std::fmt::Display) -> Self {
        let detail = if looks_like_html(body) {
            "expected data but got a web page (perhaps a sign-in page: refresh to sign in again)."
                .into()
        } else if body.trim().is_empty() {
            "the answer was empty.".into()
        } else {
            format!("{reason}.")
        };
        Self::Decode { detail }
    }
}

fn looks_like_html(body: &str) -> bool {
    let start = body.trim_start().get(..15).unwrap_or(body.trim_start());
    let start = start.to_ascii_lowercase();
    start.starts_with("<!doctype") || start.starts_with("<html") || start.starts_with('<')
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_QUOTE_CHARS {
        text.to_owned()
    } else {
        text.chars().take(MAX_QUOTE_CHARS).chain(['…']).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTED: &str =
        r#"{"error":{"code":"0x80040217","message":"contact With Id = 8f5e… Does Not Exist"}}"#;

    #[test]
    fn maps_statuses_and_keeps_the_service_message() {
        assert_eq!(
            ApiError::from_response(401, "", None),
            ApiError::SessionExpired
        );
        assert!(matches!(
            ApiError::from_response(404, DOCUMENTED, None),
            ApiError::NotFound { message } if message.contains("Does Not Exist")
        ));
        let forbidden = ApiError::from_response(
            403,
            r#"{"error":{"code":"0x80040220","message":"Principal user is missing prvReadLead privilege"}}"#,
            None,
        );
        assert!(forbidden.to_string().contains("prvReadLead"));
        assert!(matches!(
            ApiError::from_response(412, DOCUMENTED, None),
            ApiError::Conflict { status: 412, .. }
        ));
        assert!(matches!(
            ApiError::from_response(429, "{}", Some(7)),
            ApiError::Throttled {
                retry_after_secs: Some(7),
                ..
            }
        ));
        assert!(ApiError::from_response(429, "", Some(7))
            .to_string()
            .contains("7 seconds"));
    }

    #[test]
    fn a_duplicate_key_is_told_apart_from_other_conflicts() {
        let duplicate = ApiError::from_response(
            412,
            r#"{"error":{"code":"0x80040237","message":"Cannot insert duplicate key."}}"#,
            None,
        );
        assert!(duplicate.is_duplicate_key());
        let changed = ApiError::from_response(
            412,
            r#"{"error":{"code":"0x80060882","message":"The version of the existing record doesn't match"}}"#,
            None,
        );
        assert!(!changed.is_duplicate_key());
        assert!(!ApiError::SessionExpired.is_duplicate_key());
    }

    #[test]
    fn timeouts_read_as_english() {
        assert!(ApiError::Timeout { seconds: 1 }
            .to_string()
            .contains("within 1 second."));
        assert!(ApiError::Timeout { seconds: 30 }
            .to_string()
            .contains("within 30 seconds."));
    }

    #[test]
    fn server_errors_carry_status_code_and_message() {
        let err = ApiError::from_response(
            500,
            r#"{"error":{"code":"0x80040216","message":"An unexpected error occurred."}}"#,
            None,
        );
        let text = err.to_string();
        assert!(
            text.contains("HTTP 500") && text.contains("0x80040216") && text.contains("unexpected"),
            "{text}"
        );
    }

    #[test]
    fn non_json_error_bodies_still_explain_themselves() {
        let err = ApiError::from_response(502, "<html><body>Bad gateway</body></html>", None);
        assert!(err.to_string().contains("web page"));
        let err = ApiError::from_response(500, "", None);
        assert!(matches!(err, ApiError::Server { status: 500, .. }));
    }

    #[test]
    fn decode_errors_recognise_sign_in_pages_and_empty_bodies() {
        assert!(ApiError::decode("<!DOCTYPE html><html>Sign in</html>", "x")
            .to_string()
            .contains("sign-in"));
        assert!(ApiError::decode("  ", "x").to_string().contains("empty"));
        assert!(ApiError::decode("{\"value\":", "EOF while parsing")
            .to_string()
            .contains("EOF"));
    }

    #[test]
    fn long_service_messages_are_shortened() {
        let body = format!(
            r#"{{"error":{{"code":"1","message":"{}"}}}}"#,
            "x".repeat(5000)
        );
        assert!(ApiError::from_response(400, &body, None).to_string().len() < 500);
    }
}
