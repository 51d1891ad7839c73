#!/usr/bin/env python3
"""Builds src/propose/lexicon.tsv from WordNet 3.0 (Debian package `wordnet-base`).

Reproducible: `apt-get install -y wordnet-base && python3 scripts/build-lexicon.py`.
The output is committed so that builds need no apt.

One line per single-word lemma or irregular form, sorted bytewise, tab-separated:
  word  pos  noun_tagged  verb_tagged  noun_lex  lemma
- pos: letters n v a r for the parts of speech WordNet lists the word under
  (empty for a form that is only an irregular inflection).
- noun_tagged / verb_tagged: how many of its senses were seen in the SemCor
  corpus as a noun / a verb (WordNet's tagsense_cnt); a rough frequency that
  decides which part of speech an ambiguous word usually has.
- noun_lex: the lexicographer files (a..z for noun.Tops..noun.time) of the
  first three noun senses, most frequent first ("r" = noun.person).
- lemma: for irregular inflections (noun.exc, verb.exc), `n:lemma` and/or
  `v:lemma` separated by commas.
"""
import os
import sys

WN = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "src", "propose", "lexicon.tsv")


def single(word):
    return word.isascii() and all(c.isalpha() or c == "-" for c in word) and word[:1].isalpha()


def read_index(pos):
    out = {}
    with open(os.path.join(WN, "index." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma = parts[0]
            p_cnt = int(parts[3])
            tagged = int(parts[5 + p_cnt])
            offsets = parts[6 + p_cnt:]
            out[lemma] = (tagged, offsets)
    return out


def noun_lexnames():
    lex = {}
    with open(os.path.join(WN, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split(" ", 2)
            lex[parts[0]] = int(parts[1])
    return lex


def read_exc(pos):
    out = {}
    with open(os.path.join(WN, pos + ".exc"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out.setdefault(parts[0], parts[1])
    return out


def main():
    entries = {}
    idx = {p: read_index(p) for p in ("noun", "verb", "adj", "adv")}
    lexf = noun_lexnames()
    letter = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
    for pos, table in idx.items():
        for lemma, (tagged, offsets) in table.items():
            if not single(lemma):
                continue
            e = entries.setdefault(lemma, {"pos": set(), "nt": 0, "vt": 0, "lex": "", "irr": []})
            e["pos"].add(letter[pos])
            if pos == "noun":
                e["nt"] = tagged
                e["lex"] = "".join(chr(ord("a") + lexf[o] - 3) for o in offsets[:3] if o in lexf)
            elif pos == "verb":
                e["vt"] = tagged
    for pos, tag in (("noun", "n"), ("verb", "v")):
        for form, lemma in read_exc(pos).items():
            if not single(form) or not single(lemma) or form == lemma:
                continue
            e = entries.setdefault(form, {"pos": set(), "nt": 0, "vt": 0, "lex": "", "irr": []})
            e["irr"].append(f"{tag}:{lemma}")
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for word in sorted(entries, key=lambda w: w.encode()):
            e = entries[word]
            pos = "".join(p for p in "nvar" if p in e["pos"])
            f.write(f"{word}\t{pos}\t{e['nt']}\t{e['vt']}\t{e['lex']}\t{','.join(e['irr'])}\n")


if __name__ == "__main__":
    main()
