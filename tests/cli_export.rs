//! `stowage export` end to end on real files: snapshots of every format for a
//! fixture with every feature, every SQL output parsed by sqlparser in its
//! dialect and executed for real (SQLite always; PostgreSQL and MariaDB/MySQL
//! through STOWAGE_TEST_PG_URL / STOWAGE_TEST_MYSQL_URL), migrations up then
//! down leaving the database empty, and refusals of bad input.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(name)
}

/// The fixture with every feature, a storage document in the template's
/// shape.
fn full() -> PathBuf {
    fixture("full.md")
}

/// A copy of the full fixture with `edit` applied, in a fresh folder.
fn edited(edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(full()).expect("read");
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed nothing");
    let path = dir.path().join("doc.md");
    std::fs::write(&path, edited).expect("write");
    (dir, path)
}

fn stowage(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("stowage").expect("binary");
    cmd.arg("-C").arg(root).env_remove("STOWAGE_DB");
    cmd
}

/// Runs `export <doc> --to <format>` and returns stdout, asserting success.
fn export(doc: &Path, to: &str, extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = stowage(tmp.path())
        .args(["export"])
        .arg(doc)
        .args(["--to", to])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "export --to {to} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

mod snapshots {
    use super::*;

    #[test]
    fn every_format_of_the_full_fixture() {
        for to in [
            "postgres",
            "mysql",
            "sqlite",
            "mermaid",
            "json",
            "dbml",
            "tbls",
            "redis",
            "elasticsearch",
            "mongodb",
        ] {
            let text = export(&full(), to, &[]);
            insta::assert_snapshot!(format!("full_{to}"), text);
        }
    }

    #[test]
    fn tbls_follows_the_dialect() {
        let text = export(&full(), "tbls", &["--dialect", "mysql"]);
        let v: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["driver"]["name"], "mysql");
        assert_eq!(v["tables"][0]["columns"][0]["type"], "CHAR(36)");
    }
}

mod parse {
    use super::*;
    use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
    use sqlparser::parser::Parser;

    fn parses(sql: &str, dialect: &dyn Dialect) {
        if let Err(e) = Parser::parse_sql(dialect, sql) {
            panic!("does not parse: {e}\n{sql}");
        }
    }

    #[test]
    fn every_sql_output_parses_in_its_dialect() {
        let cases: [(&str, &dyn Dialect); 3] = [
            ("postgres", &PostgreSqlDialect {}),
            ("mysql", &MySqlDialect {}),
            ("sqlite", &SQLiteDialect {}),
        ];
        for (to, dialect) in cases {
            parses(&export(&full(), to, &[]), dialect);
            let dir = tempfile::tempdir().expect("tempdir");
            let migrations = dir.path().join("m");
            let out = stowage(dir.path())
                .arg("export")
                .arg(full())
                .args(["--to", "migrations", "--dialect", to, "--out"])
                .arg(&migrations)
                .output()
                .expect("run");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            for entry in std::fs::read_dir(&migrations).expect("dir") {
                let path = entry.expect("entry").path();
                parses(&std::fs::read_to_string(&path).expect("read"), dialect);
            }
        }
    }
}

/// Writes migrations for `dialect` into a fresh folder; returns (up, down).
fn migration_pair(dialect: &str) -> (String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stowage(dir.path())
        .arg("export")
        .arg(full())
        .args(["--to", "migrations", "--dialect", dialect])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = dir.path().join("migrations");
    let up = std::fs::read_to_string(m.join("000001_create_backend_shop.up.sql")).expect("up");
    let down =
        std::fs::read_to_string(m.join("000001_create_backend_shop.down.sql")).expect("down");
    (up, down, dir)
}

mod sqlite {
    use super::*;

