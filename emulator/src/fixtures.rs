//! The built-in organization: fixed, documented records that tests rely on
//! (see README.md), plus a few hundred seeded, realistic ones around them.

use crate::generate::{self, contact_fields, lead_fields, random_name, to_row, Rng};
use crate::metadata;
use crate::store::Store;
use serde_json::json;
use uuid::Uuid;

/// A contact associated with 62 leads (three pages of 25: 25, 25, 12).
pub const CONTACT_MANY_LEADS: &str = "c0000000-0000-4000-8000-000000000001";
/// A contact with no leads.
pub const CONTACT_NO_LEADS: &str = "c0000000-0000-4000-8000-000000000002";
/// Siobhán O'Brien, with a few leads.
pub const CONTACT_OBRIEN: &str = "c0000000-0000-4000-8000-000000000003";
/// A contact whose names are HTML/script injection attempts.
pub const CONTACT_XSS: &str = "c0000000-0000-4000-8000-000000000004";
/// A contact with 24 leads whose names, emails and companies are the XSS
/// payloads of [`XSS_PAYLOADS`] (OWASP's filter evasion cheat sheet).
pub const CONTACT_XSS_GALLERY: &str = "c0000000-0000-4000-8000-000000000007";

/// Known filter-evasion payloads: the UI must show each as text.
pub const XSS_PAYLOADS: [&str; 24] = [
    "<script>alert('XSS')</script>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "'';!--\"<XSS>=&{()}",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<a href=\"javascript:alert(1)\">click</a>",
];

/// A contact with CJK names.
pub const CONTACT_CJK: &str = "c0000000-0000-4000-8000-000000000005";
/// A contact with right-to-left (Arabic) names.
pub const CONTACT_RTL: &str = "c0000000-0000-4000-8000-000000000006";
/// A lead associated with six contacts.
pub const LEAD_MANY_CONTACTS: &str = "1ead0000-0000-4000-8000-000000000001";
/// A lead with no contacts.
pub const LEAD_NO_CONTACTS: &str = "1ead0000-0000-4000-8000-000000000002";
/// A lead whose names and company are HTML/script injection attempts.
pub const LEAD_XSS: &str = "1ead0000-0000-4000-8000-000000000003";
/// A lead with a long description (truncation diagnostics) and a parent account.
pub const LEAD_FULL: &str = "1ead0000-0000-4000-8000-000000000004";

pub const ACCOUNT_CONTOSO: &str = "acc00000-0000-4000-8000-000000000001";

pub const ENTITYMAP_LEAD_CONTACT: &str = "e0000000-0000-4000-8000-000000000001";
pub const ENTITYMAP_LEAD_ACCOUNT: &str = "e0000000-0000-4000-8000-000000000002";
pub const ENTITYMAP_LEAD_OPPORTUNITY: &str = "e0000000-0000-4000-8000-000000000003";
pub const ENTITYMAP_ACCOUNT_CONTACT: &str = "e0000000-0000-4000-8000-000000000004";
pub const ENTITYMAP_ACCOUNT_OPPORTUNITY: &str = "e0000000-0000-4000-8000-000000000005";
pub const ENTITYMAP_CONTACT_OPPORTUNITY: &str = "e0000000-0000-4000-8000-000000000006";
pub const ENTITYMAP_ACCOUNT_LEAD: &str = "e0000000-0000-4000-8000-000000000007";
pub const ENTITYMAP_CONTACT_LEAD: &str = "e0000000-0000-4000-8000-000000000008";
/// The big map made by `--generate attributemaps=K` (new_bigsource → new_bigtarget).
pub const ENTITYMAP_GENERATED: &str = "e0000000-0000-4000-8000-0000000000ff";

/// lead.new_legacyscore → contact.new_legacyscore: the source column is gone.
pub const ATTRIBUTEMAP_MISSING_SOURCE: &str = "a0000000-0000-4000-8000-0000000000d1";
/// lead.new_employeecount (String) → contact.new_employeecount (Integer).
pub const ATTRIBUTEMAP_TYPE_MISMATCH: &str = "a0000000-0000-4000-8000-0000000000d2";
/// lead.description (Memo 2000) → contact.new_summary (String 100).
pub const ATTRIBUTEMAP_TRUNCATION: &str = "a0000000-0000-4000-8000-0000000000d3";

