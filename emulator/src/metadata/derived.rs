//! The type-specific (derived `…AttributeMetadata`) properties, and the
//! property lists `$select`/`$filter` on metadata are checked against.

use super::{AttrMeta, AttrType};
use crate::odata::PropType;
use serde_json::{json, Value};

pub(super) fn derived_values(a: &AttrMeta) -> Vec<(&'static str, Value)> {
    match a.attr_type {
        AttrType::String => vec![
            ("MaxLength", json!(a.max_length.unwrap_or(100))),
            ("DatabaseLength", json!(a.max_length.unwrap_or(100) * 2)),
            (
                "FormatName",
                json!({"Value": if a.logical_name.starts_with("emailaddress") { "Email" } else { "Text" }}),
            ),
        ],
        AttrType::Memo => vec![
            ("MaxLength", json!(a.max_length.unwrap_or(2000))),
            ("Format", json!("TextArea")),
        ],
        AttrType::Integer => vec![
            ("MinValue", json!(-2147483648i64)),
            ("MaxValue", json!(2147483647i64)),
            ("Format", json!("None")),
        ],
        AttrType::Money => vec![
            ("Precision", json!(2)),
            ("MinValue", json!(-922337203685477.0)),
            ("MaxValue", json!(922337203685477.0)),
        ],
        AttrType::DateTime => vec![
            (
                "Format",
                json!(if a.date_only {
                    "DateOnly"
                } else {
                    "DateAndTime"
                }),
            ),
            (
                "DateTimeBehavior",
                json!({"Value": if a.date_only { "DateOnly" } else { "UserLocal" }}),
            ),
        ],
        AttrType::Lookup | AttrType::Customer | AttrType::Owner => {
            vec![("Targets", json!(a.targets))]
        }
        AttrType::Picklist | AttrType::Status | AttrType::State | AttrType::Boolean => {
            vec![("DefaultFormValue", json!(a.options.first().map(|o| o.0)))]
        }
        AttrType::Uniqueidentifier => vec![],
    }
}

/// Properties of the base `AttributeMetadata` type, with their filter types.
pub const BASE_ATTRIBUTE_PROPS: &[(&str, PropType)] = &[
    ("MetadataId", PropType::Guid),
    ("LogicalName", PropType::String),
    ("SchemaName", PropType::String),
    ("EntityLogicalName", PropType::String),
    ("AttributeType", PropType::String),
    ("AttributeTypeName", PropType::Complex),
    ("AttributeOf", PropType::String),
    ("RequiredLevel", PropType::Complex),
    ("DisplayName", PropType::Complex),
    ("IsCustomAttribute", PropType::Bool),
    ("IsPrimaryId", PropType::Bool),
    ("IsPrimaryName", PropType::Bool),
    ("IsValidForCreate", PropType::Bool),
    ("IsValidForRead", PropType::Bool),
    ("IsValidForUpdate", PropType::Bool),
    ("ColumnNumber", PropType::Number),
];

/// Extra properties of a derived attribute metadata type (by its short name).
pub fn derived_props(type_name: &str) -> Option<&'static [(&'static str, PropType)]> {
    Some(match type_name {
        "StringAttributeMetadata" => &[
            ("MaxLength", PropType::Number),
            ("DatabaseLength", PropType::Number),
            ("FormatName", PropType::Complex),
        ],
        "MemoAttributeMetadata" => &[
            ("MaxLength", PropType::Number),
            ("Format", PropType::String),
        ],
        "IntegerAttributeMetadata" => &[
            ("MinValue", PropType::Number),
            ("MaxValue", PropType::Number),
            ("Format", PropType::String),
        ],
        "MoneyAttributeMetadata" => &[
            ("Precision", PropType::Number),
            ("MinValue", PropType::Number),
            ("MaxValue", PropType::Number),
        ],
        "DateTimeAttributeMetadata" => &[
            ("Format", PropType::String),
            ("DateTimeBehavior", PropType::Complex),
        ],
        "LookupAttributeMetadata" => &[("Targets", PropType::Complex)],
        "PicklistAttributeMetadata"
        | "StatusAttributeMetadata"
        | "StateAttributeMetadata"
        | "BooleanAttributeMetadata" => &[("DefaultFormValue", PropType::Number)],
        "UniqueIdentifierAttributeMetadata" => &[],
        _ => return None,
    })
}

pub const ENTITY_PROPS: &[(&str, PropType)] = &[
    ("MetadataId", PropType::Guid),
    ("LogicalName", PropType::String),
    ("SchemaName", PropType::String),
    ("EntitySetName", PropType::String),
    ("LogicalCollectionName", PropType::String),
    ("DisplayName", PropType::Complex),
    ("DisplayCollectionName", PropType::Complex),
    ("PrimaryIdAttribute", PropType::String),
    ("PrimaryNameAttribute", PropType::String),
    ("ObjectTypeCode", PropType::Number),
    ("IsCustomEntity", PropType::Bool),
    ("IsIntersect", PropType::Bool),
    ("IsActivity", PropType::Bool),
    ("OwnershipType", PropType::String),
];
