//! The prose evidence of one system: which user stories, feature rows,
//! non-functional bullets and architecture decisions concern it.
//!
//! With one backend everything concerns it. With several, each text goes to
//! the system(s) whose own vocabulary (contract paths and schema names, its
//! responsibility and details) it shares most, counting only words that tell
//! the systems apart.

use super::Inputs;
use crate::input::{JsonType, Project};
use crate::knowledge::{tokenize, Knowledge};
use crate::model::Source;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    Story,
    Feature,
    NonFunctional,
    Constraint,
    Goal,
    Decision,
    Marker,
}

/// One piece of prose with its source.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub source: Source,
    /// As written (for quoting in reasons).
    pub original: String,
    /// Lowercase (for matching).
    pub lower: String,
}

/// Words too common to tell systems apart.
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "its",
    "their",
    "it",
    "is",
    "are",
    "be",
    "as",
    "at",
    "this",
    "that",
    "does",
    "not",
    "owns",
    "own",
    "each",
    "every",
    "all",
    "any",
    "api",
    "v1",
    "me",
    "docs",
    "yaml",
    "md",
    "storage",
    "design",
    "external",
    "contract",
    "contracts",
    "responsibility",
    "boundary",
    "system",
    "backend",
    "store",
    "stores",
    "keeps",
    "data",
    "them",
    "they",
    "who",
    "which",
    "what",
    "when",
    "where",
    "how",
    "id",
    "ids",
    "new",
    "can",
    "i",
    "my",
    "we",
    "our",
    "your",
    "you",
    "state",
    "status",
    "time",
    "date",
    "main",
    "table",
    "list",
    "name",
    "type",
    "hour",
    "minute",
    "second",
    "day",
    "only",
    "one",
    "two",
    "three",
    "has",
    "have",
    "will",
    "must",
    "should",
    "also",
    "into",
    "about",
    "than",
    "more",
    "less",
    "most",
    "per",
    "via",
    "over",
    "under",
    "after",
    "before",
    "get",
    "set",
    "use",
    "used",
    "using",
    "way",
    "like",
    "such",
    "other",
    "others",
    "out",
    "up",
    "down",
    "at",
    "find",
    "show",
    "see",
    "value",
    "values",
    "number",
    "result",
];

