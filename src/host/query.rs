//! The PassParams query string a model-driven form gives an HTML web resource:
//! `typename`, `type`, `id`, `orgname`, `userlcid`, `orglcid` and `data`.

use std::fmt;

use super::options::{self, Options};
use super::HostError;

/// Longest value we echo back in a message; the rest is elided so a hostile
/// query string cannot flood the UI.
const MAX_ECHO_CHARS: usize = 80;

/// A record id, normalised to the lowercase hyphenated form the Web API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    /// Accepts what forms and users write: `{6B7E…}`, `6b7e…`, with or without braces.
    pub fn parse(raw: &str) -> Result<Self, HostError> {
        let trimmed = raw.trim();
        // uuid also accepts `urn:uuid:` and 32-hex "simple" forms; a form never
        // sends those, so insist on the hyphenated shape, braces optional.
        let bare = trimmed
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or(trimmed);
        if bare.len() != 36 {
            return Err(HostError::InvalidId(echo(raw)));
        }
        uuid::Uuid::try_parse(bare)
            .map(Self)
            .map_err(|_| HostError::InvalidId(echo(raw)))
    }
}

#[cfg(any(test, not(target_arch = "wasm32")))]
impl RecordId {
    /// A fixed id written in LeadMap's own code (tests, the early script's stand-ins).
    pub(crate) const fn from_u128(n: u128) -> Self {
        Self(uuid::Uuid::from_u128(n))
    }
}

impl<'de> serde::Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

/// An entity logical name such as `contact` or `new_project`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntityName(String);

impl EntityName {
    /// A name written in LeadMap's own code (`contacts`, `contactleads_association`):
    /// only `&'static str` gets here, never data from the page or the service.
    /// `resource::tests` checks every one LeadMap uses.
    pub fn from_code(name: &'static str) -> Self {
        Self(name.to_owned())
    }

    pub fn parse(raw: &str) -> Result<Self, HostError> {
        let valid = (1..=64).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_lowercase())
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(HostError::InvalidTypeName(echo(raw)))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntityName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The validated PassParams of one web resource instance.
#[derive(Clone, Debug, PartialEq)]
pub struct FormParams {
    pub entity: EntityName,
    pub record_id: RecordId,
    /// The entity's object type code (`type`), informational only.
    pub type_code: Option<u32>,
    pub org_name: Option<String>,
    pub user_lcid: Option<u32>,
    pub org_lcid: Option<u32>,
    pub options: Options,
}

/// Parse `location.search` (with or without the leading `?`).
pub fn parse_form_params(search: &str) -> Result<FormParams, HostError> {
    let search = search.strip_prefix('?').unwrap_or(search);
    let mut typename = None;
    let mut id = None;
    let mut type_code = None;
    let mut org_name = None;
    let mut user_lcid = None;
    let mut org_lcid = None;
    let mut data = None;
    let mut data_leftovers = Vec::new();

    // The first occurrence of a key wins, as URLSearchParams.get does.
    for (key, value) in form_urlencoded::parse(search.as_bytes()) {
        match key.as_ref() {
            "typename" => set_once(&mut typename, value.into_owned()),
            "id" => set_once(&mut id, value.into_owned()),
            "type" => set_once(&mut type_code, value.trim().parse().ok()),
            "orgname" => set_once(&mut org_name, value.into_owned()),
            "userlcid" => set_once(&mut user_lcid, parse_lcid(&value)),
            "orglcid" => set_once(&mut org_lcid, parse_lcid(&value)),
            "data" => set_once(&mut data, value.into_owned()),
            // A `data` value that was not URL-encoded (`data=view=maps&pagesize=10`)
            // spills its own pairs into the query string; keep the ones we know.
            other if options::is_option_name(other) => {
                data_leftovers.push((other.to_owned(), value.into_owned()))
            }
            _ => {}
        }
    }

    let record_id = match id.as_deref().map(str::trim) {
        None | Some("") => return Err(HostError::MissingId),
        Some(raw) => RecordId::parse(raw)?,
    };
    let entity = match typename.as_deref().map(str::trim) {
        None | Some("") => return Err(HostError::MissingTypeName),
        Some(raw) => EntityName::parse(raw)?,
    };
    let options = options::parse_data(data.as_deref().unwrap_or(""), &data_leftovers)?;

    Ok(FormParams {
        entity,
        record_id,
        type_code: type_code.flatten(),
        org_name: org_name.filter(|s| !s.trim().is_empty()),
        user_lcid: user_lcid.flatten(),
        org_lcid: org_lcid.flatten(),
        options,
    })
}

/// `typename`, trimmed, when it is a valid entity name.
pub fn typename(search: &str) -> Option<String> {
    let search = search.strip_prefix('?').unwrap_or(search);
    form_urlencoded::parse(search.as_bytes())
        .find(|(key, _)| key == "typename")
        .and_then(|(_, value)| EntityName::parse(value.trim()).ok())
        .map(|name| name.as_str().to_owned())
}

/// The user's and the org's language (`userlcid`, `orglcid`), read even
/// when the rest of the query string is not usable.
pub fn languages(search: &str) -> (Option<u32>, Option<u32>) {
    let search = search.strip_prefix('?').unwrap_or(search);
    let (mut user, mut org) = (None, None);
    for (key, value) in form_urlencoded::parse(search.as_bytes()) {
        match key.as_ref() {
            "userlcid" => set_once(&mut user, parse_lcid(&value)),
            "orglcid" => set_once(&mut org, parse_lcid(&value)),
            _ => {}
        }
    }
    (user.flatten(), org.flatten())
}

fn set_once<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

fn parse_lcid(raw: &str) -> Option<u32> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|lcid| (1..=0xFFFF).contains(lcid))
}

