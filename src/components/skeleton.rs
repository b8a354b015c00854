use std::time::Duration;

use yew::prelude::*;

use crate::hooks::{use_after, use_strings};

/// After this long a loading view says that the service is slow.
const SLOW: Duration = Duration::from_secs(5);

/// The placeholder rows: the app's loading views, and the page's boot
/// placeholder in `index.html`, which a test holds to these rows.
fn rows(rows: usize, columns: usize) -> Html {
    html! {
        { for (0..rows).map(|_| html! {
            <div class="lm-skeleton__row">
                { for (0..columns).map(|_| html! { <span class="lm-skeleton__cell"></span> }) }
            </div>
        }) }
    }
}

#[derive(Properties, PartialEq)]
pub struct SkeletonProps {
    #[prop_or(5)]
    pub rows: usize,
    #[prop_or(4)]
    pub columns: usize,
    /// What is loading, for the "slow" line ("the leads"), in the user's language.
    pub what: AttrValue,
}

/// Grey placeholder rows while a view loads; after a few seconds, a line
/// that says the service is slow and LeadMap is still trying.
#[function_component(Skeleton)]
pub fn skeleton(props: &SkeletonProps) -> Html {
    // The first view's wait began when the form opened the page, not when the app started.
    let since_open = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now());
    let wait = match SLOW.as_secs_f64() * 1000.0 - since_open {
        left if left > 0.0 => Duration::from_millis(left as u64),
        _ => SLOW,
    };
    let slow = use_after(wait);
    let strings = use_strings();
    html! {
        <>
            <div class="lm-skeleton" aria-busy="true" aria-label={strings.t("common.loading")}>
                { rows(props.rows, props.columns) }
            </div>
            if slow {
                <p class="lm-muted lm-slow" role="status">
                    { strings.f("skeleton.slow", &[("what", &props.what)]) }
                </p>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    /// The page's boot placeholder (`index.html`): this many rows of cells,
    /// drawn as [`super::rows`] draws them.
    const BOOT_ROWS: usize = 5;
    const BOOT_COLUMNS: usize = 4;

    #[test]
    fn the_boot_placeholder_has_the_skeleton_rows() {
        let cells = "<span class=\"lm-skeleton__cell\"></span>".repeat(BOOT_COLUMNS);
        let row = format!("<div class=\"lm-skeleton__row\">{cells}</div>");
        let boot = format!(
            "<div class=\"lm-skeleton\" aria-hidden=\"true\">{}</div>",
            row.repeat(BOOT_ROWS)
        );
        let page = include_str!("../../index.html");
        assert!(
            page.contains(&boot),
            "index.html's boot rows differ from the skeleton's"
        );
    }
}
