//! How a record of the other side of ContactLeads becomes a grid row.

pub use crate::api::contactleads::{Column, Side, NAVIGATION};
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
            .unwrap_or_else(|| "(no name)".into());
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
            .unwrap_or_else(|| "(no name)".into());
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
}
