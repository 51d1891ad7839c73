//! PostgreSQL: the sandbox is a schema `stowage_verify_*` made first in the
//! search_path, dropped with CASCADE when the target is dropped.

use super::plan::{self, PlanSummary};
use super::sandbox;
use super::{redact, DbError, Engine, Target, TargetError};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, SimpleQueryMessage};
use std::str::FromStr;
use std::time::{Duration, Instant};

pub struct PgTarget {
    client: Client,
    schema: Option<String>,
    version: String,
}

fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => {
            let mut m = format!("{} (SQLSTATE {})", d.message(), d.code().code());
            if let Some(detail) = d.detail() {
                m.push_str(&format!("; {detail}"));
            }
            m
        }
        None => e.to_string(),
    }
}

fn db(e: postgres::Error) -> DbError {
    DbError(message(&e))
}

fn connect(url: &str) -> Result<Client, TargetError> {
    let mut config = Config::from_str(url)
        .map_err(|e| TargetError::Usage(format!("{}: not a PostgreSQL URL: {e}", redact(url))))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.connect(NoTls).map_err(|e| TargetError::Unreachable {
        url: redact(url),
        message: message(&e),
    })
}

fn first_text(client: &mut Client, sql: &str) -> Result<Option<String>, DbError> {
    for msg in client.simple_query(sql).map_err(db)? {
        if let SimpleQueryMessage::Row(row) = msg {
            return Ok(row.get(0).map(str::to_string));
        }
    }
    Ok(None)
}

impl PgTarget {
    pub fn open(url: &str) -> Result<Self, TargetError> {
        let mut client = connect(url)?;
        let version = first_text(&mut client, "SHOW server_version")
            .ok()
            .flatten()
            .map(|v| format!("PostgreSQL {v}"))
            .unwrap_or_else(|| "PostgreSQL".into());
        let name = sandbox::new_name();
        if let Err(e) =
            client.batch_execute(&format!("CREATE SCHEMA {}", Engine::Postgres.quote(&name)))
        {
            if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
                let user = first_text(&mut client, "SELECT current_user")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| "<user>".into());
                let database = first_text(&mut client, "SELECT current_database()")
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| "<db>".into());
                return Err(TargetError::Privilege(format!(
                    "cannot create the sandbox schema: user {user} lacks the CREATE privilege on the database {database} (GRANT CREATE ON DATABASE {database} TO {user}); {}",
                    message(&e)
                )));
            }
            return Err(TargetError::Database(format!(
                "cannot create the sandbox schema {name}: {}",
                message(&e)
            )));
        }
        let mut target = PgTarget {
            client,
            schema: Some(name.clone()),
            version,
        };
        target
            .client
            .batch_execute(&format!(
                "SET search_path TO {}",
                Engine::Postgres.quote(&name)
            ))
            .map_err(|e| TargetError::Database(message(&e)))?;
        sandbox::pause_if_asked(&name);
        Ok(target)
    }

    fn drop_schema(&mut self) -> Result<(), TargetError> {
        let Some(name) = self.schema.take() else {
            return Ok(());
        };
        // A failed transaction would refuse the DROP; end it first.
        let _ = self.client.batch_execute("ROLLBACK");
        drop_sandbox(&mut self.client, &name).map_err(|e| {
                TargetError::Database(format!(
                    "could not drop the sandbox schema {name}: {}; run `stowage verify --cleanup --db URL`",
                    message(&e)
                ))
            })
    }

    fn explain_once(&mut self, sql: &str) -> Result<PlanSummary, DbError> {
        let text = first_text(&mut self.client, &format!("EXPLAIN (FORMAT JSON) {sql}"))?
            .ok_or_else(|| DbError("EXPLAIN returned no plan".into()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| DbError(format!("unreadable plan: {e}")))?;
        Ok(plan::postgres(&json))
    }
}

