//! HTTP glue: one axum handler that routes `/api/data/…` to the Web API,
//! `/_emulator/…` to the control endpoints, `/` to the host page and the
//! web-resource paths to `--dist` and `--webresources` (tower-http's
//! `ServeFile`); plus fault injection, logging and CORS (tower-http's
//! `CorsLayer`, behind `--cors-loopback`).

use crate::api::{self, ApiRequest, ApiResponse};
use crate::errors::ApiError;
use crate::faults::{BodyKind, Fault, LogEntry};
use crate::locks::{MutexExt, RwLockExt};
use crate::odata::query::decode_component;
use crate::server_time::ServerTime;
use crate::{batch, fixtures, host_page, AppState};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeFile;

const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The request headers a loopback page may send (`Access-Control-Allow-Headers`).
const ALLOWED_HEADERS: &str = "OData-MaxVersion, OData-Version, Prefer, Content-Type, Accept, If-Match, If-None-Match, Authorization";
/// The answer's headers a loopback page may read (`Access-Control-Expose-Headers`).
const EXPOSED_HEADERS: &str = "Preference-Applied, Retry-After, OData-EntityId, OData-Version";

pub fn router(state: Arc<AppState>) -> Router {
    let cors = state.config.cors_loopback;
    let app = Router::new().fallback(route).with_state(state);
    if cors {
        app.layer(cors_layer())
    } else {
        app
    }
}

fn is_loopback_origin(origin: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"]
        .iter()
        .any(|prefix| {
            origin.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty()
                    || (rest.starts_with(':') && rest[1..].chars().all(|c| c.is_ascii_digit()))
            })
        })
}

fn header_names(list: &str) -> Vec<HeaderName> {
    list.split(", ")
        .filter_map(|name| HeaderName::from_bytes(name.as_bytes()).ok())
        .collect()
}

/// CORS (with preflight) for `http://127.0.0.1:*` and `http://localhost:*`.
fn cors_layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin, _| {
            origin.to_str().is_ok_and(is_loopback_origin)
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers(header_names(ALLOWED_HEADERS))
        .expose_headers(header_names(EXPOSED_HEADERS))
        .max_age(Duration::from_secs(600))
}

async fn route(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/api/data/") || path == "/api/data" {
        return api_request(&state, req).await;
    }
    if let Some(rest) = path.strip_prefix("/_emulator/") {
        let method = req.method().clone();
        let body = to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .unwrap_or_default();
        return control(&state, &method, rest, &body);
    }
    if path == "/" || path == "/index.html" {
        let page = host_page::render(&state.store.read_or_recover(), state.user_lcid());
        return ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    }
    let decoded = percent_encoding::percent_decode_str(&path)
        .decode_utf8_lossy()
        .into_owned();
    // "cached for up to one year" under the caching token, not cached without it
    // (getWebResourceUrl, Client API reference).
    let caching = match split_web_resource_path(&decoded) {
        Some((Some(_token), _)) => Caching::OneYear,
        _ => Caching::None,
    };
    if let Some(dir) = state.config.webresources.as_deref() {
        let dist_answers = state.config.dist.is_some() && web_resource_file(&decoded).is_some();
        if let Some(name) = packaged_file(&decoded, dist_answers) {
            return serve_file(dir, name, caching, req).await;
        }
    }
    if let Some(file) = web_resource_file(&decoded) {
        return serve_dist(state.config.dist.as_deref(), &file, caching, req).await;
    }
    not_found()
}

