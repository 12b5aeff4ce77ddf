//! The share bar: link services open the network's own share page in a new tab;
//! WeChat shows a QR code (or, inside WeChat, points at its menu); copy uses the
//! clipboard; "more" opens the browser's share sheet where there is one. Nothing
//! is fetched from any network, and nothing leaves the page before a click.
//!
//! Every button is one view type (boxed handlers) and links versus buttons is an
//! `Either`: each distinct type behind `into_any` costs kilobytes of wasm.

mod actions;
mod icons;
pub mod qr;
pub mod services;
mod wechat;

use leptos::either::Either;
use leptos::ev::MouseEvent;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::count_share;
use crate::config::WidgetConfig;
use crate::events::{emit, SHARE};
use crate::safe_url::http_url;
pub use actions::reader_opted_out;
use actions::{copy, has_native_share, native_share};
use icons::icon;
use services::{share_link, Service, Shared};
use wechat::{WeChatDialog, WeChatDialogRefs};

type OnClick = Box<dyn FnMut(MouseEvent)>;

#[component]
pub fn ShareBar(
    config: WidgetConfig,
    url: String,
    title: String,
    summary: String,
    services: Vec<Service>,
) -> impl IntoView {
    let lang = config.lang;
    let s = lang.strings();
    // Hostile or relative article URLs are never shared.
    let url = http_url(&url).map(str::to_owned).unwrap_or_default();
    let announcement = RwSignal::new(None::<&'static str>);
    let wechat = WeChatDialogRefs::new();
    let bar = NodeRef::<Div>::new();
    let config = StoredValue::new(config);
    // Counted on our server and told to the host page.
    let counted = move |service: Service| {
        let config = config.get_value();
        count_share(&config, service.key());
        emit(&config, SHARE, &[("service", service.key().into())]);
    };
    let native = has_native_share();
    let shows_wechat = services.contains(&Service::WeChat);
    let shows_hint = services.contains(&Service::Native) && !native;

    let on_click = |service: Service| -> OnClick {
        let (url, title, summary) = (url.clone(), title.clone(), summary.clone());
        Box::new(move |_| {
            counted(service);
            match service {
                Service::WeChat => wechat.set_open(!wechat.is_open()),
                Service::Native => native_share(&url, &title, &summary),
                _ => {
                    let url = url.clone();
                    let shadow = bar
                        .get_untracked()
                        .and_then(|el| el.get_root_node().dyn_into().ok());
                    spawn_local(async move {
                        let copied = copy(&url, shadow).await;
                        announcement.try_set(Some(if copied { s.copied } else { s.copy_failed }));
                    });
                }
            }
        })
    };

    let shared = Shared {
        url: &url,
        title: &title,
        summary: &summary,
    };
    let items = services
        .iter()
        .filter(|service| **service != Service::Native || native)
        .filter_map(|&service| {
            let name = service.name(lang);
            let control = match service {
                Service::WeChat | Service::Copy | Service::Native => {
                    let is_wechat = service == Service::WeChat;
                    let node_ref = if is_wechat { wechat.trigger } else { NodeRef::new() };
                    Either::Right(view! {
                        <button
                            type="button"
                            class="share"
                            part="share-button"
                            node_ref=node_ref
                            aria-haspopup=is_wechat.then_some("dialog")
                            aria-expanded=is_wechat.then_some("false")
                            on:click=on_click(service)
                        >
                            {icon(service)}<span>{name}</span>
                        </button>
                    })
                }
                _ => {
                    let href = share_link(service, &shared)?;
                    Either::Left(view! {
                        <a class="share" part="share-button" href=href target="_blank" rel="noopener noreferrer" on:click=move |_| counted(service)>
                            {icon(service)}<span>{name}</span>
                        </a>
                    })
                }
            };
            Some(view! { <li>{control}</li> })
        })
        .collect_view();

    // The label is the group's name for assistive technology; shown, it is decoration.
    (!url.is_empty()).then(|| {
        view! {
            <div class="share-bar part" part="share" role="group" aria-label=s.share_title node_ref=bar>
                <ul class="row">
                    <li class="share-label" aria-hidden="true">{s.share_title}</li>
                    {items}
                    {shows_hint.then(|| view! { <li class="hint">{s.native_hint}</li> })}
                </ul>
                {shows_wechat.then(|| view! { <WeChatDialog url=url.clone() lang refs=wechat /> })}
                <p class="toast" role="status" aria-live="polite">{move || announcement.get()}</p>
            </div>
        }
    })
}