/// Shorten a hostile or huge value before it goes into a message.
pub(crate) fn echo(raw: &str) -> String {
    if raw.chars().count() <= MAX_ECHO_CHARS {
        raw.to_owned()
    } else {
        let mut short: String = raw.chars().take(MAX_ECHO_CHARS).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::ViewChoice;

    const ID: &str = "6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    #[test]
    fn normalises_a_braced_uppercase_percent_encoded_id() -> Result<(), HostError> {
        let p = parse_form_params(
            "?type=2&typename=contact&id=%7B6B7E0F2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B%7D&orgname=contoso&userlcid=1033&orglcid=1031",
        )
        ?;
        assert_eq!(p.record_id.to_string(), ID);
        assert_eq!(p.entity.as_str(), "contact");
        assert_eq!(p.type_code, Some(2));
        assert_eq!(p.org_name.as_deref(), Some("contoso"));
        assert_eq!(p.user_lcid, Some(1033));
        assert_eq!(p.org_lcid, Some(1031));
        assert_eq!(p.options.view, ViewChoice::Both);
        Ok(())
    }

    #[test]
    fn accepts_ids_without_braces_or_encoding() -> Result<(), HostError> {
        for raw in [
            "{6B7E0F2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B}",
            "6B7E0F2A-1C2D-4E5F-8A9B-0C1D2E3F4A5B",
            ID,
            " %7b6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b%7d ",
        ] {
            let p = parse_form_params(&format!("typename=lead&id={raw}"))?;
            assert_eq!(p.record_id.to_string(), ID, "{raw}");
        }
        Ok(())
    }

    #[test]
    fn rejects_ids_that_are_not_guids() {
        for raw in [
            "%7B%7D",
            "{not-a-guid}",
            "6B7E0F2A1C2D4E5F8A9B0C1D2E3F4A5B",
            "urn:uuid:6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b')/x",
            "{6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
            "%3Cscript%3E",
        ] {
            let err = parse_form_params(&format!("typename=lead&id={raw}")).unwrap_err();
            assert!(matches!(err, HostError::InvalidId(_)), "{raw}: {err:?}");
        }
    }

    #[test]
    fn missing_or_empty_id_is_its_own_error() {
        assert_eq!(
            parse_form_params("typename=lead"),
            Err(HostError::MissingId)
        );
        assert_eq!(
            parse_form_params("typename=lead&id="),
            Err(HostError::MissingId)
        );
        assert_eq!(parse_form_params(""), Err(HostError::MissingId));
    }

    #[test]
    fn validates_the_typename() -> Result<(), HostError> {
        assert_eq!(
            parse_form_params(&format!("id={ID}")),
            Err(HostError::MissingTypeName)
        );
        for bad in [
            "Contact",
            "1lead",
            "new-project",
            "lead%27)",
            "%3Cimg%3E",
            "a".repeat(65).as_str(),
        ] {
            let err = parse_form_params(&format!("id={ID}&typename={bad}")).unwrap_err();
            assert!(matches!(err, HostError::InvalidTypeName(_)), "{bad}");
        }
        let p = parse_form_params(&format!("id={ID}&typename=new_project2"))?;
        assert_eq!(p.entity.as_str(), "new_project2");
        Ok(())
    }

    #[test]
    fn ignores_unusable_lcids_and_empty_orgname() -> Result<(), HostError> {
        let p = parse_form_params(&format!(
            "id={ID}&typename=lead&userlcid=abc&orglcid=-5&orgname="
        ))?;
        assert_eq!((p.user_lcid, p.org_lcid, p.org_name), (None, None, None));
        Ok(())
    }

    #[test]
    fn first_occurrence_of_a_key_wins() -> Result<(), HostError> {
        let p = parse_form_params(&format!("id={ID}&typename=lead&typename=contact"))?;
        assert_eq!(p.entity.as_str(), "lead");
        Ok(())
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = "x".repeat(5000);
        assert!(matches!(
            parse_form_params(&format!("typename=lead&id={long}")),
            Err(HostError::InvalidId(shown)) if shown.chars().count() <= MAX_ECHO_CHARS + 1
        ));
    }
}
