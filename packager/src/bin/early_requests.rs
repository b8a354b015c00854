//! `early-requests [PATH]`: writes the page's early request script
//! (default: the repository's `www/early_requests.js`), generated from the app's request
//! definitions. Trunk's `pre_build` hook runs it; it writes only when the
//! text changed, so Trunk's watcher does not rebuild for nothing.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../www/early_requests.js"
            ))
        });
    let script = leadmap_packager::early_requests_js();
    if std::fs::read_to_string(&path).is_ok_and(|current| current == script) {
        return ExitCode::SUCCESS;
    }
    match std::fs::write(&path, script) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("early-requests: cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
