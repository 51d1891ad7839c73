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
const OWN_VERBS: &[&str] = &[
    "owns", "own", "stores", "manages", "holds", "keeps", "负责", "拥有", "管理", "存储",
];
const STOP_AT: &[&str] = &["does", "it", "not", "but", "except"];
const FILLER: &[&str] = &[
    "their",
    "its",
    "the",
    "a",
    "an",
    "each",
    "all",
    "with",
    "and",
    "of",
    "including",
    "plus",
    "his",
    "her",
    "our",
    "my",
    "your",
    "scheduling",
    "state",
    "records",
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
        let inner = attribute_names(&rest[o + 1..c]);
        attrs_for.push((o, inner));
        rest.replace_range(o..=c, " ");
    }
    // (start of the list item, its length, the noun phrase it names)
    let mut offset_map: Vec<(usize, usize, String)> = Vec::new();
    for part in rest.split([',', ';', '/', '、', '，', '；', '。']) {
        for raw in part
            .split(" and ")
            .flat_map(|p| p.split(" with "))
            .flat_map(|p| p.split(['和', '及']))
        {
            let base = raw.as_ptr() as usize - rest.as_ptr() as usize;
            let span = raw.trim_end().len();
            let chunk = raw.trim();
            if chunk.chars().any(crate::knowledge::is_cjk) {
                // A Chinese noun: named through the knowledge base's synonyms.
                let word: String = chunk
                    .chars()
                    .filter(|c| crate::knowledge::is_cjk(*c))
                    .collect();
                if !word.is_empty() {
                    offset_map.push((base, span, word));
                }
                continue;
            }
            let toks: Vec<&str> = tokenize(chunk)
                .into_iter()
                .map(|(_, w)| w)
                .filter(|w| !FILLER.contains(w))
                // "per-member preferences": how many, not what.
                .filter(|w| *w != "per" && !w.starts_with("per-"))
                .collect();
            if toks.is_empty() || toks.len() > 3 {
                continue;
            }
            let phrase = toks.join(" ");
            offset_map.push((base, span, phrase));
        }
    }
    for (base, span, phrase) in offset_map {
        let attrs = attrs_for
            .iter()
            .filter(|(o, _)| *o >= base && *o <= base + span + 4)
            .flat_map(|(_, a)| a.clone())
            .collect();
        out.push((phrase, attrs));
    }
    out
}

/// The attribute names of a parenthesised list: `email, password hash` ->
/// `email`, `password_hash`. A `name: a, b, c` group is one attribute with
/// its values (`digest frequency: daily, weekly, never` -> `digest_frequency`),
/// and a clause rather than a name ("which member got which digest when") is
/// no attribute at all.
fn attribute_names(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    for group in list.split([';', '；']) {
        let items: Vec<&str> = match group.split_once([':', '：']) {
            Some((name, _values)) => vec![name],
            None => group.split([',', '，', '、']).collect(),
        };
        for item in items {
            let words: Vec<&str> = item.split_whitespace().collect();
            let clause = words.len() > 3
                || words
                    .first()
                    .is_some_and(|w| CLAUSE_WORDS.contains(&w.to_lowercase().as_str()));
            if words.is_empty() || clause {
                continue;
            }
            out.push(words.join("_"));
        }
    }
    out
}

/// First words of a clause, not of an attribute name.
const CLAUSE_WORDS: &[&str] = &[
    "which", "what", "when", "who", "whom", "whose", "where", "why", "how", "if", "whether",
    "e.g.", "eg", "i.e.", "ie", "for", "see", "as",
];

/// Adds entities that prose names and the contract does not.
pub fn add_entities(inp: &Inputs, drafts: &mut Vec<Draft>, diagnostics: &mut Vec<Diagnostic>) {
    // With a contract that shows stored things, prose adds nothing here: a
    // noun without a schema would be an entity without exact evidence.
    if !drafts.is_empty() {
        return;
    }
    from_stories(inp, drafts);
    from_responsibility(inp, drafts);
    if drafts.is_empty() {
        diagnostics.push(Diagnostic::info(format!(
            "{}: neither the stories nor the responsibility text name anything the system stores",
            inp.system
        )));
    }
}

