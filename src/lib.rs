//! newscard: an embeddable article widget. The loader (`www/embed.js`) loads this module and
//! calls [`mount`] once per `<news-card>` element; the widget renders inside the
//! element's open shadow root, so host styles and ours never meet.

mod api;
mod card;
mod config;
pub mod decode;
mod i18n;
mod live;
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

pub use card::ArticleCard;
pub use config::{View, WidgetConfig};
pub use i18n::Lang;
pub use ranking::RankingView;
pub use reaction_bar::ReactionBar;
pub use widget::Widget;

/// A mounted widget. Dropping it (or calling `unmount` from JS) removes the view
/// and runs its cleanups: pending requests are aborted.
#[wasm_bindgen]
pub struct MountedWidget {
    _view: Box<dyn Any>,
}

#[wasm_bindgen]
impl MountedWidget {
    pub fn unmount(self) {}
}

/// Mounts a widget into `host`'s open shadow root (created on first mount).
/// `config` is a plain object: `{api, site, article, lang, view, reaction, window}`.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, config: JsValue) -> Result<MountedWidget, JsValue> {
    let config = WidgetConfig::from_js(&config)?;
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.set_inner_html("");
    style::adopt(&shadow)?;
    let root: HtmlElement = document().create_element("div")?.unchecked_into();
    shadow.append_child(&root)?;
    let view = leptos::mount::mount_to(root, move || match config.view.clone() {
        View::Article => view! { <Widget config /> }.into_any(),
        View::Ranking { reaction, window } => {
            view! { <RankingView config reaction window /> }.into_any()
        }
    });
    Ok(MountedWidget {
        _view: Box::new(view),
    })
}
