//! `$batch`: multipart/mixed GETs and change sets.

mod common;
use common::*;

fn batch_body(boundary: &str, parts: &[String]) -> String {
    let mut body = String::new();
    for p in parts {
        body.push_str(&format!("--{boundary}\r\n{p}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body
}

fn get_part(url: &str) -> String {
    format!("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET {url} HTTP/1.1\r\nAccept: application/json\r\nPrefer: odata.include-annotations=\"*\"\r\n")
}

fn change_set(boundary: &str, requests: &[(&str, &str, &str)]) -> String {
    let mut inner = String::new();
    for (i, (method, url, body)) in requests.iter().enumerate() {
        inner.push_str(&format!(
            "--{boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: {}\r\n\r\n{method} {url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{body}\r\n",
            i + 1
        ));
    }
    inner.push_str(&format!("--{boundary}--"));
    format!("Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n{inner}")
}

async fn post_batch(emu: &Emu, body: String) -> Resp {
    emu.send(
        "POST",
        "$batch",
        &[
            ("Content-Type", "multipart/mixed; boundary=batch_AAA123"),
            ("OData-Version", "4.0"),
        ],
        Some(body),
    )
    .await
}

#[tokio::test]
async fn batch_of_gets_with_relative_and_absolute_urls() {
    let emu = Emu::start().await;
    let parts = vec![
        get_part(&format!("contacts({CONTACT_MANY})/contactleads_association?$select=fullname&$top=3")),
        get_part(&format!("{}/api/data/v9.2/entitymaps({MAP_LEAD_CONTACT})?$select=sourceentityname", emu.origin)),
        get_part("/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength"),
    ];
    let r = post_batch(&emu, batch_body("batch_AAA123", &parts)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let ct = r.header("Content-Type").unwrap();
    let boundary = ct.split("boundary=").nth(1).unwrap().to_string();
    assert!(boundary.starts_with("batchresponse_"), "{ct}");
    assert_eq!(r.text.matches("HTTP/1.1 200 OK").count(), 3, "{}", r.text);
    assert_eq!(
        r.text
            .matches("Content-Type: application/http\r\nContent-Transfer-Encoding: binary")
            .count(),
        3
    );
    assert!(r.text.trim_end().ends_with(&format!("--{boundary}--")));
    assert!(r.text.contains("\"sourceentityname\":\"lead\""));
    assert!(r.text.contains("\"MaxLength\":300"));
    // Each part body is valid JSON.
    for chunk in r
        .text
        .split(&format!("--{boundary}"))
        .filter(|c| c.contains("HTTP/1.1"))
    {
        let json_start = chunk.find('{').unwrap();
        let _: serde_json::Value = serde_json::from_str(chunk[json_start..].trim()).unwrap();
    }
}

#[tokio::test]
async fn change_set_writes_and_rollback() {
    let emu = Emu::start().await;
    let lead_ref = |id: &str| format!(r#"{{"@odata.id":"leads({id})"}}"#);
    let ok = change_set(
        "changeset_1",
        &[
            (
                "POST",
                &format!("contacts({CONTACT_NONE})/contactleads_association/$ref"),
                &lead_ref(LEAD_MANY),
            ),
            (
                "POST",
                &format!("/api/data/v9.2/contacts({CONTACT_NONE})/contactleads_association/$ref"),
                &lead_ref(LEAD_FULL),
            ),
        ],
    );
    let r = post_batch(&emu, batch_body("batch_AAA123", &[ok])).await;
    assert_eq!(r.status, 200);
    assert!(r.text.contains("boundary=changesetresponse_"), "{}", r.text);
    assert_eq!(
        r.text.matches("HTTP/1.1 204 No Content").count(),
        2,
        "{}",
        r.text
    );
    assert!(r.text.contains("Content-ID: 1") && r.text.contains("Content-ID: 2"));
    let b = emu
        .ok(&format!(
            "contacts({CONTACT_NONE})/contactleads_association?$count=true"
        ))
        .await;
    assert_eq!(b["@odata.count"], 2);

    // The second request fails (duplicate): the whole change set is rolled back.
    let failing = change_set(
        "changeset_2",
        &[
            (
                "DELETE",
                &format!("contacts({CONTACT_NONE})/contactleads_association({LEAD_MANY})/$ref"),
                "",
            ),
            (
                "POST",
                &format!("contacts({CONTACT_NONE})/contactleads_association/$ref"),
                &lead_ref(LEAD_FULL),
            ),
        ],
    );
    let r = post_batch(
        &emu,
        batch_body("batch_AAA123", &[failing, get_part("WhoAmI")]),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(
        r.text.contains("HTTP/1.1 412 Precondition Failed"),
        "{}",
        r.text
    );
    assert!(r.text.contains("0x80040237"));
    assert!(
        !r.text.contains("WhoAmIResponse"),
        "processing stops at the first error"
    );
    let b = emu
        .ok(&format!(
            "contacts({CONTACT_NONE})/contactleads_association?$count=true"
        ))
        .await;
    assert_eq!(b["@odata.count"], 2);
}

#[tokio::test]
async fn continue_on_error_and_malformed_batches() {
    let emu = Emu::start().await;
    let body = batch_body("batch_AAA123", &[get_part("nosuchset"), get_part("WhoAmI")]);
    let r = emu
        .send(
            "POST",
            "$batch",
            &[
                ("Content-Type", "multipart/mixed; boundary=batch_AAA123"),
                ("Prefer", "odata.continue-on-error"),
            ],
            Some(body),
        )
        .await;
    assert!(
        r.text.contains("HTTP/1.1 404 Not Found") && r.text.contains("WhoAmIResponse"),
        "{}",
        r.text
    );
    let r = emu
        .send(
            "POST",
            "$batch",
            &[("Content-Type", "application/json")],
            Some("{}".into()),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = emu
        .send(
            "POST",
            "$batch",
            &[("Content-Type", "multipart/mixed; boundary=b")],
            Some("--b\r\nno end".into()),
        )
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn faults_apply_to_get_parts_and_the_log_lists_them() {
    let emu = Emu::start().await;
    add_fault(
        &emu,
        serde_json::json!({"path_contains": "contactleads_association", "status": 403, "times": 1}),
    )
    .await;
    // The failing part last: without `continue-on-error` a batch stops at its first error.
    let parts = vec![
        get_part(&format!(
            "entitymaps({MAP_LEAD_CONTACT})?$select=sourceentityname"
        )),
        get_part(&format!(
            "contacts({CONTACT_MANY})/contactleads_association?$select=fullname&$top=3"
        )),
    ];
    let r = post_batch(&emu, batch_body("batch_AAA123", &parts)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.text.matches("HTTP/1.1 403").count(), 1, "{}", r.text);
    assert_eq!(r.text.matches("HTTP/1.1 200 OK").count(), 1, "{}", r.text);
    let log = emu.get("/_emulator/requests").await.json();
    let entry = log.as_array().unwrap().last().unwrap().clone();
    let listed: Vec<String> = entry["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed.len(), 2);
    assert!(
        listed[1].starts_with("GET /api/data/v9.2/contacts(") && listed[1].contains("$top=3"),
        "{listed:?}"
    );
}
