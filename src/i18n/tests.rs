use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::*;

const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn catalog_of(lcid: u32) -> Result<Catalog, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("www/strings/leadmap.{lcid}.resx"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(resx::parse(&text))
}

/// A counted text's base id (`map.count` for `map.count.one`), else the id.
fn base(id: &str) -> &str {
    match id.rsplit_once('.') {
        Some((base, last)) if PLURAL_CATEGORIES.contains(&last) => base,
        _ => id,
    }
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.insert(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    names
}

#[test]
fn every_string_id_exists_in_every_language_with_the_same_values() -> Result<(), String> {
    let english = catalog_of(1033)?;
    assert!(english.len() > 100, "the English catalogue reads");
    // Base id → English placeholders (a counted text's `.other`).
    let mut wanted: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for (id, text) in &english {
        if base(id) == id || id.ends_with(".other") {
            wanted.insert(base(id), placeholders(text));
        }
    }
    for lcid in SHIPPED {
        let catalog = catalog_of(lcid)?;
        for (id, names) in &wanted {
            let counted = english.contains_key(&format!("{id}.other"));
            let key = if counted {
                format!("{id}.other")
            } else {
                (*id).to_owned()
            };
            let text = catalog
                .get(&key)
                .ok_or_else(|| format!("{lcid} lacks {key}"))?;
            assert_eq!(&placeholders(text), names, "{lcid} {key}: {text}");
        }
        for (id, text) in &catalog {
            assert!(
                wanted.contains_key(base(id)),
                "{lcid} has {id}, which English has not"
            );
            let english_names = &wanted[base(id)];
            let mut names = placeholders(text);
            names.remove("n");
            let mut expected = english_names.clone();
            expected.remove("n");
            assert_eq!(names, expected, "{lcid} {id}: {text}");
        }
    }
    Ok(())
}

#[test]
fn every_id_the_code_asks_for_is_in_english() -> Result<(), String> {
    let english = catalog_of(1033)?;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut asked = BTreeSet::new();
    collect_ids(&src, &mut asked);
    assert!(asked.len() > 50, "the scan finds the ids ({})", asked.len());
    for id in asked {
        // `{set}` stands for either side's entity set; `{id}` for a prefix.
        let ids: Vec<String> = if id.contains("{set}") {
            ["leads", "contacts"]
                .iter()
                .map(|s| id.replace("{set}", s))
                .collect()
        } else {
            vec![id.clone()]
        };
        for id in ids {
            let found = english.contains_key(&id) || english.contains_key(&format!("{id}.other"));
            assert!(found, "the code asks for {id}, which English lacks");
        }
    }
    Ok(())
}

/// Ids in `strings.t("…")`, `.f("…"`, `.n("…"`, `format!("….{set}")` and `t("…")`
/// (the per-side shorthand, which appends `.{set}`).
fn collect_ids(dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ids(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("i18n/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (pattern, suffix) in [
            ("strings.t(\"", ""),
            ("strings.f(\"", ""),
            ("strings.n(\"", ""),
            ("self.t(\"", ""),
            ("self.f(\"", ""),
            ("self.n(\"", ""),
            ("format!(\"", ""),
            (" t(\"", ".{set}"),
            ("{t(\"", ".{set}"),
        ] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(pattern) {
                rest = &rest[at + pattern.len()..];
                let Some(end) = rest.find('"') else { break };
                let id = format!("{}{suffix}", &rest[..end]);
                let looks_like_id = id.contains('.')
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || "._{}".contains(c))
                    && !id.starts_with('{');
                if looks_like_id && (pattern != "format!(\"" || id.ends_with(".{set}")) {
                    out.insert(id);
                }
            }
        }
    }
}

#[test]
fn values_fill_in_and_unknown_names_stay_visible() {
    assert_eq!(
        fill("Add {n} to {name}", &[("n", &3), ("name", &"Ana")]),
        "Add 3 to Ana"
    );
    assert_eq!(fill("{missing} and {", &[]), "{missing} and {");
}

#[test]
fn a_missing_text_falls_back_to_english_then_to_its_id() {
    let mut german = Catalog::new();
    german.insert("common.cancel".into(), "Abbrechen".into());
    let strings = Strings::new(Language::of(1031), vec![std::rc::Rc::new(german)]);
    assert_eq!(strings.t("common.cancel"), "Abbrechen");
    assert_eq!(strings.t("common.dismiss"), "Dismiss");
    assert_eq!(strings.t("no.such.id"), "no.such.id");
    assert_eq!(strings.n("map.count", 1, &[]), "1 attribute map");
    assert_eq!(strings.dir(), "ltr");
    assert_eq!(Strings::new(Language::of(1025), vec![]).dir(), "rtl");
}

#[test]
fn the_shipped_english_resx_is_known_by_its_digest() -> Result<(), String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/strings/leadmap.1033.resx");
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    assert!(super::is_shipped_english(&text));
    assert!(!super::is_shipped_english(
        &text.replace("Try again", "Retry")
    ));
    Ok(())
}
