//! Entity and attribute metadata: the single source of truth for which
//! columns exist, their types, labels (1033 English, 1036 French) and
//! how they appear in the Web API (`EntityDefinitions`, `Attributes`).

use crate::odata::PropType;
use serde_json::{json, Map, Value};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    String,
    Memo,
    Integer,
    Money,
    DateTime,
    Lookup,
    Customer,
    Owner,
    Picklist,
    Status,
    State,
    Boolean,
    Uniqueidentifier,
}

impl AttrType {
    pub fn name(self) -> &'static str {
        match self {
            AttrType::String => "String",
            AttrType::Memo => "Memo",
            AttrType::Integer => "Integer",
            AttrType::Money => "Money",
            AttrType::DateTime => "DateTime",
            AttrType::Lookup => "Lookup",
            AttrType::Customer => "Customer",
            AttrType::Owner => "Owner",
            AttrType::Picklist => "Picklist",
            AttrType::Status => "Status",
            AttrType::State => "State",
            AttrType::Boolean => "Boolean",
            AttrType::Uniqueidentifier => "Uniqueidentifier",
        }
    }

    /// The derived metadata type, e.g. `StringAttributeMetadata`.
    pub fn metadata_type(self) -> &'static str {
        match self {
            AttrType::String => "StringAttributeMetadata",
            AttrType::Memo => "MemoAttributeMetadata",
            AttrType::Integer => "IntegerAttributeMetadata",
            AttrType::Money => "MoneyAttributeMetadata",
            AttrType::DateTime => "DateTimeAttributeMetadata",
            AttrType::Lookup | AttrType::Customer | AttrType::Owner => "LookupAttributeMetadata",
            AttrType::Picklist => "PicklistAttributeMetadata",
            AttrType::Status => "StatusAttributeMetadata",
            AttrType::State => "StateAttributeMetadata",
            AttrType::Boolean => "BooleanAttributeMetadata",
            AttrType::Uniqueidentifier => "UniqueIdentifierAttributeMetadata",
        }
    }

    pub fn is_lookup(self) -> bool {
        matches!(
            self,
            AttrType::Lookup | AttrType::Customer | AttrType::Owner
        )
    }

    pub fn prop_type(self) -> PropType {
        match self {
            AttrType::String | AttrType::Memo => PropType::String,
            AttrType::Integer
            | AttrType::Money
            | AttrType::Picklist
            | AttrType::Status
            | AttrType::State => PropType::Number,
            AttrType::Boolean => PropType::Bool,
            AttrType::DateTime => PropType::DateTime,
            AttrType::Lookup
            | AttrType::Customer
            | AttrType::Owner
            | AttrType::Uniqueidentifier => PropType::Guid,
        }
    }
}

/// A label in English (1033) and French (1036).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub en: String,
    pub fr: String,
}

impl Label {
    pub fn new(en: &str, fr: &str) -> Self {
        Label {
            en: en.into(),
            fr: fr.into(),
        }
    }

    pub fn get(&self, lcid: u32) -> &str {
        if lcid == 1036 {
            &self.fr
        } else {
            &self.en
        }
    }

    /// The `Label` complex type: both localized labels and the caller's one.
    pub fn to_json(&self, lcid: u32, id_seed: &str) -> Value {
        let one = |label: &str, code: u32| {
            json!({
                "Label": label,
                "LanguageCode": code,
                "IsManaged": true,
                "MetadataId": name_uuid(&format!("{id_seed}/{code}")).to_string(),
                "HasChanged": null
            })
        };
        let user = if lcid == 1036 { 1036 } else { 1033 };
        json!({
            "LocalizedLabels": [one(&self.en, 1033), one(&self.fr, 1036)],
            "UserLocalizedLabel": one(self.get(user), user)
        })
    }
}

#[derive(Debug, Clone)]
pub struct AttrMeta {
    pub logical_name: String,
    pub attr_type: AttrType,
    pub label: Label,
    pub max_length: Option<u32>,
    pub required: &'static str,
    pub is_custom: bool,
    pub targets: Vec<String>,
    /// Option values and labels for Picklist/Status/State/Boolean.
    pub options: Vec<(i64, Label)>,
    pub date_only: bool,
}

