//! newscard: an embeddable article widget, as Leptos components.
//!
//! In a Leptos app, [`NewsCard`] is the whole widget and each part
//! ([`ArticleCard`], [`ShareBar`], [`ReactionBar`], [`RelatedReading`],
//! [`RankingView`]) a component of its own whose changing props are signals.
//! On any other page the loader (`www/embed.js`) loads this module and calls
//! [`mount`] once per `<news-card>` element; the widget renders inside the
//! element's open shadow root, so host styles and ours never meet.
//!
//! No view holds a fully static element (only literal attributes and text):
//! `view!` builds those from HTML text through a `<template>` (`innerHTML`),
//! which a host page enforcing Trusted Types refuses. Such an element gets one
//! attribute or child as a block instead (`aria-hidden={"true"}`); the Trusted
//! Types test in `tests/e2e/isolation.test.mjs` catches a miss.

// A build without a part (bench/size.mjs measures what each costs) leaves that
// part's code unused, and out of the bundle.
#![cfg_attr(
    not(all(
        feature = "share",
        feature = "qr",
        feature = "reactions",
        feature = "related",
        feature = "ranking",
        feature = "page-meta"
    )),
    allow(dead_code, unused_imports, unused_variables)
)]

mod api;
mod article_link;
mod card;
mod config;
mod context;
#[doc(hidden)]
pub mod decode;
mod events;
mod i18n;
mod lazy_image;
mod live;
mod news_card;
mod published_time;
mod ranking;
mod reactions;
mod reader;
mod related;
mod safe_url;
mod share;
mod style;

use std::any::Any;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

#[doc(hidden)]
pub use card::page_meta;
pub use card::ArticleCard;
use config::{View, WidgetConfig};
pub use context::provide_widget_context;
use context::HostElement;
pub use i18n::Lang;
pub use news_card::NewsCard;
use news_card::Prefetched;
/// The data the parts show (`ArticleCard` the card, `Reactions` the tally, …).
pub use newscard_protocol as protocol;
pub use ranking::RankingView;
pub use reactions::{use_reactions, ReactionBar};
pub use related::RelatedReading;
pub use share::services::Service;
pub use share::ShareBar;

/// The attributes a host page may change on a mounted article widget: it
/// follows them in place.
#[derive(Clone, Copy)]
struct Attributes {
    article: RwSignal<String>,
    lang: RwSignal<String>,
    sections: RwSignal<String>,
    reactions: RwSignal<String>,
    share: RwSignal<String>,
}

// The TypeScript type of `mount`'s and `update`'s `config`, which wasm-bindgen
// cannot derive from a `JsValue` (read field by field in `config.rs`).
#[wasm_bindgen(typescript_custom_section)]
const MOUNT_OPTIONS: &str = r#"
/** The widget's settings: the element attributes of the same names. */
export interface MountOptions {
  /** The widget server's origin, e.g. "https://widgets.example". */
  api: string;
  /** The site's id on that server. */
  site: string;
  /** The article's canonical URL; required but for a ranking. */
  article?: string;
  /** A BCP 47 tag: zh-CN, zh-TW, en, … (see the `lang` attribute). */
  lang?: string;
  /** The dark theme for "dark", else the light one ("auto" is the caller's to resolve). */
  theme?: "light" | "dark";
  /** The parts to show, e.g. "card,share"; all by default. */
  sections?: string;
  /** The site's reactions to show, e.g. "like,meh"; all by default. */
  reactions?: string;
  /** Share services, e.g. "weibo,copy"; the site's, else by language, by default. */
  share?: string;
  /** "ranking" for the mood ranking; anything else is the article widget. */
  view?: "article" | "ranking";
  /** The ranking's reaction; "happy" by default. */
  reaction?: string;
  /** The ranking's window, "1h" to "366d"; "24h" by default. */
  window?: string;
  /** The loader's: the widget request (`GET …/widget`) already sent, for the widget to use. */
  bootstrap?: Promise<Response>;
  /** The loader's: aborts `bootstrap`. */
  abort?: AbortController;
}
"#;

