//! Relationships (storage-stage.md 2.3) and the foreign keys behind them:
//! from `$ref`s and arrays of `$ref`s (children point to their parent), from
//! path nesting (`/accounts/me/addresses`), from `<x>_id` columns, and from
//! knowledge (a session belongs to the signed-in user). Ids of another
//! system's data stay plain columns: no foreign key across systems.

use super::from_contract::{fk_field, humanize, stem_to_entity};
use super::{Draft, Inputs};
use crate::model::{Cardinality, ForeignKey, OnDelete, Relationship, Source};
use crate::names;

/// Arrays of stored children make each child point to its parent.
pub fn link_children(drafts: &mut [Draft]) {
    let mut links: Vec<(String, String, String)> = Vec::new(); // parent, child schema, prop
    for d in drafts.iter() {
        for (k, v) in &d.fk_hints {
            if let Some(target) = k.strip_prefix("->") {
                links.push((d.name().to_string(), target.to_string(), v.clone()));
            }
        }
    }
    for d in drafts.iter_mut() {
        d.fk_hints.retain(|(k, _)| !k.starts_with("->"));
    }
    for (parent, child_schema, prop) in links {
        let fk = format!("{}_id", names::snake_case(&parent));
        let Some(child) = drafts
            .iter_mut()
            .find(|d| d.schema.as_deref() == Some(child_schema.as_str()))
        else {
            continue;
        };
        if child.name() == parent {
            continue;
        }
        let points_back = child.entity.fields.iter().any(|f| {
            f.name == fk
                || (f.name.ends_with("_id")
                    && names::words(&parent)
                        .last()
                        .is_some_and(|w| f.name.trim_end_matches("_id").ends_with(w.as_str())))
        });
        if !points_back {
            let src = Source::contract(&format!("{parent}.{prop}"));
            insert_after_id(child, fk_field(&fk, &parent, src));
            child.fk_hints.push((fk, parent.clone()));
        }
        if child.part_of.is_none() {
            child.part_of = Some(parent);
        }
    }
}

/// Path nesting: `/members/{member_id}/loans` or `/accounts/me/addresses`
/// says a loan belongs to a member and an address to an account.
pub fn link_by_paths(inp: &Inputs, drafts: &mut [Draft]) {
    let Some(c) = inp.contract else { return };
    let names_now: Vec<String> = drafts.iter().map(|d| d.name().to_string()).collect();
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for e in &c.endpoints {
        let segs: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
        for w in segs.windows(3) {
            let (a, mid, b) = (w[0], w[1], w[2]);
            let is_key = mid.starts_with('{') || mid == "me";
            if !is_key || b.starts_with('{') {
                continue;
            }
            let ea = stem_to_entity(
                &names::singular(&a.replace('-', "_")),
                names_now.iter().map(String::as_str),
                inp.kb,
            );
            let eb = stem_to_entity(
                &names::singular(&b.replace('-', "_")),
                names_now.iter().map(String::as_str),
                inp.kb,
            );
            if let (Some(ea), Some(eb)) = (ea, eb) {
                // `PUT /geofences/{id}/vehicles {vehicle_ids: [...]}` sets
                // links (an N:M join, see `from_contract`), not a parent.
                if ea != eb && ids_property(c, e, b).is_none() {
                    pairs.push((ea, eb, format!("{} {}", e.method, e.path)));
                }
            }
        }
    }
    for (parent, child, op) in pairs {
        let fk = format!("{}_id", names::snake_case(&parent));
        let Some(d) = drafts.iter_mut().find(|d| d.name() == child) else {
            continue;
        };
        if d.join_of.is_some() {
            continue;
        }
        let already = d.entity.fields.iter().any(|f| {
            f.name.ends_with("_id")
                && (f.name == fk
                    || d.fk_hints.iter().any(|(k, t)| *k == f.name && *t == parent)
                    || names::words(&parent)
                        .last()
                        .is_some_and(|w| f.name.trim_end_matches("_id").ends_with(w.as_str())))
        });
        if !already {
            insert_after_id(d, fk_field(&fk, &parent, Source::contract(&op)));
            d.fk_hints.push((fk, parent.clone()));
        } else if let Some(f) = d.entity.fields.iter_mut().find(|f| f.name == fk) {
            // Reached under its parent: the parent key is never empty,
            // unless the contract says it can be.
            let said_nullable = d
                .schema
                .as_deref()
                .and_then(|s| c.schema(s))
                .and_then(|s| s.property(&fk))
                .is_some_and(|p| p.ty.nullable);
            if !said_nullable && !f.constraints.not_null {
                f.constraints.not_null = true;
                let src = Source::contract(&op);
                if !f.sources.contains(&src) {
                    f.sources.push(src);
                }
            }
        }
        // Rows reached only under their parent live and die with it.
        if d.part_of.is_none() {
            d.part_of = Some(parent.clone());
        }
    }
}

