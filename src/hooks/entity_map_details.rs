//! What the entity map view derives from an entity map and its attribute maps,
//! as pure functions: column details from metadata, the diagnostics no other
//! tool shows, and the `InitializeFrom` preview values.

use super::lowercase::lowercase;
use crate::api::contactleads::entity_of_set;
use crate::api::metadata::{AttributeCatalog, AttributeDefinition};
use crate::api::template::{Template, TemplateValue};
use crate::api::types::AttributeMap;
use crate::sort::sort_by_text;

const FORMATTED: &str = "@OData.Community.Display.V1.FormattedValue";

/// A column as the details table shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnInfo {
    pub logical_name: String,
    pub label: String,
    pub attribute_type: String,
    pub max_length: Option<u32>,
}

impl ColumnInfo {
    pub(crate) fn from_definition(definition: &AttributeDefinition, lcid: u32) -> Self {
        Self {
            logical_name: definition.logical_name.clone(),
            label: definition
                .display_name
                .text(lcid)
                .unwrap_or(&definition.logical_name)
                .to_owned(),
            attribute_type: definition.attribute_type.clone().unwrap_or_default(),
            max_length: definition.max_length,
        }
    }
}

/// Something about one attribute map that will not work as a customizer expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// The source column is not (or no longer) in the source entity's metadata.
    MissingSource,
    MissingTarget,
    TypeMismatch {
        source: String,
        target: String,
    },
    /// Text longer than the target column will be cut.
    Truncation {
        source_length: u32,
        target_length: u32,
    },
}

/// One attribute map with what metadata says about both ends.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeRow {
    pub map: AttributeMap,
    pub source: Option<ColumnInfo>,
    pub target: Option<ColumnInfo>,
    pub issues: Vec<Issue>,
}

impl AttributeRow {
    /// Whether the filter text appears in either end's logical or display name.
    pub fn matches(&self, filter: &str) -> bool {
        let filter = lowercase(filter.trim());
        if filter.is_empty() {
            return true;
        }
        let ends = [
            Some(self.map.sourceattributename.as_str()),
            Some(self.map.targetattributename.as_str()),
            self.source.as_ref().map(|c| c.label.as_str()),
            self.target.as_ref().map(|c| c.label.as_str()),
        ];
        ends.into_iter()
            .flatten()
            .any(|text| lowercase(text).contains(&filter))
    }
}

/// Attribute types that carry the same kind of value.
pub(crate) fn type_family(attribute_type: &str) -> &str {
    match attribute_type {
        "String" | "Memo" => "text",
        "Lookup" | "Customer" | "Owner" => "lookup",
        "Picklist" | "State" | "Status" => "choice",
        "Integer" | "BigInt" => "whole",
        other => other,
    }
}

fn issues_of(source: Option<&ColumnInfo>, target: Option<&ColumnInfo>) -> Vec<Issue> {
    let (Some(source), Some(target)) = (source, target) else {
        let mut issues = Vec::new();
        if source.is_none() {
            issues.push(Issue::MissingSource);
        }
        if target.is_none() {
            issues.push(Issue::MissingTarget);
        }
        return issues;
    };
    // A record's own id fills a lookup to it (lead.leadid → contact.originatingleadid).
    let id_into_lookup = source.attribute_type == "Uniqueidentifier"
        && type_family(&target.attribute_type) == "lookup";
    if !id_into_lookup && type_family(&source.attribute_type) != type_family(&target.attribute_type)
    {
        return vec![Issue::TypeMismatch {
            source: source.attribute_type.clone(),
            target: target.attribute_type.clone(),
        }];
    }
    match (source.max_length, target.max_length) {
        (Some(source_length), Some(target_length)) if target_length < source_length => {
            vec![Issue::Truncation {
                source_length,
                target_length,
            }]
        }
        _ => Vec::new(),
    }
}

/// Join attribute maps with both entities' metadata, in the order given.
pub fn attribute_rows(
    maps: &[AttributeMap],
    source: &AttributeCatalog,
    target: &AttributeCatalog,
    lcid: u32,
) -> Vec<AttributeRow> {
    maps.iter()
        .map(|map| {
            let source_column = source
                .get(&map.sourceattributename)
                .map(|d| ColumnInfo::from_definition(d, lcid));
            let target_column = target
                .get(&map.targetattributename)
                .map(|d| ColumnInfo::from_definition(d, lcid));
            AttributeRow {
                issues: issues_of(source_column.as_ref(), target_column.as_ref()),
                map: map.clone(),
                source: source_column,
                target: target_column,
            }
        })
        .collect()
}

