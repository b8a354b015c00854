//! LeadMap's own options, carried in the form's custom `data` parameter
//! (the web resource's "Custom Parameter (data)" box), e.g. `view=maps&pagesize=50`.

use super::query::echo;
use super::HostError;

pub const DEFAULT_LCID: u32 = 1033;
pub const DEFAULT_PAGE_SIZE: u32 = 25;
/// Dataverse caps `odata.maxpagesize` at 5,000; a grid in a form section has
/// no use for more than a few hundred rows a page.
pub const MAX_PAGE_SIZE: u32 = 250;

pub const DEFAULT_TIMEOUT_SECS: u32 = 30;
pub const MAX_TIMEOUT_SECS: u32 = 300;

const OPTION_NAMES: [&str; 3] = ["view", "pagesize", "timeout"];

/// Which of LeadMap's views this instance shows, so a customizer can put
/// each in its own form section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewChoice {
    Associations,
    Maps,
    #[default]
    Both,
}

impl ViewChoice {
    pub fn shows_associations(self) -> bool {
        matches!(self, Self::Associations | Self::Both)
    }

    pub fn shows_maps(self) -> bool {
        matches!(self, Self::Maps | Self::Both)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub view: ViewChoice,
    pub page_size: u32,
    /// How long one request may take before LeadMap gives up on it.
    pub timeout_secs: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            view: ViewChoice::default(),
            page_size: DEFAULT_PAGE_SIZE,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
        }
    }
}

pub(crate) fn is_option_name(name: &str) -> bool {
    OPTION_NAMES.contains(&name)
}

/// Parse the decoded `data` value. `leftovers` are option pairs that spilled
/// into the outer query string because `data` was not URL-encoded; pairs
/// inside `data` take precedence.
pub fn parse_data(data: &str, leftovers: &[(String, String)]) -> Result<Options, HostError> {
    let mut options = Options::default();
    let inner: Vec<(String, String)> = form_urlencoded::parse(data.trim().as_bytes())
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    // Apply leftovers first so that values inside `data` win.
    for (name, value) in leftovers.iter().chain(inner.iter()) {
        match name.as_str() {
            "view" => options.view = parse_view(value)?,
            "pagesize" => options.page_size = parse_number(value, "pagesize", MAX_PAGE_SIZE)?,
            "timeout" => options.timeout_secs = parse_number(value, "timeout", MAX_TIMEOUT_SECS)?,
            // Unknown keys are tolerated: a later LeadMap may understand them.
            _ => {}
        }
    }
    Ok(options)
}

fn parse_view(value: &str) -> Result<ViewChoice, HostError> {
    match value.to_ascii_lowercase().as_str() {
        "associations" => Ok(ViewChoice::Associations),
        "maps" => Ok(ViewChoice::Maps),
        "both" | "" => Ok(ViewChoice::Both),
        _ => Err(HostError::InvalidOption {
            name: "view".into(),
            value: echo(value),
            hint: "Use view=associations, view=maps or view=both.",
        }),
    }
}

fn parse_number(value: &str, name: &str, max: u32) -> Result<u32, HostError> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| HostError::InvalidOption {
            name: name.into(),
            value: echo(value),
            hint: if max == MAX_PAGE_SIZE {
                "Use a whole number from 1 to 250."
            } else {
                "Use a number of seconds from 1 to 300."
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::query::parse_form_params;

    const BASE: &str = "typename=contact&id=6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    fn options(extra: &str) -> Result<Options, HostError> {
        parse_form_params(&format!("{BASE}&{extra}")).map(|p| p.options)
    }

    #[test]
    fn reads_url_encoded_data() -> Result<(), HostError> {
        let o = options("data=view%3Dmaps%26pagesize%3D50")?;
        assert_eq!(o.view, ViewChoice::Maps);
        assert_eq!(o.page_size, 50);
        Ok(())
    }

    #[test]
    fn tolerates_data_that_was_not_url_encoded() -> Result<(), HostError> {
        let o = options("data=view=associations&pagesize=10")?;
        assert_eq!(o.view, ViewChoice::Associations);
        assert_eq!(o.page_size, 10);
        Ok(())
    }

    #[test]
    fn defaults_when_data_is_absent_or_empty() -> Result<(), HostError> {
        assert_eq!(options("data=")?, Options::default());
        assert_eq!(options("other=1")?, Options::default());
        Ok(())
    }

    #[test]
    fn unknown_keys_are_ignored_and_case_is_forgiven() -> Result<(), HostError> {
        let o = options("data=VIEW%3DMaps%26future%3D1")?;
        assert_eq!(o.view, ViewChoice::Maps);
        Ok(())
    }

    #[test]
    fn bad_values_are_explained() -> Result<(), HostError> {
        assert!(matches!(
            options("data=view%3Dgrid"),
            Err(HostError::InvalidOption { ref name, .. }) if name == "view"
        ));
        for bad in ["0", "251", "-1", "ten"] {
            assert!(options(&format!("data=pagesize%3D{bad}")).is_err(), "{bad}");
        }
        assert_eq!(options("data=timeout%3D5")?.timeout_secs, 5);
        assert!(options("data=timeout%3D301").is_err());
        Ok(())
    }
}
