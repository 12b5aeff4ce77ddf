//! Text to index terms. Chinese is segmented and tagged by jieba (with HMM,
//! so names missing from its dictionary still come out as words), English
//! lower-cased and stemmed (Snowball); function words, news boilerplate and
//! bare numbers are dropped. Names (people, places, organisations) are marked
//! as entities: jieba's name tags in Chinese, capitalised words in English.
//! Chinese names and key words also give their English words ([`concepts`]),
//! so both languages meet on the same terms.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use jieba_rs::Jieba;
use rust_stemmers::{Algorithm, Stemmer};

use super::concepts;

/// Loaded once, on first use (about a third of a second).
static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Words too common to say what an article is about, and news boilerplate.
#[rustfmt::skip]
const ENGLISH_STOPWORDS: &[&str] = &[
    "a", "about", "according", "across", "added", "after", "again", "all", "also", "am", "among",
    "an", "and", "another", "any", "april", "are", "around", "as", "at", "august", "be", "because",
    "been", "before", "being", "between", "both", "but", "by", "can", "could", "december", "did",
    "do", "does", "doing", "done", "down", "during", "each", "even", "february", "first", "for",
    "friday", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here",
    "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "january", "july",
    "june", "just", "last", "made", "make", "many", "march", "may", "me", "monday", "more", "most",
    "much", "must", "my", "new", "next", "no", "not", "november", "now", "october", "of", "off",
    "on", "once", "one", "only", "onto", "or", "other", "our", "out", "over", "own", "per",
    "percent", "s", "said", "same", "saturday", "say", "saying", "says", "second", "september",
    "several", "she", "should", "since", "so", "some", "such", "sunday", "t", "take", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "three",
    "through", "thursday", "to", "today", "told", "tomorrow", "tuesday", "two", "under", "up",
    "upon", "us", "very", "via", "was", "way", "we", "wednesday", "week", "weeks", "well", "were",
    "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "year", "years", "yesterday", "yet", "you", "your",
];
#[rustfmt::skip]
const CHINESE_STOPWORDS: &[&str] = &[
    "一个", "一些", "一位", "一名", "不少", "之后", "了解", "今天", "今年",
    "介绍", "他们", "以及", "但是", "其中", "其他", "可以", "同时", "因为",
    "多个", "多家", "如果", "对于", "就是", "已经", "当地", "当天", "很多",
    "我们", "所以", "报道", "指出", "据悉", "新闻", "方面", "日前", "时间",
    "昨天", "有关", "此前", "此外", "没有", "消息", "目前", "相关", "自己",
    "表示", "认为", "记者", "负责", "负责人", "近日", "近期", "还是", "这个",
    "这些", "进行", "通过", "部分",
];

/// Whether a jieba tag is one of a name: a person, a place, an organisation,
/// another proper noun.
fn is_name_tag(tag: &str) -> bool {
    matches!(tag, "nr" | "nrfg" | "nrt" | "ns" | "nt" | "nz")
}

/// Whether a jieba tag is one of the words worth translating besides names:
/// nouns, verbs, abbreviations.
fn is_key_tag(tag: &str) -> bool {
    matches!(tag, "n" | "ng" | "nl" | "v" | "vn" | "j" | "l")
}

/// Term frequencies count occurrences in this many parts: a Chinese word
/// translated into several English words gives each its share, so one word
/// weighs one occurrence in either language.
pub const PARTS_PER_OCCURRENCE: u32 = 4;

/// What an article says with a term: how much (the weighted count of its
/// occurrences, in parts) and how much of that as a name.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub freq: u32,
    name_freq: u32,
}

impl Term {
    fn add(&mut self, weight: u32, name: bool) {
        self.freq += weight;
        if name {
            self.name_freq += weight;
        }
    }

