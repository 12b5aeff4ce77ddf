//! The article widget: loads everything in one request, then shows the parts
//! its `sections` ask for (card, share bar, reaction bar, related reading), or
//! a polite loading or error line in their place, and tells the host page
//! (`newscard:ready` or `newscard:error`). A new `article` loads in place.
//! When the server has no record of the article and the article is the host
//! page itself, the card comes from the page's own metadata (`page_meta`), with
//! the share bar only.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Promise;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::WidgetBootstrap;
use send_wrapper::SendWrapper;
use web_sys::{AbortController, AbortSignal};

use crate::api::{
    abort_on_cleanup, abort_with_cleanup, bootstrap_answer, fetch_bootstrap, LoadError,
};
use crate::card::{page_meta, ArticleCardView};
use crate::config::{shown_reactions, Sections};
use crate::context::{use_widget, WidgetContext};
use crate::events::{emit, emit_error, READY};
use crate::i18n::{text, Lang};
use crate::reactions::ReactionBarView;
use crate::reader;
use crate::related::RelatedReadingView;
use crate::share::services::services;
use crate::share::ShareBarView;

/// The loader's bootstrap request, sent beside the wasm: the article it asks
/// about, the `fetch`, and the controller that aborts it. The widget takes its
/// answer for that article instead of asking again. Provided around `NewsCard`
/// by `mount`.
#[derive(Clone)]
pub struct Prefetched(pub SendWrapper<(String, Promise, AbortController)>);

/// The bootstrap of `article`, and whether the server knows the article (else
/// it was built from the host page: no reactions or related reading).
#[derive(Clone)]
struct Loaded {
    article: String,
    bootstrap: WidgetBootstrap,
    known: bool,
}

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

async fn load(
    widget: &WidgetContext,
    article: &str,
    prefetched: Option<Promise>,
    signal: Option<&AbortSignal>,
) -> Result<Loaded, LoadError> {
    let answer = match prefetched {
        Some(sent) => bootstrap_answer(sent).await,
        None => fetch_bootstrap(widget, article, reader::existing().as_deref(), signal).await,
    };
    let loaded = |bootstrap, known| Loaded {
        article: article.to_owned(),
        bootstrap,
        known,
    };
    match answer {
        Ok(bootstrap) => Ok(loaded(bootstrap, true)),
        Err(LoadError::NotFound) => from_page(article)
            .map(|bootstrap| loaded(bootstrap, false))
            .ok_or(LoadError::NotFound),
        Err(err) => Err(err),
    }
}

/// The whole article widget: card, share bar, mood bar and related reading,
/// loaded from the newscard server in one request.
///
/// ```no_run
/// use leptos::prelude::*;
/// use newscard::NewsCard;
///
/// let article = RwSignal::new("https://news.example/2025/03/25/tech-abroad".to_string());
/// view! { <NewsCard api="https://widgets.example" site="demo" article /> };
/// ```
#[component]
pub fn NewsCard(
    /// Origin of the newscard server, e.g. `https://widgets.example`.
    #[prop(into)]
    api: String,
    /// The site's id on that server.
    #[prop(into)]
    site: String,
    /// The article's canonical URL; a new one loads in place.
    #[prop(into)]
    article: Signal<String>,
    /// The reader's language as a BCP 47 tag, e.g. `zh-CN` (`zh*` is Chinese,
    /// anything else English, the default).
    #[prop(into, optional)]
    lang: Signal<String>,
    /// Which parts to show, comma-separated, e.g. `card,share` (all by default).
    #[prop(into, optional)]
    sections: Signal<String>,
    /// The site's reactions to show, comma-separated (empty: all).
    #[prop(into, optional)]
    reactions: Signal<String>,
    /// Share services, comma-separated (empty: the site's, else by language).
    #[prop(into, optional)]
    share: Signal<String>,
) -> impl IntoView {
    let widget = WidgetContext::provide(&api, &site, article);
    let prefetched = use_context::<Prefetched>().map(|Prefetched(sent)| {
        let (asked, sent, controller) = sent.take();
        abort_with_cleanup(controller);
        (asked, sent)
    });
    // The loader's request answers once, for the article it asked about.
    let prefetched = Rc::new(Cell::new(prefetched));
    // `None` until the first article loads; a new article keeps the old
    // content in place until its own arrives.
    let bootstrap = RwSignal::new(None::<Result<Loaded, LoadError>>);
    Effect::new({
        let widget = widget.clone();
        move || {
            let article = article.get();
            // Aborted when the next article is asked for, or the widget goes.
            let signal = abort_on_cleanup();
            let sent = prefetched
                .take()
                .filter(|(asked, _)| *asked == article)
                .map(|(_, sent)| sent);
            let widget = widget.clone();
            spawn_local(async move {
                let loaded = load(&widget, &article, sent, signal.as_ref()).await;
                // Unless a newer article was asked for meanwhile.
                if widget.article.try_with_untracked(|now| *now == article) == Some(true) {
                    bootstrap.set(Some(loaded));
                }
            });
        }
    });

    // The host page hears each outcome once it is shown.
    Effect::new(move || {
        let outcome = bootstrap.with(|loaded| loaded.as_ref().map(|l| l.as_ref().err().cloned()));
        match outcome {
            Some(None) => emit(&widget, READY, &[]),
            Some(Some(LoadError::NotFound)) => emit_error(&widget, "article_not_found"),
            Some(Some(LoadError::Failed)) => emit_error(&widget, "load_failed"),
            None => {}
        }
    });

    // One live region, its text changed (a region inserted with its text
    // already in it is often not announced).
    let status = move || {
        let s = lang.with(|tag| Lang::from_tag(tag)).strings();
        bootstrap.with(|loaded| match loaded {
            None => s.loading,
            Some(Ok(_)) => "",
            Some(Err(LoadError::NotFound)) => s.not_found,
            Some(Err(LoadError::Failed)) => s.failed,
        })
    };
    let content = move || {
        let loaded = bootstrap.get().and_then(Result::ok)?;
        Some(parts(loaded, lang, sections, reactions, share))
    };
    view! {
        <section
            class="newscard"
            part="widget"
            aria-label=text(lang, |s| s.widget_label)
            lang=move || lang.with(|tag| Lang::from_tag(tag).bcp47())
        >
            <p class="status" role="status">{status}</p>
            {content}
        </section>
    }
}

