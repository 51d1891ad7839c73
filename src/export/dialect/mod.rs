//! SQL dialects behind one trait, one file per database.
//!
//! A dialect knows how to spell things (quoting, types, literals, defaults,
//! indexes) and what its database can do ([`Capabilities`]). It does not
//! decide *what* to create: [`crate::export::sql`] walks the design and asks
//! the dialect how to say each part. To add a database, add a file here that
//! implements [`Dialect`] and a line to [`by_name`].
//!
//! Invariant: every identifier that reaches SQL goes through
//! [`Dialect::quote_ident`] and every text through [`Dialect::string_literal`];
//! neither can be broken out of (the quote is doubled, NUL is dropped).

mod mysql;
mod postgres;
mod sqlite;

pub use mysql::MySql;
pub use postgres::Postgres;
pub use sqlite::Sqlite;

use crate::model::{IndexKind, SqlType};
use std::sync::OnceLock;

/// How a dialect attaches descriptions to tables and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// No comments in the catalogue (SQLite).
    None,
    /// Separate `COMMENT ON TABLE/COLUMN ... IS '...'` statements (PostgreSQL).
    Statement,
    /// `COMMENT '...'` inside the column definition and a table option (MySQL).
    Inline,
}

/// What a database can do; `sql` consults these instead of matching on names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub comments: CommentStyle,
    /// `USING GIN` (inverted) indexes.
    pub gin: bool,
    /// Full-text indexes of some kind (FULLTEXT, or GIN over tsvector).
    pub fulltext: bool,
    /// Hash indexes that are really hash indexes.
    pub hash_index: bool,
    /// `CREATE INDEX ... WHERE ...`.
    pub partial_index: bool,
    /// Indexes on expressions.
    pub functional_index: bool,
    /// `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY`. Without it a cycle of
    /// foreign keys stays inline (SQLite resolves references lazily, so the
    /// order of CREATE TABLE does not matter there).
    pub alter_add_foreign_key: bool,
    /// A table may reference a table created later (no order needed).
    pub lazy_foreign_keys: bool,
    /// DDL runs inside a transaction and rolls back with it.
    pub transactional_ddl: bool,
    /// Longest identifier the database accepts, in bytes (0: no limit).
    pub max_identifier_len: usize,
}

/// A column of an index, resolved against its entity.
#[derive(Debug, Clone)]
pub struct IndexedColumn<'a> {
    pub name: &'a str,
    pub ty: &'a SqlType,
    pub descending: bool,
}

/// An index to create, with names already chosen and resolved columns.
#[derive(Debug, Clone)]
pub struct IndexRequest<'a> {
    pub name: &'a str,
    pub table: &'a str,
    pub columns: Vec<IndexedColumn<'a>>,
    pub kind: IndexKind,
}

/// What a dialect makes of an [`IndexRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexPlan {
    /// Create it with this statement; `note` says what was changed and why.
    Create { sql: String, note: Option<String> },
    /// The database cannot index this at all; `note` says why.
    Skip { note: String },
}

/// One SQL database's spelling and capabilities.
pub trait Dialect: Sync {
    /// Short name as used on the command line: `postgres`, `mysql`, `sqlite`.
    fn name(&self) -> &'static str;
    /// Human name, e.g. `PostgreSQL`.
    fn label(&self) -> &'static str;
    fn capabilities(&self) -> Capabilities;
    /// The identifier quote character (`"` or `` ` ``).
    fn quote_char(&self) -> char;

    /// Quotes an identifier, doubling the quote character inside it, so that
    /// `a"b`, `` a`b `` or `x; DROP TABLE y` stay one identifier.
    fn quote_ident(&self, name: &str) -> String {
        quote_doubling(name, self.quote_char())
    }