/// Builds an attribute; chain the modifiers below.
pub fn attr(logical_name: &str, attr_type: AttrType, en: &str, fr: &str) -> AttrMeta {
    AttrMeta {
        logical_name: logical_name.into(),
        attr_type,
        label: Label::new(en, fr),
        max_length: None,
        required: "None",
        is_custom: logical_name.starts_with("new_"),
        targets: Vec::new(),
        options: Vec::new(),
        date_only: false,
    }
}

impl AttrMeta {
    pub fn max(mut self, n: u32) -> Self {
        self.max_length = Some(n);
        self
    }
    pub fn req(mut self, level: &'static str) -> Self {
        self.required = level;
        self
    }
    pub fn targets(mut self, t: &[&str]) -> Self {
        self.targets = t.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn options(mut self, o: &[(i64, &str, &str)]) -> Self {
        self.options = o
            .iter()
            .map(|(v, en, fr)| (*v, Label::new(en, fr)))
            .collect();
        self
    }
    pub fn date_only(mut self) -> Self {
        self.date_only = true;
        self
    }

    /// The Web API property name: lookups are exposed as `_name_value`.
    pub fn property_name(&self) -> String {
        if self.attr_type.is_lookup() {
            format!("_{}_value", self.logical_name)
        } else {
            self.logical_name.clone()
        }
    }

    pub fn schema_name(&self) -> String {
        schema_name(&self.logical_name)
    }

    pub fn option_label(&self, value: i64, lcid: u32) -> Option<&str> {
        self.options
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, l)| l.get(lcid))
    }
}

fn schema_name(logical: &str) -> String {
    let (prefix, rest) = match logical.strip_prefix("new_") {
        Some(rest) => ("new_", rest),
        None => ("", logical),
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) => format!("{prefix}{}{}", c.to_ascii_uppercase(), chars.as_str()),
        None => prefix.to_string(),
    }
}

#[derive(Debug, Clone)]
pub struct EntityMeta {
    pub logical_name: String,
    pub entity_set_name: String,
    pub label: Label,
    pub collection_label: Label,
    pub primary_id: String,
    pub primary_name: Option<String>,
    pub object_type_code: u32,
    pub is_intersect: bool,
    pub attributes: Vec<AttrMeta>,
}

impl EntityMeta {
    pub fn type_name(&self) -> String {
        format!("Microsoft.Dynamics.CRM.{}", self.logical_name)
    }

    pub fn attribute(&self, logical_name: &str) -> Option<&AttrMeta> {
        self.attributes
            .iter()
            .find(|a| a.logical_name == logical_name)
    }

    /// Finds the attribute behind a Web API property name.
    pub fn by_property(&self, property: &str) -> Option<&AttrMeta> {
        self.attributes
            .iter()
            .find(|a| a.property_name() == property)
    }

    pub fn prop_type(&self, property: &str) -> Option<PropType> {
        self.by_property(property).map(|a| a.attr_type.prop_type())
    }

    pub fn metadata_id(&self) -> Uuid {
        name_uuid(&format!("entity/{}", self.logical_name))
    }

    pub fn to_json(&self, lcid: u32) -> Map<String, Value> {
        let v = json!({
            "MetadataId": self.metadata_id().to_string(),
            "LogicalName": self.logical_name,
            "SchemaName": schema_name(&self.logical_name),
            "EntitySetName": self.entity_set_name,
            "LogicalCollectionName": self.entity_set_name,
            "DisplayName": self.label.to_json(lcid, &format!("{}/label", self.logical_name)),
            "DisplayCollectionName": self.collection_label.to_json(lcid, &format!("{}/clabel", self.logical_name)),
            "PrimaryIdAttribute": self.primary_id,
            "PrimaryNameAttribute": self.primary_name,
            "ObjectTypeCode": self.object_type_code,
            "IsCustomEntity": self.logical_name.starts_with("new_"),
            "IsIntersect": self.is_intersect,
            "IsActivity": false,
            "OwnershipType": if self.is_intersect { "None" } else { "UserOwned" }
        });
        v.as_object().cloned().unwrap_or_default()
    }

