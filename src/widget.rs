//! The article widget: loads everything in one request, then shows the parts
//! its `sections` ask for (card, share bar, reaction bar, related reading), or
//! a polite loading or error line in their place, and tells the host page
//! (`newscard:ready` or `newscard:error`). When the server has no record of the
//! article and the article is the host page itself, the card comes from the
//! page's own metadata (`page_meta`), with the share bar only.

use leptos::html::Section;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::WidgetBootstrap;

use crate::api::{abort_on_cleanup, fetch_widget, LoadError};
use crate::card::ArticleCard;
use crate::config::WidgetConfig;
use crate::events::{emit, emit_error, READY};
use crate::page_meta;
use crate::reaction_bar::ReactionBar;
use crate::reader;
use crate::related::RelatedList;
use crate::share::services::services;
use crate::share::ShareBar;
use crate::show_once::{current_owner, show_once};

/// The bootstrap, and whether the server knows the article (else it was built
/// from the host page: no reactions or related reading).
type Loaded = (WidgetBootstrap, bool);

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

/// The parts the widget's `sections` ask for, filled from the bootstrap.
fn parts(config: &WidgetConfig, (bootstrap, known): Loaded) -> impl IntoView {
    let WidgetBootstrap {
        card,
        reaction_kinds,
        reactions,
        share,
        related,
    } = bootstrap;
    let (lang, sections) = (config.lang, config.sections);
    let share = services(&config.share, &share, lang);
    let (url, title, summary) = (card.url.clone(), card.title.clone(), card.summary.clone());
    let kinds = config.shown_reactions(reaction_kinds);
    view! {
        {sections.card.then(|| view! { <ArticleCard card lang /> })}
        {sections.share.then(|| {
            view! { <ShareBar config=config.clone() url title summary services=share /> }
        })}
        {(known && sections.reactions).then(|| {
            view! { <ReactionBar config=config.clone() kinds initial=reactions /> }
        })}
        {(known && sections.related).then(|| {
            view! { <RelatedList config=config.clone() first=related /> }
        })}
    }
}

#[component]
pub fn Widget(config: WidgetConfig) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let status = RwSignal::new(Some(s.loading));
    let section = NodeRef::<Section>::new();
    // The parts are built once, when the bootstrap arrives (`show_once`).
    let owner = current_owner();

    let signal = abort_on_cleanup();
    spawn_local(async move {
        let reader = reader::existing();
        let loaded = match fetch_widget(&config, reader.as_deref(), signal.as_ref()).await {
            Ok(bootstrap) => Ok((bootstrap, true)),
            Err(LoadError::NotFound) => from_page(&config.article)
                .map(|b| (b, false))
                .ok_or(LoadError::NotFound),
            Err(err) => Err(err),
        };
        // Unmounted meanwhile: nothing to show or tell.
        let (Some(owner), Some(section)) = (owner, section.try_get_untracked().flatten()) else {
            return;
        };
        match loaded {
            Ok(loaded) => {
                status.try_set(None);
                show_once(&owner, &section, || parts(&config, loaded));
                emit(&config, READY, &[]);
            }
            Err(err) => {
                let (text, code) = match err {
                    LoadError::NotFound => (s.not_found, "article_not_found"),
                    LoadError::Failed => (s.failed, "load_failed"),
                };
                status.try_set(Some(text));
                emit_error(&config, code);
            }
        }
    });

    view! {
        <section class="newscard" part="widget" aria-label=s.widget_label lang=lang.bcp47() node_ref=section>
            <p class="status" role="status">{move || status.get()}</p>
        </section>
    }
}
