//! The opaque `next` cursor of a related page: which ranking (the site's
//! generation when it was made), where the next page starts, and a check that
//! it belongs to this site and article.

use super::stable_hash;

/// Where the next page starts in the ranking made at `generation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub generation: i64,
    pub offset: usize,
}

/// Stable across builds, so cursors outlive a restart or an upgrade.
fn fingerprint(site: &str, article: &str) -> u64 {
    stable_hash(site.bytes().chain([0xff]).chain(article.bytes()))
}

impl Cursor {
    pub fn encode(self, site: &str, article: &str) -> String {
        format!(
            "{:x}.{:x}.{:016x}",
            self.generation,
            self.offset,
            fingerprint(site, article)
        )
    }

    /// The cursor, if `raw` is one made for this site and article.
    pub fn decode(raw: &str, site: &str, article: &str) -> Option<Self> {
        let mut parts = raw.split('.');
        let generation = i64::from_str_radix(parts.next()?, 16).ok()?;
        let offset = usize::from_str_radix(parts.next()?, 16).ok()?;
        let check = u64::from_str_radix(parts.next()?, 16).ok()?;
        (parts.next().is_none() && check == fingerprint(site, article))
            .then_some(Self { generation, offset })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_only_for_its_own_article() {
        let cursor = Cursor {
            generation: 4711,
            offset: 10,
        };
        let raw = cursor.encode("demo", "https://news.example/a");
        assert_eq!(
            Cursor::decode(&raw, "demo", "https://news.example/a"),
            Some(cursor)
        );
        assert_eq!(Cursor::decode(&raw, "demo", "https://news.example/b"), None);
        assert_eq!(
            Cursor::decode(&raw, "other", "https://news.example/a"),
            None
        );
        for bad in [
            "",
            "garbage",
            "1.2",
            "1.2.3.4",
            &format!("{raw}.0"),
            "-1.-1.-1",
        ] {
            assert_eq!(
                Cursor::decode(bad, "demo", "https://news.example/a"),
                None,
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_decodes_to_a_cursor_or_none(raw in "\\PC*", hexish in "[0-9a-f.-]{0,60}") {
            for raw in [&raw, &hexish] {
                if let Some(cursor) = Cursor::decode(raw, "demo", "https://news.example/a") {
                    assert_eq!(
                        Cursor::decode(&cursor.encode("demo", "https://news.example/a"), "demo", "https://news.example/a"),
                        Some(cursor)
                    );
                }
            }
        }
    }
}
