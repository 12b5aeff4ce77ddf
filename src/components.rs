//! The parts as Leptos components, for Leptos apps that show one on its own
//! (the embed uses `Widget` and `RankingView`, which build them directly).

use leptos::html::Div;
use leptos::prelude::*;
use newscard_protocol::{ArticleCard as Card, Reactions};
use web_sys::Node;

use crate::config::WidgetConfig;
use crate::i18n::Lang;

/// A `<div>` that `build` fills once it is in the page.
fn part(build: impl FnOnce(&Node) + 'static) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    root.on_load(move |root| build(&root));
    view! { <div node_ref=root></div> }
}

#[component]
pub fn ArticleCard(card: Card, lang: Lang) -> impl IntoView {
    part(move |root| crate::card::article_card(root, &card, lang))
}

#[component]
pub fn ReactionBar(config: WidgetConfig, kinds: Vec<String>, initial: Reactions) -> impl IntoView {
    part(move |root| crate::reaction_bar::reaction_bar(root, config, kinds, initial))
}
