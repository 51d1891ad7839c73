//! `stowage check` end to end: one fixture per rule (named after its code)
//! finds that rule, the clean document finds nothing, broken documents get
//! reader findings with a line, and every output format is well formed.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn stowage(root: &Path) -> Command {
    let mut c = Command::cargo_bin("stowage").expect("binary");
    c.current_dir(root).env("NO_COLOR", "1");
    c
}

fn json_of(file: &Path) -> (i32, serde_json::Value) {
    let out = stowage(&fixtures())
        .args(["check", "--json"])
        .arg(file)
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn clean_document_yields_nothing() {
    let (code, v) = json_of(&fixtures().join("clean.md"));
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0), "{v:#}");
}

#[test]
fn each_rule_fixture_finds_its_rule() {
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !name.starts_with('S') {
            continue;
        }
        let code = &name[..4];
        let (exit, v) = json_of(&path);
        let found = codes(&v);
        assert!(found.iter().any(|c| c == code), "{name}: {found:?}");
        let is_error = v["findings"]
            .as_array()
            .is_some_and(|a| a.iter().any(|f| f["severity"] == "error"));
        assert_eq!(exit, if is_error { 1 } else { 0 }, "{name}");
        let f = v["findings"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["code"] == code))
            .cloned()
            .unwrap_or_default();
        assert!(f["line"].as_u64().unwrap_or(0) > 0, "{name}: {f}");
        seen.push(code.to_string());
    }
    seen.sort();
    assert_eq!(seen.len(), 19, "one fixture per rule: {seen:?}");
}

#[test]
fn broken_documents_get_reader_findings_with_lines() {
    for (file, line, needle) in [
        ("reader-empty.md", 1, "empty"),
        ("reader-no-section.md", 1, "no recognisable section"),
        ("reader-broken-table.md", 20, "broken table row"),
        ("reader-not-utf8.md", 4, "UTF-8"),
    ] {
        let (exit, v) = json_of(&fixtures().join(file));
        assert_eq!(exit, 1, "{file}: {v:#}");
        let hit = v["findings"].as_array().and_then(|a| {
            a.iter()
                .find(|f| f["message"].as_str().unwrap_or("").contains(needle))
        });
        let hit = hit.unwrap_or_else(|| panic!("{file}: {v:#}"));
        assert_eq!(hit["line"].as_u64(), Some(line), "{file}: {hit}");
    }
    // A broken table does not hide the other findings.
    let (_, v) = json_of(&fixtures().join("reader-broken-table.md"));
    assert!(v["documents"][0]["system"] == "backend-shop");
}

#[test]
fn default_checks_every_document_and_text_has_a_code_frame() {
    let dir = tempfile::tempdir().expect("tmp");
    let storage = dir.path().join("docs/storage");
    std::fs::create_dir_all(&storage).expect("mkdir");
    std::fs::copy(fixtures().join("clean.md"), storage.join("shop.md")).expect("copy");
    std::fs::copy(
        fixtures().join("S005-fk-target-missing.md"),
        storage.join("orders.md"),
    )
    .expect("copy");
    let out = stowage(dir.path()).arg("check").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("docs/storage/orders.md:"), "{text}");
    assert!(text.contains("S005(fk-target-missing)"), "{text}");
    assert!(
        text.contains("FK → Product(sku)"),
        "code frame shows the line: {text}"
    );
    assert!(text.contains("in 2 documents."), "{text}");
    assert!(!text.contains('\u{1b}'), "NO_COLOR means no escapes");
    // By system name.
    stowage(dir.path()).args(["check", "shop"]).assert().code(0);
    // Unknown system: usage.
    stowage(dir.path()).args(["check", "nope"]).assert().code(2);
    stowage(dir.path()).args(["check", "../x"]).assert().code(2);
}

#[test]
fn github_and_sarif_formats() {
    let file = fixtures().join("S005-fk-target-missing.md");
    let out = stowage(&fixtures())
        .args(["check", "--format", "github"])
        .arg(&file)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("::error file="), "{text}");
    assert!(text.contains("title=S005 fk-target-missing::"), "{text}");
    let out = stowage(&fixtures())
        .args(["check", "--format", "sarif"])
        .arg(&file)
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif json");
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(19)
    );
    assert!(v["runs"][0]["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x["ruleId"] == "S005")));
}

#[test]
fn explain_prints_every_rule_doc() {
    for code in (1..=19).map(|n| format!("S{n:03}")) {
        let out = stowage(&fixtures())
            .args(["check", "--explain", &code])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{code}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(&code), "{text}");
        assert!(text.contains("Why is this bad"), "{text}");
    }
    stowage(&fixtures())
        .args(["check", "--explain", "redundant-index"])
        .assert()
        .code(0);
    stowage(&fixtures())
        .args(["check", "--explain", "S999"])
        .assert()
        .code(2);
}
