//! Story analysis: what the requirements' prose says about data. From the
//! user stories (role, goal, value, acceptance criteria), the feature list and
//! the background, in English or Chinese, it finds
//! - concepts: the nouns and noun compounds that may name stored things, with
//!   their evidence and flags (a role, an attribute word, a UI word, ...),
//! - associations between concepts, with the verb and a cardinality hint,
//! - attributes of concepts, with nullability, uniqueness and length hints.
//!
//! It proposes; it does not decide. The engine turns the concepts it trusts
//! into entities ([`Concept::candidate`] is this module's own recommendation,
//! from the evidence alone).
//!
//! How: each text is tokenized and tagged ([`english`], [`zh`]), chunked into
//! noun phrases, and each phrase gets a grammatical function from the words
//! around it (object of a verb, object of a preposition attached to the
//! previous phrase, possessor, subject, coordinated with the previous
//! phrase). Functions give evidence weights and relations. No word list names
//! a domain: the language data holds only general English.

use super::english::{self, language, NounPhrase, Tag, Token};
use super::{lexicon, zh};
use crate::input::{Loc, Requirements};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Which part of the requirements a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Role,
    Goal,
    Value,
    Acceptance,
    Feature,
    Background,
}

/// How a concept was used where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Use {
    /// The role a story is told by.
    Role,
    /// Object of a verb ("create **a game**").
    Object,
    /// Object of a preposition ("the products **of an order**").
    PrepObject,
    /// Owner in a possessive ("**the customer**'s name").
    Possessor,
    /// Subject of a verb ("**the customer** makes changes").
    Subject,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Story, feature or `background`.
    pub source: String,
    pub part: Part,
    pub loc: Loc,
    pub usage: Use,
    /// The verb that governs the mention, when there is one.
    pub verb: Option<String>,
    /// The words the mention was read from.
    pub phrase: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ConceptFlags {
    /// Some story is told by it ("As a customer").
    pub role: bool,
    /// Every mention is a story's role: it only says who acts.
    pub role_only: bool,
    /// A word that names a property rather than a thing (`name`, `status`).
    pub attribute: bool,
    /// A part of the user interface (`page`, `button`).
    pub ui: bool,
    /// Too general to be a stored thing alone (`system`, `information`).
    pub generic: bool,
    /// A noun made from a verb that names the activity (`scheduling`).
    pub verbal: bool,
    /// WordNet's most frequent sense is a person (`customer`, `estimator`).
    pub person: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concept {
    /// English identifier: `DeliveryPerson`.
    pub name: String,
    /// The lowercase singular words: `delivery person`.
    pub words: String,
    /// Distinct stories, features or lines it appears in.
    pub sources: usize,
    pub mentions: usize,
    /// Weighted evidence that the system stores it (higher is stronger).
    pub score: f32,
    pub flags: ConceptFlags,
    /// This module's recommendation: a class of the domain model.
    pub candidate: bool,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Cardinality {
    /// One `a` has many `b`.
    OneToMany,
    ManyToMany,
    OneToOne,
}

/// What kind of words an association was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssocKind {
    /// "my orders", "the customer's orders", "each game has rounds".
    Owns,
    /// "the products of an order".
    Of,
    /// "orders with products".
    With,
    /// "add products to the order".
    AddTo,
    /// "the customer places orders".
    SubjectVerbObject,
    /// "As a customer, I want to view orders".
    RoleVerbObject,
    /// "estimates for the item", "items from prior rounds".
    Preposition,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Association {
    /// The owning / "one" side (a concept's `words`).
    pub a: String,
    pub b: String,
    pub verb: Option<String>,
    pub kind: AssocKind,
    pub cardinality: Cardinality,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeHint {
    /// The owning concept's `words`.
    pub concept: String,
    /// snake_case: `delivery_address`.
    pub name: String,
    /// `Some(true)` for "optional", `Some(false)` for "required"/"must".
    pub nullable: Option<bool>,
    pub unique: bool,
    /// "at most 300 characters".
    pub max_len: Option<u32>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoryModel {
    /// Strongest evidence first.
    pub concepts: Vec<Concept>,
    pub associations: Vec<Association>,
    pub attributes: Vec<AttributeHint>,
}

impl Association {
    /// Read from words that say the two are linked (an owner, a part, an
    /// addition, a subject acting on an object), or seen more than once.
    pub fn confident(&self) -> bool {
        !matches!(
            self.kind,
            AssocKind::Preposition | AssocKind::RoleVerbObject
        ) || self.evidence.len() >= 2
    }
}

impl StoryModel {
    pub fn concept(&self, words: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.words == words)
    }

    /// Concepts this module recommends as classes.
    pub fn candidates(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter().filter(|c| c.candidate)
    }
}

/// Analyses every story, feature and background line of the requirements.
pub fn analyze(req: &Requirements) -> StoryModel {
    let mut b = Builder::default();
    for story in &req.stories {
        let role = b.role(&story.role, &story.id, &story.loc);
        b.text(
            &story.goal,
            Part::Goal,
            &story.id,
            &story.loc,
            role.as_deref(),
        );
        b.text(
            &story.value,
            Part::Value,
            &story.id,
            &story.loc,
            role.as_deref(),
        );
        for ac in &story.acceptance {
            b.text(
                &ac.text,
                Part::Acceptance,
                &story.id,
                &ac.loc,
                role.as_deref(),
            );
        }
    }
    for f in &req.features {
        b.text(
            &format!("the {}", f.name),
            Part::Feature,
            &f.id,
            &f.loc,
            None,
        );
        b.text(&f.description, Part::Feature, &f.id, &f.loc, None);
    }
    for g in &req.goals {
        b.text(&g.text, Part::Background, "background", &g.loc, None);
    }
    // In a short list of stories each one carries more weight.
    b.threshold = if req.stories.len() < 20 {
        3.0
    } else {
        CANDIDATE_SCORE
    };
    b.finish()
}

/// What a noun phrase stands for.
#[derive(Debug, Clone, PartialEq)]
enum Meaning {
    /// A thing: the concept's words.
    Thing(String),
    /// A property; of the thing named by the compound's first part if any.
    Attr {
        owner: Option<String>,
        name: String,
    },
    /// A generic noun ("list", "overview"): its `of` phrase stands for it.
    /// Also the speaker's own account or profile.
    Generic,
    Nothing,
}

fn meaning(np: &NounPhrase) -> Meaning {
    let lang = language();
    let mut nouns: Vec<&str> = np
        .nouns
        .iter()
        .map(String::as_str)
        .filter(|n| !n.is_empty() && n.chars().any(char::is_alphabetic))
        .collect();
    // "payment system" -> payment; "recycling center information" -> recycling center.
    while nouns.len() >= 2
        && nouns
            .last()
            .is_some_and(|h| lang.generic_heads.contains(*h))
    {
        nouns.pop();
    }
    let Some(&head) = nouns.last() else {
        return Meaning::Nothing;
    };
    let head_lemma = english::noun_lemma(head);
    if lang.attribute_nouns.contains(head) || lang.attribute_nouns.contains(&head_lemma) {
        if nouns.len() >= 2 {
            let modifier = nouns.get(nouns.len() - 2).copied().unwrap_or("");
            // "email address", "phone number": the whole compound is the property.
            if lang.attribute_nouns.contains(modifier) {
                return Meaning::Attr {
                    owner: None,
                    name: format!("{modifier}_{head_lemma}"),
                };
            }
            let owner_words: Vec<&str> = nouns[..nouns.len() - 1]
                .iter()
                .rev()
                .take(2)
                .rev()
                .copied()
                .collect();
            let owner = lemma_phrase(&owner_words);
            return Meaning::Attr {
                owner: Some(owner),
                name: head_lemma,
            };
        }
        if lang.generic_nouns.contains(head) {
            return Meaning::Generic;
        }
        return Meaning::Attr {
            owner: None,
            name: head_lemma,
        };
    }
    if nouns.len() == 1
        && (lang.generic_nouns.contains(head) || lang.generic_nouns.contains(&head_lemma))
    {
        return Meaning::Generic;
    }
    if lang.pronouns.contains(head)
        || lang.determiners.contains(head)
        || head.chars().count() < 3 && head.is_ascii()
    {
        return Meaning::Nothing;
    }
    let words: Vec<&str> = nouns.iter().rev().take(2).rev().copied().collect();
    Meaning::Thing(lemma_phrase(&words))
}

/// Singularizes the last word of a phrase.
fn lemma_phrase(words: &[&str]) -> String {
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    if let Some(last) = out.last_mut() {
        *last = english::noun_lemma(last);
    }
    out.join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Func {
    Object(usize),
    /// Object of a preposition (token index) attached to the previous phrase.
    Attached(usize, usize),
    /// Object of a preposition (token index) attached to the verb.
    VerbPrep(usize),
    Possessed(usize),
    Other,
}

#[derive(Default)]
struct ConceptAcc {
    evidence: Vec<Evidence>,
    score: f32,
    role_mentions: usize,
    other_mentions: usize,
}

#[derive(Default)]
struct Builder {
    concepts: BTreeMap<String, ConceptAcc>,
    assocs: BTreeMap<(String, String, AssocKind), Association>,
    attrs: BTreeMap<(String, String), AttributeHint>,
    threshold: f32,
}

struct Ctx<'a> {
    source: &'a str,
    part: Part,
    loc: &'a Loc,
    role: Option<&'a str>,
    text: &'a str,
}

impl Ctx<'_> {
    fn evidence(
        &self,
        usage: Use,
        verb: Option<&str>,
        tokens: &[Token],
        np: &NounPhrase,
    ) -> Evidence {
        let start = tokens.get(np.start).map_or(0, |t| t.start);
        let end = tokens
            .get(np.end.saturating_sub(1))
            .map_or(self.text.len(), |t| t.end);
        Evidence {
            source: self.source.to_string(),
            part: self.part,
            loc: self.loc.clone(),
            usage,
            verb: verb.map(str::to_string),
            phrase: self.text.get(start..end).unwrap_or("").to_string(),
        }
    }
}

fn tokens_of(text: &str) -> Vec<Token> {
    if zh::has_cjk(text) {
        zh::tokens(text)
    } else {
        english::tag(english::tokenize(text))
    }
}

/// Token index -> the verb lemma it carries, if a verb.
fn verb_at(tokens: &[Token], i: usize) -> Option<&str> {
    tokens
        .get(i)
        .filter(|t| t.tag == Tag::Verb && !t.lemma.is_empty())
        .map(|t| t.lemma.as_str())
}

const SUBORDINATORS: &[&str] = &[
    "so", "that", "if", "when", "whenever", "while", "because", "although", "though", "unless",
    "whether", "where", "once", "as", "how", "why", "then", "which", "who",
];

impl Builder {
    /// The role of a story: its noun phrase's concept, recorded as a role.
    fn role(&mut self, role: &str, source: &str, loc: &Loc) -> Option<String> {
        let text = strip_prefixes(role, &["as an ", "as a ", "as the ", "as ", "作为"]);
        let tokens = if zh::has_cjk(text) {
            zh::tokens(text)
        } else {
            // A noun phrase position: "Ticket Master" is not "to ticket".
            let mut t = english::tag(english::tokenize(&format!("the {text}")));
            if !t.is_empty() {
                t.remove(0);
            }
            t
        };
        let nps = english::chunk(&tokens);
        let np = nps.first()?;
        let key = match meaning(np) {
            Meaning::Thing(k) => k,
            _ => lemma_phrase(&np.nouns.iter().map(String::as_str).collect::<Vec<_>>()),
        };
        if key.is_empty() {
            return None;
        }
        let ctx = Ctx {
            source,
            part: Part::Role,
            loc,
            role: None,
            text,
        };
        let ev = ctx.evidence(Use::Role, None, &tokens, np);
        let acc = self.concepts.entry(key.clone()).or_default();
        acc.role_mentions += 1;
        acc.evidence.push(ev);
        Some(key)
    }

    fn text(&mut self, text: &str, part: Part, source: &str, loc: &Loc, role: Option<&str>) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let text = if part == Part::Goal {
            strip_prefixes(
                text,
                &[
                    "i want to ",
                    "i would like to ",
                    "i need to ",
                    "i wish to ",
                    "to ",
                ],
            )
        } else {
            text
        };
        let ctx = Ctx {
            source,
            part,
            loc,
            role,
            text,
        };
        let tokens = tokens_of(text);
        let nps = english::chunk(&tokens);
        self.sentence(&ctx, &tokens, &nps);
    }

    fn sentence(&mut self, ctx: &Ctx, tokens: &[Token], nps: &[NounPhrase]) {
        let lang = language();
        // "my account", "my profile": the speaker's own login record, which
        // is the role itself, not a thing of its own.
        let own_record = |w: &str| lang.self_records.contains(w);
        let meanings: Vec<Meaning> = nps
            .iter()
            .map(meaning)
            .map(|m| match m {
                Meaning::Thing(k) if own_record(&k) => Meaning::Generic,
                Meaning::Attr {
                    owner: Some(o),
                    name,
                } if own_record(&o) => Meaning::Attr {
                    owner: ctx.role.map(str::to_string),
                    name,
                },
                m => m,
            })
            .collect();
        let mut funcs: Vec<Func> = Vec::with_capacity(nps.len());
        // The concept each phrase finally stands for (generic phrases take
        // their `of` phrase's), and the governing verb token of each.
        let mut stands: Vec<Option<String>> = vec![None; nps.len()];
        let mut verb_of: Vec<Option<usize>> = vec![None; nps.len()];
        let mut verb: Option<usize> = None;
        let mut focus: Option<String> = None;
        let mut prev_end = 0usize;
        let mut clause_start_np = 0usize;
        for (k, np) in nps.iter().enumerate() {
            for i in prev_end..np.start {
                let Some(t) = tokens.get(i) else { continue };
                match t.tag {
                    Tag::Verb => verb = Some(i),
                    Tag::Conj if SUBORDINATORS.contains(&t.text.as_str()) => {
                        verb = None;
                        clause_start_np = k;
                    }
                    Tag::Punct
                        if matches!(t.text.as_str(), "." | ";" | "!" | "?" | "。" | "；") =>
                    {
                        verb = None;
                        clause_start_np = k;
                    }
                    _ => {}
                }
            }
            let before = np.start.checked_sub(1).and_then(|i| tokens.get(i));
            let prev_adjacent = k > clause_start_np
                && nps
                    .get(k.wrapping_sub(1))
                    .is_some_and(|p| p.end + 1 == np.start);
            let func = match before.map(|t| t.tag) {
                Some(Tag::Verb) => Func::Object(np.start - 1),
                Some(Tag::Adv | Tag::Inf) if verb.is_some() => {
                    Func::Object(verb.unwrap_or_default())
                }
                // "fill in the amount": a phrasal verb's particle.
                Some(Tag::Prep)
                    if before.is_some_and(|t| english::PARTICLES.contains(&t.text.as_str()))
                        && np
                            .start
                            .checked_sub(2)
                            .and_then(|i| tokens.get(i))
                            .is_some_and(|t| t.tag == Tag::Verb) =>
                {
                    Func::Object(np.start - 2)
                }
                Some(Tag::Prep) => {
                    if prev_adjacent {
                        Func::Attached(k - 1, np.start - 1)
                    } else {
                        Func::VerbPrep(np.start - 1)
                    }
                }
                Some(Tag::PossMark) if prev_adjacent => Func::Possessed(k - 1),
                Some(Tag::Conj | Tag::Punct)
                    if prev_adjacent
                        && before.is_some_and(|t| {
                            matches!(t.text.as_str(), "and" | "or" | "," | "、" | "/")
                        }) =>
                {
                    funcs.get(k - 1).copied().unwrap_or(Func::Other)
                }
                _ => Func::Other,
            };
            funcs.push(func);
            verb_of[k] = verb;
            prev_end = np.end;
        }

        // Resolve what each phrase stands for, then record evidence.
        for k in 0..nps.len() {
            let (Some(np), Some(m)) = (nps.get(k), meanings.get(k)) else {
                continue;
            };
            let func = funcs.get(k).copied().unwrap_or(Func::Other);
            // "a list of orders": the orders take the list's place.
            let (func, inherited_verb) = match func {
                Func::Attached(p, prep)
                    if tokens.get(prep).is_some_and(|t| t.text == "of")
                        && matches!(
                            meanings.get(p),
                            Some(Meaning::Generic | Meaning::Attr { owner: None, .. })
                        ) =>
                {
                    (
                        funcs.get(p).copied().unwrap_or(Func::Other),
                        verb_of.get(p).copied().flatten(),
                    )
                }
                f => (f, verb_of.get(k).copied().flatten()),
            };
            if let Some(slot) = funcs.get_mut(k) {
                *slot = func;
            }
            // "view my employee's contracts": the contracts are what is viewed.
            let governing = match func {
                Func::Possessed(p) => funcs.get(p).copied().unwrap_or(Func::Other),
                f => f,
            };
            let verb_tok = match governing {
                Func::Object(v) => Some(v),
                _ => inherited_verb,
            };
            let verb = verb_tok.and_then(|v| verb_at(tokens, v));
            match m {
                Meaning::Thing(key) => {
                    let usage = match governing {
                        Func::Object(_) => Use::Object,
                        Func::Attached(..) | Func::VerbPrep(_) => Use::PrepObject,
                        _ if tokens.get(np.end).is_some_and(|t| t.tag == Tag::PossMark) => {
                            Use::Possessor
                        }
                        _ if tokens.get(np.end).is_some_and(|t| {
                            matches!(t.tag, Tag::Verb | Tag::Aux | Tag::Modal)
                        }) =>
                        {
                            Use::Subject
                        }
                        _ => Use::Other,
                    };
                    let prep = match governing {
                        Func::Attached(_, p) | Func::VerbPrep(p) => {
                            tokens.get(p).map_or("", |t| t.text.as_str())
                        }
                        _ => "",
                    };
                    let mut w = weight(ctx.part, usage, verb);
                    if usage == Use::PrepObject && !close_preposition(prep) {
                        w *= 0.5;
                    }
                    let ev = ctx.evidence(usage, verb, tokens, np);
                    let acc = self.concepts.entry(key.clone()).or_default();
                    acc.score += w;
                    acc.other_mentions += 1;
                    acc.evidence.push(ev);
                    stands[k] = Some(key.clone());
                    if focus.is_none() && matches!(usage, Use::Object | Use::PrepObject) {
                        focus = Some(key.clone());
                    }
                }
                Meaning::Attr { owner, name } => {
                    let owner = owner.clone().or_else(|| match func {
                        Func::Attached(p, _) | Func::Possessed(p) => {
                            stands.get(p).cloned().flatten()
                        }
                        _ => None,
                    });
                    let owner = owner
                        .or_else(|| {
                            // "my email": the speaker's.
                            np.poss
                                .as_deref()
                                .filter(|p| matches!(*p, "my" | "our"))
                                .and(ctx.role.map(str::to_string))
                        })
                        .or_else(|| focus.clone());
                    if let (Meaning::Attr { owner: Some(o), .. }, Some(slot)) =
                        (m, stands.get_mut(k))
                    {
                        // "all possible payment options" speaks of payments.
                        *slot = Some(o.clone());
                    }
                    if let Some(owner) = owner {
                        let ev = ctx.evidence(Use::Other, verb, tokens, np);
                        self.attribute(tokens, np, &owner, name, ev);
                        // The compound's owner is evidence for the owner too.
                        if let Meaning::Attr { owner: Some(_), .. } = m {
                            let acc = self.concepts.entry(owner.clone()).or_default();
                            acc.score += 0.5 * weight(ctx.part, Use::Other, verb);
                            acc.other_mentions += 1;
                            acc.evidence
                                .push(ctx.evidence(Use::Other, verb, tokens, np));
                        }
                    }
                }
                Meaning::Generic | Meaning::Nothing => {}
            }
        }

        // Relations between the phrases' concepts.
        for k in 0..nps.len() {
            let (Some(np), Some(Some(key))) = (nps.get(k), stands.get(k)) else {
                continue;
            };
            let func = funcs.get(k).copied().unwrap_or(Func::Other);
            let verb_tok = match func {
                Func::Object(v) => Some(v),
                _ => verb_of.get(k).copied().flatten(),
            };
            let verb = verb_tok.and_then(|v| verb_at(tokens, v));
            let ev = || ctx.evidence(Use::Other, verb, tokens, np);
            // "my week's schedule": the "my" of a possessor that is no thing.
            let poss = np.poss.as_deref().or(match func {
                Func::Possessed(p) if stands.get(p).is_some_and(Option::is_none) => {
                    nps.get(p).and_then(|n| n.poss.as_deref())
                }
                _ => None,
            });
            // The speaker's own things, and what the speaker acts on.
            if let Some(role) = ctx.role.filter(|r| *r != key) {
                if matches!(poss, Some("my" | "our")) {
                    self.assoc(
                        role,
                        key,
                        None,
                        AssocKind::Owns,
                        Cardinality::OneToMany,
                        ev(),
                    );
                } else if ctx.part == Part::Goal {
                    if let (Func::Object(_), Some(v)) = (func, verb) {
                        if !lang.light_verbs.contains(v) && !lang.read_verbs.contains(v) {
                            self.assoc(
                                role,
                                key,
                                Some(v),
                                AssocKind::RoleVerbObject,
                                Cardinality::OneToMany,
                                ev(),
                            );
                        }
                    }
                }
            }
            match func {
                Func::Attached(p, prep) => {
                    let prep = tokens.get(prep).map_or("", |t| t.text.as_str());
                    // "add special requests to a product": the verb's
                    // object goes into this phrase's thing.
                    let add_verb = match funcs.get(p) {
                        Some(Func::Object(v)) => verb_at(tokens, *v).filter(|v| {
                            lang.add_verbs.contains(*v) && matches!(prep, "to" | "into")
                        }),
                        _ => None,
                    };
                    if let (Some(v), Some(Some(other))) = (add_verb, stands.get(p)) {
                        if other != key {
                            let card = if nps.get(p).is_some_and(|n| n.plural) {
                                Cardinality::ManyToMany
                            } else {
                                Cardinality::OneToMany
                            };
                            self.assoc(key, other, Some(v), AssocKind::AddTo, card, ev());
                        }
                        continue;
                    }
                    if let Some(Some(other)) = stands.get(p) {
                        if other != key {
                            let (kind, a, b) = match prep {
                                // "the products of an order": order has products.
                                "of" => (AssocKind::Of, key.as_str(), other.as_str()),
                                "with" => (AssocKind::With, other.as_str(), key.as_str()),
                                _ => (AssocKind::Preposition, key.as_str(), other.as_str()),
                            };
                            if kind != AssocKind::Preposition || close_preposition(prep) {
                                self.assoc(a, b, verb, kind, Cardinality::OneToMany, ev());
                            }
                        }
                    }
                }
                Func::Possessed(p) => {
                    if let Some(Some(other)) = stands.get(p) {
                        if other != key {
                            self.assoc(
                                other,
                                key,
                                None,
                                AssocKind::Owns,
                                Cardinality::OneToMany,
                                ev(),
                            );
                        }
                    }
                }
                Func::VerbPrep(prep_tok) => {
                    // "add products to my order": the verb's object goes into this.
                    let prep = tokens.get(prep_tok).map_or("", |t| t.text.as_str());
                    if matches!(prep, "to" | "into" | "in" | "on" | "for") {
                        let object = (0..k).rev().find(|&j| {
                            matches!(funcs.get(j), Some(Func::Object(v)) if Some(*v) == verb_tok)
                        });
                        if let Some(Some(obj)) = object.and_then(|j| stands.get(j)) {
                            if obj != key {
                                let card = if verb.is_some_and(|v| lang.add_verbs.contains(v))
                                    && object.and_then(|j| nps.get(j)).is_some_and(|n| n.plural)
                                {
                                    Cardinality::ManyToMany
                                } else {
                                    Cardinality::OneToMany
                                };
                                self.assoc(key, obj, verb, AssocKind::AddTo, card, ev());
                            }
                        }
                    }
                }
                Func::Object(v) => {
                    // Subject-verb-object: the nearest thing before the verb.
                    let subject = (0..k).rev().find(|&j| {
                        nps.get(j).is_some_and(|n| n.end <= v)
                            && tokens
                                .get(nps.get(j).map_or(0, |n| n.end))
                                .is_some_and(|t| {
                                    matches!(t.tag, Tag::Verb | Tag::Aux | Tag::Modal | Tag::Adv)
                                })
                    });
                    if let Some(Some(subj)) = subject.and_then(|j| stands.get(j)) {
                        if subj != key
                            && !verb.is_some_and(|v| lang.light_verbs.contains(v) && v != "have")
                        {
                            let kind = if verb == Some("have") {
                                AssocKind::Owns
                            } else {
                                AssocKind::SubjectVerbObject
                            };
                            self.assoc(subj, key, verb, kind, Cardinality::OneToMany, ev());
                        }
                    }
                }
                _ => {}
            }
        }
        // Passive agents: "an estimate has been given by a specific estimator".
        for k in 1..nps.len() {
            let (Some(np), Some(Some(agent))) = (nps.get(k), stands.get(k)) else {
                continue;
            };
            let by = np.start.checked_sub(1).and_then(|i| tokens.get(i));
            let participle = np.start.checked_sub(2).and_then(|i| tokens.get(i));
            if by.is_some_and(|t| t.text == "by") && participle.is_some_and(|t| t.tag == Tag::Verb)
            {
                let patient = (0..k).rev().find(|&j| {
                    stands.get(j).is_some_and(Option::is_some)
                        && tokens
                            .get(nps.get(j).map_or(0, |n| n.end))
                            .is_some_and(|t| t.tag == Tag::Aux)
                });
                if let Some(Some(p)) = patient.and_then(|j| stands.get(j)) {
                    if p != agent {
                        let v = participle.map(|t| t.lemma.clone());
                        let ev = ctx.evidence(Use::Other, v.as_deref(), tokens, np);
                        self.assoc(
                            agent,
                            p,
                            v.as_deref(),
                            AssocKind::SubjectVerbObject,
                            Cardinality::OneToMany,
                            ev,
                        );
                    }
                }
            }
        }
    }

    fn attribute(
        &mut self,
        tokens: &[Token],
        np: &NounPhrase,
        owner: &str,
        name: &str,
        ev: Evidence,
    ) {
        let lang = language();
        let name = name.replace(['-', ' '], "_");
        // Words right after the phrase, up to the next phrase boundary.
        let after: Vec<&Token> = tokens
            .iter()
            .skip(np.end)
            .take_while(|t| !matches!(t.text.as_str(), "," | "." | ";" | "and" | "or"))
            .take(8)
            .collect();
        let said = |set: &HashSet<String>| {
            np.adjs.iter().any(|a| set.contains(a))
                || after
                    .iter()
                    .any(|t| set.contains(&t.text) || set.contains(&t.lemma))
                || np
                    .start
                    .checked_sub(1)
                    .and_then(|i| tokens.get(i))
                    .is_some_and(|t| set.contains(&t.text))
        };
        let nullable = if said(&lang.optional_words) {
            Some(true)
        } else if said(&lang.required_words)
            || after.iter().any(|t| t.text == "must" || t.text == "cannot")
        {
            Some(false)
        } else {
            None
        };
        let unique = said(&lang.unique_words);
        let max_len = max_length(&after);
        let h = self
            .attrs
            .entry((owner.to_string(), name.clone()))
            .or_insert_with(|| AttributeHint {
                concept: owner.to_string(),
                name,
                nullable: None,
                unique: false,
                max_len: None,
                evidence: Vec::new(),
            });
        h.nullable = h.nullable.or(nullable);
        h.unique |= unique;
        h.max_len = h.max_len.or(max_len);
        h.evidence.push(ev);
    }

    fn assoc(
        &mut self,
        a: &str,
        b: &str,
        verb: Option<&str>,
        kind: AssocKind,
        card: Cardinality,
        ev: Evidence,
    ) {
        let e = self
            .assocs
            .entry((a.to_string(), b.to_string(), kind))
            .or_insert_with(|| Association {
                a: a.to_string(),
                b: b.to_string(),
                verb: verb.map(str::to_string),
                kind,
                cardinality: card,
                evidence: Vec::new(),
            });
        if card == Cardinality::ManyToMany {
            e.cardinality = card;
        }
        e.evidence.push(ev);
    }

    /// "recycling facilities ... the facilities": a lone head noun that
    /// only one compound ends in is that compound said short.
    fn merge_heads(&mut self) {
        let keys: Vec<String> = self.concepts.keys().cloned().collect();
        let mut renames: Vec<(String, String)> = Vec::new();
        for k in keys.iter().filter(|k| !k.contains(' ')) {
            let suffix = format!(" {k}");
            let mut compounds = keys.iter().filter(|c| c.ends_with(&suffix));
            if let (Some(only), None) = (compounds.next(), compounds.next()) {
                // Only when the compound is the usual way to say it: "item"
                // is not short for a one-off "paste item".
                let score = |key: &String| self.concepts.get(key).map_or(0.0, |a| a.score);
                if score(only) >= score(k) {
                    renames.push((k.clone(), only.clone()));
                }
            }
        }
        for (from, to) in renames {
            let Some(acc) = self.concepts.remove(&from) else {
                continue;
            };
            if acc.role_mentions > 0 {
                // A role keeps its own name ("As a manager" is not "store manager").
                self.concepts.insert(from, acc);
                continue;
            }
            let into = self.concepts.entry(to.clone()).or_default();
            into.score += acc.score;
            into.other_mentions += acc.other_mentions;
            into.evidence.extend(acc.evidence);
            let rename = |s: &mut String| {
                if *s == from {
                    *s = to.clone();
                }
            };
            let assocs = std::mem::take(&mut self.assocs);
            for ((mut a, mut b, kind), mut v) in assocs {
                rename(&mut a);
                rename(&mut b);
                rename(&mut v.a);
                rename(&mut v.b);
                if a == b {
                    continue;
                }
                match self.assocs.get_mut(&(a.clone(), b.clone(), kind)) {
                    Some(e) => e.evidence.extend(v.evidence),
                    None => {
                        self.assocs.insert((a, b, kind), v);
                    }
                }
            }
            let attrs = std::mem::take(&mut self.attrs);
            for ((mut c, n), mut h) in attrs {
                rename(&mut c);
                rename(&mut h.concept);
                match self.attrs.get_mut(&(c.clone(), n.clone())) {
                    Some(e) => e.evidence.extend(h.evidence),
                    None => {
                        self.attrs.insert((c, n), h);
                    }
                }
            }
        }
    }

    fn finish(mut self) -> StoryModel {
        self.merge_heads();
        let lang = language();
        let threshold = self.threshold;
        let mut concepts: Vec<Concept> = self
            .concepts
            .into_iter()
            .map(|(words, acc)| {
                let head = words.rsplit(' ').next().unwrap_or("").to_string();
                let entry = lexicon::lookup(&head);
                let single = !words.contains(' ');
                let verbal = single && is_verbal_noun(&head, entry);
                let person = entry
                    .is_some_and(|e| e.noun_classes().next() == Some(lexicon::NounClass::Person))
                    || head.ends_with("er") && !entry.is_some_and(|e| e.noun);
                let flags = ConceptFlags {
                    role: acc.role_mentions > 0,
                    role_only: acc.role_mentions > 0 && acc.other_mentions == 0,
                    attribute: lang.attribute_nouns.contains(&words),
                    ui: lang.ui_nouns.contains(&words) || lang.ui_nouns.contains(&head),
                    generic: lang.generic_nouns.contains(&words),
                    verbal,
                    person,
                };
                let sources: HashSet<&str> = acc
                    .evidence
                    .iter()
                    .filter(|e| e.usage != Use::Role)
                    .map(|e| e.source.as_str())
                    .collect();
                let sources = sources.len();
                let candidate = !flags.role_only
                    && !flags.attribute
                    && !flags.ui
                    && !flags.generic
                    && !flags.verbal
                    && (acc.score >= threshold
                        || acc.score >= 3.0 && sources >= 2
                        || flags.role && acc.score >= 2.0);
                Concept {
                    name: crate::names::pascal_case(&words),
                    words,
                    sources,
                    mentions: acc.evidence.len(),
                    score: acc.score,
                    flags,
                    candidate,
                    evidence: acc.evidence,
                }
            })
            .filter(|c| !c.name.is_empty())
            .collect();
        concepts.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.words.cmp(&b.words))
        });
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        let mut associations: Vec<Association> = Vec::new();
        for (_, a) in self.assocs {
            // One line per pair: the first kind (strongest) wins, the rest add evidence.
            let key = if a.a <= a.b {
                (a.a.clone(), a.b.clone())
            } else {
                (a.b.clone(), a.a.clone())
            };
            match seen.get(&key).and_then(|&i| associations.get_mut(i)) {
                Some(existing) => {
                    existing.evidence.extend(a.evidence);
                    if a.cardinality == Cardinality::ManyToMany {
                        existing.cardinality = Cardinality::ManyToMany;
                    }
                }
                None => {
                    seen.insert(key, associations.len());
                    associations.push(a);
                }
            }
        }
        StoryModel {
            concepts,
            associations,
            attributes: self.attrs.into_values().collect(),
        }
    }
}