    fn tables(conn: &rusqlite::Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .expect("prepare");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn ddl_runs_and_up_then_down_leaves_nothing() {
        let (up, down, _dir) = migration_pair("sqlite");
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .expect("pragma");
        conn.execute_batch(&up).expect("up runs");
        let created = tables(&conn);
        for t in [
            "user",
            "group",
            "order",
            "group_members",
            "payments",
            "audit\"log;",
        ] {
            assert!(
                created.iter().any(|c| c == t),
                "{t} missing from {created:?}"
            );
        }
        // The constraints are real: the enum CHECK and the FK both hold.
        let bad = conn.execute(
            "INSERT INTO \"user\" (id, email, display_name, status) VALUES ('u1', 'a@b', 'A', 'nope')",
            [],
        );
        assert!(bad.is_err(), "enum CHECK not enforced");
        let orphan = conn.execute(
            "INSERT INTO \"order\" (id, user_id, total, placed_at) VALUES ('o1', 'missing', 1, 'now')",
            [],
        );
        assert!(orphan.is_err(), "foreign key not enforced");
        conn.execute_batch(&down).expect("down runs");
        assert_eq!(tables(&conn), Vec::<String>::new());
    }

    #[test]
    fn the_stdout_script_runs_too() {
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
        conn.execute_batch(&export(&full(), "sqlite", &[]))
            .expect("runs");
    }
}

/// A server reached through an env var: None (with the reason printed) when
/// the var is unset; a panic when STOWAGE_REQUIRE_DB=1 and it is unset.
fn server_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("STOWAGE_REQUIRE_DB").as_deref() != Ok("1"),
                "{var} is unset but STOWAGE_REQUIRE_DB=1"
            );
            eprintln!("skipped: {var} is not set");
            None
        }
    }
}

fn sandbox_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "stowage_export_test_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000
    )
}

#[cfg(feature = "postgres")]
mod postgres_server {
    use super::*;

    /// Drops the schema when the test ends, passed or failed.
    struct Sandbox {
        client: postgres::Client,
        schema: String,
    }

    impl Drop for Sandbox {
        fn drop(&mut self) {
            let _ = self.client.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS \"{}\" CASCADE",
                self.schema
            ));
        }
    }

    #[test]
    fn ddl_runs_and_up_then_down_leaves_nothing() {
        let Some(url) = server_url("STOWAGE_TEST_PG_URL") else {
            return;
        };
        let client = postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot reach {url}: {e}"));
        let schema = sandbox_name();
        let mut sb = Sandbox { client, schema };
        let schema = sb.schema.clone();
        sb.client
            .batch_execute(&format!(
                "CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\""
            ))
            .expect("sandbox");
        let (up, down, _dir) = migration_pair("postgres");
        sb.client.batch_execute(&up).expect("up runs on PostgreSQL");
        let count = |c: &mut postgres::Client| -> i64 {
            c.query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
                &[&schema],
            )
            .expect("count")
            .get(0)
        };
        assert_eq!(count(&mut sb.client), 7);
        sb.client
            .batch_execute(&down)
            .expect("down runs on PostgreSQL");
        assert_eq!(count(&mut sb.client), 0);
        sb.client
            .batch_execute(&export(&full(), "postgres", &[]))
            .expect("stdout script runs");
    }
}

#[cfg(feature = "mysql")]
mod mysql_server {
    use super::*;
    use mysql::prelude::Queryable;

    struct Sandbox {
        conn: mysql::Conn,
        db: String,
    }

    impl Drop for Sandbox {
        fn drop(&mut self) {
            let _ = self
                .conn
                .query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.db));
        }
    }

    /// Runs a script statement by statement (the client takes one at a time).
    fn run_script(conn: &mut mysql::Conn, script: &str) {
        use sqlparser::dialect::MySqlDialect;
        use sqlparser::parser::Parser;
        let stmts = Parser::parse_sql(&MySqlDialect {}, script).expect("parses");
        assert!(!stmts.is_empty());
        // Split on the `;\n` that ends every statement of our scripts.
        for sql in script.split(";\n").map(str::trim).filter(|s| {
            s.lines()
                .any(|l| !l.trim_start().starts_with("--") && !l.trim().is_empty())
        }) {
            conn.query_drop(sql)
                .unwrap_or_else(|e| panic!("MySQL rejected: {e}\n{sql}"));
        }
    }

    #[test]
    fn ddl_runs_and_up_then_down_leaves_nothing() {
        let Some(url) = server_url("STOWAGE_TEST_MYSQL_URL") else {
            return;
        };
        let opts = mysql::Opts::from_url(&url).expect("url");
        let conn = mysql::Conn::new(opts).unwrap_or_else(|e| panic!("cannot reach {url}: {e}"));
        let db = sandbox_name();
        let mut sb = Sandbox { conn, db };
        let db = sb.db.clone();
        sb.conn
            .query_drop(format!("CREATE DATABASE `{db}` CHARACTER SET utf8mb4"))
            .expect("sandbox");
        sb.conn.query_drop(format!("USE `{db}`")).expect("use");
        let (up, down, _dir) = migration_pair("mysql");
        run_script(&mut sb.conn, &up);
        let count = |c: &mut mysql::Conn| -> i64 {
            c.exec_first(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?",
                (&db,),
            )
            .expect("count")
            .unwrap_or(0)
        };
        assert_eq!(count(&mut sb.conn), 7);
        run_script(&mut sb.conn, &down);
        assert_eq!(count(&mut sb.conn), 0);
    }
}

