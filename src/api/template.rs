//! What the `InitializeFrom` function returns: the column values (and their
//! annotations) a new record would start with, by property name.
//!
//! Read into its own small type rather than `serde_json::Value`: the app needs
//! a JSON value nowhere else, and `Value` brings its ordered object map and
//! printer into the wasm (about 2 KB gzip).

use std::collections::HashMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A new record's values from `InitializeFrom`, by property name
/// (`firstname`, `firstname@OData.Community.Display.V1.FormattedValue`,
/// `parentcustomerid_account@odata.bind`, …).
pub type Template = HashMap<String, TemplateValue>;

/// One property of a [`Template`].
#[derive(Clone, Debug, PartialEq)]
pub enum TemplateValue {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(String),
    /// An object or an array: nothing a column's preview shows.
    Other,
}

impl TemplateValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for TemplateValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TemplateValueVisitor)
    }
}

struct TemplateValueVisitor;

impl<'de> Visitor<'de> for TemplateValueVisitor {
    type Value = TemplateValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Null)
    }

    fn visit_none<E>(self) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<TemplateValue, E> {
        Ok(serde_json::Number::from_f64(value).map_or(TemplateValue::Other, TemplateValue::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<TemplateValue, E> {
        Ok(TemplateValue::Text(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TemplateValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TemplateValue::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TemplateValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(TemplateValue::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::{Template, TemplateValue};

    #[test]
    fn reads_each_kind_of_json_value() -> serde_json::Result<()> {
        let template: Template = serde_json::from_str(
            r#"{"@odata.context":"ctx","a":null,"b":true,"c":-3,"d":18446744073709551615,
                "e":2.5,"f":"text","g":[1,{"x":2}],"h":{"y":[3]}}"#,
        )?;
        let number = |n: &str| serde_json::from_str::<serde_json::Number>(n);
        assert_eq!(template["a"], TemplateValue::Null);
        assert_eq!(template["b"], TemplateValue::Bool(true));
        assert_eq!(template["c"], TemplateValue::Number(number("-3")?));
        assert_eq!(
            template["d"],
            TemplateValue::Number(number("18446744073709551615")?)
        );
        assert_eq!(template["e"], TemplateValue::Number(number("2.5")?));
        assert_eq!(template["f"].as_str(), Some("text"));
        assert_eq!(template["g"], TemplateValue::Other);
        assert_eq!(template["h"], TemplateValue::Other);
        assert_eq!(template["@odata.context"].as_str(), Some("ctx"));
        Ok(())
    }

    #[test]
    fn refuses_what_is_not_json() {
        assert!(serde_json::from_str::<Template>(r#"{"a":}"#).is_err());
        assert!(serde_json::from_str::<Template>("[1]").is_err());
    }
}