    pub fn attribute_json(&self, a: &AttrMeta, lcid: u32) -> Map<String, Value> {
        let id_seed = format!("{}/{}", self.logical_name, a.logical_name);
        let mut m = json!({
            "@odata.type": format!("#Microsoft.Dynamics.CRM.{}", a.attr_type.metadata_type()),
            "MetadataId": name_uuid(&id_seed).to_string(),
            "LogicalName": a.logical_name,
            "SchemaName": a.schema_name(),
            "EntityLogicalName": self.logical_name,
            "AttributeType": a.attr_type.name(),
            "AttributeTypeName": {"Value": format!("{}Type", a.attr_type.name())},
            "AttributeOf": null,
            "RequiredLevel": {
                "Value": a.required,
                "CanBeChanged": !a.is_custom,
                "ManagedPropertyLogicalName": "canmodifyrequirementlevelsettings"
            },
            "DisplayName": a.label.to_json(lcid, &id_seed),
            "IsCustomAttribute": a.is_custom,
            "IsPrimaryId": a.logical_name == self.primary_id,
            "IsPrimaryName": self.primary_name.as_deref() == Some(a.logical_name.as_str()),
            "IsValidForCreate": true,
            "IsValidForRead": true,
            "IsValidForUpdate": a.logical_name != self.primary_id,
            "ColumnNumber": self.attributes.iter().position(|x| x.logical_name == a.logical_name).unwrap_or(0) + 1
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        for (k, v) in derived_values(a) {
            m.insert(k.to_string(), v);
        }
        m
    }
}

fn derived_values(a: &AttrMeta) -> Vec<(&'static str, Value)> {
    match a.attr_type {
        AttrType::String => vec![
            ("MaxLength", json!(a.max_length.unwrap_or(100))),
            ("DatabaseLength", json!(a.max_length.unwrap_or(100) * 2)),
            (
                "FormatName",
                json!({"Value": if a.logical_name.starts_with("emailaddress") { "Email" } else { "Text" }}),
            ),
        ],
        AttrType::Memo => vec![
            ("MaxLength", json!(a.max_length.unwrap_or(2000))),
            ("Format", json!("TextArea")),
        ],
        AttrType::Integer => vec![
            ("MinValue", json!(-2147483648i64)),
            ("MaxValue", json!(2147483647i64)),
            ("Format", json!("None")),
        ],
        AttrType::Money => vec![
            ("Precision", json!(2)),
            ("MinValue", json!(-922337203685477.0)),
            ("MaxValue", json!(922337203685477.0)),
        ],
        AttrType::DateTime => vec![
            (
                "Format",
                json!(if a.date_only {
                    "DateOnly"
                } else {
                    "DateAndTime"
                }),
            ),
            (
                "DateTimeBehavior",
                json!({"Value": if a.date_only { "DateOnly" } else { "UserLocal" }}),
            ),
        ],
        AttrType::Lookup | AttrType::Customer | AttrType::Owner => {
            vec![("Targets", json!(a.targets))]
        }
        AttrType::Picklist | AttrType::Status | AttrType::State | AttrType::Boolean => {
            vec![("DefaultFormValue", json!(a.options.first().map(|o| o.0)))]
        }
        AttrType::Uniqueidentifier => vec![],
    }
}

/// Properties of the base `AttributeMetadata` type, with their filter types.
pub const BASE_ATTRIBUTE_PROPS: &[(&str, PropType)] = &[
    ("MetadataId", PropType::Guid),
    ("LogicalName", PropType::String),
    ("SchemaName", PropType::String),
    ("EntityLogicalName", PropType::String),
    ("AttributeType", PropType::String),
    ("AttributeTypeName", PropType::Complex),
    ("AttributeOf", PropType::String),
    ("RequiredLevel", PropType::Complex),
    ("DisplayName", PropType::Complex),
    ("IsCustomAttribute", PropType::Bool),
    ("IsPrimaryId", PropType::Bool),
    ("IsPrimaryName", PropType::Bool),
    ("IsValidForCreate", PropType::Bool),
    ("IsValidForRead", PropType::Bool),
    ("IsValidForUpdate", PropType::Bool),
    ("ColumnNumber", PropType::Number),
];

/// Extra properties of a derived attribute metadata type (by its short name).
pub fn derived_props(type_name: &str) -> Option<&'static [(&'static str, PropType)]> {
    Some(match type_name {
        "StringAttributeMetadata" => &[
            ("MaxLength", PropType::Number),
            ("DatabaseLength", PropType::Number),
            ("FormatName", PropType::Complex),
        ],
        "MemoAttributeMetadata" => &[
            ("MaxLength", PropType::Number),
            ("Format", PropType::String),
        ],
        "IntegerAttributeMetadata" => &[
            ("MinValue", PropType::Number),
            ("MaxValue", PropType::Number),
            ("Format", PropType::String),
        ],
        "MoneyAttributeMetadata" => &[
            ("Precision", PropType::Number),
            ("MinValue", PropType::Number),
            ("MaxValue", PropType::Number),
        ],
        "DateTimeAttributeMetadata" => &[
            ("Format", PropType::String),
            ("DateTimeBehavior", PropType::Complex),
        ],
        "LookupAttributeMetadata" => &[("Targets", PropType::Complex)],
        "PicklistAttributeMetadata"
        | "StatusAttributeMetadata"
        | "StateAttributeMetadata"
        | "BooleanAttributeMetadata" => &[("DefaultFormValue", PropType::Number)],
        "UniqueIdentifierAttributeMetadata" => &[],
        _ => return None,
    })
}

