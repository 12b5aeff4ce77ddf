//! When an article was published, in the reader's language and time zone.

use leptos::prelude::*;

use crate::i18n::{format_time, Lang};

/// A `<time>`, machine-readable in `datetime`.
#[component]
pub fn PublishedTime(
    /// RFC 3339, as the server sends it.
    #[prop(into)]
    at: String,
    lang: Lang,
) -> impl IntoView {
    let text = format_time(&at, lang);
    view! { <time datetime=at>{text}</time> }
}
