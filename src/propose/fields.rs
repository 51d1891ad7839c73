//! Fields from knowledge and prose (storage-stage.md 2.2), after the
//! contract's: secrets stored as hashes, the usual fields of common entities,
//! ownership by the signed-in user, uniqueness said in the stories, soft
//! delete where the requirements ask for it, and `created_at`/`updated_at`.

use super::from_contract::humanize;
use super::relations::insert_after_id;
use super::{types, Draft, Inputs};
use crate::input::JsonType;
use crate::knowledge::{find_phrase, phrase_in, tokenize, Knowledge};
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
                // A contract whose requests carry no such secret (SMS codes,
                // single sign-on) outweighs a word in prose ("so that I
                // don't need another password").
                if inp.contract.is_some_and(|c| {
                    !c.schemas.iter().any(|s| {
                        s.properties
                            .iter()
                            .any(|p| names::words(&p.name).contains(&k.word))
                    })
                }) {
                    continue;
                }
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
    handed_out_secrets(inp, drafts);
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
    // A key scoped to the tenant or the signed-in user needs that column.
    for d in drafts.iter_mut() {
        let missing: Vec<(String, Vec<Source>)> = d
            .unique_keys
            .iter()
            .flat_map(|u| {
                u.columns
                    .iter()
                    .map(move |c| (c.clone(), u.sources.clone()))
            })
            .filter(|(c, _)| c.ends_with("_id"))
            .collect();
        for (c, sources) in missing {
            if d.has_field(&c) {
                continue;
            }
            let target = names::pascal_case(c.trim_end_matches("_id"));
            let mut f = super::from_contract::fk_field(&c, &target, Source::rule("scoped-unique"));
            f.sources.extend(sources);
            insert_after_id(d, f);
        }
    }
    let tenant = tenant_column(inp, drafts);
    if let Some(tc) = &tenant {
        let tenant_ty = drafts
            .iter()
            .find_map(|d| d.field(tc).map(|f| f.ty.clone()))
            .unwrap_or(SqlType::Uuid);
        let tenant_entity = names::pascal_case(tc.trim_end_matches("_id"));
        for d in drafts.iter_mut() {
            let exempt = d.join_of.is_some()
                || names::key(d.name()) == names::key(&tenant_entity)
                || principal.as_deref() == Some(d.name())
                || principal.as_ref().is_some_and(|p| {
                    d.has_field(&format!("{}_id", names::snake_case(p)))
                        && kb
                            .common_entity(d.name())
                            .is_some_and(|c| c.belongs_to_principal)
                });
            if exempt || d.has_field(tc) {
                continue;
            }
            let mut f =
                super::from_contract::fk_field(tc, &tenant_entity, Source::rule("tenant-owned"));
            f.ty = tenant_ty.clone();
            f.description = format!(
                "The owning {}: every row of a multi-tenant system carries it",
                humanize(&tenant_entity).to_lowercase()
            );
            insert_after_id(d, f);
        }
    }
    // Natural keys are unique (within the tenant where rows carry one).
    for d in drafts.iter_mut() {
        if d.join_of.is_some() {
            continue;
        }
        if let Some(tc) = tenant.as_ref().filter(|tc| d.has_field(tc)) {
            let keys: Vec<String> = d
                .entity
                .fields
                .iter()
                .filter(|f| !f.constraints.unique && !f.constraints.primary_key)
                .filter(|f| kb.is_natural_key(&f.name) && f.constraints.not_null)
                .filter(|f| !d.unique_keys.iter().any(|u| u.columns.contains(&f.name)))
                .map(|f| f.name.clone())
                .collect();
            for k in keys {
                d.add_unique(
                    vec![tc.clone(), k.clone()],
                    &format!("{} is unique within the tenant", humanize(&k)),
                    vec![Source::rule("natural-key")],
                );
            }
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

/// Credentials the system hands out: a key or token a create response
/// returns beside the stored schema's own fields is shown once and
/// presented later, so only its hash is kept (`ApiKey` -> `key_hash`,
/// `Device` + `token` -> `token_hash`). A secret the stored schema itself
/// returns (`readOnly`) is one the system uses again, e.g. to sign webhook
/// payloads: a hash cannot sign, so it is kept encrypted.
fn handed_out_secrets(inp: &Inputs, drafts: &mut [Draft]) {
    let Some(c) = inp.contract else {
        return;
    };
    let heads = &inp.kb.field_words.credential_heads;
    let mut found: Vec<(String, String, Source)> = Vec::new();
    for e in c.endpoints.iter().filter(|e| e.method == "POST") {
        for (status, body) in &e.responses {
            let Some(mut t) = body.as_ref().filter(|_| status.starts_with('2')) else {
                continue;
            };
            for _ in 0..3 {
                let JsonType::Object(props) = &t.kind else {
                    break;
                };
                // The stored schema the object extends: a base of its
                // `allOf`, or the schema built on that base.
                let base = props.iter().find_map(|p| p.inherited_from.as_deref());
                let stored = base.and_then(|b| {
                    c.schemas
                        .iter()
                        .filter(|s| s.name == b || s.all_of.iter().any(|a| a == b))
                        .find(|s| drafts.iter().any(|d| d.schema.as_deref() == Some(&s.name)))
                });
                if let Some(stored) = stored {
                    for p in props.iter().filter(|p| stored.property(&p.name).is_none()) {
                        let last = names::words(&p.name).last().cloned().unwrap_or_default();
                        if heads.contains(&last) {
                            found.push((
                                stored.name.clone(),
                                last,
                                Source::contract(&format!("{} {}", e.method, e.path)),
                            ));
                        }
                    }
                    break;
                }
                match props.as_slice() {
                    [only] => t = &only.ty,
                    _ => break,
                }
            }
        }
    }
    // `/invitations/{token}/accept`: the token the client presents in the
    // path of the thing it opens.
    for e in &c.endpoints {
        let segments: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
        for pair in segments.windows(2) {
            let (Some(owner), Some(param)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let Some(name) = param.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                continue;
            };
            let last = names::words(name).last().cloned().unwrap_or_default();
            if !heads.contains(&last) || owner.starts_with('{') {
                continue;
            }
            let entity = names::pascal_case(&names::singular(owner));
            if let Some(schema) = drafts
                .iter()
                .find(|d| names::key(d.name()) == names::key(&entity))
                .and_then(|d| d.schema.clone())
            {
                found.push((
                    schema,
                    last,
                    Source::contract(&format!("{} {}", e.method, e.path)),
                ));
            }
        }
    }
    for (schema, word, src) in found {
        let Some(d) = drafts
            .iter_mut()
            .find(|d| d.schema.as_deref() == Some(schema.as_str()))
        else {
            continue;
        };
        let own = names::words(d.name()).last().cloned().unwrap_or_default();
        let head = if heads.contains(&own) { own } else { word };
        let name = format!("{head}_hash");
        d.add_field(Field {
            name: name.clone(),
            ty: SqlType::Varchar(Some(255)),
            constraints: Constraints {
                unique: true,
                not_null: true,
                ..Default::default()
            },
            description: format!(
                "Hash of the {head} the client presents later; the {head} itself is handed out once and never stored"
            ),
            sources: vec![src, Source::rule("secret-hash")],
        });
    }
    for d in drafts.iter_mut() {
        let Some(schema) = d.schema.clone() else {
            continue;
        };
        let Some(s) = c.schemas.iter().find(|s| s.name == schema) else {
            continue;
        };
        for p in s.properties.iter().filter(|p| p.ty.read_only) {
            let w = names::words(&p.name);
            if !inp.kb.secrets.iter().any(|k| w.contains(&k.word)) {
                continue;
            }
            if let Some(f) = d.field_mut(&p.name) {
                f.name = format!("{}_encrypted", p.name);
                f.ty = SqlType::Text;
                f.description = format!(
                    "{}, encrypted at rest: the system uses it again (a hash could not sign), and the API returns it",
                    humanize(&p.name)
                );
                f.sources.push(Source::rule("secret-encrypted"));
            }
        }
    }
}

/// The tenant column of a multi-tenant system: `tenant_id` when the
/// requirements say the system is multi-tenant and some entity carries it,
/// or when most of the contract's entities carry it.
fn tenant_column(inp: &Inputs, drafts: &[Draft]) -> Option<String> {
    let fw = &inp.kb.field_words;
    let said = fw.multi_tenant.iter().any(|w| phrase_in(&inp.all_text, w));
    let stored: Vec<&Draft> = drafts.iter().filter(|d| d.join_of.is_none()).collect();
    fw.tenant.iter().map(|t| format!("{t}_id")).find(|c| {
        let carry = stored.iter().filter(|d| d.has_field(c)).count();
        carry > 0 && (said || carry * 2 >= stored.len())
    })
}

/// What a description or a clause says about uniqueness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UniqueSaid {
    /// Nothing, or "not unique".
    No,
    /// Unique on its own.
    Alone,
    /// Unique within a scope: the words after "per" / "within (the)", up
    /// to two, longest candidate first (`device model`, `device`).
    Within(Vec<String>),
}

/// Reads "unique", "唯一", "unique per device model", "unique within the
/// tenant" in lowercase text. The scope's words are what follows the scope
/// word, past articles.
pub fn unique_said(text_lower: &str, kb: &Knowledge) -> UniqueSaid {
    let fw = &kb.field_words;
    if fw.not_unique.iter().any(|w| phrase_in(text_lower, w)) {
        return UniqueSaid::No;
    }
    let Some(at) = fw
        .unique
        .iter()
        .filter_map(|w| find_phrase(text_lower, w).map(|i| (i, w.len())))
        .min()
    else {
        return UniqueSaid::No;
    };
    let rest = text_lower.get(at.0 + at.1..).unwrap_or("");
    let tokens: Vec<&str> = tokenize(rest).into_iter().map(|(_, t)| t).collect();
    for scope in &fw.scope {
        let sw: Vec<&str> = scope.split_whitespace().collect();
        let skip = ["is", "are", "be"];
        let start = tokens.iter().take_while(|t| skip.contains(t)).count();
        if tokens.get(start..start + sw.len()) != Some(&sw[..]) {
            continue;
        }
        let articles = [
            "the", "a", "an", "each", "its", "their", "same", "one", "given", "this", "that",
            "every",
        ];
        let words: Vec<String> = tokens
            .iter()
            .skip(start + sw.len())
            .skip_while(|t| articles.contains(t))
            .take(2)
            .map(|t| t.to_string())
            .collect();
        if !words.is_empty() {
            return UniqueSaid::Within(words);
        }
    }
    UniqueSaid::Alone
}

/// The column a scope names among `columns`: `<scope>_id`, or a column
/// spelled like the scope (`device model` -> `device_model`); the longer
/// reading first. Else `<tenant>_id` or `<principal>_id` when the scope is
/// the tenant or the signed-in principal (the column is added later).
pub fn scope_column(
    scope: &[String],
    columns: &[&str],
    principal: Option<&str>,
    kb: &Knowledge,
) -> Option<String> {
    for n in (1..=scope.len()).rev() {
        let words = scope.get(..n)?;
        let joined = words.join("_");
        let key = names::key(&joined);
        if let Some(c) = columns.iter().find(|c| {
            names::key(c) == key
                || c.strip_suffix("_id")
                    .is_some_and(|stem| names::key(stem) == key)
        }) {
            return Some(c.to_string());
        }
    }
    let first = names::singular(scope.first()?);
    if kb.field_words.tenant.contains(&first) {
        return Some(format!("{first}_id"));
    }
    let p = principal?;
    let pk = names::key(p);
    let is_principal = names::key(&first) == pk
        || kb.canonical(&first) == kb.canonical(&names::words(p).join(" "));
    is_principal.then(|| format!("{}_id", names::snake_case(p)))
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
            let said = unique_said(sentence, kb);
            // Where the unique word is: a scope ("per device model") comes
            // after it, the field before it.
            let unique_at = kb
                .field_words
                .unique
                .iter()
                .filter_map(|w| find_phrase(sentence, w))
                .min();
            // Which field: the one named in the sentence, held by one entity.
            let mut hits: Vec<(usize, usize)> = Vec::new();
            for (di, d) in drafts.iter().enumerate() {
                if d.join_of.is_some() {
                    continue;
                }
                let field_words: std::collections::HashSet<String> = d
                    .entity
                    .fields
                    .iter()
                    .flat_map(|f| names::words(&f.name))
                    .collect();
                for (fi, f) in d.entity.fields.iter().enumerate() {
                    if f.constraints.primary_key || f.name.ends_with("_id") {
                        continue;
                    }
                    let phrase = names::words(&f.name).join(" ");
                    let Some(at) = find_phrase(sentence, &phrase) else {
                        continue;
                    };
                    if matches!(said, UniqueSaid::Within(_)) && unique_at.is_none_or(|u| at > u) {
                        continue;
                    }
                    // "unique username, display name": the adjective stays
                    // inside its list item.
                    let adjective =
                        sentence
                            .split([',', '，', '、', '(', ')', ':', '；'])
                            .any(|seg| {
                                phrase_in(seg, &format!("unique {phrase}"))
                                    || phrase_in(seg, &format!("unique * {phrase}"))
                            });
                    // "serial number and IMEI are unique": the subject.
                    let subject = unique_at.is_some_and(|u| {
                        u > at
                            && sentence.get(at..u).is_some_and(|between| {
                                let link = [
                                    "is", "are", "must", "be", "should", "always", "both", "and",
                                    "or", "also", "globally",
                                ];
                                tokenize(between)
                                    .iter()
                                    .skip(phrase.split(' ').count())
                                    .all(|(_, t)| link.contains(t) || field_words.contains(*t))
                            })
                    });
                    let strong = kb.is_natural_key(&f.name) || adjective || subject;
                    if strong {
                        hits.push((di, fi));
                    }
                }
            }
            if let UniqueSaid::Within(scope) = &said {
                let principal = principal(inp, drafts);
                for (di, fi) in hits {
                    let Some(d) = drafts.get_mut(di) else {
                        continue;
                    };
                    let Some(name) = d.entity.fields.get(fi).map(|f| f.name.clone()) else {
                        continue;
                    };
                    let columns: Vec<&str> =
                        d.entity.fields.iter().map(|f| f.name.as_str()).collect();
                    if let Some(sc) = scope_column(scope, &columns, principal.as_deref(), kb)
                        .filter(|c| *c != name)
                    {
                        d.add_unique(vec![sc, name], sentence.trim(), vec![e.source.clone()]);
                    }
                }
                continue;
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
