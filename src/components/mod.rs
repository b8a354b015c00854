//! Thin components: props in, callbacks out. None of them builds a URL.

mod associations;
mod dialog;
mod error_banner;
mod frame;
mod skeleton;
mod view_section;

pub use associations::AssociationsView;
pub use dialog::Dialog;
pub use error_banner::ErrorBanner;
pub use frame::Frame;
pub use skeleton::Skeleton;
pub use view_section::{ViewKind, ViewSection};