/// The parts `sections` asks for (and the build has: see the crate's
/// features), filled from the bootstrap.
fn parts(
    Loaded {
        article,
        bootstrap,
        known,
    }: Loaded,
    lang: Signal<String>,
    sections: Signal<String>,
    reactions: Signal<String>,
    share: Signal<String>,
) -> impl IntoView {
    let WidgetBootstrap {
        card,
        reaction_kinds,
        reactions: tally,
        share: site_share,
        related,
    } = bootstrap;
    // The parts talk about the article their data is of, also while the next
    // one loads.
    provide_context(WidgetContext {
        article: Signal::stored(article),
        ..use_widget()
    });
    // Each part follows `sections` and the language, built anew when they
    // change; what must outlive that (the reader's tally) is kept here.
    let shown =
        move |part: fn(Sections) -> bool| move || sections.with(|s| part(Sections::parse(s)));
    let lang = move || lang.with(|tag| Lang::from_tag(tag));
    let card_part = {
        let (shown, card) = (shown(|s| s.card), card.clone());
        move || shown().then(|| view! { <ArticleCardView card=card.clone() lang=lang() /> })
    };
    // `#[cfg]`s, so a build without a part leaves its code out (bench/size.mjs
    // measures what each costs).
    #[cfg(feature = "share")]
    let share_part = {
        let shown = shown(|s| s.share);
        // Built again when the services change (they follow the language).
        move || {
            let services = services(&share.get(), &site_share, lang());
            shown().then(|| view! { <ShareBarView card=card.clone() services lang=lang() /> })
        }
    };
    #[cfg(not(feature = "share"))]
    let share_part = drop((share, site_share));
    #[cfg(feature = "reactions")]
    let reaction_part = {
        let shown = shown(|s| s.reactions);
        // Kept here, so a bar built again shows the reader's latest tally.
        let tally = RwSignal::new(tally);
        move || {
            let kinds = shown_reactions(&reactions.get(), &reaction_kinds);
            (known && shown()).then(|| view! { <ReactionBarView tally kinds lang=lang() /> })
        }
    };
    #[cfg(not(feature = "reactions"))]
    let reaction_part = drop((reactions, reaction_kinds, tally));
    #[cfg(feature = "related")]
    let related_part = {
        let shown = shown(|s| s.related);
        move || {
            (known && shown())
                .then(|| view! { <RelatedReadingView first=related.clone() lang=lang() /> })
        }
    };
    #[cfg(not(feature = "related"))]
    let related_part = drop(related);
    view! { {card_part}{share_part}{reaction_part}{related_part} }
}
