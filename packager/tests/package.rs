//! Runs `leadmap-packager` on a small fake `dist/` and opens the zip it
//! writes: structure, names, types, ids and bytes. With `LEADMAP_DIST` and
//! `LEADMAP_SOLUTION_DIR` set (scripts/test.sh does), also checks the real
//! release build's package.

use base64::Engine;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const FORM_ONLOAD: &str = include_str!("../../www/form_onload.js");
const EARLY_BATCH: &str = include_str!("../../www/early_requests.js");

/// The shape of wasm-bindgen's `--target no-modules` glue (packager/trunk.html's build).
const GLUE: &str = r#"let wasm_bindgen = (function(exports) {
    function __wbg_finalize_init(instance, module) {
        wasm = instance.exports;
        wasm.__wbindgen_start();
        return wasm;
    }
    async function __wbg_init(module_or_path) {
        return wasm;
    }
    return Object.assign(__wbg_init, { initSync }, exports);
})({ __proto__: null });
"#;

struct Entry {
    id: String,
    name: String,
    kind: String,
    file_name: String,
}

/// The text of each `<tag>…</tag>` in `xml`, in order.
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split_once(close.as_str()).map(|(inner, _)| inner))
        .collect()
}

fn one(xml: &str, tag: &str) -> String {
    let found = tags(xml, tag);
    assert_eq!(found.len(), 1, "<{tag}> in {xml}");
    found[0].to_string()
}

fn read_zip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            assert_eq!(
                f.compression(),
                zip::CompressionMethod::Deflated,
                "{}",
                f.name()
            );
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

fn v5_of(name: &str) -> String {
    let namespace = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        b"urn:leadmap:dataverse:webresource",
    );
    uuid::Uuid::new_v5(&namespace, name.as_bytes()).to_string()
}

/// The web resources a package holds, in order: name under `folder`, type
/// code and bytes (read by `file` from the package's output).
fn expected_resources(
    folder: &str,
    languages: &[u32],
    file: impl Fn(&str) -> Vec<u8>,
) -> Vec<(String, &'static str, Vec<u8>)> {
    let mut lcids = languages.to_vec();
    lcids.sort_by_key(|lcid| lcid.to_string());
    let strings: Vec<(String, &str)> = lcids
        .iter()
        .map(|lcid| (format!("strings/leadmap.{lcid}.resx"), "12"))
        .collect();
    [
        ("index.html", "1"),
        ("leadmap.js", "3"),
        ("leadmap_wasm.js", "3"),
        ("leadmap.css", "2"),
        ("form_onload.js", "3"),
        ("early_requests.js", "3"),
    ]
    .into_iter()
    .map(|(name, kind)| (name.to_owned(), kind))
    .chain(strings)
    .map(|(name, kind)| (format!("{folder}/{name}"), kind, file(&name)))
    .collect()
}

/// Checks the zip against the expected `(name, type, bytes)` web resources
/// and returns the parsed solution.xml for further checks.
fn check_zip(zip: &Path, expected: &[(String, &str, Vec<u8>)]) -> String {
    let parts = read_zip(zip);
    let text = |name: &str| {
        String::from_utf8(
            parts
                .get(name)
                .unwrap_or_else(|| panic!("zip lacks {name}"))
                .clone(),
        )
        .unwrap()
    };
    let customizations = text("customizations.xml");
    let content_types = text("[Content_Types].xml");
    let solution = text("solution.xml");
    assert!(content_types.contains(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    ));
    assert!(customizations.contains("<ImportExportXml"));

    let entries: Vec<Entry> = tags(&customizations, "WebResource")
        .into_iter()
        .map(|block| Entry {
            id: one(block, "WebResourceId"),
            name: one(block, "Name"),
            kind: one(block, "WebResourceType"),
            file_name: one(block, "FileName"),
        })
        .collect();
    assert_eq!(entries.len(), expected.len());
    let mut listed = vec![
        "[Content_Types].xml".to_string(),
        "customizations.xml".into(),
        "solution.xml".into(),
    ];
    for (entry, (name, kind, bytes)) in entries.iter().zip(expected) {
        assert_eq!(&entry.name, name);
        assert_eq!(&entry.kind, kind, "{name}");
        assert_eq!(entry.id, format!("{{{}}}", v5_of(name)), "{name}");
        let path = entry
            .file_name
            .strip_prefix("/WebResources/")
            .unwrap_or_else(|| panic!("{}", entry.file_name));
        assert!(!path.contains('/'), "{path}");
        let in_zip = &entry.file_name[1..];
        assert_eq!(
            parts
                .get(in_zip)
                .unwrap_or_else(|| panic!("zip lacks {in_zip}")),
            bytes,
            "{name}"
        );
        assert!(content_types.contains(&format!("<Override PartName=\"{}\"", entry.file_name)));
        assert!(solution.contains(&format!(
            "<RootComponent type=\"61\" schemaName=\"{name}\" behavior=\"0\" />"
        )));
        listed.push(in_zip.to_string());
    }
    listed.sort();
    assert_eq!(parts.keys().cloned().collect::<Vec<_>>(), listed);
    solution
}