fn content_words(text: &str) -> BTreeSet<String> {
    let lower = text.to_lowercase();
    let mut words: BTreeSet<String> = tokenize(&lower)
        .into_iter()
        .flat_map(|(_, w)| w.split(['-', '_']).map(str::to_string).collect::<Vec<_>>())
        .filter(|w| {
            w.len() > 2 && !STOP.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| crate::names::singular(&w))
        .collect();
    if super::zh::has_cjk(&lower) {
        words.extend(
            super::zh::content_words(&lower)
                .into_iter()
                .filter(|w| w.len() > 2 && !STOP.contains(&w.as_str()))
                .map(|w| crate::names::singular(&w)),
        );
    }
    words
}

/// A responsibility text split into what the system owns and what it says
/// it "does not" own (`It does not store restaurants or orders.`).
pub(crate) fn owned_and_disowned(text: &str) -> (String, String) {
    let lower = text.to_lowercase();
    let mut owned = String::new();
    let mut disowned = String::new();
    for sentence in lower.split(['.', '\n', '。']) {
        let cut = [
            "does not",
            "doesn't",
            "not own",
            "不负责",
            "不存储",
            "不保存",
        ]
        .iter()
        .filter_map(|w| sentence.find(w))
        .min();
        match cut {
            Some(i) => {
                owned.push_str(&sentence[..i]);
                // What is disowned, without "does not store" itself.
                let rest = sentence[i..].split_whitespace().skip(2).collect::<Vec<_>>();
                disowned.push_str(&rest.join(" "));
                disowned.push('.');
            }
            None => owned.push_str(sentence),
        }
        owned.push('.');
    }
    (owned, disowned)
}

/// The words that belong to one system, and the words of what it says it
/// does not own (minus its own words).
fn vocabulary(project: &Project, system: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut v = BTreeSet::new();
    let mut not = BTreeSet::new();
    if let Some(s) = project.architecture.system(system) {
        for text in [&s.responsibility, &s.details] {
            let (owned, disowned) = owned_and_disowned(text);
            v.extend(content_words(&owned));
            not.extend(content_words(&disowned));
        }
    }
    if let Some(c) = project.contract(system) {
        for e in &c.endpoints {
            for seg in e.path.split('/') {
                if !seg.starts_with('{') {
                    v.extend(content_words(seg));
                }
            }
        }
        for s in &c.schemas {
            if s.properties.is_empty() || matches!(s.ty.kind, JsonType::String) {
                continue;
            }
            v.extend(
                crate::names::words(&s.name)
                    .iter()
                    .map(|w| crate::names::singular(w)),
            );
        }
    }
    not.retain(|w| !v.contains(w));
    (v, not)
}

/// Per text, the systems it concerns.
pub struct Attribution {
    vocab: HashMap<String, BTreeSet<String>>,
    /// Per system, the words of what its responsibility says it does not own.
    disowned: HashMap<String, BTreeSet<String>>,
    systems: Vec<String>,
    /// Per text already seen, the systems it concerns (texts repeat across
    /// the systems of one run).
    memo: std::cell::RefCell<HashMap<String, Vec<String>>>,
}

impl Attribution {
    pub fn new(project: &Project) -> Self {
        let systems: Vec<String> = project
            .architecture
            .backends()
            .map(|s| s.name.clone())
            .collect();
        let mut vocab: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut disowned: HashMap<String, BTreeSet<String>> = HashMap::new();
        for s in &systems {
            let (v, not) = vocabulary(project, s);
            vocab.insert(s.clone(), v);
            disowned.insert(s.clone(), not);
        }
        if systems.len() > 1 {
            // Keep only the words that are not shared by every system.
            let mut common: Option<BTreeSet<String>> = None;
            for v in vocab.values() {
                common = Some(match common {
                    None => v.clone(),
                    Some(c) => c.intersection(v).cloned().collect(),
                });
            }
            let common = common.unwrap_or_default();
            for v in vocab.values_mut() {
                v.retain(|w| !common.contains(w));
            }
        }
        Attribution {
            vocab,
            disowned,
            systems,
            memo: Default::default(),
        }
    }

    /// Whether `text` concerns `system`: the systems whose own words the
    /// text uses most, each word a system says it does not own taking half
    /// a word off. With one system (or a system the architecture does not
    /// list), always.
    pub fn concerns(&self, text: &str, system: &str) -> bool {
        if self.systems.len() <= 1 || !self.vocab.contains_key(system) {
            return true;
        }
        if let Some(hit) = self.memo.borrow().get(text) {
            return hit.iter().any(|s| s == system);
        }
        let words = content_words(text);
        let count = |sets: &HashMap<String, BTreeSet<String>>, s: &str| {
            sets.get(s)
                .map(|v| words.intersection(v).count() as i64)
                .unwrap_or(0)
        };
        let scores: Vec<i64> = self
            .systems
            .iter()
            // Half a point each: a text that names what a system disowns
            // may still be its own ("a restaurant owner signs in").
            .map(|s| 2 * count(&self.vocab, s) - count(&self.disowned, s))
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        let winners: Vec<String> = self
            .systems
            .iter()
            .zip(&scores)
            .filter(|(_, sc)| best > 0 && **sc == best)
            .map(|(s, _)| s.clone())
            .collect();
        let yes = winners.iter().any(|s| s == system);
        self.memo.borrow_mut().insert(text.to_string(), winners);
        yes
    }

    /// Whether `text` concerns some other backend and not `system`.
    pub fn concerns_only_others(&self, text: &str, system: &str) -> bool {
        if self.concerns(text, system) {
            return false;
        }
        self.memo
            .borrow()
            .get(text)
            .is_some_and(|winners| !winners.is_empty())
    }
}

/// `Short-lived security state` -> `short-lived-security-state`: safe inside
/// a document's `(source, source)` list.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(48).collect()
}

