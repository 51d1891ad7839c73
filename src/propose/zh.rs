//! Chinese requirement prose: segmentation and part-of-speech tags from
//! jieba-rs, mapped to the same [`Token`]s as English so that one chunker and
//! one story analysis serve both languages. Chinese terms become English words
//! through the glossary in `language.zh.yaml`; a noun the glossary does not
//! know is dropped (it ends the noun phrase) rather than given a pinyin name.

use super::english::{self, Tag, Token};
use super::lexicon;
use jieba_rs::Jieba;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Glossary {
    pub nouns: HashMap<String, String>,
    pub verbs: HashMap<String, String>,
    pub adjectives: HashMap<String, String>,
    pub modals: HashSet<String>,
    pub pronouns: HashMap<String, String>,
    pub conjunctions: HashMap<String, String>,
    pub prepositions: HashMap<String, String>,
}

pub fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(|| {
        serde_norway::from_str(include_str!("../knowledge/language.zh.yaml")).unwrap_or_default()
    })
}

/// The segmenter, built once on first use (it takes a moment to load its
/// dictionary), with the glossary's terms added so they are cut whole.
fn jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(|| {
        let mut j = Jieba::new();
        let g = glossary();
        for w in g.nouns.keys() {
            j.add_word(w, Some(20_000), Some("n"));
        }
        for w in g.verbs.keys().filter(|w| !g.nouns.contains_key(*w)) {
            j.add_word(w, Some(20_000), Some("v"));
        }
        j
    })
}

/// Whether the text holds Chinese characters.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The content words of a Chinese text, for telling which system a text
/// concerns: each word of two or more characters jieba cuts, and the English
/// of the glossary's nouns among them (`号源扣减` -> `号源`, `扣减`;
/// `订单` -> `订单`, `order`).
pub fn content_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in jieba().cut(text, true) {
        let w = t.word;
        if w.chars().filter(|c| is_cjk(*c)).count() < 2 {
            continue;
        }
        out.push(w.to_string());
        if let Some(en) = translate_noun(w) {
            out.extend(en.split_whitespace().map(str::to_string));
        }
    }
    out
}

/// English of a Chinese noun: the glossary entry, or the entries of its parts
/// when jieba kept a longer compound together (`订单详情` -> `order details`).
pub fn translate_noun(word: &str) -> Option<String> {
    let g = glossary();
    if let Some(e) = g.nouns.get(word) {
        return Some(e.clone());
    }
    let chars: Vec<char> = word.chars().collect();
    // Longest known prefix, then the rest, recursively.
    for cut in (1..chars.len()).rev() {
        let head: String = chars.get(..cut)?.iter().collect();
        let tail: String = chars.get(cut..)?.iter().collect();
        if let Some(h) = g.nouns.get(&head) {
            if let Some(t) = translate_noun(&tail) {
                return Some(format!("{h} {t}"));
            }
        }
    }
    None
}

