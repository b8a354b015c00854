//! Entity and attribute metadata: the single source of truth for which
//! columns exist, their types, labels (1033 English, 1036 French) and
//! how they appear in the Web API (`EntityDefinitions`, `Attributes`).

mod derived;
mod optionset;
mod stock;

pub use derived::{derived_props, BASE_ATTRIBUTE_PROPS, ENTITY_PROPS};
pub use optionset::{option_set_props, OPTION_SET_NAVIGATIONS};
pub use stock::*;

use derived::derived_values;

use crate::odata::PropType;
use serde_json::{json, Map, Value};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    String,
    Memo,
    Integer,
    Money,
    DateTime,
    Lookup,
    Customer,
    Owner,
    Picklist,
    Status,
    State,
    Boolean,
    Uniqueidentifier,
}

impl AttrType {
    pub fn name(self) -> &'static str {
        match self {
            AttrType::String => "String",
            AttrType::Memo => "Memo",
            AttrType::Integer => "Integer",
            AttrType::Money => "Money",
            AttrType::DateTime => "DateTime",
            AttrType::Lookup => "Lookup",
            AttrType::Customer => "Customer",
            AttrType::Owner => "Owner",
            AttrType::Picklist => "Picklist",
            AttrType::Status => "Status",
            AttrType::State => "State",
            AttrType::Boolean => "Boolean",
            AttrType::Uniqueidentifier => "Uniqueidentifier",
        }
    }

    /// The derived metadata type, e.g. `StringAttributeMetadata`.
    pub fn metadata_type(self) -> &'static str {
        match self {
            AttrType::String => "StringAttributeMetadata",
            AttrType::Memo => "MemoAttributeMetadata",
            AttrType::Integer => "IntegerAttributeMetadata",
            AttrType::Money => "MoneyAttributeMetadata",
            AttrType::DateTime => "DateTimeAttributeMetadata",
            AttrType::Lookup | AttrType::Customer | AttrType::Owner => "LookupAttributeMetadata",
            AttrType::Picklist => "PicklistAttributeMetadata",
            AttrType::Status => "StatusAttributeMetadata",
            AttrType::State => "StateAttributeMetadata",
            AttrType::Boolean => "BooleanAttributeMetadata",
            AttrType::Uniqueidentifier => "UniqueIdentifierAttributeMetadata",
        }
    }

    pub fn is_lookup(self) -> bool {
        matches!(
            self,
            AttrType::Lookup | AttrType::Customer | AttrType::Owner
        )
    }

    pub fn prop_type(self) -> PropType {
        match self {
            AttrType::String | AttrType::Memo => PropType::String,
            AttrType::Integer
            | AttrType::Money
            | AttrType::Picklist
            | AttrType::Status
            | AttrType::State => PropType::Number,
            AttrType::Boolean => PropType::Bool,
            AttrType::DateTime => PropType::DateTime,
            AttrType::Lookup
            | AttrType::Customer
            | AttrType::Owner
            | AttrType::Uniqueidentifier => PropType::Guid,
        }
    }
}

/// A label in English (1033) and French (1036).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub en: String,
    pub fr: String,
}

impl Label {
    pub fn new(en: &str, fr: &str) -> Self {
        Label {
            en: en.into(),
            fr: fr.into(),
        }
    }

    pub fn get(&self, lcid: u32) -> &str {
        if lcid == 1036 {
            &self.fr
        } else {
            &self.en
        }
    }

    /// The `Label` complex type: both localized labels and the caller's one.
    pub fn to_json(&self, lcid: u32, id_seed: &str) -> Value {
        let one = |label: &str, code: u32| {
            json!({
                "Label": label,
                "LanguageCode": code,
                "IsManaged": true,
                "MetadataId": name_uuid(&format!("{id_seed}/{code}")).to_string(),
                "HasChanged": null
            })
        };
        let user = if lcid == 1036 { 1036 } else { 1033 };
        json!({
            "LocalizedLabels": [one(&self.en, 1033), one(&self.fr, 1036)],
            "UserLocalizedLabel": one(self.get(user), user)
        })
    }
}

