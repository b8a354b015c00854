//! The ContactLeads N:N relationship (`contactleads_association`, intersect
//! entity `contactleads`) seen from the form's side: which entity sets it
//! joins, which columns LeadMap reads, and the entity sets of the entities
//! LeadMap reads records of.

pub const NAVIGATION: &str = "contactleads_association";
/// The grid's first sort: by name, ascending.
pub const DEFAULT_SORT: &str = "fullname";

/// A grid column: the attribute to select and sort on, the attribute whose
/// metadata labels it, an English label until metadata arrives, and which of
/// the record's values its cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub attribute: &'static str,
    pub metadata_name: &'static str,
    pub fallback_label: &'static str,
    pub text: CellText,
}

/// Which value of a record's attribute a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellText {
    /// The value itself (text).
    Value,
    /// The service's formatted value (`…@OData.Community.Display.V1.FormattedValue`),
    /// else the value (choices, dates).
    FormattedOrValue,
    /// Only the formatted value (a lookup's value is an id).
    Formatted,
}

/// The name shown for a record whose name is empty.
pub const NO_NAME: &str = "(no name)";

const fn column(
    attribute: &'static str,
    metadata_name: &'static str,
    fallback_label: &'static str,
    text: CellText,
) -> Column {
    Column {
        attribute,
        metadata_name,
        fallback_label,
        text,
    }
}

const LEAD_COLUMNS: [Column; 5] = [
    column("fullname", "fullname", "Name", CellText::Value),
    column(
        "companyname",
        "companyname",
        "Company Name",
        CellText::Value,
    ),
    column("emailaddress1", "emailaddress1", "Email", CellText::Value),
    column(
        "statuscode",
        "statuscode",
        "Status Reason",
        CellText::FormattedOrValue,
    ),
    column(
        "createdon",
        "createdon",
        "Created On",
        CellText::FormattedOrValue,
    ),
];

const CONTACT_COLUMNS: [Column; 4] = [
    column("fullname", "fullname", "Full Name", CellText::Value),
    column("emailaddress1", "emailaddress1", "Email", CellText::Value),
    column(
        "_parentcustomerid_value",
        "parentcustomerid",
        "Company Name",
        CellText::Formatted,
    ),
    column(
        "telephone1",
        "telephone1",
        "Business Phone",
        CellText::Value,
    ),
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

    /// The form's entity.
    pub fn entity(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Lead => "lead",
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

    pub fn related_singular(self) -> &'static str {
        self.related_entity()
    }

    /// "1 lead", "25 leads".
    pub fn count_related(self, n: u64) -> String {
        if n == 1 {
            format!("1 {}", self.related_singular())
        } else {
            format!("{n} {}", self.related_plural())
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

    /// The listed records' primary key.
    pub fn related_key(self) -> &'static str {
        match self {
            Self::Contact => "leadid",
            Self::Lead => "contactid",
        }
    }

    /// Columns to `$select`: the grid's plus the key.
    pub fn select(self) -> Vec<&'static str> {
        self.columns()
            .iter()
            .map(|c| c.attribute)
            .chain([self.related_key()])
            .collect()
    }

    /// Server-side search runs on name and email.
    pub fn search_columns(self) -> [&'static str; 2] {
        ["fullname", "emailaddress1"]
    }
}

/// Entity sets of the entities whose records LeadMap reads or writes: the two
/// sides of ContactLeads and the targets a lead's entity maps usually fill.
pub fn entity_set_of(entity: &str) -> Option<&'static str> {
    match entity {
        "contact" => Some("contacts"),
        "lead" => Some("leads"),
        "account" => Some("accounts"),
        "opportunity" => Some("opportunities"),
        _ => None,
    }
}

/// The entity whose entity set this is, for the entities in [`entity_set_of`].
pub fn entity_of_set(set: &str) -> Option<&'static str> {
    ["contact", "lead", "account", "opportunity"]
        .into_iter()
        .find(|entity| entity_set_of(entity) == Some(set))
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
    fn counts_read_as_english() {
        assert_eq!(Side::Contact.count_related(1), "1 lead");
        assert_eq!(Side::Contact.count_related(0), "0 leads");
        assert_eq!(Side::Lead.count_related(62), "62 contacts");
    }

    #[test]
    fn sides_use_the_one_entity_set_table() {
        for side in [Side::Contact, Side::Lead] {
            assert_eq!(
                entity_set_of(side.related_entity()),
                Some(side.related_set())
            );
        }
    }
}
