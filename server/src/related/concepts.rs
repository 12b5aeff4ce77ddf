//! Chinese words as English words, through CC-CEDICT: Chinese and English
//! articles of one story then share index terms (秘鲁 → "Peru", 降息 → "lower",
//! "interest", "rates"). Names the dictionary does not translate get their
//! pinyin, which is how English spells them (甘肃 → "gansu", 远驰 → "yuanchi").
//!
//! The table (`cedict.tsv`, written by `cedict.py` from the data the
//! `chinese_dictionary` crate ships) is embedded: the crate itself keeps its
//! whole dictionary in memory, 104 MB, where this map of borrowed lines costs
//! a few.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Word -> (pinyin without tones, English words separated by spaces).
static TABLE: LazyLock<HashMap<&str, (&str, &str)>> = LazyLock::new(|| {
    include_str!("cedict.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?, (fields.next()?, fields.next()?)))
        })
        .collect()
});

/// The English words of the word's common senses, in order; none when the
/// dictionary does not translate it.
pub fn english_words(word: &str) -> impl Iterator<Item = &'static str> {
    let english = TABLE.get(word).map_or("", |&(_, english)| english);
    english.split(' ').filter(|word| !word.is_empty())
}

/// The word's pinyin without tones or spaces, from the word's own entry or
/// else character by character; `None` when a character is unknown.
pub fn pinyin(word: &str) -> Option<String> {
    if let Some(&(pinyin, _)) = TABLE.get(word) {
        return Some(pinyin.to_owned());
    }
    word.chars()
        .map(|c| Some(TABLE.get(c.encode_utf8(&mut [0; 4]) as &str)?.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_have_their_english() {
        assert_eq!(english_words("秘鲁").collect::<Vec<_>>(), ["Peru"]);
        assert!(english_words("地震").any(|word| word == "earthquake"));
        assert_eq!(english_words("不存在的词").count(), 0);
    }

    #[test]
    fn names_have_their_pinyin() {
        assert_eq!(pinyin("甘肃").as_deref(), Some("gansu"));
        // Not in the dictionary: spelled character by character.
        assert_eq!(pinyin("远驰").as_deref(), Some("yuanchi"));
    }
}