    /// A string literal: `'` doubled; control characters become spaces.
    fn string_literal(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\0' => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    /// The dialect's column type for a portable type. `Other` never reaches
    /// here (the design is validated first); it maps to the text type.
    fn column_type(&self, ty: &SqlType) -> String;

    /// Default for "the current time" on a column of type `ty`.
    fn current_timestamp(&self, ty: &SqlType) -> String;
    /// Default for "today".
    fn current_date(&self) -> String;
    /// A default that generates a UUID, when the database has one.
    fn uuid_default(&self) -> Option<String>;
    fn bool_literal(&self, value: bool) -> &'static str;
    /// Some databases only take a literal default on text/JSON/BLOB columns
    /// when it is written as an expression in parentheses (MySQL).
    fn parenthesize_default(&self, _ty: &SqlType) -> bool {
        false
    }

    /// Words that must be quoted when used as names (lowercase).
    fn reserved_words(&self) -> &'static [&'static str];
    fn is_reserved(&self, word: &str) -> bool {
        let w = word.to_ascii_lowercase();
        self.reserved_words().binary_search(&w.as_str()).is_ok()
    }

    /// Text after the closing parenthesis of CREATE TABLE (engine, charset,
    /// an inline table comment).
    fn table_options(&self, _comment: Option<&str>) -> String {
        String::new()
    }
    /// Text at the end of a column definition (an inline column comment).
    fn column_suffix(&self, _comment: Option<&str>) -> String {
        String::new()
    }
    /// The key part for a column in a UNIQUE constraint or a plain index:
    /// MySQL needs a prefix length on TEXT/BLOB columns.
    fn key_part(&self, name: &str, _ty: &SqlType) -> String {
        self.quote_ident(name)
    }

    /// Why a column of this type cannot be part of a key at all, if it cannot.
    fn unkeyable(&self, _ty: &SqlType) -> Option<&'static str> {
        None
    }

    /// How to create an index of each kind; the default is a B-tree (UNIQUE
    /// when asked) with a note for kinds the dialect does not have.
    fn create_index(&self, req: &IndexRequest) -> IndexPlan {
        let unique = req.kind == IndexKind::Unique;
        let note = match req.kind {
            IndexKind::Unique | IndexKind::Btree => None,
            other => Some(format!(
                "{} has no {} index; a plain B-tree index is created instead",
                self.label(),
                other.label()
            )),
        };
        IndexPlan::Create {
            sql: plain_index_sql(self, req, unique, true),
            note,
        }
    }

    /// `ALTER TABLE t DROP ...` for a named foreign key.
    fn drop_foreign_key(&self, table: &str, constraint: &str) -> String {
        format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            self.quote_ident(table),
            self.quote_ident(constraint)
        )
    }
}

/// `"a""b"`: wraps in `quote`, doubling it inside and dropping NUL (which no
/// database accepts in a name).
pub fn quote_doubling(name: &str, quote: char) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push(quote);
    for c in name.chars() {
        if c == quote {
            out.push(quote);
        } else if c == '\0' {
            continue;
        }
        out.push(c);
    }
    out.push(quote);
    out
}

/// `CREATE [UNIQUE] INDEX name ON table (cols)` with the dialect's key parts.
pub fn plain_index_sql<D: Dialect + ?Sized>(
    d: &D,
    req: &IndexRequest,
    unique: bool,
    with_direction: bool,
) -> String {
    let cols: Vec<String> = req
        .columns
        .iter()
        .map(|c| {
            let mut part = d.key_part(c.name, c.ty);
            if with_direction && c.descending {
                part.push_str(" DESC");
            }
            part
        })
        .collect();
    format!(
        "CREATE {}INDEX {} ON {} ({})",
        if unique { "UNIQUE " } else { "" },
        d.quote_ident(req.name),
        d.quote_ident(req.table),
        cols.join(", ")
    )
}

/// Text-like portable types (what a full-text index can cover).
pub fn is_textual(ty: &SqlType) -> bool {
    matches!(ty, SqlType::Text | SqlType::Varchar(_) | SqlType::Enum(_))
}