/// Gathers the inputs of one system.
pub fn gather<'a>(
    project: &'a Project,
    system: &'a str,
    kb: &'a Knowledge,
    attribution: &Attribution,
) -> Inputs<'a> {
    let req = &project.requirements;
    let mut evidence = Vec::new();
    let mut all = String::new();
    let mut push =
        |kind: EvidenceKind, source: Source, text: String, evidence: &mut Vec<Evidence>| {
            all.push_str(&text.to_lowercase());
            all.push('\n');
            if attribution.concerns(&text, system) {
                evidence.push(Evidence {
                    kind,
                    source,
                    lower: text.to_lowercase(),
                    original: text,
                });
            }
        };
    for s in &req.stories {
        let mut t = format!(
            "{}. As a {}, I want to {}, so that {}.",
            s.title, s.role, s.goal, s.value
        );
        for a in &s.acceptance {
            t.push('\n');
            t.push_str(&a.text);
        }
        push(EvidenceKind::Story, Source::story(&s.id), t, &mut evidence);
    }
    for f in &req.features {
        push(
            EvidenceKind::Feature,
            Source::story(&f.id),
            format!("{}: {}", f.name, f.description),
            &mut evidence,
        );
    }
    for n in &req.non_functional {
        let cat = if n.category.is_empty() {
            "NFR"
        } else {
            &n.category
        };
        push(
            EvidenceKind::NonFunctional,
            Source(format!(
                "NFR:{}",
                slug(cat.split_whitespace().next().unwrap_or("NFR"))
            )),
            n.text.clone(),
            &mut evidence,
        );
    }
    for c in &req.constraints {
        push(
            EvidenceKind::Constraint,
            Source("req:constraints".into()),
            c.text.clone(),
            &mut evidence,
        );
    }
    for g in &req.goals {
        push(
            EvidenceKind::Goal,
            Source("req:goals".into()),
            g.text.clone(),
            &mut evidence,
        );
    }
    let mut decided_elsewhere = Vec::new();
    for d in &project.architecture.decisions {
        let row = format!(
            "{} | {} | {} | {}",
            d.decision, d.options, d.choice, d.reason
        );
        if attribution.concerns_only_others(&row, system) {
            decided_elsewhere.push(row.to_lowercase());
        }
        push(
            EvidenceKind::Decision,
            Source(format!("arch:decision:{}", slug(&d.decision))),
            format!(
                "{} | {} | {} | {}",
                d.decision, d.options, d.choice, d.reason
            ),
            &mut evidence,
        );
    }
    for m in &project.architecture.markers {
        push(
            EvidenceKind::Marker,
            Source::architecture("marker"),
            m.text.clone(),
            &mut evidence,
        );
    }
    let responsibility = project
        .architecture
        .system(system)
        .map(|s| format!("{}\n{}", s.responsibility, s.details).to_lowercase())
        .unwrap_or_default();
    all.push_str(&responsibility);
    Inputs {
        project,
        system,
        kb,
        contract: project.contract(system),
        responsibility,
        evidence,
        all_text: all,
        decided_elsewhere,
    }
}

/// The first sentence-like piece of `text` around byte offset `at`, for
/// quoting a requirement in a reason.
pub fn quote_around(text: &str, at: usize) -> String {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // A clause ends at `.`/`;`/a line break, but not at the point of a
    // decimal number ("1.2 million posts").
    let ends: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | ';' | '\n' | '。' | '；')
                && !(c == '.'
                    && text[..i].ends_with(|p: char| p.is_ascii_digit())
                    && text[i + 1..].starts_with(|n: char| n.is_ascii_digit()))
        })
        .map(|(i, _)| i)
        .collect();
    let start = ends
        .iter()
        .rev()
        .find(|&&i| i < at)
        .map(|&i| i + text[i..].chars().next().map(char::len_utf8).unwrap_or(1))
        .unwrap_or(0);
    let end = ends
        .iter()
        .find(|&&i| i >= at)
        .copied()
        .unwrap_or(text.len());
    let q = text.get(start..end).unwrap_or("").trim();
    let mut out: String = q.chars().take(160).collect();
    if q.chars().count() > 160 {
        out.push('…');
    }
    out
}
