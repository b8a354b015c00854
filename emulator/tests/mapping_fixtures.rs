//! The lead → contact entity map exhibits what a mapping check should find,
//! read through the Web API as LeadMap reads it.

mod common;
use common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// `(LogicalName, AttributeType)` of every column.
async fn columns(emu: &Emu, entity: &str) -> BTreeMap<String, String> {
    let b = emu
        .ok(&format!(
            "EntityDefinitions(LogicalName='{entity}')/Attributes?$select=LogicalName,AttributeType"
        ))
        .await;
    values(&b)
        .iter()
        .map(|a| {
            (
                a["LogicalName"].as_str().unwrap().to_string(),
                a["AttributeType"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn option_values(emu: &Emu, entity: &str, column: &str) -> Vec<i64> {
    let b = emu.ok(&format!("EntityDefinitions(LogicalName='{entity}')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?%24select=LogicalName&%24expand=OptionSet(%24select%3DOptions)")).await;
    let a = values(&b)
        .iter()
        .find(|a| a["LogicalName"] == column)
        .unwrap_or_else(|| panic!("no picklist {entity}.{column}"));
    a["OptionSet"]["Options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["Value"].as_i64().unwrap())
        .collect()
}

async fn targets(emu: &Emu, entity: &str, column: &str) -> Value {
    let b = emu.ok(&format!("EntityDefinitions(LogicalName='{entity}')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?%24select=LogicalName%2CTargets")).await;
    values(&b)
        .iter()
        .find(|a| a["LogicalName"] == column)
        .unwrap_or_else(|| panic!("no lookup {entity}.{column}"))["Targets"]
        .clone()
}

#[tokio::test]
async fn lead_to_contact_map_has_gaps_and_mismatches() {
    let emu = Emu::start().await;
    let m = emu.ok(&format!("entitymaps({MAP_LEAD_CONTACT})?$select=sourceentityname,targetentityname&$expand=entity_map_attribute_maps($select=sourceattributename,targetattributename,issystem)")).await;
    assert_eq!(m["sourceentityname"], "lead");
    assert_eq!(m["targetentityname"], "contact");
    let maps: Vec<(String, String)> = m["entity_map_attribute_maps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["sourceattributename"].as_str().unwrap().to_string(),
                a["targetattributename"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mapped = |s: &str, t: &str| maps.iter().any(|(ms, mt)| ms == s && mt == t);

    // a. Same-name columns of the same type on both tables that no map covers.
    let (lead, contact) = (columns(&emu, "lead").await, columns(&emu, "contact").await);
    let covered: BTreeSet<&str> = maps
        .iter()
        .flat_map(|(s, t)| [s.as_str(), t.as_str()])
        .collect();
    let unmapped: Vec<&str> = lead
        .iter()
        .filter(|(name, ty)| contact.get(*name) == Some(ty) && !covered.contains(name.as_str()))
        .map(|(name, _)| name.as_str())
        .collect();
    for column in ["telephone2", "fax"] {
        assert!(unmapped.contains(&column), "{column} in {unmapped:?}");
        assert_eq!(lead[column], "String");
    }

    // b. A Picklist map whose option values differ.
    assert!(mapped(
        "preferredcontactmethodcode",
        "preferredcontactmethodcode"
    ));
    assert_eq!(lead["preferredcontactmethodcode"], "Picklist");
    assert_eq!(contact["preferredcontactmethodcode"], "Picklist");
    let source = option_values(&emu, "lead", "preferredcontactmethodcode").await;
    let target = option_values(&emu, "contact", "preferredcontactmethodcode").await;
    assert_eq!(source, vec![1, 2, 3, 4, 100000000]);
    assert_eq!(target, vec![1, 2, 3, 4, 5]);

    // c. A Lookup map whose targets differ.
    assert!(mapped("parentaccountid", "parentcustomerid"));
    assert_eq!(
        targets(&emu, "lead", "parentaccountid").await,
        json!(["account"])
    );
    assert_eq!(
        targets(&emu, "contact", "parentcustomerid").await,
        json!(["account", "contact"])
    );

    // The lead with everything filled carries values for them.
    let full = emu
        .ok(&format!(
            "leads({LEAD_FULL})?$select=telephone2,fax,preferredcontactmethodcode"
        ))
        .await;
    assert_eq!(full["preferredcontactmethodcode"], 100000000);
    assert!(full["telephone2"].is_string() && full["fax"].is_string());

    // The fixture ids name those maps.
    let f = emu.ok("/_emulator/fixtures").await;
    let am = emu
        .ok(&format!(
            "attributemaps({})?$select=sourceattributename,targetattributename",
            f["attributemap_options_differ"].as_str().unwrap()
        ))
        .await;
    assert_eq!(am["sourceattributename"], "preferredcontactmethodcode");
    let am = emu
        .ok(&format!(
            "attributemaps({})?$select=sourceattributename,targetattributename",
            f["attributemap_targets_differ"].as_str().unwrap()
        ))
        .await;
    assert_eq!(am["targetattributename"], "parentcustomerid");
}
