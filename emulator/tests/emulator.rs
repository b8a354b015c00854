//! Emulator controls: faults, request log, reset, CORS, hosting, generation.

mod common;
use common::*;
use dataverse_emulator::generate::GenerateSpec;
use dataverse_emulator::Config;
use serde_json::json;
use std::time::Instant;

#[tokio::test]
async fn faults_are_served_the_given_number_of_times() {
    let emu = Emu::start().await;
    add_fault(
        &emu,
        json!({"path_contains": "contactleads_association", "status": 503, "times": 2}),
    )
    .await;
    let path = format!("contacts({CONTACT_MANY})/contactleads_association?$top=1");
    for _ in 0..2 {
        let r = emu.get(&path).await;
        assert_eq!(r.status, 503);
        assert!(r.error_code().starts_with("0x"));
    }
    assert_eq!(emu.get(&path).await.status, 200);
    assert_eq!(emu.get("WhoAmI").await.status, 200);
}

#[tokio::test]
async fn throttling_html_truncated_empty_and_method_filters() {
    let emu = Emu::start().await;
    add_fault(
        &emu,
        json!({"path_contains": "WhoAmI", "status": 429, "retry_after": 7}),
    )
    .await;
    let r = emu.get("WhoAmI").await;
    assert_eq!(
        (r.status, r.header("Retry-After").as_deref()),
        (429, Some("7"))
    );
    assert_eq!(r.error_code(), "0x80072322");

    add_fault(
        &emu,
        json!({"path_contains": "WhoAmI", "status": 500, "body": "html"}),
    )
    .await;
    let r = emu.get("WhoAmI").await;
    assert_eq!(r.status, 500);
    assert!(
        r.header("Content-Type").unwrap().starts_with("text/html")
            && r.text.starts_with("<!DOCTYPE html>")
    );

    add_fault(
        &emu,
        json!({"path_contains": "WhoAmI", "status": 200, "body": "truncated"}),
    )
    .await;
    let r = emu.get("WhoAmI").await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err() && r.text.starts_with('{'));

    add_fault(
        &emu,
        json!({"path_contains": "WhoAmI", "status": 200, "body": "empty"}),
    )
    .await;
    let r = emu.get("WhoAmI").await;
    assert_eq!((r.status, r.text.as_str()), (200, ""));

    add_fault(
        &emu,
        json!({"path_contains": "$ref", "method": "POST", "status": 403, "times": 1}),
    )
    .await;
    let r = emu
        .send(
            "DELETE",
            &format!("contacts({CONTACT_MANY})/contactleads_association({LEAD_MANY})/$ref"),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 204, "DELETE is not matched by a POST fault");
    let r = emu
        .associate(CONTACT_MANY, &format!("leads({LEAD_MANY})"))
        .await;
    assert_eq!(r.status, 403);

    add_fault(&emu, json!([{"path_contains": "leads", "status": 401}, {"path_contains": "accounts", "status": 404}])).await;
    let listed = emu.get("/_emulator/faults").await.json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(
        emu.send("DELETE", "/_emulator/faults", &[], None)
            .await
            .status,
        204
    );
    assert_eq!(emu.get("leads?$top=1").await.status, 200);
}

#[tokio::test]
async fn delay_only_fault_delays_the_real_answer() {
    let emu = Emu::start().await;
    add_fault(&emu, json!({"path_contains": "WhoAmI", "delay_ms": 300})).await;
    let t = Instant::now();
    let r = emu.get("WhoAmI").await;
    assert_eq!(r.status, 200);
    assert!(t.elapsed().as_millis() >= 300);
    let t = Instant::now();
    emu.get("WhoAmI").await;
    assert!(t.elapsed().as_millis() < 300);
}

