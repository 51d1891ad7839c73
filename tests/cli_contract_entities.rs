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

const FORUM_PATHS: &str = "  /api/v1/threads:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Thread'}\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/NewThread'}\n      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Thread'}\n  /api/v1/threads/{thread_id}/posts:\n    parameters:\n      - {name: thread_id, in: path, required: true, schema: {type: integer, format: int64}}\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Post'}\n  /api/v1/threads/{thread_id}/subscription:\n    parameters:\n      - {name: thread_id, in: path, required: true, schema: {type: integer, format: int64}}\n    put:\n      responses:\n        '204': {description: following}\n    delete:\n      responses:\n        '204': {description: unfollowed}\n  /api/v1/posts/{post_id}/reactions/{kind}:\n    parameters:\n      - {name: post_id, in: path, required: true, schema: {type: integer, format: int64}}\n      - {name: kind, in: path, required: true, schema: {$ref: '#/components/schemas/ReactionKind'}}\n    put:\n      responses:\n        '204': {description: added}\n    delete:\n      responses:\n        '204': {description: removed}\n";

const FORUM_SCHEMAS: &str = "    Tag:\n      type: object\n      properties:\n        name: {type: string, maxLength: 30}\n        color: {type: string}\n    NewThread:\n      type: object\n      required: [title]\n      properties:\n        title: {type: string}\n        tags:\n          type: array\n          items: {type: string}\n    Thread:\n      type: object\n      properties:\n        id: {type: integer, format: int64}\n        title: {type: string}\n        tags:\n          type: array\n          items: {$ref: '#/components/schemas/Tag'}\n    ReactionKind:\n      type: string\n      enum: [thumbs_up, heart]\n    Post:\n      type: object\n      properties:\n        id: {type: integer, format: int64}\n        thread_id: {type: integer, format: int64}\n        body: {type: string}\n";

#[test]
fn a_parent_key_from_path_nesting_is_not_null() {
    let d = design(&head(FORUM_PATHS, FORUM_SCHEMAS));
    let post = entity(&d, "Post").unwrap();
    let fk = field(post, "thread_id").unwrap();
    assert_eq!(fk_target(fk), Some("Thread"));
    assert_eq!(fk["constraints"]["not_null"], true, "{fk}");
    assert_eq!(fk["constraints"]["foreign_key"]["on_delete"], "cascade");
}

