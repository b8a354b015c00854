//! `--server-time`: each operation waits its modelled time; a `$batch`'s parts
//! one after another, separate requests side by side.

mod common;
use common::*;
use dataverse_emulator::server_time::ServerTime;
use dataverse_emulator::Config;
use std::time::{Duration, Instant};

/// Round figures far above loopback noise, so the sums are unambiguous.
fn model() -> ServerTime {
    ServerTime {
        batch: 50,
        record_query: 200,
        entity_attributes: 300,
        ..ServerTime::none()
    }
}

async fn emulator() -> Emu {
    Emu::start_with(Config {
        server_time: model(),
        ..Default::default()
    })
    .await
}

const CONTACTS: &str = "contacts?$select=fullname&$top=1";
const ATTRIBUTES: &str = "EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName";

fn batch_of(urls: &[&str]) -> String {
    let mut body = String::new();
    for url in urls {
        body.push_str(&format!(
            "--batch_T\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET {url} HTTP/1.1\r\nAccept: application/json\r\n\r\n\r\n"
        ));
    }
    body.push_str("--batch_T--\r\n");
    body
}

async fn timed<F: std::future::Future>(f: F) -> (F::Output, Duration) {
    let start = Instant::now();
    let out = f.await;
    (out, start.elapsed())
}

#[tokio::test]
async fn a_single_request_waits_its_operation_time() {
    let emu = emulator().await;
    let (r, took) = timed(emu.get(ATTRIBUTES)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_millis(600), "{took:?}");
    // Not modelled (0 ms here): answered at once.
    let (_, took) = timed(emu.get("WhoAmI")).await;
    assert!(took < Duration::from_millis(150), "{took:?}");
}

#[tokio::test]
async fn the_parts_of_a_batch_run_one_after_another() {
    let emu = emulator().await;
    let body = batch_of(&[
        "/api/data/v9.2/contacts?$select=fullname&$top=1",
        "/api/data/v9.2/EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName",
        "/api/data/v9.2/contacts?$select=fullname&$top=2",
    ]);
    let (r, took) = timed(emu.send(
        "POST",
        "$batch",
        &[("Content-Type", "multipart/mixed; boundary=batch_T")],
        Some(body),
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.text.matches("HTTP/1.1 200 OK").count(), 3, "{}", r.text);
    // The envelope, then 200 + 300 + 200 in turn.
    assert!(took >= Duration::from_millis(750), "{took:?}");
    assert!(took < Duration::from_millis(1100), "{took:?}");
}

#[tokio::test]
async fn separate_requests_run_side_by_side() {
    let emu = emulator().await;
    let (answers, took) = timed(async {
        tokio::join!(
            emu.get(ATTRIBUTES),
            emu.get(CONTACTS),
            emu.get(ATTRIBUTES),
            emu.get(CONTACTS),
        )
    })
    .await;
    for r in [&answers.0, &answers.1, &answers.2, &answers.3] {
        assert_eq!(r.status, 200, "{}", r.text);
    }
    // As long as the slowest (300 ms), not the sum (1,000 ms).
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert!(took < Duration::from_millis(700), "{took:?}");
}

#[tokio::test]
async fn the_model_is_switched_through_the_settings() {
    let emu = Emu::start().await;
    let (_, took) = timed(emu.get(ATTRIBUTES)).await;
    assert!(
        took < Duration::from_millis(150),
        "off by default: {took:?}"
    );
    let r = emu
        .send(
            "PATCH",
            "/_emulator/settings",
            &[("Content-Type", "application/json")],
            Some(r#"{"server_time": "realistic"}"#.into()),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["server_time"]["entity_attributes"], 150);
    let (_, took) = timed(emu.get(ATTRIBUTES)).await;
    assert!(took >= Duration::from_millis(150), "{took:?}");
    let r = emu
        .send(
            "PATCH",
            "/_emulator/settings",
            &[("Content-Type", "application/json")],
            Some(r#"{"server_time": "slow"}"#.into()),
        )
        .await;
    assert_eq!(r.status, 400, "an unknown model is refused");
    // A reset goes back to the command line's model (none).
    emu.send("POST", "/_emulator/reset", &[], None).await;
    assert_eq!(
        emu.get("/_emulator/settings").await.json()["server_time"]["entity_attributes"],
        0
    );
}

#[tokio::test]
async fn a_metadata_changes_part_costs_its_entities_attributes() {
    let emu = emulator().await;
    let query = r#"{"Criteria":{"FilterOperator":"And","Conditions":[{"PropertyName":"LogicalName","ConditionOperator":"Equals","Value":{"Type":"System.String","Value":"contact"}}]},"Properties":{"AllProperties":false,"PropertyNames":["Attributes"]},"AttributeQuery":{"Properties":{"AllProperties":false,"PropertyNames":["LogicalName","MaxLength"]}}}"#;
    let encoded = percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    let url = format!("/api/data/v9.2/RetrieveMetadataChanges(Query=@p1)?@p1={encoded}");
    let (r, took) = timed(emu.send(
        "POST",
        "$batch",
        &[("Content-Type", "multipart/mixed; boundary=batch_T")],
        Some(batch_of(&[&url])),
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.text.matches("HTTP/1.1 200 OK").count(), 1, "{}", r.text);
    assert!(
        r.text.contains("ComplexStringAttributeMetadata"),
        "{}",
        r.text
    );
    // The envelope, then one entity's attributes.
    assert!(took >= Duration::from_millis(350), "{took:?}");
    assert!(took < Duration::from_millis(650), "{took:?}");
}
