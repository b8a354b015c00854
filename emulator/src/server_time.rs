//! A model of the time an org spends on each operation (`--server-time`).
//!
//! The emulator answers at once; an org does not. These figures are a model,
//! not a measurement: round numbers of the order an online org shows for each
//! kind of operation, so the benchmark sees what a request plan costs there.
//! What the model keeps from the service is its shape: the parts of a `$batch`
//! run one after another ("Dataverse performs these operations sequentially in
//! the order you specify", *Execute batch operations using the Web API*), so a
//! batch costs its envelope plus the sum of its parts, while separate requests
//! run side by side (the emulator holds no lock while it waits).

use crate::api::metadata_changes;
use crate::api::path::parse_segments;
use crate::api::ApiRequest;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// Milliseconds per kind of operation. A JSON file given to `--server-time`
/// may set any of them; the ones it leaves out keep the realistic figure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerTime {
    /// The `$batch` envelope, on top of its parts.
    pub batch: u64,
    /// A query of records (`contacts`, `contacts(id)/contactleads_association`, `entitymaps(id)`).
    pub record_query: u64,
    /// Added to a record query with `$count=true`.
    pub count: u64,
    /// Added to a record query with `$expand`.
    pub expand: u64,
    /// Added to a record query whose `$filter` uses `contains()`.
    pub contains: u64,
    /// `EntityDefinitions(LogicalName='x')` or `EntityDefinitions?$filter=…`;
    /// also `RetrieveMetadataChanges`, per entity answered, without `Attributes`.
    pub entity_definition: u64,
    /// All of an entity's attributes: `EntityDefinitions(…)/Attributes`;
    /// also `RetrieveMetadataChanges`, per entity answered with its `Attributes`.
    pub entity_attributes: u64,
    /// An attribute-type cast: `…/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata`,
    /// the option sets (`…/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet(…)`,
    /// Status, State, Boolean) and lookup targets (`…LookupAttributeMetadata?$select=LogicalName,Targets`)
    /// included, and one attribute through a cast (`…/Attributes(LogicalName='x')/Microsoft.Dynamics.CRM.…`).
    pub attribute_cast: u64,
    /// One attribute: `…/Attributes(LogicalName='x')`.
    pub attribute: u64,
    /// The `InitializeFrom` function.
    pub initialize_from: u64,
    /// Any other function (`WhoAmI`, `RetrieveUserPrivileges`, …), and a
    /// `RetrieveMetadataChanges` that answers no entity (or an error).
    pub function: u64,
    /// A write: POST, PATCH, PUT or DELETE (an association through `$ref` included).
    pub write: u64,
}

impl Default for ServerTime {
    fn default() -> Self {
        Self::realistic()
    }
}

impl ServerTime {
    /// The figures `--server-time realistic` uses.
    pub fn realistic() -> Self {
        ServerTime {
            batch: 15,
            record_query: 50,
            count: 30,
            expand: 20,
            contains: 30,
            entity_definition: 40,
            entity_attributes: 150,
            attribute_cast: 90,
            attribute: 40,
            initialize_from: 80,
            function: 20,
            write: 60,
        }
    }

    /// No server time at all: what the emulator does without `--server-time`.
    pub fn none() -> Self {
        ServerTime {
            batch: 0,
            record_query: 0,
            count: 0,
            expand: 0,
            contains: 0,
            entity_definition: 0,
            entity_attributes: 0,
            attribute_cast: 0,
            attribute: 0,
            initialize_from: 0,
            function: 0,
            write: 0,
        }
    }

    /// `realistic`, `none`, or the path of a JSON file of figures.
    pub fn parse(spec: &str) -> Result<Self, String> {
        match spec {
            "realistic" => Ok(Self::realistic()),
            "none" | "0" => Ok(Self::none()),
            path => {
                let text = std::fs::read_to_string(Path::new(path))
                    .map_err(|e| format!("--server-time {path}: {e}"))?;
                serde_json::from_str(&text).map_err(|e| format!("--server-time {path}: {e}"))
            }
        }
    }

