//! Export a design: SQL DDL per dialect (behind one trait, one file per
//! dialect under `dialect/`), migrations, Mermaid, DBML, tbls, JSON and the
//! non-relational stores' specs.

pub mod dbml;
pub mod dialect;
pub mod mermaid;
pub mod sql;
pub mod stores;
pub mod tbls;
pub mod validate;

pub use dialect::Dialect;
pub use sql::{ddl, drop_ddl, drop_script, script, Origin, Statement};
