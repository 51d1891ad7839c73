//! `check`: a registry of lint rules over a [`Design`], one file per rule
//! under `rules/`, each with a stable code (`S001`...), a kebab-case name
//! that names the problem, a severity and a documentation paragraph that
//! `stowage check --explain` prints.
//!
//! Rules see the model plus the reader's positions ([`Spans`]), so every
//! finding points at the document line it is about. Rules never read files;
//! [`check_document`] adds the reader's own diagnostics to the rules'.
//!
//! To add a rule: a file in `rules/` with a unit struct implementing
//! [`Rule`], a `DOC` const with the fixed headings, its own test, then one
//! line in [`RULES`] and one fixture under tests/fixtures/check/.

pub mod rules;

use crate::cli::DialectName;
use crate::diag::{Diagnostic, Severity};
use crate::document::{LoadedDocument, Pos, Spans};
use crate::model::{Design, Entity, Field, ForeignKey, Index};
use std::collections::HashMap;
use std::path::Path;

/// Every foreign-key field of the design with its position: (entity index,
/// entity, field index, field, key). Shared by the rules about foreign keys.
pub fn foreign_keys(
    design: &Design,
) -> impl Iterator<Item = (usize, &Entity, usize, &Field, &ForeignKey)> {
    design.entities.iter().enumerate().flat_map(|(i, e)| {
        e.fields.iter().enumerate().filter_map(move |(j, f)| {
            f.constraints
                .foreign_key
                .as_ref()
                .map(|fk| (i, e, j, f, fk))
        })
    })
}

/// What a rule knows besides the design.
pub struct Ctx<'a> {
    pub file: &'a Path,
    pub spans: &'a Spans,
    /// The SQL dialect identifiers must be valid in.
    pub dialect: DialectName,
    /// Name lookups built once per design (rules run in linear time on a
    /// 5,000-entity document).
    pub lookup: Lookup,
}

impl<'a> Ctx<'a> {
    pub fn new(design: &Design, file: &'a Path, spans: &'a Spans, dialect: DialectName) -> Self {
        Ctx {
            file,
            spans,
            dialect,
            lookup: Lookup::new(design),
        }
    }

    /// The entity a name refers to: entity name or table name (any case),
    /// else the same name up to case, separators and plural.
    pub fn entity_of<'d>(&self, design: &'d Design, name: &str) -> Option<(usize, &'d Entity)> {
        let i = self
            .lookup
            .exact
            .get(&name.to_lowercase())
            .or_else(|| self.lookup.by_key.get(&crate::names::key(name)))?;
        design.entities.get(*i).map(|e| (*i, e))
    }

    /// Indexes of section 4 on entity `ei`.
    pub fn indexes_on<'s, 'd: 's>(
        &'s self,
        design: &'d Design,
        ei: usize,
    ) -> impl Iterator<Item = &'d Index> + 's {
        self.lookup
            .indexes_of
            .get(ei)
            .into_iter()
            .flatten()
            .filter_map(move |i| design.indexes.get(*i))
    }

    /// Does entity `ei` have an index, primary key or unique field whose
    /// leading columns are exactly `columns` in some order?
    pub fn has_leading_index(&self, design: &Design, ei: usize, columns: &[&str]) -> bool {
        let Some(entity) = design.entities.get(ei) else {
            return false;
        };
        if columns.is_empty() {
            return true;
        }
        let leads = |cols: &[&str]| {
            cols.len() >= columns.len()
                && columns.iter().all(|c| {
                    cols[..columns.len()]
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(c))
                })
        };
        let pk: Vec<&str> = entity
            .primary_key()
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        if leads(&pk) {
            return true;
        }
        let single_unique = columns.len() == 1
            && entity
                .field(columns[0])
                .is_some_and(|f| f.constraints.unique || f.constraints.primary_key);
        single_unique
            || self.indexes_on(design, ei).any(|ix| {
                let cols: Vec<&str> = ix.columns.iter().map(|c| c.name.as_str()).collect();
                leads(&cols)
            })
    }
}

