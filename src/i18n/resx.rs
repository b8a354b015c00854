//! Reading a RESX file: `<data name="id"><value>text</value></data>` rows.
//! In the browser with its own XML parser (`DOMParser`), natively (tests,
//! the packager's checks) with roxmltree; both read the same files.

use super::Catalog;

#[cfg(target_arch = "wasm32")]
pub fn parse(text: &str) -> Catalog {
    use web_sys::{DomParser, SupportedType};
    let mut catalog = Catalog::new();
    let Ok(parser) = DomParser::new() else {
        return catalog;
    };
    let Ok(document) = parser.parse_from_string(text, SupportedType::TextXml) else {
        return catalog;
    };
    let rows = document.get_elements_by_tag_name("data");
    for i in 0..rows.length() {
        let Some(row) = rows.item(i) else { continue };
        let Some(name) = row.get_attribute("name") else {
            continue;
        };
        let value = row.get_elements_by_tag_name("value").item(0);
        if let Some(text) = value.and_then(|v| v.text_content()) {
            catalog.insert(name, text);
        }
    }
    catalog
}

#[cfg(not(target_arch = "wasm32"))]
pub fn parse(text: &str) -> Catalog {
    let Ok(document) = roxmltree::Document::parse(text) else {
        return Catalog::new();
    };
    document
        .descendants()
        .filter(|n| n.has_tag_name("data"))
        .filter_map(|row| {
            let name = row.attribute("name")?;
            let value = row.children().find(|c| c.has_tag_name("value"))?;
            let text: String = value
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|t| t.text())
                .collect();
            Some((name.to_owned(), text))
        })
        .collect()
}
