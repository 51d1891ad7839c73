//! SQLite (3.35 and later). Types are its storage classes; foreign keys are
//! resolved lazily, so tables may be created in any order and a cycle needs
//! no ALTER TABLE (which SQLite cannot do for constraints anyway).

use super::{word_list, Capabilities, CommentStyle, Dialect, IndexPlan, IndexRequest};
use crate::model::{IndexKind, SqlType};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn label(&self) -> &'static str {
        "SQLite"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            comments: CommentStyle::None,
            gin: false,
            fulltext: false,
            hash_index: false,
            partial_index: true,
            functional_index: true,
            alter_add_foreign_key: false,
            lazy_foreign_keys: true,
            transactional_ddl: true,
            max_identifier_len: 0,
        }
    }
    fn quote_char(&self) -> char {
        '"'
    }
    fn column_type(&self, ty: &SqlType) -> String {
        match ty {
            SqlType::SmallInt | SqlType::Int | SqlType::BigInt | SqlType::Boolean => {
                "INTEGER".into()
            }
            SqlType::Decimal(..) => "NUMERIC".into(),
            SqlType::Float => "REAL".into(),
            SqlType::Bytes => "BLOB".into(),
            SqlType::Uuid
            | SqlType::Varchar(_)
            | SqlType::Text
            | SqlType::Date
            | SqlType::Time
            | SqlType::Timestamp
            | SqlType::Json
            | SqlType::Enum(_)
            | SqlType::Other(_) => "TEXT".into(),
        }
    }
    fn current_timestamp(&self, _ty: &SqlType) -> String {
        "CURRENT_TIMESTAMP".into()
    }
    fn current_date(&self) -> String {
        "CURRENT_DATE".into()
    }
    fn uuid_default(&self) -> Option<String> {
        None
    }
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
        word_list(&WORDS, include_str!("reserved/sqlite.txt"))
    }
    fn create_index(&self, req: &IndexRequest) -> IndexPlan {
        let note = match req.kind {
            IndexKind::Unique | IndexKind::Btree => None,
            IndexKind::Hash => Some("SQLite has only B-tree indexes; HASH becomes a B-tree".into()),
            IndexKind::Gin | IndexKind::Fulltext => Some(format!(
                "SQLite has no {} index (full-text search there is an FTS5 virtual table); a \
                 plain B-tree index is created instead",
                req.kind.label()
            )),
        };
        IndexPlan::Create {
            sql: super::plain_index_sql(self, req, req.kind == IndexKind::Unique, true),
            note,
        }
    }
}
