//! The app's own grid, rendered at build time (Yew's server renderer) with
//! stand-ins for a record's values, so that the page's early script can draw
//! the first rows from the early answer before the wasm has started. The
//! app then mounts over them with the same markup, live.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use yew::prelude::*;
use yew::LocalServerRenderer;

use crate::api::contactleads::DEFAULT_SORT;
use crate::api::Direction;
use crate::components::associations::grid::{Grid, GridProps, Header};
use crate::components::associations::head::{Head, HeadProps};
use crate::components::frame::{entity_label, FrameView};
use crate::hooks::associations_state::Row;
use crate::hooks::relationship::Side;
use crate::host::RecordId;
use crate::i18n::Strings;

/// Stands for the record's id in the markup.
pub const ID: RecordId = RecordId::from_u128(0xdddd_dddd_dddd_4ddd_8ddd_dddd_dddd_dddd);
/// Stands for the org's URL (`getClientUrl()`) in links.
pub const CLIENT_URL: &str = "leadmapclienturl";

/// Stands for the text of the cell of `attribute`.
pub fn cell_stand_in(attribute: &str) -> String {
    format!("leadmapcell{attribute}end")
}

/// The first view with two rows (the first one focusable, as the app draws
/// it): the script clones the second for every further record.
pub fn first_page(side: Side, writable: bool) -> String {
    let columns = side.columns();
    let row = || Row {
        id: ID,
        name: cell_stand_in(columns[0].attribute),
        cells: columns
            .iter()
            .map(|c| (c.attribute, cell_stand_in(c.attribute)))
            .collect(),
    };
    let strings = Strings::english();
    let caption = strings.t(&format!("associations.caption.{}", side.related_set()));
    let grid = GridProps {
        caption: AttrValue::from(caption),
        headers: columns
            .iter()
            .map(|c| Header {
                attribute: c.attribute,
                label: c.fallback_label.to_owned(),
            })
            .collect(),
        rows: vec![row(), row()],
        sort: (DEFAULT_SORT.to_owned(), Direction::Asc),
        busy: HashSet::new(),
        writable,
        selected: HashSet::new(),
        all_selected: false,
        row_errors: HashMap::new(),
        maps_below: false,
        record_href: Callback::from(move |id: RecordId| {
            crate::host::xrm::record_url(CLIENT_URL, side.related_entity(), &id.to_string())
        }),
        on_sort: Callback::noop(),
        on_open: Callback::noop(),
        on_remove: Callback::noop(),
        on_select: Callback::noop(),
        on_select_all: Callback::noop(),
    };
    let head = HeadProps {
        side,
        writable,
        export_working: Some(false),
        access_line: None,
        search: String::new(),
        on_add: Callback::noop(),
        on_export: Callback::noop(),
        on_search_input: Callback::noop(),
        on_search_submit: Callback::noop(),
    };
    let entity = entity_label(&strings, side.entity());
    let props = FirstPageProps { entity, head, grid };
    futures::executor::block_on(
        LocalServerRenderer::<FirstPage>::with_props(props)
            .hydratable(false)
            .render(),
    )
}

#[derive(Properties, PartialEq)]
struct FirstPageProps {
    entity: String,
    head: HeadProps,
    grid: GridProps,
}

/// What the app's first render draws for a first page that is in, in
/// English (LeadMap's strings before a user's catalogue is in), with the
/// class `lm-early` on its root.
#[function_component(FirstPage)]
fn first_page_view(props: &FirstPageProps) -> Html {
    let strings = Rc::new(Strings::english());
    html! {
        <div class="lm-root lm-early" dir={strings.dir()} lang={strings.language().tag}>
            <ContextProvider<Rc<Strings>> context={strings}>
                <FrameView entity={props.entity.clone()} online=true>
                    <section class="lm-section" aria-labelledby="lm-associations-title">
                        <Head ..props.head.clone() />
                        <Grid ..props.grid.clone() />
                    </section>
                </FrameView>
            </ContextProvider<Rc<Strings>>>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markup_has_every_stand_in_and_no_record_data() {
        for side in [Side::Contact, Side::Lead] {
            let markup = first_page(side, true);
            for column in side.columns() {
                assert!(
                    markup.contains(&cell_stand_in(column.attribute)),
                    "{markup}"
                );
            }
            assert!(markup.contains(&ID.to_string()) && markup.contains(CLIENT_URL));
            assert_eq!(markup.matches("data-row-index=").count(), 2);
            assert!(
                markup.starts_with("<div ") && markup.contains("class=\"lm-root lm-early\""),
                "{markup}"
            );
            assert!(markup.contains("type=\"checkbox\"") && markup.contains("type=\"search\""));
            assert!(!first_page(side, false).contains("type=\"checkbox\""));
        }
    }
}