/// Target columns a user must fill (ApplicationRequired) that no attribute map
/// fills, by logical name.
pub fn unmapped_required(
    maps: &[AttributeMap],
    target: &AttributeCatalog,
    lcid: u32,
) -> Vec<ColumnInfo> {
    let mut columns: Vec<ColumnInfo> = target
        .attributes
        .values()
        .filter(|a| {
            a.required_level
                .as_ref()
                .is_some_and(|r| r.value == "ApplicationRequired")
        })
        .filter(|a| !maps.iter().any(|m| m.targetattributename == a.logical_name))
        .map(|a| ColumnInfo::from_definition(a, lcid))
        .collect();
    sort_by_text(&mut columns, |c| &c.logical_name);
    columns
}

/// What a new record would get in a column, for the view to word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewValue {
    /// The formatted value when the service gave one, else the raw value.
    Text(String),
    Yes,
    No,
    /// A lookup to the form's record itself.
    ThisRecord,
    /// A lookup to another record, of this entity when LeadMap knows it.
    Linked(Option<&'static str>),
}

/// The value `InitializeFrom` put into `column`: the formatted value when the
/// service gave one, the raw value, or for a lookup which record it points
/// to (a raw `set(id)` means nothing to a user). `this_record` is the form's
/// record as a bind names it, e.g. `contacts(…)`.
pub fn preview_value(template: &Template, column: &str, this_record: &str) -> Option<PreviewValue> {
    let bound = |target: &str| {
        if target.eq_ignore_ascii_case(this_record) {
            return PreviewValue::ThisRecord;
        }
        let set = target.split('(').next().unwrap_or_default();
        PreviewValue::Linked(entity_of_set(set))
    };
    if let Some(formatted) = template
        .get(&format!("{column}{FORMATTED}"))
        .and_then(TemplateValue::as_str)
    {
        return Some(PreviewValue::Text(formatted.to_owned()));
    }
    if let Some(value) = template.get(column) {
        return match value {
            TemplateValue::Null | TemplateValue::Other => None,
            TemplateValue::Text(text) => Some(PreviewValue::Text(text.clone())),
            TemplateValue::Bool(true) => Some(PreviewValue::Yes),
            TemplateValue::Bool(false) => Some(PreviewValue::No),
            TemplateValue::Number(n) => Some(PreviewValue::Text(n.to_string())),
        };
    }
    // Lookups come as `column@odata.bind` or, for polymorphic ones,
    // `column_entity@odata.bind` (the first by name, should there be several).
    if let Some(target) = template
        .get(&format!("{column}@odata.bind"))
        .and_then(TemplateValue::as_str)
    {
        return Some(bound(target));
    }
    template
        .iter()
        .filter_map(|(key, value)| {
            let entity = key
                .strip_suffix("@odata.bind")?
                .strip_prefix(column)?
                .strip_prefix('_')?;
            Some((entity, value.as_str()?))
        })
        .min_by_key(|(entity, _)| *entity)
        .map(|(_, target)| bound(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::metadata::{AttributeDefinition, Label, LocalizedLabel, ManagedValue};
    use crate::host::RecordId;

    fn attribute(
        name: &str,
        kind: &str,
        length: Option<u32>,
        required: &str,
    ) -> AttributeDefinition {
        AttributeDefinition {
            logical_name: name.into(),
            attribute_type: Some(kind.into()),
            display_name: Label {
                localized_labels: vec![
                    LocalizedLabel {
                        label: format!("{name} (en)"),
                        language_code: 1033,
                    },
                    LocalizedLabel {
                        label: format!("{name} (fr)"),
                        language_code: 1036,
                    },
                ],
                user_localized_label: None,
            },
            required_level: Some(ManagedValue {
                value: required.into(),
            }),
            is_custom: Some(false),
            is_valid_for_create: Some(true),
            max_length: length,
        }
    }

    fn map(source: &str, target: &str) -> AttributeMap {
        AttributeMap {
            attributemapid: RecordId::from_u128(0xa000_0000_0000_4000_8000_0000_0000_0001),
            sourceattributename: source.into(),
            targetattributename: target.into(),
            issystem: Some(true),
        }
    }

    fn catalogs() -> (AttributeCatalog, AttributeCatalog) {
        let source = AttributeCatalog::new(vec![
            attribute("firstname", "String", Some(50), "None"),
            attribute("description", "Memo", Some(2000), "None"),
            attribute("new_employeecount", "String", Some(20), "None"),
            attribute("parentaccountid", "Lookup", None, "None"),
            attribute("leadid", "Uniqueidentifier", None, "None"),
        ]);
        let target = AttributeCatalog::new(vec![
            attribute("firstname", "String", Some(50), "None"),
            attribute("new_summary", "String", Some(100), "None"),
            attribute("new_employeecount", "Integer", None, "None"),
            attribute("parentcustomerid", "Customer", None, "None"),
            attribute("originatingleadid", "Lookup", None, "None"),
            attribute("lastname", "String", Some(50), "ApplicationRequired"),
            attribute("new_region", "Picklist", None, "ApplicationRequired"),
        ]);
        (source, target)
    }

    #[test]
    fn finds_each_kind_of_problem() {
        let (source, target) = catalogs();
        let maps = [
            map("firstname", "firstname"),
            map("new_legacyscore", "new_legacyscore"),
            map("new_employeecount", "new_employeecount"),
            map("description", "new_summary"),
            map("parentaccountid", "parentcustomerid"),
            map("leadid", "originatingleadid"),
        ];
        let rows = attribute_rows(&maps, &source, &target, 1036);
        assert_eq!(rows[0].issues, vec![]);
        assert_eq!(
            rows[0].source.as_ref().map(|c| c.label.as_str()),
            Some("firstname (fr)")
        );
        assert_eq!(
            rows[1].issues,
            vec![Issue::MissingSource, Issue::MissingTarget]
        );
        assert_eq!(
            rows[2].issues,
            vec![Issue::TypeMismatch {
                source: "String".into(),
                target: "Integer".into()
            }]
        );
        assert_eq!(
            rows[3].issues,
            vec![Issue::Truncation {
                source_length: 2000,
                target_length: 100
            }]
        );
        assert_eq!(
            rows[4].issues,
            vec![],
            "a lookup into a customer column is fine"
        );
        assert_eq!(
            rows[5].issues,
            vec![],
            "a record's id into a lookup to it is fine"
        );
        let required: Vec<String> = unmapped_required(&maps, &target, 1033)
            .into_iter()
            .map(|c| c.logical_name)
            .collect();
        assert_eq!(required, vec!["lastname", "new_region"]);
    }

    #[test]
    fn filters_on_logical_and_display_names() {
        let (source, target) = catalogs();
        let rows = attribute_rows(
            &[
                map("firstname", "firstname"),
                map("description", "new_summary"),
            ],
            &source,
            &target,
            1033,
        );
        assert_eq!(rows.iter().filter(|r| r.matches("SUMMARY")).count(), 1);
        assert_eq!(rows.iter().filter(|r| r.matches("(en)")).count(), 2);
        assert_eq!(rows.iter().filter(|r| r.matches(" ")).count(), 2);
    }

    const THIS: &str = "leads(1ead0000-0000-4000-8000-000000000004)";

    #[test]
    fn reads_preview_values_like_the_service_returns_them() -> serde_json::Result<()> {
        let template: Template = serde_json::from_str(
            r#"{"firstname":"Anaïs","donotemail":false,"numberofemployees":12,
                "statuscode":1,"statuscode@OData.Community.Display.V1.FormattedValue":"Active",
                "parentcustomerid_account@odata.bind":"accounts(acc00000-0000-4000-8000-000000000001)",
                "originatingleadid@odata.bind":"leads(1ead0000-0000-4000-8000-000000000004)"}"#,
        )?;
        let text = |s: &str| Some(PreviewValue::Text(s.into()));
        assert_eq!(preview_value(&template, "firstname", THIS), text("Anaïs"));
        assert_eq!(
            preview_value(&template, "donotemail", THIS),
            Some(PreviewValue::No)
        );
        assert_eq!(
            preview_value(&template, "numberofemployees", THIS),
            text("12")
        );
        assert_eq!(preview_value(&template, "statuscode", THIS), text("Active"));
        assert_eq!(
            preview_value(&template, "parentcustomerid", THIS),
            Some(PreviewValue::Linked(Some("account")))
        );
        assert_eq!(
            preview_value(&template, "originatingleadid", THIS),
            Some(PreviewValue::ThisRecord)
        );
        assert_eq!(preview_value(&template, "lastname", THIS), None);
        assert_eq!(
            preview_value(&template, "parent", THIS),
            None,
            "a prefix alone is not a match"
        );
        Ok(())
    }
}
