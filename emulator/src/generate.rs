//! Deterministic data generation: a tiny seeded PRNG, realistic names, and
//! the `--generate contacts=N,leads_per_contact=M,seed=S,attributemaps=K` set.

use crate::fixtures;
use crate::metadata;
use crate::odata::engine::Row;
use crate::store::Store;
use serde_json::{json, Value};
use uuid::Uuid;

/// SplitMix64: small, fast and stable across platforms and Rust versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST_NAMES: &[&str] = &[
    "Émilie",
    "José",
    "Zoë",
    "Søren",
    "Łukasz",
    "François",
    "Anaïs",
    "Björn",
    "Chloé",
    "Noël",
    "Renée",
    "Jürgen",
    "Ana",
    "Mateo",
    "Olivia",
    "Liam",
    "Amélie",
    "İlkay",
    "Mårten",
    "Nuño",
    "Aiko",
    "Wei",
    "Priya",
    "Kwame",
    "Fatima",
    "Yusuf",
    "Sean",
    "Siobhán",
    "Maëlle",
    "Grace",
    "Ethan",
    "Hannah",
    "Lucas",
    "Sofia",
    "Noah",
    "Mia",
];

const LAST_NAMES: &[&str] = &[
    "Müller",
    "García",
    "Nguyễn",
    "Øvergaard",
    "Dubois",
    "Kowalski",
    "Smith",
    "Johnson",
    "O'Connor",
    "D'Angelo",
    "Иванов",
    "佐藤",
    "李",
    "김",
    "כהן",
    "حداد",
    "Lefèvre",
    "Fernández",
    "Brown",
    "Okafor",
    "Rossi",
    "Jensen",
    "Martin",
    "Bernard",
    "Tanaka",
    "Silva",
    "Novak",
    "Schmidt",
    "Murphy",
    "Costa",
    "Dupont",
    "Andersson",
];

const COMPANIES: &[&str] = &[
    "Contoso Ltd",
    "Fabrikam, Inc.",
    "Adventure Works",
    "Northwind Traders",
    "Tailspin Toys",
    "Wide World Importers",
    "Litware, Inc.",
    "Proseware",
    "Coho Winery",
    "Alpine Ski House",
    "Café Lumière SARL",
    "Müller & Söhne GmbH",
    "東京精密株式会社",
    "شركة النور",
    "Blue Yonder Airlines",
    "Fourth Coffee",
    "Trey Research",
    "A. Datum Corporation",
];

const TOPICS: &[&str] = &[
    "Interested in online-only store",
    "New store opened this year - follow up",
    "Wants product catalog",
    "Likes some of our products",
    "Needs a quote for 50 units",
    "Renewal of annual contract",
    "Trade show contact",
    "Requested a demo",
    "Partner referral",
    "Pricing question",
];

const CITIES: &[&str] = &[
    "Paris",
    "Redmond",
    "Montréal",
    "München",
    "Kraków",
    "東京",
    "São Paulo",
    "Dublin",
    "Lyon",
    "القاهرة",
];

fn ascii_slug(s: &str) -> String {
    let slug: String = s
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            let c = match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'à' | 'á' | 'â' | 'ä' | 'å' => 'a',
                'ï' | 'í' | 'İ' => 'i',
                'ö' | 'ø' | 'ó' | 'Ø' => 'o',
                'ü' | 'ú' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                'ł' | 'Ł' => 'l',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect();
    if slug.is_empty() {
        "user".into()
    } else {
        slug
    }
}

/// A timestamp in 2023-2025, at minute precision.
pub fn date(rng: &mut Rng) -> String {
    let day = rng.below(900) as i64;
    let (y, m, d) = civil_from_days(19358 + day); // 2023-01-01 + day
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z",
        7 + rng.below(11),
        rng.below(60)
    )
}

/// Days since 1970-01-01 to (year, month, day) — Howard Hinnant's algorithm.
/// Now in UTC: seconds since the epoch, the civil date and the time of day
/// (hours, minutes, seconds).
pub fn utc_now() -> (i64, (i64, u32, u32), (i64, i64, i64)) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let t = secs.rem_euclid(86_400);
    (
        secs,
        civil_from_days(secs.div_euclid(86_400)),
        (t / 3600, t / 60 % 60, t % 60),
    )
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub fn to_row(v: Value) -> Row {
    match v {
        Value::Object(m) => m,
        _ => Row::new(),
    }
}

/// Fields of a person-like record (contact or lead).
pub fn person(rng: &mut Rng, first: &str, last: &str) -> Row {
    let email = format!(
        "{}.{}@{}.example.com",
        ascii_slug(first),
        ascii_slug(last),
        ascii_slug(rng.pick(COMPANIES))
    );
    let created = date(rng);
    to_row(json!({
        "firstname": first,
        "lastname": last,
        "fullname": format!("{first} {last}"),
        "emailaddress1": email,
        "telephone1": format!("+33 1 {:02} {:02} {:02} {:02}", rng.below(100), rng.below(100), rng.below(100), rng.below(100)),
        "jobtitle": rng.pick(&["Purchasing Manager", "CEO", "Sales Director", "Buyer", "Owner", "CTO", "Office Manager"]),
        "address1_city": rng.pick(CITIES),
        "createdon": created,
        "modifiedon": created,
        "donotemail": rng.chance(15),
    }))
}

