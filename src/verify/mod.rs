//! `verify`: apply the DDL in a throw-away sandbox of a real database and
//! EXPLAIN every query pattern. The only module that opens a connection.
//!
//! Flow ([`run`]): open a [`Target`] (which creates its sandbox) -> apply the
//! DDL statement by statement -> optionally fill every table ([`fill`]) and
//! ANALYZE -> for each query pattern build a representative query
//! ([`query`]), EXPLAIN it, summarise the plan ([`plan`]) and judge it
//! ([`judge`]) -> drop the sandbox -> a [`Report`].
//!
//! Invariants:
//! - Nothing outside the sandbox is read, written or dropped: every target
//!   creates its own schema / database (or an in-memory SQLite database) and
//!   drops it in `Drop`, so an error, a failed statement or an interrupt
//!   still cleans up. Leftovers of killed runs carry [`sandbox::PREFIX`].
//! - Names from the design reach SQL only through [`Engine::quote`].
//! - This module does not generate DDL: it applies what `export` produces.
//!
//! To add an engine: one file implementing [`Target`], one plan classifier in
//! [`plan`], and a branch in [`open`].

pub mod fill;
pub mod judge;
#[cfg(feature = "mysql")]
pub mod mysql;
pub mod plan;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod query;
pub mod report;
pub mod sandbox;
pub mod sqlite;

use crate::model::{Design, Frequency};
use serde::Serialize;
use std::time::Duration;

pub use judge::Verdict;
pub use plan::PlanSummary;

/// A database engine that `verify` can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Sqlite,
    Postgres,
    Mysql,
}

impl Engine {
    pub fn label(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
        }
    }

    /// Quotes an identifier so that no name from a document is ever read as SQL.
    pub fn quote(self, name: &str) -> String {
        match self {
            Engine::Mysql => format!("`{}`", name.replace('`', "``")),
            Engine::Sqlite | Engine::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// Which engine a `--db` URL names (`None`: the default, SQLite in memory).
    pub fn from_url(url: Option<&str>) -> Result<Engine, TargetError> {
        let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(Engine::Sqlite);
        };
        let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" | "sqlite3" => {
                let rest = url[scheme.len()..]
                    .trim_start_matches([':', '/'])
                    .trim_end_matches(':');
                if rest.is_empty() || rest.eq_ignore_ascii_case("memory") {
                    Ok(Engine::Sqlite)
                } else {
                    Err(TargetError::Usage(format!(
                        "{url}: verify runs SQLite in memory only (it never opens a database file); use `--db sqlite::memory:` or leave --db out"
                    )))
                }
            }
            "postgres" | "postgresql" => Ok(Engine::Postgres),
            "mysql" | "mariadb" => Ok(Engine::Mysql),
            _ => Err(TargetError::Usage(format!(
                "{}: unknown database URL; use postgres://user@host/db, mysql://user@host/db (MariaDB or MySQL), or leave --db out for SQLite in memory",
                redact(url)
            ))),
        }
    }
}

/// A URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((auth, host)) => (auth, host),
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// The database's own message for a statement that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DbError(pub String);

/// Why a target could not be opened or used at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{0}")]
    Usage(String),
    #[error("cannot connect to {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("{0}")]
    Privilege(String),
    #[error("{0}")]
    Database(String),
    #[error("interrupted")]
    Interrupted,
}

/// One database engine holding one sandbox. Dropping it drops the sandbox.
pub trait Target {
    fn engine(&self) -> Engine;
    /// The sandbox's name (schema or database), `None` for in-memory SQLite.
    fn sandbox(&self) -> Option<&str>;
    /// The server's version string, for the report.
    fn server_version(&self) -> String;
    /// Runs one statement that returns no rows.
    fn execute(&mut self, sql: &str) -> Result<(), DbError>;
    /// Runs a batch of statements inside one transaction.
    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError>;
    /// EXPLAINs a query (with scans discouraged where the engine allows it)
    /// and summarises the plan.
    fn explain(&mut self, sql: &str) -> Result<PlanSummary, DbError>;
    /// Refreshes the planner's statistics for these tables.
    fn analyze(&mut self, tables: &[String]) -> Result<(), DbError>;
    /// Runs a query and reads every row; returns the wall time.
    fn time_query(&mut self, sql: &str) -> Result<Duration, DbError>;
    /// Minimum rows per table this engine needs for plans to mean anything
    /// (MariaDB treats empty tables as constants).
    fn minimum_rows(&self) -> u64 {
        0
    }
    /// Drops the sandbox now and reports whether that worked.
    fn close(self: Box<Self>) -> Result<(), TargetError>;
}

