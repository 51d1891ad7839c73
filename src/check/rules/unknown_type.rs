//! S004 unknown-type.
use super::prelude::*;

pub const DOC: &str = "\
What it does: reports a field type that is not one of the portable types
(UUID, VARCHAR(n), TEXT, SMALLINT, INT, BIGINT, DECIMAL(p,s), FLOAT/DOUBLE,
BOOLEAN, DATE, TIME, TIMESTAMP, JSON, BYTEA, ENUM(...)) or a common spelling
of one (`int4`, `timestamptz`, `jsonb`, `varchar(255)`...).

Why is this bad: `export` cannot map it to every dialect, so the DDL for
MySQL or SQLite would carry a type the database rejects.

Example:
| location | GEOGRAPHY(POINT) | |

Use instead: a portable type (`DECIMAL(9,6)` latitude and longitude), or keep
the special type and accept this warning for one dialect.";

/// See [`DOC`].
pub struct UnknownType;

impl Rule for UnknownType {
    fn code(&self) -> &'static str {
        "S004"
    }
    fn name(&self) -> &'static str {
        "unknown-type"
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
                if let SqlType::Other(t) = &f.ty {
                    let msg = if t.is_empty() {
                        format!("field `{}.{}` has no type", e.name, f.name)
                    } else {
                        format!("unknown type `{t}` for `{}.{}`", e.name, f.name)
                    };
                    out.push(
                        finding(self, ctx, ctx.spans.field(i, j, "type"), msg).with_help(
                            "portable types: UUID, VARCHAR(n), TEXT, INT, BIGINT, DECIMAL(p,s), BOOLEAN, DATE, TIMESTAMP, JSON",
                        ),
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
    fn reports_unknown_type() {
        let text = CLEAN.replace("| title | VARCHAR(200) |", "| title | GEOGRAPHY(POINT) |");
        let found = run(&UnknownType, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("GEOGRAPHY"));
        assert!(run(&UnknownType, CLEAN).is_empty());
    }
}
