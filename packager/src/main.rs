//! `leadmap-packager`: see lib.rs and docs/DEPLOY.md.

use clap::Parser;
use leadmap_packager::naming::{Naming, Version};
use leadmap_packager::solution::{Publisher, Solution};
use leadmap_packager::{package, Options, PackageError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "leadmap-packager",
    about = "Package a release build of LeadMap as Dataverse web resources and an unmanaged solution zip"
)]
struct Args {
    /// Trunk's release output (index.html, leadmap.js, leadmap_bg.wasm, leadmap.css).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// Where to write webresources/<prefix>_/<folder>/… and <Solution>_<version>.zip.
    #[arg(long, default_value = "target/solution")]
    out: PathBuf,
    /// The publisher's customization prefix (2–8 letters/digits); names start with "<prefix>_/".
    #[arg(long, default_value = "new")]
    prefix: String,
    /// The folder under the prefix: web resources are named <prefix>_/<folder>/<file>.
    #[arg(long, default_value = "leadmap")]
    folder: String,
    /// The solution version: two to four numbers.
    #[arg(long, default_value = "1.0.0.0")]
    version: String,
    /// The solution's unique name (also the zip's name).
    #[arg(long, default_value = "LeadMap")]
    solution_name: String,
    /// The solution's display name.
    #[arg(long, default_value = "LeadMap")]
    solution_display_name: String,
    /// The publisher's unique name (created on import when the org lacks it).
    #[arg(long, default_value = "leadmap")]
    publisher_name: String,
    /// The publisher's display name.
    #[arg(long, default_value = "LeadMap")]
    publisher_display_name: String,
    /// The publisher's option value prefix (10000–99999).
    #[arg(long, default_value_t = 10000, value_parser = clap::value_parser!(u32).range(10000..=99999))]
    option_value_prefix: u32,
}

fn unique_name_ok(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn options(args: Args) -> Result<Options, PackageError> {
    let naming = Naming::new(&args.prefix, &args.folder)?;
    for (what, name) in [
        ("solution", &args.solution_name),
        ("publisher", &args.publisher_name),
    ] {
        if !unique_name_ok(name) {
            return Err(PackageError::InvalidUniqueName {
                what,
                name: name.clone(),
            });
        }
    }
    let solution = Solution {
        unique_name: args.solution_name,
        display_name: args.solution_display_name,
        description: "LeadMap: ContactLeads associations and entity map details on contact and lead forms (Rust/WebAssembly).".into(),
        version: Version::parse(&args.version)?,
        publisher: Publisher {
            unique_name: args.publisher_name,
            display_name: args.publisher_display_name,
            prefix: naming.prefix.clone(),
            option_value_prefix: args.option_value_prefix,
        },
    };
    Ok(Options {
        dist: args.dist,
        out: args.out,
        naming,
        solution,
    })
}

fn main() -> ExitCode {
    let result = options(Args::parse()).and_then(|o| package(&o));
    match result {
        Ok(package) => {
            for (r, path) in package.resources.iter().zip(&package.files) {
                println!(
                    "web resource {:<32} type {} {:>9} bytes  {}",
                    r.name,
                    r.kind.code(),
                    r.content.len(),
                    path.display()
                );
            }
            let size = std::fs::metadata(&package.zip)
                .map(|m| m.len())
                .unwrap_or(0);
            println!("solution zip {} ({size} bytes)", package.zip.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("leadmap-packager: {e}");
            ExitCode::FAILURE
        }
    }
}