/// Score from which a concept is recommended as a class on its own: more
/// than one story whose goal creates, changes or lists it (a single such
/// story is enough when another mentions it too).
const CANDIDATE_SCORE: f32 = 4.0;

/// A noun that names the doing of something rather than a thing kept:
/// a gerund ("scheduling"), or an action noun made from a verb whose most
/// frequent sense is an act ("preparation" from "prepare").
fn is_verbal_noun(word: &str, entry: Option<lexicon::Entry>) -> bool {
    let is_verb = |w: &str| lexicon::lookup(w).is_some_and(|e| e.verb);
    if word.ends_with("ing") && is_verb(&english::verb_lemma(word)) {
        return !entry.is_some_and(|e| e.noun && e.noun_freq > 2);
    }
    let act = entry.is_some_and(|e| e.noun_classes().next() == Some(lexicon::NounClass::Act));
    if !act {
        return false;
    }
    let stems = [
        word.strip_suffix("ication").map(|s| format!("{s}y")),
        word.strip_suffix("ation").map(|s| format!("{s}e")),
        word.strip_suffix("ation").map(str::to_string),
        word.strip_suffix("tion").map(|s| format!("{s}te")),
        word.strip_suffix("sion").map(|s| format!("{s}de")),
        word.strip_suffix("ment").map(str::to_string),
        word.strip_suffix("ance").map(str::to_string),
        word.strip_suffix("ence").map(str::to_string),
        word.strip_suffix("al").map(str::to_string),
    ];
    stems.iter().flatten().any(|s| s.len() >= 3 && is_verb(s))
}

