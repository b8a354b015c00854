//! Every request LeadMap sends to the Web API, defined once: what it reads
//! or writes, with which query and `Prefer` header. Hooks take these values
//! from here and hand them to the [`Client`](super::Client), which decides
//! how they travel; the page's early requests (`www/early_requests.js`) are
//! generated from the same definitions (see [`super::early`]).

use super::contactleads::{entity_set_of, Side, DEFAULT_SORT, NAVIGATION};
use super::json;
use super::metadata_query::EntityQueryExpression;
use super::query::{Direction, Filter, Query};
use super::resource::{AttributeCast, Resource};
use crate::host::{EntityName, RecordId};

pub const ANNOTATIONS: &str = "odata.include-annotations=\"*\"";
/// Pages this big when a whole collection is wanted (the service's largest).
pub const ALL_PAGE_SIZE: u32 = 5000;
/// Rows the "Add existing" search offers.
pub const CANDIDATES: u32 = 25;

const ENTITY_DEFINITION_COLUMNS: [&str; 5] = [
    "LogicalName",
    "DisplayName",
    "EntitySetName",
    "PrimaryIdAttribute",
    "PrimaryNameAttribute",
];
const ATTRIBUTE_COLUMNS: [&str; 7] = [
    "LogicalName",
    "AttributeType",
    "DisplayName",
    "RequiredLevel",
    "IsCustomAttribute",
    "IsValidForCreate",
    // Only String and Memo attributes have it.
    "MaxLength",
];

/// A read: a resource with its query, or a page link exactly as the service
/// gave it; paged reads carry their page size in `Prefer`.
#[derive(Clone, Debug, PartialEq)]
pub struct Get {
    target: Target,
    page_size: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
enum Target {
    Api(Box<(Resource, Query)>),
    /// An `@odata.nextLink`: an absolute URL on the organization.
    Link(String),
}

impl Get {
    /// One record, value or function result.
    pub fn new(resource: Resource, query: Query) -> Self {
        Self {
            target: Target::Api(Box::new((resource, query))),
            page_size: None,
        }
    }

    /// The first page of a collection, `page_size` rows at most.
    pub fn page(resource: Resource, query: Query, page_size: u32) -> Self {
        Self {
            target: Target::Api(Box::new((resource, query))),
            page_size: Some(page_size),
        }
    }

    /// The page an `@odata.nextLink` points to, followed exactly as given.
    pub fn next_page(link: &str, page_size: u32) -> Self {
        Self {
            target: Target::Link(link.to_owned()),
            page_size: Some(page_size),
        }
    }

    pub fn url(&self, api_root: &str) -> String {
        match &self.target {
            Target::Link(link) => link.clone(),
            Target::Api(api) => {
                let (resource, query) = &**api;
                let query = query.to_query_string();
                if query.is_empty() {
                    format!("{api_root}{resource}")
                } else {
                    format!("{api_root}{resource}?{query}")
                }
            }
        }
    }

    pub fn prefer(&self) -> String {
        match self.page_size {
            Some(size) => format!("{ANNOTATIONS},odata.maxpagesize={size}"),
            None => ANNOTATIONS.to_owned(),
        }
    }

    pub fn page_size(&self) -> Option<u32> {
        self.page_size
    }

    pub fn link(&self) -> Option<&str> {
        match &self.target {
            Target::Link(link) => Some(link),
            Target::Api(..) => None,
        }
    }

    /// This metadata query asking only for what changed since `stamp` (a kept
    /// answer's `ServerVersionStamp`); None for any other read.
    pub fn changed_since(&self, stamp: &str) -> Option<Get> {
        let Target::Api(api) = &self.target else {
            return None;
        };
        let (Resource::RetrieveMetadataChanges { since_stamp: false }, query) = &**api else {
            return None;
        };
        let stamp = format!("'{}'", stamp.replace('\'', "''"));
        Some(Get::new(
            Resource::RetrieveMetadataChanges { since_stamp: true },
            query.clone().alias("@p2", stamp),
        ))
    }

    /// Metadata changes with customizations only: the client may keep it across form opens.
    pub fn is_metadata(&self) -> bool {
        match &self.target {
            Target::Api(api) => matches!(
                api.0,
                Resource::EntityDefinitions
                    | Resource::EntityDefinition { .. }
                    | Resource::Attributes { .. }
                    | Resource::RetrieveMetadataChanges { .. }
            ),
            Target::Link(_) => false,
        }
    }
}

/// A write. Never sent twice blindly: the first may have landed.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    /// `POST record/navigation/$ref` with `{"@odata.id": "<target URL>"}`.
    Associate {
        record: Resource,
        navigation: EntityName,
        target: Resource,
    },
    /// `DELETE record/navigation(target)/$ref`.
    Disassociate {
        record: Resource,
        navigation: EntityName,
        target: RecordId,
    },
}