// What a mapping check should find on the lead → contact map
// (ENTITYMAP_LEAD_CONTACT), besides the three custom maps above:
// - same-name columns no attribute map covers: `telephone2` and `fax`
//   (String 50 on both tables);
// - a Picklist map whose option values differ (ATTRIBUTEMAP_OPTIONS_DIFFER):
//   lead.preferredcontactmethodcode has 1, 2, 3, 4, 100000000 ("Microsoft
//   Teams"), contact.preferredcontactmethodcode has 1, 2, 3, 4, 5 ("Mail");
// - a Lookup map whose targets differ (ATTRIBUTEMAP_TARGETS_DIFFER):
//   lead.parentaccountid → [account], contact.parentcustomerid → [account, contact].
// LEAD_FULL carries values for all of them (preferredcontactmethodcode 100000000).

/// lead.preferredcontactmethodcode → contact.preferredcontactmethodcode
/// (system map): lead has 100000000 and not 5, contact has 5 and not 100000000.
pub const ATTRIBUTEMAP_OPTIONS_DIFFER: &str = "a0000000-0000-4000-8000-00000000010e";
/// lead.parentaccountid (Targets account) → contact.parentcustomerid
/// (Targets account, contact), a system map.
pub const ATTRIBUTEMAP_TARGETS_DIFFER: &str = "a0000000-0000-4000-8000-000000000108";

pub const USER_ID: &str = "5e000000-0000-4000-8000-000000000001";
pub const BUSINESS_UNIT_ID: &str = "b0000000-0000-4000-8000-000000000001";
pub const ORGANIZATION_ID: &str = "0a000000-0000-4000-8000-000000000001";

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).expect("fixture ids are valid")
}

fn numbered(prefix: &str, n: usize) -> Uuid {
    id(&format!("{prefix}-0000-4000-8000-{n:012x}"))
}

pub fn insert_entity_map(store: &mut Store, map_id: Uuid, source: &str, target: &str) {
    let fields = to_row(json!({
        "sourceentityname": source,
        "targetentityname": target,
        "createdon": "2021-04-01T00:00:00Z",
        "modifiedon": "2021-04-01T00:00:00Z",
    }));
    store.insert("entitymap", map_id, fields, &[]);
}

pub fn insert_attribute_map(
    store: &mut Store,
    map_id: Uuid,
    entity_map: Uuid,
    source: &str,
    target: &str,
    is_system: bool,
) {
    let fields = to_row(json!({
        "sourceattributename": source,
        "targetattributename": target,
        "issystem": is_system,
        "ismanaged": is_system,
        "createdon": if is_system { "2021-04-01T00:00:00Z" } else { "2024-02-12T09:30:00Z" },
        "modifiedon": if is_system { "2021-04-01T00:00:00Z" } else { "2024-02-12T09:30:00Z" },
    }));
    store.insert(
        "attributemap",
        map_id,
        fields,
        &[("_entitymapid_value", "entitymap", entity_map)],
    );
}

const ADDRESS: &[&str] = &[
    "address1_line1",
    "address1_city",
    "address1_postalcode",
    "address1_country",
    "telephone1",
];

/// (source attribute, target attribute) pairs.
type Pairs = Vec<(&'static str, &'static str)>;

