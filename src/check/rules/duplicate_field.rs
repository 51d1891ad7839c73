//! S003 duplicate-field.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a field name that appears twice in one entity
(compared without case).

Why is this bad: a table cannot have two columns of one name; the second row
usually hides a change that was meant to replace the first.

Example:
| email | VARCHAR(255) | UNIQUE |
| email | TEXT | |

Use instead: one `email` row with the intended type and constraints.";

/// See [`DOC`].
pub struct DuplicateField;

impl Rule for DuplicateField {
    fn code(&self) -> &'static str {
        "S003"
    }
    fn name(&self) -> &'static str {
        "duplicate-field"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, e) in design.entities.iter().enumerate() {
            for (j, f) in e.fields.iter().enumerate() {
                if e.fields[..j]
                    .iter()
                    .any(|p| p.name.eq_ignore_ascii_case(&f.name))
                {
                    out.push(finding(
                        self,
                        ctx,
                        ctx.spans.field(i, j, "name"),
                        format!("field `{}` appears twice in `{}`", f.name, e.name),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_repeated_field() {
        let text = CLEAN.replace(
            "| title | VARCHAR(200) | NOT NULL | |",
            "| title | VARCHAR(200) | NOT NULL | |\n| Title | TEXT | | |",
        );
        let found = run(&DuplicateField, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].column, 3);
        assert!(run(&DuplicateField, CLEAN).is_empty());
    }
}
