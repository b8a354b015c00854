//! `$batch`: multipart/mixed requests of GETs and change sets, answered as
//! multipart/mixed with `batchresponse_<guid>` boundaries, as Dataverse does.
//! Processing stops at the first failed part unless the request has
//! `Prefer: odata.continue-on-error`; a failed change set is rolled back.

use crate::api::{self, ApiRequest, ApiResponse};
use crate::errors::{ApiError, ApiResult};
use crate::locks::{MutexExt, RwLockExt};
use crate::AppState;
use std::sync::atomic::{AtomicU64, Ordering};

struct Part {
    headers: Vec<(String, String)>,
    content: String,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Extracts `boundary=…` from a multipart Content-Type.
fn boundary(content_type: &str) -> Option<String> {
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/mixed")
    {
        return None;
    }
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("boundary")).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Splits `head\r\n\r\nbody` (tolerating bare `\n`).
fn split_head(text: &str) -> (&str, &str) {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some(i) = text.find(sep) {
            return (&text[..i], &text[i + sep.len()..]);
        }
    }
    (text, "")
}

fn parse_headers(head: &str) -> Vec<(String, String)> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn split_multipart(body: &str, boundary: &str) -> ApiResult<Vec<Part>> {
    let delimiter = format!("--{boundary}");
    let mut pieces = body.split(delimiter.as_str());
    pieces.next(); // preamble
    let mut parts = Vec::new();
    let mut closed = false;
    for piece in pieces {
        if piece.starts_with("--") {
            closed = true;
            break;
        }
        let piece = piece
            .strip_prefix("\r\n")
            .or_else(|| piece.strip_prefix('\n'))
            .unwrap_or(piece);
        let piece = piece
            .strip_suffix("\r\n")
            .or_else(|| piece.strip_suffix('\n'))
            .unwrap_or(piece);
        let (head, content) = split_head(piece);
        parts.push(Part {
            headers: parse_headers(head),
            content: content.to_string(),
        });
    }
    if !closed {
        return Err(ApiError::bad_query(format!(
            "The end of the multipart batch with boundary '{boundary}' was not found."
        )));
    }
    Ok(parts)
}

/// Turns an `application/http` part into a request; relative URLs resolve
/// against the batch's service root.
fn inner_request(part: &Part, outer: &ApiRequest) -> ApiResult<ApiRequest> {
    let (head, body) = split_head(&part.content);
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or("").trim();
    let mut words = request_line.split_whitespace();
    let (Some(method), Some(url)) = (words.next(), words.next()) else {
        return Err(ApiError::bad_query(format!(
            "Invalid request line '{request_line}' in batch part."
        )));
    };
    let headers = parse_headers(&lines.collect::<Vec<_>>().join("\n"));
    let path_and_query = match url.find("://") {
        Some(i) => url[i + 3..]
            .find('/')
            .map(|j| &url[i + 3 + j..])
            .unwrap_or("/")
            .to_string(),
        None if url.starts_with('/') => url.to_string(),
        None => format!("{}{url}", outer.raw_path.trim_end_matches("$batch")),
    };
    let (raw_path, raw_query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (path_and_query, String::new()),
    };
    if raw_path.ends_with("$batch") {
        return Err(ApiError::bad_query(
            "A $batch request cannot contain another $batch.",
        ));
    }
    let mut headers = headers;
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("Prefer"))
    {
        if let Some(p) = outer.header("Prefer") {
            headers.push(("Prefer".into(), p.to_string()));
        }
    }
    Ok(ApiRequest {
        method: method.to_ascii_uppercase(),
        raw_path,
        raw_query,
        headers,
        body: body.trim_end().as_bytes().to_vec(),
        base: outer.base.clone(),
    })
}

fn write_response(out: &mut String, boundary: &str, resp: &ApiResponse, content_id: Option<&str>) {
    let reason = axum::http::StatusCode::from_u16(resp.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    out.push_str(&format!(
        "--{boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n"
    ));
    if let Some(id) = content_id {
        out.push_str(&format!("Content-ID: {id}\r\n"));
    }
    out.push_str(&format!("\r\nHTTP/1.1 {} {reason}\r\n", resp.status));
    for (k, v) in &resp.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&String::from_utf8_lossy(&resp.body));
    out.push_str("\r\n");
}

fn new_boundary(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}",
        crate::metadata::name_uuid(&format!("{n}/{nanos}"))
    )
}

/// A batch's answer, the delay its parts ask for (their faults' and their
/// server time, one after another, with the envelope's), and its GET parts
/// (`GET path?query`, decoded) for the request log.
pub struct BatchOutcome {
    pub response: ApiResponse,
    pub delay_ms: u64,
    pub parts: Vec<String>,
}

pub fn handle(state: &AppState, req: &ApiRequest) -> BatchOutcome {
    let mut outcome = BatchOutcome {
        response: ApiResponse::error(&ApiError::bad_query("empty batch")),
        delay_ms: 0,
        parts: Vec::new(),
    };
    outcome.delay_ms = state.server_time().batch;
    outcome.response = match run(state, req, &mut outcome) {
        Ok(resp) => resp,
        Err(e) => ApiResponse::error(&e),
    };
    outcome
}

