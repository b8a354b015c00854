//! The Web API client against the emulator, in headless Chromium: paging,
//! throttling, reads side by side, metadata kept across opens, cancellation,
//! timeouts and undecodable answers.
#![cfg(target_arch = "wasm32")]

mod support;

use leadmap::api::contactleads::Side;
use leadmap::api::requests::{self, Get};
use leadmap::api::retry::RetryPolicy;
use leadmap::api::types::{Collection, Lead};
use leadmap::api::{ApiError, Cancel, Client, Query, Resource};
use leadmap::host::{EntityName, RecordId};
use serde_json::json;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client(timeout_ms: u32) -> Client {
    let policy = RetryPolicy {
        max_attempts: 3,
        max_total_wait_ms: 5_000,
        base_backoff_ms: 50,
    };
    Client::with_settings(EMULATOR, 1033, policy, timeout_ms)
}

/// A form open (a new client, the same browser, metadata kept) that reads the lead's attribute catalog.
async fn open_reading_lead_catalog() -> std::rc::Rc<leadmap::api::metadata::AttributeCatalog> {
    let lead = EntityName::parse("lead").unwrap();
    client(10_000)
        .keeping_metadata()
        .attributes(&lead, &Cancel::new())
        .await
        .unwrap()
}

fn id(raw: &str) -> RecordId {
    RecordId::parse(raw).unwrap()
}

fn leads_of(contact: &str, query: Query) -> Get {
    let resource = Resource::related("contacts", id(contact), "contactleads_association");
    Get::page(resource, query, 25)
}

#[wasm_bindgen_test]
async fn pages_across_three_pages_by_next_link() {
    reset().await;
    let client = client(10_000);
    let cancel = Cancel::new();
    let query = Query::new().select(&["fullname"]).count();
    let first: Collection<Lead> = client
        .retrieve(&leads_of(CONTACT_MANY_LEADS, query), &cancel)
        .await
        .unwrap();
    assert_eq!(first.value.len(), 25);
    assert_eq!(first.count, Some(62));
    let second: Collection<Lead> = client
        .retrieve(
            &Get::next_page(first.next_link.as_deref().unwrap(), 25),
            &cancel,
        )
        .await
        .unwrap();
    let third: Collection<Lead> = client
        .retrieve(
            &Get::next_page(second.next_link.as_deref().unwrap(), 25),
            &cancel,
        )
        .await
        .unwrap();
    assert_eq!((second.value.len(), third.value.len()), (25, 12));
    assert!(third.next_link.is_none());
    let mut ids: Vec<_> = first
        .value
        .iter()
        .chain(&second.value)
        .chain(&third.value)
        .map(|l| l.leadid)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 62, "no row twice, none lost");
    // Every request carried the page size and the annotations preference.
    let log = requests().await;
    assert_eq!(log.len(), 3);
    for entry in &log {
        let prefer = entry["prefer"].as_str().unwrap_or_default();
        assert!(
            prefer.contains("odata.maxpagesize=25") && prefer.contains("odata.include-annotations"),
            "{prefer}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_429_with_retry_after_is_retried_and_succeeds() {
    reset().await;
    fault(json!({"path_contains": CONTACT_OBRIEN, "status": 429, "times": 1, "retry_after": 1}))
        .await;
    let leads: Collection<Lead> = client(10_000)
        .retrieve(
            &leads_of(CONTACT_OBRIEN, Query::new().select(&["fullname"])),
            &Cancel::new(),
        )
        .await
        .unwrap();
    assert!(!leads.value.is_empty());
    let log = requests().await;
    let to_obrien = log
        .iter()
        .filter(|entry| {
            entry["path"]
                .as_str()
                .unwrap_or_default()
                .contains(CONTACT_OBRIEN)
        })
        .count();
    assert_eq!(to_obrien, 2, "the throttled request and its retry: {log:?}");
}

#[wasm_bindgen_test]
async fn writes_are_not_retried_on_a_server_error() {
    reset().await;
    fault(json!({"path_contains": "$ref", "method": "POST", "status": 500, "times": 1})).await;
    let add = requests::associate(Side::Contact, id(CONTACT_NO_LEADS), id(LEAD_FULL));
    let result = client(10_000).write(&add, &Cancel::new()).await;
    assert!(
        matches!(result, Err(ApiError::Server { status: 500, .. })),
        "{result:?}"
    );
    assert_eq!(requests().await.len(), 1);
}

#[wasm_bindgen_test]
async fn associates_and_disassociates_through_ref() {
    reset().await;
    let client = client(10_000);
    let cancel = Cancel::new();
    let add = requests::associate(Side::Contact, id(CONTACT_NO_LEADS), id(LEAD_FULL));
    client.write(&add, &cancel).await.unwrap();
    let leads: Collection<Lead> = client
        .retrieve(&leads_of(CONTACT_NO_LEADS, Query::new()), &cancel)
        .await
        .unwrap();
    assert_eq!(
        leads.value.iter().map(|l| l.leadid).collect::<Vec<_>>(),
        vec![id(LEAD_FULL)]
    );
    let again = client.write(&add, &cancel).await;
    assert!(
        matches!(again, Err(ApiError::Conflict { .. })),
        "duplicate: {again:?}"
    );
    let remove = requests::disassociate(Side::Contact, id(CONTACT_NO_LEADS), id(LEAD_FULL));
    client.write(&remove, &cancel).await.unwrap();
    let leads: Collection<Lead> = client
        .retrieve(&leads_of(CONTACT_NO_LEADS, Query::new()), &cancel)
        .await
        .unwrap();
    assert!(leads.value.is_empty());
}

#[wasm_bindgen_test]
async fn metadata_arrives_in_one_round_trip_and_is_cached() {
    reset().await;
    let client = client(10_000);
    let lead = EntityName::parse("lead").unwrap();
    let catalog = client.attributes(&lead, &Cancel::new()).await.unwrap();
    assert_eq!(catalog.label("firstname", 1033), "First Name");
    assert!(
        catalog
            .get("description")
            .and_then(|a| a.max_length)
            .is_some(),
        "memo length in the same answer"
    );
    client.attributes(&lead, &Cancel::new()).await.unwrap();
    let log = requests().await;
    // One metadata operation, asked for once: labels, types and lengths together.
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0]["path"]
        .as_str()
        .unwrap()
        .contains("RetrieveMetadataChanges"));
}

