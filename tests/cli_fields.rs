//! `stowage design`: field types and constraints on small inline projects.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const ARCH: &str = "# System Architecture\n\n## 1. System Overview\n\n### 1.1 System List\n\n| System | Type | Responsibility | Tech Stack |\n|---|---|---|---|\n| backend-core | Backend | Owns the core data | Go + sqlx |\n\n## 3. System Details\n\n### 3.1 backend-core\n\n- Responsibility boundary: owns the core data.\n- Storage design: docs/storage/backend-core.md\n";

/// Designs a one-system project (requirements, contract) and returns the document.
fn design(requirements: &str, contract: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/requirements.md", requirements);
    write(root, "docs/architecture.md", ARCH);
    write(root, "docs/api-contracts/backend-core.yaml", contract);
    Command::cargo_bin("stowage")
        .unwrap()
        .arg("-C")
        .arg(root)
        .args(["design", "--all", "--yes"])
        .assert()
        .success();
    fs::read_to_string(root.join("docs/storage/backend-core.md")).unwrap()
}

/// The table row of `field` in the section of `entity`.
fn row(doc: &str, entity: &str, field: &str) -> String {
    let section = doc
        .split("\n### ")
        .find(|s| s.contains(&format!(" {entity}\n")))
        .unwrap_or_else(|| panic!("no {entity} section in\n{doc}"));
    section
        .lines()
        .find(|l| l.starts_with(&format!("| {field} |")))
        .unwrap_or_else(|| panic!("no {field} row for {entity} in\n{doc}"))
        .to_string()
}

/// Rows of section 4 (index design).
fn index_rows(doc: &str) -> Vec<String> {
    doc.split("## 4.")
        .nth(1)
        .unwrap_or("")
        .split("\n## ")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(str::to_string)
        .collect()
}

fn has_unique_index(doc: &str, entity: &str, columns: &str) -> bool {
    index_rows(doc).iter().any(|l| {
        l.starts_with(&format!("| {entity} |"))
            && l.contains(&format!("| {columns} |"))
            && l.contains("UNIQUE")
    })
}

const STORY: &str = "# Requirements\n\n## 2. User Stories\n\n### US-001: Keep records\n- **Role**: As an admin\n- **Goal**: I want to keep records\n- **Value**: So that work gets done\n";

fn contract(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: core, version: '1'}}\npaths:\n  /api/v1/things:\n    get:\n      responses:\n        '200':\n          description: ok\ncomponents:\n  schemas:\n{schemas}"
    )
}

#[test]
fn chinese_unique_in_a_description_makes_the_field_unique() {
    let doc = design(
        STORY,
        &contract("    Account:\n      type: object\n      required: [id, phone]\n      properties:\n        id: {type: integer, format: int64}\n        phone: {type: string, description: 手机号，唯一}\n        nickname: {type: string, maxLength: 32, description: 昵称}\n"),
    );
    assert!(row(&doc, "Account", "phone").contains("UNIQUE"), "{doc}");
    assert!(
        !row(&doc, "Account", "nickname").contains("UNIQUE"),
        "{doc}"
    );
}

#[test]
fn unique_within_a_scope_is_a_composite_key_not_a_reference() {
    let doc = design(
        STORY,
        &contract("    Import:\n      type: object\n      required: [id, external_id]\n      properties:\n        id: {type: string, format: uuid}\n        external_id: {type: string, description: unique within the user}\n        title: {type: string, maxLength: 100}\n"),
    );
    let ext = row(&doc, "Import", "external_id");
    assert!(!ext.contains("FK"), "{doc}");
    assert!(!ext.contains("UUID"), "{doc}");
    assert!(!ext.contains("UNIQUE"), "{doc}");
    assert!(
        has_unique_index(&doc, "Import", "user_id, external_id"),
        "{doc}"
    );
}

