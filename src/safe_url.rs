//! Every URL from the server or the host page is hostile until checked: only
//! absolute `http(s)` URLs ever become links.

/// The URL itself if it is absolute `http:` or `https:`, else `None`.
pub fn http_url(raw: &str) -> Option<&str> {
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    let is_http = lower.starts_with("https://") || lower.starts_with("http://");
    // Control characters and spaces can smuggle a different scheme past parsers.
    let clean = !raw.chars().any(|c| c.is_control() || c == ' ');
    (is_http && clean).then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::http_url;

    #[test]
    fn only_absolute_http_urls_pass() {
        assert_eq!(
            http_url("https://news.example/a"),
            Some("https://news.example/a")
        );
        assert_eq!(
            http_url("HTTP://news.example/"),
            Some("HTTP://news.example/")
        );
        for raw in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "//news.example/a",
            "/a",
            "https://news.example/\n",
            "",
        ] {
            assert_eq!(http_url(raw), None, "{raw:?}");
        }
    }
}
