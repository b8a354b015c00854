//! The ContactLeads N:N relationship seen from the form's side: which
//! records to list, which columns to show, how to turn a record into a row.

use crate::api::types::{Contact, Lead};
use crate::hooks::associations_state::Row;

pub const NAVIGATION: &str = "contactleads_association";

/// A grid column: the attribute to select and sort on, the attribute whose
/// metadata labels it, and an English label until metadata arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub attribute: &'static str,
    pub metadata_name: &'static str,
    pub fallback_label: &'static str,
}

const fn column(
    attribute: &'static str,
    metadata_name: &'static str,
    fallback_label: &'static str,
) -> Column {
    Column {
        attribute,
        metadata_name,
        fallback_label,
    }
}

const LEAD_COLUMNS: [Column; 5] = [
    column("fullname", "fullname", "Name"),
    column("companyname", "companyname", "Company Name"),
    column("emailaddress1", "emailaddress1", "Email"),
    column("statuscode", "statuscode", "Status Reason"),
    column("createdon", "createdon", "Created On"),
];

const CONTACT_COLUMNS: [Column; 4] = [
    column("fullname", "fullname", "Full Name"),
    column("emailaddress1", "emailaddress1", "Email"),
    column(
        "_parentcustomerid_value",
        "parentcustomerid",
        "Company Name",
    ),
    column("telephone1", "telephone1", "Business Phone"),
];

/// Which side of ContactLeads the form is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// A contact form: list its leads.
    Contact,
    /// A lead form: list its contacts.
    Lead,
}

impl Side {
    pub fn of(entity: &str) -> Option<Self> {
        match entity {
            "contact" => Some(Self::Contact),
            "lead" => Some(Self::Lead),
            _ => None,
        }
    }

    /// Entity set of the form's record.
    pub fn entity_set(self) -> &'static str {
        match self {
            Self::Contact => "contacts",
            Self::Lead => "leads",
        }
    }

    /// The listed (related) entity.
    pub fn related_entity(self) -> &'static str {
        match self {
            Self::Contact => "lead",
            Self::Lead => "contact",
        }
    }

    pub fn related_set(self) -> &'static str {
        match self {
            Self::Contact => "leads",
            Self::Lead => "contacts",
        }
    }

    pub fn related_plural(self) -> &'static str {
        match self {
            Self::Contact => "leads",
            Self::Lead => "contacts",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::Contact => &LEAD_COLUMNS,
            Self::Lead => &CONTACT_COLUMNS,
        }
    }

    /// Columns to `$select`: the grid's plus the key.
    pub fn select(self) -> Vec<&'static str> {
        let key = match self {
            Self::Contact => "leadid",
            Self::Lead => "contactid",
        };
        self.columns()
            .iter()
            .map(|c| c.attribute)
            .chain([key])
            .collect()
    }

    /// Server-side search runs on name and email.
    pub fn search_columns(self) -> [&'static str; 2] {
        ["fullname", "emailaddress1"]
    }
}

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
    fn each_form_lists_the_other_side() {
        assert_eq!(Side::of("contact").map(Side::related_set), Some("leads"));
        assert_eq!(Side::of("lead").map(Side::related_set), Some("contacts"));
        assert_eq!(Side::of("account"), None);
        assert_eq!(Side::Lead.select().last(), Some(&"contactid"));
    }

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