#[test]
fn unique_per_scope_in_a_story_keys_the_field_with_its_scope() {
    let req = "# Requirements\n\n## 2. User Stories\n\n### US-001: Firmware\n- **Role**: As a fleet admin\n- **Goal**: I want to upload a firmware image with version and device model\n- **Value**: So that devices get fixes\n- **Acceptance Criteria**:\n  - [ ] version is unique per device model; checksum is stored.\n\n### US-002: Profile\n- **Role**: As a member\n- **Goal**: I want a public profile (unique username, display name, bio)\n- **Value**: So that people recognise me\n";
    let doc = design(
        req,
        &contract("    FirmwareImage:\n      type: object\n      required: [id, version, device_model]\n      properties:\n        id: {type: string, format: uuid}\n        version: {type: string, maxLength: 32}\n        device_model: {type: string, maxLength: 32}\n        checksum: {type: string, maxLength: 64}\n    Profile:\n      type: object\n      required: [id, username, display_name]\n      properties:\n        id: {type: string, format: uuid}\n        username: {type: string, maxLength: 20}\n        display_name: {type: string, maxLength: 60}\n        bio: {type: string, maxLength: 500}\n"),
    );
    assert!(
        !row(&doc, "FirmwareImage", "device_model").contains("UNIQUE"),
        "{doc}"
    );
    assert!(
        !row(&doc, "FirmwareImage", "version").contains("UNIQUE"),
        "{doc}"
    );
    assert!(
        has_unique_index(&doc, "FirmwareImage", "device_model, version"),
        "{doc}"
    );
    assert!(row(&doc, "Profile", "username").contains("UNIQUE"), "{doc}");
    assert!(
        !row(&doc, "Profile", "display_name").contains("UNIQUE"),
        "{doc}"
    );
}

#[test]
fn natural_keys_of_a_multi_tenant_system_are_unique_per_tenant() {
    let req = "# Requirements\n\nA multi-tenant invoicing API.\n\n## 2. User Stories\n\n### US-001: Customers\n- **Role**: As a tenant admin\n- **Goal**: I want to keep customers and credit notes\n- **Value**: So that I can bill\n";
    let doc = design(
        req,
        &contract("    Customer:\n      type: object\n      required: [id, tenant_id, email]\n      properties:\n        id: {type: string, format: uuid}\n        tenant_id: {type: string, format: uuid}\n        email: {type: string, format: email}\n    CreditNote:\n      type: object\n      required: [id, number]\n      properties:\n        id: {type: string, format: uuid}\n        number: {type: string, description: 'unique per tenant, e.g. CN-000045'}\n"),
    );
    assert!(!row(&doc, "Customer", "email").contains("UNIQUE"), "{doc}");
    assert!(
        has_unique_index(&doc, "Customer", "tenant_id, email"),
        "{doc}"
    );
    assert!(
        row(&doc, "CreditNote", "tenant_id").contains("NOT NULL"),
        "{doc}"
    );
    assert!(
        !row(&doc, "CreditNote", "number").contains("UNIQUE"),
        "{doc}"
    );
    assert!(
        has_unique_index(&doc, "CreditNote", "tenant_id, number"),
        "{doc}"
    );
}

#[test]
fn an_explicit_string_is_not_retyped_by_its_name() {
    let doc = design(
        STORY,
        &contract("    Refund:\n      type: object\n      required: [id, refund_no]\n      properties:\n        id: {type: string, format: uuid}\n        refund_no: {type: string}\n        wx_transaction_id: {type: string}\n        percentage: {type: number, multipleOf: 0.0001}\n        tax_rate: {type: string, format: decimal, description: 'up to 3 decimals, e.g. 20.000'}\n"),
    );
    assert!(
        row(&doc, "Refund", "refund_no").contains("| TEXT |"),
        "{doc}"
    );
    assert!(
        row(&doc, "Refund", "wx_transaction_id").contains("| VARCHAR(255) |"),
        "{doc}"
    );
    assert!(
        row(&doc, "Refund", "percentage").contains("DECIMAL(14,4)"),
        "{doc}"
    );
    assert!(
        row(&doc, "Refund", "tax_rate").contains("DECIMAL(13,3)"),
        "{doc}"
    );
}