pub const ENTITY_PROPS: &[(&str, PropType)] = &[
    ("MetadataId", PropType::Guid),
    ("LogicalName", PropType::String),
    ("SchemaName", PropType::String),
    ("EntitySetName", PropType::String),
    ("LogicalCollectionName", PropType::String),
    ("DisplayName", PropType::Complex),
    ("DisplayCollectionName", PropType::Complex),
    ("PrimaryIdAttribute", PropType::String),
    ("PrimaryNameAttribute", PropType::String),
    ("ObjectTypeCode", PropType::Number),
    ("IsCustomEntity", PropType::Bool),
    ("IsIntersect", PropType::Bool),
    ("IsActivity", PropType::Bool),
    ("OwnershipType", PropType::String),
];

/// A stable, v4-shaped UUID derived from a name (FNV-1a, twice).
pub fn name_uuid(name: &str) -> Uuid {
    let fnv = |seed: u64| {
        name.bytes()
            .fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
    };
    let hi = fnv(0xcbf29ce484222325);
    let lo = fnv(0x84222325cbf29ce4 ^ hi);
    let bytes = ((hi as u128) << 64 | lo as u128).to_be_bytes();
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

pub use stock::*;

/// The stock (and a few custom) tables of a Sales org.
mod stock {
    use super::*;
    use AttrType::*;

    const STATE_ACTIVE: &[(i64, &str, &str)] =
        &[(0, "Active", "Actif"), (1, "Inactive", "Inactif")];
    const DONOTEMAIL: &[(i64, &str, &str)] = &[
        (0, "Allow", "Autoriser"),
        (1, "Do Not Allow", "Ne pas autoriser"),
    ];

    fn common(primary_id: &str) -> Vec<AttrMeta> {
        vec![
            attr(primary_id, Uniqueidentifier, "Id", "Id").req("SystemRequired"),
            attr("createdon", DateTime, "Created On", "Créé le"),
            attr("modifiedon", DateTime, "Modified On", "Modifié le"),
            attr("ownerid", Owner, "Owner", "Propriétaire")
                .targets(&["systemuser", "team"])
                .req("SystemRequired"),
        ]
    }

    fn address() -> Vec<AttrMeta> {
        vec![
            attr(
                "telephone1",
                String,
                "Business Phone",
                "Téléphone professionnel",
            )
            .max(50),
            attr(
                "address1_line1",
                String,
                "Address 1: Street 1",
                "Adresse 1 : rue 1",
            )
            .max(250),
            attr(
                "address1_city",
                String,
                "Address 1: City",
                "Adresse 1 : ville",
            )
            .max(80),
            attr(
                "address1_postalcode",
                String,
                "Address 1: ZIP/Postal Code",
                "Adresse 1 : code postal",
            )
            .max(20),
            attr(
                "address1_country",
                String,
                "Address 1: Country/Region",
                "Adresse 1 : pays/région",
            )
            .max(80),
        ]
    }

    fn entity(
        logical: &str,
        set: &str,
        label: (&str, &str),
        plural: (&str, &str),
        id: &str,
        name: Option<&str>,
        otc: u32,
    ) -> EntityMeta {
        EntityMeta {
            logical_name: logical.into(),
            entity_set_name: set.into(),
            label: Label::new(label.0, label.1),
            collection_label: Label::new(plural.0, plural.1),
            primary_id: id.into(),
            primary_name: name.map(Into::into),
            object_type_code: otc,
            is_intersect: false,
            attributes: common(id),
        }
    }

    pub fn contact() -> EntityMeta {
        let mut e = entity(
            "contact",
            "contacts",
            ("Contact", "Contact"),
            ("Contacts", "Contacts"),
            "contactid",
            Some("fullname"),
            2,
        );
        e.attributes.extend([
            attr("firstname", String, "First Name", "Prénom")
                .max(50)
                .req("Recommended"),
            attr("lastname", String, "Last Name", "Nom")
                .max(50)
                .req("ApplicationRequired"),
            attr("fullname", String, "Full Name", "Nom complet").max(160),
            attr("emailaddress1", String, "Email", "Adresse e-mail").max(100),
            attr("mobilephone", String, "Mobile Phone", "Téléphone mobile").max(50),
            attr("jobtitle", String, "Job Title", "Fonction").max(100),
            attr("description", Memo, "Description", "Description").max(2000),
            attr("new_summary", String, "Summary", "Résumé").max(100),
            attr("new_employeecount", Integer, "Employee Count", "Effectif"),
            attr("new_legacyscore", Integer, "Legacy Score", "Score hérité"),
            attr(
                "new_nickname",
                String,
                "<img src=x onerror=alert('label')> Nickname",
                "<script>alert('étiquette')</script> Surnom",
            )
            .max(50),
            attr(
                "parentcustomerid",
                Customer,
                "Company Name",
                "Nom de la société",
            )
            .targets(&["account", "contact"]),
            attr(
                "originatingleadid",
                Lookup,
                "Originating Lead",
                "Prospect d'origine",
            )
            .targets(&["lead"]),
            attr(
                "preferredcontactmethodcode",
                Picklist,
                "Preferred Method of Contact",
                "Mode de contact préféré",
            )
            .options(&[
                (1, "Any", "N'importe lequel"),
                (2, "Email", "Courrier électronique"),
                (3, "Phone", "Téléphone"),
                (4, "Fax", "Télécopie"),
                (5, "Mail", "Courrier"),
            ]),
            attr(
                "donotemail",
                Boolean,
                "Do not allow Emails",
                "Ne pas autoriser les courriers électroniques",
            )
            .options(DONOTEMAIL),
            attr("creditlimit", Money, "Credit Limit", "Limite de crédit"),
            attr("birthdate", DateTime, "Birthday", "Date de naissance").date_only(),
            attr("statecode", State, "Status", "Statut")
                .options(STATE_ACTIVE)
                .req("SystemRequired"),
            attr("statuscode", Status, "Status Reason", "Raison du statut")
                .options(&[(1, "Active", "Actif"), (2, "Inactive", "Inactif")]),
        ]);
        e.attributes.extend(address());
        e
    }

    pub fn lead() -> EntityMeta {
        let mut e = entity(
            "lead",
            "leads",
            ("Lead", "Prospect"),
            ("Leads", "Prospects"),
            "leadid",
            Some("fullname"),
            4,
        );
        e.attributes.extend([
            attr("subject", String, "Topic", "Sujet")
                .max(300)
                .req("ApplicationRequired"),
            attr("firstname", String, "First Name", "Prénom")
                .max(50)
                .req("Recommended"),
            attr("lastname", String, "Last Name", "Nom")
                .max(50)
                .req("ApplicationRequired"),
            attr("fullname", String, "Name", "Nom").max(160),
            attr("companyname", String, "Company Name", "Nom de la société")
                .max(100)
                .req("Recommended"),
            attr("emailaddress1", String, "Email", "Adresse e-mail").max(100),
            attr("mobilephone", String, "Mobile Phone", "Téléphone mobile").max(50),
            attr("jobtitle", String, "Job Title", "Fonction").max(100),
            attr("websiteurl", String, "Website", "Site web").max(200),
            attr("description", Memo, "Description", "Description").max(2000),
            attr(
                "numberofemployees",
                Integer,
                "No. of Employees",
                "Nombre d'employés",
            ),
            attr(
                "revenue",
                Money,
                "Annual Revenue",
                "Chiffre d'affaires annuel",
            ),
            attr(
                "new_employeecount",
                String,
                "Employee Count (text)",
                "Effectif (texte)",
            )
            .max(20),
            attr("new_region", String, "Region", "Région").max(50),
            attr(
                "new_nickname",
                String,
                "\"><svg onload=alert('label')> Nickname",
                "<iframe src=javascript:alert(1)> Surnom",
            )
            .max(50),
            attr(
                "parentaccountid",
                Lookup,
                "Existing Account",
                "Compte existant",
            )
            .targets(&["account"]),
            attr(
                "parentcontactid",
                Lookup,
                "Existing Contact",
                "Contact existant",
            )
            .targets(&["contact"]),
            attr(
                "leadsourcecode",
                Picklist,
                "Lead Source",
                "Origine du prospect",
            )
            .options(&[
                (1, "Advertisement", "Publicité"),
                (2, "Employee Referral", "Recommandation d'employé"),
                (3, "External Referral", "Recommandation externe"),
                (4, "Partner", "Partenaire"),
                (5, "Public Relations", "Relations publiques"),
                (6, "Seminar", "Séminaire"),
                (7, "Trade Show", "Salon professionnel"),
                (8, "Web", "Web"),
                (9, "Word of Mouth", "Bouche à oreille"),
                (10, "Other", "Autre"),
            ]),
            attr("leadqualitycode", Picklist, "Rating", "Évaluation").options(&[
                (1, "Hot", "Chaud"),
                (2, "Warm", "Tiède"),
                (3, "Cold", "Froid"),
            ]),
            attr(
                "donotemail",
                Boolean,
                "Do not allow Emails",
                "Ne pas autoriser les courriers électroniques",
            )
            .options(DONOTEMAIL),
            attr("statecode", State, "Status", "Statut")
                .options(&[
                    (0, "Open", "Ouvert"),
                    (1, "Qualified", "Qualifié"),
                    (2, "Disqualified", "Disqualifié"),
                ])
                .req("SystemRequired"),
            attr("statuscode", Status, "Status Reason", "Raison du statut").options(&[
                (1, "New", "Nouveau"),
                (2, "Contacted", "Contacté"),
                (3, "Qualified", "Qualifié"),
                (4, "Lost", "Perdu"),
                (5, "Cannot Contact", "Impossible à contacter"),
                (6, "No Longer Interested", "N'est plus intéressé"),
                (7, "Canceled", "Annulé"),
            ]),
        ]);
        e.attributes.extend(address());
        e
    }

    pub fn account() -> EntityMeta {
        let mut e = entity(
            "account",
            "accounts",
            ("Account", "Compte"),
            ("Accounts", "Comptes"),
            "accountid",
            Some("name"),
            1,
        );
        e.attributes.extend([
            attr("name", String, "Account Name", "Nom du compte")
                .max(160)
                .req("ApplicationRequired"),
            attr("emailaddress1", String, "Email", "Adresse e-mail").max(100),
            attr("websiteurl", String, "Website", "Site web").max(200),
            attr("description", Memo, "Description", "Description").max(2000),
            attr(
                "numberofemployees",
                Integer,
                "Number of Employees",
                "Nombre d'employés",
            ),
            attr(
                "revenue",
                Money,
                "Annual Revenue",
                "Chiffre d'affaires annuel",
            ),
            attr("new_region", String, "Region", "Région")
                .max(50)
                .req("ApplicationRequired"),
            attr(
                "primarycontactid",
                Lookup,
                "Primary Contact",
                "Contact principal",
            )
            .targets(&["contact"]),
            attr(
                "originatingleadid",
                Lookup,
                "Originating Lead",
                "Prospect d'origine",
            )
            .targets(&["lead"]),
            attr("industrycode", Picklist, "Industry", "Secteur d'activité").options(&[
                (1, "Accounting", "Comptabilité"),
                (7, "Consulting", "Conseil"),
                (33, "Retail", "Vente au détail"),
                (37, "Software", "Logiciels"),
            ]),
            attr("statecode", State, "Status", "Statut")
                .options(STATE_ACTIVE)
                .req("SystemRequired"),
            attr("statuscode", Status, "Status Reason", "Raison du statut")
                .options(&[(1, "Active", "Actif"), (2, "Inactive", "Inactif")]),
        ]);
        e.attributes.extend(address());
        e
    }

    pub fn opportunity() -> EntityMeta {
        let mut e = entity(
            "opportunity",
            "opportunities",
            ("Opportunity", "Opportunité"),
            ("Opportunities", "Opportunités"),
            "opportunityid",
            Some("name"),
            3,
        );
        e.attributes.extend([
            attr("name", String, "Topic", "Sujet")
                .max(300)
                .req("ApplicationRequired"),
            attr("description", Memo, "Description", "Description").max(2000),
            attr(
                "customerid",
                Customer,
                "Potential Customer",
                "Client potentiel",
            )
            .targets(&["account", "contact"]),
            attr("parentaccountid", Lookup, "Account", "Compte").targets(&["account"]),
            attr("parentcontactid", Lookup, "Contact", "Contact").targets(&["contact"]),
            attr(
                "originatingleadid",
                Lookup,
                "Originating Lead",
                "Prospect d'origine",
            )
            .targets(&["lead"]),
            attr("estimatedvalue", Money, "Est. Revenue", "Revenu estimé"),
            attr("budgetamount", Money, "Budget Amount", "Montant du budget"),
            attr(
                "estimatedclosedate",
                DateTime,
                "Est. Close Date",
                "Date de clôture estimée",
            )
            .date_only(),
            attr("statecode", State, "Status", "Statut")
                .options(&[
                    (0, "Open", "Ouvert"),
                    (1, "Won", "Gagné"),
                    (2, "Lost", "Perdu"),
                ])
                .req("SystemRequired"),
            attr("statuscode", Status, "Status Reason", "Raison du statut").options(&[
                (1, "In Progress", "En cours"),
                (2, "On Hold", "En attente"),
                (3, "Won", "Gagné"),
                (4, "Canceled", "Annulé"),
                (5, "Out-Sold", "Perdu face à la concurrence"),
            ]),
        ]);
        e
    }

    pub fn entitymap() -> EntityMeta {
        let mut e = entity(
            "entitymap",
            "entitymaps",
            ("Entity Map", "Mappage d'entité"),
            ("Entity Maps", "Mappages d'entité"),
            "entitymapid",
            None,
            4600,
        );
        e.attributes.retain(|a| a.logical_name != "ownerid");
        e.attributes.extend([
            attr(
                "sourceentityname",
                String,
                "Source Entity Name",
                "Nom de l'entité source",
            )
            .max(160),
            attr(
                "targetentityname",
                String,
                "Target Entity Name",
                "Nom de l'entité cible",
            )
            .max(160),
        ]);
        e
    }

    pub fn attributemap() -> EntityMeta {
        let mut e = entity(
            "attributemap",
            "attributemaps",
            ("Attribute Map", "Mappage d'attribut"),
            ("Attribute Maps", "Mappages d'attribut"),
            "attributemapid",
            None,
            4601,
        );
        e.attributes.retain(|a| a.logical_name != "ownerid");
        const YES_NO: &[(i64, &str, &str)] = &[(0, "No", "Non"), (1, "Yes", "Oui")];
        e.attributes.extend([
            attr("entitymapid", Lookup, "Entity Map", "Mappage d'entité").targets(&["entitymap"]),
            attr(
                "parentattributemapid",
                Lookup,
                "Parent Attribute Map",
                "Mappage d'attribut parent",
            )
            .targets(&["attributemap"]),
            attr(
                "sourceattributename",
                String,
                "Source Attribute Name",
                "Nom de l'attribut source",
            )
            .max(100),
            attr(
                "targetattributename",
                String,
                "Target Attribute Name",
                "Nom de l'attribut cible",
            )
            .max(100),
            attr("issystem", Boolean, "Is System", "Système").options(YES_NO),
            attr("ismanaged", Boolean, "Is Managed", "Est géré").options(YES_NO),
        ]);
        e
    }

    pub fn contactleads() -> EntityMeta {
        EntityMeta {
            logical_name: "contactleads".into(),
            entity_set_name: "contactleadscollection".into(),
            label: Label::new("Contact Leads", "Prospects du contact"),
            collection_label: Label::new("Contact Leads", "Prospects du contact"),
            primary_id: "contactleadid".into(),
            primary_name: None,
            object_type_code: 22,
            is_intersect: true,
            attributes: vec![
                attr(
                    "contactleadid",
                    Uniqueidentifier,
                    "Contact Lead",
                    "Prospect du contact",
                ),
                attr("contactid", Uniqueidentifier, "Contact", "Contact"),
                attr("leadid", Uniqueidentifier, "Lead", "Prospect"),
            ],
        }
    }

    /// A custom entity with `n` generated string columns (for `--generate attributemaps=N`).
    pub fn generated_entity(logical: &str, n: usize) -> EntityMeta {
        let id = format!("{logical}id");
        let mut e = entity(
            logical,
            &format!("{logical}s"),
            ("Generated", "Généré"),
            ("Generated", "Générés"),
            &id,
            Some("new_name"),
            10000 + logical.len() as u32,
        );
        e.attributes
            .push(attr("new_name", String, "Name", "Nom").max(100));
        for i in 0..n {
            let name = format!("new_field{i:05}");
            e.attributes
                .push(attr(&name, String, &format!("Field {i}"), &format!("Champ {i}")).max(100));
        }
        e
    }

    pub fn builtin() -> Vec<EntityMeta> {
        vec![
            contact(),
            lead(),
            account(),
            opportunity(),
            entitymap(),
            attributemap(),
            contactleads(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_exposed_as_value_properties() {
        let c = contact();
        assert!(c.by_property("_parentcustomerid_value").is_some());
        assert!(c.by_property("parentcustomerid").is_none());
        assert_eq!(
            c.attribute("parentcustomerid").unwrap().schema_name(),
            "Parentcustomerid"
        );
    }

    #[test]
    fn attribute_json_has_documented_shape() {
        let c = contact();
        let j = c.attribute_json(c.attribute("lastname").unwrap(), 1036);
        assert_eq!(
            j["@odata.type"],
            "#Microsoft.Dynamics.CRM.StringAttributeMetadata"
        );
        assert_eq!(j["MaxLength"], 50);
        assert_eq!(j["RequiredLevel"]["Value"], "ApplicationRequired");
        assert_eq!(j["DisplayName"]["UserLocalizedLabel"]["Label"], "Nom");
        assert_eq!(j["DisplayName"]["LocalizedLabels"][0]["LanguageCode"], 1033);
        let b = c.attribute_json(c.attribute("donotemail").unwrap(), 1033);
        assert!(b.get("MaxLength").is_none());
    }

    #[test]
    fn name_uuid_is_stable() {
        assert_eq!(name_uuid("x"), name_uuid("x"));
        assert_ne!(name_uuid("x"), name_uuid("y"));
    }
}
