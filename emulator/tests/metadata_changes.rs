//! The `RetrieveMetadataChanges` function.

mod common;
use common::*;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde_json::{json, Value};

/// The query the app sends for one entity's attributes.
fn app_query(entity: &str) -> Value {
    json!({
        "Criteria": {"FilterOperator": "And", "Conditions": [
            {"PropertyName": "LogicalName", "ConditionOperator": "Equals", "Value": {"Type": "System.String", "Value": entity}}
        ]},
        "Properties": {"AllProperties": false, "PropertyNames": ["Attributes"]},
        "AttributeQuery": {"Properties": {"AllProperties": false, "PropertyNames": [
            "LogicalName", "AttributeType", "DisplayName", "RequiredLevel", "IsCustomAttribute", "IsValidForCreate", "MaxLength"
        ]}}
    })
}

fn encode(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

fn call(query: &Value) -> String {
    format!(
        "RetrieveMetadataChanges(Query=@p1)?@p1={}",
        encode(&query.to_string())
    )
}

fn entities(body: &Value) -> &Vec<Value> {
    body["EntityMetadata"].as_array().expect("EntityMetadata")
}

fn names(body: &Value) -> Vec<String> {
    let mut n: Vec<String> = entities(body)
        .iter()
        .map(|e| e["LogicalName"].as_str().unwrap().to_string())
        .collect();
    n.sort();
    n
}

fn attribute<'a>(entity: &'a Value, name: &str) -> &'a Value {
    entity["Attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["LogicalName"] == name)
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

fn condition(property: &str, operator: &str, ty: &str, value: &str) -> Value {
    json!({"PropertyName": property, "ConditionOperator": operator, "Value": {"Type": ty, "Value": value}})
}

#[tokio::test]
async fn the_apps_query_answers_the_attributes_with_the_asked_properties() {
    let emu = Emu::start().await;
    let url = call(&app_query("contact"));
    let b = emu.ok(&url).await;
    assert_eq!(
        b["@odata.context"],
        emu.url("$metadata#Microsoft.Dynamics.CRM.RetrieveMetadataChangesResponse")
    );
    assert_eq!(
        b["DeletedMetadata"],
        json!({"Count": 0, "IsReadOnly": false, "Keys": [], "Values": []})
    );
    assert!(b["ServerVersionStamp"].as_str().unwrap().contains('!'));
    let list = entities(&b);
    assert_eq!(list.len(), 1);
    let contact = &list[0];
    assert_eq!(contact["LogicalName"], "contact");
    assert!(contact["MetadataId"].is_string());
    assert!(contact["HasChanged"].is_null());
    // Not asked: present, null.
    for p in ["EntitySetName", "DisplayName", "PrimaryIdAttribute"] {
        assert!(contact.get(p).is_some_and(Value::is_null), "{p}");
    }

    let last = attribute(contact, "lastname");
    assert_eq!(
        last["@odata.type"],
        "#Microsoft.Dynamics.CRM.ComplexStringAttributeMetadata"
    );
    assert!(last["MetadataId"].is_string());
    assert!(last["HasChanged"].is_null());
    assert_eq!(last["AttributeType"], "String");
    assert_eq!(last["RequiredLevel"]["Value"], "ApplicationRequired");
    assert_eq!(last["IsCustomAttribute"], false);
    assert_eq!(last["IsValidForCreate"], true);
    assert_eq!(
        last["DisplayName"]["UserLocalizedLabel"]["Label"],
        "Last Name"
    );
    assert_eq!(
        last["DisplayName"]["LocalizedLabels"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Unasked base and derived properties are null.
    for p in [
        "SchemaName",
        "IsPrimaryId",
        "ColumnNumber",
        "IsAuditEnabled",
        "SourceType",
        "DatabaseLength",
    ] {
        assert!(last.get(p).is_some_and(Value::is_null), "{p}: {last}");
    }

    // MaxLength as the StringAttributeMetadata cast gives it, on String attributes only.
    let cast = emu.ok("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength").await;
    for a in values(&cast) {
        let name = a["LogicalName"].as_str().unwrap();
        assert_eq!(
            attribute(contact, name)["MaxLength"],
            a["MaxLength"],
            "{name}"
        );
    }
    assert!(values(&cast).len() > 3);
    let donotemail = attribute(contact, "donotemail");
    assert_eq!(
        donotemail["@odata.type"],
        "#Microsoft.Dynamics.CRM.ComplexBooleanAttributeMetadata"
    );
    assert!(donotemail.get("MaxLength").is_none());
    assert!(donotemail
        .get("DefaultFormValue")
        .is_some_and(Value::is_null));
    let parent = attribute(contact, "parentcustomerid");
    assert_eq!(
        parent["@odata.type"],
        "#Microsoft.Dynamics.CRM.ComplexLookupAttributeMetadata"
    );
    assert!(parent.get("MaxLength").is_none());
    let all = emu
        .ok("EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName")
        .await;
    assert_eq!(
        contact["Attributes"].as_array().unwrap().len(),
        values(&all).len()
    );
}

#[tokio::test]
async fn or_of_equals_and_in_match_both_entities() {
    let emu = Emu::start().await;
    let mut q = app_query("contact");
    q["Criteria"] = json!({"FilterOperator": "Or", "Conditions": [
        condition("LogicalName", "Equals", "System.String", "contact"),
        condition("LogicalName", "Equals", "System.String", "lead"),
    ]});
    assert_eq!(names(&emu.ok(&call(&q)).await), ["contact", "lead"]);
    q["Criteria"] = json!({"Conditions": [
        condition("LogicalName", "In", "System.String[]", "['contact','lead']"),
    ]});
    assert_eq!(names(&emu.ok(&call(&q)).await), ["contact", "lead"]);
    q["Criteria"] = json!({"Conditions": [
        condition("LogicalName", "NotIn", "System.String[]", "['contact','lead']"),
        condition("IsIntersect", "Equals", "System.Boolean", "False"),
    ]});
    let others = names(&emu.ok(&call(&q)).await);
    assert!(others.contains(&"account".to_string()), "{others:?}");
    assert!(!others.contains(&"contact".to_string()));
    assert!(!others.contains(&"contactleads".to_string()));
}

#[tokio::test]
async fn attribute_criteria_filter_the_attributes() {
    let emu = Emu::start().await;
    let mut q = app_query("contact");
    q["AttributeQuery"]["Criteria"] = json!({"Conditions": [
        condition("IsValidForCreate", "Equals", "System.Boolean", "True"),
    ]});
    let b = emu.ok(&call(&q)).await;
    let attrs = entities(&b)[0]["Attributes"].as_array().unwrap();
    assert!(!attrs.is_empty());
    assert!(attrs.iter().all(|a| a["IsValidForCreate"] == true));
    let names: Vec<&str> = attrs
        .iter()
        .map(|a| a["LogicalName"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"createdon"), "{names:?}");
    assert!(!names.contains(&"fullname"), "{names:?}");

    q["AttributeQuery"]["Criteria"] = json!({"Conditions": [
        condition("AttributeType", "Equals", "Microsoft.Xrm.Sdk.Metadata.AttributeTypeCode", "String"),
    ]});
    let b = emu.ok(&call(&q)).await;
    let attrs = entities(&b)[0]["Attributes"].as_array().unwrap();
    assert!(attrs.iter().all(|a| a["AttributeType"] == "String"));
    assert!(attrs.iter().all(|a| a["MaxLength"].is_number()));

    // The label query keeps the asked languages only.
    q["LabelQuery"] = json!({"FilterLanguages": [1036], "MissingLabelBehavior": 0});
    let b = emu.ok(&call(&q)).await;
    let last = attribute(&entities(&b)[0], "lastname");
    let labels = last["DisplayName"]["LocalizedLabels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["LanguageCode"], 1036);

    // A language the org lacks: no label, or the base language's when asked for.
    q["LabelQuery"] = json!({"FilterLanguages": [1031], "MissingLabelBehavior": 0});
    let b = emu.ok(&call(&q)).await;
    let last = attribute(&entities(&b)[0], "lastname");
    assert_eq!(last["DisplayName"]["LocalizedLabels"], json!([]));
    q["LabelQuery"] = json!({"FilterLanguages": [1036], "MissingLabelBehavior": 1});
    let b = emu.ok(&call(&q)).await;
    let last = attribute(&entities(&b)[0], "lastname");
    let labels = last["DisplayName"]["LocalizedLabels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["LanguageCode"], 1036);
    q["LabelQuery"] = json!({"FilterLanguages": [1031], "MissingLabelBehavior": 1});
    let b = emu.ok(&call(&q)).await;
    let last = attribute(&entities(&b)[0], "lastname");
    let labels = last["DisplayName"]["LocalizedLabels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["LanguageCode"], 1033);
}

#[tokio::test]
async fn the_client_version_stamp() {
    let emu = Emu::start().await;
    let q = encode(&app_query("contact").to_string());
    let with = |stamp: &str| {
        format!(
            "RetrieveMetadataChanges(ClientVersionStamp=@p2,Query=@p1,DeletedMetadataFilters=@p3)?@p1={q}&@p2={}&@p3=Microsoft.Dynamics.CRM.DeletedMetadataFilters'Default'",
            encode(&format!("'{stamp}'"))
        )
    };
    let first = emu.ok(&call(&app_query("contact"))).await;
    let stamp = first["ServerVersionStamp"].as_str().unwrap();
    let b = emu.ok(&with(stamp)).await;
    assert_eq!(b["EntityMetadata"], json!([]));
    assert_eq!(b["ServerVersionStamp"], stamp);
    // Another well-formed stamp: the full answer.
    let b = emu.ok(&with("1!01/01/2020 00:00:00")).await;
    assert_eq!(entities(&b).len(), 1);
    let r = emu.get(&with("not a stamp")).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.error_code(), "0x80044352");
    assert_eq!(
        r.json()["error"]["message"],
        "Version stamp associated with the client has expired. Please perform a full sync."
    );
}

#[tokio::test]
async fn bad_calls_are_rejected() {
    let emu = Emu::start().await;
    let mut q = app_query("contact");
    q["AttributeQuery"]["Properties"]["PropertyNames"] = json!(["LogicalName", "NoSuchProperty"]);
    let r = emu.get(&call(&q)).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.text.contains("NoSuchProperty"), "{}", r.text);

    let mut q = app_query("contact");
    q["Properties"]["PropertyNames"] = json!(["Attributes", "MaxLength"]);
    assert_eq!(emu.get(&call(&q)).await.status, 400);

    for c in [
        condition("NoSuch", "Equals", "System.String", "x"),
        condition("DisplayName", "Equals", "System.String", "Contact"),
    ] {
        let mut q = app_query("contact");
        q["Criteria"]["Conditions"] = json!([c]);
        let r = emu.get(&call(&q)).await;
        assert_eq!(r.status, 400, "{}", r.text);
        assert_eq!(r.error_code(), "0x80040203");
    }

    let r = emu
        .get("RetrieveMetadataChanges(Query=@p1)?@p1=notjson")
        .await;
    assert_eq!(r.status, 400);
    let r = emu.get("RetrieveMetadataChanges()").await;
    assert_eq!(r.status, 400);
    assert!(r.text.contains("Query"), "{}", r.text);
    let r = emu
        .send(
            "POST",
            &call(&app_query("contact")),
            &[("Content-Type", "application/json")],
            Some("{}".into()),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
}
