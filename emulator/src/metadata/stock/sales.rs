//! account and opportunity.

use super::{address, entity, STATE_ACTIVE};
use crate::metadata::{attr, AttrType, EntityMeta};
use AttrType::*;

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
            .options(&[(1, "Active", "Actif"), (2, "Inactive", "Inactif")])
            .states(&[0, 1]),
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
        attr("statuscode", Status, "Status Reason", "Raison du statut")
            .options(&[
                (1, "In Progress", "En cours"),
                (2, "On Hold", "En attente"),
                (3, "Won", "Gagné"),
                (4, "Canceled", "Annulé"),
                (5, "Out-Sold", "Perdu face à la concurrence"),
            ])
            .states(&[0, 0, 1, 2, 2]),
    ]);
    e
}