/// Entity lookups by name, table and [`crate::names::key`]; indexes per
/// entity; the names a query pattern may be served by.
#[derive(Debug, Default)]
pub struct Lookup {
    exact: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    indexes_of: Vec<Vec<usize>>,
    /// Lower-case index names and cache key patterns.
    served: std::collections::HashSet<String>,
}

impl Lookup {
    /// Is `name` an index of section 4 or a cache key pattern?
    pub fn serves(&self, name: &str) -> bool {
        self.served.contains(&name.to_lowercase())
    }

    pub fn new(design: &Design) -> Self {
        let mut l = Lookup {
            indexes_of: vec![Vec::new(); design.entities.len()],
            ..Default::default()
        };
        for (i, e) in design.entities.iter().enumerate() {
            l.exact.entry(e.name.to_lowercase()).or_insert(i);
            if !e.table.is_empty() {
                l.exact.entry(e.table.to_lowercase()).or_insert(i);
            }
            l.by_key.entry(crate::names::key(&e.name)).or_insert(i);
        }
        l.served = design
            .indexes
            .iter()
            .map(|ix| ix.name.to_lowercase())
            .chain(design.stores.cache.iter().map(|k| k.pattern.to_lowercase()))
            .collect();
        for (j, ix) in design.indexes.iter().enumerate() {
            let ei = l
                .exact
                .get(&ix.table.to_lowercase())
                .or_else(|| l.by_key.get(&crate::names::key(&ix.table)))
                .copied();
            if let Some(slot) = ei.and_then(|ei| l.indexes_of.get_mut(ei)) {
                slot.push(j);
            }
        }
        l
    }
}

pub trait Rule: Sync {
    /// Stable code, e.g. `S001`. Never reused or renumbered.
    fn code(&self) -> &'static str;
    /// Kebab-case name of the problem, e.g. `missing-primary-key`.
    fn name(&self) -> &'static str;
    fn severity(&self) -> Severity;
    /// What it does / Why is this bad / Example / Use instead.
    fn doc(&self) -> &'static str;
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic>;
}

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &rules::missing_primary_key::MissingPrimaryKey,
    &rules::duplicate_entity::DuplicateEntity,
    &rules::duplicate_field::DuplicateField,
    &rules::unknown_type::UnknownType,
    &rules::fk_target_missing::FkTargetMissing,
    &rules::fk_type_mismatch::FkTypeMismatch,
    &rules::one_to_many_without_fk::OneToManyWithoutFk,
    &rules::many_to_many_without_join::ManyToManyWithoutJoin,
    &rules::index_unknown_column::IndexUnknownColumn,
    &rules::index_unknown_table::IndexUnknownTable,
    &rules::duplicate_index::DuplicateIndex,
    &rules::redundant_index::RedundantIndex,
    &rules::fk_without_index::FkWithoutIndex,
    &rules::query_without_index::QueryWithoutIndex,
    &rules::varchar_without_length::VarcharWithoutLength,
    &rules::reserved_word_identifier::ReservedWordIdentifier,
    &rules::missing_timestamps::MissingTimestamps,
    &rules::template_section_missing::TemplateSectionMissing,
    &rules::technology_without_reason::TechnologyWithoutReason,
];

/// A rule by code (`S001`, any case) or name (`missing-primary-key`).
pub fn find_rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    let q = code_or_name.trim();
    RULES
        .iter()
        .copied()
        .find(|r| r.code().eq_ignore_ascii_case(q) || r.name().eq_ignore_ascii_case(q))
}

/// A finding of `rule` at `pos`.
pub fn finding(rule: &dyn Rule, ctx: &Ctx, pos: Pos, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(rule.severity(), message)
        .with_code(rule.code())
        .in_file(ctx.file)
        .at(pos.line, pos.column)
}

