//! `stowage design` as a conversation: through a pseudo-terminal, with
//! answers files, merging into existing documents, `--force`, and `status`
//! saying `stale`. Runs the real binary on a copy of
//! tests/fixtures/converse/shop.

mod common;
use common::copy_dir;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const SHOP: &str = "backend-shop";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture("converse/shop"), dir.path());
    dir
}

fn stowage(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("stowage").unwrap();
    c.arg("-C").arg(dir).env("NO_COLOR", "1");
    c
}

fn doc(dir: &Path, system: &str) -> PathBuf {
    dir.join("docs/storage").join(format!("{system}.md"))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn design_yes(dir: &Path) -> String {
    stowage(dir)
        .args(["design", SHOP, "--yes"])
        .assert()
        .success();
    read(&doc(dir, SHOP))
}

/// Names of the `### 2.N Name` headings.
fn entities(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("### 2."))
        .filter_map(|l| l.split_once(' ').map(|(_, n)| n.trim().to_string()))
        .collect()
}

fn no_stray_files(dir: &Path) {
    let stray: Vec<_> = std::fs::read_dir(dir.join("docs/storage"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".md.bak"))
        .collect();
    assert!(stray.is_empty(), "stray files: {stray:?}");
}

// ---------------------------------------------------------------- terminal

mod pty {
    use super::*;
    use rexpect::session::PtySession;

