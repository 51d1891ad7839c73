//! MySQL 8.0.16+ and MariaDB 10.11: one spelling that both accept (CHECK is
//! enforced by both; defaults on TEXT/JSON/BLOB columns are written as
//! expressions in parentheses; no ngram parser, which MariaDB lacks).

use super::{
    is_textual, plain_index_sql, word_list, Capabilities, CommentStyle, Dialect, IndexPlan,
    IndexRequest,
};
use crate::model::{IndexKind, SqlType};
use std::sync::OnceLock;

/// InnoDB's key limit is 3072 bytes; with utf8mb4 (4 bytes a character)
/// 768 characters fit one key part.
const MAX_KEY_CHARS: u32 = 768;
/// Prefix indexed on TEXT/BLOB columns, which cannot be indexed whole.
const TEXT_PREFIX: u32 = 255;
/// VARCHAR longer than this becomes TEXT: a row holds at most 65,535 bytes.
const MAX_VARCHAR: u32 = 4000;

#[derive(Debug, Clone, Copy, Default)]
pub struct MySql;

impl Dialect for MySql {
    fn name(&self) -> &'static str {
        "mysql"
    }
    fn label(&self) -> &'static str {
        "MySQL"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            comments: CommentStyle::Inline,
            gin: false,
            fulltext: true,
            hash_index: false,
            partial_index: false,
            functional_index: true,
            alter_add_foreign_key: true,
            lazy_foreign_keys: false,
            transactional_ddl: false,
            max_identifier_len: 64,
        }
    }
    fn quote_char(&self) -> char {
        '`'
    }
    /// Backslash is an escape character in MySQL strings (unless
    /// NO_BACKSLASH_ESCAPES), so it is doubled along with the quote.
    fn string_literal(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                '\0' => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }
    fn column_type(&self, ty: &SqlType) -> String {
        match ty {
            SqlType::Uuid => "CHAR(36)".into(),
            SqlType::Varchar(Some(n)) if *n > MAX_VARCHAR => "TEXT".into(),
            SqlType::Varchar(Some(n)) => format!("VARCHAR({n})"),
            SqlType::Varchar(None) => "VARCHAR(255)".into(),
            SqlType::Text | SqlType::Other(_) => "TEXT".into(),
            SqlType::Enum(values) => {
                let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
                format!("VARCHAR({})", longest.max(32))
            }
            SqlType::SmallInt => "SMALLINT".into(),
            SqlType::Int => "INT".into(),
            SqlType::BigInt => "BIGINT".into(),
            SqlType::Decimal(p, s) => format!("DECIMAL({p},{s})"),
            SqlType::Float => "DOUBLE".into(),
            SqlType::Boolean => "BOOLEAN".into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME".into(),
            SqlType::Timestamp => "DATETIME(6)".into(),
            SqlType::Json => "JSON".into(),
            SqlType::Bytes => "LONGBLOB".into(),
        }
    }
    /// The precision must match the column's: DATETIME(6) takes
    /// CURRENT_TIMESTAMP(6), not CURRENT_TIMESTAMP.
    fn current_timestamp(&self, _ty: &SqlType) -> String {
        "CURRENT_TIMESTAMP(6)".into()
    }
    fn current_date(&self) -> String {
        "(CURRENT_DATE)".into()
    }
    fn uuid_default(&self) -> Option<String> {
        Some("(UUID())".into())
    }
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "TRUE"
        } else {
            "FALSE"
        }
    }
    fn parenthesize_default(&self, ty: &SqlType) -> bool {
        matches!(self.column_type(ty).as_str(), "TEXT" | "JSON" | "LONGBLOB")
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
        word_list(&WORDS, include_str!("reserved/mysql.txt"))
    }
    fn table_options(&self, comment: Option<&str>) -> String {
        let mut out = String::from(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        if let Some(c) = comment {
            out.push_str(" COMMENT=");
            out.push_str(&self.string_literal(&truncate_chars(c, 2048)));
        }
        out
    }
    fn column_suffix(&self, comment: Option<&str>) -> String {
        match comment {
            Some(c) => format!(" COMMENT {}", self.string_literal(&truncate_chars(c, 1024))),
            None => String::new(),
        }
    }
    fn key_part(&self, name: &str, ty: &SqlType) -> String {
        let quoted = self.quote_ident(name);
        match self.key_prefix(ty) {
            Some(n) => format!("{quoted}({n})"),
            None => quoted,
        }
    }
    fn unkeyable(&self, ty: &SqlType) -> Option<&'static str> {
        (*ty == SqlType::Json)
            .then_some("MySQL cannot index a JSON column directly (only generated columns over it)")
    }
    fn create_index(&self, req: &IndexRequest) -> IndexPlan {
        let all_text = req.columns.iter().all(|c| is_textual(c.ty));
        let fulltext = || {
            // ALTER TABLE ... ADD FULLTEXT: what both servers and SQL
            // parsers (sqlparser-rs has no CREATE FULLTEXT INDEX) accept.
            format!(
                "ALTER TABLE {} ADD FULLTEXT INDEX {} ({})",
                self.quote_ident(req.table),
                self.quote_ident(req.name),
                req.columns
                    .iter()
                    .map(|c| self.quote_ident(c.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        match req.kind {
            IndexKind::Fulltext | IndexKind::Gin if all_text => IndexPlan::Create {
                sql: fulltext(),
                note: (req.kind == IndexKind::Gin).then(|| {
                    "MySQL has no GIN index; a FULLTEXT index serves text search over these \
                     columns"
                        .to_string()
                }),
            },
            _ if req.columns.iter().any(|c| self.unkeyable(c.ty).is_some()) => IndexPlan::Skip {
                note: format!(
                    "index {} not created: MySQL cannot index a JSON column directly (index a \
                     generated column over the JSON path instead)",
                    req.name
                ),
            },
            IndexKind::Unique => IndexPlan::Create {
                sql: plain_index_sql(self, req, true, true),
                note: self.prefix_note(req),
            },
            IndexKind::Btree => IndexPlan::Create {
                sql: plain_index_sql(self, req, false, true),
                note: self.prefix_note(req),
            },
            kind => IndexPlan::Create {
                sql: plain_index_sql(self, req, false, true),
                note: Some(match kind {
                    IndexKind::Hash => "InnoDB has no hash indexes (USING HASH is silently a \
                                        B-tree); a plain B-tree index is created"
                        .to_string(),
                    other => format!(
                        "MySQL has no {} index for these column types; a plain B-tree index is \
                         created instead",
                        other.label()
                    ),
                }),
            },
        }
    }
    fn drop_foreign_key(&self, table: &str, constraint: &str) -> String {
        format!(
            "ALTER TABLE {} DROP FOREIGN KEY {}",
            self.quote_ident(table),
            self.quote_ident(constraint)
        )
    }
}

impl MySql {
    /// Characters indexed of a column that cannot be indexed whole.
    fn key_prefix(&self, ty: &SqlType) -> Option<u32> {
        match ty {
            SqlType::Varchar(Some(n)) if *n > MAX_VARCHAR => Some(TEXT_PREFIX),
            SqlType::Varchar(Some(n)) if *n > MAX_KEY_CHARS => Some(MAX_KEY_CHARS),
            SqlType::Text | SqlType::Bytes | SqlType::Other(_) => Some(TEXT_PREFIX),
            _ => None,
        }
    }
    fn prefix_note(&self, req: &IndexRequest) -> Option<String> {
        let prefixed: Vec<&str> = req
            .columns
            .iter()
            .filter(|c| self.key_prefix(c.ty).is_some())
            .map(|c| c.name)
            .collect();
        (!prefixed.is_empty()).then(|| {
            format!(
                "MySQL indexes only a prefix of long text columns ({})",
                prefixed.join(", ")
            )
        })
    }
}

fn truncate_chars(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
