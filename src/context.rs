//! What every part of one widget shares: the server it talks to, the site, the
//! article it is about and the element the host page listens on. `NewsCard`
//! provides it as context; the parts that talk to the server read it.

use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::Element;

#[derive(Clone)]
pub struct WidgetContext {
    /// Origin of the newscard server, without a trailing slash.
    pub api: Arc<str>,
    pub site: Arc<str>,
    /// The article's canonical URL (empty for a ranking).
    pub article: Signal<String>,
    /// Where `newscard:*` events go; `None` inside a Leptos app.
    pub host: Option<SendWrapper<Element>>,
}

/// The element the loader mounted the widget in, provided around the root
/// component so the host page hears its events.
#[derive(Clone)]
pub struct HostElement(pub SendWrapper<Element>);

impl WidgetContext {
    /// Provides the context for the parts below the calling component.
    pub fn provide(api: &str, site: &str, article: Signal<String>) -> Self {
        let context = Self {
            api: api.trim_end_matches('/').into(),
            site: site.into(),
            article,
            host: use_context::<HostElement>().map(|host| host.0),
        };
        provide_context(context.clone());
        context
    }
}

/// The widget's context; the parts are only ever built below `NewsCard` or
/// `RankingView`, which provide it.
pub fn use_widget() -> WidgetContext {
    expect_context()
}

/// Lets a Leptos app show a part that talks to the server (a `ReactionBar`,
/// a `ShareBar`, a `RelatedReading`) on its own, without `NewsCard`: the parts
/// below the calling component talk to `api` about `article` of `site`.
pub fn provide_widget_context(api: &str, site: &str, article: impl Into<Signal<String>>) {
    WidgetContext::provide(api, site, article.into());
}