    /// Whether the article mostly uses the term as a name: "Bank" in "Bank
    /// of England" is one, but not where the article mostly says "the bank".
    pub fn is_entity(&self) -> bool {
        2 * self.name_freq > self.freq
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// The Chinese term a segmented word stands for: two or more characters, not
/// a stop word.
fn chinese_term(word: &str) -> Option<&str> {
    let ok = word.chars().nth(1).is_some()
        && word.chars().all(is_han)
        && CHINESE_STOPWORDS.binary_search(&word).is_err();
    ok.then_some(word)
}

/// Stemmed words remembered per indexing thread, up to this many: words are
/// Zipf-distributed, and stemming was a sixth of indexing time.
const REMEMBERED_STEMS: usize = 50_000;

thread_local! {
    static STEMS: RefCell<HashMap<String, Option<String>>> = RefCell::default();
}

/// The term of a Latin word: lower-cased and stemmed; numbers, single letters
/// and stop words dropped.
fn english_term(word: &str) -> Option<String> {
    STEMS.with_borrow_mut(|stems| {
        if let Some(term) = stems.get(word) {
            return term.clone();
        }
        if stems.len() >= REMEMBERED_STEMS {
            stems.clear();
        }
        let term = stem(word);
        stems.insert(word.to_owned(), term.clone());
        term
    })
}

fn stem(word: &str) -> Option<String> {
    if word.is_empty() || word.chars().all(char::is_numeric) {
        return None;
    }
    let lower = word.to_lowercase();
    if lower.chars().count() < 2 || ENGLISH_STOPWORDS.binary_search(&lower.as_str()).is_ok() {
        return None;
    }
    Some(ENGLISH.stem(&lower).into_owned())
}

/// The text in runs of Chinese characters (`true`) and of everything else.
fn runs(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let han = is_han(rest.chars().next()?);
        let end = rest.find(|c| is_han(c) != han).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((han, run))
    })
}

