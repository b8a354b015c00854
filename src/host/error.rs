use thiserror::Error;

/// Why LeadMap cannot tell which record it sits on. Each message is written
/// for the customizer who placed the web resource on the form.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum HostError {
    #[error("This page was opened without a record id. Save the record first, or turn on \"Pass record object-type code and unique identifier as parameters\" in the web resource properties.")]
    MissingId,
    #[error("The record id \"{0}\" is not a valid GUID.")]
    InvalidId(String),
    #[error("This page was opened without the entity name (typename). Turn on \"Pass record object-type code and unique identifier as parameters\" in the web resource properties.")]
    MissingTypeName,
    #[error("\"{0}\" is not a valid entity logical name.")]
    InvalidTypeName(String),
    #[error("The custom parameter (data) option {name}=\"{value}\" is not understood. {hint}")]
    InvalidOption {
        name: String,
        value: String,
        hint: &'static str,
    },
}
