//! LeadMap's own words in the user's language.
//!
//! The catalogue is the Dataverse convention for web resource strings: one
//! RESX file per language (`www/strings/leadmap.<lcid>.resx`, packaged as
//! RESX web resources `new_/leadmap/strings/leadmap.<lcid>.resx`). English
//! is built in; the user's (and the org's) language is read from its RESX
//! when LeadMap starts, so a customizer adds or corrects a language by
//! importing a RESX. A text is looked up in the user's language, then the
//! org's, then English.
//!
//! Ids are dotted (`associations.add_existing`); `{name}` marks a value;
//! counted texts have one id per plural category (`….one`, `….other`, and
//! `zero`/`two`/`few`/`many` where the language has them, as CLDR and
//! `Intl.PluralRules` name them).

mod language;
mod load;
mod resx;
mod wording;

use std::collections::HashMap;
use std::fmt::Display;
use std::rc::Rc;

pub use language::{Language, SHIPPED};
#[cfg(target_arch = "wasm32")]
pub use load::load_languages;
pub use load::{install, loaded};

/// Ids and texts of one language.
pub type Catalog = HashMap<String, String>;

/// The digest of the English RESX as shipped (`build.rs`): a kept copy
/// equal to it needs no parsing.
const ENGLISH_RESX_DIGEST: u64 = include!(concat!(env!("OUT_DIR"), "/english_digest.rs"));

/// Whether `resx_text` is the English RESX this build ships.
pub fn is_shipped_english(resx_text: &str) -> bool {
    resx_digest(resx_text) == ENGLISH_RESX_DIGEST
}

/// SipHash of the text with std's fixed keys, as `build.rs` computes it
/// (both are compiled by the same rustc, so the same std).
fn resx_digest(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// The English catalogue, built into the app: `build.rs` reads it from the
/// RESX at build time.
const ENGLISH_TABLE: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/english.rs"));

thread_local! {
    static ENGLISH: Rc<Catalog> = Rc::new(
        ENGLISH_TABLE
            .iter()
            .map(|(id, text)| ((*id).to_owned(), (*text).to_owned()))
            .collect(),
    );
}

/// The texts LeadMap shows one user, with the language's formatting rules.
#[derive(Clone, Debug)]
pub struct Strings {
    language: Language,
    /// The user's language, the org's, English: the first that has an id wins.
    catalogs: Vec<Rc<Catalog>>,
}

impl PartialEq for Strings {
    fn eq(&self, other: &Self) -> bool {
        self.language == other.language
            && self.catalogs.len() == other.catalogs.len()
            && self
                .catalogs
                .iter()
                .zip(&other.catalogs)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl Strings {
    pub fn english() -> Self {
        Self::new(Language::of(1033), Vec::new())
    }

    /// `language`'s texts from `catalogs` (most wanted first), English last.
    pub fn new(language: Language, mut catalogs: Vec<Rc<Catalog>>) -> Self {
        catalogs.push(ENGLISH.with(Rc::clone));
        Self { language, catalogs }
    }

    pub fn language(&self) -> &Language {
        &self.language
    }

    /// `ltr` or `rtl`, for the root's `dir`.
    pub fn dir(&self) -> &'static str {
        if self.language.rtl {
            "rtl"
        } else {
            "ltr"
        }
    }

    fn lookup(&self, id: &str) -> Option<&str> {
        self.catalogs
            .iter()
            .find_map(|catalog| catalog.get(id))
            .map(String::as_str)
    }

    /// The text `id`; the id itself when no catalogue has it (a visible,
    /// harmless slip rather than a blank).
    pub fn t(&self, id: &str) -> String {
        self.lookup(id).unwrap_or(id).to_owned()
    }

    /// The text `id` with its `{name}` values filled in.
    pub fn f(&self, id: &str, values: &[(&str, &dyn Display)]) -> String {
        fill(self.lookup(id).unwrap_or(id), values)
    }

    /// The counted text `id` for `count` (its plural form in this language),
    /// `{n}` the count formatted for the user's locale.
    pub fn n(&self, id: &str, count: u64, values: &[(&str, &dyn Display)]) -> String {
        let category = self.language.plural_category(count);
        let text = self
            .lookup(&format!("{id}.{category}"))
            .or_else(|| self.lookup(&format!("{id}.other")))
            .unwrap_or(id);
        let number = self.language.format_number(count);
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &number)];
        all.extend_from_slice(values);
        fill(text, &all)
    }

    /// A number formatted for the user's locale.
    pub fn number(&self, n: u64) -> String {
        self.language.format_number(n)
    }

    /// Names joined as a list in the user's language ("A, B and C").
    pub fn list(&self, items: &[String]) -> String {
        self.language.format_list(items)
    }
}

/// Replace each `{name}` in `text` with its value; unknown names stay as
/// written, so a translator's slip shows instead of vanishing.
fn fill(text: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
