//! The generated benchmark inputs (examples/gen) are inputs stowage reads
//! cleanly: a small generated project designs without warnings and its
//! documents pass `check`; the generated storage document passes `check`
//! and exports.

#[path = "../examples/gen/mod.rs"]
mod gen;

use assert_cmd::Command;

fn stowage(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("stowage")
        .unwrap()
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_generated_project_designs_and_checks_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let size = gen::ProjectSize {
        systems: 3,
        stories: 40,
        seed: 1,
    };
    gen::write_project(dir.path(), &size).unwrap();

    let out = stowage(dir.path(), &["design", "--all", "--yes"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "design failed:\n{stderr}");
    assert!(!stderr.contains("warning"), "design warned:\n{stderr}");
    let docs: Vec<_> = std::fs::read_dir(dir.path().join("docs/storage"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(docs.len(), 3, "one document per backend system: {docs:?}");

    let out = stowage(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "check failed: {report:#}");
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    assert_eq!(report["summary"]["documents"], 3);

    // Every story the generator wrote is read as a story.
    let out = stowage(dir.path(), &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["prerequisites"]["requirements"]["stories"], 40);
    assert_eq!(status["systems"].as_array().unwrap().len(), 3);
}

#[test]
fn the_generator_is_deterministic_and_the_seed_matters() {
    let size = gen::ProjectSize {
        systems: 4,
        stories: 30,
        seed: 7,
    };
    assert_eq!(gen::project(&size), gen::project(&size));
    let other = gen::ProjectSize { seed: 8, ..size };
    assert_ne!(gen::project(&size), gen::project(&other));
}

#[test]
fn a_generated_storage_document_checks_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    gen::write_storage(dir.path(), 30).unwrap();

    let out = stowage(dir.path(), &["check", "backend-big", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");

    let out = stowage(dir.path(), &["export", "backend-big", "--to", "postgres"]);
    assert!(out.status.success());
    let sql = String::from_utf8_lossy(&out.stdout);
    assert_eq!(sql.matches("CREATE TABLE").count(), 30);

    let out = stowage(dir.path(), &["verify", "backend-big", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["patterns"], 30);
    assert_eq!(report["summary"]["served"], 30, "{report:#}");
}
