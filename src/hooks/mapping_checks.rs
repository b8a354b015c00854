//! Mapping suggestions and checks no other tool shows together, as pure
//! functions: columns both entities share that no attribute map fills (what
//! the classic editor's *Generate Mappings* would add, without its
//! overwrite), choice columns whose option values differ, and lookups whose
//! target tables differ.

use std::collections::HashSet;

use super::entity_map_details::{type_family, ColumnInfo};
use crate::api::metadata::{AttributeCatalog, AttributeOptions, Label, LookupTargets};
use crate::api::types::AttributeMap;
use crate::sort::sort_by_text;

/// Columns the platform fills or manages itself: never worth mapping.
const SYSTEM_COLUMNS: [&str; 22] = [
    "createdby",
    "createdon",
    "createdonbehalfby",
    "importsequencenumber",
    "modifiedby",
    "modifiedon",
    "modifiedonbehalfby",
    "overriddencreatedon",
    "ownerid",
    "owningbusinessunit",
    "owningteam",
    "owninguser",
    "processid",
    "stageid",
    "statecode",
    "statuscode",
    "timezoneruleversionnumber",
    "traversedpath",
    "utcconversiontimezonecode",
    "versionnumber",
    "exchangerate",
    "entityimage",
];

/// Attribute types that hold no value a map can copy.
const NOT_MAPPABLE: [&str; 6] = [
    "Uniqueidentifier",
    "Virtual",
    "EntityName",
    "ManagedProperty",
    "PartyList",
    "CalendarRules",
];

/// A column both entities have, by the same name and of a compatible type,
/// that no attribute map of this entity map fills.
#[derive(Clone, Debug, PartialEq)]
pub struct Unmapped {
    pub source: ColumnInfo,
    pub target: ColumnInfo,
}

/// A map between choice columns where some source values have no option of
/// the same value on the target.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionMismatch {
    pub source: String,
    pub target: String,
    /// The source's values the target lacks, with the source's labels.
    pub missing: Vec<(i64, String)>,
}

/// A map between lookups that point to different tables.
#[derive(Clone, Debug, PartialEq)]
pub struct LookupMismatch {
    pub source: String,
    pub target: String,
    pub source_targets: Vec<String>,
    pub target_targets: Vec<String>,
}

pub fn unmapped_shared_columns(
    maps: &[AttributeMap],
    source: &AttributeCatalog,
    target: &AttributeCatalog,
    lcid: u32,
) -> Vec<Unmapped> {
    let filled: HashSet<&str> = maps
        .iter()
        .map(|m| m.targetattributename.as_str())
        .collect();
    let read: HashSet<&str> = maps
        .iter()
        .map(|m| m.sourceattributename.as_str())
        .collect();
    let mut found: Vec<Unmapped> = source
        .attributes
        .values()
        .filter(|s| !SYSTEM_COLUMNS.contains(&s.logical_name.as_str()))
        .filter(|s| {
            !filled.contains(s.logical_name.as_str()) && !read.contains(s.logical_name.as_str())
        })
        .filter_map(|s| {
            let t = target.get(&s.logical_name)?;
            if t.is_valid_for_create == Some(false) {
                return None;
            }
            let (source_type, target_type) =
                (s.attribute_type.as_deref()?, t.attribute_type.as_deref()?);
            let mappable =
                !NOT_MAPPABLE.contains(&source_type) && !NOT_MAPPABLE.contains(&target_type);
            (mappable && type_family(source_type) == type_family(target_type)).then(|| Unmapped {
                source: ColumnInfo::from_definition(s, lcid),
                target: ColumnInfo::from_definition(t, lcid),
            })
        })
        .collect();
    sort_by_text(&mut found, |u| &u.source.label);
    found
}

pub fn option_mismatches(
    maps: &[AttributeMap],
    source: &[AttributeOptions],
    target: &[AttributeOptions],
    lcid: u32,
) -> Vec<OptionMismatch> {
    let options = |list: &[AttributeOptions], name: &str| {
        list.iter()
            .find(|a| a.logical_name == name)
            .and_then(|a| a.option_set.clone())
    };
    maps.iter()
        .filter_map(|map| {
            let from = options(source, &map.sourceattributename)?;
            let into = options(target, &map.targetattributename)?;
            let missing: Vec<(i64, String)> = from
                .options
                .iter()
                .filter(|o| !into.options.iter().any(|t| t.value == o.value))
                .map(|o| (o.value, label_text(&o.label, lcid, o.value)))
                .collect();
            (!missing.is_empty()).then(|| OptionMismatch {
                source: map.sourceattributename.clone(),
                target: map.targetattributename.clone(),
                missing,
            })
        })
        .collect()
}

