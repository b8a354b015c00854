//! What the model-driven form hands to the web resource: the PassParams query
//! string, the custom `data` options and, when the page sits in a form, the
//! parent's Client API (`Xrm`).
//!
//! Parsing is pure and native-testable ([`query`], [`options`]); only [`xrm`]
//! touches the browser.

mod error;
pub mod options;
pub mod query;
pub mod xrm;

pub use error::HostError;
pub use options::{Options, ViewChoice};
pub use query::{EntityName, FormParams, RecordId};

/// Everything LeadMap knows about where it runs, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct HostContext {
    pub params: FormParams,
    /// Base URL of the organization, without a trailing slash, e.g.
    /// `https://contoso.crm.dynamics.com`. Web API paths are appended to it.
    pub client_url: String,
    /// The user's UI language (LCID): from `Xrm` when present, else `userlcid`.
    pub user_lcid: u32,
    /// The form's type (`formContext.ui.getFormType()`), when a form says.
    pub form_type: Option<u8>,
    /// The user's id (`userSettings.userId`), when a form says.
    pub user_id: Option<String>,
    /// The record's name (`getPrimaryAttributeValue()`), when a form says.
    pub record_name: Option<String>,
}

impl HostContext {
    /// Combine the form's query string with what the parent `Xrm` (if any) says.
    pub fn new(params: FormParams, xrm: Option<&xrm::XrmInfo>, page_origin: &str) -> Self {
        let client_url = xrm
            .and_then(|x| x.client_url.clone())
            .unwrap_or_else(|| page_origin.to_owned());
        let user_lcid = xrm
            .and_then(|x| x.language_id)
            .or(params.user_lcid)
            .unwrap_or(options::DEFAULT_LCID);
        Self {
            params,
            client_url: client_url.trim_end_matches('/').to_owned(),
            user_lcid,
            form_type: xrm.and_then(|x| x.form_type),
            user_id: xrm.and_then(|x| x.user_id.clone()),
            record_name: xrm.and_then(|x| x.record_name.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Result<FormParams, HostError> {
        query::parse_form_params(
            "?typename=contact&id=%7B6B7E0F2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B%7D&userlcid=1036",
        )
    }

    #[test]
    fn falls_back_to_page_origin_and_query_language_without_xrm() -> Result<(), HostError> {
        let ctx = HostContext::new(params()?, None, "http://127.0.0.1:8080");
        assert_eq!(ctx.client_url, "http://127.0.0.1:8080");
        assert_eq!(ctx.user_lcid, 1036);
        Ok(())
    }

    #[test]
    fn prefers_xrm_client_url_and_language() -> Result<(), HostError> {
        let xrm = xrm::XrmInfo {
            client_url: Some("https://contoso.crm.dynamics.com/".into()),
            language_id: Some(1033),
            ..xrm::XrmInfo::default()
        };
        let ctx = HostContext::new(params()?, Some(&xrm), "https://ignored");
        assert_eq!(ctx.client_url, "https://contoso.crm.dynamics.com");
        assert_eq!(ctx.user_lcid, 1033);
        Ok(())
    }
}
