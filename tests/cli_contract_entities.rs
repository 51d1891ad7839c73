//! `stowage design` on small inline projects: which entities and
//! relationships a contract shows (schemas without an `id`, path-only
//! resources, envelopes built with `allOf`, foreign-key types, N:M links).
//! Every written document must also pass its own `stowage check`.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

const REQS: &str = "# Project Requirements\n\n## 1. Background & Goals\n\n- A small service.\n\n## 2. User Stories\n\n### US-001: Use it\n- **Role**: As a member\n- **Goal**: I want to use the service\n- **Value**: So that it is useful\n";

fn arch(system: &str, extra_row: &str, details: &str) -> String {
    format!(
        "# System Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| {system} | Backend | Owns its data | Go + sqlx + PostgreSQL |\n{extra_row}\n## 3. System Details\n\n### 3.1 {system}\n\n- External API: docs/api-contracts/{system}.yaml\n- Storage design: docs/storage/{system}.md\n{details}\n"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn stowage(root: &Path) -> Command {
    let mut c = Command::cargo_bin("stowage").unwrap();
    c.arg("-C").arg(root);
    c
}

/// Designs `system` from `contract` (plus `reqs`/`arch`), checks the written
/// document with `stowage check`, and returns it as JSON.
fn design_with(reqs: &str, architecture: &str, system: &str, contract: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", reqs);
    write(root, "docs/architecture.md", architecture);
    write(root, &format!("docs/api-contracts/{system}.yaml"), contract);
    stowage(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    let check = stowage(root).arg("check").output().unwrap();
    let doc = fs::read_to_string(root.join(format!("docs/storage/{system}.md"))).unwrap();
    assert!(
        check.status.success(),
        "the written document fails its own check:\n{}\n{doc}",
        String::from_utf8_lossy(&check.stdout)
    );
    let out = stowage(root)
        .args(["export", system, "--to", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn design(contract: &str) -> Value {
    design_with(REQS, &arch("backend-x", "", ""), "backend-x", contract)
}

fn entity<'v>(d: &'v Value, name: &str) -> Option<&'v Value> {
    d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
}

fn entity_names(d: &Value) -> Vec<String> {
    d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

fn field<'v>(e: &'v Value, name: &str) -> Option<&'v Value> {
    e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
}

fn fk_target(f: &Value) -> Option<&str> {
    f["constraints"]["foreign_key"]["entity"].as_str()
}

fn head(paths: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: x, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    )
}

const BOOKMARK: &str = "    Bookmark:\n      type: object\n      required: [id, url]\n      properties:\n        id: {type: string, format: uuid}\n        url: {type: string, maxLength: 2048}\n";

const BOOKMARK_PATHS: &str = "  /api/v1/bookmarks:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Bookmark'}\n";

#[test]
fn a_sub_collection_without_id_is_a_stored_child() {
    let paths = format!(
        "{BOOKMARK_PATHS}  /api/v1/bookmarks/{{bookmark_id}}/visits:\n    get:\n      parameters:\n        - {{name: bookmark_id, in: path, required: true, schema: {{type: string, format: uuid}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {{$ref: '#/components/schemas/Visit'}}\n"
    );
    let schemas = format!(
        "{BOOKMARK}    Visit:\n      type: object\n      properties:\n        bookmark_id: {{type: string, format: uuid}}\n        visited_at: {{type: string, format: date-time}}\n"
    );
    let d = design(&head(&paths, &schemas));
    let visit = entity(&d, "Visit").unwrap_or_else(|| panic!("no Visit in {:?}", entity_names(&d)));
    assert!(field(visit, "id").is_some(), "a surrogate key");
    let fk = field(visit, "bookmark_id").unwrap();
    assert_eq!(fk_target(fk), Some("Bookmark"));
    assert_eq!(fk["constraints"]["not_null"], true);
    assert!(field(visit, "visited_at").is_some());
}

#[test]
fn a_view_without_id_is_still_not_an_entity() {
    // `/tags` returning name + count is a view; a search hit carrying
    // another schema's id is a projection.
    let paths = format!(
        "{BOOKMARK_PATHS}  /api/v1/tags:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {{$ref: '#/components/schemas/TagCount'}}\n  /api/v1/search:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {{$ref: '#/components/schemas/Hit'}}\n"
    );
    let schemas = format!(
        "{BOOKMARK}    TagCount:\n      type: object\n      properties:\n        name: {{type: string}}\n        count: {{type: integer}}\n    Hit:\n      type: object\n      properties:\n        bookmark_id: {{type: string, format: uuid}}\n        snippet: {{type: string}}\n"
    );
    let d = design(&head(&paths, &schemas));
    assert_eq!(entity_names(&d), ["Bookmark"]);
}

#[test]
fn a_created_resource_without_id_is_stored() {
    // `POST /bans` with a `Ban` body answered 201: the ban is kept.
    let paths = format!(
        "{BOOKMARK_PATHS}  /api/v1/mod/bans:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Ban'}}\n      responses:\n        '201': {{description: banned}}\n  /api/v1/bookmarks/{{bookmark_id}}/steps:\n    post:\n      parameters:\n        - {{name: bookmark_id, in: path, required: true, schema: {{type: string, format: uuid}}}}\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Step'}}\n      responses:\n        '200':\n          description: the bookmark after the step\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Bookmark'}}\n"
    );
    let schemas = format!(
        "{BOOKMARK}    Ban:\n      type: object\n      required: [reason]\n      properties:\n        bookmark_id: {{type: string, format: uuid}}\n        reason: {{type: string, maxLength: 500}}\n        ends_at: {{type: string, format: date-time, nullable: true}}\n    Step:\n      type: object\n      properties:\n        step: {{type: string}}\n"
    );
    let d = design(&head(&paths, &schemas));
    let ban = entity(&d, "Ban").unwrap_or_else(|| panic!("no Ban in {:?}", entity_names(&d)));
    assert!(field(ban, "reason").is_some());
    // An action that answers with its parent is not a stored thing.
    assert!(entity(&d, "Step").is_none(), "{:?}", entity_names(&d));
}

#[test]
fn a_key_from_a_nested_object_has_the_type_of_the_key_it_references() {
    let paths = "  /api/v1/profiles:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Profile'}\n  /api/v1/threads:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Thread'}\n";
    let schemas = "    Profile:\n      type: object\n      properties:\n        id: {type: integer, format: int64}\n        username: {type: string, maxLength: 20}\n    Thread:\n      type: object\n      properties:\n        id: {type: integer, format: int64}\n        title: {type: string}\n        author: {$ref: '#/components/schemas/Profile'}\n        attachments:\n          type: array\n          items: {$ref: '#/components/schemas/Attachment'}\n    Attachment:\n      type: object\n      properties:\n        id: {type: integer, format: int64}\n        url: {type: string}\n";
    let d = design(&head(paths, schemas));
    let thread = entity(&d, "Thread").unwrap();
    let author = field(thread, "author_id").unwrap();
    assert_eq!(fk_target(author), Some("Profile"));
    assert_eq!(author["ty"]["kind"], "big_int", "{author}");
    let att = entity(&d, "Attachment").unwrap();
    assert_eq!(field(att, "thread_id").unwrap()["ty"]["kind"], "big_int");
}
