//! How a record of the other side of ContactLeads becomes a grid row.

pub use crate::api::contactleads::{CellText, Column, Side, NAVIGATION, NO_NAME};
use crate::api::types::{Contact, Lead};
use crate::hooks::associations_state::Row;

fn text(value: Option<String>) -> String {
    value.unwrap_or_default()
}

impl From<Lead> for Row {
    fn from(lead: Lead) -> Self {
        let name = lead
            .fullname
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| NO_NAME.into());
        Row {
            id: lead.leadid,
            cells: vec![
                ("fullname", name.clone()),
                ("companyname", text(lead.companyname)),
                ("emailaddress1", text(lead.emailaddress1)),
                (
                    "statuscode",
                    text(
                        lead.statuscode_formatted
                            .or(lead.statuscode.map(|c| c.to_string())),
                    ),
                ),
                (
                    "createdon",
                    text(lead.createdon_formatted.or(lead.createdon)),
                ),
            ],
            name,
        }
    }
}

impl From<Contact> for Row {
    fn from(contact: Contact) -> Self {
        let name = contact
            .fullname
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| NO_NAME.into());
        Row {
            id: contact.contactid,
            cells: vec![
                ("fullname", name.clone()),
                ("emailaddress1", text(contact.emailaddress1)),
                (
                    "_parentcustomerid_value",
                    text(contact.parentcustomerid_formatted),
                ),
                ("telephone1", text(contact.telephone1)),
            ],
            name,
        }
    }
}

#[cfg(test)]
mod tests {
    // Every grid column has a cell: a new column needs its text here.
    #[test]
    fn every_column_has_its_cell() -> serde_json::Result<()> {
        let lead: Lead =
            serde_json::from_str(r#"{"leadid":"00000000-0000-4000-8000-000000000001"}"#)?;
        let contact: Contact =
            serde_json::from_str(r#"{"contactid":"00000000-0000-4000-8000-000000000001"}"#)?;
        for (side, row) in [
            (Side::Contact, Row::from(lead)),
            (Side::Lead, Row::from(contact)),
        ] {
            for column in side.columns() {
                assert!(
                    row.cells.iter().any(|(a, _)| *a == column.attribute),
                    "{}",
                    column.attribute
                );
            }
        }
        Ok(())
    }

    use super::*;

    #[test]
    fn rows_use_formatted_values_and_never_an_empty_name() -> serde_json::Result<()> {
        let lead: Lead = serde_json::from_str(
            r#"{"leadid":"00000000-0000-4000-8000-000000000001","fullname":" ","companyname":"A&B","emailaddress1":null,
                "statuscode":1,"statuscode@OData.Community.Display.V1.FormattedValue":"New","createdon":"2026-01-01T00:00:00Z"}"#,
        )?;
        let row = Row::from(lead);
        assert_eq!(row.name, "(no name)");
        let texts: Vec<&str> = Side::Contact
            .columns()
            .iter()
            .map(|c| row.cell(c.attribute))
            .collect();
        assert_eq!(
            texts,
            vec!["(no name)", "A&B", "", "New", "2026-01-01T00:00:00Z"]
        );
        Ok(())
    }

    /// A record where every column has a value and a formatted value (or only one of them).
    fn record(side: Side, value: bool, formatted: bool) -> serde_json::Value {
        let mut record = serde_json::Map::new();
        record.insert(
            side.related_key().into(),
            "00000000-0000-4000-8000-000000000001".into(),
        );
        for column in side.columns() {
            let attribute = column.attribute;
            if value {
                let raw: serde_json::Value = match attribute {
                    "statuscode" => 3.into(),
                    a if a.ends_with("_value") => "00000000-0000-4000-8000-000000000002".into(),
                    a => format!("{a} value").into(),
                };
                record.insert(attribute.into(), raw);
            }
            if formatted {
                record.insert(
                    format!("{attribute}@OData.Community.Display.V1.FormattedValue"),
                    format!("{attribute} formatted").into(),
                );
            }
        }
        record.into()
    }

    /// What a column's `CellText` says its cell shows (the page's early
    /// script draws the first rows by the same rule, `src/api/early_script.js`).
    fn declared(column: &Column, record: &serde_json::Value) -> String {
        let value = record.get(column.attribute).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let formatted = record
            .get(format!(
                "{}@OData.Community.Display.V1.FormattedValue",
                column.attribute
            ))
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        let text = match column.text {
            CellText::Value => value,
            CellText::FormattedOrValue => formatted.or(value),
            CellText::Formatted => formatted,
        };
        text.unwrap_or_default()
    }

    #[test]
    fn each_cell_shows_what_its_column_declares() -> serde_json::Result<()> {
        for side in [Side::Contact, Side::Lead] {
            for (value, formatted) in [(true, true), (true, false), (false, true)] {
                let json = record(side, value, formatted);
                let row = match side {
                    Side::Contact => Row::from(serde_json::from_value::<Lead>(json.clone())?),
                    Side::Lead => Row::from(serde_json::from_value::<Contact>(json.clone())?),
                };
                for column in &side.columns()[1..] {
                    assert_eq!(
                        row.cell(column.attribute),
                        declared(column, &json),
                        "{side:?} {} (value {value}, formatted {formatted})",
                        column.attribute
                    );
                }
                let name = declared(&side.columns()[0], &json);
                assert_eq!(
                    row.name,
                    if name.is_empty() {
                        NO_NAME.to_owned()
                    } else {
                        name
                    }
                );
            }
        }
        Ok(())
    }
}