/// A mounted widget. Dropping it (or calling `unmount` from JS) removes the view
/// and runs its cleanups: pending requests are aborted, streams closed.
#[wasm_bindgen]
pub struct MountedWidget {
    root: HtmlElement,
    /// `None` for a ranking, which the loader mounts again instead.
    attributes: Option<Attributes>,
    _view: Box<dyn Any>,
    /// Owns the attributes' signals: they go with the widget.
    _owner: Owner,
}

#[wasm_bindgen]
impl MountedWidget {
    /// Removes the widget: its view, requests, live stream and listeners go.
    pub fn unmount(self) {}

    /// Switches between the light and the dark theme in place.
    pub fn set_theme(&self, dark: bool) {
        self.root.set_class_name(if dark { "dark" } else { "" });
    }

    /// Applies the element's attributes (the same object as `mount`'s
    /// `config`): a new article loads in place, a new `lang`, `sections`,
    /// `reactions` or `share` re-renders what it changes, an unchanged one
    /// nothing. `false` for a ranking, or a config that is one no more: mount
    /// it again. The loader mounts again for another `site` itself.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MountOptions")] config: JsValue,
    ) -> Result<bool, JsValue> {
        let config = WidgetConfig::from_js(&config)?;
        let Some(attributes) = self.attributes else {
            return Ok(false);
        };
        if config.view != View::Article {
            return Ok(false);
        }
        for (signal, value) in [
            (attributes.article, config.article),
            (attributes.lang, config.lang),
            (attributes.sections, config.sections),
            (attributes.reactions, config.reactions),
            (attributes.share, config.share),
        ] {
            // A signal set tells its readers even when the value is the same.
            if signal.with_untracked(|old| *old != value) {
                signal.set(value);
            }
        }
        Ok(true)
    }
}

/// Mounts a widget into `host`'s open shadow root (created on first mount).
/// `config` is a plain object (`MountOptions`): `{api, site, article, lang,
/// theme, sections, share, reactions, view, reaction, window, bootstrap,
/// abort}`; `theme` is `light` or `dark`; `bootstrap` a `fetch` of the widget
/// request already sent, which `abort` aborts. Throws for a config without
/// `api`, `site` or (but for a ranking) `article`.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] config: JsValue,
) -> Result<MountedWidget, JsValue> {
    let config = WidgetConfig::from_js(&config)?;
    if matches!(config.view, View::Ranking { .. }) && !cfg!(feature = "ranking") {
        return Err(JsValue::from_str(
            "newscard: built without the ranking view",
        ));
    }
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    // Not `innerHTML`: a host enforcing Trusted Types refuses it.
    while let Some(child) = shadow.first_child() {
        shadow.remove_child(&child)?;
    }
    style::adopt(&shadow)?;
    let root: HtmlElement = document().create_element("div")?.unchecked_into();
    root.set_class_name(if config.dark { "dark" } else { "" });
    shadow.append_child(&root)?;

    let WidgetConfig {
        api,
        site,
        article,
        lang,
        view,
        sections,
        share,
        reactions,
        bootstrap,
        ..
    } = config;
    let host = HostElement(SendWrapper::new(host.into()));
    let owner = Owner::new();
    let (attributes, view) = owner.with(|| match view {
        View::Ranking { reaction, window } if cfg!(feature = "ranking") => (
            None,
            Box::new(leptos::mount::mount_to(root.clone(), move || {
                provide_context(host);
                view! { <RankingView api site reaction window lang /> }
            })) as Box<dyn Any>,
        ),
        _ => {
            let prefetched = bootstrap
                .map(|(sent, abort)| Prefetched(SendWrapper::new((article.clone(), sent, abort))));
            let attributes = Attributes {
                article: RwSignal::new(article),
                lang: RwSignal::new(lang),
                sections: RwSignal::new(sections),
                reactions: RwSignal::new(reactions),
                share: RwSignal::new(share),
            };
            let Attributes {
                article,
                lang,
                sections,
                reactions,
                share,
            } = attributes;
            let view = leptos::mount::mount_to(root.clone(), move || {
                provide_context(host);
                if let Some(prefetched) = prefetched {
                    provide_context(prefetched);
                }
                view! { <NewsCard api site article lang sections reactions share /> }
            });
            (Some(attributes), Box::new(view) as Box<dyn Any>)
        }
    });
    Ok(MountedWidget {
        root,
        attributes,
        _view: view,
        _owner: owner,
    })
}
