//! The records LeadMap reads, as the seeds and the Web API describe them.
//! Formatted values come from `Prefer: odata.include-annotations="*"`.

use serde::Deserialize;

use crate::host::RecordId;

/// A row of a collection answer: `{"@odata.context", "@odata.count"?, "value": [...], "@odata.nextLink"?}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Collection<T> {
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.count", default)]
    pub count: Option<u64>,
}

/// A lead as the ContactLeads view shows it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Lead {
    pub leadid: RecordId,
    pub fullname: Option<String>,
    pub companyname: Option<String>,
    pub emailaddress1: Option<String>,
    pub statuscode: Option<i64>,
    #[serde(rename = "statuscode@OData.Community.Display.V1.FormattedValue")]
    pub statuscode_formatted: Option<String>,
    pub createdon: Option<String>,
    #[serde(rename = "createdon@OData.Community.Display.V1.FormattedValue")]
    pub createdon_formatted: Option<String>,
}

/// A contact as the ContactLeads view shows it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Contact {
    pub contactid: RecordId,
    pub fullname: Option<String>,
    pub emailaddress1: Option<String>,
    pub telephone1: Option<String>,
    #[serde(rename = "_parentcustomerid_value")]
    pub parentcustomerid: Option<RecordId>,
    #[serde(rename = "_parentcustomerid_value@OData.Community.Display.V1.FormattedValue")]
    pub parentcustomerid_formatted: Option<String>,
}

/// An `entitymap`: how a new `target` record is pre-filled from a `source` one.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct EntityMap {
    pub entitymapid: RecordId,
    pub sourceentityname: String,
    pub targetentityname: String,
    #[serde(default)]
    pub entity_map_attribute_maps: Vec<AttributeMap>,
}

/// An `attributemap` of an entity map: source column → target column.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct AttributeMap {
    pub attributemapid: RecordId,
    pub sourceattributename: String,
    pub targetattributename: String,
    /// Stock (system) mapping rather than one a customizer added.
    #[serde(default)]
    pub issystem: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_documented_collection_with_annotations() -> serde_json::Result<()> {
        let body = r#"{
          "@odata.context":"https://org.crm.dynamics.com/api/data/v9.2/$metadata#leads(fullname,statuscode,createdon)",
          "@odata.count":61,
          "value":[{"@odata.etag":"W/\"1\"","leadid":"3F2504E0-4F89-11D3-9A0C-0305E82C3301","fullname":"Zoë O'Brien",
            "companyname":null,"emailaddress1":"zoe@example.com","statuscode":1,
            "statuscode@OData.Community.Display.V1.FormattedValue":"New",
            "createdon":"2026-01-02T03:04:05Z","createdon@OData.Community.Display.V1.FormattedValue":"1/2/2026 3:04 AM"}],
          "@odata.nextLink":"https://org.crm.dynamics.com/api/data/v9.2/leads?$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E"
        }"#;
        let page: Collection<Lead> = serde_json::from_str(body)?;
        assert_eq!(page.count, Some(61));
        assert_eq!(
            page.value[0].leadid.to_string(),
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
        );
        assert_eq!(page.value[0].statuscode_formatted.as_deref(), Some("New"));
        assert!(page.next_link.is_some_and(|l| l.contains("$skiptoken")));
        Ok(())
    }

    #[test]
    fn expands_attribute_maps_into_an_entity_map() -> serde_json::Result<()> {
        let body = r#"{"entitymapid":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","sourceentityname":"lead","targetentityname":"contact",
          "entity_map_attribute_maps":[{"attributemapid":"3f2504e0-4f89-11d3-9a0c-0305e82c3302",
          "sourceattributename":"firstname","targetattributename":"firstname","issystem":true}]}"#;
        let map: EntityMap = serde_json::from_str(body)?;
        assert_eq!(
            map.entity_map_attribute_maps[0].targetattributename,
            "firstname"
        );
        Ok(())
    }

    #[test]
    fn a_bad_id_in_data_is_a_decode_error_not_a_panic() {
        let body = r#"{"value":[{"leadid":"<script>","fullname":"x"}]}"#;
        assert!(serde_json::from_str::<Collection<Lead>>(body).is_err());
    }
}

/// `WhoAmI()`'s answer.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct WhoAmI {
    #[serde(rename = "UserId")]
    pub user_id: RecordId,
}

/// `RetrieveUserPrivileges()`'s answer: what the user's roles allow.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct UserPrivileges {
    #[serde(rename = "RolePrivileges", default)]
    pub role_privileges: Vec<RolePrivilege>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct RolePrivilege {
    #[serde(rename = "PrivilegeName")]
    pub privilege_name: String,
}
