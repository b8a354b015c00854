//! The stock (and a few custom) tables of a Sales org.

mod customization;
mod people;
mod sales;

pub use customization::{attributemap, entitymap};
pub use people::{contact, contactleads, lead};
pub use sales::{account, opportunity};

use super::{attr, AttrMeta, AttrType, EntityMeta, Label};
use AttrType::*;

const STATE_ACTIVE: &[(i64, &str, &str)] = &[(0, "Active", "Actif"), (1, "Inactive", "Inactif")];
const DONOTEMAIL: &[(i64, &str, &str)] = &[
    (0, "Allow", "Autoriser"),
    (1, "Do Not Allow", "Ne pas autoriser"),
];

fn common(primary_id: &str) -> Vec<AttrMeta> {
    vec![
        attr(primary_id, Uniqueidentifier, "Id", "Id").req("SystemRequired"),
        attr("createdon", DateTime, "Created On", "Créé le").computed(),
        attr("modifiedon", DateTime, "Modified On", "Modifié le").computed(),
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
