//! `stowage design`: the non-interactive path on real files.

mod common;
use common::copy_dir;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    common::fixture(&format!("design/{name}"))
}

/// A scratch copy of a fixture project.
fn project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

fn stowage(root: &Path) -> Command {
    let mut c = Command::cargo_bin("stowage").unwrap();
    c.arg("-C").arg(root);
    c
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const ARCH_ONE: &str = "# System Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| backend-notes | Backend | Owns notebooks and their notes | Go + sqlx |\n\n## 3. System Details\n\n### 3.1 backend-notes\n\n- Responsibility boundary: owns notebooks and their notes.\n- Storage design: docs/storage/backend-notes.md\n";

#[test]
fn english_project_gets_a_document_with_evidence() {
    let dir = project("english");
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "wrote docs/storage/backend-tasks.md",
        ));
    let doc = fs::read_to_string(dir.path().join("docs/storage/backend-tasks.md")).unwrap();
    for want in [
        "## 1. Storage Selection",
        "## 5. Query Pattern Analysis",
        "### 2.1 User",
        "password_hash",
        "FK → Project(id)",
        "Project 1 ──── N Task",
        "uq_users_email",
        "project_id, due_date",
        "US-001",
        "api:GET /api/v1/projects/{project_id}/tasks",
        "stowage: inputs=sha256:",
    ] {
        assert!(doc.contains(want), "missing {want:?} in\n{doc}");
    }
    // JWT without a session table and an in-process limiter: no cache.
    assert!(!doc.contains("Redis"), "{doc}");
    // A plain password is never stored.
    assert!(!doc.contains("| password |"), "{doc}");
}

#[test]
fn english_document_snapshot() {
    let dir = project("english");
    let out = stowage(dir.path())
        .args(["design", "backend-tasks", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("english_backend_tasks", text);
    assert!(
        !dir.path().join("docs/storage").exists(),
        "--dry-run wrote something"
    );
}

#[test]
fn existing_document_is_kept_without_force_and_backed_up_with_it() {
    let dir = project("english");
    let doc = dir.path().join("docs/storage/backend-tasks.md");
    write(
        dir.path(),
        "docs/storage/backend-tasks.md",
        "# hand written\n",
    );
    // --all means "all remaining": nothing to do.
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&doc).unwrap(), "# hand written\n");
    // Naming it with --yes merges the proposal in (the conversation's
    // merge: everything already there is kept) and keeps the old file.
    stowage(dir.path())
        .args(["design", "backend-tasks", "--yes"])
        .assert()
        .success();
    let merged = fs::read_to_string(&doc).unwrap();
    assert!(merged.contains("### 2.1 User"), "{merged}");
    assert_eq!(
        fs::read_to_string(dir.path().join("docs/storage/backend-tasks.md.bak")).unwrap(),
        "# hand written\n"
    );
    // --force replaces it and keeps the old one.
    stowage(dir.path())
        .args(["design", "backend-tasks", "--yes", "--force"])
        .assert()
        .success();
    assert!(fs::read_to_string(&doc).unwrap().contains("### 2.1 User"));
    assert_eq!(
        fs::read_to_string(dir.path().join("docs/storage/backend-tasks.md.bak")).unwrap(),
        merged
    );
}

#[test]
fn without_a_terminal_and_without_yes_it_is_a_usage_error() {
    let dir = project("english");
    stowage(dir.path())
        .arg("design")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--all").and(predicate::str::contains("SYSTEM")));
    stowage(dir.path())
        .args(["design", "--all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes"));
    assert!(!dir.path().join("docs/storage").exists());
}

