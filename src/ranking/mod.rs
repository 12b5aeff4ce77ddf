//! `view="ranking"`: the site's articles with the most reactions of one kind in
//! a recent window (新闻表情排行).

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::RankedArticle;

use crate::api::{abort_on_cleanup, fetch_ranking, LoadError};
use crate::article_link::ArticleLink;
use crate::context::WidgetContext;
use crate::events::{emit, emit_error, READY};
use crate::i18n::{count_text, Lang};

/// The site's top articles by one reaction.
#[component]
pub fn RankingView(
    /// Origin of the newscard server, e.g. `https://widgets.example`.
    #[prop(into)]
    api: String,
    /// The site's id on that server.
    #[prop(into)]
    site: String,
    /// The reaction ranked by, e.g. `happy`.
    #[prop(into)]
    reaction: Signal<String>,
    /// How far back, e.g. `24h` or `7d`.
    #[prop(into)]
    window: Signal<String>,
    /// The reader's language as a BCP 47 tag (English by default).
    #[prop(into, optional)]
    lang: Signal<String>,
) -> impl IntoView {
    let widget = WidgetContext::provide(&api, &site, Signal::stored(String::new()));
    let signal = abort_on_cleanup();
    // `None` while loading.
    let ranking = RwSignal::new(None::<Result<Vec<RankedArticle>, LoadError>>);
    let (reaction_now, window_now) = (reaction, window);
    Effect::new({
        let widget = widget.clone();
        move || {
            let (widget, signal) = (widget.clone(), signal.clone());
            let (reaction, window) = (reaction.get(), window.get());
            ranking.set(None);
            spawn_local(async move {
                let loaded = fetch_ranking(&widget, &reaction, &window, signal.as_ref()).await;
                // Unless another ranking was asked for meanwhile.
                let asked = (Some(reaction), Some(window));
                if (
                    reaction_now.try_get_untracked(),
                    window_now.try_get_untracked(),
                ) == asked
                {
                    ranking.try_set(Some(loaded.map(|ranking| ranking.items)));
                }
            });
        }
    });
    // The host page hears each outcome once it is shown.
    Effect::new(
        move || match ranking.with(|r| r.as_ref().map(Result::is_ok)) {
            Some(true) => emit(&widget, READY, &[("view", "ranking".into())]),
            Some(false) => emit_error(&widget, "load_failed"),
            None => {}
        },
    );

    let tag = lang;
    let lang = move || tag.with(|tag| Lang::from_tag(tag));
    let s = move || lang().strings();
    let title = move || {
        [
            s().ranking_title,
            " · ",
            &lang().reaction_label(&reaction.get()),
        ]
        .concat()
    };
    let status = move || {
        ranking.with(|loaded| match loaded {
            None => s().loading,
            Some(Ok(items)) if items.is_empty() => s().ranking_empty,
            Some(Ok(_)) => "",
            Some(Err(_)) => s().failed,
        })
    };
    let items = move || {
        let items = ranking.with(|loaded| match loaded {
            Some(Ok(items)) => items.clone(),
            _ => Vec::new(),
        });
        items
            .into_iter()
            .map(|RankedArticle { url, title, count }| {
                view! {
                    <li class="line">
                        <ArticleLink url label=title />
                        <span class="count">{count_text(count)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="newscard ranking" part="widget" aria-label=title lang=move || lang().bcp47()>
            <h3>{title}</h3>
            <p class="status" role="status">{status}</p>
            <ol>{items}</ol>
        </section>
    }
}