#[wasm_bindgen_test]
async fn reads_asked_for_together_travel_side_by_side() {
    reset().await;
    // Each answer is held 600 ms: in turn they would take 1.2 s, side by side 0.6 s.
    for contact in [CONTACT_OBRIEN, CONTACT_MANY_LEADS] {
        fault(json!({"path_contains": contact, "delay_ms": 600, "times": 1})).await;
    }
    let client = client(10_000);
    let cancel = Cancel::new();
    let (obrien, many) = (
        leads_of(CONTACT_OBRIEN, Query::new()),
        leads_of(CONTACT_MANY_LEADS, Query::new()),
    );
    let (a, b) = futures::join!(
        client.retrieve::<Collection<Lead>>(&obrien, &cancel),
        client.retrieve::<Collection<Lead>>(&many, &cancel),
    );
    assert!(a.is_ok() && b.is_ok());
    let log = requests().await;
    assert_eq!(log.len(), 2, "two requests, no $batch: {log:?}");
    let started: Vec<u64> = log.iter().map(|e| e["time"].as_u64().unwrap()).collect();
    assert!(
        started[0].abs_diff(started[1]) < 300,
        "the second left before the first was answered: {started:?}"
    );
}

#[wasm_bindgen_test]
async fn kept_metadata_is_used_and_then_asked_for_again() {
    reset().await;
    clear_kept_metadata();
    open_reading_lead_catalog().await;
    assert_eq!(requests().await.len(), 1, "the catalog's one metadata read");
    clear_requests().await;
    // A later form open: a new client, the same browser.
    let catalog = open_reading_lead_catalog().await;
    assert_eq!(catalog.label("firstname", 1033), "First Name");
    assert_eq!(requests().await.len(), 0, "answered from what was kept");
    // Once nothing is in flight, the service is asked whether anything changed
    // since the kept answer's version stamp: nothing has, the kept answer stays.
    sleep_ms(1500).await;
    let log = requests().await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0]["path"]
        .as_str()
        .unwrap()
        .contains("ClientVersionStamp=@p2"));
    clear_kept_metadata();
}

#[wasm_bindgen_test]
async fn what_an_earlier_version_kept_goes_once_this_one_keeps_metadata() {
    reset().await;
    clear_kept_metadata();
    let storage = storage();
    let earlier = "leadmap.metadata.v1 1033 odata.include-annotations=\"*\" https://org.example/api/data/v9.2/RetrieveMetadataChanges(Query=@p1)?@p1=%7B%7D";
    storage.set_item(earlier, "{}").unwrap();
    storage.set_item("someone.else", "theirs").unwrap();
    storage
        .set_item("leadmap.strings.v1 x", "kept strings")
        .unwrap();
    let later = "leadmap.metadata.v3 1033 p https://org.example/api/data/v9.2/x";
    storage.set_item(later, "{}").unwrap();
    open_reading_lead_catalog().await;
    // A moment after the first answer is kept.
    sleep_ms(2500).await;
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .collect();
    assert!(!keys.iter().any(|k| k == earlier), "{keys:?}");
    assert!(keys.iter().any(|k| k == "someone.else"), "{keys:?}");
    assert!(keys.iter().any(|k| k == "leadmap.strings.v1 x"), "{keys:?}");
    // A later version's, kept by a newer LeadMap in another tab, stays too.
    assert!(keys.iter().any(|k| k == later), "{keys:?}");
    assert!(
        keys.iter()
            .any(|k| k.starts_with("leadmap.metadata.v2 ") && k.contains("RetrieveMetadataChanges")),
        "{keys:?}"
    );
    clear_kept_metadata();
}

