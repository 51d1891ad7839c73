//! The proposal engine: storage-stage.md Step 2 (2.1 entities, 2.2 fields,
//! 2.3 relationships, 2.4 technology, 2.5 indexes) for one backend system,
//! from the [`Project`](crate::input::Project) inputs and the built-in
//! [`knowledge`](crate::knowledge). Pure: no I/O.

mod english;
mod lexicon;
pub mod stories;
mod zh;