impl Drop for PgTarget {
    fn drop(&mut self) {
        if let Err(e) = self.drop_schema() {
            crate::verify::sandbox::warn(format_args!("stowage: {e}"));
        }
    }
}

impl Target for PgTarget {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn sandbox(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    fn server_version(&self) -> String {
        self.version.clone()
    }

    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.client.batch_execute(sql).map_err(db)
    }

    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError> {
        let mut tx = self.client.transaction().map_err(db)?;
        for sql in statements {
            tx.batch_execute(sql).map_err(db)?;
        }
        tx.commit().map_err(db)
    }

    fn explain(&mut self, sql: &str) -> Result<PlanSummary, DbError> {
        // Empty or small tables make sequential scans cheapest; discourage
        // them so the plan shows whether an index is usable at all.
        self.client
            .batch_execute("SET enable_seqscan = off")
            .map_err(db)?;
        let mut summary = self.explain_once(sql);
        if matches!(&summary, Ok(s) if s.extra_sort) {
            // Sorting a handful of rows is cheap too; see if an index can give the order.
            self.client
                .batch_execute("SET enable_sort = off")
                .map_err(db)?;
            if let Ok(unsorted) = self.explain_once(sql) {
                if !unsorted.extra_sort {
                    summary = Ok(unsorted);
                }
            }
        }
        self.client
            .batch_execute("RESET enable_seqscan; RESET enable_sort")
            .map_err(db)?;
        summary
    }

    fn analyze(&mut self, tables: &[String]) -> Result<(), DbError> {
        for table in tables {
            self.client
                .batch_execute(&format!("ANALYZE {}", Engine::Postgres.quote(table)))
                .map_err(db)?;
        }
        Ok(())
    }

    fn time_query(&mut self, sql: &str) -> Result<Duration, DbError> {
        let start = Instant::now();
        self.client.simple_query(sql).map_err(db)?;
        Ok(start.elapsed())
    }

    fn close(mut self: Box<Self>) -> Result<(), TargetError> {
        self.drop_schema()
    }
}

/// Tables dropped per transaction before the sandbox schema itself.
const DROP_BATCH: usize = 100;

/// Drops a sandbox schema: its tables first, [`DROP_BATCH`] per statement,
/// then the schema. One `DROP SCHEMA ... CASCADE` of thousands of tables
/// takes a lock per table, index and constraint in one transaction and runs
/// out of the server's lock table (`max_locks_per_transaction`, SQLSTATE
/// 53200 "out of shared memory"), leaving the sandbox behind.
fn drop_sandbox(client: &mut Client, name: &str) -> Result<(), postgres::Error> {
    let schema = Engine::Postgres.quote(name);
    let rows = client.query(
        "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = $1",
        &[&name],
    )?;
    let tables: Vec<String> = rows
        .iter()
        .filter_map(|r| r.try_get::<_, String>(0).ok())
        .map(|t| format!("{schema}.{}", Engine::Postgres.quote(&t)))
        .collect();
    for batch in tables.chunks(DROP_BATCH) {
        client.batch_execute(&format!(
            "DROP TABLE IF EXISTS {} CASCADE",
            batch.join(", ")
        ))?;
    }
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
}

/// Drops every schema named `stowage_verify_*` on the server; nothing else.
pub fn cleanup(url: &str) -> Result<Vec<String>, TargetError> {
    let mut client = connect(url)?;
    let rows = client
        .simple_query(r"SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname LIKE 'stowage\_verify\_%' ORDER BY nspname")
        .map_err(|e| TargetError::Database(message(&e)))?;
    let names: Vec<String> = rows
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
            _ => None,
        })
        .filter(|n| sandbox::is_sandbox_name(n))
        .collect();
    let mut dropped = Vec::new();
    for name in names {
        drop_sandbox(&mut client, &name).map_err(|e| {
            TargetError::Database(format!("could not drop {name}: {}", message(&e)))
        })?;
        dropped.push(name);
    }
    Ok(dropped)
}
