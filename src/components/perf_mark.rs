use yew::prelude::*;

use crate::perf;

#[derive(Properties, PartialEq)]
pub struct PerfMarkProps {
    pub name: &'static str,
    /// Whether the content is there yet.
    pub when: bool,
}

/// Sets the `performance.mark` `name` (once per page) when it renders with
/// `when`, and renders nothing. Keep it mounted and flip `when`: it is cheap.
///
/// Yew renders a component only after its parent's DOM is in the document,
/// and sibling components in the order they were created; so placed after
/// the content it marks (plain elements, or sibling components without
/// children of their own) it sets the mark once that content is in the DOM.
/// An effect could come a frame later: once a render pass has run for 16 ms,
/// Yew yields to the browser before it runs effects.
///
/// Put it last among its siblings: Yew 0.23 can lose the place of a sibling
/// that follows a component rendering nothing ("failed to insert node before
/// next sibling" when that sibling is replaced).
#[function_component(PerfMark)]
pub fn perf_mark(props: &PerfMarkProps) -> Html {
    if props.when {
        perf::mark_once(props.name);
    }
    Html::default()
}
