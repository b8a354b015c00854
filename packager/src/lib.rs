//! `leadmap-packager`: turns Trunk's release output (`dist/`) into Dataverse
//! web resources of allowed types only (HTML, JScript, CSS) and an unmanaged
//! solution zip that imports with `pac solution import` or the maker portal.

pub mod bundle;
pub mod error;
pub mod naming;
pub mod page;
pub mod solution;

pub use error::PackageError;

use error::FileAction;
use naming::Naming;
use solution::{
    content_types_xml, customizations_xml, solution_xml, Solution, WebResource, WebResourceType,
};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// The form OnLoad handler (`LeadMap.onLoad`), shipped as its own web resource.
pub const FORM_ONLOAD_JS: &str = include_str!("../../www/form_onload.js");
/// The page's first data request, sent before the app has loaded.
/// The page's first round trip, generated from the app's request definitions.
pub fn early_requests_js() -> String {
    leadmap::early_page::script()
}

pub struct Options {
    /// Trunk's output: `index.html`, `leadmap.js`, `leadmap_bg.wasm`, `leadmap.css`.
    pub dist: PathBuf,
    /// Gets `webresources/<prefix>_/<folder>/…` and `<Solution>_<version>.zip`.
    pub out: PathBuf,
    pub naming: Naming,
    pub solution: Solution,
}

/// What was written.
pub struct Package {
    pub resources: Vec<WebResource>,
    /// The web resource files, in the same order as `resources`.
    pub files: Vec<PathBuf>,
    pub zip: PathBuf,
}

/// Reads `dist/`, builds the web resources and writes them and the zip.
pub fn package(options: &Options) -> Result<Package, PackageError> {
    let resources = web_resources(&options.dist, &options.naming)?;
    let files = write_web_resources(&options.out, &options.naming, &resources)?;
    let solution = &options.solution;
    let zip = options.out.join(format!(
        "{}_{}.zip",
        solution.unique_name,
        solution.version.underscored()
    ));
    write_solution_zip(&zip, solution, &resources)?;
    Ok(Package {
        resources,
        files,
        zip,
    })
}

/// LeadMap's strings, one RESX web resource per language (Trunk copies
/// `www/strings` to `dist/strings`): `…/strings/leadmap.<lcid>.resx`.
fn string_resources(dist: &Path, naming: &Naming) -> Result<Vec<WebResource>, PackageError> {
    let folder = dist.join("strings");
    let entries = fs::read_dir(&folder).map_err(|source| PackageError::Build {
        path: folder.clone(),
        source,
    })?;
    let mut files: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| {
            name.strip_prefix("leadmap.")
                .and_then(|rest| rest.strip_suffix(".resx"))
                .is_some_and(|lcid| lcid.parse::<u32>().is_ok())
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let path = folder.join(&file);
            let content = fs::read(&path).map_err(|source| PackageError::Build { path, source })?;
            let lcid = file
                .trim_start_matches("leadmap.")
                .trim_end_matches(".resx");
            Ok(resource(
                naming,
                &format!("strings/{file}"),
                &format!("LeadMap strings ({lcid})"),
                WebResourceType::Resx,
                content,
            ))
        })
        .collect()
}

/// The web resources: the page, the app's script, the wasm (in a script web
/// resource, as data), the styles,
/// the form OnLoad handler, the first data request and the strings.
pub fn web_resources(dist: &Path, naming: &Naming) -> Result<Vec<WebResource>, PackageError> {
    let read = |file: &str| {
        let path = dist.join(file);
        fs::read(&path).map_err(|source| PackageError::Build { path, source })
    };
    let glue = String::from_utf8(read("leadmap.js")?).map_err(|_| PackageError::NotUtf8 {
        path: dist.join("leadmap.js"),
    })?;
    let script = bundle::classic_script(&glue)?;
    let wasm = bundle::wasm_resource(&read("leadmap_bg.wasm")?)?;
    let resources = vec![
        resource(
            naming,
            "index.html",
            "LeadMap page",
            WebResourceType::Html,
            page::index_html().into_bytes(),
        ),
        resource(
            naming,
            "leadmap.js",
            "LeadMap app (JavaScript)",
            WebResourceType::JScript,
            script.into_bytes(),
        ),
        resource(
            naming,
            bundle::WASM_RESOURCE,
            "LeadMap app (WebAssembly, read as data)",
            WebResourceType::JScript,
            wasm.into_bytes(),
        ),
        resource(
            naming,
            "leadmap.css",
            "LeadMap styles",
            WebResourceType::Css,
            read("leadmap.css")?,
        ),
        resource(
            naming,
            "form_onload.js",
            "LeadMap form OnLoad handler",
            WebResourceType::JScript,
            FORM_ONLOAD_JS.into(),
        ),
        resource(
            naming,
            "early_requests.js",
            "LeadMap first data request",
            WebResourceType::JScript,
            early_requests_js().into_bytes(),
        ),
    ];
    let mut resources = resources;
    resources.extend(string_resources(dist, naming)?);
    for r in resources
        .iter()
        .filter(|r| r.kind == WebResourceType::JScript)
    {
        let found = bundle::forbidden_constructs(&String::from_utf8_lossy(&r.content));
        if !found.is_empty() {
            return Err(PackageError::Forbidden {
                name: r.name.clone(),
                found,
            });
        }
    }
    Ok(resources)
}

fn resource(
    naming: &Naming,
    file: &str,
    display_name: &str,
    kind: WebResourceType,
    content: Vec<u8>,
) -> WebResource {
    WebResource {
        name: naming.web_resource_name(file),
        display_name: display_name.into(),
        kind,
        content,
    }
}

/// Writes `out/webresources/<name>` for each resource, replacing the folder,
/// so the emulator can serve exactly what the zip carries.
fn write_web_resources(
    out: &Path,
    naming: &Naming,
    resources: &[WebResource],
) -> Result<Vec<PathBuf>, PackageError> {
    let root = out.join("webresources");
    let folder = root.join(naming.web_resource_name(""));
    if folder.exists() {
        fs::remove_dir_all(&folder).map_err(PackageError::io(FileAction::Clear, &folder))?;
    }
    resources
        .iter()
        .map(|r| {
            let path = root.join(&r.name);
            write_file(&path, &r.content)?;
            Ok(path)
        })
        .collect()
}

/// The zip bytes: `[Content_Types].xml`, `solution.xml`, `customizations.xml`
/// and the web resources under `WebResources/`.
pub fn solution_zip(
    solution: &Solution,
    resources: &[WebResource],
) -> Result<Vec<u8>, PackageError> {
    let introduced = solution.version.major_minor();
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types_xml(resources).into_bytes(),
        ),
        (
            "solution.xml".into(),
            solution_xml(solution, resources).into_bytes(),
        ),
        (
            "customizations.xml".into(),
            customizations_xml(resources, &introduced).into_bytes(),
        ),
    ];
    parts.extend(resources.iter().map(|r| (r.zip_path(), r.content.clone())));

    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Fixed timestamps (zip's default, 1980-01-01) keep the zip reproducible.
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in &parts {
        writer.start_file(name.as_str(), options)?;
        writer.write_all(bytes).map_err(ZipError::Io)?;
    }
    Ok(writer.finish()?.into_inner())
}

fn write_solution_zip(
    path: &Path,
    solution: &Solution,
    resources: &[WebResource],
) -> Result<(), PackageError> {
    write_file(path, &solution_zip(solution, resources)?)
}

/// Writes `path`, creating its folder first.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PackageError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(PackageError::io(FileAction::Create, parent))?;
    }
    fs::write(path, bytes).map_err(PackageError::io(FileAction::Write, path))
}
