//! `stale`: a document whose stamp (the digest of the inputs it was designed
//! from) no longer matches the inputs. The stamp digests the inputs only,
//! never the document, so a hand edit of the document does not make it stale.

/// The digest in the document's `<!-- stowage: inputs=DIGEST -->` line.
pub fn stamp_of(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("<!--")?.trim_start();
        let rest = rest.strip_prefix("stowage:")?.trim_start();
        let rest = rest.strip_prefix("inputs=")?;
        let digest = rest.trim_end().strip_suffix("-->")?.trim();
        (!digest.is_empty()).then_some(digest)
    })
}

/// Stale when the document has a stamp and it differs from `current`
/// (a document without a stamp was written by hand: nothing to compare).
pub fn is_stale(text: &str, current: &str) -> bool {
    stamp_of(text).is_some_and(|d| d != current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_stamp() {
        let doc = "# x Storage Design\n\n<!-- stowage: inputs=sha256:abc -->\n\n## 1. Storage Selection\n";
        assert_eq!(stamp_of(doc), Some("sha256:abc"));
        assert!(!is_stale(doc, "sha256:abc"));
        assert!(is_stale(doc, "sha256:def"));
        assert!(!is_stale("# hand written\n", "sha256:def"));
        assert_eq!(stamp_of("<!-- other: x -->"), None);
    }
}
