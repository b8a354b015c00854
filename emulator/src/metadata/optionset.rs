//! The `OptionSet` and `GlobalOptionSet` navigation properties of the
//! Picklist, Status, State and Boolean attribute casts.
//!
//! Shape as *Retrieve table definitions by name or MetadataId* shows it for
//! `…/Attributes(LogicalName='x')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)`:
//! the option set keeps its `MetadataId` whatever `$select` says; each option
//! has `Value`, `Color`, `IsManaged`, `ExternalValue`, `ParentValues`, `Tag`,
//! `IsHidden`, `MetadataId` (null), `HasChanged`, `Label` and `Description`.
//! Status options are `StatusOptionMetadata` (`State`, `TransitionData`),
//! state options `StateOptionMetadata` (`DefaultStatus`, `InvariantName`).
//! Boolean columns have a `BooleanOptionSetMetadata` with `TrueOption` and
//! `FalseOption` instead of `Options`. The emulator's option sets are all
//! local; as the article notes, either property gives the options, so both
//! answer the same.

use super::{name_uuid, AttrMeta, AttrType, EntityMeta};
use crate::odata::PropType;
use serde_json::{json, Map, Value};

/// The navigation properties of the option set casts.
pub const OPTION_SET_NAVIGATIONS: &[&str] = &["OptionSet", "GlobalOptionSet"];

/// `OptionSetMetadata`: the `OptionSetMetadataBase` properties and its own.
const OPTION_SET_PROPS: &[(&str, PropType)] = &[
    ("MetadataId", PropType::Guid),
    ("HasChanged", PropType::Bool),
    ("IntroducedVersion", PropType::String),
    ("IsCustomOptionSet", PropType::Bool),
    ("IsGlobal", PropType::Bool),
    ("IsManaged", PropType::Bool),
    ("IsCustomizable", PropType::Complex),
    ("Name", PropType::String),
    ("ExternalTypeName", PropType::String),
    ("OptionSetType", PropType::String),
    ("DisplayName", PropType::Complex),
    ("Description", PropType::Complex),
    ("ParentOptionSetName", PropType::String),
    ("Options", PropType::Complex),
];

/// `BooleanOptionSetMetadata`: the `OptionSetMetadataBase` properties and its own.
const BOOLEAN_OPTION_SET_PROPS: &[(&str, PropType)] = &[
    ("MetadataId", PropType::Guid),
    ("HasChanged", PropType::Bool),
    ("IntroducedVersion", PropType::String),
    ("IsCustomOptionSet", PropType::Bool),
    ("IsGlobal", PropType::Bool),
    ("IsManaged", PropType::Bool),
    ("IsCustomizable", PropType::Complex),
    ("Name", PropType::String),
    ("ExternalTypeName", PropType::String),
    ("OptionSetType", PropType::String),
    ("DisplayName", PropType::Complex),
    ("Description", PropType::Complex),
    ("TrueOption", PropType::Complex),
    ("FalseOption", PropType::Complex),
];