    pub fn is_none(&self) -> bool {
        *self == Self::none()
    }

    /// The time one request (not `$batch`) spends in the org; `store` is
    /// read for the entities a `RetrieveMetadataChanges` query matches.
    pub fn of(&self, req: &ApiRequest, store: &Store) -> Duration {
        Duration::from_millis(self.millis(req, store))
    }

    fn millis(&self, req: &ApiRequest, store: &Store) -> u64 {
        if req.method != "GET" {
            return self.write;
        }
        let rest = req.raw_path.strip_prefix("/api/data/").unwrap_or("");
        let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
        let Ok(segments) = parse_segments(&decoded) else {
            return 0;
        };
        // The first segment is the version.
        let names: Vec<&str> = segments.iter().skip(1).map(|s| s.name.as_str()).collect();
        match names.as_slice() {
            [] => 0,
            ["EntityDefinitions"] => self.entity_definition,
            ["EntityDefinitions", "Attributes"] if segments[2].key.is_some() => self.attribute,
            ["EntityDefinitions", "Attributes"] => self.entity_attributes,
            ["EntityDefinitions", "Attributes", _cast] => self.attribute_cast,
            ["EntityDefinitions", ..] => self.entity_definition,
            ["InitializeFrom"] => self.initialize_from,
            [name] if *name == metadata_changes::NAME => {
                self.metadata_changes(segments[1].key.as_deref(), &req.raw_query, store)
            }
            [name] if segments[1].key.is_none() && is_function(name) => self.function,
            [_bound_to, name] if name.starts_with("Microsoft.Dynamics.CRM.") => self.function,
            _ => self.record_query + self.query_extras(&req.raw_query),
        }
    }

    /// One metadata operation that answers each matched entity: its
    /// attributes with the asked properties (derived ones such as `MaxLength`
    /// included) cost like reading that entity's attributes.
    fn metadata_changes(&self, key: Option<&str>, raw_query: &str, store: &Store) -> u64 {
        match metadata_changes::answered_entities(key, raw_query, store) {
            Some((n, with_attributes)) if n > 0 => {
                let each = if with_attributes {
                    self.entity_attributes
                } else {
                    self.entity_definition
                };
                n as u64 * each
            }
            _ => self.function,
        }
    }

    fn query_extras(&self, raw_query: &str) -> u64 {
        let query = crate::odata::query::decode_component(raw_query).to_ascii_lowercase();
        let has = |option: &str| {
            query
                .split('&')
                .any(|pair| pair.trim_start().starts_with(option))
        };
        let mut extra = 0;
        if query
            .split('&')
            .any(|p| p.replace(' ', "") == "$count=true")
        {
            extra += self.count;
        }
        if has("$expand=") {
            extra += self.expand;
        }
        if query
            .split('&')
            .any(|p| p.starts_with("$filter=") && p.contains("contains("))
        {
            extra += self.contains;
        }
        extra
    }
}

