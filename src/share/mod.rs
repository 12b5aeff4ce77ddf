//! The share bar: link services open the network's own share page in a new tab;
//! WeChat shows a QR code (or, inside WeChat, points at its menu); copy uses the
//! clipboard; "more" opens the browser's share sheet where there is one. Nothing
//! is fetched from any network, and nothing leaves the page before a click.
//! One click listener on the bar serves every control (`data-service`).

mod actions;
mod icons;
pub mod qr;
pub mod services;
mod wechat;

use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::Node;

use crate::api::count_share;
use crate::config::WidgetConfig;
use crate::dom::{child, closest, on, set};
use crate::events::{emit, SHARE};
use crate::safe_url::http_url;
pub use actions::reader_opted_out;
use actions::{copy, has_native_share, native_share};
use icons::icon;
use services::{share_link, Service, Shared};
use wechat::WeChatDialog;

/// Appends the share bar for the article to `parent`; nothing for an article
/// URL that is not `http(s)` (hostile or relative URLs are never shared).
pub fn share_bar(parent: &Node, config: WidgetConfig, shared: Shared, services: Vec<Service>) {
    let Some(url) = http_url(shared.url).map(str::to_owned) else {
        return;
    };
    let lang = config.lang;
    let s = lang.strings();
    // The label names the group for assistive technology; shown, it is decoration.
    let bar = child(parent, "div", "share-bar part", "");
    set(
        &bar,
        &[
            ("part", "share"),
            ("role", "group"),
            ("aria-label", s.share_title),
        ],
    );
    let row = child(&bar, "ul", "row", "");
    set(
        &child(&row, "li", "share-label", s.share_title),
        &[("aria-hidden", "true")],
    );

    let native = has_native_share();
    let shows_hint = services.contains(&Service::Native) && !native;
    let mut wechat_button = None;
    for service in services {
        if service == Service::Native && !native {
            continue;
        }
        let link = share_link(service, &shared);
        let item = child(&row, "li", "", "");
        let control = match &link {
            Some(href) => {
                let a = child(&item, "a", "share", "");
                set(
                    &a,
                    &[
                        ("href", href),
                        ("target", "_blank"),
                        ("rel", "noopener noreferrer"),
                    ],
                );
                a
            }
            None if matches!(service, Service::WeChat | Service::Copy | Service::Native) => {
                let button = child(&item, "button", "share", "");
                set(&button, &[("type", "button")]);
                button
            }
            None => {
                item.remove();
                continue;
            }
        };
        set(
            &control,
            &[("part", "share-button"), ("data-service", service.key())],
        );
        icon(&control, service);
        child(&control, "span", "", service.name(lang));
        if service == Service::WeChat {
            set(
                &control,
                &[("aria-haspopup", "dialog"), ("aria-expanded", "false")],
            );
            wechat_button = Some(control);
        }
    }
    if shows_hint {
        child(&row, "li", "hint", s.native_hint);
    }
    let wechat = wechat_button.map(|button| WeChatDialog::build(&bar, button, &url, lang));
    let toast = child(&bar, "p", "toast", "");
    set(&toast, &[("role", "status"), ("aria-live", "polite")]);

    let (title, summary) = (shared.title.to_owned(), shared.summary.to_owned());
    on(&bar, "click", move |event| {
        let Some(service) = closest(&event, "[data-service]")
            .and_then(|control| control.get_attribute("data-service"))
            .and_then(|key| Service::parse(&key))
        else {
            return;
        };
        // Counted on our server and told to the host page.
        count_share(&config, service.key());
        emit(&config, SHARE, &[("service", service.key().into())]);
        match service {
            Service::WeChat => {
                if let Some(wechat) = &wechat {
                    wechat.set_open(!wechat.is_open());
                }
            }
            Service::Native => native_share(&url, &title, &summary),
            Service::Copy => {
                let (url, toast) = (url.clone(), toast.clone());
                let shadow = toast.get_root_node().dyn_into().ok();
                spawn_local(async move {
                    let copied = copy(&url, shadow).await;
                    toast.set_text_content(Some(if copied { s.copied } else { s.copy_failed }));
                });
            }
            _ => {}
        }
    });
}