impl Write {
    pub fn method(&self) -> &'static str {
        match self {
            Self::Associate { .. } => "POST",
            Self::Disassociate { .. } => "DELETE",
        }
    }

    pub fn url(&self, api_root: &str) -> String {
        match self {
            Self::Associate {
                record, navigation, ..
            } => format!("{api_root}{record}/{navigation}/$ref"),
            Self::Disassociate {
                record,
                navigation,
                target,
            } => format!("{api_root}{record}/{navigation}({target})/$ref"),
        }
    }

    /// The JSON body, if the write has one.
    pub fn body(&self, api_root: &str) -> Option<String> {
        match self {
            Self::Associate { target, .. } => Some(format!(
                r#"{{"@odata.id":{}}}"#,
                json::string(&format!("{api_root}{target}"))
            )),
            Self::Disassociate { .. } => None,
        }
    }
}

/// One page of the form's record's ContactLeads associations, searched on
/// name and email, sorted, with the total count.
pub fn association_page(
    side: Side,
    record: RecordId,
    search: &str,
    sort: (&str, Direction),
    page_size: u32,
) -> Get {
    let mut query = Query::new()
        .select(&side.select())
        .order_by(sort.0, sort.1)
        .count();
    if !search.is_empty() {
        query = query.filter(Filter::contains_any(&side.search_columns(), search));
    }
    Get::page(
        Resource::related(side.entity_set(), record, NAVIGATION),
        query,
        page_size,
    )
}

/// Every association of the current search and sort, for an export: the
/// largest pages the service gives.
pub fn association_export(
    side: Side,
    record: RecordId,
    search: &str,
    sort: (&str, Direction),
) -> Get {
    association_page(side, record, search, sort, ALL_PAGE_SIZE)
}

/// The calling user (`WhoAmI`), when the form does not say who it is.
pub fn who_am_i() -> Get {
    Get::new(Resource::WhoAmI, Query::new())
}

/// The privileges the user's security roles give (`RetrieveUserPrivileges`).
pub fn user_privileges(user: RecordId) -> Get {
    Get::new(Resource::UserPrivileges { user }, Query::new())
}

/// The page a form opens with: no search, the default sort.
pub fn first_page(side: Side, record: RecordId, page_size: u32) -> Get {
    association_page(side, record, "", (DEFAULT_SORT, Direction::Asc), page_size)
}

/// Records of the other side that could be added ("Add existing").
pub fn candidates(side: Side, term: &str) -> Get {
    let mut query = Query::new()
        .select(&side.select())
        .order_by("fullname", Direction::Asc)
        .top(CANDIDATES);
    let term = term.trim();
    if !term.is_empty() {
        query = query.filter(Filter::contains_any(&side.search_columns(), term));
    }
    Get::page(Resource::collection(side.related_set()), query, CANDIDATES)
}

pub fn associate(side: Side, record: RecordId, related: RecordId) -> Write {
    Write::Associate {
        record: Resource::record(side.entity_set(), record),
        navigation: Resource::name(NAVIGATION),
        target: Resource::record(side.related_set(), related),
    }
}

pub fn disassociate(side: Side, record: RecordId, related: RecordId) -> Write {
    Write::Disassociate {
        record: Resource::record(side.entity_set(), record),
        navigation: Resource::name(NAVIGATION),
        target: related,
    }
}

/// The entity maps where `entity` is the source or the target, each with
/// its attribute maps: one read holds every map's details but the metadata.
pub fn entity_map_list(entity: &EntityName) -> Get {
    let query = Query::new()
        .select(&["sourceentityname", "targetentityname"])
        .filter(Filter::Or(vec![
            Filter::eq("sourceentityname", entity.as_str()),
            Filter::eq("targetentityname", entity.as_str()),
        ]))
        .expand(
            "entity_map_attribute_maps",
            Query::new().select(&["sourceattributename", "targetattributename", "issystem"]),
        );
    Get::page(Resource::collection("entitymaps"), query, ALL_PAGE_SIZE)
}

