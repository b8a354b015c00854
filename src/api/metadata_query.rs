//! The query of a `RetrieveMetadataChanges` read (`EntityQueryExpression` in
//! JSON, as Microsoft documents it): which entities, and which of their and
//! their attributes' properties, and the labels' languages.

use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntityQueryExpression<'a> {
    pub criteria: MetadataFilterExpression<'a>,
    pub properties: MetadataPropertiesExpression<'a>,
    pub attribute_query: AttributeQueryExpression<'a>,
    pub label_query: LabelQueryExpression,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataFilterExpression<'a> {
    pub filter_operator: &'static str,
    pub conditions: Vec<MetadataConditionExpression<'a>>,
}

/// `PropertyName` `ConditionOperator` `Value` (a typed value: its .NET type and its text).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataConditionExpression<'a> {
    pub property_name: &'static str,
    pub condition_operator: &'static str,
    pub value: TypedValue<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TypedValue<'a> {
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    pub value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataPropertiesExpression<'a> {
    pub all_properties: bool,
    pub property_names: &'a [&'a str],
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeQueryExpression<'a> {
    pub properties: MetadataPropertiesExpression<'a>,
}

/// Which languages' labels come back. Without it the service returns every
/// label in every language the org has installed; Microsoft's advice for an org
/// with language packs is to ask for the user's only.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LabelQueryExpression {
    pub filter_languages: [u32; 1],
    /// 1: the org's base language label where the user's is missing.
    pub missing_label_behavior: u8,
}

impl<'a> EntityQueryExpression<'a> {
    /// One entity (by logical name) with these properties of its attributes,
    /// their labels in the language `lcid`.
    pub fn attributes_of(entity: &'a str, attribute_properties: &'a [&'a str], lcid: u32) -> Self {
        Self {
            criteria: MetadataFilterExpression {
                filter_operator: "And",
                conditions: vec![MetadataConditionExpression {
                    property_name: "LogicalName",
                    condition_operator: "Equals",
                    value: TypedValue {
                        type_name: "System.String",
                        value: entity,
                    },
                }],
            },
            properties: MetadataPropertiesExpression {
                all_properties: false,
                property_names: &["Attributes"],
            },
            attribute_query: AttributeQueryExpression {
                properties: MetadataPropertiesExpression {
                    all_properties: false,
                    property_names: attribute_properties,
                },
            },
            label_query: LabelQueryExpression {
                filter_languages: [lcid],
                missing_label_behavior: 1,
            },
        }
    }

    pub fn to_json(&self) -> String {
        // Plain structs of strings and bools: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
