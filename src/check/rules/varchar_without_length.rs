//! S015 varchar-without-length.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a VARCHAR field without a length.

Why is this bad: MySQL rejects `VARCHAR` without a length, and elsewhere the
missing bound hides a decision: how long may the value be?

Example:
| email | VARCHAR | UNIQUE, NOT NULL |

Use instead:
| email | VARCHAR(255) | UNIQUE, NOT NULL |   (or TEXT when unbounded)";

/// See [`DOC`].
pub struct VarcharWithoutLength;

impl Rule for VarcharWithoutLength {
    fn code(&self) -> &'static str {
        "S015"
    }
    fn name(&self) -> &'static str {
        "varchar-without-length"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, e) in design.entities.iter().enumerate() {
            for (j, f) in e.fields.iter().enumerate() {
                if f.ty == SqlType::Varchar(None) {
                    out.push(
                        finding(
                            self,
                            ctx,
                            ctx.spans.field(i, j, "type"),
                            format!("`{}.{}` is VARCHAR without a length", e.name, f.name),
                        )
                        .with_help("write VARCHAR(n), or TEXT when the value is unbounded"),
                    );
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
    fn reports_varchar_without_length() {
        let text = CLEAN.replace("| title | VARCHAR(200) |", "| title | varchar |");
        assert_eq!(run(&VarcharWithoutLength, &text).len(), 1);
        assert!(run(&VarcharWithoutLength, CLEAN).is_empty());
    }
}