mod migrations {
    use super::*;

    #[test]
    fn numbers_continue_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let run = || {
            stowage(dir.path())
                .arg("export")
                .arg(full())
                .args(["--to", "migrations"])
                .assert()
                .success();
        };
        run();
        let m = dir.path().join("migrations");
        let first =
            std::fs::read_to_string(m.join("000001_create_backend_shop.up.sql")).expect("first up");
        assert!(first.contains("PostgreSQL"), "dialect from the document");
        run();
        assert!(m.join("000002_create_backend_shop.up.sql").is_file());
        assert!(m.join("000002_create_backend_shop.down.sql").is_file());
        assert_eq!(
            std::fs::read_to_string(m.join("000001_create_backend_shop.up.sql")).expect("again"),
            first
        );
    }

    #[test]
    fn numbering_follows_files_already_there() {
        let dir = tempfile::tempdir().expect("tempdir");
        let m = dir.path().join("migrations");
        std::fs::create_dir_all(&m).expect("mkdir");
        std::fs::write(m.join("000005_add_things.up.sql"), "SELECT 1;").expect("write");
        stowage(dir.path())
            .arg("export")
            .arg(full())
            .args(["--to", "migrations"])
            .assert()
            .success();
        assert!(m.join("000006_create_backend_shop.up.sql").is_file());
        assert_eq!(
            std::fs::read_to_string(m.join("000005_add_things.up.sql")).expect("read"),
            "SELECT 1;"
        );
    }

    #[test]
    fn out_that_is_a_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("m"), "x").expect("write");
        stowage(dir.path())
            .arg("export")
            .arg(full())
            .args(["--to", "migrations", "--out", "m"])
            .assert()
            .code(2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("m")).expect("read"),
            "x"
        );
    }
}

mod refusals {
    use super::*;

    fn broken() -> (tempfile::TempDir, PathBuf) {
        edited(|t| {
            t.replace(
                "| user_id | UUID | FK → User(id) ON DELETE RESTRICT",
                "| user_id | UUID | FK → Customer(id) ON DELETE RESTRICT",
            )
            .replace("| email | VARCHAR(255) |", "| email | WIBBLE |")
        })
    }

    #[test]
    fn invalid_ddl_is_refused_with_diagnostics_and_nothing_written() {
        let (dir, doc) = broken();
        for to in ["postgres", "migrations", "dbml", "tbls"] {
            let out = stowage(dir.path())
                .arg("export")
                .arg(&doc)
                .args(["--to", to, "--out", "out"])
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(1), "{to}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("Customer"), "{err}");
            assert!(err.contains("WIBBLE"), "{err}");
            // check's findings, with the line they are on.
            assert!(err.contains("doc.md:23:"), "{err}");
            assert!(err.contains("error[S005]"), "{err}");
            assert!(out.stdout.is_empty());
            assert!(!dir.path().join("out").exists(), "{to} wrote something");
        }
    }

    #[test]
    fn force_is_not_a_way_around() {
        let (dir, doc) = broken();
        stowage(dir.path())
            .arg("export")
            .arg(&doc)
            .args(["--to", "postgres", "--force"])
            .assert()
            .code(2);
    }

    #[test]
    fn a_store_the_design_lacks_is_a_usage_error() {
        let (dir, doc) = edited(|t| {
            let start = t.find("## 6. Cache Key Patterns").expect("cache section");
            let end = t.find("## 7. Search Indexes").expect("search section");
            format!("{}{}", &t[..start], &t[end..])
        });
        let out = stowage(dir.path())
            .arg("export")
            .arg(&doc)
            .args(["--to", "redis"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("Redis"));
    }

    #[test]
    fn a_system_name_reads_docs_storage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = dir.path().join("docs/storage");
        std::fs::create_dir_all(&storage).expect("mkdir");
        std::fs::copy(full(), storage.join("backend-shop.md")).expect("copy");
        let out = stowage(dir.path())
            .args(["export", "backend-shop", "--to", "sqlite"])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("CREATE TABLE \"user\""));
        stowage(dir.path())
            .args(["export", "../etc/passwd", "--to", "sqlite"])
            .assert()
            .code(2);
        stowage(dir.path())
            .args(["export", "missing-system", "--to", "sqlite"])
            .assert()
            .code(2);
    }

    #[test]
    fn out_writes_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        stowage(dir.path())
            .arg("export")
            .arg(full())
            .args(["--to", "mermaid", "--out", "er/diagram.mmd"])
            .assert()
            .success();
        let text = std::fs::read_to_string(dir.path().join("er/diagram.mmd")).expect("written");
        assert!(text.starts_with("erDiagram"));
    }
}

