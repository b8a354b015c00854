//! The Web API under `/api/data/v9.x/`: request/response types independent of
//! the HTTP framework (so `$batch` parts go through the same code) and routing.

mod actions;
mod create;
mod data;
mod meta;
pub mod metadata_changes;
mod metadata_criteria;
mod metadata_query;
pub mod path;

use crate::errors::{ApiError, ApiResult};
use crate::locks::RwLockExt;
use crate::odata::engine::Preferences;
use crate::store::Store;
use crate::AppState;
use serde_json::Value;

pub const VERSIONS: &[&str] = &["v9.0", "v9.1", "v9.2"];
pub const JSON_CONTENT_TYPE: &str = "application/json; odata.metadata=minimal";

#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: String,
    /// The raw (still percent-encoded) path, starting with `/api/data/`.
    pub raw_path: String,
    /// The raw query string, without `?`.
    pub raw_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `http://host:port`, for absolute URLs in responses.
    pub base: String,
}

impl ApiRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ApiResponse {
    pub fn json(status: u16, value: &Value) -> Self {
        ApiResponse {
            status,
            headers: vec![
                ("Content-Type".into(), JSON_CONTENT_TYPE.into()),
                ("OData-Version".into(), "4.0".into()),
            ],
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    pub fn no_content() -> Self {
        ApiResponse {
            status: 204,
            headers: vec![("OData-Version".into(), "4.0".into())],
            body: Vec::new(),
        }
    }

    pub fn error(e: &ApiError) -> Self {
        Self::json(e.status, &e.body())
    }

    pub fn with_header(mut self, name: &str, value: String) -> Self {
        self.headers.push((name.into(), value));
        self
    }
}

/// What every handler needs to shape its answer.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub lcid: u32,
    /// `http://host:port/api/data/v9.2`
    pub service_root: String,
    pub prefs: Preferences,
    pub req: &'a ApiRequest,
    /// The `denied_privileges` setting.
    pub denied: &'a [String],
}

impl Ctx<'_> {
    /// Adds `Preference-Applied` for the honoured preferences.
    pub fn applied(&self, mut resp: ApiResponse, paged: bool) -> ApiResponse {
        if let Some(a) = &self.prefs.annotations {
            resp = resp.with_header(
                "Preference-Applied",
                format!("odata.include-annotations=\"{a}\""),
            );
        }
        if let (true, Some(n)) = (paged, self.prefs.max_page_size) {
            resp = resp.with_header("Preference-Applied", format!("odata.maxpagesize={n}"));
        }
        resp
    }
}

/// Answers one Web API request (not `$batch`).
pub fn handle(state: &AppState, req: &ApiRequest) -> ApiResponse {
    match route(state, req) {
        Ok(resp) => resp,
        Err(e) => ApiResponse::error(&e),
    }
}

fn route(state: &AppState, req: &ApiRequest) -> ApiResult<ApiResponse> {
    let rest = req.raw_path.strip_prefix("/api/data/").unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8_lossy()
        .into_owned();
    let segments = path::parse_segments(&decoded)?;
    let Some((version, segments)) = segments.split_first() else {
        return Err(ApiError::segment_not_found("data"));
    };
    if !VERSIONS.contains(&version.text().as_str()) {
        return Err(ApiError::segment_not_found(&version.text()));
    }
    let lcid = state.user_lcid();
    let service_root = format!("{}/api/data/{}", req.base, version.name);
    let prefs = Preferences::parse(req.header("Prefer"));
    let is_write = matches!(req.method.as_str(), "POST" | "PATCH" | "PUT" | "DELETE");
    let denied = state.denied_privileges();

    let associates = is_write
        && segments.last().is_some_and(|s| s.name == "$ref")
        && match segments {
            [set, navigation, ..] => {
                data::is_many_to_many(&state.store.read_or_recover(), &set.name, &navigation.name)
            }
            _ => false,
        };
    if associates {
        let mut store = state.store.write_or_recover();
        return data::write_ref(&mut store, req, segments, &denied);
    }
    if let [set] = segments {
        if req.method == "POST"
            && set.key.is_none()
            && create::CREATABLE.contains(&set.name.as_str())
        {
            let mut store = state.store.write_or_recover();
            return create::create(&mut store, req, &set.name, &denied, service_root, lcid);
        }
    }
    let store = state.store.read_or_recover();
    let ctx = Ctx {
        store: &store,
        lcid,
        service_root,
        prefs,
        req,
        denied: &denied,
    };
    match segments {
        [] => Ok(service_document(&ctx)),
        [s, ..] if s.name == "EntityDefinitions" => meta::handle(&ctx, segments),
        [s] if s.name == "WhoAmI" => actions::who_am_i(&ctx, s),
        [s] if s.name == "InitializeFrom" => actions::initialize_from(&ctx, s),
        [s] if s.name == metadata_changes::NAME => {
            metadata_changes::retrieve_metadata_changes(&ctx, s)
        }
        [user, f] if user.name == "systemusers" && f.name == actions::RETRIEVE_USER_PRIVILEGES => {
            actions::retrieve_user_privileges(&ctx, user, f)
        }
        [user, f] if user.name == "systemusers" => Err(ApiError::segment_not_found(&f.text())),
        [s, ..] if ctx.store.table_by_set(&s.name).is_some() => data::handle(&ctx, segments),
        [s, ..] => Err(ApiError::segment_not_found(&s.text())),
    }
}

fn service_document(ctx: &Ctx) -> ApiResponse {
    let value: Vec<Value> = ctx
        .store
        .metas()
        .map(|m| serde_json::json!({"name": m.entity_set_name, "kind": "EntitySet", "url": m.entity_set_name}))
        .collect();
    ApiResponse::json(
        200,
        &serde_json::json!({"@odata.context": format!("{}/$metadata", ctx.service_root), "value": value}),
    )
}

/// Rejects anything but GET on read-only resources.
pub fn require_get(req: &ApiRequest) -> ApiResult<()> {
    if req.method == "GET" {
        Ok(())
    } else {
        Err(ApiError::method_not_allowed(&req.method))
    }
}

/// The `(a,b,nav(c))` part of an `@odata.context` URL.
pub fn context_selection(opts: &crate::odata::QueryOptions) -> String {
    let list = selection_list(opts);
    if list.is_empty() {
        list
    } else {
        format!("({list})")
    }
}

fn selection_list(opts: &crate::odata::QueryOptions) -> String {
    let mut parts: Vec<String> = opts.select.clone().unwrap_or_default();
    for e in &opts.expand {
        parts.push(format!("{}({})", e.navigation, selection_list(&e.options)));
    }
    parts.join(",")
}
