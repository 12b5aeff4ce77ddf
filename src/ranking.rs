//! `view="ranking"`: the site's articles with the most reactions of one kind in
//! a recent window (新闻表情排行).

use crate::api::{abort_on_cleanup, fetch_ranking, LoadError};
use crate::card::article_link;
use crate::config::WidgetConfig;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::Ranking;

#[component]
pub fn RankingView(config: WidgetConfig, reaction: String, window: String) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let ranking = RwSignal::new(None::<Result<Ranking, LoadError>>);
    let signal = abort_on_cleanup();
    {
        let reaction = reaction.clone();
        spawn_local(async move {
            let loaded = fetch_ranking(&config, &reaction, &window, signal.as_ref()).await;
            ranking.try_set(Some(loaded));
        });
    }

    let title = format!("{} · {}", s.ranking_title, lang.reaction_label(&reaction));
    let label = title.clone();
    view! {
        <section class="newscard ranking" aria-label=label lang=lang.bcp47()>
            <h3>{title}</h3>
            {move || match ranking.get() {
                None => view! { <p class="status" role="status">{s.loading}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="status">{s.failed}</p> }.into_any(),
                Some(Ok(ranking)) if ranking.items.is_empty() => {
                    view! { <p class="status">{s.ranking_empty}</p> }.into_any()
                }
                Some(Ok(ranking)) => {
                    let items = ranking
                        .items
                        .into_iter()
                        .map(|item| {
                            let link = article_link(&item.url, item.title);
                            view! { <li>{link}<span class="count">{item.count}</span></li> }
                        })
                        .collect_view();
                    view! { <ol>{items}</ol> }.into_any()
                }
            }}
        </section>
    }
}
