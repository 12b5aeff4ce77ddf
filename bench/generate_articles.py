"""Writes N generated articles (a JSON array for `newscard-server import`) to stdout,
half Chinese, half English, shaped like real news text: words drawn from a
30,000-word vocabulary per language with Zipf frequencies (a few words very
common, most rare), and 2,000 stories of 50 articles, each story with its own
six less common words. Chinese words are separated by spaces: glued together,
random words would make jieba cut new "words" across their edges, which real
text (made of words in its dictionary) does not. Deterministic (seeded)."""
import itertools
import json
import random
import sys

n = int(sys.argv[1])
rng = random.Random(42)
VOCABULARY = 30_000
STORIES = 2_000

zh_chars = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
            "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外"
            "天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者"
            "最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根"
            "论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什")
syllables = [c + v for c in "bcdfghklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ar", "en", "il")]


def vocabulary(make):
    words = []
    seen = set()
    while len(words) < VOCABULARY:
        word = make()
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


zh_words = vocabulary(lambda: "".join(rng.sample(zh_chars, rng.choice((2, 2, 2, 3)))))
en_words = vocabulary(lambda: "".join(rng.choice(syllables) for _ in range(rng.choice((1, 2, 2, 3)))))
zipf = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(VOCABULARY)))
# A story's own words come from the middle of the vocabulary: names, places, subjects.
stories = [rng.sample(range(500, 20_000), 6) for _ in range(STORIES)]


def text(words, story, length, share):
    common = rng.choices(words, cum_weights=zipf, k=length)
    return " ".join(words[rng.choice(story)] if rng.random() < share else word for word in common)


out = sys.stdout
out.write("[")
for i in range(n):
    story = i % STORIES
    zh = story % 2 == 1
    words = zh_words if zh else en_words
    section = ["首页", "科技", f"栏目{story % 20}"] if zh else ["Home", "World", f"desk{story % 20}"]
    article = {
        "url": f"https://news.example/bench/{i}",
        "title": text(words, stories[story], 10, 0.4),
        "summary": text(words, stories[story], 30, 0.3),
        "body": text(words, stories[story], 200, 0.15),
        "section": section,
        "tags": [words[stories[story][0]], words[stories[story][1]]],
        "published_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00Z",
    }
    out.write(("," if i else "") + json.dumps(article, ensure_ascii=False))
out.write("]\n")