/// Several entities' definitions (display name, entity set…) in one query.
pub fn entity_definitions(entities: &[EntityName]) -> Get {
    let query = Query::new()
        .select(&ENTITY_DEFINITION_COLUMNS)
        .filter(Filter::Or(
            entities
                .iter()
                .map(|e| Filter::eq("LogicalName", e.as_str()))
                .collect(),
        ));
    Get::new(Resource::EntityDefinitions, query)
}

/// All of an entity's attributes as the map details show them (labels, types,
/// requirement levels and, for text, `MaxLength`), in one metadata operation:
/// the base `Attributes` read lacks derived properties, which would take a
/// cast read per type.
pub fn attribute_catalog(entity: &EntityName, lcid: u32) -> Get {
    let query = EntityQueryExpression::attributes_of(entity.as_str(), &ATTRIBUTE_COLUMNS, lcid);
    Get::new(
        Resource::RetrieveMetadataChanges { since_stamp: false },
        Query::new().alias("@p1", query.to_json()),
    )
}

/// The options of an entity's choice columns (values and labels).
pub fn attribute_options(entity: &EntityName) -> Get {
    Get::new(
        Resource::Attributes {
            entity: entity.clone(),
            cast: Some(AttributeCast::Picklist),
        },
        Query::new()
            .select(&["LogicalName"])
            .expand("OptionSet", Query::new().select(&["Options"])),
    )
}

/// The tables an entity's lookup columns point to.
pub fn lookup_targets(entity: &EntityName) -> Get {
    Get::new(
        Resource::Attributes {
            entity: entity.clone(),
            cast: Some(AttributeCast::Lookup),
        },
        Query::new().select(&["LogicalName", "Targets"]),
    )
}

