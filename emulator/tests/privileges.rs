//! `RetrieveUserPrivileges`, the `denied_privileges` setting and the
//! PrivilegeDenied answer of associations.

mod common;
use common::*;
use serde_json::{json, Value};

const USER: &str = "5e000000-0000-4000-8000-000000000001";

fn privileges_path(user: &str) -> String {
    format!("systemusers({user})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()")
}

async fn deny(emu: &Emu, names: &[&str]) {
    let r = emu
        .send(
            "PATCH",
            "/_emulator/settings",
            &[("Content-Type", "application/json")],
            Some(json!({ "denied_privileges": names }).to_string()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["denied_privileges"], json!(names));
}

async fn privilege_names(emu: &Emu) -> Vec<String> {
    let body = emu.ok(&privileges_path(USER)).await;
    body["RolePrivileges"]
        .as_array()
        .expect("RolePrivileges")
        .iter()
        .map(|p| p["PrivilegeName"].as_str().unwrap().to_string())
        .collect()
}

async fn lead_ids(emu: &Emu, contact: &str) -> Vec<String> {
    let leads = emu
        .ok(&format!(
            "contacts({contact})/contactleads_association?$select=leadid"
        ))
        .await;
    strings(&leads, "leadid")
}

#[tokio::test]
async fn retrieve_user_privileges_has_the_documented_shape() {
    let emu = Emu::start().await;
    let body = emu.ok(&privileges_path(USER)).await;
    assert!(body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse"));
    let all = body["RolePrivileges"].as_array().unwrap();
    let read_lead = all
        .iter()
        .find(|p| p["PrivilegeName"] == "prvReadLead")
        .expect("prvReadLead");
    assert_eq!(read_lead["Depth"], "Global");
    assert_eq!(
        read_lead["BusinessUnitId"],
        "b0000000-0000-4000-8000-000000000001"
    );
    assert!(uuid::Uuid::parse_str(read_lead["PrivilegeId"].as_str().unwrap()).is_ok());
    let names = privilege_names(&emu).await;
    for table in ["Contact", "Lead", "Account", "Opportunity"] {
        for access in ["Create", "Read", "Write", "Delete", "Append", "AppendTo"] {
            let name = format!("prv{access}{table}");
            assert!(names.contains(&name), "{name}");
        }
    }
    assert!(names.contains(&"prvReadEntityMap".to_string()));
    assert!(names.contains(&"prvReadAttributeMap".to_string()));

    let part = format!("--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET {} HTTP/1.1\r\n\r\n\r\n--b--\r\n", privileges_path(USER));
    let batch = emu
        .send(
            "POST",
            "$batch",
            &[("Content-Type", "multipart/mixed; boundary=b")],
            Some(part),
        )
        .await;
    assert_eq!(batch.status, 200);
    assert!(batch.text.contains("HTTP/1.1 200 OK"), "{}", batch.text);
    assert!(batch.text.contains("\"PrivilegeName\":\"prvReadLead\""));

    // Without the () too, like WhoAmI.
    assert_eq!(
        emu.get(&format!(
            "systemusers({USER})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges"
        ))
        .await
        .status,
        200
    );
    let other = emu
        .get(&privileges_path("5e000000-0000-4000-8000-000000000009"))
        .await;
    assert_eq!(other.status, 404, "{}", other.text);
    assert_eq!(other.error_code(), "0x80040217");
    let unqualified = emu
        .get(&format!("systemusers({USER})/RetrieveUserPrivileges()"))
        .await;
    assert_eq!(unqualified.status, 404);
    assert_eq!(unqualified.error_code(), "0x8006088a");
    assert_eq!(
        emu.send("POST", &privileges_path(USER), &[], None)
            .await
            .status,
        404,
        "functions are GET-only"
    );
}

#[tokio::test]
async fn denied_privileges_are_left_out() {
    let emu = Emu::start().await;
    deny(&emu, &["prvAppendLead", "prvWriteContact"]).await;
    let names = privilege_names(&emu).await;
    assert!(!names.contains(&"prvAppendLead".to_string()));
    assert!(!names.contains(&"prvWriteContact".to_string()));
    assert!(names.contains(&"prvAppendContact".to_string()));
    assert_eq!(names.len(), 24);
}

#[tokio::test]
async fn an_association_without_append_is_denied_and_writes_nothing() {
    let emu = Emu::start().await;
    deny(&emu, &["prvAppendLead"]).await;
    let r = emu
        .associate(CONTACT_NONE, &format!("leads({LEAD_NONE})"))
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(r.error_code(), "0x80040220");
    let message = r.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.starts_with(&format!("Principal user (Id={USER}, type=8")),
        "{message}"
    );
    assert!(
        message.contains("is missing prvAppendLead privilege"),
        "{message}"
    );
    assert!(message.contains("on OTC=4 for entity 'lead'"), "{message}");
    assert!(lead_ids(&emu, CONTACT_NONE).await.is_empty());

    // The lead side, and disassociation, need the same privileges.
    let from_lead = emu
        .send(
            "POST",
            &format!("leads({LEAD_NONE})/contactleads_association/$ref"),
            &[("Content-Type", "application/json")],
            Some(json!({"@odata.id": format!("contacts({CONTACT_NONE})")}).to_string()),
        )
        .await;
    assert_eq!(from_lead.status, 403);
    let linked = lead_ids(&emu, CONTACT_OBRIEN).await;
    let first = linked.first().expect("O'Brien has leads").clone();
    for path in [
        format!("contacts({CONTACT_OBRIEN})/contactleads_association({first})/$ref"),
        format!(
            "contacts({CONTACT_OBRIEN})/contactleads_association/$ref?$id={}/api/data/v9.2/leads({first})",
            emu.origin
        ),
    ] {
        let r = emu.send("DELETE", &path, &[], None).await;
        assert_eq!(r.status, 403, "{path}: {}", r.text);
        assert_eq!(r.error_code(), "0x80040220");
    }
    assert_eq!(lead_ids(&emu, CONTACT_OBRIEN).await, linked);

    deny(&emu, &["prvAppendContact"]).await;
    let r = emu
        .associate(CONTACT_NONE, &format!("leads({LEAD_NONE})"))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.text.contains("is missing prvAppendContact privilege"));
    assert!(r.text.contains("on OTC=2 for entity 'contact'"));

    assert_eq!(
        emu.send("POST", "/_emulator/reset", &[], None).await.status,
        204
    );
    assert_eq!(
        emu.get("/_emulator/settings").await.json()["denied_privileges"],
        json!([])
    );
    let r = emu
        .associate(CONTACT_NONE, &format!("leads({LEAD_NONE})"))
        .await;
    assert_eq!(r.status, 204, "allowed again after reset: {}", r.text);
    assert_eq!(lead_ids(&emu, CONTACT_NONE).await, vec![LEAD_NONE]);
}

#[tokio::test]
async fn the_setting_starts_from_the_config_and_rejects_non_lists() {
    let emu = Emu::start_with(dataverse_emulator::Config {
        denied_privileges: vec!["prvAppendToContact".into()],
        ..Default::default()
    })
    .await;
    assert!(!privilege_names(&emu)
        .await
        .contains(&"prvAppendToContact".to_string()));
    let r = emu
        .send(
            "PATCH",
            "/_emulator/settings",
            &[],
            Some(r#"{"denied_privileges":"prvAppendLead"}"#.into()),
        )
        .await;
    assert_eq!(r.status, 400);
    deny(&emu, &[]).await;
    emu.send("POST", "/_emulator/reset", &[], None).await;
    let settings: Value = emu.get("/_emulator/settings").await.json();
    assert_eq!(settings["denied_privileges"], json!(["prvAppendToContact"]));
}