#[derive(Debug, Clone)]
pub struct AttrMeta {
    pub logical_name: String,
    pub attr_type: AttrType,
    pub label: Label,
    pub max_length: Option<u32>,
    pub required: &'static str,
    pub is_custom: bool,
    pub targets: Vec<String>,
    /// Option values and labels for Picklist/Status/State/Boolean.
    pub options: Vec<(i64, Label)>,
    /// For a Status column: the `statecode` value each option belongs to
    /// (`StatusOptionMetadata.State`), in the order of `options`.
    pub option_states: Vec<i64>,
    pub date_only: bool,
    /// Filled by the platform (`fullname` from first and last name,
    /// `createdon`): not valid for create or update.
    pub computed: bool,
}

/// Builds an attribute; chain the modifiers below.
pub fn attr(logical_name: &str, attr_type: AttrType, en: &str, fr: &str) -> AttrMeta {
    AttrMeta {
        logical_name: logical_name.into(),
        attr_type,
        label: Label::new(en, fr),
        max_length: None,
        required: "None",
        is_custom: logical_name.starts_with("new_"),
        targets: Vec::new(),
        options: Vec::new(),
        option_states: Vec::new(),
        date_only: false,
        computed: false,
    }
}

impl AttrMeta {
    pub fn max(mut self, n: u32) -> Self {
        self.max_length = Some(n);
        self
    }
    pub fn req(mut self, level: &'static str) -> Self {
        self.required = level;
        self
    }
    pub fn targets(mut self, t: &[&str]) -> Self {
        self.targets = t.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn options(mut self, o: &[(i64, &str, &str)]) -> Self {
        self.options = o
            .iter()
            .map(|(v, en, fr)| (*v, Label::new(en, fr)))
            .collect();
        self
    }
    /// The state of each status option, in the order of `options`.
    pub fn states(mut self, s: &[i64]) -> Self {
        self.option_states = s.to_vec();
        self
    }
    pub fn date_only(mut self) -> Self {
        self.date_only = true;
        self
    }
    pub fn computed(mut self) -> Self {
        self.computed = true;
        self
    }

    /// The Web API property name: lookups are exposed as `_name_value`.
    pub fn property_name(&self) -> String {
        if self.attr_type.is_lookup() {
            format!("_{}_value", self.logical_name)
        } else {
            self.logical_name.clone()
        }
    }

    pub fn schema_name(&self) -> String {
        schema_name(&self.logical_name)
    }

    pub fn option_label(&self, value: i64, lcid: u32) -> Option<&str> {
        self.options
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, l)| l.get(lcid))
    }
}

fn schema_name(logical: &str) -> String {
    let (prefix, rest) = match logical.strip_prefix("new_") {
        Some(rest) => ("new_", rest),
        None => ("", logical),
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) => format!("{prefix}{}{}", c.to_ascii_uppercase(), chars.as_str()),
        None => prefix.to_string(),
    }
}

#[derive(Debug, Clone)]
pub struct EntityMeta {
    pub logical_name: String,
    pub entity_set_name: String,
    pub label: Label,
    pub collection_label: Label,
    pub primary_id: String,
    pub primary_name: Option<String>,
    pub object_type_code: u32,
    pub is_intersect: bool,
    pub attributes: Vec<AttrMeta>,
}

impl EntityMeta {
    pub fn type_name(&self) -> String {
        format!("Microsoft.Dynamics.CRM.{}", self.logical_name)
    }

    pub fn attribute(&self, logical_name: &str) -> Option<&AttrMeta> {
        self.attributes
            .iter()
            .find(|a| a.logical_name == logical_name)
    }

    /// Finds the attribute behind a Web API property name.
    pub fn by_property(&self, property: &str) -> Option<&AttrMeta> {
        self.attributes
            .iter()
            .find(|a| a.property_name() == property)
    }

    pub fn prop_type(&self, property: &str) -> Option<PropType> {
        self.by_property(property).map(|a| a.attr_type.prop_type())
    }

    pub fn metadata_id(&self) -> Uuid {
        name_uuid(&format!("entity/{}", self.logical_name))
    }

