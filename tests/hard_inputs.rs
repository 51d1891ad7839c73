//! Hostile and broken inputs on real files: each gets a clear error or a
//! correct result, never a panic, never a write outside docs/storage/.

mod common;
use common::{copy_dir, fixture};

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

/// A scratch copy of the English design fixture, inside a parent folder so
/// that writes escaping the project are visible too.
struct Project {
    outer: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let outer = tempfile::tempdir().unwrap();
        copy_dir(&fixture("design/english"), &outer.path().join("a/b/proj"));
        Project { outer }
    }
    fn root(&self) -> PathBuf {
        self.outer.path().join("a/b/proj")
    }
    fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    fn run(&self, args: &[&str]) -> Outcome {
        let out = Command::cargo_bin("stowage")
            .unwrap()
            .arg("-C")
            .arg(self.root())
            .args(args)
            .output()
            .unwrap();
        let o = Outcome {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(
            !o.stderr.contains("panicked") && matches!(o.code, Some(0..=2)),
            "{args:?}: exit {:?}\n{}",
            o.code,
            o.stderr
        );
        o
    }
    /// Every file under the outer folder that is not an input we wrote.
    fn files(&self) -> Vec<String> {
        fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
            for e in fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else {
                    out.push(p.strip_prefix(base).unwrap().display().to_string());
                }
            }
        }
        let mut out = Vec::new();
        walk(self.outer.path(), self.outer.path(), &mut out);
        out.sort();
        out
    }
    fn storage_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.starts_with("a/b/proj/docs/storage/"))
            .collect()
    }
}

#[derive(Debug)]
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Deterministic noise (xorshift), so a failure reproduces.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn oversized_requirements_are_refused_by_name_and_flag() {
    let p = Project::new();
    let path = p.root().join("docs/requirements.md");
    // Sparse: 100 MB on paper, nothing on disk.
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let o = p.run(&["design", "--all", "--yes"]);
    assert_eq!(o.code, Some(2), "{o:?}");
    assert!(o.stderr.contains("requirements.md"), "{}", o.stderr);
    assert!(o.stderr.contains("--max-file-size"), "{}", o.stderr);
    assert!(p.storage_files().is_empty(), "{:?}", p.files());
}

#[test]
fn random_bytes_in_every_input_never_panic() {
    for (i, rel) in [
        "docs/requirements.md",
        "docs/architecture.md",
        "docs/api-contracts/backend-tasks.yaml",
    ]
    .into_iter()
    .enumerate()
    {
        let p = Project::new();
        p.write(rel, &noise(64 * 1024, 0x9e37_79b9 + i as u64));
        p.run(&["status"]);
        p.run(&["design", "--all", "--yes"]);
        p.run(&["check"]);
    }
    // A storage document of noise, for the commands that read it.
    let p = Project::new();
    p.write("docs/storage/backend-tasks.md", &noise(64 * 1024, 7));
    p.run(&["check"]);
    p.run(&["export", "backend-tasks", "--to", "postgres"]);
    p.run(&["verify", "backend-tasks"]);
}

#[test]
fn invalid_utf8_in_the_middle_names_file_and_line() {
    let p = Project::new();
    let mut text = fs::read(p.root().join("docs/requirements.md")).unwrap();
    let lines_before = 4;
    let at = text
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(lines_before - 1)
        .map(|(i, _)| i + 1)
        .unwrap();
    text.splice(at..at, b"broken \xff\xfe bytes\n".iter().copied());
    p.write("docs/requirements.md", &text);
    let o = p.run(&["design", "--all", "--yes"]);
    assert_ne!(o.code, Some(0), "{o:?}");
    assert!(
        o.stderr
            .contains(&format!("requirements.md:{}", lines_before + 1)),
        "{}",
        o.stderr
    );
    assert!(p.storage_files().is_empty(), "{:?}", p.files());
}

