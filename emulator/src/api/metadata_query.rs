//! The `EntityQueryExpression` of `RetrieveMetadataChanges`: criteria
//! (`MetadataFilterExpression`, in `metadata_criteria.rs`), properties (`MetadataPropertiesExpression`),
//! the attribute query and the label query, evaluated over the JSON the
//! `EntityDefinitions` endpoints answer with.

use super::metadata_criteria::Filter;
use crate::errors::{ApiError, ApiResult};
use crate::metadata::{derived_props, AttrMeta, AttrType, EntityMeta};
use crate::metadata::{BASE_ATTRIBUTE_PROPS, ENTITY_PROPS};
use crate::odata::PropType;
use serde_json::{json, Map, Value};

/// Every property of the service's base `AttributeMetadata` type, besides
/// `MetadataId`, `LogicalName` and `HasChanged`.
#[rustfmt::skip]
pub const ATTRIBUTE_METADATA_PROPS: &[&str] = &[
    "AttributeOf", "AttributeType", "AttributeTypeName", "AutoNumberFormat",
    "CanBeSecuredForCreate", "CanBeSecuredForRead", "CanBeSecuredForUpdate",
    "CanModifyAdditionalSettings", "ColumnNumber", "DeprecatedVersion", "Description",
    "DisplayName", "EntityLogicalName", "ExternalName", "InheritsFrom", "IntroducedVersion",
    "IsAuditEnabled", "IsCustomAttribute", "IsCustomizable", "IsDataSourceSecret",
    "IsFilterable", "IsGlobalFilterEnabled", "IsLogical", "IsManaged", "IsPrimaryId",
    "IsPrimaryName", "IsRenameable", "IsRequiredForForm", "IsRetrievable", "IsSearchable",
    "IsSecured", "IsSortableEnabled", "IsValidForAdvancedFind", "IsValidForCreate",
    "IsValidForForm", "IsValidForGrid", "IsValidForRead", "IsValidForUpdate",
    "IsValidODataAttribute", "LinkedAttributeId", "RequiredLevel", "SchemaName", "SettingOf",
    "SourceType", "SourceTypeMask",
];

/// The labels and managed properties among them (complex values, not in
/// `BASE_ATTRIBUTE_PROPS`): no condition can test them.
#[rustfmt::skip]
const COMPLEX_ATTRIBUTE_PROPS: &[&str] = &[
    "Description", "CanModifyAdditionalSettings", "IsAuditEnabled", "IsCustomizable",
    "IsGlobalFilterEnabled", "IsRenameable", "IsSortableEnabled", "IsValidForAdvancedFind",
];

const ALWAYS: &[&str] = &["MetadataId", "LogicalName", "HasChanged"];

#[rustfmt::skip]
const ATTRIBUTE_TYPES: &[AttrType] = &[
    AttrType::String, AttrType::Memo, AttrType::Integer, AttrType::Money, AttrType::DateTime,
    AttrType::Lookup, AttrType::Picklist, AttrType::Status, AttrType::State, AttrType::Boolean,
    AttrType::Uniqueidentifier,
];

pub(super) fn invalid(message: String) -> ApiError {
    ApiError::new(400, "0x80040203", message)
}

/// What a property of a metadata type is: `None` when the type lacks it.
pub(super) type Kind = fn(&str) -> Option<PropType>;

fn entity_kind(p: &str) -> Option<PropType> {
    match p {
        "Attributes" => Some(PropType::Complex),
        "HasChanged" => Some(PropType::Bool),
        _ => ENTITY_PROPS.iter().find(|(n, _)| *n == p).map(|(_, t)| *t),
    }
}

fn derived_kind(p: &str) -> Option<PropType> {
    ATTRIBUTE_TYPES
        .iter()
        .filter_map(|t| derived_props(t.metadata_type()))
        .flat_map(|props| props.iter())
        .find(|(n, _)| *n == p)
        .map(|(_, t)| *t)
}

fn attribute_kind(p: &str) -> Option<PropType> {
    if let Some((_, t)) = BASE_ATTRIBUTE_PROPS.iter().find(|(n, _)| *n == p) {
        return Some(*t);
    }
    if COMPLEX_ATTRIBUTE_PROPS.contains(&p) {
        return Some(PropType::Complex);
    }
    if ATTRIBUTE_METADATA_PROPS.contains(&p) || p == "HasChanged" {
        return Some(PropType::String);
    }
    derived_kind(p)
}

/// A `MetadataPropertiesExpression`; absent means every property.
struct Props {
    all: bool,
    names: Vec<String>,
}

impl Props {
    fn parse(v: Option<&Value>, type_name: &str, kind: Kind) -> ApiResult<Props> {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return Ok(Props {
                all: true,
                names: Vec::new(),
            });
        };
        let all = v
            .get("AllProperties")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut names = Vec::new();
        for n in v
            .get("PropertyNames")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = n.as_str().unwrap_or_default();
            if kind(name).is_none() && !ALWAYS.contains(&name) {
                return Err(invalid(format!(
                    "The property '{name}' in MetadataPropertiesExpression.PropertyNames is not a property of {type_name}."
                )));
            }
            names.push(name.to_string());
        }
        Ok(Props { all, names })
    }

    fn wants(&self, name: &str) -> bool {
        self.all || self.names.iter().any(|n| n == name)
    }
}

/// The emulated org's base language; its labels are in English (1033) and French (1036).
const BASE_LANGUAGE: u64 = 1033;