    pub fn spawn(dir: &Path, args: &[&str]) -> PtySession {
        let bin = assert_cmd::cargo::cargo_bin("stowage");
        let mut cmd = std::process::Command::new(bin);
        cmd.arg("-C")
            .arg(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        rexpect::session::spawn_command(cmd, Some(20_000)).unwrap()
    }

    /// Moves the selection down `n` items and presses Enter.
    pub fn pick(p: &mut PtySession, n: usize) {
        p.send(&"j".repeat(n)).unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
    }

    pub fn enter(p: &mut PtySession) {
        p.send("\r").unwrap();
        p.flush().unwrap();
    }

    pub fn type_line(p: &mut PtySession, text: &str) {
        p.send(text).unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
    }

    /// Presses Enter at every choice whose prompt starts with `repeat`
    /// until the choice `until` is asked (the caller answers it). A choice
    /// being asked shows `prompt:` then `> ` on the next line; the echo of a
    /// choice made shows `prompt: answer`.
    pub fn accept_until(p: &mut PtySession, repeat: &str, until: &str) {
        use rexpect::ReadUntil;
        let asked = |prompt: &str| format!("{}[^\r\n]*:\r\n> ", regex_escape(prompt));
        loop {
            let (_, found) = p
                .exp_any(vec![
                    ReadUntil::Regex(rexpect::reader::Regex::new(&asked(until)).unwrap()),
                    ReadUntil::Regex(rexpect::reader::Regex::new(&asked(repeat)).unwrap()),
                ])
                .unwrap();
            if found.contains(&format!("{until}:")) {
                return;
            }
            enter(p);
        }
    }

    fn regex_escape(s: &str) -> String {
        s.chars()
            .flat_map(|c| {
                if c.is_alphanumeric() || c == ' ' {
                    vec![c]
                } else {
                    vec!['\\', c]
                }
            })
            .collect()
    }
}

#[test]
fn interactive_session_renames_adds_a_field_chooses_technology_and_writes() {
    let dir = fixture();
    let before = {
        let probe = fixture();
        design_yes(probe.path())
    };
    let first = entities(&before)[0].clone();
    let mut p = pty::spawn(dir.path(), &["design", SHOP]);
    p.exp_string("Does this look complete?").unwrap();
    pty::pick(&mut p, 3); // Rename an entity
    p.exp_string("Rename which entity?").unwrap();
    pty::enter(&mut p); // the first one
    p.exp_string("New name").unwrap();
    pty::type_line(&mut p, "Article");
    p.exp_string("Does this look complete?").unwrap();
    pty::enter(&mut p); // accept
    p.exp_string("Fields of Article").unwrap();
    pty::pick(&mut p, 2); // Add a field
    p.exp_string("Field name").unwrap();
    pty::type_line(&mut p, "sku");
    p.exp_string("Type").unwrap();
    pty::type_line(&mut p, "VARCHAR(32)");
    p.exp_string("Constraints").unwrap();
    pty::type_line(&mut p, "UNIQUE");
    p.exp_string("Description").unwrap();
    pty::type_line(&mut p, "Stock keeping unit");
    p.exp_string("Fields of Article").unwrap();
    pty::enter(&mut p);
    pty::accept_until(&mut p, "Fields of", "Are the relationships correct?");
    pty::enter(&mut p);
    p.exp_string("Technology for Primary DB").unwrap();
    pty::pick(&mut p, 1); // MySQL
    pty::accept_until(&mut p, "Technology for", "Are the indexes sufficient?");
    pty::enter(&mut p);
    p.exp_string("Write it?").unwrap();
    pty::enter(&mut p);
    p.exp_eof().unwrap();

    let text = read(&doc(dir.path(), SHOP));
    let names = entities(&text);
    assert_eq!(names[0], "Article", "{text}");
    assert!(!names.contains(&first), "{text}");
    assert!(
        text.contains("| sku | VARCHAR(32) | UNIQUE | Stock keeping unit"),
        "{text}"
    );
    assert!(text.contains("| Primary DB | MySQL |"), "{text}");
    no_stray_files(dir.path());
}

#[test]
fn quitting_at_the_checklist_writes_nothing() {
    let dir = fixture();
    let mut p = pty::spawn(dir.path(), &["design", SHOP]);
    p.exp_string("Does this look complete?").unwrap();
    pty::enter(&mut p);
    pty::accept_until(&mut p, "Fields of", "Are the relationships correct?");
    pty::enter(&mut p);
    pty::accept_until(&mut p, "Technology for", "Are the indexes sufficient?");
    pty::enter(&mut p);
    p.exp_string("Write it?").unwrap();
    pty::pick(&mut p, 6); // Quit without writing
    p.exp_eof().unwrap();
    assert!(!doc(dir.path(), SHOP).exists());
    assert!(
        !dir.path().join("docs/storage").exists() || no_files(&dir.path().join("docs/storage"))
    );
}

fn no_files(d: &Path) -> bool {
    std::fs::read_dir(d).unwrap().next().is_none()
}

#[test]
fn enter_all_the_way_equals_yes() {
    let dir = fixture();
    let mut p = pty::spawn(dir.path(), &["design", SHOP]);
    pty::accept_until(&mut p, "", "Write it?");
    pty::enter(&mut p);
    p.exp_eof().unwrap();
    let interactive = read(&doc(dir.path(), SHOP));
    let other = fixture();
    assert_eq!(interactive, design_yes(other.path()));
}

#[test]
fn asks_which_system_with_states_on_a_terminal() {
    let dir = fixture();
    design_yes(dir.path());
    let mut p = pty::spawn(dir.path(), &["design"]);
    p.exp_string("Which backend system do you want to design?")
        .unwrap();
    p.exp_string("All remaining (backend-notify)").unwrap();
    p.exp_string("backend-shop (present)").unwrap();
    p.exp_string("backend-notify (missing)").unwrap();
    p.send("q").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    assert!(!doc(dir.path(), "backend-notify").exists());
}

#[test]
fn without_a_terminal_choosing_is_a_usage_error() {
    let dir = fixture();
    stowage(dir.path())
        .arg("design")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SYSTEM").and(predicates::str::contains("--all")));
}

use predicates::prelude::PredicateBooleanExt;

// ----------------------------------------------------------------- answers

fn write_answers(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn answers_file_replays_decisions() {
    let dir = fixture();
    let probe = fixture();
    let base = design_yes(probe.path());
    let first = entities(&base)[0].clone();
    let answers = write_answers(
        dir.path(),
        "answers.yaml",
        &format!(
            "backend-shop:\n  entities:\n    rename: {{{first}: Article}}\n    add:\n      - name: Coupon\n        fields:\n          - {{name: code, type: VARCHAR(32), constraints: \"UNIQUE, NOT NULL\"}}\n  fields:\n    Article:\n      add:\n        - {{name: sku, type: VARCHAR(32), constraints: UNIQUE}}\n  relationships:\n    add: [\"Coupon 1 ──── N Article\"]\n  technology:\n    primary: MySQL\n    cache: none\n  indexes:\n    add:\n      - {{table: Coupon, columns: [code], type: UNIQUE, purpose: Redeem}}\n  query_patterns:\n    add:\n      - {{scenario: Redeem a coupon, frequency: High, tables: [Coupon], index: idx_coupon_code}}\n"
        ),
    );
    stowage(dir.path())
        .args(["design", SHOP, "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let text = read(&doc(dir.path(), SHOP));
    let names = entities(&text);
    assert_eq!(names[0], "Article");
    assert!(names.contains(&"Coupon".to_string()));
    assert!(text.contains("| sku | VARCHAR(32) | UNIQUE |"), "{text}");
    assert!(text.contains("Coupon 1 ──── N Article"), "{text}");
    assert!(text.contains("| Primary DB | MySQL |"), "{text}");
    assert!(
        text.contains("| Coupon | idx_coupon_code | code | UNIQUE | Redeem"),
        "{text}"
    );
    let redeem = text
        .lines()
        .find(|l| l.starts_with("| Redeem a coupon"))
        .unwrap();
    assert!(
        redeem.contains("| High | Coupon |") && redeem.ends_with("| idx_coupon_code |"),
        "{redeem}"
    );
    assert!(
        text.contains("| id | UUID | PK |"),
        "Coupon got a primary key: {text}"
    );
    // Deterministic: the same answers give the same bytes.
    let again = fixture();
    stowage(again.path())
        .args(["design", SHOP, "--answers"])
        .arg(&answers)
        .assert()
        .success();
    assert_eq!(read(&doc(again.path(), SHOP)), text);
}

#[test]
fn answers_json_too() {
    let dir = fixture();
    let answers = write_answers(
        dir.path(),
        "answers.json",
        r#"{"backend-shop": {"entities": {"add": [{"name": "Coupon"}]}}}"#,
    );
    stowage(dir.path())
        .args(["design", "--all", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    assert!(entities(&read(&doc(dir.path(), SHOP))).contains(&"Coupon".to_string()));
}

#[test]
fn answers_naming_what_does_not_exist_fail_with_lines_and_write_nothing() {
    let dir = fixture();
    let answers = write_answers(
        dir.path(),
        "answers.yaml",
        "backend-notify:\n  entities:\n    add: [{name: Outbox}]\nbackend-shop:\n  entities:\n    rename:\n      Ghost: Spirit\n  indexes:\n    drop: [idx_nope]\n",
    );
    stowage(dir.path())
        .args(["design", "--all", "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("answers.yaml:7:1: error: backend-shop: rename entity Ghost: no entity named `Ghost`")
                .and(predicates::str::contains("answers.yaml:9:1"))
                .and(predicates::str::contains("nothing was written")),
        );
    assert!(!doc(dir.path(), "backend-notify").exists());
    assert!(!doc(dir.path(), SHOP).exists());

    let bad = write_answers(dir.path(), "bad.yaml", "backend-shop:\n  entitys: {}\n");
    stowage(dir.path())
        .args(["design", "--all", "--answers"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.yaml:2"));
    let unknown = write_answers(
        dir.path(),
        "unknown.yaml",
        "backend-nope:\n  technology: {cache: none}\n",
    );
    stowage(dir.path())
        .args(["design", "--all", "--answers"])
        .arg(&unknown)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown.yaml:1:1: error: `backend-nope` is not a backend system",
        ));
    assert!(
        !dir.path().join("docs/storage").exists() || no_files(&dir.path().join("docs/storage"))
    );
}

// ------------------------------------------------------------------- merge

#[test]
fn yes_on_an_existing_document_keeps_what_people_wrote() {
    let dir = fixture();
    let original = design_yes(dir.path());
    let first = entities(&original)[0].clone();
    // Hand edits: a note, a field, an entity, an index row.
    let note = "Reviewed with the team on 2026-11-20; keep PostgreSQL.";
    let field = "| sku | VARCHAR(32) | UNIQUE | Stock keeping unit |";
    let entity = "### 2.9 Coupon\n\nTable: `coupons`\n\nDiscount codes.\n\n| Field | Type | Constraints | Description |\n|-------|------|-------------|-------------|\n| id | UUID | PK | Primary key |\n| code | VARCHAR(32) | UNIQUE, NOT NULL | Code |\n";
    let index = format!("| {first} | idx_sku | sku | UNIQUE | Scanner lookup |");
    let mut text = original.replacen(
        "## 1. Storage Selection\n",
        &format!("## 1. Storage Selection\n\n{note}\n"),
        1,
    );
    let first_table_end = {
        let start = text.find(&format!(" {first}\n")).unwrap();
        text[start..].find("\n\n###").map(|i| i + start).unwrap()
    };
    text.insert_str(first_table_end, &format!("\n{field}"));
    let rel = text.find("## 3. Entity Relationships").unwrap();
    text.insert_str(rel, &format!("{entity}\n"));
    let ix_header = text
        .find("|-------|-------|--------|------|---------|\n")
        .unwrap()
        + "|-------|-------|--------|------|---------|\n".len();
    text.insert_str(ix_header, &format!("{index}\n"));
    std::fs::write(doc(dir.path(), SHOP), &text).unwrap();

    stowage(dir.path())
        .args(["design", SHOP, "--yes"])
        .assert()
        .success();
    let after = read(&doc(dir.path(), SHOP));
    assert!(
        after.contains(&format!("## 1. Storage Selection\n\n{note}\n")),
        "{after}"
    );
    assert!(after.contains(field), "{after}");
    assert!(
        after.contains(&entity.replace("2.9", &format!("2.{}", entities(&original).len() + 1))),
        "{after}"
    );
    assert!(after.contains(&index), "{after}");
    // Merging again changes nothing.
    stowage(dir.path())
        .args(["design", SHOP, "--yes"])
        .assert()
        .success();
    assert_eq!(read(&doc(dir.path(), SHOP)), after);
    no_stray_files(dir.path());
}

#[test]
fn force_replaces_and_keeps_a_backup() {
    let dir = fixture();
    let original = design_yes(dir.path());
    let edited = original.replacen(
        "## 1. Storage Selection\n",
        "## 1. Storage Selection\n\nHand note.\n",
        1,
    );
    std::fs::write(doc(dir.path(), SHOP), &edited).unwrap();
    stowage(dir.path())
        .args(["design", SHOP, "--yes", "--force"])
        .assert()
        .success();
    assert_eq!(read(&doc(dir.path(), SHOP)), original);
    assert_eq!(
        read(&dir.path().join("docs/storage/backend-shop.md.bak")),
        edited
    );
}

// ------------------------------------------------------------------- stale

fn state(dir: &Path, system: &str) -> String {
    let out = stowage(dir).args(["status", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let systems = v["systems"].as_array().unwrap();
    let s = systems.iter().find(|s| s["name"] == system).unwrap();
    s["storage"]["state"]
        .as_str()
        .or_else(|| s["state"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn stale_after_a_requirement_changes_not_after_a_hand_edit() {
    let dir = fixture();
    let text = design_yes(dir.path());
    assert_eq!(state(dir.path(), SHOP), "present");
    std::fs::write(
        doc(dir.path(), SHOP),
        text.replacen(
            "## 1. Storage Selection\n",
            "## 1. Storage Selection\n\nHand note.\n",
            1,
        ),
    )
    .unwrap();
    assert_eq!(state(dir.path(), SHOP), "present");
    let req = dir.path().join("docs/requirements.md");
    let mut r = read(&req);
    r.push_str("\n### US-005: Wish list\n- **Role**: As a customer\n- **Goal**: I want to keep a wish list of products\n- **Value**: So that I can buy them later\n");
    std::fs::write(&req, r).unwrap();
    assert_eq!(state(dir.path(), SHOP), "stale");
    // Designing again (merge) brings it up to date.
    design_yes(dir.path());
    assert_eq!(state(dir.path(), SHOP), "present");
}

// ------------------------------------------------------------------ atomic

#[test]
fn a_failed_write_leaves_the_other_documents_and_no_stray_file() {
    let dir = fixture();
    let original = design_yes(dir.path());
    // A folder where the document should go: the final rename fails.
    let blocked = doc(dir.path(), "backend-notify");
    std::fs::create_dir_all(blocked.join("x")).unwrap();
    stowage(dir.path())
        .args(["design", "backend-notify", "--yes"])
        .assert()
        .failure();
    assert_eq!(read(&doc(dir.path(), SHOP)), original);
    assert!(blocked.is_dir());
    no_stray_files(dir.path());
}
