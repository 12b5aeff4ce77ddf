//! A lazily loaded, decorative image (the title beside it says what it is).

use leptos::prelude::*;

use crate::safe_url::http_url;

/// The image at `src` in a box whose size the stylesheet fixes, so loading it
/// shifts nothing; nothing for an empty or non-`http(s)` URL.
#[component]
pub fn LazyImage(
    /// The image's URL.
    #[prop(into)]
    src: String,
    /// The class that sizes its box.
    class: &'static str,
) -> impl IntoView {
    http_url(&src).map(|src| {
        view! { <img class=class src=src.to_owned() alt="" loading="lazy" decoding="async" /> }
    })
}