/// The Latin words of a run, each with whether it starts a sentence.
fn latin_words(run: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut sentence_start = true;
    run.split_inclusive(|c: char| !c.is_alphanumeric())
        .filter_map(move |piece| {
            let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
            let starts = sentence_start;
            let separator = &piece[word.len()..];
            if !word.is_empty() {
                sentence_start = false;
            }
            if separator.contains(['.', '!', '?', ':', ';', '\n']) {
                sentence_start = true;
            }
            (!word.is_empty()).then_some((word, starts))
        })
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The article's terms, from its fields (text and weight).
pub fn article_terms(fields: &[(&str, u32)]) -> HashMap<String, Term> {
    // A capitalised word that starts a sentence is a name only if the article
    // also capitalises it elsewhere ("Officials said" is not one; "Peru" is).
    let names: HashSet<String> = fields
        .iter()
        .flat_map(|(text, _)| runs(text).filter(|(han, _)| !han))
        .flat_map(|(_, run)| latin_words(run))
        .filter(|&(word, starts)| !starts && is_capitalised(word))
        .map(|(word, _)| word.to_lowercase())
        .collect();
    let mut terms = HashMap::new();
    for &(text, weight) in fields {
        let weight = weight * PARTS_PER_OCCURRENCE;
        for (han, run) in runs(text) {
            if han {
                add_chinese(run, weight, &mut terms);
            } else {
                add_latin(run, weight, &names, &mut terms);
            }
        }
    }
    terms
}

fn add_latin(run: &str, weight: u32, names: &HashSet<String>, out: &mut HashMap<String, Term>) {
    for (word, starts) in latin_words(run) {
        let entity = is_capitalised(word) && (!starts || names.contains(&word.to_lowercase()));
        if let Some(term) = english_term(word) {
            out.entry(term).or_default().add(weight, entity);
        }
    }
}

/// jieba's part-of-speech tag of a word in its dictionary; `None` for a word
/// its HMM found, which in news is mostly a name. (`Jieba::tag` would guess
/// those with its part-of-speech HMM, which quadrupled indexing time.)
fn dictionary_tag(word: &str) -> Option<&str> {
    if !JIEBA.has_word(word) {
        return None;
    }
    match JIEBA.tag(word, false).as_slice() {
        [tag] => Some(tag.tag),
        _ => Some("n"),
    }
}

fn add_chinese(run: &str, weight: u32, out: &mut HashMap<String, Term>) {
    for token in JIEBA.cut(run, true) {
        let Some(word) = chinese_term(token.word) else {
            continue;
        };
        let tag = dictionary_tag(word);
        let entity = tag.is_none_or(is_name_tag);
        let translate = entity || tag.is_some_and(is_key_tag);
        add_chinese_word(word, weight, entity, translate, out);
        // Long words are also found by their parts (search mode): 人民银行 in
        // 中国人民银行; a name's parts are parts of that name.
        if word.chars().nth(2).is_some() {
            for part in JIEBA.cut_for_search(word, false) {
                if let Some(part) = chinese_term(part.word).filter(|part| *part != word) {
                    add_chinese_word(part, weight, entity, translate, out);
                }
            }
        }
    }
}

/// Adds a Chinese word as its English when it is to be translated and the
/// dictionary has it, so that a concept counts the same between two Chinese
/// articles as between a Chinese and an English one; else as itself, and a
/// name also as its pinyin.
fn add_chinese_word(
    word: &str,
    weight: u32,
    entity: bool,
    translate: bool,
    out: &mut HashMap<String, Term>,
) {
    let mut terms: Vec<String> = Vec::new();
    if translate {
        for term in concepts::english_words(word).filter_map(english_term) {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    if terms.is_empty() {
        terms.push(word.to_owned());
        if entity {
            terms.extend(concepts::pinyin(word).as_deref().and_then(english_term));
        }
    }
    let share = (weight / terms.len() as u32).max(1);
    for term in terms {
        out.entry(term).or_default().add(share, entity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut terms: Vec<_> = article_terms(&[(text, 1)]).into_keys().collect();
        terms.sort();
        terms
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(ENGLISH_STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(CHINESE_STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn chinese_is_segmented_translated_and_without_particles() {
        let terms = terms("星澜航天的运载火箭完成了试车。");
        // 运载火箭 and its parts 运载, 火箭 as English; the name as itself.
        for word in ["carrier", "rocket", "transport", "星澜"] {
            assert!(terms.contains(&word.to_owned()), "{word}: {terms:?}");
        }
        for dropped in ["的", "了", "。", "火箭"] {
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
        assert!(terms.contains(&"chip".to_owned()), "{terms:?}");
        assert!(terms.contains(&"modem".to_owned()), "{terms:?}");
        assert!(terms.contains(&"5g".to_owned()), "{terms:?}");
    }

    #[test]
    fn names_are_entities_and_sentence_starts_are_not() {
        let terms = article_terms(&[(
            "Officials in Lima said the quake hit Peru. Peru declared an emergency. \
             The Bank of Peru said banks were shut; the bank opens next week.",
            1,
        )]);
        assert!(
            terms["peru"].is_entity() && terms["lima"].is_entity(),
            "{terms:?}"
        );
        assert!(!terms["offici"].is_entity(), "{terms:?}");
        assert!(!terms["bank"].is_entity(), "mostly a plain word: {terms:?}");
    }

    #[test]
    fn chinese_names_are_entities_in_english() {
        let terms = article_terms(&[("秘鲁南部发生地震", 1)]);
        assert!(
            terms["peru"].is_entity() && !terms.contains_key("秘鲁"),
            "{terms:?}"
        );
        assert!(terms.contains_key("earthquak"), "{terms:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_segmented_without_panic(text in "\\PC{0,200}", mixed in "([a-zA-Z]{1,8}|[\\u{4e00}-\\u{9fff}]{1,4}|[0-9 .,，。!?-]){0,40}") {
            terms(&text);
            terms(&mixed);
        }
    }
}
