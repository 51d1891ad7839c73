//! Export a design: SQL DDL per dialect (behind one trait, one file per
//! dialect under `dialect/`), migrations, Mermaid, DBML, tbls, JSON and the
//! non-relational stores' specs.

pub mod mermaid;
