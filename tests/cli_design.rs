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

/// A small two-backend forum: the forum has a contract; the notifier has
/// none and keeps the forum's ids; a stateless worker stores nothing.
fn forum_project(root: &Path) {
    write(root, "docs/requirements.md", "# Requirements\n\n## 2. User Stories\n\n### US-1: Start a thread\n- **Role**: As a member\n- **Goal**: I want to start a thread with a title of 10-150 characters\n- **Value**: So that I can ask questions\n\n### US-2: Reply\n- **Role**: As a member\n- **Goal**: I want to reply to a post in a thread and get a notification when someone replies to mine\n- **Value**: So that I can follow the discussion\n\n### US-4: Attach images
- **Role**: As a member
- **Goal**: I want to upload image attachments to my post and get a notification when a reply arrives
- **Value**: So that I can show problems

### US-3: Limit abuse\n- **Role**: As a moderator\n- **Goal**: I want posting to be rate limited to 10 posts per hour per member\n- **Value**: So that spam stays out\n");
    write(root, "docs/architecture.md", "# Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| backend-forum | Backend | Threads, posts, attachments, hot ranking, rate limiting | Go + PostgreSQL |\n| backend-notify | Backend | Notifications and per-member preferences | Go + PostgreSQL |\n| thumbnailer | worker (no API, stateless) | Resizes images for backend-forum; writes nothing itself | Go |\n\n### 1.2 Key Decisions\n\n| Decision | Options | Choice | Reason |\n|---|---|---|---|\n| Hot ranking | SQL per request; precomputed | Sorted set per thread in the in-memory store, recomputed every 5 minutes | Cheap reads |\n| Attachments | Database; object storage | Existing MinIO bucket | 60 GB/month |
| Rate limiting | In-process; shared counters | Shared counters in the in-memory store, owned by backend-forum | Several replicas |\n\n## 3. System Details\n\n### 3.1 backend-forum\n\n- Owns: threads, posts.\n- External API: docs/api-contracts/backend-forum.yaml\n\n### 3.2 backend-notify\n\n- Owns: notifications (recipient, type, thread, post, read flag), per-member preferences (digest frequency: daily, weekly, never; which member got which digest when). Keeps member, thread and post IDs from backend-forum as plain IDs.\n");
    write(
        root,
        "docs/api-contracts/backend-forum.yaml",
        r#"openapi: 3.0.3
info: {title: forum, version: "1"}
paths:
  /api/v1/threads:
    get:
      parameters:
        - {name: category_id, in: query, schema: {type: string, format: uuid}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thread'}}
  /api/v1/threads/{thread_id}/posts:
    get:
      parameters:
        - {name: thread_id, in: path, required: true, schema: {type: string, format: uuid}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Post'}}
components:
  schemas:
    Thread:
      type: object
      required: [id, title]
      properties:
        id: {type: string, format: uuid}
        category_id: {type: string, format: uuid}
        title: {type: string, maxLength: 150}
    Post:
      type: object
      required: [id, thread_id, body]
      properties:
        id: {type: string, format: uuid}
        thread_id: {type: string, format: uuid}
        body: {type: string}
"#,
    );
}

#[test]
fn a_stateless_worker_gets_no_storage_document() {
    let dir = tempfile::tempdir().unwrap();
    forum_project(dir.path());
    stowage(dir.path())
        .args(["-v", "design", "--all", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("thumbnailer stores nothing"));
    assert!(!dir.path().join("docs/storage/thumbnailer.md").exists());
    assert!(dir.path().join("docs/storage/backend-notify.md").exists());
}

/// Without a contract, the notifier's entities come from its own words:
/// not the forum's threads and posts it keeps as ids, not units of length,
/// and a parenthesised `name: a, b, c` is one field, a clause none.
#[test]
fn a_system_without_a_contract_keeps_to_what_it_owns() {
    let dir = tempfile::tempdir().unwrap();
    forum_project(dir.path());
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let notify = fs::read_to_string(dir.path().join("docs/storage/backend-notify.md")).unwrap();
    for absent in [
        "### 2.1 Thread",
        "### 2.2 Thread",
        "### 2.1 Post",
        "### 2.2 Post",
        "Character",
        "which_member",
        "| weekly |",
    ] {
        assert!(!notify.contains(absent), "{absent:?} in\n{notify}");
    }
    assert!(notify.contains("Notification"), "{notify}");
    assert!(notify.contains("| digest_frequency |"), "{notify}");
    assert!(notify.contains("| thread_id | UUID |"), "{notify}");
    assert!(!notify.contains("PerMember"), "{notify}");
}

/// A decision's words shape its cache (a sorted set per thread), and a
/// decision that names the system owning a need keeps it out of the others.
#[test]
fn decisions_shape_caches_and_say_where_they_live() {
    let dir = tempfile::tempdir().unwrap();
    forum_project(dir.path());
    stowage(dir.path())
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let forum = fs::read_to_string(dir.path().join("docs/storage/backend-forum.md")).unwrap();
    let notify = fs::read_to_string(dir.path().join("docs/storage/backend-notify.md")).unwrap();
    assert!(forum.contains("| ZSET |"), "{forum}");
    assert!(forum.contains("rate_limit:"), "{forum}");
    assert!(!notify.contains("Redis"), "{notify}");
    // The forum's attachments decision gives the notifier no object storage.
    assert!(!notify.contains("S3"), "{notify}");
}

/// A Chinese architecture: "数据库" as the choice keeps search in the
/// database, and "Redis 预扣" gives Redis with a counter key.
#[test]
fn chinese_decisions_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", "# 需求\n\n## 2. 用户故事\n\n### US-1: 搜索医生\n- **角色**: 作为患者\n- **目标**: 我想按姓名搜索医生并查看排班号源\n- **价值**: 以便预约\n\n### US-2: 预约\n- **角色**: 作为患者\n- **目标**: 我想预约一个号源\n- **价值**: 以便就诊\n");
    write(root, "docs/architecture.md", "# 系统架构\n\n## 1. 系统概览\n\n### 1.1 系统列表\n\n| 系统 | 类型 | 职责 | 技术栈 |\n|---|---|---|---|\n| backend-appointment | 后端 | 医生、排班号源、预约订单 | Go + MySQL 8 |\n\n### 1.3 关键架构决策\n\n| 决策 | 选项 | 选择 | 理由 |\n|---|---|---|---|\n| 号源扣减 | 数据库行锁；Redis 预扣 | Redis 预扣库存 + MySQL 最终落库 | 放号时 10,000 QPS |\n| 医生搜索 | Elasticsearch；数据库 LIKE | 数据库 | 只有约 300 个医生 |\n");
    write(
        root,
        "docs/api-contracts/backend-appointment.yaml",
        r#"openapi: 3.0.3
info: {title: appointment, version: "1"}
paths:
  /api/v1/doctors:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Doctor'}}
components:
  schemas:
    Doctor:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string, maxLength: 40}
"#,
    );
    stowage(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let doc = fs::read_to_string(root.join("docs/storage/backend-appointment.md")).unwrap();
    assert!(!doc.contains("Elasticsearch"), "{doc}");
    assert!(doc.contains("| Cache | Redis |"), "{doc}");
    assert!(doc.contains("_count:{id} | STRING |"), "{doc}");
}