/// The app's script streams the wasm's web resource, which carries the wasm
/// as gzip in base64, in its one string literal.
fn assert_script_carries_wasm(js: &[u8], carrier: &[u8], wasm: &[u8]) {
    let js = std::str::from_utf8(js).unwrap();
    assert!(js.contains("new URL(\"leadmap_wasm.js\""));
    let carrier = std::str::from_utf8(carrier).unwrap();
    let b64 = carrier
        .split_once('"')
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(b64, _)| b64)
        .expect("the wasm's web resource carries it as gzip in base64");
    let gzipped = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let mut member = flate2::read::GzDecoder::new(&gzipped[..]);
    let mut decoded = Vec::new();
    std::io::Read::read_to_end(&mut member, &mut decoded).unwrap();
    assert_eq!(decoded, wasm);
    // One gzip member and nothing after it: DecompressionStream rejects trailing data.
    assert!(
        member.into_inner().is_empty(),
        "bytes after the gzip member"
    );
    assert!(js.contains("WebAssembly.compileStreaming("));
    for forbidden in [
        "import.meta",
        "eval(",
        "new Function",
        "application/wasm\")",
    ] {
        assert!(!js.contains(forbidden), "{forbidden}");
    }
    assert!(!js
        .lines()
        .any(|l| l.starts_with("export ") || l.starts_with("import ")));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leadmap-packager-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Two languages' RESX and a file that is not a catalogue.
fn fake_strings(dist: &Path) {
    std::fs::create_dir_all(dist.join("strings")).unwrap();
    for lcid in [1033, 1031] {
        let resx =
            format!("<root><data name=\"common.cancel\"><value>{lcid}</value></data></root>");
        std::fs::write(dist.join(format!("strings/leadmap.{lcid}.resx")), resx).unwrap();
    }
    std::fs::write(dist.join("strings/notes.txt"), "not a catalogue").unwrap();
}

