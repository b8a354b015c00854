//! English, LeadMap's built-in language, as a Rust table read from its RESX
//! at build time, so the app parses no XML to show its first words; and the
//! RESX's digest, so that a kept copy equal to the shipped one is known
//! without the app carrying the file.

use std::env;
use std::error::Error;
use std::fs;
use std::path::Path;

const ENGLISH: &str = "www/strings/leadmap.1033.resx";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={ENGLISH}");
    let text = fs::read_to_string(ENGLISH)?;
    let document = roxmltree::Document::parse(&text)?;
    let mut table = String::from("&[\n");
    for row in document.descendants().filter(|n| n.has_tag_name("data")) {
        let (Some(name), Some(value)) = (
            row.attribute("name"),
            row.children().find(|c| c.has_tag_name("value")),
        ) else {
            continue;
        };
        let value: String = value
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        table.push_str(&format!("    ({name:?}, {value:?}),\n"));
    }
    table.push(']');
    let out_dir = env::var("OUT_DIR")?;
    let out = Path::new(&out_dir);
    fs::write(out.join("english.rs"), table)?;
    // The same std (one rustc) hashes in the app: see `i18n::resx_digest`.
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hasher::write(&mut hasher, text.as_bytes());
    let digest = std::hash::Hasher::finish(&hasher);
    fs::write(out.join("english_digest.rs"), format!("{digest}_u64"))?;
    Ok(())
}
