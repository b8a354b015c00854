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
                name.clone(),
                text(lead.companyname),
                text(lead.emailaddress1),
                text(
                    lead.statuscode_formatted
                        .or(lead.statuscode.map(|c| c.to_string())),
                ),
                text(lead.createdon_formatted.or(lead.createdon)),
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
                name.clone(),
                text(contact.emailaddress1),
                text(contact.parentcustomerid_formatted),
                text(contact.telephone1),
            ],
            name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_use_formatted_values_and_never_an_empty_name() -> serde_json::Result<()> {
        let lead: Lead = serde_json::from_str(
            r#"{"leadid":"00000000-0000-4000-8000-000000000001","fullname":" ","companyname":"A&B","emailaddress1":null,
                "statuscode":1,"statuscode@OData.Community.Display.V1.FormattedValue":"New","createdon":"2026-01-01T00:00:00Z"}"#,
        )?;
        let row = Row::from(lead);
        assert_eq!(row.name, "(no name)");
        assert_eq!(
            row.cells,
            vec!["(no name)", "A&B", "", "New", "2026-01-01T00:00:00Z"]
        );
        Ok(())
    }
}