pub fn lookup_mismatches(
    maps: &[AttributeMap],
    source: &[LookupTargets],
    target: &[LookupTargets],
) -> Vec<LookupMismatch> {
    let targets = |list: &[LookupTargets], name: &str| {
        list.iter().find(|a| a.logical_name == name).map(|a| {
            let mut t = a.targets.clone();
            t.sort();
            t
        })
    };
    maps.iter()
        .filter_map(|map| {
            let from = targets(source, &map.sourceattributename)?;
            let into = targets(target, &map.targetattributename)?;
            // A value the target can't hold is the trouble: a source table
            // the target does not point to.
            let fits = from.iter().all(|t| into.contains(t));
            (!fits).then(|| LookupMismatch {
                source: map.sourceattributename.clone(),
                target: map.targetattributename.clone(),
                source_targets: from,
                target_targets: into,
            })
        })
        .collect()
}

fn label_text(label: &Label, lcid: u32, value: i64) -> String {
    label
        .text(lcid)
        .map_or_else(|| value.to_string(), |l| format!("{l} ({value})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::metadata::{AttributeDefinition, LocalizedLabel, OptionMetadata, OptionSet};
    use crate::host::RecordId;

    fn attribute(name: &str, kind: &str) -> AttributeDefinition {
        AttributeDefinition {
            logical_name: name.into(),
            attribute_type: Some(kind.into()),
            display_name: Label::default(),
            required_level: None,
            is_custom: Some(false),
            is_valid_for_create: Some(name != "fullname"),
            max_length: None,
        }
    }

    fn catalog(columns: &[(&str, &str)]) -> AttributeCatalog {
        AttributeCatalog::new(columns.iter().map(|(n, k)| attribute(n, k)).collect())
    }

    fn map(source: &str, target: &str) -> AttributeMap {
        AttributeMap {
            attributemapid: RecordId::from_u128(1),
            sourceattributename: source.into(),
            targetattributename: target.into(),
            issystem: Some(false),
        }
    }

    #[test]
    fn shared_columns_no_map_fills_are_suggested_without_system_or_incompatible_ones() {
        let source = catalog(&[
            ("telephone1", "String"),
            ("websiteurl", "String"),
            ("fax", "String"),
            ("createdon", "DateTime"),
            ("leadid", "Uniqueidentifier"),
            ("new_score", "Integer"),
            ("fullname", "String"),
        ]);
        let target = catalog(&[
            ("telephone1", "String"),
            ("websiteurl", "Memo"),
            ("fax", "String"),
            ("createdon", "DateTime"),
            ("leadid", "Uniqueidentifier"),
            ("new_score", "Boolean"),
            ("fullname", "String"),
        ]);
        let found = unmapped_shared_columns(&[map("fax", "fax")], &source, &target, 1033);
        let names: Vec<&str> = found
            .iter()
            .map(|u| u.source.logical_name.as_str())
            .collect();
        assert_eq!(names, vec!["telephone1", "websiteurl"]);
    }

    fn options(name: &str, values: &[i64]) -> AttributeOptions {
        AttributeOptions {
            logical_name: name.into(),
            option_set: Some(OptionSet {
                options: values
                    .iter()
                    .map(|v| OptionMetadata {
                        value: *v,
                        label: Label {
                            localized_labels: vec![LocalizedLabel {
                                label: format!("Option {v}"),
                                language_code: 1033,
                            }],
                            user_localized_label: None,
                        },
                    })
                    .collect(),
            }),
        }
    }

    #[test]
    fn choice_values_the_target_lacks_are_named() {
        let found = option_mismatches(
            &[
                map("industrycode", "industrycode"),
                map("leadsourcecode", "leadsourcecode"),
            ],
            &[
                options("industrycode", &[1, 2, 3]),
                options("leadsourcecode", &[1, 2]),
            ],
            &[
                options("industrycode", &[1, 3]),
                options("leadsourcecode", &[1, 2, 9]),
            ],
            1033,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].missing, vec![(2, "Option 2 (2)".to_owned())]);
    }

    #[test]
    fn a_lookup_to_tables_the_target_cannot_hold_is_flagged() {
        let lookup = |name: &str, targets: &[&str]| LookupTargets {
            logical_name: name.into(),
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
        };
        let maps = [
            map("parentaccountid", "parentcustomerid"),
            map("customerid", "parentaccountid"),
        ];
        let found = lookup_mismatches(
            &maps,
            &[
                lookup("parentaccountid", &["account"]),
                lookup("customerid", &["account", "contact"]),
            ],
            &[
                lookup("parentcustomerid", &["contact", "account"]),
                lookup("parentaccountid", &["account"]),
            ],
        );
        assert_eq!(
            found.len(),
            1,
            "account fits account or contact; account or contact does not fit account"
        );
        assert_eq!(found[0].source, "customerid");
    }
}