/// Opens the target a URL names and creates its sandbox.
pub fn open(url: Option<&str>) -> Result<Box<dyn Target>, TargetError> {
    match Engine::from_url(url)? {
        Engine::Sqlite => Ok(Box::new(sqlite::SqliteTarget::open()?)),
        #[cfg(feature = "postgres")]
        Engine::Postgres => Ok(Box::new(postgres::PgTarget::open(url.unwrap_or(""))?)),
        #[cfg(not(feature = "postgres"))]
        Engine::Postgres => Err(TargetError::Usage(
            "this stowage was built without PostgreSQL support (cargo feature `postgres`); rebuild with default features or use SQLite (leave --db out)".into(),
        )),
        #[cfg(feature = "mysql")]
        Engine::Mysql => Ok(Box::new(mysql::MyTarget::open(url.unwrap_or(""))?)),
        #[cfg(not(feature = "mysql"))]
        Engine::Mysql => Err(TargetError::Usage(
            "this stowage was built without MariaDB/MySQL support (cargo feature `mysql`); rebuild with default features or use SQLite (leave --db out)".into(),
        )),
    }
}

/// Drops every leftover sandbox (names starting with [`sandbox::PREFIX`]) on
/// the server a URL names; returns the names dropped.
pub fn cleanup(url: Option<&str>) -> Result<Vec<String>, TargetError> {
    match Engine::from_url(url)? {
        Engine::Sqlite => Ok(Vec::new()),
        #[cfg(feature = "postgres")]
        Engine::Postgres => postgres::cleanup(url.unwrap_or("")),
        #[cfg(feature = "mysql")]
        Engine::Mysql => mysql::cleanup(url.unwrap_or("")),
        #[allow(unreachable_patterns)]
        _ => open(url).map(|_| Vec::new()),
    }
}

/// One DDL statement to apply, and the design element it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DdlStatement {
    pub sql: String,
    pub entity: Option<String>,
    pub field: Option<String>,
    pub index: Option<String>,
}

/// `export`'s DDL for a design in a dialect, with each statement's origin.
pub fn ddl_statements(
    design: &Design,
    dialect: &dyn crate::export::dialect::Dialect,
) -> Vec<DdlStatement> {
    crate::export::sql::ddl(design, dialect)
        .into_iter()
        .map(|s| DdlStatement {
            sql: s.sql,
            entity: s.origin.entity,
            field: s.origin.field,
            index: s.origin.index,
        })
        .collect()
}

/// The physical name a `CREATE [UNIQUE] INDEX` statement gives its index.
fn created_index_name(sql: &str) -> Option<String> {
    let upper = sql.to_ascii_uppercase();
    if !upper.trim_start().starts_with("CREATE") {
        return None;
    }
    let at = upper.find("INDEX ")? + "INDEX ".len();
    let mut rest = sql.get(at..)?.trim_start();
    if rest.to_ascii_uppercase().starts_with("IF NOT EXISTS ") {
        rest = rest.get("IF NOT EXISTS ".len()..)?.trim_start();
    }
    let mut chars = rest.chars();
    match chars.next()? {
        q @ ('"' | '`') => {
            let mut name = String::new();
            let mut it = chars.peekable();
            while let Some(c) = it.next() {
                if c == q {
                    if it.peek() == Some(&q) {
                        name.push(q);
                        it.next();
                    } else {
                        return Some(name);
                    }
                } else {
                    name.push(c);
                }
            }
            None
        }
        _ => rest.split_whitespace().next().map(str::to_string),
    }
}

/// How to run a verification.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Fill each table with this many rows, ANALYZE, and time each pattern.
    pub rows: Option<u64>,
    /// How many times each query is timed (the median is reported).
    pub timing_runs: usize,
}

/// Called as the run advances: (step description, done, total).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64, u64);

/// A statement that the database refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedStatement {
    pub sql: String,
    pub entity: Option<String>,
    pub field: Option<String>,
    pub index: Option<String>,
    pub error: String,
}

