//! Text to index terms: Chinese segmented by jieba (search mode, with HMM so
//! names missing from its dictionary still come out as words), English
//! lower-cased and stemmed (Snowball), function words and bare numbers dropped.

use std::collections::HashMap;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};

/// Loaded once, on first use (about a third of a second).
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words too common to say what an article is about.
const ENGLISH_STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "last", "more", "most", "new", "no", "not", "now", "of", "on", "one", "or", "our", "out",
    "over", "said", "says", "she", "so", "some", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "two", "up", "us", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "will", "with", "would", "year", "you",
];
const CHINESE_STOPWORDS: &[&str] = &[
    "一个", "我们", "他们", "表示", "记者", "目前", "已经", "今年", "进行", "以及", "没有", "这个",
    "这些", "可以", "其中", "因为", "所以", "但是", "如果", "还是", "就是", "自己", "通过", "对于",
    "相关", "方面", "之后", "此前", "日前", "近日", "介绍", "认为", "其他", "一些",
];

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The term a segmented word stands for, if it says anything: Chinese words of
/// two or more characters, Latin words stemmed; single Chinese characters
/// (mostly particles), punctuation and numbers dropped.
fn term(word: &str) -> Option<String> {
    let word = word.trim();
    let mut chars = word.chars();
    let first = chars.next()?;
    if is_han(first) {
        let ok = chars.next().is_some() && word.chars().all(is_han);
        return (ok && !CHINESE_STOPWORDS.contains(&word)).then(|| word.to_owned());
    }
    if !word.chars().all(char::is_alphanumeric) || word.chars().all(|c| c.is_numeric()) {
        return None;
    }
    let lower = word.to_lowercase();
    if lower.chars().count() < 2 || ENGLISH_STOPWORDS.binary_search(&lower.as_str()).is_ok() {
        return None;
    }
    Some(ENGLISH.stem(&lower).into_owned())
}

/// Adds `weight` to every term of `text` in `out`.
pub fn add_terms(text: &str, weight: u32, out: &mut HashMap<String, u32>) {
    for token in JIEBA.cut_for_search(text, true) {
        if let Some(term) = term(token.word) {
            *out.entry(term).or_default() += weight;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut out = HashMap::new();
        add_terms(text, 1, &mut out);
        let mut terms: Vec<_> = out.into_keys().collect();
        terms.sort();
        terms
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(ENGLISH_STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn chinese_is_segmented_into_words_without_particles() {
        let terms = terms("星澜航天的运载火箭完成了试车。");
        for word in ["运载", "火箭", "试车", "航天"] {
            assert!(terms.contains(&word.to_owned()), "{word}: {terms:?}");
        }
        for dropped in ["的", "了", "。"] {
            assert!(!terms.contains(&dropped.to_owned()), "{dropped}: {terms:?}");
        }
    }

    #[test]
    fn english_is_stemmed_and_common_words_dropped() {
        assert_eq!(
            terms("The Councils said flooding of the harbour floods 2025 roads, again!"),
            ["council", "flood", "harbour", "road"]
        );
    }

    #[test]
    fn mixed_text_keeps_both() {
        let terms = terms("芯片公司发布5G Modem");
        assert!(terms.contains(&"芯片".to_owned()), "{terms:?}");
        assert!(terms.contains(&"modem".to_owned()), "{terms:?}");
        assert!(terms.contains(&"5g".to_owned()), "{terms:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_segmented_without_panic(text in "\\PC{0,200}", mixed in "([a-zA-Z]{1,8}|[\\u{4e00}-\\u{9fff}]{1,4}|[0-9 .,，。!?-]){0,40}") {
            terms(&text);
            terms(&mixed);
        }
    }
}