#[test]
fn unknown_or_unsafe_system_names_are_refused() {
    let dir = project("english");
    stowage(dir.path())
        .args(["design", "backend-nope", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("backend-tasks"));
    stowage(dir.path())
        .args(["design", "../escape", "--yes"])
        .assert()
        .code(2);
    assert!(!dir.path().join("docs/escape.md").exists());
}

#[test]
fn json_report_has_a_stable_shape() {
    let dir = project("english");
    let out = stowage(dir.path())
        .args(["--json", "design", "--all", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v["systems"][0];
    assert_eq!(first["system"], "backend-tasks");
    assert_eq!(first["action"], "written");
    assert_eq!(first["path"], "docs/storage/backend-tasks.md");
    assert!(first["entities"].as_u64().unwrap() >= 4);
    assert_eq!(first["storage"][0], "PostgreSQL");
}

#[test]
fn chinese_project_uses_the_chosen_database_and_english_names() {
    let dir = project("chinese");
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no API contract"));
    let doc = fs::read_to_string(dir.path().join("docs/storage/backend-shop.md")).unwrap();
    assert!(doc.contains("| MySQL |"), "{doc}");
    assert!(doc.contains("### 2.1 "), "{doc}");
    // Entity headings are English identifiers, never Chinese or pinyin.
    for line in doc.lines().filter(|l| l.starts_with("### 2.")) {
        let name = line.split_whitespace().last().unwrap();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{line}");
    }
    assert!(doc.contains("Product"), "{doc}");
    assert!(doc.contains("Order"), "{doc}");
}

#[test]
fn contract_only_project_is_designed_from_the_contract() {
    let dir = project("contract-only");
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no user stories"));
    let doc = fs::read_to_string(dir.path().join("docs/storage/backend-inventory.md")).unwrap();
    for want in [
        "### 2.1 Warehouse",
        "StockLevel",
        "uq_products_sku",
        "Warehouse 1 ──── N StockLevel",
        "DECIMAL(12,2)",
    ] {
        assert!(doc.contains(want), "missing {want:?} in\n{doc}");
    }
}

#[test]
fn empty_requirements_still_give_an_honest_document() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/requirements.md", "");
    write(dir.path(), "docs/architecture.md", ARCH_ONE);
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("no user stories")
                .and(predicate::str::contains("no API contract")),
        );
    let doc = fs::read_to_string(dir.path().join("docs/storage/backend-notes.md")).unwrap();
    assert!(doc.contains("## 1. Storage Selection"), "{doc}");
    // Only what the responsibility names, each with its evidence.
    assert!(
        doc.contains("Notebook") && doc.contains("arch:backend-notes"),
        "{doc}"
    );
    assert!(
        !doc.contains("Redis") && !doc.contains("Elasticsearch"),
        "{doc}"
    );
}

#[test]
fn stories_outside_the_template_and_a_contract_without_schemas_do_not_break_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "docs/requirements.md",
        "# Requirements\n\nWe need notes. Users write notes in notebooks and search them.\n\n## Stories\n\n* a user can create a notebook\n* notes have a title\n",
    );
    write(dir.path(), "docs/architecture.md", ARCH_ONE);
    write(
        dir.path(),
        "docs/api-contracts/backend-notes.yaml",
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /health:\n    get:\n      responses:\n        '200': {description: ok}\n",
    );
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let doc = fs::read_to_string(dir.path().join("docs/storage/backend-notes.md")).unwrap();
    assert!(doc.contains("## 2. Core Entities"), "{doc}");
}

#[test]
fn every_proposed_entity_field_and_index_carries_evidence() {
    for name in ["english", "chinese", "contract-only"] {
        let root = fixture(name);
        let project = stowage::input::load_project(&root, Default::default()).unwrap();
        for system in project.architecture.backends() {
            let p = stowage::propose::propose(
                &project,
                &system.name,
                stowage::knowledge::Knowledge::builtin(),
            );
            for e in &p.design.entities {
                assert!(!e.sources.is_empty(), "{name}: {} has no source", e.name);
                for f in &e.fields {
                    assert!(
                        !f.sources.is_empty(),
                        "{name}: {}.{} has no source",
                        e.name,
                        f.name
                    );
                }
            }
            for i in &p.design.indexes {
                assert!(!i.sources.is_empty(), "{name}: {} has no source", i.name);
            }
            for s in &p.design.storage {
                assert!(
                    !s.reason.is_empty() && !s.sources.is_empty(),
                    "{name}: {} has no reason",
                    s.technology
                );
            }
        }
    }
}

#[test]
fn inputs_digest_changes_with_the_inputs() {
    let dir = project("english");
    let a = stowage::propose::inputs_digest(dir.path(), "backend-tasks");
    assert!(a.starts_with("sha256:") && a.len() == 7 + 64);
    write(
        dir.path(),
        "docs/api-contracts/backend-tasks.yaml",
        "openapi: 3.0.3\n",
    );
    let b = stowage::propose::inputs_digest(dir.path(), "backend-tasks");
    assert_ne!(a, b);
    assert_eq!(
        b,
        stowage::propose::inputs_digest(dir.path(), "backend-tasks")
    );
}

