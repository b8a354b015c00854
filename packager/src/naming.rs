//! Web resource names, ids and the solution version, validated the way
//! Dataverse accepts them.

use crate::error::PackageError;
use uuid::Uuid;

/// Where LeadMap's web resources live: `<prefix>_/<folder>/<file>`, by
/// default `new_/leadmap/index.html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Naming {
    /// The publisher's customization prefix, without the underscore (`new`).
    pub prefix: String,
    /// One or more path segments (`leadmap`, `contoso/leadmap`).
    pub folder: String,
}

impl Naming {
    /// Checks the prefix (2–8 letters and digits, starting with a letter, not
    /// `mscrm`) and the folder (segments of letters, digits, `_`, `-`, `.`).
    /// A trailing `_` on the prefix is accepted: `new_` and `new` are the same.
    pub fn new(prefix: &str, folder: &str) -> Result<Self, PackageError> {
        let prefix = prefix
            .strip_suffix('_')
            .unwrap_or(prefix)
            .to_ascii_lowercase();
        let prefix_ok = (2..=8).contains(&prefix.len())
            && prefix.starts_with(|c: char| c.is_ascii_alphabetic())
            && prefix.chars().all(|c| c.is_ascii_alphanumeric())
            && !prefix.starts_with("mscrm");
        if !prefix_ok {
            return Err(PackageError::InvalidPrefix(prefix));
        }
        let folder = folder.trim_matches('/');
        let segment_ok = |s: &str| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        };
        if !folder.split('/').all(segment_ok) {
            return Err(PackageError::InvalidFolder(folder.to_string()));
        }
        Ok(Naming {
            prefix,
            folder: folder.to_string(),
        })
    }

    /// The web resource's unique name: `new_/leadmap/index.html`.
    pub fn web_resource_name(&self, file: &str) -> String {
        format!("{}_/{}/{file}", self.prefix, self.folder)
    }
}

/// A web resource's id, derived from its name so that every build (and every
/// version of the solution) updates the same record in the org.
pub fn web_resource_id(name: &str) -> Uuid {
    // A fixed namespace for LeadMap's web resources (itself a v5 id of a URL).
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:leadmap:dataverse:webresource");
    Uuid::new_v5(&namespace, name.as_bytes())
}

/// The path of a web resource's bytes inside the solution zip, as Dataverse
/// exports it: the name's letters, digits and underscores, then the id.
pub fn zip_file_name(name: &str, id: Uuid) -> String {
    let stem: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    format!("WebResources/{stem}{id}")
}

/// A solution version: two to four numbers, `1.0.0.0`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version(Vec<u32>);

impl Version {
    pub fn parse(text: &str) -> Result<Self, PackageError> {
        let parts: Option<Vec<u32>> = text
            .split('.')
            .map(|p| {
                p.parse::<u32>()
                    .ok()
                    .filter(|n| *n <= i32::MAX as u32 && !p.starts_with('+'))
            })
            .collect();
        match parts {
            Some(parts) if (2..=4).contains(&parts.len()) => Ok(Version(parts)),
            _ => Err(PackageError::InvalidVersion(text.to_string())),
        }
    }

    /// `major.minor`, for the components' `IntroducedVersion`.
    pub fn major_minor(&self) -> String {
        format!("{}.{}", self.0[0], self.0[1])
    }

    /// `1_0_0_0`, as in the zip's name.
    pub fn underscored(&self) -> String {
        self.to_string().replace('.', "_")
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_prefix_and_folder() {
        let naming = Naming::new("new_", "leadmap").unwrap();
        assert_eq!(naming, Naming::new("new", "/leadmap/").unwrap());
        assert_eq!(
            naming.web_resource_name("index.html"),
            "new_/leadmap/index.html"
        );
        let nested = Naming::new("Contoso", "apps/leadmap").unwrap();
        assert_eq!(
            nested.web_resource_name("leadmap.js"),
            "contoso_/apps/leadmap/leadmap.js"
        );
    }

    #[test]
    fn bad_prefixes_and_folders_are_refused() {
        for prefix in ["", "n", "1abc", "toolongprefix", "ne-w", "mscrmx"] {
            assert!(Naming::new(prefix, "leadmap").is_err(), "{prefix}");
        }
        for folder in ["", "a//b", "a/../b", "lead map", "a\\b", "x<y"] {
            assert!(Naming::new("new", folder).is_err(), "{folder}");
        }
    }

    #[test]
    fn ids_are_stable_per_name() {
        let a = web_resource_id("new_/leadmap/index.html");
        assert_eq!(a, web_resource_id("new_/leadmap/index.html"));
        assert_ne!(a, web_resource_id("new_/leadmap/leadmap.js"));
        assert_eq!(a.get_version_num(), 5);
    }

    #[test]
    fn zip_paths_keep_letters_digits_and_underscores() {
        let id = Uuid::nil();
        assert_eq!(
            zip_file_name("new_/leadmap/form_onload.js", id),
            "WebResources/new_leadmapform_onloadjs00000000-0000-0000-0000-000000000000"
        );
    }

    #[test]
    fn versions() {
        let v = Version::parse("1.2.3.4").unwrap();
        assert_eq!(
            (v.to_string(), v.major_minor(), v.underscored()),
            ("1.2.3.4".into(), "1.2".into(), "1_2_3_4".into())
        );
        assert!(Version::parse("1.0").is_ok());
        for bad in [
            "1",
            "1.0.0.0.0",
            "1.x",
            "",
            "1..0",
            "-1.0",
            "+1.0",
            "3000000000.0",
        ] {
            assert!(Version::parse(bad).is_err(), "{bad}");
        }
    }
}