/// The option set type behind a cast's `OptionSet` (its short name) and its
/// properties, or `None` when the cast has no option set.
pub fn option_set_props(cast: &str) -> Option<(&'static str, &'static [(&'static str, PropType)])> {
    match cast {
        "PicklistAttributeMetadata" | "StatusAttributeMetadata" | "StateAttributeMetadata" => {
            Some(("OptionSetMetadata", OPTION_SET_PROPS))
        }
        "BooleanAttributeMetadata" => Some(("BooleanOptionSetMetadata", BOOLEAN_OPTION_SET_PROPS)),
        _ => None,
    }
}

fn empty_label() -> Value {
    json!({"LocalizedLabels": [], "UserLocalizedLabel": null})
}

impl EntityMeta {
    /// The attribute's option set (`OptionSetMetadata` or
    /// `BooleanOptionSetMetadata`), or `None` for other attribute types.
    pub fn option_set_json(&self, a: &AttrMeta, lcid: u32) -> Option<Map<String, Value>> {
        let set_type = match a.attr_type {
            AttrType::Picklist => "Picklist",
            AttrType::Status => "Status",
            AttrType::State => "State",
            AttrType::Boolean => "Boolean",
            _ => return None,
        };
        let seed = format!("{}/{}/optionset", self.logical_name, a.logical_name);
        let mut m = json!({
            "MetadataId": name_uuid(&seed).to_string(),
            "HasChanged": null,
            "IntroducedVersion": if a.is_custom { "1.0.0.0" } else { "5.0.0.0" },
            "IsCustomOptionSet": a.is_custom,
            "IsGlobal": false,
            "IsManaged": !a.is_custom,
            "IsCustomizable": {
                "Value": true,
                "CanBeChanged": !a.is_custom,
                "ManagedPropertyLogicalName": "iscustomizable"
            },
            "Name": format!("{}_{}", self.logical_name, a.logical_name),
            "ExternalTypeName": null,
            "OptionSetType": set_type,
            "DisplayName": a.label.to_json(lcid, &format!("{seed}/label")),
            "Description": empty_label(),
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        let options: Vec<Value> = (0..a.options.len())
            .map(|i| Value::Object(self.option_json(a, i, lcid, &seed)))
            .collect();
        if a.attr_type == AttrType::Boolean {
            let find = |v: i64| {
                a.options
                    .iter()
                    .position(|(value, _)| *value == v)
                    .map(|i| options[i].clone())
                    .unwrap_or(Value::Null)
            };
            m.insert("TrueOption".into(), find(1));
            m.insert("FalseOption".into(), find(0));
        } else {
            m.insert("ParentOptionSetName".into(), Value::Null);
            m.insert("Options".into(), Value::Array(options));
        }
        Some(m)
    }

    fn option_json(&self, a: &AttrMeta, i: usize, lcid: u32, seed: &str) -> Map<String, Value> {
        let (value, label) = &a.options[i];
        let mut o = Map::new();
        match a.attr_type {
            AttrType::Status => {
                o.insert(
                    "@odata.type".into(),
                    json!("#Microsoft.Dynamics.CRM.StatusOptionMetadata"),
                );
            }
            AttrType::State => {
                o.insert(
                    "@odata.type".into(),
                    json!("#Microsoft.Dynamics.CRM.StateOptionMetadata"),
                );
            }
            _ => {}
        }
        let extra = json!({
            "Value": value,
            "Color": null,
            // Options a customizer added (publisher prefix values) are unmanaged.
            "IsManaged": !a.is_custom && *value < 100_000_000,
            "ExternalValue": null,
            "ParentValues": [],
            "Tag": null,
            "IsHidden": false,
            "MetadataId": null,
            "HasChanged": null,
            "Label": label.to_json(lcid, &format!("{seed}/{value}")),
            "Description": empty_label(),
        });
        o.extend(extra.as_object().cloned().unwrap_or_default());
        match a.attr_type {
            AttrType::Status => {
                o.insert("State".into(), json!(a.option_states.get(i)));
                o.insert("TransitionData".into(), Value::Null);
            }
            AttrType::State => {
                let default_status = self.attribute("statuscode").and_then(|s| {
                    s.options
                        .iter()
                        .zip(&s.option_states)
                        .find(|(_, state)| *state == value)
                        .map(|((status, _), _)| *status)
                });
                o.insert("DefaultStatus".into(), json!(default_status));
                o.insert("InvariantName".into(), json!(label.en.replace(' ', "")));
            }
            _ => {}
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use crate::metadata::{contact, lead};

    #[test]
    fn picklist_option_set_has_values_and_labels() {
        let c = contact();
        let set = c
            .option_set_json(c.attribute("preferredcontactmethodcode").unwrap(), 1036)
            .unwrap();
        assert_eq!(set["OptionSetType"], "Picklist");
        assert_eq!(set["Name"], "contact_preferredcontactmethodcode");
        let options = set["Options"].as_array().unwrap();
        assert_eq!(options[1]["Value"], 2);
        assert_eq!(
            options[1]["Label"]["UserLocalizedLabel"]["Label"],
            "Courrier électronique"
        );
        assert!(options[1]["MetadataId"].is_null());
        assert!(c
            .option_set_json(c.attribute("lastname").unwrap(), 1033)
            .is_none());
    }

    #[test]
    fn status_and_state_options_know_each_other() {
        let l = lead();
        let status = l
            .option_set_json(l.attribute("statuscode").unwrap(), 1033)
            .unwrap();
        let lost = &status["Options"][3];
        assert_eq!(lost["Value"], 4);
        assert_eq!(lost["State"], 2);
        assert_eq!(
            lost["@odata.type"],
            "#Microsoft.Dynamics.CRM.StatusOptionMetadata"
        );
        let state = l
            .option_set_json(l.attribute("statecode").unwrap(), 1033)
            .unwrap();
        assert_eq!(state["Options"][1]["DefaultStatus"], 3);
        assert_eq!(state["Options"][2]["InvariantName"], "Disqualified");
        let b = l
            .option_set_json(l.attribute("donotemail").unwrap(), 1033)
            .unwrap();
        assert_eq!(b["TrueOption"]["Value"], 1);
        assert_eq!(
            b["FalseOption"]["Label"]["UserLocalizedLabel"]["Label"],
            "Allow"
        );
        assert!(b.get("Options").is_none());
    }
}
