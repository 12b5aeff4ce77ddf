//! Share icons: inline SVG badges bundled in the wasm, so no icon font and no
//! request to any social network.

use web_sys::Node;

use super::services::Service;
use crate::dom::svg_child;

/// Badge colour class and glyph of a service.
fn badge(service: Service) -> (&'static str, &'static str) {
    match service {
        Service::WeChat => ("icon wechat", "微"),
        Service::Weibo => ("icon weibo", "博"),
        Service::Qq => ("icon qq", "Q"),
        Service::Qzone => ("icon qzone", "空"),
        Service::X => ("icon x", "X"),
        Service::Facebook => ("icon facebook", "f"),
        Service::LinkedIn => ("icon linkedin", "in"),
        Service::Telegram => ("icon telegram", "➤"),
        Service::WhatsApp => ("icon whatsapp", "W"),
        Service::Email => ("icon email", "@"),
        Service::Copy => ("icon copy", "⧉"),
        Service::Native => ("icon native", "↗"),
    }
}

pub fn icon(parent: &Node, service: Service) {
    let (class, glyph) = badge(service);
    let svg = svg_child(
        parent,
        "svg",
        &[
            ("class", class),
            ("viewBox", "0 0 24 24"),
            ("aria-hidden", "true"),
            ("focusable", "false"),
        ],
    );
    svg_child(&svg, "circle", &[("cx", "12"), ("cy", "12"), ("r", "12")]);
    let text = svg_child(
        &svg,
        "text",
        &[("x", "12"), ("y", "16.5"), ("text-anchor", "middle")],
    );
    text.set_text_content(Some(glyph));
}
