//! One hook per view's data: a pure `State`/`Action` reducer and the effects
//! that call the API client (and abort its requests when the view goes away).

pub mod associations_state;
pub mod relationship;
mod use_associations;

pub use use_associations::{associations_query, search_candidates, use_associations, Associations};
