//! The mood bar: one button per reaction with its count, the reader's own
//! highlighted. Clicks update at once and are rolled back if the server refuses;
//! other readers' reactions arrive live. The outcome of the reader's own click
//! is announced (a polite live region) and told to the host page
//! (`newscard:reaction`); live counts from others change quietly.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::Reactions;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;

use crate::api::{retract_reaction, set_reaction};
use crate::config::WidgetConfig;
use crate::events::{emit, emit_error, REACTION};
use crate::i18n::reaction_icon;
use crate::live::LiveCounts;
use crate::reaction_state::{click, Change, Tally};
use crate::{api, reader};

#[component]
pub fn ReactionBar(config: WidgetConfig, kinds: Vec<String>, initial: Reactions) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    let tally = RwSignal::new(Tally {
        counts: initial.counts,
        mine: initial.mine,
    });
    // What the live region says: the reader's new count, or why it failed.
    let notice = RwSignal::new(String::new());
    // Number of the latest click; only its answer may change the bar.
    let latest = StoredValue::new(0u32);
    let in_flight = RwSignal::new(0u32);

    let live = LiveCounts::open(
        &api::counts_stream_url(&config),
        move |counts: BTreeMap<String, u64>| {
            // While the reader's own write is on its way, its answer is fresher.
            if in_flight.try_get_untracked() == Some(0) {
                tally.try_update(|t| t.counts = counts);
            }
        },
    );
    let live = SendWrapper::new(live);
    on_cleanup(move || drop(live.take()));

    let config = StoredValue::new(config);
    let on_click = move |kind: String| {
        let before = tally.get_untracked();
        let (after, change) = click(&before, &kind);
        tally.set(after);
        notice.set(String::new());
        let seq = latest.get_value() + 1;
        latest.set_value(seq);
        in_flight.update(|n| *n += 1);
        let config = config.get_value();
        spawn_local(async move {
            let reader = reader::get_or_create();
            let answer = match change {
                Change::Set(kind) => set_reaction(&config, reader, kind).await,
                Change::Retract => retract_reaction(&config, reader).await,
            };
            in_flight.try_update(|n| *n -= 1);
            if latest.try_get_value() != Some(seq) {
                return;
            }
            match answer {
                Ok(reactions) => {
                    let said = match &reactions.mine {
                        Some(kind) => format!(
                            "{} {}",
                            lang.reaction_label(kind),
                            lang.number(reactions.counts.get(kind).copied().unwrap_or(0))
                        ),
                        None => String::new(),
                    };
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
                    emit(&config, REACTION, &detail);
                    notice.try_set(said);
                    tally.try_set(Tally {
                        counts: reactions.counts,
                        mine: reactions.mine,
                    });
                }
                Err(_) => {
                    emit_error(&config, "reaction_failed");
                    notice.try_set(s.reaction_failed.to_owned());
                    tally.try_set(before);
                }
            };
        });
    };

    let buttons = kinds
        .into_iter()
        .map(|kind| {
            let label = lang.reaction_label(&kind);
            let icon = reaction_icon(&kind);
            let pressed = {
                let kind = kind.clone();
                move || tally.with(|t| t.mine.as_deref() == Some(kind.as_str()))
            };
            let count = {
                let kind = kind.clone();
                move || lang.number(tally.with(|t| t.counts.get(&kind).copied().unwrap_or(0)))
            };
            view! {
                <li>
                    <button
                        type="button"
                        class="reaction"
                        part="reaction"
                        aria-pressed=move || if pressed() { "true" } else { "false" }
                        on:click=move |_| on_click(kind.clone())
                    >
                        {icon.map(|icon| view! { <span class="icon" aria-hidden="true">{icon}</span> })}
                        <span class="label">{label}</span>
                        <span class="count">{count}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="reactions part" part="reactions" role="group" aria-label=s.mood_title>
            <h3>{s.mood_title}</h3>
            <ul class="row">{buttons}</ul>
            <p class="toast" role="status" aria-live="polite">{move || notice.get()}</p>
        </div>
    }
}