pub fn contact_fields(rng: &mut Rng, first: &str, last: &str) -> Row {
    let mut row = person(rng, first, last);
    let active = rng.chance(90);
    row.insert("statecode".into(), json!(if active { 0 } else { 1 }));
    row.insert("statuscode".into(), json!(if active { 1 } else { 2 }));
    row.insert("preferredcontactmethodcode".into(), json!(1 + rng.below(5)));
    row.insert("creditlimit".into(), json!((rng.below(200) * 500) as f64));
    row.insert(
        "birthdate".into(),
        json!(format!(
            "{}-{:02}-{:02}",
            1950 + rng.below(50),
            1 + rng.below(12),
            1 + rng.below(28)
        )),
    );
    row
}

pub fn lead_fields(rng: &mut Rng, first: &str, last: &str) -> Row {
    let mut row = person(rng, first, last);
    let (state, status) = match rng.below(10) {
        0..=5 => (0, 1 + rng.below(2)),
        6 | 7 => (1, 3),
        _ => (2, 4 + rng.below(4)),
    };
    let company = rng.pick(COMPANIES);
    row.insert("subject".into(), json!(rng.pick(TOPICS)));
    row.insert("companyname".into(), json!(company));
    row.insert("statecode".into(), json!(state));
    row.insert("statuscode".into(), json!(status));
    row.insert("leadsourcecode".into(), json!(1 + rng.below(10)));
    row.insert("leadqualitycode".into(), json!(1 + rng.below(3)));
    row.insert("revenue".into(), json!((rng.below(1000) * 1000) as f64));
    row.insert("numberofemployees".into(), json!(5 + rng.below(5000)));
    row.insert(
        "websiteurl".into(),
        json!(format!("https://www.{}.example.com", ascii_slug(company))),
    );
    row.insert(
        "description".into(),
        json!(format!(
            "{} — notes taken by the sales team.",
            rng.pick(TOPICS)
        )),
    );
    row
}

pub fn random_name(rng: &mut Rng) -> (&'static str, &'static str) {
    (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// `--generate contacts=N,leads_per_contact=M,seed=S,attributemaps=K`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GenerateSpec {
    pub contacts: usize,
    pub leads_per_contact: usize,
    pub seed: u64,
    pub attributemaps: usize,
}

impl std::str::FromStr for GenerateSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut spec = GenerateSpec {
            seed: 1,
            ..Default::default()
        };
        for part in s.split(',').filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("expected key=value, got '{part}'"))?;
            let n: u64 = v
                .trim()
                .parse()
                .map_err(|_| format!("'{v}' is not a number"))?;
            match k.trim() {
                "contacts" => spec.contacts = n as usize,
                "leads_per_contact" => spec.leads_per_contact = n as usize,
                "seed" => spec.seed = n,
                "attributemaps" => spec.attributemaps = n as usize,
                other => return Err(format!("unknown generate key '{other}'")),
            }
        }
        Ok(spec)
    }
}

/// The id of the i-th generated contact (1-based), predictable for tests.
pub fn generated_contact_id(i: usize) -> Uuid {
    Uuid::parse_str(&format!("c6e00000-0000-4000-8000-{i:012x}")).expect("valid uuid")
}

pub fn generated_lead_id(i: usize) -> Uuid {
    Uuid::parse_str(&format!("1ead6e00-0000-4000-8000-{i:012x}")).expect("valid uuid")
}

/// Adds the generated records on top of the fixtures already in `store`.
pub fn apply(store: &mut Store, spec: &GenerateSpec) {
    let mut rng = Rng::new(spec.seed);
    let mut lead_no = 0;
    for c in 1..=spec.contacts {
        let (first, last) = random_name(&mut rng);
        let contact = generated_contact_id(c);
        let fields = contact_fields(&mut rng, first, last);
        store.insert("contact", contact, fields, &[]);
        for _ in 0..spec.leads_per_contact {
            lead_no += 1;
            let (first, last) = random_name(&mut rng);
            let lead = generated_lead_id(lead_no);
            let fields = lead_fields(&mut rng, first, last);
            store.insert("lead", lead, fields, &[]);
            store
                .associate(contact, lead)
                .expect("generated association");
        }
    }
    if spec.attributemaps > 0 {
        store.add_table(metadata::generated_entity(
            "new_bigsource",
            spec.attributemaps,
        ));
        store.add_table(metadata::generated_entity(
            "new_bigtarget",
            spec.attributemaps,
        ));
        let map_id = Uuid::parse_str(fixtures::ENTITYMAP_GENERATED).expect("valid uuid");
        fixtures::insert_entity_map(store, map_id, "new_bigsource", "new_bigtarget");
        for i in 0..spec.attributemaps {
            let name = format!("new_field{i:05}");
            let id =
                Uuid::parse_str(&format!("a6e00000-0000-4000-8000-{i:012x}")).expect("valid uuid");
            fixtures::insert_attribute_map(store, id, map_id, &name, &name, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn parses_spec() {
        let s: GenerateSpec = "contacts=3,leads_per_contact=10000,seed=42,attributemaps=5000"
            .parse()
            .unwrap();
        assert_eq!(
            (s.contacts, s.leads_per_contact, s.seed, s.attributemaps),
            (3, 10000, 42, 5000)
        );
        assert!("contacts=x".parse::<GenerateSpec>().is_err());
        assert!("bogus=1".parse::<GenerateSpec>().is_err());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19358), (2023, 1, 1));
    }

    #[test]
    fn slug_strips_accents() {
        assert_eq!(ascii_slug("Émilie"), "emilie");
        assert_eq!(ascii_slug("佐藤"), "user");
    }
}