/// The `<b>_ids` array property of a write's request body, where `b` is
/// the path segment the write addresses (`vehicles` -> `vehicle_ids`).
pub fn ids_property(
    c: &crate::input::Contract,
    e: &crate::input::Endpoint,
    seg: &str,
) -> Option<String> {
    if !matches!(e.method.as_str(), "PUT" | "POST" | "PATCH") {
        return None;
    }
    let want = format!(
        "{}_ids",
        names::singular(&names::snake_case(&seg.replace('-', "_")))
    );
    let body = e.request.as_ref()?;
    let props = match &body.kind {
        crate::input::JsonType::Object(props) => props.as_slice(),
        crate::input::JsonType::Ref(n) => c.schema(n)?.properties.as_slice(),
        _ => return None,
    };
    props
        .iter()
        .find(|p| p.name == want && matches!(p.ty.kind, crate::input::JsonType::Array(_)))
        .map(|p| p.name.clone())
}

pub fn insert_after_id(d: &mut Draft, f: crate::model::Field) {
    if d.has_field(&f.name) {
        return;
    }
    let at = d
        .entity
        .fields
        .iter()
        .position(|x| !x.constraints.primary_key && !x.name.ends_with("_id"))
        .unwrap_or(d.entity.fields.len());
    d.entity.fields.insert(at, f);
}

/// Foreign keys and relationship lines.
pub fn resolve(inp: &Inputs, drafts: &mut [Draft]) -> Vec<Relationship> {
    let names_now: Vec<String> = drafts.iter().map(|d| d.name().to_string()).collect();
    let principal = super::fields::principal(inp, drafts);
    let mut rels: Vec<Relationship> = Vec::new();
    let other_systems = other_systems(inp);
    // A foreign key has the type of the key it references, whatever the
    // contract nested (`author: Profile` with an integer `Profile.id`).
    let key_types: std::collections::HashMap<String, crate::model::SqlType> = drafts
        .iter()
        .filter_map(|d| {
            let pk = d
                .entity
                .fields
                .iter()
                .find(|f| f.constraints.primary_key && f.name == "id")?;
            Some((d.name().to_string(), pk.ty.clone()))
        })
        .collect();
    #[allow(clippy::needless_range_loop)] // drafts[i] is re-borrowed mutably inside
    for i in 0..drafts.len() {
        let (name, join, part_of, hints) = {
            let d = &drafts[i];
            (
                d.name().to_string(),
                d.join_of.clone(),
                d.part_of.clone(),
                d.fk_hints.clone(),
            )
        };
        let unique_alone: Vec<String> = drafts[i]
            .unique_keys
            .iter()
            .filter(|u| u.columns.len() == 1)
            .filter_map(|u| u.columns.first().cloned())
            .collect();
        let fields = drafts[i].entity.fields.clone();
        for (fi, f) in fields.iter().enumerate() {
            if !f.name.ends_with("_id") || f.constraints.foreign_key.is_some() {
                continue;
            }
            let target = hints
                .iter()
                .find(|(k, _)| *k == f.name)
                .map(|(_, t)| t.clone())
                .or_else(|| {
                    stem_to_entity(
                        f.name.trim_end_matches("_id"),
                        names_now.iter().map(String::as_str).filter(|n| *n != name),
                        inp.kb,
                    )
                });
            // A person's id (`owner_id`, `assignee_id`) in a system that
            // holds the signed-in users points to them.
            let target = target.or_else(|| {
                let p = principal.as_ref()?;
                let stem = f.name.trim_end_matches("_id");
                // Another system stores what the stem names (`tenant_id` with
                // backend-tenant holding `Tenant`): its id, not our user.
                let sw = names::words(stem);
                if (0..sw.len()).any(|i| {
                    let k = names::key(&sw[i..].join("_"));
                    other_systems.iter().any(|o| o.stored.contains(&k))
                }) {
                    return None;
                }
                let last = names::words(stem).last().cloned().unwrap_or_default();
                // `external_id` "unique within the user" names a scope, not a person.
                if inp.kb.is_natural_key(&f.name) {
                    return None;
                }
                let person = inp.kb.is_role(&last)
                    || (last.len() > 4 && ["ee", "er", "or"].iter().any(|s| last.ends_with(s)))
                    || crate::knowledge::phrase_in(
                        &f.description.to_lowercase(),
                        &names::words(p).join(" "),
                    );
                (person && *p != name).then(|| p.clone())
            });
            let Some(target) = target else {
                external_id(inp, &mut drafts[i], fi, &other_systems);
                continue;
            };
            if !names_now.contains(&target) {
                external_id(inp, &mut drafts[i], fi, &other_systems);
                continue;
            }
            let nullable = !f.constraints.not_null;
            let on_delete = if join.is_some() {
                OnDelete::Cascade
            } else if nullable {
                OnDelete::SetNull
            } else if part_of.as_deref() == Some(target.as_str())
                || principal.as_deref() == Some(target.as_str())
            {
                OnDelete::Cascade
            } else {
                OnDelete::Restrict
            };
            if let Some(ff) = drafts[i].entity.fields.get_mut(fi) {
                if let Some(t) = key_types.get(&target) {
                    ff.ty = t.clone();
                }
                ff.constraints.foreign_key = Some(ForeignKey {
                    entity: target.clone(),
                    field: "id".into(),
                    on_delete: Some(on_delete),
                });
            }
            if join.is_some() {
                continue;
            }
            let one_to_one = f.constraints.unique || unique_alone.contains(&f.name);
            let card = if one_to_one {
                Cardinality::OneToOne
            } else {
                Cardinality::OneToMany
            };
            if let Some(r) = rels
                .iter_mut()
                .find(|r| r.left == target && r.right == name && r.via.is_none())
            {
                if !r.label.split(", ").any(|l| l == f.name) {
                    r.label = format!("{}, {}", r.label, f.name);
                }
                continue;
            }
            rels.push(Relationship {
                left: target.clone(),
                right: name.clone(),
                cardinality: card,
                via: None,
                label: f.name.clone(),
                sources: f.sources.clone(),
            });
        }
        if let Some((a, b)) = &join {
            if names_now.contains(a) && names_now.contains(b) {
                rels.push(Relationship {
                    left: a.clone(),
                    right: b.clone(),
                    cardinality: Cardinality::ManyToMany,
                    via: Some(name.clone()),
                    label: String::new(),
                    sources: drafts[i].entity.sources.clone(),
                });
            }
        }
    }
    rels
}

