//! Shared by every fuzz target: the bytes take the path a user's file takes.

use stowage::diag::Diagnostic;
use std::path::Path;

/// The text `fsutil::read_text` would hand the reader (UTF-8 check, BOM and
/// CRLF normalised), or `None` when a user's file would be refused.
pub fn decode(data: &[u8], path: &Path) -> Option<String> {
    match stowage::fsutil::decode_text(path, data.to_vec()) {
        Ok(text) => Some(text),
        Err(e) => {
            // The refusal is printed to the user: it must format.
            let _ = e.to_string();
            None
        }
    }
}

/// Readers point at lines of the file they read: a diagnostic's line is 0
/// (unknown) or a line the file has; every diagnostic prints.
#[allow(dead_code)]
pub fn check_diagnostics(diags: &[Diagnostic], text: &str) {
    let lines = text.split('\n').count();
    for d in diags {
        let _ = d.to_string();
        assert!(
            d.line <= lines,
            "diagnostic on line {} of a {lines}-line file: {d}",
            d.line
        );
    }
}
