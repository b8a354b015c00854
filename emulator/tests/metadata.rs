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

/// `LocalizedLabels` as `(LanguageCode, Label)` pairs.
fn labels(label: &Value) -> Vec<(i64, String)> {
    label["LocalizedLabels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["LanguageCode"].as_i64().unwrap(),
                l["Label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `OptionSet.Options` as `(Value, English label)` pairs.
fn options(attribute: &Value, navigation: &str) -> Vec<(i64, String)> {
    attribute[navigation]["Options"]
        .as_array()
        .unwrap_or_else(|| panic!("no {navigation}.Options in {attribute}"))
        .iter()
        .map(|o| {
            (
                o["Value"].as_i64().unwrap(),
                o["Label"]["UserLocalizedLabel"]["Label"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

/// As LeadMap sends it: `$`, `=` inside `$expand` percent-encoded.
const LEAD_PICKLISTS: &str = "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?%24select=LogicalName&%24expand=OptionSet(%24select%3DOptions)";

#[tokio::test]
async fn picklist_cast_expands_the_option_set() {
    let emu = Emu::start().await;
    let b = emu.ok(LEAD_PICKLISTS).await;
    assert_eq!(
        b["@odata.context"],
        json!(format!("{}/api/data/v9.2/$metadata#EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet(Options))", emu.origin))
    );
    let mut names = strings(&b, "LogicalName");
    names.sort();
    assert_eq!(
        names,
        vec![
            "leadqualitycode",
            "leadsourcecode",
            "preferredcontactmethodcode"
        ]
    );
    let rating = attr(&b, "leadqualitycode");
    assert_eq!(
        rating["@odata.type"],
        "#Microsoft.Dynamics.CRM.PicklistAttributeMetadata"
    );
    assert!(rating["MetadataId"].is_string());
    // `$select=Options` inside the expand: the option set keeps only its key.
    let mut keys: Vec<&String> = rating["OptionSet"].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, vec!["MetadataId", "Options"]);
    assert!(rating.get("GlobalOptionSet").is_none());
    assert_eq!(
        options(rating, "OptionSet"),
        vec![
            (1, "Hot".to_string()),
            (2, "Warm".to_string()),
            (3, "Cold".to_string())
        ]
    );
    let hot = &rating["OptionSet"]["Options"][0];
    assert_eq!(
        labels(&hot["Label"]),
        vec![(1033, "Hot".to_string()), (1036, "Chaud".to_string())]
    );
    assert_eq!(hot["Label"]["UserLocalizedLabel"]["LanguageCode"], 1033);
    for (k, v) in [
        ("Color", Value::Null),
        ("IsManaged", json!(true)),
        ("ExternalValue", Value::Null),
        ("ParentValues", json!([])),
        ("Tag", Value::Null),
        ("IsHidden", json!(false)),
        ("MetadataId", Value::Null),
        ("HasChanged", Value::Null),
        (
            "Description",
            json!({"LocalizedLabels": [], "UserLocalizedLabel": null}),
        ),
    ] {
        assert_eq!(hot[k], v, "{k}");
    }

    // The user's language picks UserLocalizedLabel.
    let r = emu
        .send(
            "PATCH",
            "/_emulator/settings",
            &[("Content-Type", "application/json")],
            Some(r#"{"user_lcid":1036}"#.into()),
        )
        .await;
    assert_eq!(r.status, 200);
    let b = emu.ok(LEAD_PICKLISTS).await;
    let hot = &attr(&b, "leadqualitycode")["OptionSet"]["Options"][0];
    assert_eq!(hot["Label"]["UserLocalizedLabel"]["Label"], "Chaud");
    assert_eq!(hot["Label"]["UserLocalizedLabel"]["LanguageCode"], 1036);
}

#[tokio::test]
async fn one_picklist_with_option_set_and_global_option_set() {
    let emu = Emu::start().await;
    // The request of "Retrieve table definitions by name or MetadataId".
    let b = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='preferredcontactmethodcode')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)").await;
    assert!(b["@odata.context"].as_str().unwrap().ends_with(
        "/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet(Options),GlobalOptionSet(Options))/$entity"
    ));
    assert_eq!(b["LogicalName"], "preferredcontactmethodcode");
    assert!(b["MetadataId"].is_string());
    assert_eq!(options(&b, "OptionSet"), options(&b, "GlobalOptionSet"));
    assert_eq!(
        b["OptionSet"]["MetadataId"],
        b["GlobalOptionSet"]["MetadataId"]
    );
    let values: Vec<i64> = options(&b, "OptionSet").iter().map(|o| o.0).collect();
    assert_eq!(values, vec![1, 2, 3, 4, 5]);

    // Without `$select` the option set has all its properties.
    let b = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='preferredcontactmethodcode')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet").await;
    let set = &b["OptionSet"];
    assert_eq!(set["Name"], "contact_preferredcontactmethodcode");
    assert_eq!(set["OptionSetType"], "Picklist");
    assert_eq!(set["IsGlobal"], false);
    assert_eq!(
        set["DisplayName"]["UserLocalizedLabel"]["Label"],
        "Preferred Method of Contact"
    );
    assert_eq!(set["Options"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn status_state_and_boolean_casts_expand_their_option_sets() {
    let emu = Emu::start().await;
    let b = emu.ok("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?%24select=LogicalName&%24expand=OptionSet(%24select%3DOptions)").await;
    assert_eq!(strings(&b, "LogicalName"), vec!["statuscode"]);
    let status = attr(&b, "statuscode");
    let lost = &status["OptionSet"]["Options"][3];
    assert_eq!(
        lost["@odata.type"],
        "#Microsoft.Dynamics.CRM.StatusOptionMetadata"
    );
    assert_eq!(lost["Value"], 4);
    assert_eq!(lost["State"], 2);
    assert_eq!(lost["Label"]["UserLocalizedLabel"]["Label"], "Lost");

    let b = emu.ok("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StateAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)").await;
    let state = attr(&b, "statecode");
    assert_eq!(
        options(state, "OptionSet"),
        vec![
            (0, "Open".to_string()),
            (1, "Qualified".to_string()),
            (2, "Disqualified".to_string())
        ]
    );
    let qualified = &state["OptionSet"]["Options"][1];
    assert_eq!(
        qualified["@odata.type"],
        "#Microsoft.Dynamics.CRM.StateOptionMetadata"
    );
    assert_eq!(qualified["DefaultStatus"], 3);
    assert_eq!(qualified["InvariantName"], "Qualified");

    let b = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=TrueOption,FalseOption)").await;
    let email = attr(&b, "donotemail");
    assert_eq!(email["OptionSet"]["TrueOption"]["Value"], 1);
    assert_eq!(
        email["OptionSet"]["TrueOption"]["Label"]["UserLocalizedLabel"]["Label"],
        "Do Not Allow"
    );
    assert_eq!(email["OptionSet"]["FalseOption"]["Value"], 0);
    assert!(email["OptionSet"].get("Options").is_none());
}

#[tokio::test]
async fn option_sets_only_on_the_option_set_casts() {
    let emu = Emu::start().await;
    for (path, message) in [
        (
            "EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName&$expand=OptionSet($select=Options)",
            "Could not find a property named 'OptionSet' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.",
        ),
        (
            "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName&$expand=OptionSet",
            "Could not find a property named 'OptionSet' on type 'Microsoft.Dynamics.CRM.StringAttributeMetadata'.",
        ),
        (
            "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Nope)",
            "Could not find a property named 'Nope' on type 'Microsoft.Dynamics.CRM.OptionSetMetadata'.",
        ),
        (
            "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)",
            "Could not find a property named 'Options' on type 'Microsoft.Dynamics.CRM.BooleanOptionSetMetadata'.",
        ),
    ] {
        let r = emu.get(path).await;
        assert_eq!(r.status, 400, "{path}: {}", r.text);
        assert_eq!(r.json()["error"]["message"], message, "{path}");
    }
    let r = emu.get("EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet($filter=Value eq 1)").await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn lookup_cast_returns_targets() {
    let emu = Emu::start().await;
    let b = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?%24select=LogicalName%2CTargets").await;
    assert!(b["@odata.context"].as_str().unwrap().ends_with(
        "/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata(LogicalName,Targets)"
    ));
    let company = attr(&b, "parentcustomerid");
    assert_eq!(
        company["@odata.type"],
        "#Microsoft.Dynamics.CRM.LookupAttributeMetadata"
    );
    assert_eq!(company["Targets"], json!(["account", "contact"]));
    assert_eq!(attr(&b, "originatingleadid")["Targets"], json!(["lead"]));
    // Owner and Customer columns are LookupAttributeMetadata too.
    assert_eq!(
        attr(&b, "ownerid")["Targets"],
        json!(["systemuser", "team"])
    );
    assert!(values(&b).iter().all(|a| a.get("MaxLength").is_none()));
}
