//! contact, lead and their many-to-many intersect table.

use super::{address, entity, DONOTEMAIL, STATE_ACTIVE};
use crate::metadata::{attr, AttrMeta, AttrType, EntityMeta, Label};
use AttrType::*;

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
        attr("fullname", String, "Full Name", "Nom complet")
            .max(160)
            .computed(),
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
            .options(&[(1, "Active", "Actif"), (2, "Inactive", "Inactif")])
            .states(&[0, 1]),
    ]);
    e.attributes.extend(address());
    e.attributes.extend(phones());
    e
}

/// Columns lead and contact share that the lead → contact map leaves out.
fn phones() -> Vec<AttrMeta> {
    vec![
        attr("telephone2", String, "Home Phone", "Téléphone (domicile)").max(50),
        attr("fax", String, "Fax", "Télécopie").max(50),
    ]
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
        attr("fullname", String, "Name", "Nom").max(160).computed(),
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
        attr("statuscode", Status, "Status Reason", "Raison du statut")
            .options(&[
                (1, "New", "Nouveau"),
                (2, "Contacted", "Contacté"),
                (3, "Qualified", "Qualifié"),
                (4, "Lost", "Perdu"),
                (5, "Cannot Contact", "Impossible à contacter"),
                (6, "No Longer Interested", "N'est plus intéressé"),
                (7, "Canceled", "Annulé"),
            ])
            .states(&[0, 0, 1, 2, 2, 2, 2]),
        // Customized on lead only: "Mail" removed, "Microsoft Teams" added,
        // so the lead → contact map copies values contact does not know.
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
            (100000000, "Microsoft Teams", "Microsoft Teams"),
        ]),
    ]);
    e.attributes.extend(address());
    e.attributes.extend(phones());
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