/// Parses a reserved-word list (one word a line, `#` comments) once.
fn word_list(
    cell: &'static OnceLock<Vec<&'static str>>,
    text: &'static str,
) -> &'static [&'static str] {
    cell.get_or_init(|| {
        let mut words: Vec<&'static str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    })
}

/// Every dialect, in the order the CLI lists them.
pub fn all() -> [&'static dyn Dialect; 3] {
    [&Postgres, &MySql, &Sqlite]
}

/// A dialect by its command-line name (`postgres`, `postgresql`, `pg`,
/// `mysql`, `mariadb`, `sqlite`, `sqlite3`).
pub fn by_name(name: &str) -> Option<&'static dyn Dialect> {
    match name.trim().to_ascii_lowercase().as_str() {
        "postgres" | "postgresql" | "pg" => Some(&Postgres),
        "mysql" | "mariadb" => Some(&MySql),
        "sqlite" | "sqlite3" => Some(&Sqlite),
        _ => None,
    }
}

/// The dialect for the CLI's `--dialect` value.
pub fn from_cli(name: crate::cli::DialectName) -> &'static dyn Dialect {
    use crate::cli::DialectName;
    match name {
        DialectName::Postgres => &Postgres,
        DialectName::Mysql => &MySql,
        DialectName::Sqlite => &Sqlite,
    }
}

/// The dialect a technology cell names ("PostgreSQL 16", "MySQL 8",
/// "MariaDB", "SQLite"), if any.
pub fn from_technology(technology: &str) -> Option<&'static dyn Dialect> {
    let t = technology.to_ascii_lowercase();
    if t.contains("postgres") {
        Some(&Postgres)
    } else if t.contains("mysql") || t.contains("mariadb") {
        Some(&MySql)
    } else if t.contains("sqlite") {
        Some(&Sqlite)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_doubles_the_quote_and_keeps_one_identifier() {
        assert_eq!(Postgres.quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(MySql.quote_ident("a`b"), "`a``b`");
        assert_eq!(Sqlite.quote_ident("x; DROP TABLE y"), "\"x; DROP TABLE y\"");
        assert_eq!(Postgres.quote_ident("nul\0"), "\"nul\"");
    }

    #[test]
    fn string_literals_cannot_break_out() {
        assert_eq!(Postgres.string_literal("it's"), "'it''s'");
        assert_eq!(MySql.string_literal("a\\'b"), "'a\\\\''b'");
        assert_eq!(Sqlite.string_literal("a\nb"), "'a b'");
    }

    #[test]
    fn reserved_words_are_found_case_insensitively() {
        for d in all() {
            assert!(d.is_reserved("ORDER"), "{}", d.name());
            assert!(d.is_reserved("group"), "{}", d.name());
            assert!(!d.is_reserved("customer"), "{}", d.name());
        }
        assert!(Postgres.is_reserved("user"));
    }

    #[test]
    fn types_map_per_dialect() {
        let cases = [
            (SqlType::Uuid, ["UUID", "CHAR(36)", "TEXT"]),
            (SqlType::Timestamp, ["TIMESTAMPTZ", "DATETIME(6)", "TEXT"]),
            (SqlType::Json, ["JSONB", "JSON", "TEXT"]),
            (SqlType::Boolean, ["BOOLEAN", "BOOLEAN", "INTEGER"]),
            (
                SqlType::Decimal(12, 2),
                ["NUMERIC(12,2)", "DECIMAL(12,2)", "NUMERIC"],
            ),
        ];
        for (ty, want) in cases {
            for (d, w) in all().iter().zip(want) {
                assert_eq!(d.column_type(&ty), w, "{} {ty}", d.name());
            }
        }
    }

    #[test]
    fn names_and_technologies_resolve() {
        assert_eq!(by_name("MariaDB").map(|d| d.name()), Some("mysql"));
        assert_eq!(
            from_technology("PostgreSQL 16").map(|d| d.name()),
            Some("postgres")
        );
        assert!(from_technology("Redis").is_none());
    }
}
