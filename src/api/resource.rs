//! The paths LeadMap reads and writes, relative to the API root
//! (`…/api/data/v9.2/`). Names are validated logical names and ids are
//! validated GUIDs, so nothing from the page reaches a URL unchecked.

use std::fmt;

use crate::host::{EntityName, RecordId};

/// A Web API resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource {
    /// `contacts`
    Collection { set: EntityName },
    /// `contacts(id)`
    Record { set: EntityName, id: RecordId },
    /// `contacts(id)/contactleads_association`
    Related {
        set: EntityName,
        id: RecordId,
        navigation: EntityName,
    },
    /// `EntityDefinitions`, several entities at once through `$filter`.
    EntityDefinitions,
    /// `EntityDefinitions(LogicalName='contact')`
    EntityDefinition { entity: EntityName },
    /// `EntityDefinitions(LogicalName='contact')/Attributes[/Microsoft.Dynamics.CRM.PicklistAttributeMetadata]`
    Attributes {
        entity: EntityName,
        cast: Option<AttributeCast>,
    },
    /// `InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)`:
    /// the function, its parameters passed as aliases in the query.
    InitializeFrom,
    /// `RetrieveMetadataChanges(Query=@p1)`: several kinds of metadata, derived
    /// attribute properties included, in one operation; the query in the alias.
    /// `since_stamp`: only what changed since a `ClientVersionStamp` (`@p2`).
    RetrieveMetadataChanges { since_stamp: bool },
    /// `WhoAmI()`: the calling user's id.
    WhoAmI,
    /// `systemusers(id)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`.
    UserPrivileges { user: RecordId },
}

/// Derived attribute metadata types read through a cast: choices' options,
/// lookups' targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeCast {
    Picklist,
    Lookup,
}

impl Resource {
    /// A collection or navigation name from code, e.g. `contacts`.
    pub fn name(name: &'static str) -> EntityName {
        EntityName::from_code(name)
    }

    pub fn collection(set: &'static str) -> Self {
        Self::Collection {
            set: Self::name(set),
        }
    }

    pub fn record(set: &'static str, id: RecordId) -> Self {
        Self::Record {
            set: Self::name(set),
            id,
        }
    }

    pub fn related(set: &'static str, id: RecordId, navigation: &'static str) -> Self {
        Self::Related {
            set: Self::name(set),
            id,
            navigation: Self::name(navigation),
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Collection { set } => write!(f, "{set}"),
            Self::Record { set, id } => write!(f, "{set}({id})"),
            Self::Related {
                set,
                id,
                navigation,
            } => write!(f, "{set}({id})/{navigation}"),
            Self::EntityDefinitions => f.write_str("EntityDefinitions"),
            Self::InitializeFrom => f.write_str(
                "InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)",
            ),
            Self::RetrieveMetadataChanges { since_stamp: false } => {
                f.write_str("RetrieveMetadataChanges(Query=@p1)")
            }
            Self::RetrieveMetadataChanges { since_stamp: true } => {
                f.write_str("RetrieveMetadataChanges(Query=@p1,ClientVersionStamp=@p2)")
            }
            Self::WhoAmI => f.write_str("WhoAmI()"),
            Self::UserPrivileges { user } => write!(
                f,
                "systemusers({user})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()"
            ),
            Self::EntityDefinition { entity } => {
                write!(f, "EntityDefinitions(LogicalName='{entity}')")
            }
            Self::Attributes { entity, cast } => {
                write!(f, "EntityDefinitions(LogicalName='{entity}')/Attributes")?;
                match cast {
                    Some(AttributeCast::Picklist) => {
                        f.write_str("/Microsoft.Dynamics.CRM.PicklistAttributeMetadata")
                    }
                    Some(AttributeCast::Lookup) => {
                        f.write_str("/Microsoft.Dynamics.CRM.LookupAttributeMetadata")
                    }
                    None => Ok(()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_leadmap_writes_in_code_is_a_valid_logical_name() {
        use crate::hooks::relationship::{Side, NAVIGATION};
        let mut names = vec!["entitymaps", "contacts", "leads", "accounts", NAVIGATION];
        for side in [Side::Contact, Side::Lead] {
            names.extend([side.entity_set(), side.related_set()]);
        }
        for name in names {
            assert!(EntityName::parse(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn renders_web_api_paths() {
        let id = RecordId::from_u128(0x6b7e0f2a_1c2d_4e5f_8a9b_0c1d2e3f4a5b);
        assert_eq!(Resource::collection("contacts").to_string(), "contacts");
        assert_eq!(
            Resource::related("contacts", id, "contactleads_association").to_string(),
            "contacts(6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b)/contactleads_association"
        );
        let entity = EntityName::from_code("lead");
        assert_eq!(
            Resource::Attributes {
                entity,
                cast: Some(AttributeCast::Picklist)
            }
            .to_string(),
            "EntityDefinitions(LogicalName='lead')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata"
        );
    }
}
