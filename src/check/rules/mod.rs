//! One file per rule; each has a unit struct, a `DOC` const and a test.

pub mod duplicate_entity;
pub mod duplicate_field;
pub mod duplicate_index;
pub mod fk_target_missing;
pub mod fk_type_mismatch;
pub mod fk_without_index;
pub mod index_unknown_column;
pub mod index_unknown_table;
pub mod many_to_many_without_join;
pub mod missing_primary_key;
pub mod missing_timestamps;
pub mod one_to_many_without_fk;
pub mod query_without_index;
pub mod redundant_index;
pub mod reserved_word_identifier;
pub mod technology_without_reason;
pub mod template_section_missing;
pub mod unknown_type;
pub mod varchar_without_length;

/// What every rule file imports.
pub(crate) mod prelude {
    #[cfg(test)]
    pub use crate::check::testing::{run, CLEAN};
    pub use crate::check::{finding, Ctx, Rule};
    pub use crate::diag::{Diagnostic, Severity};
    pub use crate::model::*;
}

use crate::model::{Design, Entity, Index};

/// The entity an index's Table cell names (entity name or table name).
pub(crate) fn entity_of<'a>(design: &'a Design, table: &str) -> Option<(usize, &'a Entity)> {
    let k = crate::names::key(table);
    design
        .entities
        .iter()
        .enumerate()
        .find(|(_, e)| e.name.eq_ignore_ascii_case(table) || e.table.eq_ignore_ascii_case(table))
        .or_else(|| {
            design
                .entities
                .iter()
                .enumerate()
                .find(|(_, e)| crate::names::key(&e.name) == k)
        })
}

/// Indexes (by position) on the given entity.
pub(crate) fn indexes_on<'a>(
    design: &'a Design,
    entity: &'a Entity,
) -> impl Iterator<Item = (usize, &'a Index)> + 'a {
    design.indexes.iter().enumerate().filter(move |(_, ix)| {
        entity_of(design, &ix.table).is_some_and(|(_, e)| std::ptr::eq(e, entity))
    })
}

/// Does the entity have an index (or primary key) whose leading columns are
/// exactly `columns` in some order?
pub(crate) fn has_leading_index(design: &Design, entity: &Entity, columns: &[&str]) -> bool {
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
        || indexes_on(design, entity).any(|(_, ix)| {
            let cols: Vec<&str> = ix.columns.iter().map(|c| c.name.as_str()).collect();
            leads(&cols)
        })
}
