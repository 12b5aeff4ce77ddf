//! The default moods' icons as inline SVG strokes in the wasm: emoji would
//! need an emoji font, which many readers' systems (and our test Chromium)
//! lack, and drew empty boxes there.

use leptos::prelude::*;

/// A face (a 20 px circle with two eyes) and what each mood adds.
const FACE: &str = "M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20M9 9.5v.5M15 9.5v.5";

/// The stroke of a default mood's icon; `None` for a site's own keys.
fn mood_path(kind: &str) -> Option<String> {
    let mouth = match kind {
        "happy" => "M8 14q4 4 8 0",
        "sad" => "M8 16.5q4-4 8 0",
        "meh" => "M8.5 15h7",
        // A thumb up.
        "like" => return Some("M3 10h3v10H3zM6 20h10.5a2 2 0 0 0 2-1.6l1.4-6.4A2 2 0 0 0 18 9.6h-5l.8-4a1.8 1.8 0 0 0-3.3-1.3L6 10".into()),
        _ => return None,
    };
    Some([FACE, mouth].concat())
}

/// The icon of a default mood; nothing for a site's own keys.
#[component]
pub fn MoodIcon(kind: String) -> impl IntoView {
    mood_path(&kind).map(|d| {
        view! {
            <svg class="mood" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d=d />
            </svg>
        }
    })
}
