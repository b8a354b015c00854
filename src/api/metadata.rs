//! Entity and attribute metadata (`EntityDefinitions`), reduced to what
//! LeadMap shows: display names in the user's language, type, length,
//! requirement level.

use std::collections::HashMap;

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct LocalizedLabel {
    #[serde(rename = "Label")]
    pub label: String,
    #[serde(rename = "LanguageCode")]
    pub language_code: u32,
}

/// A `Label` complex value: every language's text, and the user's.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Label {
    #[serde(rename = "LocalizedLabels", default)]
    pub localized_labels: Vec<LocalizedLabel>,
    #[serde(rename = "UserLocalizedLabel", default)]
    pub user_localized_label: Option<LocalizedLabel>,
}

impl Label {
    /// The text in `lcid` if the org has it, else the service's choice for the
    /// user, else whichever label came (the base language's, when asked for
    /// the user's language only and the org lacks it).
    pub fn text(&self, lcid: u32) -> Option<&str> {
        self.localized_labels
            .iter()
            .find(|l| l.language_code == lcid)
            .or(self.user_localized_label.as_ref())
            .or(self.localized_labels.first())
            .map(|l| l.label.as_str())
            .filter(|l| !l.is_empty())
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct ManagedValue {
    #[serde(rename = "Value")]
    pub value: String,
}

/// One attribute of an entity's attribute catalog (`RetrieveMetadataChanges`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct AttributeDefinition {
    #[serde(rename = "LogicalName")]
    pub logical_name: String,
    #[serde(rename = "AttributeType", default)]
    pub attribute_type: Option<String>,
    #[serde(rename = "DisplayName", default)]
    pub display_name: Label,
    #[serde(rename = "RequiredLevel", default)]
    pub required_level: Option<ManagedValue>,
    #[serde(rename = "IsCustomAttribute", default)]
    pub is_custom: Option<bool>,
    /// False for columns a new record can't be given (computed ones such as `fullname`).
    #[serde(rename = "IsValidForCreate", default)]
    pub is_valid_for_create: Option<bool>,
    /// Only String and Memo attributes have one.
    #[serde(rename = "MaxLength", default)]
    pub max_length: Option<u32>,
}

/// A `RetrieveMetadataChanges` answer: the entities the query matched (with
/// a `ClientVersionStamp`, only those changed since), and this answer's stamp.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct MetadataChanges {
    #[serde(rename = "EntityMetadata", default)]
    pub entity_metadata: Vec<EntityAttributes>,
    #[serde(rename = "ServerVersionStamp", default)]
    pub server_version_stamp: Option<String>,
}

/// An entity of a [`MetadataChanges`] answer, with the attributes asked for.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct EntityAttributes {
    #[serde(rename = "LogicalName")]
    pub logical_name: String,
    /// Null when the query did not ask for attributes.
    #[serde(rename = "Attributes", default)]
    pub attributes: Option<Vec<AttributeDefinition>>,
}

/// `EntityDefinitions(LogicalName='…')?$select=LogicalName,DisplayName,EntitySetName,…`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct EntityDefinition {
    #[serde(rename = "LogicalName")]
    pub logical_name: String,
    #[serde(rename = "DisplayName", default)]
    pub display_name: Label,
    #[serde(rename = "EntitySetName", default)]
    pub entity_set_name: Option<String>,
    #[serde(rename = "PrimaryIdAttribute", default)]
    pub primary_id_attribute: Option<String>,
    #[serde(rename = "PrimaryNameAttribute", default)]
    pub primary_name_attribute: Option<String>,
}

/// A row of `…/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct AttributeOptions {
    #[serde(rename = "LogicalName")]
    pub logical_name: String,
    #[serde(rename = "OptionSet", default)]
    pub option_set: Option<OptionSet>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct OptionSet {
    #[serde(rename = "Options", default)]
    pub options: Vec<OptionMetadata>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct OptionMetadata {
    #[serde(rename = "Value")]
    pub value: i64,
    #[serde(rename = "Label", default)]
    pub label: Label,
}

/// A row of `…/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct LookupTargets {
    #[serde(rename = "LogicalName")]
    pub logical_name: String,
    #[serde(rename = "Targets", default)]
    pub targets: Vec<String>,
}

/// An entity's attributes by logical name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributeCatalog {
    pub attributes: HashMap<String, AttributeDefinition>,
}

impl AttributeCatalog {
    pub fn new(definitions: Vec<AttributeDefinition>) -> Self {
        let attributes = definitions
            .into_iter()
            .map(|definition| (definition.logical_name.clone(), definition))
            .collect();
        Self { attributes }
    }

    /// `entity`'s catalog from a `RetrieveMetadataChanges` answer for it; an
    /// answer without the entity (the service does not know it) is an empty one.
    pub fn from_changes(entity: &str, changes: MetadataChanges) -> Self {
        let definitions = changes
            .entity_metadata
            .into_iter()
            .find(|e| e.logical_name == entity)
            .and_then(|e| e.attributes)
            .unwrap_or_default();
        Self::new(definitions)
    }

    pub fn get(&self, logical_name: &str) -> Option<&AttributeDefinition> {
        self.attributes.get(logical_name)
    }

    /// The column's display name in `lcid`, else its logical name.
    pub fn label(&self, logical_name: &str, lcid: u32) -> String {
        self.get(logical_name)
            .and_then(|a| a.display_name.text(lcid))
            .unwrap_or(logical_name)
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANGES: &str = r##"{"ServerVersionStamp":"1!12/04/2026 10:00:00","EntityMetadata":[{"LogicalName":"contact","MetadataId":"x","HasChanged":null,"Attributes":[
      {"@odata.type":"#Microsoft.Dynamics.CRM.ComplexStringAttributeMetadata","LogicalName":"firstname","AttributeType":"String","MaxLength":50,"HasChanged":null,"IsPrimaryId":null,
       "IsCustomAttribute":false,"RequiredLevel":{"Value":"Recommended","CanBeChanged":true},
       "DisplayName":{"LocalizedLabels":[{"Label":"First Name","LanguageCode":1033},{"Label":"Prénom","LanguageCode":1036}],
                      "UserLocalizedLabel":{"Label":"First Name","LanguageCode":1033}}},
      {"LogicalName":"new_score","AttributeType":"Integer","DisplayName":{"LocalizedLabels":[],"UserLocalizedLabel":null}}]}]}"##;

    #[test]
    fn labels_follow_the_users_language_with_fallbacks() -> serde_json::Result<()> {
        let catalog = AttributeCatalog::from_changes("contact", serde_json::from_str(CHANGES)?);
        assert_eq!(catalog.label("firstname", 1036), "Prénom");
        assert_eq!(catalog.label("firstname", 1033), "First Name");
        assert_eq!(catalog.label("firstname", 1031), "First Name");
        assert_eq!(catalog.label("new_score", 1033), "new_score");
        assert_eq!(catalog.label("gone", 1033), "gone");
        assert_eq!(catalog.get("new_score").and_then(|a| a.max_length), None);
        let other = AttributeCatalog::from_changes("lead", serde_json::from_str(CHANGES)?);
        assert!(other.attributes.is_empty());
        let firstname = catalog.get("firstname");
        assert_eq!(firstname.and_then(|a| a.max_length), Some(50));
        assert_eq!(
            firstname
                .and_then(|a| a.required_level.as_ref())
                .map(|r| r.value.as_str()),
            Some("Recommended")
        );
        Ok(())
    }
}
