//! Query patterns and the indexes they drive (sections 4 and 5 of the
//! storage document), from small inline projects.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn arch(system: &str) -> String {
    format!("# System Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| {system} | Backend | Owns its data | Go + sqlx + PostgreSQL |\n\n## 3. System Details\n\n### 3.1 {system}\n\n- Storage design: docs/storage/{system}.md\n")
}

/// Designs a one-system project and returns the document.
fn design(requirements: &str, system: &str, contract: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", requirements);
    write(root, "docs/architecture.md", &arch(system));
    write(root, &format!("docs/api-contracts/{system}.yaml"), contract);
    Command::cargo_bin("stowage")
        .unwrap()
        .arg("-C")
        .arg(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    fs::read_to_string(root.join(format!("docs/storage/{system}.md"))).unwrap()
}

/// The column lists of the index rows of `table` in section 4.
fn indexes(doc: &str, table: &str) -> Vec<String> {
    let s4 = doc
        .split("## 4.")
        .nth(1)
        .and_then(|s| s.split("## 5.").next())
        .unwrap_or("");
    s4.lines()
        .filter(|l| l.starts_with(&format!("| {table} |")))
        .filter_map(|l| l.split('|').nth(3).map(|c| c.trim().to_string()))
        .collect()
}

fn has_index(doc: &str, table: &str, cols: &str) -> bool {
    indexes(doc, table).iter().any(|c| c == cols)
}

const REQ_PLAIN: &str = "# Project Requirements\n\n## 2. User Stories\n\n### US-001: Things\n- **Role**: As a user\n- **Goal**: I want to list things\n- **Value**: So that I see them\n";

fn list_op(path: &str, params: &str, item: &str, response_description: &str) -> String {
    format!("  {path}:\n    get:\n      parameters: [{params}]\n      responses:\n        '200':\n          description: {response_description}\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {{$ref: '#/components/schemas/{item}'}}\n")
}

/// The order a response description states ("newest issue date first")
/// sorts the list, on the column it names; a tenant-scoped system leads every
/// index with the tenant column; an optional key filter gets its own index.
#[test]
fn list_sorted_by_the_column_the_contract_names_within_the_tenant() {
    let req = "# Project Requirements\n\n## 2. User Stories\n\n### US-001: Invoices\n- **Role**: As a finance clerk\n- **Goal**: I want to list invoices\n- **Value**: So that I follow them\n- **Acceptance Criteria**:\n  - [ ] \"Overdue\" = open and due date in the past; a nightly job marks them overdue.\n\n## 4. Non-Functional Requirements\n\n- **Security**: all data rows carry `tenant_id` and every query filters on it.\n";
    let contract = format!(
        "openapi: 3.0.3\ninfo: {{title: billing, version: '1'}}\npaths:\n{}components:\n  schemas:\n    Customer:\n      type: object\n      required: [id, tenant_id, name]\n      properties:\n        id: {{type: string, format: uuid}}\n        tenant_id: {{type: string, format: uuid}}\n        name: {{type: string, maxLength: 200}}\n    Invoice:\n      type: object\n      required: [id, tenant_id, customer_id, status, issue_date, due_date]\n      properties:\n        id: {{type: string, format: uuid}}\n        tenant_id: {{type: string, format: uuid}}\n        customer_id: {{type: string, format: uuid}}\n        status: {{type: string, enum: [draft, open, paid, overdue]}}\n        issue_date: {{type: string, format: date}}\n        due_date: {{type: string, format: date}}\n        created_at: {{type: string, format: date-time}}\n    InvoiceLine:\n      type: object\n      required: [id, tenant_id, invoice_id]\n      properties:\n        id: {{type: string, format: uuid}}\n        tenant_id: {{type: string, format: uuid}}\n        invoice_id: {{type: string, format: uuid}}\n        amount: {{type: integer}}\n",
        list_op(
            "/api/v1/invoices",
            "{name: status, in: query, schema: {type: string}}, {name: customer_id, in: query, schema: {type: string, format: uuid}}, {name: issued_from, in: query, schema: {type: string, format: date}}",
            "Invoice",
            "invoices, newest issue date first (overdue=true -> oldest due date first)"
        ) + &list_op(
            "/api/v1/invoices/{invoice_id}/lines",
            "{name: invoice_id, in: path, required: true, schema: {type: string, format: uuid}}",
            "InvoiceLine",
            "lines"
        )
    );
    let doc = design(req, "backend-billing", &contract);
    assert!(
        has_index(&doc, "Invoice", "tenant_id, issue_date DESC"),
        "{doc}"
    );
    assert!(
        has_index(&doc, "Invoice", "tenant_id, customer_id, issue_date DESC"),
        "{doc}"
    );
    assert!(
        has_index(&doc, "Invoice", "tenant_id, status, due_date"),
        "{doc}"
    );
    assert!(
        !indexes(&doc, "Invoice")
            .iter()
            .any(|c| c.contains("created_at")),
        "{doc}"
    );
}

/// A parent named by its slug in the path still reads through the foreign
/// key; the default sort value names a column by meaning, and every other
/// sort value gets its index.
#[test]
fn sort_values_of_a_list_become_the_index_sort_column() {
    let contract = format!(
        "openapi: 3.0.3\ninfo: {{title: forum, version: '1'}}\npaths:\n{}{}components:\n  schemas:\n    Category:\n      type: object\n      required: [id, slug]\n      properties:\n        id: {{type: integer, format: int64}}\n        slug: {{type: string, maxLength: 60}}\n    Thread:\n      type: object\n      required: [id, category_id, title]\n      properties:\n        id: {{type: integer, format: int64}}\n        category_id: {{type: integer, format: int64}}\n        title: {{type: string, maxLength: 200}}\n        last_posted_at: {{type: string, format: date-time}}\n        created_at: {{type: string, format: date-time}}\n    Report:\n      type: object\n      required: [id, status]\n      properties:\n        id: {{type: integer, format: int64}}\n        status: {{type: string, enum: [open, resolved]}}\n        created_at: {{type: string, format: date-time}}\n",
        list_op(
            "/api/v1/categories/{slug}/threads",
            "{name: slug, in: path, required: true, schema: {type: string}}, {name: sort, in: query, schema: {type: string, enum: [activity, newest], default: activity}}",
            "Thread",
            "threads"
        ),
        list_op(
            "/api/v1/reports",
            "{name: status, in: query, schema: {type: string, enum: [open, resolved], default: open}}",
            "Report",
            "report queue, oldest first"
        )
    );
    let doc = design(REQ_PLAIN, "backend-forum", &contract);
    assert!(
        has_index(&doc, "Thread", "category_id, last_posted_at DESC"),
        "{doc}"
    );
    assert!(
        has_index(&doc, "Thread", "category_id, created_at DESC"),
        "{doc}"
    );
    // An enum filter with a default is always applied: equality, then the order.
    assert!(has_index(&doc, "Report", "status, created_at"), "{doc}");
}

/// "My appointments" without the caller id as a parameter leads with the
/// owner column; a story's "newest first" gives the order; a `date` range
/// without a stem reads the entity's date column; a retry worker scans by
/// status and its next-attempt time.
#[test]
fn own_rows_date_ranges_and_retry_scans_are_indexed() {
    let req = "# Project Requirements\n\n## 2. User Stories\n\n### US-001: My appointments\n- **Role**: As a patient\n- **Goal**: I want to see all my appointments, newest first\n- **Value**: So that I keep track\n\n### US-002: Schedules\n- **Role**: As a patient\n- **Goal**: I want to see a doctor's schedules for the next 14 days\n- **Value**: So that I pick a slot\n\n### US-003: Notifications\n- **Role**: As a clinic\n- **Goal**: I want failed deliveries retried with exponential backoff; the next attempt time is kept\n- **Value**: So that nothing is lost\n";
    let contract = format!(
        "openapi: 3.0.3\ninfo: {{title: appointments, version: '1'}}\npaths:\n{}{}{}components:\n  schemas:\n    Appointment:\n      type: object\n      required: [id, account_id, status]\n      properties:\n        id: {{type: integer, format: int64}}\n        account_id: {{type: integer, format: int64}}\n        status: {{type: string, enum: [booked, cancelled]}}\n        created_at: {{type: string, format: date-time}}\n    Schedule:\n      type: object\n      required: [id, doctor_id, work_date]\n      properties:\n        id: {{type: integer, format: int64}}\n        doctor_id: {{type: integer, format: int64}}\n        work_date: {{type: string, format: date}}\n        created_at: {{type: string, format: date-time}}\n    Delivery:\n      type: object\n      required: [id, status]\n      properties:\n        id: {{type: integer, format: int64}}\n        status: {{type: string, enum: [pending, delivered, failed]}}\n        next_attempt_at: {{type: string, format: date-time}}\n",
        list_op(
            "/api/v1/appointments",
            "{name: page, in: query, schema: {type: integer}}",
            "Appointment",
            "ok"
        ),
        list_op(
            "/api/v1/doctors/{doctor_id}/schedules",
            "{name: doctor_id, in: path, required: true, schema: {type: integer}}, {name: from, in: query, schema: {type: string, format: date}}, {name: to, in: query, schema: {type: string, format: date}}",
            "Schedule",
            "ok"
        ),
        list_op("/api/v1/deliveries", "", "Delivery", "ok")
    );
    let doc = design(req, "backend-appointment", &contract);
    assert!(
        has_index(&doc, "Appointment", "account_id, created_at DESC"),
        "{doc}"
    );
    assert!(
        indexes(&doc, "Schedule")
            .iter()
            .any(|c| c.starts_with("doctor_id, work_date")),
        "{doc}"
    );
    assert!(
        has_index(&doc, "Delivery", "status, next_attempt_at"),
        "{doc}"
    );
}
