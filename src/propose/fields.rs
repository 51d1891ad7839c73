//! Fields from knowledge and prose (storage-stage.md 2.2), after the
//! contract's: secrets stored as hashes, the usual fields of common entities,
//! ownership by the signed-in user, uniqueness said in the stories, soft
//! delete where the requirements ask for it, and `created_at`/`updated_at`.

use super::from_contract::humanize;
use super::relations::insert_after_id;
use super::{types, Draft, Inputs};
use crate::input::JsonType;
use crate::knowledge::phrase_in;
use crate::model::{Constraints, Field, Source, SqlType};
use crate::names;

/// The entity the system authenticates: the one a sign-up or sign-in request
/// with a secret (password, PIN) identifies, else a known principal (User,
/// Account) among the entities.
pub fn principal(inp: &Inputs, drafts: &[Draft]) -> Option<String> {
    if let Some((name, _, _)) = secret_owner(inp, drafts) {
        return Some(name);
    }
    drafts
        .iter()
        .find(|d| {
            d.join_of.is_none() && inp.kb.common_entity(d.name()).is_some_and(|e| e.principal)
        })
        .map(|d| d.name().to_string())
}

/// (entity, secret knowledge index, contract schema) of a request that
/// carries a secret and identifies an entity by its other fields.
fn secret_owner(inp: &Inputs, drafts: &[Draft]) -> Option<(String, usize, String)> {
    let c = inp.contract?;
    // Credentials travel from the client: a request body, a `writeOnly`
    // property or `format: password`. A secret in a response ("the client
    // secret of a payment") is data handed out, not a credential kept.
    let request_schemas: std::collections::HashSet<&str> = c
        .endpoints
        .iter()
        .filter_map(|e| e.request.as_ref().and_then(|r| r.ref_name()))
        .collect();
    for s in &c.schemas {
        let in_request = request_schemas.contains(s.name.as_str());
        let mut secret = None;
        let mut others = Vec::new();
        for p in &s.properties {
            let w = names::words(&p.name);
            let credential = !p.ty.read_only
                && (in_request || p.ty.write_only || p.ty.format.as_deref() == Some("password"));
            match inp.kb.secrets.iter().position(|k| w.contains(&k.word)) {
                Some(i) if credential => secret = secret.or(Some(i)),
                Some(_) => {}
                None => others.push(p.name.clone()),
            }
        }
        let Some(i) = secret else { continue };
        let best = drafts
            .iter()
            .filter(|d| d.join_of.is_none())
            .map(|d| (d, others.iter().filter(|o| d.has_field(o)).count()))
            .filter(|(_, n)| *n > 0)
            .max_by_key(|(_, n)| *n);
        if let Some((d, _)) = best {
            return Some((d.name().to_string(), i, s.name.clone()));
        }
    }
    None
}

fn known_field(f: &crate::knowledge::KnownField, rule: &str) -> Field {
    Field {
        name: f.name.clone(),
        ty: types::parse_type(&f.ty),
        constraints: Constraints {
            unique: f.unique,
            not_null: f.not_null,
            ..Default::default()
        },
        description: f.description.clone(),
        sources: vec![Source::rule(rule)],
    }
}