#[test]
fn a_password_only_in_prose_is_not_stored_when_the_contract_signs_in_by_sms() {
    let req = "# Requirements\n\n## 2. User Stories\n\n### US-001: Sign in\n- **Role**: As a patient\n- **Goal**: I want to sign in with my phone and an SMS code\n- **Value**: So that I don't need another password\n";
    let doc = design(
        req,
        "openapi: 3.0.3\ninfo: {title: core, version: '1'}\npaths:\n  /api/v1/auth/sms-login:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                phone: {type: string}\n                code: {type: string}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Account'}\ncomponents:\n  schemas:\n    Account:\n      type: object\n      required: [id, phone]\n      properties:\n        id: {type: string, format: uuid}\n        phone: {type: string, description: unique}\n",
    );
    assert!(!doc.contains("password_hash"), "{doc}");
}

#[test]
fn keys_shown_once_are_hashed_and_signing_secrets_encrypted() {
    let doc = design(
        STORY,
        "openapi: 3.0.3\ninfo: {title: core, version: '1'}\npaths:\n  /api/v1/api-keys:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                name: {type: string, maxLength: 60}\n      responses:\n        '201':\n          description: created; secret shown once\n          content:\n            application/json:\n              schema:\n                allOf:\n                  - $ref: '#/components/schemas/ApiKey'\n                  - type: object\n                    properties:\n                      secret: {type: string}\n  /api/v1/webhook-endpoints:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/WebhookEndpoint'}\n      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/WebhookEndpoint'}\ncomponents:\n  schemas:\n    ApiKey:\n      type: object\n      required: [id, name]\n      properties:\n        id: {type: string, format: uuid}\n        name: {type: string, maxLength: 60}\n        prefix: {type: string, maxLength: 8}\n    WebhookEndpoint:\n      type: object\n      required: [url]\n      properties:\n        id: {type: string, format: uuid}\n        url: {type: string, format: uri}\n        secret: {type: string, readOnly: true, description: signing secret}\n",
    );
    let key = row(&doc, "ApiKey", "key_hash");
    assert!(key.contains("UNIQUE") && key.contains("NOT NULL"), "{doc}");
    assert!(
        row(&doc, "WebhookEndpoint", "secret_encrypted").contains("encrypted"),
        "{doc}"
    );
    assert!(!doc.contains("secret_hash"), "{doc}");
}

#[test]
fn tokens_handed_out_in_an_envelope_or_presented_in_a_path_are_hashed() {
    let doc = design(
        STORY,
        "openapi: 3.0.3\ninfo: {title: core, version: '1'}\npaths:\n  /api/v1/devices:\n    post:\n      responses:\n        '201':\n          description: created; the device token is returned once\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  data:\n                    allOf:\n                      - $ref: '#/components/schemas/Device'\n                      - type: object\n                        properties:\n                          token: {type: string}\n  /api/v1/invitations:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: array\n                items: {$ref: '#/components/schemas/Invitation'}\n  /api/v1/invitations/{token}/accept:\n    post:\n      parameters:\n        - {name: token, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: accepted}\ncomponents:\n  schemas:\n    DeviceInput:\n      type: object\n      required: [serial_number]\n      properties:\n        serial_number: {type: string, maxLength: 32}\n    Device:\n      allOf:\n        - $ref: '#/components/schemas/DeviceInput'\n        - type: object\n          properties:\n            id: {type: string, format: uuid}\n            status: {type: string, maxLength: 16}\n    Invitation:\n      type: object\n      required: [id, email]\n      properties:\n        id: {type: string, format: uuid}\n        email: {type: string, format: email}\n",
    );
    assert!(
        row(&doc, "Device", "token_hash").contains("UNIQUE"),
        "{doc}"
    );
    assert!(
        row(&doc, "Invitation", "token_hash").contains("UNIQUE"),
        "{doc}"
    );
}
