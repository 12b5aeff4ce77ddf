//! Share icons: inline SVG badges bundled in the wasm, so no icon font and no
//! request to any social network.

use leptos::prelude::*;

use super::services::Service;

/// Badge colour class and glyph of a service.
fn badge(service: Service) -> (&'static str, &'static str) {
    match service {
        Service::WeChat => ("wechat", "微"),
        Service::Weibo => ("weibo", "博"),
        Service::Qq => ("qq", "Q"),
        Service::Qzone => ("qzone", "空"),
        Service::X => ("x", "X"),
        Service::Facebook => ("facebook", "f"),
        Service::LinkedIn => ("linkedin", "in"),
        Service::Telegram => ("telegram", "➤"),
        Service::WhatsApp => ("whatsapp", "W"),
        Service::Email => ("email", "@"),
        Service::Copy => ("copy", "⧉"),
        Service::Native => ("native", "↗"),
    }
}

pub fn icon(service: Service) -> impl IntoView {
    let (class, glyph) = badge(service);
    view! {
        <svg class=format!("icon {class}") viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            // A block, not a literal: no static subtrees (see lib.rs).
            <circle cx="12" cy="12" r={"12"}></circle>
            <text x="12" y="16.5" text-anchor="middle">{glyph}</text>
        </svg>
    }
}
