//! A readable unified diff of a document before and after, shown before an
//! existing document is replaced at a terminal.

use similar::{ChangeTag, TextDiff};

/// Unified diff with three lines of context; empty when nothing changes.
/// With `color`, removed lines are red and added lines green.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str, color: bool) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let mut out = String::new();
    out.push_str(&paint(&format!("--- {old_name}\n"), "1", color));
    out.push_str(&paint(&format!("+++ {new_name}\n"), "1", color));
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push_str(&paint(
            &format!(
                "@@ -{},{} +{},{} @@\n",
                old_range.start + 1,
                old_range.len(),
                new_range.start + 1,
                new_range.len()
            ),
            "36",
            color,
        ));
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, code) = match change.tag() {
                    ChangeTag::Delete => ('-', "31"),
                    ChangeTag::Insert => ('+', "32"),
                    ChangeTag::Equal => (' ', ""),
                };
                let mut line = format!("{sign}{}", change.value());
                if !line.ends_with('\n') {
                    line.push_str("\n\\ No newline at end of file\n");
                }
                out.push_str(&paint(&line, code, color && !code.is_empty()));
            }
        }
    }
    out
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    format!("\x1b[{code}m{body}\x1b[0m\n")
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
        let d = unified(old, new, "x.md", "x.md (proposed)", false);
        assert_eq!(
            d,
            "--- x.md\n+++ x.md (proposed)\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+i\n"
        );
        assert!(unified(old, old, "x", "y", false).is_empty());
        assert!(unified(old, new, "x", "y", true).contains("\x1b[31m-d\x1b[0m"));
    }
}
