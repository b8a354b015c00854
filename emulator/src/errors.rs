//! The Dataverse error body: `{"error":{"code":"0x…","message":"…"}}`.

use serde_json::json;

/// An error answered with the documented Dataverse error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// OData URI/query errors (unknown property, syntax) carry code `0x0` on Dataverse.
    pub fn bad_query(message: impl Into<String>) -> Self {
        Self::new(400, "0x0", message)
    }

    pub fn segment_not_found(segment: &str) -> Self {
        Self::new(
            404,
            "0x8006088a",
            format!("Resource not found for the segment '{segment}'."),
        )
    }

    pub fn no_property(property: &str, type_name: &str) -> Self {
        Self::bad_query(format!(
            "Could not find a property named '{property}' on type '{type_name}'."
        ))
    }

    pub fn record_not_found(entity: &str, id: &str) -> Self {
        Self::new(
            404,
            "0x80040217",
            format!("Entity '{entity}' With Id = {id} Does Not Exist"),
        )
    }

    pub fn method_not_allowed(method: &str) -> Self {
        Self::new(
            405,
            "0x80060888",
            format!("The requested resource does not support http method '{method}'."),
        )
    }

    pub fn unsupported_message(message: &str, entity: &str) -> Self {
        Self::new(
            405,
            "0x80040800",
            format!(
                "The '{message}' method does not support entities of type '{entity}'. \
                 MessageProcessorCache returned MessageProcessor.Empty."
            ),
        )
    }

    pub fn duplicate_key() -> Self {
        Self::new(412, "0x80040237", "Cannot insert duplicate key.")
    }

    pub fn body(&self) -> serde_json::Value {
        json!({"error": {"code": self.code, "message": self.message}})
    }

    /// A default error for a status code, used by fault injection.
    pub fn for_status(status: u16) -> Self {
        let (code, message) = match status {
            400 => ("0x80040203", "Invalid argument."),
            401 => ("0x80072560", "The user is not authenticated."),
            403 => (
                "0x80040220",
                "Principal user is missing prvReadContact privilege.",
            ),
            404 => ("0x80040217", "The requested record was not found."),
            405 => (
                "0x80060888",
                "The requested resource does not support this http method.",
            ),
            412 => ("0x80040237", "Cannot insert duplicate key."),
            429 => (
                "0x80072322",
                "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
            ),
            503 => ("0x80072326", "The service is temporarily unavailable."),
            _ => ("0x80040216", "An unexpected error occurred."),
        };
        Self::new(status, code, message)
    }
}