#[wasm_bindgen_test]
async fn kept_metadata_from_an_older_stamp_is_read_whole_again() {
    reset().await;
    clear_kept_metadata();
    open_reading_lead_catalog().await;
    // What an earlier version of the org's metadata left in the store.
    let storage = storage();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap();
        let kept = storage.get_item(&key).unwrap().unwrap();
        let mut answer: serde_json::Value = serde_json::from_str(&kept).unwrap();
        answer["ServerVersionStamp"] = "1!01/01/2020 00:00:00".into();
        storage.set_item(&key, &answer.to_string()).unwrap();
    }
    clear_requests().await;
    open_reading_lead_catalog().await;
    sleep_ms(1500).await;
    let log = requests().await;
    let paths: Vec<&str> = log.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].contains("ClientVersionStamp=@p2"), "{paths:?}");
    assert!(!paths[1].contains("ClientVersionStamp"), "{paths:?}");
    clear_kept_metadata();
}

#[wasm_bindgen_test]
async fn kept_metadata_is_ready_for_a_first_render() {
    reset().await;
    clear_kept_metadata();
    let lead = EntityName::parse("lead").unwrap();
    let cold = client(10_000).keeping_metadata();
    assert!(cold.ready_attributes(&lead).is_none(), "nothing kept yet");
    assert!(cold
        .ready_entity_definitions(std::slice::from_ref(&lead))
        .is_none());
    cold.attributes(&lead, &Cancel::new()).await.unwrap();
    cold.entity_definitions(std::slice::from_ref(&lead), &Cancel::new())
        .await
        .unwrap();
    clear_requests().await;
    // A later form open renders with what was kept, at once.
    let warm = client(10_000).keeping_metadata();
    let catalog = warm.ready_attributes(&lead).expect("kept catalog");
    assert_eq!(catalog.label("firstname", 1033), "First Name");
    let definitions = warm
        .ready_entity_definitions(std::slice::from_ref(&lead))
        .unwrap();
    assert_eq!(definitions[0].logical_name, "lead");
    // The later async read shares what the first render took.
    let again = warm.attributes(&lead, &Cancel::new()).await.unwrap();
    assert!(std::rc::Rc::ptr_eq(&catalog, &again));
    assert_eq!(requests().await.len(), 0, "answered from what was kept");
    // Once nothing is in flight, what the render took is asked for again (and
    // is done before the next test starts counting requests).
    sleep_ms(1500).await;
    let log = requests().await;
    assert_eq!(
        log.len(),
        2,
        "the attribute catalog's one read and the definitions: {log:?}"
    );
    clear_kept_metadata();
}

#[wasm_bindgen_test]
async fn a_cancelled_request_ends_as_aborted() {
    reset().await;
    fault(json!({"path_contains": CONTACT_OBRIEN, "delay_ms": 3000, "times": 1})).await;
    let cancel = Cancel::new();
    let canceller = cancel.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(100).await;
        canceller.cancel();
    });
    let result: Result<Collection<Lead>, _> = client(10_000)
        .retrieve(&leads_of(CONTACT_OBRIEN, Query::new()), &cancel)
        .await;
    assert_eq!(result.unwrap_err(), ApiError::Aborted);
}

#[wasm_bindgen_test]
async fn a_slow_answer_times_out() {
    reset().await;
    fault(json!({"path_contains": CONTACT_OBRIEN, "delay_ms": 2000, "times": 1})).await;
    let result: Result<Collection<Lead>, _> = client(300)
        .retrieve(&leads_of(CONTACT_OBRIEN, Query::new()), &Cancel::new())
        .await;
    assert_eq!(result.unwrap_err(), ApiError::Timeout { seconds: 1 });
}

#[wasm_bindgen_test]
async fn a_sign_in_page_instead_of_json_is_a_decode_error() {
    reset().await;
    fault(json!({"path_contains": CONTACT_OBRIEN, "status": 200, "body": "html", "times": 1}))
        .await;
    let result: Result<Collection<Lead>, _> = client(10_000)
        .retrieve(&leads_of(CONTACT_OBRIEN, Query::new()), &Cancel::new())
        .await;
    let error = result.unwrap_err();
    assert!(matches!(error, ApiError::Decode { .. }), "{error:?}");
    assert!(error.to_string().contains("sign-in"), "{error}");
}

#[wasm_bindgen_test]
async fn the_services_error_message_reaches_the_user() {
    reset().await;
    fault(json!({"path_contains": CONTACT_OBRIEN, "status": 403, "times": 1})).await;
    let result: Result<Collection<Lead>, _> = client(10_000)
        .retrieve(&leads_of(CONTACT_OBRIEN, Query::new()), &Cancel::new())
        .await;
    let error = result.unwrap_err();
    assert!(
        matches!(error, ApiError::NoPrivilege { ref message } if !message.is_empty()),
        "{error:?}"
    );
}
