//! `view="ranking"`: the site's articles with the most reactions of one kind in
//! a recent window (新闻表情排行).

use leptos::html::Ol;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::Ranking;

use crate::api::{abort_on_cleanup, fetch_ranking};
use crate::config::WidgetConfig;
use crate::dom::{child, link, say};
use crate::events::{emit, emit_error, READY};
use crate::i18n::count_text;

fn ranking_list(list: &web_sys::Element, ranking: Ranking) {
    for item in ranking.items {
        let li = child(list, "li", "line", "");
        link(&li, &item.url, "", &item.title);
        child(&li, "span", "count", &count_text(item.count));
    }
}

#[component]
pub fn RankingView(config: WidgetConfig, reaction: String, window: String) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let list = NodeRef::<Ol>::new();
    let signal = abort_on_cleanup();
    {
        let reaction = reaction.clone();
        spawn_local(async move {
            let loaded = fetch_ranking(&config, &reaction, &window, signal.as_ref()).await;
            // Unmounted meanwhile: nothing to show or tell.
            let Some(list) = list.try_get_untracked().flatten() else {
                return;
            };
            let status = list.previous_element_sibling();
            match loaded {
                Ok(ranking) if ranking.items.is_empty() => say(status.as_ref(), s.ranking_empty),
                Ok(ranking) => {
                    say(status.as_ref(), "");
                    ranking_list(&list, ranking);
                }
                Err(_) => {
                    say(status.as_ref(), s.failed);
                    emit_error(&config, "load_failed");
                    return;
                }
            }
            emit(&config, READY, &[("view", "ranking".into())]);
        });
    }

    let title = [s.ranking_title, " · ", &lang.reaction_label(&reaction)].concat();
    let label = title.clone();
    view! {
        <section class="newscard ranking" part="widget" aria-label=label lang=lang.bcp47()>
            <h3>{title}</h3>
            <p class="status" role="status">{s.loading}</p>
            <ol node_ref=list></ol>
        </section>
    }
}
