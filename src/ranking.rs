//! `view="ranking"`: the site's articles with the most reactions of one kind in
//! a recent window (新闻表情排行).

use leptos::html::Ol;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::Ranking;

use crate::api::{abort_on_cleanup, fetch_ranking};
use crate::card::article_link;
use crate::config::WidgetConfig;
use crate::events::{emit, emit_error, READY};
use crate::i18n::Lang;
use crate::show_once::{current_owner, show_once};

fn ranking_list(ranking: Ranking, lang: Lang) -> impl IntoView {
    ranking
        .items
        .into_iter()
        .map(|item| {
            let link = article_link(&item.url, item.title);
            let count = lang.number(item.count);
            view! { <li class="line">{link}<span class="count">{count}</span></li> }
        })
        .collect_view()
}

#[component]
pub fn RankingView(config: WidgetConfig, reaction: String, window: String) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let status = RwSignal::new(Some(s.loading));
    let list = NodeRef::<Ol>::new();
    // The list is built once, when it arrives (`show_once`).
    let owner = current_owner();
    let signal = abort_on_cleanup();
    {
        let reaction = reaction.clone();
        spawn_local(async move {
            let loaded = fetch_ranking(&config, &reaction, &window, signal.as_ref()).await;
            let (Some(owner), Some(list)) = (owner, list.try_get_untracked().flatten()) else {
                return;
            };
            match loaded {
                Ok(ranking) if ranking.items.is_empty() => {
                    status.try_set(Some(s.ranking_empty));
                }
                Ok(ranking) => {
                    status.try_set(None);
                    show_once(&owner, &list, || ranking_list(ranking, lang));
                }
                Err(_) => {
                    status.try_set(Some(s.failed));
                    emit_error(&config, "load_failed");
                    return;
                }
            }
            emit(&config, READY, &[("view", "ranking".into())]);
        });
    }

    let title = format!("{} · {}", s.ranking_title, lang.reaction_label(&reaction));
    let label = title.clone();
    view! {
        <section class="newscard ranking" part="widget" aria-label=label lang=lang.bcp47()>
            <h3>{title}</h3>
            <p class="status" role="status">{move || status.get()}</p>
            <ol node_ref=list></ol>
        </section>
    }
}
