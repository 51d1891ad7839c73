//! PostgreSQL (13 and later: `gen_random_uuid()` is built in).

use super::{
    is_textual, plain_index_sql, word_list, Capabilities, CommentStyle, Dialect, IndexPlan,
    IndexRequest,
};
use crate::model::{IndexKind, SqlType};
use std::sync::OnceLock;

/// The text search configuration for full-text indexes: `simple` does not
/// stem, so it works the same for any language, Chinese included.
const TS_CONFIG: &str = "simple";

#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

impl Dialect for Postgres {
    fn name(&self) -> &'static str {
        "postgres"
    }
    fn label(&self) -> &'static str {
        "PostgreSQL"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            comments: CommentStyle::Statement,
            gin: true,
            fulltext: true,
            hash_index: true,
            partial_index: true,
            functional_index: true,
            alter_add_foreign_key: true,
            lazy_foreign_keys: false,
            transactional_ddl: true,
            max_identifier_len: 63,
        }
    }
    fn quote_char(&self) -> char {
        '"'
    }
    fn column_type(&self, ty: &SqlType) -> String {
        match ty {
            SqlType::Uuid => "UUID".into(),
            SqlType::Varchar(Some(n)) => format!("VARCHAR({n})"),
            SqlType::Varchar(None) => "VARCHAR".into(),
            SqlType::Text | SqlType::Enum(_) | SqlType::Other(_) => "TEXT".into(),
            SqlType::SmallInt => "SMALLINT".into(),
            SqlType::Int => "INTEGER".into(),
            SqlType::BigInt => "BIGINT".into(),
            SqlType::Decimal(p, s) => format!("NUMERIC({p},{s})"),
            SqlType::Float => "DOUBLE PRECISION".into(),
            SqlType::Boolean => "BOOLEAN".into(),
            SqlType::Date => "DATE".into(),
            SqlType::Time => "TIME".into(),
            SqlType::Timestamp => "TIMESTAMPTZ".into(),
            SqlType::Json => "JSONB".into(),
            SqlType::Bytes => "BYTEA".into(),
        }
    }
    fn current_timestamp(&self, _ty: &SqlType) -> String {
        "CURRENT_TIMESTAMP".into()
    }
    fn current_date(&self) -> String {
        "CURRENT_DATE".into()
    }
    fn uuid_default(&self) -> Option<String> {
        Some("gen_random_uuid()".into())
    }
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "TRUE"
        } else {
            "FALSE"
        }
    }
    fn reserved_words(&self) -> &'static [&'static str] {
        static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
        word_list(&WORDS, include_str!("reserved/postgres.txt"))
    }

    fn create_index(&self, req: &IndexRequest) -> IndexPlan {
        let all_json = req.columns.iter().all(|c| *c.ty == SqlType::Json);
        let all_text = req.columns.iter().all(|c| is_textual(c.ty));
        match req.kind {
            IndexKind::Unique => IndexPlan::Create {
                sql: plain_index_sql(self, req, true, true),
                note: None,
            },
            IndexKind::Btree => IndexPlan::Create {
                sql: plain_index_sql(self, req, false, true),
                note: None,
            },
            IndexKind::Hash if req.columns.len() == 1 => IndexPlan::Create {
                sql: format!(
                    "CREATE INDEX {} ON {} USING HASH ({})",
                    self.quote_ident(req.name),
                    self.quote_ident(req.table),
                    self.quote_ident(req.columns[0].name)
                ),
                note: None,
            },
            IndexKind::Hash => IndexPlan::Create {
                sql: plain_index_sql(self, req, false, true),
                note: Some(
                    "PostgreSQL hash indexes cover one column; a B-tree index serves the same \
                     equality lookups"
                        .into(),
                ),
            },
            IndexKind::Gin if all_json => IndexPlan::Create {
                sql: format!(
                    "CREATE INDEX {} ON {} USING GIN ({})",
                    self.quote_ident(req.name),
                    self.quote_ident(req.table),
                    req.columns
                        .iter()
                        .map(|c| self.quote_ident(c.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                note: None,
            },
            IndexKind::Gin | IndexKind::Fulltext if all_text => IndexPlan::Create {
                sql: format!(
                    "CREATE INDEX {} ON {} USING GIN ({})",
                    self.quote_ident(req.name),
                    self.quote_ident(req.table),
                    self.tsvector(req)
                ),
                note: Some(format!(
                    "full-text index: GIN over to_tsvector('{TS_CONFIG}', ...); queries must \
                     use the same expression to be served by it"
                )),
            },
            kind => IndexPlan::Create {
                sql: plain_index_sql(self, req, false, true),
                note: Some(format!(
                    "a {} index needs JSON or text columns; a plain B-tree index is created \
                     instead",
                    kind.label()
                )),
            },
        }
    }
}

impl Postgres {
    /// `to_tsvector('simple', coalesce("a", '') || ' ' || coalesce("b", ''))`.
    fn tsvector(&self, req: &IndexRequest) -> String {
        let doc = req
            .columns
            .iter()
            .map(|c| format!("coalesce({}, '')", self.quote_ident(c.name)))
            .collect::<Vec<_>>()
            .join(" || ' ' || ");
        format!("to_tsvector('{TS_CONFIG}', {doc})")
    }
}