/// A story id as a source token; other parts of the requirements as `req:goals`.
fn story_source(id: &str) -> Source {
    let looks_like_id = id.split_once('-').is_some_and(|(h, t)| {
        !h.is_empty()
            && h.chars().all(|c| c.is_ascii_alphabetic())
            && t.starts_with(|c: char| c.is_ascii_digit())
    });
    if looks_like_id {
        Source::story(id)
    } else {
        Source("req:goals".into())
    }
}

fn id_field() -> crate::model::Field {
    crate::model::Field {
        name: "id".into(),
        ty: crate::model::SqlType::Uuid,
        constraints: crate::model::Constraints {
            primary_key: true,
            not_null: true,
            ..Default::default()
        },
        description: "Primary key".into(),
        sources: vec![Source::rule("surrogate-key")],
    }
}

/// The draft a concept's words name (same key, or same canonical synonym).
fn find_draft(drafts: &[Draft], words: &str, kb: &crate::knowledge::Knowledge) -> Option<usize> {
    let k = names::key(&words.replace(' ', "_"));
    let canon = kb.canonical(words);
    drafts
        .iter()
        .position(|d| names::key(d.name()) == k)
        .or_else(|| {
            drafts
                .iter()
                .position(|d| kb.canonical(&names::words(d.name()).join(" ")) == canon)
        })
}

/// Whether another backend owns the thing `words` name (its contract has
/// the schema, or its responsibility lists it) and this system's own
/// responsibility does not claim it (ids it only keeps do not count).
fn owned_elsewhere(inp: &Inputs, words: &str) -> bool {
    let arch = &inp.project.architecture;
    let key = names::key(&words.replace(' ', "_"));
    let named_in = |text: &str| {
        let lower = text.to_lowercase();
        crate::knowledge::phrase_in(&lower, words)
            || crate::knowledge::phrase_in(&lower, &names::plural(words))
    };
    let claims = |text: &str| {
        // Parenthesised attribute lists name fields, not things owned.
        let mut bare = String::with_capacity(text.len());
        let mut depth = 0usize;
        for ch in text.chars() {
            match ch {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                _ if depth == 0 => bare.push(ch),
                _ => {}
            }
        }
        let (owned, _) = super::text::owned_and_disowned(&bare);
        owned
            .split(['.', ';'])
            .filter(|s| {
                !s.split_whitespace()
                    .any(|w| matches!(w, "ids" | "id" | "ids,"))
            })
            .any(named_in)
    };
    let me = arch.system(inp.system);
    // "Keeps member, thread and post IDs from backend-forum as plain IDs".
    let kept_as_ids = me.is_some_and(|s| {
        format!("{}. {}", s.responsibility, s.details)
            .to_lowercase()
            .split(['.', ';', '\n'])
            .any(|sentence| {
                sentence
                    .split_whitespace()
                    .any(|w| matches!(w, "ids" | "id"))
                    && arch
                        .backends()
                        .any(|o| o.name != inp.system && sentence.contains(&o.name.to_lowercase()))
                    && named_in(sentence)
            })
    });
    if kept_as_ids {
        return true;
    }
    let mine = me.is_some_and(|s| claims(&s.responsibility) || claims(&s.details));
    if mine {
        return false;
    }
    arch.backends().filter(|s| s.name != inp.system).any(|s| {
        claims(&s.responsibility)
            || claims(&s.details)
            || inp.project.contract(&s.name).is_some_and(|c| {
                c.schemas
                    .iter()
                    .any(|sc| sc.is_object() && names::key(&sc.name) == key)
            })
    })
}

