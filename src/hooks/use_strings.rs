//! LeadMap's words in the user's language, handed down by the app.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Strings;

/// The strings the app provides; a view rendered on its own gets English.
#[hook]
pub fn use_strings() -> Rc<Strings> {
    let provided = use_context::<Rc<Strings>>();
    let fallback = use_memo((), |_| Rc::new(Strings::english()));
    provided.unwrap_or_else(|| (*fallback).clone())
}