/// Knowledge completes what the evidence names.
pub fn complete(inp: &Inputs, drafts: &mut [Draft]) {
    let kb = inp.kb;
    super::relations::link_by_paths(inp, drafts);
    let principal = principal(inp, drafts);
    // Secrets: stored only as hashes.
    let mut secret_added = false;
    if let Some((owner, i, schema)) = secret_owner(inp, drafts) {
        if let (Some(d), Some(k)) = (
            drafts.iter_mut().find(|d| d.name() == owner),
            kb.secrets.get(i),
        ) {
            d.add_field(Field {
                name: k.field.clone(),
                ty: SqlType::Varchar(Some(255)),
                constraints: Constraints {
                    not_null: true,
                    ..Default::default()
                },
                description: k.description.clone(),
                sources: vec![
                    Source::contract(&format!("#/components/schemas/{schema}")),
                    Source::rule("secret-hash"),
                ],
            });
            secret_added = true;
        }
    }
    if !secret_added {
        if let Some(p) = &principal {
            for k in &kb.secrets {
                let said = phrase_in(&inp.responsibility, &k.word)
                    || inp.evidence.iter().any(|e| phrase_in(&e.lower, &k.word));
                if said {
                    if let Some(d) = drafts.iter_mut().find(|d| d.name() == p) {
                        d.add_field(Field {
                            name: k.field.clone(),
                            ty: SqlType::Varchar(Some(255)),
                            constraints: Constraints {
                                not_null: true,
                                ..Default::default()
                            },
                            description: k.description.clone(),
                            sources: vec![Source::rule("secret-hash")],
                        });
                    }
                    break;
                }
            }
        }
    }
    // Common entities: ownership and usual fields.
    for d in drafts.iter_mut() {
        if d.join_of.is_some() {
            continue;
        }
        let Some(ce) = kb.common_entity(d.name()) else {
            continue;
        };
        if ce.belongs_to_principal {
            if let Some(p) = &principal {
                let fk = format!("{}_id", names::snake_case(p));
                let owned = d.entity.fields.iter().any(|f| {
                    f.name == fk || d.fk_hints.iter().any(|(k, t)| *k == f.name && t == p)
                });
                if p != d.name() && !owned {
                    insert_after_id(
                        d,
                        super::from_contract::fk_field(&fk, p, Source::rule("belongs-to-user")),
                    );
                    d.fk_hints.push((fk, p.clone()));
                }
            }
        }
        for f in &ce.fields {
            let when_ok = f.when.is_empty() || f.when.iter().any(|w| phrase_in(&inp.all_text, w));
            let unless_ok = !f.unless.iter().any(|w| phrase_in(&inp.all_text, w));
            if when_ok && unless_ok && d.schema.is_none() {
                d.add_field(known_field(
                    f,
                    &format!("common-{}", names::snake_case(&ce.name)),
                ));
            } else if when_ok && unless_ok && f.unique && f.name.ends_with("_hash") {
                // Token hashes are never in a contract: they are never returned.
                d.add_field(known_field(
                    f,
                    &format!("common-{}", names::snake_case(&ce.name)),
                ));
            }
        }
    }
    // Natural keys are unique.
    for d in drafts.iter_mut() {
        if d.join_of.is_some() {
            continue;
        }
        let scoped: Vec<String> = d
            .unique_keys
            .iter()
            .flat_map(|u| u.columns.iter().cloned())
            .collect();
        let is_principal = principal.as_deref() == Some(d.name());
        for f in d.entity.fields.iter_mut() {
            if f.constraints.unique || f.constraints.primary_key || scoped.contains(&f.name) {
                continue;
            }
            if kb.is_natural_key(&f.name) && (f.constraints.not_null || is_principal) {
                f.constraints.unique = true;
                f.sources.push(Source::rule("natural-key"));
            }
        }
    }
}

/// Whether a lowercase sentence names the entity, in the singular or the
/// plural (`OrderItem` -> "order item" / "order items").
fn mentions_entity(sentence: &str, entity: &str) -> bool {
    let mut words = names::words(entity);
    let singular = words.join(" ");
    if let Some(last) = words.last_mut() {
        *last = names::plural(last);
    }
    phrase_in(sentence, &singular) || phrase_in(sentence, &words.join(" "))
}

