//! A local emulator of the Dataverse Web API for LeadMap's development,
//! browser tests and benchmarks. See README.md for the HTTP surface.

pub mod api;
pub mod batch;
pub mod errors;
pub mod faults;
pub mod fixtures;
pub mod format;
pub mod generate;
pub mod host_page;
pub mod locks;
pub mod metadata;
pub mod odata;
pub mod privileges;
pub mod server;
pub mod server_time;
pub mod store;

use faults::{Faults, LogEntry};
use generate::GenerateSpec;
use locks::{MutexExt, RwLockExt};
use server_time::ServerTime;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use store::Store;

#[derive(Debug, Clone)]
pub struct Config {
    /// The user's UI language: picks `UserLocalizedLabel` and formatted values.
    pub user_lcid: u32,
    pub generate: Option<GenerateSpec>,
    /// A built LeadMap to serve as the `new_/leadmap/` web resource.
    pub dist: Option<PathBuf>,
    /// Packaged web resources (`leadmap-packager`'s `webresources/` folder),
    /// served by name under the cache-busting path `/{638000000000000001}/webresources/`.
    pub webresources: Option<PathBuf>,
    /// Answer CORS (with preflight) for `http://127.0.0.1:*` and `http://localhost:*`.
    pub cors_loopback: bool,
    /// How long each operation takes before it is answered (none by default).
    pub server_time: ServerTime,
    /// Privileges the WhoAmI user lacks (`prvAppendLead`, …): missing from
    /// `RetrieveUserPrivileges`, and associations needing them are denied.
    pub denied_privileges: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            user_lcid: 1033,
            generate: None,
            dist: None,
            webresources: None,
            cors_loopback: false,
            server_time: ServerTime::none(),
            denied_privileges: Vec::new(),
        }
    }
}

pub struct AppState {
    pub store: RwLock<Store>,
    initial: Store,
    pub faults: Mutex<Faults>,
    pub log: Mutex<Vec<LogEntry>>,
    user_lcid: AtomicU32,
    server_time: RwLock<ServerTime>,
    denied_privileges: RwLock<Vec<String>>,
    pub config: Config,
    pub started: Instant,
}

impl AppState {
    pub fn new(config: Config) -> Arc<Self> {
        let mut initial = fixtures::build();
        if let Some(spec) = &config.generate {
            generate::apply(&mut initial, spec);
        }
        Arc::new(AppState {
            store: RwLock::new(initial.clone()),
            initial,
            faults: Mutex::default(),
            log: Mutex::default(),
            user_lcid: AtomicU32::new(config.user_lcid),
            server_time: RwLock::new(config.server_time.clone()),
            denied_privileges: RwLock::new(config.denied_privileges.clone()),
            config,
            started: Instant::now(),
        })
    }

    pub fn user_lcid(&self) -> u32 {
        self.user_lcid.load(Ordering::Relaxed)
    }

    pub fn set_user_lcid(&self, lcid: u32) {
        self.user_lcid.store(lcid, Ordering::Relaxed);
    }

    pub fn server_time(&self) -> ServerTime {
        self.server_time.read_or_recover().clone()
    }

    pub fn set_server_time(&self, model: ServerTime) {
        *self.server_time.write_or_recover() = model;
    }

    pub fn denied_privileges(&self) -> Vec<String> {
        self.denied_privileges.read_or_recover().clone()
    }

    pub fn set_denied_privileges(&self, names: Vec<String>) {
        *self.denied_privileges.write_or_recover() = names;
    }

    /// Restores the initial data set and settings; clears faults and the log.
    pub fn reset(&self) {
        *self.store.write_or_recover() = self.initial.clone();
        self.faults.lock_or_recover().clear();
        self.log.lock_or_recover().clear();
        self.set_user_lcid(self.config.user_lcid);
        self.set_server_time(self.config.server_time.clone());
        self.set_denied_privileges(self.config.denied_privileges.clone());
    }
}

/// Serves until the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let state = AppState::new(config);
    axum::serve(listener, server::router(state)).await
}
