use yew::prelude::*;

use crate::hooks::use_strings;

#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    pub title: AttrValue,
    pub message: AttrValue,
    /// Shown as a "Try again" button when set.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

/// A Fluent-style error message bar. Text only: messages may quote data.
#[function_component(ErrorBanner)]
pub fn error_banner(props: &ErrorBannerProps) -> Html {
    let strings = use_strings();
    let retry = props.on_retry.clone().map(|on_retry| {
        html! {
            <button type="button" class="lm-button" onclick={move |_| on_retry.emit(())}>
                { strings.t("common.try_again") }
            </button>
        }
    });
    html! {
        <div class="lm-banner lm-banner--error" role="alert">
            <span class="lm-banner__icon" aria-hidden="true">{"!"}</span>
            <div class="lm-banner__text">
                <strong class="lm-banner__title">{ props.title.clone() }</strong>
                <span class="lm-banner__message">{ props.message.clone() }</span>
            </div>
            { for retry }
        </div>
    }
}