#[tokio::test]
async fn request_log_and_reset() {
    let emu = Emu::start().await;
    emu.get("/").await;
    emu.get("contacts?$select=fullname&$filter=contains(fullname,'a%20b')")
        .await;
    emu.send(
        "POST",
        "$batch",
        &[("Content-Type", "multipart/mixed; boundary=b")],
        Some("--b--".into()),
    )
    .await;
    let log = emu.get("/_emulator/requests").await.json();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2, "only /api/data requests are logged: {log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], "/api/data/v9.2/contacts");
    assert_eq!(
        log[0]["query"],
        "$select=fullname&$filter=contains(fullname,'a b')"
    );
    assert!(log[0]["time"].is_u64());
    assert_eq!(log[1]["method"], "POST");
    assert_eq!(
        emu.send("DELETE", "/_emulator/requests", &[], None)
            .await
            .status,
        204
    );
    assert!(emu
        .get("/_emulator/requests")
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    emu.associate(CONTACT_NONE, &format!("leads({LEAD_MANY})"))
        .await;
    add_fault(
        &emu,
        json!({"path_contains": "WhoAmI", "status": 500, "times": 5}),
    )
    .await;
    emu.send(
        "PUT",
        "/_emulator/settings",
        &[],
        Some(r#"{"user_lcid":1036}"#.into()),
    )
    .await;
    assert_eq!(
        emu.send("POST", "/_emulator/reset", &[], None).await.status,
        204
    );
    let b = emu
        .ok(&format!(
            "contacts({CONTACT_NONE})/contactleads_association"
        ))
        .await;
    assert!(values(&b).is_empty());
    assert_eq!(emu.get("WhoAmI").await.status, 200);
    assert_eq!(
        emu.get("/_emulator/settings").await.json()["user_lcid"],
        1033
    );
    assert_eq!(
        emu.get("/_emulator/requests")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2,
        "the log restarts at reset"
    );
    let ids = emu.get("/_emulator/fixtures").await.json();
    assert_eq!(ids["contact_many_leads"], CONTACT_MANY);
}

#[tokio::test]
async fn cors_for_loopback_origins_behind_the_flag() {
    let off = Emu::start().await;
    let r = off
        .send(
            "GET",
            "WhoAmI",
            &[("Origin", "http://127.0.0.1:9000")],
            None,
        )
        .await;
    assert!(r.header("Access-Control-Allow-Origin").is_none());

    let emu = Emu::start_with(Config {
        cors_loopback: true,
        ..Default::default()
    })
    .await;
    let r = emu
        .send(
            "OPTIONS",
            "contacts",
            &[
                ("Origin", "http://127.0.0.1:9000"),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "prefer,odata-version"),
            ],
            None,
        )
        .await;
    // A successful preflight: browsers take any 2xx (tower-http answers 200).
    assert!((200..300).contains(&r.status), "{}", r.status);
    assert_eq!(
        r.header("Access-Control-Allow-Origin").as_deref(),
        Some("http://127.0.0.1:9000")
    );
    // Header names are case-insensitive.
    let allowed = r
        .header("Access-Control-Allow-Headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "OData-Version",
        "OData-MaxVersion",
        "Prefer",
        "Content-Type",
        "Accept",
        "If-Match",
    ] {
        assert!(allowed.contains(&h.to_ascii_lowercase()), "{h}");
    }
    assert_eq!(
        r.header("Access-Control-Allow-Methods").as_deref(),
        Some("GET,POST,PATCH,PUT,DELETE,OPTIONS")
    );
    assert_eq!(r.header("Access-Control-Max-Age").as_deref(), Some("600"));
    assert!(r
        .header("Vary")
        .is_some_and(|v| v.to_ascii_lowercase().contains("origin")));
    let r = emu
        .send(
            "GET",
            "WhoAmI",
            &[("Origin", "http://localhost:1234")],
            None,
        )
        .await;
    assert_eq!(
        r.header("Access-Control-Allow-Origin").as_deref(),
        Some("http://localhost:1234")
    );
    let exposed = r
        .header("Access-Control-Expose-Headers")
        .unwrap()
        .to_ascii_lowercase();
    for h in [
        "Preference-Applied",
        "Retry-After",
        "OData-EntityId",
        "OData-Version",
    ] {
        assert!(exposed.contains(&h.to_ascii_lowercase()), "{h}");
    }
    for origin in ["https://evil.example.com", "http://localhost.evil.com:80"] {
        let r = emu.send("GET", "WhoAmI", &[("Origin", origin)], None).await;
        assert!(
            r.header("Access-Control-Allow-Origin").is_none(),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn web_resource_files_are_files() {
    let dir = std::env::temp_dir().join(format!("emu-files-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("new_/leadmap/sub")).unwrap();
    std::fs::write(dir.join("new_/leadmap/leadmap.js"), "1;").unwrap();
    let emu = Emu::start_with(Config {
        webresources: Some(dir.clone()),
        ..Default::default()
    })
    .await;
    for folder in ["/WebResources/new_", "/WebResources/new_/leadmap/sub"] {
        assert_eq!(emu.get(folder).await.status, 404, "{folder}");
    }
    for empty_segment in ["/WebResources/new_//leadmap/leadmap.js", "/WebResources/"] {
        assert_eq!(emu.get(empty_segment).await.status, 404, "{empty_segment}");
    }
    let head = emu
        .send("HEAD", "/WebResources/new_/leadmap/leadmap.js", &[], None)
        .await;
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("Content-Type").as_deref(),
        Some("text/javascript")
    );
    assert_eq!(head.header("Cache-Control").as_deref(), Some("no-cache"));
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn hosts_the_web_resource_and_the_form_page() {
    let dir = std::env::temp_dir().join(format!("emu-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>leadmap</html>").unwrap();
    std::fs::write(dir.join("leadmap.js"), "export default 1;").unwrap();
    std::fs::write(dir.join("leadmap_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dir.join("style.css"), "body{}").unwrap();
    let emu = Emu::start_with(Config {
        dist: Some(dir.clone()),
        ..Default::default()
    })
    .await;
    for (path, ct) in [
        ("/WebResources/new_/leadmap/index.html", "text/html"),
        ("/WebResources/new_/leadmap/", "text/html"),
        (
            "/%7B638000000000000000%7D/webresources/new_/leadmap/leadmap.js",
            "text/javascript",
        ),
        (
            "/%7B638000000000000000%7D/webresources/new_/leadmap/leadmap_bg.wasm",
            "application/wasm",
        ),
        ("/WebResources/new_/leadmap/style.css", "text/css"),
    ] {
        let r = emu.get(path).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("Content-Type").unwrap().starts_with(ct), "{path}");
    }
    // Cached for a year under the caching token, not at all without it
    // (getWebResourceUrl, Client API reference).
    let tokened = emu
        .get("/%7B638000000000000000%7D/webresources/new_/leadmap/leadmap.js")
        .await;
    assert_eq!(
        tokened.header("Cache-Control").as_deref(),
        Some("public, max-age=31536000")
    );
    let plain = emu.get("/WebResources/new_/leadmap/leadmap.js").await;
    assert_eq!(plain.header("Cache-Control").as_deref(), Some("no-cache"));
    assert_eq!(
        emu.get("/WebResources/new_/leadmap/missing.js")
            .await
            .status,
        404
    );
    assert_eq!(
        emu.get("/WebResources/new_/leadmap/..%2F..%2Fetc%2Fpasswd")
            .await
            .status,
        404
    );

    let page = emu.get("/").await;
    assert_eq!(page.status, 200);
    for needle in [
        "window.Xrm",
        "getClientUrl",
        "openForm",
        "Would open ",
        CONTACT_MANY,
        "WebResources/new_/leadmap/index.html",
        "userlcid=",
        "Segoe UI",
    ] {
        assert!(page.text.contains(needle), "host page lacks {needle}");
    }
    assert!(
        !page.text.contains("<script>alert(1)</script>"),
        "record names are escaped in the page"
    );
    std::fs::remove_dir_all(dir).ok();

    let bare = Emu::start().await;
    assert_eq!(
        bare.get("/WebResources/new_/leadmap/index.html")
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn serves_packaged_web_resources_at_the_cache_busting_path() {
    let dir = std::env::temp_dir().join(format!("emu-webresources-{}", std::process::id()));
    let folder = dir.join("new_/leadmap");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("index.html"), "<html>packaged</html>").unwrap();
    std::fs::write(folder.join("leadmap.js"), "(function () {})();").unwrap();
    std::fs::write(folder.join("leadmap.css"), "body{}").unwrap();
    let dist = std::env::temp_dir().join(format!("emu-dist-beside-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<html>dist</html>").unwrap();

    let emu = Emu::start_with(Config {
        webresources: Some(dir.clone()),
        dist: Some(dist.clone()),
        ..Default::default()
    })
    .await;
    let base = "/%7B638000000000000001%7D/webresources/new_/leadmap";
    for (file, ct, body) in [
        ("index.html", "text/html", "<html>packaged</html>"),
        ("leadmap.js", "text/javascript", "(function () {})();"),
        ("leadmap.css", "text/css", "body{}"),
    ] {
        let r = emu.get(&format!("{base}/{file}")).await;
        assert_eq!(r.status, 200, "{file}");
        assert!(r.header("Content-Type").unwrap().starts_with(ct), "{file}");
        assert_eq!(r.text, body);
    }
    // --dist keeps its own paths; the packaged files also answer elsewhere.
    assert_eq!(
        emu.get("/WebResources/new_/leadmap/index.html").await.text,
        "<html>dist</html>"
    );
    assert_eq!(emu.get(&format!("{base}/missing.js")).await.status, 404);
    assert_eq!(
        emu.get(&format!("{base}/..%2F..%2Fsecret")).await.status,
        404
    );

    let alone = Emu::start_with(Config {
        webresources: Some(dir.clone()),
        ..Default::default()
    })
    .await;
    let r = alone.get("/WebResources/new_/leadmap/leadmap.js").await;
    assert_eq!((r.status, r.text.as_str()), (200, "(function () {})();"));
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_dir_all(dist).ok();
}

#[tokio::test]
async fn generated_data_is_deterministic_and_keeps_fixtures() {
    let spec: GenerateSpec = "contacts=3,leads_per_contact=40,seed=7,attributemaps=500"
        .parse()
        .unwrap();
    let a = Emu::start_with(Config {
        generate: Some(spec.clone()),
        ..Default::default()
    })
    .await;
    let b = Emu::start_with(Config {
        generate: Some(spec),
        ..Default::default()
    })
    .await;
    let generated = "c6e00000-0000-4000-8000-000000000001";
    let path = format!(
        "contacts({generated})/contactleads_association?$select=fullname,emailaddress1&$count=true"
    );
    let (ja, jb) = (a.ok(&path).await, b.ok(&path).await);
    assert_eq!(ja["@odata.count"], 40);
    assert_eq!(ja["value"], jb["value"]);
    a.ok(&format!("contacts({CONTACT_MANY})")).await;
    let other = Emu::start_with(Config {
        generate: Some("contacts=3,leads_per_contact=40,seed=8".parse().unwrap()),
        ..Default::default()
    })
    .await;
    assert_ne!(other.ok(&path).await["value"], ja["value"]);

    let map = "e0000000-0000-4000-8000-0000000000ff";
    let m = a.ok(&format!("entitymaps({map})?$expand=entity_map_attribute_maps($select=sourceattributename,targetattributename)")).await;
    assert_eq!(
        m["entity_map_attribute_maps"].as_array().unwrap().len(),
        500
    );
    let attrs = a.ok("EntityDefinitions(LogicalName='new_bigtarget')/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength").await;
    assert_eq!(values(&attrs).len(), 501);
}

#[tokio::test]
async fn ten_thousand_associations_for_one_contact() {
    let spec: GenerateSpec = "contacts=1,leads_per_contact=10000,seed=1".parse().unwrap();
    let emu = Emu::start_with(Config {
        generate: Some(spec),
        ..Default::default()
    })
    .await;
    let path = "contacts(c6e00000-0000-4000-8000-000000000001)/contactleads_association?$select=fullname,statuscode&$orderby=fullname&$count=true";
    let r = emu
        .get_prefer(path, "odata.include-annotations=\"*\",odata.maxpagesize=25")
        .await;
    let b = r.json();
    assert_eq!(
        b["@odata.count"], 5000,
        "count is capped at 5000 like Dataverse"
    );
    assert_eq!(
        b["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"],
        true
    );
    assert_eq!(values(&b).len(), 25);
    assert!(b["@odata.nextLink"].is_string());
    let all = emu.ok("contacts(c6e00000-0000-4000-8000-000000000001)/contactleads_association?$select=fullname").await;
    assert_eq!(values(&all).len(), 5000, "a page holds at most 5000 rows");
    assert!(all["@odata.nextLink"].is_string());
}