/// Entity sets are lower case plurals; the service's functions are PascalCase.
fn is_function(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path_and_query: &str) -> ApiRequest {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        ApiRequest {
            method: "GET".into(),
            raw_path: format!("/api/data/v9.2/{path}"),
            raw_query: query.into(),
            headers: Vec::new(),
            body: Vec::new(),
            base: "http://localhost".into(),
        }
    }

    #[test]
    fn each_kind_of_operation_has_its_time() {
        let t = ServerTime::realistic();
        let store = crate::fixtures::build();
        let ms = |p: &str| t.of(&get(p), &store).as_millis();
        assert_eq!(ms("contacts?$select=fullname"), 50);
        assert_eq!(
            ms("contacts(c0000000-0000-4000-8000-000000000001)/contactleads_association?$select=fullname&$count=true"),
            80
        );
        assert_eq!(
            ms("entitymaps(e0000000-0000-4000-8000-000000000001)?$expand=entity_map_attribute_maps($select=sourceattributename)"),
            70
        );
        assert_eq!(
            ms("leads?$filter=contains(fullname,'a')%20or%20contains(emailaddress1,'a')&$count=true"),
            110
        );
        assert_eq!(
            ms("EntityDefinitions(LogicalName='lead')?$select=DisplayName"),
            40
        );
        assert_eq!(
            ms("EntityDefinitions?$filter=LogicalName%20eq%20'lead'"),
            40
        );
        assert_eq!(
            ms("EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName"),
            150
        );
        assert_eq!(
            ms("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=MaxLength"),
            90
        );
        assert_eq!(
            ms("EntityDefinitions(LogicalName='lead')/Attributes(LogicalName='fullname')"),
            40
        );
        // The option set and lookup target queries, URL-encoded as LeadMap sends them.
        assert_eq!(
            ms("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?%24select=LogicalName&%24expand=OptionSet(%24select%3DOptions)"),
            90
        );
        assert_eq!(
            ms("EntityDefinitions(LogicalName%3D'lead')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?%24select=LogicalName&%24expand=OptionSet(%24select%3DOptions)"),
            90
        );
        assert_eq!(
            ms("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?%24select=LogicalName%2CTargets"),
            90
        );
        assert_eq!(
            ms("InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)?@p1={}"),
            80
        );
        assert_eq!(ms("WhoAmI"), 20);
        assert_eq!(
            ms("systemusers(5e000000-0000-4000-8000-000000000001)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()"),
            20
        );
        let mut write =
            get("contacts(c0000000-0000-4000-8000-000000000001)/contactleads_association/$ref");
        write.method = "POST".into();
        assert_eq!(t.of(&write, &store).as_millis(), 60);
    }

    #[test]
    fn retrieve_metadata_changes_costs_per_entity_answered() {
        let t = ServerTime::realistic();
        let store = crate::fixtures::build();
        let ms = |p: &str| t.of(&get(p), &store).as_millis();
        let call = |query: &str| {
            let encoded: String =
                percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
                    .to_string();
            format!("RetrieveMetadataChanges(Query=@p1)?@p1={encoded}")
        };
        let names = r#"{"FilterOperator":"Or","Conditions":[
            {"PropertyName":"LogicalName","ConditionOperator":"Equals","Value":{"Type":"System.String","Value":"contact"}},
            {"PropertyName":"LogicalName","ConditionOperator":"Equals","Value":{"Type":"System.String","Value":"lead"}}]}"#;
        let with_attributes = format!(
            r#"{{"Criteria":{names},"Properties":{{"AllProperties":false,"PropertyNames":["Attributes"]}},
            "AttributeQuery":{{"Properties":{{"AllProperties":false,"PropertyNames":["LogicalName","MaxLength"]}}}}}}"#
        );
        assert_eq!(ms(&call(&with_attributes)), 2 * 150);
        let without = format!(
            r#"{{"Criteria":{names},"Properties":{{"AllProperties":false,"PropertyNames":["DisplayName"]}}}}"#
        );
        assert_eq!(ms(&call(&without)), 2 * 40);
        // Nothing matched, or an error: like any other function.
        let none = r#"{"Criteria":{"Conditions":[{"PropertyName":"LogicalName","ConditionOperator":"Equals","Value":{"Type":"System.String","Value":"nosuch"}}]}}"#;
        assert_eq!(ms(&call(none)), 20);
        assert_eq!(ms("RetrieveMetadataChanges(Query=@p1)?@p1=notjson"), 20);
    }

    #[test]
    fn a_file_sets_some_figures_and_keeps_the_rest() {
        let t: ServerTime = serde_json::from_str(r#"{"entity_attributes": 400}"#).unwrap();
        assert_eq!(t.entity_attributes, 400);
        assert_eq!(t.record_query, 50);
        assert!(serde_json::from_str::<ServerTime>(r#"{"entity_atributes": 1}"#).is_err());
        assert!(ServerTime::parse("/no/such/file.json").is_err());
        assert!(ServerTime::parse("none").unwrap().is_none());
    }
}
