//! Whether the user may add and remove associations here: not on a
//! read-only or disabled form, nor without the privileges associating needs.

use yew::prelude::*;

use super::loadable::{use_loadable, Loadable};
use super::use_client::use_client;
use crate::api::requests;
use crate::api::types::{UserPrivileges, WhoAmI};
use crate::api::{ApiError, Cancel, Client};
use crate::host::xrm::{FORM_DISABLED, FORM_READ_ONLY};
use crate::host::{HostContext, RecordId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteAccess {
    /// Allowed, or not known to be refused (the service has the last word).
    Allowed,
    ReadOnlyForm,
    DisabledForm,
    /// The user's roles lack these privileges.
    Missing(Vec<String>),
}

impl WriteAccess {
    pub fn allowed(&self) -> bool {
        *self == Self::Allowed
    }
}

/// What associating or disassociating records of a many-to-many relationship
/// takes: "Append privilege for both tables" (Microsoft's "How access to a
/// record is determined").
pub const NEEDED_PRIVILEGES: [&str; 2] = ["prvAppendContact", "prvAppendLead"];

/// The privileges of `needed` the answer does not grant.
pub fn missing_privileges(needed: &[&str], granted: &UserPrivileges) -> Vec<String> {
    needed
        .iter()
        .filter(|p| {
            !granted
                .role_privileges
                .iter()
                .any(|g| g.privilege_name.eq_ignore_ascii_case(p))
        })
        .map(|p| (*p).to_owned())
        .collect()
}

/// The form's type at once; the user's privileges once `ask` is true (after
/// the first rows: they are no part of the first view).
#[hook]
pub fn use_write_access(context: &HostContext, ask: bool) -> WriteAccess {
    let client = use_client();
    let form_locked = match context.form_type {
        Some(FORM_READ_ONLY) => Some(WriteAccess::ReadOnlyForm),
        Some(FORM_DISABLED) => Some(WriteAccess::DisabledForm),
        _ => None,
    };
    let user = context
        .user_id
        .as_deref()
        .and_then(|id| RecordId::parse(id).ok());
    let key = (ask && form_locked.is_none()).then_some(user);
    let (privileges, _) = use_loadable(key, move |key, cancel| {
        let client = client.clone();
        async move {
            let Some(user) = key else {
                return Ok(WriteAccess::Allowed);
            };
            Ok(check(&client, user, &cancel).await)
        }
    });
    match (form_locked, privileges) {
        (Some(locked), _) => locked,
        (None, Loadable::Ready(access)) => access,
        _ => WriteAccess::Allowed,
    }
}

async fn check(client: &Client, user: Option<RecordId>, cancel: &Cancel) -> WriteAccess {
    let user = match user {
        Some(user) => Ok(user),
        None => client
            .retrieve::<WhoAmI>(&requests::who_am_i(), cancel)
            .await
            .map(|me| me.user_id),
    };
    let granted = match user {
        Ok(user) => {
            client
                .retrieve::<UserPrivileges>(&requests::user_privileges(user), cancel)
                .await
        }
        Err(error) => Err(error),
    };
    match granted {
        Ok(granted) => {
            let missing = missing_privileges(&NEEDED_PRIVILEGES, &granted);
            if missing.is_empty() {
                WriteAccess::Allowed
            } else {
                WriteAccess::Missing(missing)
            }
        }
        // Unknown: offer the writes; a refusal shows when it comes.
        Err(ApiError::Aborted) | Err(_) => WriteAccess::Allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::RolePrivilege;

    #[test]
    fn associating_needs_append_on_both_tables() {
        let granted = UserPrivileges {
            role_privileges: ["prvappendcontact", "prvAppendToLead", "prvReadLead"]
                .into_iter()
                .map(|p| RolePrivilege {
                    privilege_name: p.into(),
                })
                .collect(),
        };
        assert_eq!(
            missing_privileges(&NEEDED_PRIVILEGES, &granted),
            vec!["prvAppendLead".to_owned()]
        );
    }
}
