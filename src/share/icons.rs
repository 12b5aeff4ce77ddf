//! Share icons: inline SVG badges bundled in the wasm, so no icon font and no
//! request to any social network. A letter where the network is known by one;
//! a drawn glyph for the actions, which no font is sure to have.

use leptos::either::Either;
use leptos::prelude::*;

use super::services::Service;

/// What a badge shows on its coloured disc.
enum Glyph {
    Letter(&'static str),
    /// An SVG path, stroked in white.
    Drawn(&'static str),
}

/// Badge colour class and glyph of a service.
fn badge(service: Service) -> (&'static str, Glyph) {
    use Glyph::*;
    match service {
        Service::WeChat => ("icon wechat", Letter("微")),
        Service::Weibo => ("icon weibo", Letter("博")),
        Service::Qq => ("icon qq", Letter("Q")),
        Service::Qzone => ("icon qzone", Letter("空")),
        Service::X => ("icon x", Letter("X")),
        Service::Facebook => ("icon facebook", Letter("f")),
        Service::LinkedIn => ("icon linkedin", Letter("in")),
        Service::Telegram => (
            "icon telegram",
            Drawn("M18 6 6 11l4.5 1.5L12 17zm-7.5 6.5L18 6"),
        ),
        Service::WhatsApp => ("icon whatsapp", Letter("W")),
        Service::Email => ("icon email", Letter("@")),
        // Two sheets, one over the other.
        Service::Copy => ("icon copy", Drawn("M10 10h7v8h-7zm4 0V7H7v8h3")),
        // An arrow out of a box.
        Service::Native => ("icon native", Drawn("M12 14V6m-3 3 3-3 3 3M8 12v5h8v-5")),
    }
}

/// The disc's radius: it fills the 24-unit view box.
const RADIUS: &str = "12";

#[component]
pub fn ShareIcon(service: Service) -> impl IntoView {
    let (class, glyph) = badge(service);
    let glyph = match glyph {
        Glyph::Letter(letter) => Either::Left(view! {
            <text x=RADIUS y="16.5" text-anchor="middle">{letter}</text>
        }),
        Glyph::Drawn(path) => Either::Right(view! { <path d=path /> }),
    };
    view! {
        <svg class=class viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx=RADIUS cy=RADIUS r=RADIUS />
            {glyph}
        </svg>
    }
}
