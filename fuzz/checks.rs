//! What each fuzz target does with its bytes, written once: the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) call these, and so does the normal test suite
//! (`tests/fuzz_regressions.rs`) on every saved crasher under
//! `tests/fixtures/fuzz/<target>/`. Each function panics when an invariant
//! breaks; a reader that panics fails the same way.
//!
//! The bytes take the path a user's file takes: `fsutil::decode_text` (UTF-8
//! check, BOM and CRLF normalised), then the reader.

#![allow(dead_code)]

use std::path::{Component, Path};
use std::sync::OnceLock;
use stowage::diag::Diagnostic;
use stowage::document::{self, LoadedDocument};
use stowage::export::{self, dialect};
use stowage::model::Design;

/// What a target does with one input; panics on a broken invariant.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name (the folder names under `fuzz/corpus/` and
/// `tests/fixtures/fuzz/`).
pub const TARGETS: &[(&str, Check)] = &[
    ("requirements", requirements),
    ("architecture", architecture),
    ("contract", contract),
    ("storage_document", storage_document),
    ("answers", answers),
];

/// docs/requirements.md: parse, then the story analysis the proposal engine
/// runs on what was parsed.
pub fn requirements(data: &[u8]) {
    let path = Path::new("docs/requirements.md");
    let Some(text) = decode(data, path) else {
        return;
    };
    let req = stowage::input::requirements::parse(&text, path);
    check_diagnostics(&req.diagnostics, &text);
    let _ = stowage::propose::stories::analyze(&req);
}

/// docs/architecture.md: parse; a contract path a document names never
/// leaves the project.
pub fn architecture(data: &[u8]) {
    let path = Path::new("docs/architecture.md");
    let Some(text) = decode(data, path) else {
        return;
    };
    let arch = stowage::input::architecture::parse(&text, path);
    check_diagnostics(&arch.diagnostics, &text);
    for system in &arch.systems {
        if let Some(p) = &system.contract_path {
            assert!(
                !p.is_absolute()
                    && p.components()
                        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir)),
                "contract path leaves the project: {}",
                p.display()
            );
        }
        let _ = system.contract_path_or_default();
    }
    let _ = arch.backends().count();
}

/// docs/api-contracts/<system>.yaml: parse, and every query the proposal
/// engine asks of a parsed contract.
pub fn contract(data: &[u8]) {
    let path = Path::new("docs/api-contracts/backend-x.yaml");
    let Some(text) = decode(data, path) else {
        return;
    };
    let contract = stowage::input::contract::parse(&text, path);
    check_diagnostics(&contract.diagnostics, &text);
    for schema in &contract.schemas {
        let _ = contract.schema_usage(&schema.name);
        let _ = contract.endpoints_touching(&schema.name);
    }
    for endpoint in &contract.endpoints {
        if let Some(t) = contract.success_response(endpoint) {
            let _ = contract.collection_item(t);
        }
        let _ = stowage::input::contract::sort_values(endpoint);
        let _ = stowage::input::contract::pagination_params(endpoint);
    }
    let _ = contract.list_endpoints();
}

/// docs/storage/<system>.md: the path `document::load` takes, then the
/// writer's promise on whatever was read: writing is idempotent,
/// `write(read(write(read(x)))) == write(read(x))`. Then what `check` and
/// `export` do with such a document (the reader keeps anything; they must
/// not panic on it either).
pub fn storage_document(data: &[u8]) {
    let path = Path::new("docs/storage/backend-x.md");
    let Some(text) = decode(data, path) else {
        return;
    };
    let mut parsed = document::parse_full(&text, path);
    check_diagnostics(&parsed.diagnostics, &text);
    if parsed.design.system.is_empty() {
        parsed.design.system = "backend-x".to_string();
    }

    let once = document::render(&parsed.design);
    let (again, _) = document::parse(&once, path);
    let twice = document::render(&again);
    if once != twice {
        panic!(
            "writing what was read is not idempotent\n{}",
            first_difference(&once, &twice)
        );
    }

    let doc = LoadedDocument {
        path: path.to_path_buf(),
        text,
        design: parsed.design,
        diagnostics: parsed.diagnostics,
        spans: parsed.spans,
    };
    let _ = stowage::check::check_document(&doc, None);
    let design = &doc.design;
    for d in [
        &dialect::Postgres as &dyn export::Dialect,
        &dialect::MySql,
        &dialect::Sqlite,
    ] {
        let _ = export::script(design, d);
        let _ = export::drop_script(design, d);
        let _ = export::tbls::render(design, d);
    }
    let _ = export::mermaid::render(design);
    let _ = export::dbml::render(design);
    let _ = export::stores::redis(design);
    let _ = export::stores::elasticsearch(design);
    let _ = export::stores::mongodb(design);
}

/// `design --answers FILE`: parse (YAML or JSON), then replay every
/// system's answers on a full design, as `design` does on its proposal.
pub fn answers(data: &[u8]) {
    let path = Path::new("answers.yaml");
    let Some(text) = decode(data, path) else {
        return;
    };
    let answers = match stowage::converse::answers::parse(&text, path) {
        Ok(a) => a,
        Err(diags) => {
            check_diagnostics(&diags, &text);
            return;
        }
    };
    for system in answers.systems.keys().take(4) {
        let design = Design {
            system: system.clone(),
            ..base_design().clone()
        };
        match answers.apply(&design) {
            Ok(d) => {
                let _ = document::render(&d);
            }
            Err(diags) => check_diagnostics(&diags, &text),
        }
    }
}

/// A full hand-written storage document, read once.
fn base_design() -> &'static Design {
    static BASE: OnceLock<Design> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../tests/fixtures/export/full.md");
        document::parse(text, Path::new("full.md")).0
    })
}

/// The text `fsutil::read_text` would hand the reader, or `None` when a
/// user's file would be refused (the refusal must still print).
fn decode(data: &[u8], path: &Path) -> Option<String> {
    match stowage::fsutil::decode_text(path, data.to_vec()) {
        Ok(text) => Some(text),
        Err(e) => {
            let _ = e.to_string();
            None
        }
    }
}

/// Readers point at lines of the file they read: a diagnostic's line is 0
/// (unknown) or a line the file has; every diagnostic prints.
fn check_diagnostics(diags: &[Diagnostic], text: &str) {
    let lines = text.split('\n').count();
    for d in diags {
        let _ = d.to_string();
        assert!(
            d.line <= lines,
            "diagnostic on line {} of a {lines}-line file: {d}",
            d.line
        );
    }
}

/// The first differing line of two writes, with a little context.
fn first_difference(a: &str, b: &str) -> String {
    let (al, bl): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = (0..al.len().max(bl.len()))
        .find(|&i| al.get(i) != bl.get(i))
        .unwrap_or(0);
    let from = at.saturating_sub(3);
    let show = |l: &[&str]| l[from.min(l.len())..(at + 4).min(l.len())].join("\n");
    format!(
        "first write, from line {}:\n{}\n--- second write, from line {}:\n{}",
        from + 1,
        show(&al),
        from + 1,
        show(&bl)
    )
}