/// Uniqueness and soft delete said in the stories.
pub fn refine_from_prose(inp: &Inputs, drafts: &mut [Draft]) {
    let kb = inp.kb;
    for e in &inp.evidence {
        for sentence in e.lower.split(['.', ';', '\n', '。', '；']) {
            let says_unique = kb.unique_words.iter().any(|w| phrase_in(sentence, w));
            if !says_unique {
                continue;
            }
            // Which field: the one named in the sentence, held by one entity.
            let mut hits: Vec<(usize, usize)> = Vec::new();
            for (di, d) in drafts.iter().enumerate() {
                if d.join_of.is_some() {
                    continue;
                }
                for (fi, f) in d.entity.fields.iter().enumerate() {
                    if f.constraints.primary_key || f.name.ends_with("_id") {
                        continue;
                    }
                    let phrase = names::words(&f.name).join(" ");
                    let strong = kb.is_natural_key(&f.name)
                        || phrase_in(sentence, &format!("unique {phrase}"))
                        || phrase_in(sentence, &format!("unique * {phrase}"));
                    if strong && phrase_in(sentence, &phrase) {
                        hits.push((di, fi));
                    }
                }
            }
            // "Categories have a unique name" is about categories, not about
            // every entity with a `name`: keep the hits of the entities the
            // sentence names; when it names none, a field several entities
            // share is ambiguous and stays as it is.
            let named: Vec<bool> = hits
                .iter()
                .map(|(di, _)| {
                    drafts
                        .get(*di)
                        .is_some_and(|d| mentions_entity(sentence, &d.entity.name))
                })
                .collect();
            if named.iter().any(|n| *n) {
                let mut keep = named.iter();
                hits.retain(|_| keep.next().copied().unwrap_or(false));
            } else {
                let entities: std::collections::BTreeSet<usize> =
                    hits.iter().map(|(di, _)| *di).collect();
                if entities.len() > 1 {
                    continue;
                }
            }
            let distinct: std::collections::BTreeSet<String> = hits
                .iter()
                .filter_map(|(di, fi)| drafts.get(*di).and_then(|d| d.entity.fields.get(*fi)))
                .map(|f| f.name.clone())
                .collect();
            for (di, fi) in hits.clone() {
                let Some(d) = drafts.get_mut(di) else {
                    continue;
                };
                let in_composite = d.unique_keys.iter().any(|u| {
                    d.entity
                        .fields
                        .get(fi)
                        .is_some_and(|f| u.columns.contains(&f.name))
                });
                if in_composite || distinct.len() > 3 {
                    continue;
                }
                if let Some(f) = d.entity.fields.get_mut(fi) {
                    if !f.constraints.unique {
                        f.constraints.unique = true;
                    }
                    if !f.sources.contains(&e.source) {
                        f.sources.push(e.source.clone());
                    }
                }
            }
        }
    }
    // Soft delete only where the requirements ask for it.
    let hard = inp
        .evidence
        .iter()
        .any(|e| kb.hard_delete_words.iter().any(|w| phrase_in(&e.lower, w)));
    for e in &inp.evidence {
        if hard || !kb.soft_delete_words.iter().any(|w| phrase_in(&e.lower, w)) {
            continue;
        }
        for d in drafts.iter_mut() {
            if d.join_of.is_some() {
                continue;
            }
            let word = names::words(d.name()).join(" ");
            if phrase_in(&e.lower, &word) || phrase_in(&e.lower, &names::plural(&word)) {
                d.add_field(Field {
                    name: "deleted_at".into(),
                    ty: SqlType::Timestamp,
                    constraints: Constraints::default(),
                    description: "Set when soft-deleted; rows are kept".into(),
                    sources: vec![e.source.clone(), Source::rule("soft-delete")],
                });
            }
        }
    }
}

/// Timestamps and a tidy field order: id, references, the rest, timestamps.
pub fn finish(_inp: &Inputs, drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        let ts = |name: &str, desc: &str| Field {
            name: name.into(),
            ty: SqlType::Timestamp,
            constraints: Constraints {
                not_null: true,
                default: Some("now()".into()),
                ..Default::default()
            },
            description: desc.into(),
            sources: vec![Source::rule("timestamps")],
        };
        d.add_field(ts("created_at", "Creation time"));
        if d.join_of.is_none() {
            d.add_field(ts("updated_at", "Last update"));
        }
        // Bookkeeping times are always set, whatever the contract marks required.
        for f in d.entity.fields.iter_mut() {
            if matches!(f.name.as_str(), "created_at" | "updated_at")
                && matches!(f.ty, SqlType::Timestamp)
            {
                f.constraints.not_null = true;
                if f.constraints.default.is_none() {
                    f.constraints.default = Some("now()".into());
                }
            }
        }
        let fields = std::mem::take(&mut d.entity.fields);
        let rank = |f: &Field| {
            if f.constraints.primary_key && !f.name.ends_with("_id") {
                0
            } else if f.name.ends_with("_id") && f.constraints.foreign_key.is_some() {
                1
            } else if matches!(f.name.as_str(), "created_at" | "updated_at" | "deleted_at") {
                3
            } else {
                2
            }
        };
        let mut sorted = fields;
        sorted.sort_by_key(|f| rank(f));
        d.entity.fields = sorted;
        for f in d.entity.fields.iter_mut() {
            if f.description.is_empty() {
                f.description = humanize(&f.name);
            }
        }
    }
}

/// A field named in prose, typed by the knowledge base's rules.
pub fn prose_field(name: &str, inp: &Inputs, source: Source) -> Field {
    let ty = types::by_rule(name, inp.kb).unwrap_or(SqlType::Varchar(Some(255)));
    let _ = JsonType::String;
    Field {
        name: name.to_string(),
        ty,
        constraints: Constraints::default(),
        description: humanize(name),
        sources: vec![source],
    }
}