/// Concepts, attributes and associations of the user stories.
fn from_stories(inp: &Inputs, drafts: &mut Vec<Draft>) {
    let kb = inp.kb;
    let model = super::stories::analyze(&inp.project.requirements);
    let attributed: std::collections::BTreeSet<String> = inp
        .evidence
        .iter()
        .map(|e| e.source.as_str().to_string())
        .collect();
    for c in model.candidates() {
        if kb.is_ui_or_system(&c.words) || c.flags.ui || c.flags.generic || c.flags.role_only {
            continue;
        }
        // Only what this system's stories or responsibility speak of, and
        // not what another backend owns (it becomes a plain id here).
        let ours = c.evidence.iter().any(|e| attributed.contains(&e.source))
            || crate::knowledge::phrase_in(&inp.responsibility, &c.words);
        if !ours || owned_elsewhere(inp, &c.words) {
            continue;
        }
        let mut sources: Vec<Source> = Vec::new();
        for e in &c.evidence {
            let s = story_source(&e.source);
            if !sources.contains(&s) && sources.len() < 4 {
                sources.push(s);
            }
        }
        if let Some(i) = find_draft(drafts, &c.words, kb) {
            if let Some(d) = drafts.get_mut(i) {
                for s in sources {
                    if !d.entity.sources.contains(&s) {
                        d.entity.sources.push(s);
                    }
                }
            }
            continue;
        }
        let name = if c.name.is_empty() {
            names::pascal_case(&c.words)
        } else {
            c.name.clone()
        };
        let mut d = Draft::new(
            &name,
            format!(
                "{} named by the stories",
                super::from_contract::humanize(&names::plural(&c.words.replace(' ', "_")))
            ),
            sources,
        );
        d.entity.fields.push(id_field());
        drafts.push(d);
    }
    for a in &model.attributes {
        let Some(i) = find_draft(drafts, &a.concept, kb) else {
            continue;
        };
        let src = a
            .evidence
            .first()
            .map(|e| story_source(&e.source))
            .unwrap_or_else(|| Source::rule("stories"));
        let name = kb
            .secrets
            .iter()
            .find(|s| names::words(&a.name).first().is_some_and(|w| *w == s.word))
            .map(|s| s.field.clone())
            .unwrap_or_else(|| a.name.clone());
        let mut f = prose_field(&name, inp, src);
        if let Some(n) = a.max_len {
            f.ty = crate::model::SqlType::Varchar(Some(n));
        }
        f.constraints.not_null = a.nullable == Some(false);
        f.constraints.unique = a.unique;
        if let Some(d) = drafts.get_mut(i) {
            d.add_field(f);
        }
    }
    for a in &model.associations {
        let (Some(ia), Some(ib)) = (find_draft(drafts, &a.a, kb), find_draft(drafts, &a.b, kb))
        else {
            continue;
        };
        if ia == ib {
            continue;
        }
        let an = drafts[ia].name().to_string();
        let bn = drafts[ib].name().to_string();
        let src = a
            .evidence
            .first()
            .map(|e| story_source(&e.source))
            .unwrap_or_else(|| Source::rule("stories"));
        // "add products to the order": an order holds many products, and a
        // product is in many orders.
        let card = if a.kind == super::stories::AssocKind::AddTo {
            super::stories::Cardinality::ManyToMany
        } else {
            a.cardinality
        };
        match card {
            super::stories::Cardinality::ManyToMany => {
                let jn = format!("{an}{bn}");
                if drafts
                    .iter()
                    .any(|d| d.name() == jn || d.join_of == Some((bn.clone(), an.clone())))
                {
                    continue;
                }
                let mut j = Draft::new(
                    &jn,
                    format!(
                        "Links {} and {}",
                        names::table_name(&an).replace('_', " "),
                        names::table_name(&bn).replace('_', " ")
                    ),
                    vec![src.clone()],
                );
                j.join_of = Some((an.clone(), bn.clone()));
                for (e, col) in [
                    (&an, format!("{}_id", names::snake_case(&an))),
                    (&bn, format!("{}_id", names::snake_case(&bn))),
                ] {
                    let mut f = super::from_contract::fk_field(&col, e, src.clone());
                    f.constraints.primary_key = true;
                    j.entity.fields.push(f);
                    j.fk_hints.push((col, e.clone()));
                }
                drafts.push(j);
            }
            card => {
                let col = format!("{}_id", names::snake_case(&an));
                let Some(d) = drafts.get_mut(ib) else {
                    continue;
                };
                if d.has_field(&col) {
                    continue;
                }
                let mut f = super::from_contract::fk_field(&col, &an, src);
                f.constraints.unique = card == super::stories::Cardinality::OneToOne;
                super::relations::insert_after_id(d, f);
                d.fk_hints.push((col, an));
            }
        }
    }
}