#[test]
fn packages_a_fake_dist() {
    let root = temp_dir("fake");
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let wasm = b"\0asm\x01\0\0\0fake module bytes \xff\xfe".to_vec();
    let css = "/* styles */\n.lm-root { color: #242424; }\n"
        .as_bytes()
        .to_vec();
    std::fs::write(dist.join("leadmap.js"), GLUE).unwrap();
    std::fs::write(dist.join("leadmap_bg.wasm"), &wasm).unwrap();
    std::fs::write(dist.join("leadmap.css"), &css).unwrap();
    fake_strings(&dist);
    std::fs::write(
        dist.join("index.html"),
        "<script type=\"module\">inline</script>",
    )
    .unwrap();
    let out = root.join("solution");
    // A stale file from an earlier run must not survive.
    std::fs::create_dir_all(out.join("webresources/new_/leadmap")).unwrap();
    std::fs::write(out.join("webresources/new_/leadmap/stale.js"), "old").unwrap();

    let run = || {
        Command::new(env!("CARGO_BIN_EXE_leadmap-packager"))
            .args([
                "--dist",
                dist.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .args(["--version", "1.2.0.7", "--publisher-name", "contoso"])
            .output()
            .unwrap()
    };
    let output = run();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let zip = out.join("LeadMap_1_2_0_7.zip");
    let first_zip = std::fs::read(&zip).unwrap();

    let web = out.join("webresources/new_/leadmap");
    let mut files: Vec<String> = std::fs::read_dir(&web)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "early_requests.js",
            "form_onload.js",
            "index.html",
            "leadmap.css",
            "leadmap.js",
            "leadmap_wasm.js",
            "strings"
        ]
    );
    let file = |name: &str| std::fs::read(web.join(name)).unwrap();

    let index = String::from_utf8(file("index.html")).unwrap();
    assert!(!index.contains("<script>") && !index.contains("type=\"module\""));
    assert!(index.contains("<script src=\"leadmap.js\" defer></script>"));
    assert!(index.contains("<link rel=\"stylesheet\" href=\"leadmap.css\">"));
    assert!(index.contains("<div id=\"leadmap\" class=\"lm-root\">"));
    assert_eq!(file("leadmap.css"), css);
    assert_eq!(file("form_onload.js"), FORM_ONLOAD.as_bytes());
    assert_eq!(file("early_requests.js"), EARLY_BATCH.as_bytes());
    assert_script_carries_wasm(&file("leadmap.js"), &file("leadmap_wasm.js"), &wasm);

    let expected = expected_resources("new_/leadmap", &[1033, 1031], file);
    let solution = check_zip(&zip, &expected);
    for needle in [
        "<UniqueName>LeadMap</UniqueName>",
        "<Version>1.2.0.7</Version>",
        "<Managed>0</Managed>",
        "<UniqueName>contoso</UniqueName>",
        "<CustomizationPrefix>new</CustomizationPrefix>",
        "<CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix>",
    ] {
        assert!(solution.contains(needle), "{needle}");
    }

    // Idempotent and reproducible: the same input gives the same zip.
    assert!(run().status.success());
    assert_eq!(std::fs::read(&zip).unwrap(), first_zip);
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn prefix_and_folder_are_configurable() {
    let root = temp_dir("prefix");
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("leadmap.js"), GLUE).unwrap();
    std::fs::write(dist.join("leadmap_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("leadmap.css"), "").unwrap();
    fake_strings(&dist);
    let out = root.join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_leadmap-packager"))
        .args([
            "--dist",
            dist.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--prefix", "contoso_", "--folder", "apps/leadmap"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let web = out.join("webresources/contoso_/apps/leadmap");
    let file = |name: &str| std::fs::read(web.join(name)).unwrap();
    let expected = expected_resources("contoso_/apps/leadmap", &[1033, 1031], file);
    let solution = check_zip(&out.join("LeadMap_1_0_0_0.zip"), &expected);
    assert!(solution.contains("<CustomizationPrefix>contoso</CustomizationPrefix>"));
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn a_missing_build_is_explained() {
    let root = temp_dir("missing");
    let output = Command::new(env!("CARGO_BIN_EXE_leadmap-packager"))
        .args(["--dist", root.join("nope").to_str().unwrap()])
        .args(["--out", root.join("out").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("trunk build packager/trunk.html --release"));
    std::fs::remove_dir_all(root).ok();
}

/// The real release build, packaged by scripts/test.sh before `cargo test`
/// of this file runs with LEADMAP_DIST and LEADMAP_SOLUTION_DIR set.
#[test]
fn the_release_build_package() {
    let (Some(dist), Some(out)) = (
        std::env::var_os("LEADMAP_DIST"),
        std::env::var_os("LEADMAP_SOLUTION_DIR"),
    ) else {
        eprintln!("LEADMAP_DIST / LEADMAP_SOLUTION_DIR unset: skipping the release build check");
        return;
    };
    let (dist, out) = (PathBuf::from(dist), PathBuf::from(out));
    let web = out.join("webresources/new_/leadmap");
    let file = |name: &str| {
        std::fs::read(web.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", web.join(name).display()))
    };
    let dist_file = |name: &str| std::fs::read(dist.join(name)).unwrap();
    assert_eq!(file("leadmap.css"), dist_file("leadmap.css"));
    assert_eq!(file("form_onload.js"), FORM_ONLOAD.as_bytes());
    assert_eq!(file("early_requests.js"), EARLY_BATCH.as_bytes());
    assert_script_carries_wasm(
        &file("leadmap.js"),
        &file("leadmap_wasm.js"),
        &dist_file("leadmap_bg.wasm"),
    );
    let js = String::from_utf8(file("leadmap.js")).unwrap();
    assert!(js.contains("__wbindgen_start"), "main runs on init");
    let expected = expected_resources("new_/leadmap", &leadmap::i18n::SHIPPED, file);
    check_zip(&out.join("LeadMap_1_0_0_0.zip"), &expected);
}

/// The `<link data-trunk rel="rust" …>` attributes of a Trunk page, without
/// those that differ on purpose (`href`, `data-bindgen-target`).
fn rust_link_options(page: &str) -> Vec<String> {
    let start = page
        .find(r#"<link data-trunk rel="rust""#)
        .expect("a rust link");
    let link = &page[start..start + page[start..].find("/>").expect("a closed link")];
    // `name="value"` pairs: split at the quotes, a name ends each odd piece.
    let pieces: Vec<&str> = link.split('"').collect();
    let mut options: Vec<String> = pieces
        .chunks_exact(2)
        .filter_map(|pair| {
            let name = pair[0].trim().trim_end_matches('=').rsplit(' ').next()?;
            Some(format!("{name}={}", pair[1]))
        })
        .filter(|o| !o.starts_with("href=") && !o.starts_with("data-bindgen-target="))
        .collect();
    options.sort();
    options
}

/// The packaged build is the development build's app: the same binary, the
/// same wasm-opt level and passes (only the glue's target differs).
#[test]
fn the_packaged_build_optimizes_like_the_development_build() {
    let dev = include_str!("../../index.html");
    let packaged = include_str!("../trunk.html");
    assert_eq!(rust_link_options(packaged), rust_link_options(dev));
    assert!(rust_link_options(dev)
        .iter()
        .any(|o| o.starts_with("data-wasm-opt-params=--enable")));
    assert!(packaged.contains(r#"data-bindgen-target="no-modules""#));
}
