//! One hook per view's data: plain state (a pure reducer where it has rules)
//! and the loads that call the API client, started in the render that needs
//! them and aborted when they are superseded or the view goes away
//! (`loadable.rs`).

pub mod associations_state;
pub mod entity_map_details;
mod loadable;
mod lowercase;
pub mod mapping_checks;
pub mod relationship;
mod use_after;
mod use_associations;
mod use_client;
mod use_debounced;
mod use_drawn;
mod use_entity_maps;
mod use_export;
mod use_mapping_checks;
mod use_online;
mod use_qualification;
mod use_strings;
mod use_write_access;

pub use loadable::{Loadable, Reload};
pub use use_after::use_after;
pub use use_associations::{use_associations, use_candidates, Associations};
pub use use_client::use_client;
pub use use_debounced::{use_debounced, SEARCH_DEBOUNCE};
pub use use_drawn::use_drawn;
pub use use_entity_maps::{
    use_entity_labels, use_entity_map_details, use_entity_map_list, use_initialize_from,
    MapDetails, MapList, MapSummary, Preview, SHOWN_FIRST,
};
pub use use_export::{file_stem, use_export, ExportRequest, ExportState};
pub use use_mapping_checks::{use_mapping_checks, MapChecks};
pub use use_online::use_online;
pub use use_qualification::{use_qualification, QualifyTarget, QUALIFY_TARGETS};
pub use use_strings::use_strings;
pub use use_write_access::{use_write_access, WriteAccess};
