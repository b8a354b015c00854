//! The Dataverse Web API client: typed queries and resources, paging,
//! `$batch`, retries under service protection limits, and one [`ApiError`].
//! Pure parts (query, resource, batch, retry, error, types) are tested natively.

pub mod batch;
mod cancel;
mod client;
mod early_batch;
mod error;
mod json;
pub mod metadata;
pub mod query;
pub mod resource;
pub mod retry;
pub mod template;
pub mod types;

pub use cancel::Cancel;
pub use client::{Client, DEFAULT_API_VERSION, MAX_PAGES};
pub use early_batch::pending_early_answer;
pub use error::ApiError;
pub use query::{Direction, Filter, Literal, Query};
pub use resource::Resource;
