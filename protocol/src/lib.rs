//! The JSON shapes exchanged between the newscard widget and its server.
//!
//! Only `serde` is allowed here: the widget compiles this crate to wasm, so every
//! dependency added here is paid for in the bundle size. The `openapi` feature
//! (the server's only) derives utoipa's `ToSchema` for the OpenAPI document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What the article card shows. Every field is untrusted text: the widget renders
/// it as text nodes, never as HTML.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleCard {
    /// Canonical URL of the article; always `http(s)`, checked by the server.
    pub url: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Where the article comes from, e.g. the newspaper that first printed it.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub editor: String,
    /// Breadcrumb from the site's home page down to the article's section.
    #[serde(default)]
    pub section: Vec<String>,
    /// Publication time, RFC 3339 (e.g. `2025-03-25T09:09:00+08:00`).
    pub published_at: String,
    /// Last update, RFC 3339, when the publisher gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Lead image, `http(s)`, checked by the server; empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
}

/// One entry of the related-reading list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedItem {
    /// Always `http(s)` on one of the site's registered hosts.
    pub url: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// RFC 3339.
    pub published_at: String,
    /// Thumbnail, `http(s)`; empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
}

/// A page of related reading: `GET /api/v1/sites/{site}/related?article=URL&cursor=C&limit=N`,
/// and the first page inside the widget bootstrap.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RelatedPage {
    pub items: Vec<RelatedItem>,
    /// Opaque; pass it back as `cursor` for the next page. `None` at the end.
    pub next: Option<String>,
}

/// Everything the widget needs to render, answered by one request:
/// `GET /api/v1/sites/{site}/widget?article=URL`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetBootstrap {
    pub card: ArticleCard,
    /// The site's reaction keys, in display order.
    pub reaction_kinds: Vec<String>,
    pub reactions: Reactions,
    /// The site's share services, in order; empty: the widget's default for its language.
    #[serde(default)]
    pub share: Vec<String>,
    /// The first page of related reading.
    #[serde(default)]
    pub related: RelatedPage,
}

/// Every share service the widget knows, by key.
pub const SHARE_SERVICES: [&str; 12] = [
    "wechat", "weibo", "qq", "qzone", "x", "facebook", "linkedin", "telegram", "whatsapp", "email",
    "copy", "native",
];

/// Body of `POST /api/v1/sites/{site}/shares`: one share click, counted and
/// nothing else (no reader id).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareClick {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://news.example/2025/03/25/tech-abroad")
    )]
    pub article: String,
    /// One of `wechat`, `weibo`, `qq`, `qzone`, `x`, `facebook`, `linkedin`,
    /// `telegram`, `whatsapp`, `email`, `copy`, `native`.
    #[cfg_attr(feature = "openapi", schema(example = "weibo"))]
    pub service: String,
}

/// The article's URL as a QR code, for WeChat readers to scan: one SVG path of
/// unit squares (`M3 4h1v1h-1z…`), `size` modules across, without the quiet zone.
/// Answer of `GET /api/v1/sites/{site}/shares/qr?article=URL`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCode {
    #[cfg_attr(feature = "openapi", schema(example = 25))]
    pub size: u32,
    #[cfg_attr(feature = "openapi", schema(example = "M0 0h1v1h-1zM1 0h1v1h-1z"))]
    pub path: String,
}

/// Answer of `GET /api/v1/sites/{site}/shares?article=URL` (and of the POST).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareCounts {
    /// Clicks per service key; services never clicked are left out.
    pub counts: BTreeMap<String, u64>,
}

/// Reaction counts of one article, and the asking reader's own reaction.
/// Answer of `GET`, `PUT` and `DELETE /api/v1/sites/{site}/reactions`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reactions {
    /// Count per reaction key; keys with no reactions may be missing.
    pub counts: BTreeMap<String, u64>,
    /// The reader's reaction, when a reader id was given and has reacted.
    #[serde(default)]
    pub mine: Option<String>,
}

/// Body of `PUT /api/v1/sites/{site}/reactions`: set or change a reaction.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetReaction {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://news.example/2025/03/25/tech-abroad")
    )]
    pub article: String,
    /// The reader's random id, 16-64 of `[A-Za-z0-9_-]`.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[A-Za-z0-9_-]{16,64}$",
            example = "3f2a9c0d41b7e6a85d1c2b3a4f5e6d7c"
        )
    )]
    pub reader: String,
    /// One of the site's reaction keys.
    #[cfg_attr(feature = "openapi", schema(example = "happy"))]
    pub reaction: String,
}

/// Body of `DELETE /api/v1/sites/{site}/reactions`: retract the reader's reaction.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetractReaction {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://news.example/2025/03/25/tech-abroad")
    )]
    pub article: String,
    /// The reader's random id, 16-64 of `[A-Za-z0-9_-]`.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^[A-Za-z0-9_-]{16,64}$",
            example = "3f2a9c0d41b7e6a85d1c2b3a4f5e6d7c"
        )
    )]
    pub reader: String,
}

/// Answer of `GET /api/v1/sites/{site}/ranking?reaction=K&window=24h`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub reaction: String,
    pub items: Vec<RankedArticle>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedArticle {
    pub url: String,
    pub title: String,
    /// Reactions of the asked kind set within the window.
    pub count: u64,
}

/// Body of `PUT /api/v1/sites/{site}/articles` (and an entry of an import file):
/// an article as a publisher submits it. The server validates every field.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    /// Canonical URL, `http(s)` on one of the site's hosts.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://news.example/2025/03/25/tech-abroad")
    )]
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(example = "Tech abroad"))]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Plain text, used for related reading only.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub editor: String,
    /// Breadcrumb from the site's home page down to the article's section.
    #[serde(default)]
    pub section: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Lead image, `http(s)` (any host: images often live on a CDN).
    #[serde(default)]
    pub image: String,
    /// RFC 3339.
    #[cfg_attr(feature = "openapi", schema(example = "2025-03-25T09:09:00+08:00"))]
    pub published_at: String,
    /// RFC 3339.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// Answer of the publisher's writes: how many articles were stored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub imported: u64,
}

/// The body of every 4xx/5xx answer: `{"error": {"code": "...", "message": "..."}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable, e.g. `article_not_found`.
    pub code: String,
    /// For humans reading logs; the widget shows its own localized text.
    pub message: String,
}

/// Error codes the widget reacts to specifically.
pub mod codes {
    pub const ARTICLE_NOT_FOUND: &str = "article_not_found";
    pub const SITE_NOT_FOUND: &str = "site_not_found";
    pub const RATE_LIMITED: &str = "rate_limited";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_optional_fields_default_to_empty() {
        let card: ArticleCard = serde_json::from_str(
            r#"{"url":"https://a.example/x","title":"T","published_at":"2025-03-25T09:09:00+08:00"}"#,
        )
        .unwrap();
        assert_eq!(card.summary, "");
        assert!(card.section.is_empty());
    }

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: codes::ARTICLE_NOT_FOUND.into(),
                message: "no such article".into(),
            },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"article_not_found","message":"no such article"}}"#
        );
    }
}
