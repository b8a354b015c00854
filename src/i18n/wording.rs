//! What the layers below report, worded in the user's language: errors
//! (what the service said, already in the user's language, follows
//! LeadMap's words) and previewed values.

use super::Strings;
use crate::api::ApiError;
use crate::hooks::entity_map_details::PreviewValue;
use crate::host::options::{MAX_PAGE_SIZE, MAX_TIMEOUT_SECS};
use crate::host::HostError;

impl Strings {
    pub fn api_error(&self, error: &ApiError) -> String {
        let with = |id: &str, message: &str| join(self.t(id), message);
        match error {
            ApiError::SessionExpired => self.t("error.session_expired"),
            ApiError::NoPrivilege { message } => with("error.no_privilege", message),
            ApiError::NotFound { message } => with("error.not_found", message),
            ApiError::Conflict { message, .. } => with("error.conflict", message),
            ApiError::Throttled {
                retry_after_secs: Some(secs),
                ..
            } => self.n("error.throttled_for", u64::from(*secs), &[]),
            ApiError::Throttled { .. } => self.t("error.throttled"),
            ApiError::Server {
                status,
                code,
                message,
            } => {
                let status = match code {
                    Some(code) => format!("HTTP {status}, {code}"),
                    None => format!("HTTP {status}"),
                };
                with(
                    "error.server",
                    &self.f("error.server_status", &[("status", &status)]),
                ) + &optional(message)
            }
            ApiError::Network { .. } => self.t("error.network"),
            ApiError::Timeout { seconds } => self.n("error.timeout", u64::from(*seconds), &[]),
            ApiError::Aborted => self.t("error.aborted"),
            ApiError::Decode { detail } => with("error.decode", detail),
        }
    }

    /// A previewed value in words.
    pub fn preview(&self, value: &PreviewValue) -> String {
        match value {
            PreviewValue::Text(text) => text.clone(),
            PreviewValue::Yes => self.t("preview.yes"),
            PreviewValue::No => self.t("preview.no"),
            PreviewValue::ThisRecord => self.t("preview.this_record"),
            PreviewValue::Linked(Some(entity)) => self.t(&format!("preview.linked.{entity}")),
            PreviewValue::Linked(None) => self.t("preview.linked_record"),
        }
    }

    pub fn host_error(&self, error: &HostError) -> String {
        match error {
            HostError::MissingId => self.t("host.missing_id"),
            HostError::InvalidId(id) => self.f("host.invalid_id", &[("id", id)]),
            HostError::MissingTypeName => self.t("host.missing_typename"),
            HostError::InvalidTypeName(name) => self.f("host.invalid_typename", &[("name", name)]),
            HostError::InvalidOption { name, value, .. } => {
                let hint = match name.as_str() {
                    "view" => self.t("host.hint.view"),
                    "pagesize" => self.f("host.hint.pagesize", &[("max", &MAX_PAGE_SIZE)]),
                    _ => self.f("host.hint.timeout", &[("max", &MAX_TIMEOUT_SECS)]),
                };
                let text = self.f("host.invalid_option", &[("name", name), ("value", value)]);
                join(text, &hint)
            }
        }
    }
}

fn join(ours: String, theirs: &str) -> String {
    ours + &optional(theirs)
}

fn optional(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        String::new()
    } else {
        format!(" {text}")
    }
}
