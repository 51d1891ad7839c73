//! S016 reserved-word-identifier.
use super::prelude::*;
use crate::cli::DialectName;

pub const DOC: &str = "\
What it does: reports a table or field name that is a reserved word of the
target database (`--dialect`, else the document's primary database:
PostgreSQL, MySQL/MariaDB or SQLite). The word lists live in
src/check/reserved/*.txt.

Why is this bad: every hand-written query must quote the name (`\"user\"`,
`` `order` ``), and the one that forgets fails with a syntax error far
from the cause.

Example:
Table: `user`   (reserved in PostgreSQL)
| order | INT | |   (reserved everywhere)

Use instead: `users`, `sort_order`.";

/// See [`DOC`].
pub struct ReservedWordIdentifier;

const POSTGRES: &str = include_str!("../reserved/postgres.txt");
const MYSQL: &str = include_str!("../reserved/mysql.txt");
const SQLITE: &str = include_str!("../reserved/sqlite.txt");

fn words(dialect: DialectName) -> &'static str {
    match dialect {
        DialectName::Postgres => POSTGRES,
        DialectName::Mysql => MYSQL,
        DialectName::Sqlite => SQLITE,
    }
}

fn dialect_label(dialect: DialectName) -> &'static str {
    match dialect {
        DialectName::Postgres => "PostgreSQL",
        DialectName::Mysql => "MySQL",
        DialectName::Sqlite => "SQLite",
    }
}

/// Is `ident` reserved in `dialect`? (Lists: one upper-case word a line,
/// `#` comments.)
pub fn is_reserved(ident: &str, dialect: DialectName) -> bool {
    let up = ident.trim().to_ascii_uppercase();
    words(dialect)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|w| w == up)
}

impl Rule for ReservedWordIdentifier {
    fn code(&self) -> &'static str {
        "S016"
    }
    fn name(&self) -> &'static str {
        "reserved-word-identifier"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        DOC
    }
    fn check(&self, design: &Design, ctx: &Ctx) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let db = dialect_label(ctx.dialect);
        for (i, e) in design.entities.iter().enumerate() {
            if is_reserved(&e.table, ctx.dialect) {
                out.push(finding(
                    self,
                    ctx,
                    ctx.spans.entity(i),
                    format!("table name `{}` is a reserved word in {db}", e.table),
                ));
            }
            for (j, f) in e.fields.iter().enumerate() {
                if is_reserved(&f.name, ctx.dialect) {
                    out.push(finding(
                        self,
                        ctx,
                        ctx.spans.field(i, j, "name"),
                        format!(
                            "field name `{}.{}` is a reserved word in {db}",
                            e.name, f.name
                        ),
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
    fn reports_reserved_words_per_dialect() {
        assert!(is_reserved("user", DialectName::Postgres));
        assert!(!is_reserved("user", DialectName::Sqlite));
        assert!(is_reserved("key", DialectName::Mysql));
        assert!(!is_reserved("key", DialectName::Postgres));
        let text = CLEAN.replace("| title | VARCHAR(200) |", "| order | VARCHAR(200) |");
        assert_eq!(run(&ReservedWordIdentifier, &text).len(), 1);
        let text = CLEAN.replace("Table: `customers`", "Table: `user`");
        assert_eq!(run(&ReservedWordIdentifier, &text).len(), 1);
        assert!(run(&ReservedWordIdentifier, CLEAN).is_empty());
    }
}