/// A GET part's answer, with the faults injected for its path applied as
/// they are to a request of its own.
fn get_part(state: &AppState, inner: &ApiRequest, outcome: &mut BatchOutcome) -> ApiResponse {
    let target = crate::server::request_target(inner);
    outcome.parts.push(format!("GET {target}"));
    let fault = state.faults.lock_or_recover().take("GET", &target);
    outcome.delay_ms += fault.as_ref().and_then(|f| f.delay_ms).unwrap_or(0);
    outcome.delay_ms += state
        .server_time()
        .of(inner, &state.store.read_or_recover())
        .as_millis() as u64;
    match fault {
        Some(f) if f.status.is_some() => crate::server::faulty(&f, || api::handle(state, inner)),
        _ => api::handle(state, inner),
    }
}

fn run(state: &AppState, req: &ApiRequest, outcome: &mut BatchOutcome) -> ApiResult<ApiResponse> {
    if req.method != "POST" {
        return Err(ApiError::method_not_allowed(&req.method));
    }
    let content_type = req.header("Content-Type").unwrap_or("");
    let outer_boundary = boundary(content_type)
        .ok_or_else(|| ApiError::bad_query("The batch request must have a 'Content-Type' header of 'multipart/mixed' with a boundary."))?;
    let body = String::from_utf8_lossy(&req.body);
    let parts = split_multipart(&body, &outer_boundary)?;
    let continue_on_error = req
        .header("Prefer")
        .is_some_and(|p| p.contains("odata.continue-on-error"));
    let response_boundary = new_boundary("batchresponse");
    let mut out = String::new();

    for part in &parts {
        let part_type = part.header("Content-Type").unwrap_or("");
        let failed = if let Some(cs_boundary) = boundary(part_type) {
            change_set(
                state,
                req,
                part,
                &cs_boundary,
                &response_boundary,
                &mut out,
                &mut outcome.delay_ms,
            )?
        } else {
            let resp = match inner_request(part, req) {
                Ok(inner) if inner.method == "GET" => get_part(state, &inner, outcome),
                Ok(_) => ApiResponse::error(&ApiError::bad_query(
                    "Only GET requests may appear outside a change set.",
                )),
                Err(e) => ApiResponse::error(&e),
            };
            write_response(
                &mut out,
                &response_boundary,
                &resp,
                part.header("Content-ID"),
            );
            resp.status >= 400
        };
        if failed && !continue_on_error {
            break;
        }
    }
    out.push_str(&format!("--{response_boundary}--\r\n"));
    Ok(ApiResponse {
        status: 200,
        headers: vec![
            (
                "Content-Type".into(),
                format!("multipart/mixed; boundary={response_boundary}"),
            ),
            ("OData-Version".into(), "4.0".into()),
        ],
        body: out.into_bytes(),
    })
}

/// Runs a change set atomically; returns whether it failed.
fn change_set(
    state: &AppState,
    outer: &ApiRequest,
    part: &Part,
    cs_boundary: &str,
    response_boundary: &str,
    out: &mut String,
    delay_ms: &mut u64,
) -> ApiResult<bool> {
    let sub_parts = split_multipart(&part.content, cs_boundary)?;
    let snapshot = state.store.read_or_recover().links();
    let mut done = Vec::new();
    for sp in &sub_parts {
        let resp = match inner_request(sp, outer) {
            Ok(inner) if inner.method != "GET" => {
                *delay_ms += state
                    .server_time()
                    .of(&inner, &state.store.read_or_recover())
                    .as_millis() as u64;
                api::handle(state, &inner)
            }
            Ok(_) => ApiResponse::error(&ApiError::bad_query(
                "GET requests are not allowed in a change set.",
            )),
            Err(e) => ApiResponse::error(&e),
        };
        let content_id = sp.header("Content-ID").map(str::to_string);
        if resp.status >= 400 {
            state.store.write_or_recover().restore_links(snapshot);
            write_response(out, response_boundary, &resp, content_id.as_deref());
            return Ok(true);
        }
        done.push((resp, content_id));
    }
    let cs_response = new_boundary("changesetresponse");
    out.push_str(&format!(
        "--{response_boundary}\r\nContent-Type: multipart/mixed; boundary={cs_response}\r\n\r\n"
    ));
    for (resp, id) in &done {
        write_response(out, &cs_response, resp, id.as_deref());
    }
    out.push_str(&format!("--{cs_response}--\r\n"));
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_and_parts() {
        assert_eq!(
            boundary("multipart/mixed; boundary=\"batch_1\"").as_deref(),
            Some("batch_1")
        );
        assert!(boundary("application/json").is_none());
        let body = "--b\r\nContent-Type: application/http\r\n\r\nGET contacts HTTP/1.1\r\n\r\n\r\n--b--\r\n";
        let parts = split_multipart(body, "b").unwrap();
        assert_eq!(parts.len(), 1);
        assert!(parts[0].content.starts_with("GET contacts"));
        assert!(split_multipart("--b\r\nx\r\n", "b").is_err());
    }
}
