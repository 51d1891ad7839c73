//! The proposal engine: storage-stage.md Step 2 (2.1 entities, 2.2 fields,
//! 2.3 relationships, 2.4 technology, 2.5 indexes) for one backend system,
//! from the [`Project`](crate::input::Project) inputs and the built-in
//! [`knowledge`](crate::knowledge). Pure: no I/O (except [`inputs_digest`],
//! which hashes the input files for the document's stamp).
//!
//! Evidence, strongest first: the system's API contract ([`from_contract`]),
//! the requirements ([`from_prose`]), the system's responsibility in the
//! architecture, and built-in knowledge ([`fields`]). Every element carries
//! the [`Source`]s it came from. The engine never invents an entity without
//! evidence: knowledge only completes what the evidence names.

mod english;
mod lexicon;
pub mod stories;
mod zh;

pub mod fields;
pub mod from_contract;
pub mod from_prose;
pub mod queries;
pub mod relations;
pub mod technology;
pub mod text;
pub mod types;

use crate::diag::Diagnostic;
use crate::input::{Contract, Project};
use crate::knowledge::Knowledge;
use crate::model::{Design, Entity, Field, Source};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A proposal for one backend system: the design plus what was missing or
/// doubtful in the inputs.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub design: Design,
    pub diagnostics: Vec<Diagnostic>,
}

/// An entity while it is being proposed, with what the later steps need.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub entity: Entity,
    /// The contract schema it came from.
    pub schema: Option<String>,
    /// Parent entity when this one only lives inside it (composition:
    /// deleting the parent deletes it).
    pub part_of: Option<String>,
    /// The two ends when this is the join entity of an N:M.
    pub join_of: Option<(String, String)>,
    /// Known targets of foreign-key columns (column -> entity), where the
    /// evidence said so (array nesting, path nesting).
    pub fk_hints: Vec<(String, String)>,
    /// Multi-column unique keys (columns, reason, sources).
    pub unique_keys: Vec<UniqueKey>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct UniqueKey {
    pub columns: Vec<String>,
    pub reason: String,
    pub sources: Vec<Source>,
}

impl Draft {
    pub fn new(name: &str, description: String, sources: Vec<Source>) -> Self {
        Draft {
            entity: Entity {
                name: name.to_string(),
                table: crate::names::table_name(name),
                description,
                sources,
                ..Default::default()
            },
            ..Default::default()
        }
    }
    pub fn name(&self) -> &str {
        &self.entity.name
    }
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.entity.field(name)
    }
    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.entity
            .fields
            .iter_mut()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }
    pub fn has_field(&self, name: &str) -> bool {
        self.entity.field(name).is_some()
    }
    /// Adds a field unless one of that name exists (the earlier, stronger
    /// evidence wins); returns whether it was added.
    pub fn add_field(&mut self, field: Field) -> bool {
        if self.has_field(&field.name) {
            return false;
        }
        self.entity.fields.push(field);
        true
    }
    pub fn add_unique(&mut self, columns: Vec<String>, reason: &str, sources: Vec<Source>) {
        if columns.is_empty() || self.unique_keys.iter().any(|u| u.columns == columns) {
            return;
        }
        self.unique_keys.push(UniqueKey {
            columns,
            reason: reason.to_string(),
            sources,
        });
    }
}

/// Everything the steps read, gathered once per system.
pub struct Inputs<'a> {
    pub project: &'a Project,
    pub system: &'a str,
    pub kb: &'a Knowledge,
    pub contract: Option<&'a Contract>,
    /// Responsibility cell + details section of the system, lowercase.
    pub responsibility: String,
    /// Texts that concern this system (stories attributed to it, NFRs,
    /// constraints, its decisions), each with its source id, lowercase.
    pub evidence: Vec<text::Evidence>,
    /// The whole project's prose, lowercase (for knowledge `when` words).
    pub all_text: String,
    /// Architecture decisions (rows, lowercase) that concern other backends
    /// and not this one: what they place is placed elsewhere.
    pub decided_elsewhere: Vec<String>,
}

/// What the proposals of one project's systems share: compute it once with
/// [`Shared::new`] when proposing several systems.
pub struct Shared {
    attribution: text::Attribution,
}

impl Shared {
    pub fn new(project: &Project) -> Self {
        Shared {
            attribution: text::Attribution::new(project),
        }
    }
}

/// Proposes the storage design of one backend system.
pub fn propose(project: &Project, system: &str, kb: &Knowledge) -> Proposal {
    propose_shared(project, system, kb, &Shared::new(project))
}