fn to_response(api: ApiResponse) -> Response {
    let mut builder = Response::builder().status(api.status);
    for (k, v) in &api.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder
        .body(Body::from(api.body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

async fn api_request(state: &Arc<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    // Behind a dev proxy (trunk serve), absolute URLs must name the proxy's host.
    let header_str = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let host = header_str("x-forwarded-host")
        .or(header_str("host"))
        .unwrap_or("localhost");
    let scheme = header_str("x-forwarded-proto").unwrap_or("http");
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let api_req = ApiRequest {
        method: parts.method.as_str().to_string(),
        raw_path: parts.uri.path().to_string(),
        raw_query: parts.uri.query().unwrap_or("").to_string(),
        headers,
        body: body.to_vec(),
        base: format!("{scheme}://{host}"),
    };
    let path = percent_encoding::percent_decode_str(&api_req.raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let query = decode_component(&api_req.raw_query);
    let log_time = state.started.elapsed().as_micros() as u64;
    state.log.lock_or_recover().push(LogEntry {
        method: api_req.method.clone(),
        path: path.clone(),
        query: query.clone(),
        raw_query: api_req.raw_query.clone(),
        time: log_time / 1000,
        started_us: log_time,
        prefer: api_req.header("Prefer").map(str::to_string),
        parts: Vec::new(),
    });
    let target = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    let fault = state
        .faults
        .lock_or_recover()
        .take(&api_req.method, &target);
    if let Some(ms) = fault.as_ref().and_then(|f| f.delay_ms) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if let Some(f) = fault.as_ref().filter(|f| f.status.is_some()) {
        return to_response(faulty(f, || api::handle(state, &api_req)));
    }
    if api_req.raw_path.ends_with("/$batch") {
        // The parts run now; the answer leaves after their server time, summed.
        let outcome = batch::handle(state, &api_req);
        record_batch_parts(state, log_time, outcome.parts);
        if outcome.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(outcome.delay_ms)).await;
        }
        return to_response(outcome.response);
    }
    let server_time = state
        .server_time()
        .of(&api_req, &state.store.read_or_recover());
    if !server_time.is_zero() {
        tokio::time::sleep(server_time).await;
    }
    to_response(api::handle(state, &api_req))
}

/// Note a batch's GET parts on its request-log entry (found by its start time).
fn record_batch_parts(state: &AppState, time: u64, parts: Vec<String>) {
    let mut log = state.log.lock_or_recover();
    if let Some(entry) = log
        .iter_mut()
        .rev()
        .find(|e| e.started_us == time && e.path.ends_with("$batch"))
    {
        entry.parts = parts;
    }
}

/// `path?query`, percent-decoded: what faults' `path_contains` is matched against.
pub(crate) fn request_target(req: &ApiRequest) -> String {
    let path = percent_encoding::percent_decode_str(&req.raw_path)
        .decode_utf8_lossy()
        .into_owned();
    let query = decode_component(&req.raw_query);
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Builds the injected answer; 2xx faults start from the real answer.
pub(crate) fn faulty(fault: &Fault, answer: impl FnOnce() -> ApiResponse) -> ApiResponse {
    let status = fault.status.unwrap_or(200);
    let success = (200..300).contains(&status);
    let base = if success {
        answer()
    } else {
        ApiResponse::error(&ApiError::for_status(status))
    };
    let mut resp = match fault.body {
        BodyKind::Json => base,
        BodyKind::Truncated => ApiResponse { body: base.body[..base.body.len() / 2].to_vec(), ..base },
        BodyKind::Empty => ApiResponse { body: Vec::new(), ..base },
        BodyKind::Html => ApiResponse {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: format!(
                "<!DOCTYPE html><html><head><title>{status} Error</title></head><body><h1>Server Error</h1><p>The service returned an error page ({status}).</p></body></html>"
            )
            .into_bytes(),
        },
    };
    resp.status = status;
    let retry_after = fault.retry_after.or((status == 429).then_some(1));
    if let Some(secs) = retry_after {
        resp.headers.push(("Retry-After".into(), secs.to_string()));
    }
    resp
}

fn json_response(status: StatusCode, value: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

fn control(state: &AppState, method: &Method, rest: &str, body: &[u8]) -> Response {
    let bad = |msg: String| json_response(StatusCode::BAD_REQUEST, json!({"error": msg}));
    match (method.as_str(), rest.trim_end_matches('/')) {
        ("POST", "faults") => {
            let faults: Vec<Fault> = match serde_json::from_slice::<Value>(body) {
                Ok(Value::Array(items)) => {
                    match items.into_iter().map(serde_json::from_value).collect() {
                        Ok(f) => f,
                        Err(e) => return bad(e.to_string()),
                    }
                }
                Ok(v) => match serde_json::from_value(v) {
                    Ok(f) => vec![f],
                    Err(e) => return bad(e.to_string()),
                },
                Err(e) => return bad(e.to_string()),
            };
            let mut list = state.faults.lock_or_recover();
            faults.into_iter().for_each(|f| list.add(f));
            json_response(StatusCode::OK, json!(list.list()))
        }
        ("GET", "faults") => {
            json_response(StatusCode::OK, json!(state.faults.lock_or_recover().list()))
        }
        ("DELETE", "faults") => {
            state.faults.lock_or_recover().clear();
            StatusCode::NO_CONTENT.into_response()
        }
        ("GET", "requests") => json_response(StatusCode::OK, json!(*state.log.lock_or_recover())),
        ("DELETE", "requests") => {
            state.log.lock_or_recover().clear();
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", "reset") => {
            state.reset();
            StatusCode::NO_CONTENT.into_response()
        }
        ("GET", "settings") => json_response(StatusCode::OK, settings(state)),
        ("PUT" | "PATCH", "settings") => match apply_settings(state, body) {
            Ok(()) => json_response(StatusCode::OK, settings(state)),
            Err(msg) => bad(msg),
        },
        ("GET", "fixtures") => json_response(StatusCode::OK, fixture_ids()),
        ("GET", name) if name.starts_with("name/") => {
            // Record names for the host page, outside /api/data so they are not logged.
            let mut parts = name["name/".len()..].splitn(2, '/');
            let (table, id) = (
                parts.next().unwrap_or(""),
                parts.next().and_then(|s| uuid::Uuid::parse_str(s).ok()),
            );
            let store = state.store.read_or_recover();
            match id.and_then(|id| store.primary_name(table, id)) {
                Some(n) => json_response(StatusCode::OK, json!({"name": n})),
                None => (StatusCode::NOT_FOUND, "Unknown record").into_response(),
            }
        }
        _ => (StatusCode::NOT_FOUND, "Unknown emulator endpoint").into_response(),
    }
}

fn settings(state: &AppState) -> Value {
    json!({
        "user_lcid": state.user_lcid(),
        "server_time": state.server_time(),
        "denied_privileges": state.denied_privileges(),
    })
}

/// Any of `{"user_lcid": 1036}`, `{"server_time": "realistic" | "none" | {figures}}`
/// and `{"denied_privileges": ["prvAppendLead", …]}`; the ones left out keep their value.
fn apply_settings(state: &AppState, body: &[u8]) -> Result<(), String> {
    const EXPECTED: &str = "expected any of {\"user_lcid\": <number>, \"server_time\": \"realistic\" | \"none\" | {…}, \"denied_privileges\": [\"prv…\", …]}";
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("{EXPECTED}: {e}"))?;
    let lcid = match value.get("user_lcid") {
        Some(v) => Some(v.as_u64().ok_or(EXPECTED)? as u32),
        None => None,
    };
    let server_time = match value.get("server_time") {
        Some(Value::String(name)) if name == "realistic" || name == "none" => {
            Some(ServerTime::parse(name)?)
        }
        Some(figures @ Value::Object(_)) => {
            Some(serde_json::from_value(figures.clone()).map_err(|e| e.to_string())?)
        }
        Some(_) => return Err(EXPECTED.into()),
        None => None,
    };
    let denied = match value.get("denied_privileges") {
        Some(v) => Some(serde_json::from_value::<Vec<String>>(v.clone()).map_err(|_| EXPECTED)?),
        None => None,
    };
    if lcid.is_none() && server_time.is_none() && denied.is_none() {
        return Err(EXPECTED.into());
    }
    if let Some(lcid) = lcid {
        state.set_user_lcid(lcid);
    }
    if let Some(model) = server_time {
        state.set_server_time(model);
    }
    if let Some(names) = denied {
        state.set_denied_privileges(names);
    }
    Ok(())
}

pub fn fixture_ids() -> Value {
    json!({
        "contact_many_leads": fixtures::CONTACT_MANY_LEADS,
        "contact_no_leads": fixtures::CONTACT_NO_LEADS,
        "contact_obrien": fixtures::CONTACT_OBRIEN,
        "contact_xss": fixtures::CONTACT_XSS,
        "contact_cjk": fixtures::CONTACT_CJK,
        "contact_rtl": fixtures::CONTACT_RTL,
        "lead_many_contacts": fixtures::LEAD_MANY_CONTACTS,
        "lead_no_contacts": fixtures::LEAD_NO_CONTACTS,
        "lead_xss": fixtures::LEAD_XSS,
        "lead_full": fixtures::LEAD_FULL,
        "account_contoso": fixtures::ACCOUNT_CONTOSO,
        "entitymap_lead_contact": fixtures::ENTITYMAP_LEAD_CONTACT,
        "entitymap_lead_account": fixtures::ENTITYMAP_LEAD_ACCOUNT,
        "entitymap_lead_opportunity": fixtures::ENTITYMAP_LEAD_OPPORTUNITY,
        "entitymap_generated": fixtures::ENTITYMAP_GENERATED,
        "attributemap_missing_source": fixtures::ATTRIBUTEMAP_MISSING_SOURCE,
        "attributemap_type_mismatch": fixtures::ATTRIBUTEMAP_TYPE_MISMATCH,
        "attributemap_truncation": fixtures::ATTRIBUTEMAP_TRUNCATION,
        "attributemap_options_differ": fixtures::ATTRIBUTEMAP_OPTIONS_DIFFER,
        "attributemap_targets_differ": fixtures::ATTRIBUTEMAP_TARGETS_DIFFER,
        "user_id": fixtures::USER_ID,
    })
}

/// Maps `/WebResources/new_/leadmap/<file>` and the cache-busting
/// `/{638000000000000000}/webresources/new_/leadmap/<file>` to `<file>`.
fn web_resource_file(decoded_path: &str) -> Option<String> {
    const MARKER: &str = "/webresources/new_/leadmap/";
    let i = decoded_path.to_ascii_lowercase().find(MARKER)?;
    let prefix = &decoded_path[..i];
    let cache_busting = prefix
        .strip_prefix("/{")
        .and_then(|p| p.strip_suffix('}'))
        .is_some_and(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()));
    if !prefix.is_empty() && !cache_busting {
        return None;
    }
    let file = &decoded_path[i + MARKER.len()..];
    Some(if file.is_empty() {
        "index.html".into()
    } else {
        file.to_string()
    })
}

/// The cache-busting token of `--webresources` (`--dist` answers any other).
const PACKAGED_TOKEN: &str = "638000000000000001";

/// Splits `/WebResources/<name>` and `/{digits}/webresources/<name>` into the
/// cache-busting digits (if any) and the web resource's name.
fn split_web_resource_path(decoded_path: &str) -> Option<(Option<&str>, &str)> {
    const ROOT: &str = "/webresources/";
    let (digits, rest) = match decoded_path.strip_prefix("/{") {
        Some(p) => {
            let (digits, rest) = p.split_once('}')?;
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (Some(digits), rest)
        }
        None => (None, decoded_path),
    };
    let root = rest.get(..ROOT.len())?;
    root.eq_ignore_ascii_case(ROOT)
        .then(|| (digits, &rest[ROOT.len()..]))
}

/// The `--webresources` name for a path: always under the packaged token,
/// elsewhere only when `--dist` does not answer the path.
fn packaged_file(decoded_path: &str, dist_answers: bool) -> Option<&str> {
    let (digits, name) = split_web_resource_path(decoded_path)?;
    (digits == Some(PACKAGED_TOKEN) || !dist_answers).then_some(name)
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// How long a browser may keep a web resource.
#[derive(Clone, Copy)]
enum Caching {
    None,
    OneYear,
}

impl Caching {
    fn header(self) -> &'static str {
        match self {
            Caching::None => "no-cache",
            Caching::OneYear => "public, max-age=31536000",
        }
    }
}

async fn serve_dist(dist: Option<&Path>, file: &str, caching: Caching, req: Request) -> Response {
    let Some(dist) = dist else {
        return (
            StatusCode::NOT_FOUND,
            "No web resource: start the emulator with --dist DIR",
        )
            .into_response();
    };
    serve_file(dist, file, caching, req).await
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// `dir/file`, refusing `..`, empty segments and anything but a file.
async fn serve_file(dir: &Path, file: &str, caching: Caching, req: Request) -> Response {
    if file.split(['/', '\\']).any(|c| c == ".." || c.is_empty()) {
        return not_found();
    }
    let path = dir.join(file);
    if !tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_file()) {
        return not_found();
    }
    let mut resp = match ServeFile::new(&path).try_call(req).await {
        Ok(resp) if resp.status() != StatusCode::NOT_FOUND => resp.map(Body::new),
        _ => return not_found(),
    };
    if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED {
        // mime_guess's types differ from the web resource types (`.html` without a charset).
        let headers = resp.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(file)),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(caching.header()),
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_only() {
        assert!(is_loopback_origin("http://127.0.0.1:8000"));
        assert!(is_loopback_origin("http://localhost:1234"));
        assert!(!is_loopback_origin("http://localhost.evil.com"));
        assert!(!is_loopback_origin("https://example.com"));
    }

    #[test]
    fn web_resource_paths() {
        assert_eq!(
            web_resource_file("/WebResources/new_/leadmap/").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            web_resource_file("/{638000000000000000}/webresources/new_/leadmap/leadmap.js")
                .as_deref(),
            Some("leadmap.js")
        );
        assert!(web_resource_file("/x/webresources/new_/leadmap/a.js").is_none());
    }

    #[test]
    fn packaged_web_resource_paths() {
        let packaged = "/{638000000000000001}/webresources/new_/leadmap/index.html";
        assert_eq!(
            packaged_file(packaged, true),
            Some("new_/leadmap/index.html")
        );
        assert_eq!(
            packaged_file("/WebResources/new_/leadmap/leadmap.js", false),
            Some("new_/leadmap/leadmap.js")
        );
        assert_eq!(
            packaged_file(
                "/{638000000000000000}/WebResources/new_/leadmap/leadmap.js",
                true
            ),
            None,
            "--dist keeps its paths"
        );
        assert_eq!(
            packaged_file("/WebResources/contoso_/other.js", false),
            Some("contoso_/other.js")
        );
        for other in [
            "/{x1}/webresources/a.js",
            "/{}/webresources/a.js",
            "/webresource/a.js",
            "/",
        ] {
            assert_eq!(packaged_file(other, false), None, "{other}");
        }
    }
}
