//! A title that links to its article in a new tab, or stays plain text when
//! the URL is not `http(s)` (hostile or relative URLs are never followed).

use leptos::either::Either;
use leptos::prelude::*;

use crate::safe_url::http_url;

/// `label` as a link to `url`, or as text.
#[component]
pub fn ArticleLink(
    /// The article's URL.
    #[prop(into)]
    url: String,
    /// The text shown, always as text.
    #[prop(into)]
    label: String,
    /// The link's class, if any.
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    match http_url(&url) {
        Some(href) => Either::Left(view! {
            <a class=class href=href.to_owned() target="_blank" rel="noopener">{label}</a>
        }),
        None => Either::Right(label),
    }
}
