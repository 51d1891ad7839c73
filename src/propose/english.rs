//! Shallow English grammar for requirement prose: a tokenizer, a
//! part-of-speech tagger (the WordNet [`lexicon`](super::lexicon) for open
//! word classes, `language.yaml` for closed ones, and a few rules of context
//! for words that are both noun and verb), and a chunker that groups tokens
//! into noun phrases.
//!
//! Deliberately not a statistical parser: requirement sentences are short and
//! formulaic, and the errors a rule makes here can be read and fixed.

use super::lexicon;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Word classes of `language.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Language {
    pub determiners: HashSet<String>,
    pub possessives: HashSet<String>,
    pub pronouns: HashSet<String>,
    pub subject_pronouns: HashSet<String>,
    pub prepositions: HashSet<String>,
    pub conjunctions: HashSet<String>,
    pub auxiliaries: HashSet<String>,
    pub modals: HashSet<String>,
    pub adverbs: HashSet<String>,
    pub negations: HashSet<String>,
    pub number_words: HashSet<String>,
    pub attribute_nouns: HashSet<String>,
    pub generic_nouns: HashSet<String>,
    pub generic_heads: HashSet<String>,
    pub ui_nouns: HashSet<String>,
    pub data_verbs: HashSet<String>,
    pub read_verbs: HashSet<String>,
    pub add_verbs: HashSet<String>,
    pub self_records: HashSet<String>,
    pub light_verbs: HashSet<String>,
    pub generic_roles: HashSet<String>,
    pub optional_words: HashSet<String>,
    pub required_words: HashSet<String>,
    pub unique_words: HashSet<String>,
}

/// The language data, parsed once. A broken data file is a build-time bug
/// that the unit tests catch; at run time it degrades to empty word classes.
pub fn language() -> &'static Language {
    static LANG: OnceLock<Language> = OnceLock::new();
    LANG.get_or_init(|| {
        serde_norway::from_str(include_str!("../knowledge/language.yaml")).unwrap_or_default()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Det,
    /// my, our, their ...
    Poss,
    Pron,
    Prep,
    /// `to` before a verb.
    Inf,
    Conj,
    Aux,
    Modal,
    Neg,
    Adv,
    Adj,
    Noun,
    Verb,
    Num,
    /// `'s`, `'`, Chinese `的`.
    PossMark,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// Lowercase surface form.
    pub text: String,
    /// Base form for the tag: singular noun, infinitive verb. For Chinese
    /// tokens, the English word the glossary maps it to.
    pub lemma: String,
    pub tag: Tag,
    /// Byte offset of the token in its text (for quoting evidence).
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn new(text: &str, lemma: &str, tag: Tag, start: usize, end: usize) -> Self {
        Token {
            text: text.to_string(),
            lemma: lemma.to_string(),
            tag,
            start,
            end,
        }
    }
}

/// Splits English text into words and punctuation. Possessive `'s` and a
/// plural's trailing `'` become their own [`Tag::PossMark`] token;
/// contractions such as `don't` stay whole.
pub fn tokenize(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        if c.is_alphanumeric() {
            let mut j = i;
            // A word: letters, digits, inner hyphens and apostrophes.
            while let Some(&(_, d)) = chars.get(j) {
                let inner = matches!(d, '-' | '\'' | '’')
                    && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                if d.is_alphanumeric() || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let word = text.get(start..end).unwrap_or("").replace('’', "'");
            let lower = word.to_lowercase();
            if let Some(stem) = lower.strip_suffix("'s") {
                if !stem.is_empty() && !language().negations.contains(&lower) && stem != "it" {
                    let cut = text
                        .get(start..end)
                        .and_then(|s| s.rfind(['\'', '’']))
                        .map_or(end, |k| start + k);
                    out.push((stem.to_string(), start, cut));
                    out.push(("'s".to_string(), cut, end));
                    i = j;
                    continue;
                }
            }
            out.push((lower, start, end));
            // "users'" : a possessive apostrophe right after a plural.
            if let Some(&(b, q)) = chars.get(j) {
                if matches!(q, '\'' | '’')
                    && word.ends_with('s')
                    && !chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
                {
                    out.push(("'s".to_string(), b, b + q.len_utf8()));
                    j += 1;
                }
            }
            i = j;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push((c.to_string(), start, start + c.len_utf8()));
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, Copy, Default)]
struct Cand {
    noun: bool,
    verb: bool,
    adj: bool,
    adv: bool,
    noun_freq: u16,
    verb_freq: u16,
    known: bool,
}

/// What the lexicon says of a word form, remembered per thread: stories
/// repeat the same few hundred words, and each costs several lookups.
#[derive(Clone)]
struct WordInfo {
    cand: Cand,
    noun_lemma: String,
    verb_lemma: String,
}

fn word_info(word: &str) -> WordInfo {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<String, WordInfo>> = RefCell::new(HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(word).cloned()) {
        return hit;
    }
    let info = WordInfo {
        cand: lookup_candidates(word),
        noun_lemma: lexicon::noun_lemma(word),
        verb_lemma: lexicon::verb_lemma(word),
    };
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 100_000 {
            c.clear();
        }
        c.insert(word.to_string(), info.clone());
    });
    info
}