fn from_responsibility(inp: &Inputs, drafts: &mut Vec<Draft>) {
    let kb = inp.kb;
    let system = inp
        .project
        .architecture
        .system(inp.system)
        .map(|s| format!("{}. {}", s.responsibility, s.details))
        .unwrap_or_default();
    for (phrase, attrs) in responsibility_nouns(&system) {
        // Chinese nouns need an English name from the knowledge base.
        let phrase = if phrase.chars().any(crate::knowledge::is_cjk) {
            let canon = kb.canonical(&phrase);
            if canon.chars().any(crate::knowledge::is_cjk) || canon.is_empty() {
                continue;
            }
            canon
        } else {
            phrase
        };
        let head = phrase.split_whitespace().last().unwrap_or("").to_string();
        if head.is_empty() || kb.is_ui_or_system(&head) || kb.is_ui_or_system(&phrase) {
            continue;
        }
        // A process word ("listing", "search") is not a thing.
        if head.ends_with("ing") || (head.ends_with("ion") && kb.common_entity(&head).is_none()) {
            continue;
        }
        if kb.is_role(&head) && kb.common_entity(&head).is_none() && attrs.is_empty() {
            continue;
        }
        let name = names::pascal_case(&names::singular(&phrase.replace(' ', "_")));
        if name.is_empty() {
            continue;
        }
        let existing = find_draft(drafts, &phrase, kb);
        let idx = match existing {
            Some(i) => i,
            None => {
                let mut d = Draft::new(
                    &name,
                    format!(
                        "{} (responsibility of {})",
                        super::from_contract::humanize(&names::plural(&phrase.replace(' ', "_"))),
                        inp.system
                    ),
                    vec![Source::architecture(inp.system)],
                );
                d.entity.fields.push(id_field());
                drafts.push(d);
                drafts.len() - 1
            }
        };
        for a in attrs {
            let a = names::snake_case(&a);
            // "(recipient, thread, post)": a person or another system's
            // thing is kept by its id.
            let a = if !a.ends_with("_id")
                && (kb.is_role(&a) || owned_elsewhere(inp, &a.replace('_', " ")))
            {
                format!("{a}_id")
            } else {
                a
            };
            // A secret is stored as its hash.
            let a = kb
                .secrets
                .iter()
                .find(|s| names::words(&a).first().is_some_and(|w| *w == s.word))
                .map(|s| s.field.clone())
                .unwrap_or(a);
            if let Some(d) = drafts.get_mut(idx) {
                d.add_field(prose_field(&a, inp, Source::architecture(inp.system)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responsibility_lists_things_and_their_attributes() {
        let n = responsibility_nouns(
            "Responsibility boundary: owns users (email, password hash) and their bookmarks with notes and tags. Does not fetch pages.",
        );
        let words: Vec<&str> = n.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["users", "bookmarks", "notes", "tags"]);
        assert_eq!(n[0].1, ["email", "password_hash"]);
        let zh = responsibility_nouns("负责用户、商品和订单");
        let words: Vec<&str> = zh.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["用户", "商品", "订单"]);
        assert!(responsibility_nouns("").is_empty());
    }
}
