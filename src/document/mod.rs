//! The storage document docs/storage/<system>.md: the writer (model -> bytes,
//! deterministic) and the forgiving reader (bytes -> model + diagnostics +
//! positions), and [`load`], which every command that reads a document uses.

pub mod read;
pub mod syntax;
pub mod write;

pub use read::{parse, parse_full, Parsed, Pos, RowSpan, Spans};
pub use write::render;

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::fsutil::{self, ReadError};
use crate::input::ReadOptions;
use crate::model::Design;
use std::path::{Path, PathBuf};

/// A document read from disk.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    /// The path as the user would write it (relative to the root when the
    /// target was a system name).
    pub path: PathBuf,
    pub text: String,
    pub design: Design,
    pub diagnostics: Vec<Diagnostic>,
    pub spans: Spans,
}

/// Reads `target`: a SYSTEM name (docs/storage/<system>.md under `root`)
/// or a FILE path (relative to `root` unless absolute). A document that is
/// not UTF-8 or too large is still "loaded", with an error diagnostic and an
/// empty design, so that `check` can report it with the rest; a missing
/// file is an error.
pub fn load(root: &Path, target: &str, opts: ReadOptions) -> Result<LoadedDocument> {
    let (shown, full) = resolve(root, target)?;
    let text = match fsutil::read_text(&full, opts.max_file_bytes) {
        Ok(t) => t,
        Err(ReadError::NotUtf8 { line, offset, .. }) => {
            return Ok(broken(
                shown,
                Diagnostic::error(format!(
                    "not valid UTF-8 text (first bad byte at offset {offset})"
                ))
                .at(line, 1),
            ))
        }
        Err(e @ ReadError::TooLarge { .. }) => {
            return Ok(broken(
                shown.clone(),
                Diagnostic::error(e.to_string()).at(1, 1),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let mut parsed = parse_full(&text, &shown);
    if parsed.design.system.is_empty() {
        parsed.design.system = system_of_path(&shown);
    }
    Ok(LoadedDocument {
        path: shown,
        text,
        design: parsed.design,
        diagnostics: parsed.diagnostics,
        spans: parsed.spans,
    })
}

/// SYSTEM or FILE -> (path to show, path to read).
pub fn resolve(root: &Path, target: &str) -> Result<(PathBuf, PathBuf)> {
    let looks_like_path = target.ends_with(".md")
        || target.contains('/')
        || target.contains(std::path::MAIN_SEPARATOR);
    if looks_like_path {
        let p = PathBuf::from(target);
        let full = if p.is_absolute() {
            p.clone()
        } else {
            root.join(&p)
        };
        return Ok((p, full));
    }
    let full = fsutil::storage_doc_path(root, target)?;
    let shown = PathBuf::from(crate::input::STORAGE_DIR).join(format!("{target}.md"));
    Ok((shown, full))
}

fn broken(path: PathBuf, d: Diagnostic) -> LoadedDocument {
    LoadedDocument {
        design: Design {
            system: system_of_path(&path),
            ..Default::default()
        },
        diagnostics: vec![d.in_file(&path)],
        path,
        text: String::new(),
        spans: Spans::default(),
    }
}

fn system_of_path(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Is there any error-level diagnostic?
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
}

#[cfg(test)]
mod tests;
