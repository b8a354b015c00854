//! Thin components: props in, callbacks out. None of them builds a URL.

pub(crate) mod associations;
mod dialog;
mod entity_maps;
mod error_banner;
pub(crate) mod frame;
mod not_contact_or_lead;
mod perf_mark;
mod skeleton;
mod unsaved_record;

pub use associations::AssociationsView;
pub use dialog::Dialog;
pub use entity_maps::EntityMapsView;
pub use error_banner::ErrorBanner;
pub use frame::Frame;
pub use not_contact_or_lead::NotContactOrLead;
pub use perf_mark::PerfMark;
pub use skeleton::Skeleton;
pub use unsaved_record::UnsavedRecord;
