//! The English lexicon: WordNet 3.0's single-word lemmas with their parts of
//! speech, a frequency per part of speech and the semantic class of their most
//! frequent noun senses, plus WordNet's irregular inflections.
//!
//! The data file (`lexicon.tsv`, built by `scripts/build-lexicon.py`, licence in
//! `LICENSE-WordNet.txt`) is compiled in and searched in place: it is sorted
//! bytewise, so a lookup is a binary search over its lines and nothing is
//! loaded or allocated at start-up.

use std::sync::OnceLock;

const DATA: &str = include_str!("lexicon.tsv");

/// WordNet's noun lexicographer files, in the order the data file codes them
/// (`a` = noun.Tops ... `z` = noun.time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounClass {
    Tops,
    Act,
    Animal,
    Artifact,
    Attribute,
    Body,
    Cognition,
    Communication,
    Event,
    Feeling,
    Food,
    Group,
    Location,
    Motive,
    Object,
    Person,
    Phenomenon,
    Plant,
    Possession,
    Process,
    Quantity,
    Relation,
    Shape,
    State,
    Substance,
    Time,
}

impl NounClass {
    fn from_code(c: u8) -> Option<Self> {
        use NounClass::*;
        const ALL: [NounClass; 26] = [
            Tops,
            Act,
            Animal,
            Artifact,
            Attribute,
            Body,
            Cognition,
            Communication,
            Event,
            Feeling,
            Food,
            Group,
            Location,
            Motive,
            Object,
            Person,
            Phenomenon,
            Plant,
            Possession,
            Process,
            Quantity,
            Relation,
            Shape,
            State,
            Substance,
            Time,
        ];
        ALL.get(usize::from(c.checked_sub(b'a')?)).copied()
    }
}

/// What the lexicon knows of one word form.
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry {
    pub noun: bool,
    pub verb: bool,
    pub adj: bool,
    pub adv: bool,
    /// Senses seen tagged in SemCor, as a noun and as a verb.
    pub noun_freq: u16,
    pub verb_freq: u16,
    line: &'static str,
}

impl Entry {
    /// Semantic classes of the first (most frequent) noun senses.
    pub fn noun_classes(&self) -> impl Iterator<Item = NounClass> + '_ {
        self.field(4).bytes().filter_map(NounClass::from_code)
    }

    /// The lemma of an irregular noun (`n`) or verb (`v`) form.
    fn irregular(&self, pos: char) -> Option<&'static str> {
        self.field(5).split(',').find_map(|p| {
            let (tag, lemma) = p.split_once(':')?;
            (tag.len() == 1 && tag.starts_with(pos)).then_some(lemma)
        })
    }

    fn field(&self, n: usize) -> &'static str {
        self.line.split('\t').nth(n).unwrap_or("")
    }
}

/// Looks a lowercase word up.
pub fn lookup(word: &str) -> Option<Entry> {
    let line = find_line(word)?;
    let mut f = line.split('\t');
    let _ = f.next();
    let pos = f.next().unwrap_or("");
    let noun_freq = f.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let verb_freq = f.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    Some(Entry {
        noun: pos.contains('n'),
        verb: pos.contains('v'),
        adj: pos.contains('a'),
        adv: pos.contains('r'),
        noun_freq,
        verb_freq,
        line,
    })
}

/// Binary search over the sorted lines, on byte offsets.
fn find_line(word: &str) -> Option<&'static str> {
    if word.is_empty() || word.contains(['\t', '\n']) {
        return None;
    }
    let starts = line_starts();
    let idx = starts
        .binary_search_by(|&start| {
            let rest = DATA.get(start as usize..).unwrap_or("");
            let key = rest.split('\t').next().unwrap_or("");
            key.cmp(word)
        })
        .ok()?;
    let start = *starts.get(idx)? as usize;
    DATA.get(start..)?.lines().next()
}

/// Offsets of each line start, computed once (a single pass over ~1.6 MB).
fn line_starts() -> &'static [u32] {
    static STARTS: OnceLock<Vec<u32>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut v = Vec::with_capacity(90_000);
        let mut at = 0usize;
        for line in DATA.split_inclusive('\n') {
            if !line.trim().is_empty() {
                v.push(at as u32);
            }
            at += line.len();
        }
        v
    })
}

