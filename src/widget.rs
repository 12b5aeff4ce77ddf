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
use web_sys::Node;

use crate::api::{send_widget_request, widget_answer, LoadError};
use crate::card::article_card;
use crate::config::WidgetConfig;
use crate::dom::say;
use crate::events::{emit, emit_error, READY};
use crate::owner;
use crate::page_meta;
use crate::reaction_bar::reaction_bar;
use crate::reader;
use crate::related::related_list;
use crate::share::services::{services, Shared};
use crate::share::share_bar;

/// The bootstrap, and whether the server knows the article (else it was built
/// from the host page: no reactions or related reading).
type Loaded = (WidgetBootstrap, bool);

/// The card the host page describes, if the widget's article is the page itself.
fn from_page(article: &str) -> Option<WidgetBootstrap> {
    let doc = document();
    if !cfg!(feature = "page-meta") || !page_meta::is_page_url(&doc, article) {
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

/// Appends the parts the widget's `sections` ask for (and the build has: see
/// the crate's features), filled from the bootstrap.
fn parts(parent: &Node, config: &WidgetConfig, (bootstrap, known): Loaded) {
    let WidgetBootstrap {
        card,
        reaction_kinds,
        reactions,
        share,
        related,
    } = bootstrap;
    let (lang, sections) = (config.lang, config.sections);
    if sections.card {
        article_card(parent, &card, lang);
    }
    if sections.share && cfg!(feature = "share") {
        let shared = Shared {
            url: &card.url,
            title: &card.title,
            summary: &card.summary,
        };
        share_bar(
            parent,
            config.clone(),
            shared,
            services(&config.share, &share, lang),
        );
    }
    if known && sections.reactions && cfg!(feature = "reactions") {
        reaction_bar(
            parent,
            config.clone(),
            config.shown_reactions(reaction_kinds),
            reactions,
        );
    }
    if known && sections.related && cfg!(feature = "related") {
        related_list(parent, config.clone(), related);
    }
}

#[component]
pub fn Widget(config: WidgetConfig) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let section = NodeRef::<Section>::new();
    let owner = owner::current();

    let sent = send_widget_request(&config, reader::existing().as_deref());
    spawn_local(async move {
        let loaded = match widget_answer(sent).await {
            Ok(bootstrap) => Ok((bootstrap, true)),
            Err(LoadError::NotFound) => from_page(&config.article)
                .map(|b| (b, false))
                .ok_or(LoadError::NotFound),
            Err(err) => Err(err),
        };
        // Unmounted meanwhile: nothing to show or tell.
        let Some(section) = section.try_get_untracked().flatten() else {
            return;
        };
        let status = section.first_element_child();
        match loaded {
            Ok(loaded) => {
                say(status.as_ref(), "");
                if owner::build_in(&owner, || parts(&section, &config, loaded)) {
                    emit(&config, READY, &[]);
                }
            }
            Err(err) => {
                let (text, code) = match err {
                    LoadError::NotFound => (s.not_found, "article_not_found"),
                    LoadError::Failed => (s.failed, "load_failed"),
                };
                say(status.as_ref(), text);
                emit_error(&config, code);
            }
        }
    });

    view! {
        <section class="newscard" part="widget" aria-label=s.widget_label lang=lang.bcp47() node_ref=section>
            <p class="status" role="status">{s.loading}</p>
        </section>
    }
}
