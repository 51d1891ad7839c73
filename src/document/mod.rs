//! The storage document docs/storage/<system>.md: the writer (model -> bytes,
//! deterministic) and the forgiving reader (bytes -> model + diagnostics).

pub mod syntax;
pub mod write;

pub use write::render;

#[cfg(test)]
mod tests;
