//! The mood bar: one button per reaction with its count, the reader's own
//! highlighted. Clicks update at once and are rolled back if the server refuses;
//! other readers' reactions arrive live. The outcome of the reader's own click
//! is announced (a polite live region) and told to the host page
//! (`newscard:reaction`); live counts from others change quietly.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use leptos::task::spawn_local;
use newscard_protocol::Reactions;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsValue;
use web_sys::{Element, Node};

use crate::api::{self, retract_reaction, set_reaction, LoadError};
use crate::config::WidgetConfig;
use crate::dom::{child, on, set};
use crate::events::{emit, emit_error, REACTION};
use crate::i18n::{count_text, reaction_icon};
use crate::live::LiveCounts;
use crate::reaction_state::{click, Change};
use crate::reader;

struct Bar {
    /// What the bar shows: every count and the reader's own reaction.
    tally: Reactions,
    /// While the reader's clicks are being saved: the tally as the server has
    /// it, restored if it refuses a click. Live counts wait meanwhile.
    saved: Option<Reactions>,
    /// The latest click not yet sent. Writes go one at a time, so the server
    /// ends on the reader's last click however fast they click.
    next: Option<Change>,
    /// Each reaction's key, button and count.
    buttons: Vec<(String, Element, Element)>,
    /// The live region: the reader's new count, or why it failed.
    toast: Element,
}

impl Bar {
    /// Shows the tally: who is pressed, every count.
    fn paint(&self) {
        for (kind, button, count) in &self.buttons {
            let pressed = self.tally.mine.as_deref() == Some(kind.as_str());
            set(
                button,
                &[("aria-pressed", if pressed { "true" } else { "false" })],
            );
            let n = self.tally.counts.get(kind).copied().unwrap_or(0);
            count.set_text_content(Some(&count_text(n)));
        }
    }

    fn say(&self, text: &str) {
        self.toast.set_text_content(Some(text));
    }
}

pub fn reaction_bar(parent: &Node, config: WidgetConfig, kinds: Vec<String>, initial: Reactions) {
    let lang = config.lang;
    let s = lang.strings();
    let part = child(parent, "div", "reactions part", "");
    set(
        &part,
        &[
            ("part", "reactions"),
            ("role", "group"),
            ("aria-label", s.mood_title),
        ],
    );
    child(&part, "h3", "", s.mood_title);
    let row = child(&part, "ul", "row", "");
    let buttons = kinds
        .into_iter()
        .map(|kind| {
            let button = child(&child(&row, "li", "", ""), "button", "reaction", "");
            set(&button, &[("type", "button"), ("part", "reaction")]);
            if let Some(icon) = reaction_icon(&kind) {
                set(
                    &child(&button, "span", "icon", icon),
                    &[("aria-hidden", "true")],
                );
            }
            child(&button, "span", "label", &lang.reaction_label(&kind));
            let count = child(&button, "span", "count", "");
            (kind, button, count)
        })
        .collect();
    let toast = child(&part, "p", "toast", "");
    set(&toast, &[("role", "status"), ("aria-live", "polite")]);
    let bar = Rc::new(RefCell::new(Bar {
        tally: initial,
        saved: None,
        next: None,
        buttons,
        toast,
    }));
    bar.borrow().paint();

    let live = LiveCounts::open(&api::counts_stream_url(&config), {
        let bar = bar.clone();
        move |counts| {
            let mut bar = bar.borrow_mut();
            if bar.saved.is_none() {
                bar.tally.counts = counts;
                bar.paint();
            }
        }
    });
    let live = SendWrapper::new(live);
    on_cleanup(move || drop(live.take()));

    for (kind, button, _) in bar.borrow().buttons.iter() {
        let (bar, config, kind) = (bar.clone(), config.clone(), kind.clone());
        on(button, "click", move |_| react(&bar, &config, &kind));
    }
}

/// A click on `kind`: shown at once, then saved.
fn react(bar: &Rc<RefCell<Bar>>, config: &WidgetConfig, kind: &str) {
    let first = {
        let mut state = bar.borrow_mut();
        let (after, change) = click(&state.tally, kind);
        let first = if state.saved.is_none() {
            state.saved = Some(state.tally.clone());
            Some(change)
        } else {
            state.next = Some(change);
            None
        };
        state.tally = after;
        state.paint();
        state.say("");
        first
    };
    if let Some(change) = first {
        let (bar, config) = (bar.clone(), config.clone());
        spawn_local(async move {
            let answer = save(&bar, &config, change).await;
            settle(&bar, &config, answer);
        });
    }
}

/// Sends `change`, then each click made meanwhile, one at a time: the server
/// ends on the reader's last click however fast they click. The last answer,
/// or the first refusal.
async fn save(
    bar: &RefCell<Bar>,
    config: &WidgetConfig,
    mut change: Change,
) -> Result<Reactions, LoadError> {
    let reader = reader::get_or_create();
    loop {
        let answer = match change {
            Change::Set(kind) => set_reaction(config, reader.clone(), kind).await,
            Change::Retract => retract_reaction(config, reader.clone()).await,
        };
        let mut state = bar.borrow_mut();
        match (answer, state.next.take()) {
            (Ok(saved), Some(next)) => {
                state.saved = Some(saved);
                change = next;
            }
            (answer, _) => return answer,
        }
    }
}

/// Shows the server's answer, or on a refusal what the server last accepted;
/// tells the reader (live region) and the host page.
fn settle(bar: &RefCell<Bar>, config: &WidgetConfig, answer: Result<Reactions, LoadError>) {
    let lang = config.lang;
    // The host page hears it once the bar is settled (its listener may click
    // the bar again).
    let heard = {
        let mut state = bar.borrow_mut();
        let saved = state.saved.take().unwrap_or_default();
        let heard = match answer {
            Ok(reactions) => {
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
                if let Some(kind) = &reactions.mine {
                    let count = reactions.counts.get(kind).copied().unwrap_or(0);
                    state.say(&[&lang.reaction_label(kind), " ", &count_text(count)].concat());
                }
                state.tally = reactions;
                Some(detail)
            }
            Err(_) => {
                state.say(lang.strings().reaction_failed);
                state.tally = saved;
                None
            }
        };
        state.paint();
        heard
    };
    match heard {
        Some(detail) => emit(config, REACTION, &detail),
        None => emit_error(config, "reaction_failed"),
    }
}
