//! The in-memory organization: tables of records plus the contact↔lead
//! many-to-many relationship (`contactleads_association`).

use crate::errors::{ApiError, ApiResult};
use crate::metadata::EntityMeta;
use crate::odata::engine::Row;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Record {
    pub id: Uuid,
    /// The row version behind `@odata.etag`.
    pub version: u64,
    /// Values keyed by Web API property name (lookups as `_name_value`).
    pub fields: Row,
    /// For each lookup property, the logical name of the referenced table.
    pub lookups: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub meta: EntityMeta,
    pub records: Vec<Record>,
    index: HashMap<Uuid, usize>,
}

impl Table {
    pub fn new(meta: EntityMeta) -> Self {
        Table {
            meta,
            records: Vec::new(),
            index: HashMap::new(),
        }
    }

    pub fn get(&self, id: Uuid) -> Option<&Record> {
        self.index.get(&id).map(|&i| &self.records[i])
    }
}

/// One row of the `contactleads` intersect table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    pub id: Uuid,
    pub contact: Uuid,
    pub lead: Uuid,
}

/// The contact↔lead relationship with an index on each side.
#[derive(Debug, Clone, Default)]
pub struct Links {
    associations: Vec<Association>,
    by_contact: HashMap<Uuid, Vec<Uuid>>,
    by_lead: HashMap<Uuid, Vec<Uuid>>,
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    tables: BTreeMap<String, Table>,
    links: Links,
    next_version: u64,
}

impl Store {
    pub fn new(metas: Vec<EntityMeta>) -> Self {
        let mut store = Store {
            next_version: 1_000_000,
            ..Default::default()
        };
        for m in metas {
            store.add_table(m);
        }
        store
    }

    pub fn add_table(&mut self, meta: EntityMeta) {
        self.tables
            .insert(meta.logical_name.clone(), Table::new(meta));
    }

    pub fn table(&self, logical_name: &str) -> Option<&Table> {
        self.tables.get(logical_name)
    }

    pub fn table_by_set(&self, entity_set: &str) -> Option<&Table> {
        self.tables
            .values()
            .find(|t| t.meta.entity_set_name == entity_set)
    }

    pub fn metas(&self) -> impl Iterator<Item = &EntityMeta> {
        self.tables.values().map(|t| &t.meta)
    }

    pub fn get(&self, logical_name: &str, id: Uuid) -> Option<&Record> {
        self.table(logical_name)?.get(id)
    }

    /// Inserts a record; `fields` use property names, `lookups` maps a lookup
    /// property to `(target table, id)`.
    pub fn insert(
        &mut self,
        logical_name: &str,
        id: Uuid,
        mut fields: Row,
        lookups: &[(&str, &str, Uuid)],
    ) {
        let version = self.next_version;
        self.next_version += 1;
        let table = self
            .tables
            .get_mut(logical_name)
            .unwrap_or_else(|| panic!("no table {logical_name}"));
        let mut lookup_targets = HashMap::new();
        for (property, target, target_id) in lookups {
            fields.insert(property.to_string(), Value::String(target_id.to_string()));
            lookup_targets.insert(property.to_string(), target.to_string());
        }
        fields.insert(table.meta.primary_id.clone(), Value::String(id.to_string()));
        for a in &table.meta.attributes {
            fields.entry(a.property_name()).or_insert(Value::Null);
        }
        table.index.insert(id, table.records.len());
        table.records.push(Record {
            id,
            version,
            fields,
            lookups: lookup_targets,
        });
    }

    /// The primary name of a record, used for lookup formatted values.
    pub fn primary_name(&self, logical_name: &str, id: Uuid) -> Option<String> {
        let table = self.table(logical_name)?;
        let name_attr = table.meta.primary_name.as_ref()?;
        table
            .get(id)?
            .fields
            .get(name_attr)?
            .as_str()
            .map(str::to_string)
    }

    pub fn associations(&self) -> &[Association] {
        &self.links.associations
    }

    /// A copy of the relationship, to undo a failed `$batch` change set.
    pub fn links(&self) -> Links {
        self.links.clone()
    }

    pub fn restore_links(&mut self, links: Links) {
        self.links = links;
    }

    pub fn leads_of(&self, contact: Uuid) -> &[Uuid] {
        self.links
            .by_contact
            .get(&contact)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn contacts_of(&self, lead: Uuid) -> &[Uuid] {
        self.links
            .by_lead
            .get(&lead)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Adds the association; a duplicate is Dataverse's duplicate-key error.
    pub fn associate(&mut self, contact: Uuid, lead: Uuid) -> ApiResult<()> {
        if self.get("contact", contact).is_none() {
            return Err(ApiError::record_not_found("contact", &contact.to_string()));
        }
        if self.get("lead", lead).is_none() {
            return Err(ApiError::record_not_found("lead", &lead.to_string()));
        }
        if self.leads_of(contact).contains(&lead) {
            return Err(ApiError::duplicate_key());
        }
        let id = crate::metadata::name_uuid(&format!("contactleads/{contact}/{lead}"));
        let links = &mut self.links;
        links.associations.push(Association { id, contact, lead });
        links.by_contact.entry(contact).or_default().push(lead);
        links.by_lead.entry(lead).or_default().push(contact);
        Ok(())
    }

    /// Removes the association. Dataverse answers 204 even when the two
    /// records exist but were not associated.
    pub fn disassociate(&mut self, contact: Uuid, lead: Uuid) -> ApiResult<()> {
        if self.get("contact", contact).is_none() {
            return Err(ApiError::record_not_found("contact", &contact.to_string()));
        }
        if self.get("lead", lead).is_none() {
            return Err(ApiError::record_not_found("lead", &lead.to_string()));
        }
        let links = &mut self.links;
        links
            .associations
            .retain(|a| !(a.contact == contact && a.lead == lead));
        if let Some(v) = links.by_contact.get_mut(&contact) {
            v.retain(|l| *l != lead);
        }
        if let Some(v) = links.by_lead.get_mut(&lead) {
            v.retain(|c| *c != contact);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata;
    use serde_json::json;

    fn store() -> (Store, Uuid, Uuid) {
        let mut s = Store::new(metadata::builtin());
        let (c, l) = (Uuid::from_u128(1), Uuid::from_u128(2));
        s.insert(
            "contact",
            c,
            json!({"fullname": "A"}).as_object().unwrap().clone(),
            &[],
        );
        s.insert(
            "lead",
            l,
            json!({"fullname": "B"}).as_object().unwrap().clone(),
            &[],
        );
        (s, c, l)
    }

    #[test]
    fn associate_is_visible_both_ways_and_rejects_duplicates() {
        let (mut s, c, l) = store();
        s.associate(c, l).unwrap();
        assert_eq!(s.leads_of(c), &[l]);
        assert_eq!(s.contacts_of(l), &[c]);
        assert_eq!(s.associate(c, l).unwrap_err().status, 412);
        s.disassociate(c, l).unwrap();
        assert!(s.leads_of(c).is_empty());
        assert_eq!(s.associate(c, Uuid::from_u128(9)).unwrap_err().status, 404);
    }

    #[test]
    fn insert_fills_missing_columns_with_null() {
        let (s, c, _) = store();
        let r = s.get("contact", c).unwrap();
        assert_eq!(r.fields["emailaddress1"], Value::Null);
        assert_eq!(r.fields["contactid"], json!(c.to_string()));
        assert_eq!(s.primary_name("contact", c).as_deref(), Some("A"));
    }
}
