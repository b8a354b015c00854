//! The XML parts of an unmanaged Dataverse solution zip: `solution.xml`
//! (manifest and publisher), `customizations.xml` (the web resources) and
//! `[Content_Types].xml`.

use crate::naming::{web_resource_id, zip_file_name, Version};
use uuid::Uuid;

/// The web resource types LeadMap uses (Dataverse has twelve; none for wasm).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebResourceType {
    Html = 1,
    Css = 2,
    JScript = 3,
    /// String (RESX): a language's strings, `<name>.<lcid>.resx`.
    Resx = 12,
}

impl WebResourceType {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// One web resource: its unique name, label, type and content.
#[derive(Clone, Debug)]
pub struct WebResource {
    pub name: String,
    pub display_name: String,
    pub kind: WebResourceType,
    pub content: Vec<u8>,
}

impl WebResource {
    pub fn id(&self) -> Uuid {
        web_resource_id(&self.name)
    }

    /// Where the content sits in the zip (no leading slash).
    pub fn zip_path(&self) -> String {
        zip_file_name(&self.name, self.id())
    }
}

#[derive(Clone, Debug)]
pub struct Publisher {
    pub unique_name: String,
    pub display_name: String,
    /// The customization prefix, without the underscore.
    pub prefix: String,
    /// The prefix of option values (10000–99999); 10000 goes with `new`.
    pub option_value_prefix: u32,
}

#[derive(Clone, Debug)]
pub struct Solution {
    pub unique_name: String,
    pub display_name: String,
    pub description: String,
    pub version: Version,
    pub publisher: Publisher,
}

/// Escapes text for XML element content and double-quoted attributes.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The solution manifest. Every web resource is a root component (type 61).
pub fn solution_xml(solution: &Solution, resources: &[WebResource]) -> String {
    let e = xml_escape;
    let p = &solution.publisher;
    let roots: String = resources
        .iter()
        .map(|r| {
            format!(
                "      <RootComponent type=\"61\" schemaName=\"{}\" behavior=\"0\" />\n",
                e(&r.name)
            )
        })
        .collect();
    // Two empty addresses, as Dataverse exports a publisher without one.
    let address = |n: u8| {
        format!(
            "        <Address>\n          <AddressNumber>{n}</AddressNumber>\n          <AddressTypeCode>1</AddressTypeCode>\n          <ShippingMethodCode>1</ShippingMethodCode>\n        </Address>\n"
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <SolutionManifest>
    <UniqueName>{unique_name}</UniqueName>
    <LocalizedNames>
      <LocalizedName description="{display_name}" languagecode="1033" />
    </LocalizedNames>
    <Descriptions>
      <Description description="{description}" languagecode="1033" />
    </Descriptions>
    <Version>{version}</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>{p_unique}</UniqueName>
      <LocalizedNames>
        <LocalizedName description="{p_display}" languagecode="1033" />
      </LocalizedNames>
      <Descriptions />
      <EMailAddress xsi:nil="true"></EMailAddress>
      <SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>
      <CustomizationPrefix>{p_prefix}</CustomizationPrefix>
      <CustomizationOptionValuePrefix>{p_option}</CustomizationOptionValuePrefix>
      <Addresses>
{address1}{address2}      </Addresses>
    </Publisher>
    <RootComponents>
{roots}    </RootComponents>
    <MissingDependencies />
  </SolutionManifest>
</ImportExportXml>
"#,
        unique_name = e(&solution.unique_name),
        display_name = e(&solution.display_name),
        description = e(&solution.description),
        version = solution.version,
        p_unique = e(&p.unique_name),
        p_display = e(&p.display_name),
        p_prefix = e(&p.prefix),
        p_option = p.option_value_prefix,
        address1 = address(1),
        address2 = address(2),
    )
}

/// The customizations: only `WebResources` has entries.
pub fn customizations_xml(resources: &[WebResource], introduced_version: &str) -> String {
    let e = xml_escape;
    let entries: String = resources
        .iter()
        .map(|r| {
            format!(
                r#"    <WebResource>
      <WebResourceId>{{{id}}}</WebResourceId>
      <Name>{name}</Name>
      <DisplayName>{display_name}</DisplayName>
      <WebResourceType>{kind}</WebResourceType>
      <IntroducedVersion>{introduced}</IntroducedVersion>
      <IsEnabledForMobileClient>0</IsEnabledForMobileClient>
      <IsAvailableForMobileOffline>0</IsAvailableForMobileOffline>
      <IsCustomizable>1</IsCustomizable>
      <CanBeDeleted>1</CanBeDeleted>
      <IsHidden>0</IsHidden>
      <FileName>/{file}</FileName>
    </WebResource>
"#,
                id = r.id(),
                name = e(&r.name),
                display_name = e(&r.display_name),
                kind = r.kind.code(),
                introduced = e(introduced_version),
                file = e(&r.zip_path()),
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Entities />
  <Roles />
  <Workflows />
  <FieldSecurityProfiles />
  <Templates />
  <EntityMaps />
  <EntityRelationships />
  <OrganizationSettings />
  <optionsets />
  <CustomControls />
  <EntityDataProviders />
  <WebResources>
{entries}  </WebResources>
  <Languages>
    <Language>1033</Language>
  </Languages>
</ImportExportXml>
"#
    )
}

/// The Open Packaging content types: XML parts by extension, web resource
/// files (which have no extension in the zip) one by one.
pub fn content_types_xml(resources: &[WebResource]) -> String {
    let overrides: String = resources
        .iter()
        .map(|r| {
            format!(
                "<Override PartName=\"/{}\" ContentType=\"application/octet-stream\" />",
                xml_escape(&r.zip_path())
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/octet-stream\" />{overrides}</Types>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resources() -> Vec<WebResource> {
        vec![
            WebResource {
                name: "new_/leadmap/index.html".into(),
                display_name: "LeadMap <page> & \"more\"".into(),
                kind: WebResourceType::Html,
                content: b"<html></html>".to_vec(),
            },
            WebResource {
                name: "new_/leadmap/leadmap.js".into(),
                display_name: "LeadMap script".into(),
                kind: WebResourceType::JScript,
                content: b"1;".to_vec(),
            },
        ]
    }

    fn solution() -> Solution {
        Solution {
            unique_name: "LeadMap".into(),
            display_name: "LeadMap".into(),
            description: "Leads & maps".into(),
            version: Version::parse("1.0.0.0").unwrap(),
            publisher: Publisher {
                unique_name: "leadmap".into(),
                display_name: "O'Neil <Publishing>".into(),
                prefix: "new".into(),
                option_value_prefix: 10000,
            },
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            xml_escape(r#"a<b>&"c"'d'"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
    }

    #[test]
    fn manifest_names_solution_publisher_and_roots() {
        let xml = solution_xml(&solution(), &resources());
        for needle in [
            "<ImportExportXml version=\"9.2.0.0\"",
            "<SolutionManifest>",
            "<UniqueName>LeadMap</UniqueName>",
            "<LocalizedName description=\"LeadMap\" languagecode=\"1033\" />",
            "<Description description=\"Leads &amp; maps\" languagecode=\"1033\" />",
            "<Version>1.0.0.0</Version>",
            "<Managed>0</Managed>",
            "<UniqueName>leadmap</UniqueName>",
            "description=\"O&apos;Neil &lt;Publishing&gt;\"",
            "<CustomizationPrefix>new</CustomizationPrefix>",
            "<CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix>",
            "<RootComponent type=\"61\" schemaName=\"new_/leadmap/index.html\" behavior=\"0\" />",
            "<RootComponent type=\"61\" schemaName=\"new_/leadmap/leadmap.js\" behavior=\"0\" />",
        ] {
            assert!(xml.contains(needle), "solution.xml lacks {needle}\n{xml}");
        }
    }

    #[test]
    fn customizations_list_each_web_resource() {
        let rs = resources();
        let xml = customizations_xml(&rs, "1.0");
        assert_eq!(xml.matches("<WebResource>").count(), 2);
        let html = &rs[0];
        for needle in [
            format!("<WebResourceId>{{{}}}</WebResourceId>", html.id()),
            "<Name>new_/leadmap/index.html</Name>".into(),
            "<DisplayName>LeadMap &lt;page&gt; &amp; &quot;more&quot;</DisplayName>".into(),
            "<WebResourceType>1</WebResourceType>".into(),
            "<WebResourceType>3</WebResourceType>".into(),
            "<IntroducedVersion>1.0</IntroducedVersion>".into(),
            format!(
                "<FileName>/WebResources/new_leadmapindexhtml{}</FileName>",
                html.id()
            ),
        ] {
            assert!(
                xml.contains(&needle),
                "customizations.xml lacks {needle}\n{xml}"
            );
        }
    }

    #[test]
    fn content_types_cover_every_part() {
        let rs = resources();
        let xml = content_types_xml(&rs);
        assert!(xml.contains("<Default Extension=\"xml\""));
        for r in &rs {
            assert!(xml.contains(&format!("PartName=\"/{}\"", r.zip_path())));
        }
    }
}
