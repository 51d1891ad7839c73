//! Entities from prose: the system's responsibility in the architecture
//! ("owns users (email, password hash) and their bookmarks with notes and
//! tags") and the requirements' concepts. Weaker than the contract: with a
//! contract, prose only adds what the contract cannot show; without one,
//! prose is all there is.

use super::fields::prose_field;
use super::{Draft, Inputs};
use crate::diag::Diagnostic;
use crate::knowledge::tokenize;
use crate::model::Source;
use crate::names;

/// Words that introduce what a system owns, and words that end it.
const OWN_VERBS: &[&str] = &["owns", "own", "stores", "manages", "holds", "keeps"];
const STOP_AT: &[&str] = &["does", "it", "not", "but", "except"];
const FILLER: &[&str] = &[
    "their", "its", "the", "a", "an", "each", "all", "with", "and", "of", "including", "plus",
    "his", "her", "our", "my", "your", "scheduling", "state", "records",
];

/// Noun phrases of a responsibility text: `["user", "bookmark", ...]` with
/// parenthesised attributes (`users (email, password hash)`).
pub fn responsibility_nouns(text: &str) -> Vec<(String, Vec<String>)> {
    let lower = text.to_lowercase();
    let start = OWN_VERBS
        .iter()
        .filter_map(|v| crate::knowledge::find_phrase(&lower, v).map(|i| i + v.len()))
        .min()
        .unwrap_or(0);
    let mut body = &lower[start..];
    if let Some(end) = body.find(". ") {
        body = &body[..end];
    }
    for s in STOP_AT {
        if let Some(i) = crate::knowledge::find_phrase(body, s) {
            body = &body[..i];
        }
    }
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut rest = body.to_string();
    // Pull out "(a, b)" attribute lists first.
    let mut attrs_for: Vec<(usize, Vec<String>)> = Vec::new();
    while let (Some(o), Some(c)) = (rest.find('('), rest.find(')')) {
        if c < o {
            break;
        }
        let inner: Vec<String> = rest[o + 1..c]
            .split([',', ';'])
            .map(|s| s.trim().replace(' ', "_"))
            .filter(|s| !s.is_empty())
            .collect();
        attrs_for.push((o, inner));
        rest.replace_range(o..=c, " ");
    }
    let mut offset_map: Vec<(usize, String)> = Vec::new();
    for part in rest.split([',', ';', '/']) {
        let base = part.as_ptr() as usize - rest.as_ptr() as usize;
        for chunk in part.split(" and ").flat_map(|p| p.split(" with ")) {
            let toks: Vec<&str> = tokenize(chunk)
                .into_iter()
                .map(|(_, w)| w)
                .filter(|w| !FILLER.contains(w))
                .collect();
            if toks.is_empty() || toks.len() > 3 {
                continue;
            }
            let phrase = toks.join(" ");
            offset_map.push((base, phrase));
        }
    }
    for (base, phrase) in offset_map {
        let attrs = attrs_for
            .iter()
            .filter(|(o, _)| *o >= base && *o <= base + phrase.len() + 4)
            .flat_map(|(_, a)| a.clone())
            .collect();
        out.push((phrase, attrs));
    }
    out
}

/// Adds entities that prose names and the contract does not.
pub fn add_entities(inp: &Inputs, drafts: &mut Vec<Draft>, diagnostics: &mut Vec<Diagnostic>) {
    let kb = inp.kb;
    // With a contract that shows stored things, prose adds nothing here: a
    // noun without a schema would be an entity without exact evidence.
    if !drafts.is_empty() {
        return;
    }
    let system = inp
        .project
        .architecture
        .system(inp.system)
        .map(|s| format!("{}. {}", s.responsibility, s.details))
        .unwrap_or_default();
    for (phrase, attrs) in responsibility_nouns(&system) {
        let head = phrase.split_whitespace().last().unwrap_or("").to_string();
        if head.is_empty() || kb.is_ui_or_system(&head) || kb.is_ui_or_system(&phrase) {
            continue;
        }
        // A verb-ish or process word ("listing", "search") is not a thing.
        if head.ends_with("ing") || head.ends_with("ion") && !kb.common_entity(&head).is_some() {
            continue;
        }
        if kb.is_role(&head) && kb.common_entity(&head).is_none() && attrs.is_empty() {
            continue;
        }
        let name = names::pascal_case(&names::singular(&phrase.replace(' ', "_")));
        if name.is_empty() || drafts.iter().any(|d| names::key(d.name()) == names::key(&name)) {
            continue;
        }
        let mut d = Draft::new(
            &name,
            format!("{} (responsibility of {})", super::from_contract::humanize(&names::plural(&phrase.replace(' ', "_"))), inp.system),
            vec![Source::architecture(inp.system)],
        );
        d.entity.fields.push(crate::model::Field {
            name: "id".into(),
            ty: crate::model::SqlType::Uuid,
            constraints: crate::model::Constraints {
                primary_key: true,
                not_null: true,
                ..Default::default()
            },
            description: "Primary key".into(),
            sources: vec![Source::rule("surrogate-key")],
        });
        for a in attrs {
            let a = names::snake_case(&a);
            // A secret is stored as its hash.
            let a = kb
                .secrets
                .iter()
                .find(|s| names::words(&a).first().is_some_and(|w| *w == s.word))
                .map(|s| s.field.clone())
                .unwrap_or(a);
            d.add_field(prose_field(&a, inp, Source::architecture(inp.system)));
        }
        drafts.push(d);
    }
    if drafts.is_empty() {
        diagnostics.push(Diagnostic::info(format!(
            "{}: the responsibility text names nothing the system stores",
            inp.system
        )));
    }
}
