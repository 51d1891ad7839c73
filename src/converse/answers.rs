//! `--answers FILE`: the decisions of the conversation, written down once and
//! replayed on every run without asking (YAML or JSON, keyed by system name).
//!
//! Replaying is deterministic: the same proposal and the same answers give
//! the same design. Decisions apply in a fixed order (entities: rename,
//! merge, remove, add; then fields, relationships, technology, indexes,
//! query patterns) whatever order the file lists them in. An answer that
//! names something that does not exist is an error with the line of the
//! answers file it is on; every error is collected before anything is
//! written. The schema is documented in the README ("Answers file").

use super::edit::{self, EditError, FieldChange};
use crate::diag::Diagnostic;
use crate::model::{Design, Entity, Frequency, Index, QueryPattern, Relationship};
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The whole file: answers per backend system.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub path: PathBuf,
    pub text: String,
    pub systems: IndexMap<String, SystemAnswers>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SystemAnswers {
    pub entities: EntityAnswers,
    /// Per entity name.
    pub fields: IndexMap<String, FieldAnswers>,
    pub relationships: RelationshipAnswers,
    /// Purpose (`primary`, `cache`, `search`, `object`, `document`) -> technology or `none`.
    pub technology: IndexMap<String, String>,
    pub indexes: IndexAnswers,
    pub query_patterns: PatternAnswers,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EntityAnswers {
    pub add: Vec<NewEntity>,
    pub remove: Vec<String>,
    /// Old name -> new name.
    pub rename: IndexMap<String, String>,
    pub merge: Vec<MergeAnswer>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEntity {
    pub name: String,
    #[serde(default)]
    pub table: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub fields: Vec<NewField>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeAnswer {
    pub from: String,
    pub into: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldAnswers {
    /// Field name -> what changes.
    pub edit: IndexMap<String, FieldEdit>,
    pub add: Vec<NewField>,
    pub drop: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldEdit {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub ty: Option<String>,
    pub constraints: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewField {
    pub name: String,
    #[serde(rename = "type", default)]
    pub ty: String,
    #[serde(default)]
    pub constraints: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RelationshipAnswers {
    pub add: Vec<RelationshipAnswer>,
    pub drop: Vec<RelationshipAnswer>,
    /// Changes the cardinality of an existing relationship.
    pub change: Vec<RelationshipAnswer>,
}

/// `"User 1 ──── N Order"` (any spelling the document reader accepts) or
/// `{left, right, cardinality, via, label}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum RelationshipAnswer {
    Line(String),
    Parts(RelationshipParts),
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationshipParts {
    pub left: String,
    pub right: String,
    #[serde(default)]
    pub cardinality: Option<String>,
    #[serde(default)]
    pub via: Option<String>,
    #[serde(default)]
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IndexAnswers {
    pub add: Vec<NewIndex>,
    /// Index names.
    pub drop: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIndex {
    /// Entity (or table) name.
    pub table: String,
    #[serde(default)]
    pub name: String,
    /// In order; `created_at DESC` for a descending column.
    pub columns: Vec<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub purpose: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PatternAnswers {
    pub add: Vec<NewPattern>,
    /// Scenarios.
    pub drop: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPattern {
    pub scenario: String,
    #[serde(default)]
    pub frequency: Option<String>,
    #[serde(default)]
    pub tables: Vec<String>,
    /// The index that serves it (must exist).
    #[serde(default)]
    pub index: Option<String>,
    #[serde(default)]
    pub optimization: String,
}

/// Reads and parses an answers file; a syntax or schema error is a
/// diagnostic with its line.
pub fn load(path: &Path, shown: &Path, cap: u64) -> Result<Answers, Vec<Diagnostic>> {
    let text = crate::fsutil::read_text(path, cap)
        .map_err(|e| vec![Diagnostic::error(e.to_string()).in_file(shown)])?;
    parse(&text, shown)
}

pub fn parse(text: &str, shown: &Path) -> Result<Answers, Vec<Diagnostic>> {
    let looks_json = text.trim_start().starts_with('{');
    let systems: IndexMap<String, SystemAnswers> = if looks_json {
        serde_json::from_str(text).map_err(|e| {
            vec![Diagnostic::error(format!("not valid answers JSON: {e}"))
                .in_file(shown)
                .at(e.line(), e.column())]
        })?
    } else if text.trim().is_empty() {
        IndexMap::new()
    } else {
        serde_norway::from_str(text).map_err(|e| {
            let (line, col) = e
                .location()
                .map(|l| crate::diag::clamp_position(text, l.line(), l.column()))
                .unwrap_or((0, 0));
            vec![Diagnostic::error(format!("not valid answers YAML: {e}"))
                .in_file(shown)
                .at(line, col)
                .with_help("the answers schema is in the README, section \"Answers file\"")]
        })?
    };
    Ok(Answers {
        path: shown.to_path_buf(),
        text: text.to_string(),
        systems,
    })
}

impl Answers {
    /// Replays the answers for `design.system` (none: unchanged).
    pub fn apply(&self, design: &Design) -> Result<Design, Vec<Diagnostic>> {
        let Some(answers) = self.systems.get(&design.system) else {
            return Ok(design.clone());
        };
        let mut locate = Locator::new(&self.text, &design.system);
        let mut d = design.clone();
        let mut errors = Vec::new();
        for (what, result) in replay(&mut d, answers) {
            if let Err(e) = result {
                let line = locate.line_of(e.subject().unwrap_or(&what));
                errors.push(
                    Diagnostic::error(format!("{}: {what}: {e}", design.system))
                        .in_file(&self.path)
                        .at(line, if line > 0 { 1 } else { 0 }),
                );
            }
        }
        if errors.is_empty() {
            Ok(d)
        } else {
            Err(errors)
        }
    }
}

/// Applies every answer in the fixed order; each result names the answer.
fn replay(d: &mut Design, a: &SystemAnswers) -> Vec<(String, Result<(), EditError>)> {
    let mut out = Vec::new();
    let mut run = |what: String, r: Result<(), EditError>| out.push((what, r));
    for (old, new) in &a.entities.rename {
        run(
            format!("rename entity {old}"),
            edit::rename_entity(d, old, new),
        );
    }
    for m in &a.entities.merge {
        run(
            format!("merge {}", m.from),
            edit::merge_entities(d, &m.from, &m.into),
        );
    }
    for name in &a.entities.remove {
        run(
            format!("remove entity {name}"),
            edit::remove_entity(d, name),
        );
    }
    for e in &a.entities.add {
        let fields = e
            .fields
            .iter()
            .map(|f| edit::field_from_text(d, &f.name, &f.ty, &f.constraints, &f.description))
            .collect();
        let entity = Entity {
            name: e.name.clone(),
            table: e.table.clone().unwrap_or_default(),
            description: e.description.clone(),
            fields,
            ..Default::default()
        };
        run(
            format!("add entity {}", e.name),
            edit::add_entity(d, entity),
        );
    }
    for (entity, fa) in &a.fields {
        for (field, fe) in &fa.edit {
            let change = FieldChange {
                name: fe.name.clone(),
                ty: fe.ty.clone(),
                constraints: fe.constraints.clone(),
                description: fe.description.clone(),
            };
            run(
                format!("edit field {entity}.{field}"),
                edit::edit_field(d, entity, field, &change),
            );
        }
        for f in &fa.add {
            let field = edit::field_from_text(d, &f.name, &f.ty, &f.constraints, &f.description);
            run(
                format!("add field {entity}.{}", f.name),
                edit::add_field(d, entity, field),
            );
        }
        for f in &fa.drop {
            run(
                format!("drop field {entity}.{f}"),
                edit::drop_field(d, entity, f),
            );
        }
    }
    for r in &a.relationships.drop {
        let res = relationship(r).and_then(|rel| edit::drop_relationship(d, &rel.left, &rel.right));
        run(format!("drop relationship {}", r.describe()), res);
    }
    for r in &a.relationships.change {
        let res = relationship(r).and_then(|rel| {
            edit::set_cardinality(
                d,
                &rel.left,
                &rel.right,
                rel.cardinality,
                rel.via.as_deref(),
            )
        });
        run(format!("change relationship {}", r.describe()), res);
    }
    for r in &a.relationships.add {
        let res = relationship(r).and_then(|rel| edit::add_relationship(d, rel));
        run(format!("add relationship {}", r.describe()), res);
    }
    for (purpose, tech) in &a.technology {
        let res = edit::parse_purpose(purpose).and_then(|p| edit::choose_technology(d, p, tech));
        run(format!("technology {purpose}"), res);
    }
    for name in &a.indexes.drop {
        run(format!("drop index {name}"), edit::drop_index(d, name));
    }
    for ix in &a.indexes.add {
        let res = new_index(ix).and_then(|index| edit::add_index(d, index));
        run(format!("add index on {}", ix.table), res);
    }
    for s in &a.query_patterns.drop {
        run(format!("drop query pattern {s}"), edit::drop_pattern(d, s));
    }
    for q in &a.query_patterns.add {
        let res = new_pattern(q).and_then(|p| edit::add_pattern(d, p));
        run(format!("add query pattern {}", q.scenario), res);
    }
    out
}

impl RelationshipAnswer {
    fn describe(&self) -> String {
        match self {
            RelationshipAnswer::Line(l) => l.trim().to_string(),
            RelationshipAnswer::Parts(p) => format!("{} – {}", p.left, p.right),
        }
    }
}

fn relationship(r: &RelationshipAnswer) -> Result<Relationship, EditError> {
    match r {
        RelationshipAnswer::Line(line) => {
            let parsed = crate::document::syntax::parse_relationship(line).ok_or_else(|| {
                EditError::Invalid(format!(
                    "`{line}` is not a relationship line: write `A 1 ──── N B`, `A 1 ──── 1 B` or `A N ──── M B (via C)`"
                ))
            })?;
            Ok(Relationship {
                left: parsed.left,
                right: parsed.right,
                cardinality: parsed.cardinality,
                via: parsed.via,
                label: parsed.label,
                sources: Vec::new(),
            })
        }
        RelationshipAnswer::Parts(p) => Ok(Relationship {
            left: p.left.clone(),
            right: p.right.clone(),
            cardinality: match &p.cardinality {
                Some(c) => edit::parse_cardinality(c)?,
                None => crate::model::Cardinality::OneToMany,
            },
            via: p.via.clone(),
            label: p.label.clone(),
            sources: Vec::new(),
        }),
    }
}

fn new_index(ix: &NewIndex) -> Result<Index, EditError> {
    Ok(Index {
        table: ix.table.clone(),
        name: ix.name.clone(),
        columns: crate::document::syntax::parse_index_columns(&ix.columns.join(", ")),
        kind: match &ix.kind {
            Some(k) => edit::parse_index_kind(k)?,
            None => Default::default(),
        },
        purpose: ix.purpose.clone(),
        sources: Vec::new(),
    })
}

fn new_pattern(q: &NewPattern) -> Result<QueryPattern, EditError> {
    let frequency = match q
        .frequency
        .as_deref()
        .map(|f| f.trim().to_ascii_lowercase())
    {
        None => Frequency::Medium,
        Some(f) if f == "high" => Frequency::High,
        Some(f) if f == "medium" => Frequency::Medium,
        Some(f) if f == "low" => Frequency::Low,
        Some(f) => {
            return Err(EditError::Invalid(format!(
                "`{f}` is not a frequency: write High, Medium or Low"
            )))
        }
    };
    let optimization = if q.optimization.is_empty() {
        q.index.clone().unwrap_or_default()
    } else {
        q.optimization.clone()
    };
    Ok(QueryPattern {
        scenario: q.scenario.trim().to_string(),
        frequency,
        tables: q.tables.clone(),
        optimization,
        served_by: q.index.clone(),
        ..Default::default()
    })
}

/// Finds the line an answer is on: the first line, after the system's key,
/// that contains the name as a whole token.
struct Locator<'t> {
    lines: Vec<&'t str>,
    start: usize,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str, system: &str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| {
                let t = l.trim_start().trim_start_matches(['"', '\'']);
                t.starts_with(system)
                    && t[system.len()..]
                        .trim_start_matches(['"', '\''])
                        .trim_start()
                        .starts_with(':')
            })
            .unwrap_or(0);
        Locator { lines, start }
    }

    /// 1-based; 0 when the name is nowhere (then the message alone must do).
    fn line_of(&mut self, name: &str) -> usize {
        let name = name.trim();
        if name.is_empty() {
            return 0;
        }
        // "User – Order" (a relationship) is found on the line naming both
        // ends, else by its first end.
        let ends: Vec<&str> = name.split(" – ").collect();
        let first = ends.first().copied().unwrap_or(name);
        for needles in [ends.clone(), vec![first]] {
            let hit = |l: &&str| needles.iter().all(|n| contains_token(l, n));
            let found = self.lines[self.start..]
                .iter()
                .position(hit)
                .map(|i| i + self.start + 1)
                .or_else(|| self.lines.iter().position(hit).map(|i| i + 1));
            if let Some(line) = found {
                return line;
            }
        }
        0
    }
}

fn contains_token(line: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    // "Order.total" is looked for as "total" after "Order".
    let needle = name.rsplit('.').next().unwrap_or(name);
    line.match_indices(needle).any(|(i, m)| {
        let before = line[..i].chars().last().is_none_or(|c| !is_word(c));
        let after = line[i + m.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word(c));
        before && after
    })
}

#[cfg(test)]
#[path = "answers_tests.rs"]
mod tests;
