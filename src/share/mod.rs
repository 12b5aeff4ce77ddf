//! The share bar: link services open the network's own share page in a new tab;
//! WeChat shows a QR code (or, inside WeChat, points at its menu); copy uses the
//! clipboard; "more" opens the browser's share sheet where there is one. Nothing
//! is fetched from any network, and nothing leaves the page before a click.

mod actions;
mod icons;
pub mod services;
mod wechat;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newscard_protocol::ArticleCard as Card;
use wasm_bindgen::JsCast;
use web_sys::{MouseEvent, Node, ShadowRoot};

use crate::api::count_share;
use crate::context::use_widget;
use crate::events::{emit, SHARE};
use crate::i18n::Lang;
use crate::safe_url::http_url;
pub use actions::reader_opted_out;
use actions::{copy, has_native_share, native_share};
use icons::ShareIcon;
use services::{share_link, Service, Shared};
use wechat::{focus_when, WeChatDialog};

/// The share bar for the article, for a Leptos app: built again when a prop
/// changes; nothing for an article URL that is not `http(s)`. Shares are
/// counted on the server of the widget context (`provide_widget_context`).
///
/// ```no_run
/// use leptos::prelude::*;
/// use newscard::protocol::ArticleCard as Card;
/// use newscard::{Lang, Service, ShareBar};
///
/// fn share(card: Signal<Card>) -> impl IntoView {
///     view! { <ShareBar card services=vec![Service::Weibo, Service::Copy] lang=Lang::Zh /> }
/// }
/// ```
#[component]
pub fn ShareBar(
    /// The article shared: its URL, title and summary.
    #[prop(into)]
    card: Signal<Card>,
    /// The services offered, in order.
    #[prop(into)]
    services: Signal<Vec<Service>>,
    /// The reader's language.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    move || view! { <ShareBarView card=card.get() services=services.get() lang=lang.get() /> }
}

/// The share bar for `NewsCard`, which builds it again itself: plain props
/// keep signal types, each a copy of Leptos' signal code, out of the widget.
/// Nothing for an article URL that is not `http(s)` (hostile or relative URLs
/// are never shared).
#[component]
pub(crate) fn ShareBarView(
    /// The article shared: its URL, title and summary.
    card: Card,
    /// The services offered, in order.
    services: Vec<Service>,
    /// The reader's language.
    lang: Lang,
) -> impl IntoView {
    let widget = StoredValue::new(use_widget());
    let native = has_native_share();
    let wechat_open = RwSignal::new(false);
    // What the copy button last achieved, announced in the live region.
    let toast = RwSignal::new(String::new());
    // On a narrow screen the row shows the first services and this control;
    // it shows the rest (the row then scrolls sideways).
    let expanded = RwSignal::new(false);

    let Card {
        url,
        title,
        summary,
        ..
    } = card;
    let url = http_url(&url).map(str::to_owned)?;
    // Counted on our server and told to the host page, then done.
    let chosen = {
        let (url, title, summary) = (url.clone(), title.clone(), summary.clone());
        move |service: Service, event: MouseEvent| {
            let widget = widget.get_value();
            count_share(&widget, &widget.article.get_untracked(), service.key());
            emit(&widget, SHARE, &[("service", service.key().into())]);
            match service {
                Service::WeChat => wechat_open.update(|open| *open = !*open),
                Service::Native => native_share(&url, &title, &summary),
                Service::Copy => {
                    let (url, shadow) = (url.clone(), shadow_of(&event));
                    spawn_local(async move {
                        let s = lang.strings();
                        let done = copy(&url, shadow).await;
                        toast.set(if done { s.copied } else { s.copy_failed }.to_owned());
                    });
                }
                _ => {}
            }
        }
    };
    let shared = Shared {
        url: &url,
        title: &title,
        summary: &summary,
    };
    let shows_hint = services.contains(&Service::Native) && !native;
    let has_wechat = services.contains(&Service::WeChat);
    let controls = services
        .into_iter()
        .filter(|service| *service != Service::Native || native)
        .filter_map(|service| {
            let chosen = chosen.clone();
            let on_click = move |event: MouseEvent| chosen(service, event);
            let label = service.name(lang);
            let inner = view! { <ShareIcon service /><span>{label}</span> };
            let control = match (service, share_link(service, &shared)) {
                (_, Some(href)) => EitherOf3::A(view! {
                    <a class="share" href=href target="_blank" rel="noopener noreferrer"
                        part="share-button" data-service=service.key() on:click=on_click>
                        {inner}
                    </a>
                }),
                (Service::WeChat, None) => EitherOf3::B(view! {
                    <button class="share" type="button" part="share-button"
                        data-service=service.key() aria-haspopup="dialog"
                        aria-expanded=move || wechat_open.get().to_string()
                        use:focus_when=(wechat_open, false) on:click=on_click>
                        {inner}
                    </button>
                }),
                (Service::Copy | Service::Native, None) => EitherOf3::C(view! {
                    <button class="share" type="button" part="share-button"
                        data-service=service.key() on:click=on_click>
                        {inner}
                    </button>
                }),
                _ => return None,
            };
            Some(view! { <li class="service">{control}</li> })
        })
        .collect_view();
    Some(view! {
        // The label names the group for assistive technology; shown, it is decoration.
        <div class="share-bar part" class:expanded=expanded part="share" role="group"
            aria-label=lang.strings().share_title>
            <ul class="row">
                <li class="share-label" aria-hidden="true">{lang.strings().share_title}</li>
                {controls}
                {shows_hint.then(|| view! { <li class="hint">{lang.strings().native_hint}</li> })}
                <li class="more-services">
                    <button class="share" type="button" part="share-button"
                        aria-label=lang.strings().more_services
                        aria-expanded=move || expanded.get().to_string()
                        on:click=move |_| expanded.update(|open| *open = !*open)>
                        {"···"}
                    </button>
                </li>
            </ul>
            {has_wechat.then(|| view! {
                <WeChatDialog open=wechat_open url lang />
            })}
            <p class="toast" role="status" aria-live="polite">{toast}</p>
        </div>
    })
}

/// The shadow root the clicked control lives in, where the copy fallback puts
/// its textarea.
fn shadow_of(event: &MouseEvent) -> Option<ShadowRoot> {
    let control: Node = event.current_target()?.dyn_into().ok()?;
    control.get_root_node().dyn_into().ok()
}
