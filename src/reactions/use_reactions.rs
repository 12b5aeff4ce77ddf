//! The tally for a mood bar shown without `NewsCard`, which hands its bar the
//! tally from its one widget request.

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::Reactions;

use crate::api::{abort_on_cleanup, fetch_reactions};
use crate::context::use_widget;
use crate::reader;

/// The widget's article's tally, every count and the reader's own reaction,
/// loaded from the server (`GET /reactions`); pass it to a
/// [`ReactionBar`](crate::ReactionBar). Empty until it arrives, and if it
/// fails (the bar's live counts fill in the counts). Needs the context of
/// [`provide_widget_context`](crate::provide_widget_context); the request is
/// aborted when the calling component goes.
///
/// ```no_run
/// use leptos::prelude::*;
/// use newscard::{provide_widget_context, use_reactions, Lang, ReactionBar};
///
/// let article = "https://news.example/2025/03/25/tech-abroad";
/// provide_widget_context("https://widgets.example", "demo", article.to_string());
/// let tally = use_reactions();
/// view! { <ReactionBar tally kinds=vec!["happy".into(), "like".into()] lang=Lang::En /> };
/// ```
pub fn use_reactions() -> RwSignal<Reactions> {
    let widget = use_widget();
    let tally = RwSignal::new(Reactions::default());
    let signal = abort_on_cleanup();
    let article = widget.article.get_untracked();
    spawn_local(async move {
        let reader = reader::existing();
        let loaded = fetch_reactions(&widget, &article, reader.as_deref(), signal.as_ref()).await;
        if let Ok(loaded) = loaded {
            // Gone with the component: nothing to show it in.
            tally.try_set(loaded);
        }
    });
    tally
}