pub fn is_noun(word: &str) -> bool {
    lookup(word).is_some_and(|e| e.noun)
}

/// The singular (lemma) of a lowercase noun: WordNet's irregular forms first
/// (`people` -> `person`, `criteria` -> `criterion`), then the regular
/// suffixes, accepting a candidate the lexicon knows as a noun, and falling
/// back to [`crate::names::singular`] for words it does not know.
pub fn noun_lemma(word: &str) -> String {
    let entry = lookup(word);
    if let Some(lemma) = entry.and_then(|e| e.irregular('n')) {
        return lemma.to_string();
    }
    // English irregular plurals WordNet lists as lemmas of their own ("people").
    let common = crate::names::singular(word);
    if common != word
        && !word.starts_with(common.get(..common.len().saturating_sub(1)).unwrap_or(""))
    {
        return common;
    }
    if !word.ends_with('s') || word.ends_with("ss") || word.len() < 4 {
        return word.to_string();
    }
    let candidates = [
        word.strip_suffix("ies").map(|s| format!("{s}y")),
        word.strip_suffix("ses").map(|s| format!("{s}s")),
        word.strip_suffix("xes").map(|s| format!("{s}x")),
        word.strip_suffix("zes").map(|s| format!("{s}z")),
        word.strip_suffix("ches").map(|s| format!("{s}ch")),
        word.strip_suffix("shes").map(|s| format!("{s}sh")),
        word.strip_suffix("oes").map(|s| format!("{s}o")),
        word.strip_suffix('s').map(str::to_string),
    ];
    for c in candidates.iter().flatten() {
        if is_noun(c) {
            return c.clone();
        }
    }
    // A word WordNet lists as a noun as written ("news", "series") stays.
    if entry.is_some_and(|e| e.noun) {
        return word.to_string();
    }
    crate::names::singular(word)
}

/// The base form of a lowercase verb (`gave` -> `give`, `entering` -> `enter`,
/// `estimated` -> `estimate`), or the word itself.
pub fn verb_lemma(word: &str) -> String {
    if let Some(lemma) = lookup(word).and_then(|e| e.irregular('v')) {
        return lemma.to_string();
    }
    let is_verb = |w: &str| lookup(w).is_some_and(|e| e.verb);
    let mut cands: Vec<String> = Vec::new();
    for (suffix, repl) in [
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 2 {
                cands.push(format!("{stem}{repl}"));
                // Doubled consonant: "planned" -> "plan", "shipping" -> "ship".
                let b = stem.as_bytes();
                if repl.is_empty()
                    && b.len() >= 3
                    && b[b.len() - 1] == b[b.len() - 2]
                    && stem.is_char_boundary(stem.len() - 1)
                {
                    cands.push(stem[..stem.len() - 1].to_string());
                }
            }
        }
    }
    if is_verb(word) && !word.ends_with("ing") && !word.ends_with("ed") {
        return word.to_string();
    }
    cands
        .into_iter()
        .find(|c| is_verb(c))
        .unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_and_their_parts_of_speech() {
        let order = lookup("order").unwrap();
        assert!(order.noun && order.verb);
        assert!(lookup("customer")
            .unwrap()
            .noun_classes()
            .any(|c| c == NounClass::Person));
        assert!(lookup("zzzzqqq").is_none());
        assert!(lookup("").is_none());
        assert!(lookup("a\tb").is_none());
    }

    #[test]
    fn lemmatizes_nouns() {
        assert_eq!(noun_lemma("orders"), "order");
        assert_eq!(noun_lemma("categories"), "category");
        assert_eq!(noun_lemma("people"), "person");
        assert_eq!(noun_lemma("addresses"), "address");
        assert_eq!(noun_lemma("status"), "status");
        assert_eq!(noun_lemma("news"), "news");
        assert_eq!(noun_lemma("boxes"), "box");
        assert_eq!(noun_lemma("estimators"), "estimator");
    }

    #[test]
    fn lemmatizes_verbs() {
        assert_eq!(verb_lemma("gave"), "give");
        assert_eq!(verb_lemma("given"), "give");
        assert_eq!(verb_lemma("entering"), "enter");
        assert_eq!(verb_lemma("estimated"), "estimate");
        assert_eq!(verb_lemma("planned"), "plan");
        assert_eq!(verb_lemma("creates"), "create");
        assert_eq!(verb_lemma("create"), "create");
    }
}