#[test]
fn shared_tag_objects_are_a_lookup_with_a_join() {
    let d = design(&head(FORUM_PATHS, FORUM_SCHEMAS));
    let tag = entity(&d, "Tag").unwrap_or_else(|| panic!("{:?}", entity_names(&d)));
    assert!(field(tag, "thread_id").is_none(), "{tag}");
    assert!(field(tag, "color").is_some(), "{tag}");
    let join = entity(&d, "ThreadTag").unwrap_or_else(|| panic!("{:?}", entity_names(&d)));
    assert_eq!(fk_target(field(join, "thread_id").unwrap()), Some("Thread"));
    assert_eq!(fk_target(field(join, "tag_id").unwrap()), Some("Tag"));
    assert!(d["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["cardinality"] == "N:M" && r["via"] == "ThreadTag"));
}

#[test]
fn a_per_member_path_resource_is_a_join_with_a_unique_key() {
    let d = design(&head(FORUM_PATHS, FORUM_SCHEMAS));
    let names = entity_names(&d);
    // The body of a create answered with another schema is its input form.
    assert!(!names.contains(&"NewThread".to_string()), "{names:?}");
    let sub = entity(&d, "ThreadSubscription").unwrap_or_else(|| panic!("{names:?}"));
    assert_eq!(fk_target(field(sub, "thread_id").unwrap()), Some("Thread"));
    assert!(field(sub, "user_id").is_some(), "{sub}");
    let re = entity(&d, "PostReaction").unwrap_or_else(|| panic!("{names:?}"));
    assert_eq!(fk_target(field(re, "post_id").unwrap()), Some("Post"));
    let kind = field(re, "kind").unwrap();
    assert!(kind["constraints"]["check"]
        .as_str()
        .is_some_and(|c| c.contains("thumbs_up")));
    // One per member per kind: a unique index over the three columns.
    let uniques: Vec<Vec<String>> = d["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["table"] == "PostReaction"
                && i["kind"]
                    .as_str()
                    .is_some_and(|k| k.eq_ignore_ascii_case("unique"))
        })
        .map(|i| {
            i["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    assert!(
        uniques.iter().any(|u| u.len() == 3
            && ["post_id", "user_id", "kind"]
                .iter()
                .all(|c| u.iter().any(|x| x == c))),
        "{uniques:?}\n{}",
        d["indexes"]
    );
}

#[test]
fn a_put_of_ids_under_a_resource_is_a_many_to_many_join() {
    let paths = "  /api/v1/vehicles:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Vehicle'}\n  /api/v1/geofences:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Geofence'}\n  /api/v1/geofences/{geofence_id}/vehicles:\n    put:\n      parameters:\n        - {name: geofence_id, in: path, required: true, schema: {type: string, format: uuid}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                vehicle_ids:\n                  type: array\n                  items: {type: string, format: uuid}\n      responses:\n        '204': {description: done}\n";
    let schemas = "    Vehicle:\n      type: object\n      properties:\n        id: {type: string, format: uuid}\n        vin: {type: string}\n    Geofence:\n      type: object\n      properties:\n        id: {type: string, format: uuid}\n        name: {type: string}\n";
    let d = design(&head(paths, schemas));
    let v = entity(&d, "Vehicle").unwrap();
    assert!(field(v, "geofence_id").is_none(), "{v}");
    let j = entity(&d, "GeofenceVehicle").unwrap_or_else(|| panic!("{:?}", entity_names(&d)));
    assert_eq!(
        fk_target(field(j, "geofence_id").unwrap()),
        Some("Geofence")
    );
    assert_eq!(fk_target(field(j, "vehicle_id").unwrap()), Some("Vehicle"));
}

#[test]
fn a_person_id_of_another_systems_data_is_not_the_local_principal() {
    // `tenant` is a role word and billing has its own users, but tenants
    // are stored by backend-tenant: a plain column, no foreign key.
    let tenant_row = "| backend-tenant | Backend | Tenants and their settings | Go |\n";
    let tenant_contract = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /api/v1/tenants:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Tenant'}\ncomponents:\n  schemas:\n    Tenant:\n      type: object\n      properties:\n        id: {type: string, format: uuid}\n        name: {type: string}\n";
    let paths = "  /api/v1/users:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/User'}\n  /api/v1/customers:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Customer'}\n";
    let schemas = "    User:\n      type: object\n      properties:\n        id: {type: string, format: uuid}\n        email: {type: string, format: email}\n    Customer:\n      type: object\n      required: [tenant_id]\n      properties:\n        id: {type: string, format: uuid}\n        tenant_id: {type: string, format: uuid}\n        name: {type: string}\n";
    let d = design_two(
        &arch("backend-billing", tenant_row, ""),
        "backend-billing",
        &head(paths, schemas),
        "backend-tenant",
        tenant_contract,
    );
    let customer = entity(&d, "Customer").unwrap();
    let t = field(customer, "tenant_id").unwrap();
    assert_eq!(fk_target(t), None, "{t}");
}

fn design_two(
    architecture: &str,
    system: &str,
    contract: &str,
    other: &str,
    other_contract: &str,
) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", REQS);
    write(root, "docs/architecture.md", architecture);
    write(root, &format!("docs/api-contracts/{system}.yaml"), contract);
    write(
        root,
        &format!("docs/api-contracts/{other}.yaml"),
        other_contract,
    );
    stowage(root)
        .args(["design", system, "--yes"])
        .assert()
        .success();
    let out = stowage(root)
        .args(["export", system, "--to", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}
