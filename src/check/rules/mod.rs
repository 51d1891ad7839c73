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
    pub use crate::check::{finding, foreign_keys, Ctx, Rule};
    pub use crate::diag::{Diagnostic, Severity};
    pub use crate::model::*;
}
