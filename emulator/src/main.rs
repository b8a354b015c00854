//! `dataverse-emulator`: serves the emulated Dataverse Web API.

use clap::Parser;
use dataverse_emulator::generate::GenerateSpec;
use dataverse_emulator::server_time::ServerTime;
use dataverse_emulator::{serve, Config};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "dataverse-emulator",
    about = "A local Dataverse Web API emulator for LeadMap"
)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: String,
    /// Generate a large deterministic data set on top of the fixtures:
    /// contacts=N,leads_per_contact=M,seed=S,attributemaps=K
    #[arg(long)]
    generate: Option<GenerateSpec>,
    /// Serve a built LeadMap (index.html, leadmap.js, leadmap_bg.wasm, css) as the web resource.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Serve packaged web resources (leadmap-packager's target/solution/webresources) by
    /// name at /%7B638000000000000001%7D/webresources/<name> (and /WebResources/<name>
    /// where --dist does not answer).
    #[arg(long, value_name = "DIR")]
    webresources: Option<PathBuf>,
    /// The user's UI language (1033 English, 1036 French).
    #[arg(long, default_value_t = 1033)]
    user_lcid: u32,
    /// Answer CORS requests from http://127.0.0.1:* and http://localhost:* origins.
    #[arg(long)]
    cors_loopback: bool,
    /// Time each operation as an org would before answering: `realistic` (the
    /// model in server_time.rs), `none`, or a JSON file of figures in ms.
    #[arg(long, value_name = "realistic|none|FILE.json", value_parser = ServerTime::parse, default_value = "none")]
    server_time: ServerTime,
    /// Privileges the user lacks, comma-separated (prvAppendLead,prvAppendToContact):
    /// left out of RetrieveUserPrivileges; associations needing them answer 403.
    #[arg(long, value_name = "PRV,…", value_delimiter = ',')]
    denied_privileges: Vec<String>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = tokio::net::TcpListener::bind(&args.addr).await?;
    println!(
        "dataverse-emulator listening on http://{}",
        listener.local_addr()?
    );
    let config = Config {
        user_lcid: args.user_lcid,
        generate: args.generate,
        dist: args.dist,
        webresources: args.webresources,
        cors_loopback: args.cors_loopback,
        server_time: args.server_time,
        denied_privileges: args.denied_privileges,
    };
    serve(listener, config).await
}
