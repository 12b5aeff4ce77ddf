//! The widget root: loads the bootstrap data once and shows the card, or a polite
//! loading or error line in its place.

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::ArticleCard as Card;
use send_wrapper::SendWrapper;
use web_sys::AbortController;

use crate::api::{fetch_widget, LoadError};
use crate::card::ArticleCard;
use crate::config::WidgetConfig;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Card),
    Failed(LoadError),
}

#[component]
pub fn Widget(config: WidgetConfig) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let (state, set_state) = signal(Load::Loading);

    let controller = AbortController::new().ok();
    let abort_signal = controller.as_ref().map(AbortController::signal);
    spawn_local(async move {
        let loaded = match fetch_widget(&config, abort_signal.as_ref()).await {
            Ok(bootstrap) => Load::Ready(bootstrap.card),
            Err(err) => Load::Failed(err),
        };
        // The widget may have been unmounted meanwhile; then there is nothing to update.
        let _ = set_state.try_set(loaded);
    });
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });

    view! {
        <section class="newscard" aria-label=s.widget_label lang=lang.bcp47()>
            {move || match state.get() {
                Load::Ready(card) => view! { <ArticleCard card lang /> }.into_any(),
                Load::Loading => view! { <p class="status" role="status">{s.loading}</p> }.into_any(),
                Load::Failed(LoadError::NotFound) => view! { <p class="status">{s.not_found}</p> }.into_any(),
                Load::Failed(LoadError::Failed) => view! { <p class="status">{s.failed}</p> }.into_any(),
            }}
        </section>
    }
}