    pub fn to_json(&self, lcid: u32) -> Map<String, Value> {
        let v = json!({
            "MetadataId": self.metadata_id().to_string(),
            "LogicalName": self.logical_name,
            "SchemaName": schema_name(&self.logical_name),
            "EntitySetName": self.entity_set_name,
            "LogicalCollectionName": self.entity_set_name,
            "DisplayName": self.label.to_json(lcid, &format!("{}/label", self.logical_name)),
            "DisplayCollectionName": self.collection_label.to_json(lcid, &format!("{}/clabel", self.logical_name)),
            "PrimaryIdAttribute": self.primary_id,
            "PrimaryNameAttribute": self.primary_name,
            "ObjectTypeCode": self.object_type_code,
            "IsCustomEntity": self.logical_name.starts_with("new_"),
            "IsIntersect": self.is_intersect,
            "IsActivity": false,
            "OwnershipType": if self.is_intersect { "None" } else { "UserOwned" }
        });
        v.as_object().cloned().unwrap_or_default()
    }

    pub fn attribute_json(&self, a: &AttrMeta, lcid: u32) -> Map<String, Value> {
        let id_seed = format!("{}/{}", self.logical_name, a.logical_name);
        let mut m = json!({
            "@odata.type": format!("#Microsoft.Dynamics.CRM.{}", a.attr_type.metadata_type()),
            "MetadataId": name_uuid(&id_seed).to_string(),
            "LogicalName": a.logical_name,
            "SchemaName": a.schema_name(),
            "EntityLogicalName": self.logical_name,
            "AttributeType": a.attr_type.name(),
            "AttributeTypeName": {"Value": format!("{}Type", a.attr_type.name())},
            "AttributeOf": null,
            "RequiredLevel": {
                "Value": a.required,
                "CanBeChanged": !a.is_custom,
                "ManagedPropertyLogicalName": "canmodifyrequirementlevelsettings"
            },
            "DisplayName": a.label.to_json(lcid, &id_seed),
            "IsCustomAttribute": a.is_custom,
            "IsPrimaryId": a.logical_name == self.primary_id,
            "IsPrimaryName": self.primary_name.as_deref() == Some(a.logical_name.as_str()),
            "IsValidForCreate": !a.computed,
            "IsValidForRead": true,
            "IsValidForUpdate": !a.computed && a.logical_name != self.primary_id,
            "ColumnNumber": self.attributes.iter().position(|x| x.logical_name == a.logical_name).unwrap_or(0) + 1
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        for (k, v) in derived_values(a) {
            m.insert(k.to_string(), v);
        }
        m
    }
}

/// A stable, v4-shaped UUID derived from a name (FNV-1a, twice).
pub fn name_uuid(name: &str) -> Uuid {
    let fnv = |seed: u64| {
        name.bytes()
            .fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
    };
    let hi = fnv(0xcbf29ce484222325);
    let lo = fnv(0x84222325cbf29ce4 ^ hi);
    let bytes = ((hi as u128) << 64 | lo as u128).to_be_bytes();
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_exposed_as_value_properties() {
        let c = contact();
        assert!(c.by_property("_parentcustomerid_value").is_some());
        assert!(c.by_property("parentcustomerid").is_none());
        assert_eq!(
            c.attribute("parentcustomerid").unwrap().schema_name(),
            "Parentcustomerid"
        );
    }

    #[test]
    fn attribute_json_has_documented_shape() {
        let c = contact();
        let j = c.attribute_json(c.attribute("lastname").unwrap(), 1036);
        assert_eq!(
            j["@odata.type"],
            "#Microsoft.Dynamics.CRM.StringAttributeMetadata"
        );
        assert_eq!(j["MaxLength"], 50);
        assert_eq!(j["RequiredLevel"]["Value"], "ApplicationRequired");
        assert_eq!(j["DisplayName"]["UserLocalizedLabel"]["Label"], "Nom");
        assert_eq!(j["DisplayName"]["LocalizedLabels"][0]["LanguageCode"], 1033);
        let b = c.attribute_json(c.attribute("donotemail").unwrap(), 1033);
        assert!(b.get("MaxLength").is_none());
    }

    #[test]
    fn name_uuid_is_stable() {
        assert_eq!(name_uuid("x"), name_uuid("x"));
        assert_ne!(name_uuid("x"), name_uuid("y"));
    }
}
