#!/usr/bin/env python3
"""Writes cedict.tsv (beside this file) from the CC-CEDICT data that the
chinese_dictionary 2.1.8 crate ships, a bincode HashMap<u32, WordEntry>:

    python3 server/src/related/cedict.py ~/.cargo/registry/src/*/chinese_dictionary-2.1.8/data/data.dictionary

The server embeds the table instead of depending on the crate, whose data
costs 104 MB of memory once loaded; the table costs a few MB.
One line per Simplified word: the word, its pinyin without tones, and the
English words of each entry's first two senses (cross-references, surnames
and variants left out, parentheses dropped).
"""
import collections
import os
import re
import struct
import sys

NOTES = ("abbr.", "old variant", "see ", "surname", "used in", "variant of", "cl:",
         "also written", "also pr.", "erhua variant", "japanese variant", "archaic variant")
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def entries(data):
    """(word_id, simplified, pinyin_numbers, english) of every WordEntry."""
    at = 0

    def take(fmt):
        nonlocal at
        (value,) = struct.unpack_from(fmt, data, at)
        at += struct.calcsize(fmt)
        return value

    def text():
        nonlocal at
        length = take("<Q")
        at += length
        return data[at - length:at].decode()

    for _ in range(take("<Q")):
        take("<I")  # the map's key
        text()  # traditional
        simplified, _, pinyin_numbers = text(), text(), text()
        english = [text() for _ in range(take("<Q"))]
        for _ in range(take("<Q")):  # tone marks
            take("<B")
        take("<Q")  # hash
        for _ in range(take("<Q")):  # measure words
            text(), text(), text(), text()
        take("<B")  # hsk
        word_id = take("<I")
        yield word_id, simplified, pinyin_numbers, english


def main(path):
    words = collections.OrderedDict()
    for _, simplified, pinyin, english in sorted(entries(open(path, "rb").read())):
        if not HAN.match(simplified):
            continue
        word = words.setdefault(simplified, {"pinyin": None, "english": []})
        if word["pinyin"] is None:
            word["pinyin"] = re.sub(r"[^a-z]", "", pinyin.lower().replace("u:", "v"))
        if len(simplified) < 2:
            continue  # single characters are only spelled, never translated
        senses = [sense for sense in english if not sense.lower().startswith(NOTES)][:2]
        for sense in senses:
            sense = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", sense)
            for token in re.findall(r"[A-Za-z0-9]+", sense):
                if token not in word["english"]:
                    word["english"].append(token)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cedict.tsv")
    with open(out, "w") as table:
        table.write("# Chinese words -> toneless pinyin, the English words of their first senses. Derived from CC-CEDICT\n"
                    "# (https://cc-cedict.org, CC BY-SA 4.0, MDBG) as the chinese_dictionary 2.1.8 crate ships it, by cedict.py.\n")
        for simplified, word in words.items():
            table.write(f"{simplified}\t{word['pinyin']}\t{' '.join(word['english'])}\n")


if __name__ == "__main__":
    main(sys.argv[1])
