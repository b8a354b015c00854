//! Pure OData functions: query-string decoding, system query option parsing,
//! `$filter` parsing/evaluation and collection shaping. No HTTP, no store.

pub mod engine;
pub mod filter;
pub mod query;

pub use filter::{Expr, Literal, PropType};
pub use query::{ExpandItem, OrderBy, QueryOptions};