#[test]
fn yaml_alias_bomb_contract_is_skipped_with_a_warning() {
    let p = Project::new();
    let mut bomb = String::from("openapi: 3.0.3\nx:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("  {}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    bomb.push_str("paths: {}\n");
    p.write("docs/api-contracts/backend-tasks.yaml", bomb.as_bytes());
    let o = p.run(&["design", "--all", "--yes", "-v"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    assert!(
        o.stderr.contains("backend-tasks.yaml") && o.stderr.contains("aliases"),
        "{}",
        o.stderr
    );
    assert_eq!(
        p.storage_files(),
        ["a/b/proj/docs/storage/backend-tasks.md"]
    );
}

#[test]
fn ten_thousand_deep_contract_is_skipped_with_a_warning() {
    let p = Project::new();
    let depth = 10_000;
    let mut deep = String::from("openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    Deep: ");
    deep.push_str(&"{type: object, properties: {p: ".repeat(depth));
    deep.push_str("{type: string}");
    deep.push_str(&"}}".repeat(depth));
    deep.push('\n');
    p.write("docs/api-contracts/backend-tasks.yaml", deep.as_bytes());
    let o = p.run(&["design", "--all", "--yes", "-v"]);
    assert_eq!(o.code, Some(0), "{o:?}");
    assert!(o.stderr.contains("nested deeper than"), "{}", o.stderr);
    assert_eq!(
        p.storage_files(),
        ["a/b/proj/docs/storage/backend-tasks.md"]
    );
}

/// Quotes, semicolons and a line break (`<br>`) in entity, table, field and
/// index names: the DDL either parses as exactly the declared tables or is
/// refused; nothing else runs.
#[test]
fn hostile_names_in_a_storage_document_never_break_out() {
    let clean = fs::read_to_string(fixture("check/clean.md")).unwrap();
    let hostile = clean
        .replace(
            "Table: `customers`",
            "Table: `cust\"omers\"; DROP TABLE x; --`",
        )
        .replace("| email |", "| em'ail\"); DELETE FROM y; -- |")
        .replace("| title |", "| ti<br>tle |")
        .replace("### 2.3 Product", "### 2.3 Pro\"duct;");
    let p = Project::new();
    p.write("docs/storage/backend-shop.md", hostile.as_bytes());
    p.run(&["check", "backend-shop"]);
    for (to, dialect) in [
        (
            "postgres",
            &sqlparser::dialect::PostgreSqlDialect {} as &dyn sqlparser::dialect::Dialect,
        ),
        ("sqlite", &sqlparser::dialect::SQLiteDialect {}),
    ] {
        let o = p.run(&["export", "backend-shop", "--to", to]);
        if o.code != Some(0) {
            assert!(!o.stderr.trim().is_empty(), "refused without a word");
            continue;
        }
        let statements = sqlparser::parser::Parser::parse_sql(dialect, &o.stdout)
            .unwrap_or_else(|e| panic!("{to}: {e}\n{}", o.stdout));
        for s in &statements {
            let text = s.to_string().to_uppercase();
            assert!(
                text.starts_with("CREATE") || text.starts_with("COMMENT"),
                "{to}: a name broke out into `{s}`"
            );
        }
    }
    p.run(&["verify", "backend-shop"]);
    assert_eq!(
        p.storage_files(),
        ["a/b/proj/docs/storage/backend-shop.md"],
        "{:?}",
        p.files()
    );
}

#[test]
fn system_named_dot_dot_etc_writes_nothing_outside_docs_storage() {
    let p = Project::new();
    let arch = fs::read_to_string(p.root().join("docs/architecture.md"))
        .unwrap()
        .replace("backend-tasks", "../../etc");
    p.write("docs/architecture.md", arch.as_bytes());
    let before = p.files();
    p.run(&["status"]);
    p.run(&["design", "--all", "--yes"]);
    p.run(&["design", "../../etc", "--yes"]);
    let written: Vec<String> = p
        .files()
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    for f in &written {
        assert!(
            f.starts_with("a/b/proj/docs/storage/") && !f.contains(".."),
            "written outside docs/storage/: {f}"
        );
    }
}

#[test]
fn crlf_and_bom_everywhere_give_the_same_result_as_lf() {
    let lf = Project::new();
    let crlf = Project::new();
    for rel in [
        "docs/requirements.md",
        "docs/architecture.md",
        "docs/api-contracts/backend-tasks.yaml",
    ] {
        let text = fs::read_to_string(lf.root().join(rel)).unwrap();
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(text.replace('\n', "\r\n").into_bytes());
        crlf.write(rel, &bytes);
    }
    let a = lf.run(&["design", "--all", "--yes"]);
    let b = crlf.run(&["design", "--all", "--yes"]);
    assert_eq!(a.code, Some(0), "{a:?}");
    assert_eq!((a.code, &a.stdout), (b.code, &b.stdout));
    let doc = "docs/storage/backend-tasks.md";
    let want = fs::read_to_string(lf.root().join(doc)).unwrap();
    assert_eq!(want, fs::read_to_string(crlf.root().join(doc)).unwrap());
    // The written document itself, in CRLF with a BOM, checks and exports alike.
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(want.replace('\n', "\r\n").into_bytes());
    crlf.write(doc, &bytes);
    for args in [
        &["check", "backend-tasks"][..],
        &["export", "backend-tasks", "--to", "postgres"],
    ] {
        let a = lf.run(args);
        let b = crlf.run(args);
        assert_eq!((a.code, a.stdout), (b.code, b.stdout), "{args:?}");
    }
}

#[test]
fn ten_thousand_columns_check_and_export() {
    let mut doc = String::from("# backend-wide Storage Design\n\n## 1. Storage Selection\n\n| Storage Type | Technology | Purpose | Reason |\n|---|---|---|---|\n| Primary DB | PostgreSQL | Business data | Relational (arch:backend-wide) |\n\n## 2. Core Entities\n\n### 2.1 Wide\n\nTable: `wides`\n\n| Field | Type | Constraints | Description |\n|---|---|---|---|\n| id | BIGINT | PK | |\n");
    for i in 0..10_000 {
        doc.push_str(&format!("| c{i} | VARCHAR(20) | | |\n"));
    }
    let p = Project::new();
    p.write("docs/storage/backend-wide.md", doc.as_bytes());
    p.run(&["check", "backend-wide"]);
    let o = p.run(&["export", "backend-wide", "--to", "postgres"]);
    if o.code == Some(0) {
        assert!(o.stdout.contains("\"c9999\" VARCHAR(20)"), "{}", o.stdout);
    } else {
        assert!(!o.stderr.trim().is_empty());
    }
}
