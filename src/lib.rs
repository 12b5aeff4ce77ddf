//! newscard: an embeddable article widget. The loader (`www/embed.js`) loads this module and
//! calls [`mount`] once per `<news-card>` element; the widget renders inside the
//! element's open shadow root, so host styles and ours never meet.
//!
//! No view holds a fully static element (only literal attributes and text):
//! `view!` builds those from HTML text through a `<template>` (`innerHTML`),
//! which a host page enforcing Trusted Types refuses. Such an element gets one
//! attribute as a block instead (`role={"status"}`); the Trusted Types test in
//! `tests/e2e/isolation.test.mjs` catches a miss.

mod api;
mod card;
mod components;
mod config;
pub mod decode;
mod dom;
pub mod events;
mod i18n;
mod live;
mod owner;
pub mod page_meta;
mod ranking;
mod reaction_bar;
pub mod reaction_state;
mod reader;
mod related;
mod safe_url;
pub mod share;
mod style;
mod widget;

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

pub use components::{ArticleCard, ReactionBar};
pub use config::{View, WidgetConfig};
pub use i18n::Lang;
pub use ranking::RankingView;
pub use widget::Widget;

/// A mounted widget. Dropping it (or calling `unmount` from JS) removes the view
/// and runs its cleanups: pending requests are aborted, streams closed.
#[wasm_bindgen]
pub struct MountedWidget {
    root: HtmlElement,
    _view: Box<dyn Any>,
}

#[wasm_bindgen]
impl MountedWidget {
    pub fn unmount(self) {}

    /// Switches between the light and the dark theme in place.
    pub fn set_theme(&self, dark: bool) {
        self.root.set_class_name(if dark { "dark" } else { "" });
    }
}

/// Mounts a widget into `host`'s open shadow root (created on first mount).
/// `config` is a plain object: `{api, site, article, lang, theme, sections,
/// share, reactions, view, reaction, window}`; `theme` is `light` or `dark`.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, config: JsValue) -> Result<MountedWidget, JsValue> {
    let mut config = WidgetConfig::from_js(&config)?;
    if matches!(config.view, View::Ranking { .. }) && !cfg!(feature = "ranking") {
        return Err(JsValue::from_str(
            "newscard: built without the ranking view",
        ));
    }
    config.host = Some(host.clone().into());
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
    shadow.append_child(&root)?;
    let widget = MountedWidget {
        root: root.clone(),
        _view: Box::new(()),
    };
    widget.set_theme(config.dark);
    // Two mounts, not one of either view: erasing the type (`into_any`) costs
    // more wasm than a second `mount_to`.
    let view: Box<dyn Any> = match config.view.clone() {
        View::Ranking { reaction, window } if cfg!(feature = "ranking") => {
            Box::new(leptos::mount::mount_to(
                root,
                move || view! { <RankingView config reaction window /> },
            ))
        }
        _ => Box::new(leptos::mount::mount_to(
            root,
            move || view! { <Widget config /> },
        )),
    };
    Ok(MountedWidget {
        _view: view,
        ..widget
    })
}
