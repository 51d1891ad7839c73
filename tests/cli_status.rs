//! `stowage status` end to end: real files in fixture folders and temporary
//! projects, the binary run with assert_cmd.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn stowage() -> Command {
    let mut cmd = Command::cargo_bin("stowage").unwrap();
    cmd.env_remove("STOWAGE_DB").env("NO_COLOR", "1");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/status")
        .join(name)
}

fn status_json(root: &Path) -> Value {
    let out = stowage()
        .arg("-C")
        .arg(root)
        .args(["status", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("status --json prints JSON")
}

fn backend_names(v: &Value) -> Vec<String> {
    v["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// A project in a temporary folder with the given files.
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in files {
        let p = dir.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }
    dir
}

const REQ: &[u8] = b"# Requirements\n\n## User Stories\n\n### US-001: Save\n- **Role**: As a user\n- **Goal**: I want to save a note\n- **Value**: So that I keep it\n";
const ARCH: &[u8] = b"# Architecture\n\n## System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| web | Frontend | UI | React |\n| backend-notes | Backend | Notes | Go |\n";

#[test]
fn fixtures_list_their_backends_in_order() {
    for name in ["mixed-zh", "details-only"] {
        let root = fixture(name);
        let expected: Value =
            serde_json::from_str(&fs::read_to_string(root.join("expected.json")).unwrap()).unwrap();
        let v = status_json(&root);
        assert_eq!(
            backend_names(&v),
            strings(&expected["backend_systems"]),
            "{name}"
        );
        let missing: Vec<String> = v["prerequisites"]["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["found"] == false)
            .map(|c| c["path"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(missing, strings(&expected["missing_contracts"]), "{name}");
        for s in v["systems"].as_array().unwrap() {
            assert_eq!(s["storage"]["state"], "missing");
        }
    }
}

#[test]
fn json_shape() {
    let v = status_json(&fixture("mixed-zh"));
    let p = &v["prerequisites"];
    assert_eq!(p["requirements"]["path"], "docs/requirements.md");
    assert_eq!(p["requirements"]["found"], true);
    assert_eq!(p["requirements"]["stories"], 3);
    assert_eq!(p["architecture"]["systems"], 5);
    assert_eq!(p["architecture"]["backends"], 3);
    let booking = &v["systems"][0];
    assert_eq!(booking["type"], "后端");
    assert_eq!(booking["responsibility"], "会员、时段、预约");
    assert_eq!(booking["tech_stack"], "Go + Gin + sqlx + PostgreSQL");
    assert_eq!(
        booking["contract"]["path"],
        "docs/api-contracts/backend-booking.yaml"
    );
    assert_eq!(booking["contract"]["found"], true);
    assert_eq!(
        booking["storage"]["path"],
        "docs/storage/backend-booking.md"
    );
    assert_eq!(booking["line"], 10);
    let others: Vec<_> = v["other_systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap(), o["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        others,
        vec![("kitchen-web", "frontend"), ("payments", "other")]
    );
    assert!(v["warnings"].is_array());
}

#[test]
fn shared_examples_match_their_gold_when_present() {
    // ../shared is a development aid that a fresh clone does not have.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/examples");
    let Ok(dirs) = fs::read_dir(&root) else {
        eprintln!("skipped: {} not found", root.display());
        return;
    };
    let mut seen = 0;
    for d in dirs.flatten() {
        let Ok(gold) = fs::read_to_string(d.path().join("gold.json")) else {
            continue;
        };
        let gold: Value = serde_json::from_str(&gold).unwrap();
        let v = status_json(&d.path());
        assert_eq!(
            backend_names(&v),
            strings(&gold["backend_systems"]),
            "{}",
            d.path().display()
        );
        seen += 1;
    }
    assert!(seen >= 3, "expected the three shared examples");
}

#[test]
fn bundled_example_has_one_backend_and_no_storage_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for d in fs::read_dir(&root).unwrap().flatten() {
        if !d.path().join("docs/architecture.md").is_file() {
            continue;
        }
        let v = status_json(&d.path());
        assert!(!backend_names(&v).is_empty());
        assert_eq!(v["warnings"].as_array().unwrap().len(), 0, "{v}");
        for c in v["prerequisites"]["contracts"].as_array().unwrap() {
            assert_eq!(c["found"], true);
        }
        assert!(!d.path().join("docs/storage").exists());
        seen += 1;
    }
    assert!(seen >= 1, "the README quickstart needs a bundled example");
}

#[test]
fn text_report_names_state_and_next_step() {
    let dir = project(&[
        ("docs/requirements.md", REQ),
        ("docs/architecture.md", ARCH),
    ]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "backend-notes  missing  docs/storage/backend-notes.md",
        ))
        .stdout(predicate::str::contains(
            "missing  docs/api-contracts/backend-notes.yaml",
        ))
        .stdout(predicate::str::contains(
            "Next: stowage design backend-notes",
        ));
    fs::create_dir_all(dir.path().join("docs/storage")).unwrap();
    fs::write(dir.path().join("docs/storage/backend-notes.md"), "# x\n").unwrap();
    let v = status_json(dir.path());
    assert_eq!(v["systems"][0]["storage"]["state"], "invalid");
    fs::write(
        dir.path().join("docs/storage/backend-notes.md"),
        include_str!("fixtures/check/clean.md"),
    )
    .unwrap();
    let v = status_json(dir.path());
    assert_eq!(v["systems"][0]["storage"]["state"], "present");
}

#[test]
fn missing_requirements_names_the_file_and_stage() {
    let dir = project(&[("docs/architecture.md", ARCH)]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "docs/requirements.md not found: run the requirements stage first",
        ));
}

#[test]
fn missing_architecture_names_the_file_and_stage() {
    let dir = project(&[("docs/requirements.md", REQ)]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .args(["status", "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "docs/architecture.md not found: run the architecture stage first; it must list the backend systems",
        ));
}

#[test]
fn no_backend_says_what_was_looked_for() {
    let arch = b"# Architecture\n\n| System | Type |\n|---|---|\n| web | Frontend |\n";
    let dir = project(&[
        ("docs/requirements.md", REQ),
        ("docs/architecture.md", arch),
    ]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no backend system found"))
        .stderr(predicate::str::contains(
            "System List table with a Type column",
        ))
        .stderr(predicate::str::contains("System Details"));
}

#[test]
fn non_utf8_file_is_a_clear_error() {
    let dir = project(&[
        ("docs/requirements.md", b"# Requirements\n\xff\xfe broken\n"),
        ("docs/architecture.md", ARCH),
    ]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .arg("status")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "requirements.md:2: not valid UTF-8",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn too_large_file_is_a_clear_error() {
    let dir = project(&[
        ("docs/requirements.md", REQ),
        ("docs/architecture.md", ARCH),
    ]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .args(["--max-file-size", "100", "status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("requirements.md"))
        .stderr(predicate::str::contains("larger than the 100-byte cap"))
        .stderr(predicate::str::contains("--max-file-size"));
}

#[test]
fn bad_contract_is_a_warning_and_the_system_is_still_listed() {
    let dir = project(&[
        ("docs/requirements.md", REQ),
        ("docs/architecture.md", ARCH),
        (
            "docs/api-contracts/backend-notes.yaml",
            b"\xff\x00 not text",
        ),
    ]);
    let v = status_json(dir.path());
    assert_eq!(backend_names(&v), vec!["backend-notes"]);
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["file"] == "docs/api-contracts/backend-notes.yaml"),
        "{warnings:?}"
    );
}

#[test]
fn reader_warnings_go_to_stderr_with_verbose_only() {
    let arch = b"# Architecture\n\n## System List\n\n| System | Type |\n|---|---|\n| backend-notes | Backend |\n| backend-odd | |\n";
    let dir = project(&[
        ("docs/requirements.md", REQ),
        ("docs/architecture.md", arch),
    ]);
    stowage()
        .arg("-C")
        .arg(dir.path())
        .arg("status")
        .assert()
        .success()
        .stderr("")
        .stdout(predicate::str::contains(
            "1 reader warning (run with -v to see it)",
        ));
    stowage()
        .arg("-C")
        .arg(dir.path())
        .args(["status", "-v"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "docs/architecture.md:8:1: warning: system backend-odd has an empty Type cell",
        ));
    let v = status_json(dir.path());
    assert_eq!(v["warnings"][0]["line"], 8);
}
