//! MariaDB / MySQL: the sandbox is a database `stowage_verify_*` this run
//! creates and USEs, dropped when the target is dropped.

use super::plan::{self, PlanSummary};
use super::sandbox;
use super::{redact, DbError, Engine, Target, TargetError};
use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder, TxOpts};
use std::time::{Duration, Instant};

/// MariaDB reads an empty table as a constant and plans nothing: give every
/// table at least this many rows.
const MINIMUM_ROWS: u64 = 200;

/// ER_DBACCESS_DENIED_ERROR, ER_ACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR.
const ACCESS_DENIED: [u16; 3] = [1044, 1045, 1227];

pub struct MyTarget {
    conn: Conn,
    database: Option<String>,
    version: String,
}

fn message(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(m) => {
            format!("{} (error {}, SQLSTATE {})", m.message, m.code, m.state)
        }
        other => other.to_string(),
    }
}

fn db(e: mysql::Error) -> DbError {
    DbError(message(&e))
}

fn connect(url: &str) -> Result<Conn, TargetError> {
    // The driver knows only the mysql:// scheme.
    let normalized = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("mariadb") => format!("mysql://{rest}"),
        _ => url.to_string(),
    };
    let opts = Opts::from_url(&normalized).map_err(|e| {
        TargetError::Usage(format!("{}: not a MariaDB/MySQL URL: {e}", redact(url)))
    })?;
    let opts = OptsBuilder::from_opts(opts).tcp_connect_timeout(Some(Duration::from_secs(10)));
    Conn::new(opts).map_err(|e| TargetError::Unreachable {
        url: redact(url),
        message: message(&e),
    })
}

impl MyTarget {
    pub fn open(url: &str) -> Result<Self, TargetError> {
        let mut conn = connect(url)?;
        let version = conn
            .query_first::<String, _>("SELECT VERSION()")
            .ok()
            .flatten()
            .map(|v| {
                if v.to_ascii_lowercase().contains("mariadb") {
                    format!("MariaDB {v}")
                } else {
                    format!("MySQL {v}")
                }
            })
            .unwrap_or_else(|| "MariaDB/MySQL".into());
        let name = sandbox::new_name();
        if let Err(e) = conn.query_drop(format!(
            "CREATE DATABASE {} CHARACTER SET utf8mb4",
            Engine::Mysql.quote(&name)
        )) {
            if matches!(&e, mysql::Error::MySqlError(m) if ACCESS_DENIED.contains(&m.code)) {
                return Err(TargetError::Privilege(format!(
                    "cannot create the sandbox database: this user lacks the CREATE privilege (CREATE DATABASE); grant it for sandboxes only with GRANT CREATE, DROP, INDEX, ALTER, INSERT, SELECT ON `stowage\\_verify\\_%`.* TO <user>; {}",
                    message(&e)
                )));
            }
            return Err(TargetError::Database(format!(
                "cannot create the sandbox database {name}: {}",
                message(&e)
            )));
        }
        let mut target = MyTarget {
            conn,
            database: Some(name.clone()),
            version,
        };
        target
            .conn
            .query_drop(format!("USE {}", Engine::Mysql.quote(&name)))
            .map_err(|e| TargetError::Database(message(&e)))?;
        sandbox::pause_if_asked(&name);
        Ok(target)
    }

    fn drop_database(&mut self) -> Result<(), TargetError> {
        let Some(name) = self.database.take() else {
            return Ok(());
        };
        let _ = self.conn.query_drop("ROLLBACK");
        self.conn
            .query_drop(format!("DROP DATABASE IF EXISTS {}", Engine::Mysql.quote(&name)))
            .map_err(|e| {
                TargetError::Database(format!(
                    "could not drop the sandbox database {name}: {}; run `stowage verify --cleanup --db URL`",
                    message(&e)
                ))
            })
    }
}

impl Drop for MyTarget {
    fn drop(&mut self) {
        if let Err(e) = self.drop_database() {
            crate::verify::sandbox::warn(format_args!("stowage: {e}"));
        }
    }
}

impl Target for MyTarget {
    fn engine(&self) -> Engine {
        Engine::Mysql
    }

    fn sandbox(&self) -> Option<&str> {
        self.database.as_deref()
    }

    fn server_version(&self) -> String {
        self.version.clone()
    }

    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.conn.query_drop(sql).map_err(db)
    }

    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError> {
        let mut tx = self.conn.start_transaction(TxOpts::default()).map_err(db)?;
        for sql in statements {
            tx.query_drop(sql).map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn explain(&mut self, sql: &str) -> Result<PlanSummary, DbError> {
        // The optimizer's knob for "index lookups are cheap": the MariaDB
        // counterpart of enable_seqscan = off, without FORCE INDEX.
        self.conn
            .query_drop("SET SESSION max_seeks_for_key = 1")
            .map_err(db)?;
        let text = self
            .conn
            .query_first::<String, _>(format!("EXPLAIN FORMAT=JSON {sql}"));
        self.conn
            .query_drop("SET SESSION max_seeks_for_key = DEFAULT")
            .map_err(db)?;
        let text = text
            .map_err(db)?
            .ok_or_else(|| DbError("EXPLAIN returned no plan".into()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| DbError(format!("unreadable plan: {e}")))?;
        Ok(plan::mysql(&json))
    }

    fn analyze(&mut self, tables: &[String]) -> Result<(), DbError> {
        if tables.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = tables.iter().map(|t| Engine::Mysql.quote(t)).collect();
        self.conn
            .query_drop(format!("ANALYZE TABLE {}", list.join(", ")))
            .map_err(db)
    }

    fn time_query(&mut self, sql: &str) -> Result<Duration, DbError> {
        let start = Instant::now();
        let result = self.conn.query_iter(sql).map_err(db)?;
        for row in result {
            row.map_err(db)?;
        }
        Ok(start.elapsed())
    }

    fn minimum_rows(&self) -> u64 {
        MINIMUM_ROWS
    }

    fn close(mut self: Box<Self>) -> Result<(), TargetError> {
        self.drop_database()
    }
}

/// Drops every database named `stowage_verify_*` on the server; nothing else.
pub fn cleanup(url: &str) -> Result<Vec<String>, TargetError> {
    let mut conn = connect(url)?;
    let names: Vec<String> = conn
        .query::<String, _>(
            r"SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'stowage\_verify\_%' ORDER BY SCHEMA_NAME",
        )
        .map_err(|e| TargetError::Database(message(&e)))?
        .into_iter()
        .filter(|n| sandbox::is_sandbox_name(n))
        .collect();
    let mut dropped = Vec::new();
    for name in names {
        conn.query_drop(format!(
            "DROP DATABASE IF EXISTS {}",
            Engine::Mysql.quote(&name)
        ))
        .map_err(|e| TargetError::Database(format!("could not drop {name}: {}", message(&e))))?;
        dropped.push(name);
    }
    Ok(dropped)
}