fn candidates(word: &str) -> Cand {
    word_info(word).cand
}

pub(super) fn noun_lemma(word: &str) -> String {
    word_info(word).noun_lemma
}

pub(super) fn verb_lemma(word: &str) -> String {
    word_info(word).verb_lemma
}

fn lookup_candidates(word: &str) -> Cand {
    let mut c = Cand::default();
    if let Some(e) = lexicon::lookup(word) {
        c = Cand {
            noun: e.noun,
            verb: e.verb,
            adj: e.adj,
            adv: e.adv,
            noun_freq: e.noun_freq,
            verb_freq: e.verb_freq,
            known: e.noun || e.verb || e.adj || e.adv,
        };
    }
    // Inflected forms are not WordNet lemmas: look their lemmas up.
    let nl = lexicon::noun_lemma(word);
    if nl != word {
        if let Some(e) = lexicon::lookup(&nl).filter(|e| e.noun) {
            c.noun = true;
            c.noun_freq = c.noun_freq.max(e.noun_freq);
            c.known = true;
        }
    }
    let vl = lexicon::verb_lemma(word);
    if vl != word {
        if let Some(e) = lexicon::lookup(&vl).filter(|e| e.verb) {
            c.verb = true;
            c.verb_freq = c.verb_freq.max(e.verb_freq);
            c.known = true;
        }
    }
    if !c.known {
        // Unknown words: names, jargon, typos. Suffixes say what they are.
        if word.ends_with("ly") {
            c.adv = true;
        } else if word.ends_with("ing") || word.ends_with("ed") {
            c.verb = true;
        } else {
            c.noun = true;
        }
    }
    c
}

/// Whether a word that is both adjective and noun reads as an adjective
/// before a noun: its noun senses are rare ("special", "safe", "public"),
/// and the next word can be the noun it modifies.
fn adj_reading(c: Cand, next: Option<Cand>) -> bool {
    !c.noun || (c.noun_freq <= 3 && next.is_some_and(|n| n.noun))
}

/// "weekly and monthly payments": an adjective coordinated with another.
fn coordinated_adj(c: Cand, next_word: &str) -> bool {
    c.adj && c.noun_freq <= 1 && matches!(next_word, "and" | "or")
}

/// A closed-class word: its part of speech comes from `language.yaml`.
fn is_closed(w: &str) -> bool {
    let l = language();
    w == "to"
        || l.determiners.contains(w)
        || l.possessives.contains(w)
        || l.pronouns.contains(w)
        || l.prepositions.contains(w)
        || l.conjunctions.contains(w)
        || l.auxiliaries.contains(w)
        || l.modals.contains(w)
        || l.negations.contains(w)
}

fn is_participle(word: &str) -> bool {
    word.len() > 4 && (word.ends_with("ed") || word.ends_with("en"))
}