/// A parsed `EntityQueryExpression`.
pub struct EntityQuery {
    criteria: Option<Filter>,
    props: Props,
    attribute_criteria: Option<Filter>,
    attribute_props: Props,
    languages: Option<Vec<u64>>,
    /// `LabelQuery.MissingLabelBehavior` 1: the base language's label where none of those is.
    base_label_if_missing: bool,
}

impl EntityQuery {
    pub fn parse(text: &str) -> ApiResult<EntityQuery> {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "The Query parameter of RetrieveMetadataChanges is not an EntityQueryExpression in JSON: {e}."
            ))
        })?;
        if !v.is_object() {
            return Err(invalid(
                "The Query parameter of RetrieveMetadataChanges must be a JSON object (an EntityQueryExpression).".into(),
            ));
        }
        let (entity, attribute) = (
            "EntityMetadata",
            "AttributeMetadata or any type derived from it",
        );
        let aq = v.get("AttributeQuery").filter(|a| !a.is_null());
        let languages = v
            .get("LabelQuery")
            .and_then(|l| l.get("FilterLanguages"))
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_u64).collect());
        let base_label_if_missing = v
            .get("LabelQuery")
            .and_then(|l| l.get("MissingLabelBehavior"))
            .and_then(Value::as_u64)
            == Some(1);
        Ok(EntityQuery {
            criteria: Filter::parse(v.get("Criteria"), entity, entity_kind)?,
            props: Props::parse(v.get("Properties"), entity, entity_kind)?,
            attribute_criteria: Filter::parse(
                aq.and_then(|a| a.get("Criteria")),
                attribute,
                attribute_kind,
            )?,
            attribute_props: Props::parse(
                aq.and_then(|a| a.get("Properties")),
                attribute,
                attribute_kind,
            )?,
            languages,
            base_label_if_missing,
        })
    }

    /// Whether the answer carries the entities' attributes.
    pub fn wants_attributes(&self) -> bool {
        self.props.wants("Attributes")
    }

    pub fn matching<'a>(
        &self,
        metas: impl Iterator<Item = &'a EntityMeta>,
        lcid: u32,
    ) -> Vec<&'a EntityMeta> {
        metas
            .filter(|m| {
                self.criteria
                    .as_ref()
                    .is_none_or(|c| c.matches(&m.to_json(lcid)))
            })
            .collect()
    }

    /// One `ComplexEntityMetadata`: the asked properties, the others null.
    pub fn entity_json(&self, entity: &EntityMeta, lcid: u32) -> Value {
        let source = entity.to_json(lcid);
        let names = ENTITY_PROPS.iter().map(|(n, _)| *n);
        let mut out = pick(&source, &self.props, names);
        let attributes = self.wants_attributes().then(|| {
            entity
                .attributes
                .iter()
                .map(|a| (a, entity.attribute_json(a, lcid)))
                .filter(|(_, j)| {
                    self.attribute_criteria
                        .as_ref()
                        .is_none_or(|c| c.matches(j))
                })
                .map(|(a, j)| attribute_item(a, &j, &self.attribute_props))
                .collect::<Vec<_>>()
        });
        out.insert(
            "Attributes".into(),
            attributes.map_or(Value::Null, Value::Array),
        );
        let mut out = Value::Object(out);
        if let Some(languages) = &self.languages {
            filter_labels(&mut out, languages, self.base_label_if_missing);
        }
        out
    }
}

fn pick<'a>(
    source: &Map<String, Value>,
    props: &Props,
    names: impl Iterator<Item = &'a str>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for name in names {
        let value = if props.wants(name) {
            source.get(name).cloned()
        } else {
            None
        };
        out.insert(name.to_string(), value.unwrap_or(Value::Null));
    }
    for name in ["MetadataId", "LogicalName"] {
        out.insert(
            name.into(),
            source.get(name).cloned().unwrap_or(Value::Null),
        );
    }
    out.insert("HasChanged".into(), Value::Null);
    out
}

/// One `Complex…AttributeMetadata`: every base property and those of its
/// derived type, the asked ones with their values, the others null.
fn attribute_item(a: &AttrMeta, source: &Map<String, Value>, props: &Props) -> Value {
    let derived = derived_props(a.attr_type.metadata_type()).unwrap_or(&[]);
    let names = ATTRIBUTE_METADATA_PROPS
        .iter()
        .copied()
        .chain(BASE_ATTRIBUTE_PROPS.iter().map(|(n, _)| *n))
        .chain(derived.iter().map(|(n, _)| *n));
    let mut out = pick(source, props, names);
    out.insert(
        "@odata.type".into(),
        json!(format!(
            "#Microsoft.Dynamics.CRM.Complex{}",
            a.attr_type.metadata_type()
        )),
    );
    Value::Object(out)
}

/// `LabelQuery.FilterLanguages`: keeps only those `LocalizedLabels`; with
/// `base_if_missing`, the org's base language's where none of them is there.
fn filter_labels(v: &mut Value, languages: &[u64], base_if_missing: bool) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(labels)) = o.get_mut("LocalizedLabels") {
                let code = |l: &Value| l["LanguageCode"].as_u64();
                let asked = labels
                    .iter()
                    .any(|l| code(l).is_some_and(|c| languages.contains(&c)));
                labels.retain(|l| {
                    code(l).is_some_and(|c| {
                        languages.contains(&c) || (base_if_missing && !asked && c == BASE_LANGUAGE)
                    })
                });
            }
            o.values_mut()
                .for_each(|x| filter_labels(x, languages, base_if_missing));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|x| filter_labels(x, languages, base_if_missing)),
        _ => {}
    }
}
