//! `$batch`: several GETs in one round trip, as Microsoft documents it
//! (multipart/mixed request, multipart/mixed answer, one `application/http`
//! part per request). Pure functions; the client sends and receives.

use super::ApiError;

/// One answer inside a batch response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchPart {
    pub status: u16,
    pub body: String,
}

/// The request body for GETs, each given as its request target (an
/// absolute path such as `/api/data/v9.2/contacts?$select=fullname`, or an
/// absolute URL such as an `@odata.nextLink`) and its own `Prefer` header.
pub fn build_get_batch(boundary: &str, requests: &[(String, String)]) -> String {
    let mut body = String::new();
    for (target, prefer) in requests {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
             GET {target} HTTP/1.1\r\nAccept: application/json\r\n"
        ));
        if !prefer.is_empty() {
            body.push_str(&format!("Prefer: {prefer}\r\n"));
        }
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body
}

/// The boundary named in a `Content-Type: multipart/mixed; boundary=…` header.
pub fn boundary_of(content_type: &str) -> Option<String> {
    content_type.split(';').map(str::trim).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Split a multipart/mixed batch answer into its HTTP answers, in order.
/// Change set answers (nested multipart) are flattened into the list.
pub fn parse_batch_response(content_type: &str, body: &str) -> Result<Vec<BatchPart>, ApiError> {
    let boundary = boundary_of(content_type)
        .ok_or_else(|| ApiError::decode(body, "the batch answer has no multipart boundary"))?;
    let mut parts = Vec::new();
    for raw in split_parts(body, &boundary) {
        let (headers, rest) = split_head(raw);
        let part_type = header(headers, "content-type").unwrap_or_default();
        if part_type
            .to_ascii_lowercase()
            .starts_with("multipart/mixed")
        {
            parts.extend(parse_batch_response(&part_type, rest)?);
            continue;
        }
        parts.push(
            parse_http_answer(rest)
                .ok_or_else(|| ApiError::decode(body, "a batch part is not an HTTP answer"))?,
        );
    }
    Ok(parts)
}

fn split_parts<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delimiter = format!("--{boundary}");
    body.split(delimiter.as_str())
        .skip(1) // the preamble
        .take_while(|part| !part.starts_with("--"))
        .map(|part| part.trim_start_matches(['\r', '\n']))
        .collect()
}

/// Headers and the rest, split at the first blank line.
fn split_head(text: &str) -> (&str, &str) {
    for separator in ["\r\n\r\n", "\n\n"] {
        if let Some((head, rest)) = text.split_once(separator) {
            return (head, rest);
        }
    }
    (text, "")
}

fn header(headers: &str, name: &str) -> Option<String> {
    headers.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

fn parse_http_answer(text: &str) -> Option<BatchPart> {
    let (head, body) = split_head(text);
    let status_line = head.lines().next()?;
    let mut words = status_line.split_whitespace();
    let version = words.next()?;
    if !version.starts_with("HTTP/") {
        return None;
    }
    let status = words.next()?.parse().ok()?;
    Some(BatchPart {
        status,
        body: body.trim_end_matches(['\r', '\n']).to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_documented_get_batch() {
        let body = build_get_batch(
            "batch_AAA123",
            &[
                (
                    "/api/data/v9.2/contacts?$select=fullname".into(),
                    "odata.include-annotations=\"*\"".into(),
                ),
                ("/api/data/v9.2/leads?$top=1".into(), String::new()),
            ],
        );
        assert_eq!(
            body,
            "--batch_AAA123\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
             GET /api/data/v9.2/contacts?$select=fullname HTTP/1.1\r\nAccept: application/json\r\nPrefer: odata.include-annotations=\"*\"\r\n\r\n\
             --batch_AAA123\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
             GET /api/data/v9.2/leads?$top=1 HTTP/1.1\r\nAccept: application/json\r\n\r\n\
             --batch_AAA123--\r\n"
        );
    }

    // The shape of Microsoft's "Execute batch operations using the Web API" example.
    const ANSWER: &str = "--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f\r\n\
Content-Type: application/http\r\n\
Content-Transfer-Encoding: binary\r\n\
\r\n\
HTTP/1.1 200 OK\r\n\
Content-Type: application/json; odata.metadata=minimal\r\n\
OData-Version: 4.0\r\n\
\r\n\
{\"@odata.context\":\"https://org.crm.dynamics.com/api/data/v9.2/$metadata#contacts(fullname)\",\"value\":[{\"fullname\":\"Ana\"}]}\r\n\
--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f\r\n\
Content-Type: multipart/mixed; boundary=changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abb\r\n\
\r\n\
--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abb\r\n\
Content-Type: application/http\r\n\
Content-Transfer-Encoding: binary\r\n\
Content-ID: 1\r\n\
\r\n\
HTTP/1.1 204 No Content\r\n\
OData-Version: 4.0\r\n\
\r\n\
\r\n\
--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abb--\r\n\
--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f\r\n\
Content-Type: application/http\r\n\
Content-Transfer-Encoding: binary\r\n\
\r\n\
HTTP/1.1 404 Not Found\r\n\
Content-Type: application/json; odata.metadata=minimal\r\n\
\r\n\
{\"error\":{\"code\":\"0x80040217\",\"message\":\"lead With Id = 1 Does Not Exist\"}}\r\n\
--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f--\r\n";

    #[test]
    fn parses_answers_in_order_with_change_sets_flattened() -> Result<(), ApiError> {
        let parts = parse_batch_response(
            "multipart/mixed; boundary=batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f",
            ANSWER,
        )?;
        assert_eq!(
            parts.iter().map(|p| p.status).collect::<Vec<_>>(),
            vec![200, 204, 404]
        );
        assert!(parts[0].body.starts_with("{\"@odata.context\"") && parts[0].body.ends_with("}]}"));
        assert_eq!(parts[1].body, "");
        assert!(parts[2].body.contains("Does Not Exist"));
        Ok(())
    }

    #[test]
    fn reads_quoted_boundaries_and_rejects_non_multipart_answers() {
        assert_eq!(
            boundary_of("multipart/mixed; boundary=\"b1\"").as_deref(),
            Some("b1")
        );
        assert!(parse_batch_response("application/json", "{}").is_err());
        let garbage = parse_batch_response(
            "multipart/mixed; boundary=b",
            "--b\r\n\r\nnot http\r\n--b--",
        );
        assert!(matches!(garbage, Err(ApiError::Decode { .. })));
    }
}
