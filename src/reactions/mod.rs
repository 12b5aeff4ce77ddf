//! The mood bar: one button per reaction with its count, the reader's own
//! highlighted. Clicks update at once and are rolled back if the server refuses;
//! other readers' reactions arrive live. The outcome of the reader's own click
//! is announced (a polite live region) and told to the host page
//! (`newscard:reaction`); live counts from others change quietly.

mod icons;
pub mod state;
mod use_reactions;

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::Reactions;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;

use crate::api::{counts_stream_url, retract_reaction, set_reaction, LoadError};
use crate::context::{use_widget, WidgetContext};
use crate::events::{emit, emit_error, REACTION};
use crate::i18n::{count_text, Lang};
use crate::live::LiveCounts;
use crate::reader;
use icons::MoodIcon;
use state::{click, Change};
pub use use_reactions::use_reactions;

/// The reader's clicks on their way to the server.
#[derive(Default)]
struct Saving {
    /// While clicks are being saved: the tally as the server has it, restored
    /// if it refuses a click. Live counts wait meanwhile.
    saved: Option<Reactions>,
    /// The latest click not yet sent. Writes go one at a time, so the server
    /// ends on the reader's last click however fast they click.
    next: Option<Change>,
}

/// The mood bar for the article of the widget context, for a Leptos app:
/// built again when `kinds` or `lang` changes (the tally is kept).
///
/// ```no_run
/// use leptos::prelude::*;
/// use newscard::{provide_widget_context, use_reactions, Lang, ReactionBar};
///
/// provide_widget_context("https://widgets.example", "demo", "https://news.example/a".to_string());
/// let tally = use_reactions();
/// let lang = RwSignal::new(Lang::En);
/// view! { <ReactionBar tally kinds=vec!["happy".into(), "like".into()] lang /> };
/// ```
#[component]
pub fn ReactionBar(
    /// Every count and the reader's own reaction: the bar shows it, a click
    /// updates it at once, the server's answers and live counts keep it true.
    /// Fill it with [`use_reactions`].
    tally: RwSignal<Reactions>,
    /// The reactions to show, in order.
    #[prop(into)]
    kinds: Signal<Vec<String>>,
    /// The reader's language.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    move || view! { <ReactionBarView tally kinds=kinds.get() lang=lang.get() /> }
}

/// The mood bar for `NewsCard`, which builds it again itself: plain props
/// keep signal types, each a copy of Leptos' signal code, out of the widget.
#[component]
pub(crate) fn ReactionBarView(
    /// Every count and the reader's own reaction: the bar shows it, a click
    /// updates it at once, the server's answers and live counts keep it true.
    /// `NewsCard` fills it from its widget request.
    tally: RwSignal<Reactions>,
    /// The reactions to show, in order.
    kinds: Vec<String>,
    /// The reader's language.
    lang: Lang,
) -> impl IntoView {
    let widget = StoredValue::new(use_widget());
    let saving = StoredValue::new(Saving::default());
    // The live region: the reader's new count, or why it failed.
    let toast = RwSignal::new(String::new());

    // Other readers' reactions, for as long as the bar is shown (another
    // article gets a bar of its own).
    let url =
        widget.with_value(|widget| counts_stream_url(widget, &widget.article.get_untracked()));
    let live = LiveCounts::open(&url, move |counts| {
        if saving.with_value(|saving| saving.saved.is_none()) {
            tally.update(|tally| tally.counts = counts);
        }
    });
    let live = SendWrapper::new(live);
    on_cleanup(move || drop(live.take()));

    let react = move |kind: &str| {
        let (after, change) = click(&tally.get_untracked(), kind);
        let first = saving
            .try_update_value(|saving| {
                if saving.saved.is_none() {
                    saving.saved = Some(tally.get_untracked());
                    Some(change)
                } else {
                    saving.next = Some(change);
                    None
                }
            })
            .flatten();
        tally.set(after);
        toast.set(String::new());
        if let Some(change) = first {
            let widget = widget.get_value();
            let article = widget.article.get_untracked();
            spawn_local(async move {
                let answer = save(&widget, article, saving, change).await;
                settle(&widget, saving, tally, toast, lang, answer);
            });
        }
    };

    let mood = move |kind: String| {
        let pressed = {
            let kind = kind.clone();
            move || tally.with(|t| t.mine.as_ref() == Some(&kind)).to_string()
        };
        let count = {
            let kind = kind.clone();
            move || count_text(tally.with(|t| t.counts.get(&kind).copied().unwrap_or(0)))
        };
        let label = lang.reaction_label(&kind);
        let on_click = {
            let kind = kind.clone();
            move |_| react(&kind)
        };
        view! {
            <li>
                <button
                    class="reaction"
                    type="button"
                    part="reaction"
                    aria-pressed=pressed
                    on:click=on_click
                >
                    <MoodIcon kind />
                    <span class="label">{label}</span>
                    <span class="count">{count}</span>
                </button>
            </li>
        }
    };
    let title = lang.strings().mood_title;
    view! {
        <div class="reactions part" part="reactions" role="group" aria-label=title>
            <h3>{title}</h3>
            <ul class="row">
                {kinds.into_iter().map(mood).collect_view()}
            </ul>
            <p class="toast" role="status" aria-live="polite">{toast}</p>
        </div>
    }
}

/// Sends `change` about `article`, then each click made meanwhile, one at a
/// time: the server ends on the reader's last click however fast they click.
/// The last answer, or the first refusal.
async fn save(
    widget: &WidgetContext,
    article: String,
    saving: StoredValue<Saving>,
    mut change: Change,
) -> Result<Reactions, LoadError> {
    let reader = reader::get_or_create();
    loop {
        let answer = match change {
            Change::Set(kind) => set_reaction(widget, &article, reader.clone(), kind).await,
            Change::Retract => retract_reaction(widget, &article, reader.clone()).await,
        };
        let next = saving
            .try_update_value(|saving| saving.next.take())
            .flatten();
        match (answer, next) {
            (Ok(saved), Some(next)) => {
                saving.try_update_value(|saving| saving.saved = Some(saved));
                change = next;
            }
            (answer, _) => return answer,
        }
    }
}

/// Shows the server's answer, or on a refusal what the server last accepted;
/// tells the reader (live region) and the host page. Nothing once the bar is
/// gone.
fn settle(
    widget: &WidgetContext,
    saving: StoredValue<Saving>,
    tally: RwSignal<Reactions>,
    toast: RwSignal<String>,
    lang: Lang,
    answer: Result<Reactions, LoadError>,
) {
    let Some(saved) = saving.try_update_value(|saving| saving.saved.take()) else {
        return;
    };
    match answer {
        Ok(reactions) => {
            let message = reactions.mine.as_ref().map(|kind| {
                let count = reactions.counts.get(kind).copied().unwrap_or(0);
                [&lang.reaction_label(kind), " ", &count_text(count)].concat()
            });
            let detail = [
                (
                    "reaction",
                    reactions
                        .mine
                        .as_deref()
                        .map_or(JsValue::NULL, JsValue::from),
                ),
                ("counts", crate::decode::counts_object(&reactions.counts)),
            ];
            toast.set(message.unwrap_or_default());
            tally.set(reactions);
            // Once the bar is settled: the host page's listener may click again.
            emit(widget, REACTION, &detail);
        }
        Err(_) => {
            toast.set(lang.strings().reaction_failed.to_owned());
            tally.set(saved.unwrap_or_default());
            emit_error(widget, "reaction_failed");
        }
    }
}