/// The outcome of filling one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FillResult {
    pub table: String,
    pub rows: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The outcome for one query pattern.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternResult {
    pub scenario: String,
    pub frequency: Frequency,
    pub tables: Vec<String>,
    /// The index the design says serves the pattern, as written.
    pub expected_index: Option<String>,
    /// The representative query (empty when none could be built).
    pub query: String,
    /// The plan, one short line per step.
    pub plan: Vec<String>,
    pub verdict: Verdict,
    /// The index the engine used on the pattern's main table.
    pub index_used: Option<String>,
    /// Why the verdict is what it is, in a sentence.
    pub detail: String,
    /// With `--rows`: the plan the engine picks once the tables hold data
    /// and statistics (for information; the verdict is from `plan`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plan_with_data: Vec<String>,
    /// Median wall time in milliseconds (with `--rows`).
    pub time_ms: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub patterns: usize,
    pub served: usize,
    pub other_index: usize,
    pub partial: usize,
    pub full_scan: usize,
    pub skipped: usize,
    pub error: usize,
    /// High-frequency patterns that are not served.
    pub high_unserved: Vec<String>,
    pub failed_statements: usize,
    /// Every High-frequency pattern is served and every statement applied.
    pub ok: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub system: String,
    pub engine: Engine,
    pub server_version: String,
    pub sandbox: Option<String>,
    pub rows: Option<u64>,
    pub statements_applied: usize,
    pub failed_statements: Vec<FailedStatement>,
    pub fill: Vec<FillResult>,
    pub patterns: Vec<PatternResult>,
    pub summary: Summary,
}

/// Verifies a design on a target. The target's sandbox is dropped when the
/// target is dropped (by the caller), whatever happened here.
pub fn run(
    design: &Design,
    ddl: &[DdlStatement],
    target: &mut dyn Target,
    opts: &Options,
    progress: Progress<'_>,
) -> Result<Report, TargetError> {
    let engine = target.engine();
    let fill_rows = opts.rows.unwrap_or(0).max(target.minimum_rows());
    let tables = fill::tables_in_order(design);
    let total = ddl.len() as u64
        + if fill_rows > 0 {
            tables.len() as u64
        } else {
            0
        }
        + design.query_patterns.len() as u64;
    let mut done = 0u64;

    let mut applied = 0;
    let mut failed = Vec::new();
    for statement in ddl {
        sandbox::check_interrupted()?;
        if let Some(reason) = outside_sandbox(engine, &statement.sql) {
            failed.push(FailedStatement {
                sql: statement.sql.clone(),
                entity: statement.entity.clone(),
                field: statement.field.clone(),
                index: statement.index.clone(),
                error: format!("not run: {reason}"),
            });
        } else {
            match target.execute(&statement.sql) {
                Ok(()) => applied += 1,
                Err(e) => failed.push(FailedStatement {
                    sql: statement.sql.clone(),
                    entity: statement.entity.clone(),
                    field: statement.field.clone(),
                    index: statement.index.clone(),
                    error: e.0,
                }),
            }
        }
        done += 1;
        progress("applying DDL", done, total);
    }

    // `export` may rename an index (too long, or its name taken); plans
    // print the physical name, verdicts speak of the document's.
    let aliases: std::collections::HashMap<String, String> = ddl
        .iter()
        .filter_map(|s| {
            let physical = created_index_name(&s.sql)?;
            let named = s.index.clone()?;
            (physical != named).then(|| (physical.to_lowercase(), named))
        })
        .collect();
    // What each index was created with (full-text queries reuse its expression).
    let index_sql: std::collections::HashMap<String, String> = ddl
        .iter()
        .filter_map(|s| Some((s.index.clone()?.to_lowercase(), s.sql.clone())))
        .collect();
    // Literals in queries are row 0's values, so with data they match rows.
    let plan = fill::FillPlan::new(design, &tables, fill_rows.max(1));

    // The verdict comes from the plan with scans discouraged on tables the
    // planner knows nothing about: whether an index is usable at all, not
    // what generated data's statistics happen to favour. Engines that need
    // rows to plan (MariaDB) are filled first.
    let fill_first = target.minimum_rows() > 0;
    let mut patterns = Vec::new();
    if !fill_first {
        for pattern in &design.query_patterns {
            sandbox::check_interrupted()?;
            patterns.push(judge::verify_pattern(
                design, pattern, engine, target, &plan, &aliases, &index_sql,
            ));
            done += 1;
            progress("explaining query patterns", done, total);
        }
    }

    let mut fills = Vec::new();
    if fill_rows > 0 {
        for table in &tables {
            sandbox::check_interrupted()?;
            fills.push(plan.fill_table(engine, table, target));
            done += 1;
            progress("filling tables", done, total);
        }
        let names: Vec<String> = tables.iter().map(|t| t.table.clone()).collect();
        if let Err(e) = target.analyze(&names) {
            fills.push(FillResult {
                table: "(ANALYZE)".into(),
                rows: 0,
                error: Some(e.0),
            });
        }
    }
    let data = fill_rows > 0 && fills.iter().all(|f| f.error.is_none());

    if fill_first {
        for pattern in &design.query_patterns {
            sandbox::check_interrupted()?;
            patterns.push(judge::verify_pattern(
                design, pattern, engine, target, &plan, &aliases, &index_sql,
            ));
            done += 1;
            progress("explaining query patterns", done, total);
        }
    }
    if opts.rows.is_some() && data {
        for result in patterns.iter_mut().filter(|r| !r.query.is_empty()) {
            sandbox::check_interrupted()?;
            if !fill_first {
                // The plan the engine picks with the data and its statistics.
                if let Ok(with_data) = target.explain(&result.query) {
                    result.plan_with_data = with_data.lines;
                }
            }
            result.time_ms = measure(target, &result.query, opts.timing_runs.max(1));
        }
    }

    let summary = summarize(&patterns, failed.len());
    Ok(Report {
        system: design.system.clone(),
        engine,
        server_version: target.server_version(),
        sandbox: target.sandbox().map(str::to_string),
        rows: if fill_rows > 0 { Some(fill_rows) } else { None },
        statements_applied: applied,
        failed_statements: failed,
        fill: fills,
        patterns,
        summary,
    })
}

