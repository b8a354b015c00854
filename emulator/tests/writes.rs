//! Association writes (`$ref`) and InitializeFrom.

mod common;
use common::*;
use serde_json::json;

const LEAD_X: &str = "1ead0000-0000-4000-8000-000000000002";

#[tokio::test]
async fn associate_with_absolute_and_relative_references() {
    let emu = Emu::start().await;
    let absolute = format!("{}/api/data/v9.2/leads({LEAD_X})", emu.origin);
    let r = emu.associate(CONTACT_NONE, &absolute).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(r.text.is_empty());
    let leads = emu
        .ok(&format!(
            "contacts({CONTACT_NONE})/contactleads_association?$select=fullname"
        ))
        .await;
    assert_eq!(strings(&leads, "leadid"), vec![LEAD_X]);
    let contacts = emu
        .ok(&format!(
            "leads({LEAD_X})/contactleads_association?$select=fullname"
        ))
        .await;
    assert_eq!(strings(&contacts, "contactid"), vec![CONTACT_NONE]);
    let expanded = emu.ok(&format!("contacts({CONTACT_NONE})?$select=fullname&$expand=contactleads_association($select=fullname)")).await;
    assert_eq!(
        expanded["contactleads_association"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let intersect = emu
        .ok(&format!(
            "contactleadscollection?$filter=contactid eq {CONTACT_NONE}"
        ))
        .await;
    assert_eq!(strings(&intersect, "leadid"), vec![LEAD_X]);

    let r = emu
        .associate(CONTACT_NONE, &format!("leads({LEAD_FULL})"))
        .await;
    assert_eq!(r.status, 204);
    let r = emu
        .associate(CONTACT_NONE, &format!("/api/data/v9.2/leads({LEAD_MANY})"))
        .await;
    assert_eq!(r.status, 204);
    let b = emu
        .ok(&format!(
            "contacts({CONTACT_NONE})/contactleads_association?$count=true"
        ))
        .await;
    assert_eq!(b["@odata.count"], 3);
}

#[tokio::test]
async fn duplicate_association_is_the_duplicate_key_error() {
    let emu = Emu::start().await;
    let r = emu
        .associate(CONTACT_MANY, &format!("leads({LEAD_MANY})"))
        .await;
    assert_eq!(r.status, 412, "{}", r.text);
    assert_eq!(
        r.json(),
        json!({"error": {"code": "0x80040237", "message": "Cannot insert duplicate key."}})
    );
}

#[tokio::test]
async fn missing_records_and_bad_bodies() {
    let emu = Emu::start().await;
    let missing_lead = "1ead0000-0000-4000-8000-0000000fffff";
    let r = emu
        .associate(CONTACT_NONE, &format!("leads({missing_lead})"))
        .await;
    assert_eq!((r.status, r.error_code()), (404, "0x80040217".into()));
    let r = emu
        .associate(
            "c0000000-0000-4000-8000-0000000fffff",
            &format!("leads({LEAD_X})"),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = emu
        .associate(CONTACT_NONE, &format!("contacts({CONTACT_MANY})"))
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .send(
            "POST",
            &format!("contacts({CONTACT_NONE})/contactleads_association/$ref"),
            &[],
            Some("not json".into()),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .send(
            "PUT",
            &format!("contacts({CONTACT_NONE})/contactleads_association/$ref"),
            &[],
            Some("{}".into()),
        )
        .await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn disassociate_by_key_and_by_id_parameter_from_both_sides() {
    let emu = Emu::start().await;
    let before = emu
        .ok(&format!("leads({LEAD_MANY})/contactleads_association"))
        .await;
    assert_eq!(values(&before).len(), 6);

    let r = emu
        .send(
            "DELETE",
            &format!("contacts({CONTACT_MANY})/contactleads_association({LEAD_MANY})/$ref"),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let id = format!("{}/api/data/v9.2/leads({LEAD_MANY})", emu.origin);
    let r = emu
        .send(
            "DELETE",
            &format!("contacts({CONTACT_OBRIEN})/contactleads_association/$ref?$id={id}"),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let contact = "c0000000-0000-4000-8000-000000000004";
    let r = emu
        .send(
            "DELETE",
            &format!("leads({LEAD_MANY})/contactleads_association({contact})/$ref"),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);

    let after = emu
        .ok(&format!("leads({LEAD_MANY})/contactleads_association"))
        .await;
    assert_eq!(values(&after).len(), 3);
    let many = emu
        .ok(&format!(
            "contacts({CONTACT_MANY})/contactleads_association?$count=true"
        ))
        .await;
    assert_eq!(many["@odata.count"], 61);

    // From the lead side, associating works too.
    let body = json!({"@odata.id": format!("contacts({CONTACT_MANY})")}).to_string();
    let r = emu
        .send(
            "POST",
            &format!("leads({LEAD_MANY})/contactleads_association/$ref"),
            &[("Content-Type", "application/json")],
            Some(body),
        )
        .await;
    assert_eq!(r.status, 204);
    let many = emu
        .ok(&format!(
            "contacts({CONTACT_MANY})/contactleads_association?$count=true"
        ))
        .await;
    assert_eq!(many["@odata.count"], 62);

    let r = emu
        .send(
            "DELETE",
            &format!("contacts({CONTACT_MANY})/contactleads_association/$ref"),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 400, "DELETE without $id");
    let r = emu.send("DELETE", &format!("contacts({CONTACT_MANY})/contactleads_association(1ead0000-0000-4000-8000-0000000fffff)/$ref"), &[], None).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn reference_listing() {
    let emu = Emu::start().await;
    let b = emu
        .ok(&format!("leads({LEAD_MANY})/contactleads_association/$ref"))
        .await;
    assert_eq!(values(&b).len(), 6);
    assert!(values(&b)[0]["@odata.id"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}/api/data/v9.2/contacts(", emu.origin)));
}

fn initialize_from(lead: &str, target: &str) -> String {
    format!(
        "InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)?@p1={{'@odata.id':'leads({lead})'}}&@p2='{target}'&@p3=Microsoft.Dynamics.CRM.TargetFieldType'ValidForCreate'"
    )
}

#[tokio::test]
async fn initialize_from_applies_the_entity_map() {
    let emu = Emu::start().await;
    let lead = emu.ok(&format!("leads({LEAD_FULL})")).await;
    let b = emu.ok(&initialize_from(LEAD_FULL, "contact")).await;
    assert_eq!(
        b["@odata.context"],
        json!(format!(
            "{}/api/data/v9.2/$metadata#contacts/$entity",
            emu.origin
        ))
    );
    assert_eq!(b["@odata.type"], "#Microsoft.Dynamics.CRM.contact");
    assert_eq!(b["firstname"], lead["firstname"]);
    assert_eq!(b["lastname"], "D'Angelo");
    assert_eq!(b["emailaddress1"], lead["emailaddress1"]);
    assert_eq!(
        b["originatingleadid@odata.bind"],
        json!(format!("leads({LEAD_FULL})"))
    );
    assert_eq!(
        b["parentcustomerid_account@odata.bind"],
        json!(format!("accounts({ACCOUNT_CONTOSO})"))
    );
    // Diagnostics: missing source column and type mismatch are not mapped.
    assert!(b.get("new_legacyscore").is_none());
    assert!(b.get("new_employeecount").is_none());
    assert!(b.get("leadid").is_none());

    let a = emu.ok(&initialize_from(LEAD_FULL, "account")).await;
    assert_eq!(a["@odata.type"], "#Microsoft.Dynamics.CRM.account");
    assert_eq!(a["name"], lead["companyname"]);
    assert!(a.get("new_region").is_none());

    let r = emu
        .get(&initialize_from(
            "1ead0000-0000-4000-8000-0000000fffff",
            "contact",
        ))
        .await;
    assert_eq!(r.status, 404);
    let r = emu.get(&initialize_from(LEAD_FULL, "nosuchentity")).await;
    assert_eq!(r.status, 400);
    let r = emu.get("InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)?@p2='contact'").await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn create_answers_204_with_the_entity_id_and_checks_columns() {
    let emu = Emu::start().await;
    let r = emu
        .send(
            "POST",
            "contacts",
            &[("Content-Type", "application/json")],
            Some(r#"{"firstname":"Ann","lastname":"Lee"}"#.into()),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let entity_id = r.header("OData-EntityId").expect("OData-EntityId");
    let id = entity_id
        .rsplit_once('(')
        .unwrap()
        .1
        .trim_end_matches(')')
        .to_string();
    let contact = emu
        .ok(&format!("contacts({id})?$select=fullname,statecode"))
        .await;
    assert_eq!(contact["fullname"], "Ann Lee");
    assert_eq!(contact["statecode"], 0);

    let unknown = emu
        .send(
            "POST",
            "contacts",
            &[("Content-Type", "application/json")],
            Some(r#"{"lastname":"X","nosuchcolumn":1}"#.into()),
        )
        .await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.text.contains("nosuchcolumn"));

    let denied = emu
        .send(
            "PATCH",
            "/_emulator/settings",
            &[],
            Some(r#"{"denied_privileges":["prvCreateLead"]}"#.into()),
        )
        .await;
    assert_eq!(denied.status, 200);
    let r = emu
        .send("POST", "leads", &[], Some(r#"{"lastname":"X"}"#.into()))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.text.contains("is missing prvCreateLead privilege"));
    assert_eq!(
        emu.send("POST", "accounts", &[], Some("{}".into()))
            .await
            .status,
        405,
        "other tables still answer 405"
    );
}
