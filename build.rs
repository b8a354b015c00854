//! English, LeadMap's built-in language, as a Rust table read from its RESX
//! at build time, so the app parses no XML to show its first words; and the
//! RESX's digest, so that a kept copy equal to the shipped one is known
//! without the app carrying the file. Also the split build's link flag.

use std::env;
use std::error::Error;
use std::fs;
use std::path::Path;

const ENGLISH: &str = "www/strings/leadmap.1033.resx";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={ENGLISH}");
    // With the `split` feature the app's wasm keeps the linker's relocations:
    // `split-wasm` (packager/src/split.rs) needs them to move the associations
    // view into its own chunk, and drops them. Nothing else is linked with them.
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
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
