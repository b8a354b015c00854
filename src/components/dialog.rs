use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub title: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Children,
}

const FOCUSABLE: &str =
    "button:not([disabled]), input:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// A modal dialog: focus moves in, stays in (Tab wraps), Escape closes, and
/// focus returns to where it was when the dialog goes away.
#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with((), move |_| {
            let previous = active_element();
            if let Some(first) = focusables(&panel).first() {
                let _ = first.focus();
            }
            move || {
                if let Some(previous) = previous {
                    let _ = previous.focus();
                }
            }
        });
    }
    let onkeydown = {
        let (panel, on_close) = (panel.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                on_close.emit(());
            }
            "Tab" => {
                let items = focusables(&panel);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    return;
                };
                let active = active_element();
                if e.shift_key() && active.as_ref() == Some(first) {
                    e.prevent_default();
                    let _ = last.focus();
                } else if !e.shift_key() && active.as_ref() == Some(last) {
                    e.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        })
    };
    html! {
        <div class="lm-dialog-backdrop">
            <div class="lm-dialog" role="dialog" aria-modal="true" aria-labelledby="lm-dialog-title" ref={panel} {onkeydown}>
                <h3 class="lm-dialog__title" id="lm-dialog-title">{ props.title.clone() }</h3>
                { props.children.clone() }
            </div>
        </div>
    }
}

fn active_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into()
        .ok()
}

fn focusables(panel: &NodeRef) -> Vec<HtmlElement> {
    let Some(panel) = panel.cast::<HtmlElement>() else {
        return Vec::new();
    };
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}
