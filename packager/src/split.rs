//! Splits the app's wasm after Trunk's build (Trunk's `post_build` hook runs
//! `split-wasm`): the code only the associations view reaches (its split
//! point is `src/components/associations/lazy.rs`) becomes a chunk the app
//! fetches once it runs, so the first view downloads and compiles less.
//!
//! Trunk cannot split, so this step redoes the end of its Rust pipeline on
//! cargo's output (linked with `--emit-relocs`, `.cargo/config.toml`):
//! `wasm-split` (the `wasm_split_cli_support` library, Leptos's and Yew's
//! splitter), then `wasm-bindgen` on the main module with the same target as
//! Trunk, then `wasm-opt` on every module (the pages turn Trunk's own off:
//! `data-wasm-opt="0"`), and puts the results in Trunk's staging folder in
//! place of Trunk's: `leadmap.js`, `leadmap_bg.wasm`, the chunk loader
//! `__wasm_split.js` and `split_associations.wasm`.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the app's Cargo feature `split` needs from the build.
pub const LINK_MODULE: &str = "__wasm_split.js";

/// The optimisation the pages get (Trunk's `data-wasm-opt` levels): `-Oz`
/// with the wasm features every supported browser has.
const WASM_OPT: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];

#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    #[error("cannot read cargo's build of the app at {} ({source}): run this from Trunk's post_build hook", path.display())]
    NoBuild { path: PathBuf, source: io::Error },

    #[error("wasm-split could not split {}: {message}", path.display())]
    Split { path: PathBuf, message: String },

    #[error("cannot run {tool} ({source}): scripts/setup.sh puts it on PATH")]
    ToolMissing {
        tool: &'static str,
        source: io::Error,
    },

    #[error("{tool} failed ({status})")]
    ToolFailed {
        tool: &'static str,
        status: std::process::ExitStatus,
    },

    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// One build to split: what Trunk's hook tells (`TRUNK_*` variables).
pub struct Build {
    /// cargo's `leadmap.wasm` for this profile.
    pub cargo_wasm: PathBuf,
    /// Trunk's staging folder, which becomes `dist`.
    pub staging: PathBuf,
    /// wasm-bindgen's `--target`: `web` (index.html) or `no-modules` (packager/trunk.html).
    pub bindgen_target: String,
    pub release: bool,
    /// Where the intermediate files go (under cargo's target folder).
    pub work: PathBuf,
}

/// Splits, binds and optimises; returns the files written to the staging folder.
pub fn split(build: &Build) -> Result<Vec<PathBuf>, SplitError> {
    let input = fs::read(&build.cargo_wasm).map_err(|source| SplitError::NoBuild {
        path: build.cargo_wasm.clone(),
        source,
    })?;
    let split_dir = build.work.join("split");
    let bound_dir = build.work.join("bound");
    for dir in [&split_dir, &bound_dir] {
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir).map_err(|source| SplitError::Io {
            path: dir.clone(),
            source,
        })?;
    }
    let main = split_dir.join("leadmap.wasm");
    let link_name = format!("./{LINK_MODULE}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &split_dir;
    options.main_out_path = &main;
    options.main_module = "./leadmap.js";
    options.link_name = &link_name;
    let chunks = wasm_split_cli_support::transform(options)
        .map_err(|report| SplitError::Split {
            path: build.cargo_wasm.clone(),
            message: format!("{report:#}"),
        })?
        .split_modules;

    // The chunks take the function table from the main module's exports,
    // which wasm-bindgen drops unless told to keep what the linker made.
    run(
        "wasm-bindgen",
        [
            OsStr::new(&format!("--target={}", build.bindgen_target)),
            OsStr::new("--out-name=leadmap"),
            OsStr::new("--no-typescript"),
            OsStr::new("--keep-lld-exports"),
            OsStr::new("--out-dir"),
            bound_dir.as_os_str(),
            main.as_os_str(),
        ],
    )?;

    let mut written = Vec::new();
    let mut wasm_out = |from: &Path, name: &str| -> Result<(), SplitError> {
        let to = build.staging.join(name);
        if build.release {
            run(
                "wasm-opt",
                WASM_OPT.iter().map(OsStr::new).chain([
                    from.as_os_str(),
                    OsStr::new("-o"),
                    to.as_os_str(),
                ]),
            )?;
        } else {
            copy(from, &to)?;
        }
        written.push(to);
        Ok(())
    };
    wasm_out(&bound_dir.join("leadmap_bg.wasm"), "leadmap_bg.wasm")?;
    for chunk in &chunks {
        let name = chunk
            .file_name()
            .and_then(OsStr::to_str)
            .unwrap_or_default();
        wasm_out(chunk, name)?;
    }
    for (from, name) in [
        (bound_dir.join("leadmap.js"), "leadmap.js"),
        (split_dir.join(LINK_MODULE), LINK_MODULE),
    ] {
        let to = build.staging.join(name);
        copy(&from, &to)?;
        written.push(to);
    }
    Ok(written)
}

fn copy(from: &Path, to: &Path) -> Result<(), SplitError> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|source| SplitError::Io {
            path: to.to_path_buf(),
            source,
        })
}

fn run<I, S>(tool: &'static str, args: I) -> Result<(), SplitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let status = Command::new(tool)
        .args(args)
        .status()
        .map_err(|source| SplitError::ToolMissing { tool, source })?;
    if status.success() {
        Ok(())
    } else {
        Err(SplitError::ToolFailed { tool, status })
    }
}

/// The staging page with the chunk loader fetched beside the glue that
/// imports it (a `modulepreload` after the glue's), for the `web` target.
pub fn preload_link_module(html: &str) -> String {
    let link =
        format!(r#"<link rel="modulepreload" href="./{LINK_MODULE}" crossorigin="anonymous">"#);
    if html.contains(&link) {
        return html.to_string();
    }
    match html.find("</head>") {
        Some(at) => format!("{}{link}\n{}", &html[..at], &html[at..]),
        None => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_preloads_the_chunk_loader_once() {
        let page = "<html><head><title>x</title></head><body></body></html>";
        let once = preload_link_module(page);
        assert!(once.contains(
            r#"<link rel="modulepreload" href="./__wasm_split.js" crossorigin="anonymous">"#
        ));
        assert!(once.find("modulepreload").unwrap() < once.find("</head>").unwrap());
        assert_eq!(preload_link_module(&once), once);
    }
}
