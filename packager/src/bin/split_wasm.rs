//! `split-wasm`: Trunk's `post_build` hook (Trunk.toml). Splits the app's
//! wasm into the main module and the associations chunk and puts the results
//! in Trunk's staging folder (see `leadmap_packager::split`).

use std::env;
use std::path::PathBuf;
use std::process::ExitCode;

use leadmap_packager::split::{self, Build};

fn main() -> ExitCode {
    let (Some(staging), Some(page)) = (
        env::var_os("TRUNK_STAGING_DIR"),
        env::var_os("TRUNK_HTML_FILE"),
    ) else {
        eprintln!(
            "split-wasm: run by Trunk's post_build hook (no TRUNK_STAGING_DIR, TRUNK_HTML_FILE)"
        );
        return ExitCode::FAILURE;
    };
    let (staging, page) = (PathBuf::from(staging), PathBuf::from(page));
    let profile = if env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release") {
        "release"
    } else {
        "debug"
    };
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    // packager/trunk.html binds for a classic script; index.html for an ES module.
    let source = std::fs::read_to_string(&page).unwrap_or_default();
    let bindgen_target = if source.contains(r#"data-bindgen-target="no-modules""#) {
        "no-modules"
    } else {
        "web"
    };
    let build = Build {
        cargo_wasm: target
            .join("wasm32-unknown-unknown")
            .join(profile)
            .join("leadmap.wasm"),
        staging: staging.clone(),
        bindgen_target: bindgen_target.to_string(),
        release: profile == "release",
        work: target
            .join("leadmap-split")
            .join(bindgen_target)
            .join(profile),
    };
    if let Err(error) = split::split(&build) {
        eprintln!("split-wasm: {error}");
        return ExitCode::FAILURE;
    }
    if bindgen_target == "web" {
        let index = staging.join("index.html");
        if let Ok(html) = std::fs::read_to_string(&index) {
            if let Err(error) = std::fs::write(&index, split::preload_link_module(&html)) {
                eprintln!("split-wasm: cannot write {}: {error}", index.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
