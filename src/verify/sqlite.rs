//! SQLite, embedded and in memory: the default target. The in-memory
//! database is the sandbox; it vanishes with the connection.

use super::plan::{self, PlanSummary};
use super::{DbError, Engine, Target, TargetError};
use rusqlite::Connection;
use std::time::{Duration, Instant};

pub struct SqliteTarget {
    conn: Connection,
}

impl SqliteTarget {
    pub fn open() -> Result<Self, TargetError> {
        let conn = Connection::open_in_memory()
            .map_err(|e| TargetError::Database(format!("cannot open SQLite in memory: {e}")))?;
        // Foreign keys are off by default in SQLite; generated rows must respect them.
        conn.execute_batch("PRAGMA foreign_keys = ON")
            .map_err(|e| TargetError::Database(e.to_string()))?;
        Ok(SqliteTarget { conn })
    }

    fn is_primary_key(&self, table: &str, index: &str) -> bool {
        self.conn
            .query_row(
                "SELECT origin FROM pragma_index_list(?1) WHERE name = ?2",
                [table, index],
                |row| row.get::<_, String>(0),
            )
            .map(|origin| origin == "pk")
            .unwrap_or(false)
    }
}

fn db(e: rusqlite::Error) -> DbError {
    DbError(e.to_string())
}

impl Target for SqliteTarget {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn sandbox(&self) -> Option<&str> {
        None
    }

    fn server_version(&self) -> String {
        format!("SQLite {}", rusqlite::version())
    }

    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(db)
    }

    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError> {
        let tx = self.conn.transaction().map_err(db)?;
        for sql in statements {
            tx.execute_batch(sql).map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn explain(&mut self, sql: &str) -> Result<PlanSummary, DbError> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .map_err(db)?;
        let details: Vec<String> = stmt
            .query_map([], |row| row.get::<_, String>(3))
            .map_err(db)?
            .collect::<Result<_, _>>()
            .map_err(db)?;
        drop(stmt);
        let mut summary = plan::sqlite(&details);
        for access in &mut summary.accesses {
            if let Some(index) = &access.index {
                if index.starts_with("sqlite_autoindex_")
                    && self.is_primary_key(&access.table, index)
                {
                    access.primary = true;
                }
            }
        }
        Ok(summary)
    }

    fn analyze(&mut self, _tables: &[String]) -> Result<(), DbError> {
        self.conn.execute_batch("ANALYZE").map_err(db)
    }

    fn time_query(&mut self, sql: &str) -> Result<Duration, DbError> {
        let start = Instant::now();
        let mut stmt = self.conn.prepare(sql).map_err(db)?;
        let mut rows = stmt.query([]).map_err(db)?;
        while rows.next().map_err(db)?.is_some() {}
        Ok(start.elapsed())
    }

    fn close(self: Box<Self>) -> Result<(), TargetError> {
        Ok(())
    }
}