mod json {
    use super::*;

    #[test]
    fn json_is_the_design_the_reader_reads() {
        let text = export(&full(), "json", &[]);
        let doc = std::fs::read_to_string(full()).expect("read");
        let parsed = stowage::document::parse_full(&doc, Path::new("full.md"));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let back: stowage::model::Design = serde_json::from_str(&text).expect("output");
        assert_eq!(back, parsed.design);
        assert_eq!(back.system, "backend-shop");
    }
}

/// A small JSON Schema checker for the keywords our two schemas use:
/// `$ref` (local), `type`, `properties`, `required`, `additionalProperties:
/// false`, `items`, `enum`, `const`, `anyOf`, `oneOf`, `minItems`,
/// `maxItems`, `minimum`, `maximum`. Returns every violation with its path.
mod schema_check {
    use serde_json::Value;

    pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        check(schema, schema, value, "$", &mut errors);
        errors
    }

    fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let ptr = r.trim_start_matches('#');
                let target = root.pointer(ptr).unwrap_or_else(|| panic!("bad $ref {r}"));
                resolve(root, target)
            }
            None => node,
        }
    }

    fn type_ok(t: &str, v: &Value) -> bool {
        match t {
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            "null" => v.is_null(),
            other => panic!("unknown type {other}"),
        }
    }

    fn check(root: &Value, node: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
        let node = resolve(root, node);
        if let Some(t) = node.get("type").and_then(Value::as_str) {
            if !type_ok(t, v) {
                errors.push(format!("{path}: expected {t}, got {v}"));
                return;
            }
        }
        if let Some(c) = node.get("const") {
            if c != v {
                errors.push(format!("{path}: expected {c}, got {v}"));
            }
        }
        if let Some(e) = node.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                errors.push(format!("{path}: {v} is not one of {e:?}"));
            }
        }
        for (key, exactly_one) in [("anyOf", false), ("oneOf", true)] {
            if let Some(alts) = node.get(key).and_then(Value::as_array) {
                let passing = alts
                    .iter()
                    .filter(|a| {
                        let mut sub = Vec::new();
                        check(root, a, v, path, &mut sub);
                        sub.is_empty()
                    })
                    .count();
                if passing == 0 || (exactly_one && passing > 1) {
                    errors.push(format!("{path}: {passing} alternatives of {key} match {v}"));
                }
            }
        }
        if let (Some(min), Some(n)) = (node.get("minimum").and_then(Value::as_f64), v.as_f64()) {
            if n < min {
                errors.push(format!("{path}: {n} < {min}"));
            }
        }
        if let (Some(max), Some(n)) = (node.get("maximum").and_then(Value::as_f64), v.as_f64()) {
            if n > max {
                errors.push(format!("{path}: {n} > {max}"));
            }
        }
        if let Some(arr) = v.as_array() {
            if let Some(min) = node.get("minItems").and_then(Value::as_u64) {
                if (arr.len() as u64) < min {
                    errors.push(format!("{path}: fewer than {min} items"));
                }
            }
            if let Some(max) = node.get("maxItems").and_then(Value::as_u64) {
                if (arr.len() as u64) > max {
                    errors.push(format!("{path}: more than {max} items"));
                }
            }
            if let Some(items) = node.get("items") {
                for (i, item) in arr.iter().enumerate() {
                    check(root, items, item, &format!("{path}[{i}]"), errors);
                }
            }
        }
        if let Some(obj) = v.as_object() {
            let props = node.get("properties").and_then(Value::as_object);
            if let Some(req) = node.get("required").and_then(Value::as_array) {
                for k in req.iter().filter_map(Value::as_str) {
                    if !obj.contains_key(k) {
                        errors.push(format!("{path}: missing {k}"));
                    }
                }
            }
            for (k, val) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(sub) => check(root, sub, val, &format!("{path}.{k}"), errors),
                    None if node.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        errors.push(format!("{path}: unknown key {k}"))
                    }
                    None => {}
                }
            }
        }
    }
}