/// Objects of these prepositions are parts, owners or targets of what they
/// follow; the rest (from, in, on, at, by, during, ...) mostly name places,
/// sources and times.
fn close_preposition(p: &str) -> bool {
    matches!(
        p,
        "of" | "with" | "for" | "to" | "per" | "about" | "between" | "without"
    )
}

fn weight(part: Part, usage: Use, verb: Option<&str>) -> f32 {
    let lang = language();
    let base = match usage {
        Use::Object => {
            if verb.is_some_and(|v| lang.light_verbs.contains(v)) {
                1.5
            } else {
                3.0
            }
        }
        Use::PrepObject | Use::Possessor => 2.0,
        Use::Subject => 1.5,
        Use::Role | Use::Other => 1.0,
    };
    let part_factor = match part {
        Part::Goal | Part::Feature => 1.0,
        Part::Acceptance => 0.8,
        Part::Value => 0.4,
        Part::Background => 0.3,
        Part::Role => 0.0,
    };
    base * part_factor
}

/// "at most 300 characters", "up to 50 chars", "max. 20 characters".
fn max_length(after: &[&Token]) -> Option<u32> {
    after.windows(2).find_map(|w| {
        let (n, unit) = (w.first()?, w.get(1)?);
        let unit_ok = matches!(
            unit.text.as_str(),
            "characters" | "chars" | "character" | "letters" | "字" | "个字符" | "字符"
        );
        if n.tag == Tag::Num && unit_ok {
            n.text.replace(',', "").parse().ok()
        } else {
            None
        }
    })
}

