use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SkeletonProps {
    #[prop_or(5)]
    pub rows: usize,
    #[prop_or(4)]
    pub columns: usize,
}

/// Grey placeholder rows while the first page loads.
#[function_component(Skeleton)]
pub fn skeleton(props: &SkeletonProps) -> Html {
    html! {
        <div class="lm-skeleton" aria-busy="true" aria-label="Loading">
            { for (0..props.rows).map(|_| html! {
                <div class="lm-skeleton__row">
                    { for (0..props.columns).map(|_| html! { <span class="lm-skeleton__cell"></span> }) }
                </div>
            }) }
        </div>
    }
}
