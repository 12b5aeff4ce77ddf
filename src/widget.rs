//! The article widget: loads everything in one request, then shows the card and
//! the reaction bar, or a polite loading or error line in their place.

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::WidgetBootstrap;

use crate::api::{abort_on_cleanup, fetch_widget, LoadError};
use crate::card::ArticleCard;
use crate::config::WidgetConfig;
use crate::reaction_bar::ReactionBar;
use crate::reader;
use crate::share::services::services;
use crate::share::ShareBar;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Ready(Box<WidgetBootstrap>),
    Failed(LoadError),
}

#[component]
pub fn Widget(config: WidgetConfig) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let (state, set_state) = signal(Load::Loading);

    let signal = abort_on_cleanup();
    {
        let config = config.clone();
        spawn_local(async move {
            let reader = reader::existing();
            let loaded = match fetch_widget(&config, reader.as_deref(), signal.as_ref()).await {
                Ok(bootstrap) => Load::Ready(Box::new(bootstrap)),
                Err(err) => Load::Failed(err),
            };
            // The widget may have been unmounted meanwhile; then there is nothing to update.
            let _ = set_state.try_set(loaded);
        });
    }

    view! {
        <section class="newscard" aria-label=s.widget_label lang=lang.bcp47()>
            {move || match state.get() {
                Load::Ready(bootstrap) => {
                    let WidgetBootstrap { card, reaction_kinds, reactions, share } = *bootstrap;
                    let share = services(&config.share, &share, lang);
                    let (url, title, summary) = (card.url.clone(), card.title.clone(), card.summary.clone());
                    view! {
                        <ArticleCard card lang />
                        <ShareBar config=config.clone() url title summary services=share />
                        <ReactionBar config=config.clone() kinds=reaction_kinds initial=reactions />
                    }
                    .into_any()
                }
                Load::Loading => view! { <p class="status" role="status">{s.loading}</p> }.into_any(),
                Load::Failed(LoadError::NotFound) => view! { <p class="status">{s.not_found}</p> }.into_any(),
                Load::Failed(LoadError::Failed) => view! { <p class="status">{s.failed}</p> }.into_any(),
            }}
        </section>
    }
}
