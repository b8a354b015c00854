//! Why packaging failed: every fallible step of the packager answers a
//! [`PackageError`], and `leadmap-packager` prints it.

use std::io;
use std::path::{Path, PathBuf};
use zip::result::ZipError;

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// A file of Trunk's output could not be read: most often, no build yet.
    #[error("cannot read {} ({source}); build first with `trunk build packager/trunk.html --release --dist target/package-dist` (scripts/package.sh does)", path.display())]
    Build { path: PathBuf, source: io::Error },

    /// A file or folder of the output could not be cleared, created or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: FileAction,
        path: PathBuf,
        source: io::Error,
    },

    #[error("{} is not UTF-8", path.display())]
    NotUtf8 { path: PathBuf },

    /// Trunk's main build (`--target web`, an ES module) rather than packager/trunk.html's.
    #[error("leadmap.js is not wasm-bindgen's --target no-modules glue (`let wasm_bindgen = …`): package the build of packager/trunk.html (scripts/package.sh)")]
    GlueNotClassic,

    #[error("the glue never calls __wbindgen_start: the app's main would not run on init")]
    GlueWithoutStart,

    #[error("the wasm file does not start with the WebAssembly magic number")]
    NotWasm,

    #[error("could not gzip the wasm: {0}")]
    Gzip(#[source] io::Error),

    /// A script holds what a strict Content Security Policy refuses.
    #[error("{name} contains {found:?}: a strict CSP refuses it")]
    Forbidden {
        name: String,
        found: Vec<&'static str>,
    },

    #[error("invalid publisher prefix {0:?}: 2 to 8 letters or digits, starting with a letter, not \"mscrm\"")]
    InvalidPrefix(String),

    #[error("invalid folder {0:?}: segments of letters, digits, '_', '-' or '.' separated by single '/'")]
    InvalidFolder(String),

    #[error("invalid version {0:?}: two to four numbers separated by '.', like 1.0.0.0")]
    InvalidVersion(String),

    #[error(
        "invalid {what} unique name {name:?}: letters, digits and '_', starting with a letter"
    )]
    InvalidUniqueName { what: &'static str, name: String },

    #[error("cannot write the zip: {}", zip_detail(.0))]
    Zip(#[from] ZipError),
}

/// A zip error's own words (`ZipError::Io` shows only "i/o error").
fn zip_detail(e: &ZipError) -> String {
    match e {
        ZipError::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// What was being done to a path when an I/O error struck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileAction {
    Clear,
    Create,
    Write,
}

impl std::fmt::Display for FileAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileAction::Clear => "clear",
            FileAction::Create => "create",
            FileAction::Write => "write",
        })
    }
}

impl PackageError {
    /// For `map_err`: the I/O error of `action` on `path`.
    pub fn io(action: FileAction, path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| PackageError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_path_and_the_cause() {
        let missing = io::Error::new(io::ErrorKind::NotFound, "gone");
        let e = PackageError::io(FileAction::Create, Path::new("out/x"))(missing);
        assert_eq!(e.to_string(), "cannot create out/x: gone");
        let e = PackageError::Build {
            path: "dist/leadmap.js".into(),
            source: io::Error::new(io::ErrorKind::NotFound, "gone"),
        };
        assert!(e
            .to_string()
            .contains("trunk build packager/trunk.html --release"));
        assert!(std::error::Error::source(&e).is_some());
        let full = PackageError::from(ZipError::Io(io::Error::other("disk full")));
        assert_eq!(full.to_string(), "cannot write the zip: disk full");
    }
}