mod shapes {
    use super::*;

    fn load(path: &Path) -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
    }

    #[test]
    fn json_output_matches_docs_design_schema() {
        let schema = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/design.schema.json"));
        let v: Value = serde_json::from_str(&export(&full(), "json", &[])).expect("json");
        assert_eq!(schema_check::validate(&schema, &v), Vec::<String>::new());
        // The checker is not vacuous: a wrong shape fails.
        let mut bad = v.clone();
        bad["entities"][0]["fields"][0]["ty"] = serde_json::json!({"kind": "varchar", "args": "x"});
        bad["extra"] = Value::Bool(true);
        assert_eq!(schema_check::validate(&schema, &bad).len(), 2);
    }

    #[test]
    fn tbls_output_matches_tbls_schema_structure() {
        let schema = load(&fixture("tbls.schema.json"));
        for dialect in ["postgres", "mysql", "sqlite"] {
            let v: Value = serde_json::from_str(&export(&full(), "tbls", &["--dialect", dialect]))
                .expect("json");
            assert_eq!(
                schema_check::validate(&schema, &v),
                Vec::<String>::new(),
                "{dialect}"
            );
            assert!(!v["relations"].as_array().expect("relations").is_empty());
        }
    }
}

/// `cargo test --release --test cli_export -- --ignored --nocapture bench`:
/// prints how long each format takes for a generated 5,000-entity design
/// (product.md: export of 5,000 entities in under 0.5 s). A report, not a
/// timed assertion.
mod bench {
    use std::time::Instant;
    use stowage::export::{dbml, dialect, mermaid, sql, tbls, validate};
    use stowage::model::*;

    fn big(n: usize) -> Design {
        let field = |name: &str, ty: SqlType, c: Constraints| Field {
            name: name.into(),
            ty,
            constraints: c,
            description: format!("the {name}"),
            ..Default::default()
        };
        let mut d = Design {
            system: "big".into(),
            ..Default::default()
        };
        for i in 0..n {
            let mut fields = vec![
                field(
                    "id",
                    SqlType::Uuid,
                    Constraints {
                        primary_key: true,
                        ..Default::default()
                    },
                ),
                field("name", SqlType::Varchar(Some(100)), Constraints::default()),
                field(
                    "created_at",
                    SqlType::Timestamp,
                    Constraints {
                        not_null: true,
                        default: Some("now()".into()),
                        ..Default::default()
                    },
                ),
            ];
            for (col, target) in [("parent_id", (i + n - 1) % n), ("other_id", (i * 7) % n)] {
                fields.push(field(
                    col,
                    SqlType::Uuid,
                    Constraints {
                        foreign_key: Some(ForeignKey {
                            entity: format!("Thing{target}"),
                            field: "id".into(),
                            on_delete: Some(OnDelete::Cascade),
                        }),
                        ..Default::default()
                    },
                ));
            }
            d.entities.push(Entity {
                name: format!("Thing{i}"),
                table: format!("thing{i}s"),
                description: format!("thing number {i}"),
                fields,
                ..Default::default()
            });
            d.indexes.push(Index {
                table: format!("Thing{i}"),
                name: format!("idx_thing{i}_name"),
                columns: vec![IndexColumn {
                    name: "name".into(),
                    descending: false,
                }],
                ..Default::default()
            });
        }
        d
    }

    #[test]
    #[ignore = "a benchmark report; run on demand"]
    fn bench_5000_entities() {
        let d = big(5000);
        let time = |label: &str, f: &dyn Fn() -> usize| {
            let t = Instant::now();
            let size = f();
            eprintln!(
                "{label:>10}: {:>7.1} ms ({size} bytes)",
                t.elapsed().as_secs_f64() * 1e3
            );
        };
        time("validate", &|| validate::problems(&d).len());
        for dl in dialect::all() {
            time(dl.name(), &|| sql::script(&d, dl).len());
        }
        time("drop", &|| sql::drop_script(&d, &dialect::Postgres).len());
        time("dbml", &|| dbml::render(&d).len());
        time("tbls", &|| tbls::render(&d, &dialect::Postgres).len());
        time("mermaid", &|| mermaid::render(&d).len());
        time("json", &|| {
            serde_json::to_string_pretty(&d).map_or(0, |s| s.len())
        });
    }
}
