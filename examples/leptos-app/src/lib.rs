//! An example Leptos app that uses newscard as a component library: the whole
//! widget (`NewsCard`) and, beside it, a lone mood bar (`ReactionBar`), both
//! following the article the page's route names (`#/tech-abroad`, as a
//! router would). Built and driven in a browser by
//! `tests/e2e/leptos-app.test.mjs`; `scripts/build-example.sh` builds it.

use leptos::prelude::*;
use newscard::{provide_widget_context, use_reactions, Lang, NewsCard, ReactionBar};
use wasm_bindgen::prelude::*;

/// The demo site's articles this app links to: (route, canonical URL, name).
const ARTICLES: [(&str, &str, &str); 2] = [
    (
        "tech-abroad",
        "https://news.example/2025/03/25/tech-abroad",
        "国产新能源车企向海外输出技术",
    ),
    (
        "ocean-drones",
        "https://news.example/2025/04/02/ocean-drones",
        "Autonomous survey drones",
    ),
];

/// The article the location's hash names; the first one by default.
fn routed_article() -> String {
    let hash = window().location().hash().unwrap_or_default();
    let route = hash.trim_start_matches("#/");
    let (_, url, _) = ARTICLES
        .iter()
        .find(|(name, _, _)| *name == route)
        .unwrap_or(&ARTICLES[0]);
    (*url).to_owned()
}

#[component]
fn App(
    /// The newscard server's origin.
    api: String,
) -> impl IntoView {
    let article = RwSignal::new(routed_article());
    // A route change swaps the article; the widget loads it in place.
    let routing = window_event_listener(leptos::ev::hashchange, move |_| {
        article.set(routed_article())
    });
    on_cleanup(move || routing.remove());
    let links = ARTICLES
        .iter()
        .map(|(route, _, name)| view! { <li><a href=format!("#/{route}")>{*name}</a></li> })
        .collect_view();
    view! {
        <nav><ul>{links}</ul></nav>
        <main>
            <NewsCard api=api.clone() site="demo" article lang="zh-CN" />
        </main>
        <aside>
            <h2>{"Quick mood"}</h2>
            <LoneMoods api article />
        </aside>
    }
}

/// A mood bar on its own, for the same article: it gets its server from
/// `provide_widget_context` and its tally, the reader's own reaction with
/// the counts, from `use_reactions`; a new article gets a new bar.
#[component]
fn LoneMoods(api: String, article: RwSignal<String>) -> impl IntoView {
    provide_widget_context(&api, "demo", article);
    move || {
        article.track();
        let tally = use_reactions();
        view! { <ReactionBar tally kinds=vec!["happy".to_owned(), "like".to_owned()] lang=Lang::En /> }
    }
}

/// Mounts the app into `<body>`, talking to the server its `data-api` names.
#[wasm_bindgen(start)]
pub fn start() {
    let api = document()
        .body()
        .and_then(|body| body.get_attribute("data-api"))
        .unwrap_or_default();
    leptos::mount::mount_to_body(move || view! { <App api /> });
}