/// Runs every rule; findings sorted by position, then code.
pub fn check(design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = RULES.iter().flat_map(|r| r.check(design, ctx)).collect();
    sort(&mut out);
    out
}

fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.line, a.column, &a.code, &a.message).cmp(&(b.line, b.column, &b.code, &b.message))
    });
}

/// The dialect a document's identifiers must be valid in: the one asked
/// for, else the primary database's technology, else PostgreSQL.
pub fn dialect_of(design: &Design, asked: Option<DialectName>) -> DialectName {
    if let Some(d) = asked {
        return d;
    }
    let tech = design
        .storage_for(crate::model::StoragePurpose::Primary)
        .map(|s| s.technology.to_lowercase())
        .unwrap_or_default();
    if tech.contains("mysql") || tech.contains("maria") {
        DialectName::Mysql
    } else if tech.contains("sqlite") {
        DialectName::Sqlite
    } else {
        DialectName::Postgres
    }
}

/// The reader's diagnostics plus every rule's findings for a loaded document.
pub fn check_document(doc: &LoadedDocument, dialect: Option<DialectName>) -> Vec<Diagnostic> {
    check_document_with(doc, dialect, |_| true)
}

/// [`check_document`] with only the rules `keep` accepts: `export` needs
/// just the few whose findings would break DDL, not the whole lint.
pub fn check_document_with(
    doc: &LoadedDocument,
    dialect: Option<DialectName>,
    keep: impl Fn(&dyn Rule) -> bool,
) -> Vec<Diagnostic> {
    let mut out = doc.diagnostics.clone();
    // A document that could not be read at all has nothing to lint.
    if !doc.text.is_empty() {
        let ctx = Ctx::new(
            &doc.design,
            &doc.path,
            &doc.spans,
            dialect_of(&doc.design, dialect),
        );
        out.extend(
            RULES
                .iter()
                .filter(|r| keep(**r))
                .flat_map(|r| r.check(&doc.design, &ctx)),
        );
    }
    sort(&mut out);
    out
}

/// True when `check` would fail the document (any error-level finding);
/// `status` calls this to say `invalid`.
pub fn is_invalid(doc: &LoadedDocument) -> bool {
    crate::document::has_errors(&check_document(doc, None))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rules' own tests: read a document, run one rule.
    use super::*;

    pub fn run(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        let path = Path::new("docs/storage/t.md");
        let parsed = crate::document::parse_full(text, path);
        let ctx = Ctx::new(
            &parsed.design,
            path,
            &parsed.spans,
            dialect_of(&parsed.design, None),
        );
        rule.check(&parsed.design, &ctx)
    }

    /// A small valid document; tests append or replace parts of it.
    pub const CLEAN: &str = include_str!("../../tests/fixtures/check/clean.md");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for r in RULES {
            assert!(codes.insert(r.code()), "duplicate code {}", r.code());
            assert!(names.insert(r.name()), "duplicate name {}", r.name());
            assert!(r.code().starts_with('S') && r.code().len() == 4);
            assert!(r.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            for heading in ["What it does", "Why is this bad", "Example", "Use instead"] {
                assert!(
                    r.doc().contains(heading),
                    "{} doc lacks {heading}",
                    r.code()
                );
            }
        }
    }

    #[test]
    fn clean_document_yields_nothing() {
        let path = Path::new("clean.md");
        let parsed = crate::document::parse_full(testing::CLEAN, path);
        assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
        let ctx = Ctx::new(&parsed.design, path, &parsed.spans, DialectName::Postgres);
        let found = check(&parsed.design, &ctx);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn finds_rules_by_code_or_name() {
        assert_eq!(
            find_rule("s001").map(|r| r.name()),
            Some("missing-primary-key")
        );
        assert_eq!(find_rule("redundant-index").map(|r| r.code()), Some("S012"));
        assert!(find_rule("nope").is_none());
    }
}
