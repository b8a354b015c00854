//! The bulk actions' bar and the removal confirmations.

use yew::prelude::*;

use crate::components::Dialog;
use crate::hooks::associations_state::BulkRemoval;
use crate::hooks::relationship::Side;
use crate::hooks::use_strings;

#[derive(Properties, PartialEq)]
pub struct SelectionBarProps {
    pub selected: usize,
    /// The bulk removal in flight, if any.
    pub bulk: Option<BulkRemoval>,
    pub on_remove: Callback<()>,
    pub on_clear: Callback<()>,
}

/// "n selected · Remove n", or the progress of the removal under way.
#[function_component(SelectionBar)]
pub fn selection_bar(props: &SelectionBarProps) -> Html {
    let strings = use_strings();
    let content = match &props.bulk {
        Some(bulk) => html! {
            <>
                <progress class="lm-progress" max={bulk.ids.len().to_string()} value={bulk.done.to_string()}></progress>
                <span role="status" aria-live="polite">{ strings.f("bulk.progress", &[
                    ("done", &strings.number(bulk.done as u64)),
                    ("total", &strings.number(bulk.ids.len() as u64)),
                ]) }</span>
            </>
        },
        None => {
            let (on_remove, on_clear) = (props.on_remove.clone(), props.on_clear.clone());
            html! {
                <>
                    <span role="status">{ strings.n("bulk.selected", props.selected as u64, &[]) }</span>
                    <button type="button" class="lm-button lm-button--danger" onclick={move |_| on_remove.emit(())}>
                        { strings.n("bulk.remove", props.selected as u64, &[]) }
                    </button>
                    <button type="button" class="lm-button" onclick={move |_| on_clear.emit(())}>{ strings.t("common.cancel") }</button>
                </>
            }
        }
    };
    html! { <div class="lm-selection-bar" role="region" aria-label={strings.t("bulk.title")}>{ content }</div> }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmRemoveProps {
    pub side: Side,
    pub name: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(ConfirmRemove)]
pub fn confirm_remove(props: &ConfirmRemoveProps) -> Html {
    let strings = use_strings();
    let set = props.side.related_set();
    let text = strings.f(&format!("remove.text.{set}"), &[("name", &props.name)]);
    html! {
        <Confirm title={strings.t("remove.title")} {text} action={strings.t("remove.confirm")}
            on_confirm={props.on_confirm.clone()} on_close={props.on_close.clone()} />
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmBulkRemoveProps {
    pub side: Side,
    pub count: usize,
    pub on_confirm: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(ConfirmBulkRemove)]
pub fn confirm_bulk_remove(props: &ConfirmBulkRemoveProps) -> Html {
    let strings = use_strings();
    let count = props.count as u64;
    let set = props.side.related_set();
    let text = strings.n(&format!("bulk.text.{set}"), count, &[]);
    html! {
        <Confirm title={strings.t("bulk.title")} {text} action={strings.n("bulk.remove", count, &[])}
            on_confirm={props.on_confirm.clone()} on_close={props.on_close.clone()} />
    }
}

#[derive(Properties, PartialEq)]
struct ConfirmProps {
    title: AttrValue,
    text: AttrValue,
    action: AttrValue,
    on_confirm: Callback<()>,
    on_close: Callback<()>,
}

#[function_component(Confirm)]
fn confirm(props: &ConfirmProps) -> Html {
    let strings = use_strings();
    let (on_confirm, on_close) = (props.on_confirm.clone(), props.on_close.clone());
    html! {
        <Dialog title={props.title.clone()} on_close={props.on_close.clone()}>
            <p class="lm-dialog__body">{ props.text.clone() }</p>
            <div class="lm-dialog__actions">
                <button type="button" class="lm-button lm-button--primary" onclick={move |_| on_confirm.emit(())}>{ props.action.clone() }</button>
                <button type="button" class="lm-button" onclick={move |_| on_close.emit(())}>{ strings.t("common.cancel") }</button>
            </div>
        </Dialog>
    }
}
