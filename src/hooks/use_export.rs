//! "Export CSV": every association of the current search and sort, all
//! pages, formatted values, as a UTF-8 file with a BOM (so Excel reads it
//! as UTF-8), named after the record.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::associations_state::Row;
use super::relationship::Side;
use super::use_associations::all_rows;
use super::use_client::use_client;
use crate::api::{ApiError, Cancel, Direction};
use crate::host::RecordId;

#[derive(Clone, Debug, PartialEq)]
pub enum ExportState {
    Idle,
    Working,
    Done(usize),
    Failed(ApiError),
}

/// What an export needs to know of the view.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub search: String,
    pub sort: (String, Direction),
    /// Column headers in the user's language, in column order.
    pub headers: Vec<String>,
    /// The file's name, without `.csv`.
    pub file_stem: String,
}

#[hook]
pub fn use_export(side: Side, record: RecordId) -> (ExportState, Callback<ExportRequest>) {
    let client = use_client();
    let state = use_state(|| ExportState::Idle);
    let start = {
        let state = state.clone();
        Callback::from(move |request: ExportRequest| {
            if *state == ExportState::Working {
                return;
            }
            state.set(ExportState::Working);
            let (client, state) = (client.clone(), state.clone());
            spawn_local(async move {
                let sort = (request.sort.0.as_str(), request.sort.1);
                let rows =
                    all_rows(&client, side, record, &request.search, sort, &Cancel::new()).await;
                let outcome = rows.and_then(|rows| {
                    let csv = to_csv(side, &request.headers, &rows)?;
                    download(&format!("{}.csv", request.file_stem), &csv)?;
                    Ok(rows.len())
                });
                state.set(match outcome {
                    Ok(count) => ExportState::Done(count),
                    Err(error) => ExportState::Failed(error),
                });
            });
        })
    };
    ((*state).clone(), start)
}

/// The rows as CSV text: a header of labels, then each row's cells.
pub fn to_csv(side: Side, headers: &[String], rows: &[Row]) -> Result<String, ApiError> {
    let mut csv = Csv::default();
    csv.record(headers.iter().map(String::as_str));
    for row in rows {
        csv.record(side.columns().iter().map(|c| row.cell(c.attribute)));
    }
    String::from_utf8(csv.out).map_err(|e| ApiError::Decode {
        detail: e.to_string(),
    })
}

/// csv-core's writer (quoting of commas, quotes and line breaks) over a
/// growing buffer.
#[derive(Default)]
struct Csv {
    writer: csv_core::Writer,
    out: Vec<u8>,
}

impl Csv {
    fn record<'a>(&mut self, fields: impl Iterator<Item = &'a str>) {
        for (i, field) in fields.enumerate() {
            if i > 0 {
                self.write(|w, out| w.delimiter(out));
            }
            let mut input = field.as_bytes();
            loop {
                let start = self.out.len();
                self.out.resize(start + input.len() * 2 + 8, 0);
                let (result, read, written) = self.writer.field(input, &mut self.out[start..]);
                self.out.truncate(start + written);
                input = &input[read..];
                if result == csv_core::WriteResult::InputEmpty {
                    break;
                }
            }
        }
        self.write(|w, out| w.terminator(out));
    }

    /// Run one of the writer's own steps (delimiter, terminator) until it fits.
    fn write(
        &mut self,
        step: impl Fn(&mut csv_core::Writer, &mut [u8]) -> (csv_core::WriteResult, usize),
    ) {
        loop {
            let start = self.out.len();
            self.out.resize(start + 8, 0);
            let (result, written) = step(&mut self.writer, &mut self.out[start..]);
            self.out.truncate(start + written);
            if result == csv_core::WriteResult::InputEmpty {
                break;
            }
        }
    }
}

/// A name a file system takes: no path or reserved characters, not empty.
pub fn file_stem(record_name: Option<&str>, fallback: &str) -> String {
    let name: String = record_name
        .unwrap_or(fallback)
        .chars()
        .map(|c| {
            if "\\/:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim().trim_matches('.').to_owned();
    if name.is_empty() {
        fallback.to_owned()
    } else {
        name.chars().take(120).collect()
    }
}

/// Hand `text` to the browser as a download, with a UTF-8 BOM.
fn download(file_name: &str, text: &str) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let failed = |_| ApiError::Decode {
        detail: "the browser refused the download".into(),
    };
    let parts = js_sys::Array::of1(&format!("\u{feff}{text}").into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| failed(wasm_bindgen::JsValue::NULL))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| failed(wasm_bindgen::JsValue::NULL))?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_with_commas_quotes_and_new_lines_are_quoted() -> Result<(), ApiError> {
        let row = Row {
            id: RecordId::from_u128(1),
            name: "O'Brien, \"Pat\"".into(),
            cells: vec![
                ("fullname", "O'Brien, \"Pat\"".into()),
                ("emailaddress1", "pat@example.com".into()),
                ("_parentcustomerid_value", "Line\nbreak".into()),
            ],
        };
        let csv = to_csv(
            Side::Lead,
            &[
                "Name".into(),
                "Email".into(),
                "Company".into(),
                "Phone".into(),
            ],
            &[row],
        )?;
        assert_eq!(
            csv,
            "Name,Email,Company,Phone\n\"O'Brien, \"\"Pat\"\"\",pat@example.com,\"Line\nbreak\",\n"
        );
        Ok(())
    }

    #[test]
    fn file_names_lose_what_file_systems_refuse() {
        assert_eq!(file_stem(Some("A/B: \"C\"?"), "x"), "A_B_ _C__");
        assert_eq!(file_stem(Some("  ..  "), "contact"), "contact");
        assert_eq!(file_stem(None, "lead-1"), "lead-1");
    }
}
