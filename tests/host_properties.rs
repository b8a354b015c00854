//! Property tests of the host parser: whatever the query string, parsing
//! never panics, and what it accepts is safe to put into a Web API URL.
#![cfg(not(target_arch = "wasm32"))]

use leadmap::host::query::parse_form_params;
use leadmap::host::RecordId;
use proptest::prelude::*;

fn is_logical_name(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_canonical_guid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn any_query_string_parses_or_is_explained(search in ".{0,300}") {
        match parse_form_params(&search) {
            Ok(params) => {
                prop_assert!(is_logical_name(params.entity.as_str()));
                prop_assert!(is_canonical_guid(&params.record_id.to_string()));
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn structured_but_hostile_values_never_reach_a_url(
        typename in prop_oneof![Just("contact".to_owned()), Just("lead".to_owned()), ".{0,80}"],
        id in prop_oneof![
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}",
            "\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\}",
            ".{0,60}",
        ],
        data in ".{0,80}",
    ) {
        let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let search = format!("?typename={}&id={}&data={}", encode(&typename), encode(&id), encode(&data));
        if let Ok(params) = parse_form_params(&search) {
            prop_assert!(is_logical_name(params.entity.as_str()));
            prop_assert!(is_canonical_guid(&params.record_id.to_string()));
            prop_assert!((1..=250).contains(&params.options.page_size));
        }
    }

    #[test]
    fn every_guid_spelling_normalises_to_one_id(bytes in any::<[u8; 16]>(), upper in any::<bool>(), braces in any::<bool>()) {
        let canonical = uuid::Uuid::from_bytes(bytes).hyphenated().to_string();
        let mut spelled = if upper { canonical.to_uppercase() } else { canonical.clone() };
        if braces {
            spelled = format!("{{{spelled}}}");
        }
        prop_assert_eq!(RecordId::parse(&spelled).unwrap().to_string(), canonical);
    }
}