/// Tokens of a Chinese (or mixed Chinese and English) text.
pub fn tokens(text: &str) -> Vec<Token> {
    let g = glossary();
    let mut out: Vec<Token> = Vec::new();
    for t in jieba().tag(text, true) {
        let w = t.word;
        let (s, e) = (t.byte_start, t.byte_end);
        if w.trim().is_empty() {
            continue;
        }
        if !w.chars().any(is_cjk) {
            // Latin words inside Chinese prose: tag them as English.
            let mut toks = english::tag(english::tokenize(w));
            for tok in &mut toks {
                tok.start += s;
                tok.end += s;
                // English terms in Chinese prose are names of things
                // ("查看我的 orders"), not verbs.
                if tok.tag == Tag::Verb && lexicon::is_noun(&english::noun_lemma(&tok.text)) {
                    tok.tag = Tag::Noun;
                    tok.lemma = english::noun_lemma(&tok.text);
                }
            }
            out.extend(toks);
            continue;
        }
        let tag = t.tag;
        if w == "的" || w == "之" {
            // "我的" -> "my": the possessive determiner English uses.
            if let Some(prev) = out.last_mut() {
                if prev.tag == Tag::Pron {
                    let poss = match prev.lemma.as_str() {
                        "i" => "my",
                        "we" => "our",
                        "you" => "your",
                        "they" => "their",
                        "he" => "his",
                        "she" => "her",
                        _ => "its",
                    };
                    *prev = Token::new(poss, poss, Tag::Poss, prev.start, e);
                    continue;
                }
            }
            out.push(Token::new(w, "'s", Tag::PossMark, s, e));
            continue;
        }
        let token = if g.modals.contains(w) {
            Token::new(w, w, Tag::Modal, s, e)
        } else if let Some(p) = g.pronouns.get(w) {
            Token::new(p, p, Tag::Pron, s, e)
        } else if let Some(c) = g.conjunctions.get(w) {
            Token::new(c, c, Tag::Conj, s, e)
        } else if let Some(p) = g.prepositions.get(w) {
            if p.is_empty() {
                continue;
            }
            Token::new(p, p, Tag::Prep, s, e)
        } else if let Some(a) = g.adjectives.get(w) {
            Token::new(a, a, Tag::Adj, s, e)
        } else if tag.starts_with('v') && g.verbs.contains_key(w) {
            // A verb the glossary knows, unless it stands as a noun here
            // ("订单的支付": a verbal noun after 的).
            let after_de = out.last().is_some_and(|p| p.tag == Tag::PossMark);
            match (after_de, g.nouns.get(w)) {
                (true, Some(n)) => noun_token(n, s, e),
                _ => {
                    let v = g.verbs.get(w).map(String::as_str).unwrap_or("");
                    Token::new(v, v, Tag::Verb, s, e)
                }
            }
        } else if tag.starts_with('n') || tag == "vn" || tag == "an" {
            match translate_noun(w) {
                Some(n) => noun_token(&n, s, e),
                // Untranslatable: a boundary, not a pinyin name.
                None => Token::new(w, "", Tag::Punct, s, e),
            }
        } else if tag.starts_with('v') {
            Token::new(w, "", Tag::Verb, s, e)
        } else if tag.starts_with('a') {
            Token::new(w, "", Tag::Adj, s, e)
        } else if tag.starts_with('m') {
            Token::new(w, w, Tag::Num, s, e)
        } else if tag.starts_with('d') {
            Token::new(w, w, Tag::Adv, s, e)
        } else if tag.starts_with('r') {
            Token::new(w, w, Tag::Pron, s, e)
        } else if tag.starts_with('p') {
            Token::new(w, w, Tag::Prep, s, e)
        } else if tag.starts_with('c') {
            Token::new(w, w, Tag::Conj, s, e)
        } else {
            Token::new(w, "", Tag::Punct, s, e)
        };
        out.push(token);
    }
    out
}

/// A noun token for an English gloss; a multi-word gloss keeps its words so
/// the chunker sees a compound, carried in `text` and `lemma` as one string.
fn noun_token(english: &str, s: usize, e: usize) -> Token {
    let lemma = english
        .split(' ')
        .map(lexicon::noun_lemma)
        .collect::<Vec<_>>()
        .join(" ");
    Token::new(english, &lemma, Tag::Noun, s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_parses_without_duplicates() {
        let g: Glossary = serde_norway::from_str(include_str!("../knowledge/language.zh.yaml"))
            .expect("language.zh.yaml parses");
        assert_eq!(g.nouns.get("用户").map(String::as_str), Some("user"));
        assert!(g.modals.contains("想要"));
    }

    #[test]
    fn translates_compounds_by_parts() {
        assert_eq!(translate_noun("订单").as_deref(), Some("order"));
        assert_eq!(translate_noun("用户地址").as_deref(), Some("user address"));
        assert_eq!(translate_noun("鬼鬼"), None);
    }

    #[test]
    fn english_terms_in_chinese_are_nouns() {
        let toks = tokens("我想要查看我的 orders");
        assert!(toks
            .iter()
            .any(|t| t.tag == Tag::Noun && t.lemma == "order"));
    }

    #[test]
    fn tags_a_chinese_goal() {
        let toks = tokens("我想要查看我的订单和优惠券");
        let tags: Vec<(Tag, &str)> = toks.iter().map(|t| (t.tag, t.lemma.as_str())).collect();
        assert!(tags.contains(&(Tag::Verb, "view")), "{tags:?}");
        assert!(tags.contains(&(Tag::Poss, "my")), "{tags:?}");
        assert!(tags.contains(&(Tag::Noun, "order")), "{tags:?}");
        assert!(tags.contains(&(Tag::Noun, "coupon")), "{tags:?}");
    }
}