/// [`propose`] with work shared across the systems of one project.
pub fn propose_shared(
    project: &Project,
    system: &str,
    kb: &Knowledge,
    shared: &Shared,
) -> Proposal {
    let mut diagnostics = Vec::new();
    let inputs = text::gather(project, system, kb, &shared.attribution);
    if inputs.contract.is_none() {
        diagnostics.push(
            Diagnostic::warning(format!(
                "{system}: no API contract found (looked for {}/{system}.yaml); entities, fields and query patterns come from the requirements and the architecture only, so they are fewer and less exact",
                crate::input::CONTRACTS_DIR
            ))
            .in_file(crate::input::ARCHITECTURE),
        );
    } else if inputs
        .contract
        .is_some_and(|c| c.schemas.iter().all(|s| s.properties.is_empty()))
    {
        diagnostics.push(Diagnostic::warning(format!(
            "{system}: the API contract has no component schemas with properties; fields come from the requirements and built-in knowledge only"
        )));
    }
    if project.requirements.stories.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                "no user stories found in docs/requirements.md (`### US-001: <title>` with Role/Goal bullets); query patterns and technology choices have less evidence",
            )
            .in_file(crate::input::REQUIREMENTS),
        );
    }

    // 2.1 and 2.2: entities and their fields, strongest evidence first.
    let mut drafts = from_contract::entities(&inputs);
    from_prose::add_entities(&inputs, &mut drafts, &mut diagnostics);
    relations::link_children(&mut drafts);
    fields::complete(&inputs, &mut drafts);
    fields::refine_from_prose(&inputs, &mut drafts);
    // 2.3 relationships (and foreign keys for each).
    let relationships = relations::resolve(&inputs, &mut drafts);
    fields::finish(&inputs, &mut drafts);
    let drafts = parents_first(drafts);
    // 2.4 technology.
    let tech = technology::choose(&inputs, &drafts);
    // 2.5 query patterns and indexes.
    let (patterns, indexes) = queries::derive(&inputs, &drafts, &tech);

    if drafts.is_empty() {
        diagnostics.push(Diagnostic::warning(format!(
            "{system}: no entity has enough evidence (no stored schema in the contract, no noun the stories create or list that this system owns); the document lists none rather than invent them"
        )));
    }

    let design = Design {
        system: system.to_string(),
        storage: tech.choices,
        entities: drafts.into_iter().map(|d| d.entity).collect(),
        relationships,
        indexes,
        query_patterns: patterns,
        stores: tech.stores,
        notes: Vec::new(),
        stamp: None,
    };
    Proposal {
        design,
        diagnostics,
    }
}

/// Orders entities so that each comes after the ones it references (file
/// order otherwise): the document reads top-down and DDL applies in order.
fn parents_first(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut left: Vec<Draft> = drafts;
    let mut out: Vec<Draft> = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let placed: Vec<String> = out.iter().map(|d| d.name().to_string()).collect();
        let ready = left.iter().position(|d| {
            d.entity.fields.iter().all(|f| {
                f.constraints.foreign_key.as_ref().is_none_or(|fk| {
                    fk.entity == d.entity.name
                        || placed.contains(&fk.entity)
                        || !left.iter().any(|x| x.entity.name == fk.entity)
                })
            })
        });
        let i = ready.unwrap_or(0);
        out.push(left.remove(i));
    }
    out
}

/// `sha256:<hex>` over requirements.md, architecture.md and the system's
/// contract (each absent file counts as empty; BOM and CRLF ignored), so that `status` can tell
/// when a document was made from older inputs.
pub fn inputs_digest(project_root: &Path, system: &str) -> String {
    let mut h = Sha256::new();
    let files = [
        project_root.join(crate::input::REQUIREMENTS),
        project_root.join(crate::input::ARCHITECTURE),
        project_root
            .join(crate::input::CONTRACTS_DIR)
            .join(format!("{system}.yaml")),
    ];
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        // Hashed as the readers see it (no BOM, LF), so a line-ending
        // conversion (git autocrlf) does not make every document stale.
        let bytes = match String::from_utf8(bytes) {
            Ok(text) => crate::fsutil::normalize_text(text).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        // Length-prefixed, so moving text between files changes the digest.
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    let digest = h.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Constraints, ForeignKey};

    fn draft(name: &str, fk_to: Option<&str>) -> Draft {
        let mut d = Draft::new(name, String::new(), vec![]);
        if let Some(t) = fk_to {
            d.entity.fields.push(Field {
                name: format!("{}_id", crate::names::snake_case(t)),
                constraints: Constraints {
                    foreign_key: Some(ForeignKey {
                        entity: t.into(),
                        field: "id".into(),
                        on_delete: None,
                    }),
                    ..Default::default()
                },
                ..Default::default()
            });
        }
        d
    }

    #[test]
    fn parents_come_before_children() {
        let out = parents_first(vec![
            draft("OrderItem", Some("Order")),
            draft("Order", Some("Customer")),
            draft("Customer", None),
        ]);
        let names: Vec<&str> = out.iter().map(|d| d.name()).collect();
        assert_eq!(names, ["Customer", "Order", "OrderItem"]);
    }

    #[test]
    fn empty_project_gives_an_empty_honest_proposal() {
        let project = Project::default();
        let p = propose(&project, "backend-x", Knowledge::builtin());
        assert!(p.design.entities.is_empty());
        assert_eq!(p.design.storage.len(), 1, "only the primary database");
        assert!(p
            .diagnostics
            .iter()
            .any(|d| d.message.contains("no API contract")));
    }
}