fn strip_prefixes<'a>(text: &'a str, prefixes: &[&str]) -> &'a str {
    let t = text.trim();
    for p in prefixes {
        if t.len() >= p.len()
            && t.is_char_boundary(p.len())
            && t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p))
        {
            return t.get(p.len()..).unwrap_or(t).trim_start();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{TextLine, UserStory};

    fn story(id: &str, role: &str, goal: &str, value: &str) -> UserStory {
        UserStory {
            id: id.into(),
            role: role.into(),
            goal: goal.into(),
            value: value.into(),
            ..Default::default()
        }
    }

    fn req(stories: Vec<UserStory>) -> Requirements {
        Requirements {
            stories,
            ..Default::default()
        }
    }

    fn has_assoc(m: &StoryModel, a: &str, b: &str) -> bool {
        m.associations
            .iter()
            .any(|x| (x.a == a && x.b == b) || (x.a == b && x.b == a))
    }

    #[test]
    fn finds_the_object_and_its_attributes() {
        let m = analyze(&req(vec![story(
            "US-001",
            "moderator",
            "create a new game by entering a name and an optional description",
            "I can start inviting estimators",
        )]));
        let game = m.concept("game").expect("game");
        assert!(game.candidate);
        assert_eq!(game.name, "Game");
        assert_eq!(game.evidence[0].verb.as_deref(), Some("create"));
        let name = m.attributes.iter().find(|a| a.name == "name").unwrap();
        assert_eq!(name.concept, "game");
        let desc = m
            .attributes
            .iter()
            .find(|a| a.name == "description")
            .unwrap();
        assert_eq!(desc.concept, "game");
        assert_eq!(desc.nullable, Some(true));
        // The moderator only tells the story.
        let moderator = m.concept("moderator").unwrap();
        assert!(moderator.flags.role_only && !moderator.candidate);
    }

    #[test]
    fn roles_with_data_are_classes() {
        let m = analyze(&req(vec![
            story("US-1", "customer", "view my orders", ""),
            story("US-2", "clerk", "block a customer who does not pay", ""),
        ]));
        let customer = m.concept("customer").unwrap();
        assert!(customer.flags.role && !customer.flags.role_only && customer.candidate);
        assert!(has_assoc(&m, "customer", "order"));
        let owns = m.associations.iter().find(|a| a.b == "order").unwrap();
        assert_eq!(owns.kind, AssocKind::Owns);
        assert_eq!(owns.cardinality, Cardinality::OneToMany);
    }

    #[test]
    fn of_with_and_possessives_relate_concepts() {
        let m = analyze(&req(vec![
            story("US-1", "cook", "see the products of an order", ""),
            story("US-2", "cook", "see the customer's invoices", ""),
            story("US-3", "cook", "print tickets with their dishes", ""),
        ]));
        let of = m
            .associations
            .iter()
            .find(|a| a.kind == AssocKind::Of)
            .unwrap();
        assert_eq!((of.a.as_str(), of.b.as_str()), ("order", "product"));
        assert!(has_assoc(&m, "customer", "invoice"));
        assert!(has_assoc(&m, "ticket", "dish"));
    }

    #[test]
    fn generic_containers_pass_their_role_on() {
        let m = analyze(&req(vec![story(
            "US-1",
            "owner",
            "have an overview of all orders in the system",
            "",
        )]));
        assert!(m.concept("overview").is_none());
        assert!(m.concept("order").is_some_and(|c| c.score > 0.0));
        assert!(m.concept("system").is_none());
    }

    #[test]
    fn compounds_keep_their_parts_and_attributes_attach() {
        let m = analyze(&req(vec![story(
            "US-1",
            "cashier",
            "add the delivery address and the order number to the order",
            "",
        )]));
        assert!(m.concept("delivery person").is_none());
        assert!(m
            .attributes
            .iter()
            .any(|a| a.concept == "order" && a.name == "number"));
        assert!(m
            .attributes
            .iter()
            .any(|a| a.concept == "delivery" && a.name == "address"));
    }

    #[test]
    fn phrasal_verbs_and_particles() {
        let m = analyze(&req(vec![story(
            "US-1",
            "owner",
            "fill in the amount of cash and choose a flexible pick up time",
            "",
        )]));
        let cash = m.concept("cash").unwrap();
        assert_eq!(cash.evidence[0].usage, Use::Object);
        assert_eq!(cash.evidence[0].verb.as_deref(), Some("fill"));
        assert!(m.concept("pick").is_none());
    }

    #[test]
    fn the_speakers_account_is_the_role() {
        let m = analyze(&req(vec![
            story("US-1", "member", "create an account with my email", ""),
            story("US-2", "member", "change my account name", ""),
        ]));
        assert!(m.concept("account").is_none());
        assert!(m
            .attributes
            .iter()
            .any(|a| a.concept == "member" && a.name == "name"));
    }

    #[test]
    fn a_lone_head_is_its_only_compound() {
        let m = analyze(&req(vec![
            story("US-1", "user", "find recycling facilities near me", ""),
            story("US-2", "admin", "contact the facilities directly", ""),
        ]));
        assert!(m.concept("facility").is_none());
        let c = m.concept("recycling facility").unwrap();
        assert_eq!(c.sources, 2);
    }

    #[test]
    fn length_and_uniqueness_hints() {
        let m = analyze(&req(vec![story(
            "US-1",
            "author",
            "publish a post with a unique slug and a title of at most 120 characters",
            "",
        )]));
        let slug = m.attributes.iter().find(|a| a.name == "slug");
        // "slug" is not an attribute word: it is a concept related to post.
        assert!(slug.is_none());
        let title = m.attributes.iter().find(|a| a.name == "title").unwrap();
        assert_eq!(title.concept, "post");
        assert_eq!(title.max_len, Some(120));
    }

    #[test]
    fn passive_agents_and_subjects() {
        let m = analyze(&req(vec![story(
            "US-1",
            "participant",
            "see that an estimate has been given by a specific estimator",
            "the customer places orders",
        )]));
        assert!(has_assoc(&m, "estimator", "estimate"));
        assert!(has_assoc(&m, "customer", "order"));
    }

    #[test]
    fn chinese_stories() {
        let m = analyze(&req(vec![
            story("US-1", "顾客", "我想要查看我的订单", "我可以跟踪配送"),
            story("US-2", "管理员", "删除用户的优惠券", ""),
        ]));
        let order = m.concept("order").expect("order");
        assert!(order.candidate);
        assert!(has_assoc(&m, "customer", "order"));
        assert!(has_assoc(&m, "user", "coupon"));
        assert!(m.concepts.iter().all(|c| c.name.is_ascii()));
    }

    #[test]
    fn untranslatable_chinese_is_skipped() {
        let m = analyze(&req(vec![story("US-1", "顾客", "查看鬼鬼祟祟", "")]));
        assert!(m.concepts.iter().all(|c| c.name.is_ascii()));
    }

    #[test]
    fn empty_and_odd_input() {
        let m = analyze(&Requirements::default());
        assert!(m.concepts.is_empty());
        let m = analyze(&req(vec![story("US-1", "", "'s 's ,,, to to the", "")]));
        assert!(m.concepts.iter().all(|c| !c.words.is_empty()));
        let r = Requirements {
            stories: vec![UserStory {
                id: "US-9".into(),
                acceptance: vec![TextLine {
                    text: "The name must be at most 40 characters".into(),
                    loc: Loc::default(),
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let _ = analyze(&r);
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn never_panics(role in ".{0,20}", goal in ".{0,80}", value in "[a-z ,.'’的我和]{0,60}") {
                let _ = analyze(&req(vec![story("US-1", &role, &goal, &value)]));
            }
        }
    }
}
