//! The WhoAmI user's security-role privileges (a Salesperson-like role), the
//! `denied_privileges` setting that takes some away, and the privilege check
//! an association goes through.
//!
//! "For many-to-many relationships, you must have Append privilege for both
//! tables being associated or disassociated" (*How access to a record is
//! determined*, Power Platform admin guide). A missing privilege is the
//! PrivilegeDenied error: 403, code `0x80040220` (-2147220960, *Troubleshoot
//! Dataverse client errors*), "Principal user (Id=…) is missing prv… privilege".

use crate::errors::{ApiError, ApiResult};
use crate::fixtures;
use crate::metadata::name_uuid;
use crate::store::Store;
use serde_json::{json, Value};

/// `PrivilegeDepth` (Web API EnumType reference), serialized by name.
#[derive(Debug, Clone, Copy)]
enum Depth {
    Basic,
    Global,
}

impl Depth {
    fn name(self) -> &'static str {
        match self {
            Depth::Basic => "Basic",
            Depth::Global => "Global",
        }
    }
}

/// The tables the role covers, by privilege-name suffix and logical name.
const TABLES: &[(&str, &str)] = &[
    ("Contact", "contact"),
    ("Lead", "lead"),
    ("Account", "account"),
    ("Opportunity", "opportunity"),
];

/// A Salesperson's depths (the CRM 2015 "entity privileges" tables): create
/// and delete their own records, read, write and append across the org.
const ACCESS: &[(&str, Depth)] = &[
    ("Create", Depth::Basic),
    ("Read", Depth::Global),
    ("Write", Depth::Global),
    ("Delete", Depth::Basic),
    ("Append", Depth::Global),
    ("AppendTo", Depth::Global),
];

/// Read-only customization tables every stock role reads.
const READ_ONLY: &[&str] = &["prvReadEntityMap", "prvReadAttributeMap"];

fn role() -> Vec<(String, Depth)> {
    let mut all: Vec<(String, Depth)> = TABLES
        .iter()
        .flat_map(|(suffix, _)| {
            ACCESS
                .iter()
                .map(move |(access, depth)| (format!("prv{access}{suffix}"), *depth))
        })
        .collect();
    all.extend(READ_ONLY.iter().map(|n| (n.to_string(), Depth::Global)));
    all
}

/// A stable id per privilege name (the emulator's, not the service's GUIDs).
fn privilege_id(name: &str) -> String {
    name_uuid(&format!("privilege/{name}")).to_string()
}

fn is_denied(denied: &[String], name: &str) -> bool {
    denied.iter().any(|d| d.eq_ignore_ascii_case(name))
}

/// The `RolePrivileges` of `RetrieveUserPrivilegesResponse`: the role minus the denied.
pub fn role_privileges(denied: &[String]) -> Vec<Value> {
    role()
        .into_iter()
        .filter(|(name, _)| !is_denied(denied, name))
        .map(|(name, depth)| {
            json!({
                "Depth": depth.name(),
                "PrivilegeId": privilege_id(&name),
                "BusinessUnitId": fixtures::BUSINESS_UNIT_ID,
                "PrivilegeName": name,
                "RecordFilterId": "00000000-0000-0000-0000-000000000000",
                "RecordFilterUniqueName": null
            })
        })
        .collect()
}

/// Fails with PrivilegeDenied unless the user holds `prv<access><Table>` for
/// each of `tables` (logical names), checked in order.
pub fn require(store: &Store, denied: &[String], access: &str, tables: &[&str]) -> ApiResult<()> {
    for logical in tables {
        let Some((suffix, _)) = TABLES.iter().find(|(_, l)| l == logical) else {
            continue;
        };
        let name = format!("prv{access}{suffix}");
        if is_denied(denied, &name) {
            let (otc, label) = store
                .table(logical)
                .map(|t| (t.meta.object_type_code, t.meta.label.en.clone()))
                .unwrap_or_default();
            let held = role_privileges(denied).len();
            let user = fixtures::USER_ID;
            return Err(ApiError::new(
                403,
                "0x80040220",
                format!(
                    "Principal user (Id={user}, type=8, roleCount=1, privilegeCount={held}, \
                     accessMode='0 Read-Write', businessUnitId={bu}), is missing {name} privilege \
                     (Id={id}) on OTC={otc} for entity '{logical}' (LocalizedName='{label}'). \
                     context.Caller={user}. Consider adding missed privilege to one of the \
                     principal (user/team) roles.",
                    bu = fixtures::BUSINESS_UNIT_ID,
                    id = privilege_id(&name),
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_covers_the_four_tables_and_the_maps() {
        let names: Vec<String> = role().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names.len(), 26);
        assert!(names.contains(&"prvAppendToLead".to_string()));
        assert!(names.contains(&"prvReadAttributeMap".to_string()));
    }

    #[test]
    fn denied_privileges_are_missing_and_checked() {
        let denied = vec!["prvappendlead".to_string()];
        let held = role_privileges(&denied);
        assert_eq!(held.len(), 25);
        assert!(held.iter().all(|p| p["PrivilegeName"] != "prvAppendLead"));
        let store = crate::fixtures::build();
        assert!(require(&store, &denied, "Append", &["contact"]).is_ok());
        let e = require(&store, &denied, "Append", &["contact", "lead"]).unwrap_err();
        assert_eq!((e.status, e.code), (403, "0x80040220"));
        assert!(e.message.contains("is missing prvAppendLead privilege"));
        assert!(e.message.contains("on OTC=4 for entity 'lead'"));
    }
}