/// A uniqueness sentence about one entity must not make the same-named field
/// of another entity unique.
#[test]
fn unique_in_a_sentence_applies_to_the_entity_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "docs/requirements.md",
        "# Project Requirements\n\n## 2. User Stories\n\n### US-001: Catalogue\n- **Role**: As a coordinator\n- **Goal**: I want to add notebooks with a name to categories\n- **Value**: So that people find them\n- **Acceptance Criteria**:\n  - [ ] Categories have a unique name.\n",
    );
    write(root, "docs/architecture.md", ARCH_ONE);
    write(
        root,
        "docs/api-contracts/backend-notes.yaml",
        "openapi: 3.0.3\ninfo: {title: notes, version: '1'}\npaths:\n  /api/v1/notebooks:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Notebook'}\ncomponents:\n  schemas:\n    Category:\n      type: object\n      required: [id, name]\n      properties:\n        id: {type: string, format: uuid}\n        name: {type: string, maxLength: 50}\n    Notebook:\n      type: object\n      required: [id, name, category_id]\n      properties:\n        id: {type: string, format: uuid}\n        name: {type: string, maxLength: 120}\n        category_id: {type: string, format: uuid}\n",
    );
    stowage(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let doc = fs::read_to_string(root.join("docs/storage/backend-notes.md")).unwrap();
    let row = |entity: &str| {
        let section = doc
            .split("\n### ")
            .find(|s| s.contains(&format!(" {entity}\n")))
            .unwrap_or_else(|| panic!("no {entity} section in\n{doc}"));
        section
            .lines()
            .find(|l| l.starts_with("| name |"))
            .unwrap_or_else(|| panic!("no name row for {entity} in\n{doc}"))
            .to_string()
    };
    assert!(row("Category").contains("UNIQUE"), "{doc}");
    assert!(!row("Notebook").contains("UNIQUE"), "{doc}");
}

/// A secret a response hands out ("the payment's client secret") is not a
/// credential: no `secret_hash`, and the entity holding it is not the
/// signed-in principal that other ids point at.
#[test]
fn a_secret_in_a_response_is_not_a_credential() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", "# Requirements\n\n## 2. User Stories\n\n### US-001: Place an order\n- **Role**: As a customer\n- **Goal**: I want to place an order and pay for it\n- **Value**: So that food arrives\n");
    write(
        root,
        "docs/architecture.md",
        &ARCH_ONE
            .replace("backend-notes", "backend-orders")
            .replace("notebooks and their notes", "orders and payments"),
    );
    write(
        root,
        "docs/api-contracts/backend-orders.yaml",
        r#"openapi: 3.0.3
info: {title: orders, version: "1"}
paths:
  /api/v1/orders:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderInput'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    OrderInput:
      type: object
      required: [restaurant_id]
      properties:
        restaurant_id: {type: string, format: uuid}
    Order:
      type: object
      required: [id, customer_id, restaurant_id]
      properties:
        id: {type: string, format: uuid}
        customer_id: {type: string, format: uuid}
        courier_id: {type: string, format: uuid}
        restaurant_id: {type: string, format: uuid}
        payment_client_secret: {type: string, description: Returned once after checkout}
"#,
    );
    stowage(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let doc = fs::read_to_string(root.join("docs/storage/backend-orders.md")).unwrap();
    assert!(!doc.contains("secret_hash"), "{doc}");
    assert!(!doc.contains("FK → Order(id)"), "{doc}");
}

/// Text about what a system says it does not store goes to the system that
/// does: the live-position keys land in the dispatch system only, named
/// after what moves, with the decision's expiry rather than the update
/// interval.
#[test]
fn disowned_data_goes_to_the_system_that_owns_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", "# Requirements\n\n## 2. User Stories\n\n### US-001: Sign in\n- **Role**: As a driver\n- **Goal**: I want to sign in with my email and password\n- **Value**: So that I can work\n\n### US-002: Share my position\n- **Role**: As a driver\n- **Goal**: I want to go online and share my position\n- **Value**: So that I get jobs\n- **Acceptance Criteria**:\n  - [ ] The app sends one update every 5 seconds.\n\n## 4. Non-Functional Requirements\n\n### Security\n- Driver positions are personal data: only the latest position is held and it is deleted when the driver goes offline.\n");
    write(root, "docs/architecture.md", "# Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| backend-identity | Backend | Driver accounts and sign-in | Go |\n| backend-dispatch | Backend | Jobs, driver availability and live positions | Go |\n\n### 1.2 Key Decisions\n\n| Decision | Options | Choice | Reason |\n|---|---|---|---|\n| Latest positions | Main database; in-memory store with geo queries | In-memory store with geo queries, key per driver with a 90-second expiry | Nearest drivers in under 50 ms |\n\n## 3. System Details\n\n### 3.1 backend-identity\n\n- Responsibility boundary: owns driver accounts (email, password hash, name). It does not store jobs or driver positions.\n\n### 3.2 backend-dispatch\n\n- Responsibility boundary: owns jobs, driver availability and latest positions. It does not own accounts.\n");
    stowage(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let identity = fs::read_to_string(root.join("docs/storage/backend-identity.md")).unwrap();
    let dispatch = fs::read_to_string(root.join("docs/storage/backend-dispatch.md")).unwrap();
    assert!(!identity.contains("_location"), "{identity}");
    assert!(
        dispatch.contains("| driver_location:{driver_id} | HASH | 90s |"),
        "{dispatch}"
    );
}