/// Statements that would change something outside the sandbox are not run.
fn outside_sandbox(engine: Engine, sql: &str) -> Option<&'static str> {
    let head: String = sql
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase();
    match (engine, head.as_str()) {
        (Engine::Postgres, "CREATE EXTENSION") => {
            Some("CREATE EXTENSION changes the whole database, outside the sandbox")
        }
        (_, "CREATE DATABASE") | (_, "DROP DATABASE") | (_, "USE") => {
            Some("it would leave the sandbox")
        }
        (_, "CREATE SCHEMA") | (_, "DROP SCHEMA") => Some("it would leave the sandbox"),
        _ => None,
    }
}

fn measure(target: &mut dyn Target, sql: &str, runs: usize) -> Option<f64> {
    // One warm-up run so the first measurement is not a cold cache.
    target.time_query(sql).ok()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(target.time_query(sql).ok()?.as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    times.get(times.len() / 2).copied()
}

fn summarize(patterns: &[PatternResult], failed_statements: usize) -> Summary {
    let mut s = Summary {
        patterns: patterns.len(),
        failed_statements,
        ..Default::default()
    };
    for p in patterns {
        match p.verdict {
            Verdict::Served => s.served += 1,
            Verdict::OtherIndex => s.other_index += 1,
            Verdict::Partial => s.partial += 1,
            Verdict::FullScan => s.full_scan += 1,
            Verdict::Skipped => s.skipped += 1,
            Verdict::Error => s.error += 1,
        }
        if p.frequency == Frequency::High && !p.verdict.is_served() {
            s.high_unserved.push(p.scenario.clone());
        }
    }
    s.ok = s.high_unserved.is_empty() && failed_statements == 0;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_names_from_create_statements() {
        assert_eq!(
            created_index_name(r#"CREATE UNIQUE INDEX "idx ""a""" ON "t" ("x")"#).as_deref(),
            Some(r#"idx "a""#)
        );
        assert_eq!(
            created_index_name("CREATE INDEX IF NOT EXISTS `idx_b` ON `t` (`x`)").as_deref(),
            Some("idx_b")
        );
        assert_eq!(created_index_name("CREATE TABLE t (x INT)"), None);
    }

    #[test]
    fn urls_pick_engines() {
        assert_eq!(Engine::from_url(None).ok(), Some(Engine::Sqlite));
        assert_eq!(
            Engine::from_url(Some("sqlite::memory:")).ok(),
            Some(Engine::Sqlite)
        );
        assert!(Engine::from_url(Some("sqlite:///tmp/x.db")).is_err());
        assert_eq!(
            Engine::from_url(Some("postgresql://u@h/db")).ok(),
            Some(Engine::Postgres)
        );
        assert_eq!(
            Engine::from_url(Some("mariadb://u@h/db")).ok(),
            Some(Engine::Mysql)
        );
        assert!(Engine::from_url(Some("oracle://x")).is_err());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }
}
