//! `design --yes` on an existing document: merge the new proposal into what
//! is there. The existing document wins on every element it has (entities,
//! fields, storage rows, relationships, index rows, query patterns, store
//! entries, notes and unknown sections stay exactly as read); only proposals
//! it does not have are added, after its own elements. The stamp becomes the
//! proposal's: the merged document now reflects the current inputs.
//!
//! Identity: entities by name or table (case and plural insensitive), fields
//! by name, storage rows by purpose, relationships by their two ends in
//! either order, indexes by name or by table + columns, query patterns by
//! scenario, store entries by key pattern or name.
//!
//! Deliberately not done: remembering what a person deleted. A proposal the
//! document does not have is added back; `--answers` with `remove`/`drop`
//! is how a deletion is made to stick.

use crate::model::{Design, Entity, Index, Relationship};
use crate::names;

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || names::key(a) == names::key(b)
}

fn same_entity(a: &Entity, b: &Entity) -> bool {
    same(&a.name, &b.name) || (!a.table.is_empty() && same(&a.table, &b.table))
}

fn same_relationship(a: &Relationship, b: &Relationship) -> bool {
    (same(&a.left, &b.left) && same(&a.right, &b.right))
        || (same(&a.left, &b.right) && same(&a.right, &b.left))
}

fn same_index(a: &Index, b: &Index) -> bool {
    if a.name.eq_ignore_ascii_case(&b.name) {
        return true;
    }
    same(&a.table, &b.table)
        && a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.name.eq_ignore_ascii_case(&y.name))
}

/// `existing` + whatever `proposal` has that `existing` does not.
pub fn merge(existing: &Design, proposal: &Design) -> Design {
    let mut out = existing.clone();
    if out.system.trim().is_empty() {
        out.system = proposal.system.clone();
    }
    if proposal.stamp.is_some() {
        out.stamp = proposal.stamp.clone();
    }
    for s in &proposal.storage {
        if out.storage_for(s.purpose).is_none() {
            out.storage.push(s.clone());
        }
    }
    for pe in &proposal.entities {
        match out.entities.iter_mut().find(|e| same_entity(e, pe)) {
            Some(e) => {
                for f in &pe.fields {
                    if e.field(&f.name).is_none() {
                        e.fields.push(f.clone());
                    }
                }
            }
            None => out.entities.push(pe.clone()),
        }
    }
    // A proposal that names an entity by a name the document spells
    // differently is added with the document's spelling.
    let spelled = |name: &str, entities: &[Entity]| {
        entities
            .iter()
            .find(|e| same(&e.name, name) || same(&e.table, name))
            .map(|e| e.name.clone())
            .unwrap_or_else(|| name.to_string())
    };
    for r in &proposal.relationships {
        if !out.relationships.iter().any(|x| same_relationship(x, r)) {
            let mut r = r.clone();
            r.left = spelled(&r.left, &out.entities);
            r.right = spelled(&r.right, &out.entities);
            out.relationships.push(r);
        }
    }
    for ix in &proposal.indexes {
        if !out.indexes.iter().any(|x| same_index(x, ix)) {
            let mut ix = ix.clone();
            ix.table = spelled(&ix.table, &out.entities);
            out.indexes.push(ix);
        }
    }
    for q in &proposal.query_patterns {
        if !out
            .query_patterns
            .iter()
            .any(|x| x.scenario.trim().eq_ignore_ascii_case(q.scenario.trim()))
        {
            out.query_patterns.push(q.clone());
        }
    }
    let stores = &proposal.stores;
    for c in &stores.cache {
        if !out.stores.cache.iter().any(|x| x.pattern == c.pattern) {
            out.stores.cache.push(c.clone());
        }
    }
    for s in &stores.search {
        if !out.stores.search.iter().any(|x| x.name == s.name) {
            out.stores.search.push(s.clone());
        }
    }
    for c in &stores.documents {
        if !out.stores.documents.iter().any(|x| x.name == c.name) {
            out.stores.documents.push(c.clone());
        }
    }
    for b in &stores.objects {
        if !out.stores.objects.iter().any(|x| x.name == b.name) {
            out.stores.objects.push(b.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::converse::edit::tests::shop;
    use crate::converse::edit::{self, field_from_text};
    use crate::model::{Entity, Note, Stamp};

    #[test]
    fn existing_wins_and_new_proposals_are_added() {
        let proposal = Design {
            stamp: Some(Stamp {
                inputs_digest: "sha256:new".into(),
            }),
            ..shop()
        };
        let mut existing = shop();
        existing.stamp = Some(Stamp {
            inputs_digest: "sha256:old".into(),
        });
        // Hand edits: a changed type, an added field, an added entity, a note.
        let email = field_from_text(&existing, "email", "VARCHAR(320)", "UNIQUE", "Changed");
        existing.entities[0].fields[1] = email.clone();
        let f = field_from_text(&existing, "nickname", "TEXT", "", "");
        edit::add_field(&mut existing, "User", f).unwrap();
        edit::add_entity(
            &mut existing,
            Entity {
                name: "AuditLog".into(),
                ..Default::default()
            },
        )
        .unwrap();
        existing.notes.push(Note {
            section: String::new(),
            text: "Reviewed by the team.".into(),
        });
        // Something the person removed stays removed only via answers; here
        // the proposal has a relationship the document lacks.
        existing.relationships.clear();
        existing.indexes[0].purpose = "Login (hand)".into();

        let merged = merge(&existing, &proposal);
        assert_eq!(merged.stamp.as_ref().unwrap().inputs_digest, "sha256:new");
        assert_eq!(merged.entities[0].fields[1], email);
        assert!(merged.entity("User").unwrap().field("nickname").is_some());
        assert!(merged.entity("AuditLog").is_some());
        assert_eq!(merged.notes, existing.notes);
        assert_eq!(merged.relationships.len(), 1);
        assert_eq!(merged.indexes[0].purpose, "Login (hand)");
        assert_eq!(merged.indexes.len(), 2);
        // Merging twice changes nothing more.
        assert_eq!(merge(&merged, &proposal), merged);
    }

    #[test]
    fn new_entities_and_fields_are_appended() {
        let mut existing = shop();
        existing.entities.truncate(1);
        existing.entities[0].fields.truncate(1);
        let merged = merge(&existing, &shop());
        let names: Vec<&str> = merged.entities.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["User", "Order", "Product"]);
        assert_eq!(merged.entities[0].fields.len(), 2);
    }
}