/// (map id, source entity, target entity, system pairs, custom pairs).
type StockMap = (&'static str, &'static str, &'static str, Pairs, Pairs);

/// The stock entity maps of a Sales org, with system and custom attribute maps.
fn entity_maps() -> Vec<StockMap> {
    let same = |names: &[&'static str]| names.iter().map(|n| (*n, *n)).collect::<Pairs>();
    let with = |mut v: Pairs, extra: &[(&'static str, &'static str)]| {
        v.extend_from_slice(extra);
        v
    };
    vec![
        (
            ENTITYMAP_LEAD_CONTACT,
            "lead",
            "contact",
            with(
                same(&[
                    "firstname",
                    "lastname",
                    "emailaddress1",
                    "mobilephone",
                    "jobtitle",
                    "description",
                    "donotemail",
                ]),
                &[
                    ("leadid", "originatingleadid"),
                    ("parentaccountid", "parentcustomerid"),
                ],
            )
            .into_iter()
            .chain(same(ADDRESS))
            // Appended last so the ids above stay; option values differ.
            .chain(same(&["preferredcontactmethodcode"]))
            .collect(),
            vec![
                ("new_legacyscore", "new_legacyscore"),
                ("new_employeecount", "new_employeecount"),
                ("description", "new_summary"),
                // Display names that look like markup, on both ends.
                ("new_nickname", "new_nickname"),
            ],
        ),
        (
            ENTITYMAP_LEAD_ACCOUNT,
            "lead",
            "account",
            with(
                same(&[
                    "emailaddress1",
                    "websiteurl",
                    "description",
                    "numberofemployees",
                    "revenue",
                ]),
                &[
                    ("leadid", "originatingleadid"),
                    ("companyname", "name"),
                    ("parentcontactid", "primarycontactid"),
                ],
            )
            .into_iter()
            .chain(same(ADDRESS))
            .collect(),
            vec![],
        ),
        (
            ENTITYMAP_LEAD_OPPORTUNITY,
            "lead",
            "opportunity",
            with(
                same(&["description", "parentaccountid", "parentcontactid"]),
                &[("leadid", "originatingleadid"), ("subject", "name")],
            ),
            vec![("revenue", "budgetamount")],
        ),
        (
            ENTITYMAP_ACCOUNT_CONTACT,
            "account",
            "contact",
            with(same(ADDRESS), &[("accountid", "parentcustomerid")]),
            vec![],
        ),
        (
            ENTITYMAP_ACCOUNT_OPPORTUNITY,
            "account",
            "opportunity",
            vec![
                ("accountid", "parentaccountid"),
                ("accountid", "customerid"),
            ],
            vec![],
        ),
        (
            ENTITYMAP_CONTACT_OPPORTUNITY,
            "contact",
            "opportunity",
            vec![
                ("contactid", "parentcontactid"),
                ("contactid", "customerid"),
            ],
            vec![],
        ),
        (
            ENTITYMAP_ACCOUNT_LEAD,
            "account",
            "lead",
            with(
                same(ADDRESS),
                &[("accountid", "parentaccountid"), ("name", "companyname")],
            ),
            vec![],
        ),
        (
            ENTITYMAP_CONTACT_LEAD,
            "contact",
            "lead",
            with(
                same(&["firstname", "lastname", "emailaddress1", "jobtitle"]),
                &[("contactid", "parentcontactid")],
            ),
            vec![],
        ),
    ]
}

/// Builds the initial organization.
pub fn build() -> Store {
    let mut store = Store::new(metadata::builtin());
    let mut rng = Rng::new(20240521);

    // Accounts.
    let accounts: Vec<(Uuid, &str, &str)> = vec![
        (id(ACCOUNT_CONTOSO), "Contoso Ltd", "Europe"),
        (numbered("acc00000", 2), "Fabrikam, Inc.", "North America"),
        (numbered("acc00000", 3), "Café Lumière SARL", "Europe"),
        (numbered("acc00000", 4), "東京精密株式会社", "Asia"),
        (numbered("acc00000", 5), "شركة النور", "Middle East"),
        (
            numbered("acc00000", 6),
            "<b>Bold</b> & \"Quoted\" Corp",
            "Europe",
        ),
    ];
    for (account_id, name, region) in &accounts {
        let fields = to_row(json!({
            "name": name, "new_region": region, "statecode": 0, "statuscode": 1,
            "numberofemployees": 50 + rng.below(5000), "revenue": (rng.below(900) * 10000) as f64,
            "industrycode": 37, "createdon": generate::date(&mut rng), "modifiedon": "2025-01-02T10:00:00Z",
            "address1_city": "Paris", "websiteurl": "https://www.example.com",
        }));
        store.insert("account", *account_id, fields, &[]);
    }
    let account_ref = |i: usize| {
        (
            "_parentcustomerid_value",
            "account",
            accounts[i % accounts.len()].0,
        )
    };

    // Named contacts.
    let named_contacts: [(&str, &str, &str); 6] = [
        (CONTACT_MANY_LEADS, "Nadia", "Lefèvre"),
        (CONTACT_NO_LEADS, "Zoë", "Quiet"),
        (CONTACT_OBRIEN, "Siobhán", "O'Brien"),
        (
            CONTACT_XSS,
            "<img src=x onerror=alert(1)>",
            "<script>alert(1)</script>",
        ),
        (CONTACT_CJK, "美咲", "佐藤"),
        (CONTACT_RTL, "محمد", "العلي"),
    ];
    for (i, (cid, first, last)) in named_contacts.iter().enumerate() {
        let mut fields = contact_fields(&mut rng, first, last);
        if *cid == CONTACT_XSS {
            fields.insert("jobtitle".into(), json!("\"><svg onload=alert(2)>"));
        }
        store.insert("contact", id(cid), fields, &[account_ref(i)]);
    }
    // Seeded contacts.
    let mut contacts: Vec<Uuid> = Vec::new();
    for n in 100..340 {
        let (first, last) = random_name(&mut rng);
        let fields = contact_fields(&mut rng, first, last);
        let cid = numbered("c0000000", n);
        let lookups = if rng.chance(80) {
            vec![account_ref(n)]
        } else {
            vec![]
        };
        store.insert("contact", cid, fields, &lookups);
        contacts.push(cid);
    }

    // Named leads.
    let named_leads: [(&str, &str, &str); 4] = [
        (LEAD_MANY_CONTACTS, "Kwame", "Okafor"),
        (LEAD_NO_CONTACTS, "Lonely", "Lead"),
        (
            LEAD_XSS,
            "<script>alert('lead')</script>",
            "<img src=x onerror=alert(1)>",
        ),
        (LEAD_FULL, "Anaïs", "D'Angelo"),
    ];
    for (lid, first, last) in named_leads {
        let mut fields = lead_fields(&mut rng, first, last);
        let mut lookups = vec![];
        if lid == LEAD_XSS {
            fields.insert(
                "companyname".into(),
                json!("<b onmouseover=alert(1)>Evil & Co</b>"),
            );
        }
        if lid == LEAD_FULL {
            fields.insert("description".into(), json!("Long notes. ".repeat(40)));
            fields.insert("new_employeecount".into(), json!("50-100"));
            fields.insert("new_region".into(), json!("Europe"));
            fields.insert("telephone2".into(), json!("+33 1 42 68 53 00"));
            fields.insert("fax".into(), json!("+33 1 42 68 53 01"));
            // "Microsoft Teams": an option contact's column does not have.
            fields.insert("preferredcontactmethodcode".into(), json!(100000000));
            lookups.push(("_parentaccountid_value", "account", id(ACCOUNT_CONTOSO)));
            lookups.push(("_parentcontactid_value", "contact", id(CONTACT_OBRIEN)));
        }
        store.insert("lead", id(lid), fields, &lookups);
    }
    // Seeded leads.
    let mut leads: Vec<Uuid> = Vec::new();
    for n in 100..420 {
        let (first, last) = random_name(&mut rng);
        let fields = lead_fields(&mut rng, first, last);
        let lid = numbered("1ead0000", n);
        store.insert("lead", lid, fields, &[]);
        leads.push(lid);
    }

    // Associations for the named records.
    let assoc = |store: &mut Store, c: Uuid, l: Uuid| {
        let _ = store.associate(c, l);
    };
    for l in leads.iter().take(61) {
        assoc(&mut store, id(CONTACT_MANY_LEADS), *l);
    }
    for c in [
        CONTACT_MANY_LEADS,
        CONTACT_OBRIEN,
        CONTACT_XSS,
        CONTACT_CJK,
        CONTACT_RTL,
    ] {
        assoc(&mut store, id(c), id(LEAD_MANY_CONTACTS));
    }
    assoc(&mut store, contacts[0], id(LEAD_MANY_CONTACTS));
    for l in [LEAD_XSS, LEAD_FULL] {
        assoc(&mut store, id(CONTACT_OBRIEN), id(l));
    }
    assoc(&mut store, id(CONTACT_XSS), id(LEAD_XSS));
    assoc(&mut store, id(CONTACT_CJK), leads[70]);
    assoc(&mut store, id(CONTACT_RTL), leads[71]);
    // Seeded associations: 0-4 leads per seeded contact.
    for c in &contacts {
        for _ in 0..rng.below(5) {
            let l = leads[62 + rng.below(leads.len() - 62)];
            assoc(&mut store, *c, l);
        }
    }

    // One lead per XSS payload, in name, email and company. Its own random
    // stream, so the records above stay as tests know them.
    let mut gallery_rng = Rng::new(0x7853);
    let gallery_contact = contact_fields(&mut gallery_rng, "Payload", "Gallery");
    store.insert("contact", id(CONTACT_XSS_GALLERY), gallery_contact, &[]);
    for (n, payload) in XSS_PAYLOADS.iter().enumerate() {
        let mut fields = lead_fields(&mut gallery_rng, payload, &format!("#{n:02}"));
        fields.insert("companyname".into(), json!(payload));
        fields.insert("emailaddress1".into(), json!(payload));
        let lid = numbered("1ead0a55", n);
        store.insert("lead", lid, fields, &[]);
        assoc(&mut store, id(CONTACT_XSS_GALLERY), lid);
    }

    // Entity maps and attribute maps.
    for (m, (map_id, source, target, system, custom)) in entity_maps().into_iter().enumerate() {
        let map_id = id(map_id);
        insert_entity_map(&mut store, map_id, source, target);
        for (n, (s, t)) in system.iter().enumerate() {
            insert_attribute_map(
                &mut store,
                numbered("a0000000", (m + 1) * 0x100 + n),
                map_id,
                s,
                t,
                true,
            );
        }
        for (n, (s, t)) in custom.iter().enumerate() {
            let am_id = match (m, n) {
                (0, 0) => id(ATTRIBUTEMAP_MISSING_SOURCE),
                (0, 1) => id(ATTRIBUTEMAP_TYPE_MISMATCH),
                (0, 2) => id(ATTRIBUTEMAP_TRUNCATION),
                _ => numbered("a0000000", (m + 1) * 0x100 + 0x80 + n),
            };
            insert_attribute_map(&mut store, am_id, map_id, s, t, false);
        }
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_shape() {
        let s = build();
        assert_eq!(s.leads_of(id(CONTACT_MANY_LEADS)).len(), 62);
        assert!(s.leads_of(id(CONTACT_NO_LEADS)).is_empty());
        assert_eq!(s.contacts_of(id(LEAD_MANY_CONTACTS)).len(), 6);
        assert!(s.contacts_of(id(LEAD_NO_CONTACTS)).is_empty());
        assert!(s.table("contact").unwrap().records.len() > 200);
        assert!(s.table("lead").unwrap().records.len() > 300);
        let lead_meta = &s.table("lead").unwrap().meta;
        assert!(lead_meta.attribute("new_legacyscore").is_none());
        assert!(s.get("attributemap", id(ATTRIBUTEMAP_TRUNCATION)).is_some());
        for (am, source, target) in [
            (
                ATTRIBUTEMAP_OPTIONS_DIFFER,
                "preferredcontactmethodcode",
                "preferredcontactmethodcode",
            ),
            (
                ATTRIBUTEMAP_TARGETS_DIFFER,
                "parentaccountid",
                "parentcustomerid",
            ),
        ] {
            let f = &s.get("attributemap", id(am)).unwrap().fields;
            assert_eq!(f["sourceattributename"], source);
            assert_eq!(f["targetattributename"], target);
        }
    }

    #[test]
    fn fixtures_are_deterministic() {
        let (a, b) = (build(), build());
        let fa = &a.get("contact", id(CONTACT_OBRIEN)).unwrap().fields;
        let fb = &b.get("contact", id(CONTACT_OBRIEN)).unwrap().fields;
        assert_eq!(fa, fb);
    }
}