/// What a new `target` record would receive from the record through the
/// entity map (`InitializeFrom`); None when the record's entity set is not known.
pub fn initialize_from(entity: &EntityName, record: RecordId, target: &EntityName) -> Option<Get> {
    let set = entity_set_of(entity.as_str())?;
    let query = Query::new()
        .alias("@p1", format!("{{'@odata.id':'{set}({record})'}}"))
        .alias("@p2", format!("'{target}'"))
        .alias(
            "@p3",
            "Microsoft.Dynamics.CRM.TargetFieldType'ValidForCreate'".into(),
        );
    Some(Get::new(Resource::InitializeFrom, query))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "https://org.example/api/data/v9.2/";

    fn id() -> RecordId {
        RecordId::from_u128(0x6b7e0f2a_1c2d_4e5f_8a9b_0c1d2e3f4a5b)
    }

    #[test]
    fn the_first_page_of_a_contacts_leads() {
        let get = association_page(Side::Contact, id(), "", ("fullname", Direction::Asc), 25);
        assert_eq!(
            get.url(ROOT),
            "https://org.example/api/data/v9.2/contacts(6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b)/contactleads_association\
             ?$select=fullname,companyname,emailaddress1,statuscode,createdon,leadid&$orderby=fullname%20asc&$count=true"
        );
        assert_eq!(
            get.prefer(),
            "odata.include-annotations=\"*\",odata.maxpagesize=25"
        );
        let searched = association_page(Side::Lead, id(), "O'B", ("fullname", Direction::Desc), 10);
        assert!(searched
            .url(ROOT)
            .contains("$filter=contains(fullname,'O''B')%20or%20contains(emailaddress1,'O''B')"));
    }

    #[test]
    fn writes_name_the_relationship_and_the_other_record() {
        let other = RecordId::from_u128(1);
        let add = associate(Side::Contact, id(), other);
        assert_eq!(add.method(), "POST");
        assert!(add.url(ROOT).ends_with(
            "contacts(6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b)/contactleads_association/$ref"
        ));
        assert_eq!(
            add.body(ROOT).as_deref(),
            Some(
                r#"{"@odata.id":"https://org.example/api/data/v9.2/leads(00000000-0000-0000-0000-000000000001)"}"#
            )
        );
        let remove = disassociate(Side::Lead, id(), other);
        assert_eq!(remove.method(), "DELETE");
        assert!(remove.url(ROOT).ends_with(
            "leads(6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b)/contactleads_association(00000000-0000-0000-0000-000000000001)/$ref"
        ));
        assert_eq!(remove.body(ROOT), None);
    }

    #[test]
    fn metadata_reads_are_the_ones_kept_across_opens() {
        let lead = EntityName::from_code("lead");
        assert!(attribute_catalog(&lead, 1033).is_metadata());
        assert!(attribute_options(&lead).is_metadata());
        assert!(entity_definitions(std::slice::from_ref(&lead)).is_metadata());
        assert!(!entity_map_list(&lead).is_metadata());
        assert!(!Get::next_page("https://org.example/x", 25).is_metadata());
    }

    #[test]
    fn the_map_list_holds_every_maps_attribute_maps() {
        let get = entity_map_list(&EntityName::from_code("contact"));
        assert_eq!(
            get.url(ROOT),
            "https://org.example/api/data/v9.2/entitymaps?$select=sourceentityname,targetentityname\
             &$filter=sourceentityname%20eq%20'contact'%20or%20targetentityname%20eq%20'contact'\
             &$expand=entity_map_attribute_maps($select=sourceattributename,targetattributename,issystem)"
        );
    }

    #[test]
    fn several_entity_definitions_in_one_query() {
        let get = entity_definitions(&[
            EntityName::from_code("lead"),
            EntityName::from_code("contact"),
        ]);
        assert_eq!(
            get.url(ROOT),
            "https://org.example/api/data/v9.2/EntityDefinitions?$select=LogicalName,DisplayName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute\
             &$filter=LogicalName%20eq%20'lead'%20or%20LogicalName%20eq%20'contact'"
        );
    }

    #[test]
    fn an_attribute_catalog_is_one_metadata_query_with_text_lengths() {
        let get = attribute_catalog(&EntityName::from_code("contact"), 1036);
        let url = get.url(ROOT);
        let (path, query) = url.split_once('?').unwrap_or_default();
        assert_eq!(
            path,
            "https://org.example/api/data/v9.2/RetrieveMetadataChanges(Query=@p1)"
        );
        let alias = query.strip_prefix("@p1=").unwrap_or_default();
        let decoded = percent_encoding::percent_decode_str(alias).decode_utf8_lossy();
        let expression: serde_json::Value = serde_json::from_str(&decoded).unwrap_or_default();
        let condition = &expression["Criteria"]["Conditions"][0];
        assert_eq!(condition["PropertyName"], "LogicalName");
        assert_eq!(condition["ConditionOperator"], "Equals");
        assert_eq!(condition["Value"]["Value"], "contact");
        assert_eq!(expression["Properties"]["PropertyNames"][0], "Attributes");
        assert_eq!(
            expression["LabelQuery"]["FilterLanguages"],
            serde_json::json!([1036])
        );
        assert_eq!(expression["LabelQuery"]["MissingLabelBehavior"], 1);
        let names = &expression["AttributeQuery"]["Properties"]["PropertyNames"];
        for name in ["LogicalName", "DisplayName", "RequiredLevel", "MaxLength"] {
            assert!(
                names.as_array().is_some_and(|n| n.contains(&name.into())),
                "{name}"
            );
        }
        assert_eq!(get.prefer(), ANNOTATIONS);
        let since = get.changed_since("1234!12/04/2026 10:00:00");
        let since = since.map(|g| g.url(ROOT)).unwrap_or_default();
        assert!(since.starts_with(
            "https://org.example/api/data/v9.2/RetrieveMetadataChanges(Query=@p1,ClientVersionStamp=@p2)?@p1="
        ));
        assert!(
            since.ends_with("&@p2='1234%2112%2F04%2F2026%2010:00:00'"),
            "{since}"
        );
        assert!(entity_map_list(&EntityName::from_code("contact"))
            .changed_since("1!x")
            .is_none());
    }

    #[test]
    fn initialize_from_passes_its_parameters_as_aliases() {
        let get = initialize_from(
            &EntityName::from_code("lead"),
            id(),
            &EntityName::from_code("contact"),
        );
        assert_eq!(
            get.map(|g| g.url(ROOT)).as_deref(),
            Some("https://org.example/api/data/v9.2/InitializeFrom(EntityMoniker=@p1,TargetEntityName=@p2,TargetFieldType=@p3)\
                  ?@p1=%7B'@odata.id':'leads(6b7e0f2a-1c2d-4e5f-8a9b-0c1d2e3f4a5b)'%7D&@p2='contact'\
                  &@p3=Microsoft.Dynamics.CRM.TargetFieldType'ValidForCreate'")
        );
        assert!(initialize_from(
            &EntityName::from_code("new_thing"),
            id(),
            &EntityName::from_code("lead")
        )
        .is_none());
    }
}
