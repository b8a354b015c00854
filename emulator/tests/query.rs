//! Reads: entity sets, navigation, $select/$filter/$orderby/$top/$count,
//! paging, annotations and errors.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn entity_sets_answer_under_every_version() {
    let emu = Emu::start().await;
    for v in ["v9.0", "v9.1", "v9.2"] {
        for set in [
            "contacts",
            "leads",
            "accounts",
            "entitymaps",
            "attributemaps",
            "contactleadscollection",
        ] {
            let r = emu.get(&format!("/api/data/{v}/{set}?$top=2")).await;
            assert_eq!(r.status, 200, "{v}/{set}: {}", r.text);
            let body = r.json();
            assert_eq!(values(&body).len(), 2);
            assert_eq!(
                body["@odata.context"],
                json!(format!("{}/api/data/{v}/$metadata#{set}", emu.origin))
            );
            assert!(r.header("OData-Version").is_some());
        }
    }
    let r = emu.get("/api/data/v8.0/contacts").await;
    assert_eq!((r.status, r.error_code()), (404, "0x8006088a".into()));
}

#[tokio::test]
async fn unknown_segments_are_404_with_the_documented_body() {
    let emu = Emu::start().await;
    let r = emu.get("Contacts").await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        json!({"error": {"code": "0x8006088a", "message": "Resource not found for the segment 'Contacts'."}})
    );
    let r = emu
        .get(&format!("contacts({CONTACT_MANY})/nosuchnav"))
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn pages_through_a_navigation_collection_with_next_links() {
    let emu = Emu::start().await;
    let prefer = "odata.include-annotations=\"*\",odata.maxpagesize=25";
    let first = format!(
        "contacts({CONTACT_MANY})/contactleads_association?$select=fullname,companyname,emailaddress1,statuscode,createdon&$orderby=fullname asc&$count=true"
    );
    let mut url = emu.url(&first);
    let mut names = Vec::new();
    let mut sizes = Vec::new();
    loop {
        let r = emu.get_prefer(&url, prefer).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let applied = r.header("Preference-Applied").unwrap();
        assert!(applied.contains("odata.maxpagesize=25"), "{applied}");
        let body = r.json();
        assert_eq!(body["@odata.count"], 62);
        assert_eq!(
            body["@odata.context"],
            json!(format!("{}/api/data/v9.2/$metadata#leads(fullname,companyname,emailaddress1,statuscode,createdon)", emu.origin))
        );
        sizes.push(values(&body).len());
        names.extend(strings(&body, "fullname"));
        match body["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.starts_with(&format!("{}/api/data/v9.2/contacts(", emu.origin)),
                    "{next}"
                );
                assert!(
                    next.contains("$select=fullname") && next.contains("$skiptoken="),
                    "{next}"
                );
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(sizes, vec![25, 25, 12]);
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(unique.len(), 62);
}

#[tokio::test]
async fn top_wins_over_page_size_and_contact_without_leads_is_empty() {
    let emu = Emu::start().await;
    let r = emu
        .get_prefer(
            &format!("contacts({CONTACT_MANY})/contactleads_association?$top=30"),
            "odata.maxpagesize=25",
        )
        .await;
    let body = r.json();
    assert_eq!(values(&body).len(), 30);
    assert!(body.get("@odata.nextLink").is_none());
    let body = emu
        .ok(&format!(
            "contacts({CONTACT_NONE})/contactleads_association?$count=true"
        ))
        .await;
    assert_eq!(body["@odata.count"], 0);
    assert!(values(&body).is_empty());
    let body = emu
        .ok(&format!(
            "leads({LEAD_MANY})/contactleads_association?$select=fullname"
        ))
        .await;
    assert_eq!(values(&body).len(), 6);
    assert!(
        values(&body)[0].get("contactid").is_some(),
        "primary key is always returned"
    );
    let body = emu
        .ok(&format!("leads({LEAD_NONE})/contactleads_association"))
        .await;
    assert!(values(&body).is_empty());
}

#[tokio::test]
async fn filters() {
    let emu = Emu::start().await;
    let count = |body: &serde_json::Value| values(body).len();
    let q = |f: &str| format!("contacts?$select=fullname&$filter={}", urlencode(f));

    let b = emu.ok(&q("fullname eq 'Siobhán O''Brien'")).await;
    assert_eq!(strings(&b, "fullname"), vec!["Siobhán O'Brien"]);
    let b = emu.ok(&q("contains(fullname,'o''brien') and startswith(fullname,'SIOB') and endswith(fullname,'ien')")).await;
    assert_eq!(count(&b), 1);
    let b = emu
        .ok(&q(&format!("_parentcustomerid_value eq {ACCOUNT_CONTOSO}")))
        .await;
    assert!(count(&b) >= 1);
    let all = count(&emu.ok("contacts?$select=fullname").await);
    let active = count(&emu.ok(&q("statecode eq 0")).await);
    let inactive = count(&emu.ok(&q("not (statecode eq 0)")).await);
    assert_eq!(active + inactive, all);
    let b = emu
        .ok(&q(
            "(statecode eq 0 or statecode eq 1) and donotemail ne true and jobtitle ne null",
        ))
        .await;
    assert!(count(&b) > 0 && count(&b) <= all);
    let b = emu
        .ok(&q(
            "createdon ge 2023-01-01T00:00:00Z and creditlimit gt 0 and creditlimit le 100000",
        ))
        .await;
    assert!(count(&b) > 0);
    let b = emu.ok(&q("contains(fullname,'<script>')")).await;
    assert_eq!(count(&b), 1);
    let b = emu.ok(&q("emailaddress1 eq null")).await;
    assert_eq!(count(&b), 0);
}

#[tokio::test]
async fn plus_is_a_space_and_encoded_plus_is_a_plus() {
    let emu = Emu::start().await;
    // A literal '+' in the query string is form-decoded to a space (as ASP.NET does).
    let b = emu
        .ok("contacts?$select=fullname&$filter=fullname+eq+'Nadia+Lef%C3%A8vre'")
        .await;
    assert_eq!(values(&b).len(), 1);
    let b = emu
        .ok("contacts?$select=telephone1&$filter=startswith(telephone1,'%2B33')&$top=1")
        .await;
    assert_eq!(values(&b).len(), 1);
    let b = emu
        .ok("contacts?$select=telephone1&$filter=startswith(telephone1,'+33')&$top=1")
        .await;
    assert_eq!(values(&b).len(), 0);
}

#[tokio::test]
async fn bad_queries_are_400_never_wrong_data() {
    let emu = Emu::start().await;
    for (query, message) in [
        ("$select=nosuch", Some("Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.contact'.")),
        ("$filter=nosuch eq 1", None),
        ("$filter=fullname eq", None),
        ("$filter=fullname eq 'unterminated", None),
        ("$filter=fullname eq 3", None),
        ("$filter=contains(statecode,'1')", None),
        ("$filter=foo(fullname,'x')", None),
        ("$orderby=nosuch", None),
        ("$orderby=fullname sideways", None),
        ("$top=-1", None),
        ("$skip=10", None),
        ("$select=parentcustomerid", None),
        ("$expand=nosuchnav", None),
        ("$skiptoken=garbage", None),
    ] {
        let r = emu.get(&format!("contacts?{}", urlencode_query(query))).await;
        assert_eq!(r.status, 400, "{query}: {}", r.text);
        let body = r.json();
        assert!(body["error"]["code"].as_str().unwrap().starts_with("0x"), "{query}");
        if let Some(m) = message {
            assert_eq!(body["error"]["message"], m);
        }
    }
    let r = emu.get("contacts(not-a-guid)").await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn orderby_multiple_keys_and_desc() {
    let emu = Emu::start().await;
    let b = emu
        .ok("contacts?$select=statecode,fullname&$orderby=statecode desc,fullname asc")
        .await;
    let rows = values(&b);
    let keys: Vec<(i64, String)> = rows
        .iter()
        .map(|r| {
            (
                r["statecode"].as_i64().unwrap(),
                r["fullname"].as_str().unwrap().to_lowercase(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert_eq!(keys, sorted);
}

#[tokio::test]
async fn single_record_retrieve_and_missing_record() {
    let emu = Emu::start().await;
    let b = emu
        .ok(&format!(
            "contacts({CONTACT_OBRIEN})?$select=fullname,emailaddress1"
        ))
        .await;
    assert_eq!(
        b["@odata.context"],
        json!(format!(
            "{}/api/data/v9.2/$metadata#contacts(fullname,emailaddress1)/$entity",
            emu.origin
        ))
    );
    assert_eq!(b["fullname"], "Siobhán O'Brien");
    assert_eq!(b["contactid"], CONTACT_OBRIEN);
    let etag = b["@odata.etag"].as_str().unwrap();
    assert!(etag.starts_with("W/\"") && etag.ends_with('"'), "{etag}");
    assert!(b.get("lastname").is_none());
    let missing = "c0000000-0000-4000-8000-0000000fffff";
    let r = emu.get(&format!("contacts({missing})")).await;
    assert_eq!((r.status, r.error_code()), (404, "0x80040217".into()));
    let r = emu
        .get(&format!("contacts({missing})/contactleads_association"))
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn annotations_only_when_preferred() {
    let emu = Emu::start().await;
    let path = format!("contacts({CONTACT_MANY})?$select=fullname,statuscode,createdon,_parentcustomerid_value,creditlimit,donotemail");
    let plain = emu.ok(&path).await;
    assert!(plain
        .as_object()
        .unwrap()
        .keys()
        .all(|k| !k.contains("FormattedValue")));
    let r = emu
        .get_prefer(&path, "odata.include-annotations=\"*\"")
        .await;
    assert!(r
        .header("Preference-Applied")
        .unwrap()
        .contains("odata.include-annotations=\"*\""));
    let b = r.json();
    let f = |k: &str| {
        b[format!("{k}@OData.Community.Display.V1.FormattedValue")]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(f("statuscode"), "Active");
    assert_eq!(f("_parentcustomerid_value"), "Contoso Ltd");
    assert!(f("creditlimit").starts_with('$'));
    assert!(["Allow", "Do Not Allow"].contains(&f("donotemail").as_str()));
    assert!(f("createdon").contains('/'), "{}", f("createdon"));
    assert_eq!(
        b["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"],
        "account"
    );
    // French formatted values follow the user's language.
    emu.send(
        "PUT",
        "/_emulator/settings",
        &[],
        Some(r#"{"user_lcid":1036}"#.into()),
    )
    .await;
    let b = emu
        .get_prefer(
            &path,
            "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"",
        )
        .await
        .json();
    assert_eq!(
        b["statuscode@OData.Community.Display.V1.FormattedValue"],
        "Actif"
    );
    assert!(b
        .get("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")
        .is_none());
}

#[tokio::test]
async fn entity_maps_filter_expand_and_navigation() {
    let emu = Emu::start().await;
    let b = emu
        .ok(&format!(
            "entitymaps?$select=sourceentityname,targetentityname&$filter={}",
            urlencode("sourceentityname eq 'lead' or targetentityname eq 'lead'")
        ))
        .await;
    let pairs: Vec<(String, String)> = values(&b)
        .iter()
        .map(|r| {
            (
                r["sourceentityname"].as_str().unwrap().into(),
                r["targetentityname"].as_str().unwrap().into(),
            )
        })
        .collect();
    for expected in [
        ("lead", "contact"),
        ("lead", "account"),
        ("lead", "opportunity"),
        ("contact", "lead"),
        ("account", "lead"),
    ] {
        assert!(
            pairs.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {pairs:?}"
        );
    }
    let b = emu.ok(&format!("entitymaps({MAP_LEAD_CONTACT})?$select=sourceentityname,targetentityname&$expand=entity_map_attribute_maps($select=sourceattributename,targetattributename,issystem)")).await;
    assert_eq!(b["sourceentityname"], "lead");
    let maps = b["entity_map_attribute_maps"].as_array().unwrap();
    let has = |s: &str, t: &str, sys: bool| {
        maps.iter().any(|m| {
            m["sourceattributename"] == s && m["targetattributename"] == t && m["issystem"] == sys
        })
    };
    assert!(has("firstname", "firstname", true));
    assert!(has("emailaddress1", "emailaddress1", true));
    assert!(has("new_legacyscore", "new_legacyscore", false));
    assert!(has("new_employeecount", "new_employeecount", false));
    assert!(has("description", "new_summary", false));
    assert!(has("new_nickname", "new_nickname", false));
    let nav = emu.ok(&format!("entitymaps({MAP_LEAD_CONTACT})/entity_map_attribute_maps?$select=sourceattributename&$filter=issystem eq false")).await;
    assert_eq!(values(&nav).len(), 4);
    let b = emu.ok("entitymaps?$filter=sourceentityname eq 'lead' and targetentityname eq 'account'&$expand=entity_map_attribute_maps($select=sourceattributename,targetattributename)").await;
    let maps = values(&b)[0]["entity_map_attribute_maps"]
        .as_array()
        .unwrap()
        .clone();
    assert!(maps
        .iter()
        .any(|m| m["sourceattributename"] == "companyname" && m["targetattributename"] == "name"));
    assert!(!maps
        .iter()
        .any(|m| m["targetattributename"] == "new_region"));
}

#[tokio::test]
async fn read_only_sets_reject_writes() {
    let emu = Emu::start().await;
    let r = emu
        .send(
            "POST",
            "contactleadscollection",
            &[("Content-Type", "application/json")],
            Some("{}".into()),
        )
        .await;
    assert_eq!(r.status, 405, "{}", r.text);
    assert!(r.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'Create' method does not support entities of type 'contactleads'"));
    let r = emu
        .send(
            "DELETE",
            "contactleadscollection(00000000-0000-0000-0000-000000000001)",
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 405);
    for (m, p) in [
        ("POST", "entitymaps"),
        ("PATCH", &*format!("entitymaps({MAP_LEAD_CONTACT})")),
        ("DELETE", &*format!("entitymaps({MAP_LEAD_CONTACT})")),
    ] {
        let r = emu
            .send(
                m,
                p,
                &[("Content-Type", "application/json")],
                Some("{}".into()),
            )
            .await;
        assert_eq!(r.status, 405, "{m} {p}");
        assert_eq!(r.error_code(), "0x80060888");
    }
    let b = emu
        .ok(&format!(
            "contactleadscollection?$filter=contactid eq {CONTACT_MANY}&$count=true"
        ))
        .await;
    assert_eq!(b["@odata.count"], 62);
}

#[tokio::test]
async fn absolute_urls_follow_a_forwarding_proxy() {
    let emu = Emu::start().await;
    let headers = [
        ("Prefer", "odata.maxpagesize=5"),
        ("X-Forwarded-Host", "127.0.0.1:8080"),
    ];
    let b = emu
        .send("GET", "contacts?$select=fullname", &headers, None)
        .await
        .json();
    let next = b["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with("http://127.0.0.1:8080/api/data/v9.2/contacts?"),
        "{next}"
    );
    assert!(b["@odata.context"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:8080/"));
}

#[tokio::test]
async fn who_am_i() {
    let emu = Emu::start().await;
    let b = emu.ok("WhoAmI").await;
    assert_eq!(b["UserId"], "5e000000-0000-4000-8000-000000000001");
    assert!(b["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"));
    assert_eq!(emu.ok("WhoAmI()").await["UserId"], b["UserId"]);
}

pub fn urlencode(s: &str) -> String {
    s.replace('%', "%25")
        .replace(' ', "%20")
        .replace('+', "%2B")
        .replace('&', "%26")
        .replace('#', "%23")
}

fn urlencode_query(q: &str) -> String {
    q.replace(' ', "%20")
}