/// Tags a tokenized English text.
pub fn tag(words: Vec<(String, usize, usize)>) -> Vec<Token> {
    let lang = language();
    let mut out: Vec<Token> = Vec::with_capacity(words.len());
    let cands: Vec<Option<Cand>> = words
        .iter()
        .map(|(w, _, _)| {
            if w.chars().next().is_some_and(|c| c.is_alphabetic()) && !is_closed(w) {
                Some(candidates(w))
            } else {
                None
            }
        })
        .collect();
    for (i, (w, start, end)) in words.iter().enumerate() {
        let prev = out.last().map(|t| t.tag);
        let prev_text = out.last().map(|t| t.text.as_str()).unwrap_or("");
        let next = words.get(i + 1).map(|(n, _, _)| n.as_str()).unwrap_or("");
        let next_cand = cands.get(i + 1).copied().flatten();
        let next_nounish = next_cand.is_some_and(|c| c.noun || c.adj)
            && !lang.prepositions.contains(next)
            && !lang.conjunctions.contains(next)
            && !lang.auxiliaries.contains(next)
            && !lang.modals.contains(next);
        let w = w.as_str();
        let t = if w == "'s" {
            Tag::PossMark
        } else if w
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && w.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            Tag::Num
        } else if !w.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            Tag::Punct
        } else if w == "to" {
            let verbish = next_cand.is_some_and(|c| c.verb)
                && !lang.determiners.contains(next)
                && !lang.possessives.contains(next)
                && !lang.pronouns.contains(next);
            if verbish {
                Tag::Inf
            } else {
                Tag::Prep
            }
        } else if lang.negations.contains(w) {
            Tag::Neg
        } else if lang.modals.contains(w) {
            Tag::Modal
        } else if lang.auxiliaries.contains(w) {
            Tag::Aux
        } else if lang.possessives.contains(w) && (w != "her" || next_nounish) {
            Tag::Poss
        } else if (w == "that" || w == "this" || w == "which" || w == "what") && next_nounish {
            Tag::Det
        } else if lang.conjunctions.contains(w) {
            Tag::Conj
        } else if lang.determiners.contains(w) {
            Tag::Det
        } else if lang.pronouns.contains(w) {
            Tag::Pron
        } else if lang.prepositions.contains(w) {
            Tag::Prep
        } else if lang.number_words.contains(w) && next_nounish {
            Tag::Num
        } else if lang.adverbs.contains(w) {
            Tag::Adv
        } else {
            let c = cands.get(i).copied().flatten().unwrap_or_default();
            // Inside "view user error logs" a noun run is an object, not a
            // subject whose verb could follow.
            let in_object = out
                .iter()
                .rev()
                .find(|t| {
                    !matches!(
                        t.tag,
                        Tag::Noun | Tag::Adj | Tag::Det | Tag::Poss | Tag::Num
                    )
                })
                .is_some_and(|t| matches!(t.tag, Tag::Verb | Tag::Prep | Tag::Inf));
            if coordinated_adj(c, next)
                && !matches!(prev, Some(Tag::Inf | Tag::Modal | Tag::Pron) | None)
            {
                out.push(Token {
                    text: w.to_string(),
                    lemma: w.to_string(),
                    tag: Tag::Adj,
                    start: *start,
                    end: *end,
                });
                continue;
            }
            let next_starts_np = next_nounish
                || lang.determiners.contains(next)
                || lang.possessives.contains(next)
                || lang.number_words.contains(next);
            let next_clause = next.is_empty()
                || lang.conjunctions.contains(next)
                || next == "to"
                || matches!(next, "," | "." | ";" | ":" | "!" | "?");
            open_class(
                w,
                c,
                prev,
                prev_text,
                next_nounish,
                next_starts_np,
                next_clause,
                !in_object,
                next_cand,
            )
        };
        let lemma = match t {
            Tag::Noun => noun_lemma(w),
            Tag::Verb => verb_lemma(w),
            _ => w.to_string(),
        };
        out.push(Token {
            text: w.to_string(),
            lemma,
            tag: t,
            start: *start,
            end: *end,
        });
    }
    // A verb right after a noun phrase head that is followed by nothing
    // nominal is often the noun's own compound: leave it. But "and/or"
    // between two verbs keeps both verbs ("add or remove items").
    for i in 1..out.len() {
        let before = out.get(i.wrapping_sub(2)).map(|t| t.tag);
        let is_coord = out
            .get(i - 1)
            .is_some_and(|t| t.tag == Tag::Conj && (t.text == "and" || t.text == "or"));
        if is_coord && before == Some(Tag::Verb) {
            if let Some(tok) = out.get_mut(i) {
                if tok.tag == Tag::Noun && candidates(&tok.text).verb {
                    tok.tag = Tag::Verb;
                    tok.lemma = verb_lemma(&tok.text);
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn open_class(
    w: &str,
    c: Cand,
    prev: Option<Tag>,
    prev_text: &str,
    next_nounish: bool,
    next_starts_np: bool,
    next_clause: bool,
    subject_position: bool,
    next: Option<Cand>,
) -> Tag {
    // "next_starts_np" without a plain noun: a determiner or possessive.
    let next_starts_np_det = next_starts_np && !next_nounish;
    let lang = language();
    let verb_slot = match prev {
        None => true,
        Some(Tag::Inf | Tag::Modal | Tag::Neg) => true,
        Some(Tag::Pron) => lang.subject_pronouns.contains(prev_text),
        Some(Tag::Adv) => true,
        Some(Tag::Aux) => is_participle(w) || w.ends_with("ing") || !c.noun || prev_text == "to",
        _ => false,
    };
    let ing = w.ends_with("ing") && w.len() > 5;
    if verb_slot && c.verb {
        // "the system automatically verifies" vs "always have the cards":
        // after an adverb a noun reading only wins where nothing verbal fits.
        if prev == Some(Tag::Adv) && c.noun && !c.verb {
            return Tag::Noun;
        }
        return Tag::Verb;
    }
    match prev {
        Some(Tag::Det | Tag::Poss | Tag::Adj | Tag::Num | Tag::PossMark) => {
            if c.adj && next_nounish && adj_reading(c, next) {
                return Tag::Adj;
            }
            if (ing || is_participle(w)) && !c.noun && next_nounish {
                return Tag::Adj;
            }
            if ing && next_nounish {
                // "the recycling facility", "working hours": a modifier.
                return Tag::Noun;
            }
            if c.noun {
                return Tag::Noun;
            }
            if c.adj {
                return Tag::Adj;
            }
            if c.verb && (ing || is_participle(w)) {
                return Tag::Adj;
            }
            Tag::Noun
        }
        Some(Tag::Prep) => {
            // "by entering a name": a gerund with its object; but "for
            // recycling centers": a noun modifier right before its noun.
            if ing && c.verb && !(c.noun && next_nounish && !next_starts_np_det) {
                return Tag::Verb;
            }
            if c.adj && next_nounish && adj_reading(c, next) {
                return Tag::Adj;
            }
            if is_participle(w) && !c.noun && next_nounish {
                return Tag::Adj;
            }
            if c.noun {
                return Tag::Noun;
            }
            if c.adj {
                return Tag::Adj;
            }
            if c.verb {
                return Tag::Verb;
            }
            Tag::Noun
        }
        Some(Tag::Noun) => {
            // "the customer makes changes": a verb that is mostly a verb,
            // followed by its object.
            let object_follows = next_starts_np;
            let inflected = verb_lemma(w) != w;
            // "the estimates given by", "a ticket sent to": a participle
            // after a noun that no noun follows.
            if c.verb && inflected && !w.ends_with('s') && !next_nounish {
                return Tag::Verb;
            }
            // "the kitchen knows when", "satisfaction rises".
            if subject_position
                && c.verb
                && inflected
                && w.ends_with('s')
                && !prev_text.ends_with('s')
                && next_clause
            {
                return Tag::Verb;
            }
            // "employees face problems", "adjustments need to be made".
            if subject_position
                && c.verb
                && !inflected
                && prev_text.ends_with('s')
                && c.verb_freq >= c.noun_freq
                && (next_starts_np || next_clause)
            {
                return Tag::Verb;
            }
            // "the customer places orders": a singular noun, then an -s form
            // that can be a verb, then its object.
            if subject_position
                && c.verb
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !prev_text.ends_with('s')
                && next_starts_np
            {
                return Tag::Verb;
            }
            if c.verb
                && (!c.noun || (c.verb_freq > c.noun_freq.saturating_mul(2) && object_follows))
            {
                return Tag::Verb;
            }
            if c.verb && (is_participle(w) || ing) && !c.noun {
                return Tag::Verb;
            }
            if c.noun {
                return Tag::Noun;
            }
            if c.adv && !c.adj {
                return Tag::Adv;
            }
            if c.adj {
                return Tag::Adj;
            }
            Tag::Verb
        }
        Some(Tag::Aux) => {
            if c.adj && !c.noun {
                return Tag::Adj;
            }
            if c.noun {
                return Tag::Noun;
            }
            Tag::Verb
        }
        _ => {
            if c.adj && (c.noun_freq == 0 || next_nounish && adj_reading(c, next)) {
                return Tag::Adj;
            }
            if c.adv && c.noun_freq == 0 && !c.verb {
                return Tag::Adv;
            }
            if c.noun && (c.noun_freq >= c.verb_freq || !c.verb) {
                return Tag::Noun;
            }
            if c.verb {
                return Tag::Verb;
            }
            if c.adj {
                return Tag::Adj;
            }
            if c.adv {
                return Tag::Adv;
            }
            Tag::Noun
        }
    }
}

/// A noun phrase: optional determiner or possessive, modifiers, and a run
/// of nouns whose last one is the head.
#[derive(Debug, Clone, Default)]
pub struct NounPhrase {
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
    pub det: Option<String>,
    pub poss: Option<String>,
    pub adjs: Vec<String>,
    /// Noun lemmas; only the head is singularized.
    pub nouns: Vec<String>,
    pub plural: bool,
    /// A number before the head ("up to 15 estimators").
    pub number: Option<String>,
}

/// Particles of phrasal verbs ("fill in", "pick up", "drop off").
pub const PARTICLES: &[&str] = &["up", "off", "out", "in", "down"];

/// Groups tagged tokens into noun phrases, left to right.
pub fn chunk(tokens: &[Token]) -> Vec<NounPhrase> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let start = i;
        let mut np = NounPhrase {
            start,
            ..Default::default()
        };
        while let Some(t) = tokens.get(i) {
            match t.tag {
                Tag::Det if np.adjs.is_empty() => {
                    np.det.get_or_insert_with(|| t.text.clone());
                }
                Tag::Poss if np.adjs.is_empty() => np.poss = Some(t.text.clone()),
                Tag::Num => np.number = Some(t.text.clone()),
                Tag::Adj => np.adjs.push(t.text.clone()),
                Tag::Adv if tokens.get(i + 1).is_some_and(|n| n.tag == Tag::Adj) => {}
                _ => break,
            }
            i += 1;
        }
        let nouns_start = i;
        while let Some(t) = tokens.get(i).filter(|t| t.tag == Tag::Noun) {
            // "a pick up time", "drop off sites": the verb's particle makes
            // one noun with it, as in "pickup", "dropoff".
            let particle = tokens
                .get(i + 1)
                .filter(|p| p.tag == Tag::Prep && PARTICLES.contains(&p.text.as_str()));
            if particle.is_some() && tokens.get(i + 2).is_some_and(|n| n.tag == Tag::Noun) {
                let fused = format!("{}{}", t.text, particle.map_or("", |p| p.text.as_str()));
                np.nouns.push(fused);
                i += 2;
                continue;
            }
            np.nouns.push(t.text.clone());
            i += 1;
        }
        if np.nouns.is_empty() {
            i = if i == start { start + 1 } else { i };
            continue;
        }
        if let (Some(last), Some(tok)) = (np.nouns.last_mut(), tokens.get(i - 1)) {
            np.plural = tok.lemma != tok.text && tok.text.ends_with('s');
            *last = tok.lemma.clone();
        }
        let _ = nouns_start;
        np.end = i;
        out.push(np);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> String {
        tag(tokenize(s))
            .iter()
            .map(|t| format!("{}/{:?}", t.text, t.tag))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn language_data_parses() {
        let parsed: Result<Language, _> =
            serde_norway::from_str(include_str!("../knowledge/language.yaml"));
        let lang = parsed.unwrap();
        assert!(lang.determiners.contains("the"));
        assert!(lang.attribute_nouns.contains("name"));
    }

    #[test]
    fn tokenizes_possessives_and_contractions() {
        let t: Vec<String> = tokenize("the customer’s name, users' feedback; don't")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            t,
            ["the", "customer", "'s", "name", ",", "users", "'s", "feedback", ";", "don't"]
        );
    }

    #[test]
    fn tags_verbs_and_nouns_by_position() {
        let s = tags("create a new game by entering a name and an optional description");
        assert!(s.starts_with("create/Verb a/Det new/Adj game/Noun by/Prep entering/Verb"));
        assert!(s.ends_with("an/Det optional/Adj description/Noun"));
        let s = tags("order the products of an order");
        assert!(s.starts_with("order/Verb the/Det products/Noun of/Prep an/Det order/Noun"));
        assert!(tags("so that the customer makes changes").contains("makes/Verb"));
        assert!(tags("add or remove recycling facilities").contains("remove/Verb"));
    }

    #[test]
    fn chunks_noun_compounds() {
        let toks = tag(tokenize("see the order numbers of my delivery people"));
        let nps = chunk(&toks);
        assert_eq!(nps.len(), 2);
        assert_eq!(nps[0].nouns, ["order", "number"]);
        assert!(nps[0].plural);
        assert_eq!(nps[1].nouns, ["delivery", "person"]);
        assert_eq!(nps[1].poss.as_deref(), Some("my"));
    }
}
