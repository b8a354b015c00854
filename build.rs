//! English, LeadMap's built-in language, as a Rust table read from its RESX
//! at build time, so the app parses no XML to show its first words.

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
    let out = Path::new(&env::var("OUT_DIR")?).join("english.rs");
    fs::write(out, table)?;
    Ok(())
}
