//! The customization tables the app reads mappings from.

use super::entity;
use crate::metadata::{attr, AttrType, EntityMeta};
use AttrType::*;

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