/// Another backend: its name, its responsibility (lowercase), the keys of
/// its stored schemas, and whether it holds the signed-in users.
pub struct OtherSystem {
    name: String,
    responsibility: String,
    stored: std::collections::HashSet<String>,
    holds_principal: bool,
}

fn other_systems(inp: &Inputs) -> Vec<OtherSystem> {
    inp.project
        .architecture
        .backends()
        .filter(|s| s.name != inp.system)
        .map(|s| {
            let schemas: Vec<&str> = inp
                .project
                .contract(&s.name)
                .map(|c| {
                    c.schemas
                        .iter()
                        .filter(|x| x.property("id").is_some())
                        .map(|x| x.name.as_str())
                        .collect()
                })
                .unwrap_or_default();
            OtherSystem {
                name: s.name.clone(),
                responsibility: format!("{} {}", s.responsibility, s.details).to_lowercase(),
                stored: schemas.iter().map(|n| names::key(n)).collect(),
                holds_principal: schemas
                    .iter()
                    .any(|n| inp.kb.common_entity(n).is_some_and(|e| e.principal)),
            }
        })
        .collect()
}

/// An id of data this system does not hold: a plain column whose
/// description says who owns it.
fn external_id(inp: &Inputs, d: &mut Draft, fi: usize, others: &[OtherSystem]) {
    let Some(f) = d.entity.fields.get_mut(fi) else {
        return;
    };
    let stem = f.name.trim_end_matches("_id").to_string();
    let words = names::words(&stem);
    let owner = others
        .iter()
        .find(|o| (0..words.len()).any(|i| o.stored.contains(&names::key(&words[i..].join("_")))))
        .or_else(|| {
            others.iter().find(|o| {
                words.last().is_some_and(|w| {
                    crate::knowledge::phrase_in(&o.responsibility, w)
                        || crate::knowledge::phrase_in(&o.responsibility, &names::plural(w))
                })
            })
        })
        .or_else(|| {
            // A person's id (customer, owner) usually comes from the system
            // that holds accounts.
            if inp.kb.is_role(&stem) || words.last().is_some_and(|w| inp.kb.is_role(w)) {
                others.iter().find(|o| o.holds_principal)
            } else {
                None
            }
        });
    if let Some(o) = owner {
        let sys = &o.name;
        let what = humanize(&stem).to_lowercase();
        let base =
            if f.description.is_empty() || f.description.eq_ignore_ascii_case(&humanize(&f.name)) {
                format!("Id of the {what}")
            } else {
                f.description.clone()
            };
        f.description =
            format!("{base} (owned by {sys}; plain column, no foreign key across systems)");
        f.sources.push(Source::architecture(sys));
    }
}
