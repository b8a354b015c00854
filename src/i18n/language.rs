//! A Dataverse language (LCID) as the browser's `Intl` names it, and the
//! formatting LeadMap does itself: plural forms, numbers, lists.

/// English: built in, the last fallback.
pub const ENGLISH: u32 = 1033;

/// The languages whose catalogues ship with LeadMap.
pub const SHIPPED: [u32; 7] = [1033, 1031, 1036, 3082, 1041, 1025, 1037];

/// LCIDs of the languages Dynamics 365 ships, with their BCP 47 tags.
const TAGS: &[(u32, &str)] = &[
    (1025, "ar"),
    (1026, "bg"),
    (1027, "ca"),
    (1028, "zh-TW"),
    (1029, "cs"),
    (1030, "da"),
    (1031, "de"),
    (1032, "el"),
    (1033, "en"),
    (1035, "fi"),
    (1036, "fr"),
    (1037, "he"),
    (1038, "hu"),
    (1040, "it"),
    (1041, "ja"),
    (1042, "ko"),
    (1043, "nl"),
    (1044, "nb"),
    (1045, "pl"),
    (1046, "pt-BR"),
    (1048, "ro"),
    (1049, "ru"),
    (1050, "hr"),
    (1051, "sk"),
    (1053, "sv"),
    (1054, "th"),
    (1055, "tr"),
    (1057, "id"),
    (1058, "uk"),
    (1060, "sl"),
    (1061, "et"),
    (1062, "lv"),
    (1063, "lt"),
    (1066, "vi"),
    (1069, "eu"),
    (1081, "hi"),
    (1086, "ms"),
    (1087, "kk"),
    (1110, "gl"),
    (2052, "zh-CN"),
    (2070, "pt-PT"),
    (2074, "sr-Latn"),
    (3076, "zh-HK"),
    (3082, "es"),
    (3098, "sr-Cyrl"),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    pub lcid: u32,
    /// BCP 47, for `lang` and `Intl`.
    pub tag: &'static str,
    pub rtl: bool,
}

impl Language {
    /// The language of `lcid`; an LCID LeadMap does not know formats as English.
    pub fn of(lcid: u32) -> Self {
        let tag = TAGS
            .iter()
            .find(|(l, _)| *l == lcid)
            .map_or("en", |(_, tag)| tag);
        Self {
            lcid,
            tag,
            rtl: matches!(tag, "ar" | "he"),
        }
    }

    /// `Intl.PluralRules`' category for `n`: "one", "other", …
    pub fn plural_category(&self, n: u64) -> String {
        #[cfg(target_arch = "wasm32")]
        if !self.is_english() {
            let category = with_intl(self.tag, |intl| intl.plural_rules.select(n as f64));
            if let Some(category) = category.as_string() {
                return category;
            }
        }
        if n == 1 { "one" } else { "other" }.to_owned()
    }

    pub fn format_number(&self, n: u64) -> String {
        #[cfg(target_arch = "wasm32")]
        if !self.is_english() {
            let formatted = with_intl(self.tag, |intl| {
                intl.number_format
                    .format()
                    .call1(&intl.number_format, &(n as f64).into())
                    .ok()
            });
            if let Some(text) = formatted.and_then(|v| v.as_string()) {
                return text;
            }
        }
        grouped(n, ',')
    }

    /// English is formatted here: its rules are a few lines, and the browser's
    /// first `Intl.NumberFormat` or `Intl.ListFormat` costs ~25 ms (its locale
    /// data), which the first view would wait for.
    #[cfg(target_arch = "wasm32")]
    fn is_english(&self) -> bool {
        self.tag == "en"
    }

    /// Names joined as `Intl.ListFormat` joins them ("A, B, and C").
    pub fn format_list(&self, items: &[String]) -> String {
        #[cfg(target_arch = "wasm32")]
        if !self.is_english() {
            if let Some(text) = intl_list(self.tag, items) {
                return text;
            }
        }
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [first, second] => format!("{first} and {second}"),
            [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        }
    }
}

/// `n` with its thousands grouped: 12,345.
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(target_arch = "wasm32")]
fn locales(tag: &str) -> js_sys::Array {
    js_sys::Array::of1(&tag.into())
}

/// A language's `Intl` formatters, made once: constructing them costs far
/// more than using them.
#[cfg(target_arch = "wasm32")]
struct Intl {
    plural_rules: js_sys::Intl::PluralRules,
    number_format: js_sys::Intl::NumberFormat,
}

#[cfg(target_arch = "wasm32")]
fn with_intl<R>(tag: &'static str, use_it: impl FnOnce(&Intl) -> R) -> R {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static MADE: RefCell<HashMap<&'static str, std::rc::Rc<Intl>>> = RefCell::new(HashMap::new());
    }
    let intl = MADE.with(|made| {
        made.borrow_mut()
            .entry(tag)
            .or_insert_with(|| {
                let options = js_sys::Object::new();
                std::rc::Rc::new(Intl {
                    plural_rules: js_sys::Intl::PluralRules::new(&locales(tag), &options),
                    number_format: js_sys::Intl::NumberFormat::new(&locales(tag), &options),
                })
            })
            .clone()
    });
    use_it(&intl)
}

/// `new Intl.ListFormat(tag).format(items)` (js-sys does not bind it), the
/// formatter made once per language.
#[cfg(target_arch = "wasm32")]
fn intl_list(tag: &'static str, items: &[String]) -> Option<String> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::JsCast;
    thread_local! {
        static MADE: RefCell<HashMap<&'static str, wasm_bindgen::JsValue>> = RefCell::new(HashMap::new());
    }
    let format = MADE.with(|made| {
        if let Some(format) = made.borrow().get(tag) {
            return Some(format.clone());
        }
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"ListFormat".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let format =
            js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&tag.into())).ok()?;
        made.borrow_mut().insert(tag, format.clone());
        Some(format)
    })?;
    let list: js_sys::Array = items
        .iter()
        .map(|s| wasm_bindgen::JsValue::from_str(s))
        .collect();
    let method: js_sys::Function = js_sys::Reflect::get(&format, &"format".into())
        .ok()?
        .dyn_into()
        .ok()?;
    method.call1(&format, &list).ok()?.as_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_numbers_and_plurals_need_no_intl() {
        let english = Language::of(1033);
        assert_eq!(english.format_number(0), "0");
        assert_eq!(english.format_number(999), "999");
        assert_eq!(english.format_number(12_345), "12,345");
        assert_eq!(english.format_number(1_000_000), "1,000,000");
        assert_eq!(english.plural_category(1), "one");
        assert_eq!(english.plural_category(0), "other");
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(english.format_list(&names(&["A"])), "A");
        assert_eq!(english.format_list(&names(&["A", "B"])), "A and B");
        assert_eq!(english.format_list(&names(&["A", "B", "C"])), "A, B, and C");
        assert!(Language::of(1037).rtl && !Language::of(1031).rtl);
        assert_eq!(
            Language::of(9999).tag,
            "en",
            "an unknown LCID formats as English"
        );
    }
}
