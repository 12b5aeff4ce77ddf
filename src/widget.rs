//! The article widget: loads everything in one request, then shows the card,
//! the share bar, the reaction bar and related reading, or a polite loading or
//! error line in their place. When the server has no record of the article and
//! the article is the host page itself, the card comes from the page's own
//! metadata (`page_meta`), with the share bar only.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::WidgetBootstrap;

use crate::api::{abort_on_cleanup, fetch_widget, LoadError};
use crate::card::ArticleCard;
use crate::config::WidgetConfig;
use crate::page_meta;
use crate::reaction_bar::ReactionBar;
use crate::reader;
use crate::related::RelatedList;
use crate::share::services::services;
use crate::share::ShareBar;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    /// The bootstrap, and whether the server knows the article (else it was
    /// built from the host page, and there are no reactions or related reading).
    Ready(Box<WidgetBootstrap>, bool),
    Failed(LoadError),
}

/// The card the host page describes, if the widget's article is the page itself.
fn from_page(article: &str) -> Option<WidgetBootstrap> {
    let doc = document();
    if !page_meta::is_page_url(&doc, article) {
        return None;
    }
    Some(WidgetBootstrap {
        card: page_meta::card(&doc, article)?,
        reaction_kinds: Vec::new(),
        reactions: Default::default(),
        share: Vec::new(),
        related: Default::default(),
    })
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
                Ok(bootstrap) => Load::Ready(Box::new(bootstrap), true),
                Err(LoadError::NotFound) => match from_page(&config.article) {
                    Some(bootstrap) => Load::Ready(Box::new(bootstrap), false),
                    None => Load::Failed(LoadError::NotFound),
                },
                Err(err) => Load::Failed(err),
            };
            // The widget may have been unmounted meanwhile; then there is nothing to update.
            let _ = set_state.try_set(loaded);
        });
    }

    // One view for every status line: each distinct view type costs wasm.
    let status = |role: Option<&'static str>, text: &'static str| {
        Either::Right(view! { <p class="status" role=role>{text}</p> })
    };
    view! {
        <section class="newscard" aria-label=s.widget_label lang=lang.bcp47()>
            {move || match state.get() {
                Load::Ready(bootstrap, known) => {
                    let WidgetBootstrap { card, reaction_kinds, reactions, share, related } = *bootstrap;
                    let share = services(&config.share, &share, lang);
                    let (url, title, summary) = (card.url.clone(), card.title.clone(), card.summary.clone());
                    let reactions = known.then(|| {
                        view! { <ReactionBar config=config.clone() kinds=reaction_kinds initial=reactions /> }
                    });
                    let related = (known && !related.items.is_empty())
                        .then(|| view! { <RelatedList config=config.clone() first=related /> });
                    Either::Left(view! {
                        <ArticleCard card lang />
                        <ShareBar config=config.clone() url title summary services=share />
                        {reactions}
                        {related}
                    })
                }
                Load::Loading => status(Some("status"), s.loading),
                Load::Failed(LoadError::NotFound) => status(None, s.not_found),
                Load::Failed(LoadError::Failed) => status(None, s.failed),
            }}
        </section>
    }
}
