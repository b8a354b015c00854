//! EntityDefinitions and attribute metadata.

mod common;
use common::*;
use serde_json::{json, Value};

fn attr<'a>(body: &'a Value, name: &str) -> &'a Value {
    values(body)
        .iter()
        .find(|a| a["LogicalName"] == name)
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

#[tokio::test]
async fn entity_definition_with_select() {
    let emu = Emu::start().await;
    let b = emu.ok("EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,DisplayName,PrimaryIdAttribute,PrimaryNameAttribute").await;
    assert_eq!(b["EntitySetName"], "contacts");
    assert_eq!(b["PrimaryIdAttribute"], "contactid");
    assert_eq!(b["PrimaryNameAttribute"], "fullname");
    assert_eq!(b["DisplayName"]["UserLocalizedLabel"]["Label"], "Contact");
    assert!(b.get("MetadataId").is_some());
    assert!(b.get("ObjectTypeCode").is_none());
    for entity in [
        "lead",
        "account",
        "opportunity",
        "entitymap",
        "attributemap",
    ] {
        emu.ok(&format!("EntityDefinitions(LogicalName='{entity}')"))
            .await;
    }
    let r = emu.get("EntityDefinitions(LogicalName='nosuch')").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn attributes_with_labels_in_the_user_language() {
    let emu = Emu::start().await;
    let path = "EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName,AttributeType,DisplayName,RequiredLevel,IsCustomAttribute";
    let b = emu.ok(path).await;
    let last = attr(&b, "lastname");
    assert_eq!(
        last["@odata.type"],
        "#Microsoft.Dynamics.CRM.StringAttributeMetadata"
    );
    assert_eq!(last["AttributeType"], "String");
    assert_eq!(last["RequiredLevel"]["Value"], "ApplicationRequired");
    assert_eq!(last["IsCustomAttribute"], false);
    assert_eq!(
        last["DisplayName"]["UserLocalizedLabel"],
        json!({"Label": "Last Name", "LanguageCode": 1033, "IsManaged": true, "MetadataId": last["DisplayName"]["UserLocalizedLabel"]["MetadataId"], "HasChanged": null})
    );
    let codes: Vec<i64> = last["DisplayName"]["LocalizedLabels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["LanguageCode"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, vec![1033, 1036]);
    assert!(last.get("MaxLength").is_none());
    assert_eq!(attr(&b, "new_region")["IsCustomAttribute"], true);
    assert_eq!(attr(&b, "parentaccountid")["AttributeType"], "Lookup");
    assert_eq!(attr(&b, "statuscode")["AttributeType"], "Status");
    assert!(values(&b)
        .iter()
        .all(|a| a["LogicalName"] != "new_legacyscore"));

    let r = emu
        .send(
            "PUT",
            "/_emulator/settings",
            &[("Content-Type", "application/json")],
            Some(r#"{"user_lcid":1036}"#.into()),
        )
        .await;
    assert_eq!(r.status, 200);
    let b = emu.ok(path).await;
    assert_eq!(
        attr(&b, "lastname")["DisplayName"]["UserLocalizedLabel"]["Label"],
        "Nom"
    );
    assert_eq!(
        attr(&b, "lastname")["DisplayName"]["UserLocalizedLabel"]["LanguageCode"],
        1036
    );
}

#[tokio::test]
async fn user_lcid_from_the_command_line() {
    let emu = Emu::start_with(dataverse_emulator::Config {
        user_lcid: 1036,
        ..Default::default()
    })
    .await;
    let b = emu
        .ok("EntityDefinitions(LogicalName='contact')?$select=DisplayName")
        .await;
    assert_eq!(b["DisplayName"]["UserLocalizedLabel"]["Label"], "Contact");
    let b = emu
        .ok("EntityDefinitions(LogicalName='lead')?$select=DisplayName")
        .await;
    assert_eq!(b["DisplayName"]["UserLocalizedLabel"]["Label"], "Prospect");
}

#[tokio::test]
async fn max_length_needs_the_string_or_memo_cast() {
    let emu = Emu::start().await;
    let b = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength").await;
    assert!(b["@odata.context"].as_str().unwrap().contains(
        "/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata(LogicalName,MaxLength)"
    ));
    assert_eq!(attr(&b, "new_summary")["MaxLength"], 100);
    assert!(values(&b)
        .iter()
        .all(|a| a["@odata.type"] == "#Microsoft.Dynamics.CRM.StringAttributeMetadata"));
    let b = emu.ok("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.MemoAttributeMetadata?$select=LogicalName,MaxLength").await;
    assert_eq!(attr(&b, "description")["MaxLength"], 2000);
    assert_eq!(values(&b).len(), 1);

    let r = emu
        .get("EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,MaxLength")
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["message"], "Could not find a property named 'MaxLength' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.");
    let r = emu.get("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.NoSuchMetadata").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn expand_filter_and_unsupported_options() {
    let emu = Emu::start().await;
    let b = emu.ok("EntityDefinitions(LogicalName='account')?$select=LogicalName&$expand=Attributes($select=LogicalName,RequiredLevel)").await;
    let region = b["Attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["LogicalName"] == "new_region")
        .unwrap();
    assert_eq!(region["RequiredLevel"]["Value"], "ApplicationRequired");
    let b = emu.ok("EntityDefinitions?$filter=LogicalName eq 'lead' or LogicalName eq 'contact'&$select=LogicalName,EntitySetName").await;
    let mut names = strings(&b, "LogicalName");
    names.sort();
    assert_eq!(names, vec!["contact", "lead"]);
    let b = emu.ok("EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName&$filter=AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Memo'").await;
    assert_eq!(strings(&b, "LogicalName"), vec!["description"]);
    let b = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='lastname')/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=MaxLength").await;
    assert_eq!(b["MaxLength"], 50);
    for bad in [
        "EntityDefinitions?$orderby=LogicalName",
        "EntityDefinitions?$top=1",
        "EntityDefinitions?$select=Nope",
    ] {
        assert_eq!(emu.get(bad).await.status, 400, "{bad}");
    }
}
